//! Batch label runs: the labels of a run in order, each with its outcome, and the run's events.

use chrono::{DateTime, Utc};
use onewindow_domain::courier::{label_run_transition, LabelItemState, LabelRunAction, LabelRunState};
use onewindow_store::{LabelRunEventRow, LabelRunItemRow, LabelRunRow, LabelRunStore, NewLabelRun, Result, StoreError};
use sqlx::PgConnection;

use crate::courier::{hall_id, user_id};
use crate::{backend, parse, PgStore};

async fn runs_where(
    conn: &mut PgConnection,
    id: Option<i64>,
    hall: Option<&str>,
    limit: i64,
) -> Result<Vec<LabelRunRow>> {
    let heads = sqlx::query!(
        r#"SELECT r.id AS "id!", h.code AS hall_code, r.profile, r.queue, r.state,
                  r.created_at, u.username
           FROM label_runs r JOIN halls h ON h.id = r.hall_id JOIN users u ON u.id = r.created_by_id
           WHERE ($1::bigint IS NULL OR r.id = $1) AND ($2::text IS NULL OR h.code = $2)
           ORDER BY r.id DESC LIMIT $3"#,
        id,
        hall,
        limit
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let mut runs = Vec::with_capacity(heads.len());
    for r in heads {
        let items = sqlx::query!(
            r#"SELECT i.position, w.number AS waybill, i.state, i.print_job_id, i.error
               FROM label_run_items i JOIN shipments s ON s.id = i.shipment_id JOIN waybills w ON w.id = s.waybill_id
               WHERE i.run_id = $1 ORDER BY i.position"#,
            r.id
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|i| {
            Ok(LabelRunItemRow {
                position: i.position,
                waybill: i.waybill,
                state: parse("label state", &i.state, LabelItemState::parse)?,
                print_job_id: i.print_job_id,
                error: i.error,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let events = sqlx::query!(
            r#"SELECT e.action, e.state, e.note, u.username, e.at
               FROM label_run_events e JOIN users u ON u.id = e.user_id WHERE e.run_id = $1 ORDER BY e.id"#,
            r.id
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|e| {
            Ok(LabelRunEventRow {
                action: e.action,
                state: parse("label run state", &e.state, LabelRunState::parse)?,
                note: e.note,
                username: e.username,
                at: e.at,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        runs.push(LabelRunRow {
            id: r.id,
            hall_code: r.hall_code,
            profile: r.profile,
            queue: r.queue,
            state: parse("label run state", &r.state, LabelRunState::parse)?,
            created_at: r.created_at,
            created_by: r.username,
            items,
            events,
        });
    }
    Ok(runs)
}

#[async_trait::async_trait]
impl LabelRunStore for PgStore {
    async fn create_label_run(&self, run: &NewLabelRun) -> Result<LabelRunRow> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let hall = hall_id(&mut tx, &run.hall_code).await?;
        let by = user_id(&mut tx, &run.username).await?;
        let state = LabelRunState::Printing.as_str();
        let id = sqlx::query_scalar!(
            r#"INSERT INTO label_runs (hall_id, profile, queue, state, created_at, created_by_id)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id AS "id!""#,
            hall,
            run.profile,
            run.queue,
            state,
            run.at,
            by
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        for (position, waybill) in (1_i64..).zip(&run.waybills) {
            let shipment = sqlx::query_scalar!(
                r#"SELECT s.id AS "id!" FROM shipments s JOIN waybills w ON w.id = s.waybill_id WHERE w.number = $1"#,
                waybill
            )
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::NotFound(format!("shipment {waybill}")))?;
            let pending = LabelItemState::Pending.as_str();
            sqlx::query!(
                "INSERT INTO label_run_items (run_id, position, shipment_id, state) VALUES ($1, $2, $3, $4)",
                id,
                position,
                shipment,
                pending
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        sqlx::query!(
            "INSERT INTO label_run_events (run_id, action, state, user_id, at) VALUES ($1, 'start', $2, $3, $4)",
            id,
            state,
            by,
            run.at
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let row = runs_where(&mut tx, Some(id), None, 1).await?.remove(0);
        tx.commit().await.map_err(backend)?;
        Ok(row)
    }

    async fn label_run(&self, id: i64) -> Result<Option<LabelRunRow>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        Ok(runs_where(&mut conn, Some(id), None, 1).await?.into_iter().next())
    }

    async fn label_runs(&self, hall_code: &str, limit: u32) -> Result<Vec<LabelRunRow>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        runs_where(&mut conn, None, Some(hall_code), i64::from(limit)).await
    }

    async fn move_label_run(
        &self,
        id: i64,
        from: LabelRunState,
        action: LabelRunAction,
        note: &str,
        username: &str,
        at: DateTime<Utc>,
    ) -> Result<LabelRunState> {
        let to = label_run_transition(from, action).map_err(|e| StoreError::Conflict(e.to_string()))?;
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let by = user_id(&mut tx, username).await?;
        let (from_name, to_name, action_name) = (from.as_str(), to.as_str(), action.as_str());
        // Conditional: two stations moving the run at once both decided on `from`; the second
        // waits for the first's row lock, finds the state changed and is refused, appending nothing.
        let done =
            sqlx::query!("UPDATE label_runs SET state = $1 WHERE id = $2 AND state = $3", to_name, id, from_name)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!("label run {id} is no longer {from_name}")));
        }
        sqlx::query!(
            "INSERT INTO label_run_events (run_id, action, state, note, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
            id,
            action_name,
            to_name,
            note,
            by,
            at
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(to)
    }

    async fn set_label_item(
        &self,
        run_id: i64,
        position: i64,
        state: LabelItemState,
        print_job_id: Option<i64>,
        error: Option<&str>,
    ) -> Result<()> {
        let name = state.as_str();
        let done = sqlx::query!(
            "UPDATE label_run_items SET state = $1, print_job_id = COALESCE($2, print_job_id), error = $3
             WHERE run_id = $4 AND position = $5",
            name,
            print_job_id,
            error,
            run_id,
            position
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("label {position} of run {run_id}")));
        }
        Ok(())
    }
}
