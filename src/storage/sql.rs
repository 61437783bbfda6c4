//! Statements written once for both backends: SQL text that SQLite and PostgreSQL read
//! alike, with `$1`-style placeholders (sqlx's SQLite driver numbers them as PostgreSQL
//! does), run on a [`Conn`] of either.
//!
//! sqlx's own statements are typed by their database, and code generic over it would have
//! to repeat, on every function, that each Rust type it binds is encodable there. A
//! [`Query`] instead holds its values as the few kinds both backends store ([`Value`]), and
//! the one implementation of [`Conn`] below states those bounds once. A fragment that
//! differs between the backends (a JSON function, the lock a due job is claimed with) is
//! chosen by [`Conn::DIALECT`].

use std::borrow::Cow;
use std::future::Future;

use sqlx::postgres::PgQueryResult;
use sqlx::sqlite::SqliteQueryResult;
use sqlx::{Database, Encode, Executor, IntoArguments, Postgres, Sqlite, Type};

use super::cells::Cells;
use super::Result;

/// A value bound to a statement: a 64-bit integer, text or a flag, each possibly NULL
/// (PostgreSQL has no unsigned integers: a `u32` is bound as an `i64`).
pub(crate) enum Value<'a> {
    Int(Option<i64>),
    Text(Option<Cow<'a, str>>),
    Flag(bool),
}

impl From<i64> for Value<'_> {
    fn from(n: i64) -> Self {
        Value::Int(Some(n))
    }
}

impl From<Option<i64>> for Value<'_> {
    fn from(n: Option<i64>) -> Self {
        Value::Int(n)
    }
}

impl From<u32> for Value<'_> {
    fn from(n: u32) -> Self {
        Value::Int(Some(i64::from(n)))
    }
}

impl From<Option<u32>> for Value<'_> {
    fn from(n: Option<u32>) -> Self {
        Value::Int(n.map(i64::from))
    }
}

impl From<bool> for Value<'_> {
    fn from(flag: bool) -> Self {
        Value::Flag(flag)
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(text: &'a str) -> Self {
        Value::Text(Some(Cow::Borrowed(text)))
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(text: &'a String) -> Self {
        Value::Text(Some(Cow::Borrowed(text)))
    }
}

impl From<String> for Value<'_> {
    fn from(text: String) -> Self {
        Value::Text(Some(Cow::Owned(text)))
    }
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(text: Option<&'a str>) -> Self {
        Value::Text(text.map(Cow::Borrowed))
    }
}

impl<'a> From<&'a Option<String>> for Value<'a> {
    fn from(text: &'a Option<String>) -> Self {
        Value::Text(text.as_deref().map(Cow::Borrowed))
    }
}

impl From<Option<String>> for Value<'_> {
    fn from(text: Option<String>) -> Self {
        Value::Text(text.map(Cow::Owned))
    }
}

/// A statement and its values, for either backend: whole SQL text with its placeholders
/// bound in order ([`Query::bind`]), or built in pieces ([`Query::push`],
/// [`Query::push_bind`]) as sqlx's `QueryBuilder` does.
pub(crate) struct Query<'a> {
    /// Borrowed while the text is a constant (most statements), owned once it is built.
    sql: Cow<'a, str>,
    values: Vec<Value<'a>>,
}

impl<'a> Query<'a> {
    pub(crate) fn new(sql: impl Into<Cow<'a, str>>) -> Self {
        Query {
            sql: sql.into(),
            values: Vec::new(),
        }
    }

    /// Binds the next placeholder the SQL names (`$1`, then `$2`…).
    pub(crate) fn bind(mut self, value: impl Into<Value<'a>>) -> Self {
        self.values.push(value.into());
        self
    }

    pub(crate) fn push(&mut self, sql: impl AsRef<str>) -> &mut Self {
        self.sql.to_mut().push_str(sql.as_ref());
        self
    }

    /// Appends a placeholder for `value`.
    pub(crate) fn push_bind(&mut self, value: impl Into<Value<'a>>) -> &mut Self {
        self.values.push(value.into());
        let placeholder = format!("${}", self.values.len());
        self.push(placeholder)
    }

