//! The case (办件) and its lifecycle as an explicit state machine. Every transition is an action
//! taken by someone; an action the current state does not allow is a typed error, never a guess.

use chrono::{DateTime, NaiveDate, Utc};
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
    CorrectionRequested,
    Corrected,
    /// 特别程序 (听证, 专家评审, 检验检测…): the time limit is paused.
    SpecialProcedure,
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
    /// 视为撤回: the correction was not supplied by its deadline and the lead ended the case.
    Withdrawn,
    /// 终止办理: the tolerated materials did not come by their date and the item's rule ends the case.
    Terminated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CaseAction {
    Accept,
    AcceptWithShortfall,
    Refuse,
    IssueNotice,
    HandOff,
    Claim,
    Release,
    RequestCorrection,
    SubmitCorrection,
    /// A department lead gives a claimed case to another reviewer of the department.
    Reassign,
    StartSpecialProcedure,
    EndSpecialProcedure,
    /// 延期: once per case, by the department lead.
    Extend,
    /// The lead gives the applicant more time for a correction.
    ExtendCorrection,
    /// 视为撤回.
    Withdraw,
    Approve,
    Deny,
    PrepareIssuance,
    PrepareDispatch,
    Collect,
    Dispatch,
    Deliver,
    Close,
    /// 智能审批: the system approves an intake that meets the item's conditions, at once.
    InstantApprove,
    /// The applicant brings tolerated materials (容缺补交); the state stays.
    SupplyShortfall,
    /// The applicant is reminded of tolerated materials due; the state stays.
    Remind,
    /// The tolerated materials are overdue and the item's rule holds the case: the result waits
    /// and the broken commitment is recorded; the state stays.
    HoldShortfall,
    /// The tolerated materials are overdue and the item's rule ends the case.
    Terminate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("办件当前状态为“{}”，不能执行“{}”", from.label_zh(), action.label_zh())]
pub struct IllegalTransition {
    pub from: CaseState,
    pub action: CaseAction,
}

impl CaseState {
    pub const ALL: [CaseState; 20] = [
        CaseState::Draft,
        CaseState::Accepted,
        CaseState::AcceptedWithShortfall,
        CaseState::HandedOff,
        CaseState::UnderReview,
        CaseState::CorrectionRequested,
        CaseState::Corrected,
        CaseState::SpecialProcedure,
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
        CaseState::Withdrawn,
        CaseState::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Draft => "draft",
            CaseState::Accepted => "accepted",
            CaseState::AcceptedWithShortfall => "accepted_with_shortfall",
            CaseState::HandedOff => "handed_off",
            CaseState::UnderReview => "under_review",
            CaseState::CorrectionRequested => "correction_requested",
            CaseState::Corrected => "corrected",
            CaseState::SpecialProcedure => "special_procedure",
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
            CaseState::Withdrawn => "withdrawn",
            CaseState::Terminated => "terminated",
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
            CaseState::CorrectionRequested => "待补正",
            CaseState::Corrected => "已补正",
            CaseState::SpecialProcedure => "特别程序中",
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
            CaseState::Withdrawn => "视为撤回",
            CaseState::Terminated => "终止办理",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CaseState::Draft => "Draft",
            CaseState::Accepted => "Accepted",
            CaseState::AcceptedWithShortfall => "Accepted with shortfall",
            CaseState::HandedOff => "Handed off",
            CaseState::UnderReview => "Under review",
            CaseState::CorrectionRequested => "Correction requested",
            CaseState::Corrected => "Corrected",
            CaseState::SpecialProcedure => "In special procedure",
            CaseState::Approved => "Approved",
            CaseState::Denied => "Denied",
            CaseState::ReadyForIssuance => "Ready for issuance",
            CaseState::AwaitingDispatch => "Awaiting dispatch",
            CaseState::Collected => "Collected",
            CaseState::Dispatched => "Dispatched",
            CaseState::Delivered => "Delivered",
            CaseState::Closed => "Closed",
            CaseState::Refused => "Refused",
            CaseState::NoticeIssued => "One-time notice issued",
            CaseState::Withdrawn => "Deemed withdrawn",
            CaseState::Terminated => "Terminated",
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
                | CaseState::CorrectionRequested
                | CaseState::Corrected
                | CaseState::SpecialProcedure
        )
    }

    /// Waiting in a department's queue (handed off, claimed, or waiting on the applicant).
    pub fn is_in_department_queue(self) -> bool {
        matches!(
            self,
            CaseState::HandedOff
                | CaseState::UnderReview
                | CaseState::CorrectionRequested
                | CaseState::Corrected
                | CaseState::SpecialProcedure
        )
    }

    /// The time limit does not run: waiting for the applicant's correction or a special procedure.
    pub fn pauses_time_limit(self) -> bool {
        matches!(self, CaseState::CorrectionRequested | CaseState::SpecialProcedure)
    }

    /// Accepted and not yet ended: tolerated materials may still come in, be reminded of, and be
    /// found overdue (a dispatched result has left: its materials were in).
    pub fn awaits_shortfall(self) -> bool {
        self.is_open()
            || matches!(self, CaseState::Approved | CaseState::ReadyForIssuance | CaseState::AwaitingDispatch)
    }

    /// Work for the courier dispatcher.
    pub fn is_in_dispatch_queue(self) -> bool {
        matches!(self, CaseState::AwaitingDispatch | CaseState::Dispatched)
    }
}

