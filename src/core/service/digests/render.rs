//! A [`Digest`] in words, in its reader's language and zone: one card whose text has a block
//! per section (left out when empty), each item with its id so it can be acted on; Approve
//! and Reject buttons for the approvals waiting on the reader; the chart attached. A digest
//! with nothing in it is one line.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::chart;
use super::content::{DeptSection, Digest, SlaTicket};
use super::shared::Shared;
use crate::core::actions::CardAction;
use crate::core::domain::approval::Approval;
use crate::core::domain::escalation::Escalation;
use crate::core::domain::money;
use crate::core::domain::rating;
use crate::core::domain::task::Task;
use crate::core::domain::ticket::{Priority, Ticket};
use crate::core::outbound::{Body, Card};
use crate::core::service::{budgets, escalations};
use crate::core::store::Page;
use crate::core::time::{compact, local};
use crate::i18n::{Locale, Msg};

/// How a digest introduces itself.
pub(super) struct Heading {
    /// The channel it is posted in (`it`); `None` for the reader's own digest.
    pub channel: Option<String>,
    /// The slot it was due at, when it comes late (opsdesk was offline then).
    pub late_from: Option<DateTime<Utc>>,
    /// When the next one comes, if one is scheduled.
    pub next: Option<DateTime<Utc>>,
    /// The chart's file name.
    pub chart_name: String,
}

/// The digest as a message: a card, or one line when there is nothing to say.
pub(super) async fn body(
    digest: &Digest,
    heading: &Heading,
    now: DateTime<Utc>,
    tz: Tz,
    locale: Locale,
    shared: &mut Shared,
) -> anyhow::Result<Body> {
    let text = |msg: Msg| msg.render(locale);
    let at = local(now, tz);
    let title = match &heading.channel {
        Some(channel) => Msg::new("digest-title-channel").arg("channel", channel.as_str()),
        None => Msg::new("digest-title-own"),
    };
    let title = title.arg("at", at);
    if digest.is_quiet() {
        return Ok(Body::Text(text(
            Msg::new("digest-quiet").arg("digest", title),
        )));
    }
    let lines = Lines {
        out: Vec::new(),
        locale,
        tz,
        now,
        ladder: digest.needs_you.ladder,
    };
    let lines = lines.all(digest);
    let mut out = lines.out;
    if let Some(next) = heading.next {
        out.push(String::new());
        out.push(text(Msg::new("digest-next").arg("at", local(next, tz))));
    }
    let buttons = digest
        .needs_you
        .approvals
        .items
        .iter()
        .flat_map(|a| [CardAction::Approve(a.id), CardAction::Reject(a.id)])
        .map(|action| action.list_button(locale))
        .collect();
    let attachments = match &digest.chart {
        Some(data) => vec![chart::attachment(
            heading.chart_name.clone(),
            shared.chart_png(data, locale).await?,
        )],
        None => Vec::new(),
    };
    Ok(Body::Card(Card {
        intro: heading
            .late_from
            .map(|slot| text(Msg::new("digest-late").arg("slot", local(slot, tz)))),
        title: text(title),
        text: out,
        buttons,
        attachments,
        ..Card::default()
    }))
}

/// The text of a digest, line by line.
struct Lines {
    out: Vec<String>,
    locale: Locale,
    tz: Tz,
    now: DateTime<Utc>,
    /// The escalation ladder's number of levels.
    ladder: usize,
}

impl Lines {
    fn all(mut self, digest: &Digest) -> Self {
        let n = &digest.needs_you;
        if [
            n.approvals.total,
            n.tickets.total,
            n.answers.total,
            n.tasks.total,
            n.escalations.total,
        ]
        .iter()
        .any(|&t| t > 0)
        {
            self.header(Msg::new("digest-section-needs-you"));
            self.list("digest-escalations-held", &n.escalations, |l, e| {
                l.escalation(e)
            });
            self.list("digest-approvals-waiting", &n.approvals, |l, a| {
                l.approval(a)
            });
            self.list("digest-your-tickets", &n.tickets, |l, t| l.sla_ticket(t));
            self.list("digest-your-answers", &n.answers, |l, t| l.ticket(t));
            self.list("digest-your-tasks", &n.tasks, |l, t| l.task(t, false));
        }
        for dept in &digest.depts {
            self.dept(dept);
        }
        if digest.delegated.total > 0 {
            self.header(Msg::new("digest-section-delegated"));
            self.list("digest-delegated", &digest.delegated, |l, t| {
                l.task(t, true)
            });
        }
        let s = &digest.since;
        if [s.resolved.total, s.decided.total, s.done.total]
            .iter()
            .any(|&t| t > 0)
        {
            self.header(Msg::new("digest-section-since"));
            self.list("digest-resolved", &s.resolved, |l, t| l.ticket(t));
            self.list("digest-decided", &s.decided, |l, a| {
                Msg::new("digest-decided-line")
                    .arg("id", a.id.to_string())
                    .arg("title", a.title.clone())
                    .arg("status", a.status.label())
                    .render(l.locale)
            });
            self.list("digest-done", &s.done, |l, t| {
                Msg::new("digest-done-line")
                    .arg("id", t.id.to_string())
                    .arg("title", t.title.clone())
                    .arg("assignee", t.assignee.as_str())
                    .render(l.locale)
            });
        }
        if !digest.budgets.is_empty() {
            self.header(Msg::new("digest-section-budgets"));
            for line in &digest.budgets {
                let text = budgets::list_line(&line.name, &line.figures, self.locale);
                self.out.push(format!("• {text}"));
            }
        }
        self
    }

