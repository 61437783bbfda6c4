//! Configuration: `opsdesk.toml` plus environment overrides, or the built-in demo
//! organisation when there is no file.
//!
//! ```toml
//! [organisation]
//! name = "Acme"
//! locale = "ro"                    # default language: en | ro
//! timezone = "Europe/Bucharest"    # default time zone (IANA)
//! public_holidays = "ro"           # Romania's, computed for any year (Easter cycle included)
//! holidays = ["2026-12-24"]        # closed days added for every department
//! config_owns = true               # at start, apply the file's department changes (false: warn)
//!
//! [database]
//! path = "opsdesk.db"
//!
//! [sla.urgent]                     # also high, normal, low; `d` = working days
//! first_response = "30m"
//! resolution = "4h"
//!
//! [[department]]
//! key = "it"
//! name = "IT"
//! channel = "it-support"           # default: the key
//! approvals_channel = "it-approvals" # approval cards; default: the channel
//! escalations_channel = "it-escalations" # escalation cards; default: the channel
//! timezone = "Europe/Bucharest"    # default: the organisation's
//! hours = "mon-fri 09:00-17:00"    # default: that
//! holidays = ["2026-12-24"]        # added to the organisation's
//! locale = "en"                    # language of channel notices; default: the organisation's
//! private = true                   # tickets' threads are private (e.g. HR); default: false
//!
//! [[member]]
//! handle = "alice"
//! name = "Alice Pop"
//! role = "agent"                   # requester | agent | manager | director | admin
//! department = "it"
//! timezone = "Europe/Bucharest"    # default: the organisation's
//! locale = "en"                    # default: the organisation's
//! discord_id = "123456789012345678"
//!
//! [tasks]
//! remind_before = ["1d", "1h"]     # reminders before a task is due (d = working days)
//!
//! [budgets]
//! over_budget = "add_director"     # add_director | refuse | allow
//! accountant = "manager:acc"       # sets budgets, hears every department's alerts
//!
//! [audit]
//! channel = "audit"                # where seals of the trail are posted
//! seal_at = "18:00"                # the daily seal, in the organisation's time zone
//!
//! [discord]
//! guild_id = "123456789012345678"  # register commands here; global when absent
//! channels = { it = "223456789012345678" }  # dept → channel id, when names differ
//! [[discord.role]]                 # enrol people with this Discord role as…
//! role_id = "323456789012345678"
//! role = "manager"
//! department = "it"
//! ```
//!
//! The command line (and its environment variables, see `main.rs`) chooses the file and may
//! override the database path and the organisation's language and time zone: flags win over
//! the environment, which wins over the file.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Deserialize;

use crate::adapters::discord::shards::ShardRequest;
use crate::core::audit::seals::SealSettings;
use crate::core::domain::approval_policy::{ApprovalPolicies, Approver};
use crate::core::domain::budget::BudgetPolicy;
use crate::core::domain::escalation_policy::{
    parse_who, EscalationPolicy, Level, SourceAction, WHO_FORMS,
};
use crate::core::domain::ids::{DeptKey, Handle};
use crate::core::domain::org::{Department, Member, Role};
use crate::core::domain::sla::SlaPolicy;
use crate::core::service::{RoleMapping, Settings};
use crate::core::time::business_hours::{BusinessCalendar, WeeklyHours};
use crate::core::time::holidays::PublicHolidays;
use crate::core::time::span::{parse_wall_duration, Span};
use crate::i18n::Locale;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub organisation: Organisation,
    #[serde(default)]
    pub database: Database,
    #[serde(default)]
    pub sla: SlaPolicy,
    #[serde(default, rename = "department")]
    pub departments: Vec<DepartmentConfig>,
    #[serde(default, rename = "member")]
    pub members: Vec<MemberConfig>,
    #[serde(default)]
    pub discord: DiscordConfig,
    #[serde(default)]
    pub tasks: TasksConfig,
    #[serde(default)]
    pub approvals: ApprovalPolicies,
    #[serde(default)]
    pub escalations: EscalationsConfig,
    #[serde(default)]
    pub audit: AuditConfig,
    #[serde(default)]
    pub budgets: BudgetPolicy,
    /// The file's text, kept to name the line of a mistake found after reading it.
    #[serde(skip)]
    source: Option<String>,
}

