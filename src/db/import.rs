//! Importing record files ([`super::files::Dataset`]) into a database, in the caller's one
//! transaction: every record through the repository's write functions ([`Record`]), so an
//! import is checked exactly as a mutation is. A record whose slug exists is made what the file
//! says (a person's roles too); one that is as the file says is left alone, so importing the
//! same files twice changes nothing. Every invalid record is reported with its file and line,
//! and then nothing is written: the caller rolls the transaction back.
//!
//! Each record created or changed is recorded in the history once, as the import's actor,
//! with its state before the import and after it.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use super::agreements::Agreement;
use super::companies::NewCompany;
use super::events::NewEvent;
use super::files::{Dataset, Filed, Located, SeedCompany};
use super::history;
use super::market_positions::NewMarketPosition;
use super::people::{self, NewPerson, NewRole};
use super::record::{self, Record};
use super::rivalries::{self, Rivalry};
use super::sources::{self, NewQuote, NewSource};
use crate::error::{AppError, AppResult};
use crate::model::{ChangeEntity, CountryCode, Name, Operation, Slug};

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Records created.
    pub created: usize,
    /// Records changed.
    pub updated: usize,
    /// Records as the files say already.
    pub unchanged: usize,
    /// Records deleted (roles a person no longer has in the files).
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
    conn: &'c Connection,
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
        AppError::Conflict { field, reason } => format!("{field}: {reason}"),
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

    /// A list of sources, in the id order records keep them in.
    fn sources_of(&self, slugs: &[String]) -> AppResult<Vec<i64>> {
        let mut ids = slugs
            .iter()
            .map(|s| self.reference(ChangeEntity::Source, "sources", s))
            .collect::<AppResult<Vec<_>>>()?;
        ids.sort_unstable();
        Ok(ids)
    }

    fn sources(&mut self, data: &Dataset) {
        for s in &data.sources {
            let what = format!("source {:?}", s.record.slug);
            self.attempt(s.place(), &what, |run| {
                let r = &s.record;
                let value = NewSource {
                    slug: Slug::parse(&r.slug, "slug")?,
                    title: r.title.clone(),
                    kicker: r.kicker.clone(),
                    published_on: r.published_on,
                    language: r.language.clone(),
                    url: r.url.clone(),
                };
                let existing =
                    record::find_slug(run.conn, ChangeEntity::Source, value.slug.as_str())?;
                run.put(existing, &value)
            });
        }
    }

    /// The company `c` as a record. References to companies that do not exist (yet) fail
    /// when `strict`; otherwise they are left out and the company is marked incomplete.
    fn company(&self, c: &SeedCompany, strict: bool) -> AppResult<(NewCompany, bool)> {
        let mut complete = true;
        let mut company_ref = |field, slug: Option<&String>| -> AppResult<Option<i64>> {
            match self.reference_opt(ChangeEntity::Company, field, slug) {
                Err(_) if !strict => {
                    complete = false;
                    Ok(None)
                }
                other => other,
            }
        };
        let parent = company_ref("parent", c.parent.as_ref())?;
        let mut market_positions = Vec::new();
        for p in &c.market_position {
            market_positions.push(NewMarketPosition {
                kind: p.kind,
                market: p
                    .market
                    .as_deref()
                    .map(|m| CountryCode::parse(m, "market"))
                    .transpose()?,
                reported_by: company_ref("reportedBy", p.reported_by.as_ref())?,
                source: self.reference_opt(ChangeEntity::Source, "source", p.source.as_ref())?,
            });
        }
        let optional_name =
            |text: Option<&String>, field| text.map(|t| Name::parse(t, field)).transpose();
        let company = NewCompany {
            slug: Slug::parse(&c.slug, "slug")?,
            name: Name::parse(&c.name, "name")?,
            kind: c.kind,
            legal_form: optional_name(c.legal_form.as_ref(), "legalForm")?,
            country: c
                .country
                .as_deref()
                .map(|t| CountryCode::parse(t, "country"))
                .transpose()?,
            headquarters: optional_name(c.headquarters.as_ref(), "headquarters")?,
            founded: c.founded,
            parent,
            name_article: c.name_article,
            business_areas: c.business_areas.clone(),
            markets: c
                .markets
                .iter()
                .map(|t| CountryCode::parse(t, "markets"))
                .collect::<AppResult<_>>()?,
            productions: c
                .productions
                .iter()
                .map(|t| Name::parse(t, "productions"))
                .collect::<AppResult<_>>()?,
            sources: self.sources_of(&c.sources)?,
            events: c
                .event
                .iter()
                .map(|e| {
                    Ok(NewEvent {
                        kind: e.kind,
                        date: e.date,
                        record: e.record,
                        source: self.reference_opt(
                            ChangeEntity::Source,
                            "source",
                            e.source.as_ref(),
                        )?,
                    })
                })
                .collect::<AppResult<_>>()?,
            market_positions,
        };
        Ok((company, complete))
    }

    /// Companies in two passes: first each as far as the companies known so far allow, then
    /// those that name a company stored after them, whole.
    fn companies(&mut self, data: &Dataset) {
        let mut later: Vec<&Located<SeedCompany>> = Vec::new();
        for c in &data.companies {
            let what = format!("company {:?}", c.record.slug);
            let deferred = self.attempt(c.place(), &what, |run| {
                let (mut value, complete) = run.company(&c.record, false)?;
                let existing =
                    record::find_slug(run.conn, ChangeEntity::Company, value.slug.as_str())?;
                if let (Some(id), false) = (existing, complete) {
                    // Keep what stands until the second pass can say it whole.
                    let stored = NewCompany::stored(run.conn, id)?;
                    value.parent = stored.parent;
                    value.market_positions = stored.market_positions;
                }
                run.put(existing, &value)?;
                Ok(!complete)
            });
            if deferred == Some(true) {
                later.push(c);
            }
        }
        for c in later {
            let what = format!("company {:?}", c.record.slug);
            self.attempt(c.place(), &what, |run| {
                let (value, _) = run.company(&c.record, true)?;
                let id = run.reference(ChangeEntity::Company, "slug", value.slug.as_str())?;
                run.put(Some(id), &value)
            });
        }
    }

    fn rivalries(&mut self, data: &Dataset) {
        // A pair named twice keeps the first record's source.
        let mut stored: HashSet<(i64, i64)> = HashSet::new();
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
                    if !stored.insert((value.company, value.rival)) {
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
            let what = format!("person {:?}", p.record.slug);
            self.attempt(p.place(), &what, |run| {
                let r = &p.record;
                let value = NewPerson {
                    slug: Slug::parse(&r.slug, "slug")?,
                    name: Name::parse(&r.name, "name")?,
                    sources: run.sources_of(&r.sources)?,
                };
                let existing =
                    record::find_slug(run.conn, ChangeEntity::Person, value.slug.as_str())?;
                let person = run.put(existing, &value)?;
                let mut kept = Vec::new();
                for role in &r.role {
                    let value = NewRole {
                        person,
                        company: run.reference(ChangeEntity::Company, "company", &role.company)?,
                        title: role.title,
                        since: role.since,
                        until: role.until,
                        source: run.reference_opt(
                            ChangeEntity::Source,
                            "source",
                            role.source.as_ref(),
                        )?,
                    };
                    let existing = people::role_id(run.conn, person, value.company, value.title)?;
                    kept.push(run.put(existing, &value)?);
                }
                // The file says which roles the person has: the others go.
                for role in people::role_ids_of_person(run.conn, person)? {
                    if !kept.contains(&role) {
                        let before = history::snapshot_of(run.conn, ChangeEntity::Role, role)?;
                        NewRole::delete(run.conn, role)?;
                        history::record(
                            run.conn,
                            run.actor,
                            ChangeEntity::Role,
                            role,
                            Operation::Delete,
                            before,
                            None,
                        )?;
                        run.deleted += 1;
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
        let mut agreement =
            a.map_refs(&mut |entity, field, slug| self.reference(entity, field, &slug))?;
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
        for q in &data.quotes {
            let what = format!("quote {:.30}…", q.record.text);
            self.attempt(q.place(), &what, |run| {
                let r = &q.record;
                let source =
                    run.reference_opt(ChangeEntity::Source, "source", r.source.as_ref())?;
                let value = NewQuote {
                    text: r.text.clone(),
                    language: r.language.clone(),
                    speaker: run.reference_opt(
                        ChangeEntity::Person,
                        "speaker",
                        r.speaker.as_ref(),
                    )?,
                    companies: r
                        .companies
                        .iter()
                        .map(|c| run.reference(ChangeEntity::Company, "companies", c))
                        .collect::<AppResult<_>>()?,
                    agreement: run.reference_opt(
                        ChangeEntity::Agreement,
                        "agreement",
                        r.agreement.as_ref(),
                    )?,
                    source,
                };
                let existing = sources::quote_id(run.conn, &value.text, source)?;
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

    fn migrated() -> Connection {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch("PRAGMA foreign_keys = ON")
            .expect("pragma");
        crate::db::migrations()
            .and_then(|m| m.to_latest(&mut conn).map_err(Into::into))
            .expect("migrations");
        conn
    }

    /// Imports `text` (as the file `t.toml`) into a fresh database: the errors, if any, and
    /// the database as the import left it (rolled back on errors).
    fn import(text: &str) -> (Connection, Result<Report, Vec<String>>) {
        let mut conn = migrated();
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
            .collect::<rusqlite::Result<_>>()
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
        let (mut conn, first) = import(text);
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
