//! Keeping the index current.
//!
//! Triggers on every table a document is written from record the entities whose documents may
//! have changed in `search_dirty` (a company's summary names its parent, subsidiaries, founders,
//! CEO and rivals, so renaming it marks those too). [`ensure_current`] rewrites just those
//! documents, before the next search; it rebuilds the whole index when the translations (or
//! the shape of the documents) changed since the last build, which the `meta` key
//! `search_fingerprint` records. When nothing changed it costs one read.

use std::sync::{Arc, OnceLock};

use crate::db::sql::Connection;

use super::document::{self, Document, Folded};
use crate::db::rebuild::Rebuild;
use crate::db::search as storage;
use crate::db::{Db, agreements, companies, people};
use crate::error::{AppError, AppResult};
use crate::l10n::{Locale, Localizer};
use crate::model::EntityKind;

/// Changes whenever the documents change shape (what goes into which column, how text is
/// folded) or what is kept beside them does (`search_terms`), so that the next start rebuilds
/// the index.
const DOCUMENT_VERSION: &str = "search-documents-3";

/// How many entities a rebuild or refresh renders at a time.
const CHUNK: usize = 500;

/// The `meta` key recording the fingerprint of the translations the index was built with.
const FINGERPRINT_KEY: &str = "search_fingerprint";

/// A stable hash (SHA-256, the first 64 bits) of the document version and every embedded
/// `.ftl` file, so a changed translation is noticed at the next start. Each part is fed with
/// its length first, so ("ab", "c") and ("a", "bc") differ.
fn compute_fingerprint() -> String {
    use sha2::{Digest, Sha256};

    let mut hash = Sha256::new();
    let mut feed = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    feed(DOCUMENT_VERSION.as_bytes());
    for locale in Locale::ALL {
        feed(locale.tag().as_bytes());
        for (name, text) in crate::l10n::files(locale) {
            feed(name.as_bytes());
            feed(text.as_bytes());
        }
    }
    let digest = hash.finalize();
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{DOCUMENT_VERSION}:{hex}")
}

/// The fingerprint of this binary's translations and documents.
pub fn fingerprint() -> &'static str {
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    FINGERPRINT.get_or_init(compute_fingerprint)
}

/// Whether the index has been built with this binary's translations and documents (entities
/// changed since are brought up to date by the next search).
pub fn is_built(conn: &Connection) -> AppResult<bool> {
    Ok(storage::meta(conn, FINGERPRINT_KEY)?.as_deref() == Some(fingerprint()))
}

/// Whether the index is current: built with these translations and no entity marked since.
pub fn is_current(conn: &Connection) -> AppResult<bool> {
    Ok(!storage::any_marked(conn)?
        && storage::meta(conn, FINGERPRINT_KEY)?.as_deref() == Some(fingerprint()))
}

/// Stores the documents of `kind`, and counts their words in `search_terms`. Returns how many
/// were written.
fn store_all(
    conn: &Connection,
    kind: EntityKind,
    documents: Vec<(i64, Document)>,
) -> AppResult<usize> {
    let folded: Vec<_> = documents
        .iter()
        .map(|(id, doc)| (*id, doc.folded()))
        .collect();
    let inserts: Vec<_> = folded
        .iter()
        .map(|(id, f)| f.to_insert(kind, *id))
        .collect();
    storage::insert_documents(conn, &inserts)?;
    let texts: Vec<String> = folded.iter().map(|(_, f)| f.text()).collect();
    storage::count_terms(conn, texts.iter().map(String::as_str), 1)?;
    Ok(documents.len())
}

/// Renders and stores the documents of the entities of `kind` with `ids` (those that exist).
fn render(conn: &Connection, l10n: &Localizer, kind: EntityKind, ids: &[i64]) -> AppResult<usize> {
    let documents = match kind {
        EntityKind::Company => {
            let rows: Vec<_> = companies::by_ids(conn, ids)?.into_values().collect();
            document::companies(conn, l10n, &rows)?
        }
        EntityKind::Person => {
            let rows: Vec<_> = people::by_ids(conn, ids)?.into_values().collect();
            document::people(conn, l10n, &rows)?
        }
        EntityKind::Agreement => {
            let rows: Vec<_> = agreements::by_ids(conn, ids)?.into_values().collect();
            document::agreements(conn, l10n, &rows)?
        }
    };
    store_all(conn, kind, documents)
}

