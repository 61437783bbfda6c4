//! The unit of work of either backend: a transaction's connection, handed to the
//! per-aggregate modules (whose SQL serves both), and their errors classified into the
//! core's `StoreError`s by the backend's rules. What differs per backend — its
//! transaction, its classification, what a commit does besides committing — is its
//! [`Backend`].

use std::future::Future;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::sql::Conn;
use super::{
    approvals, audit, budgets, cards, digests, escalations, events, exports, jobs, org, outbox,
    ratings, tasks, threads, tickets,
};
use crate::core::audit::seals::Seal;
use crate::core::audit::{Damaged, Event, Head};
use crate::core::domain::approval::{Approval, ApprovalId, Decision, Delegation};
use crate::core::domain::budget::{Budget, Entry, Period};
use crate::core::domain::digest::{DigestId, Subscription};
use crate::core::domain::escalation::{Escalation, EscalationId, Subject};
use crate::core::domain::ids::{DeptKey, Handle, TicketId};
use crate::core::domain::object::{ObjectId, ObjectKind};
use crate::core::domain::org::{Department, Member};
use crate::core::domain::rating::{Rating, RatingStats};
use crate::core::domain::sla::SlaSummary;
use crate::core::domain::task::{Task, TaskFilter, TaskId};
use crate::core::domain::ticket::{Comment, Ticket, TicketFilter};
use crate::core::jobs::{Job, JobRow, StoredJob};
use crate::core::outbox::{OutboxMessage, Outcome, Pending};
use crate::core::store::{
    ApprovalFilter, ApprovalQuery, BudgetFilter, EscalationFilter, ExportRange, MemberFilter,
    OpenTicketCount, Page, Result, StoreError, SubscriptionFilter, TaskQuery, TicketHistory,
    TicketScope, TicketSet, TicketThread, UnitOfWork,
};

/// A backend's transaction, as the shared unit of work uses it.
pub(super) trait Backend: Send {
    type Conn: Conn;

    fn conn(&mut self) -> &mut Self::Conn;
    /// The core's kind of failure behind an error of this backend.
    fn classify(error: anyhow::Error) -> StoreError;

    fn commit(self) -> impl Future<Output = Result<()>> + Send;
}

/// The parts of a [`Backend`] that read alike on both (written out in each, they would be
/// a twin), for a backend whose transaction is its field `tx`, over a connection of type
/// `$conn`; its own `classify` is in scope where it is used (failures are each backend's).
macro_rules! tx_backend {
    ($conn:ty) => {
        type Conn = $conn;

        fn conn(&mut self) -> &mut $conn {
            &mut self.tx
        }
        fn classify(error: anyhow::Error) -> $crate::core::store::StoreError {
            classify(error)
        }
    };
}
pub(super) use tx_backend;

/// The core's unit of work over a backend's transaction.
pub(super) struct Work<B> {
    backend: B,
}

impl<B: Backend + 'static> Work<B> {
    pub(super) fn boxed(backend: B) -> Box<dyn UnitOfWork> {
        Box::new(Work { backend })
    }
}

#[async_trait]
impl<B: Backend> UnitOfWork for Work<B> {
    async fn department(&mut self, key: &DeptKey) -> Result<Option<Department>> {
        org::department(self.backend.conn(), key)
            .await
            .map_err(B::classify)
    }
    async fn departments(&mut self) -> Result<Vec<Department>> {
        org::departments(self.backend.conn())
            .await
            .map_err(B::classify)
    }
    async fn insert_department(&mut self, dept: &Department) -> Result<bool> {
        org::insert_department(self.backend.conn(), dept)
            .await
            .map_err(B::classify)
    }

    async fn update_department(&mut self, dept: &Department) -> Result<()> {
        org::update_department(self.backend.conn(), dept)
            .await
            .map_err(B::classify)
    }
    async fn member(&mut self, handle: &Handle) -> Result<Option<Member>> {
        org::member(self.backend.conn(), handle)
            .await
            .map_err(B::classify)
    }
    async fn member_by_external_id(&mut self, id: &str) -> Result<Option<Member>> {
        org::member_by_external_id(self.backend.conn(), id)
            .await
            .map_err(B::classify)
    }
    async fn members(&mut self, filter: &MemberFilter) -> Result<Vec<Member>> {
        org::members(self.backend.conn(), filter)
            .await
            .map_err(B::classify)
    }
    async fn insert_member(&mut self, member: &Member) -> Result<bool> {
        org::insert_member(self.backend.conn(), member)
            .await
            .map_err(B::classify)
    }
    async fn update_member(&mut self, member: &Member) -> Result<()> {
        org::update_member(self.backend.conn(), member)
            .await
            .map_err(B::classify)
    }

