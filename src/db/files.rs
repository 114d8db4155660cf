//! The record files: the TOML format of `db/seed/` (the seed dataset), which `dealgraph
//! import` reads and `dealgraph export` writes, and reading files with the place (file and
//! line) of every record, so that a record that does not fit is reported where it is. Every
//! kind of record is in the files as it is declared ([`Agreement`], [`Company`], …), naming
//! others by slug; a record with a slug with its former slugs ([`Filed`]).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::agreements::Agreement;
use super::companies::Company;
use super::events::Event;
use super::market_positions::MarketPosition;
use super::people::{Person, Role};
use super::sources::{Quote, Source};

/// One record file; every section is optional, so data can be split across files freely.
/// Each record is its kind's own declaration naming others by slug (such as [`Agreement`]);
/// an export leaves out every field that says nothing (an empty list, `false`, no value), and
/// a reader assumes it.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecordFile {
    /// Articles and other publications.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Filed<Source>>,
    /// Companies and organisations, with their events and market positions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub company: Vec<Filed<Company, CompanyLists>>,
    /// Rivalries the sources describe.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rivalry: Vec<Rivals>,
    /// People, with their roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub person: Vec<Filed<Person, PersonLists>>,
    /// Agreements and programmes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agreement: Vec<Filed<Agreement>>,
    /// Quotations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quote: Vec<Quote>,
}

/// A record with a slug as the files hold it: the record, naming others by slug; what the
/// files list with it (`L`: the events and market positions of a company, the roles of a
/// person, nothing for the others); and the slugs it had before, oldest first (its global id
/// is made of the first it ever had, so importing it elsewhere keeps the ids and links issued
/// for it valid).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Filed<T, L = ()> {
    /// The record.
    #[serde(flatten)]
    pub record: T,
    /// What the files list with it.
    #[serde(flatten)]
    pub lists: L,
    /// Its former slugs, oldest first.
    #[serde(default)]
    pub former_slugs: Vec<String>,
}

/// What the files list with a company, each without the company: the events in its history
/// and its standings in markets.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CompanyLists {
    /// Events in its history, in id order.
    #[serde(default)]
    pub event: Vec<Event>,
    /// Its standings in markets, as sources report them, in id order.
    #[serde(default)]
    pub market_position: Vec<MarketPosition>,
}

/// What the files list with a person: the roles they hold, each without the person.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PersonLists {
    /// Their roles.
    #[serde(default)]
    pub role: Vec<Role>,
}

/// Companies set against each other: each of `companies` against each of `against`, or, when
/// `against` is empty, each of `companies` against every other. Each pair is a rivalry
/// ([`super::rivalries::Rivalry`]); an export writes one entry per rivalry, its one company
/// against the other.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rivals {
    /// The companies.
    pub companies: Vec<String>,
    /// The companies they are set against.
    #[serde(default)]
    pub against: Vec<String>,
    /// The source that reports the rivalries.
    #[serde(default)]
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
    pub sources: Vec<Located<Filed<Source>>>,
    /// Companies and organisations, with their events and market positions.
    pub companies: Vec<Located<Filed<Company, CompanyLists>>>,
    /// Rivalries.
    pub rivalries: Vec<Located<Rivals>>,
    /// People, with their roles.
    pub people: Vec<Located<Filed<Person, PersonLists>>>,
    /// Agreements and programmes.
    pub agreements: Vec<Located<Filed<Agreement>>>,
    /// Quotations.
    pub quotes: Vec<Located<Quote>>,
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
fn read_section<T: serde::de::DeserializeOwned + Serialize>(
    file: &str,
    text: &str,
    section: &str,
    tables: Vec<toml::Spanned<toml::Table>>,
    into: &mut Vec<Located<T>>,
    errors: &mut Vec<String>,
) {
    for table in tables {
        let line = line_of(text, table.span().start);
        let table = table.into_inner();
        let names: Vec<String> = table.keys().cloned().collect();
        match toml::Value::Table(table).try_into::<T>() {
            Ok(record) if unknown_field(&record, &names).is_some() => {
                let name = unknown_field(&record, &names).unwrap_or_default();
                errors.push(format!("{file}:{line}: {section}: unknown field `{name}`"));
            }
            Ok(record) => into.push(Located {
                file: file.to_owned(),
                line,
                record,
            }),
            Err(e) => errors.push(format!("{file}:{line}: {section}: {}", e.message().trim())),
        }
    }
}

/// The first of `names` (a record's fields as read) that `record` has no field of. A record
/// declared with flattened parts cannot have serde refuse unknown fields, so they are found
/// here: every field is written in the JSON form, `null` and empty ones too.
fn unknown_field<T: Serialize>(record: &T, names: &[String]) -> Option<String> {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(record) else {
        return None;
    };
    names.iter().find(|n| !fields.contains_key(*n)).cloned()
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
