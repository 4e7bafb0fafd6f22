//! The audit chain as stored: reading chains for verification, and sealing the events written
//! before the chain existed (each gets its hash once, when the store opens).

use chrono::{DateTime, Utc};
use onewindow_domain::audit::event_hash;
use onewindow_domain::{CaseAction, CaseState};
use onewindow_store::{CaseChainRow, Result, StoredEventRow};
use sqlx::SqlitePool;

use crate::{backend, parse};

struct Raw {
    case_id: i64,
    number: String,
    head: Option<String>,
    event: StoredEventRow,
}

/// The chains of the cases `case_ids` selects, in number order.
macro_rules! chains_where {
    ($pool:expr, $tail:tt $(, $arg:expr)*) => {{
        let rows = sqlx::query!(
            r#"SELECT c.id AS "case_id!", c.number, c.chain_head, e.seq, e.at AS "at: DateTime<Utc>", e.action,
                      e.from_state, e.to_state, u.username, h.code AS hall_code, e.window_number, e.reason,
                      e.detail, e.hash
               FROM case_events e
               JOIN cases c ON c.id = e.case_id
               JOIN users u ON u.id = e.actor_id
               JOIN halls h ON h.id = e.hall_id
               "# + $tail
            $(, $arg)*
        )
        .fetch_all($pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(Raw {
                    case_id: r.case_id,
                    number: r.number,
                    head: r.chain_head,
                    event: StoredEventRow {
                        seq: r.seq,
                        at: r.at,
                        action: match r.action.as_str() {
                            "create" => None,
                            name => Some(parse("case action", name, CaseAction::parse)?),
                        },
                        from_state: r.from_state.as_deref().map(|s| parse("case state", s, CaseState::parse)).transpose()?,
                        to_state: parse("case state", &r.to_state, CaseState::parse)?,
                        actor_username: r.username,
                        hall_code: r.hall_code,
                        window: r.window_number,
                        reason: r.reason,
                        detail: r.detail,
                        hash: r.hash,
                    },
                })
            })
            .collect::<Result<Vec<Raw>>>()
    }};
}

fn group(raws: Vec<Raw>) -> Vec<(i64, CaseChainRow)> {
    let mut chains: Vec<(i64, CaseChainRow)> = Vec::new();
    for raw in raws {
        match chains.last_mut() {
            Some((id, chain)) if *id == raw.case_id => chain.events.push(raw.event),
            _ => {
                chains.push((raw.case_id, CaseChainRow { number: raw.number, head: raw.head, events: vec![raw.event] }))
            }
        }
    }
    chains
}

pub(crate) async fn case_chain(pool: &SqlitePool, number: &str) -> Result<Option<CaseChainRow>> {
    let raws = chains_where!(pool, "WHERE c.number = ?1 ORDER BY e.seq, e.id", number)?;
    Ok(group(raws).into_iter().next().map(|(_, chain)| chain))
}

pub(crate) async fn case_chains(pool: &SqlitePool, after: Option<&str>, limit: u32) -> Result<Vec<CaseChainRow>> {
    let after = after.unwrap_or("");
    let limit = i64::from(limit.max(1));
    let raws = chains_where!(
        pool,
        "WHERE e.case_id IN (SELECT id FROM cases WHERE number > ?1 ORDER BY number LIMIT ?2)
         ORDER BY c.number, e.seq, e.id",
        after,
        limit
    )?;
    Ok(group(raws).into_iter().map(|(_, chain)| chain).collect())
}

/// Gives every event written before the audit chain its hash, case by case in the order of its
/// events, and the case its head. Runs when the store opens; nothing to do after the first time.
pub(crate) async fn seal_unhashed_events(pool: &SqlitePool) -> Result<()> {
    loop {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let raws = chains_where!(
            &mut *tx,
            "WHERE e.case_id IN (SELECT DISTINCT case_id FROM case_events WHERE hash IS NULL LIMIT 500)
             ORDER BY c.id, e.seq, e.id"
        )?;
        if raws.is_empty() {
            return Ok(());
        }
        for (case_id, chain) in group(raws) {
            let mut previous: Option<String> = None;
            for e in &chain.events {
                let hash = match &e.hash {
                    Some(h) => h.clone(),
                    None => {
                        let facts = e.facts(&chain.number);
                        let hash = event_hash(previous.as_deref(), &facts);
                        sqlx::query!(
                            "UPDATE case_events SET hash = ? WHERE case_id = ? AND seq = ?",
                            hash,
                            case_id,
                            e.seq
                        )
                        .execute(&mut *tx)
                        .await
                        .map_err(backend)?;
                        hash
                    }
                };
                previous = Some(hash);
            }
            sqlx::query!("UPDATE cases SET chain_head = ? WHERE id = ?", previous, case_id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)?;
    }
}
