//! `/audit verify`: the chain walked link by link from its first row and compared with the
//! seals (those recorded, and one an admin copied from a post); with `deep:true`, every
//! ticket, task and request compared with what its history says (see
//! [`crate::core::audit::replay`]). `opsdesk check` runs both through [`Verification`].

use serde_json::Value;

use super::preview;
use crate::core::audit::replay::{self, Difference, Observed};
use crate::core::audit::seals::{SealCheck, SealFault, Sealed, Witness};
use crate::core::audit::{Fault, Head, Verifier};
use crate::core::domain::object::{ObjectId, ObjectKind};
use crate::core::policy::{self, Action};
use crate::core::service::work::{Ctx, Step};
use crate::core::store::{self, UnitOfWork};
use crate::i18n::Msg;

/// Events read per query while verifying: bounded memory for any length of trail.
const VERIFY_PAGE: u32 = 1000;
/// Objects read per query by the deep check; each one's history is read on its own.
const DEEP_PAGE: u32 = 200;
/// The kinds whose rows the deep check compares with their history.
const DEEP_KINDS: [ObjectKind; 3] = [ObjectKind::Ticket, ObjectKind::Task, ObjectKind::Approval];

pub(in crate::core::service) async fn verify(
    ctx: &mut Ctx<'_>,
    given: Option<Head>,
    deep: bool,
) -> Step {
    policy::check(&ctx.actor, Action::VerifyAudit, "")?;
    let found = Verification::run(ctx.work.uow.as_mut(), given, deep).await?;
    let locale = ctx.locale();
    let lines: Vec<String> = found.messages().iter().map(|m| m.render(locale)).collect();
    ctx.reply_text(lines.join("\n"), false);
    Ok(())
}

/// What verifying found: the chain, and the deep check when it was asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    pub chain: ChainReport,
    pub deep: Option<DeepReport>,
}

impl Verification {
    /// Walks the chain, then (if `deep`, and the chain's links hold) the objects.
    pub async fn run(
        uow: &mut dyn UnitOfWork,
        given: Option<Head>,
        deep: bool,
    ) -> store::Result<Verification> {
        let chain = walk_chain(uow, given).await?;
        let deep = match (deep, &chain.outcome) {
            (false, _) => None,
            // A broken chain says nothing reliable about the history of anything.
            (true, ChainOutcome::Broken { .. }) => Some(DeepReport::Skipped),
            (true, _) => Some(deep_walk(uow).await?),
        };
        Ok(Verification { chain, deep })
    }

    pub fn all_well(&self) -> bool {
        self.chain.is_intact() && self.deep.as_ref().is_none_or(DeepReport::agrees)
    }

    pub fn messages(&self) -> Vec<Msg> {
        let mut lines = self.chain.messages();
        lines.extend(self.deep.as_ref().map(DeepReport::message));
        lines
    }
}

/// What a walk along the whole audit chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Events that verified as links, before anything went wrong.
    pub checked: u64,
    pub outcome: ChainOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainOutcome {
    /// Every event links to the one before and matches its hash, and the chain holds every
    /// seal.
    Intact(Sealed),
    /// The first bad row: its number, its object and action when they could be read, and
    /// what is wrong with it.
    Broken {
        seq: i64,
        about: Option<(String, String)>,
        fault: Fault,
    },
    /// The links hold, but the chain disagrees with a seal.
    Unsealed(SealFault),
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        matches!(self.outcome, ChainOutcome::Intact(_))
    }

    /// The report as `/audit verify` gives it, a line each.
    pub fn messages(&self) -> Vec<Msg> {
        let checked = self.checked as i64;
        match &self.outcome {
            ChainOutcome::Intact(sealed) => {
                let mut lines = vec![Msg::new("audit-intact").arg("count", checked)];
                lines.push(match &sealed.last {
                    Some(seal) => Msg::new("audit-sealed-up-to")
                        .arg("number", seal.number)
                        .arg("seq", seal.head.seq)
                        .arg("hash", seal.head.hash.as_str())
                        // The seal's own event follows it; what came after that is news.
                        .arg("after", checked - seal.head.seq - 1),
                    None => Msg::new("audit-not-sealed"),
                });
                lines.extend(sealed.given.as_ref().map(|head| {
                    Msg::new("audit-matches-given")
                        .arg("seq", head.seq)
                        .arg("hash", head.hash.as_str())
                }));
                lines
            }
            ChainOutcome::Broken { seq, about, fault } => {
                let msg = match about {
                    Some((object, action)) => Msg::new("audit-broken")
                        .arg("object", object.as_str())
                        .arg("action", action.as_str()),
                    None => Msg::new("audit-broken-row"),
                };
                vec![msg
                    .arg("seq", *seq)
                    .arg("reason", fault_reason(fault))
                    .arg("checked", checked)]
            }
            ChainOutcome::Unsealed(fault) => vec![seal_fault(fault)],
        }
    }
}

