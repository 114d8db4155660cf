//! The API's integration tests: one binary, one module per area. Every test starts the real
//! server in-process on a free port over its own copy of a template database, migrated, seeded
//! and indexed once per run (see `helpers`).

mod helpers;
#[path = "../common/ws.rs"]
mod ws;
use dealgraph::generate as synthetic;

mod adversarial;
mod analyst;
mod cache;
mod chains;
mod conformance;
mod engines;
mod errors;
mod finding;
mod history;
mod http;
mod ids;
mod lifecycle;
mod limits;
mod live;
mod names;
mod nodes;
mod pagination;
mod postgres;
mod records;
mod replicas;
mod schema;
mod search;
mod seed_facts;
mod statements;
mod stats;
mod summaries;
mod transfer;
mod writes;
