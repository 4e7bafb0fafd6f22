//! The halls' time zone: China Standard Time, UTC+8 all year (no daylight saving). Dates on
//! paper, case numbers and working-day deadlines are local; instants are stored in UTC.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// UTC+8.
pub fn china_standard_time() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// `at` on the halls' clock.
pub fn local(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&china_standard_time())
}

/// The halls' calendar day at `at`.
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    local(at).date_naive()
}

/// The instant of a wall-clock time in the halls.
pub fn from_local(wall: NaiveDateTime) -> DateTime<Utc> {
    china_standard_time().from_local_datetime(&wall).single().expect("a fixed offset has no gaps").with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_day_turns_at_sixteen_utc() {
        let before = DateTime::parse_from_rfc3339("2026-11-27T15:59:59Z").unwrap().with_timezone(&Utc);
        let after = DateTime::parse_from_rfc3339("2026-11-27T16:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(local_day(before), NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        assert_eq!(local_day(after), NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        assert_eq!(local(after).format("%Y-%m-%d %H:%M").to_string(), "2026-11-28 00:00");
        assert_eq!(from_local(local(after).naive_local()), after);
    }
}
