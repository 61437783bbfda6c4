//! One SLA job per ticket (`core::jobs::SlaChain`): each event of a ticket's clocks runs at
//! most once, in time order, and events of tickets due at one instant keep the order the
//! tickets were opened in. On both backends (PostgreSQL when `OPSDESK_TEST_POSTGRES` is set).

use opsdesk::config::Config;
use opsdesk::core::domain::object::ObjectId;
use opsdesk::core::domain::sla::SlaTargets;
use opsdesk::core::store::Mode;
use opsdesk::core::time::span::Span;

use crate::support::{spawn_with, spawn_with_on_postgres, TestApp, MONDAY_10AM};

/// The demo organisation on `postgres` or SQLite, or `None` when PostgreSQL is skipped.
async fn app_on(postgres: bool, config: &Config) -> Option<TestApp> {
    if postgres {
        spawn_with_on_postgres(config, MONDAY_10AM, "frank").await
    } else {
        Some(spawn_with(config, MONDAY_10AM, "frank").await)
    }
}

/// The SLA notices in `out`, in order, as "IT-1 First response warning".
fn notices(out: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for line in out {
        let (rest, stage) = if let Some(i) = line.find("⚠ ") {
            (&line[i + "⚠ ".len()..], "warning")
        } else if let Some(i) = line.find("⛔ SLA breached on ") {
            (&line[i + "⛔ SLA breached on ".len()..], "breach")
        } else {
            continue;
        };
        let (id, rest) = rest.split_once(": ").expect("an id, then the clock");
        let clock = ["First response", "Resolution"]
            .into_iter()
            .find(|c| rest.starts_with(c))
            .expect("a clock");
        found.push(format!("{id} {clock} {stage}"));
    }
    found
}

/// The SLA events the audit trail of `ticket` records, in order, as "first_response warning".
/// (What people see is not enough: an event run twice under the same name sends its message
/// once, the outbox keeps one per key; the trail and an escalation would have it twice.)
async fn recorded(app: &TestApp, ticket: &str) -> Vec<String> {
    let store = app.location().open().await.unwrap();
    let mut uow = store.begin(Mode::Read).await.unwrap();
    let events = uow
        .audit_of(&ObjectId::parse(ticket).unwrap())
        .await
        .unwrap();
    drop(uow);
    store.close().await.unwrap();
    events
        .iter()
        .filter_map(|e| {
            let stage = e.action.strip_prefix("sla.")?;
            let after: serde_json::Value = serde_json::from_str(&e.after).unwrap();
            Some(format!("{} {stage}", after["clock"].as_str().unwrap()))
        })
        .collect()
}

/// Runs `lines` and returns the SLA notices they led to.
async fn notices_of(app: &mut TestApp, lines: &str) -> Vec<String> {
    let out = app.run(lines).await;
    assert!(
        !out.iter().any(|l| l.starts_with("[error]")),
        "{}",
        out.join("\n")
    );
    notices(&out)
}

const OPEN_URGENT: &str = "/ticket open dept:it title:\"Printer down\" priority:urgent";

/// Urgent, opened 10:00: first response warned 10:24, due 10:30.
async fn a_pause_after_the_warning_does_not_bring_it_back(postgres: bool) {
    let Some(mut app) = app_on(postgres, &Config::demo()).await else {
        return;
    };
    let open = format!("{OPEN_URGENT}\n@alice /ticket claim IT-1\n:advance 25m");
    let warned = notices_of(&mut app, &open).await;
    assert_eq!(warned, ["IT-1 First response warning"]);
    // Paused an hour: due 11:30, its warning point (11:24) already behind at the resume.
    let after = notices_of(
        &mut app,
        "@alice /ticket wait id:IT-1 reason:\"Which printer?\"\n:advance 1h\n\
         @alice /ticket resume id:IT-1\n:advance 10m",
    )
    .await;
    assert_eq!(after, ["IT-1 First response breach"]);
    let fr = ["first_response warning", "first_response breach"];
    assert_eq!(recorded(&app, "IT-1").await, fr);
}

async fn a_priority_raised_past_the_warning_point_warns_at_once_then_breaches(postgres: bool) {
    let Some(mut app) = app_on(postgres, &Config::demo()).await else {
        return;
    };
    let quiet = "/ticket open dept:it title:\"Printer down\" priority:normal\n:advance 26m";
    assert_eq!(notices_of(&mut app, quiet).await, Vec::<String>::new());
    // Urgent from 10:00: warned at 10:24 (passed), due 10:30.
    let raised = notices_of(
        &mut app,
        "@alice /ticket priority id:IT-1 priority:urgent\n:advance 1m",
    )
    .await;
    assert_eq!(raised, ["IT-1 First response warning"]);
    let due = notices_of(&mut app, ":advance 5m").await;
    assert_eq!(due, ["IT-1 First response breach"]);
    let fr = ["first_response warning", "first_response breach"];
    assert_eq!(recorded(&app, "IT-1").await, fr);
}

/// Answered at once, the first response clock is met: only the resolution clock speaks
/// (warned 13:12, due 14:00); after a resolve and a reopen, its warning does not come again.
async fn a_reopened_ticket_is_not_warned_twice(postgres: bool) {
    let Some(mut app) = app_on(postgres, &Config::demo()).await else {
        return;
    };
    let warned = notices_of(
        &mut app,
        &format!("{OPEN_URGENT}\n@alice /ticket comment id:IT-1 text:\"On it\"\n:advance 3h13m"),
    )
    .await;
    assert_eq!(warned, ["IT-1 Resolution warning"]);
    let after = notices_of(
        &mut app,
        "@alice /ticket resolve id:IT-1 resolution:\"New toner\"\n:advance 30m\n\
         @frank /ticket reopen id:IT-1\n:advance 2h",
    )
    .await;
    assert_eq!(after, ["IT-1 Resolution breach"]);
    let res = ["resolution warning", "resolution breach"];
    assert_eq!(recorded(&app, "IT-1").await, res);
}

