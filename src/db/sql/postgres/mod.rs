//! The PostgreSQL engine under [`super::Connection`], through the `postgres` driver (blocking,
//! like every read and write here, which run on tokio's blocking threads).
//!
//! - **SQL.** The neutral SQL is rewritten once per statement ([`translate`]): `?1` becomes
//!   `$1`, a bare `?` the next number as SQLite counts them, and `x IN rarray(?1)` becomes
//!   `x = ANY($1)`; SQLite's `INDEXED BY` hint is left out and its `instr` is `strpos`. Each
//!   connection keeps its prepared statements by their neutral text, so a
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

pub(crate) mod standby;
pub(crate) mod store;

/// Begins a write transaction: takes the write lock every process shares, in the same round
/// trip (see [`super::Connection::write_transaction`]). The data version is increased by the
/// triggers of every table (`db/postgres/01-initial`), whoever writes.
pub(super) const BEGIN_WRITE: &str = "BEGIN; SELECT pg_advisory_xact_lock(1684365676)";

impl From<::postgres::Error> for Error {
    fn from(e: ::postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

/// A connection to a PostgreSQL server, with the statements it has prepared.
pub struct Client {
    /// Always present until the client is dropped (see its `Drop`).
    inner: Option<RefCell<Inner>>,
}

/// The driver closes its connection by blocking on a runtime of its own, which tokio forbids on
/// a thread that drives tasks (a pool dropped when the server stops): a client dropped on such a
/// thread is closed on a thread of its own.
impl Drop for Client {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            std::thread::spawn(move || drop(inner));
        }
    }
}

struct Inner {
    client: ::postgres::Client,
    statements: HashMap<String, Prepared>,
}