/// How many documents one step of a whole build renders and writes, in one write transaction
/// each: short enough that a client's write waits for one step at most, and that the
/// write-ahead log stays small. (Built in one transaction, the index filled a log of hundreds of
/// megabytes, and every page read searched it: a sixth of the build's time.)
const STEP: usize = 10_000;

/// Where a whole build has come to: the kind of entity (its place in [`EntityKind::ALL`]) and
/// the last id rendered.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    kind: usize,
    after: i64,
}

impl Cursor {
    const START: Self = Self { kind: 0, after: 0 };
}

/// One step of a whole build: documents rendered and folded, and where the next step starts
/// (`None` after the last).
struct Step {
    documents: Vec<(EntityKind, i64, Folded)>,
    next: Option<Cursor>,
}

/// Documents rendered, each with its entity's id.
type Rendered = Vec<(i64, Document)>;

/// Renders the next [`CHUNK`] entities of `kind` after the id `after`: the last id and the
/// documents, or `None` when none are left.
fn render_chunk(
    conn: &Connection,
    l10n: &Localizer,
    kind: EntityKind,
    after: i64,
) -> AppResult<Option<(i64, Rendered)>> {
    macro_rules! chunk {
        ($rows:expr, $render:path) => {{
            let rows = $rows;
            let Some(last) = rows.last().map(|row| row.id) else {
                return Ok(None);
            };
            Ok(Some((last, $render(conn, l10n, &rows)?)))
        }};
    }
    match kind {
        EntityKind::Company => chunk!(companies::chunk(conn, after, CHUNK)?, document::companies),
        EntityKind::Person => chunk!(people::chunk(conn, after, CHUNK)?, document::people),
        EntityKind::Agreement => {
            chunk!(agreements::chunk(conn, after, CHUNK)?, document::agreements)
        }
    }
}

/// Renders and folds the documents of about [`STEP`] entities from `at` on.
fn render_step(conn: &Connection, l10n: &Localizer, mut at: Cursor) -> AppResult<Step> {
    let mut documents = Vec::with_capacity(STEP + CHUNK);
    while let Some(&kind) = EntityKind::ALL.get(at.kind) {
        if documents.len() >= STEP {
            return Ok(Step {
                documents,
                next: Some(at),
            });
        }
        match render_chunk(conn, l10n, kind, at.after)? {
            Some((last, rendered)) => {
                at.after = last;
                documents.extend(
                    rendered
                        .into_iter()
                        .map(|(id, doc)| (kind, id, doc.folded())),
                );
            }
            None => {
                at = Cursor {
                    kind: at.kind + 1,
                    after: 0,
                }
            }
        }
    }
    Ok(Step {
        documents,
        next: None,
    })
}

/// Writes a step's documents. Returns how many.
fn write_step(conn: &Connection, documents: &[(EntityKind, i64, Folded)]) -> AppResult<usize> {
    let inserts: Vec<_> = documents
        .iter()
        .map(|(kind, id, doc)| doc.to_insert(*kind, *id))
        .collect();
    storage::insert_documents(conn, &inserts)?;
    Ok(documents.len())
}

/// How far a whole build has come, logged every tenth of the way.
struct Progress<'a> {
    rebuild: Option<&'a Rebuild>,
    total: u64,
    started: std::time::Instant,
}

impl Progress<'_> {
    fn advance(&self, stored: usize) {
        let Some(rebuild) = self.rebuild else { return };
        let stored = stored as u64;
        let done = rebuild.advance(stored);
        let before = done - stored;
        if self.total > 0 && done * 10 / self.total > before * 10 / self.total {
            tracing::info!(
                done,
                total = self.total,
                percent = done * 100 / self.total,
                seconds = self.started.elapsed().as_secs(),
                "building the search index"
            );
        }
    }
}

/// Rewrites every document from scratch and records the translations' fingerprint, in the
/// caller's transaction. Returns how many documents were written. `progress`, when given,
/// counts the documents as they are written, and every tenth of the way is logged. A server
/// builds in steps instead (`build`); this is for a caller that already holds the writer.
pub fn rebuild(
    conn: &Connection,
    l10n: &Localizer,
    progress: Option<&Rebuild>,
) -> AppResult<usize> {
    claim(conn)?;
    storage::clear(conn)?;
    let progress = Progress {
        rebuild: progress,
        total: storage::entity_count(conn)?,
        started: std::time::Instant::now(),
    };
    let mut written = 0;
    let mut at = Some(Cursor::START);
    while let Some(cursor) = at {
        let step = render_step(conn, l10n, cursor)?;
        let stored = write_step(conn, &step.documents)?;
        progress.advance(stored);
        written += stored;
        at = step.next;
    }
    storage::collect_terms(conn)?;
    storage::clear_marks(conn)?;
    storage::delete_meta(conn, BUILDER_KEY)?;
    storage::set_meta(conn, FINGERPRINT_KEY, fingerprint())?;
    Ok(written)
}

