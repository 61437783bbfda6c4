//! The PostgreSQL unit of work: one sqlx transaction, handed to the per-aggregate modules,
//! whose errors are classified here into the core's `StoreError`s.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};

use super::super::{
    approvals, audit, budgets, cards, digests, escalations, events, exports, org, outbox, ratings,
    tasks, threads, tickets,
};
use super::{classify, jobs};
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
use crate::core::jobs::{Job, JobRow};
use crate::core::outbox::{OutboxMessage, Outcome, Pending};
use crate::core::store::{
    ApprovalFilter, ApprovalQuery, BudgetFilter, EscalationFilter, ExportRange, MemberFilter,
    OpenTicketCount, Page, Result, SubscriptionFilter, TaskQuery, TicketHistory, TicketScope,
    TicketSet, TicketThread, UnitOfWork,
};
use anyhow::Context;

pub(super) struct PgUnitOfWork {
    tx: Transaction<'static, Postgres>,
}

impl PgUnitOfWork {
    pub(super) fn new(tx: Transaction<'static, Postgres>) -> Self {
        PgUnitOfWork { tx }
    }
}

#[async_trait]
impl UnitOfWork for PgUnitOfWork {
    async fn department(&mut self, key: &DeptKey) -> Result<Option<Department>> {
        org::department(&mut *self.tx, key).await.map_err(classify)
    }
    async fn departments(&mut self) -> Result<Vec<Department>> {
        org::departments(&mut *self.tx).await.map_err(classify)
    }
    async fn insert_department(&mut self, dept: &Department) -> Result<bool> {
        org::insert_department(&mut *self.tx, dept)
            .await
            .map_err(classify)
    }

    async fn update_department(&mut self, dept: &Department) -> Result<()> {
        org::update_department(&mut *self.tx, dept)
            .await
            .map_err(classify)
    }
    async fn member(&mut self, handle: &Handle) -> Result<Option<Member>> {
        org::member(&mut *self.tx, handle).await.map_err(classify)
    }
    async fn member_by_external_id(&mut self, id: &str) -> Result<Option<Member>> {
        org::member_by_external_id(&mut *self.tx, id)
            .await
            .map_err(classify)
    }
    async fn members(&mut self, filter: &MemberFilter) -> Result<Vec<Member>> {
        org::members(&mut *self.tx, filter).await.map_err(classify)
    }
    async fn insert_member(&mut self, member: &Member) -> Result<bool> {
        org::insert_member(&mut *self.tx, member)
            .await
            .map_err(classify)
    }
    async fn update_member(&mut self, member: &Member) -> Result<()> {
        org::update_member(&mut *self.tx, member)
            .await
            .map_err(classify)
    }

    async fn next_ticket_number(&mut self, dept: &DeptKey) -> Result<u32> {
        tickets::next_number(&mut *self.tx, dept)
            .await
            .map_err(classify)
    }
    async fn insert_ticket(&mut self, ticket: &Ticket) -> Result<()> {
        tickets::insert(&mut *self.tx, ticket)
            .await
            .map_err(classify)
    }
    async fn ticket(&mut self, id: &TicketId) -> Result<Option<Ticket>> {
        tickets::get(&mut *self.tx, id).await.map_err(classify)
    }
    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<()> {
        tickets::update(&mut *self.tx, ticket)
            .await
            .map_err(classify)
    }
    async fn tickets(&mut self, filter: &TicketFilter) -> Result<Page<Ticket>> {
        tickets::list(&mut *self.tx, filter).await.map_err(classify)
    }
    async fn set_ticket_sla(&mut self, id: &TicketId, sla: &SlaSummary) -> Result<()> {
        tickets::set_sla(&mut *self.tx, id, sla)
            .await
            .map_err(classify)
    }
    async fn insert_comment(&mut self, comment: &Comment) -> Result<()> {
        tickets::insert_comment(&mut *self.tx, comment)
            .await
            .map_err(classify)
    }
    async fn comments(&mut self, ticket: &TicketId) -> Result<Vec<Comment>> {
        tickets::comments(&mut *self.tx, ticket)
            .await
            .map_err(classify)
    }

    async fn rating(
        &mut self,
        ticket: &TicketId,
        resolved_at: DateTime<Utc>,
    ) -> Result<Option<Rating>> {
        ratings::rating(&mut *self.tx, ticket, resolved_at)
            .await
            .map_err(classify)
    }
    async fn save_rating(&mut self, rating: &Rating) -> Result<()> {
        ratings::save(&mut *self.tx, rating).await.map_err(classify)
    }
    async fn ratings_of(&mut self, ticket: &TicketId) -> Result<Vec<Rating>> {
        ratings::of_ticket(&mut *self.tx, ticket)
            .await
            .map_err(classify)
    }
    async fn rating_stats(
        &mut self,
        depts: &[DeptKey],
        since: DateTime<Utc>,
    ) -> Result<Vec<RatingStats>> {
        ratings::stats(&mut *self.tx, depts, since)
            .await
            .map_err(classify)
    }

