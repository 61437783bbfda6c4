//! Domain types: identifiers, text, the organisation, tickets and their SLA clocks.

pub mod ids;
pub mod org;
pub mod sla;
pub mod task;
pub mod text;
pub mod ticket;
