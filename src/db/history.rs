//! The history of writes: one row per change, recorded in the write's own transaction, with
//! the record's state before and after as JSON written by SQLite from the stored rows (so the
//! history shows what was stored, not what was asked for).

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::{Connection, params};

use super::NOW;
use super::agreements::Agreement;
use super::constraints::insert;
use super::page::List;
use super::record::{Record, key_of, slug_of, table_of};
use super::rows::Columns;
use crate::error::AppError;
use crate::error::AppResult;
use crate::model::{ChangeEntity, Operation};

/// One change as stored.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    /// Its id, in commit order.
    pub id: i64,
    /// When (RFC 3339, UTC, milliseconds).
    pub at: String,
    /// Who: the API key's name, or the command-line tool's.
    pub actor: String,
    /// What kind of record.
    pub entity: ChangeEntity,
    /// The record's id.
    pub entity_id: i64,
    /// What was done.
    pub operation: Operation,
    /// The record before, as JSON; none for a creation.
    pub before: Option<String>,
    /// The record after, as JSON; none for a deletion.
    pub after: Option<String>,
}

/// The columns [`ChangeRow::read`] reads, for table alias `h`.
pub const COLUMNS: &str = "h.id, h.at, h.actor, h.entity_kind, h.entity_id, h.operation, \
                           h.before, h.after";

impl ChangeRow {
    /// Reads a row selected with [`COLUMNS`], from its next column on.
    pub fn read(r: &mut Columns<'_, '_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.next()?,
            at: r.next()?,
            actor: r.next()?,
            entity: r.next()?,
            entity_id: r.next()?,
            operation: r.next()?,
            before: r.next()?,
            after: r.next()?,
        })
    }
}

/// A value stored under its storage name, read back with `parse`.
fn stored<T>(value: ValueRef<'_>, parse: fn(&str) -> Option<T>) -> FromSqlResult<T> {
    let text = value.as_str()?;
    parse(text).ok_or_else(|| FromSqlError::Other(format!("unknown stored value {text:?}").into()))
}

impl FromSql for ChangeEntity {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        stored(value, Self::from_str_opt)
    }
}

impl FromSql for Operation {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        stored(value, Self::from_str_opt)
    }
}

/// JSON array of the slugs of the sources `join` (a table with `source_id`) links to the
/// owner `owner` (a column condition), in id order.
macro_rules! sources_json {
    ($table:literal, $owner:literal) => {
        concat!(
            "(SELECT json_group_array(s.slug) FROM (SELECT s.slug FROM ",
            $table,
            " x JOIN sources s ON s.id = x.source_id WHERE ",
            $owner,
            " ORDER BY s.id) s)"
        )
    };
}

/// The slug of the source `column` names, as a JSON value.
macro_rules! source_slug {
    ($column:literal) => {
        concat!("(SELECT slug FROM sources WHERE id = ", $column, ")")
    };
}