impl CaseAction {
    pub const ALL: [CaseAction; 28] = [
        CaseAction::Accept,
        CaseAction::AcceptWithShortfall,
        CaseAction::Refuse,
        CaseAction::IssueNotice,
        CaseAction::HandOff,
        CaseAction::Claim,
        CaseAction::Release,
        CaseAction::RequestCorrection,
        CaseAction::SubmitCorrection,
        CaseAction::Reassign,
        CaseAction::StartSpecialProcedure,
        CaseAction::EndSpecialProcedure,
        CaseAction::Extend,
        CaseAction::ExtendCorrection,
        CaseAction::Withdraw,
        CaseAction::Approve,
        CaseAction::Deny,
        CaseAction::PrepareIssuance,
        CaseAction::PrepareDispatch,
        CaseAction::Collect,
        CaseAction::Dispatch,
        CaseAction::Deliver,
        CaseAction::Close,
        CaseAction::InstantApprove,
        CaseAction::SupplyShortfall,
        CaseAction::Remind,
        CaseAction::HoldShortfall,
        CaseAction::Terminate,
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
            CaseAction::RequestCorrection => "request_correction",
            CaseAction::SubmitCorrection => "submit_correction",
            CaseAction::Reassign => "reassign",
            CaseAction::StartSpecialProcedure => "start_special_procedure",
            CaseAction::EndSpecialProcedure => "end_special_procedure",
            CaseAction::Extend => "extend",
            CaseAction::ExtendCorrection => "extend_correction",
            CaseAction::Withdraw => "withdraw",
            CaseAction::Approve => "approve",
            CaseAction::Deny => "deny",
            CaseAction::PrepareIssuance => "prepare_issuance",
            CaseAction::PrepareDispatch => "prepare_dispatch",
            CaseAction::Collect => "collect",
            CaseAction::Dispatch => "dispatch",
            CaseAction::Deliver => "deliver",
            CaseAction::Close => "close",
            CaseAction::InstantApprove => "instant_approve",
            CaseAction::SupplyShortfall => "supply_shortfall",
            CaseAction::Remind => "remind",
            CaseAction::HoldShortfall => "hold_shortfall",
            CaseAction::Terminate => "terminate",
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
            CaseAction::RequestCorrection => "要求补正",
            CaseAction::SubmitCorrection => "补正材料",
            CaseAction::Reassign => "改派",
            CaseAction::StartSpecialProcedure => "启动特别程序",
            CaseAction::EndSpecialProcedure => "结束特别程序",
            CaseAction::Extend => "延期",
            CaseAction::ExtendCorrection => "延长补正期限",
            CaseAction::Withdraw => "视为撤回",
            CaseAction::Approve => "准予办理",
            CaseAction::Deny => "不予许可",
            CaseAction::PrepareIssuance => "转窗口出件",
            CaseAction::PrepareDispatch => "转寄递",
            CaseAction::Collect => "领取",
            CaseAction::Dispatch => "寄出",
            CaseAction::Deliver => "签收",
            CaseAction::Close => "归档",
            CaseAction::InstantApprove => "智能审批",
            CaseAction::SupplyShortfall => "补交容缺材料",
            CaseAction::Remind => "提醒补交",
            CaseAction::HoldShortfall => "容缺逾期暂缓出件",
            CaseAction::Terminate => "终止办理",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CaseAction::Accept => "Accept",
            CaseAction::AcceptWithShortfall => "Accept with shortfall",
            CaseAction::Refuse => "Refuse",
            CaseAction::IssueNotice => "Issue one-time notice",
            CaseAction::HandOff => "Hand off to department",
            CaseAction::Claim => "Claim for review",
            CaseAction::Release => "Release to queue",
            CaseAction::RequestCorrection => "Request correction",
            CaseAction::SubmitCorrection => "Submit correction",
            CaseAction::Reassign => "Reassign",
            CaseAction::StartSpecialProcedure => "Start special procedure",
            CaseAction::EndSpecialProcedure => "End special procedure",
            CaseAction::Extend => "Extend the time limit",
            CaseAction::ExtendCorrection => "Extend the correction deadline",
            CaseAction::Withdraw => "Deem withdrawn",
            CaseAction::Approve => "Approve",
            CaseAction::Deny => "Deny",
            CaseAction::PrepareIssuance => "Prepare issuance at the window",
            CaseAction::PrepareDispatch => "Prepare dispatch",
            CaseAction::Collect => "Collect",
            CaseAction::Dispatch => "Dispatch",
            CaseAction::Deliver => "Deliver",
            CaseAction::Close => "Close",
            CaseAction::InstantApprove => "Instant approval",
            CaseAction::SupplyShortfall => "Supply tolerated materials",
            CaseAction::Remind => "Remind the applicant",
            CaseAction::HoldShortfall => "Hold for overdue tolerated materials",
            CaseAction::Terminate => "Terminate",
        }
    }
}

