//! Writes: running the statements that change data, and turning a constraint they violate
//! into the domain error it means: a UNIQUE constraint names the input field whose value is
//! taken (the table of every constraint of the schema), a FOREIGN KEY the reference
//! ([`Reference`]) whose row does not exist. The repository files' write functions go through
//! [`execute`] and [`insert`], so every client of them (the seed loader, mutations, imports)
//! gets the same errors.

use crate::db::sql::{Connection, Violation};

use crate::error::{AppError, AppResult};

/// Runs each of `statements` (whose one parameter is `id`) in order: the steps of deleting a
/// record with what depends on it.
pub(crate) fn execute_each(conn: &Connection, statements: &[&str], id: i64) -> AppResult<()> {
    for sql in statements {
        execute(conn, sql, [id], &[])?;
    }
    Ok(())
}

/// A row a write statement refers to by id. SQLite does not say which reference a failed
/// FOREIGN KEY constraint is about, so the write names its references and [`write_error`]
/// looks up which one is missing to name the input field at fault.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reference {
    /// The input field that holds the reference, such as `parent`.
    field: &'static str,
    /// The table referred to.
    table: &'static str,
    /// What a row of that table is, for the message: `company`.
    what: &'static str,
    /// The id referred to; none when the reference is left out.
    id: Option<i64>,
}

impl Reference {
    /// A reference in `field` to the company `id`.
    pub(crate) fn company(field: &'static str, id: impl Into<Option<i64>>) -> Self {
        Self::new(field, "companies", "company", id.into())
    }

    /// A reference in `field` to the person `id`.
    pub(crate) fn person(field: &'static str, id: impl Into<Option<i64>>) -> Self {
        Self::new(field, "people", "person", id.into())
    }

    /// A reference in `field` to the agreement `id`.
    pub(crate) fn agreement(field: &'static str, id: impl Into<Option<i64>>) -> Self {
        Self::new(field, "agreements", "agreement", id.into())
    }

    /// A reference in `field` to the source `id`.
    pub(crate) fn source(field: &'static str, id: impl Into<Option<i64>>) -> Self {
        Self::new(field, "sources", "source", id.into())
    }

    fn new(field: &'static str, table: &'static str, what: &'static str, id: Option<i64>) -> Self {
        Self {
            field,
            table,
            what,
            id,
        }
    }
}

/// Every UNIQUE and PRIMARY KEY constraint of the schema, as a violation's message names its
/// columns, with the input field whose value conflicts (spelled as the API's input fields are)
/// and what it conflicts with. A test checks that the schema has no other.
const UNIQUE_CONSTRAINTS: &[(&str, &str, &str)] = &[
    ("api_tokens.name", "name", "another token has this name"),
    // Written only by the search index, whose writes never conflict.
    (
        "search_terms.term",
        "term",
        "the search index already lists this word",
    ),
    (
        "search_names.entity_type, search_names.entity_id, search_names.name",
        "name",
        "the search index already lists this name",
    ),
    ("api_tokens.hash", "token", "another key has this token"),
    ("sources.slug", "slug", "another source has this slug"),
    ("companies.slug", "slug", "another company has this slug"),
    // A key is a record's first slug, which no other record can take: never violated.
    ("companies.key", "slug", "another company had this slug"),
    ("people.key", "slug", "another person had this slug"),
    ("agreements.key", "slug", "another agreement had this slug"),
    ("sources.key", "slug", "another source had this slug"),
    // Checked before every write that gives a slug (`record::check_slug_free`).
    (
        "former_slugs.entity_kind, former_slugs.slug",
        "slug",
        "another record had this slug",
    ),
    (
        "company_business_areas.company_id, company_business_areas.area",
        "businessAreas",
        "the company already has this business area",
    ),
    (
        "company_markets.company_id, company_markets.country",
        "markets",
        "the company already serves this market",
    ),
    (
        "company_productions.company_id, company_productions.position",
        "productions",
        "the company already has a production at this position",
    ),
    // The positions are given by the write; the other company is named before the write.
    (
        "company_aliases.company_id, company_aliases.position",
        "aliases",
        "the company already has an alias at this position",
    ),
    (
        "company_external_ids.company_id, company_external_ids.position",
        "externalIds",
        "the company already has an identifier at this position",
    ),
    (
        "company_external_ids.scheme, company_external_ids.value",
        "externalIds",
        "another company has this identifier",
    ),
    (
        "competitors.company_id, competitors.competitor_id",
        "rival",
        "the companies are already rivals",
    ),
    ("competitors.id", "id", "a rivalry with this id exists"),
    (
        "company_sources.company_id, company_sources.source_id",
        "sources",
        "the company already cites this source",
    ),
    ("people.slug", "slug", "another person has this slug"),
    (
        "person_sources.person_id, person_sources.source_id",
        "sources",
        "the person already cites this source",
    ),
    (
        "roles.person_id, roles.company_id, roles.title",
        "title",
        "the person already holds this title at this company",
    ),
    ("agreements.slug", "slug", "another agreement has this slug"),
    (
        "parties.agreement_id, parties.company_id",
        "parties",
        "the company is already a party to the agreement",
    ),
    (
        "agreement_scopes.agreement_id, agreement_scopes.scope",
        "scopes",
        "the agreement already covers this scope",
    ),
    (
        "agreement_markets.agreement_id, agreement_markets.country",
        "markets",
        "the agreement already covers this market",
    ),
    (
        "agreement_sources.agreement_id, agreement_sources.source_id",
        "sources",
        "the agreement already cites this source",
    ),
    (
        "quote_companies.quote_id, quote_companies.company_id",
        "companies",
        "the quote is already attributed to this company",
    ),
    ("meta.key", "key", "the key is already set"),
];