/// `[escalations]`: the ladder (see `core::domain::escalation_policy` for the format).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationsConfig {
    #[serde(default = "EscalationsConfig::default_repeat")]
    pub repeat: u32,
    #[serde(default = "EscalationsConfig::default_overdue")]
    pub task_overdue_after: Span,
    #[serde(default)]
    pub sla_breach: SourceAction,
    #[serde(default)]
    pub task_overdue: SourceAction,
    #[serde(default = "EscalationsConfig::default_levels", rename = "level")]
    pub levels: Vec<LevelConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelConfig {
    /// Kept with its place in the file, to name the line of a holder that does not exist.
    pub who: toml::Spanned<Holders>,
    pub timeout: Span,
    pub urgent_timeout: WallTime,
}

/// One holder form or a list of them, each read by `escalation_policy::parse_who`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holders(pub Vec<Approver>);

impl<'de> Deserialize<'de> for Holders {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        let forms = match OneOrMany::deserialize(d)? {
            OneOrMany::One(form) => vec![form],
            OneOrMany::Many(forms) => forms,
        };
        if forms.is_empty() {
            return Err(serde::de::Error::custom(format!(
                "a level needs someone: write {WHO_FORMS}"
            )));
        }
        forms
            .iter()
            .map(|form| {
                parse_who(form).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown holder `{form}`; write {WHO_FORMS}"))
                })
            })
            .collect::<Result<_, _>>()
            .map(Holders)
    }
}

/// A wall-clock duration written like `30m`, `1h` or `1h30m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WallTime(pub chrono::Duration);

impl<'de> Deserialize<'de> for WallTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_wall_duration(&text).map(WallTime).map_err(|_| {
            serde::de::Error::custom(format!(
                "`{text}` is not a duration: write e.g. 30m, 1h or 1h30m"
            ))
        })
    }
}

impl EscalationsConfig {
    fn default_repeat() -> u32 {
        EscalationPolicy::default().repeat
    }

    fn default_overdue() -> Span {
        EscalationPolicy::default().task_overdue_after
    }

    fn default_levels() -> Vec<LevelConfig> {
        EscalationPolicy::default()
            .levels
            .into_iter()
            .map(|level| LevelConfig {
                who: toml::Spanned::new(0..0, Holders(level.who)),
                timeout: level.timeout,
                urgent_timeout: WallTime(level.urgent_timeout),
            })
            .collect()
    }

    /// The ladder as the core uses it.
    pub fn policy(&self) -> EscalationPolicy {
        EscalationPolicy {
            levels: self
                .levels
                .iter()
                .map(|level| Level {
                    who: level.who.get_ref().0.clone(),
                    timeout: level.timeout,
                    urgent_timeout: level.urgent_timeout.0,
                })
                .collect(),
            repeat: self.repeat,
            task_overdue_after: self.task_overdue_after,
            sla_breach: self.sla_breach,
            task_overdue: self.task_overdue,
        }
    }
}

impl Default for EscalationsConfig {
    fn default() -> Self {
        EscalationsConfig {
            repeat: Self::default_repeat(),
            task_overdue_after: Self::default_overdue(),
            sla_breach: SourceAction::default(),
            task_overdue: SourceAction::default(),
            levels: Self::default_levels(),
        }
    }
}

/// `[audit]`: where the trail's seals are posted and when the daily one is made.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    #[serde(default = "AuditConfig::default_channel")]
    pub channel: String,
    #[serde(default = "AuditConfig::default_seal_at")]
    pub seal_at: ClockTime,
}