/// The SQL that writes the JSON state of one record of `entity` (its id bound as `?1`).
fn snapshot_sql(entity: ChangeEntity) -> &'static str {
    match entity {
        ChangeEntity::Company => concat!(
            "SELECT json_object('slug', c.slug, 'name', c.name, 'kind', c.kind, ",
            "'legalForm', c.legal_form, 'country', c.country, 'headquarters', c.headquarters, ",
            "'founded', c.founded, 'nameArticle', c.name_article, ",
            "'parent', (SELECT p.slug FROM companies p WHERE p.id = c.parent_id), ",
            "'businessAreas', (SELECT json_group_array(area) FROM (SELECT area FROM ",
            "company_business_areas WHERE company_id = c.id ORDER BY position)), ",
            "'markets', (SELECT json_group_array(country) FROM (SELECT country FROM ",
            "company_markets WHERE company_id = c.id ORDER BY position)), ",
            "'productions', (SELECT json_group_array(name) FROM (SELECT name FROM ",
            "company_productions WHERE company_id = c.id ORDER BY position)), ",
            "'sources', ",
            sources_json!("company_sources", "x.company_id = c.id"),
            ", 'version', c.version) FROM companies c WHERE c.id = ?1"
        ),
        ChangeEntity::Person => concat!(
            "SELECT json_object('slug', p.slug, 'name', p.name, 'sources', ",
            sources_json!("person_sources", "x.person_id = p.id"),
            ", 'version', p.version) FROM people p WHERE p.id = ?1"
        ),
        ChangeEntity::Role => concat!(
            "SELECT json_object('person', p.slug, 'company', c.slug, 'title', r.title, ",
            "'since', r.since, 'until', r.until, 'source', ",
            source_slug!("r.source_id"),
            ", 'version', r.version) ",
            "FROM roles r JOIN people p ON p.id = r.person_id ",
            "JOIN companies c ON c.id = r.company_id WHERE r.id = ?1"
        ),
        ChangeEntity::Agreement => concat!(
            "SELECT json_object('slug', a.slug, 'kind', a.kind, 'status', a.status, ",
            "'announced', a.announced, 'signed', a.signed, ",
            "'multiStage', json(CASE a.multi_stage WHEN 0 THEN 'false' ELSE 'true' END), ",
            "'partnerCount', a.partner_count, 'partnerCountry', a.partner_country, ",
            "'partOf', (SELECT u.slug FROM agreements u WHERE u.id = a.part_of_id), ",
            "'parties', (SELECT json_group_array(json_object('company', c.slug, ",
            "'role', p.role, 'firstFromCountry', ",
            "json(CASE p.first_from_country WHEN 0 THEN 'false' ELSE 'true' END))) ",
            "FROM (SELECT * FROM parties WHERE agreement_id = a.id ORDER BY position) p ",
            "JOIN companies c ON c.id = p.company_id), ",
            "'scopes', (SELECT json_group_array(scope) FROM (SELECT scope FROM ",
            "agreement_scopes WHERE agreement_id = a.id ORDER BY position)), ",
            "'initialFocus', (SELECT json_group_array(scope) FROM (SELECT scope FROM ",
            "agreement_scopes WHERE agreement_id = a.id AND initial_focus ORDER BY position)), ",
            "'markets', (SELECT json_group_array(country) FROM (SELECT country FROM ",
            "agreement_markets WHERE agreement_id = a.id ORDER BY position)), ",
            "'sources', ",
            sources_json!("agreement_sources", "x.agreement_id = a.id"),
            ", 'version', a.version) FROM agreements a WHERE a.id = ?1"
        ),
        ChangeEntity::Source => {
            "SELECT json_object('slug', s.slug, 'title', s.title, 'kicker', s.kicker, \
               'publishedOn', s.published_on, 'language', s.language, 'url', s.url, \
               'version', s.version) FROM sources s WHERE s.id = ?1"
        }
        ChangeEntity::Quote => concat!(
            "SELECT json_object('text', q.text, 'language', q.language, ",
            "'speaker', (SELECT slug FROM people WHERE id = q.speaker_id), ",
            "'companies', (SELECT json_group_array(c.slug) FROM (SELECT company_id FROM ",
            "quote_companies WHERE quote_id = q.id ORDER BY position) x ",
            "JOIN companies c ON c.id = x.company_id), ",
            "'agreement', (SELECT slug FROM agreements WHERE id = q.agreement_id), ",
            "'source', ",
            source_slug!("q.source_id"),
            ", 'version', q.version) FROM quotes q WHERE q.id = ?1"
        ),
        ChangeEntity::Event => concat!(
            "SELECT json_object('company', c.slug, 'kind', e.kind, 'date', e.occurred, ",
            "'record', json(CASE e.record WHEN 0 THEN 'false' ELSE 'true' END), 'source', ",
            source_slug!("e.source_id"),
            ", 'version', e.version) FROM events e JOIN companies c ON c.id = e.company_id ",
            "WHERE e.id = ?1"
        ),
        ChangeEntity::Rivalry => concat!(
            "SELECT json_object('companies', json_array(a.slug, b.slug), 'source', ",
            source_slug!("r.source_id"),
            ", 'version', r.version) FROM competitors r ",
            "JOIN companies a ON a.id = r.company_id JOIN companies b ON b.id = r.competitor_id ",
            "WHERE r.id = ?1"
        ),
    }
}

/// The stored state of the record `id` of the kind `R` as JSON, as the history keeps it: the
/// record naming others by slug ([`Record::named`]), with its version and, for the kinds with
/// slugs, the key of its global id; every field in camelCase, as the API spells it. None when
/// there is no such record.
pub fn snapshot<R: Record>(conn: &Connection, id: i64) -> AppResult<Option<String>> {
    let record = match R::stored(conn, id) {
        Ok(record) => record,
        Err(AppError::NotFound { .. }) => return Ok(None),
        Err(error) => return Err(error),
    };
    let named = record.named(&mut |entity, id| slug_of(conn, entity, id))?;
    let mut state = serde_json::to_value(named)
        .map_err(|e| AppError::Internal(format!("writing a snapshot: {e}")))?;
    camel_case_keys(&mut state);
    if let serde_json::Value::Object(fields) = &mut state {
        // The table name comes from `table_of`, never from input.
        let sql = format!("SELECT version FROM {} WHERE id = ?1", table_of(R::ENTITY));
        let version: i64 = conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?;
        fields.insert("version".into(), version.into());
        if R::ENTITY.has_slug() {
            fields.insert("key".into(), key_of(conn, R::ENTITY, id)?.into());
        }
    }
    Ok(Some(state.to_string()))
}

