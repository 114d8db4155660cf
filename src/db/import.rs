//! Importing record files ([`super::files::Dataset`]) into a database, in the caller's one
//! transaction: every record through the repository's write functions ([`Record`]), its
//! references to others turned from slugs into ids by its own `map_refs`, so an import is
//! checked exactly as a mutation is. A record whose slug exists (now or before a rename) is
//! made what the file says (a person's roles, a company's events and market positions too);
//! one that is as the file says is left alone, so importing the same files twice changes
//! nothing. A record the file gives former slugs keeps them, and a new one takes the first as
//! the key of its global id. Every invalid record is reported with its file and line, and then
//! nothing is written: the caller rolls the transaction back.
//!
//! Each record created, changed or deleted is recorded in the history once, as the import's
//! actor, with its state before the import and after it. A company's market positions are rows
//! of the company, not records of their own, and its history does not list them.

use std::collections::{HashMap, HashSet};

use crate::db::sql::Connection;

use super::agreements::Agreement;
use super::companies::Company;
use super::events::{self, CompanyEvent, Event};
use super::files::{CompanyLists, Dataset, Filed, Located};
use super::history;
use super::market_positions;
use super::people::{self, Person, PersonRole};
use super::record::{self, Record};
use super::rivalries::{self, Rivalry};
use super::sources::{self, Source};
use crate::error::{AppError, AppResult};
use crate::model::{ChangeEntity, Operation};

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Records created.
    pub created: usize,
    /// Records changed.
    pub updated: usize,
    /// Records as the files say already.
    pub unchanged: usize,
    /// Records deleted (roles a person, events a company no longer has in the files).
    pub deleted: usize,
}

/// A record the import wrote: its state before, for the history.
struct Touched {
    entity: ChangeEntity,
    id: i64,
    before: Option<String>,
    created: bool,
}

/// One import in progress.
struct Run<'c> {
    conn: &'c Connection<'c>,
    actor: &'c str,
    errors: Vec<String>,
    touched: Vec<Touched>,
    seen: HashMap<(ChangeEntity, i64), usize>,
    unchanged: usize,
    deleted: usize,
}

/// Imports `data` inside the caller's transaction `conn` as `actor`. On any invalid record,
/// returns every error, each as `file:line: record: field: why`; the caller must then roll
/// back (some records may have been written before the error was found).
pub fn import(conn: &Connection, data: &Dataset, actor: &str) -> Result<Report, Vec<String>> {
    let mut run = Run {
        conn,
        actor,
        errors: Vec::new(),
        touched: Vec::new(),
        seen: HashMap::new(),
        unchanged: 0,
        deleted: 0,
    };
    run.sources(data);
    run.companies(data);
    run.market_positions(data);
    run.rivalries(data);
    run.people(data);
    run.agreements(data);
    run.quotes(data);
    let report = run.finish();
    match report {
        Ok(report) if run.errors.is_empty() => Ok(report),
        Ok(_) => Err(run.errors),
        Err(e) => {
            run.errors
                .push(format!("recording the history: {}", e.public_message()));
            Err(run.errors)
        }
    }
}

/// How an error reads in a report: the field it names, then why.
fn describe(error: &AppError) -> String {
    match error {
        AppError::BadInput { argument, reason } => format!("{argument}: {reason}"),
        AppError::Conflict { field, reason, .. } => format!("{field}: {reason}"),
        other => other.public_message(),
    }
}

