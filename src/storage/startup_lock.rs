//! One process at a time opens a database: an exclusive OS lock on a file beside it.
//!
//! Opening a new database is several steps — create the file, switch it to WAL (which takes
//! SQLite's exclusive lock and fails at once if another connection holds any lock), apply the
//! migrations — and neither SQLite nor sqlx makes them one step: sqlx's migrator takes no
//! lock on SQLite, so two processes both see migration 1 pending and the slower one fails
//! with "table already exists". Held around the whole open, this lock lets exactly one
//! process create and migrate while the others wait, then find nothing left to do.
//!
//! Why this mechanism:
//! - an OS file lock (`flock` on Unix, `LockFileEx` on Windows) is released by the system
//!   when its process ends, however it ends, so a crash never leaves a stale lock behind — a
//!   marker file or a row would;
//! - nothing inside the database can serve, as the database may not exist yet;
//! - the lock is on its own file (`<database>.lock`), not on the database: SQLite locks the
//!   database file with POSIX locks, which a process loses when it closes any handle to that
//!   file, and which some systems implement `flock` with; keeping ours elsewhere cannot
//!   disturb SQLite's.
//!
//! The lock file is left in place: deleting it would let a waiting process lock a file that
//! no longer has a name while a newcomer creates and locks a new one.

use std::ffi::OsString;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Held while a process opens the database; dropping it lets the next process in.
pub(super) struct StartupLock {
    _file: File,
}

/// `opsdesk.db` → `opsdesk.db.lock`, in the same folder.
fn lock_path(db: &Path) -> PathBuf {
    let mut name = OsString::from(db.as_os_str());
    name.push(".lock");
    PathBuf::from(name)
}

/// Waits until no other process is opening the database at `db`, then holds it off until
/// the returned guard is dropped.
pub(super) async fn acquire(db: &Path) -> anyhow::Result<StartupLock> {
    let path = lock_path(db);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => return Ok(StartupLock { _file: file }),
        Err(TryLockError::WouldBlock) => {
            tracing::info!(lock = %path.display(), "another process is opening the database; waiting for it");
        }
        Err(TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("locking {}", path.display()))
        }
    }
    // Waiting blocks a thread: not one of the runtime's, whose other tasks (another store
    // opening in this process, holding the lock) must keep running.
    let file = tokio::task::spawn_blocking(move || file.lock().map(|()| file))
        .await
        .context("waiting for the lock file")?
        .with_context(|| format!("locking {}", path.display()))?;
    Ok(StartupLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_lock_file_sits_beside_the_database() {
        assert_eq!(
            lock_path(Path::new("/srv/opsdesk/opsdesk.db")),
            PathBuf::from("/srv/opsdesk/opsdesk.db.lock")
        );
    }

    #[tokio::test]
    async fn a_second_opener_waits_until_the_first_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let first = acquire(&db).await.unwrap();
        let db2 = db.clone();
        let second = tokio::spawn(async move { acquire(&db2).await.map(|_| ()) });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!second.is_finished(), "the second opener did not wait");
        drop(first);
        tokio::time::timeout(Duration::from_secs(5), second)
            .await
            .expect("the second opener got the lock once the first let go")
            .unwrap()
            .unwrap();
    }
}