fn fault_reason(fault: &Fault) -> Msg {
    match fault {
        Fault::BelowOne => Msg::new("audit-fault-below-one"),
        Fault::Unreadable { column } => {
            Msg::new("audit-fault-unreadable").arg("column", column.as_str())
        }
        Fault::Altered => Msg::new("audit-fault-altered"),
        Fault::Missing { expected } => Msg::new("audit-fault-missing").arg("expected", *expected),
        Fault::Unlinked => Msg::new("audit-fault-unlinked"),
    }
}

fn witness(w: &Witness) -> Msg {
    match w {
        Witness::Recorded(seal) => Msg::new("audit-witness-recorded").arg("number", seal.number),
        Witness::Given(_) => Msg::new("audit-witness-given"),
    }
}

fn seal_fault(fault: &SealFault) -> Msg {
    match fault {
        SealFault::Differs { witness: w, found } => Msg::new("audit-seal-differs")
            .arg("witness", witness(w))
            .arg("seq", w.head().seq)
            .arg("hash", w.head().hash.as_str())
            .arg("found", found.as_str()),
        SealFault::Truncated { witness: w, last } => Msg::new("audit-seal-truncated")
            .arg("witness", witness(w))
            .arg("seq", w.head().seq)
            .arg("last", *last),
        SealFault::OwnEventMissing { seal } => Msg::new("audit-seal-own-missing")
            .arg("number", seal.number)
            .arg("seq", seal.head.seq + 1),
        SealFault::Unrecorded { number, seq } => Msg::new("audit-seal-unrecorded")
            .arg("number", *number)
            .arg("seq", *seq),
    }
}

