//! The domain vocabulary shared by storage, the seed loader and the API: every closed set of
//! values (company kinds, scopes, role titles, …), the `PartialDate` value type, and the
//! validated input texts ([`Slug`], [`CountryCode`], [`Name`]) that write functions take.
//!
//! Each vocabulary is one enum whose SCREAMING_SNAKE_CASE name is at once its GraphQL enum
//! value, its database text and its seed-file spelling, so the three can never disagree.
//!
//! One file per idea, every item re-exported here, so that each is named `crate::model::…`:
//! `vocabulary` (the vocabulary enums, their labels, the country codes), `date`
//! ([`PartialDate`]), `text` (the validated texts and [`fold`]), `instant` ([`Instant`]),
//! `entity` ([`EntityKind`], [`ChangeEntity`], [`Operation`]) and `identifier` (a name's match
//! key [`name_key`], language codes, the rules and links of external identifiers).

mod date;
mod entity;
mod identifier;
mod instant;
mod text;
mod vocabulary;

pub use date::*;
pub use entity::*;
pub use identifier::*;
pub use instant::*;
pub use text::*;
pub use vocabulary::*;