/// What the lifecycle keeps on a case beside its state. Actions change it; the domain decides
/// how ([`advance`]) and a store only persists the result, so every backend behaves alike.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseProgress {
    /// The username of the reviewer who holds the case.
    pub claimed_by: Option<String>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// The promised completion date, set on acceptance.
    pub due_date: Option<NaiveDate>,
    /// When tolerated missing materials are due (容缺补交), set on acceptance with shortfall.
    pub shortfall_supplement_due: Option<NaiveDate>,
    /// The statutory limit's date (法定时限), tracked beside the promised one and moved alike.
    pub statutory_due: Option<NaiveDate>,
    /// The applicant's deadline for a requested correction, while one is outstanding.
    pub correction_due: Option<NaiveDate>,
    /// Working days granted by the one extension (延期) a case may have; zero before.
    pub extension_days: u32,
    /// The day the applicant's 容缺 commitment was found broken (overdue tolerated materials):
    /// kept for good, a commitment kept later clears nothing.
    pub shortfall_broken_on: Option<NaiveDate>,
}

/// One action as someone takes it, with the dates it sets as the caller computed them on the
/// calendar (see [`crate::time_limit`]): an action that does not set a date ignores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseStep {
    pub action: CaseAction,
    pub actor: String,
    pub at: DateTime<Utc>,
    /// The promised and statutory dates: set by an acceptance, moved by the end of a pause and by
    /// an extension.
    pub due_date: Option<NaiveDate>,
    pub statutory_due: Option<NaiveDate>,
    /// Set by an acceptance with shortfall; a supply of tolerated materials leaves the date of
    /// those still outstanding, none once all are in.
    pub shortfall_supplement_due: Option<NaiveDate>,
    /// The applicant's deadline, set by a correction request and its extension.
    pub correction_due: Option<NaiveDate>,
    /// Who takes the case over on a reassignment (a username).
    pub assignee: Option<String>,
    /// The working days of an extension.
    pub extension_days: u32,
}

impl CaseStep {
    pub fn new(action: CaseAction, actor: &str, at: DateTime<Utc>) -> Self {
        CaseStep {
            action,
            actor: actor.to_string(),
            at,
            due_date: None,
            statutory_due: None,
            shortfall_supplement_due: None,
            correction_due: None,
            assignee: None,
            extension_days: 0,
        }
    }
}

/// A move of the lifecycle with what it leaves on the case: the store persists exactly this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseChange {
    pub action: CaseAction,
    pub from: CaseState,
    pub to: CaseState,
    pub progress: CaseProgress,
}

