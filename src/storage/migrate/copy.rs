//! One table copied from SQLite to PostgreSQL: its columns read as PostgreSQL's types say,
//! sent a batch at a time as one array per column (`INSERT … SELECT * FROM UNNEST(…)`: one
//! statement and a handful of parameters for thousands of rows).

use anyhow::{bail, Context};
use sqlx::postgres::{PgArguments, Postgres};
use sqlx::query::Query;
use sqlx::sqlite::SqliteRow;
use sqlx::{PgConnection, Row, SqliteConnection};

use crate::storage::Result;

/// Rows read and written per statement: few enough to hold in memory, many enough that the
/// round trips do not count.
const BATCH_ROWS: i64 = 5000;

/// The column types of the PostgreSQL schema, each read from its SQLite twin: BIGINT from
/// INTEGER, BOOLEAN from INTEGER 0/1, TEXT from TEXT (instants are epoch seconds and JSON is
/// text in both schemas).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Bool,
    Text,
}

impl Kind {
    fn of(table: &str, column: &str, pg_type: &str) -> Result<Kind> {
        Ok(match pg_type {
            "bigint" => Kind::Int,
            "boolean" => Kind::Bool,
            "text" => Kind::Text,
            other => {
                bail!("{table}.{column} is {other} in PostgreSQL, a type the copy does not convert")
            }
        })
    }

    fn array(self) -> &'static str {
        match self {
            Kind::Int => "bigint[]",
            Kind::Bool => "boolean[]",
            Kind::Text => "text[]",
        }
    }
}

/// One column's values in a batch.
enum Values {
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
    Text(Vec<Option<String>>),
}

impl Values {
    fn new(kind: Kind) -> Values {
        match kind {
            Kind::Int => Values::Int(Vec::new()),
            Kind::Bool => Values::Bool(Vec::new()),
            Kind::Text => Values::Text(Vec::new()),
        }
    }

    fn push(&mut self, row: &SqliteRow, index: usize) -> Result<()> {
        match self {
            Values::Int(values) => values.push(row.try_get(index)?),
            Values::Bool(values) => {
                values.push(row.try_get::<Option<i64>, _>(index)?.map(|n| n != 0))
            }
            Values::Text(values) => values.push(row.try_get(index)?),
        }
        Ok(())
    }

    fn bind(self, query: Query<'_, Postgres, PgArguments>) -> Query<'_, Postgres, PgArguments> {
        match self {
            Values::Int(values) => query.bind(values),
            Values::Bool(values) => query.bind(values),
            Values::Text(values) => query.bind(values),
        }
    }
}

struct Column {
    name: String,
    kind: Kind,
    /// An identity column: PostgreSQL numbers new rows from its sequence.
    identity: bool,
}

/// A table as both databases have it.
pub(super) struct Table {
    name: &'static str,
    columns: Vec<Column>,
}

impl Table {
    /// Reads the columns of `name` in both schemas, which must have the same ones.
    pub(super) async fn read(
        name: &'static str,
        source: &mut SqliteConnection,
        target: &mut PgConnection,
    ) -> Result<Table> {
        let mut in_sqlite: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                .bind(name)
                .fetch_all(source)
                .await
                .with_context(|| format!("reading the columns of {name} in SQLite"))?;
        let in_postgres: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text, is_identity::text
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1
             ORDER BY ordinal_position",
        )
        .bind(name)
        .fetch_all(target)
        .await
        .with_context(|| format!("reading the columns of {name} in PostgreSQL"))?;
        let mut names: Vec<String> = in_postgres.iter().map(|(n, ..)| n.clone()).collect();
        names.sort();
        in_sqlite.sort();
        if names != in_sqlite {
            bail!("the two schemas disagree on the columns of {name}: {in_sqlite:?} in SQLite, {names:?} in PostgreSQL");
        }
        let columns = in_postgres
            .into_iter()
            .map(|(column, pg_type, identity)| {
                Ok(Column {
                    kind: Kind::of(name, &column, &pg_type)?,
                    identity: identity == "YES",
                    name: column,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Table { name, columns })
    }

    /// Copies every row of the table, in `rowid` order, and moves the identity columns'
    /// sequences past the copied ids; returns how many rows it copied.
    pub(super) async fn copy(
        &self,
        source: &mut SqliteConnection,
        target: &mut PgConnection,
    ) -> Result<u64> {
        let name = self.name;
        let list = self
            .columns
            .iter()
            .map(|c| format!("\"{}\"", c.name))
            .collect::<Vec<_>>()
            .join(", ");
        let select = format!(
            "SELECT _rowid_, {list} FROM \"{name}\" WHERE _rowid_ > ? ORDER BY _rowid_ LIMIT ?"
        );
        let arrays = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("${}::{}", i + 1, c.kind.array()))
            .collect::<Vec<_>>()
            .join(", ");
        // Copied ids are kept: rows refer to each other by them.
        let insert = format!(
            "INSERT INTO \"{name}\" ({list}) OVERRIDING SYSTEM VALUE SELECT * FROM UNNEST({arrays})"
        );
        let mut after = i64::MIN;
        let mut copied = 0u64;
        loop {
            let rows = sqlx::query(&select)
                .bind(after)
                .bind(BATCH_ROWS)
                .fetch_all(&mut *source)
                .await
                .with_context(|| format!("reading {name}"))?;
            let Some(last) = rows.last() else { break };
            after = last.try_get(0)?;
            let mut batch: Vec<Values> = self.columns.iter().map(|c| Values::new(c.kind)).collect();
            for row in &rows {
                for (i, values) in batch.iter_mut().enumerate() {
                    values
                        .push(row, i + 1)
                        .with_context(|| format!("reading {name}.{}", self.columns[i].name))?;
                }
            }
            let query = batch
                .into_iter()
                .fold(sqlx::query(&insert), |query, values| values.bind(query));
            query
                .execute(&mut *target)
                .await
                .with_context(|| format!("writing {name}"))?;
            copied += rows.len() as u64;
            if (rows.len() as i64) < BATCH_ROWS {
                break;
            }
        }
        for column in self.columns.iter().filter(|c| c.identity) {
            let restart = format!(
                "SELECT setval(pg_get_serial_sequence($1, $2),
                               COALESCE((SELECT max(\"{column}\") FROM \"{name}\"), 0) + 1, false)",
                column = column.name
            );
            sqlx::query(&restart)
                .bind(name)
                .bind(&column.name)
                .execute(&mut *target)
                .await
                .with_context(|| format!("moving the sequence of {name}.{} on", column.name))?;
        }
        Ok(copied)
    }
}
