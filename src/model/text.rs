//! Validated input: texts that obey the data's rules by construction ([`Slug`],
//! [`CountryCode`], [`Name`], and the checks of running text, language tags and web
//! addresses), so every write function (the seed loader, mutations, imports) checks them the
//! same way, once, when the input arrives; and folding names for ordering and matching
//! ([`fold`]).

use std::fmt;

use crate::db::sql::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use super::is_country_code;
use crate::error::{AppError, AppResult};

/// Folds a name for ordering and matching: lower case, German umlauts and ß spelled out, other
/// accents dropped, so "Müller", "Mueller" and "MUELLER" sort and match alike.
pub fn fold(text: &str) -> String {
    // Most names and nearly every word of a summary are plain ASCII: lower-casing them is a
    // byte copy, which the search index's build does for every word of every document.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => out.push('a'),
            'ç' | 'č' | 'ć' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' => out.push('i'),
            'ñ' | 'ń' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ū' | 'ů' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'š' | 'ś' => out.push('s'),
            'ž' | 'ź' | 'ż' => out.push('z'),
            other => out.push(other),
        }
    }
    out
}

/// Implements `as_str`, `Display`, `AsRef<str>` and `ToSql` for a validated text newtype.
macro_rules! validated_text {
    ($name:ident) => {
        impl $name {
            /// The checked text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> crate::db::sql::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0.as_str()))
            }
        }

        /// Read back as stored: every write checked it on the way in.
        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                String::column_result(value).map(Self)
            }
        }
    };
}