/// Builds the whole index in steps of [`STEP`] documents, each written in a transaction of its
/// own, while the next is rendered on a reader: rendering (Fluent, folding) and writing (FTS5)
/// run on the two cores at once, and clients' writes go on between steps.
///
/// The first step claims the build ([`BUILDER_KEY`]), empties the index, forgets the
/// fingerprint (so a build cut short, by a crash say, is begun again at the next start) and
/// clears the marks. An entity a client changes
/// during the build is marked by the triggers as at any time, whether its document was written
/// already or not, so the first search after the build rewrites it; the last step records the
/// fingerprint.
async fn build(db: &Db, l10n: &Arc<Localizer>, rebuild: &Rebuild, total: u64) -> AppResult<usize> {
    let token = db
        .write(|tx| {
            let token = claim(tx)?;
            storage::clear(tx)?;
            storage::clear_marks(tx)?;
            storage::delete_meta(tx, FINGERPRINT_KEY)?;
            Ok(token)
        })
        .await?;
    let token = Arc::new(token);
    let progress = Progress {
        rebuild: Some(rebuild),
        total,
        started: std::time::Instant::now(),
    };
    let render = |cursor: Cursor| {
        let (db, l10n) = (db.clone(), Arc::clone(l10n));
        tokio::spawn(async move { db.read(move |conn| render_step(conn, &l10n, cursor)).await })
    };
    let mut written = 0;
    let mut pending = Some(render(Cursor::START));
    while let Some(rendering) = pending.take() {
        let step = rendering.await??;
        pending = step.next.map(render);
        let (documents, ours) = (step.documents, Arc::clone(&token));
        let stored = db
            .write(move |tx| {
                still_ours(tx, &ours)?;
                write_step(tx, &documents)
            })
            .await?;
        progress.advance(stored);
        written += stored;
    }
    db.write(move |tx| {
        still_ours(tx, &token)?;
        storage::collect_terms(tx)?;
        storage::delete_meta(tx, BUILDER_KEY)?;
        storage::set_meta(tx, FINGERPRINT_KEY, fingerprint())
    })
    .await?;
    Ok(written)
}

/// The `meta` key naming the whole build under way. Two servers started on one file at once
/// would otherwise interleave their steps, one emptying the index between the other's: each
/// step checks, in its own transaction, that the build is still its own, and the build that
/// started last is the one that finishes.
const BUILDER_KEY: &str = "search_builder";

/// Records a new build as the one under way; returns its token.
fn claim(conn: &Connection) -> AppResult<String> {
    let mut bytes = [0_u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Internal(format!("no random bytes for a build token: {e}")))?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    storage::set_meta(conn, BUILDER_KEY, &token)?;
    Ok(token)
}

/// Whether the build with `token` is still the one under way; a build another process has
/// begun since is left to finish, and this one stops, refusing searches meanwhile as any
/// build does.
fn still_ours(conn: &Connection, token: &str) -> AppResult<()> {
    if storage::meta(conn, BUILDER_KEY)?.as_deref() == Some(token) {
        return Ok(());
    }
    tracing::info!("another process began building the search index; leaving the build to it");
    Err(AppError::Unavailable {
        code: "SEARCH_INDEX_BUILDING",
        reason: "the search index is being built by another process; retry shortly".into(),
        retry_after: RETRY_AFTER_SECONDS,
    })
}

/// Rewrites the documents of the entities marked since the last update (removing those of
/// entities that are gone). Returns how many entities were marked. Call it inside a
/// transaction.
pub fn refresh(conn: &Connection, l10n: &Localizer) -> AppResult<usize> {
    let marked = storage::marked(conn)?;
    for kind in EntityKind::ALL {
        let ids: Vec<i64> = marked
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| *id)
            .collect();
        for chunk in ids.chunks(CHUNK) {
            // The old documents' words are counted out before the new ones' are counted in.
            let old = storage::document_texts(conn, kind, chunk)?;
            storage::count_terms(conn, old.iter().map(String::as_str), -1)?;
            for &id in chunk {
                storage::delete_document(conn, kind, id)?;
            }
            render(conn, l10n, kind, chunk)?;
        }
    }
    storage::clear_marks(conn)?;
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
pub fn update(
    conn: &Connection,
    l10n: &Localizer,
    progress: Option<&Rebuild>,
) -> AppResult<Update> {
    if needs_rebuild(conn)? {
        return rebuild(conn, l10n, progress).map(Update::Rebuilt);
    }
    match refresh(conn, l10n)? {
        0 => Ok(Update::None),
        n => Ok(Update::Refreshed(n)),
    }
}

