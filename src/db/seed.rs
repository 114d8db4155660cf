//! The record files: the TOML format of `db/seed/` (the seed dataset, embedded in the binary),
//! which `dealgraph import` reads and `dealgraph export` writes; reading files with the place of
//! every record; and loading the seed into a new database.
//!
//! Records refer to each other by slug. Loading them is an import ([`super::import`]): every
//! record goes through the repository's write functions, which hold the rules the data must
//! obey, so the seed is checked exactly as every other write is.

use std::path::Path;

use anyhow::bail;
use include_dir::{Dir, include_dir};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::model::{
    AgreementKind, AgreementStatus, BusinessArea, CompanyKind, EventKind, MarketPositionKind,
    NameArticle, PartialDate, PartyRole, RoleTitle, Scope,
};

static SEED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/db/seed");

/// The `meta` key whose presence records that the seed dataset was loaded.
const SEEDED_KEY: &str = "seed_loaded_at";

/// One seed file; every section is optional, so data can be split across files freely.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    /// Articles and other publications.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<SeedSource>,
    /// Companies and organisations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub company: Vec<SeedCompany>,
    /// Rivalries the sources describe.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rivalry: Vec<SeedRivalry>,
    /// People and their roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub person: Vec<SeedPerson>,
    /// Agreements and programmes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agreement: Vec<SeedAgreement>,
    /// Quotations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quote: Vec<SeedQuote>,
}

/// A source record.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedSource {
    pub slug: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_on: Option<PartialDate>,
    pub language: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A company record.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedCompany {
    pub slug: String,
    pub name: String,
    pub kind: CompanyKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_form: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headquarters: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub founded: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_article: Option<NameArticle>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub business_areas: Vec<BusinessArea>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markets: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub productions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event: Vec<SeedEvent>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub market_position: Vec<SeedMarketPosition>,
}

/// An event in a company's history.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedEvent {
    pub kind: EventKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub record: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A market position a source reports.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedMarketPosition {
    pub kind: MarketPositionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Companies set against each other: each of `companies` against each of `against`, or, when
/// `against` is empty, each of `companies` against every other.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRivalry {
    pub companies: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub against: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A person record.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPerson {
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub role: Vec<SeedRole>,
}

/// A role a person holds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRole {
    pub company: String,
    pub title: RoleTitle,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// An agreement record.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedAgreement {
    pub slug: String,
    pub kind: AgreementKind,
    pub status: AgreementStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announced: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed: Option<PartialDate>,
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub multi_stage: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markets: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<Scope>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initial_focus: Vec<Scope>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<SeedParty>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// A party to an agreement.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedParty {
    pub company: String,
    pub role: PartyRole,
    #[serde(default)]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub first_from_country: bool,
}

/// A quotation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedQuote {
    pub text: String,
    pub language: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub companies: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A record with where it was read: the file and the line it starts on.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The file, as named to the reader.
    pub file: String,
    /// The line (counting from 1).
    pub line: usize,
    /// The record.
    pub record: T,
}

impl<T> Located<T> {
    /// `file:line`, for messages.
    pub fn place(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// Records read from one or more files, each with its place, in file order.
#[derive(Debug, Default)]
pub struct Dataset {
    /// Articles and other publications.
    pub sources: Vec<Located<SeedSource>>,
    /// Companies and organisations.
    pub companies: Vec<Located<SeedCompany>>,
    /// Rivalries.
    pub rivalries: Vec<Located<SeedRivalry>>,
    /// People and their roles.
    pub people: Vec<Located<SeedPerson>>,
    /// Agreements and programmes.
    pub agreements: Vec<Located<SeedAgreement>>,
    /// Quotations.
    pub quotes: Vec<Located<SeedQuote>>,
}

/// A file's sections before each record is read, so that a record that does not fit its
/// section's format is reported with its line while the others are still read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    source: Vec<toml::Spanned<toml::Table>>,
    #[serde(default)]
    company: Vec<toml::Spanned<toml::Table>>,
    #[serde(default)]
    rivalry: Vec<toml::Spanned<toml::Table>>,
    #[serde(default)]
    person: Vec<toml::Spanned<toml::Table>>,
    #[serde(default)]
    agreement: Vec<toml::Spanned<toml::Table>>,
    #[serde(default)]
    quote: Vec<toml::Spanned<toml::Table>>,
}

/// The line (from 1) of the byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

/// Reads the records of `section` into `into`; each that does not fit is reported in
/// `errors` as `file:line: section: why`.
fn read_section<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    section: &str,
    tables: Vec<toml::Spanned<toml::Table>>,
    into: &mut Vec<Located<T>>,
    errors: &mut Vec<String>,
) {
    for table in tables {
        let line = line_of(text, table.span().start);
        match toml::Value::Table(table.into_inner()).try_into::<T>() {
            Ok(record) => into.push(Located {
                file: file.to_owned(),
                line,
                record,
            }),
            Err(e) => errors.push(format!("{file}:{line}: {section}: {}", e.message().trim())),
        }
    }
}

