//! What a digest says, gathered through the store's indexed digest queries: one [`Digest`]
//! per reader and moment, before it is put into words ([`super::render`]).
//!
//! A digest has sections, each left out when empty:
//! - [`NeedsYou`] (personal digests only): approvals waiting on the reader, tickets assigned
//!   to them past or near their SLA, their requests waiting for their answer, their tasks due,
//!   the escalations they hold;
//! - one [`DeptSection`] per department in view: new since the last digest, open by
//!   priority, unassigned, waiting, SLA breaches and those due before the next digest;
//! - the tasks the reader delegated that are overdue or due before the next digest;
//! - [`Since`] the last digest: resolved tickets, decided approvals, finished tasks;
//! - (personal digests) the budgets running today that the reader may see, with what is left;
//! - the chart's data, when there are departments.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::chart::ChartData;
use super::shared::Shared;
use crate::core::domain::approval::Approval;
use crate::core::domain::budget::Figures;
use crate::core::domain::escalation::Escalation;
use crate::core::domain::ids::Handle;
use crate::core::domain::org::{Department, Member};
use crate::core::domain::rating::{self, RatingStats};
use crate::core::domain::sla::{self, SlaPolicy};
use crate::core::domain::task::Task;
use crate::core::domain::ticket::{Priority, Ticket};
use crate::core::service::{budgets, Settings};
use crate::core::store::{
    ApprovalQuery, EscalationFilter, Page, StoreError, TaskQuery, TicketScope, TicketSet,
    UnitOfWork,
};
use crate::core::time::start_of_day;

/// Days the chart covers, today included.
pub(super) const CHART_DAYS: i64 = 14;

/// Whose view a digest shows, and how much of it.
#[derive(Debug, Clone)]
pub(super) struct View {
    pub reader: Member,
    /// A direct message: the sections about the reader themselves are in it.
    pub personal: bool,
    pub depts: Vec<Department>,
    /// The zone days and times are read in.
    pub tz: Tz,
}

/// The moment of a digest and the stretch it looks at.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    pub now: DateTime<Utc>,
    /// The last digest: "since the last digest" starts here.
    pub since: DateTime<Utc>,
    /// The next digest: "before the next digest" ends here.
    pub until: DateTime<Utc>,
}

pub(super) struct Digest {
    pub needs_you: NeedsYou,
    pub depts: Vec<DeptSection>,
    /// Open tasks the reader gave others, overdue or due before the next digest.
    pub delegated: Page<Task>,
    pub since: Since,
    /// Budgets running today that the reader may see (personal digests): standing figures,
    /// so only one nearly or wholly used makes a quiet digest speak.
    pub budgets: Vec<BudgetLine>,
    pub chart: Option<ChartData>,
}

pub(super) struct BudgetLine {
    /// `IT, 2026-Q4`.
    pub name: String,
    pub figures: Figures,
}

pub(super) struct NeedsYou {
    pub approvals: Page<Approval>,
    /// Assigned to the reader, with an SLA clock breached or due before the next digest.
    pub tickets: Page<SlaTicket>,
    /// Asked for by the reader and waiting for their answer.
    pub answers: Page<Ticket>,
    /// Assigned to the reader, overdue or due before the next digest.
    pub tasks: Page<Task>,
    /// Active escalations the reader holds (or owns, once acknowledged).
    pub escalations: Page<Escalation>,
    /// How many levels the escalation ladder has, for "level 1 of 2".
    pub ladder: usize,
}

pub(super) struct DeptSection {
    pub dept: Department,
    /// Active tickets by priority, most urgent first.
    pub open: Vec<(Priority, u64)>,
    pub new: Page<Ticket>,
    pub unassigned: Page<Ticket>,
    pub waiting: Page<Ticket>,
    pub breached: Page<SlaTicket>,
    /// Not breached yet, but due before the next digest.
    pub breaching: Page<SlaTicket>,
    /// The requesters' ratings given over the last [`rating::DIGEST_DAYS`] days, if any.
    pub ratings: Option<RatingStats>,
}

/// A ticket with the due time of its SLA clock that runs out first.
pub(super) struct SlaTicket {
    pub ticket: Ticket,
    pub due: Option<DateTime<Utc>>,
}

pub(super) struct Since {
    pub resolved: Page<Ticket>,
    pub decided: Page<Approval>,
    pub done: Page<Task>,
}

