//! Conditions shared by the `filter` arguments: comparing partial dates at the precision the
//! client gives.

use rusqlite::types::Value as SqlValue;

use crate::db::page::List;
use crate::model::PartialDate;

/// Which side of a date to keep.
#[derive(Debug, Clone, Copy)]
pub enum Side {
    /// Strictly after.
    After,
    /// Strictly before.
    Before,
}

/// Keeps rows whose partial-date `column` lies strictly after (or before) `date`, compared at
/// the coarser of the two precisions: after `"2015"` means 2016 or later, so a date of
/// `"2015-09"` is not after `"2015"`; a row known only to the year `"2015"` is neither after nor
/// before `"2015-08"`. Rows without a date never match.
pub fn date(list: List, column: &str, side: Side, date: PartialDate) -> List {
    let text = date.to_string();
    let len = text.len() as i64;
    let op = match side {
        Side::After => ">",
        Side::Before => "<",
    };
    list.filter(
        format!(
            "{column} IS NOT NULL AND substr({column}, 1, min(length({column}), ?)) {op} \
             substr(?, 1, min(length({column}), ?))"
        ),
        [
            SqlValue::Integer(len),
            SqlValue::Text(text),
            SqlValue::Integer(len),
        ],
    )
}