/// Targets 100 and 110 minutes: warnings at 11:20 and 11:28, breaches at 11:40 and 11:50.
async fn the_two_clocks_events_interleave_in_time_order(postgres: bool) {
    let mut config = Config::demo();
    config.sla.urgent = SlaTargets {
        first_response: Span::Minutes(100),
        resolution: Span::Minutes(110),
    };
    let Some(mut app) = app_on(postgres, &config).await else {
        return;
    };
    let all = notices_of(&mut app, &format!("{OPEN_URGENT}\n:advance 2h")).await;
    assert_eq!(
        all,
        [
            "IT-1 First response warning",
            "IT-1 Resolution warning",
            "IT-1 First response breach",
            "IT-1 Resolution breach",
        ]
    );
}

async fn two_tickets_events_due_together_keep_the_tickets_order(postgres: bool) {
    let Some(mut app) = app_on(postgres, &Config::demo()).await else {
        return;
    };
    let opened = format!("{OPEN_URGENT}\n/ticket open dept:it title:\"Mouse\" priority:urgent");
    let all = notices_of(&mut app, &format!("{opened}\n:advance 5h")).await;
    let each = |clock: &str, stage: &str| [1, 2].map(|n| format!("IT-{n} {clock} {stage}"));
    let expected: Vec<String> = [
        each("First response", "warning"),
        each("First response", "breach"),
        each("Resolution", "warning"),
        each("Resolution", "breach"),
    ]
    .concat();
    assert_eq!(all, expected);
}

/// An installation upgraded from before migration 0019 had four jobs per ticket, keyed by
/// clock and stage: the migration makes them one, which goes on where they were and
/// remembers what already ran.
async fn jobs_from_before_one_job_per_ticket_carry_on(postgres: bool) {
    let Some(mut app) = app_on(postgres, &Config::demo()).await else {
        return;
    };
    app.run(OPEN_URGENT).await;
    // As the older version left IT-1 at 10:00 when its first response warning (10:24) had run.
    let (warn, due, res_warn, res_due) =
        (1_796_631_840, 1_796_632_200, 1_796_641_920, 1_796_644_800);
    let old = |id: &str, clock: &str, stage: &str, at: i64, done: &str| {
        format!(
            "('sla:{id}:{clock}:{stage}', 'sla_{stage}', '{id}', {at}, \
             '{{\"kind\":\"sla_{stage}\",\"ticket\":\"{id}\",\"clock\":\"{clock}\"}}', {done})"
        )
    };
    // And IT-9 (long gone) had both first response jobs run, and no other.
    let (done, ran) = (warn.to_string(), due.to_string());
    app.execute(&format!(
        "DELETE FROM jobs WHERE key = 'sla:IT-1';
         INSERT INTO jobs (key, kind, subject, due_at, payload, done_at)
         VALUES {}, {}, {}, {}, {}, {};",
        old("IT-1", "first_response", "warning", warn, &done),
        old("IT-1", "first_response", "breach", due, "NULL"),
        old("IT-1", "resolution", "warning", res_warn, "NULL"),
        old("IT-1", "resolution", "breach", res_due, "NULL"),
        old("IT-9", "first_response", "warning", warn, &done),
        old("IT-9", "first_response", "breach", due, &ran),
    ))
    .await;
    app.execute(if postgres {
        include_str!("../migrations/postgres/0019_sla_chain.sql")
    } else {
        include_str!("../migrations/0019_sla_chain.sql")
    })
    .await;

    let store = app.location().open().await.unwrap();
    let mut uow = store.begin(Mode::Read).await.unwrap();
    let chain = uow
        .job("sla:IT-1")
        .await
        .unwrap()
        .expect("one job for IT-1");
    assert!(chain.pending);
    assert_eq!(
        (chain.row.kind.as_str(), chain.row.due_at.timestamp()),
        ("sla_breach", due)
    );
    for old in [
        "first_response:warning",
        "first_response:breach",
        "resolution:breach",
    ] {
        let key = format!("sla:IT-1:{old}");
        assert_eq!(uow.job(&key).await.unwrap(), None, "{key} is gone");
    }
    let gone = uow
        .job("sla:IT-9")
        .await
        .unwrap()
        .expect("one job for IT-9");
    assert!(!gone.pending, "nothing left to run");
    let (chain, _) = gone.row.decode().unwrap().sla_chain().unwrap();
    assert_eq!(chain.fired.len(), 2);
    drop(uow);
    store.close().await.unwrap();

    // A new plan (high: first response due 12:00, warned 11:36) remembers the warning.
    let rest = notices_of(
        &mut app,
        "@alice /ticket priority id:IT-1 priority:high\n:advance 2h",
    )
    .await;
    assert_eq!(rest, ["IT-1 First response breach"]);
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(false).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(true).await;
                }
            )*
        }
    };
}

on_both!(
    a_pause_after_the_warning_does_not_bring_it_back,
    a_priority_raised_past_the_warning_point_warns_at_once_then_breaches,
    a_reopened_ticket_is_not_warned_twice,
    the_two_clocks_events_interleave_in_time_order,
    two_tickets_events_due_together_keep_the_tickets_order,
    jobs_from_before_one_job_per_ticket_carry_on,
);
