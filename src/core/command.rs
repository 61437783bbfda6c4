//! Typed commands: what a parsed line or slash command means.
//!
//! The grammar checks shape (names, types, lengths) against the catalogue; this module turns
//! the resulting [`Invocation`] into a [`Command`] whose fields are domain types, so the
//! service never sees an unchecked string. One variant per catalogue entry: the test
//! `every_catalogue_example_maps_to_a_command` keeps the two in step.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::audit::Head;
use super::domain::approval::{ApprovalId, ApprovalView};
use super::domain::digest::DigestId;
use super::domain::export::{self, ExportKind, ExportRequest};
use super::domain::ids::{DeptKey, Handle, TicketId};
use super::domain::org::Role;
use super::domain::rating::Score;
use super::domain::task::{TaskId, TaskView};
use super::domain::text::{Body, Title};
use super::domain::ticket::{Priority, Status};
use super::grammar::{Args, Invocation};
use super::time::business_hours::WeeklyHours;
use super::time::recurrence::{parse_recurrence, Recurrence};
use super::time::schedule::{parse_schedule, Schedule};
use crate::i18n::{Locale, Msg};

mod budget;
mod escalation;

pub use budget::BudgetCommand;
pub use escalation::{EscalateCommand, EscalationCommand};

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `/help [command]`
    Help { topic: Option<String> },
    /// `/whoami`
    Whoami,
    /// `/dept add key: name: [channel:] [tz:] [hours:]`
    DeptAdd {
        key: DeptKey,
        name: Title,
        channel: Option<String>,
        tz: Option<Tz>,
        hours: Option<WeeklyHours>,
    },
    /// `/dept list`
    DeptList,
    /// `/dept set key: [name:] [hours:] [tz:] [channel:] [locale:]`
    DeptSet(DeptChanges),
    /// `/dept holiday add|remove|list key: [date:] [year:]`
    DeptHoliday { key: DeptKey, action: HolidayAction },
    /// `/member set user: [role:] [dept:] [tz:] [locale:] [name:] [discord:]`
    MemberSet(MemberChanges),
    /// `/member list [dept:]`
    MemberList { dept: Option<DeptKey> },
    /// `/ticket …`
    Ticket(TicketCommand),
    /// `/task …`
    Task(TaskCommand),
    /// `/approval …`
    Approval(ApprovalCommand),
    /// `/escalate ticket:|task:|approval: reason:` or `/escalate customer: dept: summary:`
    Escalate(EscalateCommand),
    /// `/escalation ack|resolve|show|list`
    Escalation(EscalationCommand),
    /// `/digest …`
    Digest(DigestCommand),
    /// `/budget set|show|list`
    Budget(BudgetCommand),
    /// `/audit show id:`
    AuditShow { object: String },
    /// `/audit verify [seal:] [deep:]`
    AuditVerify {
        /// A seal copied from the audit channel (`<seq>:<hash>`) to compare the chain with.
        seal: Option<Head>,
        /// Also compare every ticket, task and request with its history.
        deep: bool,
    },
    /// `/audit seal`
    AuditSeal,
    /// `/export what: [from:] [to:] [dept:] [bom:]`
    Export(ExportRequest),
}

/// The fields `/dept set` may change; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct DeptChanges {
    pub key: DeptKey,
    pub name: Option<Title>,
    pub hours: Option<WeeklyHours>,
    pub tz: Option<Tz>,
    pub channel: Option<String>,
    pub locale: Option<Locale>,
}

impl DeptChanges {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.hours.is_none()
            && self.tz.is_none()
            && self.channel.is_none()
            && self.locale.is_none()
    }
}

/// What `/dept holiday` does with a department's added holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayAction {
    Add(NaiveDate),
    Remove(NaiveDate),
    /// The holidays of a year (this year when `None`), public and added.
    List {
        year: Option<i32>,
    },
}

