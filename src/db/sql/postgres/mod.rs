//! The PostgreSQL engine under [`super::Connection`], through the `postgres` driver (blocking,
//! like every read and write here, which run on tokio's blocking threads).
//!
//! - **SQL.** The neutral SQL is rewritten once per statement ([`translate`]): `?1` becomes
//!   `$1`, a bare `?` the next number as SQLite counts them, and `x IN rarray(?1)` becomes
//!   `x = ANY($1)`. Each connection keeps its prepared statements by their neutral text, so a
//!   statement costs one round trip after its first use.
//! - **Types.** Values are converted to the type the server inferred for each parameter (an
//!   id bound where an `integer` is expected, a text where the server knows no type), and read
//!   back whatever column type holds them; a `boolean` column reads as 0 or 1, as SQLite stores
//!   it.
//! - **Errors.** A violated constraint is reported as SQLite reports it (the kind, and a
//!   UNIQUE constraint's columns as `table.column`), so the layer above maps both engines'
//!   violations to the same domain error; a connection that broke or a server shutting down
//!   is unavailable (`is_unavailable`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;

use ::postgres::error::SqlState;
use ::postgres::types::{FromSql as PgFromSql, IsNull, ToSql as PgToSql, Type, to_sql_checked};
use ::postgres::{NoTls, Statement};
use bytes::BytesMut;

use super::{Array, Error, Params, Result, Row, RowInner, Value, ValueRef, Violation};

pub(crate) mod store;

/// Begins a write transaction: takes the write lock every process shares and increases the
/// data version, in one round trip (see [`super::Connection::write_transaction`]).
pub(super) const BEGIN_WRITE: &str = "BEGIN; SELECT pg_advisory_xact_lock(1684365676); \
     UPDATE data_version SET value = value + 1";

impl From<::postgres::Error> for Error {
    fn from(e: ::postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

/// A connection to a PostgreSQL server, with the statements it has prepared.
pub struct Client {
    inner: RefCell<Inner>,
}

struct Inner {
    client: ::postgres::Client,
    statements: HashMap<String, Statement>,
}

/// A statement prepared on one [`Client`].
pub struct Prepared(Statement);

/// The values of one row, read whatever their column types, with the columns' names.
pub struct Values {
    values: Vec<Value>,
    names: std::rc::Rc<[String]>,
}

impl Values {
    pub(super) fn get(&self, column: usize) -> Result<ValueRef<'_>> {
        self.values
            .get(column)
            .map(Value::as_ref)
            .ok_or_else(|| Error::Other(format!("no column {column}")))
    }

    pub(super) fn column_index(&self, name: &str) -> Result<usize> {
        self.names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| Error::InvalidColumnName(name.to_owned()))
    }
}

impl Client {
    /// A client over a connection just made.
    pub fn new(client: ::postgres::Client) -> Self {
        Self {
            inner: RefCell::new(Inner {
                client,
                statements: HashMap::new(),
            }),
        }
    }

    /// Connects to the server `config` names.
    pub fn connect(config: &::postgres::Config) -> Result<Self> {
        Ok(Self::new(config.connect(NoTls)?))
    }

    /// Whether the connection is known to be broken.
    pub fn is_closed(&self) -> bool {
        self.inner.borrow().client.is_closed()
    }

    /// A handle that cancels the statement this connection is running, from another thread.
    pub fn cancel_token(&self) -> ::postgres::CancelToken {
        self.inner.borrow().client.cancel_token()
    }

    pub(super) fn prepare_cached(&self, sql: &str) -> Result<Prepared> {
        let mut inner = self.inner.borrow_mut();
        if let Some(stmt) = inner.statements.get(sql) {
            return Ok(Prepared(stmt.clone()));
        }
        let stmt = inner.client.prepare(&translate(sql))?;
        inner.statements.insert(sql.to_owned(), stmt.clone());
        Ok(Prepared(stmt))
    }

    pub(super) fn prepare(&self, sql: &str) -> Result<Prepared> {
        self.prepare_cached(sql)
    }

