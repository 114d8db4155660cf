//! dealgraph: a GraphQL API over companies, people and the agreements between them in the
//! media, entertainment and sports-media industry.
//!
//! # Layout
//! - [`config`]: command-line flags and environment variables.
//! - [`app`]: builds the router and runs the server.
//! - [`http`]: `/graphql` per the GraphQL-over-HTTP specification, the playground, health.
//! - [`graphql`]: the schema: object types, `Query`, connections, ids.
//! - [`db`]: SQLite connections, migrations, the seed dataset and the repository functions.
//! - [`model`]: the domain vocabulary (kinds, scopes, titles) and partial dates.
//! - [`error`]: the one error type and its `extensions.code`.
//!
//! A request flows one way: HTTP → GraphQL resolvers → repository functions → SQLite.

pub mod app;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod http;
pub mod l10n;
pub mod model;
