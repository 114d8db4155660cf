//! Partial dates: calendar dates known to the year, the month or the day, as the database,
//! the record files and the API write them.

use std::fmt;
use std::str::FromStr;

use crate::db::sql::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year, 1 to 9999.
    pub year: u16,
    /// The month, 1 to 12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
}

/// A text that is not an ISO 8601 date at year, month or day precision.
#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct BadDate(pub String);

impl FromStr for PartialDate {
    type Err = BadDate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadDate(s.to_owned());
        let number = |part: &str, len: usize| -> Result<u16, BadDate> {
            if part.len() != len || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        let mut parts = s.split('-');
        let year = number(parts.next().ok_or_else(bad)?, 4)?;
        let month = parts.next().map(|p| number(p, 2)).transpose()?;
        let day = parts.next().map(|p| number(p, 2)).transpose()?;
        if parts.next().is_some() || year == 0 {
            return Err(bad());
        }
        let month = match month {
            Some(m @ 1..=12) => Some(m as u8),
            Some(_) => return Err(bad()),
            None => None,
        };
        let day = match (month, day) {
            (Some(m), Some(d)) if d >= 1 && d <= u16::from(days_in_month(year, m)) => Some(d as u8),
            (_, Some(_)) => return Err(bad()),
            (_, None) => None,
        };
        Ok(Self { year, month, day })
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl ToSql for PartialDate {
    fn to_sql(&self) -> crate::db::sql::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for PartialDate {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

/// An ISO 8601 calendar date at the precision known: a year (`"2015"`), a month (`"2015-09"`) or
/// a day (`"2023-11-22"`). Dates of different precision compare by their text, so `"2015"` sorts
/// before `"2015-09"`.
#[Scalar(name = "PartialDate")]
impl ScalarType for PartialDate {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => s
                .parse()
                .map_err(|e: BadDate| InputValueError::custom(e.to_string())),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(s) if s.parse::<PartialDate>().is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_round_trip_at_every_precision() {
        for text in ["2015", "2015-09", "2023-11-22", "2024-02-29"] {
            let date: PartialDate = text.parse().expect(text);
            assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn malformed_or_impossible_dates_are_refused() {
        for text in [
            "",
            "15",
            "2015-9",
            "2015-13",
            "2015-00",
            "2023-02-29",
            "2023-04-31",
            "0000",
            "2015-09-01-01",
            "2015/09",
            "20155",
            "2015-09-1",
            "+015",
        ] {
            assert!(text.parse::<PartialDate>().is_err(), "{text} was accepted");
        }
    }
}
