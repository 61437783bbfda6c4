//! Where cards were posted (the same SQL on both backends).

use super::cells::Cells;
use super::sql::{Conn, Query};
use super::Result;
use crate::core::domain::object::ObjectId;

pub(super) async fn remember(
    conn: &mut impl Conn,
    object: &ObjectId,
    location: &str,
) -> Result<()> {
    let q = Query::new(
        "INSERT INTO card_messages (object, location) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(object.to_string())
    .bind(location);
    conn.execute(q).await?;
    Ok(())
}

pub(super) async fn locations(conn: &mut impl Conn, object: &ObjectId) -> Result<Vec<String>> {
    let q = Query::new("SELECT location FROM card_messages WHERE object = $1 ORDER BY location")
        .bind(object.to_string());
    let rows = conn.fetch_all(q).await?;
    rows.iter().map(|r| r.cell("location")).collect()
}
