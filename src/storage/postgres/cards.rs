//! Where cards were posted.

use sqlx::{PgConnection, Row};

use super::Result;
use crate::core::domain::object::ObjectId;

pub(super) async fn remember(
    conn: &mut PgConnection,
    object: &ObjectId,
    location: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO card_messages (object, location) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(object.to_string())
    .bind(location)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn locations(conn: &mut PgConnection, object: &ObjectId) -> Result<Vec<String>> {
    let rows =
        sqlx::query("SELECT location FROM card_messages WHERE object = $1 ORDER BY location")
            .bind(object.to_string())
            .fetch_all(conn)
            .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}
