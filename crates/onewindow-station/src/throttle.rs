//! The city's sign-in, throttled as a hall's is (`onewindow_domain::signin`): at a registered
//! station, its own role reads a username's count before a password is tried, and records each
//! password the city refused (migration 0009). A station not registered has no role to count
//! with: there the city's server slows the guesses (auth_delay) and nothing more.

use chrono::Utc;
use onewindow_app::{AppError, Result};
use onewindow_domain::signin::{throttle, AttemptKind, AttemptOutcome, Throttle};
use onewindow_store::HallStore;
use onewindow_store_postgres::PgStore;

use crate::{outbox, StationConfig};

/// The station's role, counting the sign-ins typed at it.
pub(crate) struct Gate(PgStore);

impl Gate {
    /// The gate of a registered station. The city unreachable is [`AppError::Unreachable`] (the
    /// sign-in goes to the outbox); a secret missing from the keyring or refused by the city is
    /// logged, and the station signs its staff in uncounted until an admin registers it again,
    /// rather than not at all.
    pub(crate) async fn of(config: &StationConfig) -> Result<Option<Gate>> {
        match outbox::station_role(config).await {
            Ok(role) => Ok(role.map(Gate)),
            Err(AppError::Unreachable) => Err(AppError::Unreachable),
            Err(e) => {
                tracing::warn!(error = %e, "the station's role cannot count sign-ins: this one goes uncounted");
                Ok(None)
            }
        }
    }

    /// Refuses a locked-out username before its password is tried, and records that it did.
    pub(crate) async fn check(&self, username: &str, kind: AttemptKind) -> Result<()> {
        let Some(until) = self.throttle(username).await?.locked_until else { return Ok(()) };
        self.0.record_refused_sign_in(username, kind, AttemptOutcome::Refused).await?;
        tracing::warn!(username, kind = kind.as_str(), "city sign-in refused: locked out");
        Err(AppError::locked_out(until))
    }

    /// Records a password the city refused; the error to show, with the failures left before the
    /// lock-out, or the lock-out this one began.
    pub(crate) async fn failed(&self, username: &str, kind: AttemptKind) -> Result<AppError> {
        self.0.record_refused_sign_in(username, kind, AttemptOutcome::Failed).await?;
        tracing::warn!(username, kind = kind.as_str(), "city sign-in: wrong password");
        let after = self.throttle(username).await?;
        Ok(match after.locked_until {
            Some(until) => AppError::locked_out(until),
            None => AppError::CityPasswordRefused { remaining: Some(after.remaining()) },
        })
    }

    async fn throttle(&self, username: &str) -> Result<Throttle> {
        let attempts: Vec<_> = self.0.attempts_since_reset(username).await?.iter().map(|a| a.attempt()).collect();
        Ok(throttle(&attempts, Utc::now()))
    }
}
