//! What digests run together read once: the figures of a department (or of several), the
//! organisation, and the charts drawn from them.
//!
//! At a scheduled instant every manager of a department, and every director, is sent a
//! digest of the same departments over the same window: the same statements, most of them
//! the costliest a digest runs (counting and listing a department's tickets over its whole
//! history, the chart's fourteen days), and the same chart. Digests due at one instant run in
//! one unit of work ([`super::batch`]); what one of them read is kept here and handed to the
//! next that asks the same. Digests write only their subscription, their job, the audit trail
//! and the outbox — none of what is kept — so a kept answer is the one the store would give.

use std::future::Future;

use chrono::{DateTime, Utc};

use super::chart::ChartData;
use crate::core::domain::approval::{Approval, Delegation};
use crate::core::domain::ids::DeptKey;
use crate::core::domain::org::Department;
use crate::core::domain::ticket::Ticket;
use crate::core::store::{
    ApprovalQuery, OpenTicketCount, Page, StoreError, TicketHistory, TicketScope, TicketSet,
    UnitOfWork,
};
use crate::i18n::Locale;

/// Answers kept by the question that got them; a handful at most, so a list.
struct Memo<K, V>(Vec<(K, V)>);

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo(Vec::new())
    }
}

impl<K: PartialEq, V: Clone> Memo<K, V> {
    /// The kept answer to `key`, or the one `fetch` gives (then kept).
    async fn get_or<E>(
        &mut self,
        key: K,
        fetch: impl Future<Output = std::result::Result<V, E>>,
    ) -> std::result::Result<V, E> {
        if let Some((_, kept)) = self.0.iter().find(|(k, _)| *k == key) {
            return Ok(kept.clone());
        }
        let fetched = fetch.await?;
        self.0.push((key, fetched.clone()));
        Ok(fetched)
    }
}

/// Each department's page of each set.
type DeptPages = Vec<Vec<Page<Ticket>>>;

/// The reads digests of one instant share. A fresh one shares nothing (`/digest now`).
#[derive(Default)]
pub(super) struct Shared {
    departments: Memo<(), Vec<Department>>,
    delegations: Memo<(), Vec<Delegation>>,
    counts: Memo<Vec<DeptKey>, Vec<OpenTicketCount>>,
    pages: Memo<(Vec<DeptKey>, Vec<TicketSet>, u32), DeptPages>,
    tickets: Memo<(TicketScope, TicketSet, u32), Page<Ticket>>,
    approvals: Memo<(ApprovalQuery, u32), Page<Approval>>,
    history: Memo<(Vec<DeptKey>, Vec<DateTime<Utc>>), TicketHistory>,
    charts: Memo<(ChartData, Locale), Vec<u8>>,
}

type Result<T> = std::result::Result<T, StoreError>;

impl Shared {
    pub async fn departments(&mut self, uow: &mut dyn UnitOfWork) -> Result<Vec<Department>> {
        self.departments.get_or((), uow.departments()).await
    }

    /// The department with this key, from [`Shared::departments`].
    pub async fn department(
        &mut self,
        uow: &mut dyn UnitOfWork,
        key: &DeptKey,
    ) -> Result<Option<Department>> {
        let all = self.departments(uow).await?;
        Ok(all.into_iter().find(|d| &d.key == key))
    }

    pub async fn delegations(&mut self, uow: &mut dyn UnitOfWork) -> Result<Vec<Delegation>> {
        self.delegations.get_or((), uow.delegations()).await
    }

    pub async fn open_ticket_counts(
        &mut self,
        uow: &mut dyn UnitOfWork,
        depts: &[DeptKey],
    ) -> Result<Vec<OpenTicketCount>> {
        let fetch = uow.open_ticket_counts(depts);
        self.counts.get_or(depts.to_vec(), fetch).await
    }

    pub async fn dept_ticket_pages(
        &mut self,
        uow: &mut dyn UnitOfWork,
        depts: &[DeptKey],
        sets: &[TicketSet],
        limit: u32,
    ) -> Result<DeptPages> {
        let fetch = uow.dept_ticket_pages(depts, sets, limit);
        let key = (depts.to_vec(), sets.to_vec(), limit);
        self.pages.get_or(key, fetch).await
    }

    /// A page of departments' tickets; a member's own (assigned, asked for) are theirs
    /// alone and are read every time.
    pub async fn ticket_page(
        &mut self,
        uow: &mut dyn UnitOfWork,
        scope: &TicketScope,
        set: TicketSet,
        limit: u32,
    ) -> Result<Page<Ticket>> {
        let fetch = uow.ticket_page(scope, set, limit);
        match scope {
            TicketScope::Depts(_) => {
                self.tickets
                    .get_or((scope.clone(), set, limit), fetch)
                    .await
            }
            TicketScope::AssignedTo(_) | TicketScope::RequestedBy(_) => fetch.await,
        }
    }

    /// A page of departments' decided requests; those waiting on or asked for by a member
    /// are read every time.
    pub async fn approval_page(
        &mut self,
        uow: &mut dyn UnitOfWork,
        query: &ApprovalQuery,
        limit: u32,
    ) -> Result<Page<Approval>> {
        let fetch = uow.approval_page(query, limit);
        match query {
            ApprovalQuery::DecidedInDepts { .. } => {
                self.approvals.get_or((query.clone(), limit), fetch).await
            }
            ApprovalQuery::WaitingOn(_) | ApprovalQuery::DecidedFor { .. } => fetch.await,
        }
    }

    pub async fn ticket_history(
        &mut self,
        uow: &mut dyn UnitOfWork,
        depts: &[DeptKey],
        bounds: &[DateTime<Utc>],
    ) -> Result<TicketHistory> {
        let fetch = uow.ticket_history(depts, bounds);
        self.history
            .get_or((depts.to_vec(), bounds.to_vec()), fetch)
            .await
    }

    /// The PNG of a chart in a language, drawn once (the same data gives the same bytes).
    pub async fn chart_png(&mut self, data: &ChartData, locale: Locale) -> anyhow::Result<Vec<u8>> {
        let draw = async { super::chart::draw_png(data, locale) };
        self.charts.get_or((data.clone(), locale), draw).await
    }
}
