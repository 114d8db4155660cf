//! Full-text search: the `search` query, the `SearchResult` union and its connection; the
//! `suggest` query and its `Suggestion`s.
//!
//! The resolver checks the arguments, brings the index up to date (one read when it is), and
//! reads a page of ranked results with `crate::search`; the companies, people and agreements
//! found are made into one batch per kind.

use std::sync::Arc;

use async_graphql::{Context, Object, Union};

use super::connection::{Loaded, PageArgs, connection};
use super::ids::encode_cursor;
use super::localized::{Label, label, localizer, writer};
use super::{Agreement, Company, Person, db};
use crate::db::companies::CompanyRow;
use crate::db::page::Key;
use crate::db::search::Position;
use crate::error::{AppError, AppResult};
use crate::model::{COUNTRY_LABEL_PREFIX, EntityKind, Vocabulary, label_id};
use crate::search::query::MAX_QUERY_CHARS;
use crate::search::{
    self, DEFAULT_SUGGESTIONS, Entity, MOST_SUGGESTIONS, MatchQuery, SearchRequest, Suggested,
};

/// Something a search found: a company, a person or an agreement.
#[derive(Union, Clone)]
pub enum SearchResult {
    /// A company.
    Company(Company),
    /// A person.
    Person(Person),
    /// An agreement.
    Agreement(Agreement),
}

connection!(
    SearchResultConnection,
    SearchResultEdge,
    SearchResult,
    "search results",
    /// How well the result matches (BM25; a match in the name counts most, then labels, then
    /// summaries). Higher is better; results come in order of decreasing relevance. Comparable
    /// only within one search.
    relevance: f64,
    {
        /// How many results the search has, across all pages: exact up to 5,000. When more
        /// documents match, a search ranks the newest 5,000 of them (the most recently created
        /// entities), this is 5,000 and `totalCountIsExact` is false.
        pub total_count: i64,
        /// Whether `totalCount` is every match: false when more match than a search ranks
        /// (5,000), so that `totalCount` is a lower bound. A narrower query then finds the rest.
        pub total_count_is_exact: bool,
    }
);

/// The entities of a page of results as one batch per kind, in the order found.
fn results(entities: Vec<Entity>) -> Vec<SearchResult> {
    let (mut companies, mut people, mut agreements) = (Vec::new(), Vec::new(), Vec::new());
    for entity in &entities {
        match entity {
            Entity::Company(row) => companies.push(row.clone()),
            Entity::Person(row) => people.push(row.clone()),
            Entity::Agreement(row) => agreements.push(row.clone()),
        }
    }
    let mut companies = Company::batch(companies).into_iter();
    let mut people = Person::batch(people).into_iter();
    let mut agreements = Agreement::batch(agreements).into_iter();
    entities
        .iter()
        .filter_map(|entity| match entity {
            Entity::Company(_) => companies.next().map(SearchResult::Company),
            Entity::Person(_) => people.next().map(SearchResult::Person),
            Entity::Agreement(_) => agreements.next().map(SearchResult::Agreement),
        })
        .collect()
}

/// The cursor ordering of a search: the search's words, so a cursor only continues the search
/// it came from.
fn ordering(query: &MatchQuery) -> String {
    format!("SEARCH {}", query.normalized())
}

fn cursor(ordering: &str, position: Position) -> String {
    // `{:e}` is the shortest text that parses back to the same f64, so the keyset is exact.
    let key = Key {
        sort: format!("{:e}", position.score),
        id: position.rowid,
    };
    encode_cursor(ordering, &key)
}

fn position(key: &Key) -> Result<Position, AppError> {
    key.sort
        .parse::<f64>()
        .ok()
        .filter(|score| score.is_finite())
        .map(|score| Position {
            score,
            rowid: key.id,
        })
        .ok_or_else(|| AppError::bad_input("after", "is not a valid cursor"))
}

/// One suggestion of `suggest` (described on its `#[Object]` impl).
#[derive(Clone)]
pub struct Suggestion {
    node: SearchResult,
    connections: i64,
}

/// A completion for a search box: a company, person or agreement whose name or title begins
/// with what the user typed, with what a dropdown shows of it.
#[Object]
impl Suggestion {
    /// The company, person or agreement itself: select more of it with `... on Company { }`.
    async fn node(&self) -> &SearchResult {
        &self.node
    }

    /// What kind of record it is.
    async fn kind(&self) -> EntityKind {
        match &self.node {
            SearchResult::Company(_) => EntityKind::Company,
            SearchResult::Person(_) => EntityKind::Person,
            SearchResult::Agreement(_) => EntityKind::Agreement,
        }
    }