    async fn next_task_id(&mut self) -> Result<TaskId> {
        tasks::next_id(&mut *self.tx).await.map_err(classify)
    }
    async fn insert_task(&mut self, task: &Task) -> Result<()> {
        tasks::insert(&mut *self.tx, task).await.map_err(classify)
    }
    async fn task(&mut self, id: TaskId) -> Result<Option<Task>> {
        tasks::get(&mut *self.tx, id).await.map_err(classify)
    }
    async fn update_task(&mut self, task: &Task) -> Result<()> {
        tasks::update(&mut *self.tx, task).await.map_err(classify)
    }
    async fn tasks(&mut self, filter: &TaskFilter) -> Result<Page<Task>> {
        tasks::list(&mut *self.tx, filter).await.map_err(classify)
    }
    async fn tasks_of_ticket(&mut self, ticket: &TicketId) -> Result<Vec<Task>> {
        tasks::of_ticket(&mut *self.tx, ticket)
            .await
            .map_err(classify)
    }
    async fn open_tasks_in_series(&mut self, series: TaskId) -> Result<Vec<Task>> {
        tasks::open_in_series(&mut *self.tx, series)
            .await
            .map_err(classify)
    }

    async fn next_approval_id(&mut self) -> Result<ApprovalId> {
        approvals::next_id(&mut *self.tx).await.map_err(classify)
    }
    async fn save_approval(&mut self, approval: &Approval) -> Result<()> {
        approvals::save(&mut *self.tx, approval)
            .await
            .map_err(classify)
    }
    async fn approval(&mut self, id: ApprovalId) -> Result<Option<Approval>> {
        approvals::get(&mut *self.tx, id).await.map_err(classify)
    }
    async fn approvals(&mut self, filter: &ApprovalFilter, limit: u32) -> Result<Vec<Approval>> {
        approvals::list(&mut *self.tx, filter, limit)
            .await
            .map_err(classify)
    }
    async fn insert_decision(&mut self, decision: &Decision) -> Result<bool> {
        approvals::insert_decision(&mut *self.tx, decision)
            .await
            .map_err(classify)
    }
    async fn decisions(&mut self, id: ApprovalId) -> Result<Vec<Decision>> {
        approvals::decisions(&mut *self.tx, id)
            .await
            .map_err(classify)
    }
    async fn set_delegation(&mut self, delegation: &Delegation) -> Result<()> {
        approvals::set_delegation(&mut *self.tx, delegation)
            .await
            .map_err(classify)
    }
    async fn remove_delegation(&mut self, from: &Handle) -> Result<bool> {
        approvals::remove_delegation(&mut *self.tx, from)
            .await
            .map_err(classify)
    }
    async fn delegations(&mut self) -> Result<Vec<Delegation>> {
        approvals::delegations(&mut *self.tx)
            .await
            .map_err(classify)
    }

    async fn budget(&mut self, dept: &DeptKey, period: Period) -> Result<Option<Budget>> {
        budgets::get(&mut *self.tx, dept, period)
            .await
            .map_err(classify)
    }
    async fn budgets(&mut self, filter: &BudgetFilter) -> Result<Vec<Budget>> {
        budgets::list(&mut *self.tx, filter).await.map_err(classify)
    }
    async fn save_budget(&mut self, budget: &Budget) -> Result<()> {
        budgets::save(&mut *self.tx, budget).await.map_err(classify)
    }
    async fn budget_entries(&mut self, dept: &DeptKey, period: Period) -> Result<Vec<Entry>> {
        budgets::entries(&mut *self.tx, dept, period)
            .await
            .map_err(classify)
    }
    async fn entries_of_request(&mut self, approval: ApprovalId) -> Result<Vec<Entry>> {
        budgets::entries_of(&mut *self.tx, approval)
            .await
            .map_err(classify)
    }
    async fn save_budget_entry(&mut self, entry: &Entry) -> Result<()> {
        budgets::save_entry(&mut *self.tx, entry)
            .await
            .map_err(classify)
    }

