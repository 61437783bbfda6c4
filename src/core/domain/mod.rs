//! Domain types: identifiers (and the typed [`object::ObjectId`] and [`object::Actor`] that
//! cross features), text, money, the organisation, tickets and their SLA clocks,
//! tasks, approvals and their policies, budgets, digest subscriptions.

pub mod approval;
pub mod approval_policy;
pub mod budget;
pub mod digest;
pub mod escalation;
pub mod escalation_policy;
pub mod export;
pub mod ids;
pub mod money;
pub mod object;
pub mod org;
pub mod rating;
pub mod sla;
pub mod task;
pub mod text;
pub mod ticket;
