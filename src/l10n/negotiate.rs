//! Locale negotiation: turning what a client asked for (a GraphQL `locale`
//! argument or an HTTP `Accept-Language` header) into one supported
//! [`Locale`].
//!
//! Matching itself is fluent-langneg's `Lookup` strategy, which picks the
//! first requested tag that any available locale matches (so "de-AT" and
//! "de-CH" find German, "en-GB" finds English). This module adds what
//! fluent-langneg leaves out: strict tag validation for arguments, and
//! `Accept-Language` q-values, which its own header parser ignores.

use std::sync::LazyLock;

use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use unic_langid::LanguageIdentifier;

use crate::l10n::Locale;

/// Items of an `Accept-Language` header looked at; real browsers send fewer
/// than ten, so the rest of an oversized header is noise we need not sort.
const MAX_ACCEPT_LANGUAGE_ITEMS: usize = 32;

/// Language identifiers of [`Locale::ALL`], same order, parsed once.
static AVAILABLE: LazyLock<Vec<LanguageIdentifier>> =
    LazyLock::new(|| Locale::ALL.iter().map(|locale| locale.langid()).collect());

/// A locale request the client has to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocaleError {
    /// The argument is not a well-formed BCP 47 language tag.
    #[error("not a valid BCP 47 language tag: {tag:?}")]
    Malformed {
        /// The tag as the client sent it.
        tag: String,
    },
}

/// Picks the locale for a BCP 47 tag the client passed as a GraphQL argument.
///
/// Surrounding whitespace is ignored, `_` is accepted as a separator (as
/// unic-langid does), and extension or private-use parts (`-u-…`, `-x-…`) are
/// checked for shape and then ignored, because they cannot change the choice
/// between German and English. A well-formed tag that matches no supported
/// locale gets [`Locale::DEFAULT`]; only a malformed one is an error, so a
/// typo is reported instead of silently answered in English.
///
/// Tags without a language subtag (`"x-private"`, grandfathered `"i-klingon"`)
/// count as malformed: there is nothing in them to negotiate with.
pub fn from_argument(tag: &str) -> Result<Locale, LocaleError> {
    match parse_tag(tag) {
        Some(langid) => Ok(best_match(&[langid])),
        None => Err(LocaleError::Malformed {
            tag: tag.to_owned(),
        }),
    }
}

/// Picks the locale for an HTTP `Accept-Language` header value.
///
/// Items are `tag[;q=weight]`, ordered by weight (highest first, ties keep
/// header order); items with `q=0`, a malformed weight, any other parameter
/// or a malformed tag are dropped. `*` stands for "anything", which is
/// [`Locale::DEFAULT`]. The first item in that order that a supported locale
/// matches wins; an empty or unusable header gets [`Locale::DEFAULT`]. Never
/// fails, since a browser's header is not something the user can fix.
pub fn from_accept_language(header: &str) -> Locale {
    let mut weighted: Vec<(u16, LanguageIdentifier)> = header
        .split(',')
        .take(MAX_ACCEPT_LANGUAGE_ITEMS)
        .filter_map(parse_accept_language_item)
        .collect();
    // The sort is stable, which keeps header order among equal weights.
    weighted.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    let requested: Vec<LanguageIdentifier> =
        weighted.into_iter().map(|(_, langid)| langid).collect();
    best_match(&requested)
}

/// Picks the supported locale that best serves `requested`, given in order
/// of preference; [`Locale::DEFAULT`] when none matches.
pub fn best_match(requested: &[LanguageIdentifier]) -> Locale {
    let available = AVAILABLE.as_slice();
    let default = available.get(Locale::DEFAULT.index());
    negotiate_languages(requested, available, default, NegotiationStrategy::Lookup)
        .first()
        .and_then(|chosen| available.iter().position(|langid| langid == *chosen))
        .map_or(Locale::DEFAULT, |index| Locale::ALL[index])
}

/// One `Accept-Language` item as (weight in thousandths, language), or `None`
/// when it is empty, excluded by `q=0`, or malformed.
fn parse_accept_language_item(item: &str) -> Option<(u16, LanguageIdentifier)> {
    let mut parts = item.split(';');
    let range = parts.next()?.trim();
    let weight = match (parts.next(), parts.next()) {
        (None, _) => 1000,
        (Some(param), None) => parse_weight(param)?,
        // RFC 9110 gives language ranges exactly one parameter, the weight.
        (Some(_), Some(_)) => return None,
    };
    if weight == 0 || range.is_empty() {
        return None;
    }
    let langid = if range == "*" {
        Locale::DEFAULT.langid()
    } else {
        parse_tag(range)?
    };
    Some((weight, langid))
}