/// Reads the trail page by page through `uow`, from its lowest-numbered row (rows numbered
/// 0 or below included), and verifies the chain and the seals up to the first fault.
async fn walk_chain(uow: &mut dyn UnitOfWork, given: Option<Head>) -> store::Result<ChainReport> {
    let mut verifier = Verifier::default();
    let mut seals = SealCheck::new(uow.audit_seals().await?, given);
    let mut after = i64::MIN;
    loop {
        let page = uow.audit_page(after, VERIFY_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = match last {
            Ok(event) => event.seq,
            Err(damaged) => damaged.seq,
        };
        for row in page {
            let checked = verifier.checked();
            let report = |outcome| ChainReport { checked, outcome };
            let event = match row {
                Ok(event) => event,
                Err(damaged) => {
                    let fault = if damaged.seq < 1 {
                        Fault::BelowOne
                    } else {
                        Fault::Unreadable {
                            column: damaged.column,
                        }
                    };
                    let (seq, about) = (damaged.seq, None);
                    return Ok(report(ChainOutcome::Broken { seq, about, fault }));
                }
            };
            if let Err(fault) = verifier.feed(&event) {
                let seq = event.seq;
                let about = Some((event.object, event.action));
                return Ok(report(ChainOutcome::Broken { seq, about, fault }));
            }
            if let Err(fault) = seals.feed(&event) {
                return Ok(report(ChainOutcome::Unsealed(fault)));
            }
        }
    }
    let last = verifier.head().map_or(0, |head| head.seq);
    let outcome = match seals.finish(last) {
        Ok(sealed) => ChainOutcome::Intact(sealed),
        Err(fault) => ChainOutcome::Unsealed(fault),
    };
    Ok(ChainReport {
        checked: verifier.checked(),
        outcome,
    })
}

/// What the deep check found.
#[derive(Debug, Clone, PartialEq)]
pub enum DeepReport {
    /// Every ticket, task and request (`objects` of them) agrees with its history.
    Agrees { objects: u64 },
    /// The first object whose row and history disagree.
    Differs {
        object: String,
        difference: Difference,
    },
    /// Not run: the chain itself is broken.
    Skipped,
}

impl DeepReport {
    pub fn agrees(&self) -> bool {
        matches!(self, DeepReport::Agrees { .. })
    }

    pub fn message(&self) -> Msg {
        let (object, difference) = match self {
            DeepReport::Agrees { objects } => {
                return Msg::new("audit-deep-agrees").arg("count", *objects as i64)
            }
            DeepReport::Skipped => return Msg::new("audit-deep-skipped"),
            DeepReport::Differs { object, difference } => (object.as_str(), difference),
        };
        let shown = |v: &Value| preview(v);
        let msg = match difference {
            Difference::NoHistory => Msg::new("audit-deep-no-history"),
            Difference::NoRow { seq } => Msg::new("audit-deep-no-row").arg("seq", *seq),
            Difference::Field {
                field,
                trail,
                data,
                seq,
            } => Msg::new("audit-deep-field")
                .arg("field", field.as_str())
                .arg("trail", shown(trail))
                .arg("data", shown(data))
                .arg("seq", *seq),
            Difference::UnrecordedDecision { n, decision } => {
                let get = |f: &str| shown(decision.get(f).unwrap_or(&Value::Null));
                Msg::new("audit-deep-unrecorded-decision")
                    .arg("n", *n)
                    .arg("verdict", get("verdict"))
                    .arg("by", get("by"))
                    .arg("approver", get("approver"))
                    .arg("step", get("step"))
            }
            Difference::MissingDecision { seq } => {
                Msg::new("audit-deep-missing-decision").arg("seq", *seq)
            }
            Difference::DecisionField {
                n,
                seq,
                field,
                trail,
                data,
            } => Msg::new("audit-deep-decision-field")
                .arg("n", *n)
                .arg("field", field.as_str())
                .arg("trail", shown(trail))
                .arg("data", shown(data))
                .arg("seq", *seq),
        };
        msg.arg("object", object)
    }
}

/// Compares every ticket, task and request having a history with it, object by object (so
/// memory holds one object's history at a time), then looks for rows with no history.
async fn deep_walk(uow: &mut dyn UnitOfWork) -> store::Result<DeepReport> {
    let mut after = String::new();
    let mut objects = 0;
    loop {
        let page = uow.audited_objects(&after, DEEP_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.clone();
        for text in page {
            let Ok(object) = ObjectId::parse(&text) else {
                continue;
            };
            let row = match &object {
                ObjectId::Ticket(id) => uow.ticket(id).await?.map(|t| Observed::ticket(&t)),
                ObjectId::Task(id) => uow.task(*id).await?.map(|t| Observed::task(&t)),
                ObjectId::Approval(id) => match uow.approval(*id).await? {
                    Some(approval) => {
                        let decisions = uow.decisions(*id).await?;
                        Some(Observed::approval(&approval, &decisions))
                    }
                    None => None,
                },
                // Their rows are not compared (yet): their history is checked as a chain only.
                ObjectId::Escalation(_)
                | ObjectId::Digest(_)
                | ObjectId::Member(_)
                | ObjectId::Department(_)
                | ObjectId::Budget(..)
                | ObjectId::Audit => continue,
            };
            let events = uow.audit_of(&object).await?;
            objects += 1;
            if let Err(difference) = replay::compare(&events, row.as_ref()) {
                return Ok(DeepReport::Differs {
                    object: text,
                    difference,
                });
            }
        }
    }
    for kind in DEEP_KINDS {
        if let Some(object) = uow.first_unaudited(kind).await? {
            return Ok(DeepReport::Differs {
                object: object.to_string(),
                difference: Difference::NoHistory,
            });
        }
    }
    Ok(DeepReport::Agrees { objects })
}
