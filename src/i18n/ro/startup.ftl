## Pornirea `opsdesk serve`: tokenul botului.

token-unset = DISCORD_TOKEN nu este setată. Pune tokenul botului în această variabilă de mediu; un token de bot are trei părți din litere, cifre, `-` și `_` unite prin două puncte, ca { $example }. Copiază-l din portalul pentru dezvoltatori Discord (aplicația ta → Bot → Reset Token).
token-empty = DISCORD_TOKEN este goală. Pune în ea tokenul botului; un token de bot are trei părți din litere, cifre, `-` și `_` unite prin două puncte, ca { $example }. Copiază-l din portalul pentru dezvoltatori Discord (aplicația ta → Bot → Reset Token).
token-malformed = DISCORD_TOKEN nu conține un token de bot Discord: { $problem }. Un token de bot are trei părți din litere, cifre, `-` și `_` unite prin două puncte, ca { $example }. Copiază-l din nou din portalul pentru dezvoltatori Discord (aplicația ta → Bot → Reset Token).
token-problem-spaces = conține spații, ghilimele sau rânduri noi (dă doar tokenul: fără `Bot ` în față, fără ghilimele)
token-problem-parts = are { $parts ->
        [one] o singură parte
        [few] { $parts } părți
       *[other] { $parts } de părți
    } separate prin puncte în loc de 3
token-problem-empty-part = una dintre părțile lui este goală
token-problem-characters = conține caractere pe care un token nu le are niciodată
token-problem-short = are { $length ->
        [one] un caracter
        [few] { $length } caractere
       *[other] { $length } de caractere
    }, iar tokenurile de bot au în jur de 70
token-refused = Discord a refuzat tokenul din DISCORD_TOKEN: este greșit sau a fost resetat. Copiază-l pe cel actual din portalul pentru dezvoltatori Discord (aplicația ta → Bot → Reset Token).