/// The input field a write refusal names when the statement as a whole is at fault, as a
/// mutation's single `input` argument is.
const WHOLE_INPUT: &str = "input";

/// The domain error that `error`, from a statement that inserts or updates rows, means:
/// - a UNIQUE or PRIMARY KEY violation is [`AppError::Conflict`] naming the field whose value
///   is taken (see [`UNIQUE_CONSTRAINTS`]);
/// - a FOREIGN KEY violation is [`AppError::BadInput`] naming the first of `references` whose
///   row does not exist (looked up now, as SQLite does not say which);
/// - a CHECK violation is [`AppError::BadInput`] about the whole input;
/// - anything else stays [`AppError::Database`], an internal error.
pub(crate) fn write_error(
    conn: &Connection,
    error: crate::db::sql::Error,
    references: &[Reference],
) -> AppError {
    match error.violation() {
        Some(Violation::Unique(columns)) => {
            match UNIQUE_CONSTRAINTS
                .iter()
                .find(|(known, _, _)| Some(*known) == columns.as_deref())
            {
                Some((_, field, reason)) => AppError::conflict(field, *reason),
                None => AppError::conflict(WHOLE_INPUT, "a record with these values exists"),
            }
        }
        Some(Violation::ForeignKey) => match missing_reference(conn, references) {
            Ok(Some(reference)) => AppError::bad_input(
                reference.field,
                format!(
                    "there is no {} with id {}",
                    reference.what,
                    reference.id.unwrap_or_default()
                ),
            ),
            Ok(None) => AppError::bad_input(WHOLE_INPUT, "refers to a record that does not exist"),
            Err(lookup) => lookup,
        },
        Some(Violation::Check) => {
            AppError::bad_input(WHOLE_INPUT, "breaks a rule the data must obey")
        }
        None => AppError::from(error),
    }
}

/// The first of `references` whose row does not exist.
fn missing_reference(conn: &Connection, references: &[Reference]) -> AppResult<Option<Reference>> {
    for reference in references {
        let Some(id) = reference.id else { continue };
        // The table name comes from `Reference`'s constructors, never from input.
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1) AS present",
            reference.table
        );
        let exists: bool = conn
            .prepare_cached(&sql)?
            .query_row([id], |r| r.get("present"))?;
        if !exists {
            return Ok(Some(*reference));
        }
    }
    Ok(None)
}

/// Runs one statement that inserts or updates rows (cached), turning a constraint it violates
/// into the domain error it means (see [`write_error`]). Returns how many rows it changed.
pub(crate) fn execute(
    conn: &Connection,
    sql: &str,
    params: impl crate::db::sql::Params,
    references: &[Reference],
) -> AppResult<usize> {
    conn.prepare_cached(sql)?
        .execute(params)
        .map_err(|e| write_error(conn, e, references))
}

/// Runs one `INSERT` like [`execute`] and returns the new row's id.
pub(crate) fn insert(
    conn: &Connection,
    sql: &str,
    params: impl crate::db::sql::Params,
    references: &[Reference],
) -> AppResult<i64> {
    conn.prepare_cached(sql)?
        .query_row(params, |r| r.get(0))
        .map_err(|e| write_error(conn, e, references))
}

