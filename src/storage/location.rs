//! Which database opsdesk runs on: a SQLite file (the default, one machine) or a PostgreSQL
//! server (several processes sharing it), and the rule that picks one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::postgres::{self, PgStore};
use super::SqliteStore;
use crate::core::store::Store;

/// Where the data is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL database, by its `postgres://` (or `postgresql://`) URL.
    Postgres(String),
}

impl Location {
    /// Reads one setting: a `postgres://` or `postgresql://` URL names a PostgreSQL
    /// database; `sqlite:` followed by a path, or a plain path, a SQLite file.
    pub fn parse(text: &str) -> Location {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Location::Postgres(text.to_owned());
        }
        let path = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"));
        Location::Sqlite(PathBuf::from(path.unwrap_or(text)))
    }

    /// The first setting given, in the order they win: the `--db` flag (or `OPSDESK_DB`),
    /// `DATABASE_URL`, the configuration's `[database] url`, its `[database] path`; with
    /// none, `opsdesk.db`.
    pub fn choose(
        flag: Option<&Path>,
        database_url: Option<&str>,
        config_url: Option<&str>,
        config_path: Option<&Path>,
    ) -> Location {
        if let Some(flag) = flag {
            return match flag.to_str() {
                Some(text) => Location::parse(text),
                None => Location::Sqlite(flag.to_owned()),
            };
        }
        if let Some(url) = database_url.or(config_url) {
            return Location::parse(url);
        }
        Location::Sqlite(config_path.map_or_else(|| "opsdesk.db".into(), Path::to_owned))
    }

    /// Opens the store (creating and migrating it as needed).
    pub async fn open(&self) -> anyhow::Result<Arc<dyn Store>> {
        Ok(match self {
            Location::Sqlite(path) => Arc::new(SqliteStore::open(path).await?),
            Location::Postgres(url) => Arc::new(PgStore::connect(url).await?),
        })
    }

    /// The SQLite file, for the tools that work on one only (backup, check).
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            Location::Sqlite(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }
}

/// For messages: the file's path, or the URL without its password.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&postgres::redacted(url)),
        }
    }
}

impl From<&Path> for Location {
    fn from(path: &Path) -> Location {
        Location::Sqlite(path.to_owned())
    }
}

impl From<&PathBuf> for Location {
    fn from(path: &PathBuf) -> Location {
        Location::Sqlite(path.clone())
    }
}

impl From<&Location> for Location {
    fn from(location: &Location) -> Location {
        location.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(path: &str) -> Location {
        Location::Sqlite(path.into())
    }

    #[test]
    fn a_url_names_postgres_and_anything_else_a_sqlite_file() {
        let pg = "postgres://opsdesk@db.example/opsdesk";
        assert_eq!(Location::parse(pg), Location::Postgres(pg.into()));
        let pg = "postgresql://db.example/opsdesk";
        assert_eq!(Location::parse(pg), Location::Postgres(pg.into()));
        assert_eq!(Location::parse("sqlite:data/o.db"), sqlite("data/o.db"));
        assert_eq!(Location::parse("sqlite:///srv/o.db"), sqlite("/srv/o.db"));
        assert_eq!(
            Location::parse("/srv/opsdesk.db"),
            sqlite("/srv/opsdesk.db")
        );
        assert_eq!(Location::parse("postgres.db"), sqlite("postgres.db"));
    }

    #[test]
    fn the_flag_wins_then_database_url_then_the_configuration() {
        let url = "postgres://h/d";
        let file = Path::new("cfg.db");
        let flag = Path::new("flag.db");
        assert_eq!(
            Location::choose(Some(flag), Some(url), Some(url), Some(file)),
            sqlite("flag.db")
        );
        assert_eq!(
            Location::choose(Some(Path::new(url)), None, None, None),
            Location::Postgres(url.into())
        );
        assert_eq!(
            Location::choose(None, Some(url), None, Some(file)),
            Location::Postgres(url.into())
        );
        assert_eq!(
            Location::choose(None, Some("sqlite:env.db"), Some(url), None),
            sqlite("env.db")
        );
        assert_eq!(
            Location::choose(None, None, Some(url), Some(file)),
            Location::Postgres(url.into())
        );
        assert_eq!(
            Location::choose(None, None, None, Some(file)),
            sqlite("cfg.db")
        );
        assert_eq!(
            Location::choose(None, None, None, None),
            sqlite("opsdesk.db")
        );
    }

    #[test]
    fn a_password_is_never_shown() {
        let at = Location::parse("postgres://opsdesk:s3cret@db.example:5432/opsdesk");
        assert_eq!(
            at.to_string(),
            "postgres://opsdesk:***@db.example:5432/opsdesk"
        );
        assert!(at.sqlite_path().is_none());
    }
}
