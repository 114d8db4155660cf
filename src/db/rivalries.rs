//! Rivalries: two companies set against each other, as a source reports, stored once per pair
//! (lower id first); the rivals of many companies at once, and the one declaration of what a
//! rivalry is ([`Rivalry`]).

use crate::db::sql::{Connection, Dialect, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::companies::{COLUMNS, CompanyRow};
use super::constraints::{Reference, execute, insert};
use super::record::{Namer, Record};
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

/// Two companies set against each other, as a source reports: the one declaration of what a
/// rivalry is, as it is written ([`Record`]) and in the history. `R` is how it names other
/// records: by storage id when it is written (`Rivalry<i64>`), by slug in the history
/// (`Rivalry<String>`). Rivalry is symmetric: the pair is kept lower id first, whichever order
/// it is given in. The record files list rivalries in groups ([`super::files::Rivals`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rivalry<R = String> {
    /// The two companies: the one and its rival.
    pub companies: [R; 2],
    /// The source that reports it.
    #[serde(default)]
    pub source: Option<R>,
}

impl Rivalry<i64> {
    /// The rivalry of `a` and `b`, in its stored order.
    pub fn new(a: i64, b: i64, source: Option<i64>) -> Self {
        Self {
            companies: [a.min(b), a.max(b)],
            source,
        }
    }

    /// The rule of a rivalry: a company is not its own rival (`BAD_USER_INPUT` naming
    /// `rival`).
    fn check(&self) -> AppResult<()> {
        let [company, rival] = self.companies;
        if company == rival {
            return Err(AppError::bad_input(
                "rival",
                "a company cannot be its own rival",
            ));
        }
        Ok(())
    }
}

impl<R> Rivalry<R> {
    /// The same rivalry naming other records as `name` turns each reference into; `name` is
    /// told the kind of record referred to and the field (as the API spells it) that refers.
    pub fn map_refs<S>(
        self,
        name: &mut impl FnMut(ChangeEntity, &'static str, R) -> AppResult<S>,
    ) -> AppResult<Rivalry<S>> {
        let [company, rival] = self.companies;
        Ok(Rivalry {
            companies: [
                name(ChangeEntity::Company, "company", company)?,
                name(ChangeEntity::Company, "rival", rival)?,
            ],
            source: self
                .source
                .map(|s| name(ChangeEntity::Source, "source", s))
                .transpose()?,
        })
    }
}

/// The id of the rivalry of the companies `a` and `b`, if they are rivals.
pub fn rivalry_id(conn: &Connection, a: i64, b: i64) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM competitors WHERE company_id = ?1 AND competitor_id = ?2")?
        .query_row(params![a.min(b), a.max(b)], |r| r.get(0))
        .optional()?)
}

impl Record for Rivalry<i64> {
    const ENTITY: ChangeEntity = ChangeEntity::Rivalry;
    type Named = Rivalry<String>;

    fn slug(&self) -> Option<&str> {
        None
    }

    /// Records that the two companies are rivals, under the rule of `Rivalry::check`; a
    /// pair already stored is a `CONFLICT` naming `rival`.
    fn insert(&self, conn: &Connection) -> AppResult<i64> {
        self.check()?;
        let [company, rival] = self.companies;
        // A rivalry's id is given by a trigger: on SQLite after the row is written (it is the
        // rowid), on PostgreSQL before (from a sequence), so each returns it as it knows it.
        let sql = match conn.dialect() {
            Dialect::Sqlite => {
                "INSERT INTO competitors (company_id, competitor_id, source_id) \
                 VALUES (?1, ?2, ?3) RETURNING rowid"
            }
            Dialect::Postgres => {
                "INSERT INTO competitors (company_id, competitor_id, source_id) \
                 VALUES (?1, ?2, ?3) RETURNING id"
            }
        };
        insert(
            conn,
            sql,
            params![company, rival, self.source],
            &[
                Reference::company("company", company),
                Reference::company("rival", rival),
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
                    companies: [r.next()?, r.next()?],
                    source: r.next()?,
                })
            },
        )
    }

    fn rewrite(conn: &Connection, id: i64, _old: &Self, new: &Self) -> AppResult<()> {
        new.check()?;
        let [company, rival] = new.companies;
        execute(
            conn,
            "UPDATE competitors SET company_id = ?1, competitor_id = ?2, source_id = ?3 \
             WHERE id = ?4",
            params![company, rival, new.source, id],
            &[
                Reference::company("company", company),
                Reference::company("rival", rival),
                Reference::source("source", new.source),
            ],
        )
        .map(drop)
    }

    fn delete(conn: &Connection, id: i64) -> AppResult<()> {
        super::constraints::execute_each(conn, &["DELETE FROM competitors WHERE id = ?1"], id)
    }

    fn named(&self, name: &mut Namer<'_>) -> AppResult<Rivalry<String>> {
        self.clone().map_refs(&mut |entity, _, id| name(entity, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::companies::write_tests::{company, refused_naming};
    use crate::db::test_connection;

    #[test]
    fn rivals_are_stored_lower_id_first_once_and_never_alone() {
        let conn = test_connection();
        let a = company("a", "A").insert(&conn).expect("a");
        let b = company("b", "B").insert(&conn).expect("b");
        Rivalry::new(b, a, None).insert(&conn).expect("stored");
        let pair: (i64, i64) = conn
            .query_row(
                "SELECT company_id, competitor_id FROM competitors",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("read");
        assert_eq!(pair, (a, b));
        refused_naming(Rivalry::new(a, a, None).insert(&conn).map(drop), "rival");
        match Rivalry::new(a, b, None).insert(&conn) {
            Err(AppError::Conflict { field, .. }) => assert_eq!(field, "rival"),
            other => panic!("{other:?}"),
        }
    }
}
