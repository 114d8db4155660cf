//! Instants: moments in time given to the API (the bounds of the history filter), held in UTC
//! and written as the history stores its times.

use crate::error::{AppError, AppResult};

/// A moment in time given to the API, such as the bounds of the history filter: an RFC 3339
/// date and time with its offset (`2026-12-07T14:00:00Z`, `2026-12-07T14:00:00+01:00`), or a
/// date alone, meaning its first instant in UTC. Held in UTC, so two instants written with
/// different offsets compare as the moments they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(jiff::Timestamp);

impl Instant {
    /// This moment.
    pub fn now() -> Self {
        Self(jiff::Timestamp::now())
    }

    /// Parses `text` as the input field `field`.
    pub fn parse(text: &str, field: &'static str) -> AppResult<Self> {
        let timestamp = text
            .parse::<jiff::Timestamp>()
            .ok()
            .or_else(|| {
                // jiff reads the date of a date and time too; a time without an offset is no
                // instant, so only a date alone is taken here.
                if text.contains(['T', 't', ' ']) {
                    return None;
                }
                let date = text.parse::<jiff::civil::Date>().ok()?;
                jiff::tz::Offset::UTC.to_timestamp(date.into()).ok()
            })
            .filter(|t| jiff::tz::Offset::UTC.to_datetime(*t).year() >= 1);
        let Some(timestamp) = timestamp else {
            let shown: String = text.chars().take(40).collect();
            return Err(AppError::bad_input(
                field,
                format!(
                    "{shown:?} is not an RFC 3339 date and time with an offset, such as \
                     \"2026-12-07T14:00:00Z\" or \"2026-12-07T15:00:00+01:00\", nor a date such \
                     as \"2026-12-07\""
                ),
            ));
        };
        Ok(Self(timestamp))
    }

    /// The instant as the history stores its times (`2026-12-07T13:00:00.000Z`: UTC, to the
    /// millisecond, fixed width), so that comparing the texts compares the instants. A finer
    /// instant is rounded up to the next millisecond: a stored time is at or after it, or before
    /// it, exactly when it is at or after, or before, the rounded one.
    pub fn stored(self) -> String {
        let rounded = self
            .0
            .round(
                jiff::TimestampRound::new()
                    .smallest(jiff::Unit::Millisecond)
                    .mode(jiff::RoundMode::Ceil),
            )
            .unwrap_or(self.0);
        let t = jiff::tz::Offset::UTC.to_datetime(rounded);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.subsec_nanosecond() / 1_000_000
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_held_in_utc_and_stored_as_the_history_writes_them() {
        let stored = |text: &str| Instant::parse(text, "since").map(Instant::stored).ok();
        assert_eq!(
            stored("2026-12-07T14:00:00+01:00").as_deref(),
            Some("2026-12-07T13:00:00.000Z")
        );
        assert_eq!(
            stored("2026-12-07T13:00:00Z").as_deref(),
            Some("2026-12-07T13:00:00.000Z")
        );
        assert_eq!(
            stored("2026-12-07").as_deref(),
            Some("2026-12-07T00:00:00.000Z")
        );
        // Finer than a millisecond: rounded up, so that `at >= since` keeps its meaning.
        assert_eq!(
            stored("2026-12-07T13:00:00.0005Z").as_deref(),
            Some("2026-12-07T13:00:00.001Z")
        );
        assert_eq!(
            stored("2026-12-31T23:59:59.9999Z").as_deref(),
            Some("2027-01-01T00:00:00.000Z")
        );
        for bad in [
            "",
            "yesterday",
            "2026-12-07T14:00:00",
            "2026-13-01",
            "2026-02-30T00:00:00Z",
            "14:00",
        ] {
            assert!(
                Instant::parse(bad, "since").is_err(),
                "{bad:?} was accepted"
            );
        }
    }
}
