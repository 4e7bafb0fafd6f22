//! A case's time limit (办理时限): the promised and statutory limits in working days from the day
//! after acceptance, moved by every pause (补正, 特别程序) and by the one extension (延期).
//!
//! The rule, as the review screen's timeline also states it: the day a pause starts still counts;
//! the clock restarts on the working day after it ends; so the due date moves by the number of
//! working days after the start day up to and including the end day. A case's dates are this
//! function of its events, nothing else.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::case::CaseAction;

/// A stretch in which the limit does not run; `end` is none while it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeLimit {
    /// The local day of acceptance; counting starts the working day after.
    pub accepted_on: NaiveDate,
    pub promised_days: u32,
    pub statutory_days: u32,
    pub pauses: Vec<Pause>,
    pub extension_days: u32,
}

/// Where a case stands against its promised limit, as e-supervision systems colour it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LimitStatus {
    /// 已暂停: waiting for a correction or a special procedure.
    Paused,
    /// Green: more working days left than the warning threshold.
    OnTrack {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        remaining: i64,
    },
    /// Yellow (预警): at or under the threshold.
    Warning {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        remaining: i64,
    },
    /// Red (超期): `days` working days past the due date.
    Overdue {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days: i64,
    },
}

impl TimeLimit {
    pub fn new(accepted_on: NaiveDate, promised_days: u32, statutory_days: u32) -> Self {
        TimeLimit { accepted_on, promised_days, statutory_days, pauses: Vec::new(), extension_days: 0 }
    }

    /// The time limit as a case's history leaves it: each step is an action with its local day and,
    /// for an extension, its working days. Actions that do not touch the clock are ignored.
    pub fn from_history(
        accepted_on: NaiveDate,
        promised_days: u32,
        statutory_days: u32,
        steps: impl IntoIterator<Item = (CaseAction, NaiveDate, u32)>,
    ) -> Self {
        let mut limit = TimeLimit::new(accepted_on, promised_days, statutory_days);
        for (action, day, days) in steps {
            limit.apply(action, day, days);
        }
        limit
    }

    /// Applies one action taken on `day` (`days`: an extension's working days).
    pub fn apply(&mut self, action: CaseAction, day: NaiveDate, days: u32) {
        match action {
            CaseAction::RequestCorrection | CaseAction::StartSpecialProcedure if !self.is_paused() => {
                self.pauses.push(Pause { start: day, end: None })
            }
            CaseAction::SubmitCorrection | CaseAction::EndSpecialProcedure | CaseAction::Withdraw => {
                if let Some(open) = self.pauses.last_mut().filter(|p| p.end.is_none()) {
                    open.end = Some(day.max(open.start));
                }
            }
            CaseAction::Extend => self.extension_days += days,
            _ => {}
        }
    }

    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.end.is_none())
    }

    /// Working days the ended pauses moved the limit by.
    pub fn paused_working_days(&self, calendar: &WorkCalendar) -> u32 {
        self.pauses.iter().filter_map(|p| p.end.map(|end| calendar.working_days_between(p.start, end))).sum()
    }

    /// The promised due date (承诺时限). A pause still running has not moved it yet: it moves when
    /// the pause ends.
    pub fn due_date(&self, calendar: &WorkCalendar) -> NaiveDate {
        self.after(calendar, self.promised_days)
    }

    /// The statutory due date (法定时限), moved by the same pauses and the extension.
    pub fn statutory_due(&self, calendar: &WorkCalendar) -> NaiveDate {
        self.after(calendar, self.statutory_days)
    }

    fn after(&self, calendar: &WorkCalendar, days: u32) -> NaiveDate {
        let moved = days + self.paused_working_days(calendar) + self.extension_days;
        calendar.add_working_days(self.accepted_on, moved)
    }

    /// Where the case stands on `today`, with the item's warning threshold in working days.
    pub fn status(&self, calendar: &WorkCalendar, today: NaiveDate, warning_days: u32) -> LimitStatus {
        if self.is_paused() {
            return LimitStatus::Paused;
        }
        status_of(calendar, today, self.due_date(calendar), warning_days)
    }
}