impl Dataset {
    /// Reads the records of the TOML `text` of the file `file`; a record that does not fit
    /// the format (an unknown field or value, a missing one) is reported in `errors` with its
    /// place, and the others are still read.
    pub fn read(&mut self, file: &str, text: &str, errors: &mut Vec<String>) {
        let raw: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let line = e.span().map_or(1, |s| line_of(text, s.start));
                errors.push(format!("{file}:{line}: {}", e.message().trim()));
                return;
            }
        };
        read_section(file, text, "source", raw.source, &mut self.sources, errors);
        read_section(
            file,
            text,
            "company",
            raw.company,
            &mut self.companies,
            errors,
        );
        read_section(
            file,
            text,
            "rivalry",
            raw.rivalry,
            &mut self.rivalries,
            errors,
        );
        read_section(file, text, "person", raw.person, &mut self.people, errors);
        read_section(
            file,
            text,
            "agreement",
            raw.agreement,
            &mut self.agreements,
            errors,
        );
        read_section(file, text, "quote", raw.quote, &mut self.quotes, errors);
    }

    /// Reads a file, or every `.toml` file of a folder in name order (not descending into
    /// sub-folders); files that cannot be read or records that do not fit are reported in
    /// `errors`.
    pub fn read_path(&mut self, path: &Path, errors: &mut Vec<String>) {
        let files = if path.is_dir() {
            match std::fs::read_dir(path) {
                Ok(entries) => {
                    let mut files: Vec<_> = entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                        .collect();
                    files.sort();
                    files
                }
                Err(e) => {
                    errors.push(format!("{}: {e}", path.display()));
                    return;
                }
            }
        } else {
            vec![path.to_owned()]
        };
        for file in files {
            match std::fs::read_to_string(&file) {
                Ok(text) => self.read(&file.display().to_string(), &text, errors),
                Err(e) => errors.push(format!("{}: {e}", file.display())),
            }
        }
    }
}

/// Reads every embedded seed file, in file-name order, into one dataset; any error is a
/// mistake in the seed files.
pub fn embedded() -> anyhow::Result<Dataset> {
    let mut files: Vec<_> = SEED
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort_by_key(|f| f.path());
    let mut data = Dataset::default();
    let mut errors = Vec::new();
    for file in files {
        let name = format!("db/seed/{}", file.path().display());
        match file.contents_utf8() {
            Some(text) => data.read(&name, text, &mut errors),
            None => errors.push(format!("{name}: not UTF-8")),
        }
    }
    if !errors.is_empty() {
        bail!("the seed files have mistakes:\n{}", errors.join("\n"));
    }
    Ok(data)
}

/// Whether the database holds no data yet.
fn is_empty(conn: &Connection) -> anyhow::Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM sources) AND NOT EXISTS (SELECT 1 FROM companies) \
           AND NOT EXISTS (SELECT 1 FROM people) AND NOT EXISTS (SELECT 1 FROM agreements)",
        [],
        |r| r.get(0),
    )?)
}

/// Loads the embedded seed dataset into a database that has never been seeded and holds no
/// data (one filled by an import is left alone). Returns whether it loaded it. The seed is
/// imported as every other file is, and its records' history names the actor `seed`.
pub fn seed_if_empty(conn: &mut Connection) -> anyhow::Result<bool> {
    let tx = conn.transaction()?;
    if super::search::meta(&tx, SEEDED_KEY)?.is_some() || !is_empty(&tx)? {
        return Ok(false);
    }
    if let Err(errors) = super::import::import(&tx, &embedded()?, "seed") {
        bail!("the seed dataset does not load:\n{}", errors.join("\n"));
    }
    super::record_time(&tx, SEEDED_KEY)?;
    tx.commit()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrated() -> Connection {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch("PRAGMA foreign_keys = ON")
            .expect("pragma");
        super::super::migrations()
            .and_then(|m| m.to_latest(&mut conn).map_err(Into::into))
            .expect("migrations");
        conn
    }

    /// Imports `text` (as the file `t.toml`) into a fresh database: the errors, if any, and
    /// the database as the import left it (rolled back on errors).
    fn import(
        text: &str,
    ) -> (
        Connection,
        Result<super::super::import::Report, Vec<String>>,
    ) {
        let mut conn = migrated();
        let mut data = Dataset::default();
        let mut errors = Vec::new();
        data.read("t.toml", text, &mut errors);
        let tx = conn.transaction().expect("tx");
        let result = match super::super::import::import(&tx, &data, "test") {
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
    fn embedded_seed_loads_into_an_empty_database() {
        let mut conn = migrated();
        assert!(seed_if_empty(&mut conn).expect("seed loads"));
        assert!(
            !seed_if_empty(&mut conn).expect("second call"),
            "seeded twice"
        );
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
        let again = super::super::import::import(&tx, &data, "test").expect("second import");
        assert_eq!((again.created, again.updated), (0, 0), "{again:?}");
        assert_eq!(again.unchanged, 2);
    }
}