/// A time of day written `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockTime(pub chrono::NaiveTime);

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
            .map(ClockTime)
            .map_err(|_| {
                serde::de::Error::custom(format!("`{text}` is not a time of day: write e.g. 18:00"))
            })
    }
}

impl AuditConfig {
    fn default_channel() -> String {
        SealSettings::default().channel
    }

    fn default_seal_at() -> ClockTime {
        ClockTime(SealSettings::default().daily_at)
    }

    fn settings(&self) -> SealSettings {
        SealSettings {
            channel: self.channel.clone(),
            daily_at: self.seal_at.0,
        }
    }
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            channel: Self::default_channel(),
            seal_at: Self::default_seal_at(),
        }
    }
}

/// `[tasks]`: reminders before a task is due.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TasksConfig {
    /// e.g. `["1d", "1h"]`: a working day and an hour before; only those still ahead are sent.
    #[serde(default = "TasksConfig::default_reminders")]
    pub remind_before: Vec<Span>,
}

impl TasksConfig {
    fn default_reminders() -> Vec<Span> {
        vec![Span::WorkingDays(1), Span::Minutes(60)]
    }
}

impl Default for TasksConfig {
    fn default() -> Self {
        TasksConfig {
            remind_before: Self::default_reminders(),
        }
    }
}

/// `[discord]`: where the bot lives. The token is never here: it comes from `DISCORD_TOKEN`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordConfig {
    /// Register commands in this guild (instant); without it they are global (slow to appear).
    pub guild_id: Option<String>,
    /// Department key → channel id, for channels whose name differs from the department's
    /// `channel`; the others are found by name in the guild at start.
    #[serde(default)]
    pub channels: std::collections::BTreeMap<String, String>,
    /// Discord roles that enrol unknown users with an opsdesk role.
    #[serde(default, rename = "role")]
    pub roles: Vec<DiscordRoleConfig>,
    /// Read what people write in tickets' threads: the requester's and staff's messages
    /// become the ticket's comments. Needs the privileged message-content intent, enabled
    /// for the bot in Discord's developer portal.
    #[serde(default)]
    pub read_threads: bool,
    /// TEST ONLY: the REST base URL of a fake Discord (`http://127.0.0.1:PORT`); also given
    /// by `serve --discord-api`. Disables serenity's rate limiter, which ignores proxies.
    pub api_base: Option<String>,
    /// The shards this process runs: given by `serve --shards`/`--shard-total`, never by the
    /// file, since each process of one bot runs different ones.
    #[serde(skip)]
    pub shards: ShardRequest,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordRoleConfig {
    pub role_id: String,
    pub role: Role,
    pub department: Option<String>,
}

