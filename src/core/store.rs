//! The core's view of storage: a unit of work per command, and the contract every backend
//! keeps.
//!
//! The service opens one unit of work, reads and writes through it, and commits once — so a
//! command's changes, its audit events and the jobs it schedules land together or not at
//! all. The SQLite implementation is in `crate::storage`.
//!
//! # The contract
//! A backend may be used by several workers (tasks, processes) at once. Whatever its means,
//! it guarantees:
//!
//! 1. **Atomic units of work.** Everything written through a unit of work becomes visible
//!    at `commit`, all at once, or not at all: dropping it without `commit` rolls it back.
//! 2. **Serialized writers, or the equivalent.** A [`Mode::Write`] unit of work behaves as if
//!    it ran alone: what it read stays true until it commits. A backend that cannot keep
//!    that (a serialization failure, a snapshot gone stale, a unique key taken by a
//!    concurrent writer) fails the operation with [`StoreError::Conflict`] and changes
//!    nothing, and the caller may run the whole unit of work again. A lock held for longer
//!    than the backend waits is not such a race — writers of opsdesk hold it for
//!    milliseconds, so something else is keeping it — and is
//!    [`StoreError::Unavailable`] with [`StorageFault::Locked`]. A [`Mode::Read`] unit of
//!    work sees one consistent snapshot and must not write.
//! 3. **The audit chain stays one chain.** Reading the head ([`UnitOfWork::audit_head`]) and
//!    appending after it ([`UnitOfWork::append_audit`]) in one write unit of work is atomic:
//!    no other writer appends in between, so sequence numbers are gapless and each event
//!    links to the one before it.
//! 4. **Ids are allocated once.** `next_ticket_number`, `next_task_id`, `next_approval_id`,
//!    `next_escalation_id` and `next_digest_id` never hand the same number to two committed
//!    units of work; a number taken by a unit of work that rolls back may be reused.
//! 5. **A due job is handed to one worker only.** A job returned by
//!    [`UnitOfWork::claim_due_job`] is not returned to any other unit of work until this one
//!    ends; if it commits after [`UnitOfWork::complete_job`], the job never runs again (unless
//!    [`UnitOfWork::put_job`] schedules its key anew); if it rolls back, the job is due again.
//! 6. **Idempotency keys are unique.** [`UnitOfWork::claim_event`] returns `true` for a key
//!    in exactly one committed unit of work, ever; an outbox message's key is unique too.
//! 7. **An outbox message goes to one sender at a time.** Messages leased by
//!    [`UnitOfWork::lease_messages`] are not handed out again (their `next_attempt_at` is the
//!    lease's end) until the lease ends or the sender records their outcome.
//! 8. **Errors are typed.** A missing row that the caller named is [`StoreError::NotFound`]
//!    (lookups that may legitimately find nothing return `Option` instead), a lost race is
//!    [`StoreError::Conflict`], a fault of the storage itself that running again at once
//!    cannot mend (a full disk, an I/O error, damaged data, a lock another program keeps) is
//!    [`StoreError::Unavailable`], anything else is [`StoreError::Other`]. A unit of work that
//!    failed in any of these ways changed nothing, and the next one starts clean: once the
//!    cause is gone (space freed, the other program closed), the store works again without
//!    a restart.
//! 9. **Closing keeps everything in the main storage.** After [`Store::close`], every
//!    committed unit of work is in the backend's main storage alone (for SQLite: the database
//!    file, with its write-ahead log checkpointed and emptied), so copying that storage copies
//!    all of it. Units of work begun after `close` fail.
//! 10. **Digest reads go through indexes.** The queries behind digests
//!     ([`UnitOfWork::open_ticket_counts`], [`UnitOfWork::ticket_page`],
//!     [`UnitOfWork::dept_ticket_pages`],
//!     [`UnitOfWork::ticket_history`], [`UnitOfWork::approval_page`],
//!     [`UnitOfWork::task_page`], [`UnitOfWork::rating_stats`]) run for every subscriber on schedule, over the whole
//!     history of tickets, tasks and approvals: each reads only the rows (or index entries)
//!     it counts or returns, never a whole table. Their orders are part of the contract.
//!
//! Nothing in this interface exposes a backend's own row identities: objects are named by
//! their domain ids, jobs by their keys, cards by their object. The audit trail's `seq` is
//! the chain's own numbering (it is hashed into each event), not a row id.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::audit::seals::Seal;
use super::audit::{Damaged, Event, Head};
use super::domain::approval::{Approval, ApprovalId, Decision, Delegation};
use super::domain::budget::{Budget, Entry, Period};
use super::domain::digest::{DigestId, Subscription};
use super::domain::escalation::{Escalation, EscalationId, Subject};
use super::domain::ids::{DeptKey, Handle, TicketId};
use super::domain::object::{ObjectId, ObjectKind};
use super::domain::org::{Department, Member};
use super::domain::rating::{Rating, RatingStats};
use super::domain::sla::SlaSummary;
use super::domain::task::{Task, TaskFilter, TaskId};
use super::domain::ticket::{Comment, Priority, Status, Ticket, TicketFilter};
use super::jobs::{Job, JobRow, StoredJob};
use super::outbox::{OutboxMessage, Outcome, Pending};

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The object the caller named does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// Another writer got there first; running the unit of work again may succeed.
    #[error("conflict with a concurrent writer: {0}")]
    Conflict(String),
    /// The storage itself failed; nothing was changed, and running the unit of work again
    /// fails the same way until someone removes the cause.
    #[error("storage unavailable ({fault:?}): {detail}")]
    Unavailable { fault: StorageFault, detail: String },
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl StoreError {
    pub fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict(_))
    }
}

