//! What a response costs in SQL statements: every list, and every relation of every type read
//! under a page of parents, costs as many statements for a page of 100 as for a page of 1.
//!
//! One table drives it; each row names a case and its query, with `{n}` for the page size (and
//! `{company_ids}`, `{person_ids}`, `{agreement_ids}` for the ids of the first `n` of each list,
//! `{hit}` for the selection of a search result). Every case runs at both sizes over the seed
//! data plus a generated dataset, and all are reported together, so one run shows every
//! offender.
//!
//! A comparison only means something when both pages have data at every level of the
//! selection: a relation that is empty on the one item of the small page has nothing to load
//! there, and would cost nothing whether batched or not. So each case also checks its own
//! premise: at page size 1 every selected object occurs at least once, and at page size 100
//! everything under a list occurs more often than at page size 1. The lists some cases page
//! through are ordered so that their first item has the relation at hand.
//!
//! Two more tests hold the pages that are already read in a fixed number of statements (an
//! agreement page with everything its summary needs, a company page with summaries) to a small
//! number.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_synthetic, statement_count, statements};
use crate::synthetic::Sizes;

/// A page of generated companies, oldest first: the seed's companies, which lack much of what
/// the generated ones have, sort first by name.
const COMPANIES: &str = "companies(first: {n}, orderBy: { field: FOUNDED })";
/// A page of generated agreements, the oldest announced first (the seed's are recent).
const AGREEMENTS: &str = "agreements(first: {n}, orderBy: { field: ANNOUNCED })";
/// A page of people; the generated ones sort first by name.
const PEOPLE: &str = "people(first: {n})";
/// A page of companies that starts with one that has a parent (Youku, of the seed), whose
/// parent has a founder.
const COMPANIES_WITH_PARENTS: &str =
    "companies(first: {n}, orderBy: { field: NAME, direction: DESC })";
/// A page of companies by name, which starts with the seed's Alibaba Group, which has an alias
/// (of the generated companies, every third has one).
const COMPANIES_BY_NAME: &str = "companies(first: {n})";
/// A page of agreements that starts with the seed's partnership, which belongs to a programme
/// and whose first party belongs to a company with a founder.
const AGREEMENTS_IN_PROGRAMMES: &str = "agreements(first: {n})";

