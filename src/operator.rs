//! The operator's commands beside the bot: `opsdesk backup`, `opsdesk check` and
//! `opsdesk export` (which runs `/export` as a member, through the service).
//!
//! Backup and check open an existing database read-only ([`SqliteStore::open_existing`]): they never
//! create or migrate one, and work while opsdesk runs. What they say comes from the
//! catalogues; a refusal (a bad path, a file that is not opsdesk's) is an `Err(Msg)` for the
//! binary to print, an unexpected failure an `anyhow::Error`.

use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::core::audit::Head;
use crate::core::service::Service;
use crate::core::store::{StorageFault, Store, StoreError};
use crate::i18n::Msg;
use crate::storage::maintenance::OpenExistingError;
use crate::storage::SqliteStore;

/// Exit codes of `opsdesk check`.
pub mod exit {
    /// The pages and the indexes are sound, the audit chain holds its seals, and the data
    /// agrees with its history.
    pub const ALL_WELL: u8 = 0;
    /// The check ran and found damage, a broken chain, a chain that disagrees with a seal,
    /// or data that disagrees with its history.
    pub const PROBLEMS: u8 = 1;
    /// There was nothing to check: no file, not a SQLite database, not opsdesk's, or it
    /// could not be read at all.
    pub const CANNOT_CHECK: u8 = 2;
}

/// What `opsdesk check` found, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub lines: Vec<String>,
    pub all_well: bool,
}

/// Opens the opsdesk database at `db` for a check or a backup, or says why it cannot.
async fn open(db: &Path) -> anyhow::Result<Result<SqliteStore, Msg>> {
    let path = db.display().to_string();
    let refusal = match SqliteStore::open_existing(db).await {
        Ok(store) => return Ok(Ok(store)),
        Err(OpenExistingError::Missing(_)) => "database-missing",
        Err(OpenExistingError::NotSqlite(_)) => "database-not-sqlite",
        Err(OpenExistingError::NotOpsdesk(_)) => "database-not-opsdesk",
        Err(OpenExistingError::Other(e)) => return Err(e),
    };
    Ok(Err(Msg::new(refusal).arg("path", path)))
}

/// `opsdesk check`: SQLite's integrity check, then the audit trail verified as
/// `/audit verify deep:true` does it (against `seal` too, when given), in the organisation's
/// language.
pub async fn check(
    config: &Config,
    db: &Path,
    seal: Option<Head>,
) -> anyhow::Result<Result<CheckReport, Msg>> {
    let locale = config.organisation.locale;
    let store = match open(db).await? {
        Ok(store) => store,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let say = |msg: Msg| msg.render(locale);
    let mut lines = vec![say(
        Msg::new("check-database").arg("path", db.display().to_string())
    )];
    let problems = store.integrity_problems().await?;
    if problems.is_empty() {
        lines.push(say(Msg::new("check-pages-sound")));
    } else {
        lines.push(say(
            Msg::new("check-pages-damaged").arg("count", problems.len())
        ));
        lines.extend(problems.iter().map(|p| format!("  - {p}")));
    }
    let service = Service::new(Arc::new(store), config.settings());
    let trail_sound = match service.verify_audit(seal, true).await {
        Ok(found) => {
            lines.extend(found.messages().into_iter().map(say));
            found.all_well()
        }
        Err(e) if is_damage(&e) => {
            tracing::error!(error = ?e, "reading the audit trail");
            lines.push(say(Msg::new("check-audit-unreadable")));
            false
        }
        Err(e) => return Err(e),
    };
    service.close().await?;
    let all_well = problems.is_empty() && trail_sound;
    lines.push(say(Msg::new(if all_well {
        "check-all-well"
    } else {
        "check-problems"
    })));
    Ok(Ok(CheckReport { lines, all_well }))
}

fn is_damage(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<StoreError>(),
        Some(StoreError::Unavailable {
            fault: StorageFault::Damaged,
            ..
        })
    )
}

