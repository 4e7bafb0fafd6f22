//! The working-day calendar: the official schedules shipped with the app (`calendar/`), overridden
//! or extended by the admin's files in the data directory's `calendar/` folder.

use std::path::Path;

use include_dir::{include_dir, Dir};
use onewindow_domain::WorkCalendar;
use onewindow_formats::calendar::{parse_year, YearSchedule};
use onewindow_formats::FileError;

use crate::admin_files::{admin_files, shipped};

static SHIPPED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/calendar");

/// The calendar, and the problems with any admin file (those files are skipped, not guessed at).
pub fn load_calendar(data_dir: Option<&Path>) -> (WorkCalendar, Vec<FileError>) {
    let mut schedules: Vec<YearSchedule> = shipped(&SHIPPED, &parse_year);
    let (admin, problems) = admin_files(data_dir, "calendar", &parse_year);
    for schedule in admin {
        schedules.retain(|s| s.year != schedule.year);
        schedules.push(schedule);
    }
    let mut calendar = WorkCalendar::weekends_only();
    for s in &schedules {
        calendar.add_year(s.year, &s.holidays, &s.makeup_workdays);
    }
    (calendar, problems)
}

/// The zh-CN warning for a date whose year has no schedule, if it has none.
pub fn missing_year_warning(calendar: &WorkCalendar, year: i32) -> Option<String> {
    (!calendar.knows_year(year)).then(|| {
        format!(
            "警告：缺少{year}年的节假日安排，该年仅按周末计算工作日；请管理员在数据目录的 calendar/{year}.toml 中补充"
        )
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_shipped_years_are_known() {
        let (calendar, problems) = load_calendar(None);
        assert!(problems.is_empty());
        assert!(calendar.knows_year(2025) && calendar.knows_year(2026));
        assert!(missing_year_warning(&calendar, 2026).is_none());
        assert!(missing_year_warning(&calendar, 2027).unwrap().contains("2027"));
    }

    /// Every holiday and make-up day of the 2025 and 2026 State Council schedules.
    #[test]
    fn every_official_day_off_and_make_up_day() {
        let (cal, _) = load_calendar(None);
        let off: &[(NaiveDate, NaiveDate)] = &[
            (d(2025, 1, 1), d(2025, 1, 1)),
            (d(2025, 1, 28), d(2025, 2, 4)),
            (d(2025, 4, 4), d(2025, 4, 6)),
            (d(2025, 5, 1), d(2025, 5, 5)),
            (d(2025, 5, 31), d(2025, 6, 2)),
            (d(2025, 10, 1), d(2025, 10, 8)),
            (d(2026, 1, 1), d(2026, 1, 3)),
            (d(2026, 2, 15), d(2026, 2, 23)),
            (d(2026, 4, 4), d(2026, 4, 6)),
            (d(2026, 5, 1), d(2026, 5, 5)),
            (d(2026, 6, 19), d(2026, 6, 21)),
            (d(2026, 9, 25), d(2026, 9, 27)),
            (d(2026, 10, 1), d(2026, 10, 7)),
        ];
        let work = [
            d(2025, 1, 26),
            d(2025, 2, 8),
            d(2025, 4, 27),
            d(2025, 9, 28),
            d(2025, 10, 11),
            d(2026, 1, 4),
            d(2026, 2, 14),
            d(2026, 2, 28),
            d(2026, 5, 9),
            d(2026, 9, 20),
            d(2026, 10, 10),
        ];
        for &(from, to) in off {
            for day in from.iter_days().take_while(|x| *x <= to) {
                assert!(!cal.is_working_day(day), "{day} is a holiday");
            }
            // The working day before a holiday plus one working day lands after it.
            let before = from.pred_opt().unwrap();
            assert!(cal.add_working_days(before, 1) > to, "{from}");
        }
        for day in work {
            assert!(cal.is_working_day(day), "{day} is a make-up working day");
        }
        // Counted across whole years: 248 working days in each.
        assert_eq!(cal.working_days_between(d(2024, 12, 31), d(2025, 12, 31)), 248);
        assert_eq!(cal.working_days_between(d(2025, 12, 31), d(2026, 12, 31)), 248);
        // Spring Festival 2026: accepted Friday 13 February, 3 working days = Saturday 14 (make-up),
        // Tuesday 24, Wednesday 25.
        assert_eq!(cal.add_working_days(d(2026, 2, 13), 3), d(2026, 2, 25));
        // National Day 2025: accepted Friday 26 September, 2 working days = Sunday 28 (make-up),
        // Monday 29; accepted Tuesday 30 September, 1 working day = Thursday 9 October.
        assert_eq!(cal.add_working_days(d(2025, 9, 26), 2), d(2025, 9, 29));
        assert_eq!(cal.add_working_days(d(2025, 9, 30), 1), d(2025, 10, 9));
    }

    #[test]
    fn an_admin_file_overrides_a_year_and_a_bad_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("calendar")).unwrap();
        std::fs::write(
            dir.path().join("calendar/2027.toml"),
            "year = 2027\n[[holidays]]\nname = \"元旦\"\nfrom = 2027-01-01\nto = 2027-01-01\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("calendar/2028.toml"), "year = 2028\n[[holidays]]\nname = 1\n").unwrap();
        let (cal, problems) = load_calendar(Some(dir.path()));
        assert!(cal.knows_year(2027) && !cal.knows_year(2028));
        assert!(!cal.is_working_day(d(2027, 1, 1)));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].file.ends_with("2028.toml"));
    }

    /// The case clock on the real 2025 and 2026 schedules: around every day that is not what its
    /// weekday says (a holiday on a weekday, a make-up working weekend day), pauses that start or
    /// end on it, on weekends and on ordinary days, nested with an extension, give the due date a
    /// clerk counts by hand: a working day counts unless it falls after a pause's start day, up
    /// to and including its end day.
    #[test]
    fn the_case_clock_agrees_with_counting_by_hand_around_every_holiday_and_make_up_day() {
        use chrono::{Datelike, Days, Weekday};
        use onewindow_domain::{Pause, TimeLimit};
        let (cal, problems) = load_calendar(None);
        assert!(problems.is_empty());
        let by_hand = |limit: &TimeLimit| {
            let stopped =
                |day: NaiveDate| limit.pauses.iter().any(|p| p.start < day && p.end.is_some_and(|e| day <= e));
            let (mut left, mut day) = (limit.promised_days + limit.extension_days, limit.accepted_on);
            while left > 0 {
                day = day + Days::new(1);
                if cal.is_working_day(day) && !stopped(day) {
                    left -= 1;
                }
            }
            day
        };
        let mut special = Vec::new();
        let mut day = d(2025, 1, 1);
        while day.year() <= 2026 {
            let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
            if cal.is_working_day(day) == weekend {
                special.push(day);
            }
            day = day + Days::new(1);
        }
        assert!(special.len() > 40, "{}", special.len());
        let mut checked = 0;
        for s in special {
            let accepted = s - Days::new(6);
            for promised in [3, 12] {
                for offset in 0..=8u64 {
                    let start = s - Days::new(4) + Days::new(offset);
                    if start >= TimeLimit::new(accepted, promised, 20).due_date(&cal) {
                        continue; // counting by hand ends at the due date
                    }
                    for len in 0..=8u64 {
                        for extension in [0, 4] {
                            // Two pauses: this one, and one after it that ends on the special day's week.
                            let second = start + Days::new(len + 2);
                            let limit = TimeLimit {
                                pauses: vec![
                                    Pause { start, end: Some(start + Days::new(len)) },
                                    Pause { start: second, end: Some(second + Days::new(offset % 4)) },
                                ],
                                extension_days: extension,
                                ..TimeLimit::new(accepted, promised, 20)
                            };
                            if second >= by_hand(&TimeLimit { pauses: limit.pauses[..1].to_vec(), ..limit.clone() }) {
                                continue;
                            }
                            assert_eq!(limit.due_date(&cal), by_hand(&limit), "{limit:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }
}
