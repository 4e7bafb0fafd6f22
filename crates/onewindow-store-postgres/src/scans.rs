//! Scans: the record of every stored file, quarantine, and what each is filed under.
//!
//! Many stations share one server here: the same paper reaches two inboxes at once, and two
//! clerks may order one case's scans at the same moment. The content's uniqueness is left to
//! the table's constraint, and whatever decides a case's order of scans holds the case's row.

use chrono::{DateTime, Utc};
use onewindow_store::{CaseScanRow, NewScan, Result, ScanRecorded, ScanRow, ScanStore, StoreError};
use sqlx::PgConnection;

use crate::{backend, PgStore};

/// Puts a stored scan under a material of a case, after the case's other scans.
///
/// The next position is read from the case's scans: the caller holds the case's row (locked, or
/// new in its own transaction), so no other station takes the same position meanwhile.
pub(crate) async fn assign_in(
    tx: &mut PgConnection,
    case_id: i64,
    material_code: &str,
    sha256: &str,
    rotation: u16,
) -> Result<()> {
    let scan_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM scans WHERE sha256 = $1"#, sha256)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("scan {sha256}")))?;
    let rotation = i64::from(rotation);
    sqlx::query!(
        "INSERT INTO case_scans (case_id, scan_id, material_code, position, rotation)
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM case_scans WHERE case_id = $1), $4)
         ON CONFLICT (case_id, scan_id) DO UPDATE SET material_code = excluded.material_code, rotation = excluded.rotation",
        case_id,
        scan_id,
        material_code,
        rotation
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    Ok(())
}

impl PgStore {
    async fn select_scans(&self, sha256: Option<&str>, unassigned: bool, limit: u32) -> Result<Vec<ScanRow>> {
        let limit = i64::from(limit);
        let rows = sqlx::query!(
            r#"SELECT s.id AS "id!", s.sha256, s.media_type, s.pages, s.bytes, s.original_name, s.received_at,
                      c.number AS "case_number?", cs.material_code AS "material_code?"
               FROM scans s LEFT JOIN case_scans cs ON cs.scan_id = s.id LEFT JOIN cases c ON c.id = cs.case_id
               WHERE ($1::text IS NULL OR s.sha256 = $1)
                 AND (NOT $2::boolean OR (cs.scan_id IS NULL AND s.cover_for IS NULL))
               ORDER BY s.id DESC LIMIT $3"#,
            sha256,
            unassigned,
            limit
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| ScanRow {
                id: r.id,
                sha256: r.sha256,
                media_type: r.media_type,
                pages: r.pages as u32,
                bytes: r.bytes as u64,
                original_name: r.original_name,
                received_at: r.received_at,
                case_number: r.case_number,
                material_code: r.material_code,
            })
            .collect())
    }

    /// Holds the case's row until the transaction ends: what orders the case's scans waits here
    /// for whoever is ordering them already, then reads what that one committed. `NO KEY`: rows
    /// that only refer to the case (its events, print jobs) are not held up by it.
    async fn lock_case(tx: &mut PgConnection, case_number: &str) -> Result<Option<i64>> {
        sqlx::query_scalar!(r#"SELECT id AS "id!" FROM cases WHERE number = $1 FOR NO KEY UPDATE"#, case_number)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)
    }
}

