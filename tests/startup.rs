//! Starting and stopping: several processes on a new database, a clean exit leaving the
//! database file complete, the bot token checked before anything is opened, an unreachable
//! Discord tried again until it answers.

use std::io::Write;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use opsdesk::config::Config;
use opsdesk::core::time::{AdjustableClock, Clock};
use sqlx::Connection;
use tokio::sync::{oneshot, Notify};

use crate::support::fake_discord::FakeDiscord;
use crate::support::{connect, opsdesk, MONDAY_10AM};

async fn count_tickets(db: &std::path::Path) -> i64 {
    let mut conn = connect(db).await;
    let n = sqlx::query_scalar("SELECT count(*) FROM tickets")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    n
}

fn console(dir: &std::path::Path, db: &std::path::Path) -> Child {
    opsdesk(dir)
        .args(["console", "--now", MONDAY_10AM, "--db"])
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[tokio::test]
async fn four_consoles_started_together_on_a_new_database_all_open_their_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    // All four are started before any is given its input, so they open the database at once.
    let mut children: Vec<Child> = (0..4).map(|_| console(dir.path(), &db)).collect();
    for (n, child) in children.iter_mut().enumerate() {
        let line = format!("@frank /ticket open dept:it title:\"From console {n}\"\n");
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(line.as_bytes()).unwrap();
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "a console failed; stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("[reply] Opened IT-"), "{stdout}");
    }
    assert_eq!(count_tickets(&db).await, 4);
}

#[tokio::test]
async fn a_console_that_ends_leaves_everything_in_the_database_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opsdesk.db");
    let mut child = console(dir.path(), &db);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"@frank /ticket open dept:it title:\"Printer down\"\n")
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let wal = dir.path().join("opsdesk.db-wal");
    assert!(
        std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
        "the write-ahead log still holds data"
    );
    // The .db file alone, copied elsewhere, has the ticket.
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    assert_eq!(count_tickets(&copy).await, 1);
}

/// Runs `opsdesk serve` on a new database with `token` (or none) in `DISCORD_TOKEN`.
fn serve_with_token(token: Option<&str>) -> (bool, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bot.db");
    let mut command = opsdesk(dir.path());
    command.args(["serve", "--db"]).arg(&db);
    if let Some(token) = token {
        command.env("DISCORD_TOKEN", token);
    }
    // Were the token let through, the bot must not reach out to the real Discord.
    command.env("OPSDESK_DISCORD_API", "http://127.0.0.1:9");
    let out = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), stderr, db.exists())
}

#[test]
fn serve_refuses_a_missing_empty_or_malformed_token_before_opening_anything() {
    let cases: [(Option<&str>, &str); 7] = [
        (None, "DISCORD_TOKEN is not set"),
        (Some(""), "DISCORD_TOKEN is empty"),
        (Some("   "), "DISCORD_TOKEN is empty"),
        (
            Some("Bot MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.secretsecretsecretsecretsecretsecret12"),
            "it contains spaces, quotes or line breaks",
        ),
        (
            Some("hunter2-not-a-token"),
            "it has one part separated by dots instead of 3",
        ),
        (
            Some("MTIzNDU2Nzg5MDEyMzQ1Njc4..secretsecretsecretsecretsecretsecret12"),
            "one of its parts is empty",
        ),
        (Some("abc.defghi.jkl"), "it is 14 characters long"),
    ];
    for (token, problem) in cases {
        let (ok, stderr, db_created) = serve_with_token(token);
        assert!(!ok, "{token:?} was accepted");
        assert!(stderr.contains(problem), "{token:?}: {stderr}");
        assert!(
            stderr.contains("MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE."),
            "the message shows what a token looks like: {stderr}"
        );
        assert!(!db_created, "{token:?}: the database was created");
        if let Some(token) = token.filter(|t| t.trim().len() > 3) {
            assert!(!stderr.contains(token), "the token was echoed: {stderr}");
        }
    }
}

#[test]
fn token_messages_speak_romanian_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = opsdesk(dir.path())
        .args(["serve", "--locale", "ro", "--db", "bot.db"])
        .env("DISCORD_TOKEN", "")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DISCORD_TOKEN este goală"), "{stderr}");
}

