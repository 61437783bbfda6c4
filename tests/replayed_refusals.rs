//! Regression, issue #9 ("Nothing lost"): a platform event that was refused is answered once.
//! Before, a refusal rolled its transaction back with the event's key in it, so a replay of
//! the same event ran again: it was refused a second time (a reaction's refusal is a direct
//! message, so the person got it twice), or — the state having changed in between — it
//! succeeded, although the person had been told no.

use opsdesk::core::domain::ids::Handle;
use opsdesk::core::service::{Caller, Outcome};

use crate::support::{spawn_app, MONDAY_10AM};

fn caller(handle: &str, key: &str) -> Caller {
    let mut caller = Caller::new(Handle::parse(handle).unwrap());
    caller.event_key = Some(key.to_owned());
    caller
}

fn refusal(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Done(out) if out.iter().any(|o| o.is_error()))
}

#[tokio::test]
async fn a_replayed_refused_event_is_neither_refused_twice_nor_run_later() {
    let app = spawn_app(MONDAY_10AM, "admin").await;
    let now = MONDAY_10AM.parse().unwrap();
    let done = "/task done id:T-1";
    // Alice marks T-1 done before it exists: refused.
    let first = app
        .service
        .execute_line(&caller("alice", "ix:2"), done, now)
        .await;
    assert!(refusal(&first), "{first:?}");
    // The same interaction again, at once: nothing more is said.
    let again = app
        .service
        .execute_line(&caller("alice", "ix:2"), done, now)
        .await;
    assert_eq!(again, Outcome::Replayed);

    // Bob then gives her T-1; the old interaction arriving late must not mark it done.
    let assign = "/task assign user:@alice title:\"Patch the VPN\" due:\"tomorrow 17:00\"";
    let assigned = app
        .service
        .execute_line(&caller("bob", "ix:3"), assign, now)
        .await;
    assert!(!refusal(&assigned), "{assigned:?}");
    let late = app
        .service
        .execute_line(&caller("alice", "ix:2"), done, now)
        .await;
    assert_eq!(late, Outcome::Replayed);
    let shown = app
        .service
        .execute_line(&caller("alice", "ix:4"), "/task show id:T-1", now)
        .await;
    let text = format!("{shown:?}");
    assert!(
        !text.contains("done"),
        "T-1 was marked done by a replay: {text}"
    );
}

#[tokio::test]
async fn a_replayed_reaction_that_needs_a_reason_is_refused_once() {
    let app = spawn_app(MONDAY_10AM, "admin").await;
    let now = MONDAY_10AM.parse().unwrap();
    let request = "/approval request kind:purchase title:\"3 laptops\" amount:\"4500 EUR\" dept:it";
    let requested = app
        .service
        .execute_line(&caller("alice", "ix:1"), request, now)
        .await;
    assert!(!refusal(&requested), "{requested:?}");
    let card = opsdesk::core::domain::object::ObjectId::parse("A-1").unwrap();
    let bob = caller("bob", "rx:77:2002:❌");
    let first = app.service.react(&bob, &card, "❌", None, now).await;
    assert!(refusal(&first), "{first:?}");
    let again = app.service.react(&bob, &card, "❌", None, now).await;
    assert_eq!(again, Outcome::Replayed);
}
