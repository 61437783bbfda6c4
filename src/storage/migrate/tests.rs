use super::TABLES;
use crate::storage::SqliteStore;

async fn fresh() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("opsdesk.db"))
        .await
        .unwrap();
    (dir, store)
}

/// A migration that adds a table fails here until the copy takes it too.
#[tokio::test]
async fn the_copy_takes_every_table_of_the_sqlite_schema() {
    let (_dir, store) = fresh().await;
    let mut schema: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    schema.sort();
    let mut copied: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    copied.sort();
    assert_eq!(
        copied, schema,
        "migrate::TABLES and the SQLite migrations disagree"
    );
}

/// Rows are inserted table by table: each table's references must be there before it.
#[tokio::test]
async fn every_table_is_copied_after_the_tables_it_refers_to() {
    let (_dir, store) = fresh().await;
    for (position, table) in TABLES.iter().enumerate() {
        let parents: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)")
                .bind(table)
                .fetch_all(store.pool())
                .await
                .unwrap();
        for parent in parents {
            let before = TABLES[..position].contains(&parent.as_str());
            assert!(
                before,
                "{table} refers to {parent}, which is copied after it"
            );
        }
    }
}
