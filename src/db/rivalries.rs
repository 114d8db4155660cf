//! Rivalries: two companies set against each other, as a source reports, stored once per pair
//! (lower id first); the rivals of many companies at once, and the writes.

use rusqlite::{Connection, OptionalExtension, params};

use super::companies::{COLUMNS, CompanyRow};
use super::constraints::{Reference, execute, insert};
use super::record::Record;
use super::rows::{Grouped, grouped};
use crate::error::{AppError, AppResult};
use crate::model::ChangeEntity;

/// Each of the companies `ids` (as `x.me`) with its rivals (as `c`), by name: rivalry is stored
/// once per pair, so both directions are read.
const RIVALS: &str = "FROM ( \
       SELECT company_id AS me, competitor_id AS other FROM competitors WHERE company_id IN rarray(?1) \
       UNION SELECT competitor_id, company_id FROM competitors WHERE competitor_id IN rarray(?1)) x \
     JOIN companies c ON c.id = x.other ORDER BY x.me, c.sort_name, c.id";

/// The companies set against each of `ids` as rivals, by name.
pub fn competitors_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<CompanyRow>> {
    let sql = format!("SELECT x.me AS owner, {COLUMNS} {RIVALS}");
    grouped(conn, &sql, ids, CompanyRow::read)
}

/// The names of the companies set against each of `ids` as rivals, by name (what a summary
/// says of them).
pub fn competitor_names_of(conn: &Connection, ids: &[i64]) -> AppResult<Grouped<String>> {
    grouped(
        conn,
        &format!("SELECT x.me AS owner, c.name {RIVALS}"),
        ids,
        |r| r.next(),
    )
}

/// The rivalries of the company `id`, by id.
pub fn rivalry_ids_of(conn: &Connection, id: i64) -> AppResult<Vec<i64>> {
    super::rows::ids_where(
        conn,
        "SELECT id FROM competitors WHERE company_id = ?1 OR competitor_id = ?1 ORDER BY id",
        id,
    )
}

// ---------------------------------------------------------------------------------------------
// Writes.
// ---------------------------------------------------------------------------------------------

/// Two companies set against each other, as a source reports. Rivalry is symmetric: the pair
/// is kept lower id first, whichever order it is given in.
#[derive(Debug, Clone, PartialEq)]
pub struct Rivalry {
    /// The id of the one company.
    pub company: i64,
    /// The id of the other.
    pub rival: i64,
    /// The id of the source that reports it.
    pub source: Option<i64>,
}

impl Rivalry {
    /// The rivalry of `a` and `b`, in its stored order.
    pub fn new(a: i64, b: i64, source: Option<i64>) -> Self {
        Self {
            company: a.min(b),
            rival: a.max(b),
            source,
        }
    }
}

/// The id of the rivalry of the companies `a` and `b`, if they are rivals.
pub fn rivalry_id(conn: &Connection, a: i64, b: i64) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM competitors WHERE company_id = ?1 AND competitor_id = ?2")?
        .query_row(params![a.min(b), a.max(b)], |r| r.get(0))
        .optional()?)
}

/// Records that the companies `a` and `b` are rivals, as the source `source` reports. A
/// company cannot be its own rival (`BAD_USER_INPUT` naming `rival`); a pair already stored is
/// a `CONFLICT` naming `rival`.
pub fn insert_rivalry(conn: &Connection, a: i64, b: i64, source: Option<i64>) -> AppResult<i64> {
    Rivalry::new(a, b, source).insert(conn)
}

impl Record for Rivalry {
    const ENTITY: ChangeEntity = ChangeEntity::Rivalry;

    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        if self.company == self.rival {
            return Err(AppError::bad_input(
                "rival",
                "a company cannot be its own rival",
            ));
        }
        insert(
            conn,
            "INSERT INTO competitors (company_id, competitor_id, source_id) VALUES (?1, ?2, ?3)",
            params![self.company, self.rival, self.source],
            &[
                Reference::company("company", self.company),
                Reference::company("rival", self.rival),
                Reference::source("source", self.source),
            ],
        )
    }

    fn stored(conn: &Connection, id: i64) -> AppResult<Self> {
        super::rows::row_of(
            conn,
            "SELECT company_id, competitor_id, source_id FROM competitors WHERE id = ?1",
            id,
            "rivalry",
            |r| {
                Ok(Rivalry {
                    company: r.next()?,
                    rival: r.next()?,
                    source: r.next()?,
                })
            },
        )
    }

    fn rewrite(conn: &Connection, id: i64, _old: &Self, new: &Self) -> AppResult<()> {
        execute(
            conn,
            "UPDATE competitors SET source_id = ?1 WHERE id = ?2",
            params![new.source, id],
            &[Reference::source("source", new.source)],
        )
        .map(drop)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        super::constraints::execute_each(conn, &["DELETE FROM competitors WHERE id = ?1"], id)
    }

    // Not yet declared as one struct: its history snapshot is written by SQL.
    type Named = ();

    fn slug(&self) -> Option<&str> {
        None
    }

    fn named(&self, _: &mut super::record::Namer<'_>) -> AppResult<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::companies::insert_company;
    use crate::db::companies::write_tests::{company, refused_naming};
    use crate::db::test_connection;

    #[test]
    fn rivals_are_stored_lower_id_first_once_and_never_alone() {
        let conn = test_connection();
        let a = insert_company(&conn, &company("a", "A")).expect("a");
        let b = insert_company(&conn, &company("b", "B")).expect("b");
        insert_rivalry(&conn, b, a, None).expect("stored");
        let pair: (i64, i64) = conn
            .query_row(
                "SELECT company_id, competitor_id FROM competitors",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("read");
        assert_eq!(pair, (a, b));
        refused_naming(insert_rivalry(&conn, a, a, None).map(drop), "rival");
        match insert_rivalry(&conn, a, b, None) {
            Err(AppError::Conflict { field, .. }) => assert_eq!(field, "rival"),
            other => panic!("{other:?}"),
        }
    }
}
