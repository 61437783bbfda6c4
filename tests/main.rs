//! Integration tests: one binary (faster to build and link), one module per area.

mod support;

mod amounts;
mod audit_deep;
mod audit_seals;
mod audit_tamper;
mod backup_check;
mod bad_input_corpus;
mod bad_lines;
mod bench_digests;
mod budgets;
mod business_hours;
mod cli;
mod config_drift;
mod crash;
mod discord;
mod disk_full;
mod examples;
mod exports;
mod fake_discord_selftest;
mod faults;
mod legacy_approvals;
mod load_discord;
mod long_lists;
mod outbox;
mod replay;
mod replayed_refusals;
mod restart;
mod scenarios;
mod segregation;
mod startup;
mod storage_faults;
mod store_contract;
mod text_safety;
mod ticket_machine;
