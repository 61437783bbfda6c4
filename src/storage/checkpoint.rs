//! Write-ahead log checkpoints off the request path.
//!
//! Left to itself, SQLite checkpoints inside the commit that pushes the log past 1,000
//! pages: that one command copies the log into the database file and waits for its fsyncs
//! (15–18 ms here), every fifty tickets or so — the whole of the tail latency. So the pool's
//! connections never checkpoint (`wal_autocheckpoint = 0`, see `SqliteStore::open`) and this
//! task does it on a connection of its own: a PASSIVE checkpoint, which neither takes nor
//! waits for the write lock, after every [`COMMITS_PER_CHECKPOINT`] writes or, when there
//! were fewer, a second after the first of them. Once a checkpoint has caught up with the
//! log, the next writer starts it again from its beginning, so the file stops growing.
//!
//! But the log only starts again from its beginning when a writer begins while every frame
//! of it is in the database file; under writes that never pause, each passive checkpoint
//! ends a commit or two behind (measured: the log grew by 80 MB in 3,000 writes, every
//! checkpoint complete when it began). So once the log has passed [`LOG_LIMIT_FRAMES`], the
//! task takes the store's write gate (see `SqliteStore::begin`) — writers queue behind it,
//! rather than sleeping in SQLite's busy handler — for the moment a RESTART checkpoint
//! needs to copy the last few frames; the next writer starts the log again. That is the
//! one time a writer waits, every few hundred tickets. `SqliteStore::close` stops the task
//! before its own TRUNCATE.
//!
//! The task is one of many on a busy machine, and a burst of writes can outrun it before it
//! is even scheduled (seen with the tests of a whole suite running beside it: the log reached
//! 84 MB). So a writer that finds [`COMMITS_BEFORE_WAITING`] writes since the last checkpoint
//! began waits for the next one to begin: the log's growth is bounded by writes, not by
//! how the scheduler treats the task.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, SqliteConnection};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use super::write_gate::WriteGate;

/// Writes between two checkpoints at most: at ~40 pages a ticket, near SQLite's own
/// 1,000-page threshold, so each checkpoint copies a few hundred (1 KiB) pages.
pub(super) const COMMITS_PER_CHECKPOINT: u32 = 32;

/// Writes after which the next writer waits for a checkpoint to begin (at ~40 one-KiB pages
/// a ticket, some 10 MB of log).
pub(super) const COMMITS_BEFORE_WAITING: u32 = 8 * COMMITS_PER_CHECKPOINT;

/// How long a few writes wait for their checkpoint when no more come.
const QUIET_DELAY: Duration = Duration::from_secs(1);

/// A log this long (in frames: 4 MB with 1 KiB pages, 16 MB in a database made with 4 KiB
/// ones; some 100 tickets) is started again even if a writer has to wait for it.
pub(super) const LOG_LIMIT_FRAMES: i64 = 4_096;

/// The checkpointing task and what wakes it.
#[derive(Debug)]
pub(super) struct Checkpointer {
    signal: Arc<Signal>,
    task: Mutex<Option<JoinHandle<()>>>,
}

/// Frames the log has received, as checkpoints see them (the log's length and salt each time).
#[derive(Debug, Default)]
struct Frames {
    last_log: i64,
    /// The log's salt when last seen: SQLite draws a new one each time the log starts again.
    last_salt: Option<[u8; 4]>,
    total: i64,
}

impl Frames {
    /// The log holds `log` frames, under `salt`. A log started again since the last look holds
    /// only new frames, however many — a count going down would miss a log that started again
    /// and grew past its old length. (It starts again only once every frame seen was copied,
    /// so none went unseen before it did.)
    fn saw(&mut self, log: i64, salt: Option<[u8; 4]>) {
        let started_again = salt != self.last_salt || log < self.last_log;
        self.total += if started_again {
            log
        } else {
            log - self.last_log
        };
        self.last_log = log;
        self.last_salt = salt;
    }
}