/// The fields `/member set` may change; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberChanges {
    pub handle: Handle,
    pub role: Option<Role>,
    pub dept: Option<DeptKey>,
    pub tz: Option<Tz>,
    pub locale: Option<Locale>,
    pub name: Option<Title>,
    /// The member's id on the chat platform (`discord:` in the command).
    pub external_id: Option<String>,
}

/// `/approval …`. Amounts stay text: their default currency comes from the kind's policy.
#[derive(Debug, Clone, PartialEq)]
pub enum ApprovalCommand {
    Request {
        kind: String,
        title: Title,
        amount: Option<String>,
        dept: Option<DeptKey>,
        details: Option<Body>,
        /// The budget period a `budget` request raises.
        period: Option<super::domain::budget::Period>,
    },
    Approve {
        id: ApprovalId,
        comment: Option<Body>,
    },
    Reject {
        id: ApprovalId,
        reason: Body,
    },
    Withdraw {
        id: ApprovalId,
    },
    Show {
        id: ApprovalId,
    },
    List {
        view: ApprovalView,
    },
    Delegate {
        to: Handle,
        until: String,
    },
    DelegateOff,
}

/// `/digest …`. The pause's date stays text: reading it needs the clock and the actor's zone.
#[derive(Debug, Clone, PartialEq)]
pub enum DigestCommand {
    Subscribe {
        schedule: Schedule,
        /// A department channel's name, without `#`.
        channel: Option<String>,
        dept: Option<DeptKey>,
        tz: Option<Tz>,
        skip_when_quiet: bool,
    },
    Unsubscribe {
        id: DigestId,
    },
    List,
    Now {
        dept: Option<DeptKey>,
    },
    Pause {
        until: String,
        id: Option<DigestId>,
    },
}

/// `/task …`. Due dates stay text here: reading them needs the clock, the delegator's zone
/// and the assignee's calendar, which only the service has.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskCommand {
    Assign {
        user: Handle,
        title: Title,
        due: String,
        ticket: Option<TicketId>,
        every: Option<Recurrence>,
        details: Option<Body>,
    },
    Done {
        id: TaskId,
        note: Option<Body>,
    },
    Reassign {
        id: TaskId,
        user: Handle,
    },
    Due {
        id: TaskId,
        due: String,
    },
    Cancel {
        id: TaskId,
    },
    Show {
        id: TaskId,
    },
    List {
        view: TaskView,
        user: Option<Handle>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum TicketCommand {
    Open {
        dept: DeptKey,
        title: Title,
        priority: Priority,
        customer: Option<Title>,
        details: Option<Body>,
    },
    Show {
        id: TicketId,
    },
    List {
        dept: Option<DeptKey>,
        status: Option<Status>,
        assignee: Option<Handle>,
        mine: bool,
    },
    Claim {
        id: TicketId,
    },
    Assign {
        id: TicketId,
        user: Handle,
    },
    Comment {
        id: TicketId,
        text: Body,
        internal: bool,
    },
    Wait {
        id: TicketId,
        reason: Body,
    },
    Resume {
        id: TicketId,
    },
    Resolve {
        id: TicketId,
        resolution: Body,
    },
    Reopen {
        id: TicketId,
    },
    Close {
        id: TicketId,
    },
    Priority {
        id: TicketId,
        priority: Priority,
    },
    /// The ticket's whole history as a Markdown file and an HTML page.
    Transcript {
        id: TicketId,
    },
    /// The requester's rating; without a score (the comment form on Discord) the score
    /// already given stays.
    Rate {
        id: TicketId,
        score: Option<Score>,
        comment: Option<Body>,
    },
}

impl Command {
    /// Commands that only read take no write lock.
    pub fn is_read_only(&self) -> bool {
        match self {
            Command::Help { .. }
            | Command::Whoami
            | Command::DeptList
            | Command::DeptHoliday {
                action: HolidayAction::List { .. },
                ..
            }
            | Command::MemberList { .. }
            | Command::AuditShow { .. }
            | Command::AuditVerify { .. }
            | Command::Export(_) => true,
            Command::Ticket(t) => {
                matches!(
                    t,
                    TicketCommand::Show { .. }
                        | TicketCommand::List { .. }
                        | TicketCommand::Transcript { .. }
                )
            }
            Command::Task(t) => matches!(t, TaskCommand::Show { .. } | TaskCommand::List { .. }),
            Command::Approval(a) => matches!(
                a,
                ApprovalCommand::Show { .. } | ApprovalCommand::List { .. }
            ),
            Command::Escalation(e) => matches!(
                e,
                EscalationCommand::Show { .. } | EscalationCommand::List { .. }
            ),
            Command::Escalate(_) => false,
            Command::Digest(d) => matches!(d, DigestCommand::List | DigestCommand::Now { .. }),
            Command::Budget(b) => b.is_read_only(),
            Command::DeptAdd { .. }
            | Command::DeptSet(_)
            | Command::DeptHoliday { .. }
            | Command::MemberSet(_)
            | Command::AuditSeal => false,
        }
    }
}

/// A value the grammar accepted but the domain refuses, with the option it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub msg: Msg,
    pub option: Option<&'static str>,
}