/// Whether the whole index must be built (first build, or the translations changed).
fn needs_rebuild(conn: &Connection) -> AppResult<bool> {
    Ok(storage::meta(conn, FINGERPRINT_KEY)?.as_deref() != Some(fingerprint()))
}

/// The answer to a search while the whole index is being built: at once, with how far the
/// build has come and when to retry, rather than waiting for the writer the build holds.
fn building(done: u64, total: u64) -> AppError {
    AppError::Unavailable {
        code: "SEARCH_INDEX_BUILDING",
        reason: format!(
            "the search index is being built ({done} of {total} documents); retry shortly"
        ),
        retry_after: RETRY_AFTER_SECONDS,
    }
}

/// When a search refused during a build may be retried.
const RETRY_AFTER_SECONDS: u64 = 5;

/// Marks the rebuild over when the work that owns it ends, however it ends; with the number of
/// documents to build.
struct Claimed(Arc<Rebuild>, u64);

impl Drop for Claimed {
    fn drop(&mut self) {
        self.0.finish();
    }
}

/// Brings the index up to date if it is not: one read when it is, else one write transaction
/// (the check is repeated inside it). Called at start-up and before every search. A whole
/// build (first start, changed translations) is claimed first: while it runs, every other
/// caller gets `SEARCH_INDEX_BUILDING` at once instead of waiting for it.
pub async fn ensure_current(db: &Db, l10n: Arc<Localizer>) -> AppResult<Update> {
    if db.read(is_current).await? {
        return Ok(Update::None);
    }
    let rebuild = Arc::clone(db.rebuild());
    if let Some((done, total)) = rebuild.progress() {
        return Err(building(done, total));
    }
    let claimed = if db.read(needs_rebuild).await? {
        let total = db.read(storage::entity_count).await?;
        if !rebuild.start(total) {
            let (done, total) = rebuild.progress().unwrap_or((0, total));
            return Err(building(done, total));
        }
        tracing::info!(documents = total, "building the search index");
        Some(Claimed(Arc::clone(&rebuild), total))
    } else {
        None
    };
    let update = match claimed {
        // The claim moves into a task of its own, so that the build ends with the work, not
        // with this future (a request that stops waiting does not stop the build).
        Some(claimed) => {
            let (db, l10n) = (db.clone(), Arc::clone(&l10n));
            tokio::spawn(async move {
                let built = build(&db, &l10n, &claimed.0, claimed.1).await;
                drop(claimed);
                built.map(Update::Rebuilt)
            })
            .await??
        }
        None => db.write(move |tx| update(tx, &l10n, None)).await?,
    };
    match update {
        Update::Rebuilt(n) => tracing::info!(documents = n, "search index rebuilt"),
        Update::Refreshed(n) => tracing::debug!(documents = n, "search index refreshed"),
        Update::None => {}
    }
    Ok(update)
}

