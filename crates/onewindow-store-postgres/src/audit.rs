//! The audit chain as stored: reading chains for verification. Every event is written here with
//! its hash (the server never held events from before the chain), so there is nothing to seal.

use onewindow_domain::{CaseAction, CaseState};
use onewindow_store::{CaseChainRow, Result, StoredEventRow};
use sqlx::PgPool;

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
            r#"SELECT c.id AS "case_id!", c.number, c.chain_head, e.seq, e.at, e.action,
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
                        // Optional only for the SQLite files that still hold events from before the chain.
                        hash: Some(r.hash),
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

pub(crate) async fn case_chain(pool: &PgPool, number: &str) -> Result<Option<CaseChainRow>> {
    let raws = chains_where!(pool, "WHERE c.number = $1 ORDER BY e.seq, e.id", number)?;
    Ok(group(raws).into_iter().next().map(|(_, chain)| chain))
}

pub(crate) async fn case_chains(pool: &PgPool, after: Option<&str>, limit: u32) -> Result<Vec<CaseChainRow>> {
    let after = after.unwrap_or("");
    let limit = i64::from(limit.max(1));
    let raws = chains_where!(
        pool,
        "WHERE e.case_id IN (SELECT id FROM cases WHERE number > $1 ORDER BY number LIMIT $2)
         ORDER BY c.number, e.seq, e.id",
        after,
        limit
    )?;
    Ok(group(raws).into_iter().map(|(_, chain)| chain).collect())
}
