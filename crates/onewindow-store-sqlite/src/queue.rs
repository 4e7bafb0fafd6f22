//! The department queue: one page, its filters and its tabs' counts, each served from the
//! covering `cases_department_queue` index (department, state, due date, number, holder,
//! correction deadline, item, hall; migration 0011).

use chrono::NaiveDate;
use onewindow_domain::CaseState;
use onewindow_store::{HolderFilter, QueueCounts, QueuePage, QueueQuery, Result};
use sqlx::SqlitePool;

use crate::cases::select_cases;
use crate::{backend, states_json};

/// The department queue's states, only those of `only` when it names any.
fn queue_states(only: &[CaseState]) -> String {
    states_json(
        CaseState::ALL.into_iter().filter(|s| s.is_in_department_queue() && (only.is_empty() || only.contains(s))),
    )
}

pub(crate) async fn department_queue(
    pool: &SqlitePool,
    query: &QueueQuery,
    me: &str,
    today: NaiveDate,
) -> Result<QueuePage> {
    let every_state = queue_states(&[]);
    let paused = states_json(CaseState::ALL.into_iter().filter(|s| s.pauses_time_limit()));
    let counts = sqlx::query!(
        r#"SELECT COUNT(*) AS "all!: i64",
                  COALESCE(SUM(c.claimed_by_id IS NULL), 0) AS "unclaimed!: i64",
                  COALESCE(SUM(c.claimed_by_id = (SELECT id FROM users WHERE username = ?3)), 0) AS "mine!: i64",
                  COALESCE(SUM(c.due_date < ?4 AND c.state NOT IN (SELECT value FROM json_each(?5))), 0)
                      AS "overdue!: i64",
                  COALESCE(SUM(c.state IN (SELECT value FROM json_each(?5))), 0) AS "paused!: i64",
                  COALESCE(SUM(c.state = 'correction_requested' AND c.correction_due < ?4), 0)
                      AS "correction_overdue!: i64"
           FROM cases c
           WHERE c.department_id = (SELECT id FROM departments WHERE code = ?1)
             AND c.state IN (SELECT value FROM json_each(?2))"#,
        query.department_code,
        every_state,
        me,
        today,
        paused
    )
    .fetch_one(pool)
    .await
    .map_err(backend)?;
    let states = queue_states(&query.states);
    let (holder, holder_name) = match &query.holder {
        HolderFilter::Any => ("any", None),
        HolderFilter::Unclaimed => ("unclaimed", None),
        HolderFilter::User(name) => ("user", Some(name.as_str())),
    };
    let total = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64"
           FROM cases c
           WHERE c.department_id = (SELECT id FROM departments WHERE code = ?1)
             AND c.state IN (SELECT value FROM json_each(?2))
             AND (?3 IS NULL OR c.service_item_id IN (SELECT id FROM service_items WHERE code = ?3))
             AND (?4 IS NULL OR c.hall_id = (SELECT id FROM halls WHERE code = ?4))
             AND (?5 = 'any' OR (?5 = 'unclaimed' AND c.claimed_by_id IS NULL)
                  OR (?5 = 'user' AND c.claimed_by_id = (SELECT id FROM users WHERE username = ?6)))
             AND (?7 IS NULL OR c.due_date >= ?7)
             AND (?8 IS NULL OR c.due_date <= ?8)
             AND (?9 = 0 OR (c.state = 'correction_requested' AND c.correction_due < ?10))"#,
        query.department_code,
        states,
        query.service_item_code,
        query.hall_code,
        holder,
        holder_name,
        query.due_from,
        query.due_to,
        query.correction_overdue,
        today
    )
    .fetch_one(pool)
    .await
    .map_err(backend)?;
    let limit = i64::from(query.limit.clamp(1, 500));
    let offset = i64::from(query.offset);
    let rows = select_cases!(
        pool,
        // The page is chosen from the covering index alone; only its rows are joined.
        "WHERE c.id IN (
             SELECT q.id FROM cases q
             WHERE q.department_id = (SELECT id FROM departments WHERE code = ?1)
               AND q.state IN (SELECT value FROM json_each(?2))
               AND (?3 IS NULL OR q.service_item_id IN (SELECT id FROM service_items WHERE code = ?3))
               AND (?4 IS NULL OR q.hall_id = (SELECT id FROM halls WHERE code = ?4))
               AND (?5 = 'any' OR (?5 = 'unclaimed' AND q.claimed_by_id IS NULL)
                    OR (?5 = 'user' AND q.claimed_by_id = (SELECT id FROM users WHERE username = ?6)))
               AND (?7 IS NULL OR q.due_date >= ?7)
               AND (?8 IS NULL OR q.due_date <= ?8)
               AND (?9 = 0 OR (q.state = 'correction_requested' AND q.correction_due < ?10))
             ORDER BY q.due_date, q.number
             LIMIT ?11 OFFSET ?12)
         ORDER BY c.due_date, c.number",
        query.department_code,
        states,
        query.service_item_code,
        query.hall_code,
        holder,
        holder_name,
        query.due_from,
        query.due_to,
        query.correction_overdue,
        today,
        limit,
        offset
    )?;
    Ok(QueuePage {
        rows,
        total,
        counts: QueueCounts {
            all: counts.all,
            unclaimed: counts.unclaimed,
            mine: counts.mine,
            overdue: counts.overdue,
            paused: counts.paused,
            correction_overdue: counts.correction_overdue,
        },
    })
}
