//! A hall's history read out for the city database (`db copy`): a page of cases at a time in
//! number order, each with everything recorded of it, by natural keys only (see
//! [`onewindow_store::history`]).

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use onewindow_store::history::{
    CaseHistory, CaseScanRecord, FindingRecord, HallHistory, MaterialRecord, PrintJobRecord, ScanRecord,
};
use onewindow_store::{CatalogStore, Result};

use crate::cases::select_cases;
use crate::{audit, backend, SqliteStore};

impl SqliteStore {
    /// Up to `limit` cases after the case number `after` (from the first when none), in number
    /// order, with the catalog versions they name. A bundle's lead is numbered before its other
    /// cases (taken the same day at the same hall, one after another), so it comes first.
    pub async fn export_history(&self, after: Option<&str>, limit: u32) -> Result<HallHistory> {
        let pool = &self.pool;
        let from = after.unwrap_or("");
        let limit = i64::from(limit.max(1));
        let rows = select_cases!(pool, "WHERE c.number > ?1 ORDER BY c.number LIMIT ?2", from, limit)?;
        let mut chains: BTreeMap<String, _> = audit::case_chains(pool, after, limit as u32)
            .await?
            .into_iter()
            .map(|chain| (chain.number.clone(), chain))
            .collect();
        let mut history = HallHistory::default();
        for case in rows {
            if let Entry::Vacant(slot) = history.catalogs.entry(case.catalog_version) {
                slot.insert(self.catalog(case.catalog_version).await?);
            }
            let (chain_head, events) = match chains.remove(&case.number) {
                Some(chain) => (chain.head, chain.events),
                None => (None, Vec::new()),
            };
            let number = case.number.as_str();
            let materials = sqlx::query_as!(
                MaterialRecord,
                "SELECT m.material_code, m.form, m.copies, m.pages FROM case_materials m
                     JOIN cases c ON c.id = m.case_id WHERE c.number = ? ORDER BY m.rowid",
                number
            )
            .fetch_all(pool)
            .await
            .map_err(backend)?;
            let findings = sqlx::query_as!(
                FindingRecord,
                "SELECT f.position, f.material_code, f.material_name, f.finding, f.rule, f.message
                     FROM case_findings f JOIN cases c ON c.id = f.case_id WHERE c.number = ? ORDER BY f.position",
                number
            )
            .fetch_all(pool)
            .await
            .map_err(backend)?;
            let scans = sqlx::query!(
                r#"SELECT s.sha256, s.media_type, s.pages, s.bytes, s.original_name, s.source_key,
                          s.received_at AS "received_at: DateTime<Utc>", s.cover_for,
                          cs.material_code, cs.position, cs.rotation
                   FROM case_scans cs JOIN scans s ON s.id = cs.scan_id JOIN cases c ON c.id = cs.case_id
                   WHERE c.number = ? ORDER BY cs.position, s.id"#,
                number
            )
            .fetch_all(pool)
            .await
            .map_err(backend)?
            .into_iter()
            .map(|r| CaseScanRecord {
                scan: ScanRecord {
                    sha256: r.sha256,
                    media_type: r.media_type,
                    pages: r.pages,
                    bytes: r.bytes,
                    original_name: r.original_name,
                    source_key: r.source_key,
                    received_at: r.received_at,
                    cover_for: r.cover_for,
                },
                material_code: r.material_code,
                position: r.position,
                rotation: r.rotation,
            })
            .collect();
            let print_jobs = sqlx::query_as!(
                PrintJobRecord,
                r#"SELECT j.document_kind, j.profile, j.queue, j.cups_job, j.state, j.error,
                          j.reprint AS "reprint: bool", u.username,
                          j.created_at AS "created_at: DateTime<Utc>", j.updated_at AS "updated_at: DateTime<Utc>"
                   FROM print_jobs j JOIN users u ON u.id = j.user_id JOIN cases c ON c.id = j.case_id
                   WHERE c.number = ? ORDER BY j.id"#,
                number
            )
            .fetch_all(pool)
            .await
            .map_err(backend)?;
            history.cases.push(CaseHistory { case, chain_head, events, materials, findings, scans, print_jobs });
        }
        Ok(history)
    }
}
