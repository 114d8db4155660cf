//! The storage seam: one connection type ([`Connection`]) over either engine, SQLite (the
//! embedded file, [`sqlite`]) or PostgreSQL ([`postgres`]), with the statements, rows,
//! parameters and errors the repository files use. Nothing above this module names an
//! engine's driver.
//!
//! SQL is written once, in the subset both engines share, with SQLite's spelling of the two
//! things they spell differently and every engine understands after a rewrite of its own:
//! numbered parameters (`?1`) and a list bound as one parameter (`x IN rarray(?1)`). Where the
//! dialects really differ (full-text search, the current time, upserts of generated ids) the
//! caller asks [`Connection::dialect`] and writes each engine's statement.
//!
//! Every statement run through a [`Connection`] is counted ([`super::count`]): one statement
//! is one round trip to a PostgreSQL server, so a request's count is what it costs on either
//! engine.

pub mod postgres;
pub mod sqlite;
mod value;

use std::fmt;

pub use value::{Array, FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, Value, ValueRef};

use super::count::count_statement;

/// Which SQL dialect a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// What can go wrong running SQL.
#[derive(Debug)]
pub enum Error {
    /// SQLite failed.
    Sqlite(rusqlite::Error),
    /// PostgreSQL failed, or could not be reached.
    Postgres(::postgres::Error),
    /// A statement that must return a row returned none.
    QueryReturnedNoRows,
    /// A column could not be read as the type asked for.
    FromSql { column: usize, error: FromSqlError },
    /// A column asked for by a name the statement does not select.
    InvalidColumnName(String),
    /// A statement given another number of parameters than it has.
    ParameterCount { expected: usize, given: usize },
    /// Anything else, said in words.
    Other(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => e.fmt(f),
            Error::Postgres(e) => e.fmt(f),
            Error::QueryReturnedNoRows => f.write_str("the query returned no rows"),
            Error::FromSql { column, error } => write!(f, "column {column}: {error}"),
            Error::InvalidColumnName(name) => write!(f, "no column named {name}"),
            Error::ParameterCount { expected, given } => {
                write!(
                    f,
                    "the statement takes {expected} parameters, given {given}"
                )
            }
            Error::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(e) => Some(e),
            Error::Postgres(e) => Some(e),
            Error::FromSql { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl Error {
    /// The constraint this error says a write violated, if it is such an error.
    pub fn violation(&self) -> Option<Violation> {
        match self {
            Error::Sqlite(e) => sqlite::violation(e),
            Error::Postgres(e) => postgres::violation(e),
            _ => None,
        }
    }

    /// Whether the database could not be reached (the server is down or restarting, the
    /// connection broke): worth retrying later, unlike a failing statement.
    pub fn is_unavailable(&self) -> bool {
        match self {
            Error::Postgres(e) => postgres::is_unavailable(e),
            _ => false,
        }
    }
}

/// The result of running SQL.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of constraint a write violated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A UNIQUE or PRIMARY KEY constraint, on these columns, spelled `table.column` and joined
    /// by `, ` (as SQLite's message names them).
    Unique(Option<String>),
    /// A FOREIGN KEY constraint.
    ForeignKey,
    /// A CHECK or NOT NULL constraint.
    Check,
}

/// Turns "no rows" into `None`, as rusqlite's extension of the same name does.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The parameters of one statement, bound in order.
pub trait Params {
    /// Gives `bind` each parameter in order.
    fn bind(self, bind: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()>;
}

impl Params for () {
    fn bind(self, _: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
        Ok(())
    }
}

impl<T: ToSql> Params for &[T] {
    fn bind(self, bind: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(|p| bind(p))
    }
}

/// No parameters, as `[]`.
impl Params for [&dyn ToSql; 0] {
    fn bind(self, _: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
        Ok(())
    }
}

/// Arrays of one to sixteen parameters of one type, as `[id]`; the empty array has its own
/// type so that `[]` needs no annotation.
macro_rules! array_params {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn bind(self, bind: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
                self.iter().try_for_each(|p| bind(p))
            }
        }

        impl<T: ToSql> Params for &[T; $n] {
            fn bind(self, bind: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
                self.iter().try_for_each(|p| bind(p))
            }
        }
    )+};
}

array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Parameters taken from an iterator, for statements whose parameters are built at run time.
pub struct ParamsFromIter<I>(I);

/// The values of `iter` as a statement's parameters.
pub fn params_from_iter<I>(iter: I) -> ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    ParamsFromIter(iter)
}

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    fn bind(self, bind: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
        self.0.into_iter().try_for_each(|p| bind(&p))
    }
}

/// The parameters of one statement, of any types: `params![id, slug]`.
#[macro_export]
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::db::sql::ToSql]
    };
    ($($param:expr),+ $(,)?) => {
        &[$(&$param as &dyn $crate::db::sql::ToSql),+] as &[&dyn $crate::db::sql::ToSql]
    };
}
pub use crate::params;