/// Reads one option through a domain parser, remembering which option failed.
struct Reader<'a>(&'a Args);

impl Reader<'_> {
    fn text(&self, name: &'static str) -> Option<&str> {
        self.0.text(name)
    }

    fn opt<T>(
        &self,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, Msg>,
    ) -> Result<Option<T>, Invalid> {
        let raw = self
            .0
            .text(name)
            .or_else(|| self.0.user(name))
            .or_else(|| self.0.id(name))
            .or_else(|| self.0.choice(name));
        raw.map(parse).transpose().map_err(|msg| Invalid {
            msg,
            option: Some(name),
        })
    }

    /// The grammar guarantees required options are present; a missing one here means the
    /// catalogue and this module disagree, which the catalogue test catches.
    fn req<T>(
        &self,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, Msg>,
    ) -> Result<T, Invalid> {
        self.opt(name, parse)?.ok_or(Invalid {
            msg: Msg::new("error-option-missing").arg("name", name),
            option: Some(name),
        })
    }

    /// A rating's score: the grammar already read a number from 1 to 5.
    fn score(&self, name: &'static str) -> Result<Score, Invalid> {
        let invalid = |msg| Invalid {
            msg,
            option: Some(name),
        };
        let value = self
            .0
            .number(name)
            .ok_or_else(|| invalid(Msg::new("error-option-missing").arg("name", name)))?;
        Score::new(value).map_err(invalid)
    }

    fn flag(&self, name: &'static str) -> bool {
        self.0.boolean(name).unwrap_or(false)
    }
}

fn title(field: &'static str) -> impl Fn(&str) -> Result<Title, Msg> {
    move |s| Title::parse(field, s)
}

fn body(field: &'static str) -> impl Fn(&str) -> Result<Body, Msg> {
    move |s| Body::parse(field, s)
}

fn ticket_id(s: &str) -> Result<TicketId, Msg> {
    s.parse()
}

fn priority(s: &str) -> Result<Priority, Msg> {
    Priority::parse(s).ok_or_else(|| Msg::new("error-priority-invalid").arg("value", s))
}

fn status(s: &str) -> Result<Status, Msg> {
    Status::parse(s).ok_or_else(|| Msg::new("error-status-invalid").arg("value", s))
}

fn role(s: &str) -> Result<Role, Msg> {
    Role::parse(s).ok_or_else(|| Msg::new("error-role-invalid").arg("value", s))
}

fn locale(s: &str) -> Result<Locale, Msg> {
    Locale::parse(s).ok_or_else(|| Msg::new("error-locale-invalid").arg("value", s))
}

pub fn time_zone(s: &str) -> Result<Tz, Msg> {
    s.trim()
        .parse::<Tz>()
        .map_err(|_| Msg::new("error-tz-invalid").arg("value", s))
}

fn hours(s: &str) -> Result<WeeklyHours, Msg> {
    s.parse::<WeeklyHours>()
        .map_err(|_| Msg::new("error-hours-invalid").arg("value", s))
}

