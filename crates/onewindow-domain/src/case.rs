//! The case (办件) and its lifecycle as an explicit state machine. Every transition is an action
//! taken by someone; an action the current state does not allow is a typed error, never a guess.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::identifiers::Identifier;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CaseState {
    Draft,
    Accepted,
    AcceptedWithShortfall,
    HandedOff,
    UnderReview,
    SupplementRequested,
    Supplied,
    Approved,
    Denied,
    ReadyForIssuance,
    AwaitingDispatch,
    Collected,
    Dispatched,
    Delivered,
    Closed,
    /// 不予受理: ends at intake.
    Refused,
    /// 一次性告知: ends at intake.
    NoticeIssued,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    Accept,
    AcceptWithShortfall,
    Refuse,
    IssueNotice,
    HandOff,
    Claim,
    Release,
    RequestSupplement,
    Supply,
    Approve,
    Deny,
    PrepareIssuance,
    PrepareDispatch,
    Collect,
    Dispatch,
    Deliver,
    Close,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("办件当前状态为“{}”，不能执行“{}”", from.label_zh(), action.label_zh())]
pub struct IllegalTransition {
    pub from: CaseState,
    pub action: CaseAction,
}

impl CaseState {
    pub const ALL: [CaseState; 17] = [
        CaseState::Draft,
        CaseState::Accepted,
        CaseState::AcceptedWithShortfall,
        CaseState::HandedOff,
        CaseState::UnderReview,
        CaseState::SupplementRequested,
        CaseState::Supplied,
        CaseState::Approved,
        CaseState::Denied,
        CaseState::ReadyForIssuance,
        CaseState::AwaitingDispatch,
        CaseState::Collected,
        CaseState::Dispatched,
        CaseState::Delivered,
        CaseState::Closed,
        CaseState::Refused,
        CaseState::NoticeIssued,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Draft => "draft",
            CaseState::Accepted => "accepted",
            CaseState::AcceptedWithShortfall => "accepted_with_shortfall",
            CaseState::HandedOff => "handed_off",
            CaseState::UnderReview => "under_review",
            CaseState::SupplementRequested => "supplement_requested",
            CaseState::Supplied => "supplied",
            CaseState::Approved => "approved",
            CaseState::Denied => "denied",
            CaseState::ReadyForIssuance => "ready_for_issuance",
            CaseState::AwaitingDispatch => "awaiting_dispatch",
            CaseState::Collected => "collected",
            CaseState::Dispatched => "dispatched",
            CaseState::Delivered => "delivered",
            CaseState::Closed => "closed",
            CaseState::Refused => "refused",
            CaseState::NoticeIssued => "notice_issued",
        }
    }

    pub fn parse(s: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CaseState::Draft => "草稿",
            CaseState::Accepted => "已受理",
            CaseState::AcceptedWithShortfall => "容缺受理",
            CaseState::HandedOff => "已移交",
            CaseState::UnderReview => "审查中",
            CaseState::SupplementRequested => "待补正",
            CaseState::Supplied => "已补正",
            CaseState::Approved => "准予办理",
            CaseState::Denied => "不予许可",
            CaseState::ReadyForIssuance => "待出件",
            CaseState::AwaitingDispatch => "待寄递",
            CaseState::Collected => "已领取",
            CaseState::Dispatched => "已寄出",
            CaseState::Delivered => "已签收",
            CaseState::Closed => "已归档",
            CaseState::Refused => "不予受理",
            CaseState::NoticeIssued => "一次性告知",
        }
    }

    /// No action leads out of a terminal state.
    pub fn is_terminal(self) -> bool {
        CaseAction::ALL.iter().all(|&a| transition(self, a).is_err())
    }

    /// Still being worked on by the hall or a department: counts against the time limit.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            CaseState::Accepted
                | CaseState::AcceptedWithShortfall
                | CaseState::HandedOff
                | CaseState::UnderReview
                | CaseState::SupplementRequested
                | CaseState::Supplied
        )
    }

    /// Waiting in a department's queue (handed off, claimed, or waiting on the applicant).
    pub fn is_in_department_queue(self) -> bool {
        matches!(
            self,
            CaseState::HandedOff | CaseState::UnderReview | CaseState::SupplementRequested | CaseState::Supplied
        )
    }

    /// Work for the courier dispatcher.
    pub fn is_in_dispatch_queue(self) -> bool {
        matches!(self, CaseState::AwaitingDispatch | CaseState::Dispatched)
    }
}