    async fn next_ticket_number(&mut self, dept: &DeptKey) -> Result<u32> {
        tickets::next_number(self.backend.conn(), dept)
            .await
            .map_err(B::classify)
    }
    async fn insert_ticket(&mut self, ticket: &Ticket, sla: &SlaSummary) -> Result<()> {
        tickets::insert(self.backend.conn(), ticket, sla)
            .await
            .map_err(B::classify)
    }
    async fn ticket(&mut self, id: &TicketId) -> Result<Option<Ticket>> {
        tickets::get(self.backend.conn(), id)
            .await
            .map_err(B::classify)
    }
    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<()> {
        tickets::update(self.backend.conn(), ticket)
            .await
            .map_err(B::classify)
    }
    async fn tickets(&mut self, filter: &TicketFilter) -> Result<Page<Ticket>> {
        tickets::list(self.backend.conn(), filter)
            .await
            .map_err(B::classify)
    }
    async fn set_ticket_sla(&mut self, id: &TicketId, sla: &SlaSummary) -> Result<()> {
        tickets::set_sla(self.backend.conn(), id, sla)
            .await
            .map_err(B::classify)
    }
    async fn insert_comment(&mut self, comment: &Comment) -> Result<()> {
        tickets::insert_comment(self.backend.conn(), comment)
            .await
            .map_err(B::classify)
    }
    async fn comments(&mut self, ticket: &TicketId) -> Result<Vec<Comment>> {
        tickets::comments(self.backend.conn(), ticket)
            .await
            .map_err(B::classify)
    }

    async fn rating(
        &mut self,
        ticket: &TicketId,
        resolved_at: DateTime<Utc>,
    ) -> Result<Option<Rating>> {
        ratings::rating(self.backend.conn(), ticket, resolved_at)
            .await
            .map_err(B::classify)
    }
    async fn save_rating(&mut self, rating: &Rating) -> Result<()> {
        ratings::save(self.backend.conn(), rating)
            .await
            .map_err(B::classify)
    }
    async fn ratings_of(&mut self, ticket: &TicketId) -> Result<Vec<Rating>> {
        ratings::of_ticket(self.backend.conn(), ticket)
            .await
            .map_err(B::classify)
    }
    async fn rating_stats(
        &mut self,
        depts: &[DeptKey],
        since: DateTime<Utc>,
    ) -> Result<Vec<RatingStats>> {
        ratings::stats(self.backend.conn(), depts, since)
            .await
            .map_err(B::classify)
    }

    async fn next_task_id(&mut self) -> Result<TaskId> {
        tasks::next_id(self.backend.conn())
            .await
            .map_err(B::classify)
    }
    async fn insert_task(&mut self, task: &Task) -> Result<()> {
        tasks::insert(self.backend.conn(), task)
            .await
            .map_err(B::classify)
    }
    async fn task(&mut self, id: TaskId) -> Result<Option<Task>> {
        tasks::get(self.backend.conn(), id)
            .await
            .map_err(B::classify)
    }
    async fn update_task(&mut self, task: &Task) -> Result<()> {
        tasks::update(self.backend.conn(), task)
            .await
            .map_err(B::classify)
    }
    async fn tasks(&mut self, filter: &TaskFilter) -> Result<Page<Task>> {
        tasks::list(self.backend.conn(), filter)
            .await
            .map_err(B::classify)
    }
    async fn tasks_of_ticket(&mut self, ticket: &TicketId) -> Result<Vec<Task>> {
        tasks::of_ticket(self.backend.conn(), ticket)
            .await
            .map_err(B::classify)
    }
    async fn open_tasks_in_series(&mut self, series: TaskId) -> Result<Vec<Task>> {
        tasks::open_in_series(self.backend.conn(), series)
            .await
            .map_err(B::classify)
    }

