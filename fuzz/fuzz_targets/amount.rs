//! An amount as typed in `/approval request amount:` or `/budget set amount:`, read as an
//! English or a Romanian writer means it, with or without a default currency; an amount read
//! is shown back in both languages' forms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opsdesk::core::domain::money::{format, Currency, Money};
use opsdesk::i18n::Locale;

fuzz_target!(|input: (u8, &str)| {
    let (choice, text) = input;
    let writer = if choice & 1 == 0 {
        Locale::En
    } else {
        Locale::Ro
    };
    let default = (choice & 2 == 0).then(|| Currency::parse("EUR")).flatten();
    if let Ok(money) = Money::parse(text, default, writer) {
        format(money, false);
        format(money, true);
    }
});