    /// Appends a placeholder for each value, separated by commas.
    pub(crate) fn push_list<V: Into<Value<'a>>>(
        &mut self,
        values: impl IntoIterator<Item = V>,
    ) -> &mut Self {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_bind(value);
        }
        self
    }

    /// Appends `VALUES (…), (…)`: a row of placeholders for each item, bound to the values
    /// `row` gives for it.
    pub(crate) fn push_values<T, const N: usize>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        row: impl Fn(T) -> [Value<'a>; N],
    ) -> &mut Self {
        self.push("VALUES ");
        for (i, item) in items.into_iter().enumerate() {
            self.push(if i == 0 { "(" } else { ", (" });
            self.push_list(row(item));
            self.push(")");
        }
        self
    }

    /// The statement as sqlx runs it on `DB`.
    fn build<DB>(&self) -> sqlx::query::Query<'_, DB, DB::Arguments<'_>>
    where
        DB: Database,
        for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
        for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
        for<'q> bool: Encode<'q, DB> + Type<DB>,
    {
        let mut query = sqlx::query(&self.sql);
        for value in &self.values {
            query = match value {
                Value::Int(n) => query.bind(*n),
                Value::Text(text) => query.bind(text.as_deref()),
                Value::Flag(flag) => query.bind(*flag),
            };
        }
        query
    }
}

/// The SQL a connection speaks, for the few fragments written per backend (JSON functions,
/// `SKIP LOCKED`): both versions stand side by side, chosen by `Conn::DIALECT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// The [`Dialect`] of a sqlx database.
pub(crate) trait HasDialect {
    const DIALECT: Dialect;
}

impl HasDialect for Sqlite {
    const DIALECT: Dialect = Dialect::Sqlite;
}

impl HasDialect for Postgres {
    const DIALECT: Dialect = Dialect::Postgres;
}

/// A connection (inside a unit of work's transaction) of either backend.
pub(crate) trait Conn: Send {
    type Row: Cells + Send;
    const DIALECT: Dialect;

    /// Runs a statement; how many rows it changed.
    fn execute(&mut self, query: Query<'_>) -> impl Future<Output = Result<u64>> + Send;
    fn fetch_all(
        &mut self,
        query: Query<'_>,
    ) -> impl Future<Output = Result<Vec<Self::Row>>> + Send;
    fn fetch_optional(
        &mut self,
        query: Query<'_>,
    ) -> impl Future<Output = Result<Option<Self::Row>>> + Send;
    fn fetch_one(&mut self, query: Query<'_>) -> impl Future<Output = Result<Self::Row>> + Send;
}

/// How many rows a statement changed, which sqlx reports per backend.
pub(crate) trait RowsAffected {
    fn rows_affected(&self) -> u64;
}

impl RowsAffected for SqliteQueryResult {
    fn rows_affected(&self) -> u64 {
        SqliteQueryResult::rows_affected(self)
    }
}

impl RowsAffected for PgQueryResult {
    fn rows_affected(&self) -> u64 {
        PgQueryResult::rows_affected(self)
    }
}

impl<C, DB> Conn for C
where
    C: sqlx::Connection<Database = DB>,
    DB: Database<Row: Cells, QueryResult: RowsAffected> + HasDialect,
    for<'c> &'c mut C: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
{
    type Row = DB::Row;
    const DIALECT: Dialect = DB::DIALECT;

    async fn execute(&mut self, query: Query<'_>) -> Result<u64> {
        Ok(query.build().execute(self).await?.rows_affected())
    }

    async fn fetch_all(&mut self, query: Query<'_>) -> Result<Vec<DB::Row>> {
        Ok(query.build().fetch_all(self).await?)
    }

    async fn fetch_optional(&mut self, query: Query<'_>) -> Result<Option<DB::Row>> {
        Ok(query.build().fetch_optional(self).await?)
    }

    async fn fetch_one(&mut self, query: Query<'_>) -> Result<DB::Row> {
        Ok(query.build().fetch_one(self).await?)
    }
}
