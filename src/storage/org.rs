//! Departments and members.

use anyhow::Context;
use chrono::NaiveDate;
use chrono_tz::Tz;
use sqlx::SqliteConnection;

use super::cells::Cells;
use super::Result;
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::domain::org::{Department, Member, Role};
use crate::core::store::{MemberFilter, StoreError};
use crate::core::time::business_hours::{BusinessCalendar, WeeklyHours};
use crate::core::time::holidays::PublicHolidays;
use crate::i18n::Locale;

const DEPT_COLUMNS: &str = "key, name, channel, approvals_channel, escalations_channel, locale, \
    timezone, hours, public_holidays, holidays, private";
const MEMBER_COLUMNS: &str = "handle, name, role, dept, timezone, locale, discord_id";

pub(super) async fn department(
    conn: &mut SqliteConnection,
    key: &DeptKey,
) -> Result<Option<Department>> {
    let sql = format!("SELECT {DEPT_COLUMNS} FROM departments WHERE key = ?");
    let row = sqlx::query(&sql)
        .bind(key.as_str())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(dept_from_row).transpose()
}

pub(super) async fn departments(conn: &mut SqliteConnection) -> Result<Vec<Department>> {
    let sql = format!("SELECT {DEPT_COLUMNS} FROM departments ORDER BY key");
    let rows = sqlx::query(&sql).fetch_all(conn).await?;
    rows.iter().map(dept_from_row).collect()
}

pub(super) async fn insert_department(conn: &mut SqliteConnection, d: &Department) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO departments (name, channel, approvals_channel, escalations_channel,
            locale, timezone, hours, public_holidays, holidays, private, key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
    );
    let done = bind_department(done, d)?.execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn update_department(conn: &mut SqliteConnection, d: &Department) -> Result<()> {
    let update = sqlx::query(
        "UPDATE departments SET name = ?, channel = ?, approvals_channel = ?,
            escalations_channel = ?, locale = ?, timezone = ?, hours = ?, public_holidays = ?,
            holidays = ?, private = ?
         WHERE key = ?",
    );
    let done = bind_department(update, d)?.execute(conn).await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("department {}", d.key)).into());
    }
    Ok(())
}

/// Binds a department's columns in the order both statements above name them, key last.
fn bind_department<'q>(
    query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    d: &'q Department,
) -> Result<sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>> {
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

pub(super) fn dept_from_row(row: &impl Cells) -> Result<Department> {
    let key: String = row.cell("key")?;
    let context = || format!("department {key} in the database");
    let tz: Tz = row
        .cell::<String>("timezone")?
        .parse()
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(context)?;
    let hours: WeeklyHours = row.cell::<String>("hours")?.parse().with_context(context)?;
    let holidays: Vec<NaiveDate> =
        serde_json::from_str(&row.cell::<String>("holidays")?).with_context(context)?;
    Ok(Department {
        key: DeptKey::parse(&key)
            .map_err(|_| anyhow::anyhow!("invalid key"))
            .with_context(context)?,
        name: row.cell("name")?,
        channel: row.cell("channel")?,
        approvals_channel: row.cell("approvals_channel")?,
        escalations_channel: row.cell("escalations_channel")?,
        private: row.cell("private")?,
        locale: row
            .cell::<Option<String>>("locale")?
            .as_deref()
            .and_then(Locale::parse),
        calendar: BusinessCalendar::new(tz, hours, holidays).with_public_holidays(
            row.cell::<Option<String>>("public_holidays")?
                .as_deref()
                .and_then(PublicHolidays::parse),
        ),
    })
}

pub(super) async fn member(conn: &mut SqliteConnection, handle: &Handle) -> Result<Option<Member>> {
    let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE handle = ?");
    let row = sqlx::query(&sql)
        .bind(handle.as_str())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(member_from_row).transpose()
}

/// The platform identity is stored in the `discord_id` column: Discord is the one platform.
pub(super) async fn member_by_external_id(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Option<Member>> {
    let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE discord_id = ?");
    let row = sqlx::query(&sql).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(member_from_row).transpose()
}

pub(super) async fn members(
    conn: &mut SqliteConnection,
    filter: &MemberFilter,
) -> Result<Vec<Member>> {
    let rows = match filter {
        MemberFilter::Everyone => {
            let sql = format!("SELECT {MEMBER_COLUMNS} FROM members ORDER BY handle");
            sqlx::query(&sql).fetch_all(conn).await?
        }
        MemberFilter::InDept(dept) => {
            let sql =
                format!("SELECT {MEMBER_COLUMNS} FROM members WHERE dept = ? ORDER BY handle");
            sqlx::query(&sql)
                .bind(dept.as_str())
                .fetch_all(conn)
                .await?
        }
    };
    rows.iter().map(member_from_row).collect()
}

pub(super) async fn insert_member(conn: &mut SqliteConnection, m: &Member) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO members (handle, name, role, dept, timezone, locale, discord_id)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (handle) DO NOTHING",
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

pub(super) async fn update_member(conn: &mut SqliteConnection, m: &Member) -> Result<()> {
    let done = sqlx::query(
        "UPDATE members SET name = ?, role = ?, dept = ?, timezone = ?, locale = ?, discord_id = ?
         WHERE handle = ?",
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

pub(super) fn member_from_row(row: &impl Cells) -> Result<Member> {
    let handle: String = row.cell("handle")?;
    let context = || format!("member {handle} in the database");
    let role: String = row.cell("role")?;
    let tz: Tz = row
        .cell::<String>("timezone")?
        .parse()
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(context)?;
    let dept = row
        .cell::<Option<String>>("dept")?
        .map(|d| DeptKey::parse(&d).map_err(|_| anyhow::anyhow!("invalid department {d}")))
        .transpose()
        .with_context(context)?;
    Ok(Member {
        handle: Handle::parse(&handle)
            .map_err(|_| anyhow::anyhow!("invalid handle"))
            .with_context(context)?,
        name: row.cell("name")?,
        role: Role::parse(&role)
            .with_context(|| format!("unknown role {role}"))
            .with_context(context)?,
        dept,
        tz,
        locale: row
            .cell::<Option<String>>("locale")?
            .as_deref()
            .and_then(Locale::parse),
        external_id: row.cell("discord_id")?,
    })
}