    /// The one value `sql` (neutral, no parameters) selects, run without being counted among
    /// a request's statements.
    pub(crate) fn query_value<T: super::FromSql>(&self, sql: &str) -> Result<T> {
        let stmt = self.prepare_cached(sql)?;
        let mut out = None;
        self.each(&stmt, (), &mut |row| {
            out = Some(row.get(0));
            Ok(false)
        })?;
        out.unwrap_or(Err(Error::QueryReturnedNoRows))
    }

    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.inner.borrow_mut().client.batch_execute(sql)?)
    }

    pub(super) fn execute<P: Params>(&self, stmt: &Prepared, params: P) -> Result<usize> {
        let values = bind(&stmt.0, params)?;
        let refs: Vec<&(dyn PgToSql + Sync)> = values.iter().map(|v| v as _).collect();
        let changed = self.inner.borrow_mut().client.execute(&stmt.0, &refs)?;
        usize::try_from(changed).map_err(|_| Error::Other("too many rows changed".into()))
    }

    pub(super) fn each<P: Params>(
        &self,
        stmt: &Prepared,
        params: P,
        f: &mut dyn FnMut(&Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        let values = bind(&stmt.0, params)?;
        let refs: Vec<&(dyn PgToSql + Sync)> = values.iter().map(|v| v as _).collect();
        // Every row is fetched before the first is read, so that reading one may run another
        // statement on this connection.
        let rows = self.inner.borrow_mut().client.query(&stmt.0, &refs)?;
        let names: std::rc::Rc<[String]> = stmt
            .0
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect();
        for row in rows {
            let values = (0..row.len())
                .map(|i| row.try_get::<_, Any>(i).map(|a| a.0))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let values = Values {
                values,
                names: std::rc::Rc::clone(&names),
            };
            if !f(&Row(RowInner::Values(&values)))? {
                break;
            }
        }
        Ok(())
    }
}

/// The parameters of `params`, owned, checked against the number `stmt` takes.
fn bind<P: Params>(stmt: &Statement, params: P) -> Result<Vec<Param>> {
    let mut values = Vec::with_capacity(stmt.params().len());
    params.bind(&mut |p| {
        values.push(Param(p.to_sql()?.value().to_owned()));
        Ok(())
    })?;
    if values.len() != stmt.params().len() {
        return Err(Error::ParameterCount {
            expected: stmt.params().len(),
            given: values.len(),
        });
    }
    Ok(values)
}

/// One parameter's value, written as the type the server expects of it.
#[derive(Debug)]
struct Param(Value);

/// A value the driver cannot write as the type asked for.
fn mismatch(value: &Value, ty: &Type) -> Box<dyn StdError + Sync + Send> {
    format!("cannot bind {value:?} as {ty}").into()
}