fn channel(s: &str) -> Result<String, Msg> {
    let name = s.trim().trim_start_matches('#').to_lowercase();
    let valid = (1..=100).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name)
    } else {
        Err(Msg::new("error-channel-invalid").arg("value", s))
    }
}

fn discord_id(s: &str) -> Result<String, Msg> {
    let id = s.trim();
    if (1..=20).contains(&id.len()) && id.chars().all(|c| c.is_ascii_digit()) {
        Ok(id.to_string())
    } else {
        Err(Msg::new("error-discord-id-invalid").arg("value", s))
    }
}

/// Turns a parsed invocation into a typed command.
pub fn from_invocation(inv: &Invocation) -> Result<Command, Invalid> {
    let r = Reader(&inv.args);
    let unknown = || Invalid {
        msg: Msg::new("error-command-unmapped").arg("command", inv.command.clone()),
        option: None,
    };
    Ok(match (inv.command.as_str(), inv.sub.as_deref()) {
        ("help", None) => Command::Help {
            topic: r
                .text("command")
                .map(|t| t.trim().trim_start_matches('/').to_lowercase()),
        },
        ("whoami", None) => Command::Whoami,
        ("dept", Some("add")) => Command::DeptAdd {
            key: r.req("key", DeptKey::parse)?,
            name: r.req("name", title("name"))?,
            channel: r.opt("channel", channel)?,
            tz: r.opt("tz", time_zone)?,
            hours: r.opt("hours", hours)?,
        },
        ("dept", Some("list")) => Command::DeptList,
        ("dept", Some("set")) => Command::DeptSet(dept_changes(&r)?),
        ("dept", Some("holiday")) => Command::DeptHoliday {
            key: r.req("key", DeptKey::parse)?,
            action: holiday_action(&r, inv)?,
        },
        ("member", Some("set")) => Command::MemberSet(MemberChanges {
            handle: r.req("user", Handle::parse)?,
            role: r.opt("role", role)?,
            dept: r.opt("dept", DeptKey::parse)?,
            tz: r.opt("tz", time_zone)?,
            locale: r.opt("locale", locale)?,
            name: r.opt("name", title("name"))?,
            external_id: r.opt("discord", discord_id)?,
        }),
        ("member", Some("list")) => Command::MemberList {
            dept: r.opt("dept", DeptKey::parse)?,
        },
        ("ticket", Some(sub)) => Command::Ticket(ticket_command(sub, &r).ok_or_else(unknown)??),
        ("task", Some(sub)) => Command::Task(task_command(sub, &r).ok_or_else(unknown)??),
        ("approval", Some(sub)) => {
            Command::Approval(approval_command(sub, &r).ok_or_else(unknown)??)
        }
        ("escalate", None) => Command::Escalate(escalation::escalate_command(&r)?),
        ("escalation", Some(sub)) => {
            Command::Escalation(escalation::escalation_command(sub, &r).ok_or_else(unknown)??)
        }
        ("digest", Some(sub)) => Command::Digest(digest_command(sub, &r).ok_or_else(unknown)??),
        ("budget", Some(sub)) => {
            Command::Budget(budget::budget_command(sub, &r).ok_or_else(unknown)??)
        }
        ("audit", Some("show")) => Command::AuditShow {
            object: r.req("id", |s| Ok(s.trim().to_string()))?,
        },
        ("audit", Some("verify")) => Command::AuditVerify {
            seal: r.opt("seal", Head::parse)?,
            deep: r.flag("deep"),
        },
        ("audit", Some("seal")) => Command::AuditSeal,
        ("export", None) => Command::Export(export_request(&r)?),
        _ => return Err(unknown()),
    })
}

fn dept_changes(r: &Reader) -> Result<DeptChanges, Invalid> {
    let changes = DeptChanges {
        key: r.req("key", DeptKey::parse)?,
        name: r.opt("name", title("name"))?,
        hours: r.opt("hours", hours)?,
        tz: r.opt("tz", time_zone)?,
        channel: r.opt("channel", channel)?,
        locale: r.opt("locale", locale)?,
    };
    if changes.is_empty() {
        return Err(Invalid {
            msg: Msg::new("error-dept-set-nothing").arg("key", changes.key.as_str()),
            option: None,
        });
    }
    Ok(changes)
}

