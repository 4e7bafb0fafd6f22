//! Working days. Deadlines count from the day after acceptance; weekends and public holidays are
//! off, except the designated make-up working days (调休上班).

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeSet<NaiveDate>,
    makeup_workdays: BTreeSet<NaiveDate>,
    /// Years whose official schedule is loaded; other years count weekends only.
    known_years: BTreeSet<i32>,
}

impl WorkCalendar {
    /// A calendar with no holiday data: weekends only.
    pub fn weekends_only() -> Self {
        Self::default()
    }

    /// Adds one year's official schedule.
    pub fn add_year(&mut self, year: i32, holidays: &[NaiveDate], makeup_workdays: &[NaiveDate]) {
        self.known_years.insert(year);
        self.holidays.extend(holidays);
        self.makeup_workdays.extend(makeup_workdays);
    }

    pub fn knows_year(&self, year: i32) -> bool {
        self.known_years.contains(&year)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.makeup_workdays.contains(&day) {
            return true;
        }
        if self.holidays.contains(&day) {
            return false;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The `n`th working day after `start` (`start` itself never counts); `n = 0` is `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Like [`Self::add_working_days`], but working days inside any of the `pauses` (inclusive
    /// date ranges: 补正, special procedures) do not count against the time limit.
    pub fn add_working_days_pausing(&self, start: NaiveDate, n: u32, pauses: &[(NaiveDate, NaiveDate)]) -> NaiveDate {
        let paused = |d: NaiveDate| pauses.iter().any(|&(from, to)| from <= d && d <= to);
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day + Days::new(1);
            if self.is_working_day(day) && !paused(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days left from `today` to `due`: zero on the due date, negative when overdue.
    pub fn remaining_working_days(&self, today: NaiveDate, due: NaiveDate) -> i64 {
        if due >= today {
            i64::from(self.working_days_between(today, due))
        } else {
            -i64::from(self.working_days_between(due, today))
        }
    }

    /// Working days in `(from, to]`; zero when `to` is not after `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_working_day(*d)).count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn counting_starts_the_day_after() {
        let cal = WorkCalendar::weekends_only();
        // Friday + 1 working day is Monday.
        assert_eq!(cal.add_working_days(d(2026, 11, 27), 1), d(2026, 11, 30));
        // Saturday + 1 is Monday too.
        assert_eq!(cal.add_working_days(d(2026, 11, 28), 1), d(2026, 11, 30));
        assert_eq!(cal.add_working_days(d(2026, 11, 23), 5), d(2026, 11, 30));
        assert_eq!(cal.add_working_days(d(2026, 11, 23), 0), d(2026, 11, 23));
    }

    #[test]
    fn holidays_and_makeup_days() {
        let mut cal = WorkCalendar::weekends_only();
        // National Day 2026: 1-7 October off, Sunday 27 September and Saturday 10 October worked.
        let holidays: Vec<_> = (1..=7).map(|day| d(2026, 10, day)).collect();
        cal.add_year(2026, &holidays, &[d(2026, 9, 27), d(2026, 10, 10)]);
        assert!(cal.knows_year(2026) && !cal.knows_year(2027));
        assert!(cal.is_working_day(d(2026, 9, 27)));
        assert!(!cal.is_working_day(d(2026, 10, 5)));
        // Wednesday 30 September + 1 working day skips the holiday to Thursday 8 October.
        assert_eq!(cal.add_working_days(d(2026, 9, 30), 1), d(2026, 10, 8));
        assert_eq!(cal.add_working_days(d(2026, 9, 30), 3), d(2026, 10, 10));
    }

    #[test]
    fn pauses_do_not_count() {
        let cal = WorkCalendar::weekends_only();
        // Monday 23 Nov + 5 working days = Monday 30 Nov; a supplement pause Tue 24 – Wed 25
        // pushes it two working days, to Wednesday 2 Dec.
        let start = d(2026, 11, 23);
        assert_eq!(cal.add_working_days_pausing(start, 5, &[]), d(2026, 11, 30));
        assert_eq!(cal.add_working_days_pausing(start, 5, &[(d(2026, 11, 24), d(2026, 11, 25))]), d(2026, 12, 2));
        // A pause over a weekend costs nothing.
        assert_eq!(cal.add_working_days_pausing(start, 5, &[(d(2026, 11, 28), d(2026, 11, 29))]), d(2026, 11, 30));
    }

    #[test]
    fn remaining_days_go_negative_when_overdue() {
        let cal = WorkCalendar::weekends_only();
        assert_eq!(cal.remaining_working_days(d(2026, 11, 23), d(2026, 11, 27)), 4);
        assert_eq!(cal.remaining_working_days(d(2026, 11, 27), d(2026, 11, 27)), 0);
        assert_eq!(cal.remaining_working_days(d(2026, 11, 30), d(2026, 11, 27)), -1);
    }

    #[test]
    fn between_is_the_inverse_of_add() {
        let cal = WorkCalendar::weekends_only();
        let start = d(2026, 1, 1);
        for n in 0..60 {
            let due = cal.add_working_days(start, n);
            assert_eq!(cal.working_days_between(start, due), n);
        }
        assert_eq!(cal.working_days_between(d(2026, 2, 1), d(2026, 1, 1)), 0);
    }
}