/// `opsdesk backup`: a consistent copy of the database at `db`, taken while opsdesk may be
/// running, written to `target`, a new file in an existing folder. Refused, with nothing
/// written, when `target` exists (the database itself included) or its folder does not.
pub async fn backup(db: &Path, target: &Path) -> anyhow::Result<Result<Msg, Msg>> {
    let shown = target.display().to_string();
    // Nothing may be written where something is: `symlink_metadata` sees dangling links too.
    if target.symlink_metadata().is_ok() {
        let itself = match (std::fs::canonicalize(target), std::fs::canonicalize(db)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        let id = if itself {
            "backup-is-database"
        } else {
            "backup-exists"
        };
        return Ok(Err(Msg::new(id).arg("target", shown)));
    }
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Ok(Err(Msg::new("backup-folder-missing")
            .arg("target", shown)
            .arg("folder", folder.display().to_string())));
    }
    let store = match open(db).await? {
        Ok(store) => store,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let copied = store.backup_to(target).await;
    store.close().await?;
    copied?;
    let kib = std::fs::metadata(target)?.len().div_ceil(1024);
    Ok(Ok(Msg::new("backup-done")
        .arg("db", db.display().to_string())
        .arg("target", shown)
        .arg("kib", i64::try_from(kib).unwrap_or(i64::MAX))))
}

/// `opsdesk export`: runs `/export` as `actor` — the same rules, the same file — and hands
/// back the file, or the refusal as the member would read it.
pub async fn export(
    service: &Service,
    actor: &crate::core::domain::ids::Handle,
    request: crate::core::domain::export::ExportRequest,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<crate::core::outbound::Attachment, String> {
    use crate::core::command::Command;
    use crate::core::outbound::Body;
    use crate::core::service::Caller;
    let outcome = service
        .execute(&Caller::new(actor.clone()), Command::Export(request), now)
        .await;
    let messages = outcome.into_messages();
    let attachment = messages.iter().find_map(|out| match &out.body {
        Body::Card(card) if !out.is_error() => card.attachments.first().cloned(),
        _ => None,
    });
    attachment.ok_or_else(|| {
        messages
            .into_iter()
            .map(|out| match out.body {
                Body::Text(text) => text,
                Body::Card(card) => card.title,
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// `opsdesk migrate-db`: the SQLite database at `from` copied into the empty PostgreSQL
/// database at `to`, verified, and committed (see [`crate::storage::migrate`]). The lines
/// to print — each table's rows, then the total and the time taken — or, when nothing was
/// moved, why.
pub async fn migrate_db(
    from: &Path,
    to: &str,
    locale: crate::i18n::Locale,
) -> anyhow::Result<Result<Vec<Msg>, Vec<Msg>>> {
    use crate::core::domain::money::format_number;
    use crate::storage::location::Location;
    use crate::storage::migrate::{self, MigrateError};
    use crate::storage::postgres::redacted;

    let path = from.display().to_string();
    let url = redacted(to);
    if !matches!(Location::parse(to), Location::Postgres(_)) {
        return Ok(Err(vec![
            Msg::new("migrate-target-not-postgres").arg("to", url)
        ]));
    }
    let refusal = match migrate::migrate(from, to).await {
        Ok(moved) => {
            let mut lines: Vec<Msg> = moved
                .tables
                .iter()
                .map(|(table, rows)| {
                    Msg::new("migrate-table")
                        .arg("table", *table)
                        .arg("rows", *rows)
                })
                .collect();
            let rows: u64 = moved.tables.iter().map(|(_, rows)| rows).sum();
            // Hundredths of a second, written as the reader writes decimals.
            let centis = i64::try_from(moved.elapsed.as_millis() / 10).unwrap_or(i64::MAX);
            lines.push(
                Msg::new("migrate-done")
                    .arg("path", path)
                    .arg("url", url)
                    .arg("rows", rows)
                    .arg("tables", moved.tables.len())
                    .arg(
                        "seconds",
                        format_number(centis, locale == crate::i18n::Locale::Ro),
                    )
                    .arg("events", moved.chain.checked),
            );
            return Ok(Ok(lines));
        }
        Err(MigrateError::Source(OpenExistingError::Missing(_))) => {
            Msg::new("migrate-source-missing").arg("path", path)
        }
        Err(MigrateError::Source(OpenExistingError::NotSqlite(_))) => {
            Msg::new("migrate-source-not-sqlite").arg("path", path)
        }
        Err(MigrateError::Source(OpenExistingError::NotOpsdesk(_))) => {
            Msg::new("migrate-source-not-opsdesk").arg("path", path)
        }
        Err(MigrateError::SourceOutdated { found, latest }) => Msg::new("migrate-source-outdated")
            .arg("path", path)
            .arg("found", found)
            .arg("latest", latest),
        Err(MigrateError::TargetUnreachable { reason }) => Msg::new("migrate-target-unreachable")
            .arg("url", url)
            .arg("reason", reason),
        Err(MigrateError::TargetNotEmpty { table }) => Msg::new("migrate-target-not-empty")
            .arg("url", url)
            .arg("table", table),
        Err(MigrateError::CountsDiffer {
            table,
            in_source,
            in_target,
        }) => Msg::new("migrate-counts-differ")
            .arg("path", path)
            .arg("table", table)
            .arg("source", in_source)
            .arg("target", in_target),
        Err(MigrateError::AuditBroken(chain)) => {
            let mut lines = vec![Msg::new("migrate-audit-broken").arg("path", path)];
            lines.extend(chain.messages());
            return Ok(Err(lines));
        }
        Err(MigrateError::Source(OpenExistingError::Other(e)) | MigrateError::Other(e)) => {
            return Err(e)
        }
    };
    Ok(Err(vec![refusal]))
}