fn holiday_action(r: &Reader, inv: &Invocation) -> Result<HolidayAction, Invalid> {
    let date = || r.req("date", holiday_date);
    Ok(match inv.args.choice("action") {
        Some("add") => HolidayAction::Add(date()?),
        Some("remove") => HolidayAction::Remove(date()?),
        _ => HolidayAction::List {
            year: inv.args.number("year").and_then(|y| i32::try_from(y).ok()),
        },
    })
}

/// A holiday is a whole day, written the one way every reader understands: `2026-12-24`.
fn holiday_date(s: &str) -> Result<NaiveDate, Msg> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Msg::new("error-holiday-date-invalid").arg("value", s))
}

fn task_id(s: &str) -> Result<TaskId, Msg> {
    s.parse()
}

fn due_text(s: &str) -> Result<String, Msg> {
    Ok(s.trim().to_string())
}

fn every(s: &str) -> Result<Recurrence, Msg> {
    parse_recurrence(s).map_err(Msg::from)
}

fn view(s: &str) -> Result<TaskView, Msg> {
    TaskView::parse(s).ok_or_else(|| Msg::new("error-task-view-invalid").arg("value", s))
}

fn approval_id(s: &str) -> Result<ApprovalId, Msg> {
    s.parse()
}

fn text(s: &str) -> Result<String, Msg> {
    Ok(s.trim().to_string())
}

fn approval_view(s: &str) -> Result<ApprovalView, Msg> {
    match s {
        "mine" => Ok(ApprovalView::Mine),
        "waiting" => Ok(ApprovalView::Waiting),
        _ => Err(Msg::new("error-approval-view-invalid").arg("value", s)),
    }
}

fn approval_command(sub: &str, r: &Reader<'_>) -> Option<Result<ApprovalCommand, Invalid>> {
    let id = || r.req("id", approval_id);
    let build = || -> Result<Option<ApprovalCommand>, Invalid> {
        Ok(Some(match sub {
            "request" => ApprovalCommand::Request {
                kind: r.req("kind", |s| Ok(s.trim().to_lowercase()))?,
                title: r.req("title", title("title"))?,
                amount: r.opt("amount", text)?,
                dept: r.opt("dept", DeptKey::parse)?,
                details: r.opt("details", body("details"))?,
                period: r.opt("period", budget::period)?,
            },
            "approve" => ApprovalCommand::Approve {
                id: id()?,
                comment: r.opt("comment", body("comment"))?,
            },
            "reject" => ApprovalCommand::Reject {
                id: id()?,
                reason: r.req("reason", body("reason"))?,
            },
            "withdraw" => ApprovalCommand::Withdraw { id: id()? },
            "show" => ApprovalCommand::Show { id: id()? },
            "list" => ApprovalCommand::List {
                view: r.opt("view", approval_view)?.unwrap_or(ApprovalView::Mine),
            },
            // `/approval delegate off` arrives as `to:off` in text; Discord has `off:true`.
            "delegate" => match (
                r.opt("to", Handle::parse)?,
                r.opt("until", text)?,
                r.flag("off"),
            ) {
                (_, _, true) => ApprovalCommand::DelegateOff,
                (Some(to), None, false) if to.as_str() == "off" => ApprovalCommand::DelegateOff,
                (Some(to), Some(until), false) => ApprovalCommand::Delegate { to, until },
                (None, _, false) => return Err(missing("to")),
                (Some(_), None, false) => return Err(missing("until")),
            },
            _ => return Ok(None),
        }))
    };
    build().transpose()
}

