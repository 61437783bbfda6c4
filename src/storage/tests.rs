//! Classification of SQLite failures into the core's `StoreError`s, with each code provoked
//! for real where SQLite lets a test do it.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Duration;

use sqlx::{Connection, Executor, SqliteConnection};

use super::*;

/// How `classify` counts this failure: `Some` for the kinds the core treats apart.
fn kind(error: impl Into<anyhow::Error>) -> Option<Kind> {
    match classify(error.into()) {
        StoreError::Conflict(_) => Some(Kind::Conflict),
        StoreError::Unavailable { fault, .. } => Some(Kind::Unavailable(fault)),
        _ => None,
    }
}

async fn connect(path: &Path, busy_timeout: Duration) -> SqliteConnection {
    SqliteConnection::connect_with(
        &connect_options(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(busy_timeout),
    )
    .await
    .unwrap()
}

#[test]
fn result_codes_map_to_what_a_retry_can_and_cannot_mend() {
    use StorageFault::*;
    let cases = [
        (5, Some(Kind::Unavailable(Locked))), // SQLITE_BUSY, after the timeout
        (5 | (3 << 8), Some(Kind::Unavailable(Locked))), // SQLITE_BUSY_TIMEOUT
        (5 | (1 << 8), Some(Kind::Conflict)), // SQLITE_BUSY_RECOVERY
        (5 | (2 << 8), Some(Kind::Conflict)), // SQLITE_BUSY_SNAPSHOT
        (6, Some(Kind::Conflict)),            // SQLITE_LOCKED
        (10, Some(Kind::Unavailable(Io))),    // SQLITE_IOERR
        (10 | (3 << 8), Some(Kind::Unavailable(Io))), // SQLITE_IOERR_WRITE
        (11, Some(Kind::Unavailable(Damaged))), // SQLITE_CORRUPT
        (13, Some(Kind::Unavailable(Full))),  // SQLITE_FULL
        (26, Some(Kind::Unavailable(Damaged))), // SQLITE_NOTADB
        (19 | (8 << 8), None),                // SQLITE_CONSTRAINT_UNIQUE
        (1, None),                            // SQLITE_ERROR
    ];
    for (code, expected) in cases {
        assert_eq!(kind_of(code), expected, "code {code}");
    }
}

#[tokio::test]
async fn a_size_limit_reached_is_full() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = connect(&dir.path().join("x.db"), BUSY_TIMEOUT).await;
    conn.execute("CREATE TABLE t (b BLOB)").await.unwrap();
    conn.execute("PRAGMA max_page_count = 8").await.unwrap();
    let error = sqlx::query("INSERT INTO t VALUES (zeroblob(100000))")
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert_eq!(kind(error), Some(Kind::Unavailable(StorageFault::Full)));
}

#[tokio::test]
async fn a_write_lock_kept_past_the_timeout_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let mut other_program = connect(&path, BUSY_TIMEOUT).await;
    other_program.execute("BEGIN IMMEDIATE").await.unwrap();
    let mut ours = connect(&path, Duration::from_millis(50)).await;
    let error = ours.execute("BEGIN IMMEDIATE").await.unwrap_err();
    assert_eq!(kind(error), Some(Kind::Unavailable(StorageFault::Locked)));
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(
        &path,
        "shopping list: milk, eggs, and a great deal more text\n".repeat(100),
    )
    .unwrap();
    let error = SqliteStore::open(&path).await.unwrap_err();
    assert_eq!(kind(error), Some(Kind::Unavailable(StorageFault::Damaged)));
}

/// Overwrites page `page` (1-based, of `page_size` bytes) of the database file with noise.
fn scribble_over_page(path: &Path, page: u64, page_size: u64) {
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start((page - 1) * page_size)).unwrap();
    file.write_all(&vec![0xA5; page_size as usize]).unwrap();
}

#[tokio::test]
async fn a_damaged_page_is_damaged_and_the_integrity_check_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("opsdesk.db");
    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(
        store.integrity_problems().await.unwrap(),
        Vec::<String>::new()
    );
    let root: i64 = sqlx::query_scalar("SELECT rootpage FROM sqlite_master WHERE name = 'tickets'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let page_size = store.page_size().await.unwrap();
    store.close().await.unwrap();
    scribble_over_page(&path, root as u64, page_size);

    let store = SqliteStore::open_existing(&path).await.unwrap();
    let error = sqlx::query_scalar::<_, Option<String>>("SELECT max(title) FROM tickets")
        .fetch_one(store.pool())
        .await
        .unwrap_err();
    assert_eq!(kind(error), Some(Kind::Unavailable(StorageFault::Damaged)));
    assert!(!store.integrity_problems().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_backup_is_refused_over_an_existing_file_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("opsdesk.db");
    SqliteStore::open(&path)
        .await
        .unwrap()
        .close()
        .await
        .unwrap();
    let target = dir.path().join("taken.db");
    std::fs::write(&target, "keep me").unwrap();
    let store = SqliteStore::open_existing(&path).await.unwrap();
    assert!(store.backup_to(&target).await.is_err());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}
