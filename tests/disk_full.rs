//! A full disk: the write that hit it is refused with its own message and changes nothing;
//! the next one works as soon as there is space again, without a restart.
//!
//! Needs a small filesystem to fill: a tmpfs mounted for the test (root, or a container
//! allowed to mount). Where none can be made the test says why and passes as skipped.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sqlx::Connection;
use tempfile::TempDir;

use crate::support::{assert_line, connect, spawn_on, MONDAY_10AM};

/// A tmpfs of a few megabytes, unmounted when dropped — also when the test fails.
struct SmallDisk {
    mount_point: TempDir,
}

impl SmallDisk {
    /// The mounted disk, or why there is none.
    fn mount(size: &str) -> Result<SmallDisk, String> {
        let mount_point = tempfile::tempdir().map_err(|e| format!("no temp dir: {e}"))?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(mount_point.path())
            .output()
            .map_err(|e| format!("cannot run `mount`: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cannot mount a tmpfs (needs root or CAP_SYS_ADMIN): {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(SmallDisk { mount_point })
    }

    fn path(&self) -> &Path {
        self.mount_point.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazy: detaches now even if a file on it is still open (a panicking test may not
        // have closed the database); the temp dir is then removed empty.
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.mount_point.path())
            .status();
    }
}

/// Writes to a file on the disk until it is full; returns the file, to be removed later.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file: File = OpenOptions::new()
        .create_new(true)
        .write(true)
        .open(&path)
        .unwrap();
    for chunk in [1 << 16, 1 << 12, 1] {
        let bytes = vec![0u8; chunk];
        loop {
            match file.write_all(&bytes) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(28) || e.kind() == ErrorKind::StorageFull => {
                    break
                }
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
    }
    path
}

/// Empties the write-ahead log, so that the next commit needs new space on the disk (a log
/// already grown would be reused in place).
async fn checkpoint(db: &Path) {
    let mut conn = connect(db).await;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

#[tokio::test]
async fn a_full_disk_refuses_the_write_cleanly_and_the_next_one_works_once_space_is_back() {
    let disk = match SmallDisk::mount("4m") {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let db = disk.path().join("opsdesk.db");
    let mut app = spawn_on(
        tempfile::tempdir().unwrap(),
        db.clone(),
        MONDAY_10AM,
        "frank",
    )
    .await;
    let out = app.run("/ticket open dept:it title:\"Printer down\"").await;
    assert_line(&out, "[reply]", "Opened IT-1");
    checkpoint(&db).await;

    let filler = fill(disk.path());
    let full = "Could not save: the disk that holds the database is full. Nothing was changed.";
    let out = app.run("/ticket open dept:it title:\"Scanner down\"").await;
    assert_line(&out, "[error]", full);
    assert!(!out.iter().any(|l| l.contains("Opened")), "{out:?}");
    // Still full: the same clear refusal, not a connection stuck in the failed transaction.
    let out = app.run("/ticket open dept:it title:\"Scanner down\"").await;
    assert_line(&out, "[error]", full);
    let out = app.run("@maria /ticket list").await;
    assert!(out.iter().any(|l| l.contains("IT-1")), "{out:?}");
    assert!(
        !out.iter().any(|l| l.contains("IT-2")),
        "a refused write left a ticket: {out:?}"
    );

    std::fs::remove_file(filler).unwrap();
    let out = app.run("/ticket open dept:it title:\"Scanner down\"").await;
    assert_line(&out, "[reply]", "Opened IT-2 · Scanner down");
    let out = app.run("@admin /audit verify").await;
    // 19 seed events (5 departments, 9 members, 5 default digest subscriptions), IT-1 and IT-2.
    assert_line(&out, "[reply]", "Audit trail intact: 21 events verified.");
    app.service.close().await.unwrap();
}