impl PgToSql for Param {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                #[allow(clippy::cast_precision_loss)]
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::UNKNOWN => {
                    i.to_string().to_sql(&Type::TEXT, out)
                }
                _ => Err(mismatch(&self.0, ty)),
            },
            Value::Real(r) => match *ty {
                Type::FLOAT8 => r.to_sql(ty, out),
                #[allow(clippy::cast_possible_truncation)]
                Type::FLOAT4 => (*r as f32).to_sql(ty, out),
                _ => Err(mismatch(&self.0, ty)),
            },
            Value::Text(t) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    t.as_str().to_sql(&Type::TEXT, out)
                }
                Type::JSON => t.as_str().to_sql(&Type::TEXT, out),
                Type::JSONB => {
                    // jsonb's binary form: a version byte, then the text.
                    out.extend_from_slice(&[1]);
                    out.extend_from_slice(t.as_bytes());
                    Ok(IsNull::No)
                }
                _ => Err(mismatch(&self.0, ty)),
            },
            Value::Blob(b) => match *ty {
                Type::BYTEA => b.as_slice().to_sql(ty, out),
                _ => Err(mismatch(&self.0, ty)),
            },
            Value::Array(Array::Integers(ids)) => match *ty {
                Type::INT8_ARRAY => ids.to_sql(ty, out),
                Type::INT4_ARRAY => ids
                    .iter()
                    .map(|i| i32::try_from(*i))
                    .collect::<std::result::Result<Vec<_>, _>>()?
                    .to_sql(ty, out),
                _ => Err(mismatch(&self.0, ty)),
            },
            Value::Array(Array::Texts(texts)) => match *ty {
                Type::TEXT_ARRAY | Type::VARCHAR_ARRAY => texts.to_sql(ty, out),
                _ => Err(mismatch(&self.0, ty)),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A column's value, whatever its type.
struct Any(Value);

impl<'a> PgFromSql<'a> for Any {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Any(match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::JSON | Type::UNKNOWN => {
                Value::Text(String::from_sql(&Type::TEXT, raw)?)
            }
            Type::JSONB => match raw.split_first() {
                Some((1, text)) => Value::Text(std::str::from_utf8(text)?.to_owned()),
                _ => return Err("an unknown jsonb version".into()),
            },
            Type::BYTEA => Value::Blob(raw.to_owned()),
            Type::INT8_ARRAY => Value::Array(Array::Integers(Vec::<i64>::from_sql(ty, raw)?)),
            Type::TEXT_ARRAY => Value::Array(Array::Texts(Vec::<String>::from_sql(ty, raw)?)),
            _ => return Err(format!("a column of type {ty} is not read here").into()),
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Any(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// The neutral SQL `sql` in PostgreSQL's spelling: numbered parameters as `$1` (a bare `?`
/// taking the number after the largest so far, as SQLite numbers it), and `IN rarray(?1)` as
/// `= ANY($1)`. Text in single quotes and quoted names are left alone.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut largest = 0u32;
    let mut chars = sql.char_indices().peekable();
    let mut quote: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                out.push(c);
            }
            '?' => {
                let mut digits = String::new();
                while let Some((_, d)) = chars.peek().copied().filter(|(_, d)| d.is_ascii_digit()) {
                    digits.push(d);
                    chars.next();
                }
                let n = if digits.is_empty() {
                    largest + 1
                } else {
                    digits.parse().unwrap_or(largest + 1)
                };
                largest = largest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            'I' | 'i'
                if rarray_at(&sql[i..])
                    && !out.ends_with(|p: char| p.is_alphanumeric() || p == '_') =>
            {
                // `IN rarray(` … `)`: the parameter inside is translated as any other.
                let skip = sql[i..].find('(').unwrap_or(0);
                for _ in 0..skip {
                    chars.next();
                }
                out.push_str("= ANY(");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether `rest` begins with `IN rarray(` (in any case, with any blanks between).
fn rarray_at(rest: &str) -> bool {
    if !rest.get(..2).is_some_and(|w| w.eq_ignore_ascii_case("in")) {
        return false;
    }
    let tail = rest[2..].trim_start();
    // At least one blank between the two words.
    tail.len() < rest.len() - 2
        && tail
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case("rarray("))
}

/// The constraint `error` says was violated, named as SQLite names it.
pub(super) fn violation(error: &::postgres::Error) -> Option<Violation> {
    let db = error.as_db_error()?;
    let code = db.code();
    if *code == SqlState::UNIQUE_VIOLATION {
        // "Key (company_id, area)=(…) already exists."
        let columns = db
            .detail()
            .and_then(|d| d.strip_prefix("Key ("))
            .and_then(|d| d.split_once(")="))
            .map(|(columns, _)| columns);
        Some(Violation::Unique(db.table().zip(columns).map(
            |(table, columns)| {
                columns
                    .split(", ")
                    .map(|c| format!("{table}.{c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        )))
    } else if *code == SqlState::FOREIGN_KEY_VIOLATION {
        Some(Violation::ForeignKey)
    } else if *code == SqlState::CHECK_VIOLATION {
        Some(Violation::Check)
    } else {
        None
    }
}

/// Whether `error` means the server could not be reached or went away: the connection is
/// closed, could not be made, or the server is shutting down or starting up.
pub(super) fn is_unavailable(error: &::postgres::Error) -> bool {
    if error.is_closed() {
        return true;
    }
    match error.as_db_error() {
        Some(db) => {
            let code = db.code().code();
            code.starts_with("08")
                || code == SqlState::ADMIN_SHUTDOWN.code()
                || code == SqlState::CRASH_SHUTDOWN.code()
                || code == SqlState::CANNOT_CONNECT_NOW.code()
                || code == SqlState::READ_ONLY_SQL_TRANSACTION.code()
        }
        // Not an error the server sent: the socket failed, or no server answered.
        None => error.source().is_some_and(|s| s.is::<std::io::Error>()),
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn a_write_takes_the_write_lock() {
        assert!(super::BEGIN_WRITE.contains(&format!("({})", super::store::WRITE_LOCK)));
    }

    #[test]
    fn neutral_sql_is_spelled_as_postgresql_spells_it() {
        assert_eq!(translate("SELECT ?1, ?2, ?1"), "SELECT $1, $2, $1");
        assert_eq!(
            translate("a = ? AND b = ?3 AND c = ?"),
            "a = $1 AND b = $3 AND c = $4"
        );
        assert_eq!(
            translate("WHERE id IN rarray(?1) AND x = '?'"),
            "WHERE id = ANY($1) AND x = '?'"
        );
        assert_eq!(translate("p.key in  rarray(?2)"), "p.key = ANY($2)");
        assert_eq!(
            translate("SELECT \"in\" FROM t WHERE inside = 1"),
            "SELECT \"in\" FROM t WHERE inside = 1"
        );
        assert_eq!(translate("FROM main rarray(?1)"), "FROM main rarray($1)");
    }
}