    fn dept(&mut self, section: &DeptSection) {
        if section.open_total() == 0 && section.new.total == 0 {
            return;
        }
        self.header(Msg::new("digest-section-dept").arg("dept", section.dept.name.as_str()));
        let by_priority: Vec<String> = section
            .open
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(p, n)| format!("{} {n}", p.label().render(self.locale)))
            .collect();
        let open = Msg::new("digest-open")
            .arg("count", section.open_total())
            .arg("priorities", by_priority.join(" · "));
        self.out.push(open.render(self.locale));
        if let Some((stats, (whole, tenths))) = section
            .ratings
            .as_ref()
            .and_then(|s| s.average().map(|a| (s, a)))
        {
            let ratings = Msg::new("digest-ratings")
                .arg("days", rating::DIGEST_DAYS)
                .arg("whole", whole)
                .arg("tenths", tenths)
                .arg("count", stats.count);
            self.out.push(ratings.render(self.locale));
        }
        self.list("digest-new", &section.new, |l, t| l.ticket(t));
        self.list("digest-unassigned", &section.unassigned, |l, t| l.ticket(t));
        self.list("digest-waiting", &section.waiting, |l, t| l.ticket(t));
        self.list("digest-breached", &section.breached, |l, t| l.sla_ticket(t));
        self.list("digest-breaching", &section.breaching, |l, t| {
            l.sla_ticket(t)
        });
    }

    fn header(&mut self, msg: Msg) {
        if !self.out.is_empty() {
            self.out.push(String::new());
        }
        self.out.push(msg.render(self.locale));
    }

    /// A titled list (nothing when empty): its items, then how many more there are.
    fn list<T>(&mut self, title: &'static str, page: &Page<T>, line: impl Fn(&Self, &T) -> String) {
        if page.total == 0 {
            return;
        }
        self.out
            .push(Msg::new(title).arg("count", page.total).render(self.locale));
        for item in &page.items {
            let text = line(self, item);
            self.out.push(format!("• {text}"));
        }
        let more = page.total.saturating_sub(page.items.len() as u64);
        if more > 0 {
            self.out.push(
                Msg::new("digest-more")
                    .arg("count", more)
                    .render(self.locale),
            );
        }
    }

    fn ticket(&self, t: &Ticket) -> String {
        Msg::new("digest-ticket-line")
            .arg("id", t.id.to_string())
            .arg("priority", priority_mark(t.priority))
            .arg("title", t.title.clone())
            .arg("owner", owner(t))
            .render(self.locale)
    }

    /// A ticket with where its SLA stands: breached how long ago, or due when.
    fn sla_ticket(&self, item: &SlaTicket) -> String {
        let t = &item.ticket;
        let Some(due) = item.due else {
            return self.ticket(t);
        };
        let sla = if due <= self.now {
            Msg::new("digest-sla-breached")
                .arg("at", local(due, self.tz))
                .arg("late", compact(self.now - due))
        } else {
            Msg::new("digest-sla-due")
                .arg("at", local(due, self.tz))
                .arg("left", compact(due - self.now))
        };
        Msg::new("digest-sla-line")
            .arg("ticket", self.ticket(t))
            .arg("sla", sla)
            .render(self.locale)
    }

    /// What it is about and why, how high it has climbed, since when.
    fn escalation(&self, e: &Escalation) -> String {
        Msg::new("digest-escalation-line")
            .arg("id", e.id.to_string())
            .arg("subject", e.subject.to_string())
            .arg("reason", escalations::card::note(&e.reason, e))
            .arg("status", e.status.label())
            .arg("level", escalations::card::level_of(e, self.ladder))
            .arg("since", local(e.created_at, self.tz))
            .render(self.locale)
    }

    fn approval(&self, a: &Approval) -> String {
        let msg = match a.amount {
            Some(amount) => Msg::new("digest-approval-line-amount")
                .arg("amount", money::format(amount, self.locale == Locale::Ro)),
            None => Msg::new("digest-approval-line"),
        };
        msg.arg("id", a.id.to_string())
            .arg("title", a.title.clone())
            .arg("requester", a.requester.as_str())
            .arg("waiting", compact(self.now - a.step_started_at))
            .render(self.locale)
    }

    fn task(&self, t: &Task, with_assignee: bool) -> String {
        let due = if t.due > self.now {
            Msg::new("task-due-in")
                .arg("at", local(t.due, self.tz))
                .arg("left", compact(t.due - self.now))
        } else {
            Msg::new("task-overdue-by")
                .arg("at", local(t.due, self.tz))
                .arg("late", compact(self.now - t.due))
        };
        let msg = if with_assignee {
            Msg::new("digest-task-line-assignee").arg("assignee", t.assignee.as_str())
        } else {
            Msg::new("digest-task-line")
        };
        msg.arg("id", t.id.to_string())
            .arg("title", t.title.clone())
            .arg("due", due)
            .render(self.locale)
    }
}

/// `[urgent]`-style marks for the two priorities worth a glance; nothing for the others.
fn priority_mark(priority: Priority) -> Msg {
    match priority {
        Priority::Urgent => Msg::new("digest-mark-urgent"),
        Priority::High => Msg::new("digest-mark-high"),
        Priority::Normal | Priority::Low => Msg::new("digest-mark-none"),
    }
}

/// `@alice`, or "unassigned".
fn owner(t: &Ticket) -> crate::i18n::Arg {
    match &t.assignee {
        Some(h) => format!("@{h}").into(),
        None => Msg::new("sla-unassigned").into(),
    }
}
