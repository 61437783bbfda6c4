//! `opsdesk migrate-db`: an installation with a history moved from its SQLite file to
//! PostgreSQL, and the bot going on there as if nothing had happened. Skipped, saying so,
//! without `OPSDESK_TEST_POSTGRES`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use opsdesk::adapters::console::Console;
use opsdesk::config::Config;
use opsdesk::core::domain::ids::Handle;
use opsdesk::core::store::Mode;
use opsdesk::core::time::AdjustableClock;
use opsdesk::storage::location::Location;
use opsdesk::storage::migrate::{self, MigrateError};

use crate::support::postgres::PgSchema;
use crate::support::{spawn_app, TestApp, MONDAY_10AM};

/// Something of every kind: tickets with comments, a rating and an escalation, a task, a
/// budget and an approved request, a digest subscription, a seal of the audit trail.
const HISTORY: &str = r#"@frank /ticket open dept:it title:"Printer down"
@alice /ticket claim IT-1
@alice /ticket comment id:IT-1 text:"Toner ordered"
@alice /ticket comment id:IT-1 text:"psst" internal:yes
@alice /ticket resolve id:IT-1 resolution:"New toner"
@frank /ticket rate id:IT-1 score:4 comment:"Quick"
@frank /ticket open dept:it title:"Laptop screen cracked"
@frank /escalate ticket:IT-2 reason:"I present to the board at noon"
@bob /task assign user:@alice title:"Patch the VPN server" due:"tomorrow 17:00"
@admin /budget set dept:it period:2026-Q4 amount:"30,000 EUR"
@alice /approval request kind:purchase title:"Laptops" amount:"4,500 EUR" dept:it
@bob /approval approve A-1
@bob /digest subscribe schedule:"fri 16:00"
@admin /audit seal"#;

/// What people see of that history, read the same way on both databases.
const READINGS: &str = "@alice /ticket list
@alice /ticket show IT-1
@alice /ticket show IT-2
@bob /task list
@bob /approval show A-1
@bob /budget show
@maria /escalation list";

/// An app on the demo organisation with [`HISTORY`] behind it, its SQLite file closed.
async fn installation() -> (TestApp, Vec<String>) {
    let mut app = spawn_app(MONDAY_10AM, "admin").await;
    let made = app.run(HISTORY).await;
    assert!(
        !made.iter().any(|l| l.starts_with("[error]")),
        "the history did not go through:\n{}",
        made.join("\n")
    );
    let read = app.run(READINGS).await;
    app.service.close().await.unwrap();
    (app, read)
}

/// A console on the PostgreSQL database at `url`, at the same instant.
async fn console_on(url: &str) -> Console {
    let now: DateTime<Utc> = MONDAY_10AM.parse().unwrap();
    let location = Location::Postgres(url.to_owned());
    let service = opsdesk::app::open(&Config::demo(), &location, now)
        .await
        .expect("the app starts on the copy");
    Console::new(
        service,
        Arc::new(AdjustableClock::frozen(now)),
        Handle::parse("admin").unwrap(),
    )
}

async fn run(console: &mut Console, lines: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines.lines() {
        out.extend(console.line(line).await);
    }
    out
}

/// When the earliest pending job is due, in either database.
async fn next_job(location: Location) -> Option<DateTime<Utc>> {
    let store = location.open().await.unwrap();
    let mut uow = store.begin(Mode::Read).await.unwrap();
    let next = uow.next_job_time().await.unwrap();
    drop(uow);
    store.close().await.unwrap();
    next
}