/// Refuses a list that names an item twice, as the input field `field`. Lists stored one row
/// per item would otherwise fail on their primary key, which reads as a conflict with stored
/// data when the input merely repeats itself.
pub(crate) fn distinct<T: PartialEq + std::fmt::Display>(
    items: &[T],
    field: &'static str,
) -> AppResult<()> {
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            return Err(AppError::bad_input(field, format!("lists {item} twice")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::record::Record;
    use crate::db::{people, sources, test_connection};

    fn source(slug: &str) -> sources::Source {
        sources::Source {
            slug: slug.to_owned(),
            fields: sources::SourceFields {
                title: "A title".into(),
                kicker: None,
                published_on: None,
                language: "de".into(),
                url: None,
            },
        }
    }

    #[test]
    fn a_taken_slug_is_a_conflict_naming_slug() {
        let conn = test_connection();
        source("a").insert(&conn).expect("first");
        let err = source("a").insert(&conn).expect_err("second refused");
        assert_eq!(err.code(), "CONFLICT");
        assert!(
            matches!(err, AppError::Conflict { field: "slug", .. }),
            "{err:?}"
        );
        assert_eq!(err.field(), Some("slug"));
    }

    #[test]
    fn a_reference_to_a_missing_row_names_its_field() {
        let conn = test_connection();
        let person = people::Person {
            slug: "p".to_owned(),
            fields: people::PersonFields { name: "P".into() },
            sources: vec![42],
        };
        let err = person.insert(&conn).expect_err("dangling source refused");
        assert_eq!(err.code(), "BAD_USER_INPUT");
        match err {
            AppError::BadInput { argument, reason } => {
                assert_eq!(argument, "sources");
                assert_eq!(reason, "there is no source with id 42");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_check_violation_is_bad_input_and_other_failures_stay_internal() {
        let conn = test_connection();
        let company = |slug: &str| {
            execute(
                &conn,
                "INSERT INTO companies (slug, name, sort_name, kind) VALUES (?1, 'C', 'c', 'MEDIA_GROUP')",
                [slug],
                &[],
            )
            .expect("company")
        };
        company("a");
        company("b");
        let err = execute(
            &conn,
            "INSERT INTO competitors (company_id, competitor_id) VALUES (2, 1)",
            [],
            &[],
        )
        .expect_err("unordered pair refused");
        assert_eq!(err.code(), "BAD_USER_INPUT");
        let err = execute(&conn, "INSERT INTO nowhere VALUES (1)", [], &[]).expect_err("no table");
        assert_eq!(err.code(), "INTERNAL_SERVER_ERROR");
    }

    #[test]
    fn every_unique_constraint_of_the_schema_names_its_field() {
        let conn = test_connection();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_list WHERE type = 'table' AND schema = 'main'")
            .expect("table list")
            .query_map([], |r| r.get("name"))
            .expect("tables")
            .collect::<crate::db::sql::Result<_>>()
            .expect("names");
        // Written only by triggers, with INSERT OR IGNORE, never by a write function.
        let exempt = ["search_dirty"];
        let mut constraints = Vec::new();
        for table in tables
            .iter()
            .filter(|t| !t.starts_with("sqlite_") && !exempt.contains(&t.as_str()))
        {
            let indexes: Vec<String> = conn
                .prepare("SELECT name FROM pragma_index_list(?1) WHERE \"unique\" = 1")
                .expect("index list")
                .query_map([table], |r| r.get("name"))
                .expect("indexes")
                .collect::<crate::db::sql::Result<_>>()
                .expect("index names");
            for index in indexes {
                let columns: Vec<String> = conn
                    .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                    .expect("index info")
                    .query_map([&index], |r| r.get("name"))
                    .expect("columns")
                    .collect::<crate::db::sql::Result<_>>()
                    .expect("column names");
                let named: Vec<String> = columns.iter().map(|c| format!("{table}.{c}")).collect();
                constraints.push(named.join(", "));
            }
        }
        assert!(
            constraints.contains(&"companies.slug".to_owned()),
            "{constraints:?}"
        );
        for constraint in &constraints {
            assert!(
                UNIQUE_CONSTRAINTS
                    .iter()
                    .any(|(known, _, _)| known == constraint),
                "UNIQUE_CONSTRAINTS lacks {constraint}"
            );
        }
    }

    #[test]
    fn a_list_naming_an_item_twice_is_refused_naming_the_list() {
        assert!(distinct(&[1, 2, 3], "sources").is_ok());
        match distinct(&[1, 2, 1], "sources") {
            Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "sources"),
            other => panic!("{other:?}"),
        }
    }
}