    /// What the dropdown shows: a company's or person's name, an agreement's title in the
    /// locale.
    async fn text(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A BCP 47 language tag such as `de` or `en-GB`; without it the request's \
                          Accept-Language header decides, else English."
        )]
        locale: Option<String>,
    ) -> async_graphql::Result<String> {
        Ok(match &self.node {
            SearchResult::Company(company) => company.row().name.clone(),
            SearchResult::Person(person) => person.row().name.clone(),
            SearchResult::Agreement(agreement) => agreement.title(ctx, locale).await?,
        })
    }

    /// A company's kind, labelled in the locale; null for a person or an agreement.
    async fn company_kind(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A BCP 47 language tag such as `de` or `en-GB`; without it the request's \
                          Accept-Language header decides, else English."
        )]
        locale: Option<String>,
    ) -> async_graphql::Result<Option<Label>> {
        Ok(self.company_label(ctx, locale, |row| {
            Some((
                Vocabulary::CompanyKind,
                row.kind.as_str().to_owned(),
                row.kind.label_id(),
            ))
        })?)
    }

    /// A company's country, labelled in the locale; null for a person, an agreement, or a
    /// company whose country is not known.
    async fn country(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A BCP 47 language tag such as `de` or `en-GB`; without it the request's \
                          Accept-Language header decides, else English."
        )]
        locale: Option<String>,
    ) -> async_graphql::Result<Option<Label>> {
        Ok(self.company_label(ctx, locale, |row| {
            let code = row.country.clone()?;
            let id = label_id(COUNTRY_LABEL_PREFIX, &code);
            Some((Vocabulary::Country, code, id))
        })?)
    }

    /// How connected it is, which orders the suggestions: the agreements a company is party
    /// to, the roles a person holds, the parties of an agreement.
    async fn connections(&self) -> i32 {
        i32::try_from(self.connections).unwrap_or(i32::MAX)
    }
}

impl Suggestion {
    /// The label `value_of` picks from a company's row (its vocabulary, value and message id),
    /// in the locale; null for a person or an agreement, or when it picks none.
    fn company_label(
        &self,
        ctx: &Context<'_>,
        locale: Option<String>,
        value_of: impl FnOnce(&CompanyRow) -> Option<(Vocabulary, String, String)>,
    ) -> AppResult<Option<Label>> {
        let SearchResult::Company(company) = &self.node else {
            return Ok(None);
        };
        let Some((vocabulary, value, id)) = value_of(company.row()) else {
            return Ok(None);
        };
        let writer = writer(ctx, locale.as_deref())?;
        label(&writer, vocabulary, value, &id).map(Some)
    }
}

/// The suggestions found, each made into its GraphQL object, one batch per kind.
fn suggestions(found: Vec<Suggested>) -> Vec<Suggestion> {
    let weights: Vec<i64> = found.iter().map(|s| s.weight).collect();
    results(found.into_iter().map(|s| s.entity).collect())
        .into_iter()
        .zip(weights)
        .map(|(node, connections)| Suggestion { node, connections })
        .collect()
}