    async fn next_escalation_id(&mut self) -> Result<EscalationId> {
        escalations::next_id(&mut *self.tx).await.map_err(classify)
    }
    async fn save_escalation(&mut self, escalation: &Escalation) -> Result<()> {
        escalations::save(&mut *self.tx, escalation)
            .await
            .map_err(classify)
    }
    async fn escalation(&mut self, id: EscalationId) -> Result<Option<Escalation>> {
        escalations::get(&mut *self.tx, id).await.map_err(classify)
    }
    async fn active_escalation(&mut self, subject: &Subject) -> Result<Option<Escalation>> {
        escalations::active_for(&mut *self.tx, subject)
            .await
            .map_err(classify)
    }
    async fn escalations(
        &mut self,
        filter: EscalationFilter,
        limit: u32,
    ) -> Result<Vec<Escalation>> {
        escalations::list(&mut *self.tx, &filter, limit)
            .await
            .map_err(classify)
    }
    async fn next_digest_id(&mut self) -> Result<DigestId> {
        digests::next_id(&mut *self.tx).await.map_err(classify)
    }
    async fn save_subscription(&mut self, subscription: &Subscription) -> Result<()> {
        digests::save(&mut *self.tx, subscription)
            .await
            .map_err(classify)
    }
    async fn subscription(&mut self, id: DigestId) -> Result<Option<Subscription>> {
        digests::get(&mut *self.tx, id).await.map_err(classify)
    }
    async fn subscriptions(&mut self, filter: &SubscriptionFilter) -> Result<Vec<Subscription>> {
        digests::list(&mut *self.tx, filter).await.map_err(classify)
    }
    async fn open_ticket_counts(&mut self, depts: &[DeptKey]) -> Result<Vec<OpenTicketCount>> {
        tickets::open_counts(&mut *self.tx, depts)
            .await
            .map_err(classify)
    }
    async fn ticket_page(
        &mut self,
        scope: &TicketScope,
        set: TicketSet,
        limit: u32,
    ) -> Result<Page<Ticket>> {
        tickets::page(&mut *self.tx, scope, set, limit)
            .await
            .map_err(classify)
    }
    async fn dept_ticket_pages(
        &mut self,
        depts: &[DeptKey],
        sets: &[TicketSet],
        limit: u32,
    ) -> Result<Vec<Vec<Page<Ticket>>>> {
        tickets::dept_pages(&mut *self.tx, depts, sets, limit)
            .await
            .map_err(classify)
    }
    async fn ticket_history(
        &mut self,
        depts: &[DeptKey],
        bounds: &[DateTime<Utc>],
    ) -> Result<TicketHistory> {
        tickets::history(&mut *self.tx, depts, bounds)
            .await
            .map_err(classify)
    }
    async fn approval_page(&mut self, query: &ApprovalQuery, limit: u32) -> Result<Page<Approval>> {
        approvals::page(&mut *self.tx, query, limit)
            .await
            .map_err(classify)
    }
    async fn task_page(&mut self, query: &TaskQuery, limit: u32) -> Result<Page<Task>> {
        tasks::page(&mut *self.tx, query, limit)
            .await
            .map_err(classify)
    }

    async fn tickets_made(&mut self, range: &ExportRange) -> Result<Vec<Ticket>> {
        exports::tickets(&mut *self.tx, range)
            .await
            .map_err(classify)
    }
    async fn tasks_made(&mut self, range: &ExportRange) -> Result<Vec<Task>> {
        exports::tasks(&mut *self.tx, range).await.map_err(classify)
    }
    async fn approvals_made(&mut self, range: &ExportRange) -> Result<Vec<Approval>> {
        exports::approvals(&mut *self.tx, range)
            .await
            .map_err(classify)
    }
    async fn escalations_made(&mut self, range: &ExportRange) -> Result<Vec<Escalation>> {
        exports::escalations(&mut *self.tx, range)
            .await
            .map_err(classify)
    }
    async fn audit_between(&mut self, range: &ExportRange) -> Result<Vec<Event>> {
        exports::audit(&mut *self.tx, range).await.map_err(classify)
    }

    async fn audit_head(&mut self) -> Result<Option<Head>> {
        audit::head(&mut *self.tx).await.map_err(classify)
    }
    async fn append_audit(&mut self, events: &[Event]) -> Result<()> {
        audit::append(&mut *self.tx, events).await.map_err(classify)
    }
    async fn audit_of(&mut self, object: &ObjectId) -> Result<Vec<Event>> {
        audit::of_object(&mut *self.tx, object)
            .await
            .map_err(classify)
    }
    async fn audit_page(
        &mut self,
        after: i64,
        limit: u32,
    ) -> Result<Vec<std::result::Result<Event, Damaged>>> {
        audit::page(&mut *self.tx, after, limit)
            .await
            .map_err(classify)
    }
    async fn audited_objects(&mut self, after: &str, limit: u32) -> Result<Vec<String>> {
        audit::objects(&mut *self.tx, after, limit)
            .await
            .map_err(classify)
    }
    async fn first_unaudited(&mut self, kind: ObjectKind) -> Result<Option<ObjectId>> {
        audit::first_unaudited(&mut *self.tx, kind)
            .await
            .map_err(classify)
    }
    async fn audit_seals(&mut self) -> Result<Vec<Seal>> {
        audit::seals(&mut *self.tx).await.map_err(classify)
    }
    async fn next_seal_number(&mut self) -> Result<i64> {
        audit::next_seal_number(&mut *self.tx)
            .await
            .map_err(classify)
    }
    async fn record_seal(&mut self, seal: &Seal) -> Result<()> {
        audit::insert_seal(&mut *self.tx, seal)
            .await
            .map_err(classify)
    }