/// What is wrong with the storage, as far as the person who has to fix it cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFault {
    /// No space left for the data (the disk, or a size limit).
    Full,
    /// The disk or the operating system failed a read or a write.
    Io,
    /// The stored data is damaged, or is not a database at all.
    Damaged,
    /// Another program keeps the database locked for longer than the store waits.
    Locked,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Whether a unit of work will write. Writers take the write lock up front, so that a
/// read-then-write never fails half-way on a lock upgrade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Read,
    Write,
    /// A writer that keeps the outbox moving (the sender's claim and record of a round):
    /// short, and holding up every notice while it waits, so it goes ahead of writers still
    /// queued — a burst of commands does not keep all their cards until the last reply.
    Deliver,
}

/// Which members to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberFilter {
    Everyone,
    InDept(DeptKey),
}

/// Which escalations to list (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EscalationFilter {
    /// Open or acknowledged.
    Active,
    /// Active ones this member may act on: a holder, or the owner once acknowledged (see
    /// [`Escalation::held_by`]).
    HeldBy(Handle),
    /// Every one, closed ones too.
    All,
    /// Every one raised about this subject, closed ones too.
    About(Subject),
}

/// Which approval requests to list (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalFilter {
    /// Every request this member made, whatever its status.
    RequestedBy(Handle),
    /// Every request still waiting for decisions.
    Pending,
    /// Every request filed for this department and made in `[from, to)`, whatever its status.
    FiledFor {
        dept: DeptKey,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
}

/// Which budgets to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BudgetFilter {
    /// Every budget of one department, for any period.
    Dept(DeptKey),
    /// Every department's budget for exactly this period.
    Period(Period),
    Every,
}

/// Which subscriptions to list (oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionFilter {
    /// Every subscription this member made or was given, ended ones included.
    OwnedBy(Handle),
}

/// Where a ticket's thread is, as the adapter that started it named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketThread {
    pub location: String,
    /// When it was found gone; its notices go to the channel since.
    pub lost_at: Option<DateTime<Utc>>,
}

/// Part of a longer list: the first items in the query's order, and how many there are in
/// all.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub total: u64,
    pub items: Vec<T>,
}

/// Active tickets of one department, priority, status and whether they have an owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTicketCount {
    pub dept: DeptKey,
    pub priority: Priority,
    pub status: Status,
    pub unassigned: bool,
    pub count: u64,
}

/// Whose tickets a digest looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketScope {
    /// Every ticket of these departments.
    Depts(Vec<DeptKey>),
    /// The tickets this member is assigned to.
    AssignedTo(Handle),
    /// The tickets this member asked for.
    RequestedBy(Handle),
}

/// Which tickets of a scope a digest lists, and in which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketSet {
    /// Opened after this instant; newest first.
    OpenedSince(DateTime<Utc>),
    /// Active and without an owner; oldest first (the longest waiting).
    Unassigned,
    /// Waiting on someone outside the department; oldest first.
    Waiting,
    /// A running SLA clock due after `after` (if given) and at or before `by`: breached, or
    /// about to be; soonest due first.
    SlaDue {
        after: Option<DateTime<Utc>>,
        by: DateTime<Utc>,
    },
    /// Resolved after this instant (and not reopened since); latest first.
    ResolvedSince(DateTime<Utc>),
}