fn digest_command(sub: &str, r: &Reader<'_>) -> Option<Result<DigestCommand, Invalid>> {
    let build = || -> Result<Option<DigestCommand>, Invalid> {
        Ok(Some(match sub {
            "subscribe" => DigestCommand::Subscribe {
                schedule: r.req("schedule", |s| parse_schedule(s).map_err(Msg::from))?,
                channel: r.opt("channel", channel)?,
                dept: r.opt("dept", DeptKey::parse)?,
                tz: r.opt("tz", time_zone)?,
                skip_when_quiet: r.flag("skip_when_quiet"),
            },
            "unsubscribe" => DigestCommand::Unsubscribe {
                id: r.req("id", str::parse)?,
            },
            "list" => DigestCommand::List,
            "now" => DigestCommand::Now {
                dept: r.opt("dept", DeptKey::parse)?,
            },
            "pause" => DigestCommand::Pause {
                until: r.req("until", text)?,
                id: r.opt("id", str::parse)?,
            },
            _ => return Ok(None),
        }))
    };
    build().transpose()
}

fn export_request(r: &Reader<'_>) -> Result<ExportRequest, Invalid> {
    let (from, to) = (
        r.opt("from", export::parse_day)?,
        r.opt("to", export::parse_day)?,
    );
    export::check_range(from, to).map_err(|msg| Invalid {
        msg,
        option: Some("to"),
    })?;
    Ok(ExportRequest {
        what: r.req("what", ExportKind::parse)?,
        from,
        to,
        dept: r.opt("dept", DeptKey::parse)?,
        bom: r.flag("bom"),
    })
}

fn missing(name: &'static str) -> Invalid {
    Invalid {
        msg: Msg::new("error-option-missing").arg("name", name),
        option: None,
    }
}

fn task_command(sub: &str, r: &Reader<'_>) -> Option<Result<TaskCommand, Invalid>> {
    let id = || r.req("id", task_id);
    let build = || -> Result<Option<TaskCommand>, Invalid> {
        Ok(Some(match sub {
            "assign" => TaskCommand::Assign {
                user: r.req("user", Handle::parse)?,
                title: r.req("title", title("title"))?,
                due: r.req("due", due_text)?,
                ticket: r.opt("ticket", ticket_id)?,
                every: r.opt("every", every)?,
                details: r.opt("details", body("details"))?,
            },
            "done" => TaskCommand::Done {
                id: id()?,
                note: r.opt("note", body("note"))?,
            },
            "reassign" => TaskCommand::Reassign {
                id: id()?,
                user: r.req("user", Handle::parse)?,
            },
            "due" => TaskCommand::Due {
                id: id()?,
                due: r.req("due", due_text)?,
            },
            "cancel" => TaskCommand::Cancel { id: id()? },
            "show" => TaskCommand::Show { id: id()? },
            "list" => TaskCommand::List {
                view: r.opt("view", view)?.unwrap_or(TaskView::Mine),
                user: r.opt("user", Handle::parse)?,
            },
            _ => return Ok(None),
        }))
    };
    build().transpose()
}

