//! The log of progress look-ups at the windows (过程追溯): who looked at which case, where.

use onewindow_store::{ProgressLookup, Result, StoreError};
use sqlx::PgPool;

use crate::backend;

pub(crate) async fn record(pool: &PgPool, lookup: &ProgressLookup) -> Result<()> {
    let done = sqlx::query!(
        "INSERT INTO progress_lookups (case_id, user_id, hall_id, verified, at)
         SELECT c.id, u.id, (SELECT id FROM halls WHERE code = $3), $4::boolean, $5::timestamptz
         FROM cases c, users u WHERE c.number = $1 AND u.username = $2",
        lookup.case_number,
        lookup.username,
        lookup.hall_code,
        lookup.verified,
        lookup.at
    )
    .execute(pool)
    .await
    .map_err(backend)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("case {} or user {}", lookup.case_number, lookup.username)));
    }
    Ok(())
}

pub(crate) async fn of_case(pool: &PgPool, number: &str) -> Result<Vec<ProgressLookup>> {
    let rows = sqlx::query!(
        r#"SELECT c.number, u.username, h.code AS "hall_code?", l.verified, l.at
           FROM progress_lookups l
           JOIN cases c ON c.id = l.case_id
           JOIN users u ON u.id = l.user_id
           LEFT JOIN halls h ON h.id = l.hall_id
           WHERE c.number = $1
           ORDER BY l.at, l.id"#,
        number
    )
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    Ok(rows
        .into_iter()
        .map(|r| ProgressLookup {
            case_number: r.number,
            username: r.username,
            hall_code: r.hall_code,
            verified: r.verified,
            at: r.at,
        })
        .collect())
}
