//! Search documents: what the index holds about each entity, rendered in every locale.
//!
//! One document per entity holds three columns, ranked by BM25 with the name weighted highest:
//! - `name`: the entity's name (a company's aliases too); an agreement's title in every locale;
//! - `labels`: the labels of its vocabulary values and countries in every locale (a company's
//!   kind, country, business areas and markets; a person's role titles; an agreement's kind,
//!   status, scopes and markets);
//! - `summaries`: its summary in every locale.
//!
//! Beside it, the entity's names as `suggest` completes them (`search_names`), a company's
//! aliases among them.
//!
//! The documents of many entities are rendered at once, their facts read in a fixed number of
//! statements (see `crate::summary::read`).

use crate::db::sql::Connection;

use super::query::{index_text, name_spellings};
use crate::db::agreements::AgreementRow;
use crate::db::companies::{self, CompanyRow};
use crate::db::people::PersonRow;
use crate::db::search as storage;
use crate::error::AppResult;
use crate::l10n::{L10nError, Locale, Localizer};
use crate::model::{COUNTRY_LABEL_PREFIX, EntityKind, label_id};
use crate::summary::{Writer, read};

/// One entity's document, before folding.
#[derive(Debug, Default)]
pub struct Document {
    name: Vec<String>,
    labels: Vec<String>,
    summaries: Vec<String>,
}

impl Document {
    /// Renders a text into `texts`. A translation that fails for one entity leaves that text
    /// out (and says so in the log) rather than making search unavailable; the entity's own
    /// `summary` field reports the fault to clients.
    fn add(
        texts: &mut Vec<String>,
        what: &str,
        kind: EntityKind,
        id: i64,
        text: Result<String, L10nError>,
    ) {
        match text {
            Ok(text) => texts.push(text),
            Err(error) => tracing::warn!(
                entity_type = kind.as_str(),
                entity_id = id,
                %error,
                "search index: cannot render the {what}"
            ),
        }
    }

    /// Adds the labels with message ids `ids` and a summary.
    fn add_labels_and_summary(
        &mut self,
        writer: &Writer<'_>,
        kind: EntityKind,
        id: i64,
        ids: Vec<String>,
        summary: Result<String, L10nError>,
    ) {
        for label in ids {
            Self::add(&mut self.labels, "label", kind, id, writer.label(&label));
        }
        Self::add(&mut self.summaries, "summary", kind, id, summary);
    }

    /// The document's three indexed columns as the index stores them: each text folded (see
    /// [`index_text`]), texts on lines of their own.
    pub fn folded(&self) -> Folded {
        let column = |texts: &[String]| -> String {
            texts
                .iter()
                .map(|t| index_text(t))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut names: Vec<String> = self.name.iter().flat_map(|n| name_spellings(n)).collect();
        names.sort_unstable();
        names.dedup();
        Folded {
            name: column(&self.name),
            labels: column(&self.labels),
            summaries: column(&self.summaries),
            names,
        }
    }

    /// Writes the document of one entity, folded (any it had must be deleted first).
    pub fn store(&self, conn: &Connection, kind: EntityKind, id: i64) -> AppResult<()> {
        self.folded().store(conn, kind, id)
    }
}

/// A document folded for the index, ready to be written: the folding is done where the
/// document is rendered, so that a build's writer only writes.
#[derive(Debug, Clone)]
pub struct Folded {
    name: String,
    labels: String,
    summaries: String,
    /// The names `suggest` completes: each name or title under each of its spellings.
    names: Vec<String>,
}

impl Folded {
    /// Its three columns as one text, as `crate::db::search::document_texts` reads a stored
    /// document back, for counting its words.
    pub fn text(&self) -> String {
        format!("{}\n{}\n{}", self.name, self.labels, self.summaries)
    }

    /// Writes it as the document of one entity (any it had must be deleted first).
    pub fn store(&self, conn: &Connection, kind: EntityKind, id: i64) -> AppResult<()> {
        storage::insert_documents(conn, &[self.to_insert(kind, id)])
    }

