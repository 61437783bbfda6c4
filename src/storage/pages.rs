//! Pages of digest lists, on both backends: the first rows of a list and how many there are
//! in all, in one statement (a window over the whole result: a statement costs more than the
//! few rows a digest's lists have).

use super::cells::Cells;
use super::sql::{Conn, Query};
use super::Result;
use crate::core::store::Page;

/// The start of a page's query: `SELECT <columns>`, how many rows match in all,
/// `FROM <table> WHERE `; `prefix` goes first (`EXPLAIN QUERY PLAN` in the tests).
pub(super) fn select<'a>(prefix: &str, columns: &str, table: &str) -> Query<'a> {
    Query::new(format!(
        "{prefix}SELECT {columns}, COUNT(*) OVER () AS page_total FROM {table} WHERE "
    ))
}

/// The end of a page's query: its order and limit.
pub(super) fn order(q: &mut Query<'_>, order: &str, limit: u32) {
    q.push(format!(" ORDER BY {order} LIMIT ")).push_bind(limit);
}

/// One page from its query (see [`select`]).
pub(super) async fn fetch<C: Conn, T>(
    conn: &mut C,
    query: Query<'_>,
    from_row: fn(&C::Row) -> Result<T>,
) -> Result<Page<T>> {
    let rows = conn.fetch_all(query).await?;
    let total = match rows.first() {
        Some(row) => u64::try_from(row.cell::<i64>("page_total")?)?,
        None => 0,
    };
    Ok(Page {
        total,
        items: rows.iter().map(from_row).collect::<Result<_>>()?,
    })
}
