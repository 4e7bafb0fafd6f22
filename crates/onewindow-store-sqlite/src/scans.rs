//! Scans: the record of every stored file, quarantine, and what each is filed under.

use chrono::{DateTime, Utc};
use onewindow_store::{CaseScanRow, NewScan, Result, ScanRecorded, ScanRow, ScanStore, StoreError};
use sqlx::SqliteConnection;

use crate::{backend, SqliteStore};

/// Puts a stored scan under a material of a case, after the case's other scans.
pub(crate) async fn assign_in(
    tx: &mut SqliteConnection,
    case_id: i64,
    material_code: &str,
    sha256: &str,
    rotation: u16,
) -> Result<()> {
    let scan_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM scans WHERE sha256 = ?"#, sha256)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("scan {sha256}")))?;
    let rotation = i64::from(rotation);
    sqlx::query!(
        "INSERT INTO case_scans (case_id, scan_id, material_code, position, rotation)
         VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM case_scans WHERE case_id = ?1), ?4)
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

impl SqliteStore {
    async fn select_scans(&self, sha256: Option<&str>, unassigned: bool, limit: u32) -> Result<Vec<ScanRow>> {
        let limit = i64::from(limit);
        let rows = sqlx::query!(
            r#"SELECT s.id AS "id!", s.sha256, s.media_type, s.pages, s.bytes, s.original_name,
                      s.received_at AS "received_at: DateTime<Utc>", c.number AS "case_number?",
                      cs.material_code AS "material_code?"
               FROM scans s LEFT JOIN case_scans cs ON cs.scan_id = s.id LEFT JOIN cases c ON c.id = cs.case_id
               WHERE (?1 IS NULL OR s.sha256 = ?1) AND (?2 = 0 OR (cs.scan_id IS NULL AND s.cover_for IS NULL))
               ORDER BY s.id DESC LIMIT ?3"#,
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
}

#[async_trait::async_trait]
impl ScanStore for SqliteStore {
    async fn record_scan(&self, scan: &NewScan) -> Result<ScanRecorded> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let existing = sqlx::query!(r#"SELECT id AS "id!", source_key FROM scans WHERE sha256 = ?"#, scan.sha256)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        if let Some(row) = existing {
            return Ok(if row.source_key == scan.source_key {
                ScanRecorded::SameSource(row.id)
            } else {
                ScanRecorded::Duplicate(row.id)
            });
        }
        let (pages, bytes) = (i64::from(scan.pages), scan.bytes as i64);
        let id = sqlx::query_scalar!(
            r#"INSERT INTO scans (sha256, media_type, pages, bytes, original_name, source_key, received_at)
               VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
            scan.sha256,
            scan.media_type,
            pages,
            bytes,
            scan.original_name,
            scan.source_key,
            scan.at
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(ScanRecorded::New(id))
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
            "INSERT INTO quarantined_files (original_name, code, reason, moved_to, at) VALUES (?, ?, ?, ?, ?)",
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
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let case_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM cases WHERE number = ?"#, case_number)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::NotFound(format!("case {case_number}")))?;
        assign_in(&mut tx, case_id, material_code, sha256, rotation).await?;
        tx.commit().await.map_err(backend)
    }

    async fn move_scan(&self, case_number: &str, sha256: &str, up: bool) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let me = sqlx::query!(
            r#"SELECT cs.case_id AS "case_id!", cs.scan_id AS "scan_id!", cs.material_code, cs.position
               FROM case_scans cs JOIN cases c ON c.id = cs.case_id JOIN scans s ON s.id = cs.scan_id
               WHERE c.number = ? AND s.sha256 = ?"#,
            case_number,
            sha256
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("scan {sha256} on case {case_number}")))?;
        // The neighbour within the same material, if there is one: the two swap places.
        let neighbour = sqlx::query!(
            r#"SELECT scan_id AS "scan_id!", position FROM case_scans
               WHERE case_id = ?1 AND material_code = ?2
                 AND CASE WHEN ?3 THEN position < ?4 ELSE position > ?4 END
               ORDER BY CASE WHEN ?3 THEN -position ELSE position END LIMIT 1"#,
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
                "UPDATE case_scans SET position = ? WHERE case_id = ? AND scan_id = ?",
                other_position,
                me.case_id,
                me.scan_id
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            sqlx::query!(
                "UPDATE case_scans SET position = ? WHERE case_id = ? AND scan_id = ?",
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
        let done = sqlx::query!("UPDATE scans SET cover_for = ? WHERE sha256 = ?", cover, sha256)
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
            "DELETE FROM case_scans WHERE case_id = (SELECT id FROM cases WHERE number = ?)
                 AND scan_id = (SELECT id FROM scans WHERE sha256 = ?)",
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
                      s.bytes, s.original_name, s.received_at AS "received_at: DateTime<Utc>"
               FROM case_scans cs JOIN cases c ON c.id = cs.case_id JOIN scans s ON s.id = cs.scan_id
               WHERE c.number = ? ORDER BY cs.position"#,
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
