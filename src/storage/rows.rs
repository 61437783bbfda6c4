//! Reading domain values back from columns: stored text is parsed again with the domain's
//! own rules, so a damaged row fails with its column named instead of becoming a value the
//! rest of the code trusts.

use anyhow::anyhow;

use super::cells::Cells;
use super::Result;
use crate::core::domain::text::{Body, Title};

pub(super) fn title(row: &impl Cells, column: &'static str) -> Result<Title> {
    let text: String = row.cell(column)?;
    Title::parse(column, &text).map_err(|_| anyhow!("invalid {column} `{text}`"))
}

pub(super) fn title_opt(row: &impl Cells, column: &'static str) -> Result<Option<Title>> {
    row.cell::<Option<String>>(column)?
        .map(|text| Title::parse(column, &text).map_err(|_| anyhow!("invalid {column} `{text}`")))
        .transpose()
}

pub(super) fn body(row: &impl Cells, column: &'static str) -> Result<Body> {
    let text: String = row.cell(column)?;
    Body::parse(column, &text).map_err(|_| anyhow!("invalid {column}"))
}

pub(super) fn body_opt(row: &impl Cells, column: &'static str) -> Result<Option<Body>> {
    row.cell::<Option<String>>(column)?
        .map(|text| Body::parse(column, &text).map_err(|_| anyhow!("invalid {column}")))
        .transpose()
}