    async fn next_approval_id(&mut self) -> Result<ApprovalId> {
        approvals::next_id(self.backend.conn())
            .await
            .map_err(B::classify)
    }
    async fn save_approval(&mut self, approval: &Approval) -> Result<()> {
        approvals::save(self.backend.conn(), approval)
            .await
            .map_err(B::classify)
    }
    async fn approval(&mut self, id: ApprovalId) -> Result<Option<Approval>> {
        approvals::get(self.backend.conn(), id)
            .await
            .map_err(B::classify)
    }
    async fn approvals(&mut self, filter: &ApprovalFilter, limit: u32) -> Result<Vec<Approval>> {
        approvals::list(self.backend.conn(), filter, limit)
            .await
            .map_err(B::classify)
    }
    async fn insert_decision(&mut self, decision: &Decision) -> Result<bool> {
        approvals::insert_decision(self.backend.conn(), decision)
            .await
            .map_err(B::classify)
    }
    async fn decisions(&mut self, id: ApprovalId) -> Result<Vec<Decision>> {
        approvals::decisions(self.backend.conn(), id)
            .await
            .map_err(B::classify)
    }
    async fn set_delegation(&mut self, delegation: &Delegation) -> Result<()> {
        approvals::set_delegation(self.backend.conn(), delegation)
            .await
            .map_err(B::classify)
    }
    async fn remove_delegation(&mut self, from: &Handle) -> Result<bool> {
        approvals::remove_delegation(self.backend.conn(), from)
            .await
            .map_err(B::classify)
    }
    async fn delegations(&mut self) -> Result<Vec<Delegation>> {
        approvals::delegations(self.backend.conn())
            .await
            .map_err(B::classify)
    }

    async fn budget(&mut self, dept: &DeptKey, period: Period) -> Result<Option<Budget>> {
        budgets::get(self.backend.conn(), dept, period)
            .await
            .map_err(B::classify)
    }
    async fn budgets(&mut self, filter: &BudgetFilter) -> Result<Vec<Budget>> {
        budgets::list(self.backend.conn(), filter)
            .await
            .map_err(B::classify)
    }
    async fn save_budget(&mut self, budget: &Budget) -> Result<()> {
        budgets::save(self.backend.conn(), budget)
            .await
            .map_err(B::classify)
    }
    async fn budget_entries(&mut self, dept: &DeptKey, period: Period) -> Result<Vec<Entry>> {
        budgets::entries(self.backend.conn(), dept, period)
            .await
            .map_err(B::classify)
    }
    async fn entries_of_request(&mut self, approval: ApprovalId) -> Result<Vec<Entry>> {
        budgets::entries_of(self.backend.conn(), approval)
            .await
            .map_err(B::classify)
    }
    async fn save_budget_entry(&mut self, entry: &Entry) -> Result<()> {
        budgets::save_entry(self.backend.conn(), entry)
            .await
            .map_err(B::classify)
    }

