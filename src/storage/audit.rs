//! The audit trail and its seals. Rows are only ever inserted.

use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use super::cells::Cells;
use super::Result;
use super::{from_epoch, to_epoch};
use crate::core::audit::seals::Seal;
use crate::core::audit::{Damaged, Event, Head};
use crate::core::domain::object::{ObjectId, ObjectKind};

pub(super) const COLUMNS: &str = "seq, at, actor, object, action, before, after, prev_hash, hash";

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
    rows.iter()
        .map(|row| from_row(row).map_err(|column| anyhow::anyhow!("unreadable {column}")))
        .collect()
}

/// A page of the chain; a row that cannot be read is handed back as such, for the verifier
/// to name, rather than failing the page.
pub(super) async fn page(
    conn: &mut SqliteConnection,
    after: i64,
    limit: u32,
) -> Result<Vec<std::result::Result<Event, Damaged>>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?");
    let rows = sqlx::query(&sql)
        .bind(after)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            let seq: i64 = row.try_get("seq")?;
            Ok(from_row(row).map_err(|column| Damaged {
                seq,
                column: column.to_string(),
            }))
        })
        .collect()
}

/// Objects with a history, in the order of their text form, after `after`.
pub(super) async fn objects(
    conn: &mut SqliteConnection,
    after: &str,
    limit: u32,
) -> Result<Vec<String>> {
    let rows = sqlx::query_scalar(
        "SELECT DISTINCT object FROM audit_events WHERE object > ? ORDER BY object LIMIT ?",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows)
}

/// The first ticket, task or request (by id) whose row has no event in the trail.
pub(super) async fn first_unaudited(
    conn: &mut SqliteConnection,
    kind: ObjectKind,
) -> Result<Option<ObjectId>> {
    // Each kind's id in the text form the trail names it by.
    let (table, id) = match kind {
        ObjectKind::Ticket => ("tickets", "id"),
        ObjectKind::Task => ("tasks", "'T-' || id"),
        ObjectKind::Approval => ("approvals", "'A-' || id"),
        ObjectKind::Escalation => ("escalations", "'E-' || id"),
        ObjectKind::Digest => ("digest_subscriptions", "'D-' || id"),
        ObjectKind::Member => ("members", "'@' || handle"),
        ObjectKind::Department => ("departments", "'dept:' || key"),
        ObjectKind::Budget => ("budgets", "'budget:' || dept || ':' || period"),
        ObjectKind::Audit => return Ok(None),
    };
    let sql = format!(
        "SELECT {id} FROM {table} WHERE {id} NOT IN (SELECT object FROM audit_events) \
         ORDER BY {id} LIMIT 1"
    );
    let found: Option<String> = sqlx::query_scalar(&sql).fetch_optional(conn).await?;
    found
        .map(|text| ObjectId::parse(&text).map_err(|_| anyhow::anyhow!("bad object id {text}")))
        .transpose()
}

pub(super) async fn seals(conn: &mut SqliteConnection) -> Result<Vec<Seal>> {
    let rows = sqlx::query("SELECT number, seq, hash, at FROM audit_seals ORDER BY number")
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Seal {
                number: r.try_get("number")?,
                head: Head {
                    seq: r.try_get("seq")?,
                    hash: r.try_get("hash")?,
                },
                at: from_epoch(r.try_get("at")?)?,
            })
        })
        .collect()
}

/// The number the next seal takes.
pub(super) async fn next_seal_number(conn: &mut SqliteConnection) -> Result<i64> {
    let max: Option<i64> = sqlx::query_scalar("SELECT max(number) FROM audit_seals")
        .fetch_one(conn)
        .await?;
    Ok(max.unwrap_or(0) + 1)
}

pub(super) async fn insert_seal(conn: &mut SqliteConnection, seal: &Seal) -> Result<()> {
    sqlx::query("INSERT INTO audit_seals (number, seq, hash, at) VALUES (?, ?, ?, ?)")
        .bind(seal.number)
        .bind(seal.head.seq)
        .bind(&seal.head.hash)
        .bind(to_epoch(seal.at))
        .execute(conn)
        .await?;
    Ok(())
}

/// An event, or the first column that cannot be read.
pub(super) fn from_row(row: &impl Cells) -> std::result::Result<Event, &'static str> {
    let text = |column: &'static str| row.cell::<String>(column).map_err(|_| column);
    let at = row
        .cell::<i64>("at")
        .ok()
        .and_then(|secs| from_epoch(secs).ok())
        .ok_or("at")?;
    Ok(Event {
        seq: row.cell("seq").map_err(|_| "seq")?,
        at,
        actor: text("actor")?,
        object: text("object")?,
        action: text("action")?,
        before: text("before")?,
        after: text("after")?,
        prev_hash: text("prev_hash")?,
        hash: text("hash")?,
    })
}