    async fn replace_jobs(&mut self, subject: &ObjectId, jobs: &[Job]) -> Result<()> {
        jobs::replace(&mut *self.tx, subject, jobs)
            .await
            .map_err(classify)
    }
    async fn claim_due_job(&mut self, now: DateTime<Utc>) -> Result<Option<JobRow>> {
        jobs::next_due(&mut *self.tx, now).await.map_err(classify)
    }
    async fn complete_job(&mut self, key: &str, at: DateTime<Utc>) -> Result<()> {
        jobs::complete(&mut *self.tx, key, at)
            .await
            .map_err(classify)
    }
    async fn retry_job(&mut self, key: &str, retry_at: DateTime<Utc>, error: &str) -> Result<()> {
        jobs::retry(&mut *self.tx, key, retry_at, error)
            .await
            .map_err(classify)
    }
    async fn give_up_job(&mut self, key: &str, at: DateTime<Utc>, error: &str) -> Result<()> {
        jobs::give_up(&mut *self.tx, key, at, error)
            .await
            .map_err(classify)
    }
    async fn next_job_time(&mut self) -> Result<Option<DateTime<Utc>>> {
        jobs::next_time(&mut *self.tx).await.map_err(classify)
    }

    async fn enqueue(&mut self, messages: &[OutboxMessage]) -> Result<()> {
        outbox::enqueue(&mut *self.tx, messages)
            .await
            .map_err(classify)
    }
    async fn pending_messages(&mut self, limit: u32) -> Result<Vec<Pending>> {
        outbox::pending(&mut *self.tx, limit)
            .await
            .map_err(classify)
    }
    async fn lease_messages(&mut self, keys: &[String], until: DateTime<Utc>) -> Result<()> {
        outbox::lease(&mut *self.tx, keys, until)
            .await
            .map_err(classify)
    }
    async fn record_outcomes(&mut self, outcomes: &[Outcome]) -> Result<()> {
        outbox::record(&mut *self.tx, outcomes)
            .await
            .map_err(classify)
    }
    async fn undeliverable_count(&mut self) -> Result<u64> {
        outbox::failed_count(&mut *self.tx).await.map_err(classify)
    }
    async fn next_message_time(&mut self) -> Result<Option<DateTime<Utc>>> {
        outbox::next_time(&mut *self.tx).await.map_err(classify)
    }

    async fn remember_card(&mut self, object: &ObjectId, location: &str) -> Result<()> {
        cards::remember(&mut *self.tx, object, location)
            .await
            .map_err(classify)
    }
    async fn card_locations(&mut self, object: &ObjectId) -> Result<Vec<String>> {
        cards::locations(&mut *self.tx, object)
            .await
            .map_err(classify)
    }

    async fn claim_event(&mut self, key: &str, at: DateTime<Utc>) -> Result<bool> {
        events::claim(&mut *self.tx, key, at)
            .await
            .map_err(classify)
    }

    async fn commit(self: Box<Self>) -> Result<()> {
        self.tx
            .commit()
            .await
            .context("committing")
            .map_err(classify)
    }

    async fn remember_thread(&mut self, ticket: &TicketId, location: &str) -> Result<()> {
        threads::remember(&mut *self.tx, ticket, location)
            .await
            .map_err(classify)
    }
    async fn ticket_thread(&mut self, ticket: &TicketId) -> Result<Option<TicketThread>> {
        threads::find(&mut *self.tx, ticket).await.map_err(classify)
    }
    async fn ticket_in_thread(&mut self, location: &str) -> Result<Option<TicketId>> {
        threads::ticket_at(&mut *self.tx, location)
            .await
            .map_err(classify)
    }
    async fn lose_thread(&mut self, ticket: &TicketId, at: DateTime<Utc>) -> Result<bool> {
        threads::lose(&mut *self.tx, ticket, at)
            .await
            .map_err(classify)
    }
}