/// A statement prepared on one [`Client`], with which neutral parameters it takes
/// ([`Translated`]).
#[derive(Clone)]
pub struct Prepared {
    statement: Statement,
    params: std::sync::Arc<[usize]>,
    takes: usize,
}

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
            inner: Some(RefCell::new(Inner {
                client,
                statements: HashMap::new(),
            })),
        }
    }

    /// Connects to the server `config` names.
    pub fn connect(config: &::postgres::Config) -> Result<Self> {
        Ok(Self::new(config.connect(NoTls)?))
    }

    /// The connection and its statements; gone only while the client is dropped.
    fn inner(&self) -> Result<std::cell::RefMut<'_, Inner>> {
        self.inner
            .as_ref()
            .map(RefCell::borrow_mut)
            .ok_or_else(|| Error::Other("the connection is closed".into()))
    }

    /// Whether the connection is known to be broken.
    pub fn is_closed(&self) -> bool {
        self.inner().map_or(true, |inner| inner.client.is_closed())
    }

    /// A handle that cancels the statement this connection is running, from another thread.
    pub fn cancel_token(&self) -> Option<::postgres::CancelToken> {
        self.inner().ok().map(|inner| inner.client.cancel_token())
    }

    pub(super) fn prepare_cached(&self, sql: &str) -> Result<Prepared> {
        let mut inner = self.inner()?;
        if let Some(stmt) = inner.statements.get(sql) {
            return Ok(stmt.clone());
        }
        let translated = translate(sql);
        let stmt = Prepared {
            statement: inner.client.prepare(&translated.sql)?,
            params: translated.params.into(),
            takes: translated.takes,
        };
        inner.statements.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
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
        Ok(self.inner()?.client.batch_execute(sql)?)
    }

    pub(super) fn execute<P: Params>(&self, stmt: &Prepared, params: P) -> Result<usize> {
        let values = bind(stmt, params)?;
        let refs: Vec<&(dyn PgToSql + Sync)> = values.iter().map(|v| v as _).collect();
        let changed = self.inner()?.client.execute(&stmt.statement, &refs)?;
        usize::try_from(changed).map_err(|_| Error::Other("too many rows changed".into()))
    }

    pub(super) fn each<P: Params>(
        &self,
        stmt: &Prepared,
        params: P,
        f: &mut dyn FnMut(&Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        let values = bind(stmt, params)?;
        let refs: Vec<&(dyn PgToSql + Sync)> = values.iter().map(|v| v as _).collect();
        // Every row is fetched before the first is read, so that reading one may run another
        // statement on this connection.
        let rows = self.inner()?.client.query(&stmt.statement, &refs)?;
        let names: std::rc::Rc<[String]> = stmt
            .statement
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

/// The parameters of `params`, checked against the number the neutral statement takes, owned
/// and in the order of the parameters `stmt` uses (`$1`, `$2`, …).
fn bind<P: Params>(stmt: &Prepared, params: P) -> Result<Vec<Param>> {
    let mut given = Vec::with_capacity(stmt.takes);
    params.bind(&mut |p| {
        given.push(Some(Param(p.to_sql()?.value().to_owned())));
        Ok(())
    })?;
    if given.len() != stmt.takes {
        return Err(Error::ParameterCount {
            expected: stmt.takes,
            given: given.len(),
        });
    }
    // Each number the statement uses appears once in `params` (they are deduplicated).
    Ok(stmt
        .params
        .iter()
        .filter_map(|n| given.get_mut(n - 1).and_then(Option::take))
        .collect())
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

/// A neutral statement in PostgreSQL's spelling.
#[derive(Debug, PartialEq, Eq)]
pub struct Translated {
    /// The statement.
    pub sql: String,
    /// For each of its parameters `$1`, `$2`, …, the number of the neutral parameter it is
    /// (1-based): a neutral statement may leave numbers unused (`?1`, `?3`), which PostgreSQL
    /// cannot type, so the parameters it uses are numbered anew.
    pub params: Vec<usize>,
    /// How many parameters the neutral statement takes: its largest number.
    pub takes: usize,
}

/// The neutral SQL `sql` in PostgreSQL's spelling: numbered parameters as `$1` (a bare `?`
/// taking the number after the largest so far, as SQLite numbers it; the numbers used renumbered
/// from 1), and `IN rarray(?1)` as `= ANY($1)`. Text in single quotes and quoted names are left
/// alone.
pub fn translate(sql: &str) -> Translated {
    // First the text with each parameter's neutral number marked, then the numbers.
    enum Piece {
        Text(String),
        Param(usize),
    }
    let mut pieces = vec![Piece::Text(String::new())];
    let push = |pieces: &mut Vec<Piece>, text: &str| match pieces.last_mut() {
        Some(Piece::Text(t)) => t.push_str(text),
        _ => pieces.push(Piece::Text(text.to_owned())),
    };
    let mut largest = 0usize;
    let mut chars = sql.char_indices().peekable();
    let mut quote: Option<char> = None;
    let mut buf = [0u8; 4];
    let mut after_word = false;
    // Parentheses open, and the depths at which a closing one must close an `ARRAY(` too.
    let mut depth = 0usize;
    let mut close_array: Vec<usize> = Vec::new();
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            push(&mut pieces, c.encode_utf8(&mut buf));
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                push(&mut pieces, c.encode_utf8(&mut buf));
            }
            '?' => {
                let mut digits = String::new();
                while let Some((_, d)) = chars.peek().copied().filter(|(_, d)| d.is_ascii_digit()) {
                    digits.push(d);
                    chars.next();
                }
                let n = digits.parse().unwrap_or(largest + 1);
                largest = largest.max(n);
                pieces.push(Piece::Param(n));
            }
            'I' | 'i'
                if !after_word
                    && sql[i..]
                        .get(..6)
                        .is_some_and(|w| w.eq_ignore_ascii_case("instr(")) =>
            {
                // SQLite's `instr(text, part)` is PostgreSQL's `strpos(text, part)`.
                for _ in 1..6 {
                    chars.next();
                }
                push(&mut pieces, "strpos(");
                depth += 1;
            }
            'I' | 'i' if !after_word && indexed_by_at(&sql[i..]) => {
                // SQLite's `INDEXED BY name`, a hint PostgreSQL has no use for: left out with
                // its index's name.
                let rest = &sql[i + "INDEXED BY".len()..];
                let name_end = rest
                    .trim_start()
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'));
                let skip = "INDEXED BY".len()
                    + (rest.len() - rest.trim_start().len())
                    + name_end.unwrap_or(rest.trim_start().len());
                for _ in 1..skip {
                    chars.next();
                }
            }
            'I' | 'i' if !after_word && rarray_at(&sql[i..]) => {
                // `IN rarray(` … `)`: the parameter inside is translated as any other.
                let skip = sql[i..].find('(').unwrap_or(0);
                for _ in 0..skip {
                    chars.next();
                }
                push(&mut pieces, "= ANY(");
                depth += 1;
            }
            'I' | 'i' if !after_word && recursive_in_at(&sql[i..]) => {
                // `IN (WITH RECURSIVE …)`: as `= ANY (ARRAY(WITH RECURSIVE …))`, which the
                // planner runs first and then knows how few rows it gave; it would guess
                // the rows of the recursion, far too many for a group of a few companies, and
                // read a whole table in list order instead.
                let skip = sql[i..].find('(').unwrap_or(0);
                for _ in 0..skip {
                    chars.next();
                }
                push(&mut pieces, "= ANY (ARRAY(");
                depth += 1;
                close_array.push(depth);
            }
            '(' => {
                depth += 1;
                push(&mut pieces, "(");
            }
            ')' => {
                if close_array.last() == Some(&depth) {
                    close_array.pop();
                    push(&mut pieces, "))");
                } else {
                    push(&mut pieces, ")");
                }
                depth = depth.saturating_sub(1);
            }
            _ => push(&mut pieces, c.encode_utf8(&mut buf)),
        }
        after_word = c.is_alphanumeric() || c == '_';
    }
    let mut used: Vec<usize> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Param(n) => Some(*n),
            Piece::Text(_) => None,
        })
        .collect();
    used.sort_unstable();
    used.dedup();
    let mut out = String::with_capacity(sql.len() + 8);
    for piece in &pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Param(n) => {
                let new = used.iter().position(|u| u == n).unwrap_or(0) + 1;
                out.push('$');
                out.push_str(&new.to_string());
            }
        }
    }
    Translated {
        sql: out,
        params: used,
        takes: largest,
    }
}