/// What a digest's chart shows of some departments, over consecutive periods.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TicketHistory {
    /// Tickets active at each boundary after the first.
    pub active_at: Vec<u64>,
    /// Tickets resolved in each period (between two boundaries).
    pub resolved: Vec<u64>,
    /// Of those, the ones whose SLA clocks were all met on time.
    pub resolved_in_sla: Vec<u64>,
}

/// Which approval requests a digest lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalQuery {
    /// Pending requests whose current step waits on one of these members; oldest first.
    WaitingOn(Vec<Handle>),
    /// Approved or rejected after `since`, for these departments; latest first.
    DecidedInDepts {
        depts: Vec<DeptKey>,
        since: DateTime<Utc>,
    },
    /// Approved or rejected after `since`, requested by this member; latest first.
    DecidedFor {
        requester: Handle,
        since: DateTime<Utc>,
    },
}

/// Which tasks a digest lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskQuery {
    /// Open tasks this member gave someone else, due at or before the instant; soonest due
    /// first.
    DelegatedDueBy(Handle, DateTime<Utc>),
    /// Open tasks assigned to this member, due at or before the instant; soonest due first.
    AssignedDueBy(Handle, DateTime<Utc>),
    /// Tasks this member delegated that were done after the instant; latest first.
    DoneSince(Handle, DateTime<Utc>),
}

/// What an export reads: objects made (or audit events written) in `[from, to)`, either
/// end open when `None`, of one department when given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportRange {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub dept: Option<DeptKey>,
}

#[async_trait]
pub trait Store: Send + Sync {
    async fn begin(&self, mode: Mode) -> Result<Box<dyn UnitOfWork>>;
    /// Waits for the units of work in flight, then leaves everything committed in the main
    /// storage (contract 8).
    async fn close(&self) -> Result<()>;
}

#[async_trait]
pub trait UnitOfWork: Send {
    // Organisation.
    async fn department(&mut self, key: &DeptKey) -> Result<Option<Department>>;
    async fn departments(&mut self) -> Result<Vec<Department>>;
    /// Inserts a department unless its key exists; true if inserted.
    async fn insert_department(&mut self, dept: &Department) -> Result<bool>;
    /// Rewrites a department (the one with its key); `NotFound` if there is none.
    async fn update_department(&mut self, dept: &Department) -> Result<()>;
    async fn member(&mut self, handle: &Handle) -> Result<Option<Member>>;
    /// The member known to the chat platform by `id` (their `external_id`).
    async fn member_by_external_id(&mut self, id: &str) -> Result<Option<Member>>;
    async fn members(&mut self, filter: &MemberFilter) -> Result<Vec<Member>>;
    /// Inserts a member unless the handle exists; true if inserted.
    async fn insert_member(&mut self, member: &Member) -> Result<bool>;
    /// Rewrites a member; `NotFound` if there is none with that handle.
    async fn update_member(&mut self, member: &Member) -> Result<()>;

    // Tickets.
    /// Takes the department's next ticket number (contract 4).
    async fn next_ticket_number(&mut self, dept: &DeptKey) -> Result<u32>;
    /// Writes a new ticket with its SLA at a glance (see [`UnitOfWork::set_ticket_sla`]).
    async fn insert_ticket(&mut self, ticket: &Ticket, sla: &SlaSummary) -> Result<()>;
    async fn ticket(&mut self, id: &TicketId) -> Result<Option<Ticket>>;
    /// Rewrites a ticket; `NotFound` if there is none with that id.
    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<()>;
    /// Up to `filter.limit` tickets, most urgent first, then oldest; and how many match.
    async fn tickets(&mut self, filter: &TicketFilter) -> Result<Page<Ticket>>;
    /// Keeps the ticket's SLA at a glance (next due time of a running clock, a target
    /// missed), beside it, for digests to find through an index. `NotFound` if no such
    /// ticket.
    async fn set_ticket_sla(&mut self, id: &TicketId, sla: &SlaSummary) -> Result<()>;
    async fn insert_comment(&mut self, comment: &Comment) -> Result<()>;
    async fn comments(&mut self, ticket: &TicketId) -> Result<Vec<Comment>>;

