//! The audit chain: every event of a case carries the SHA-256 of a canonical encoding of itself and
//! the hash of the event before it, and the case keeps the hash of its last event (the chain head).
//! Editing, deleting or reordering events behind the application's back breaks the chain where it
//! was done, and [`verify_chain`] names the first event that does not match.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

use crate::case::{CaseAction, CaseState};

/// Everything an event says, as hashed. Every backend hands over the same values it stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFacts<'a> {
    pub case_number: &'a str,
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// None for the case's creation.
    pub action: Option<CaseAction>,
    pub from_state: Option<CaseState>,
    pub to_state: CaseState,
    pub actor_username: &'a str,
    pub hall_code: &'a str,
    pub window: Option<&'a str>,
    pub reason: &'a str,
    /// The event's detail as stored (JSON), if any.
    pub detail: Option<&'a str>,
}

/// The hash of an event chained to `previous` (none for the first event), lowercase hex.
///
/// Each field is written as its length (4 bytes, big-endian) and its UTF-8 bytes, an absent one
/// as the length `u32::MAX`, so no two different events encode alike. The time is written to the
/// microsecond, the precision every backend keeps.
pub fn event_hash(previous: Option<&str>, event: &EventFacts<'_>) -> String {
    let digest = Sha256::digest(canonical_encoding(previous, event));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes [`event_hash`] hashes.
pub fn canonical_encoding(previous: Option<&str>, event: &EventFacts<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    let mut field = |value: Option<&str>| match value {
        Some(v) => {
            out.extend_from_slice(&(v.len() as u32).to_be_bytes());
            out.extend_from_slice(v.as_bytes());
        }
        None => out.extend_from_slice(&u32::MAX.to_be_bytes()),
    };
    field(Some("onewindow-event-v1"));
    field(previous);
    field(Some(event.case_number));
    field(Some(&event.seq.to_string()));
    field(Some(&event.at.to_rfc3339_opts(SecondsFormat::Micros, true)));
    field(event.action.map(CaseAction::as_str));
    field(event.from_state.map(CaseState::as_str));
    field(Some(event.to_state.as_str()));
    field(Some(event.actor_username));
    field(Some(event.hall_code));
    field(event.window);
    field(Some(event.reason));
    field(event.detail);
    out
}

/// Where a case's chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// The event's content or its place is not what was hashed: edited, or moved.
    #[error("第{seq}条记录与其校验值不符（记录被修改或顺序被调换）")]
    Altered { seq: i64 },
    /// An event is missing before `seq` (the numbering skips).
    #[error("第{seq}条记录之前缺少记录（记录被删除）")]
    Missing { seq: i64 },
    /// The case's chain head does not match its last event: events were removed from the end
    /// (or the head was changed).
    #[error("最后一条记录（第{last_seq}条）之后的记录缺失，或链头被修改")]
    HeadMismatch { last_seq: i64 },
    /// A case with no events at all.
    #[error("没有任何记录")]
    Empty,
}

impl ChainBreak {
    /// The event the break is reported at.
    pub fn seq(&self) -> Option<i64> {
        match self {
            ChainBreak::Altered { seq } | ChainBreak::Missing { seq } => Some(*seq),
            ChainBreak::HeadMismatch { last_seq } => Some(*last_seq),
            ChainBreak::Empty => None,
        }
    }
}

/// Checks a case's events, in stored order, each with its stored hash, against the case's head.
pub fn verify_chain(events: &[(EventFacts<'_>, &str)], head: Option<&str>) -> Result<(), ChainBreak> {
    let mut previous: Option<&str> = None;
    for (i, (event, stored)) in events.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if event.seq > expected_seq {
            return Err(ChainBreak::Missing { seq: event.seq });
        }
        if event.seq != expected_seq || event_hash(previous, event) != *stored {
            return Err(ChainBreak::Altered { seq: event.seq });
        }
        previous = Some(stored);
    }
    match (events.last(), previous) {
        (None, _) => Err(ChainBreak::Empty),
        (Some((last, _)), Some(hash)) if head != Some(hash) => Err(ChainBreak::HeadMismatch { last_seq: last.seq }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: i64, reason: &'static str) -> EventFacts<'static> {
        EventFacts {
            case_number: "4407030002026120100001",
            seq,
            at: DateTime::from_timestamp(1_795_000_000 + seq * 60, 123_456_789).unwrap(),
            action: (seq > 1).then_some(CaseAction::Claim),
            from_state: (seq > 1).then_some(CaseState::HandedOff),
            to_state: CaseState::UnderReview,
            actor_username: "reviewer1",
            hall_code: "440703000",
            window: None,
            reason,
            detail: None,
        }
    }

    fn chain(events: &[EventFacts<'static>]) -> Vec<String> {
        let mut hashes: Vec<String> = Vec::new();
        for e in events {
            let h = event_hash(hashes.last().map(String::as_str), e);
            hashes.push(h);
        }
        hashes
    }

    #[test]
    fn an_untouched_chain_verifies_and_every_tampering_is_named() {
        let events = vec![event(1, "受理"), event(2, "认领"), event(3, "补正")];
        let hashes = chain(&events);
        let head = hashes.last().map(String::as_str);
        let pairs = |evs: &[EventFacts<'static>], hs: &[String]| -> Vec<(EventFacts<'static>, String)> {
            evs.iter().cloned().zip(hs.iter().cloned()).collect()
        };
        let check = |ps: &[(EventFacts<'static>, String)], head: Option<&str>| {
            let refs: Vec<(EventFacts<'static>, &str)> = ps.iter().map(|(e, h)| (e.clone(), h.as_str())).collect();
            verify_chain(&refs, head)
        };
        let all = pairs(&events, &hashes);
        assert_eq!(check(&all, head), Ok(()));

        // An edited reason.
        let mut edited = all.clone();
        edited[1].0.reason = "改过的理由";
        assert_eq!(check(&edited, head), Err(ChainBreak::Altered { seq: 2 }));
        // A deleted event in the middle.
        let deleted = vec![all[0].clone(), all[2].clone()];
        assert_eq!(check(&deleted, head), Err(ChainBreak::Missing { seq: 3 }));
        // The last event deleted: the head no longer matches.
        assert_eq!(check(&all[..2], head), Err(ChainBreak::HeadMismatch { last_seq: 2 }));
        // Two events swapped (their numbers swapped with them).
        let mut swapped = all.clone();
        swapped.swap(1, 2);
        swapped[1].0.seq = 2;
        swapped[2].0.seq = 3;
        assert_eq!(check(&swapped, head), Err(ChainBreak::Altered { seq: 2 }));
        assert_eq!(check(&[], None), Err(ChainBreak::Empty));
    }

    #[test]
    fn the_encoding_separates_fields_and_keeps_microseconds() {
        let a = EventFacts { window: Some("A0"), reason: "1", ..event(1, "") };
        let b = EventFacts { window: Some("A"), reason: "01", ..event(1, "") };
        assert_ne!(event_hash(None, &a), event_hash(None, &b));
        let none = EventFacts { window: None, ..event(1, "") };
        let empty = EventFacts { window: Some(""), ..event(1, "") };
        assert_ne!(event_hash(None, &none), event_hash(None, &empty));
        // Nanoseconds below the microsecond do not count: a backend keeping microseconds agrees.
        let micros = EventFacts { at: DateTime::from_timestamp(1_795_000_060, 123_456_000).unwrap(), ..event(1, "") };
        assert_eq!(event_hash(None, &micros), event_hash(None, &event(1, "")));
        assert_eq!(event_hash(None, &event(1, "")).len(), 64);
    }
}
