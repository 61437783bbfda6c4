# Mesajele gramaticii comenzilor (src/core/grammar). Fiecare eroare are un
# mesaj; variantele cu sugestie sau indiciu au id-uri proprii.

grammar-usage = Utilizare: { $usage }

## Numele tipurilor de opțiuni, folosite în `grammar-wrong-type`.

grammar-kind-text = un text
grammar-kind-user = un membru, de exemplu @alice
grammar-kind-number = un număr întreg
grammar-kind-boolean = da sau nu
grammar-kind-choice = una dintre variantele din listă
grammar-kind-id = un identificator, de exemplu IT-4

## Erori

grammar-not-a-command = Comenzile încep cu `/`, de exemplu `/ajutor`.
grammar-empty-command = Scrie numele comenzii imediat după `/`, de exemplu `/ajutor`.
grammar-unknown-command = Nu există comanda `/{ $name }`. Scrie `/ajutor` ca să le vezi pe toate.
grammar-unknown-command-suggestion = Nu există comanda `/{ $name }`. Ai vrut să scrii `/{ $suggestion }`?
grammar-missing-subcommand = `/{ $command }` are nevoie de o subcomandă: { $available }.
grammar-unknown-subcommand = `/{ $command }` nu are subcomanda `{ $name }`. Subcomenzi disponibile: { $available }.
grammar-unknown-subcommand-suggestion = `/{ $command }` nu are subcomanda `{ $name }`. Ai vrut să scrii `{ $suggestion }`?
grammar-unknown-option = Nu există opțiunea `{ $name }`. Opțiuni disponibile: { $available }.
grammar-unknown-option-suggestion = Nu există opțiunea `{ $name }`. Ai vrut să scrii `{ $suggestion }`?
grammar-no-options = Comanda aceasta nu are opțiuni, așa că `{ $name }` nu este permisă.
grammar-repeated-option = Opțiunea `{ $name }` apare de mai multe ori.
grammar-missing-option = Opțiunea `{ $name }` este obligatorie.
grammar-missing-value = Opțiunea `{ $name }` nu are valoare: scrie-o imediat după două puncte, de exemplu `{ $name }:valoare`.
grammar-wrong-type = Opțiunea `{ $name }` așteaptă { $expected ->
        [user] { grammar-kind-user }
        [number] { grammar-kind-number }
        [boolean] { grammar-kind-boolean }
        [choice] { grammar-kind-choice }
        [id] { grammar-kind-id }
       *[text] { grammar-kind-text }
    } — `{ $value }` nu este o valoare potrivită.
grammar-invalid-choice = Opțiunea `{ $name }` acceptă una dintre valorile { $choices } — `{ $value }` nu este printre ele.
grammar-invalid-choice-suggestion = Opțiunea `{ $name }` acceptă una dintre valorile { $choices } — `{ $value }` nu este printre ele. Ai vrut să scrii `{ $suggestion }`?
grammar-too-long = Valoarea opțiunii `{ $name }` este prea lungă: are lungimea { $actual }, iar maximul permis este { $max }.
grammar-too-short = Valoarea opțiunii `{ $name }` este prea scurtă: are lungimea { $actual }, iar minimul cerut este { $min }.
grammar-out-of-range-between = Opțiunea `{ $name }` trebuie să fie între { $min } și { $max }, nu { $value }.
grammar-out-of-range-min = Opțiunea `{ $name }` trebuie să fie cel puțin { $min }, nu { $value }.
grammar-out-of-range-max = Opțiunea `{ $name }` trebuie să fie cel mult { $max }, nu { $value }.
grammar-out-of-range = Valoarea { $value } nu este permisă pentru opțiunea `{ $name }`.
grammar-unbalanced-quote = Ghilimelele deschise aici nu sunt închise.
grammar-single-quote = Opțiunea `{ $name }` este între apostrofuri; doar ghilimelele duble grupează cuvintele: { $name }:"{ $text }".
grammar-unexpected-token = `{ $token }` nu era așteptat aici.
