//! Full-text search over companies, people and agreements: the SQLite FTS5 index
//! (`search_index`, migration 02), keeping it current, and answering a search.
//!
//! One document per entity holds three columns, ranked by BM25 with the name weighted highest:
//! - `name`: the entity's name; an agreement's title in every locale;
//! - `labels`: the labels of its vocabulary values and countries in every locale (a company's
//!   kind, country, business areas and markets; a person's role titles; an agreement's kind,
//!   status, scopes and markets);
//! - `summaries`: its summary in every locale.
//!
//! **Folding.** The tokenizer (`unicode61 remove_diacritics 2`) turns "ü" into "u", but never
//! into "ue", nor "ß" into "ss". So every word is stored folded the German way with
//! [`fold`] ("Müller" → "mueller", "Straße" → "strasse") and, where that differs, also with
//! bare vowels ("muller"); a query is folded with [`fold`] only. "Mueller", "Müller" and
//! "Muller" then all find "Müller", and "gegruendet" finds "gegründet".
//!
//! **Queries are text, never FTS5 syntax.** A query is folded and split into words of letters
//! and digits; each word becomes a quoted prefix term (`"alib"*`), all of which must match.
//! Quotes, `*`, `(`, `:`, `^`, `-`, `NEAR`, `AND`, `OR`, `NOT` are separators or plain words.
//!
//! **Keeping it current.** Triggers on every table a document is written from record the
//! entities whose documents may have changed in `search_dirty` (a company's summary names its
//! parent, subsidiaries, founders, CEO and rivals, so renaming it marks those too).
//! [`ensure_current`] rewrites just those documents, before the next search; it rebuilds the
//! whole index when the translations (or the shape of the documents) changed since the last
//! build, which the `meta` key `search_fingerprint` records. When nothing changed it costs one
//! read.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rusqlite::{Connection, OptionalExtension, params};

use super::agreements::{self, AgreementBundle, AgreementRow};
use super::companies::{self, CompanyRow};
use super::people::{self, PersonRow};
use super::{Db, fold, summaries};
use crate::error::{AppError, AppResult};
use crate::l10n::summary::Writer;
use crate::l10n::{L10nError, Locale, Localizer};
use crate::model::{COUNTRY_LABEL_PREFIX, label_id};

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// Changes whenever the documents change shape (what goes into which column, how text is
/// folded), so that the next start rebuilds the index.
const DOCUMENT_VERSION: &str = "search-documents-1";

/// How many companies or agreements a rebuild reads at a time.
const REBUILD_CHUNK: usize = 500;

/// The `meta` key recording the fingerprint of the translations the index was built with.
const FINGERPRINT_KEY: &str = "search_fingerprint";

/// The BM25 rank of a document: the name weighs most, then labels, then summaries; the two
/// unindexed columns weigh nothing. Lower is better (SQLite's BM25 is negative).
macro_rules! score {
    () => {
        "bm25(search_index, 0.0, 0.0, 10.0, 3.0, 1.0)"
    };
}

/// The kinds of entities the index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityType {
    /// A company.
    Company,
    /// A person.
    Person,
    /// An agreement.
    Agreement,
}

impl EntityType {
    /// The name stored in `search_index.entity_type` and `search_dirty.entity_type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Person => "person",
            Self::Agreement => "agreement",
        }
    }

    fn parse(name: &str) -> AppResult<Self> {
        match name {
            "company" => Ok(Self::Company),
            "person" => Ok(Self::Person),
            "agreement" => Ok(Self::Agreement),
            other => Err(AppError::Internal(format!(
                "the search index names an unknown entity type {other:?}"
            ))),
        }
    }

    /// The document's rowid: the entity id times four plus the type, so a document is found by
    /// its entity without a scan, and ties in rank order by entity id.
    fn rowid(self, id: i64) -> AppResult<i64> {
        let code = match self {
            Self::Company => 1,
            Self::Person => 2,
            Self::Agreement => 3,
        };
        id.checked_mul(4)
            .and_then(|n| n.checked_add(code))
            .ok_or_else(|| AppError::Internal(format!("id {id} is too large to index")))
    }
}

/// A client's query, checked and split into folded words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchQuery {
    words: Vec<String>,
}