    async fn next_escalation_id(&mut self) -> Result<EscalationId> {
        escalations::next_id(self.backend.conn())
            .await
            .map_err(B::classify)
    }
    async fn save_escalation(&mut self, escalation: &Escalation) -> Result<()> {
        escalations::save(self.backend.conn(), escalation)
            .await
            .map_err(B::classify)
    }
    async fn escalation(&mut self, id: EscalationId) -> Result<Option<Escalation>> {
        escalations::get(self.backend.conn(), id)
            .await
            .map_err(B::classify)
    }
    async fn active_escalation(&mut self, subject: &Subject) -> Result<Option<Escalation>> {
        escalations::active_for(self.backend.conn(), subject)
            .await
            .map_err(B::classify)
    }
    async fn escalations(
        &mut self,
        filter: EscalationFilter,
        limit: u32,
    ) -> Result<Vec<Escalation>> {
        escalations::list(self.backend.conn(), &filter, limit)
            .await
            .map_err(B::classify)
    }
    async fn next_digest_id(&mut self) -> Result<DigestId> {
        digests::next_id(self.backend.conn())
            .await
            .map_err(B::classify)
    }
    async fn save_subscription(&mut self, subscription: &Subscription) -> Result<()> {
        digests::save(self.backend.conn(), subscription)
            .await
            .map_err(B::classify)
    }
    async fn subscription(&mut self, id: DigestId) -> Result<Option<Subscription>> {
        digests::get(self.backend.conn(), id)
            .await
            .map_err(B::classify)
    }
    async fn subscriptions(&mut self, filter: &SubscriptionFilter) -> Result<Vec<Subscription>> {
        digests::list(self.backend.conn(), filter)
            .await
            .map_err(B::classify)
    }
    async fn open_ticket_counts(&mut self, depts: &[DeptKey]) -> Result<Vec<OpenTicketCount>> {
        tickets::open_counts(self.backend.conn(), depts)
            .await
            .map_err(B::classify)
    }
    async fn ticket_page(
        &mut self,
        scope: &TicketScope,
        set: TicketSet,
        limit: u32,
    ) -> Result<Page<Ticket>> {
        tickets::page(self.backend.conn(), scope, set, limit)
            .await
            .map_err(B::classify)
    }
    async fn dept_ticket_pages(
        &mut self,
        depts: &[DeptKey],
        sets: &[TicketSet],
        limit: u32,
    ) -> Result<Vec<Vec<Page<Ticket>>>> {
        tickets::dept_pages(self.backend.conn(), depts, sets, limit)
            .await
            .map_err(B::classify)
    }
    async fn ticket_history(
        &mut self,
        depts: &[DeptKey],
        bounds: &[DateTime<Utc>],
    ) -> Result<TicketHistory> {
        tickets::history(self.backend.conn(), depts, bounds)
            .await
            .map_err(B::classify)
    }
    async fn approval_page(&mut self, query: &ApprovalQuery, limit: u32) -> Result<Page<Approval>> {
        approvals::page(self.backend.conn(), query, limit)
            .await
            .map_err(B::classify)
    }
    async fn task_page(&mut self, query: &TaskQuery, limit: u32) -> Result<Page<Task>> {
        tasks::page(self.backend.conn(), query, limit)
            .await
            .map_err(B::classify)
    }

    async fn tickets_made(&mut self, range: &ExportRange) -> Result<Vec<Ticket>> {
        exports::tickets(self.backend.conn(), range)
            .await
            .map_err(B::classify)
    }
    async fn tasks_made(&mut self, range: &ExportRange) -> Result<Vec<Task>> {
        exports::tasks(self.backend.conn(), range)
            .await
            .map_err(B::classify)
    }
    async fn approvals_made(&mut self, range: &ExportRange) -> Result<Vec<Approval>> {
        exports::approvals(self.backend.conn(), range)
            .await
            .map_err(B::classify)
    }
    async fn escalations_made(&mut self, range: &ExportRange) -> Result<Vec<Escalation>> {
        exports::escalations(self.backend.conn(), range)
            .await
            .map_err(B::classify)
    }
    async fn audit_between(&mut self, range: &ExportRange) -> Result<Vec<Event>> {
        exports::audit(self.backend.conn(), range)
            .await
            .map_err(B::classify)
    }

    async fn audit_head(&mut self) -> Result<Option<Head>> {
        audit::head(self.backend.conn()).await.map_err(B::classify)
    }
    async fn append_audit(&mut self, events: &[Event]) -> Result<()> {
        audit::append(self.backend.conn(), events)
            .await
            .map_err(B::classify)
    }
    async fn audit_of(&mut self, object: &ObjectId) -> Result<Vec<Event>> {
        audit::of_object(self.backend.conn(), object)
            .await
            .map_err(B::classify)
    }
    async fn audit_page(
        &mut self,
        after: i64,
        limit: u32,
    ) -> Result<Vec<std::result::Result<Event, Damaged>>> {
        audit::page(self.backend.conn(), after, limit)
            .await
            .map_err(B::classify)
    }
    async fn audited_objects(&mut self, after: &str, limit: u32) -> Result<Vec<String>> {
        audit::objects(self.backend.conn(), after, limit)
            .await
            .map_err(B::classify)
    }
    async fn first_unaudited(&mut self, kind: ObjectKind) -> Result<Option<ObjectId>> {
        audit::first_unaudited(self.backend.conn(), kind)
            .await
            .map_err(B::classify)
    }
    async fn audit_seals(&mut self) -> Result<Vec<Seal>> {
        audit::seals(self.backend.conn()).await.map_err(B::classify)
    }
    async fn next_seal_number(&mut self) -> Result<i64> {
        audit::next_seal_number(self.backend.conn())
            .await
            .map_err(B::classify)
    }
    async fn record_seal(&mut self, seal: &Seal) -> Result<()> {
        audit::insert_seal(self.backend.conn(), seal)
            .await
            .map_err(B::classify)
    }