/// Whether `rest` begins with `INDEXED BY ` (in any case).
fn indexed_by_at(rest: &str) -> bool {
    rest.get(..11)
        .is_some_and(|w| w.eq_ignore_ascii_case("INDEXED BY "))
}

/// Whether `rest` begins with `IN (WITH RECURSIVE` (in any case).
fn recursive_in_at(rest: &str) -> bool {
    rest.get(.."IN (WITH RECURSIVE".len())
        .is_some_and(|w| w.eq_ignore_ascii_case("IN (WITH RECURSIVE"))
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
        let sql = |text: &str| translate(text).sql;
        assert_eq!(sql("SELECT ?1, ?2, ?1"), "SELECT $1, $2, $1");
        assert_eq!(
            sql("a = ? AND b = ?3 AND c = ?"),
            "a = $1 AND b = $2 AND c = $3"
        );
        assert_eq!(
            sql("WHERE id IN rarray(?1) AND x = '?'"),
            "WHERE id = ANY($1) AND x = '?'"
        );
        assert_eq!(sql("p.key in  rarray(?2)"), "p.key = ANY($1)");
        assert_eq!(
            sql("SELECT \"in\" FROM t WHERE inside = 1"),
            "SELECT \"in\" FROM t WHERE inside = 1"
        );
        assert_eq!(sql("FROM main rarray(?1)"), "FROM main rarray($1)");
        assert_eq!(sql("'ü' || ?1"), "'ü' || $1");
        assert_eq!(sql("instr(c.name, ?) > 0"), "strpos(c.name, $1) > 0");
        assert_eq!(
            sql(
                "c.id IN (WITH RECURSIVE g(id) AS (SELECT id FROM t WHERE k IN rarray(?1)) \
                 SELECT id FROM g) AND (x = ')')"
            ),
            "c.id = ANY (ARRAY(WITH RECURSIVE g(id) AS (SELECT id FROM t WHERE k = ANY($1)) \
                 SELECT id FROM g)) AND (x = ')')"
        );
        assert_eq!(
            sql("SELECT w FROM names INDEXED BY names_by_weight WHERE x = ?1"),
            "SELECT w FROM names  WHERE x = $1"
        );
    }

    #[test]
    fn unused_numbers_are_left_out_and_remembered() {
        let t = translate("VALUES (?1, ?3, ?1)");
        assert_eq!(t.sql, "VALUES ($1, $2, $1)");
        assert_eq!(t.params, vec![1, 3]);
        assert_eq!(t.takes, 3);
    }
}