/// How a row's column is named: by position (the repository files' way, see
/// [`super::rows::Columns`]) or by name.
pub trait RowIndex {
    fn index(&self, row: &Row<'_>) -> Result<usize>;
}

impl RowIndex for usize {
    fn index(&self, _: &Row<'_>) -> Result<usize> {
        Ok(*self)
    }
}

impl RowIndex for &str {
    fn index(&self, row: &Row<'_>) -> Result<usize> {
        row.column_index(self)
    }
}

/// One row of a statement's result.
pub struct Row<'a>(RowInner<'a>);

enum RowInner<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Values(&'a postgres::Values),
}

impl Row<'_> {
    /// The value of the column `index`, read as `T`.
    pub fn get<I: RowIndex, T: FromSql>(&self, index: I) -> Result<T> {
        let column = index.index(self)?;
        let read = match &self.0 {
            RowInner::Sqlite(row) => sqlite::column(row, column, T::column_result)?,
            RowInner::Values(values) => T::column_result(values.get(column)?),
        };
        read.map_err(|error| Error::FromSql { column, error })
    }

    fn column_index(&self, name: &str) -> Result<usize> {
        match &self.0 {
            RowInner::Sqlite(row) => row
                .as_ref()
                .column_index(name)
                .map_err(|_| Error::InvalidColumnName(name.to_owned())),
            RowInner::Values(values) => values.column_index(name),
        }
    }
}

/// A connection to the database, of either engine. It is two pointers: pass it by reference
/// as the repository functions do, or copy it.
#[derive(Clone, Copy)]
pub struct Connection<'c>(Engine<'c>);

#[derive(Clone, Copy)]
enum Engine<'c> {
    Sqlite(&'c rusqlite::Connection),
    Postgres(&'c postgres::Client),
}

impl<'c> Connection<'c> {
    /// A SQLite connection.
    pub fn sqlite(conn: &'c rusqlite::Connection) -> Self {
        Self(Engine::Sqlite(conn))
    }

    /// A PostgreSQL connection.
    pub fn postgres(client: &'c postgres::Client) -> Self {
        Self(Engine::Postgres(client))
    }

    /// The dialect this connection speaks.
    pub fn dialect(&self) -> Dialect {
        match self.0 {
            Engine::Sqlite(_) => Dialect::Sqlite,
            Engine::Postgres(_) => Dialect::Postgres,
        }
    }

    /// `sql` as a statement, prepared once per connection and kept for the next use.
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'c>> {
        Ok(Statement(match self.0 {
            Engine::Sqlite(conn) => StatementInner::Sqlite(sqlite::prepare_cached(conn, sql)?),
            Engine::Postgres(client) => {
                StatementInner::Postgres(client, client.prepare_cached(sql)?)
            }
        }))
    }

    /// `sql` as a statement. Kept as [`Connection::prepare_cached`] keeps it: on SQLite the
    /// cache holds a hundred-odd statements and a one-off one would push out one that counts.
    pub fn prepare(&self, sql: &str) -> Result<Statement<'c>> {
        Ok(Statement(match self.0 {
            Engine::Sqlite(conn) => StatementInner::SqliteOnce(sqlite::prepare(conn, sql)?),
            Engine::Postgres(client) => StatementInner::Postgres(client, client.prepare(sql)?),
        }))
    }

    /// Runs `sql` (cached) and reads its first row with `f`; no row is
    /// [`Error::QueryReturnedNoRows`].
    pub fn query_row<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// Runs `sql` (cached) and says how many rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    /// Runs `sql`, one or more statements without parameters, in one go.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        count_statement();
        match self.0 {
            Engine::Sqlite(conn) => conn.execute_batch(sql).map_err(Error::Sqlite),
            Engine::Postgres(client) => client.batch(sql),
        }
    }

    /// Begins a transaction, which rolls back unless committed.
    pub fn transaction(&self) -> Result<Transaction<'c>> {
        self.execute_batch("BEGIN")?;
        Ok(Transaction {
            conn: *self,
            done: false,
        })
    }

    /// Begins a transaction that only reads, so that several statements see one snapshot of
    /// the data: SQLite's deferred `BEGIN`, PostgreSQL's `REPEATABLE READ, READ ONLY`. On
    /// PostgreSQL its statements are planned for their parameters each time
    /// (`force_custom_plan`): the searches that use it match a word in 0.01% or in 50% of the
    /// documents, and one plan for all (the generic plan a prepared statement settles on)
    /// reads every match of a common word where walking the newest documents stops early.
    pub fn read_transaction(&self) -> Result<Transaction<'c>> {
        self.execute_batch(match self.dialect() {
            Dialect::Sqlite => "BEGIN",
            Dialect::Postgres => {
                "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; \
                 SET LOCAL plan_cache_mode = force_custom_plan"
            }
        })?;
        Ok(Transaction {
            conn: *self,
            done: false,
        })
    }

    /// Begins a write transaction, which takes the database's write lock at once, shared by
    /// every process: SQLite's `BEGIN IMMEDIATE` (so that no other process's write can make it
    /// fail half-way with `SQLITE_BUSY`), PostgreSQL's advisory lock
    /// (`WRITE_LOCK`, so that writes commit one after another and the
    /// history's sequence is handed out in commit order), in the same round trip.
    pub fn write_transaction(&self) -> Result<Transaction<'c>> {
        match self.dialect() {
            Dialect::Sqlite => self.execute_batch("BEGIN IMMEDIATE")?,
            Dialect::Postgres => self.execute_batch(postgres::BEGIN_WRITE)?,
        }
        Ok(Transaction {
            conn: *self,
            done: false,
        })
    }

    /// A handle that interrupts the statement this connection is running, from another
    /// thread.
    pub fn interrupt_handle(&self) -> Interrupt {
        match self.0 {
            Engine::Sqlite(conn) => Interrupt(InterruptInner::Sqlite(conn.get_interrupt_handle())),
            Engine::Postgres(client) => Interrupt(InterruptInner::Postgres(client.cancel_token())),
        }
    }

    /// The SQLite connection underneath, for what only SQLite has (its backup API, its
    /// full-text search's C interface).
    pub fn as_sqlite(&self) -> Option<&'c rusqlite::Connection> {
        match self.0 {
            Engine::Sqlite(conn) => Some(conn),
            Engine::Postgres(_) => None,
        }
    }

    /// The PostgreSQL client underneath.
    pub fn as_postgres(&self) -> Option<&'c postgres::Client> {
        match self.0 {
            Engine::Postgres(client) => Some(client),
            Engine::Sqlite(_) => None,
        }
    }
}