impl DiscordConfig {
    fn role_mappings(&self) -> Vec<RoleMapping> {
        self.roles
            .iter()
            .map(|r| RoleMapping {
                external_role: r.role_id.clone(),
                role: r.role,
                dept: r.department.as_deref().and_then(|d| DeptKey::parse(d).ok()),
            })
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    #[serde(default = "default_name")]
    pub name: String,
    #[serde(default = "default_locale")]
    pub locale: Locale,
    #[serde(default = "default_tz")]
    pub timezone: Tz,
    /// A country whose public holidays close every department, computed for any year.
    pub public_holidays: Option<PublicHolidays>,
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    /// Whether the file's departments win over changes made in chat (`/dept set`): at start
    /// the differences are applied (true, the default) or only warned about (false).
    #[serde(default = "default_config_owns")]
    pub config_owns: bool,
}

fn default_config_owns() -> bool {
    true
}

impl Default for Organisation {
    fn default() -> Self {
        Organisation {
            name: default_name(),
            locale: default_locale(),
            timezone: default_tz(),
            public_holidays: None,
            holidays: Vec::new(),
            config_owns: default_config_owns(),
        }
    }
}

fn default_name() -> String {
    "opsdesk".into()
}
fn default_locale() -> Locale {
    Locale::En
}
fn default_tz() -> Tz {
    chrono_tz::Europe::Bucharest
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub path: Option<PathBuf>,
    /// A `postgres://` URL: the installation runs on PostgreSQL (see README).
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentConfig {
    pub key: String,
    pub name: String,
    pub channel: Option<String>,
    pub approvals_channel: Option<String>,
    pub escalations_channel: Option<String>,
    pub timezone: Option<Tz>,
    pub hours: Option<WeeklyHours>,
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    pub locale: Option<Locale>,
    /// Its tickets' threads are private (Discord private threads): only the requester, the
    /// assignee and whoever they add see them.
    #[serde(default)]
    pub private: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberConfig {
    pub handle: String,
    pub name: Option<String>,
    pub role: Role,
    pub department: Option<String>,
    pub timezone: Option<Tz>,
    pub locale: Option<Locale>,
    pub discord_id: Option<String>,
}

/// The organisation a newcomer gets with no configuration file.
const DEMO: &str = include_str!("demo.toml");

impl Config {
    pub fn demo() -> Config {
        toml::from_str(DEMO).expect("the built-in demo configuration is valid")
    }

    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> anyhow::Result<Config> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut config: Config =
            toml::from_str(&text).with_context(|| format!("in {}", path.display()))?;
        config.source = Some(text);
        config
            .organisation_records()
            .with_context(|| format!("in {}", path.display()))?;
        Ok(config)
    }

    /// The file named by `path` (the `--config` flag or `OPSDESK_CONFIG`), else
    /// `opsdesk.toml` if present, else the demo organisation.
    pub fn resolve(path: Option<&Path>) -> anyhow::Result<Config> {
        match path {
            Some(path) => Config::load(path),
            None if Path::new("opsdesk.toml").exists() => Config::load(Path::new("opsdesk.toml")),
            None => Ok(Config::demo()),
        }
    }

    /// `line N: ` for a place in the file, when the configuration came from one.
    fn line_of(&self, span: std::ops::Range<usize>) -> String {
        match &self.source {
            Some(text) if span.start > 0 && span.start <= text.len() => {
                format!("line {}: ", text[..span.start].matches('\n').count() + 1)
            }
            _ => String::new(),
        }
    }

    pub fn settings(&self) -> Settings {
        Settings {
            default_locale: self.organisation.locale,
            default_tz: self.organisation.timezone,
            public_holidays: self.organisation.public_holidays,
            holidays: self.organisation.holidays.clone(),
            sla: self.sla,
            role_mappings: self.discord.role_mappings(),
            task_reminders: self.tasks.remind_before.clone(),
            approvals: self.approvals.clone(),
            escalations: self.escalations.policy(),
            seals: self.audit.settings(),
            budgets: self.budgets.clone(),
        }
    }

    /// A member's Discord user id is a number (Discord's snowflake) that no other member has:
    /// two members on one account would each act as the other. (`load` names the file.)
    fn check_discord_id<'a>(
        handle: &'a str,
        id: &'a str,
        seen: &mut HashMap<&'a str, &'a str>,
    ) -> anyhow::Result<()> {
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
            bail!(
                "member `{handle}`: discord_id = \"{id}\" is not a Discord user id; \
                 write the number Discord shows (Developer Mode, Copy User ID), e.g. \"123456789012345678\""
            );
        }
        if let Some(first) = seen.insert(id, handle) {
            bail!(
                "members `{first}` and `{handle}` have the same discord_id \"{id}\"; \
                 each Discord account may belong to one member only"
            );
        }
        Ok(())
    }

