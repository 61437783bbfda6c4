//! Faults of the storage itself get messages of their own, saying what happened and what
//! helps, and nothing is half-written. (A full disk: `disk_full`.)

use std::io::{Seek, SeekFrom, Write};

use sqlx::{Connection, Executor};

use crate::support::{assert_line, connect, reopen, spawn_app, MONDAY_10AM};

#[tokio::test]
async fn a_database_locked_by_another_program_is_named_and_works_again_once_released() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    let mut other_program = connect(&app.db).await;
    other_program.execute("BEGIN IMMEDIATE").await.unwrap();

    // Waits the store's busy timeout (5 s), then gives up without retrying.
    let out = app.run("/ticket open dept:it title:\"Printer down\"").await;
    assert_line(
        &out,
        "[error]",
        "Could not save: another program is keeping the database locked. Nothing was changed.",
    );

    other_program.execute("ROLLBACK").await.unwrap();
    other_program.close().await.unwrap();
    let out = app.run("/ticket open dept:it title:\"Printer down\"").await;
    assert_line(&out, "[reply]", "Opened IT-1 · Printer down");
}

#[tokio::test]
async fn damaged_pages_are_named_with_what_to_do() {
    let mut app = spawn_app(MONDAY_10AM, "frank").await;
    app.run("/ticket open dept:it title:\"Printer down\"").await;
    let mut conn = connect(&app.db).await;
    let root: i64 = sqlx::query_scalar("SELECT rootpage FROM sqlite_master WHERE name = 'tickets'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let page_size: i64 = sqlx::query_scalar("PRAGMA page_size")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let page_size = page_size as usize;
    conn.close().await.unwrap();
    // Everything into the database file, then noise over the tickets' first page.
    app.service.close().await.unwrap();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(&app.db)
        .unwrap();
    file.seek(SeekFrom::Start((root as u64 - 1) * page_size as u64))
        .unwrap();
    file.write_all(&vec![0xA5; page_size]).unwrap();
    drop(file);

    let mut app = reopen(app, MONDAY_10AM).await;
    let out = app.run("@bob /ticket list").await;
    assert_line(
        &out,
        "[error]",
        "Could not use the database: parts of the database file are damaged. Nothing was changed. Whoever runs opsdesk should stop it, run `opsdesk check`",
    );
}