/// Where a due date stands on `today`: green, yellow at or under `warning_days` left, red past it.
pub fn status_of(calendar: &WorkCalendar, today: NaiveDate, due: NaiveDate, warning_days: u32) -> LimitStatus {
    let remaining = calendar.remaining_working_days(today, due);
    if remaining < 0 {
        LimitStatus::Overdue { days: -remaining }
    } else if remaining <= i64::from(warning_days) {
        LimitStatus::Warning { remaining }
    } else {
        LimitStatus::OnTrack { remaining }
    }
}

/// The warning threshold (预警) of an item: its own when the catalog sets one, else the larger of
/// one working day and a fifth of the promised limit (rounded up).
pub fn warning_threshold(promised_days: u32, item_warning_days: Option<u32>) -> u32 {
    item_warning_days.unwrap_or_else(|| promised_days.div_ceil(5).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_pause_moves_the_due_date_by_the_working_days_after_its_start_through_its_end() {
        let cal = WorkCalendar::weekends_only();
        // Accepted Monday 23 Nov, 5 working days: due Monday 30 Nov.
        let mut limit = TimeLimit::new(d(11, 23), 5, 20);
        assert_eq!(limit.due_date(&cal), d(11, 30));
        // Paused Tuesday 24 (still counts) to Thursday 26 (does not): Wed and Thu, two days.
        limit.apply(CaseAction::RequestCorrection, d(11, 24), 0);
        assert!(limit.is_paused());
        assert_eq!(limit.due_date(&cal), d(11, 30), "an open pause moves nothing yet");
        limit.apply(CaseAction::SubmitCorrection, d(11, 26), 0);
        assert_eq!(limit.paused_working_days(&cal), 2);
        assert_eq!(limit.due_date(&cal), d(12, 2));
        // A pause from Friday to Monday costs one working day (Monday).
        limit.apply(CaseAction::StartSpecialProcedure, d(11, 27), 0);
        limit.apply(CaseAction::EndSpecialProcedure, d(11, 30), 0);
        assert_eq!(limit.due_date(&cal), d(12, 3));
        // Paused and resumed on the same day: nothing.
        limit.apply(CaseAction::RequestCorrection, d(12, 1), 0);
        limit.apply(CaseAction::SubmitCorrection, d(12, 1), 0);
        assert_eq!(limit.due_date(&cal), d(12, 3));
        // The extension adds its working days to both limits.
        limit.apply(CaseAction::Extend, d(12, 1), 10);
        assert_eq!(limit.due_date(&cal), d(12, 17));
        assert_eq!(limit.statutory_due(&cal), cal.add_working_days(d(11, 23), 20 + 3 + 10));
    }

    #[test]
    fn from_history_ignores_what_does_not_touch_the_clock() {
        let cal = WorkCalendar::weekends_only();
        let steps = [
            (CaseAction::HandOff, d(11, 23), 0),
            (CaseAction::Claim, d(11, 24), 0),
            (CaseAction::RequestCorrection, d(11, 24), 0),
            (CaseAction::ExtendCorrection, d(11, 25), 0),
            // A second start while paused does not open a second pause.
            (CaseAction::StartSpecialProcedure, d(11, 25), 0),
            (CaseAction::SubmitCorrection, d(11, 26), 0),
            (CaseAction::Approve, d(11, 27), 0),
        ];
        let limit = TimeLimit::from_history(d(11, 23), 5, 20, steps);
        assert_eq!(limit.pauses, vec![Pause { start: d(11, 24), end: Some(d(11, 26)) }]);
        assert_eq!(limit.due_date(&cal), d(12, 2));
    }

    #[test]
    fn status_is_paused_green_yellow_or_red() {
        let cal = WorkCalendar::weekends_only();
        let mut limit = TimeLimit::new(d(11, 23), 10, 20); // due Monday 7 Dec
        assert_eq!(limit.due_date(&cal), d(12, 7));
        assert_eq!(limit.status(&cal, d(11, 24), 2), LimitStatus::OnTrack { remaining: 9 });
        assert_eq!(limit.status(&cal, d(12, 3), 2), LimitStatus::Warning { remaining: 2 });
        assert_eq!(limit.status(&cal, d(12, 7), 2), LimitStatus::Warning { remaining: 0 });
        assert_eq!(limit.status(&cal, d(12, 9), 2), LimitStatus::Overdue { days: 2 });
        limit.apply(CaseAction::RequestCorrection, d(12, 9), 0);
        assert_eq!(limit.status(&cal, d(12, 9), 2), LimitStatus::Paused);
    }

    #[test]
    fn the_warning_threshold_defaults_to_a_day_or_a_fifth() {
        assert_eq!(warning_threshold(1, None), 1);
        assert_eq!(warning_threshold(5, None), 1);
        assert_eq!(warning_threshold(6, None), 2);
        assert_eq!(warning_threshold(20, None), 4);
        assert_eq!(warning_threshold(20, Some(3)), 3);
        assert_eq!(warning_threshold(0, None), 1);
    }

    /// Counting day by day, as a clerk would with a paper calendar: a working day counts unless it
    /// falls after a pause's start day, up to and including its end day.
    fn by_hand(cal: &WorkCalendar, limit: &TimeLimit) -> NaiveDate {
        let stopped = |day: NaiveDate| limit.pauses.iter().any(|p| p.start < day && p.end.is_some_and(|e| day <= e));
        let mut left = limit.promised_days + limit.extension_days;
        let mut day = limit.accepted_on;
        while left > 0 {
            day = day + Days::new(1);
            if cal.is_working_day(day) && !stopped(day) {
                left -= 1;
            }
        }
        day
    }

    #[test]
    fn the_rule_agrees_with_counting_by_hand_around_a_holiday() {
        let mut cal = WorkCalendar::weekends_only();
        let holidays: Vec<_> = (1..=7).map(|day| d(10, day)).collect();
        cal.add_year(2026, &holidays, &[d(9, 20), d(10, 10)]);
        let start = d(9, 14);
        for promised in [1, 5, 20] {
            for a in 0..40u64 {
                for len in 0..12u64 {
                    let ps = start + Days::new(a);
                    if ps >= TimeLimit::new(start, promised, 30).due_date(&cal) {
                        continue; // the counting by hand stops at the due date
                    }
                    let limit = TimeLimit {
                        pauses: vec![Pause { start: ps, end: Some(ps + Days::new(len)) }],
                        extension_days: (a % 3) as u32,
                        ..TimeLimit::new(start, promised, 30)
                    };
                    assert_eq!(limit.due_date(&cal), by_hand(&cal, &limit), "{limit:?}");
                }
            }
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use chrono::Days;
    use proptest::prelude::*;

    fn day(offset: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Days::new(offset)
    }

    proptest! {
        /// Whatever the calendar, adding a pause or an extension never brings a deadline forward.
        #[test]
        fn a_pause_never_shortens_a_deadline(
            holidays in proptest::collection::vec(0u64..730, 0..40),
            makeups in proptest::collection::vec(0u64..730, 0..10),
            accepted in 0u64..700,
            promised in 0u32..40,
            pauses in proptest::collection::vec((0u64..120, 0u64..30), 0..4),
            extension in 0u32..15,
        ) {
            let mut cal = WorkCalendar::weekends_only();
            let hs: Vec<_> = holidays.into_iter().map(day).collect();
            let ms: Vec<_> = makeups.into_iter().map(day).collect();
            cal.add_year(2025, &hs, &ms);
            let mut limit = TimeLimit::new(day(accepted), promised, promised + 10);
            let mut before = limit.due_date(&cal);
            let mut start = day(accepted);
            for (gap, len) in pauses {
                start = start + Days::new(gap);
                limit.apply(CaseAction::StartSpecialProcedure, start, 0);
                prop_assert!(limit.due_date(&cal) >= before);
                start = start + Days::new(len);
                limit.apply(CaseAction::EndSpecialProcedure, start, 0);
                let after = limit.due_date(&cal);
                prop_assert!(after >= before);
                prop_assert!(limit.statutory_due(&cal) >= after);
                before = after;
            }
            limit.apply(CaseAction::Extend, start, extension);
            prop_assert!(limit.due_date(&cal) >= before);
        }
    }
}