impl Run<'_> {
    /// Runs `step` for the record at `place` in a savepoint; a failure is reported and undone,
    /// and the import goes on with the next record.
    fn attempt<T>(
        &mut self,
        place: String,
        what: &str,
        step: impl FnOnce(&mut Self) -> AppResult<T>,
    ) -> Option<T> {
        let savepoint = self.conn.execute_batch("SAVEPOINT record");
        if let Err(e) = savepoint {
            self.errors.push(format!("{place}: {what}: {e}"));
            return None;
        }
        match step(self) {
            Ok(value) => match self.conn.execute_batch("RELEASE record") {
                Ok(()) => Some(value),
                Err(e) => {
                    self.errors.push(format!("{place}: {what}: {e}"));
                    None
                }
            },
            Err(error) => {
                // Undoing a savepoint of this transaction cannot fail but on a broken
                // connection, which the commit would then report.
                let _ = self
                    .conn
                    .execute_batch("ROLLBACK TO record; RELEASE record");
                self.errors
                    .push(format!("{place}: {what}: {}", describe(&error)));
                None
            }
        }
    }

    /// Notes that the record `id` of `entity` is about to be written, keeping its state from
    /// before the import.
    fn touch(&mut self, entity: ChangeEntity, id: i64, created: bool) -> AppResult<()> {
        if self.seen.contains_key(&(entity, id)) {
            return Ok(());
        }
        let before = if created {
            None
        } else {
            history::snapshot_of(self.conn, entity, id)?
        };
        self.seen.insert((entity, id), self.touched.len());
        self.touched.push(Touched {
            entity,
            id,
            before,
            created,
        });
        Ok(())
    }

    /// Stores `value`: makes the record `existing` into it, or creates it. Returns its id.
    fn put<R: Record>(&mut self, existing: Option<i64>, value: &R) -> AppResult<i64> {
        match existing {
            Some(id) => {
                self.touch(R::ENTITY, id, false)?;
                record::replace(self.conn, id, value)?;
                Ok(id)
            }
            None => {
                let id = record::insert(self.conn, value)?;
                self.touch(R::ENTITY, id, true)?;
                Ok(id)
            }
        }
    }

    /// The id of the record of `entity` with `slug`, as a reference from `field`.
    fn reference(&self, entity: ChangeEntity, field: &'static str, slug: &str) -> AppResult<i64> {
        record::find_slug(self.conn, entity, slug)?.ok_or_else(|| {
            AppError::bad_input(
                field,
                format!("no {} has the slug {slug:?}", entity.as_str()),
            )
        })
    }

    /// An optional reference.
    fn reference_opt(
        &self,
        entity: ChangeEntity,
        field: &'static str,
        slug: Option<&String>,
    ) -> AppResult<Option<i64>> {
        slug.map(|s| self.reference(entity, field, s)).transpose()
    }

    /// Turns each slug a record names into the id of the record it names, as `map_refs`
    /// takes it: a slug no record has is bad input naming the field that refers.
    fn by_slug(&self) -> impl FnMut(ChangeEntity, &'static str, String) -> AppResult<i64> + '_ {
        move |entity, field, slug| self.reference(entity, field, &slug)
    }

    /// Deletes the record `id` of the kind `R`, which the files no longer list, and records
    /// its last state.
    fn remove<R: Record>(&mut self, id: i64) -> AppResult<()> {
        let before = history::snapshot_of(self.conn, R::ENTITY, id)?;
        R::delete(self.conn, id)?;
        history::record(
            self.conn,
            self.actor,
            None,
            R::ENTITY,
            id,
            Operation::Delete,
            before,
            None,
        )?;
        self.deleted += 1;
        Ok(())
    }

    fn sources(&mut self, data: &Dataset) {
        for s in &data.sources {
            let what = format!("source {:?}", s.record.record.slug);
            self.attempt(s.place(), &what, |run| {
                let value = &s.record.record;
                let existing = record::find_slug(run.conn, ChangeEntity::Source, &value.slug)?;
                let id = run.put(existing, value)?;
                record::restore_former_slugs::<Source>(
                    run.conn,
                    id,
                    &s.record.former_slugs,
                    existing.is_none(),
                )
            });
        }
    }

    /// The company `c` as a record; its parent is left out (and the record marked
    /// incomplete) when it does not exist yet and not `strict`.
    fn company(&self, c: &Company, strict: bool) -> AppResult<(Company<i64>, bool)> {
        let mut c = c.clone();
        let parent =
            match self.reference_opt(ChangeEntity::Company, "parent", c.parent.take().as_ref()) {
                Err(_) if !strict => None,
                other => Some(other?),
            };
        let mut company = c.map_refs(&mut self.by_slug())?;
        company.parent = parent.flatten();
        company.sources.sort_unstable();
        Ok((company, parent.is_some()))
    }

    /// Makes the events of the company `company` those of `events`, in order: the first
    /// stored event becomes the first listed, and so on; events listed beyond those stored are
    /// created, events stored beyond those listed deleted.
    fn events(&mut self, company: i64, events: &[Event]) -> AppResult<()> {
        let stored = events::event_ids_of(self.conn, company)?;
        for (position, event) in events.iter().enumerate() {
            let value = CompanyEvent {
                company,
                event: event.clone().map_refs(&mut self.by_slug())?,
            };
            self.put(stored.get(position).copied(), &value)?;
        }
        for &id in stored.iter().skip(events.len()) {
            self.remove::<CompanyEvent<i64>>(id)?;
        }
        Ok(())
    }

    /// Companies in two passes: first each as far as the companies known so far allow, then
    /// those that name a parent stored after them, whole. Each company's events are written
    /// with it in the first pass; its market positions later ([`Run::market_positions`]).
    fn companies(&mut self, data: &Dataset) {
        let mut later: Vec<&Located<Filed<Company, CompanyLists>>> = Vec::new();
        for c in &data.companies {
            let what = format!("company {:?}", c.record.record.slug);
            let deferred = self.attempt(c.place(), &what, |run| {
                let (mut value, complete) = run.company(&c.record.record, false)?;
                let existing = record::find_slug(run.conn, ChangeEntity::Company, &value.slug)?;
                if let (Some(id), false) = (existing, complete) {
                    // Keep what stands until the second pass can say it whole.
                    value.parent = Company::stored(run.conn, id)?.parent;
                }
                let id = run.put(existing, &value)?;
                record::restore_former_slugs::<Company<i64>>(
                    run.conn,
                    id,
                    &c.record.former_slugs,
                    existing.is_none(),
                )?;
                run.events(id, &c.record.lists.event)?;
                Ok(!complete)
            });
            if deferred == Some(true) {
                later.push(c);
            }
        }
        for c in later {
            let what = format!("company {:?}", c.record.record.slug);
            self.attempt(c.place(), &what, |run| {
                let (value, _) = run.company(&c.record.record, true)?;
                let id = run.reference(ChangeEntity::Company, "slug", &value.slug)?;
                run.put(Some(id), &value)
            });
        }
    }

    /// The market positions of every company, once every company is stored: a position may
    /// name a company stored after its own as its reporter. They are rows of their company,
    /// not records of their own: the history does not list them.
    fn market_positions(&mut self, data: &Dataset) {
        for c in &data.companies {
            let what = format!("company {:?}", c.record.record.slug);
            self.attempt(c.place(), &what, |run| {
                let slug = &c.record.record.slug;
                // A company that could not be stored is reported already.
                let Some(company) = record::find_slug(run.conn, ChangeEntity::Company, slug)?
                else {
                    return Ok(());
                };
                let positions = c
                    .record
                    .lists
                    .market_position
                    .iter()
                    .map(|p| p.clone().map_refs(&mut run.by_slug()))
                    .collect::<AppResult<Vec<_>>>()?;
                market_positions::replace_of(run.conn, company, &positions)
            });
        }
    }

    fn rivalries(&mut self, data: &Dataset) {
        // A pair named twice keeps the first record's source.
        let mut stored: HashSet<[i64; 2]> = HashSet::new();
        for r in &data.rivalries {
            let what = format!("rivalry of {:?}", r.record.companies);
            self.attempt(r.place(), &what, |run| {
                let source =
                    run.reference_opt(ChangeEntity::Source, "source", r.record.source.as_ref())?;
                let ids = |slugs: &[String], field| -> AppResult<Vec<i64>> {
                    slugs
                        .iter()
                        .map(|s| run.reference(ChangeEntity::Company, field, s))
                        .collect()
                };
                let left = ids(&r.record.companies, "companies")?;
                let right = ids(&r.record.against, "against")?;
                let pairs: Vec<(i64, i64)> = if right.is_empty() {
                    left.iter()
                        .enumerate()
                        .flat_map(|(i, a)| left[i + 1..].iter().map(move |b| (*a, *b)))
                        .collect()
                } else {
                    left.iter()
                        .flat_map(|a| right.iter().map(move |b| (*a, *b)))
                        .collect()
                };
                for (a, b) in pairs {
                    let value = Rivalry::new(a, b, source);
                    if !stored.insert(value.companies) {
                        continue;
                    }
                    let existing = rivalries::rivalry_id(run.conn, a, b)?;
                    run.put(existing, &value)?;
                }
                Ok(())
            });
        }
    }

    fn people(&mut self, data: &Dataset) {
        for p in &data.people {
            let what = format!("person {:?}", p.record.record.slug);
            self.attempt(p.place(), &what, |run| {
                let mut value = p.record.record.clone().map_refs(&mut run.by_slug())?;
                value.sources.sort_unstable();
                let existing = record::find_slug(run.conn, ChangeEntity::Person, &value.slug)?;
                let person = run.put(existing, &value)?;
                record::restore_former_slugs::<Person<i64>>(
                    run.conn,
                    person,
                    &p.record.former_slugs,
                    existing.is_none(),
                )?;
                let mut kept = Vec::new();
                for role in &p.record.lists.role {
                    let value = PersonRole {
                        person,
                        role: role.clone().map_refs(&mut run.by_slug())?,
                    };
                    let existing = people::role_id(
                        run.conn,
                        person,
                        value.role.company,
                        value.role.fields.title,
                    )?;
                    kept.push(run.put(existing, &value)?);
                }
                // The file says which roles the person has: the others go.
                for role in people::role_ids_of_person(run.conn, person)? {
                    if !kept.contains(&role) {
                        run.remove::<PersonRole<i64>>(role)?;
                    }
                }
                Ok(())
            });
        }
    }

    /// The agreement `a` as a record; the agreement it is part of is left out (and the
    /// record marked incomplete) when it does not exist yet and not `strict`.
    fn agreement(&self, a: &Agreement, strict: bool) -> AppResult<(Agreement<i64>, bool)> {
        let mut a = a.clone();
        let part_of = match self.reference_opt(
            ChangeEntity::Agreement,
            "partOf",
            a.part_of.take().as_ref(),
        ) {
            Err(_) if !strict => None,
            other => Some(other?),
        };
        let mut agreement = a.map_refs(&mut self.by_slug())?;
        agreement.part_of = part_of.flatten();
        agreement.sources.sort_unstable();
        Ok((agreement, part_of.is_some()))
    }

    /// Agreements in two passes, as companies: the agreement one is part of may come later.
    fn agreements(&mut self, data: &Dataset) {
        let mut later: Vec<&Located<Filed<Agreement>>> = Vec::new();
        for a in &data.agreements {
            let what = format!("agreement {:?}", a.record.record.slug);
            let deferred = self.attempt(a.place(), &what, |run| {
                let (mut value, complete) = run.agreement(&a.record.record, false)?;
                let existing = record::find_slug(run.conn, ChangeEntity::Agreement, &value.slug)?;
                if let (Some(id), false) = (existing, complete) {
                    value.part_of = Agreement::stored(run.conn, id)?.part_of;
                }
                let id = run.put(existing, &value)?;
                record::restore_former_slugs::<Agreement<i64>>(
                    run.conn,
                    id,
                    &a.record.former_slugs,
                    existing.is_none(),
                )?;
                Ok(!complete)
            });
            if deferred == Some(true) {
                later.push(a);
            }
        }
        for a in later {
            let what = format!("agreement {:?}", a.record.record.slug);
            self.attempt(a.place(), &what, |run| {
                let (value, _) = run.agreement(&a.record.record, true)?;
                let id = run.reference(ChangeEntity::Agreement, "slug", &value.slug)?;
                run.put(Some(id), &value)
            });
        }
    }

    fn quotes(&mut self, data: &Dataset) {
        // How many quotes of each text and source the files held before this one.
        let mut before: HashMap<(String, Option<i64>), usize> = HashMap::new();
        for q in &data.quotes {
            let what = format!("quote {:.30}…", q.record.fields.text);
            self.attempt(q.place(), &what, |run| {
                let value = q.record.clone().map_refs(&mut run.by_slug())?;
                let seen = before
                    .entry((value.fields.text.to_string(), value.source))
                    .or_default();
                let nth = *seen;
                *seen += 1;
                let existing = sources::quote_id(run.conn, &value.fields.text, value.source, nth)?;
                run.put(existing, &value)
            });
        }
    }

    /// Records every record written in the history, once, from its state before the import
    /// to its state now; counts what was created, changed and left alone.
    fn finish(&mut self) -> AppResult<Report> {
        let mut report = Report {
            unchanged: self.unchanged,
            deleted: self.deleted,
            ..Report::default()
        };
        if !self.errors.is_empty() {
            return Ok(report);
        }
        for t in &self.touched {
            let after = history::snapshot_of(self.conn, t.entity, t.id)?;
            let operation = if t.created {
                report.created += 1;
                Operation::Create
            } else if t.before != after {
                report.updated += 1;
                Operation::Update
            } else {
                report.unchanged += 1;
                continue;
            };
            history::record(
                self.conn,
                self.actor,
                None,
                t.entity,
                t.id,
                operation,
                t.before.clone(),
                after,
            )?;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrated() -> Connection<'static> {
        crate::db::test_connection()
    }

    /// Imports `text` (as the file `t.toml`) into a fresh database: the errors, if any, and
    /// the database as the import left it (rolled back on errors).
    fn import(text: &str) -> (Connection<'static>, Result<Report, Vec<String>>) {
        let conn = migrated();
        let mut data = Dataset::default();
        let mut errors = Vec::new();
        data.read("t.toml", text, &mut errors);
        let tx = conn.transaction().expect("tx");
        let result = match super::import(&tx, &data, "test") {
            Ok(report) if errors.is_empty() => Ok(report),
            Ok(_) => Err(errors),
            Err(found) => Err(errors.into_iter().chain(found).collect()),
        };
        if result.is_ok() {
            tx.commit().expect("commit");
        } else {
            drop(tx);
        }
        (conn, result)
    }

    #[test]
    fn every_invalid_record_is_reported_with_its_line_and_nothing_is_written() {
        let (conn, result) = import(
            r#"
[[company]]
slug = "a"
name = "A"
kind = "MEDIA_GROUP"
parent = "missing"

[[company]]
slug = "ok"
name = "Fine"
kind = "MEDIA_GROUP"

[[company]]
slug = "b"
name = "B"
kind = "SPACESHIP"

[[company]]
slug = "c"
name = "C"
kind = "MEDIA_GROUP"
country = "XX"
"#,
        );
        let errors = result.expect_err("refused");
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(
            errors[0].starts_with("t.toml:13: company: "),
            "{}",
            errors[0]
        );
        assert!(errors[0].contains("SPACESHIP"), "{}", errors[0]);
        let about = |prefix: &str| {
            errors
                .iter()
                .find(|e| e.starts_with(prefix))
                .unwrap_or_else(|| panic!("no error starts with {prefix:?}: {errors:#?}"))
        };
        assert!(about("t.toml:2: company \"a\": parent: ").contains("\"missing\""));
        about("t.toml:18: company \"c\": country: ");
        let count: i64 = conn
            .query_row("SELECT count(*) FROM companies", [], |r| r.get(0))
            .expect("count");
        assert_eq!(count, 0, "a failed import left rows behind");
    }

    #[test]
    fn bad_country_codes_and_slugs_are_refused() {
        for company in [
            r#"slug = "a"
               name = "A"
               kind = "MEDIA_GROUP"
               country = "Germany""#,
            r#"slug = "Not A Slug"
               name = "A"
               kind = "MEDIA_GROUP""#,
        ] {
            let (_, result) = import(&format!("[[company]]\n{company}"));
            assert!(result.is_err(), "accepted: {company}");
        }
    }

    #[test]
    fn a_pair_named_by_two_rivalries_is_stored_once_with_the_first_source() {
        let (conn, result) = import(
            r#"
            [[source]]
            slug = "first"
            title = "First"
            language = "de"

            [[source]]
            slug = "second"
            title = "Second"
            language = "de"

            [[company]]
            slug = "a"
            name = "A"
            kind = "MEDIA_GROUP"

            [[company]]
            slug = "b"
            name = "B"
            kind = "MEDIA_GROUP"

            [[rivalry]]
            companies = ["b"]
            against = ["a"]
            source = "first"

            [[rivalry]]
            companies = ["a", "b"]
            source = "second"
            "#,
        );
        result.expect("imports");
        let rows: Vec<(i64, i64, i64)> = conn
            .prepare("SELECT company_id, competitor_id, source_id FROM competitors")
            .expect("select")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .collect::<crate::db::sql::Result<_>>()
            .expect("read");
        assert_eq!(rows, [(1, 2, 1)]);
    }

    #[test]
    fn a_refused_record_is_named_with_the_rule_it_breaks() {
        let (_, result) = import(
            r#"
            [[company]]
            slug = "o"
            name = "O"
            kind = "MEDIA_GROUP"

            [[agreement]]
            slug = "deal"
            kind = "PROGRAMME"
            status = "SIGNED"
            scopes = ["TOURISM"]
            initial_focus = ["MOTORSPORT"]
            parties = [{ company = "o", role = "ORGANISER" }]
            "#,
        );
        let errors = result.expect_err("initial focus outside the scopes refused");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("t.toml:7: agreement \"deal\": initialFocus: "),
            "{}",
            errors[0]
        );
        assert!(errors[0].contains("MOTORSPORT"), "{}", errors[0]);
    }

    /// Imports `text` into `conn` again, committing it.
    fn import_into(conn: &mut Connection, text: &str) -> Report {
        let mut data = Dataset::default();
        let mut errors = Vec::new();
        data.read("t.toml", text, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let tx = conn.transaction().expect("tx");
        let report = super::import(&tx, &data, "test").expect("imports");
        tx.commit().expect("commit");
        report
    }

    #[test]
    fn a_company_s_events_follow_the_file_each_recorded_and_its_names_are_trimmed() {
        let company = |events: &str| {
            format!(
                r#"
                [[company]]
                slug = "a"
                name = "  Alpha Media "
                kind = "MEDIA_GROUP"
                productions = [" Show "]

                [[company.market_position]]
                kind = "MOST_USED"
                market = "DE"
                reported_by = "b"
                {events}

                [[company]]
                slug = "b"
                name = "Beta"
                kind = "MEDIA_GROUP"
                "#
            )
        };
        let (mut conn, first) = import(&company(
            r#"
                [[company.event]]
                kind = "IPO"
                date = "2014"

                [[company.event]]
                kind = "IPO"
                date = "2020"
                record = true"#,
        ));
        assert_eq!(first.expect("imports").created, 4);
        let names: (String, String) = conn
            .query_row(
                "SELECT c.name, p.name FROM companies c \
                 JOIN company_productions p ON p.company_id = c.id WHERE c.slug = 'a'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("names");
        assert_eq!(names, ("Alpha Media".to_owned(), "Show".to_owned()));
        let reporter: i64 = conn
            .query_row("SELECT reported_by FROM market_positions", [], |r| r.get(0))
            .expect("a position");
        assert_eq!(reporter, 2, "reported by the company stored after it");

        let again = import_into(
            &mut conn,
            &company(
                r#"
                [[company.event]]
                kind = "IPO"
                date = "2015""#,
            ),
        );
        assert_eq!(
            (again.created, again.updated, again.deleted),
            (0, 1, 1),
            "{again:?}"
        );
        let history: Vec<(String, String)> = conn
            .prepare(
                "SELECT entity_kind, operation FROM changes WHERE entity_kind = 'event' \
                 ORDER BY id",
            )
            .expect("select")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<crate::db::sql::Result<_>>()
            .expect("read");
        let operations: Vec<&str> = history.iter().map(|(_, o)| o.as_str()).collect();
        // A deletion is recorded when it is made, the other changes once the import is done.
        assert_eq!(operations, ["CREATE", "CREATE", "DELETE", "UPDATE"]);
    }

    #[test]
    fn an_unknown_field_is_refused_at_every_depth() {
        for (text, field) in [
            (
                "[[company]]\nslug = \"a\"\nname = \"A\"\nkind = \"MEDIA_GROUP\"\nfounder = \"x\"",
                "founder",
            ),
            (
                "[[company]]\nslug = \"a\"\nname = \"A\"\nkind = \"MEDIA_GROUP\"\n\n\
                 [[company.event]]\nkind = \"IPO\"\nyear = \"2014\"",
                "year",
            ),
            (
                "[[person]]\nslug = \"p\"\nname = \"P\"\n\n\
                 [[person.role]]\ncompany = \"a\"\ntitle = \"CEO\"\nfrom = \"2014\"",
                "from",
            ),
        ] {
            let mut data = Dataset::default();
            let mut errors = Vec::new();
            data.read("t.toml", text, &mut errors);
            assert_eq!(errors.len(), 1, "{text}: {errors:?}");
            assert!(
                errors[0].contains(&format!("unknown field `{field}`")),
                "{errors:?}"
            );
        }
    }

    #[test]
    fn importing_the_same_file_twice_changes_nothing_the_second_time() {
        let text = r#"
            [[company]]
            slug = "child"
            name = "Child"
            kind = "MEDIA_GROUP"
            parent = "parent"

            [[company]]
            slug = "parent"
            name = "Parent"
            kind = "MEDIA_GROUP"
            "#;
        let (conn, first) = import(text);
        let first = first.expect("first import");
        assert_eq!(first.created, 2);
        let mut data = Dataset::default();
        let mut errors = Vec::new();
        data.read("t.toml", text, &mut errors);
        let tx = conn.transaction().expect("tx");
        let again = super::import(&tx, &data, "test").expect("second import");
        assert_eq!((again.created, again.updated), (0, 0), "{again:?}");
        assert_eq!(again.unchanged, 2);
    }
}