/// Takes `step` on a case in `state` with `progress`: the new state and what else changes.
pub fn advance(state: CaseState, progress: &CaseProgress, step: &CaseStep) -> Result<CaseChange, IllegalTransition> {
    let to = transition(state, step.action)?;
    let mut next = progress.clone();
    match step.action {
        CaseAction::Accept | CaseAction::AcceptWithShortfall => {
            next.accepted_at = Some(step.at);
            next.due_date = step.due_date;
            next.statutory_due = step.statutory_due;
            next.shortfall_supplement_due =
                if step.action == CaseAction::AcceptWithShortfall { step.shortfall_supplement_due } else { None };
        }
        CaseAction::Claim => next.claimed_by = Some(step.actor.clone()),
        CaseAction::Release => next.claimed_by = None,
        CaseAction::Reassign => next.claimed_by = step.assignee.clone(),
        CaseAction::RequestCorrection | CaseAction::ExtendCorrection => next.correction_due = step.correction_due,
        CaseAction::SubmitCorrection | CaseAction::EndSpecialProcedure | CaseAction::Extend => {
            if step.action == CaseAction::SubmitCorrection {
                next.correction_due = None;
            }
            next.due_date = step.due_date.or(progress.due_date);
            next.statutory_due = step.statutory_due.or(progress.statutory_due);
            if step.action == CaseAction::Extend {
                next.extension_days = step.extension_days;
            }
        }
        CaseAction::Withdraw => next.correction_due = None,
        CaseAction::SupplyShortfall => next.shortfall_supplement_due = step.shortfall_supplement_due,
        CaseAction::HoldShortfall | CaseAction::Terminate => {
            next.shortfall_broken_on = Some(crate::time::local_day(step.at));
        }
        _ => {}
    }
    Ok(CaseChange { action: step.action, from: state, to, progress: next })
}

