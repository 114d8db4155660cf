//! Other names and identifiers of companies: the key a name is matched by ([`name_key`]), the
//! ISO 639-1 codes an alias's language is given in, and the rules and links of each scheme of
//! external identifiers ([`ExternalIdScheme`]).

use super::{ExternalIdScheme, Name, check_url, fold};
use crate::error::{AppError, AppResult};

/// A name as search matches it: folded ([`fold`]: lower case, umlauts and ß spelled out,
/// accents dropped), its words of letters and digits joined by single spaces, so
/// "Alibaba.com" gives "alibaba com" and "Müller  Straße" gives "mueller strasse". Two names
/// with the same key are one name to search and to the check that refuses a new company a
/// name another company has. Empty when the name has no letter or digit.
pub fn name_key(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks an alias's name as the input field `field`: a name ([`Name`]) with at least one
/// letter or digit, which search finds it by.
pub fn check_alias_name(text: &str, field: &'static str) -> AppResult<()> {
    Name::parse(text, field)?;
    if name_key(text).is_empty() {
        return Err(AppError::bad_input(
            field,
            "has no letter or digit to find the company by",
        ));
    }
    Ok(())
}

/// Every ISO 639-1 language code (183), in order, so that a code that looks right but names
/// no language (`xx`) is refused.
pub const LANGUAGE_CODES: [&str; 183] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Checks an ISO 639-1 language code (`de`, `en`, `zh`, in lower case) as the input field
/// `field`.
pub fn check_language_code(code: &str, field: &'static str) -> AppResult<()> {
    if LANGUAGE_CODES.binary_search(&code).is_ok() {
        return Ok(());
    }
    let shown: String = code.chars().take(20).collect();
    Err(AppError::bad_input(
        field,
        format!("{shown:?} is not an ISO 639-1 language code such as \"de\" or \"en\""),
    ))
}

/// The longest value of an identifier, in characters.
const MAX_VALUE_CHARS: usize = 200;

impl ExternalIdScheme {
    /// Checks `value` as an identifier of this scheme, as the input field `field`:
    /// - Wikidata: `Q` and a number without leading zeros (`Q42`);
    /// - website: an `http://` or `https://` address;
    /// - LEI: 18 capital letters or digits and two digits, whose check digits are right
    ///   (ISO 17442 by ISO 7064 MOD 97-10: the letters as 10 to 35, the number is 1 modulo 97);
    /// - national register: a name ([`Name`]), the register and the entry as it writes them.
    pub fn check(self, value: &str, field: &'static str) -> AppResult<()> {
        let shown: String = value.chars().take(40).collect();
        let refuse = |why: &str| -> AppResult<()> {
            Err(AppError::bad_input(field, format!("{shown:?} {why}")))
        };
        match self {
            Self::Wikidata => {
                let digits = value.strip_prefix('Q').unwrap_or("");
                let ok = !digits.is_empty()
                    && digits.len() <= 12
                    && !digits.starts_with('0')
                    && digits.bytes().all(|b| b.is_ascii_digit());
                if ok {
                    Ok(())
                } else {
                    refuse("is not a Wikidata item id: `Q` and digits, such as \"Q42\"")
                }
            }
            Self::Website => check_url(value, field),
            Self::Lei => {
                let bytes = value.as_bytes();
                let shaped = bytes.len() == 20
                    && bytes[..18]
                        .iter()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                    && bytes[18..].iter().all(u8::is_ascii_digit);
                if !shaped {
                    return refuse(
                        "is not an LEI: 20 characters, capital letters and digits, the last \
                         two digits",
                    );
                }
                if lei_remainder(value) != 1 {
                    return refuse("is not an LEI: its check digits do not match (ISO 17442)");
                }
                Ok(())
            }
            Self::NationalRegister => {
                Name::parse(value, field)?;
                if value.trim() != value {
                    return refuse("has white space around it");
                }
                Ok(())
            }
        }
        .and_then(|()| {
            if value.chars().count() > MAX_VALUE_CHARS {
                Err(AppError::bad_input(
                    field,
                    format!("an identifier has at most {MAX_VALUE_CHARS} characters"),
                ))
            } else {
                Ok(())
            }
        })
    }

    /// The page the identifier `value` of this scheme leads to: the Wikidata item, the LEI's
    /// record at GLEIF, the website itself; none for a national register, which has no one
    /// address for all.
    pub fn url(self, value: &str) -> Option<String> {
        match self {
            Self::Wikidata => Some(format!("https://www.wikidata.org/wiki/{value}")),
            Self::Lei => Some(format!("https://search.gleif.org/#/record/{value}")),
            Self::Website => Some(value.to_owned()),
            Self::NationalRegister => None,
        }
    }
}

/// The remainder modulo 97 of an LEI (ASCII capital letters and digits) read as a number,
/// each letter as the two digits of 10 (`A`) to 35 (`Z`).
fn lei_remainder(value: &str) -> u32 {
    value.bytes().fold(0, |rest, b| {
        let digit = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            _ => u32::from(b - b'A') + 10,
        };
        if digit < 10 {
            (rest * 10 + digit) % 97
        } else {
            (rest * 100 + digit) % 97
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys_are_the_folded_words() {
        assert_eq!(name_key("Alibaba.com"), "alibaba com");
        assert_eq!(name_key("  Müller   Straße "), "mueller strasse");
        assert_eq!(name_key("T&B Media Global"), "t b media global");
        assert_eq!(name_key("TAT"), "tat");
        assert_eq!(name_key("阿里巴巴"), "阿里巴巴");
        assert_eq!(name_key("!!"), "");
    }

    #[test]
    fn language_codes_are_iso_639_1_in_lower_case() {
        assert!(LANGUAGE_CODES.windows(2).all(|w| w[0] < w[1]));
        for good in ["de", "en", "zh", "th"] {
            assert!(check_language_code(good, "language").is_ok(), "{good}");
        }
        for bad in ["", "xx", "DE", "deu", "de-AT", "e"] {
            assert!(check_language_code(bad, "language").is_err(), "{bad}");
        }
    }

    #[test]
    fn wikidata_ids_are_q_and_digits() {
        let ok = |v: &str| ExternalIdScheme::Wikidata.check(v, "value").is_ok();
        assert!(ok("Q42") && ok("Q1359568"));
        for bad in [
            "",
            "Q",
            "q42",
            "Q042",
            "Q4 2",
            "P31",
            "42",
            "Q12345678901234",
        ] {
            assert!(!ok(bad), "{bad}");
        }
    }

    #[test]
    fn leis_have_twenty_characters_and_right_check_digits() {
        let ok = |v: &str| ExternalIdScheme::Lei.check(v, "value").is_ok();
        assert!(ok("5493001KJTIIGC8Y1R12"));
        assert!(ok("529900T8BM49AURSDO55"));
        for bad in [
            "5493001KJTIIGC8Y1R13",
            "529900T8BM49AURSDO5",
            "529900t8bm49aursdo55",
            "529900T8BM49AURSDOX5",
            "",
        ] {
            assert!(!ok(bad), "{bad}");
        }
    }

    #[test]
    fn websites_are_http_addresses_and_registers_names() {
        let website = |v: &str| ExternalIdScheme::Website.check(v, "value").is_ok();
        assert!(website("https://www.alibabagroup.com/"));
        assert!(!website("ftp://example.org") && !website("alibabagroup.com"));
        let register = |v: &str| ExternalIdScheme::NationalRegister.check(v, "value").is_ok();
        assert!(register("Amtsgericht München HRB 123456"));
        assert!(!register("") && !register(" HRB 1") && !register("HRB\n1"));
    }

    #[test]
    fn links_are_made_where_the_scheme_has_them() {
        assert_eq!(
            ExternalIdScheme::Wikidata.url("Q42").as_deref(),
            Some("https://www.wikidata.org/wiki/Q42")
        );
        assert_eq!(
            ExternalIdScheme::Lei.url("529900T8BM49AURSDO55").as_deref(),
            Some("https://search.gleif.org/#/record/529900T8BM49AURSDO55")
        );
        assert_eq!(
            ExternalIdScheme::Website
                .url("https://example.org")
                .as_deref(),
            Some("https://example.org")
        );
        assert_eq!(ExternalIdScheme::NationalRegister.url("HRB 1"), None);
    }
}