    // Ratings.
    /// The requester's rating of the resolution of `ticket` made at `resolved_at`.
    async fn rating(
        &mut self,
        ticket: &TicketId,
        resolved_at: DateTime<Utc>,
    ) -> Result<Option<Rating>>;
    /// Inserts a rating or rewrites its score, comment and `changed_at` (one per resolution).
    async fn save_rating(&mut self, rating: &Rating) -> Result<()>;
    /// Every rating of a ticket, oldest resolution first.
    async fn ratings_of(&mut self, ticket: &TicketId) -> Result<Vec<Rating>>;
    /// For each of `depts` with ratings first given after `since`: how many and their sum, by
    /// department key (contract 10).
    async fn rating_stats(
        &mut self,
        depts: &[DeptKey],
        since: DateTime<Utc>,
    ) -> Result<Vec<RatingStats>>;

    // Tasks.
    /// Takes the next task number (contract 4).
    async fn next_task_id(&mut self) -> Result<TaskId>;
    async fn insert_task(&mut self, task: &Task) -> Result<()>;
    async fn task(&mut self, id: TaskId) -> Result<Option<Task>>;
    /// Rewrites a task (the one with its id).
    async fn update_task(&mut self, task: &Task) -> Result<()>;
    /// Open tasks matching the filter, soonest due first.
    /// Up to `filter.limit` open tasks, soonest due first; and how many match.
    async fn tasks(&mut self, filter: &TaskFilter) -> Result<Page<Task>>;
    /// The open tasks of a repeating series (its first task's id).
    async fn open_tasks_in_series(&mut self, series: TaskId) -> Result<Vec<Task>>;
    /// Every task made for this ticket, done and cancelled ones too, oldest first.
    async fn tasks_of_ticket(&mut self, ticket: &TicketId) -> Result<Vec<Task>>;

    // Approvals.
    /// Takes the next approval number (contract 4).
    async fn next_approval_id(&mut self) -> Result<ApprovalId>;
    /// Inserts a request or rewrites its status, step and approvers.
    async fn save_approval(&mut self, approval: &Approval) -> Result<()>;
    async fn approval(&mut self, id: ApprovalId) -> Result<Option<Approval>>;
    /// Up to `limit` requests matching the filter, newest first.
    async fn approvals(&mut self, filter: &ApprovalFilter, limit: u32) -> Result<Vec<Approval>>;
    /// Records a decision; false if this person already decided this step.
    async fn insert_decision(&mut self, decision: &Decision) -> Result<bool>;
    async fn decisions(&mut self, id: ApprovalId) -> Result<Vec<Decision>>;
    async fn set_delegation(&mut self, delegation: &Delegation) -> Result<()>;
    /// False if there was none.
    async fn remove_delegation(&mut self, from: &Handle) -> Result<bool>;
    async fn delegations(&mut self) -> Result<Vec<Delegation>>;

    // Budgets.
    async fn budget(&mut self, dept: &DeptKey, period: Period) -> Result<Option<Budget>>;
    /// Budgets matching the filter, by department, then period.
    async fn budgets(&mut self, filter: &BudgetFilter) -> Result<Vec<Budget>>;
    /// Inserts a budget or rewrites its allocation, note and alerts.
    async fn save_budget(&mut self, budget: &Budget) -> Result<()>;
    /// The entries of one budget (for a raise not applied yet, of a budget that may not exist),
    /// largest amount first.
    async fn budget_entries(&mut self, dept: &DeptKey, period: Period) -> Result<Vec<Entry>>;
    /// The entries of one request, in every budget it concerns.
    async fn entries_of_request(&mut self, approval: ApprovalId) -> Result<Vec<Entry>>;
    /// Inserts an entry or rewrites its state.
    async fn save_budget_entry(&mut self, entry: &Entry) -> Result<()>;