impl CaseAction {
    pub const ALL: [CaseAction; 17] = [
        CaseAction::Accept,
        CaseAction::AcceptWithShortfall,
        CaseAction::Refuse,
        CaseAction::IssueNotice,
        CaseAction::HandOff,
        CaseAction::Claim,
        CaseAction::Release,
        CaseAction::RequestSupplement,
        CaseAction::Supply,
        CaseAction::Approve,
        CaseAction::Deny,
        CaseAction::PrepareIssuance,
        CaseAction::PrepareDispatch,
        CaseAction::Collect,
        CaseAction::Dispatch,
        CaseAction::Deliver,
        CaseAction::Close,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseAction::Accept => "accept",
            CaseAction::AcceptWithShortfall => "accept_with_shortfall",
            CaseAction::Refuse => "refuse",
            CaseAction::IssueNotice => "issue_notice",
            CaseAction::HandOff => "hand_off",
            CaseAction::Claim => "claim",
            CaseAction::Release => "release",
            CaseAction::RequestSupplement => "request_supplement",
            CaseAction::Supply => "supply",
            CaseAction::Approve => "approve",
            CaseAction::Deny => "deny",
            CaseAction::PrepareIssuance => "prepare_issuance",
            CaseAction::PrepareDispatch => "prepare_dispatch",
            CaseAction::Collect => "collect",
            CaseAction::Dispatch => "dispatch",
            CaseAction::Deliver => "deliver",
            CaseAction::Close => "close",
        }
    }

    pub fn parse(s: &str) -> Option<CaseAction> {
        CaseAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CaseAction::Accept => "受理",
            CaseAction::AcceptWithShortfall => "容缺受理",
            CaseAction::Refuse => "不予受理",
            CaseAction::IssueNotice => "一次性告知",
            CaseAction::HandOff => "移交部门",
            CaseAction::Claim => "认领审查",
            CaseAction::Release => "退回队列",
            CaseAction::RequestSupplement => "要求补正",
            CaseAction::Supply => "补正材料",
            CaseAction::Approve => "准予办理",
            CaseAction::Deny => "不予许可",
            CaseAction::PrepareIssuance => "转窗口出件",
            CaseAction::PrepareDispatch => "转寄递",
            CaseAction::Collect => "领取",
            CaseAction::Dispatch => "寄出",
            CaseAction::Deliver => "签收",
            CaseAction::Close => "归档",
        }
    }
}

/// The lifecycle of `shared/domain.md`, one line per allowed move.
pub fn transition(from: CaseState, action: CaseAction) -> Result<CaseState, IllegalTransition> {
    use CaseAction as A;
    use CaseState as S;
    let to = match (from, action) {
        (S::Draft, A::Accept) => S::Accepted,
        (S::Draft, A::AcceptWithShortfall) => S::AcceptedWithShortfall,
        (S::Draft, A::Refuse) => S::Refused,
        (S::Draft, A::IssueNotice) => S::NoticeIssued,
        (S::Accepted | S::AcceptedWithShortfall, A::HandOff) => S::HandedOff,
        (S::HandedOff | S::Supplied, A::Claim) => S::UnderReview,
        (S::UnderReview, A::Release) => S::HandedOff,
        (S::UnderReview, A::RequestSupplement) => S::SupplementRequested,
        (S::SupplementRequested, A::Supply) => S::Supplied,
        (S::UnderReview, A::Approve) => S::Approved,
        (S::UnderReview, A::Deny) => S::Denied,
        (S::Approved | S::Denied, A::PrepareIssuance) => S::ReadyForIssuance,
        (S::Approved | S::Denied, A::PrepareDispatch) => S::AwaitingDispatch,
        (S::ReadyForIssuance, A::Collect) => S::Collected,
        (S::AwaitingDispatch, A::Dispatch) => S::Dispatched,
        (S::Dispatched, A::Deliver) => S::Delivered,
        (S::Collected | S::Delivered, A::Close) => S::Closed,
        _ => return Err(IllegalTransition { from, action }),
    };
    Ok(to)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ApplicantKind {
    /// 自然人
    Person,
    /// 法人或其他组织
    Organisation,
}

impl ApplicantKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicantKind::Person => "person",
            ApplicantKind::Organisation => "organisation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "person" => Some(ApplicantKind::Person),
            "organisation" => Some(ApplicantKind::Organisation),
            _ => None,
        }
    }
}

/// The person or organisation a case is for. Names are kept exactly as written (𠮷, ·).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub kind: ApplicantKind,
    pub name: String,
    pub id: Identifier,
    pub phone: Option<Identifier>,
}

/// 代办人: applies on the applicant's behalf, with an authorisation letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    pub name: String,
    pub id: Identifier,
}

/// A material as the clerk took it in at the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedMaterial {
    pub material_code: String,
    pub form: crate::catalog::MaterialForm,
    pub copies: u32,
    pub pages: u32,
}