    async fn enqueue(&mut self, messages: &[OutboxMessage]) -> Result<()> {
        outbox::enqueue(self.backend.conn(), messages)
            .await
            .map_err(B::classify)
    }
    async fn pending_messages(&mut self, limit: u32) -> Result<Vec<Pending>> {
        outbox::pending(self.backend.conn(), limit)
            .await
            .map_err(B::classify)
    }
    async fn lease_messages(&mut self, keys: &[String], until: DateTime<Utc>) -> Result<()> {
        outbox::lease(self.backend.conn(), keys, until)
            .await
            .map_err(B::classify)
    }
    async fn record_outcomes(&mut self, outcomes: &[Outcome]) -> Result<()> {
        outbox::record(self.backend.conn(), outcomes)
            .await
            .map_err(B::classify)
    }
    async fn undeliverable_count(&mut self) -> Result<u64> {
        outbox::failed_count(self.backend.conn())
            .await
            .map_err(B::classify)
    }
    async fn next_message_time(&mut self) -> Result<Option<DateTime<Utc>>> {
        outbox::next_time(self.backend.conn())
            .await
            .map_err(B::classify)
    }

    async fn remember_card(&mut self, object: &ObjectId, location: &str) -> Result<()> {
        cards::remember(self.backend.conn(), object, location)
            .await
            .map_err(B::classify)
    }
    async fn card_locations(&mut self, object: &ObjectId) -> Result<Vec<String>> {
        cards::locations(self.backend.conn(), object)
            .await
            .map_err(B::classify)
    }

    async fn remember_thread(&mut self, ticket: &TicketId, location: &str) -> Result<()> {
        threads::remember(self.backend.conn(), ticket, location)
            .await
            .map_err(B::classify)
    }
    async fn ticket_thread(&mut self, ticket: &TicketId) -> Result<Option<TicketThread>> {
        threads::find(self.backend.conn(), ticket)
            .await
            .map_err(B::classify)
    }
    async fn ticket_in_thread(&mut self, location: &str) -> Result<Option<TicketId>> {
        threads::ticket_at(self.backend.conn(), location)
            .await
            .map_err(B::classify)
    }
    async fn lose_thread(&mut self, ticket: &TicketId, at: DateTime<Utc>) -> Result<bool> {
        threads::lose(self.backend.conn(), ticket, at)
            .await
            .map_err(B::classify)
    }

    async fn claim_event(&mut self, key: &str, at: DateTime<Utc>) -> Result<bool> {
        events::claim(self.backend.conn(), key, at)
            .await
            .map_err(B::classify)
    }

    async fn replace_jobs(&mut self, subject: &ObjectId, jobs: &[Job]) -> Result<()> {
        jobs::replace(self.backend.conn(), subject, jobs)
            .await
            .map_err(B::classify)
    }
    async fn job(&mut self, key: &str) -> Result<Option<StoredJob>> {
        jobs::get(self.backend.conn(), key)
            .await
            .map_err(B::classify)
    }
    async fn put_job(&mut self, job: &Job) -> Result<()> {
        jobs::put(self.backend.conn(), job)
            .await
            .map_err(B::classify)
    }
    async fn claim_due_job(&mut self, now: DateTime<Utc>) -> Result<Option<JobRow>> {
        jobs::claim_due(self.backend.conn(), now)
            .await
            .map_err(B::classify)
    }
    async fn complete_job(&mut self, key: &str, at: DateTime<Utc>) -> Result<()> {
        jobs::complete(self.backend.conn(), key, at)
            .await
            .map_err(B::classify)
    }
    async fn retry_job(&mut self, key: &str, retry_at: DateTime<Utc>, error: &str) -> Result<()> {
        jobs::retry(self.backend.conn(), key, retry_at, error)
            .await
            .map_err(B::classify)
    }
    async fn give_up_job(&mut self, key: &str, at: DateTime<Utc>, error: &str) -> Result<()> {
        jobs::give_up(self.backend.conn(), key, at, error)
            .await
            .map_err(B::classify)
    }
    async fn next_job_time(&mut self) -> Result<Option<DateTime<Utc>>> {
        jobs::next_time(self.backend.conn())
            .await
            .map_err(B::classify)
    }

    async fn commit(self: Box<Self>) -> Result<()> {
        self.backend.commit().await
    }
}