/// [`ensure_current`] for a search, which must not wait for a whole build: when one is
/// needed and not yet running (a search came before the start-up's), it is started in the
/// background and the search is told `SEARCH_INDEX_BUILDING` like those after it. A refresh
/// of marked documents, which is short, is waited for.
pub async fn current_for_search(db: &Db, l10n: Arc<Localizer>) -> AppResult<Update> {
    if db.read(is_current).await? {
        return Ok(Update::None);
    }
    if let Some((done, total)) = db.rebuild().progress() {
        return Err(building(done, total));
    }
    if db.read(needs_rebuild).await? {
        let total = db.read(storage::entity_count).await?;
        let (db, l10n) = (db.clone(), Arc::clone(&l10n));
        tokio::spawn(async move {
            // Another caller may have claimed the build meanwhile: then this one is refused,
            // which is no fault.
            if let Err(error) = ensure_current(&db, l10n).await
                && error.code() != "SEARCH_INDEX_BUILDING"
            {
                tracing::error!(?error, "building the search index failed");
            }
        });
        return Err(building(0, total));
    }
    ensure_current(db, l10n).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_names_the_document_version_and_is_stable() {
        assert_eq!(fingerprint(), compute_fingerprint());
        assert!(fingerprint().starts_with(DOCUMENT_VERSION));
    }

    /// While a whole build runs (claimed here as a server's start-up would), a search's
    /// `ensure_current` answers at once with `SEARCH_INDEX_BUILDING` and how far it has come,
    /// instead of waiting for the writer; once the build is over, the next call builds.
    #[tokio::test]
    async fn a_search_during_a_build_is_told_so_at_once() -> AppResult<()> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (db, _) = Db::open(dir.path().join("db.sqlite"), 1).expect("the database opens");
        let l10n = Arc::new(Localizer::new().expect("translations"));
        assert!(
            !db.read(is_current).await?,
            "a new database's index is not built"
        );
        assert!(db.rebuild().start(40));
        db.rebuild().advance(15);
        let started = std::time::Instant::now();
        let refused = ensure_current(&db, Arc::clone(&l10n)).await;
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        match refused {
            Err(AppError::Unavailable {
                code,
                reason,
                retry_after,
            }) => {
                assert_eq!(code, "SEARCH_INDEX_BUILDING");
                assert!(reason.contains("15 of 40"), "{reason}");
                assert_eq!(retry_after, RETRY_AFTER_SECONDS);
            }
            other => panic!("{other:?}"),
        }
        db.rebuild().finish();
        assert!(matches!(
            ensure_current(&db, Arc::clone(&l10n)).await?,
            Update::Rebuilt(_)
        ));
        assert_eq!(
            db.rebuild().progress(),
            None,
            "the build's claim ends with it"
        );
        Ok(())
    }

    type Snapshot = Vec<(i64, String, i64, String, String, String)>;

    /// The words `search_terms` counts in at least one document, with their counts.
    fn terms(conn: &Connection) -> AppResult<Vec<(String, i64)>> {
        let mut stmt = conn.prepare(
            "SELECT term, documents FROM search_terms WHERE documents > 0 ORDER BY term",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<crate::db::sql::Result<_>>()?)
    }

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
        Ok(rows.collect::<crate::db::sql::Result<_>>()?)
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
        "UPDATE parties SET first_from_country = 1
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
        let (db, _) = Db::open(dir.path().join("db.sqlite"), 1).expect("the database opens");
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
                    let mut changed = 0;
                    for statement in change.split(';').filter(|s| !s.trim().is_empty()) {
                        changed += tx.execute(statement, [])?;
                    }
                    Ok(changed)
                })
                .await?;
            assert!(changed > 0, "{change} changes nothing");
            assert!(!db.read(is_current).await?, "{change} marks nothing");
            let refreshed = ensure_current(&db, Arc::clone(&l10n)).await?;
            assert!(matches!(refreshed, Update::Refreshed(_)), "{refreshed:?}");
            let incremental = db.read(snapshot).await?;
            let counted = db.read(terms).await?;

            let l10n_rebuild = Arc::clone(&l10n);
            db.write(move |tx| rebuild(tx, &l10n_rebuild, None)).await?;
            let full = db.read(snapshot).await?;
            assert_eq!(
                counted,
                db.read(terms).await?,
                "after {change}, the words counted as documents were refreshed differ from a \
                 rebuild's"
            );
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

    /// Two servers that begin building the index of one file at once: the build that began
    /// last is the one that finishes, and the other stops at its next step, with the code a
    /// search during a build gets, instead of writing into an index the other emptied.
    #[tokio::test]
    async fn of_two_builds_of_one_file_the_later_one_finishes() -> AppResult<()> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("db.sqlite");
        let (first, _) = Db::open(&path, 1).expect("the database opens");
        let (second, _) = Db::open(&path, 1).expect("the database opens again");
        let l10n = Arc::new(Localizer::new().expect("translations"));

        let token = first.write(claim).await?;
        let ours = token.clone();
        first.write(move |tx| still_ours(tx, &ours)).await?;
        // The second server's start-up builds the whole index meanwhile.
        assert!(matches!(
            ensure_current(&second, Arc::clone(&l10n)).await?,
            Update::Rebuilt(n) if n > 0
        ));
        match first.write(move |tx| still_ours(tx, &token)).await {
            Err(AppError::Unavailable { code, .. }) => assert_eq!(code, "SEARCH_INDEX_BUILDING"),
            other => panic!("the first build was not stopped: {other:?}"),
        }
        assert!(
            first.read(is_current).await?,
            "the finished build is current"
        );
        assert_eq!(
            first.read(|conn| storage::meta(conn, BUILDER_KEY)).await?,
            None
        );
        Ok(())
    }
}
