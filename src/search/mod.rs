//! Full-text search over companies, people and agreements, on the SQLite FTS5 index that
//! `crate::db::search` stores.
//!
//! - [`query`]: folding and query parsing. The tokenizer (`unicode61 remove_diacritics 2`)
//!   turns "ü" into "u", but never into "ue", nor "ß" into "ss". So every word is stored folded
//!   the German way ("Müller" → "mueller", "Straße" → "strasse") and, where that differs, also
//!   with bare vowels ("muller"); a query is folded the German way only. "Mueller", "Müller"
//!   and "Muller" then all find "Müller". A query is text, never FTS5 syntax: it is split into
//!   words of letters and digits, each matched as a prefix (as the words of the index it
//!   begins, or a quoted prefix term `"alib"*`), all of which must match.
//! - [`document`]: what the index holds about each entity (names and titles, labels, summaries
//!   in every locale).
//! - [`index`]: keeping the index current, incrementally or by a rebuild when the translations
//!   changed.
//! - [`read`]: answering a search.
//! - [`suggest`](mod@suggest): completing names and titles as a user types, the most connected first.

pub mod document;
pub mod index;
pub mod query;
pub mod read;
pub mod suggest;

pub use index::{Update, current_for_search, ensure_current};
pub use query::MatchQuery;
pub use read::{Entity, Hit, SearchPage, SearchRequest, search};
pub use suggest::{DEFAULT_SUGGESTIONS, MOST_SUGGESTIONS, Suggested, suggest};
