//! Calendar dates for exception expiry, without a date-time dependency: the policy only needs
//! to compare a `YYYY-MM-DD` with today.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// A date from its parts (not checked).
    pub const fn new(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// A TOML local date (`2027-06-30`); `None` for a time or a date-time with a time.
    pub fn from_toml(d: &toml::value::Datetime) -> Option<Date> {
        if d.time.is_some() || d.offset.is_some() {
            return None;
        }
        let date = d.date?;
        Some(Date::new(i32::from(date.year), date.month, date.day))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date::new(year, month, day))
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil-from-days algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date::new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(Date::from_days_since_epoch(0), Date::new(1970, 1, 1));
        assert_eq!(Date::from_days_since_epoch(19_723), Date::new(2024, 1, 1));
        assert_eq!(Date::from_days_since_epoch(20_513), Date::new(2026, 3, 1));
        assert_eq!(Date::from_days_since_epoch(-1), Date::new(1969, 12, 31));
    }

    #[test]
    fn parse_and_order() {
        assert_eq!(Date::parse("2027-06-30"), Some(Date::new(2027, 6, 30)));
        assert!(Date::parse("2027-13-01").is_none());
        assert!(Date::new(2027, 6, 30) > Date::new(2027, 6, 29));
        assert_eq!(Date::new(2027, 6, 3).to_string(), "2027-06-03");
    }
}