    // Escalations.
    /// Takes the next escalation number (contract 4).
    async fn next_escalation_id(&mut self) -> Result<EscalationId>;
    /// Inserts an escalation or rewrites its level, holders and status. A second active
    /// escalation for one subject is a `Conflict`.
    async fn save_escalation(&mut self, escalation: &Escalation) -> Result<()>;
    async fn escalation(&mut self, id: EscalationId) -> Result<Option<Escalation>>;
    /// The subject's open or acknowledged escalation, if it has one.
    async fn active_escalation(&mut self, subject: &Subject) -> Result<Option<Escalation>>;
    /// Up to `limit` escalations matching the filter, newest first.
    async fn escalations(
        &mut self,
        filter: EscalationFilter,
        limit: u32,
    ) -> Result<Vec<Escalation>>;
    // Digests.
    /// Takes the next subscription number (contract 4).
    async fn next_digest_id(&mut self) -> Result<DigestId>;
    /// Inserts a subscription or rewrites it (everything but its id and owner can change).
    async fn save_subscription(&mut self, subscription: &Subscription) -> Result<()>;
    async fn subscription(&mut self, id: DigestId) -> Result<Option<Subscription>>;
    async fn subscriptions(&mut self, filter: &SubscriptionFilter) -> Result<Vec<Subscription>>;
    /// Active tickets of these departments, counted by department, priority, status and
    /// owner (contract 9).
    async fn open_ticket_counts(&mut self, depts: &[DeptKey]) -> Result<Vec<OpenTicketCount>>;
    /// Up to `limit` tickets of `scope` in `set`, in the set's order, and how many there are.
    /// Contract 9 holds for the pairs digests ask for: departments with every set,
    /// `AssignedTo` with `SlaDue`, `RequestedBy` with `Waiting` and `ResolvedSince`.
    async fn ticket_page(
        &mut self,
        scope: &TicketScope,
        set: TicketSet,
        limit: u32,
    ) -> Result<Page<Ticket>>;
    /// For each department of `depts` (in order), the page of each set of `sets` (in order),
    /// as [`UnitOfWork::ticket_page`] would give it with `TicketScope::Depts` of that one
    /// department — in a few statements whatever the number of departments (contract 9).
    async fn dept_ticket_pages(
        &mut self,
        depts: &[DeptKey],
        sets: &[TicketSet],
        limit: u32,
    ) -> Result<Vec<Vec<Page<Ticket>>>>;
    /// Counts for a chart of these departments over the periods between consecutive
    /// `bounds` (ascending; at least two), see [`TicketHistory`] (contract 9).
    async fn ticket_history(
        &mut self,
        depts: &[DeptKey],
        bounds: &[DateTime<Utc>],
    ) -> Result<TicketHistory>;
    /// Up to `limit` requests matching the query, in its order, and how many (contract 9).
    async fn approval_page(&mut self, query: &ApprovalQuery, limit: u32) -> Result<Page<Approval>>;
    /// Up to `limit` tasks matching the query, in its order, and how many (contract 9).
    async fn task_page(&mut self, query: &TaskQuery, limit: u32) -> Result<Page<Task>>;

    // Exports: everything made in a range, oldest first, one statement each.
    async fn tickets_made(&mut self, range: &ExportRange) -> Result<Vec<Ticket>>;
    /// Tasks by their creation; the department is the assignee's.
    async fn tasks_made(&mut self, range: &ExportRange) -> Result<Vec<Task>>;
    async fn approvals_made(&mut self, range: &ExportRange) -> Result<Vec<Approval>>;
    async fn escalations_made(&mut self, range: &ExportRange) -> Result<Vec<Escalation>>;
    /// Events of the whole trail written in the range (its department is not looked at), in
    /// chain order.
    async fn audit_between(&mut self, range: &ExportRange) -> Result<Vec<Event>>;

    // Audit trail.
    /// The newest event's position and hash (contract 3).
    async fn audit_head(&mut self) -> Result<Option<Head>>;
    /// Appends events sealed after the head read in this unit of work (contract 3).
    async fn append_audit(&mut self, events: &[Event]) -> Result<()>;
    async fn audit_of(&mut self, object: &ObjectId) -> Result<Vec<Event>>;
    /// Up to `limit` events with `seq > after`, in order; a stored row that cannot be read
    /// as an event comes back as [`Damaged`], in its place.
    async fn audit_page(
        &mut self,
        after: i64,
        limit: u32,
    ) -> Result<Vec<std::result::Result<Event, Damaged>>>;
    /// Up to `limit` objects with a history whose text form sorts after `after`, in that
    /// order (deep verify walks them).
    async fn audited_objects(&mut self, after: &str, limit: u32) -> Result<Vec<String>>;
    /// The first object of `kind` (by id) that exists but has no event in the trail.
    async fn first_unaudited(&mut self, kind: ObjectKind) -> Result<Option<ObjectId>>;
    /// Every seal of the trail, oldest first.
    async fn audit_seals(&mut self) -> Result<Vec<Seal>>;
    /// The number the next seal takes: one more than the highest.
    async fn next_seal_number(&mut self) -> Result<i64>;
    async fn record_seal(&mut self, seal: &Seal) -> Result<()>;

