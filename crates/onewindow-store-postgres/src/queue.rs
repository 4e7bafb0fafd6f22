//! The department queue: one page, its filters and its tabs' counts, each served from the
//! covering `cases_department_queue` index (department, state, due date, number, holder,
//! correction deadline, item, hall; migration 0001), which also carries what the row-level
//! security policies ask of a case, its id and pickup hall (0010), so that a reviewer signed in
//! as themselves reads it alone too. The page is chosen by case number, which is in the key (and
//! unique); only its fifty rows are read from the table.

use chrono::NaiveDate;
use onewindow_domain::CaseState;
use onewindow_store::{HolderFilter, QueueCounts, QueuePage, QueueQuery, QueueWakeup, Result};
use sqlx::postgres::PgListener;
use sqlx::PgPool;

use crate::cases::select_cases;
use crate::{backend, states};

/// The department queue's states, only those of `only` when it names any.
fn queue_states(only: &[CaseState]) -> Vec<String> {
    states(CaseState::ALL.into_iter().filter(|s| s.is_in_department_queue() && (only.is_empty() || only.contains(s))))
}

pub(crate) async fn department_queue(
    pool: &PgPool,
    query: &QueueQuery,
    me: &str,
    today: NaiveDate,
) -> Result<QueuePage> {
    // One snapshot for the counts and the page. The plans are the connection's generic ones: a
    // custom plan of the page's nine joins takes longer to make (about 17 ms at a million cases)
    // than to run (about 2 ms), and with its optional filters PostgreSQL would keep making one.
    let mut tx = pool.begin().await.map_err(backend)?;
    sqlx::query("SET LOCAL plan_cache_mode = force_generic_plan").execute(&mut *tx).await.map_err(backend)?;
    let every_state = queue_states(&[]);
    let paused = states(CaseState::ALL.into_iter().filter(|s| s.pauses_time_limit()));
    let counts = sqlx::query!(
        r#"SELECT COUNT(*) AS "all!",
                  COUNT(*) FILTER (WHERE c.claimed_by_id IS NULL) AS "unclaimed!",
                  COUNT(*) FILTER (WHERE c.claimed_by_id = (SELECT id FROM users WHERE username = $3)) AS "mine!",
                  COUNT(*) FILTER (WHERE c.due_date < $4 AND NOT (c.state = ANY($5))) AS "overdue!",
                  COUNT(*) FILTER (WHERE c.state = ANY($5)) AS "paused!",
                  COUNT(*) FILTER (WHERE c.state = 'correction_requested' AND c.correction_due < $4)
                      AS "correction_overdue!"
           FROM cases c
           WHERE c.department_id = (SELECT id FROM departments WHERE code = $1)
             AND c.state = ANY($2)"#,
        query.department_code,
        &every_state,
        me,
        today,
        &paused
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    let states = queue_states(&query.states);
    let (holder, holder_name) = match &query.holder {
        HolderFilter::Any => ("any", None),
        HolderFilter::Unclaimed => ("unclaimed", None),
        HolderFilter::User(name) => ("user", Some(name.as_str())),
    };
    let total = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!"
           FROM cases c
           WHERE c.department_id = (SELECT id FROM departments WHERE code = $1)
             AND c.state = ANY($2)
             AND ($3::text IS NULL OR c.service_item_id IN (SELECT id FROM service_items WHERE code = $3))
             AND ($4::text IS NULL OR c.hall_id = (SELECT id FROM halls WHERE code = $4))
             AND ($5::text = 'any' OR ($5 = 'unclaimed' AND c.claimed_by_id IS NULL)
                  OR ($5 = 'user' AND c.claimed_by_id = (SELECT id FROM users WHERE username = $6::text)))
             AND ($7::date IS NULL OR c.due_date >= $7)
             AND ($8::date IS NULL OR c.due_date <= $8)
             AND (NOT $9::boolean OR (c.state = 'correction_requested' AND c.correction_due < $10::date))"#,
        query.department_code,
        &states,
        query.service_item_code,
        query.hall_code,
        holder,
        holder_name,
        query.due_from,
        query.due_to,
        query.correction_overdue,
        today
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    let limit = i64::from(query.limit.clamp(1, 500));
    let offset = i64::from(query.offset);
    let rows = select_cases!(
        &mut *tx,
        // The page is chosen from the covering index alone; only its rows are joined. `NULLS
        // FIRST`: a case without a due date comes first, as SQLite orders it.
        "WHERE c.number IN (
             SELECT q.number FROM cases q
             WHERE q.department_id = (SELECT id FROM departments WHERE code = $1)
               AND q.state = ANY($2)
               AND ($3::text IS NULL OR q.service_item_id IN (SELECT id FROM service_items WHERE code = $3))
               AND ($4::text IS NULL OR q.hall_id = (SELECT id FROM halls WHERE code = $4))
               AND ($5::text = 'any' OR ($5 = 'unclaimed' AND q.claimed_by_id IS NULL)
                    OR ($5 = 'user' AND q.claimed_by_id = (SELECT id FROM users WHERE username = $6::text)))
               AND ($7::date IS NULL OR q.due_date >= $7)
               AND ($8::date IS NULL OR q.due_date <= $8)
               AND (NOT $9::boolean OR (q.state = 'correction_requested' AND q.correction_due < $10::date))
             ORDER BY q.due_date NULLS FIRST, q.number
             LIMIT $11 OFFSET $12)
         ORDER BY c.due_date NULLS FIRST, c.number",
        query.department_code,
        &states,
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
    tx.commit().await.map_err(backend)?;
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

/// The channel migration 0003's trigger notifies with a department code.
const WAKEUP_CHANNEL: &str = "onewindow_queue";

/// Listens on its own connection of the pool and forwards each notification until the receiver
/// is dropped. Notifications sent while the connection was down are gone, so a lost connection
/// (and each failed attempt to get it back) is forwarded as `Missed`: the station re-reads.
pub(crate) async fn queue_wakeups(pool: &PgPool) -> Result<tokio::sync::mpsc::Receiver<QueueWakeup>> {
    let mut listener = PgListener::connect_with(pool).await.map_err(backend)?;
    listener.listen(WAKEUP_CHANNEL).await.map_err(backend)?;
    let (wake, wakeups) = tokio::sync::mpsc::channel(64);
    tokio::spawn(async move {
        loop {
            let got = tokio::select! {
                _ = wake.closed() => return,
                got = listener.try_recv() => got,
            };
            let wakeup = match got {
                Ok(Some(n)) => QueueWakeup::Department(n.payload().to_string()),
                Ok(None) => QueueWakeup::Missed,
                Err(e) => {
                    tracing::warn!(error = %e, "the queue's wake-ups lost the database; trying again");
                    tokio::time::sleep(RETRY).await;
                    QueueWakeup::Missed
                }
            };
            // A station slow to drain loses nothing by a dropped wake-up: the next one re-reads.
            if let Err(tokio::sync::mpsc::error::TrySendError::Closed(_)) = wake.try_send(wakeup) {
                return;
            }
        }
    });
    Ok(wakeups)
}

const RETRY: std::time::Duration = std::time::Duration::from_secs(3);