/// A stable human-readable key: 1 to [`Slug::MAX_LEN`] lower-case ASCII letters and digits,
/// words joined by single hyphens (`alibaba-pictures`, `formel-1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    /// The longest slug, in characters (all ASCII, so also in bytes).
    pub const MAX_LEN: usize = 100;

    /// Checks `text` as the value of the input field `field`, which a refusal names.
    pub fn parse(text: &str, field: &'static str) -> AppResult<Self> {
        if text.len() > Self::MAX_LEN {
            return Err(AppError::bad_input(
                field,
                format!("a slug has at most {} characters", Self::MAX_LEN),
            ));
        }
        // Splitting on '-' finds leading, trailing and doubled hyphens as empty words.
        let ok = text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if !ok {
            return Err(AppError::bad_input(
                field,
                format!(
                    "{text:?} is not a slug: use lower-case ASCII letters and digits, \
                     words joined by single hyphens"
                ),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The slug a name gives when none is chosen: folded (umlauts and ß spelled out, accents
    /// dropped), every run of other characters a single hyphen, cut at [`Self::MAX_LEN`] on a
    /// word boundary. `field` is named when the name has no letter or digit to make one of.
    pub fn from_name(name: &str, field: &'static str) -> AppResult<Self> {
        let mut slug = String::with_capacity(name.len());
        for c in fold(name).chars() {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        if slug.len() > Self::MAX_LEN {
            slug.truncate(Self::MAX_LEN);
        }
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() {
            return Err(AppError::bad_input(
                field,
                "the name has no letter or digit to make a slug of; give a `slug`",
            ));
        }
        Self::parse(slug, field)
    }
}

validated_text!(Slug);

/// An assigned ISO 3166-1 alpha-2 country code in its canonical upper-case form (`DE`, `CN`);
/// see [`is_country_code`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(String);

impl CountryCode {
    /// Checks `text` as the value of the input field `field`, which a refusal names.
    pub fn parse(text: &str, field: &'static str) -> AppResult<Self> {
        if !is_country_code(text) {
            // Long input is not echoed: the reason should stay a line.
            let shown: String = text.chars().take(20).collect();
            return Err(AppError::bad_input(
                field,
                format!("{shown:?} is not an ISO 3166-1 alpha-2 country code"),
            ));
        }
        Ok(Self(text.to_owned()))
    }
}

validated_text!(CountryCode);

/// A name as people write it: without surrounding white space, not empty, at most
/// [`Name::MAX_CHARS`] characters and without control characters (so no line breaks).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(String);

impl Name {
    /// The longest name, in characters (Unicode scalar values).
    pub const MAX_CHARS: usize = 200;

    /// Checks `text` as the value of the input field `field`, which a refusal names. Surrounding
    /// white space is dropped rather than refused: it carries no meaning and is easily typed.
    pub fn parse(text: &str, field: &'static str) -> AppResult<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::bad_input(field, "must not be empty"));
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(AppError::bad_input(
                field,
                format!("a name has at most {} characters", Self::MAX_CHARS),
            ));
        }
        if let Some(c) = text.chars().find(|c| c.is_control()) {
            return Err(AppError::bad_input(
                field,
                format!("must not contain the control character {c:?}"),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The name folded for ordering and matching (see [`fold`]): what `sort_name` holds.
    pub fn folded(&self) -> String {
        fold(&self.0)
    }
}

validated_text!(Name);

/// The longest quotation, headline or other running text, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Checks running text (a quotation, a headline) as the input field `field`: not empty nor
/// only white space, at most [`MAX_TEXT_CHARS`] characters, no control characters other than
/// line breaks.
pub fn check_text(text: &str, field: &'static str) -> AppResult<()> {
    if text.trim().is_empty() {
        return Err(AppError::bad_input(field, "must not be empty"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::bad_input(
            field,
            format!("has at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::bad_input(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

/// Checks a BCP 47 language tag as the input field `field`, as ICU4X parses it: a language of
/// two or three letters (ISO 639), optionally a script and a region (`de`, `en-GB`,
/// `zh-Hant-TW`, `es-419`), written in its canonical case, as it is stored and compared.
pub fn check_language(tag: &str, field: &'static str) -> AppResult<()> {
    let shown: String = tag.chars().take(20).collect();
    let parsed = icu_locale::LanguageIdentifier::try_from_str(tag)
        .ok()
        .filter(|id| (2..=3).contains(&id.language.as_str().len()));
    let Some(parsed) = parsed else {
        return Err(AppError::bad_input(
            field,
            format!("{shown:?} is not a language tag such as \"de\" or \"en-GB\""),
        ));
    };
    let canonical = parsed.to_string();
    if canonical != tag {
        return Err(AppError::bad_input(
            field,
            format!("{shown:?} is written {canonical:?}"),
        ));
    }
    Ok(())
}

/// Checks a web address as the input field `field`, as the `url` crate parses it (the WHATWG
/// URL standard): `http://` or `https://` with a host, no white space or control characters
/// and no further slash before the host (which the standard would silently drop), at most
/// [`MAX_TEXT_CHARS`] characters. The address is kept as written.
pub fn check_url(url: &str, field: &'static str) -> AppResult<()> {
    let ok = url.len() <= MAX_TEXT_CHARS
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && url
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.starts_with(['/', '\\']))
        && url::Url::parse(url).is_ok_and(|parsed| {
            matches!(parsed.scheme(), "http" | "https")
                && parsed.host_str().is_some_and(|host| !host.is_empty())
        });
    if ok {
        Ok(())
    } else {
        Err(AppError::bad_input(
            field,
            "is not an http:// or https:// address",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::COUNTRY_CODES;

    #[test]
    fn language_tags_are_parsed_as_bcp_47_and_kept_in_canonical_case() {
        for good in ["de", "en", "de-AT", "en-GB", "zh-Hant-TW", "es-419", "gsw"] {
            assert!(
                check_language(good, "language").is_ok(),
                "{good} was refused"
            );
        }
        for bad in [
            "",
            "German",
            "d",
            "de_AT",
            "de-",
            "en-gb",
            "EN",
            "de-AT-",
            "x-private",
        ] {
            assert!(
                check_language(bad, "language").is_err(),
                "{bad} was accepted"
            );
        }
    }

    #[test]
    fn urls_are_http_or_https_with_a_host() {
        for good in [
            "https://example.org",
            "http://example.org/wige?x=1#top",
            "https://www.dwdl.de/nachrichten/1/",
            "https://xn--mller-kva.de/",
        ] {
            assert!(check_url(good, "url").is_ok(), "{good} was refused");
        }
        for bad in [
            "ftp://x",
            "https://",
            "https:///path",
            "http://exa mple.org",
            "https://example.org/\n",
            "example.org",
            "javascript:alert(1)",
            "https://[::1",
        ] {
            assert!(check_url(bad, "url").is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn folding_spells_out_german_letters_and_drops_accents() {
        assert_eq!(fold("Müller"), "mueller");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("T&B Media Global"), "t&b media global");
    }

    #[test]
    fn slugs_are_derived_from_names() {
        let slug = |name: &str| Slug::from_name(name, "name").map(|s| s.as_str().to_owned());
        assert_eq!(
            slug("Straßen Müller GmbH & Co. KG").ok().as_deref(),
            Some("strassen-mueller-gmbh-co-kg")
        );
        assert_eq!(
            slug("  Öl – Ägypten 3sat ").ok().as_deref(),
            Some("oel-aegypten-3sat")
        );
        assert_eq!(
            slug(&"Ab ".repeat(60))
                .map(|s| s.len() <= Slug::MAX_LEN && !s.ends_with('-'))
                .ok(),
            Some(true)
        );
        assert!(slug("!!!").is_err());
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_single_hyphens() {
        for text in [
            "a",
            "alibaba-pictures",
            "formel-1",
            "3sat",
            "a".repeat(Slug::MAX_LEN).as_str(),
        ] {
            let slug = Slug::parse(text, "slug").expect(text);
            assert_eq!(slug.as_str(), text);
            assert_eq!(slug.to_string(), text);
        }
        for text in [
            "",
            "-a",
            "a-",
            "a--b",
            "Not A Slug",
            "Alibaba",
            "a_b",
            "a b",
            "müller",
            "a".repeat(Slug::MAX_LEN + 1).as_str(),
        ] {
            match Slug::parse(text, "slug") {
                Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "slug"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn country_codes_are_assigned_iso_codes_in_upper_case() {
        let code = CountryCode::parse("DE", "country").expect("DE");
        assert_eq!(code.as_str(), "DE");
        assert_eq!(code.to_string(), "DE");
        assert!(COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]), "sorted");
        for text in ["", "de", "D", "DEU", "Germany", "D1", "ÄÖ", "XX", "UK"] {
            match CountryCode::parse(text, "markets") {
                Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "markets"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn names_are_trimmed_non_empty_short_and_free_of_control_characters() {
        let name = Name::parse("  Müller Straße ", "name").expect("a name");
        assert_eq!(name.as_str(), "Müller Straße");
        assert_eq!(name.to_string(), "Müller Straße");
        assert_eq!(name.folded(), "mueller strasse");
        let longest = "ä".repeat(Name::MAX_CHARS);
        assert_eq!(
            Name::parse(&longest, "name").expect("longest").as_str(),
            longest
        );
        for text in [
            "",
            "   ",
            "two\nlines",
            "tab\there",
            "nul\0",
            "ä".repeat(Name::MAX_CHARS + 1).as_str(),
        ] {
            match Name::parse(text, "name") {
                Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "name"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }
}
