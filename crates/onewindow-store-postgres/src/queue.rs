//! The department queue: one page, its filters and its tabs' counts. Migration 0011's
//! `onewindow_department_queue` asks once whether the one reading may see the department's cases
//! and answers the counts, the total and the page's case numbers from the covering
//! `cases_department_queue` index (department, state, due date, number, holder, correction
//! deadline, item, hall; 0001, with the id and pickup hall since 0010); 0012's
//! `onewindow_department_queue_cases` asks it again and reads the page's cases, instead of the
//! row-level security policies asking it of every case, applicant and bundle lead on the page.

use chrono::NaiveDate;
use onewindow_domain::CaseState;
use onewindow_store::{HolderFilter, QueueCounts, QueuePage, QueueQuery, QueueWakeup, Result};
use sqlx::postgres::PgListener;
use sqlx::PgPool;

use crate::{backend, refused, states};

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
    let chosen_states = queue_states(&query.states);
    let (holder, holder_name) = match &query.holder {
        HolderFilter::Any => ("any", None),
        HolderFilter::Unclaimed => ("unclaimed", None),
        HolderFilter::User(name) => ("user", Some(name.as_str())),
    };
    let limit = i64::from(query.limit.clamp(1, 500));
    let offset = i64::from(query.offset);
    // Migration 0011's function asks once who is reading and answers the counts, the total and
    // the page's numbers from the covering index in one statement, so they agree.
    let chosen = sqlx::query!(
        r#"SELECT all_cases AS "all!", unclaimed AS "unclaimed!", mine AS "mine!", overdue AS "overdue!",
                  paused AS "paused!", correction_overdue AS "correction_overdue!", total AS "total!",
                  numbers AS "numbers!"
           FROM onewindow_department_queue($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"#,
        query.department_code,
        &queue_states(&[]),
        &states(CaseState::ALL.into_iter().filter(|s| s.pauses_time_limit())),
        me,
        today,
        &chosen_states,
        query.service_item_code,
        query.hall_code,
        holder,
        holder_name,
        query.due_from,
        query.due_to,
        query.correction_overdue,
        limit,
        offset
    )
    .fetch_one(pool)
    .await
    .map_err(refused)?;
    // Migration 0012's function reads the page's cases the same way, in the queue's order; its
    // columns are named for CaseColumns, with the macro's nullability marks.
    let rows = sqlx::query_as!(
        onewindow_store::CaseColumns,
        r#"SELECT * FROM onewindow_department_queue_cases($1, $2)"#,
        query.department_code,
        &chosen.numbers
    )
    .fetch_all(pool)
    .await
    .map_err(refused)?
    .into_iter()
    .map(onewindow_store::CaseColumns::into_row)
    .collect::<Result<Vec<_>>>()?;
    Ok(QueuePage {
        rows,
        total: chosen.total,
        counts: QueueCounts {
            all: chosen.all,
            unclaimed: chosen.unclaimed,
            mine: chosen.mine,
            overdue: chosen.overdue,
            paused: chosen.paused,
            correction_overdue: chosen.correction_overdue,
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
