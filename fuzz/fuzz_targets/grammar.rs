//! A chat line through the command grammar, then into a typed command; every refusal is
//! rendered in both languages (the excerpt and its marker are cut from the line).
#![no_main]

use libfuzzer_sys::fuzz_target;
use opsdesk::core::command::from_invocation;
use opsdesk::core::grammar::{builtin, parse};
use opsdesk::i18n::{Locale, Msg};

fuzz_target!(|line: &str| {
    let msg: Msg = match parse(builtin(), line) {
        Ok(invocation) => match from_invocation(&invocation) {
            Ok(_) => return,
            Err(invalid) => invalid.msg,
        },
        Err(error) => error.into(),
    };
    msg.render(Locale::En);
    msg.render(Locale::Ro);
});
