//! Drafts: intakes in progress, one clerk's own.

use chrono::{DateTime, Utc};
use onewindow_store::{DraftRow, DraftStore, Result, StoreError};

use crate::{backend, PgStore};

#[async_trait::async_trait]
impl DraftStore for PgStore {
    async fn save_draft(
        &self,
        username: &str,
        id: Option<i64>,
        title: &str,
        payload: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let clerk = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE username = $1"#, username)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::InvalidReference(format!("user {username}")))?;
        let id = match id {
            // The owner is part of the condition: another clerk's draft is not found, not taken.
            Some(id) => {
                let done = sqlx::query!(
                    "UPDATE intake_drafts SET title = $1, payload = $2, updated_at = $3 WHERE id = $4 AND clerk_id = $5",
                    title,
                    payload,
                    at,
                    id,
                    clerk
                )
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound(format!("draft {id}")));
                }
                id
            }
            None => sqlx::query_scalar!(
                r#"INSERT INTO intake_drafts (clerk_id, title, payload, updated_at) VALUES ($1, $2, $3, $4)
                   RETURNING id AS "id!""#,
                clerk,
                title,
                payload,
                at
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?,
        };
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn drafts(&self, username: &str) -> Result<Vec<DraftRow>> {
        let rows = sqlx::query!(
            r#"SELECT d.id AS "id!", d.title, d.payload, d.updated_at
               FROM intake_drafts d JOIN users u ON u.id = d.clerk_id WHERE u.username = $1 ORDER BY d.updated_at DESC"#,
            username
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| DraftRow { id: r.id, title: r.title, payload: r.payload, updated_at: r.updated_at })
            .collect())
    }

    async fn delete_draft(&self, username: &str, id: i64) -> Result<()> {
        let done = sqlx::query!(
            "DELETE FROM intake_drafts WHERE id = $1 AND clerk_id = (SELECT id FROM users WHERE username = $2)",
            id,
            username
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("draft {id}")));
        }
        Ok(())
    }
}
