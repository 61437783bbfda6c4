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

## Pornirea `opsdesk serve`: ce sharduri Discord rulează acest proces.

shards-range-not-range = --shards: `{ $given }` nu este un interval de numere de shard. Dă primul și ultimul shard pe care le rulează acest proces, unite printr-o liniuță, ca `{ $example }`, sau un singur shard, ca `--shards 2`.
shards-range-backwards = --shards { $given }: primul shard ({ $first }) vine după ultimul ({ $last }). Dă întâi numărul mai mic, ca `--shards { $last }-{ $first }`; de exemplu `{ $example }`.
shards-total-zero = --shard-total 0: un bot rulează cel puțin un shard. Dă câte sharduri rulează împreună toate procesele botului, ca `{ $example }`, sau lasă opțiunea deoparte pentru numărul recomandat de Discord.
shards-total-not-number = --shard-total: `{ $given }` nu este un număr de sharduri. Dă un număr întreg de cel puțin 1, ca `{ $example }`, sau lasă opțiunea deoparte pentru numărul recomandat de Discord.
shards-beyond-total = --shards { $given }: nu există shardul { $last } când sunt { $total } sharduri (numerotate de la 0 la { $highest }). Rulează sharduri dintre acestea, ca `--shards 0-{ $highest }`, sau dă un total mai mare, ca `{ $example }`.
