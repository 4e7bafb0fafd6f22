//! The print job log.

use chrono::{DateTime, Utc};
use onewindow_store::{NewPrintJob, PrintJobRow, PrintStore, Result, StoreError};

use crate::{backend, PgStore};

impl PgStore {
    async fn select_print_jobs(
        &self,
        id: Option<i64>,
        case_number: Option<&str>,
        limit: u32,
    ) -> Result<Vec<PrintJobRow>> {
        let limit = i64::from(limit);
        let rows = sqlx::query!(
            r#"SELECT j.id AS "id!", c.number AS "case_number?", j.document_kind, j.profile, j.queue, j.cups_job,
                      j.state, j.error, j.reprint, u.username, j.created_at, j.updated_at, w.number AS "waybill?"
               FROM print_jobs j JOIN users u ON u.id = j.user_id LEFT JOIN cases c ON c.id = j.case_id
                    LEFT JOIN shipments s ON s.id = j.shipment_id LEFT JOIN waybills w ON w.id = s.waybill_id
               WHERE ($1::bigint IS NULL OR j.id = $1) AND ($2::text IS NULL OR c.number = $2)
               ORDER BY j.id DESC LIMIT $3"#,
            id,
            case_number,
            limit
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| PrintJobRow {
                id: r.id,
                case_number: r.case_number,
                document_kind: r.document_kind,
                profile: r.profile,
                queue: r.queue,
                cups_job: r.cups_job,
                state: r.state,
                error: r.error,
                reprint: r.reprint,
                username: r.username,
                created_at: r.created_at,
                updated_at: r.updated_at,
                waybill: r.waybill,
            })
            .collect())
    }
}

#[async_trait::async_trait]
impl PrintStore for PgStore {
    async fn record_print_job(&self, job: &NewPrintJob) -> Result<i64> {
        // The look-ups only name what the job refers to; nothing here is decided from a row that
        // could change meanwhile, so nothing is locked (the foreign keys hold the rows referred to).
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let user_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE username = $1"#, job.username)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::InvalidReference(format!("user {}", job.username)))?;
        let case_id = match &job.case_number {
            Some(number) => Some(
                sqlx::query_scalar!(r#"SELECT id AS "id!" FROM cases WHERE number = $1"#, number)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?
                    .ok_or_else(|| StoreError::NotFound(format!("case {number}")))?,
            ),
            None => None,
        };
        let shipment_id = match &job.waybill {
            Some(waybill) => Some(
                sqlx::query_scalar!(
                    r#"SELECT s.id AS "id!" FROM shipments s JOIN waybills w ON w.id = s.waybill_id WHERE w.number = $1"#,
                    waybill
                )
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or_else(|| StoreError::NotFound(format!("shipment {waybill}")))?,
            ),
            None => None,
        };
        let id = sqlx::query_scalar!(
            r#"INSERT INTO print_jobs (case_id, document_kind, profile, queue, cups_job, state, error, reprint,
                   user_id, created_at, updated_at, shipment_id)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id AS "id!""#,
            case_id,
            job.document_kind,
            job.profile,
            job.queue,
            job.cups_job,
            job.state,
            job.error,
            job.reprint,
            user_id,
            job.at,
            shipment_id
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn update_print_job(
        &self,
        id: i64,
        state: &str,
        cups_job: Option<&str>,
        error: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query!(
            "UPDATE print_jobs SET state = $1, cups_job = COALESCE($2, cups_job), error = $3, updated_at = $4
             WHERE id = $5",
            state,
            cups_job,
            error,
            at,
            id
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("print job {id}")));
        }
        Ok(())
    }

    async fn print_job(&self, id: i64) -> Result<Option<PrintJobRow>> {
        Ok(self.select_print_jobs(Some(id), None, 1).await?.into_iter().next())
    }

    async fn print_jobs(&self, case_number: Option<&str>, limit: u32) -> Result<Vec<PrintJobRow>> {
        self.select_print_jobs(None, case_number, limit).await
    }

    async fn print_count(&self, case_number: &str, kind: &str) -> Result<i64> {
        sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!" FROM print_jobs j JOIN cases c ON c.id = j.case_id
               WHERE c.number = $1 AND j.document_kind = $2"#,
            case_number,
            kind
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)
    }

    async fn label_count(&self, waybill: &str) -> Result<i64> {
        sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!" FROM print_jobs j JOIN shipments s ON s.id = j.shipment_id
               JOIN waybills w ON w.id = s.waybill_id WHERE w.number = $1 AND j.document_kind = 'label' AND j.state <> 'failed'"#,
            waybill
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)
    }
}