    /// The departments and members as domain records, checked for consistency.
    pub fn organisation_records(&self) -> anyhow::Result<(Vec<Department>, Vec<Member>)> {
        let org = &self.organisation;
        let mut keys = HashSet::new();
        let mut departments = Vec::new();
        for d in &self.departments {
            let key = DeptKey::parse(&d.key).map_err(|_| {
                anyhow::anyhow!("department key `{}`: use 2–10 lowercase letters or digits, starting with a letter", d.key)
            })?;
            if !keys.insert(key.clone()) {
                bail!("department `{key}` is defined twice");
            }
            let holidays = org.holidays.iter().chain(&d.holidays).copied();
            departments.push(Department {
                channel: d.channel.clone().unwrap_or_else(|| key.to_string()),
                approvals_channel: d.approvals_channel.clone(),
                escalations_channel: d.escalations_channel.clone(),
                private: d.private,
                key,
                name: d.name.clone(),
                locale: d.locale,
                calendar: BusinessCalendar::new(
                    d.timezone.unwrap_or(org.timezone),
                    d.hours.clone().unwrap_or_else(WeeklyHours::office),
                    holidays,
                )
                .with_public_holidays(org.public_holidays),
            });
        }
        let mut handles = HashSet::new();
        let mut discord_ids: HashMap<&str, &str> = HashMap::new();
        let mut members = Vec::new();
        for m in &self.members {
            let handle = Handle::parse(&m.handle).map_err(|_| {
                anyhow::anyhow!(
                    "member handle `{}`: use lowercase letters, digits, `.`, `_`, `-`",
                    m.handle
                )
            })?;
            if !handles.insert(handle.clone()) {
                bail!("member `{handle}` is defined twice");
            }
            if let Some(id) = m.discord_id.as_deref() {
                Self::check_discord_id(&m.handle, id, &mut discord_ids)?;
            }
            let dept = match &m.department {
                Some(d) => {
                    let key = DeptKey::parse(d)
                        .map_err(|_| anyhow::anyhow!("member `{handle}`: bad department `{d}`"))?;
                    if !keys.contains(&key) {
                        bail!("member `{handle}`: department `{key}` is not defined");
                    }
                    Some(key)
                }
                None => None,
            };
            members.push(Member {
                handle,
                name: m.name.clone(),
                role: m.role,
                dept,
                tz: m.timezone.unwrap_or(org.timezone),
                locale: m.locale,
                external_id: m.discord_id.clone(),
            });
        }
        // Whether a form names a department and a member this organisation has.
        let known = |form: &Approver| match form {
            Approver::ManagerOf(key) => keys.contains(key),
            Approver::Member(handle) => handles.contains(handle),
            Approver::DeptManager | Approver::Role(_) => true,
        };
        self.approvals.validate().context("[approvals]")?;
        // Approvers named in the policy must exist, or requests would stall at that step.
        for (kind, step, approver) in self.approvals.approvers() {
            if !known(approver) {
                let built_in = ApprovalPolicies::default();
                if built_in.kinds.get(kind) == self.approvals.kinds.get(kind) {
                    bail!(
                        "the built-in approval policy for `{kind}` asks `{approver}` at step {step}, \
                         and this organisation has no such department or member: add it (e.g. a \
                         [[department]] with key = \"it\" or \"acc\"), or write your own \
                         [approvals.kinds.{kind}] with steps whose approvers exist \
                         (e.g. approvers = \"dept_manager\")"
                    );
                }
                bail!("[approvals] {kind}, step {step}: `{approver}` names no department or member of this organisation");
            }
        }
        self.budgets.validate(&self.approvals)?;
        // The accountant must exist, or nobody would hear of budgets running out.
        if !known(&self.budgets.accountant) {
            bail!(
                "[budgets] accountant = \"{}\" names no department or member of this organisation",
                self.budgets.accountant
            );
        }
        if self.escalations.levels.is_empty() {
            bail!("[escalations]: the ladder needs at least one [[escalations.level]]");
        }
        // Holders named in the ladder must exist, or escalations would climb past nobody.
        for (n, level) in self.escalations.levels.iter().enumerate() {
            for holder in &level.who.get_ref().0 {
                if !known(holder) {
                    bail!(
                        "{}[escalations] level {}: `{holder}` names no department or member of this organisation",
                        self.line_of(level.who.span()),
                        n + 1
                    );
                }
            }
        }
        for r in &self.discord.roles {
            let known = r
                .department
                .as_deref()
                .is_none_or(|d| DeptKey::parse(d).is_ok_and(|k| keys.contains(&k)));
            if !known {
                bail!(
                    "discord role {}: department `{}` is not defined",
                    r.role_id,
                    r.department.as_deref().unwrap_or_default()
                );
            }
        }
        Ok((departments, members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_organisation_is_exactly_as_documented() {
        let config = Config::demo();
        let (depts, members) = config.organisation_records().unwrap();
        let keys: Vec<_> = depts
            .iter()
            .map(|d| (d.key.to_string(), d.name.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("it".to_string(), "IT"),
                ("hr".to_string(), "HR"),
                ("acc".to_string(), "Accounting"),
                ("proc".to_string(), "Procurement"),
                ("front".to_string(), "Front office")
            ]
        );
        for d in &depts {
            assert_eq!(d.calendar.hours(), &WeeklyHours::office());
            assert_eq!(d.calendar.tz(), chrono_tz::Europe::Bucharest);
        }
        let people: Vec<_> = members
            .iter()
            .map(|m| {
                (
                    m.handle.to_string(),
                    m.role,
                    m.dept.as_ref().map(|d| d.to_string()),
                    m.locale,
                )
            })
            .collect();
        let d = |s: &str| Some(s.to_string());
        assert_eq!(
            people,
            [
                ("maria".into(), Role::Director, None, Some(Locale::Ro)),
                ("bob".into(), Role::Manager, d("it"), Some(Locale::En)),
                ("alice".into(), Role::Agent, d("it"), Some(Locale::En)),
                ("elena".into(), Role::Manager, d("hr"), Some(Locale::Ro)),
                ("dan".into(), Role::Agent, d("acc"), Some(Locale::Ro)),
                ("victor".into(), Role::Manager, d("acc"), Some(Locale::Ro)),
                ("paul".into(), Role::Manager, d("proc"), Some(Locale::En)),
                (
                    "frank".into(),
                    Role::Requester,
                    d("front"),
                    Some(Locale::En)
                ),
                ("admin".into(), Role::Admin, None, Some(Locale::En)),
            ]
        );
        assert!(members.iter().all(|m| m.tz == chrono_tz::Europe::Bucharest));
    }

    /// Issue #15: a department's tickets get private threads when it says so (HR in the demo).
    #[test]
    fn a_department_marked_private_gets_private_threads_and_others_do_not() {
        let (depts, _) = Config::demo().organisation_records().unwrap();
        let private: Vec<&str> = depts
            .iter()
            .filter(|d| d.private)
            .map(|d| d.key.as_str())
            .collect();
        assert_eq!(private, ["hr"]);
        let one = |text: &str| toml::from_str::<DepartmentConfig>(text);
        let dept = one("key = \"acc\"\nname = \"Accounting\"\nprivate = true").unwrap();
        assert!(dept.private);
        assert!(!one("key = \"acc\"\nname = \"Accounting\"").unwrap().private);
        let err = one("key = \"acc\"\nname = \"A\"\nprivate = \"yes\"").unwrap_err();
        let err = err.to_string();
        assert!(err.contains("private"), "{err}");
    }

    #[test]
    fn inconsistent_files_are_refused_with_the_reason() {
        let text = r#"
            [[department]]
            key = "it"
            name = "IT"
            [[member]]
            handle = "zoe"
            role = "agent"
            department = "hr"
        "#;
        let config: Config = toml::from_str(text).unwrap();
        let err = config.organisation_records().unwrap_err().to_string();
        assert!(err.contains("department `hr` is not defined"), "{err}");
        assert!(toml::from_str::<Config>("[organisation]\ntimezone = \"Mars/Base\"").is_err());
        assert!(toml::from_str::<Config>(
            "[sla.urgent]\nfirst_response = \"soon\"\nresolution = \"4h\""
        )
        .is_err());
    }

    /// Issue #12, part 7: a duplicate once failed with a raw SQLite error, and `abc` passed.
    #[test]
    fn discord_ids_must_be_numbers_and_belong_to_one_member() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("opsdesk.toml");
        let file = |second_id: &str| {
            let demo = include_str!("demo.toml");
            let text = demo
                .replacen(
                    "handle = \"bob\"",
                    "handle = \"bob\"\ndiscord_id = \"123456789012345678\"",
                    1,
                )
                .replacen(
                    "handle = \"alice\"",
                    &format!("handle = \"alice\"\ndiscord_id = \"{second_id}\""),
                    1,
                );
            std::fs::write(&path, text).unwrap();
            Config::load(&path)
                .map(|_| ())
                .map_err(|e| format!("{e:#}"))
        };
        let err = file("123456789012345678").unwrap_err();
        assert!(
            err.contains("members `bob` and `alice` have the same discord_id")
                && err.contains(&path.display().to_string()),
            "{err}"
        );
        for bad in ["abc", "12 34", "", "-5", "123456789012345678901"] {
            let err = file(bad).unwrap_err();
            assert!(
                err.contains("member `alice`: discord_id")
                    && err.contains("is not a Discord user id"),
                "{bad:?}: {err}"
            );
        }
        assert!(file("987654321098765432").is_ok());
    }

    /// Issue #12, part 7: an empty file blamed a policy its writer never wrote.
    #[test]
    fn a_built_in_policy_needing_a_missing_department_says_so_and_how_to_override() {
        for text in ["", "[[department]]\nkey = \"hr\"\nname = \"HR\"\n"] {
            let config: Config = toml::from_str(text).unwrap();
            let err = format!("{:#}", config.organisation_records().unwrap_err());
            assert!(
                err.contains("the built-in approval policy for `")
                    && err.contains("manager:")
                    && err.contains("or write your own [approvals.kinds."),
                "{err}"
            );
        }
    }

    #[test]
    fn approval_policies_must_name_existing_departments_and_members() {
        let policy = r#"
            [[department]]
            key = "it"
            name = "IT"
            [approvals.kinds.purchase]
            amount = "required"
            currency = "EUR"
            [[approvals.kinds.purchase.steps]]
            approvers = "manager:legal"
        "#;
        let config: Config = toml::from_str(policy).unwrap();
        let err = format!("{:#}", config.organisation_records().unwrap_err());
        assert!(err.contains("manager:legal"), "{err}");
        let stranger = policy.replace("manager:legal", "@zoe");
        let config: Config = toml::from_str(&stranger).unwrap();
        let err = format!("{:#}", config.organisation_records().unwrap_err());
        assert!(err.contains("@zoe"), "{err}");
        assert!(Config::demo().organisation_records().is_ok());
    }

    #[test]
    fn an_escalation_ladder_naming_a_missing_member_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("opsdesk.toml");
        let text = r#"
[[department]]
key = "it"
name = "IT"

[[department]]
key = "acc"
name = "Accounting"

[[escalations.level]]
who = "dept_manager"
timeout = "2h"
urgent_timeout = "30m"

[[escalations.level]]
who = ["@ghost", "director"]
timeout = "4h"
urgent_timeout = "1h"
"#;
        let line = text.lines().position(|l| l.contains("@ghost")).unwrap() + 1;
        let at_line = format!("line {line}");
        std::fs::write(&path, text).unwrap();
        let err = format!("{:#}", Config::load(&path).unwrap_err());
        assert!(err.contains(&at_line), "{err}");
        assert!(err.contains("level 2") && err.contains("@ghost"), "{err}");

        let unknown = text.replace("@ghost", "boss");
        std::fs::write(&path, unknown).unwrap();
        let err = format!("{:#}", Config::load(&path).unwrap_err());
        assert!(
            err.contains("unknown holder `boss`") && err.contains(&at_line),
            "{err}"
        );
    }

    #[test]
    fn the_default_ladder_is_the_managers_then_the_directors() {
        let policy = Config::demo().settings().escalations;
        assert_eq!(policy, EscalationPolicy::default());
    }
}
