//! Thin adapters around the core: they translate input into core calls and the core's
//! outbound messages into output. They hold no rules.

pub mod console;
pub mod discord;
