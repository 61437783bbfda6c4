//! Departments and members.

use sqlx::PgConnection;

use super::super::org::{dept_from_row, member_from_row};
use super::Result;
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::domain::org::{Department, Member};
use crate::core::store::{MemberFilter, StoreError};
use crate::core::time::holidays::PublicHolidays;
use crate::i18n::Locale;

const DEPT_COLUMNS: &str = "key, name, channel, approvals_channel, escalations_channel, locale, \
    timezone, hours, public_holidays, holidays, private";
const MEMBER_COLUMNS: &str = "handle, name, role, dept, timezone, locale, discord_id";

pub(super) async fn department(
    conn: &mut PgConnection,
    key: &DeptKey,
) -> Result<Option<Department>> {
    let sql = format!("SELECT {DEPT_COLUMNS} FROM departments WHERE key = $1");
    let row = sqlx::query(&sql)
        .bind(key.as_str())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(dept_from_row).transpose()
}

pub(super) async fn departments(conn: &mut PgConnection) -> Result<Vec<Department>> {
    let sql = format!("SELECT {DEPT_COLUMNS} FROM departments ORDER BY key");
    let rows = sqlx::query(&sql).fetch_all(conn).await?;
    rows.iter().map(dept_from_row).collect()
}

pub(super) async fn insert_department(conn: &mut PgConnection, d: &Department) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO departments (name, channel, approvals_channel, escalations_channel,
            locale, timezone, hours, public_holidays, holidays, private, key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (key) DO NOTHING",
    );
    let done = bind_department(done, d)?.execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn update_department(conn: &mut PgConnection, d: &Department) -> Result<()> {
    let update = sqlx::query(
        "UPDATE departments SET name = $1, channel = $2, approvals_channel = $3,
            escalations_channel = $4, locale = $5, timezone = $6, hours = $7, public_holidays = $8,
            holidays = $9, private = $10
         WHERE key = $11",
    );
    let done = bind_department(update, d)?.execute(conn).await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("department {}", d.key)).into());
    }
    Ok(())
}

/// Binds a department's columns in the order both statements above name them, key last.
fn bind_department<'q>(
    query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    d: &'q Department,
) -> Result<sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>> {
    let holidays: Vec<String> = d.calendar.holidays().map(|h| h.to_string()).collect();
    Ok(query
        .bind(&d.name)
        .bind(&d.channel)
        .bind(&d.approvals_channel)
        .bind(&d.escalations_channel)
        .bind(d.locale.map(Locale::code))
        .bind(d.calendar.tz().name())
        .bind(d.calendar.hours().to_string())
        .bind(d.calendar.public_holidays().map(PublicHolidays::code))
        .bind(serde_json::to_string(&holidays)?)
        .bind(d.private)
        .bind(d.key.as_str()))
}

pub(super) async fn member(conn: &mut PgConnection, handle: &Handle) -> Result<Option<Member>> {
    let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE handle = $1");
    let row = sqlx::query(&sql)
        .bind(handle.as_str())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(member_from_row).transpose()
}

/// The platform identity is stored in the `discord_id` column: Discord is the one platform.
pub(super) async fn member_by_external_id(
    conn: &mut PgConnection,
    id: &str,
) -> Result<Option<Member>> {
    let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE discord_id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(member_from_row).transpose()
}

pub(super) async fn members(conn: &mut PgConnection, filter: &MemberFilter) -> Result<Vec<Member>> {
    let rows = match filter {
        MemberFilter::Everyone => {
            let sql = format!("SELECT {MEMBER_COLUMNS} FROM members ORDER BY handle");
            sqlx::query(&sql).fetch_all(conn).await?
        }
        MemberFilter::InDept(dept) => {
            let sql =
                format!("SELECT {MEMBER_COLUMNS} FROM members WHERE dept = $1 ORDER BY handle");
            sqlx::query(&sql)
                .bind(dept.as_str())
                .fetch_all(conn)
                .await?
        }
    };
    rows.iter().map(member_from_row).collect()
}

pub(super) async fn insert_member(conn: &mut PgConnection, m: &Member) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO members (handle, name, role, dept, timezone, locale, discord_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (handle) DO NOTHING",
    )
    .bind(m.handle.as_str())
    .bind(&m.name)
    .bind(m.role.as_str())
    .bind(m.dept.as_ref().map(DeptKey::as_str))
    .bind(m.tz.name())
    .bind(m.locale.map(Locale::code))
    .bind(&m.external_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn update_member(conn: &mut PgConnection, m: &Member) -> Result<()> {
    let done = sqlx::query(
        "UPDATE members SET name = $1, role = $2, dept = $3, timezone = $4, locale = $5, discord_id = $6
         WHERE handle = $7",
    )
    .bind(&m.name)
    .bind(m.role.as_str())
    .bind(m.dept.as_ref().map(DeptKey::as_str))
    .bind(m.tz.name())
    .bind(m.locale.map(Locale::code))
    .bind(&m.external_id)
    .bind(m.handle.as_str())
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("member @{}", m.handle)).into());
    }
    Ok(())
}
