//! PostgreSQL for the tests: a fresh schema per test on the server `OPSDESK_TEST_POSTGRES`
//! names (e.g. `postgres://postgres@127.0.0.1:5432/test`), dropped when the test ends.
//! Without the variable, the PostgreSQL runs are skipped, and say so on the terminal.

use std::io::Write;
use std::sync::Once;

use sqlx::{Connection, Executor, PgConnection};

/// The variable naming the server the PostgreSQL runs use.
pub const SERVER_VAR: &str = "OPSDESK_TEST_POSTGRES";

/// A schema of one test's own, dropped (with everything in it) on drop.
pub struct PgSchema {
    server: String,
    name: String,
}

impl PgSchema {
    /// A new empty schema, or `None` (after saying so, once per test run) when no server is
    /// named. A server named but unreachable fails the test: CI must not skip silently.
    pub async fn create() -> Option<PgSchema> {
        let Some(server) = server() else {
            static SAID: Once = Once::new();
            SAID.call_once(|| {
                // Straight to the terminal: the test harness captures `eprintln!`.
                let _ = writeln!(
                    std::io::stderr(),
                    "note: PostgreSQL runs SKIPPED ({SERVER_VAR} is not set); they pass without running"
                );
            });
            return None;
        };
        let name = format!("t_{:016x}", rand_u64());
        let mut conn = PgConnection::connect(&server)
            .await
            .unwrap_or_else(|e| panic!("{SERVER_VAR}={server}: cannot connect: {e}"));
        conn.execute(format!("CREATE SCHEMA {name}").as_str())
            .await
            .expect("create the test schema");
        conn.close().await.ok();
        Some(PgSchema { server, name })
    }

    /// The server's URL, with this schema first on every connection's search path.
    pub fn url(&self) -> String {
        let glue = if self.server.contains('?') { '&' } else { '?' };
        // Named after the schema too, for `Drop` to find the connections left.
        format!(
            "{}{glue}options=-c%20search_path%3D{name}&application_name={name}",
            self.server,
            name = self.name
        )
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        // Drop may run inside the test's runtime, which cannot be blocked on: a thread of
        // its own, with a runtime of its own.
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(async {
                    let mut conn = PgConnection::connect(&server).await?;
                    // A background task of the app may still hold a unit of work, and the
                    // test's runtime (blocked here) cannot end it: its connections go first.
                    sqlx::query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                         WHERE application_name = $1",
                    )
                    .bind(&name)
                    .execute(&mut conn)
                    .await?;
                    conn.execute(format!("DROP SCHEMA {name} CASCADE").as_str())
                        .await?;
                    conn.close().await
                })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            let _ = writeln!(
                std::io::stderr(),
                "warning: test schema {} not dropped",
                self.name
            );
        }
    }
}

/// The server named for the PostgreSQL runs, if any.
pub fn server() -> Option<String> {
    std::env::var(SERVER_VAR).ok().filter(|s| !s.is_empty())
}

/// Enough randomness for names of schemas that exist for one test: the clock's nanoseconds
/// and a counter, hashed.
fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    RandomState::new().hash_one((n, std::process::id()))
}