    // Scheduled jobs.
    /// Makes `jobs` the pending jobs of `subject`: new keys are added, pending ones move to
    /// their new due time, pending ones not listed are dropped. Jobs already run stay run.
    async fn replace_jobs(&mut self, subject: &ObjectId, jobs: &[Job]) -> Result<()>;
    /// The job with this key, run or not.
    async fn job(&mut self, key: &str) -> Result<Option<StoredJob>>;
    /// Schedules `job` under its key whatever became of it: a new key is added; a job with
    /// this key, pending or run, takes its kind, due time and payload and is pending again,
    /// keeping its place among jobs due at one instant (they run in the order they were first
    /// scheduled). Its failed attempts count from zero again when the payload changes.
    async fn put_job(&mut self, job: &Job) -> Result<()>;
    /// The pending job due earliest, if it is due at `now`, claimed for this unit of work
    /// (contract 5).
    async fn claim_due_job(&mut self, now: DateTime<Utc>) -> Result<Option<JobRow>>;
    /// Marks the claimed job with this key as run.
    async fn complete_job(&mut self, key: &str, at: DateTime<Utc>) -> Result<()>;
    /// Counts a failed attempt at the job with this key and makes it due again at `retry_at`.
    async fn retry_job(&mut self, key: &str, retry_at: DateTime<Utc>, error: &str) -> Result<()>;
    /// Gives the job with this key up after a failed attempt: it will not run again.
    async fn give_up_job(&mut self, key: &str, at: DateTime<Utc>, error: &str) -> Result<()>;
    /// When the earliest pending job is due.
    async fn next_job_time(&mut self) -> Result<Option<DateTime<Utc>>>;

    // Outbox.
    /// Writes messages to send; a key already there is left as it is.
    async fn enqueue(&mut self, messages: &[OutboxMessage]) -> Result<()>;
    /// Up to `limit` pending messages, oldest first, whatever their next attempt time (a
    /// lane waits behind its oldest message).
    async fn pending_messages(&mut self, limit: u32) -> Result<Vec<Pending>>;
    /// Holds these pending messages for one sender until `until` (contract 8).
    async fn lease_messages(&mut self, keys: &[String], until: DateTime<Utc>) -> Result<()>;
    /// Records what became of claimed messages, all of them at once (contract 7: this ends
    /// their lease).
    async fn record_outcomes(&mut self, outcomes: &[Outcome]) -> Result<()>;
    /// How many messages were refused for good.
    async fn undeliverable_count(&mut self) -> Result<u64>;
    /// When the oldest pending message may next be sent, if any is pending.
    async fn next_message_time(&mut self) -> Result<Option<DateTime<Utc>>>;

    // Cards.
    /// Remembers where an adapter posted the card of `object` (the adapter's own reference).
    async fn remember_card(&mut self, object: &ObjectId, location: &str) -> Result<()>;
    async fn card_locations(&mut self, object: &ObjectId) -> Result<Vec<String>>;

    // Ticket threads (issue #15).
    /// Remembers where an adapter started the thread of `ticket`; a thread already known
    /// stays as it is.
    async fn remember_thread(&mut self, ticket: &TicketId, location: &str) -> Result<()>;
    async fn ticket_thread(&mut self, ticket: &TicketId) -> Result<Option<TicketThread>>;
    /// The ticket whose thread is at `location` (a message written there is about it).
    async fn ticket_in_thread(&mut self, location: &str) -> Result<Option<TicketId>>;
    /// Records that the ticket's thread is gone (deleted, or closed to the bot); false when
    /// it was already known to be, or there is no thread.
    async fn lose_thread(&mut self, ticket: &TicketId, at: DateTime<Utc>) -> Result<bool>;

    // Idempotency.
    /// Records that the platform event `key` is being processed; false if it already was
    /// (contract 6).
    async fn claim_event(&mut self, key: &str, at: DateTime<Utc>) -> Result<bool>;

    async fn commit(self: Box<Self>) -> Result<()>;
}