/// The alphabet of verification codes: no 0/O, 1/I/L, so a code read aloud or typed is not
/// mistaken.
pub const VERIFICATION_ALPHABET: &[u8; 30] = b"ABCDEFGHJKMNPQRSTUVWXYZ2345678";

/// A verification code from six random numbers (any values; taken modulo the alphabet).
pub fn verification_code(random: [u32; 6]) -> String {
    random.iter().map(|r| VERIFICATION_ALPHABET[(*r as usize) % VERIFICATION_ALPHABET.len()] as char).collect()
}

/// 办件编号: hall code, the local date of acceptance and a per-hall daily sequence. City-unique
/// because hall codes are, and the sequence is allocated by the store inside the case's transaction.
pub fn case_number(hall_code: &str, day: NaiveDate, sequence: u32) -> String {
    format!("{hall_code}{}{sequence:05}", day.format("%Y%m%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, VecDeque};

    #[test]
    fn names_round_trip() {
        for s in CaseState::ALL {
            assert_eq!(CaseState::parse(s.as_str()), Some(s));
        }
        for a in CaseAction::ALL {
            assert_eq!(CaseAction::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn the_happy_paths() {
        let walk = |actions: &[CaseAction]| actions.iter().try_fold(CaseState::Draft, |s, &a| transition(s, a));
        use CaseAction::*;
        assert_eq!(walk(&[Accept, HandOff, Claim, Approve, PrepareIssuance, Collect, Close]), Ok(CaseState::Closed));
        assert_eq!(
            walk(&[
                AcceptWithShortfall,
                HandOff,
                Claim,
                RequestSupplement,
                Supply,
                Claim,
                RequestSupplement,
                Supply,
                Claim,
                Approve,
                PrepareDispatch,
                Dispatch,
                Deliver,
                Close
            ]),
            Ok(CaseState::Closed)
        );
        assert_eq!(walk(&[Accept, HandOff, Claim, Deny, PrepareIssuance]), Ok(CaseState::ReadyForIssuance));
        assert_eq!(walk(&[Refuse]), Ok(CaseState::Refused));
        assert_eq!(walk(&[IssueNotice]), Ok(CaseState::NoticeIssued));
    }

    #[test]
    fn illegal_moves_are_typed_errors_with_a_clear_message() {
        let e = transition(CaseState::Draft, CaseAction::Approve).unwrap_err();
        assert_eq!(e, IllegalTransition { from: CaseState::Draft, action: CaseAction::Approve });
        assert_eq!(e.to_string(), "办件当前状态为“草稿”，不能执行“准予办理”");
        assert!(transition(CaseState::Closed, CaseAction::Close).is_err());
        assert!(transition(CaseState::SupplementRequested, CaseAction::Approve).is_err());
        assert!(transition(CaseState::Dispatched, CaseAction::Collect).is_err());
    }

    #[test]
    fn exactly_the_listed_moves_are_allowed() {
        let allowed: usize =
            CaseState::ALL.iter().map(|&s| CaseAction::ALL.iter().filter(|&&a| transition(s, a).is_ok()).count()).sum();
        // 17 match arms, five of which cover two source states each.
        assert_eq!(allowed, 22);
    }

    #[test]
    fn every_state_is_reachable_from_draft_and_every_open_state_can_finish() {
        let mut seen = BTreeSet::from([CaseState::Draft]);
        let mut queue = VecDeque::from([CaseState::Draft]);
        while let Some(s) = queue.pop_front() {
            for a in CaseAction::ALL {
                if let Ok(next) = transition(s, a) {
                    if seen.insert(next) {
                        queue.push_back(next);
                    }
                }
            }
        }
        assert_eq!(seen.len(), CaseState::ALL.len());
        let terminal: BTreeSet<_> = CaseState::ALL.into_iter().filter(|s| s.is_terminal()).collect();
        assert_eq!(terminal, BTreeSet::from([CaseState::Closed, CaseState::Refused, CaseState::NoticeIssued]));
    }

    #[test]
    fn case_numbers_are_fixed_width() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(case_number("440703000", day, 7), "4407030002026112800007");
        assert_eq!(case_number("440703000", day, 12345).len(), 22);
    }

    #[test]
    fn verification_codes_use_the_unambiguous_alphabet() {
        assert_eq!(verification_code([0, 1, 2, 29, 30, 31]), "ABC8AB");
        let code = verification_code([7, 99, 1234, 5, 77777, 3]);
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| VERIFICATION_ALPHABET.contains(&b)));
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
    }

    #[test]
    fn queues_do_not_overlap() {
        for s in CaseState::ALL {
            assert!(!(s.is_in_department_queue() && s.is_in_dispatch_queue()), "{s:?}");
            if s.is_in_department_queue() {
                assert!(s.is_open());
            }
        }
    }
}