fn ticket_command(sub: &str, r: &Reader<'_>) -> Option<Result<TicketCommand, Invalid>> {
    let id = || r.req("id", ticket_id);
    let build = || -> Result<Option<TicketCommand>, Invalid> {
        Ok(Some(match sub {
            "open" => TicketCommand::Open {
                dept: r.req("dept", DeptKey::parse)?,
                title: r.req("title", title("title"))?,
                priority: r.opt("priority", priority)?.unwrap_or(Priority::Normal),
                customer: r.opt("customer", title("customer"))?,
                details: r.opt("details", body("details"))?,
            },
            "show" => TicketCommand::Show { id: id()? },
            "list" => TicketCommand::List {
                dept: r.opt("dept", DeptKey::parse)?,
                status: r.opt("status", status)?,
                assignee: r.opt("assignee", Handle::parse)?,
                mine: r.flag("mine"),
            },
            "claim" => TicketCommand::Claim { id: id()? },
            "assign" => TicketCommand::Assign {
                id: id()?,
                user: r.req("user", Handle::parse)?,
            },
            "comment" => TicketCommand::Comment {
                id: id()?,
                text: r.req("text", body("text"))?,
                internal: r.flag("internal"),
            },
            "wait" => TicketCommand::Wait {
                id: id()?,
                reason: r.req("reason", body("reason"))?,
            },
            "resume" => TicketCommand::Resume { id: id()? },
            "resolve" => TicketCommand::Resolve {
                id: id()?,
                resolution: r.req("resolution", body("resolution"))?,
            },
            "reopen" => TicketCommand::Reopen { id: id()? },
            "close" => TicketCommand::Close { id: id()? },
            "transcript" => TicketCommand::Transcript { id: id()? },
            "priority" => TicketCommand::Priority {
                id: id()?,
                priority: r.req("priority", priority)?,
            },
            "rate" => TicketCommand::Rate {
                id: id()?,
                score: Some(r.score("score")?),
                comment: r.opt("comment", body("comment"))?,
            },
            _ => return Ok(None),
        }))
    };
    build().transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::domain::text::{BODY_MAX, TITLE_MAX};
    use crate::core::grammar::{self, OptionKind};

    #[test]
    fn every_catalogue_example_maps_to_a_command() {
        let catalogue = grammar::builtin();
        let mut count = 0;
        for example in catalogue.examples() {
            let inv = grammar::parse(catalogue, example)
                .unwrap_or_else(|e| panic!("example `{example}` does not parse: {:?}", e.kind));
            from_invocation(&inv).unwrap_or_else(|e| panic!("example `{example}`: {:?}", e.msg));
            count += 1;
        }
        assert!(count > 20, "only {count} examples");
    }

    #[test]
    fn every_catalogue_entry_has_an_example() {
        for cmd in grammar::builtin().commands() {
            if cmd.subs.is_empty() {
                assert!(!cmd.examples.is_empty(), "/{} has no example", cmd.name);
            }
            for sub in &cmd.subs {
                assert!(
                    !sub.examples.is_empty(),
                    "/{} {} has no example",
                    cmd.name,
                    sub.name
                );
                let first = &sub.examples[0];
                let inv = grammar::parse(grammar::builtin(), first).unwrap();
                assert_eq!(
                    (inv.command.as_str(), inv.sub.as_deref()),
                    (cmd.name.as_str(), Some(sub.name.as_str()))
                );
            }
        }
    }

    #[test]
    fn catalogue_length_limits_match_the_domain() {
        for cmd in grammar::builtin().commands() {
            for sub in &cmd.subs {
                for opt in &sub.options {
                    if opt.kind != OptionKind::Text {
                        continue;
                    }
                    let expected = match opt.name.as_str() {
                        "title" | "customer" | "name" | "contact" => Some(TITLE_MAX),
                        "details" | "text" | "reason" | "resolution" | "note" | "comment"
                        | "summary" => Some(BODY_MAX),
                        _ => None,
                    };
                    if let Some(max) = expected {
                        assert_eq!(
                            opt.max_length,
                            Some(max),
                            "/{} {} {}",
                            cmd.name,
                            sub.name,
                            opt.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_id_option_says_which_kind_of_object_it_takes() {
        use crate::core::domain::object::ObjectKind;
        for cmd in grammar::builtin().commands() {
            for opt in cmd.subs.iter().flat_map(|s| &s.options).chain(&cmd.options) {
                if opt.kind == OptionKind::Id {
                    assert!(
                        opt.object.is_some(),
                        "/{} {}: id without object",
                        cmd.name,
                        opt.name
                    );
                }
                if let Some(kind) = &opt.object {
                    assert!(
                        ObjectKind::parse(kind).is_some(),
                        "/{} {}: unknown object kind `{kind}`",
                        cmd.name,
                        opt.name
                    );
                }
            }
        }
    }

    #[test]
    fn domain_refusals_name_the_option() {
        let inv =
            grammar::parse(grammar::builtin(), r#"/ticket open dept:it title:"   ""#).unwrap();
        let err = from_invocation(&inv).unwrap_err();
        assert_eq!(err.option, Some("title"));
        assert_eq!(err.msg.id(), "error-text-empty");
    }
}
