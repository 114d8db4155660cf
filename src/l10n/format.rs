//! Locale-aware formatting of the values that go into Fluent messages:
//! partial dates, "and" lists and integers, all with ICU4X compiled data.
//!
//! Fluent cannot do these itself (it has no DATETIME, and NUMBER does not
//! group digits per locale), so callers format values here and pass the
//! resulting strings to Fluent as arguments. Only the value is formatted
//! ("21. November 2023"); the words around it ("am", "on") belong to the
//! Fluent message, which selects them by [`DatePrecision`].

use std::fmt;

use fluent_bundle::FluentValue;
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{Y, YM, YMD};
use icu_datetime::input::Date;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_list::ListFormatter;
use icu_list::options::{ListFormatterOptions, ListLength};
use icu_locale::locale;

use crate::l10n::{L10nError, Locale};

/// How much of a date is known, which decides both its format and the
/// preposition a message puts before it (de "im"/"am"/none, en "in"/"on").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// Only the year: "2014".
    Year,
    /// Year and month: "September 2015".
    Month,
    /// A full date: "21. November 2023" / "November 21, 2023".
    Day,
}

impl DatePrecision {
    /// The variant key Fluent messages select on: `year`, `month` or `day`.
    pub fn selector(self) -> &'static str {
        match self {
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
        }
    }
}

impl<'a> From<DatePrecision> for FluentValue<'a> {
    fn from(precision: DatePrecision) -> Self {
        FluentValue::from(precision.selector())
    }
}

/// A partial date rendered for one locale, without any preposition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormattedDate {
    /// The date as text, e.g. "September 2015".
    pub text: String,
    /// Which parts of the date were known.
    pub precision: DatePrecision,
}

/// The ICU4X formatters of one locale, built once and shared by all
/// requests; building them loads and resolves locale data, which is too slow
/// to repeat per call.
pub struct Formatters {
    locale: Locale,
    year: DateTimeFormatter<Y>,
    year_month: DateTimeFormatter<YM>,
    full_date: DateTimeFormatter<YMD>,
    and_list: ListFormatter,
    decimal: DecimalFormatter,
}

impl Formatters {
    /// Builds the formatters for `locale` from ICU4X's compiled data.
    ///
    /// Fails only if the compiled data lacks the locale, which the tests
    /// rule out for every [`Locale`].
    pub fn new(locale: Locale) -> Result<Self, L10nError> {
        let icu = icu_locale(locale);
        Ok(Self {
            locale,
            year: DateTimeFormatter::try_new((&icu).into(), Y::long())
                .map_err(data_error(locale, "year"))?,
            year_month: DateTimeFormatter::try_new((&icu).into(), YM::long())
                .map_err(data_error(locale, "year-month"))?,
            full_date: DateTimeFormatter::try_new((&icu).into(), YMD::long())
                .map_err(data_error(locale, "date"))?,
            and_list: ListFormatter::try_new_and(
                (&icu).into(),
                ListFormatterOptions::default().with_length(ListLength::Wide),
            )
            .map_err(data_error(locale, "list"))?,
            decimal: DecimalFormatter::try_new((&icu).into(), Default::default())
                .map_err(data_error(locale, "decimal"))?,
        })
    }

