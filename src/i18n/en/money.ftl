## Amounts (`amount:`) and approval kinds: src/core/domain/money.rs and approval_policy.rs.

money-examples = `4500 EUR`, `4,500.50 EUR`, `€120`, `350 lei`
money-empty = Give an amount, for example { money-examples }.
money-unreadable = I can't read "{ $text }" as an amount. Write it like { money-examples }.
money-not-positive = "{ $text }" is not more than zero. Give a positive amount, for example { money-examples }.
money-too-many-decimals = "{ $text }" has more than two decimals. Round it to cents, for example { money-examples }.
money-ambiguous-written-en = Written the English way, "{ $text }" has { $decimals } decimals, and amounts have at most two; written the Romanian way it would be { $other }. Write it so that it reads one way only: { $forms }.
money-ambiguous-written-ro = Written the Romanian way, "{ $text }" has { $decimals } decimals, and amounts have at most two; written the English way it would be { $other }. Write it so that it reads one way only: { $forms }.
money-unknown-currency = I don't know the currency "{ $currency }" in "{ $text }". Use EUR (€), RON (lei) or USD ($), for example { money-examples }.
money-missing-currency = "{ $text }" needs a currency: EUR (€), RON (lei) or USD ($), for example { money-examples }.
money-too-large = "{ $text }" is too large: amounts go up to 1,000,000,000,000. Check the digits, for example { money-examples }.

policy-unknown-kind = There is no approval kind "{ $kind }". Choose one of: { $kinds }.
policy-amount-missing = A { $kind } request needs an amount in { $currency }, for example `4500 { $currency }`.
policy-amount-missing-any = A { $kind } request needs an amount, for example { money-examples }.
policy-amount-not-used = A { $kind } request has no amount: leave out amount:.
policy-no-rate = { $kind } requests count in { $expected }, and there is no exchange rate for { $currency } (amounts may be in { $accepted }). Write it in { $expected }, for example `4500 { $expected }`.