#[async_trait::async_trait]
impl ScanStore for PgStore {
    async fn record_scan(&self, scan: &NewScan) -> Result<ScanRecorded> {
        let (pages, bytes) = (i64::from(scan.pages), scan.bytes as i64);
        // The insert first: two stations recording the same content at once meet at the unique
        // sha256, and the second waits for the first and then stores nothing.
        let id = sqlx::query_scalar!(
            r#"INSERT INTO scans (sha256, media_type, pages, bytes, original_name, source_key, received_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING RETURNING id AS "id!""#,
            scan.sha256,
            scan.media_type,
            pages,
            bytes,
            scan.original_name,
            scan.source_key,
            scan.at
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        if let Some(id) = id {
            return Ok(ScanRecorded::New(id));
        }
        // A new statement sees the row that won (scans are never deleted).
        let row = sqlx::query!(r#"SELECT id AS "id!", source_key FROM scans WHERE sha256 = $1"#, scan.sha256)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::NotFound(format!("scan {}", scan.sha256)))?;
        Ok(if row.source_key == scan.source_key {
            ScanRecorded::SameSource(row.id)
        } else {
            ScanRecorded::Duplicate(row.id)
        })
    }

    async fn record_quarantine(
        &self,
        original_name: &str,
        code: &str,
        reason: &str,
        moved_to: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query!(
            "INSERT INTO quarantined_files (original_name, code, reason, moved_to, at) VALUES ($1, $2, $3, $4, $5)",
            original_name,
            code,
            reason,
            moved_to,
            at
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn scans(&self, unassigned: bool, limit: u32) -> Result<Vec<ScanRow>> {
        self.select_scans(None, unassigned, limit).await
    }

    async fn scan(&self, sha256: &str) -> Result<Option<ScanRow>> {
        Ok(self.select_scans(Some(sha256), false, 1).await?.into_iter().next())
    }

    async fn assign_scan(&self, case_number: &str, material_code: &str, sha256: &str, rotation: u16) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let case_id = Self::lock_case(&mut tx, case_number)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("case {case_number}")))?;
        assign_in(&mut tx, case_id, material_code, sha256, rotation).await?;
        tx.commit().await.map_err(backend)
    }

    async fn move_scan(&self, case_number: &str, sha256: &str, up: bool) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let not_found = || StoreError::NotFound(format!("scan {sha256} on case {case_number}"));
        let case_id = Self::lock_case(&mut tx, case_number).await?.ok_or_else(not_found)?;
        let me = sqlx::query!(
            r#"SELECT cs.case_id AS "case_id!", cs.scan_id AS "scan_id!", cs.material_code, cs.position
               FROM case_scans cs JOIN scans s ON s.id = cs.scan_id
               WHERE cs.case_id = $1 AND s.sha256 = $2
               FOR UPDATE OF cs"#,
            case_id,
            sha256
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(not_found)?;
        // The neighbour within the same material, if there is one: the two swap places.
        let neighbour = sqlx::query!(
            r#"SELECT scan_id AS "scan_id!", position FROM case_scans
               WHERE case_id = $1 AND material_code = $2
                 AND CASE WHEN $3::boolean THEN position < $4 ELSE position > $4 END
               ORDER BY CASE WHEN $3::boolean THEN -position ELSE position END LIMIT 1
               FOR UPDATE"#,
            me.case_id,
            me.material_code,
            up,
            me.position
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .map(|r| (r.scan_id, r.position));
        if let Some((other, other_position)) = neighbour {
            sqlx::query!(
                "UPDATE case_scans SET position = $1 WHERE case_id = $2 AND scan_id = $3",
                other_position,
                me.case_id,
                me.scan_id
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            sqlx::query!(
                "UPDATE case_scans SET position = $1 WHERE case_id = $2 AND scan_id = $3",
                me.position,
                me.case_id,
                other
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn mark_cover(&self, sha256: &str, case_number: &str, material_code: &str) -> Result<()> {
        let cover = format!("{case_number}|{material_code}");
        let done = sqlx::query!("UPDATE scans SET cover_for = $1 WHERE sha256 = $2", cover, sha256)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("scan {sha256}")));
        }
        Ok(())
    }

    async fn unassign_scan(&self, case_number: &str, sha256: &str) -> Result<()> {
        let done = sqlx::query!(
            "DELETE FROM case_scans WHERE case_id = (SELECT id FROM cases WHERE number = $1)
                 AND scan_id = (SELECT id FROM scans WHERE sha256 = $2)",
            case_number,
            sha256
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("scan {sha256} on case {case_number}")));
        }
        Ok(())
    }

    async fn case_scans(&self, case_number: &str) -> Result<Vec<CaseScanRow>> {
        let rows = sqlx::query!(
            r#"SELECT cs.material_code, cs.position, cs.rotation, s.id AS "id!", s.sha256, s.media_type, s.pages,
                      s.bytes, s.original_name, s.received_at
               FROM case_scans cs JOIN cases c ON c.id = cs.case_id JOIN scans s ON s.id = cs.scan_id
               WHERE c.number = $1 ORDER BY cs.position"#,
            case_number
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| CaseScanRow {
                material_code: r.material_code.clone(),
                position: r.position,
                rotation: r.rotation as u16,
                scan: ScanRow {
                    id: r.id,
                    sha256: r.sha256,
                    media_type: r.media_type,
                    pages: r.pages as u32,
                    bytes: r.bytes as u64,
                    original_name: r.original_name,
                    received_at: r.received_at,
                    case_number: Some(case_number.to_string()),
                    material_code: Some(r.material_code),
                },
            })
            .collect())
    }
}