impl MatchQuery {
    /// Checks `text` (at most [`MAX_QUERY_CHARS`] characters, at least one letter or digit) and
    /// splits it into folded words; everything that is not a letter or digit separates words.
    /// Errors are `BAD_USER_INPUT` naming the argument `query`.
    pub fn parse(text: &str) -> AppResult<Self> {
        let length = text.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(AppError::bad_input(
                "query",
                format!("{length} characters are more than the most, {MAX_QUERY_CHARS}"),
            ));
        }
        let words: Vec<String> = fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        if words.is_empty() {
            return Err(AppError::bad_input(
                "query",
                format!("{text:?} has no letter or digit to search for"),
            ));
        }
        Ok(Self { words })
    }

    /// The folded words, in order.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The words joined by spaces: two queries with the same words are the same search.
    pub fn normalized(&self) -> String {
        self.words.join(" ")
    }

    /// The FTS5 expression: every word quoted (so no word is ever an operator) as a prefix
    /// term, all of which must match.
    pub fn expression(&self) -> String {
        self.words
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// `text` as the index stores it: every word folded the German way ("Müller" → "mueller") and,
/// where that differs, also with bare vowels ("muller").
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for word in text.split_whitespace() {
        let spelled_out = fold(word);
        let bare: String = word
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| match c {
                'ä' => 'a',
                'ö' => 'o',
                'ü' => 'u',
                other => other,
            })
            .collect();
        let bare = fold(&bare);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&spelled_out);
        if bare != spelled_out {
            out.push(' ');
            out.push_str(&bare);
        }
    }
    out
}

/// One entity's document, before folding.
#[derive(Debug, Default)]
struct Document {
    name: Vec<String>,
    labels: Vec<String>,
    summaries: Vec<String>,
}

/// Renders a text for a document. A translation that fails for one entity leaves that text out
/// (and says so in the log) rather than making search unavailable; the entity's own `summary`
/// field reports the fault to clients.
fn render(
    texts: &mut Vec<String>,
    what: &str,
    ty: EntityType,
    id: i64,
    text: Result<String, L10nError>,
) {
    match text {
        Ok(text) => texts.push(text),
        Err(error) => tracing::warn!(
            entity_type = ty.as_str(),
            entity_id = id,
            %error,
            "search index: cannot render the {what}"
        ),
    }
}

/// Adds the labels with message ids `ids` and a summary to `doc`.
fn render_labels_and_summary(
    doc: &mut Document,
    writer: &Writer<'_>,
    ty: EntityType,
    id: i64,
    ids: Vec<String>,
    summary: Result<String, L10nError>,
) {
    for label in ids {
        render(&mut doc.labels, "label", ty, id, writer.label(&label));
    }
    render(&mut doc.summaries, "summary", ty, id, summary);
}

/// The documents of the companies in `rows`, their facts read for all of them at once.
fn company_documents(
    conn: &Connection,
    l10n: &Localizer,
    rows: &[CompanyRow],
) -> AppResult<Vec<(i64, Document)>> {
    let ty = EntityType::Company;
    let mut facts = summaries::companies(conn, rows)?;
    let ids = super::id_array(rows.iter().map(|r| r.id));
    let mut areas = super::grouped(
        conn,
        "SELECT company_id, area FROM company_business_areas WHERE company_id IN rarray(?1) \
         ORDER BY company_id, position",
        &ids,
        |r| r.get::<_, crate::model::BusinessArea>(1),
    )?;
    let mut markets = super::grouped(
        conn,
        "SELECT company_id, country FROM company_markets WHERE company_id IN rarray(?1) \
         ORDER BY company_id, position",
        &ids,
        |r| r.get::<_, String>(1),
    )?;
    let mut documents = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.id;
        let Some(facts) = facts.remove(&id) else {
            continue;
        };
        let areas = areas.remove(&id).unwrap_or_default();
        let markets = markets.remove(&id).unwrap_or_default();
        let mut doc = Document {
            name: vec![facts.company.name.clone()],
            ..Document::default()
        };
        for locale in Locale::ALL {
            let writer = Writer::new(l10n, locale);
            let mut ids = vec![facts.company.kind.label_id()];
            ids.extend(areas.iter().map(|a| a.label_id()));
            ids.extend(
                facts
                    .country
                    .iter()
                    .chain(&markets)
                    .map(|c| label_id(COUNTRY_LABEL_PREFIX, c)),
            );
            render_labels_and_summary(&mut doc, &writer, ty, id, ids, writer.company(&facts));
        }
        documents.push((id, doc));
    }
    Ok(documents)
}

fn person_document(conn: &Connection, l10n: &Localizer, id: i64) -> AppResult<Document> {
    let ty = EntityType::Person;
    let facts = summaries::person(conn, id)?;
    let mut doc = Document {
        name: vec![facts.name.clone()],
        ..Document::default()
    };
    for locale in Locale::ALL {
        let writer = Writer::new(l10n, locale);
        for role in &facts.roles {
            render(
                &mut doc.labels,
                "label",
                ty,
                id,
                writer.label(&role.title.label_id()),
            );
        }
        render(&mut doc.summaries, "summary", ty, id, writer.person(&facts));
    }
    Ok(doc)
}

