//! dealgraph: a GraphQL API over companies, people and the agreements between them in the
//! media, entertainment and sports-media industry, with summaries in German and English.
//!
//! # Layout
//! Each layer depends only on the layers below it; the data flows one way.
//!
//! ```text
//! app, http, cli     the server, the router, GraphQL over HTTP and WebSocket; the commands
//!   -> graphql       the schema: types, thin resolvers, connections, loading related data,
//!                    mutations, the subscription
//!     -> write, auth one transaction per change with its history; API keys
//!     -> summary     facts, batched fact readers, the writer (facts -> text)
//!        search      folding, documents, keeping the index current, the search read
//!       -> db        storage: SQLite, migrations, seed, repository functions (SQL only)
//!          l10n      Fluent bundles, ICU formatting, locale negotiation (no storage)
//!         -> model, error   vocabulary, partial dates, entity kinds; the one error type
//! ```
//!
//! - [`config`]: command-line flags and environment variables.
//! - [`app`]: opens the database and the translations, binds the listener, shuts down.
//! - [`http`]: the router, its layers, state and [`http::Settings`]; `/graphql`
//!   ([`http::graphql`]), `/graphql/ws` ([`http::ws`]), the playground, `/healthz`, `/readyz`
//!   (the database answers and the search index is built) and `/metrics`; the response cache
//!   that answers an identical query again until the next write ([`http::cache`]); the limits
//!   on request heads and the per-client rate limit ([`http::rate`]); the playground's page
//!   and assets ([`http::playground`]).
//! - [`cli`]: `dealgraph token`, `import` and `export`.
//! - [`graphql`]: object types, `Query`, `Mutation`, `Subscription`, connections, ids, the
//!   loader of related data; fragment cycles ([`graphql::cycles`]), the document limits
//!   ([`graphql::limits`]) and the cost of an operation ([`graphql::cost`]), checked before
//!   anything runs; where async-graphql
//!   departs from the specification, put right ([`graphql::conformance`]); the one
//!   extension that drives them for every request ([`graphql::hooks`]); the history
//!   ([`graphql::history`]), with the `version` and `history` fields every record type shares
//!   and its `Versioned` interface.
//! - [`write`](mod@write): creating, changing and deleting records, each in one transaction with its
//!   history; [`auth`]: API keys.
//! - [`summary`]: what summaries and titles say ([`summary::facts`], [`summary::read`]) and
//!   saying it ([`summary::Writer`]).
//! - [`search`]: the full-text index and the search read.
//! - [`db`]: connections, migrations, the record files ([`db::files`]) and the seed, import and
//!   export of them, the history, one repository file per domain, each declaring its kinds of
//!   record once (a record struct generic in how it names others, its plain fields and its row
//!   from the `columns!` and `row!` macros of `db::fields`; reads, and the
//!   [`db::record::Record`] writes that hold the rules the data must obey; global ids made of
//!   permanent keys, former slugs); beside them, reading rows ([`db::rows`]), counting statements ([`db::count`]), the progress of a search index
//!   rebuild ([`db::rebuild`]) and backups ([`db::backup`]).
//! - [`l10n`]: locales, Fluent bundles, ICU4X dates, lists and numbers.
//! - [`model`]: the domain vocabulary, partial dates, entity kinds, folding of names, the
//!   validated input texts (slugs, country codes, names), instants, and the rules of aliases
//!   and external identifiers, one file each, every item named `model::…`.
//! - [`error`]: the one error type and its `extensions.code`.
//! - [`generate`]: the deterministic synthetic dataset of `dealgraph generate`, which the
//!   tests and the benchmark use too.
//! - [`metrics`]: the server's counters, histograms and process metrics, and their Prometheus
//!   exposition at `/metrics`.
//!
//! `db` imports nothing of `l10n`, `l10n` nothing of `db`, and `graphql` holds no SQL.
//!
//! # One request, from socket to SQL to Fluent and back
//! `POST /graphql` with `{ agreements(first: 20) { nodes { slug summary(locale: "de") } } }`:
//!
//! 1. axum routes it through the layers of [`http::router`] (request id, trace, head limits,
//!    timeout, CORS, body limit, rate limit, load shedding) to [`http::graphql::post`], which
//!    checks the media types, parses the JSON and the document once, and refuses a mutation
//!    over GET. A query is first looked up in the response cache ([`http::cache`]), keyed on
//!    the document, variables, operation, locale and media type and kept only for the
//!    database's current data version: a hit is answered from memory (`x-cache: hit`) and
//!    skips every step below. Otherwise the request, with its `Accept-Language` locale, goes
//!    to `Schema::execute`, and the answer is kept for the next identical query.
//! 2. [`graphql::hooks`] has [`graphql::cycles`] refuse a fragment cycle and
//!    [`graphql::limits`] check the document's size and cost against the limits, then
//!    async-graphql validates it and calls `AgreementQuery::agreements`
//!    ([`graphql::agreement`]), which turns `filter` and `orderBy` into
//!    [`db::agreements::Filter`] and [`db::agreements::Sort`], and
//!    [`graphql::connection::load_with`] reads the page on the blocking pool ([`db::Db::read`]),
//!    with the parties when they are selected:
//!    [`db::page::List::page`] runs one keyset `SELECT` (and `count(*)` only when `totalCount`
//!    is selected). The rows become one batch of [`graphql::Agreement`] objects.
//! 3. For each node, `slug` is read from its row. The first node's `summary` calls
//!    `Agreement::facts`, whose [`graphql::loader::Lazy`] reads the facts of the whole batch
//!    in one blocking read: [`summary::read::agreements`] calls the batched readers
//!    [`db::agreements::party_names_of`], `components_of`, `scopes_of`, `markets_of` and
//!    [`db::agreements::by_ids`] (a fixed number of `IN rarray(?)` statements, whose rows are
//!    read column by column with [`db::rows::Columns`]) and resolves the rows into
//!    [`summary::AgreementFacts`]. The other nineteen nodes find them loaded.
//! 4. [`summary::Writer::agreement`] chooses the sentences, formats dates and lists with ICU4X
//!    ([`l10n::Formatters`]) and has [`l10n::Localizer::format`] render the Fluent messages of
//!    `locales/de/agreement.ftl`.
//! 5. The response goes back through [`http::graphql`], which gives every error its
//!    `extensions.code`, sets the status, `Content-Type`, `Content-Language` and `Vary`.

// Unsafe code only where a C interface needs it: the FTS5 rank function (`db::rank`).
#![deny(unsafe_code)]
// Whether a GraphQL object is `Send` is proved through the batches it shares with its related
// objects (an agreement's batch holds companies, whose batch holds agreements): a proof deeper
// than the default limit of 128 steps, which depends on the order the compiler takes them in.
#![recursion_limit = "256"]

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod generate;
pub mod graphql;
pub mod http;
pub mod l10n;
pub mod metrics;
pub mod model;
pub mod search;
pub mod summary;
pub mod write;