    /// The locale these formatters render for.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// Formats a date of which only the year, the year and month, or the
    /// full date may be known, in the Gregorian calendar.
    ///
    /// de: "2014", "September 2015", "21. November 2023";
    /// en: "2014", "September 2015", "November 21, 2023".
    ///
    /// Errors (never panics) for a day without a month, a month outside
    /// 1–12, a day the month does not have, or a year outside ±9999.
    pub fn date(
        &self,
        year: i32,
        month: Option<u8>,
        day: Option<u8>,
    ) -> Result<FormattedDate, L10nError> {
        let invalid = |details: String| L10nError::InvalidDate {
            year,
            month,
            day,
            details,
        };
        let (precision, month_or_first, day_or_first) = match (month, day) {
            (None, None) => (DatePrecision::Year, 1, 1),
            (Some(month), None) => (DatePrecision::Month, month, 1),
            (Some(month), Some(day)) => (DatePrecision::Day, month, day),
            (None, Some(_)) => return Err(invalid("a day needs a month".to_owned())),
        };
        // Missing parts are filled with 1 only to make a valid date; the
        // field set below never prints them.
        let date = Date::try_new_iso(year, month_or_first, day_or_first)
            .map_err(|err| invalid(err.to_string()))?;
        let text = match precision {
            DatePrecision::Year => self.year.format(&date).to_string(),
            DatePrecision::Month => self.year_month.format(&date).to_string(),
            DatePrecision::Day => self.full_date.format(&date).to_string(),
        };
        Ok(FormattedDate { text, precision })
    }

    /// Joins items as a conjunction in the locale's long style:
    /// de "A, B und C", en "A, B, and C"; two items "A und B" / "A and B";
    /// one item as is; no items as "".
    pub fn and_list<S: AsRef<str>>(&self, items: &[S]) -> String {
        self.and_list
            .format(items.iter().map(AsRef::as_ref))
            .to_string()
    }

    /// What follows each item of an and-list of `n` items in this locale: `comma`, `word`
    /// (the conjunction, with no comma before it) or `end`. A message whose item ends in a
    /// date may need a comma of its own before a word (en "since March 15, 2021, and is
    /// quoted"), never before the list's own comma.
    pub fn and_list_followers(&self, n: usize) -> Vec<&'static str> {
        // Private-use characters cannot occur in the list pattern's own text.
        let marks: Vec<String> = (0..n).map(|i| format!("\u{E000}{i}\u{E001}")).collect();
        let text = self.and_list(&marks);
        marks
            .iter()
            .map(|mark| {
                let after = text
                    .find(mark.as_str())
                    .map_or("", |at| &text[at + mark.len()..]);
                match after.chars().next() {
                    None => "end",
                    Some(',') => "comma",
                    Some(_) => "word",
                }
            })
            .collect()
    }

    /// Formats an integer with the locale's digit grouping:
    /// de "1.234.567", en "1,234,567".
    pub fn integer(&self, n: i64) -> String {
        self.decimal.format(&Decimal::from(n)).to_string()
    }
}

impl fmt::Debug for Formatters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Formatters")
            .field("locale", &self.locale)
            .finish_non_exhaustive()
    }
}

/// The ICU4X locale for a supported locale. Plain "en" is what gives the
/// "November 21, 2023" order; "en-GB" would put the day first.
fn icu_locale(locale: Locale) -> icu_locale::Locale {
    match locale {
        Locale::De => locale!("de"),
        Locale::En => locale!("en"),
    }
}