    /// It as the document of one entity, for [`storage::insert_documents`].
    pub fn to_insert(&self, kind: EntityKind, id: i64) -> storage::NewDocument<'_> {
        storage::NewDocument {
            kind,
            id,
            name: &self.name,
            labels: &self.labels,
            summaries: &self.summaries,
            names: &self.names,
        }
    }
}

/// The documents of the companies in `rows`, their facts read for all of them at once.
pub fn companies(
    conn: &Connection,
    l10n: &Localizer,
    rows: &[CompanyRow],
) -> AppResult<Vec<(i64, Document)>> {
    let kind = EntityKind::Company;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut facts = read::companies(conn, rows)?;
    let mut areas = companies::business_areas_of(conn, &ids)?;
    let mut markets = companies::markets_of(conn, &ids)?;
    let mut aliases = companies::aliases_of(conn, &ids)?;
    let mut documents = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.id;
        let Some(facts) = facts.remove(&id) else {
            continue;
        };
        let areas = areas.remove(&id).unwrap_or_default();
        let markets = markets.remove(&id).unwrap_or_default();
        // Its aliases are names too: search and suggestions find it by each.
        let names = std::iter::once(facts.company.name.clone())
            .chain(aliases.remove(&id).into_iter().flatten().map(|a| a.name));
        let mut doc = Document {
            name: names.collect(),
            ..Document::default()
        };
        for locale in Locale::ALL {
            let writer = Writer::new(l10n, locale);
            let mut labels = vec![facts.company.kind.label_id()];
            labels.extend(areas.iter().map(|a| a.label_id()));
            labels.extend(
                facts
                    .country
                    .iter()
                    .chain(&markets)
                    .map(|c| label_id(COUNTRY_LABEL_PREFIX, c)),
            );
            doc.add_labels_and_summary(&writer, kind, id, labels, writer.company(&facts));
        }
        documents.push((id, doc));
    }
    Ok(documents)
}

/// The documents of the people in `rows`, their facts read for all of them at once.
pub fn people(
    conn: &Connection,
    l10n: &Localizer,
    rows: &[PersonRow],
) -> AppResult<Vec<(i64, Document)>> {
    let kind = EntityKind::Person;
    let mut facts = read::people(conn, rows)?;
    let mut documents = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.id;
        let Some(facts) = facts.remove(&id) else {
            continue;
        };
        let mut doc = Document {
            name: vec![facts.name.clone()],
            ..Document::default()
        };
        for locale in Locale::ALL {
            let writer = Writer::new(l10n, locale);
            let labels = facts.roles.iter().map(|r| r.title.label_id()).collect();
            doc.add_labels_and_summary(&writer, kind, id, labels, writer.person(&facts));
        }
        documents.push((id, doc));
    }
    Ok(documents)
}

/// The documents of the agreements in `rows`, their facts read for all of them at once.
pub fn agreements(
    conn: &Connection,
    l10n: &Localizer,
    rows: &[AgreementRow],
) -> AppResult<Vec<(i64, Document)>> {
    let kind = EntityKind::Agreement;
    let mut facts = read::agreements(conn, rows)?;
    let mut documents = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.id;
        let Some(facts) = facts.remove(&id) else {
            continue;
        };
        let mut doc = Document::default();
        for locale in Locale::ALL {
            let writer = Writer::new(l10n, locale);
            let title = writer.agreement_title(&facts.agreement);
            Document::add(&mut doc.name, "title", kind, id, title);
            let mut labels = vec![facts.agreement.kind.label_id(), facts.status.label_id()];
            labels.extend(facts.scopes.iter().map(|s| s.label_id()));
            labels.extend(
                facts
                    .markets
                    .iter()
                    .map(|c| label_id(COUNTRY_LABEL_PREFIX, c)),
            );
            doc.add_labels_and_summary(&writer, kind, id, labels, writer.agreement(&facts));
        }
        documents.push((id, doc));
    }
    Ok(documents)
}