/// The documents of the agreements in `rows`, their related data read for all of them at once.
fn agreement_documents(
    conn: &Connection,
    l10n: &Localizer,
    rows: &[AgreementRow],
) -> AppResult<Vec<(i64, Document)>> {
    let ty = EntityType::Agreement;
    let mut bundles = agreements::bundles(conn, rows)?;
    let mut documents = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.id;
        let bundle = bundles.remove(&id).unwrap_or_default();
        let facts = summaries::agreement_facts(row, &bundle);
        let mut doc = Document::default();
        for locale in Locale::ALL {
            let writer = Writer::new(l10n, locale);
            render(
                &mut doc.name,
                "title",
                ty,
                id,
                writer.agreement_title(&facts.agreement),
            );
            let mut ids = vec![facts.agreement.kind.label_id(), facts.status.label_id()];
            ids.extend(facts.scopes.iter().map(|s| s.label_id()));
            ids.extend(
                facts
                    .markets
                    .iter()
                    .map(|c| label_id(COUNTRY_LABEL_PREFIX, c)),
            );
            render_labels_and_summary(&mut doc, &writer, ty, id, ids, writer.agreement(&facts));
        }
        documents.push((id, doc));
    }
    Ok(documents)
}

/// Writes (or replaces) the document of one entity; removes it when the entity is gone.
fn reindex(conn: &Connection, l10n: &Localizer, ty: EntityType, id: i64) -> AppResult<()> {
    let rowid = ty.rowid(id)?;
    conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
        .execute([rowid])?;
    // A dirty mark may outlive its entity: then the document just stays removed.
    let doc = match ty {
        EntityType::Company => match companies::by_id(conn, id)? {
            Some(row) => company_documents(conn, l10n, &[row])?.pop().map(|(_, d)| d),
            None => None,
        },
        EntityType::Person => match people::by_id(conn, id)? {
            Some(_) => Some(person_document(conn, l10n, id)?),
            None => None,
        },
        EntityType::Agreement => match agreements::by_id(conn, id)? {
            Some(row) => agreement_documents(conn, l10n, &[row])?
                .pop()
                .map(|(_, d)| d),
            None => None,
        },
    };
    match doc {
        Some(doc) => write_document(conn, ty, id, &doc),
        None => Ok(()),
    }
}

/// Inserts the document of one entity, folded.
fn write_document(conn: &Connection, ty: EntityType, id: i64, doc: &Document) -> AppResult<()> {
    let rowid = ty.rowid(id)?;
    let column = |texts: &[String]| -> String {
        texts
            .iter()
            .map(|t| index_text(t))
            .collect::<Vec<_>>()
            .join("\n")
    };
    conn.prepare_cached(
        "INSERT INTO search_index (rowid, entity_type, entity_id, name, labels, summaries)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        rowid,
        ty.as_str(),
        id,
        column(&doc.name),
        column(&doc.labels),
        column(&doc.summaries),
    ])?;
    Ok(())
}

/// A stable hash (64-bit FNV-1a) of the document version and every embedded `.ftl` file, so a
/// changed translation is noticed at the next start.
fn compute_fingerprint() -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        hash ^= 0xff;
        hash = hash.wrapping_mul(PRIME);
    };
    feed(DOCUMENT_VERSION.as_bytes());
    for locale in Locale::ALL {
        feed(locale.tag().as_bytes());
        for (name, text) in crate::l10n::files(locale) {
            feed(name.as_bytes());
            feed(text.as_bytes());
        }
    }
    format!("{DOCUMENT_VERSION}:{hash:016x}")
}

/// The fingerprint of this binary's translations and documents.
pub fn fingerprint() -> &'static str {
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    FINGERPRINT.get_or_init(compute_fingerprint)
}

fn stored_fingerprint(conn: &Connection) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([FINGERPRINT_KEY], |r| r.get(0))
        .optional()?)
}

/// Whether the index is current: built with these translations and no entity marked since.
pub fn is_current(conn: &Connection) -> AppResult<bool> {
    let dirty: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM search_dirty)")?
        .query_row([], |r| r.get(0))?;
    Ok(!dirty && stored_fingerprint(conn)?.as_deref() == Some(fingerprint()))
}

