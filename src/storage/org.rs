//! Departments and members (the same SQL on both backends).

use anyhow::Context;
use chrono::NaiveDate;
use chrono_tz::Tz;

use super::cells::Cells;
use super::sql::{Conn, Query};
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

pub(super) async fn department(conn: &mut impl Conn, key: &DeptKey) -> Result<Option<Department>> {
    let sql = format!("SELECT {DEPT_COLUMNS} FROM departments WHERE key = $1");
    let row = conn
        .fetch_optional(Query::new(sql).bind(key.as_str()))
        .await?;
    row.as_ref().map(dept_from_row).transpose()
}

pub(super) async fn departments(conn: &mut impl Conn) -> Result<Vec<Department>> {
    let sql = format!("SELECT {DEPT_COLUMNS} FROM departments ORDER BY key");
    let rows = conn.fetch_all(Query::new(sql)).await?;
    rows.iter().map(dept_from_row).collect()
}

pub(super) async fn insert_department(conn: &mut impl Conn, d: &Department) -> Result<bool> {
    let insert = Query::new(
        "INSERT INTO departments (name, channel, approvals_channel, escalations_channel,
            locale, timezone, hours, public_holidays, holidays, private, key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (key) DO NOTHING",
    );
    let done = conn.execute(bind_department(insert, d)?).await?;
    Ok(done == 1)
}

pub(super) async fn update_department(conn: &mut impl Conn, d: &Department) -> Result<()> {
    let update = Query::new(
        "UPDATE departments SET name = $1, channel = $2, approvals_channel = $3,
            escalations_channel = $4, locale = $5, timezone = $6, hours = $7, public_holidays = $8,
            holidays = $9, private = $10
         WHERE key = $11",
    );
    let done = conn.execute(bind_department(update, d)?).await?;
    if done == 0 {
        return Err(StoreError::NotFound(format!("department {}", d.key)).into());
    }
    Ok(())
}

/// Binds a department's columns in the order both statements above name them, key last.
fn bind_department<'q>(query: Query<'q>, d: &'q Department) -> Result<Query<'q>> {
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

pub(super) async fn member(conn: &mut impl Conn, handle: &Handle) -> Result<Option<Member>> {
    let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE handle = $1");
    let row = conn
        .fetch_optional(Query::new(sql).bind(handle.as_str()))
        .await?;
    row.as_ref().map(member_from_row).transpose()
}

/// The platform identity is stored in the `discord_id` column: Discord is the one platform.
pub(super) async fn member_by_external_id(
    conn: &mut impl Conn,
    id: &str,
) -> Result<Option<Member>> {
    let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE discord_id = $1");
    let row = conn.fetch_optional(Query::new(sql).bind(id)).await?;
    row.as_ref().map(member_from_row).transpose()
}

pub(super) async fn members(conn: &mut impl Conn, filter: &MemberFilter) -> Result<Vec<Member>> {
    let rows = match filter {
        MemberFilter::Everyone => {
            let sql = format!("SELECT {MEMBER_COLUMNS} FROM members ORDER BY handle");
            conn.fetch_all(Query::new(sql)).await?
        }
        MemberFilter::InDept(dept) => {
            let sql =
                format!("SELECT {MEMBER_COLUMNS} FROM members WHERE dept = $1 ORDER BY handle");
            conn.fetch_all(Query::new(sql).bind(dept.as_str())).await?
        }
    };
    rows.iter().map(member_from_row).collect()
}

pub(super) async fn insert_member(conn: &mut impl Conn, m: &Member) -> Result<bool> {
    let q = Query::new(
        "INSERT INTO members (handle, name, role, dept, timezone, locale, discord_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (handle) DO NOTHING",
    )
    .bind(m.handle.as_str())
    .bind(&m.name)
    .bind(m.role.as_str())
    .bind(m.dept.as_ref().map(DeptKey::as_str))
    .bind(m.tz.name())
    .bind(m.locale.map(Locale::code))
    .bind(&m.external_id);
    let done = conn.execute(q).await?;
    Ok(done == 1)
}

pub(super) async fn update_member(conn: &mut impl Conn, m: &Member) -> Result<()> {
    let q = Query::new(
        "UPDATE members SET name = $1, role = $2, dept = $3, timezone = $4, locale = $5,
            discord_id = $6
         WHERE handle = $7",
    )
    .bind(&m.name)
    .bind(m.role.as_str())
    .bind(m.dept.as_ref().map(DeptKey::as_str))
    .bind(m.tz.name())
    .bind(m.locale.map(Locale::code))
    .bind(&m.external_id)
    .bind(m.handle.as_str());
    let done = conn.execute(q).await?;
    if done == 0 {
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
