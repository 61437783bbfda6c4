//! The audit trail and its seals. Rows are only ever inserted. The same SQL on both
//! backends.

use super::cells::Cells;
use super::sql::{Conn, Query};
use super::Result;
use super::{from_epoch, to_epoch};
use crate::core::audit::seals::Seal;
use crate::core::audit::{Damaged, Event, Head};
use crate::core::domain::object::{ObjectId, ObjectKind};

pub(super) const COLUMNS: &str = "seq, at, actor, object, action, before, after, prev_hash, hash";

pub(super) async fn head(conn: &mut impl Conn) -> Result<Option<Head>> {
    let q = Query::new("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
    let row = conn.fetch_optional(q).await?;
    row.map(|r| {
        Ok(Head {
            seq: r.cell("seq")?,
            hash: r.cell("hash")?,
        })
    })
    .transpose()
}

/// All events of a command in one statement.
pub(super) async fn append(conn: &mut impl Conn, events: &[Event]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut q = Query::new(format!("INSERT INTO audit_events ({COLUMNS}) "));
    q.push_values(events, |e| {
        [
            e.seq.into(),
            to_epoch(e.at).into(),
            (&e.actor).into(),
            (&e.object).into(),
            (&e.action).into(),
            (&e.before).into(),
            (&e.after).into(),
            (&e.prev_hash).into(),
            (&e.hash).into(),
        ]
    });
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn of_object(conn: &mut impl Conn, object: &ObjectId) -> Result<Vec<Event>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_events WHERE object = $1 ORDER BY seq");
    let rows = conn
        .fetch_all(Query::new(sql).bind(object.to_string()))
        .await?;
    rows.iter()
        .map(|row| from_row(row).map_err(|column| anyhow::anyhow!("unreadable {column}")))
        .collect()
}

/// A page of the chain; a row that cannot be read is handed back as such, for the verifier
/// to name, rather than failing the page.
pub(super) async fn page(
    conn: &mut impl Conn,
    after: i64,
    limit: u32,
) -> Result<Vec<std::result::Result<Event, Damaged>>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2");
    let rows = conn
        .fetch_all(Query::new(sql).bind(after).bind(limit))
        .await?;
    rows.iter()
        .map(|row| {
            let seq: i64 = row.cell("seq")?;
            Ok(from_row(row).map_err(|column| Damaged {
                seq,
                column: column.to_string(),
            }))
        })
        .collect()
}

/// Objects with a history, in the order of their text form, after `after`.
pub(super) async fn objects(conn: &mut impl Conn, after: &str, limit: u32) -> Result<Vec<String>> {
    let q = Query::new(
        "SELECT DISTINCT object FROM audit_events WHERE object > $1 ORDER BY object LIMIT $2",
    )
    .bind(after)
    .bind(limit);
    conn.fetch_all(q)
        .await?
        .iter()
        .map(|row| row.cell("object"))
        .collect()
}

/// The first ticket, task or request (by id) whose row has no event in the trail.
pub(super) async fn first_unaudited(
    conn: &mut impl Conn,
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
        "SELECT {id} AS object FROM {table} WHERE {id} NOT IN (SELECT object FROM audit_events) \
         ORDER BY {id} LIMIT 1"
    );
    let found: Option<String> = match conn.fetch_optional(Query::new(sql)).await? {
        Some(row) => Some(row.cell("object")?),
        None => None,
    };
    found
        .map(|text| ObjectId::parse(&text).map_err(|_| anyhow::anyhow!("bad object id {text}")))
        .transpose()
}

pub(super) async fn seals(conn: &mut impl Conn) -> Result<Vec<Seal>> {
    let q = Query::new("SELECT number, seq, hash, at FROM audit_seals ORDER BY number");
    conn.fetch_all(q)
        .await?
        .iter()
        .map(|r| {
            Ok(Seal {
                number: r.cell("number")?,
                head: Head {
                    seq: r.cell("seq")?,
                    hash: r.cell("hash")?,
                },
                at: from_epoch(r.cell("at")?)?,
            })
        })
        .collect()
}

/// The number the next seal takes.
pub(super) async fn next_seal_number(conn: &mut impl Conn) -> Result<i64> {
    let q = Query::new("SELECT max(number) AS number FROM audit_seals");
    let max: Option<i64> = conn.fetch_one(q).await?.cell("number")?;
    Ok(max.unwrap_or(0) + 1)
}

pub(super) async fn insert_seal(conn: &mut impl Conn, seal: &Seal) -> Result<()> {
    let q = Query::new("INSERT INTO audit_seals (number, seq, hash, at) VALUES ($1, $2, $3, $4)")
        .bind(seal.number)
        .bind(seal.head.seq)
        .bind(&seal.head.hash)
        .bind(to_epoch(seal.at));
    conn.execute(q).await?;
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
