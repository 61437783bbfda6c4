//! The Discord path under load (issue 14): `/ticket open` through the real serenity client
//! against the fake Discord on loopback, the bot and the fake sharing the machine's cores.
//! A benchmark: ignored by default, figures printed, nothing timed is asserted — only that no
//! ticket is lost. Run it with
//! `cargo test --release --test main load_discord -- --ignored --nocapture`.
//!
//! Three runs on one bot: one command at a time, 100 at a time (each of 100 users sends the
//! next as soon as the previous is answered), and a burst of 200 sent at once. For each: the
//! tickets per second (first command sent to last card posted), the latency of the reply (the
//! interaction's answer) and of the card (posted in the department's channel) from the
//! moment the command was sent, and the REST calls the bot made per ticket.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};

use crate::discord::{spawn_bot, DiscordApp};

/// How long one ticket may take before it counts as lost.
const PATIENCE: Duration = Duration::from_secs(60);

/// One run's measurements.
struct Run {
    name: &'static str,
    tickets: usize,
    per_s: f64,
    reply: Vec<Duration>,
    card: Vec<Duration>,
    rest_calls: usize,
    lost: usize,
}

/// `/ticket open` `tickets` times, `concurrency` at once; titles start with `tag`.
async fn open_tickets(
    app: &DiscordApp,
    name: &'static str,
    tag: &str,
    tickets: usize,
    concurrency: usize,
) -> Run {
    let calls_before = app.fake.calls().len();
    let started = Instant::now();
    let sent: Vec<(u64, String, Instant, bool)> = stream::iter(0..tickets)
        .map(|n| async move {
            let id = 50_000_000 + u64::from(tag.as_bytes()[0]) * 100_000 + n as u64;
            let title = format!("Load {tag} {n:05}.");
            let event = app.frank_opens_ticket(id, &title);
            let at = Instant::now();
            assert!(app.fake.dispatch("INTERACTION_CREATE", event).await);
            let answered = app.fake.wait_answered(id, PATIENCE).await;
            (id, title, at, answered)
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    // Every card, found by its ticket's title (waiting for those still on their way).
    let cards_path = format!("/channels/{}/messages", app.channels["it"]);
    let mut card = Vec::new();
    let mut lost = sent.iter().filter(|s| !s.3).count();
    for (_, title, at, _) in &sent {
        let posted = app
            .fake
            .find_call_within(PATIENCE, |c| {
                c.method == "POST"
                    && c.path.ends_with(&cards_path)
                    && c.body.to_string().contains(title.as_str())
            })
            .await;
        match posted {
            Some(call) => card.push(call.received - *at),
            None => lost += 1,
        }
    }
    let calls = app.fake.calls();
    let last = calls.iter().map(|c| c.received).max().unwrap_or(started);
    let answers: HashMap<String, Instant> = calls[calls_before..]
        .iter()
        .filter(|c| c.method == "POST" && c.path.contains("/interactions/"))
        .map(|c| (c.path.clone(), c.received))
        .collect();
    let reply = sent
        .iter()
        .filter_map(|(id, _, at, _)| {
            answers
                .iter()
                .find(|(path, _)| path.contains(&format!("/interactions/{id}/")))
                .map(|(_, received)| *received - *at)
        })
        .collect();
    Run {
        name,
        tickets,
        per_s: tickets as f64 / (last - started).as_secs_f64(),
        reply,
        card,
        rest_calls: calls.len() - calls_before,
        lost,
    }
}

/// The `q`-quantile of `values`, in milliseconds.
fn quantile_ms(values: &mut [Duration], q: f64) -> f64 {
    values.sort();
    let Some(last) = values.len().checked_sub(1) else {
        return 0.0;
    };
    let index = ((q * values.len() as f64).ceil() as usize).clamp(1, last + 1) - 1;
    values[index].as_secs_f64() * 1000.0
}

fn latencies(values: &mut [Duration]) -> String {
    format!(
        "{:.1} / {:.1} / {:.1} / {:.1}",
        quantile_ms(values, 0.5),
        quantile_ms(values, 0.9),
        quantile_ms(values, 0.99),
        quantile_ms(values, 1.0)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run with --ignored --nocapture, in release"]
async fn load_discord_ticket_open() {
    let app = spawn_bot().await;
    // Warm up: connections, statement caches.
    open_tickets(&app, "warm-up", "w", 20, 1).await;
    let runs = [
        open_tickets(&app, "one at a time", "a", 300, 1).await,
        open_tickets(&app, "100 concurrent", "b", 1_000, 100).await,
        open_tickets(&app, "burst of 200", "c", 200, 200).await,
    ];
    println!(
        "{:<16} {:>7} {:>9}  {:<30} {:<30} {:>10} {:>5}",
        "run",
        "tickets",
        "tickets/s",
        "reply p50/p90/p99/max ms",
        "card p50/p90/p99/max ms",
        "REST/ticket",
        "lost"
    );
    for mut run in runs {
        println!(
            "{:<16} {:>7} {:>9.0}  {:<30} {:<30} {:>10.2} {:>5}",
            run.name,
            run.tickets,
            run.per_s,
            latencies(&mut run.reply),
            latencies(&mut run.card),
            run.rest_calls as f64 / run.tickets as f64,
            run.lost
        );
        assert_eq!(run.lost, 0, "{}: tickets lost", run.name);
        assert_eq!(run.reply.len(), run.tickets, "{}: every reply", run.name);
    }
    app.stop().await;
}