/// Renames every object key of `value` from snake_case to camelCase, at every depth.
fn camel_case_keys(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(fields) => {
            let old = std::mem::take(fields);
            for (key, mut inner) in old {
                camel_case_keys(&mut inner);
                let mut camel = String::with_capacity(key.len());
                let mut upper = false;
                for c in key.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        camel.extend(c.to_uppercase());
                        upper = false;
                    } else {
                        camel.push(c);
                    }
                }
                fields.insert(camel, inner);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(camel_case_keys),
        _ => {}
    }
}

/// The stored state of the record `id` of `entity` as JSON ([`snapshot`]); none when there
/// is no such record.
pub fn snapshot_of(conn: &Connection, entity: ChangeEntity, id: i64) -> AppResult<Option<String>> {
    match entity {
        ChangeEntity::Agreement => snapshot::<Agreement<i64>>(conn, id),
        _ => sql_snapshot(conn, entity, id),
    }
}

/// The state of a record not yet declared as one struct, written by SQLite.
fn sql_snapshot(conn: &Connection, entity: ChangeEntity, id: i64) -> AppResult<Option<String>> {
    let mut stmt = conn.prepare_cached(snapshot_sql(entity))?;
    let mut rows = stmt.query([id])?;
    Ok(match rows.next()? {
        Some(row) => Some(row.get(0)?),
        None => None,
    })
}

/// Records a change by `actor` to the record `id` of `entity`, in the caller's transaction;
/// returns the change's id.
pub fn record(
    conn: &Connection,
    actor: &str,
    entity: ChangeEntity,
    id: i64,
    operation: Operation,
    before: Option<String>,
    after: Option<String>,
) -> AppResult<i64> {
    let sql = format!(
        "INSERT INTO changes (at, actor, entity_kind, entity_id, operation, before, after) \
         VALUES ({NOW}, ?1, ?2, ?3, ?4, ?5, ?6)"
    );
    insert(
        conn,
        &sql,
        params![
            actor,
            entity.as_str(),
            id,
            operation.as_str(),
            before,
            after
        ],
        &[],
    )
}

/// The id of the record of `entity` that had the slug `slug` in its latest change, if it was
/// ever changed (also after it was deleted).
pub fn id_in_history(
    conn: &Connection,
    entity: ChangeEntity,
    slug: &str,
) -> AppResult<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(
            "SELECT entity_id FROM changes WHERE entity_kind = ?1 \
             AND ?2 IN (json_extract(after, '$.key'), json_extract(before, '$.key'), \
               json_extract(after, '$.slug'), json_extract(before, '$.slug')) \
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![entity.as_str(), slug], |r| r.get(0))
        .optional()?)
}

/// The id of the latest change, or 0.
pub fn last_id(conn: &Connection) -> AppResult<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM changes")?
        .query_row([], |r| r.get(0))?)
}

/// The changes after the change `id`, in commit order.
pub fn after(conn: &Connection, id: i64) -> AppResult<Vec<ChangeRow>> {
    let sql = format!("SELECT {COLUMNS} FROM changes h WHERE h.id > ?1 ORDER BY h.id");
    super::rows::rows_of(conn, &sql, id, ChangeRow::read)
}

/// Commit order as the text sort key paging works with.
const SORT: &str = "printf('%020d', h.id)";

/// Every change, for a connection; narrowed with [`select`].
pub fn list() -> List {
    List::new(COLUMNS, "changes h", SORT, "h.id")
}

/// What [`select`] narrows the history to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Changes to records of this kind.
    pub entity: Option<ChangeEntity>,
    /// Changes to the record with this id (of the kind above).
    pub entity_id: Option<i64>,
    /// Changes made at or after this time, written as the history stores its times (UTC, to
    /// the millisecond, fixed width: `model::Instant::stored`), so that the text comparison
    /// is one of instants and can use the index on `at`.
    pub since: Option<String>,
    /// Changes made before this time.
    pub until: Option<String>,
}

/// Narrows `list` to `filter`, newest or oldest first.
pub fn select(mut list: List, filter: &Filter, newest_first: bool) -> List {
    use rusqlite::types::Value as SqlValue;
    if let Some(entity) = filter.entity {
        list = list.filter(
            "h.entity_kind = ?",
            [SqlValue::Text(entity.as_str().into())],
        );
    }
    if let Some(id) = filter.entity_id {
        list = list.filter("h.entity_id = ?", [SqlValue::Integer(id)]);
    }
    if let Some(since) = &filter.since {
        list = list.filter("h.at >= ?", [SqlValue::Text(since.clone())]);
    }
    if let Some(until) = &filter.until {
        list = list.filter("h.at < ?", [SqlValue::Text(until.clone())]);
    }
    list.ordered(SORT, newest_first)
}
