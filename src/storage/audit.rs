//! The audit trail. Rows are only ever inserted.

use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use super::Result;
use super::{from_epoch, to_epoch};
use crate::core::audit::{Event, Head};
use crate::core::domain::object::ObjectId;

const COLUMNS: &str = "seq, at, actor, object, action, before, after, prev_hash, hash";

pub(super) async fn head(conn: &mut SqliteConnection) -> Result<Option<Head>> {
    let row = sqlx::query("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        Ok(Head {
            seq: r.try_get("seq")?,
            hash: r.try_get("hash")?,
        })
    })
    .transpose()
}

/// All events of a command in one statement.
pub(super) async fn append(conn: &mut SqliteConnection, events: &[Event]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut q: QueryBuilder<Sqlite> =
        QueryBuilder::new(format!("INSERT INTO audit_events ({COLUMNS}) "));
    q.push_values(events, |mut b, e| {
        b.push_bind(e.seq)
            .push_bind(to_epoch(e.at))
            .push_bind(&e.actor)
            .push_bind(&e.object)
            .push_bind(&e.action)
            .push_bind(&e.before)
            .push_bind(&e.after)
            .push_bind(&e.prev_hash)
            .push_bind(&e.hash);
    });
    q.build().execute(conn).await?;
    Ok(())
}

pub(super) async fn of_object(
    conn: &mut SqliteConnection,
    object: &ObjectId,
) -> Result<Vec<Event>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_events WHERE object = ? ORDER BY seq");
    let rows = sqlx::query(&sql)
        .bind(object.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

pub(super) async fn page(
    conn: &mut SqliteConnection,
    after: i64,
    limit: u32,
) -> Result<Vec<Event>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?");
    let rows = sqlx::query(&sql)
        .bind(after)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

fn from_row(row: &SqliteRow) -> Result<Event> {
    Ok(Event {
        seq: row.try_get("seq")?,
        at: from_epoch(row.try_get("at")?)?,
        actor: row.try_get("actor")?,
        object: row.try_get("object")?,
        action: row.try_get("action")?,
        before: row.try_get("before")?,
        after: row.try_get("after")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}
