//! Localisation: which locales dealgraph speaks, how a request picks one, and
//! how natural-language text is rendered in it.
//!
//! This module owns
//! - the closed set of supported locales ([`Locale`]),
//! - locale negotiation from a GraphQL argument or an `Accept-Language`
//!   header ([`negotiate`](mod@negotiate)),
//! - locale-aware formatting of dates, lists and integers with ICU4X
//!   ([`format`](mod@format)), because Fluent has no date formatting and does not group
//!   digits per locale,
//! - the Fluent bundles built once from the `.ftl` files embedded from
//!   `locales/<tag>/`, and the de/en parity check over them ([`bundles`](mod@bundles)).
//!
//! Everything here is built once at start-up and is `Send + Sync`, so a single
//! [`Localizer`] can be shared in an `Arc` by all requests. It knows nothing of storage or of
//! the entities: what a summary says is decided in `crate::summary`.

pub mod bundles;
pub mod format;
pub mod negotiate;

use std::fmt;

use unic_langid::LanguageIdentifier;

pub use bundles::{Localizer, check_parity, check_parity_of, files, message_ids};
pub use fluent_bundle::{FluentArgs, FluentValue};
pub use format::{DatePrecision, FormattedDate, Formatters};
pub use negotiate::{LocaleError, from_accept_language, from_argument};

/// A locale dealgraph has translations for.
///
/// The set is closed on purpose: every variant must have a complete set of
/// `.ftl` files, which the parity check enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    /// German.
    De,
    /// English.
    En,
}

impl Locale {
    /// Every supported locale, in a fixed order.
    pub const ALL: [Locale; 2] = [Locale::De, Locale::En];

    /// The locale used when nothing the client asked for is available.
    pub const DEFAULT: Locale = Locale::En;

    /// The BCP 47 tag, which is also the name of the locale's folder under
    /// `locales/`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::De => "de",
            Locale::En => "en",
        }
    }

    /// The tag as a parsed language identifier, as Fluent and
    /// fluent-langneg want it.
    pub fn langid(self) -> LanguageIdentifier {
        // The tags are compile-time constants; the unit tests parse all of them.
        self.tag()
            .parse()
            .expect("Locale::tag() returns a well-formed language tag")
    }

    /// Position in [`Locale::ALL`], used to index per-locale tables.
    pub(crate) fn index(self) -> usize {
        match self {
            Locale::De => 0,
            Locale::En => 1,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// Errors from building or using the localisation resources.
///
/// Every variant names the locale and, where there is one, the file and the
/// message id, so a broken translation can be found from the log line alone.
#[derive(Debug, thiserror::Error)]
pub enum L10nError {
    /// No `.ftl` file is embedded for a supported locale.
    #[error("no .ftl files embedded for locale {locale}")]
    NoFiles {
        /// The locale without files.
        locale: Locale,
    },

    /// An embedded `.ftl` file is not UTF-8.
    #[error("{locale}/{file}: not valid UTF-8")]
    NotUtf8 {
        /// The locale folder.
        locale: Locale,
        /// The file name inside the locale folder.
        file: String,
    },

    /// An embedded `.ftl` file has syntax errors.
    #[error("{locale}/{file}: Fluent syntax error: {details}")]
    Parse {
        /// The locale folder.
        locale: Locale,
        /// The file name inside the locale folder.
        file: String,
        /// Every syntax error, with line numbers.
        details: String,
    },

    /// A message or term id is defined twice within one locale.
    #[error("{locale}/{file}: duplicate {kind} id \"{id}\"")]
    Duplicate {
        /// The locale folder.
        locale: Locale,
        /// The file whose entry collided with an earlier one.
        file: String,
        /// "message", "term" or "function".
        kind: String,
        /// The duplicated id.
        id: String,
    },

    /// Fluent refused a resource for a reason other than a duplicate.
    #[error("{locale}/{file}: {details}")]
    Bundle {
        /// The locale folder.
        locale: Locale,
        /// The file name inside the locale folder.
        file: String,
        /// Fluent's description of the problem.
        details: String,
    },

    /// A message id that no file of the locale defines.
    #[error("{locale}: no message \"{id}\"")]
    MissingMessage {
        /// The locale asked for.
        locale: Locale,
        /// The message id asked for.
        id: String,
    },

    /// A message that only has attributes was asked for its value.
    #[error("{locale}: message \"{id}\" has no value")]
    NoValue {
        /// The locale asked for.
        locale: Locale,
        /// The message id asked for.
        id: String,
    },

    /// Resolving a message failed (unknown variable, term, message or
    /// function); the partial text is discarded so it never reaches a client.
    #[error("{locale}: message \"{id}\" failed to format: {details}")]
    Resolve {
        /// The locale asked for.
        locale: Locale,
        /// The message id (with `.attribute` when an attribute was formatted).
        id: String,
        /// Every resolver error, joined.
        details: String,
    },

    /// ICU4X had no data for a formatter; with compiled data this means the
    /// build is broken, not the input.
    #[error("{locale}: cannot build the ICU4X {formatter} formatter: {details}")]
    IcuData {
        /// The locale the formatter was built for.
        locale: Locale,
        /// Which formatter.
        formatter: &'static str,
        /// ICU4X's description of the problem.
        details: String,
    },

    /// A partial date that does not exist in the Gregorian calendar, or that
    /// has a day without a month.
    #[error("invalid date {year}-{}-{}: {details}", date_part(*month), date_part(*day))]
    InvalidDate {
        /// The year given.
        year: i32,
        /// The month given, if any.
        month: Option<u8>,
        /// The day given, if any.
        day: Option<u8>,
        /// Why it was rejected.
        details: String,
    },
}

impl From<L10nError> for crate::error::AppError {
    fn from(error: L10nError) -> Self {
        Self::Internal(format!("localisation: {error}"))
    }
}

/// A month or day for error messages: the number, or "?" when unknown.
fn date_part(part: Option<u8>) -> String {
    part.map_or_else(|| "?".to_owned(), |n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_and_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(locale.langid().to_string(), locale.tag());
            assert_eq!(locale.to_string(), locale.tag());
            assert_eq!(Locale::ALL[locale.index()], locale);
        }
    }

    #[test]
    fn invalid_date_message_is_readable() {
        let err = L10nError::InvalidDate {
            year: 2023,
            month: Some(2),
            day: None,
            details: "why".to_owned(),
        };
        assert_eq!(err.to_string(), "invalid date 2023-2-?: why");
    }

    #[test]
    fn default_is_english() {
        assert_eq!(Locale::DEFAULT, Locale::En);
    }
}
