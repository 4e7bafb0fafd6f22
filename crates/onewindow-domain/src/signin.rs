//! Sign-in throttling: after five failed passwords for one username (signing in or unlocking the
//! screen, counted together), that username is refused for fifteen minutes. A success or an
//! admin's lift starts the count again. Pure: the attempts come from the store, the time from the
//! caller.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Failed passwords in a row that lock a username out.
pub const MAX_FAILURES: u32 = 5;

/// How long a locked-out username is refused.
pub fn lockout() -> Duration {
    Duration::minutes(15)
}

/// Where a password was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptKind {
    SignIn,
    Unlock,
}

/// What came of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptOutcome {
    Succeeded,
    /// A wrong password.
    Failed,
    /// Not checked: the username was locked out.
    Refused,
    /// An admin lifted the lock-out.
    Lifted,
}

snake_names!(AttemptKind { SignIn => "sign_in", Unlock => "unlock" });
snake_names!(AttemptOutcome {
    Succeeded => "succeeded",
    Failed => "failed",
    Refused => "refused",
    Lifted => "lifted",
});

/// One recorded attempt of a username, as the throttle reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    pub outcome: AttemptOutcome,
}

/// Where a username stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// Failed passwords in a row that count towards the next lock-out.
    pub failures: u32,
    /// Refused until then, if it is still to come.
    pub locked_until: Option<DateTime<Utc>>,
}

impl Throttle {
    pub fn locked(&self) -> bool {
        self.locked_until.is_some()
    }

    /// Failed passwords left before the lock-out (0 when locked).
    pub fn remaining(&self) -> u32 {
        if self.locked() {
            0
        } else {
            MAX_FAILURES.saturating_sub(self.failures)
        }
    }
}

/// The throttle of a username from its attempts in the order they happened. A lock-out ends by
/// itself fifteen minutes after the failure that caused it, and the count then starts from
/// nothing; attempts refused while locked are not counted (they could not be checked).
pub fn throttle(attempts: &[Attempt], now: DateTime<Utc>) -> Throttle {
    let mut failures = 0;
    let mut locked_until: Option<DateTime<Utc>> = None;
    for a in attempts.iter().filter(|a| a.at <= now) {
        if locked_until.is_some_and(|until| a.at >= until) {
            locked_until = None;
        }
        match a.outcome {
            AttemptOutcome::Succeeded | AttemptOutcome::Lifted => {
                failures = 0;
                locked_until = None;
            }
            AttemptOutcome::Failed if locked_until.is_none() => {
                failures += 1;
                if failures >= MAX_FAILURES {
                    failures = 0;
                    locked_until = Some(a.at + lockout());
                }
            }
            AttemptOutcome::Failed | AttemptOutcome::Refused => {}
        }
    }
    Throttle { failures, locked_until: locked_until.filter(|until| *until > now) }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 1, 0, 0).unwrap() + Duration::minutes(minute)
    }

    fn attempts(list: &[(i64, AttemptOutcome)]) -> Vec<Attempt> {
        list.iter().map(|&(m, outcome)| Attempt { at: at(m), outcome }).collect()
    }

    use AttemptOutcome::{Failed, Lifted, Refused, Succeeded};

    #[test]
    fn four_failures_leave_one_try_and_the_fifth_locks_for_fifteen_minutes() {
        let four = attempts(&[(0, Failed), (1, Failed), (2, Failed), (3, Failed)]);
        assert_eq!(throttle(&four, at(3)), Throttle { failures: 4, locked_until: None });
        assert_eq!(throttle(&four, at(3)).remaining(), 1);
        let five = attempts(&[(0, Failed), (1, Failed), (2, Failed), (3, Failed), (4, Failed)]);
        let t = throttle(&five, at(4));
        assert_eq!(t.locked_until, Some(at(19)));
        assert_eq!(t.remaining(), 0);
        assert!(throttle(&five, at(18)).locked());
        // Over by itself at 19 minutes, and the count starts again from nothing.
        assert_eq!(throttle(&five, at(19)), Throttle { failures: 0, locked_until: None });
    }

    #[test]
    fn a_success_or_a_lift_starts_the_count_again() {
        let list = attempts(&[(0, Failed), (1, Failed), (2, Failed), (3, Failed), (4, Succeeded), (5, Failed)]);
        assert_eq!(throttle(&list, at(5)), Throttle { failures: 1, locked_until: None });
        let lifted = attempts(&[(0, Failed), (1, Failed), (2, Failed), (3, Failed), (4, Failed), (6, Lifted)]);
        assert_eq!(throttle(&lifted, at(6)), Throttle { failures: 0, locked_until: None });
    }

    #[test]
    fn attempts_while_locked_neither_count_nor_prolong_the_lock() {
        let mut list = attempts(&[(0, Failed), (1, Failed), (2, Failed), (3, Failed), (4, Failed)]);
        list.extend(attempts(&[(5, Refused), (10, Refused), (18, Refused)]));
        assert_eq!(throttle(&list, at(18)).locked_until, Some(at(19)));
        assert_eq!(throttle(&list, at(19)), Throttle { failures: 0, locked_until: None });
        // A failure recorded while locked (two stations at once) does not count either.
        let raced = attempts(&[(0, Failed), (1, Failed), (2, Failed), (3, Failed), (4, Failed), (4, Failed)]);
        assert_eq!(throttle(&raced, at(30)), Throttle { failures: 0, locked_until: None });
    }

    #[test]
    fn failures_after_a_lock_out_lock_again_after_five_more() {
        let mut list: Vec<Attempt> = (0..5).map(|m| Attempt { at: at(m), outcome: Failed }).collect();
        list.extend((20..24).map(|m| Attempt { at: at(m), outcome: Failed }));
        assert_eq!(throttle(&list, at(24)), Throttle { failures: 4, locked_until: None });
        list.push(Attempt { at: at(25), outcome: Failed });
        assert_eq!(throttle(&list, at(25)).locked_until, Some(at(40)));
    }

    #[test]
    fn attempts_after_now_are_not_read_and_none_is_a_clean_slate() {
        let list = attempts(&[(0, Failed), (1, Failed), (2, Failed), (3, Failed), (4, Failed)]);
        assert_eq!(throttle(&list, at(3)), Throttle { failures: 4, locked_until: None });
        assert_eq!(throttle(&[], at(0)), Throttle { failures: 0, locked_until: None });
        assert_eq!(throttle(&[], at(0)).remaining(), MAX_FAILURES);
    }

    #[test]
    fn kinds_and_outcomes_have_stable_names() {
        for (k, name) in [(AttemptKind::SignIn, "sign_in"), (AttemptKind::Unlock, "unlock")] {
            assert_eq!(k.as_str(), name);
            assert_eq!(AttemptKind::parse(name), Some(k));
        }
        for o in [Succeeded, Failed, Refused, Lifted] {
            assert_eq!(AttemptOutcome::parse(o.as_str()), Some(o));
        }
    }
}