/// Maps an ICU4X constructor error to [`L10nError::IcuData`].
fn data_error<E: fmt::Display>(
    locale: Locale,
    formatter: &'static str,
) -> impl FnOnce(E) -> L10nError {
    move |err| L10nError::IcuData {
        locale,
        formatter,
        details: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatters(locale: Locale) -> Formatters {
        Formatters::new(locale).expect("compiled ICU4X data covers every Locale")
    }

    fn date_text(locale: Locale, year: i32, month: Option<u8>, day: Option<u8>) -> String {
        formatters(locale)
            .date(year, month, day)
            .expect("valid date")
            .text
    }

    #[test]
    fn formatters_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Formatters>();
    }

    #[test]
    fn every_locale_has_data() {
        for locale in Locale::ALL {
            assert_eq!(formatters(locale).locale(), locale);
        }
    }

    #[test]
    fn german_dates() {
        let de = Locale::De;
        assert_eq!(date_text(de, 2014, None, None), "2014");
        assert_eq!(date_text(de, 2015, Some(9), None), "September 2015");
        assert_eq!(date_text(de, 2023, Some(11), Some(21)), "21. November 2023");
        assert_eq!(date_text(de, 2025, Some(3), Some(7)), "7. März 2025");
    }

    #[test]
    fn english_dates() {
        let en = Locale::En;
        assert_eq!(date_text(en, 2014, None, None), "2014");
        assert_eq!(date_text(en, 2015, Some(9), None), "September 2015");
        assert_eq!(date_text(en, 2023, Some(11), Some(21)), "November 21, 2023");
        assert_eq!(date_text(en, 2025, Some(3), Some(7)), "March 7, 2025");
    }

    #[test]
    fn precision_follows_the_known_parts() {
        let f = formatters(Locale::En);
        let precision = |m, d| f.date(2020, m, d).expect("valid date").precision;
        assert_eq!(precision(None, None), DatePrecision::Year);
        assert_eq!(precision(Some(2), None), DatePrecision::Month);
        assert_eq!(precision(Some(2), Some(29)), DatePrecision::Day);
        assert_eq!(DatePrecision::Month.selector(), "month");
    }

    #[test]
    fn invalid_dates_are_errors() {
        for locale in Locale::ALL {
            let f = formatters(locale);
            for (year, month, day) in [
                (2023, Some(13), None),
                (2023, Some(0), None),
                (2023, Some(2), Some(31)),
                (2023, Some(2), Some(29)),
                (2023, Some(4), Some(31)),
                (2023, Some(1), Some(0)),
                (2023, None, Some(5)),
                (i32::MAX, None, None),
                (i32::MIN, Some(1), Some(1)),
                (2023, Some(u8::MAX), Some(u8::MAX)),
            ] {
                let result = f.date(year, month, day);
                assert!(
                    matches!(result, Err(L10nError::InvalidDate { .. })),
                    "{locale} {year}-{month:?}-{day:?} gave {result:?}"
                );
            }
        }
    }

    #[test]
    fn lists() {
        let de = formatters(Locale::De);
        let en = formatters(Locale::En);
        let abc = ["A".to_owned(), "B".to_owned(), "C".to_owned()];
        assert_eq!(de.and_list(&abc), "A, B und C");
        assert_eq!(de.and_list(&abc[..2]), "A und B");
        assert_eq!(de.and_list(&abc[..1]), "A");
        assert_eq!(de.and_list::<String>(&[]), "");
        assert_eq!(en.and_list(&abc), "A, B, and C");
        assert_eq!(en.and_list(&abc[..2]), "A and B");
        assert_eq!(en.and_list(&abc[..1]), "A");
        assert_eq!(en.and_list::<String>(&[]), "");
        assert_eq!(en.and_list(&["ProSieben", "Sat.1"]), "ProSieben and Sat.1");
    }

    #[test]
    fn list_followers_say_where_a_comma_is_already() {
        let de = formatters(Locale::De);
        let en = formatters(Locale::En);
        assert_eq!(en.and_list_followers(1), ["end"]);
        assert_eq!(en.and_list_followers(2), ["word", "end"]);
        assert_eq!(en.and_list_followers(3), ["comma", "comma", "end"]);
        assert_eq!(de.and_list_followers(3), ["comma", "word", "end"]);
        assert!(de.and_list_followers(0).is_empty());
    }

    #[test]
    fn integers() {
        let de = formatters(Locale::De);
        let en = formatters(Locale::En);
        assert_eq!(de.integer(1_234_567), "1.234.567");
        assert_eq!(en.integer(1_234_567), "1,234,567");
        assert_eq!(de.integer(0), "0");
        assert_eq!(en.integer(-1234), "-1,234");
        assert_eq!(en.integer(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn no_isolation_marks() {
        for locale in Locale::ALL {
            let f = formatters(locale);
            let outputs = [
                f.date(2023, Some(11), Some(21)).expect("valid date").text,
                f.and_list(&["A", "B", "C"]),
                f.integer(1_234_567),
            ];
            for text in outputs {
                assert!(
                    !text.contains(['\u{2068}', '\u{2069}']),
                    "{locale}: {text:?}"
                );
            }
        }
    }
}
