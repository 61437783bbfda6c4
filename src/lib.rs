//! opsdesk — a chat-ops bot for back-office teams: tickets with SLA clocks, tasks,
//! approvals, scheduled digests, an audit trail; run from Discord or from a terminal.
//!
//! # Layout
//! - [`core`]: the platform-free heart. [`core::grammar`] reads commands against the
//!   catalogue in `commands/`; [`core::command`] types them; [`core::service`] runs each in
//!   one transaction through the [`core::store`] interface and returns
//!   [`core::outbound::Outbound`] messages; [`core::policy`] decides who may do what;
//!   [`core::domain`] holds ids, tickets and SLA clocks, tasks, approvals, escalations,
//!   digest subscriptions; [`core::time`] the clock, business calendars and what people type for
//!   dates, repeats and digest schedules; [`core::audit`] the hash chain, its seals and the
//!   replay of history that deep verify compares the data with; [`core::jobs`] scheduled
//!   work (reminders, SLA checks, escalations, digests).
//! - [`i18n`]: English and Romanian message catalogues (Fluent).
//! - [`storage`]: the SQLite and PostgreSQL implementations of the store (sqlx), one module
//!   per aggregate serving both;
//!   opening a database once across processes, and the tools behind backup and check.
//! - [`scheduler`]: the runner that executes due jobs.
//! - [`sender`]: delivers the outbox (every message but replies) through a transport.
//! - [`adapters`]: the console (REPL and scenario runner) and Discord.
//! - [`config`]: `opsdesk.toml`, environment overrides, the demo organisation.
//! - [`app`]: wiring it all together for the binary and the tests.
//! - [`bench`]: `opsdesk bench`, the figures of this machine.
//! - [`operator`]: `opsdesk backup` and `opsdesk check`, on an existing database.

pub mod adapters;
pub mod app;
pub mod bench;
pub mod config;
pub mod core;
pub mod i18n;
pub mod operator;
pub mod scheduler;
pub mod sender;
pub mod storage;