/// Pairs each ticket of an SLA list with its due time, worked out again from its clocks in
/// its department's calendar.
fn with_due(
    page: Page<Ticket>,
    departments: &[Department],
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> Page<SlaTicket> {
    let items = page
        .items
        .into_iter()
        .map(|ticket| {
            let due = departments
                .iter()
                .find(|d| &d.key == ticket.dept())
                .and_then(|d| sla::summary(&ticket, &d.calendar, policy, now).next_due);
            SlaTicket { ticket, due }
        })
        .collect();
    Page {
        total: page.total,
        items,
    }
}

/// Someone holds few escalations at once; up to [`HELD_COUNTED`] are counted, `limit` shown.
async fn held_escalations(
    uow: &mut dyn UnitOfWork,
    me: &Handle,
    limit: u32,
) -> Result<Page<Escalation>, StoreError> {
    const HELD_COUNTED: u32 = 100;
    let mut items = uow
        .escalations(EscalationFilter::HeldBy(me.clone()), HELD_COUNTED)
        .await?;
    let total = items.len() as u64;
    // Oldest first: the one waiting longest leads.
    items.reverse();
    items.truncate(limit as usize);
    Ok(Page { total, items })
}

fn empty<T>() -> Page<T> {
    Page {
        total: 0,
        items: Vec::new(),
    }
}

impl Digest {
    /// Nothing in any section: the digest is one line, or nothing at all.
    pub fn is_quiet(&self) -> bool {
        let n = &self.needs_you;
        let s = &self.since;
        [
            n.approvals.total,
            n.tickets.total,
            n.answers.total,
            n.tasks.total,
            n.escalations.total,
            self.delegated.total,
            s.resolved.total,
            s.decided.total,
            s.done.total,
        ]
        .iter()
        .all(|&t| t == 0)
            && self.depts.iter().all(DeptSection::is_quiet)
            && !self.budgets.iter().any(|b| b.figures.needs_attention())
    }
}

impl DeptSection {
    pub fn open_total(&self) -> u64 {
        self.open.iter().map(|(_, n)| n).sum()
    }

    fn is_quiet(&self) -> bool {
        self.open_total() == 0 && self.new.total == 0
    }
}

/// Reads everything the digest of `view` at `window` says; `delegators` are the members whose
/// approvals the reader decides for now (out-of-office delegations in force).
/// What other digests of the same instant read too comes from (and is kept in) `shared`.
pub(super) async fn gather(
    uow: &mut dyn UnitOfWork,
    shared: &mut Shared,
    view: &View,
    window: Window,
    delegators: &[Handle],
    settings: &Settings,
) -> Result<Digest, StoreError> {
    let policy = &settings.sla;
    let departments = shared.departments(uow).await?;
    let due = |page| with_due(page, &departments, policy, window.now);
    // A director's digest covers every department: fewer lines each keep it readable.
    let limit = if view.depts.len() > 1 { 3 } else { 5 };
    let me = &view.reader.handle;
    let keys: Vec<_> = view.depts.iter().map(|d| d.key.clone()).collect();
    let needs_you = if view.personal {
        let mut approvers = vec![me.clone()];
        approvers.extend(delegators.iter().cloned());
        let mut approvals = uow
            .approval_page(&ApprovalQuery::WaitingOn(approvers), 10)
            .await?;
        // Nobody decides their own request, even standing in for someone.
        let own = approvals
            .items
            .iter()
            .filter(|a| &a.requester == me)
            .count();
        approvals.items.retain(|a| &a.requester != me);
        approvals.total -= own as u64;
        let sla = TicketSet::SlaDue {
            after: None,
            by: window.until,
        };
        NeedsYou {
            approvals,
            tickets: due(uow
                .ticket_page(&TicketScope::AssignedTo(me.clone()), sla, limit)
                .await?),
            answers: uow
                .ticket_page(
                    &TicketScope::RequestedBy(me.clone()),
                    TicketSet::Waiting,
                    limit,
                )
                .await?,
            tasks: uow
                .task_page(&TaskQuery::AssignedDueBy(me.clone(), window.until), limit)
                .await?,
            escalations: held_escalations(uow, me, limit).await?,
            ladder: settings.escalations.levels.len(),
        }
    } else {
        NeedsYou {
            approvals: empty(),
            tickets: empty(),
            answers: empty(),
            tasks: empty(),
            escalations: empty(),
            ladder: settings.escalations.levels.len(),
        }
    };

    let counts = shared.open_ticket_counts(uow, &keys).await?;
    // One batch for every department: a director's digest covers them all.
    let sets = [
        TicketSet::OpenedSince(window.since),
        TicketSet::Unassigned,
        TicketSet::Waiting,
        TicketSet::SlaDue {
            after: None,
            by: window.now,
        },
        TicketSet::SlaDue {
            after: Some(window.now),
            by: window.until,
        },
    ];
    let pages = shared.dept_ticket_pages(uow, &keys, &sets, limit).await?;
    let rated_since = window.now - Duration::days(rating::DIGEST_DAYS);
    let mut ratings = uow.rating_stats(&keys, rated_since).await?;
    let mut depts = Vec::new();
    for (dept, pages) in view.depts.iter().zip(pages) {
        let [new, unassigned, waiting, breached, breaching]: [Page<Ticket>; 5] =
            pages
                .try_into()
                .map_err(|_| StoreError::Other(anyhow::anyhow!("a page per set expected")))?;
        let open = Priority::ALL
            .iter()
            .rev()
            .map(|&p| {
                let n = counts
                    .iter()
                    .filter(|c| c.dept == dept.key && c.priority == p)
                    .map(|c| c.count)
                    .sum();
                (p, n)
            })
            .collect();
        depts.push(DeptSection {
            dept: dept.clone(),
            open,
            new,
            unassigned,
            waiting,
            breached: due(breached),
            breaching: due(breaching),
            ratings: ratings
                .iter()
                .position(|r| r.dept == dept.key)
                .map(|at| ratings.swap_remove(at)),
        });
    }

    let delegated = if view.personal {
        uow.task_page(&TaskQuery::DelegatedDueBy(me.clone(), window.until), limit)
            .await?
    } else {
        empty()
    };

    let resolved_scope = if keys.is_empty() {
        TicketScope::RequestedBy(me.clone())
    } else {
        TicketScope::Depts(keys.clone())
    };
    let decided_query = if keys.is_empty() {
        ApprovalQuery::DecidedFor {
            requester: me.clone(),
            since: window.since,
        }
    } else {
        ApprovalQuery::DecidedInDepts {
            depts: keys.clone(),
            since: window.since,
        }
    };
    let since = Since {
        resolved: shared
            .ticket_page(
                uow,
                &resolved_scope,
                TicketSet::ResolvedSince(window.since),
                limit,
            )
            .await?,
        decided: shared.approval_page(uow, &decided_query, limit).await?,
        done: if view.personal {
            uow.task_page(&TaskQuery::DoneSince(me.clone(), window.since), limit)
                .await?
        } else {
            empty()
        },
    };

    let budgets = if view.personal {
        let today = window.now.with_timezone(&view.tz).date_naive();
        budgets::running_for(uow, settings, &view.reader, today)
            .await
            .map_err(StoreError::Other)?
            .into_iter()
            .map(|(budget, figures)| {
                let dept = departments.iter().find(|d| d.key == budget.dept);
                let dept_name = dept.map_or(budget.dept.as_str(), |d| d.name.as_str());
                BudgetLine {
                    name: budgets::name(dept_name, budget.period),
                    figures,
                }
            })
            .collect()
    } else {
        Vec::new()
    };

    let chart = if view.depts.is_empty() {
        None
    } else {
        Some(chart_data(uow, shared, view, window).await?)
    };
    Ok(Digest {
        needs_you,
        depts,
        delegated,
        since,
        budgets,
        chart,
    })
}

/// The last [`CHART_DAYS`] days in the view's zone: the backlog at the end of each (today:
/// now) and the share of each day's resolutions that met their SLA.
async fn chart_data(
    uow: &mut dyn UnitOfWork,
    shared: &mut Shared,
    view: &View,
    window: Window,
) -> Result<ChartData, StoreError> {
    let today = window.now.with_timezone(&view.tz).date_naive();
    let days: Vec<_> = (0..CHART_DAYS)
        .rev()
        .map(|back| today - Duration::days(back))
        .collect();
    let mut bounds: Vec<DateTime<Utc>> = days.iter().map(|d| start_of_day(*d, view.tz)).collect();
    // Today's point is now, tickets opened this very second included.
    bounds.push(window.now + Duration::seconds(1));
    let keys: Vec<_> = view.depts.iter().map(|d| d.key.clone()).collect();
    let history = shared.ticket_history(uow, &keys, &bounds).await?;
    let in_sla = history
        .resolved
        .iter()
        .zip(&history.resolved_in_sla)
        .map(|(&all, &ok)| (all > 0).then(|| u32::try_from(ok * 100 / all).unwrap_or(100)))
        .collect();
    Ok(ChartData {
        subject: match view.depts.as_slice() {
            [one] => Some(one.name.clone()),
            _ => None,
        },
        days: days.iter().map(|d| d.format("%d.%m").to_string()).collect(),
        backlog: history.active_at,
        in_sla,
    })
}