/// The selection of a search result: each type with its summary.
const HIT: &str = "__typename
    ... on Company { name summary(locale: \"de\") }
    ... on Person { name summary(locale: \"de\") }
    ... on Agreement { slug summary(locale: \"de\") }";

/// Every case: its name and its query.
const CASES: &[(&str, &str)] = &[
    // Root connections.
    (
        "companies",
        "{ companies(first: {n}) { totalCount pageInfo { hasNextPage endCursor }
            edges { cursor node { id slug name kind } } } }",
    ),
    (
        "people",
        "{ people(first: {n}) { totalCount pageInfo { hasNextPage endCursor }
            edges { cursor node { id slug name } } } }",
    ),
    (
        "agreements",
        "{ agreements(first: {n}) { totalCount pageInfo { hasNextPage endCursor }
            edges { cursor node { id slug kind status } } } }",
    ),
    (
        "search, the results alone",
        "{ search(query: \"Kooperationsvertrag\", first: {n}) { totalCount pageInfo { hasNextPage endCursor }
            edges { cursor relevance node { __typename } } } }",
    ),
    // Results of one type each: a page of several types would read each type's data once.
    (
        "search: agreements with summaries (Kooperationsvertrag)",
        "{ search(query: \"Kooperationsvertrag\", first: {n}) { edges { node { {hit} } } } }",
    ),
    (
        "search: companies with summaries (Übertragungsrechte)",
        "{ search(query: \"Übertragungsrechte\", first: {n}) { edges { node { {hit} } } } }",
    ),
    (
        "search: people with summaries (Sch)",
        "{ search(query: \"Sch\", first: {n}) { edges { node { {hit} } } } }",
    ),
    (
        "nodes: companies",
        "{ nodes(ids: {company_ids}) { __typename id ... on Company { slug name summary } } }",
    ),
    (
        "nodes: people",
        "{ nodes(ids: {person_ids}) { __typename id ... on Person { slug name summary } } }",
    ),
    (
        "nodes: agreements",
        "{ nodes(ids: {agreement_ids}) { __typename id ... on Agreement { slug title } } }",
    ),
    // Connections on each item of a page.
    (
        "companies → subsidiaries",
        "{ companies(first: {n}) { nodes { name subsidiaries(first: 5) {
            totalCount pageInfo { hasNextPage endCursor } nodes { name } } } } }",
    ),
    (
        "companies → subsidiaries(recursive)",
        "{ companies(first: {n}) { nodes { name subsidiaries(recursive: true, first: 5) {
            totalCount pageInfo { hasNextPage endCursor } nodes { name } } } } }",
    ),
    (
        "companies → agreements",
        "{ {companies} { nodes { name agreements(first: 5) {
            totalCount pageInfo { hasNextPage endCursor } nodes { slug } } } } }",
    ),
    (
        "companies → partners",
        "{ {companies} { nodes { name partners(first: 5) {
            totalCount pageInfo { hasNextPage endCursor } nodes { name } } } } }",
    ),
    // Company.
    (
        "company.founders",
        "{ {companies} { nodes { founders { name } } } }",
    ),
    (
        "company.parent",
        "{ {companies_with_parents} { nodes { parent { name } } } }",
    ),
    (
        "company.ancestors",
        "{ {companies_with_parents} { nodes { ancestors { name } } } }",
    ),
    (
        "company.executives",
        "{ {companies} { nodes { executives { title } } } }",
    ),
    (
        "company.roles",
        "{ {companies} { nodes { roles { title } } } }",
    ),
    (
        "company.competitors",
        "{ {companies} { nodes { competitors { name } } } }",
    ),
    (
        "company.businessAreas",
        "{ {companies} { nodes { businessAreas } } }",
    ),
    ("company.markets", "{ {companies} { nodes { markets } } }"),
    (
        "company.productions",
        "{ {companies} { nodes { productions } } }",
    ),
    (
        "company.aliases",
        "{ {companies_by_name} { nodes { aliases { name kind } } } }",
    ),
    (
        "company.externalIds",
        "{ {companies} { nodes { externalIds { scheme value url } } } }",
    ),
    (
        "company.events",
        "{ {companies} { nodes { events { kind record } } } }",
    ),
    (
        "company.marketPositions",
        "{ {companies} { nodes { marketPositions { kind } } } }",
    ),
    (
        "company.quotes",
        "{ {companies} { nodes { quotes { text } } } }",
    ),
    (
        "company.sources",
        "{ {companies} { nodes { sources { title } } } }",
    ),
    (
        "company.summary",
        "{ {companies} { nodes { summary(locale: \"de\") } } }",
    ),
    (
        "company.summaries",
        "{ {companies} { nodes { summaries { locale text } } } }",
    ),
    // Person.
    ("person.roles", "{ {people} { nodes { roles { title } } } }"),
    (
        "person.quotes",
        "{ {people} { nodes { quotes { text } } } }",
    ),
    (
        "person.sources",
        "{ {people} { nodes { sources { title } } } }",
    ),
    (
        "person.summary",
        "{ {people} { nodes { summary(locale: \"de\") } } }",
    ),
    (
        "person.summaries",
        "{ {people} { nodes { summaries { locale text } } } }",
    ),
    // Role.
    (
        "company.roles → person",
        "{ {companies} { nodes { roles { title person { name } } } } }",
    ),
    (
        "company.roles → company",
        "{ {companies} { nodes { roles { title company { name } } } } }",
    ),
    (
        "person.roles → person",
        "{ {people} { nodes { roles { title person { name } } } } }",
    ),
    (
        "person.roles → company",
        "{ {people} { nodes { roles { title company { name } } } } }",
    ),
    // Agreement.
    (
        "agreement.parties",
        "{ {agreements} { nodes { parties { role firstFromCountry } } } }",
    ),
    ("agreement.scopes", "{ {agreements} { nodes { scopes } } }"),
    (
        "agreement.initialFocus",
        "{ {agreements} { nodes { initialFocus } } }",
    ),
    (
        "agreement.markets",
        "{ {agreements} { nodes { markets } } }",
    ),
    (
        "agreement.partOf",
        "{ {agreements_in_programmes} { nodes { partOf { slug kind } } } }",
    ),
    (
        "agreement.components",
        "{ agreements(first: {n}, filter: { kind: PROGRAMME }) { nodes { components { slug kind } } } }",
    ),
    (
        "agreement.quotes",
        "{ {agreements} { nodes { quotes { text } } } }",
    ),
    (
        "agreement.sources",
        "{ {agreements} { nodes { sources { title } } } }",
    ),
    (
        "agreement.title",
        "{ {agreements} { nodes { title(locale: \"de\") } } }",
    ),
    (
        "agreement.titles",
        "{ {agreements} { nodes { titles { locale text } } } }",
    ),
    (
        "agreement.summary",
        "{ {agreements_in_programmes} { nodes { summary(locale: \"de\") } } }",
    ),
    (
        "agreement.summaries",
        "{ {agreements_in_programmes} { nodes { summaries { locale text } } } }",
    ),
    // Party.
    (
        "party.company",
        "{ {agreements} { nodes { parties { company { name } } } } }",
    ),
    (
        "party.company with its summary",
        "{ {agreements} { nodes { parties { company { name summary(locale: \"de\") } } } } }",
    ),
    // Quote.
    (
        "quote.speaker",
        "{ {agreements} { nodes { quotes { text speaker { name } } } } }",
    ),
    (
        "quote.company",
        "{ {agreements} { nodes { quotes { text company { name } } } } }",
    ),
    (
        "quote.companies",
        "{ {agreements} { nodes { quotes { text companies { name } } } } }",
    ),
    (
        "quote.agreement",
        "{ {agreements} { nodes { quotes { text agreement { slug } } } } }",
    ),
    (
        "quote.source",
        "{ {agreements} { nodes { quotes { text source { title } } } } }",
    ),
    // Event and MarketPosition.
    (
        "event.source",
        "{ {companies} { nodes { events { kind source { title } } } } }",
    ),
    (
        "marketPosition.reportedBy",
        "{ {companies} { nodes { marketPositions { kind reportedBy { name } } } } }",
    ),
    (
        "marketPosition.source",
        "{ {companies} { nodes { marketPositions { kind source { title } } } } }",
    ),
    // Two levels and more.
    (
        "companies → founders → roles → company → summary",
        "{ {companies} { nodes { name founders { name roles { title
            company { name summary(locale: \"de\") } } } } } }",
    ),
    (
        "agreements → parties → company → parent → founders",
        "{ {agreements_in_programmes} { nodes { slug parties { company { name
            parent { name founders { name } } } } } } }",
    ),
];

