## Sume (`amount:`) și tipuri de aprobare: src/core/domain/money.rs și approval_policy.rs.

money-examples = `4500 EUR`, `4.500,50 lei`, `120 €`, `350 lei`
money-empty = Scrie o sumă, de exemplu { money-examples }.
money-unreadable = Nu înțeleg suma „{ $text }”. Scrie-o, de exemplu, { money-examples }.
money-not-positive = „{ $text }” nu e mai mare decât zero. Scrie o sumă pozitivă, de exemplu { money-examples }.
money-too-many-decimals = „{ $text }” are mai mult de două zecimale. Rotunjește suma, de exemplu { money-examples }.
money-ambiguous-written-en = Scrisă în felul englezesc, „{ $text }” are { $decimals } zecimale, iar sumele au cel mult două; scrisă în felul românesc ar fi { $other }. Scrie-o astfel încât să se citească într-un singur fel: { $forms }.
money-ambiguous-written-ro = Scrisă în felul românesc, „{ $text }” are { $decimals } zecimale, iar sumele au cel mult două; scrisă în felul englezesc ar fi { $other }. Scrie-o astfel încât să se citească într-un singur fel: { $forms }.
money-unknown-currency = Nu cunosc moneda „{ $currency }” din „{ $text }”. Folosește EUR (€), RON (lei) sau USD ($), de exemplu { money-examples }.
money-missing-currency = „{ $text }” nu are monedă: adaugă EUR (€), RON (lei) sau USD ($), de exemplu { money-examples }.
money-too-large = „{ $text }” e prea mare: sumele merg până la 1.000.000.000.000. Verifică cifrele, de exemplu { money-examples }.

policy-unknown-kind = Nu există tipul de aprobare „{ $kind }”. Alege unul dintre: { $kinds }.
policy-amount-missing = O cerere de tip { $kind } are nevoie de o sumă în { $currency }, de exemplu `4500 { $currency }`.
policy-amount-missing-any = O cerere de tip { $kind } are nevoie de o sumă, de exemplu { money-examples }.
policy-amount-not-used = O cerere de tip { $kind } nu are sumă: nu completa suma:.
policy-no-rate = Cererile de tip { $kind } se socotesc în { $expected }, iar pentru { $currency } nu există un curs de schimb (sumele pot fi în { $accepted }). Scrie suma în { $expected }, de exemplu `4500 { $expected }`.