/// Rewrites every document from scratch and records the translations' fingerprint. Returns how
/// many documents were written. Call it inside a transaction.
pub fn rebuild(conn: &Connection, l10n: &Localizer) -> AppResult<usize> {
    conn.execute("DELETE FROM search_index", [])?;
    let mut written = 0;
    // Companies and agreements in chunks, each chunk's facts read in a few statements.
    let mut after = 0;
    loop {
        let rows: Vec<CompanyRow> = conn
            .prepare_cached(&format!(
                "SELECT {} FROM companies c WHERE c.id > ?1 ORDER BY c.id LIMIT {REBUILD_CHUNK}",
                companies::COLUMNS
            ))?
            .query_map([after], CompanyRow::from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for (id, doc) in company_documents(conn, l10n, &rows)? {
            write_document(conn, EntityType::Company, id, &doc)?;
            written += 1;
        }
    }
    let mut after = 0;
    loop {
        let rows: Vec<AgreementRow> = conn
            .prepare_cached(&format!(
                "SELECT {} FROM agreements a WHERE a.id > ?1 ORDER BY a.id LIMIT {REBUILD_CHUNK}",
                agreements::COLUMNS
            ))?
            .query_map([after], AgreementRow::from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for (id, doc) in agreement_documents(conn, l10n, &rows)? {
            write_document(conn, EntityType::Agreement, id, &doc)?;
            written += 1;
        }
    }
    let people: Vec<i64> = conn
        .prepare("SELECT id FROM people ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in people {
        write_document(
            conn,
            EntityType::Person,
            id,
            &person_document(conn, l10n, id)?,
        )?;
        written += 1;
    }
    conn.execute("DELETE FROM search_dirty", [])?;
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        params![FINGERPRINT_KEY, fingerprint()],
    )?;
    Ok(written)
}

/// Rewrites the documents of the entities marked since the last update. Returns how many
/// documents were rewritten (or removed). Call it inside a transaction.
pub fn refresh(conn: &Connection, l10n: &Localizer) -> AppResult<usize> {
    let marked: Vec<(String, i64)> = conn
        .prepare_cached("SELECT entity_type, entity_id FROM search_dirty")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (ty, id) in &marked {
        reindex(conn, l10n, EntityType::parse(ty)?, *id)?;
    }
    conn.execute("DELETE FROM search_dirty", [])?;
    Ok(marked.len())
}

/// What [`update`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// The index was current.
    None,
    /// Only the documents of changed entities were rewritten.
    Refreshed(usize),
    /// The whole index was rebuilt (first build, or the translations changed).
    Rebuilt(usize),
}

/// Brings the index up to date: a full [`rebuild`] when the translations changed since the last
/// build, else a [`refresh`] of the marked entities. Call it inside a transaction, which makes
/// the check and the writes one step (two concurrent callers do the work once).
pub fn update(conn: &Connection, l10n: &Localizer) -> AppResult<Update> {
    if stored_fingerprint(conn)?.as_deref() != Some(fingerprint()) {
        return rebuild(conn, l10n).map(Update::Rebuilt);
    }
    match refresh(conn, l10n)? {
        0 => Ok(Update::None),
        n => Ok(Update::Refreshed(n)),
    }
}

/// Brings the index up to date if it is not: one read when it is, else one write transaction
/// (the check is repeated inside it). Called at start-up and before every search.
pub async fn ensure_current(db: &Db, l10n: Arc<Localizer>) -> AppResult<Update> {
    if db.read(is_current).await? {
        return Ok(Update::None);
    }
    let update = db.write(move |tx| update(tx, &l10n)).await?;
    match update {
        Update::Rebuilt(n) => tracing::info!(documents = n, "search index rebuilt"),
        Update::Refreshed(n) => tracing::debug!(documents = n, "search index refreshed"),
        Update::None => {}
    }
    Ok(update)
}

/// A position in a ranked result list: the document's score and rowid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// The BM25 score (lower is better).
    pub score: f64,
    /// The document's rowid, which breaks ties.
    pub rowid: i64,
}

/// Which results to read.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// What to look for.
    pub query: MatchQuery,
    /// How many results at most.
    pub limit: usize,
    /// Only results ranked after this position.
    pub after: Option<Position>,
    /// Whether to count every result.
    pub count: bool,
}

/// An entity a search found.
#[derive(Debug, Clone)]
pub enum Entity {
    /// A company.
    Company(CompanyRow),
    /// A person.
    Person(PersonRow),
    /// An agreement, with its related data (read for the whole page at once, so its title and
    /// summary need no further statement).
    Agreement(AgreementRow, Box<AgreementBundle>),
}