/// The salt in the header of the write-ahead log at `path`, if it can be read.
fn wal_salt(path: &std::path::Path) -> Option<[u8; 4]> {
    use std::io::Read;
    let mut header = [0u8; 20];
    std::fs::File::open(path)
        .ok()?
        .read_exact(&mut header)
        .ok()?;
    header[16..20].try_into().ok()
}

/// Shared between the store's writers and the task.
#[derive(Debug, Default)]
struct Signal {
    frames: Mutex<Frames>,
    /// The write-ahead log's file, whose header tells whether the log started again.
    wal: std::path::PathBuf,
    /// Writes committed since the last checkpoint began.
    commits: AtomicU32,
    stopping: AtomicBool,
    wake: Notify,
    /// A checkpoint began (or the task stopped): writers held back may go on.
    began: Notify,
}

impl Checkpointer {
    /// Starts the task; its connection is opened with `options` (the database's own), and
    /// `write_gate` is what the store's writers hold.
    pub(super) fn start(options: SqliteConnectOptions, write_gate: Arc<WriteGate>) -> Checkpointer {
        let mut wal = options.get_filename().as_os_str().to_owned();
        wal.push("-wal");
        let signal = Arc::new(Signal {
            wal: wal.into(),
            ..Signal::default()
        });
        let task = tokio::spawn(run(options, write_gate, signal.clone()));
        Checkpointer {
            signal,
            task: Mutex::new(Some(task)),
        }
    }

    /// Counts a committed write; enough of them wake the task at once.
    pub(super) fn committed(&self) {
        let commits = self.signal.commits.fetch_add(1, Ordering::Relaxed) + 1;
        if commits == 1 || commits >= COMMITS_PER_CHECKPOINT {
            self.signal.wake.notify_one();
        }
    }

    /// Waits, before a write, while too many writes have gone by since the last checkpoint
    /// began (see the module's documentation).
    pub(super) async fn wait_if_behind(&self) {
        loop {
            let began = self.signal.began.notified();
            tokio::pin!(began);
            // Registered before looking, so a checkpoint beginning in between is not missed.
            began.as_mut().enable();
            let behind = self.signal.commits.load(Ordering::Relaxed) >= COMMITS_BEFORE_WAITING;
            if !behind || self.signal.stopping.load(Ordering::Relaxed) {
                return;
            }
            self.signal.wake.notify_one();
            began.await;
        }
    }

    /// Every frame written to the log so far (a page each), counted with a passive checkpoint
    /// on `conn` now: how much a run of commands wrote, for `opsdesk bench`.
    pub(super) async fn frames_written(&self, conn: &mut SqliteConnection) -> sqlx::Result<i64> {
        let (_, log, _) = wal_checkpoint(conn, "PASSIVE").await?;
        let mut frames = self.signal.frames.lock().expect("frames lock");
        frames.saw(log, wal_salt(&self.signal.wal));
        Ok(frames.total)
    }

    /// Stops the task, letting a checkpoint under way finish.
    pub(super) async fn stop(&self) {
        self.signal.stopping.store(true, Ordering::Relaxed);
        self.signal.wake.notify_one();
        self.signal.began.notify_waiters();
        let task = self.task.lock().expect("checkpointer lock").take();
        if let Some(task) = task {
            if let Err(e) = task.await {
                tracing::warn!(error = %e, "the checkpointing task ended badly");
            }
        }
    }
}

async fn run(options: SqliteConnectOptions, write_gate: Arc<WriteGate>, signal: Arc<Signal>) {
    let mut conn: Option<SqliteConnection> = None;
    loop {
        signal.wake.notified().await;
        if signal.stopping.load(Ordering::Relaxed) {
            break;
        }
        // A few writes wait a moment for more; a burst is checkpointed at once.
        if signal.commits.load(Ordering::Relaxed) < COMMITS_PER_CHECKPOINT {
            tokio::select! {
                _ = tokio::time::sleep(QUIET_DELAY) => {}
                _ = signal.wake.notified() => {}
            }
            if signal.stopping.load(Ordering::Relaxed) {
                break;
            }
        }
        let commits = signal.commits.swap(0, Ordering::Relaxed);
        signal.began.notify_waiters();
        if commits == 0 {
            continue;
        }
        if let Err(e) = checkpoint(&options, &write_gate, &signal, &mut conn).await {
            // The log only grows meanwhile; the next writes try again on a new connection.
            tracing::warn!(error = %e, "background checkpoint failed");
            conn = None;
        }
    }
    if let Some(conn) = conn {
        let _ = sqlx::Connection::close(conn).await;
    }
}

