//! Integration tests: one binary (faster to build and link), one module per area.

mod support;

mod audit_tamper;
mod bench_digests;
mod cli;
mod discord;
mod fake_discord_selftest;
mod faults;
mod outbox;
mod restart;
mod scenarios;
mod text_safety;
