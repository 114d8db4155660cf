//! The SQLite engine under [`super::Connection`]: binding parameters, stepping rows and
//! reading constraint violations through rusqlite. The neutral SQL is SQLite's own, so nothing
//! is rewritten here.

pub mod backup;
// The one module that talks to SQLite's C interface directly (FTS5's extension API).
#[allow(unsafe_code)]
pub mod rank;
pub(crate) mod store;

use std::rc::Rc;

use rusqlite::types::{ToSqlOutput as SqliteOutput, Value as SqliteValue, ValueRef as SqliteRef};

use super::{Array, Error, FromSqlError, FromSqlResult, Params, Result, Row, RowInner, ValueRef};

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::QueryReturnedNoRows,
            e => Error::Sqlite(e),
        }
    }
}

pub(super) fn prepare_cached<'c>(
    conn: &'c rusqlite::Connection,
    sql: &str,
) -> Result<rusqlite::CachedStatement<'c>> {
    Ok(conn.prepare_cached(sql)?)
}

pub(super) fn prepare<'c>(
    conn: &'c rusqlite::Connection,
    sql: &str,
) -> Result<rusqlite::Statement<'c>> {
    Ok(conn.prepare(sql)?)
}

/// Binds `params` to `stmt`, refusing another number than the statement has.
fn bind<P: Params>(stmt: &mut rusqlite::Statement<'_>, params: P) -> Result<()> {
    let mut given = 0;
    params.bind(&mut |param| {
        given += 1;
        if given > stmt.parameter_count() {
            return Ok(());
        }
        let value = param.to_sql()?;
        let value = match value.value() {
            ValueRef::Null => SqliteOutput::Borrowed(SqliteRef::Null),
            ValueRef::Integer(i) => SqliteOutput::Borrowed(SqliteRef::Integer(i)),
            ValueRef::Real(r) => SqliteOutput::Borrowed(SqliteRef::Real(r)),
            ValueRef::Text(t) => SqliteOutput::Borrowed(SqliteRef::Text(t.as_bytes())),
            ValueRef::Blob(b) => SqliteOutput::Borrowed(SqliteRef::Blob(b)),
            ValueRef::Array(a) => {
                let array: rusqlite::vtab::array::Array = Rc::new(match a {
                    Array::Integers(ids) => ids.iter().copied().map(SqliteValue::Integer).collect(),
                    Array::Texts(texts) => texts.iter().cloned().map(SqliteValue::Text).collect(),
                });
                stmt.raw_bind_parameter(given, &array)?;
                return Ok(());
            }
        };
        stmt.raw_bind_parameter(given, value)?;
        Ok(())
    })?;
    let expected = stmt.parameter_count();
    if given != expected {
        return Err(Error::ParameterCount { expected, given });
    }
    Ok(())
}

pub(super) fn execute<P: Params>(stmt: &mut rusqlite::Statement<'_>, params: P) -> Result<usize> {
    bind(stmt, params)?;
    Ok(stmt.raw_execute()?)
}

pub(super) fn each<P: Params>(
    stmt: &mut rusqlite::Statement<'_>,
    params: P,
    f: &mut dyn FnMut(&Row<'_>) -> Result<bool>,
) -> Result<()> {
    bind(stmt, params)?;
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        if !f(&Row(RowInner::Sqlite(row)))? {
            break;
        }
    }
    Ok(())
}

/// Reads the column `index` of `row` with `read`.
pub(super) fn column<T>(
    row: &rusqlite::Row<'_>,
    index: usize,
    read: impl FnOnce(ValueRef<'_>) -> FromSqlResult<T>,
) -> Result<FromSqlResult<T>> {
    let value = row.get_ref(index)?;
    Ok(match value {
        SqliteRef::Null => read(ValueRef::Null),
        SqliteRef::Integer(i) => read(ValueRef::Integer(i)),
        SqliteRef::Real(r) => read(ValueRef::Real(r)),
        SqliteRef::Text(t) => match std::str::from_utf8(t) {
            Ok(t) => read(ValueRef::Text(t)),
            Err(e) => Err(FromSqlError::Other(Box::new(e))),
        },
        SqliteRef::Blob(b) => read(ValueRef::Blob(b)),
    })
}

/// The constraint `error` says was violated. SQLite's extended code says which kind; only its
/// message says which columns (`UNIQUE constraint failed: companies.slug`).
pub(super) fn violation(error: &rusqlite::Error) -> Option<super::Violation> {
    use rusqlite::ffi;
    let rusqlite::Error::SqliteFailure(e, message) = error else {
        return None;
    };
    if e.code != rusqlite::ErrorCode::ConstraintViolation {
        return None;
    }
    Some(match e.extended_code {
        ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
            super::Violation::Unique(
                message
                    .as_deref()
                    .and_then(|m| m.strip_prefix("UNIQUE constraint failed: "))
                    .map(str::to_owned),
            )
        }
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => super::Violation::ForeignKey,
        ffi::SQLITE_CONSTRAINT_CHECK => super::Violation::Check,
        _ => return None,
    })
}