/// Parses `q=<qvalue>` (RFC 9110 §12.4.2: `0[.ddd]` or `1[.000]`) into
/// thousandths, so weights compare exactly.
fn parse_weight(param: &str) -> Option<u16> {
    let (name, value) = param.split_once('=')?;
    if !name.trim().eq_ignore_ascii_case("q") {
        return None;
    }
    let value = value.trim();
    let (whole, fraction) = match value.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (value, ""),
    };
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Right-pad to three digits: "5" is 500 thousandths, not 5.
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |acc, digit| acc * 10 + u16::from(digit - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Parses a BCP 47 tag into the parts that matter for negotiation, or `None`
/// if it is malformed. See [`from_argument`] for what is accepted.
fn parse_tag(raw: &str) -> Option<LanguageIdentifier> {
    let tag = raw.trim();
    if tag.is_empty() {
        return None;
    }
    let subtags: Vec<&str> = tag.split(['-', '_']).collect();
    // unic-langid's LanguageIdentifier has no room for extensions or private
    // use and rejects them, so they are validated here and cut off.
    let singleton = subtags.iter().position(|subtag| subtag.len() == 1);
    let core = match singleton {
        Some(0) => return None,
        Some(at) => {
            if !well_formed_extensions(&subtags[at..]) {
                return None;
            }
            &subtags[..at]
        }
        None => &subtags[..],
    };
    core.join("-").parse().ok()
}

/// Checks `singleton 1*subtag (singleton 1*subtag)*`, where extension subtags
/// are 2–8 alphanumerics and private-use (`x`) subtags 1–8 and run to the end.
fn well_formed_extensions(subtags: &[&str]) -> bool {
    let alphanumeric =
        |s: &str| !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_alphanumeric());
    let mut i = 0;
    while i < subtags.len() {
        let singleton = subtags[i];
        if singleton.len() != 1 || !alphanumeric(singleton) {
            return false;
        }
        let private_use = singleton.eq_ignore_ascii_case("x");
        let mut next = i + 1;
        while next < subtags.len()
            && alphanumeric(subtags[next])
            && (private_use || subtags[next].len() >= 2)
        {
            next += 1;
        }
        if next == i + 1 {
            return false;
        }
        i = next;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_table() {
        let cases: &[(&str, Locale)] = &[
            ("de", Locale::De),
            ("en", Locale::En),
            ("de-AT", Locale::De),
            ("de-CH", Locale::De),
            ("de-DE", Locale::De),
            ("en-GB", Locale::En),
            ("en-US", Locale::En),
            ("fr", Locale::En),
            ("zh-Hant-TW", Locale::En),
            ("DE-at", Locale::De),
            ("de_DE", Locale::De),
            ("  de-AT ", Locale::De),
            ("de-1996", Locale::De),
            ("de-DE-u-co-phonebk", Locale::De),
            ("en-US-x-twain", Locale::En),
            ("de-x-a-b", Locale::De),
            ("und", Locale::En),
        ];
        for (tag, expected) in cases {
            assert_eq!(from_argument(tag), Ok(*expected), "tag {tag:?}");
        }
    }

    #[test]
    fn malformed_arguments_are_errors() {
        for tag in [
            "",
            "   ",
            "x",
            "123",
            "not a tag!",
            "de--DE",
            "de-",
            "*",
            "x-private",
            "i-klingon",
            "de-u",
            "de-u-x",
            "de-DE-u-c",
            "abcdefghi",
            "de-ÄT",
        ] {
            assert_eq!(
                from_argument(tag),
                Err(LocaleError::Malformed {
                    tag: tag.to_owned()
                }),
                "tag {tag:?}"
            );
        }
    }

    #[test]
    fn malformed_message_quotes_the_tag() {
        let err = from_argument("not a tag!").unwrap_err();
        assert_eq!(
            err.to_string(),
            "not a valid BCP 47 language tag: \"not a tag!\""
        );
    }

    #[test]
    fn accept_language_table() {
        let cases: &[(&str, Locale)] = &[
            ("de", Locale::De),
            ("de-AT,en;q=0.5", Locale::De),
            ("en;q=0.4, de;q=0.9", Locale::De),
            ("fr, de;q=0.8", Locale::De),
            ("fr", Locale::En),
            ("*", Locale::En),
            ("de;q=0", Locale::En),
            ("de;q=abc, en", Locale::En),
            ("garbage;;;,,,", Locale::En),
            ("", Locale::En),
            ("en-US,en;q=0.9,de;q=0.8", Locale::En),
            ("DE-at", Locale::De),
            ("*;q=0.5, de;q=0.1", Locale::En),
            // Beyond the required table.
            ("de;q=0.000", Locale::En),
            ("de;q=1.0", Locale::De),
            ("de;q=1.5, en;q=0.1", Locale::En),
            ("de;q=0.5;level=1, en;q=0.1", Locale::En),
            ("de ; Q = 0.7 , en;q=0.6", Locale::De),
            ("en;q=0.5, de;q=0.5", Locale::En),
            ("de;q=0.5, en;q=0.5", Locale::De),
            ("de;q=0.0001, en;q=0.1", Locale::En),
            ("fr-CH, fr;q=0.9, de;q=0.8, *;q=0.5", Locale::De),
            ("de_CH", Locale::De),
            ("   ", Locale::En),
        ];
        for (header, expected) in cases {
            assert_eq!(from_accept_language(header), *expected, "header {header:?}");
        }
    }

    #[test]
    fn oversized_header_is_bounded() {
        let mut header = "fr,".repeat(MAX_ACCEPT_LANGUAGE_ITEMS);
        header.push_str("de");
        assert_eq!(from_accept_language(&header), Locale::DEFAULT);
    }

    #[test]
    fn weights_parse_as_thousandths() {
        assert_eq!(parse_weight("q=0.5"), Some(500));
        assert_eq!(parse_weight("q=0.123"), Some(123));
        assert_eq!(parse_weight("q=1"), Some(1000));
        assert_eq!(parse_weight("q=0"), Some(0));
        assert_eq!(parse_weight("q=1.001"), None);
        assert_eq!(parse_weight("q=.5"), None);
        assert_eq!(parse_weight("q=0.1234"), None);
        assert_eq!(parse_weight("q=-0.5"), None);
        assert_eq!(parse_weight("r=0.5"), None);
        assert_eq!(parse_weight("q"), None);
    }
}
