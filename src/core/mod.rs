//! The platform-free core: no serenity, no sqlx. Commands and timers come in, a transaction
//! runs through the [`store::Store`] interface, and neutral [`outbound::Outbound`] messages
//! come out.

pub mod actions;
pub mod audit;
pub mod command;
pub mod domain;
pub mod grammar;
pub mod jobs;
pub mod outbound;
pub mod outbox;
pub mod policy;
pub mod service;
pub mod store;
pub mod threads;
pub mod time;