/// One passive checkpoint, and a restarting one if the log is too long all the same.
async fn checkpoint(
    options: &SqliteConnectOptions,
    write_gate: &WriteGate,
    signal: &Signal,
    conn: &mut Option<SqliteConnection>,
) -> sqlx::Result<()> {
    let conn = match conn {
        Some(conn) => conn,
        None => conn.insert(options.connect().await?),
    };
    let (_, log, _) = wal_checkpoint(conn, "PASSIVE").await?;
    signal
        .frames
        .lock()
        .expect("frames lock")
        .saw(log, wal_salt(&signal.wal));
    if log > LOG_LIMIT_FRAMES {
        let _no_writer = write_gate.enter(false).await;
        let (busy, log, copied) = wal_checkpoint(conn, "RESTART").await?;
        tracing::debug!(
            busy,
            log,
            copied,
            "write-ahead log over its limit started again"
        );
    }
    Ok(())
}

/// `PRAGMA wal_checkpoint(mode)`: whether it was blocked, the log's frames, and how many of
/// them are in the database file now.
async fn wal_checkpoint(conn: &mut SqliteConnection, mode: &str) -> sqlx::Result<(i64, i64, i64)> {
    sqlx::query_as(&format!("PRAGMA wal_checkpoint({mode})"))
        .fetch_one(conn)
        .await
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::super::SqliteStore;
    use super::Frames;
    use crate::core::store::{Mode, Store};

    #[test]
    fn frames_count_a_log_that_started_again_and_grew_past_its_old_length() {
        let (a, b, c) = (Some([1; 4]), Some([2; 4]), Some([3; 4]));
        let mut frames = Frames::default();
        for (log, salt, total) in [
            (10, a, 10),
            (30, a, 30),
            (50, b, 80),
            (5, c, 85),
            (5, c, 85),
        ] {
            frames.saw(log, salt);
            assert_eq!(frames.total, total, "after {log} frames under {salt:?}");
        }
    }

    /// The log's size on disk.
    fn wal_bytes(db: &std::path::Path) -> u64 {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        std::fs::metadata(wal).map_or(0, |m| m.len())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_log_stays_small_under_a_long_burst_of_writes_and_is_emptied_at_close() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("burst.db");
        let store = SqliteStore::open(&db).await.unwrap();
        let page_size = store.page_size().await.unwrap();
        // Long keys: each write adds six pages or more to the log, many times the limit without
        // checkpoints. With them, the log stays under its limit plus what the writes add
        // while one checkpoint waits for its fsync (up to 200 ms when the disk is busy).
        let padding = "k".repeat(3_000);
        let (mut largest, mut written) = (0, 0);
        for n in 0..6_400 {
            let mut uow = store.begin(Mode::Write).await.unwrap();
            assert!(uow
                .claim_event(&format!("{n}:{padding}"), Utc::now())
                .await
                .unwrap());
            uow.commit().await.unwrap();
            written += 6 * page_size;
            largest = largest.max(wal_bytes(&db));
        }
        let limit = u64::try_from(super::LOG_LIMIT_FRAMES).unwrap() * page_size;
        assert!(written > 9 * limit, "a burst much longer than the limit");
        eprintln!("largest log {largest} bytes for at least {written} written");
        assert!(
            largest < 4 * limit,
            "the log grew to {largest} bytes for {written} written"
        );
        store.close().await.unwrap();
        assert_eq!(wal_bytes(&db), 0, "a clean close empties the log");
    }
}