#[test]
fn serve_refuses_bad_shard_flags_by_name_before_opening_anything_in_both_languages() {
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["--shards", "3-1", "--shard-total", "8"],
            "--shards 3-1: the first shard (3) comes after the last (1)",
            "--shards 3-1: primul shard (3) vine după ultimul (1)",
        ),
        (
            &["--shards", "0-8", "--shard-total", "8"],
            "there is no shard 8 when there are 8 shards (numbered 0 to 7)",
            "nu există shardul 8 când sunt 8 sharduri",
        ),
        (
            &["--shard-total", "0"],
            "--shard-total 0: a bot runs at least one shard",
            "--shard-total 0: un bot rulează cel puțin un shard",
        ),
        (
            &["--shards", "all"],
            "--shards: `all` is not a range of shard numbers",
            "--shards: `all` nu este un interval de numere de shard",
        ),
    ];
    for (flags, english, romanian) in cases {
        for (locale, expected) in [("en", english), ("ro", romanian)] {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("bot.db");
            let out = opsdesk(dir.path())
                .args(["serve", "--locale", locale, "--db"])
                .arg(&db)
                .args(flags)
                .env("DISCORD_TOKEN", opsdesk::adapters::discord::TOKEN_EXAMPLE)
                .env("OPSDESK_DISCORD_API", "http://127.0.0.1:9")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{flags:?} was accepted");
            assert!(stderr.contains(expected), "{flags:?} in {locale}: {stderr}");
            assert!(
                stderr.contains("--shards 0-3 --shard-total 8"),
                "no working example: {stderr}"
            );
            assert!(!db.exists(), "{flags:?}: the database was created");
        }
    }
}

/// The bot serving on a new database against `fake`, stopped by the returned sender.
struct Bot {
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
    _dir: tempfile::TempDir,
}

async fn start_bot(api_base: String) -> Bot {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::demo();
    config.discord.api_base = Some(api_base);
    let now = MONDAY_10AM.parse().unwrap();
    let service = opsdesk::app::open(&config, &dir.path().join("bot.db"), now)
        .await
        .unwrap();
    let clock: Arc<dyn Clock> = Arc::new(AdjustableClock::frozen(now));
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let token = opsdesk::adapters::discord::TOKEN_EXAMPLE;
        let wake = Arc::new(Notify::new());
        opsdesk::adapters::discord::serve(service, &config.discord, token, clock, wake, async {
            let _ = stopped.await;
        })
        .await
    });
    Bot {
        stop,
        task,
        _dir: dir,
    }
}

#[tokio::test]
async fn serve_tries_an_unreachable_discord_again_until_it_answers() {
    let fake = FakeDiscord::start().await;
    // Discord down for two attempts: tried again after 1 s, then after 2 s.
    fake.fail_next("GET", "/gateway/bot", 503, 2);
    let started = Instant::now();
    let bot = start_bot(fake.api_base()).await;
    fake.wait_ready().await;
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "connected after {:?}: the pauses were not 1 s then 2 s",
        started.elapsed()
    );
    let attempts = fake
        .calls()
        .iter()
        .filter(|c| c.path.ends_with("/gateway/bot"))
        .count();
    assert_eq!(attempts, 3);
    bot.stop.send(()).unwrap();
    bot.task.await.unwrap().unwrap();
}

#[tokio::test]
async fn serve_waiting_for_discord_stops_when_asked() {
    // Nothing listens on this port once the listener is gone.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bot = start_bot(format!("http://127.0.0.1:{port}")).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        !bot.task.is_finished(),
        "serve gave up on an unreachable Discord"
    );
    bot.stop.send(()).unwrap();
    let stopped = tokio::time::timeout(Duration::from_secs(5), bot.task).await;
    stopped.expect("serve stopped when asked").unwrap().unwrap();
}

#[tokio::test]
async fn serve_gives_up_at_once_when_discord_refuses_the_token() {
    let fake = FakeDiscord::start().await;
    fake.fail_next("GET", "/gateway/bot", 401, 1);
    let bot = start_bot(fake.api_base()).await;
    let result = tokio::time::timeout(Duration::from_secs(5), bot.task)
        .await
        .expect("serve did not give up")
        .unwrap();
    let error = format!("{:#}", result.unwrap_err());
    assert!(error.contains("Discord refused the token"), "{error}");
}

/// Without `--shard-total`, the range is checked against the total Discord recommends.
#[tokio::test]
async fn serve_refuses_shards_past_the_total_discord_recommends() {
    let fake = FakeDiscord::start().await;
    fake.recommend_shards(2);
    let dir = tempfile::tempdir().unwrap();
    let mut command = opsdesk(dir.path());
    command
        .args([
            "serve",
            "--db",
            "bot.db",
            "--shards",
            "0-3",
            "--discord-api",
        ])
        .arg(fake.api_base())
        .env("DISCORD_TOKEN", opsdesk::adapters::discord::TOKEN_EXAMPLE);
    let out = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a range past the total was run");
    assert!(
        stderr.contains("--shards 0-3: there is no shard 3 when there are 2 shards"),
        "{stderr}"
    );
}