/// Full-text search.
#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Companies, people and agreements whose name, labels or summary (in any locale) contain
    /// every word of `query`, most relevant first. Words match ignoring case and accents, German
    /// umlauts and ß either way ("Mueller", "Müller" and "Muller" find "Müller"; "Strasse" finds
    /// "Straße"), and as prefixes ("Alib" finds "Alibaba"). The query is plain text: quotes,
    /// `*`, `-`, `OR` and the like are not operators. A query with no letter or digit, or longer
    /// than 200 characters, is `BAD_USER_INPUT`. A search ranks at most 5,000 matches: when
    /// more documents match, the newest 5,000 (see `totalCountIsExact`).
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The words to look for (at most 200 characters).")] query: String,
        #[graphql(desc = "Return at most this many results (0 to 100; default 20).")] first: Option<
            i32,
        >,
        #[graphql(
            desc = "Start after the result with this cursor, which must come from the same search."
        )]
        after: Option<String>,
    ) -> async_graphql::Result<SearchResultConnection> {
        let query = MatchQuery::parse(&query)?;
        let ordering = ordering(&query);
        let page = PageArgs::new(first, after, None, None).request(&ordering)?;
        let after = page.after.as_ref().map(position).transpose()?;
        let request = SearchRequest {
            query,
            limit: page.limit,
            after,
        };

        let db = db(ctx)?;
        search::current_for_search(db, Arc::clone(localizer(ctx)?)).await?;
        let found = db.read(move |conn| search::search(conn, &request)).await?;

        let (positions, entities): (Vec<_>, Vec<_>) = found
            .hits
            .into_iter()
            .map(|hit| (hit.position, hit.entity))
            .unzip();
        let items = positions
            .into_iter()
            .zip(results(entities))
            .map(|(position, node)| (cursor(&ordering, position), (node, -position.score)))
            .collect();
        let page = Loaded::new(items, found.has_next, found.has_previous, found.total);
        Ok(SearchResultConnection {
            nodes: page
                .items
                .iter()
                .map(|(_, (node, _))| node.clone())
                .collect(),
            edges: page
                .items
                .into_iter()
                .map(|(cursor, (node, relevance))| SearchResultEdge {
                    cursor,
                    node,
                    relevance,
                })
                .collect(),
            page_info: page.page_info,
            total_count: page.total_count,
            total_count_is_exact: found.total_is_exact,
        })
    }

    /// Completions for a search box, as a user types: the companies, people and agreements
    /// whose name (an agreement: its title in any locale) begins with the words of `query`,
    /// folded as `search` folds them ("mue", "Mü" and "mu" all find "Müller"; "Mueller Bü"
    /// finds "Müller Bühne 1345"), the most connected first (a company by its agreements, a
    /// person by roles, an agreement by parties). Input with no letter or digit yet suggests
    /// nothing; a query longer than 200 characters, `first` outside 1 to 50 or an empty
    /// `kinds` is `BAD_USER_INPUT`.
    async fn suggest(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What the user has typed so far (at most 200 characters).")] query: String,
        #[graphql(desc = "Only these kinds of record; all three when not given.")] kinds: Option<
            Vec<EntityKind>,
        >,
        #[graphql(
            desc = "Return at most this many suggestions (1 to 50).",
            default_with = "Some(crate::search::DEFAULT_SUGGESTIONS as i32)"
        )]
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<Suggestion>> {
        // An explicit null asks for the default.
        let first = first.unwrap_or(DEFAULT_SUGGESTIONS as i32);
        let most = usize::try_from(first)
            .ok()
            .filter(|n| (1..=MOST_SUGGESTIONS).contains(n))
            .ok_or_else(|| {
                AppError::bad_input("first", format!("must be 1 to {MOST_SUGGESTIONS}"))
            })?;
        let kinds = kinds.unwrap_or_else(|| EntityKind::ALL.to_vec());
        if kinds.is_empty() {
            return Err(
                AppError::bad_input("kinds", "names no kind: leave it out for every kind").into(),
            );
        }
        let typed = match MatchQuery::parse(&query) {
            Ok(typed) => typed,
            // Nothing to complete yet: a box with a space or a dash in it suggests nothing.
            Err(AppError::BadInput { .. }) if query.chars().count() <= MAX_QUERY_CHARS => {
                return Ok(Vec::new());
            }
            Err(error) => return Err(error.into()),
        };
        let db = db(ctx)?;
        search::current_for_search(db, Arc::clone(localizer(ctx)?)).await?;
        let found = db
            .read(move |conn| search::suggest(conn, &typed, &kinds, most))
            .await?;
        Ok(suggestions(found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_the_exact_score() {
        let query = MatchQuery::parse("Alibaba Pictures").unwrap();
        for score in [-2.0 / 3.0 * 1e-6, -12.5, -0.1 - 0.2, -f64::MIN_POSITIVE] {
            let at = Position { score, rowid: 42 };
            let encoded = cursor(&ordering(&query), at);
            let key = crate::graphql::ids::decode_cursor(&encoded, &ordering(&query), "after")
                .expect("the cursor decodes");
            assert_eq!(position(&key).ok(), Some(at));
        }
    }

    #[test]
    fn a_cursor_of_another_search_is_bad_input() {
        let a = MatchQuery::parse("Alibaba").unwrap();
        let b = MatchQuery::parse("Jack").unwrap();
        let encoded = cursor(
            &ordering(&a),
            Position {
                score: -1.0,
                rowid: 5,
            },
        );
        let err = crate::graphql::ids::decode_cursor(&encoded, &ordering(&b), "after")
            .expect_err("another search's cursor is refused");
        assert_eq!(err.code(), "BAD_USER_INPUT");
        assert!(
            position(&Key {
                sort: "NaN".into(),
                id: 1
            })
            .is_err()
        );
    }
}