#[tokio::test]
async fn a_moved_installation_reads_the_same_verifies_and_goes_on_numbering() {
    let Some(schema) = PgSchema::create().await else {
        return;
    };
    let (app, read_before) = installation().await;
    let due_before = next_job(Location::Sqlite(app.db.clone())).await;
    assert!(due_before.is_some(), "the history schedules jobs");

    let moved = migrate::migrate(&app.db, &schema.url()).await.unwrap();
    assert!(moved.chain.is_intact());
    let rows = |table: &str| moved.tables.iter().find(|(t, _)| *t == table).unwrap().1;
    assert_eq!(rows("tickets"), 2);
    assert_eq!(rows("ticket_comments"), 2);
    assert_eq!(rows("ticket_ratings"), 1);
    assert_eq!(rows("audit_seals"), 1);
    assert_eq!(moved.chain.checked, rows("audit_events"));

    assert_eq!(next_job(Location::Postgres(schema.url())).await, due_before);
    let mut console = console_on(&schema.url()).await;
    assert_eq!(run(&mut console, READINGS).await, read_before);
    let verified = run(&mut console, "@admin /audit verify deep:true").await;
    assert!(
        verified.iter().any(|l| l.contains("intact")),
        "{}",
        verified.join("\n")
    );
    // Numbers go on where the file left them: tickets, tasks, requests, comments' ids.
    let next = run(
        &mut console,
        r#"@frank /ticket open dept:it title:"Mouse broken"
@bob /task assign user:@alice title:"Order mice" due:"tomorrow 12:00"
@alice /approval request kind:purchase title:"Mice" amount:"50 EUR" dept:it
@alice /ticket comment id:IT-3 text:"On it""#,
    )
    .await;
    for opened in ["IT-3", "T-2", "A-2"] {
        assert!(
            next.iter()
                .any(|l| l.starts_with("[reply]") && l.contains(opened)),
            "no {opened} in:\n{}",
            next.join("\n")
        );
    }
    assert!(
        !next.iter().any(|l| l.starts_with("[error]")),
        "{}",
        next.join("\n")
    );
}

#[tokio::test]
async fn a_target_holding_opsdesk_data_is_refused_and_left_as_it_was() {
    let Some(schema) = PgSchema::create().await else {
        return;
    };
    let (app, _) = installation().await;
    let first = migrate::migrate(&app.db, &schema.url()).await.unwrap();
    let events = first.chain.checked;
    match migrate::migrate(&app.db, &schema.url()).await {
        Err(MigrateError::TargetNotEmpty { table }) => assert_eq!(table, "departments"),
        other => panic!("a second copy into the same database: {other:?}"),
    }
    let mut console = console_on(&schema.url()).await;
    let verified = run(&mut console, "@admin /audit verify").await;
    assert!(
        verified
            .iter()
            .any(|l| l.contains(&format!("{events} events"))),
        "{}",
        verified.join("\n")
    );
}

#[tokio::test]
async fn a_file_whose_audit_chain_does_not_verify_is_rolled_back_leaving_the_target_empty() {
    let Some(schema) = PgSchema::create().await else {
        return;
    };
    let (app, _) = installation().await;
    let mut file = crate::support::connect(&app.db).await;
    sqlx::query("UPDATE audit_events SET after = '{\"title\":\"Scanner down\"}' WHERE seq = 21")
        .execute(&mut file)
        .await
        .unwrap();
    drop(file);
    match migrate::migrate(&app.db, &schema.url()).await {
        Err(MigrateError::AuditBroken(chain)) => assert!(!chain.is_intact()),
        other => panic!("a tampered trail was moved: {other:?}"),
    }
    let mut target = <sqlx::PgConnection as sqlx::Connection>::connect(&schema.url())
        .await
        .unwrap();
    let tickets: i64 = sqlx::query_scalar("SELECT count(*) FROM tickets")
        .fetch_one(&mut target)
        .await
        .unwrap();
    assert_eq!(tickets, 0, "the rolled-back copy left rows behind");
}

/// The twin schema has the same tables, and one of PostgreSQL's own: none is left behind.
#[tokio::test]
async fn the_copy_takes_every_table_of_the_postgresql_schema_but_its_own() {
    let Some(schema) = PgSchema::create().await else {
        return;
    };
    let store = Location::Postgres(schema.url()).open().await.unwrap();
    store.close().await.unwrap();
    let mut target = <sqlx::PgConnection as sqlx::Connection>::connect(&schema.url())
        .await
        .unwrap();
    let mut tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema()
         AND table_name NOT IN ('_sqlx_migrations', 'write_turn')",
    )
    .fetch_all(&mut target)
    .await
    .unwrap();
    tables.sort();
    let mut copied: Vec<String> = migrate::TABLES.iter().map(|t| t.to_string()).collect();
    copied.sort();
    assert_eq!(copied, tables);
}