/// Takes `steps` one after another from `state`: the changes in order, or the first illegal one.
pub fn advance_all(
    state: CaseState,
    progress: &CaseProgress,
    steps: &[CaseStep],
) -> Result<Vec<CaseChange>, IllegalTransition> {
    let mut changes: Vec<CaseChange> = Vec::with_capacity(steps.len());
    for step in steps {
        let (state, progress) = changes.last().map_or((state, progress), |c| (c.to, &c.progress));
        let change = advance(state, progress, step)?;
        changes.push(change);
    }
    Ok(changes)
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
        (S::HandedOff | S::Corrected, A::Claim) => S::UnderReview,
        (S::UnderReview | S::Corrected, A::Release) => S::HandedOff,
        (S::UnderReview | S::CorrectionRequested | S::Corrected | S::SpecialProcedure, A::Reassign | A::Extend) => from,
        (S::UnderReview | S::Corrected, A::RequestCorrection) => S::CorrectionRequested,
        (S::CorrectionRequested, A::SubmitCorrection) => S::Corrected,
        (S::CorrectionRequested, A::ExtendCorrection) => S::CorrectionRequested,
        (S::CorrectionRequested, A::Withdraw) => S::Withdrawn,
        (S::UnderReview, A::StartSpecialProcedure) => S::SpecialProcedure,
        (S::SpecialProcedure, A::EndSpecialProcedure) => S::UnderReview,
        (S::UnderReview | S::Corrected, A::Approve) => S::Approved,
        (S::UnderReview | S::Corrected, A::Deny) => S::Denied,
        (S::Approved | S::Denied, A::PrepareIssuance) => S::ReadyForIssuance,
        (S::Approved | S::Denied, A::PrepareDispatch) => S::AwaitingDispatch,
        (S::ReadyForIssuance, A::Collect) => S::Collected,
        (S::AwaitingDispatch, A::Dispatch) => S::Dispatched,
        (S::Dispatched, A::Deliver) => S::Delivered,
        (S::Collected | S::Delivered, A::Close) => S::Closed,
        (S::Accepted, A::InstantApprove) => S::Approved,
        (s, A::SupplyShortfall | A::Remind | A::HoldShortfall) if s.awaits_shortfall() => s,
        (s, A::Terminate) if s.awaits_shortfall() => S::Terminated,
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

/// The most cases one hall numbers in one day: the sequence has five digits.
pub const MAX_DAILY_SEQUENCE: u32 = 99_999;

/// A hall has used every case number of the day: the number never grows a digit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("大厅{hall_code}在{day}的办件编号已用尽（每日最多{MAX_DAILY_SEQUENCE}件），请联系管理员")]
pub struct CaseNumbersExhausted {
    pub hall_code: String,
    pub day: NaiveDate,
}

/// 办件编号: hall code, the local date of acceptance and a per-hall daily sequence of five digits.
/// City-unique because hall codes are, and the sequence is allocated by the store inside the case's
/// transaction. Past [`MAX_DAILY_SEQUENCE`] there is no number: refused, never widened.
pub fn case_number(hall_code: &str, day: NaiveDate, sequence: u32) -> Result<String, CaseNumbersExhausted> {
    if !(1..=MAX_DAILY_SEQUENCE).contains(&sequence) {
        return Err(CaseNumbersExhausted { hall_code: hall_code.to_string(), day });
    }
    Ok(format!("{hall_code}{}{sequence:05}", day.format("%Y%m%d")))
}

/// A case number as people read it out: hall code, date and sequence apart
/// (`440703000 20261128 00007`), the same grouping as the screens'. Anything that is not a
/// 22-digit case number is given back as it is.
pub fn grouped_case_number(number: &str) -> String {
    if number.len() == 22 && number.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} {} {}", &number[..9], &number[9..17], &number[17..])
    } else {
        number.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, VecDeque};

    #[test]
    fn case_numbers_are_grouped_as_they_are_read_out() {
        assert_eq!(grouped_case_number("4407030002026112800007"), "440703000 20261128 00007");
        for other in ["", "JM2025000001", "440703000202611280000", "44070300020261128000071", "44070300020261128000X7"]
        {
            assert_eq!(grouped_case_number(other), other);
        }
    }

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
                RequestCorrection,
                SubmitCorrection,
                Claim,
                RequestCorrection,
                SubmitCorrection,
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
        assert!(transition(CaseState::CorrectionRequested, CaseAction::Approve).is_err());
        assert!(transition(CaseState::Dispatched, CaseAction::Collect).is_err());
    }

    #[test]
    fn exactly_the_listed_moves_are_allowed() {
        let allowed: usize =
            CaseState::ALL.iter().map(|&s| CaseAction::ALL.iter().filter(|&&a| transition(s, a).is_ok()).count()).sum();
        // One per source state of each match arm: the four follow-up moves from each of the ten
        // states that still await tolerated materials.
        assert_eq!(allowed, 38 + 1 + 4 * 10);
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
        assert_eq!(
            terminal,
            BTreeSet::from([
                CaseState::Closed,
                CaseState::Refused,
                CaseState::NoticeIssued,
                CaseState::Withdrawn,
                CaseState::Terminated
            ])
        );
    }

    #[test]
    fn every_state_and_action_has_both_labels() {
        let states: BTreeSet<_> = CaseState::ALL.iter().map(|s| (s.label_zh(), s.label_en())).collect();
        let actions: BTreeSet<_> = CaseAction::ALL.iter().map(|a| (a.label_zh(), a.label_en())).collect();
        assert_eq!(states.len(), CaseState::ALL.len());
        assert_eq!(actions.len(), CaseAction::ALL.len());
        for (zh, en) in states.into_iter().chain(actions) {
            assert!(!zh.is_empty() && !zh.is_ascii(), "{zh}");
            assert!(!en.is_empty() && en.is_ascii(), "{en}");
        }
    }

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_795_000_000 + minutes * 60, 0).unwrap()
    }

    #[test]
    fn advancing_sets_exactly_what_each_action_changes() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let accept = CaseStep {
            due_date: Some(day(20)),
            shortfall_supplement_due: Some(day(10)),
            ..CaseStep::new(CaseAction::AcceptWithShortfall, "clerk", at(1))
        };
        let steps = [
            accept,
            CaseStep::new(CaseAction::HandOff, "clerk", at(2)),
            CaseStep::new(CaseAction::Claim, "reviewer", at(3)),
            CaseStep::new(CaseAction::Release, "reviewer", at(4)),
            CaseStep::new(CaseAction::Claim, "other", at(5)),
            CaseStep::new(CaseAction::Approve, "other", at(6)),
        ];
        let changes = advance_all(CaseState::Draft, &CaseProgress::default(), &steps).unwrap();
        let accepted = CaseProgress {
            claimed_by: None,
            accepted_at: Some(at(1)),
            due_date: Some(day(20)),
            shortfall_supplement_due: Some(day(10)),
            ..CaseProgress::default()
        };
        assert_eq!(changes[0].progress, accepted);
        assert_eq!(changes[1].progress, accepted, "a hand-off changes nothing but the state");
        assert_eq!(changes[2].progress.claimed_by.as_deref(), Some("reviewer"));
        assert_eq!(changes[3].progress, accepted, "a release gives the case back");
        assert_eq!(changes[5].progress, CaseProgress { claimed_by: Some("other".into()), ..accepted.clone() });
        assert_eq!(changes.iter().map(|c| c.to).next_back(), Some(CaseState::Approved));
        assert_eq!(changes[1].from, CaseState::AcceptedWithShortfall);

        // A plain acceptance carries no shortfall date even when one is passed.
        let plain = CaseStep { action: CaseAction::Accept, ..steps[0].clone() };
        let change = advance(CaseState::Draft, &CaseProgress::default(), &plain).unwrap();
        assert_eq!(change.progress.shortfall_supplement_due, None);

        // An illegal step anywhere stops the chain with its typed error.
        let bad = [steps[0].clone(), CaseStep::new(CaseAction::Collect, "clerk", at(2))];
        assert_eq!(
            advance_all(CaseState::Draft, &CaseProgress::default(), &bad),
            Err(IllegalTransition { from: CaseState::AcceptedWithShortfall, action: CaseAction::Collect })
        );
    }

    #[test]
    fn follow_up_moves_keep_the_state_and_record_the_broken_commitment_for_good() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let held = CaseProgress {
            claimed_by: Some("r1".into()),
            due_date: Some(day(20)),
            shortfall_supplement_due: Some(day(4)),
            ..CaseProgress::default()
        };
        // Part of the tolerated materials in: the date of the rest stays.
        let part = CaseStep {
            shortfall_supplement_due: Some(day(4)),
            ..CaseStep::new(CaseAction::SupplyShortfall, "clerk", at(1))
        };
        let after = advance(CaseState::UnderReview, &held, &part).unwrap();
        assert_eq!((after.to, &after.progress), (CaseState::UnderReview, &held));
        let reminded = advance(CaseState::UnderReview, &held, &CaseStep::new(CaseAction::Remind, "clerk", at(2)));
        assert_eq!(reminded.unwrap().progress, held, "a reminder changes nothing but the record");
        // 1 795 000 000 s is 2026-11-18 07:46 UTC, the same day in the halls.
        let hold =
            advance(CaseState::Approved, &held, &CaseStep::new(CaseAction::HoldShortfall, "clerk", at(3))).unwrap();
        let broken = Some(NaiveDate::from_ymd_opt(2026, 11, 18).unwrap());
        assert_eq!((hold.to, hold.progress.shortfall_broken_on), (CaseState::Approved, broken));
        // Everything in at last: nothing outstanding, and the broken commitment stays.
        let all =
            CaseStep { shortfall_supplement_due: None, ..CaseStep::new(CaseAction::SupplyShortfall, "clerk", at(4)) };
        let kept = advance(hold.to, &hold.progress, &all).unwrap();
        assert_eq!((kept.progress.shortfall_supplement_due, kept.progress.shortfall_broken_on), (None, broken));
        let ended = advance(CaseState::HandedOff, &held, &CaseStep::new(CaseAction::Terminate, "lead", at(5))).unwrap();
        assert_eq!((ended.to, ended.progress.shortfall_broken_on), (CaseState::Terminated, broken));
        // Nothing follows a result that has left, or a case that has ended.
        for s in
            [CaseState::Dispatched, CaseState::Collected, CaseState::Closed, CaseState::Terminated, CaseState::Draft]
        {
            assert!(transition(s, CaseAction::SupplyShortfall).is_err(), "{s:?}");
            assert!(transition(s, CaseAction::Terminate).is_err(), "{s:?}");
        }
        // Only a complete intake is approved by the system, straight from acceptance.
        assert_eq!(transition(CaseState::Accepted, CaseAction::InstantApprove), Ok(CaseState::Approved));
        assert!(transition(CaseState::AcceptedWithShortfall, CaseAction::InstantApprove).is_err());
        assert!(transition(CaseState::HandedOff, CaseAction::InstantApprove).is_err());
    }

    #[test]
    fn review_moves_keep_or_set_what_they_should() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let held = CaseProgress {
            claimed_by: Some("r1".into()),
            due_date: Some(day(10)),
            statutory_due: Some(day(20)),
            ..CaseProgress::default()
        };
        let ask =
            CaseStep { correction_due: Some(day(8)), ..CaseStep::new(CaseAction::RequestCorrection, "r1", at(1)) };
        let asked = advance(CaseState::UnderReview, &held, &ask).unwrap();
        assert_eq!((asked.to, asked.progress.correction_due), (CaseState::CorrectionRequested, Some(day(8))));
        assert_eq!(asked.progress.claimed_by.as_deref(), Some("r1"), "the asker keeps the case");
        let supply = CaseStep {
            due_date: Some(day(14)),
            statutory_due: Some(day(24)),
            ..CaseStep::new(CaseAction::SubmitCorrection, "clerk", at(2))
        };
        let supplied = advance(asked.to, &asked.progress, &supply).unwrap();
        assert_eq!(supplied.to, CaseState::Corrected);
        assert_eq!(supplied.progress.claimed_by.as_deref(), Some("r1"), "and gets it back");
        assert_eq!((supplied.progress.due_date, supplied.progress.statutory_due), (Some(day(14)), Some(day(24))));
        assert_eq!(supplied.progress.correction_due, None);
        let reassign = CaseStep { assignee: Some("r2".into()), ..CaseStep::new(CaseAction::Reassign, "lead", at(3)) };
        let moved = advance(supplied.to, &supplied.progress, &reassign).unwrap();
        assert_eq!((moved.to, moved.progress.claimed_by.as_deref()), (CaseState::Corrected, Some("r2")));
        let extend = CaseStep {
            extension_days: 10,
            due_date: Some(day(28)),
            ..CaseStep::new(CaseAction::Extend, "lead", at(4))
        };
        let extended = advance(moved.to, &moved.progress, &extend).unwrap();
        assert_eq!(extended.progress.extension_days, 10);
        let waiting = advance(asked.to, &asked.progress, &extend).unwrap();
        assert_eq!(waiting.progress.correction_due, Some(day(8)), "an extension keeps the applicant's deadline");
        assert_eq!(extended.progress.due_date, Some(day(28)));
        assert_eq!(extended.progress.statutory_due, Some(day(24)), "a date not given stays");
        let special =
            advance(CaseState::UnderReview, &held, &CaseStep::new(CaseAction::StartSpecialProcedure, "r1", at(5)));
        assert!(special.unwrap().to.pauses_time_limit());
        assert_eq!(transition(CaseState::CorrectionRequested, CaseAction::Withdraw), Ok(CaseState::Withdrawn));
        assert!(transition(CaseState::SpecialProcedure, CaseAction::Approve).is_err());
        assert!(transition(CaseState::HandedOff, CaseAction::Reassign).is_err(), "only a held case is reassigned");
    }

    #[test]
    fn advance_agrees_with_transition_everywhere() {
        let progress = CaseProgress { claimed_by: Some("r".into()), ..CaseProgress::default() };
        for s in CaseState::ALL {
            for a in CaseAction::ALL {
                let step = CaseStep::new(a, "x", at(0));
                match (transition(s, a), advance(s, &progress, &step)) {
                    (Ok(to), Ok(change)) => {
                        assert_eq!((change.from, change.to, change.action), (s, to, a));
                        let claim_changes = matches!(a, CaseAction::Claim | CaseAction::Release | CaseAction::Reassign);
                        let accept = matches!(a, CaseAction::Accept | CaseAction::AcceptWithShortfall);
                        assert_eq!(change.progress.claimed_by != progress.claimed_by, claim_changes, "{s:?} {a:?}");
                        assert_eq!(change.progress.accepted_at.is_some(), accept, "{s:?} {a:?}");
                    }
                    (Err(e1), Err(e2)) => assert_eq!(e1, e2),
                    other => panic!("{s:?} {a:?}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn case_numbers_are_fixed_width() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(case_number("440703000", day, 7).unwrap(), "4407030002026112800007");
        assert_eq!(case_number("440703000", day, 12345).unwrap().len(), 22);
        assert_eq!(case_number("440703000", day, MAX_DAILY_SEQUENCE).unwrap(), "4407030002026112899999");
        let past = case_number("440703000", day, MAX_DAILY_SEQUENCE + 1).unwrap_err();
        assert_eq!(past, CaseNumbersExhausted { hall_code: "440703000".into(), day });
        assert!(past.to_string().contains("已用尽"));
        assert!(case_number("440703000", day, 0).is_err());
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