/// The page sizes compared.
const SMALL: usize = 1;
const LARGE: usize = 100;

/// One case's measurements.
struct Measured {
    name: &'static str,
    small: Option<u64>,
    large: Option<u64>,
    /// Errors in either response, and reasons the comparison would not mean anything.
    problems: Vec<String>,
}

impl Measured {
    fn grows(&self) -> bool {
        self.small != self.large
    }
}

#[tokio::test]
async fn every_list_and_relation_costs_the_same_statements_for_1_item_as_for_100() {
    let app = spawn_synthetic(Sizes {
        companies: 700,
        agreements: 700,
    })
    .await;
    // The search index is brought up to date in the background at start-up; a search waits
    // for it, which must not be counted against the first search case.
    app.graphql("{ search(query: \"Medien\") { totalCount } }", json!({}))
        .await;
    let ids = Ids::read(&app).await;

    let mut results = Vec::with_capacity(CASES.len());
    for &(name, template) in CASES {
        let query = |n: usize| ids.fill(template, n);
        // Only a second run is measured: a first one may read what the server keeps for later.
        app.graphql(&query(SMALL), json!({})).await;
        let small = app.graphql(&query(SMALL), json!({})).await;
        let large = app.graphql(&query(LARGE), json!({})).await;
        let mut problems = Vec::new();
        for (size, body) in [(SMALL, &small), (LARGE, &large)] {
            if let Some(errors) = body.get("errors") {
                problems.push(format!("errors at page size {size}: {errors}"));
            }
        }
        problems.extend(premise(&small["data"], &large["data"]));
        results.push(Measured {
            name,
            small: count(&small),
            large: count(&large),
            problems,
        });
    }

    let failed = results.iter().any(|m| m.grows() || !m.problems.is_empty());
    assert!(!failed, "{}", table(&results));
}

