//! The one clock of the application. Instants are UTC; what the halls see (dates, times on paper,
//! case numbers, deadlines) is China Standard Time, converted in `onewindow_domain::time` only.

use chrono::{DateTime, NaiveDate, Utc};

/// Where the application reads the time: the system clock at a station, a fixed one in tests.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always reads the same instant.
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// Any function of no arguments that tells the time, such as a test's stepping clock.
impl<F: Fn() -> DateTime<Utc> + Send + Sync> Clock for F {
    fn now(&self) -> DateTime<Utc> {
        self()
    }
}

/// Today in the halls' time zone, by `clock`.
pub fn today(clock: &dyn Clock) -> NaiveDate {
    onewindow_domain::time::local_day(clock.now())
}
