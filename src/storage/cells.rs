//! Reading a row's columns whatever the backend: the conversions from rows to domain values
//! are written once, against [`Cells`], and both SQLite and PostgreSQL rows provide it.
//!
//! The two store the same values in different column types (SQLite: every integer and
//! boolean as INTEGER; PostgreSQL: BIGINT and BOOLEAN), and sqlx decodes each Rust type only
//! from the column types it matches exactly; so a row is read here as text, a 64-bit
//! integer or a flag, and narrower types are converted with a range check.

use anyhow::{anyhow, Context};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::Result;

/// The three kinds of column opsdesk stores, each possibly NULL.
pub(crate) trait Cells {
    fn text_opt(&self, column: &str) -> Result<Option<String>>;
    fn int_opt(&self, column: &str) -> Result<Option<i64>>;
    fn flag(&self, column: &str) -> Result<bool>;

    /// Reads `column` as any [`Cell`] type.
    fn cell<T: Cell>(&self, column: &str) -> Result<T>
    where
        Self: Sized,
    {
        T::read(self, column).with_context(|| format!("column {column}"))
    }
}

impl Cells for SqliteRow {
    fn text_opt(&self, column: &str) -> Result<Option<String>> {
        Ok(self.try_get(column)?)
    }
    fn int_opt(&self, column: &str) -> Result<Option<i64>> {
        Ok(self.try_get(column)?)
    }
    fn flag(&self, column: &str) -> Result<bool> {
        Ok(self.try_get(column)?)
    }
}

impl Cells for PgRow {
    fn text_opt(&self, column: &str) -> Result<Option<String>> {
        Ok(self.try_get(column)?)
    }
    fn int_opt(&self, column: &str) -> Result<Option<i64>> {
        Ok(self.try_get(column)?)
    }
    fn flag(&self, column: &str) -> Result<bool> {
        Ok(self.try_get(column)?)
    }
}

/// A Rust type a column is read as.
pub(crate) trait Cell: Sized {
    fn read(cells: &impl Cells, column: &str) -> Result<Self>;
}

fn present<T>(value: Option<T>) -> Result<T> {
    value.ok_or_else(|| anyhow!("unexpected NULL"))
}

impl Cell for Option<String> {
    fn read(cells: &impl Cells, column: &str) -> Result<Self> {
        cells.text_opt(column)
    }
}

impl Cell for String {
    fn read(cells: &impl Cells, column: &str) -> Result<Self> {
        present(cells.text_opt(column)?)
    }
}

impl Cell for Option<i64> {
    fn read(cells: &impl Cells, column: &str) -> Result<Self> {
        cells.int_opt(column)
    }
}

impl Cell for i64 {
    fn read(cells: &impl Cells, column: &str) -> Result<Self> {
        present(cells.int_opt(column)?)
    }
}

impl Cell for Option<u32> {
    fn read(cells: &impl Cells, column: &str) -> Result<Self> {
        Ok(cells.int_opt(column)?.map(u32::try_from).transpose()?)
    }
}

impl Cell for u32 {
    fn read(cells: &impl Cells, column: &str) -> Result<Self> {
        present(Option::<u32>::read(cells, column)?)
    }
}

impl Cell for bool {
    fn read(cells: &impl Cells, column: &str) -> Result<Self> {
        cells.flag(column)
    }
}
