//! After the decision: the cases waiting on tolerated materials, the results waiting at a hall's
//! issuance window, and the applicants' broken commitments.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use onewindow_domain::shortfall::BrokenCommitment;
use onewindow_domain::{CaseAction, CaseState, EventDetail, IdKind};
use onewindow_store::{FollowUpQuery, FollowUpRow, IssuanceRow, ReminderRow, Result};
use sqlx::PgPool;

use crate::cases::select_cases;
use crate::{backend, corrupt, states};

/// The case numbers as an array, the one way a list of them crosses into a checked query.
fn numbers<'a>(numbers: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    numbers.into_iter().map(str::to_string).collect()
}

fn detail_of(text: Option<&str>) -> Result<Option<EventDetail>> {
    text.map(|d| serde_json::from_str(d).map_err(|_| corrupt("event detail", d))).transpose()
}

pub(crate) async fn followups(pool: &PgPool, query: &FollowUpQuery) -> Result<Vec<FollowUpRow>> {
    let states = states(CaseState::ALL.into_iter().filter(|s| s.awaits_shortfall()));
    let limit = i64::from(query.limit.clamp(1, 500));
    let rows = select_cases!(
        pool,
        "WHERE c.shortfall_supplement_due IS NOT NULL
           AND c.state = ANY($1)
           AND ($2::text IS NULL OR h.code = $2) AND ($3::text IS NULL OR d.code = $3)
           AND ($4::date IS NULL OR c.shortfall_supplement_due <= $4)
         ORDER BY c.shortfall_supplement_due, c.number LIMIT $5",
        &states,
        query.hall_code,
        query.department_code,
        query.due_to,
        limit
    )?;
    let numbers = numbers(rows.iter().map(|r| r.number.as_str()));
    let reminders = sqlx::query!(
        r#"SELECT c.number, e.at, u.display_name, e.detail
           FROM case_events e JOIN cases c ON c.id = e.case_id JOIN users u ON u.id = e.actor_id
           WHERE e.action = 'remind' AND c.number = ANY($1)
           ORDER BY e.case_id, e.seq"#,
        &numbers
    )
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    let mut last: HashMap<String, ReminderRow> = HashMap::new();
    for r in reminders {
        let Some(EventDetail::Reminder { channel }) = detail_of(r.detail.as_deref())? else {
            return Err(corrupt("reminder detail", r.detail.as_deref().unwrap_or("")));
        };
        last.insert(r.number, ReminderRow { at: r.at, by_name: r.display_name, channel });
    }
    Ok(rows
        .into_iter()
        .map(|case| {
            let last_reminder = last.remove(&case.number);
            FollowUpRow { case, last_reminder }
        })
        .collect())
}

pub(crate) async fn issuance_queue(pool: &PgPool, hall_code: &str) -> Result<Vec<IssuanceRow>> {
    let state = CaseState::ReadyForIssuance.as_str();
    let rows = select_cases!(
        pool,
        "WHERE c.state = $1 AND COALESCE(p.code, h.code) = $2 ORDER BY c.number LIMIT 1000",
        state,
        hall_code
    )?;
    let numbers = numbers(rows.iter().map(|r| r.number.as_str()));
    let decisions = [CaseAction::Approve, CaseAction::InstantApprove, CaseAction::Deny, CaseAction::PrepareIssuance];
    let actions: Vec<String> = decisions.iter().map(|a| a.as_str().to_string()).collect();
    let events = sqlx::query!(
        r#"SELECT c.number, e.action, e.at, e.detail
           FROM case_events e JOIN cases c ON c.id = e.case_id
           WHERE c.number = ANY($1) AND e.action = ANY($2)
           ORDER BY e.case_id, e.seq"#,
        &numbers,
        &actions
    )
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    let mut since: HashMap<String, DateTime<Utc>> = HashMap::new();
    let mut decided: HashMap<String, Option<EventDetail>> = HashMap::new();
    for e in events {
        if e.action == CaseAction::PrepareIssuance.as_str() {
            since.insert(e.number, e.at);
        } else {
            decided.insert(e.number, detail_of(e.detail.as_deref())?);
        }
    }
    let mut queue: Vec<IssuanceRow> = rows
        .into_iter()
        .map(|case| IssuanceRow {
            ready_since: since.get(&case.number).copied().unwrap_or(case.created_at),
            decision: decided.remove(&case.number).flatten(),
            case,
        })
        .collect();
    queue.sort_by(|a, b| a.ready_since.cmp(&b.ready_since).then_with(|| a.case.number.cmp(&b.case.number)));
    Ok(queue)
}

pub(crate) async fn broken_commitments(
    pool: &PgPool,
    id_kind: IdKind,
    id_number: &str,
) -> Result<Vec<BrokenCommitment>> {
    let kind = id_kind.cli_name();
    let rows = sqlx::query!(
        r#"SELECT c.number, c.shortfall_broken_on AS "broken_on!"
           FROM cases c JOIN applicants a ON a.id = c.applicant_id
           WHERE a.id_kind = $1 AND a.id_number = $2 AND c.shortfall_broken_on IS NOT NULL
           ORDER BY c.shortfall_broken_on DESC, c.number"#,
        kind,
        id_number
    )
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    Ok(rows.into_iter().map(|r| BrokenCommitment { case_number: r.number, broken_on: r.broken_on }).collect())
}

pub(crate) async fn action_count(pool: &PgPool, action: CaseAction) -> Result<i64> {
    let name = action.as_str();
    sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!" FROM case_events WHERE action = $1"#, name)
        .fetch_one(pool)
        .await
        .map_err(backend)
}
