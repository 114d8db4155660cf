//! Summaries and titles: what the prose about an entity says, and saying it.
//!
//! - [`facts`]: the fact types, the contract between storage and prose;
//! - [`read`]: reading the facts of many entities at once through the storage layer's batched
//!   readers, so a page of summaries costs a fixed number of statements;
//! - [`write`](mod@write): the [`Writer`], pure functions from facts and a locale to text through the
//!   Fluent messages of `crate::l10n`, and [`LIST_CAP`], how long a list in a summary may grow;
//! - [`readable`]: what a reader would stumble on (a sentence too long, a list past the cap, a
//!   verb phrase said twice), the checks the tests run over every shape and generated data.
//!
//! Rust decides *what* to say (which facts exist, so which sentences a summary has); the `.ftl`
//! files decide *how* each language says it.

pub mod facts;
pub mod read;
pub mod readable;
pub mod write;

#[cfg(test)]
mod shapes;

pub use facts::{
    AgreementFacts, AgreementRef, ChainFacts, CompanyFacts, CompanyRef, HopFacts, PersonFacts,
};
pub use write::{LIST_CAP, ListCap, Writer};