#[tokio::test]
async fn a_page_of_agreements_costs_the_same_few_statements_whatever_its_size() {
    let app = spawn_synthetic(Sizes {
        companies: 300,
        agreements: 400,
    })
    .await;
    let page = |n: usize| {
        format!(
            "{{ agreements(first: {n}) {{ totalCount nodes {{ slug scopes
                parties {{ role company {{ name country }} }}
                summary(locale: \"de\") title(locale: \"en\") }} }} }}"
        )
    };
    let counts = [
        statements(&app, &page(1)).await,
        statements(&app, &page(10)).await,
        statements(&app, &page(100)).await,
    ];
    assert_eq!(
        counts[0], counts[2],
        "statement counts by page size: {counts:?}"
    );
    assert_eq!(
        counts[1], counts[2],
        "statement counts by page size: {counts:?}"
    );
    assert!(counts[2] <= 12, "a page costs {} statements", counts[2]);
    // Through edges, too.
    let edges = statements(
        &app,
        "{ agreements(first: 100) { edges { node { slug parties { company { name } } summary } } } }",
    )
    .await;
    assert!(edges <= counts[2], "{edges} statements through edges");
    // Without related fields no related data is read.
    let plain = statements(&app, "{ agreements(first: 100) { nodes { slug kind } } }").await;
    assert!(plain < counts[2], "{plain} statements for plain fields");
}

#[tokio::test]
async fn a_page_of_companies_with_summaries_costs_the_same_few_statements_whatever_its_size() {
    let app = spawn_synthetic(Sizes {
        companies: 300,
        agreements: 100,
    })
    .await;
    let page = |n: usize| {
        format!(
            "{{ companies(first: {n}) {{ nodes {{ name summary(locale: \"de\") summaries {{ text }} }} }} }}"
        )
    };
    let small = statements(&app, &page(2)).await;
    let large = statements(&app, &page(100)).await;
    assert_eq!(small, large, "statement counts for 2 and 100 companies");
    assert!(large <= 10, "a page costs {large} statements");
}

/// The statement count of a response, if it reports one.
fn count(body: &Value) -> Option<u64> {
    body.pointer("/extensions/sqlStatements")
        .is_some()
        .then(|| statement_count(body))
}

/// The ids of the first `LARGE` items of each list, for `nodes(ids:)`.
struct Ids {
    companies: Vec<Value>,
    people: Vec<Value>,
    agreements: Vec<Value>,
}

impl Ids {
    async fn read(app: &TestApp) -> Self {
        let query = format!(
            "{{ {} {{ nodes {{ id }} }} {} {{ nodes {{ id }} }} {} {{ nodes {{ id }} }} }}",
            COMPANIES, PEOPLE, AGREEMENTS
        )
        .replace("{n}", &LARGE.to_string());
        let data = app.data(&query, json!({})).await;
        let ids = |list: &str| -> Vec<Value> {
            let nodes = data[list]["nodes"].as_array().expect("a list of nodes");
            assert_eq!(nodes.len(), LARGE, "{list} has fewer than {LARGE} items");
            nodes.iter().map(|n| n["id"].clone()).collect()
        };
        Self {
            companies: ids("companies"),
            people: ids("people"),
            agreements: ids("agreements"),
        }
    }

    /// `template` with its placeholders filled in for page size `n`.
    fn fill(&self, template: &str, n: usize) -> String {
        let first = |ids: &[Value]| Value::from(&ids[..n]).to_string();
        template
            .replace("{companies}", COMPANIES)
            .replace("{companies_with_parents}", COMPANIES_WITH_PARENTS)
            .replace("{companies_by_name}", COMPANIES_BY_NAME)
            .replace("{agreements_in_programmes}", AGREEMENTS_IN_PROGRAMMES)
            .replace("{people}", PEOPLE)
            .replace("{agreements}", AGREEMENTS)
            .replace("{hit}", HIT)
            .replace("{company_ids}", &first(&self.companies))
            .replace("{person_ids}", &first(&self.people))
            .replace("{agreement_ids}", &first(&self.agreements))
            .replace("{n}", &n.to_string())
    }
}

/// What is known about the values at one path of a response (object keys joined by dots, list
/// positions left out).
#[derive(Default)]
struct PathStats {
    /// How many values other than null are there (each item of a list counts).
    count: usize,
    /// Whether any of them is an object, which a relation must load.
    object: bool,
    /// Whether the path lies inside a list, so that it can occur once per item of the page.
    in_list: bool,
    /// The values of `__typename` fields.
    typenames: BTreeSet<String>,
}

/// Adds what `value`, found at `path`, holds to `stats`.
fn walk(value: &Value, path: &str, in_list: bool, stats: &mut BTreeMap<String, PathStats>) {
    if let Value::Array(items) = value {
        // An empty list still shows that the field was selected.
        stats.entry(path.to_owned()).or_default().in_list = true;
        for item in items {
            walk(item, path, true, stats);
        }
        return;
    }
    let entry = stats.entry(path.to_owned()).or_default();
    entry.in_list |= in_list;
    if value.is_null() {
        return;
    }
    entry.count += 1;
    match value {
        Value::Object(fields) => {
            entry.object = true;
            for (key, field) in fields {
                walk(field, &format!("{path}.{key}"), in_list, stats);
            }
        }
        Value::String(text) if path.ends_with(".__typename") => {
            entry.typenames.insert(text.clone());
        }
        _ => {}
    }
}

/// Why comparing the two responses' statement counts would not mean anything, if it would not.
fn premise(small: &Value, large: &Value) -> Vec<String> {
    let (mut at_small, mut at_large) = (BTreeMap::new(), BTreeMap::new());
    walk(small, "", false, &mut at_small);
    walk(large, "", false, &mut at_large);
    let none = PathStats::default();
    let mut problems = Vec::new();
    for (path, large) in &at_large {
        let small = at_small.get(path).unwrap_or(&none);
        if large.count == 0 {
            problems.push(format!("no data at {path}"));
            continue;
        }
        if (large.object || small.object) && small.count == 0 {
            problems.push(format!("nothing at {path} at page size {SMALL}"));
        }
        if large.in_list && large.count <= small.count {
            problems.push(format!(
                "no more at {path} at page size {LARGE} ({}) than at {SMALL} ({})",
                large.count, small.count
            ));
        }
        // Results of several types cost a statement or more per type, which one result
        // cannot have.
        let more_types: Vec<&String> = large.typenames.difference(&small.typenames).collect();
        if !more_types.is_empty() {
            problems.push(format!(
                "{path} has {more_types:?} at page size {LARGE} but not at {SMALL}"
            ));
        }
    }
    problems
}

/// Every case with its two counts, the offenders marked.
fn table(results: &[Measured]) -> String {
    let show = |count: Option<u64>| count.map_or_else(|| "-".to_owned(), |c| c.to_string());
    let width = results
        .iter()
        .map(|m| m.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "SQL statements per response at page sizes {SMALL} and {LARGE}; they must be equal:\n\n\
         {:width$}  {:>6}  {:>6}\n",
        "case", "at 1", "at 100"
    );
    for m in results {
        let mark = if m.grows() { "  ✗ grows" } else { "" };
        let _ = writeln!(
            out,
            "{:width$}  {:>6}  {:>6}{mark}",
            m.name,
            show(m.small),
            show(m.large)
        );
        for problem in &m.problems {
            let _ = writeln!(out, "{:width$}    ! {problem}", "");
        }
    }
    let grows = results.iter().filter(|m| m.grows()).count();
    let doubtful = results.iter().filter(|m| !m.problems.is_empty()).count();
    let _ = write!(
        out,
        "\n{grows} of {} cases cost more at page size {LARGE}; {doubtful} have problems (!).",
        results.len()
    );
    out
}