/// One result and its position in the ranking.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Where it ranks.
    pub position: Position,
    /// What was found.
    pub entity: Entity,
}

/// One page of results, best first.
#[derive(Debug, Clone)]
pub struct SearchPage {
    /// The results.
    pub hits: Vec<Hit>,
    /// Whether results follow the last one.
    pub has_next: bool,
    /// Whether results precede `after`.
    pub has_previous: bool,
    /// How many results the search has in all (0 when not asked to count).
    pub total: i64,
}

const HITS_SQL: &str = concat!(
    "SELECT rowid, entity_type, entity_id, ",
    score!(),
    " AS score FROM search_index WHERE search_index MATCH ?1 AND (?2 IS NULL OR (",
    score!(),
    ", rowid) > (?2, ?3)) ORDER BY score, rowid LIMIT ?4"
);

const BEFORE_SQL: &str = concat!(
    "SELECT EXISTS (SELECT 1 FROM search_index WHERE search_index MATCH ?1 AND (",
    score!(),
    ", rowid) <= (?2, ?3))"
);

const COUNT_SQL: &str = "SELECT count(*) FROM search_index WHERE search_index MATCH ?1";

/// Reads the rows of `from` (a table and the alias its `columns` use) whose `id` is among
/// `ids`, in one query, keyed by id.
fn rows_by_id<T>(
    conn: &Connection,
    columns: &str,
    from: &str,
    ids: &[i64],
    map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    id_of: fn(&T) -> i64,
) -> AppResult<HashMap<i64, T>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // One statement whatever the number of ids, so it stays in the prepared-statement cache.
    let sql = format!("SELECT {columns} FROM {from} WHERE id IN (SELECT value FROM json_each(?1))");
    let ids =
        serde_json::to_string(ids).map_err(|e| AppError::Internal(format!("encoding ids: {e}")))?;
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([ids], |row| map(row).map(|r| (id_of(&r), r)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Runs a search: one query for the page of results, one per entity type for their rows, the
/// related data of the agreements among them in a fixed number more (see
/// [`agreements::bundles`]), and (when asked) one to count. All read one snapshot of the
/// database.
pub fn search(conn: &Connection, request: &SearchRequest) -> AppResult<SearchPage> {
    let tx = conn.unchecked_transaction()?;
    let expression = request.query.expression();
    let (after_score, after_rowid) = match request.after {
        Some(p) => (Some(p.score), Some(p.rowid)),
        None => (None, None),
    };
    let limit = i64::try_from(request.limit.saturating_add(1)).unwrap_or(i64::MAX);
    let mut found: Vec<(Position, EntityType, i64)> = tx
        .prepare_cached(HITS_SQL)?
        .query_map(params![expression, after_score, after_rowid, limit], |r| {
            Ok((
                Position {
                    rowid: r.get(0)?,
                    score: r.get(3)?,
                },
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .map(|row| {
            let (position, ty, id) = row?;
            Ok((position, EntityType::parse(&ty)?, id))
        })
        .collect::<AppResult<_>>()?;
    let has_next = found.len() > request.limit;
    found.truncate(request.limit);

    let ids = |wanted: EntityType| -> Vec<i64> {
        found
            .iter()
            .filter(|(_, ty, _)| *ty == wanted)
            .map(|(_, _, id)| *id)
            .collect()
    };
    let mut companies = rows_by_id(
        &tx,
        companies::COLUMNS,
        "companies c",
        &ids(EntityType::Company),
        CompanyRow::from_row,
        |r| r.id,
    )?;
    let mut people = rows_by_id(
        &tx,
        people::COLUMNS,
        "people p",
        &ids(EntityType::Person),
        PersonRow::from_row,
        |r| r.id,
    )?;
    let mut agreements = rows_by_id(
        &tx,
        agreements::COLUMNS,
        "agreements a",
        &ids(EntityType::Agreement),
        AgreementRow::from_row,
        |r| r.id,
    )?;
    let mut bundles = if agreements.is_empty() {
        HashMap::new()
    } else {
        let rows: Vec<AgreementRow> = agreements.values().cloned().collect();
        agreements::bundles(&tx, &rows)?
    };
    let hits = found
        .into_iter()
        .filter_map(|(position, ty, id)| {
            // A document whose entity is gone (deleted after the index was brought up to date)
            // is left out; the next search rewrites the index.
            let entity = match ty {
                EntityType::Company => Entity::Company(companies.remove(&id)?),
                EntityType::Person => Entity::Person(people.remove(&id)?),
                EntityType::Agreement => Entity::Agreement(
                    agreements.remove(&id)?,
                    Box::new(bundles.remove(&id).unwrap_or_default()),
                ),
            };
            Some(Hit { position, entity })
        })
        .collect();

    let has_previous = match request.after {
        Some(p) => tx
            .prepare_cached(BEFORE_SQL)?
            .query_row(params![expression, p.score, p.rowid], |r| r.get(0))?,
        None => false,
    };
    let total = if request.count {
        tx.prepare_cached(COUNT_SQL)?
            .query_row([&expression], |r| r.get(0))?
    } else {
        0
    };
    Ok(SearchPage {
        hits,
        has_next,
        has_previous,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expression(query: &str) -> String {
        MatchQuery::parse(query)
            .unwrap_or_else(|e| panic!("{query:?} is refused: {e}"))
            .expression()
    }

    fn refused_argument(query: &str) -> &'static str {
        match MatchQuery::parse(query) {
            Err(AppError::BadInput { argument, .. }) => argument,
            other => panic!("{query:?} is not refused as bad input: {other:?}"),
        }
    }

    #[test]
    fn words_become_folded_quoted_prefix_terms() {
        assert_eq!(expression("Alib"), r#""alib"*"#);
        assert_eq!(expression("Müller Straße"), r#""mueller"* "strasse"*"#);
        assert_eq!(
            expression("  gegründet,  Café "),
            r#""gegruendet"* "cafe"*"#
        );
        assert_eq!(expression("T&B Media"), r#""t"* "b"* "media"*"#);
        assert_eq!(expression("2023"), r#""2023"*"#);
    }

    #[test]
    fn fts_syntax_in_a_query_is_text() {
        for (query, expected) in [
            (r#""Alibaba""#, r#""alibaba"*"#),
            ("Alibaba*", r#""alibaba"*"#),
            ("(Alibaba", r#""alibaba"*"#),
            ("NEAR(a b)", r#""near"* "a"* "b"*"#),
            ("Alibaba OR", r#""alibaba"* "or"*"#),
            ("-Alibaba", r#""alibaba"*"#),
            ("+Alibaba", r#""alibaba"*"#),
            ("title:x", r#""title"* "x"*"#),
            ("^Ali", r#""ali"*"#),
            ("AND", r#""and"*"#),
            ("NOT x", r#""not"* "x"*"#),
            (r#"a"b"#, r#""a"* "b"*"#),
            ("{name}: x", r#""name"* "x"*"#),
        ] {
            assert_eq!(expression(query), expected, "query {query:?}");
        }
    }

    #[test]
    fn every_expression_is_only_quoted_words_of_letters_and_digits() {
        let queries = [
            r#"" * ( ) : ^ - + NEAR AND OR NOT { } [ ] , . ; ' ` ~ \ / | = < > ? ! @ # $ % & x"#,
            "Ärger über Öl – “Zitat” «guillemets» 北京 Москва",
            "\u{0}\t\n\r x",
        ];
        for query in queries {
            let expression = expression(query);
            for term in expression.split(' ') {
                let word = term
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix("\"*"))
                    .unwrap_or_else(|| panic!("{term:?} in {expression:?} is not \"word\"*"));
                assert!(
                    !word.is_empty() && word.chars().all(char::is_alphanumeric),
                    "{word:?} in {expression:?}"
                );
            }
        }
    }

    #[test]
    fn a_query_without_letters_or_digits_is_bad_input() {
        for query in ["", "   ", "***", r#""""#, "-+^:()", "\u{2014}"] {
            assert_eq!(refused_argument(query), "query", "query {query:?}");
        }
    }

    #[test]
    fn a_query_longer_than_200_characters_is_bad_input() {
        assert_eq!(refused_argument(&"a".repeat(201)), "query");
        assert!(MatchQuery::parse(&"a".repeat(200)).is_ok());
        // Characters, not bytes: 200 umlauts are 400 bytes.
        assert!(MatchQuery::parse(&"ü".repeat(200)).is_ok());
    }

    #[test]
    fn queries_with_the_same_words_are_the_same_search() {
        let a = MatchQuery::parse("Müller, Straße!").unwrap();
        let b = MatchQuery::parse("\"mueller\" strasse*").unwrap();
        assert_eq!(a.normalized(), b.normalized());
        assert_eq!(a.words(), ["mueller", "strasse"]);
    }

    #[test]
    fn indexed_text_spells_out_umlauts_and_also_keeps_bare_vowels() {
        assert_eq!(
            index_text("Müller-Straße  Café Öl\nJack"),
            "mueller-strasse muller-strasse cafe oel ol jack"
        );
        assert_eq!(index_text("gegründet,"), "gegruendet, gegrundet,");
        assert_eq!(index_text(""), "");
    }

    #[test]
    fn rowids_of_different_entity_types_differ() {
        let ids: Vec<i64> = [
            EntityType::Company,
            EntityType::Person,
            EntityType::Agreement,
        ]
        .into_iter()
        .flat_map(|ty| (1..4).map(move |id| ty.rowid(id).unwrap()))
        .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        assert!(EntityType::Company.rowid(i64::MAX).is_err());
    }

    #[test]
    fn the_fingerprint_names_the_document_version_and_is_stable() {
        assert_eq!(fingerprint(), compute_fingerprint());
        assert!(fingerprint().starts_with(DOCUMENT_VERSION));
    }

    type Snapshot = Vec<(i64, String, i64, String, String, String)>;

    fn snapshot(conn: &Connection) -> AppResult<Snapshot> {
        let mut stmt = conn.prepare(
            "SELECT rowid, entity_type, entity_id, name, labels, summaries
             FROM search_index ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Changes to every kind of row a document is written from, including renames that reach
    /// other entities' documents. Each is checked on its own, so one change's marks cannot hide
    /// another's missing ones.
    const CHANGES: &[&str] = &[
        "UPDATE companies SET name = 'Alibaba Holding', sort_name = 'alibaba holding'
            WHERE slug = 'alibaba-group'",
        "UPDATE companies SET kind = 'MEDIA_GROUP' WHERE slug = 'alibaba-pictures'",
        "UPDATE companies SET country = 'DE' WHERE slug = 'tb-media-global'",
        "UPDATE companies SET name = 'Tourismusbehörde', sort_name = 'tourismusbehoerde'
            WHERE slug = 'tourism-authority-of-thailand'",
        "UPDATE companies SET name = 'iiMedia', sort_name = 'iimedia' WHERE slug = 'iimedia-research'",
        "UPDATE companies SET founded = '2016' WHERE slug = 'alibaba-sports-group'",
        "UPDATE companies SET parent_id = NULL WHERE slug = 'youku'",
        "UPDATE people SET name = 'Ma Yun', sort_name = 'ma yun' WHERE slug = 'jack-ma'",
        "UPDATE people SET name = 'Zhang D.', sort_name = 'zhang d.' WHERE slug = 'zhang-dazhong'",
        "DELETE FROM roles WHERE person_id = (SELECT id FROM people WHERE slug = 'zhang-dazhong')",
        "INSERT INTO roles (person_id, company_id, title)
            SELECT p.id, c.id, 'CEO' FROM people p, companies c
            WHERE p.slug = 'jack-ma' AND c.slug = 'youku'",
        "INSERT INTO companies (slug, name, sort_name, kind, parent_id)
            SELECT 'neue-tochter', 'Neue Tochter', 'neue tochter', 'FILM_STUDIO', id
            FROM companies WHERE slug = 'alibaba-sports-group'",
        "INSERT INTO competitors (company_id, competitor_id)
            SELECT min(a.id, b.id), max(a.id, b.id) FROM companies a, companies b
            WHERE a.slug = 'youku' AND b.slug = 'neue-tochter'",
        "DELETE FROM competitors WHERE company_id = (SELECT id FROM companies WHERE slug = 'aliexpress')
            OR competitor_id = (SELECT id FROM companies WHERE slug = 'aliexpress')",
        "UPDATE agreements SET status = 'ENDED'
            WHERE slug = 'wige-media-alibaba-sports-group-cooperation'",
        "UPDATE agreements SET kind = 'COOPERATION_AGREEMENT'
            WHERE slug = 'tourism-authority-of-thailand-chinese-companies-programme'",
        "DELETE FROM parties WHERE company_id = (SELECT id FROM companies WHERE slug = 'tb-media-global')",
        "DELETE FROM agreement_scopes WHERE scope = 'MOTORSPORT'",
        "DELETE FROM agreement_markets WHERE country = 'TH'",
        "DELETE FROM quote_companies WHERE quote_id IN (SELECT id FROM quotes
            WHERE speaker_id = (SELECT id FROM people WHERE slug = 'peter-lauterbach'));
         DELETE FROM quotes WHERE speaker_id = (SELECT id FROM people WHERE slug = 'peter-lauterbach')",
        "INSERT INTO people (slug, name, sort_name) VALUES ('erika-muster', 'Erika Muster', 'erika muster')",
        // Without roles and quotes, a summary counts the person's sources.
        "INSERT INTO person_sources (person_id, source_id)
            SELECT p.id, s.id FROM people p, sources s WHERE p.slug = 'erika-muster'",
        "DELETE FROM person_sources WHERE person_id = (SELECT id FROM people WHERE slug = 'erika-muster')",
        "DELETE FROM people WHERE slug = 'erika-muster'",
        "DELETE FROM competitors
            WHERE competitor_id = (SELECT id FROM companies WHERE slug = 'neue-tochter');
         DELETE FROM companies WHERE slug = 'neue-tochter'",
        "INSERT INTO agreements (slug, kind, status, part_of_id)
            SELECT 'neue-partnerschaft', 'STRATEGIC_PARTNERSHIP', 'ANNOUNCED', id
            FROM agreements WHERE slug = 'tourism-authority-of-thailand-chinese-companies-programme'",
        "INSERT INTO parties (agreement_id, company_id, position, role)
            SELECT a.id, c.id, 0, 'PARTNER' FROM agreements a, companies c
            WHERE a.slug = 'neue-partnerschaft' AND c.slug IN ('youku', 'aliexpress')",
        "UPDATE companies SET name = 'Youku Tudou', sort_name = 'youku tudou' WHERE slug = 'youku'",
        "DELETE FROM parties WHERE agreement_id = (SELECT id FROM agreements WHERE slug = 'neue-partnerschaft')
            AND company_id = (SELECT id FROM companies WHERE slug = 'aliexpress')",
        "DELETE FROM parties WHERE agreement_id = (SELECT id FROM agreements WHERE slug = 'neue-partnerschaft');
         DELETE FROM agreements WHERE slug = 'neue-partnerschaft'",
        // The programme's partners appear in its components' summaries.
        "INSERT INTO parties (agreement_id, company_id, position, role)
            SELECT a.id, c.id, 1, 'PARTNER' FROM agreements a, companies c
            WHERE a.slug = 'tourism-authority-of-thailand-chinese-companies-programme'
            AND c.slug = 'youku'",
        "UPDATE parties SET role = 'PARTNER'
            WHERE company_id = (SELECT id FROM companies WHERE slug = 'tourism-authority-of-thailand')",
        "DELETE FROM parties WHERE company_id = (SELECT id FROM companies WHERE slug = 'youku')",
        "INSERT INTO events (company_id, kind, occurred)
            SELECT id, 'IPO', '2020' FROM companies WHERE slug = 'youku'",
        "DELETE FROM market_positions",
        "DELETE FROM company_business_areas WHERE area = 'E_COMMERCE'",
        "DELETE FROM company_markets",
        "UPDATE agreements SET part_of_id = NULL WHERE part_of_id IS NOT NULL",
    ];

    #[tokio::test]
    async fn refreshing_after_changes_writes_what_a_rebuild_writes() -> AppResult<()> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (db, _) = Db::open(&dir.path().join("db.sqlite"), 1).expect("the database opens");
        let l10n = Arc::new(Localizer::new().expect("the translations load"));

        let entities: i64 = db
            .read(|conn| {
                Ok(conn.query_row(
                    "SELECT (SELECT count(*) FROM companies) + (SELECT count(*) FROM people)
                          + (SELECT count(*) FROM agreements)",
                    [],
                    |r| r.get(0),
                )?)
            })
            .await?;
        assert!(entities > 10);
        let first = ensure_current(&db, Arc::clone(&l10n)).await?;
        assert_eq!(first, Update::Rebuilt(entities as usize));
        assert_eq!(ensure_current(&db, Arc::clone(&l10n)).await?, Update::None);
        let mut before = db.read(snapshot).await?;
        for change in CHANGES {
            let changed = db
                .write(move |tx| {
                    tx.execute_batch(change)?;
                    Ok(tx.changes())
                })
                .await?;
            assert!(changed > 0, "{change} changes nothing");
            assert!(!db.read(is_current).await?, "{change} marks nothing");
            let refreshed = ensure_current(&db, Arc::clone(&l10n)).await?;
            assert!(matches!(refreshed, Update::Refreshed(_)), "{refreshed:?}");
            let incremental = db.read(snapshot).await?;

            let l10n_rebuild = Arc::clone(&l10n);
            db.write(move |tx| rebuild(tx, &l10n_rebuild)).await?;
            let full = db.read(snapshot).await?;
            assert_eq!(incremental.len(), full.len(), "after {change}");
            for (a, b) in incremental.iter().zip(&full) {
                assert_eq!(
                    a, b,
                    "after {change}, a refreshed document differs from the rebuilt one"
                );
            }
            assert_ne!(before, full, "{change} changes no document");
            before = full;
        }
        Ok(())
    }
}
