//! The core's view of storage: a unit of work per command.
//!
//! The service opens one unit of work, reads and writes through it, and commits once — so a
//! command's changes, its audit events and the jobs it schedules land together or not at
//! all. Dropping a unit of work without `commit` rolls it back. The SQLite implementation is
//! in `crate::storage`; a PostgreSQL one can implement the same traits.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::audit::{Event, Head};
use super::domain::approval::{Approval, ApprovalId, Decision, Delegation};
use super::domain::ids::{DeptKey, Handle, TicketId};
use super::domain::org::{Department, Member};
use super::domain::task::{Task, TaskFilter, TaskId};
use super::domain::ticket::{Comment, Ticket, TicketFilter};
use super::jobs::{Job, JobRow};

pub type Result<T> = anyhow::Result<T>;

/// Whether a unit of work will write. Writers take the write lock up front, so that a
/// read-then-write never fails half-way on a lock upgrade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Read,
    Write,
}

#[async_trait]
pub trait Store: Send + Sync {
    async fn begin(&self, mode: Mode) -> Result<Box<dyn UnitOfWork>>;
}

#[async_trait]
pub trait UnitOfWork: Send {
    // Organisation.
    async fn department(&mut self, key: &DeptKey) -> Result<Option<Department>>;
    async fn departments(&mut self) -> Result<Vec<Department>>;
    /// Inserts a department unless its key exists; true if inserted.
    async fn insert_department(&mut self, dept: &Department) -> Result<bool>;
    async fn member(&mut self, handle: &Handle) -> Result<Option<Member>>;
    async fn member_by_discord_id(&mut self, id: &str) -> Result<Option<Member>>;
    async fn members(&mut self, dept: Option<&DeptKey>) -> Result<Vec<Member>>;
    /// Inserts a member unless the handle exists; true if inserted.
    async fn insert_member(&mut self, member: &Member) -> Result<bool>;
    async fn update_member(&mut self, member: &Member) -> Result<()>;

    // Tickets.
    /// Takes the department's next ticket number.
    async fn next_ticket_number(&mut self, dept: &DeptKey) -> Result<u32>;
    async fn insert_ticket(&mut self, ticket: &Ticket) -> Result<()>;
    async fn ticket(&mut self, id: &TicketId) -> Result<Option<Ticket>>;
    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<()>;
    async fn tickets(&mut self, filter: &TicketFilter) -> Result<Vec<Ticket>>;
    async fn insert_comment(&mut self, comment: &Comment) -> Result<()>;
    async fn comments(&mut self, ticket: &TicketId) -> Result<Vec<Comment>>;

    // Tasks.
    async fn next_task_id(&mut self) -> Result<TaskId>;
    async fn insert_task(&mut self, task: &Task) -> Result<()>;
    async fn task(&mut self, id: TaskId) -> Result<Option<Task>>;
    async fn update_task(&mut self, task: &Task) -> Result<()>;
    /// Open tasks matching the filter, soonest due first.
    async fn tasks(&mut self, filter: &TaskFilter) -> Result<Vec<Task>>;
    /// The open tasks of a repeating series (its first task's id).
    async fn open_tasks_in_series(&mut self, series: TaskId) -> Result<Vec<Task>>;

    // Approvals.
    async fn next_approval_id(&mut self) -> Result<ApprovalId>;
    /// Inserts a request or rewrites its status, step and approvers.
    async fn save_approval(&mut self, approval: &Approval) -> Result<()>;
    async fn approval(&mut self, id: ApprovalId) -> Result<Option<Approval>>;
    /// Requests made by `requester`, or every pending one when `None`; newest first.
    async fn approvals(&mut self, requester: Option<&Handle>, limit: u32) -> Result<Vec<Approval>>;
    /// Records a decision; false if this person already decided this step.
    async fn insert_decision(&mut self, decision: &Decision) -> Result<bool>;
    async fn decisions(&mut self, id: ApprovalId) -> Result<Vec<Decision>>;
    async fn set_delegation(&mut self, delegation: &Delegation) -> Result<()>;
    /// False if there was none.
    async fn remove_delegation(&mut self, from: &Handle) -> Result<bool>;
    async fn delegations(&mut self) -> Result<Vec<Delegation>>;

    // Audit trail.
    async fn audit_head(&mut self) -> Result<Option<Head>>;
    async fn append_audit(&mut self, events: &[Event]) -> Result<()>;
    async fn audit_of(&mut self, object: &str) -> Result<Vec<Event>>;
    /// Up to `limit` events with `seq > after`, in order.
    async fn audit_page(&mut self, after: i64, limit: u32) -> Result<Vec<Event>>;

    // Scheduled jobs.
    /// Makes `jobs` the pending jobs of `subject`: new keys are added, pending ones move to
    /// their new due time, pending ones not listed are dropped. Jobs already run stay run.
    async fn replace_jobs(&mut self, subject: &str, jobs: &[Job]) -> Result<()>;
    /// The pending job due earliest, if it is due at `now`.
    async fn next_due_job(&mut self, now: DateTime<Utc>) -> Result<Option<JobRow>>;
    async fn complete_job(&mut self, id: i64, at: DateTime<Utc>) -> Result<()>;
    /// When the earliest pending job is due.
    async fn next_job_time(&mut self) -> Result<Option<DateTime<Utc>>>;

    // Cards.
    /// Remembers where an adapter posted the card of `object`.
    async fn remember_card(&mut self, object: &str, location: &str) -> Result<()>;
    async fn card_locations(&mut self, object: &str) -> Result<Vec<String>>;

    // Idempotency.
    /// Records that the platform event `key` is being processed; false if it already was.
    async fn claim_event(&mut self, key: &str, at: DateTime<Utc>) -> Result<bool>;

    async fn commit(self: Box<Self>) -> Result<()>;
}
