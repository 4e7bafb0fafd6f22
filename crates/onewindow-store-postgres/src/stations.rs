//! A station's own role (migration 0007): registered by an admin, it leases case numbers while
//! online, hands in the intakes it took offline and records the passwords the city refused at it,
//! and does nothing else.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use onewindow_domain::signin::{AttemptKind, AttemptOutcome};
use onewindow_store::history::{CaseHistory, CaseImport};
use onewindow_store::{Result, StoreError};
use serde_json::json;

use crate::{refused, PgStore};

/// A block of a hall's case numbers for one day, leased to one station.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberLease {
    pub day: NaiveDate,
    pub first: i64,
    pub last: i64,
}

impl PgStore {
    /// Registers (or registers again, with a new password) the station role `name` for `hall` and
    /// its `window`; as an admin or the owner.
    pub async fn register_station(&self, name: &str, hall: &str, window: Option<&str>, password: &str) -> Result<()> {
        sqlx::query!("SELECT onewindow_register_station($1, $2, $3, $4)", name, hall, window, password)
            .execute(&self.pool)
            .await
            .map_err(refused)?;
        Ok(())
    }

    /// As a station's role: `count` case numbers of its hall for `day`, after every number taken.
    pub async fn lease_numbers(&self, day: NaiveDate, count: i32) -> Result<NumberLease> {
        let row = sqlx::query!(
            r#"SELECT lease_first AS "first!", lease_last AS "last!" FROM onewindow_lease_numbers($1, $2)"#,
            day,
            count
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.code().as_deref() == Some("OW409") => {
                StoreError::Conflict(format!("case numbers of {day} used up"))
            }
            _ => refused(e),
        })?;
        Ok(NumberLease { day, first: row.first, last: row.last })
    }

    /// As a station's role: a password the city refused for `username` at this station
    /// ([`AttemptOutcome::Failed`]) or did not try because the username was locked out
    /// ([`AttemptOutcome::Refused`]), for the city's sign-in throttle (migration 0009).
    pub async fn record_refused_sign_in(
        &self,
        username: &str,
        kind: AttemptKind,
        outcome: AttemptOutcome,
    ) -> Result<()> {
        sqlx::query!("SELECT onewindow_record_refused_sign_in($1, $2, $3)", username, kind.as_str(), outcome.as_str())
            .execute(&self.pool)
            .await
            .map_err(refused)?;
        Ok(())
    }

    /// As a station's role: hands in one intake taken offline, under its idempotency key.
    /// `catalog_version` is the city's version the case was decided under.
    pub async fn hand_in(&self, intake_key: &str, history: &CaseHistory, catalog_version: i64) -> Result<CaseImport> {
        let payload = hand_in_payload(history, catalog_version).to_string();
        let answer =
            sqlx::query_scalar!(r#"SELECT onewindow_hand_in($1, ($2::text)::jsonb) AS "answer!""#, intake_key, payload)
                .fetch_one(&self.pool)
                .await
                .map_err(refused)?;
        Ok(match answer.as_str() {
            "copied" => CaseImport::Copied { new_scans: 0 },
            "present" => CaseImport::Present,
            other => CaseImport::Conflict(other.strip_prefix("conflict:").unwrap_or(other).to_string()),
        })
    }
}

/// A time to the microsecond, as PostgreSQL keeps it and the audit chain hashes it: cut, not
/// rounded (PostgreSQL rounds the digits of a text it is given, so a time sent to the nanosecond
/// could land on the next microsecond and no longer match its event's hash).
fn micros(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The case as `onewindow_hand_in` reads it: natural keys, and the stored forms of every value.
fn hand_in_payload(h: &CaseHistory, catalog_version: i64) -> serde_json::Value {
    let c = &h.case;
    let events: Vec<_> = h
        .events
        .iter()
        .map(|e| {
            json!({
                "seq": e.seq, "at": micros(e.at), "action": e.action.map_or("create", |a| a.as_str()),
                "from_state": e.from_state.map(|s| s.as_str()), "to_state": e.to_state.as_str(),
                "actor_username": e.actor_username, "hall_code": e.hall_code, "window": e.window,
                "reason": e.reason, "detail": e.detail, "hash": e.hash,
            })
        })
        .collect();
    let materials: Vec<_> = h
        .materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            json!({"position": i, "material_code": m.material_code, "form": m.form, "copies": m.copies, "pages": m.pages})
        })
        .collect();
    let findings: Vec<_> = h
        .findings
        .iter()
        .map(|f| {
            json!({
                "position": f.position, "material_code": f.material_code, "material_name": f.material_name,
                "finding": f.finding, "rule": f.rule, "message": f.message,
            })
        })
        .collect();
    let scans: Vec<_> = h
        .scans
        .iter()
        .map(|s| {
            json!({
                "sha256": s.scan.sha256, "media_type": s.scan.media_type, "pages": s.scan.pages,
                "bytes": s.scan.bytes, "original_name": s.scan.original_name, "source_key": s.scan.source_key,
                "received_at": micros(s.scan.received_at), "cover_for": s.scan.cover_for,
                "material_code": s.material_code, "position": s.position, "rotation": s.rotation,
            })
        })
        .collect();
    let print_jobs: Vec<_> = h
        .print_jobs
        .iter()
        .map(|j| {
            json!({
                "document_kind": j.document_kind, "profile": j.profile, "queue": j.queue, "cups_job": j.cups_job,
                "state": j.state, "error": j.error, "reprint": j.reprint, "username": j.username,
                "created_at": micros(j.created_at), "updated_at": micros(j.updated_at),
            })
        })
        .collect();
    json!({
        "number": c.number, "verification_code": c.verification_code, "catalog_version": catalog_version,
        "service_item_code": c.service_item_code, "department_code": c.department.code,
        "applicant_kind": c.applicant_kind.as_str(), "applicant_name": c.applicant_name,
        "applicant_id_kind": c.applicant_id_kind.cli_name(), "applicant_id_number": c.applicant_id_number,
        "applicant_phone": c.applicant_phone, "agent_name": c.agent_name,
        "agent_id_kind": c.agent_id_kind.map(|k| k.cli_name()), "agent_id_number": c.agent_id_number,
        "hall_code": c.hall_code, "window": c.window, "clerk_username": c.clerk_username,
        "state": c.state.as_str(), "delivery": c.delivery.as_str(), "pickup_hall_code": c.pickup_hall_code,
        "delivery_address": c.delivery_address, "created_at": micros(c.created_at), "accepted_at": c.accepted_at.map(micros),
        "due_date": c.due_date, "shortfall_supplement_due": c.shortfall_supplement_due,
        "statutory_due": c.statutory_due, "correction_due": c.correction_due, "extension_days": c.extension_days,
        "shortfall_broken_on": c.shortfall_broken_on, "claimed_by_username": c.claimed_by_username,
        "chain_head": h.chain_head, "bundle_code": c.bundle_code, "bundle_lead": c.bundle_lead,
        "events": events, "materials": materials, "findings": findings, "scans": scans, "print_jobs": print_jobs,
    })
}