/// Interrupts a connection's running statement from another thread.
pub struct Interrupt(InterruptInner);

enum InterruptInner {
    Sqlite(rusqlite::InterruptHandle),
    Postgres(Option<::postgres::CancelToken>),
}

impl Interrupt {
    /// Interrupts the statement running now, if any. On PostgreSQL the request to cancel is a
    /// connection of its own, made on a thread of its own so that the caller does not wait.
    pub fn interrupt(&self) {
        match &self.0 {
            InterruptInner::Sqlite(handle) => handle.interrupt(),
            InterruptInner::Postgres(None) => {}
            InterruptInner::Postgres(Some(token)) => {
                let token = token.clone();
                std::thread::spawn(move || {
                    let _ = token.cancel_query(::postgres::NoTls);
                });
            }
        }
    }
}

/// A transaction: dropped without [`Transaction::commit`], it rolls back. It dereferences to
/// its connection.
pub struct Transaction<'c> {
    conn: Connection<'c>,
    done: bool,
}

impl Transaction<'_> {
    /// Makes the transaction's writes permanent.
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch("COMMIT")
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            // A rollback that fails leaves the connection to its driver, which rolls back
            // when it is closed; nothing better can be done in a drop.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

impl<'c> std::ops::Deref for Transaction<'c> {
    type Target = Connection<'c>;
    fn deref(&self) -> &Connection<'c> {
        &self.conn
    }
}

/// A prepared statement.
pub struct Statement<'c>(StatementInner<'c>);

enum StatementInner<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    SqliteOnce(rusqlite::Statement<'c>),
    Postgres(&'c postgres::Client, postgres::Prepared),
}

impl Statement<'_> {
    /// Runs the statement and reads every row with `f`.
    pub fn query_map<T, P: Params>(
        &mut self,
        params: P,
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        let mut out = Vec::new();
        self.each(params, &mut |row| {
            out.push(f(row));
            Ok(true)
        })?;
        Ok(out.into_iter())
    }

    /// Runs the statement and reads its first row with `f`; no row is
    /// [`Error::QueryReturnedNoRows`].
    pub fn query_row<T, P: Params>(
        &mut self,
        params: P,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut f = Some(f);
        let mut out = None;
        self.each(params, &mut |row| {
            if let Some(f) = f.take() {
                out = Some(f(row));
            }
            Ok(false)
        })?;
        out.unwrap_or(Err(Error::QueryReturnedNoRows))
    }

    /// Runs the statement and says how many rows it changed.
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        count_statement();
        match &mut self.0 {
            StatementInner::Sqlite(stmt) => sqlite::execute(stmt, params),
            StatementInner::SqliteOnce(stmt) => sqlite::execute(stmt, params),
            StatementInner::Postgres(client, stmt) => client.execute(stmt, params),
        }
    }

    /// Runs the statement and hands each row to `row` until it says stop (`false`).
    fn each<P: Params>(
        &mut self,
        params: P,
        row: &mut dyn FnMut(&Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        count_statement();
        match &mut self.0 {
            StatementInner::Sqlite(stmt) => sqlite::each(stmt, params, row),
            StatementInner::SqliteOnce(stmt) => sqlite::each(stmt, params, row),
            StatementInner::Postgres(client, stmt) => client.each(stmt, params, row),
        }
    }
}
