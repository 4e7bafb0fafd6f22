//! The bookkeeping of a city station's offline outbox (migration 0018): the city's catalog
//! versions imported into it, the case numbers leased to the station, and each intake's hand-in.
//! The outbox is a store of this schema of its own, so offline intakes run through the same
//! application code as online ones.

use chrono::{DateTime, NaiveDate, Utc};
use onewindow_store::{Result, StoreError};

use crate::{backend, SqliteStore};

/// An offline intake not yet taken by the city: its case number, and the key it is handed in with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingHandIn {
    pub case_number: String,
    /// Set at the first try; None before it.
    pub intake_key: Option<String>,
    /// Why the city refused the last try, if it did.
    pub conflict: Option<String>,
}

impl SqliteStore {
    /// The outbox's own version of the city's catalog version `city_version`, if imported.
    pub async fn outbox_catalog(&self, city_version: i64) -> Result<Option<i64>> {
        sqlx::query_scalar!(r#"SELECT local_version AS "v!" FROM outbox_catalogs WHERE city_version = ?"#, city_version)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }

    /// The city's version of the outbox's catalog version `local_version`.
    pub async fn city_catalog(&self, local_version: i64) -> Result<Option<i64>> {
        sqlx::query_scalar!("SELECT city_version FROM outbox_catalogs WHERE local_version = ?", local_version)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }

    pub async fn record_outbox_catalog(&self, local_version: i64, city_version: i64) -> Result<()> {
        sqlx::query!(
            "INSERT INTO outbox_catalogs (local_version, city_version) VALUES (?, ?)",
            local_version,
            city_version
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    pub async fn record_lease(
        &self,
        hall_code: &str,
        day: NaiveDate,
        first: i64,
        last: i64,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let day = day.format("%Y-%m-%d").to_string();
        let at = at.to_rfc3339();
        sqlx::query!(
            "INSERT INTO number_leases (hall_code, day, first, last, leased_at) VALUES (?, ?, ?, ?, ?)",
            hall_code,
            day,
            first,
            last,
            at
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    /// How many case numbers leased to the station for `day` are still unused.
    pub async fn leased_numbers_left(&self, hall_code: &str, day: NaiveDate) -> Result<i64> {
        let day = day.format("%Y-%m-%d").to_string();
        sqlx::query_scalar!(
            r#"SELECT coalesce(sum(l.last - max(l.first, coalesce(q.last, 0) + 1) + 1), 0) AS "n!: i64"
               FROM number_leases l
               LEFT JOIN halls h ON h.code = l.hall_code
               LEFT JOIN case_number_sequences q ON q.hall_id = h.id AND q.day = l.day
               WHERE l.hall_code = ? AND l.day = ? AND l.last > coalesce(q.last, 0)"#,
            hall_code,
            day
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)
    }

    /// The offline intakes the city has not taken, in the order they were taken in (their numbers).
    pub async fn pending_hand_ins(&self) -> Result<Vec<PendingHandIn>> {
        let rows = sqlx::query!(
            r#"SELECT c.number AS "number!", h.intake_key, h.conflict FROM cases c
               LEFT JOIN outbox_hand_ins h ON h.case_number = c.number
               WHERE h.handed_in_at IS NULL ORDER BY c.number"#
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| PendingHandIn { case_number: r.number, intake_key: r.intake_key, conflict: r.conflict })
            .collect())
    }

    /// The key `case_number` is handed in with: the one given at its first try, kept for every later one.
    pub async fn hand_in_key(&self, case_number: &str, new_key: &str, at: DateTime<Utc>) -> Result<String> {
        let at = at.to_rfc3339();
        sqlx::query!(
            "INSERT INTO outbox_hand_ins (case_number, intake_key, tried_at) VALUES (?, ?, ?)
                 ON CONFLICT (case_number) DO UPDATE SET tried_at = excluded.tried_at",
            case_number,
            new_key,
            at
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        sqlx::query_scalar!("SELECT intake_key FROM outbox_hand_ins WHERE case_number = ?", case_number)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    /// Records the city's answer to a hand-in: taken (`conflict` None), or refused and why.
    pub async fn record_hand_in(&self, case_number: &str, conflict: Option<&str>, at: DateTime<Utc>) -> Result<()> {
        let handed_in_at = conflict.is_none().then(|| at.to_rfc3339());
        sqlx::query!(
            "UPDATE outbox_hand_ins SET handed_in_at = ?, conflict = ? WHERE case_number = ?",
            handed_in_at,
            conflict,
            case_number
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }
}

/// In an outbox (a file holding the city's catalog), the case number `taken` from the hall's
/// sequence if the city leased it to the station, else the first leased one after it, the
/// sequence moved on to it; no leased number left refuses the intake. A hall's own file numbers
/// freely. In the case's transaction, so that the number and the case are one write.
pub(crate) async fn leased(
    tx: &mut sqlx::SqliteConnection,
    hall_id: i64,
    hall_code: &str,
    day: &str,
    taken: i64,
) -> Result<i64> {
    let outbox = sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM outbox_catalogs) AS "b!: bool""#)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
    if !outbox {
        return Ok(taken);
    }
    let next = sqlx::query_scalar!(
        r#"SELECT max(first, ?) AS "n!: i64" FROM number_leases
           WHERE hall_code = ? AND day = ? AND last >= ? ORDER BY first LIMIT 1"#,
        taken,
        hall_code,
        day,
        taken
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(backend)?
    .ok_or(StoreError::NoLeasedNumbers)?;
    if next != taken {
        sqlx::query!("UPDATE case_number_sequences SET last = ? WHERE hall_id = ? AND day = ?", next, hall_id, day)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
    }
    Ok(next)
}
