//! The back office's use cases: the department queue, the review screen, and every move a
//! reviewer or a department lead makes on a case, each through the domain's state machine with
//! its event appended in the same transaction. Who may do what is decided here, once, by
//! [`App::permits`]: the screen's buttons and the refusals come from the same function.

use chrono::{Days, NaiveDate};
use onewindow_domain::audit::verify_chain;
use onewindow_domain::time::local_day;
use onewindow_domain::time_limit::status_of;
use onewindow_domain::{
    advance, transition, warning_threshold, CaseAction, CaseState, CaseStep, CorrectionItem, DeliveryMethod,
    DocumentKind, EventDetail, LimitStatus, Role, ServiceItem, TimeLimit, User,
};
use onewindow_store::{CaseEventRow, CaseRow, CaseTransition, HolderFilter, QueueQuery, QueueWakeup, StoreError};

use crate::intake::received_materials;
use crate::views::*;
use crate::{case_summary, App, AppError, Result};

/// How many rows a queue page holds at most.
const MAX_PAGE: u32 = 200;
/// The longest a special procedure or a correction deadline may run, in working or calendar days.
const MAX_PROCEDURE_DAYS: u32 = 250;
const MAX_CORRECTION_DAYS: u64 = 180;

/// A case as the back office acts on it: the row, its history and its item.
pub(crate) struct Loaded {
    pub(crate) row: CaseRow,
    pub(crate) events: Vec<CaseEventRow>,
    pub(crate) item: ServiceItem,
}

/// The documents a move makes printable.
fn documents_of(action: CaseAction) -> Vec<DocumentKind> {
    match action {
        CaseAction::Approve | CaseAction::InstantApprove => vec![DocumentKind::ApprovalDecision],
        CaseAction::Deny => vec![DocumentKind::DenialDecision],
        CaseAction::RequestCorrection | CaseAction::ExtendCorrection => vec![DocumentKind::CorrectionNotice],
        CaseAction::StartSpecialProcedure => vec![DocumentKind::SpecialProcedureNotice],
        CaseAction::Extend => vec![DocumentKind::ExtensionNotice],
        CaseAction::Withdraw => vec![DocumentKind::WithdrawalNotice],
        CaseAction::Terminate => vec![DocumentKind::TerminationNotice],
        CaseAction::Collect => vec![DocumentKind::CollectionReceipt],
        _ => Vec::new(),
    }
}

/// The moves of the back office, in the order the review screen offers them.
const REVIEW_ACTIONS: [CaseAction; 12] = [
    CaseAction::Claim,
    CaseAction::Approve,
    CaseAction::Deny,
    CaseAction::RequestCorrection,
    CaseAction::StartSpecialProcedure,
    CaseAction::EndSpecialProcedure,
    CaseAction::Release,
    CaseAction::Reassign,
    CaseAction::Extend,
    CaseAction::ExtendCorrection,
    CaseAction::Withdraw,
    CaseAction::SubmitCorrection,
];

impl ReviewRequest {
    pub fn action(&self) -> CaseAction {
        match self {
            ReviewRequest::Claim => CaseAction::Claim,
            ReviewRequest::Release { .. } => CaseAction::Release,
            ReviewRequest::Reassign { .. } => CaseAction::Reassign,
            ReviewRequest::Approve { .. } => CaseAction::Approve,
            ReviewRequest::Deny { .. } => CaseAction::Deny,
            ReviewRequest::RequestCorrection { .. } => CaseAction::RequestCorrection,
            ReviewRequest::StartSpecialProcedure { .. } => CaseAction::StartSpecialProcedure,
            ReviewRequest::EndSpecialProcedure { .. } => CaseAction::EndSpecialProcedure,
            ReviewRequest::Extend { .. } => CaseAction::Extend,
            ReviewRequest::ExtendCorrection { .. } => CaseAction::ExtendCorrection,
            ReviewRequest::Withdraw { .. } => CaseAction::Withdraw,
        }
    }
}

/// A required text of a request, trimmed, at most `max` characters.
fn required(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, format!("请填写{label}")));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, format!("{label}不能超过{max}个字")));
    }
    Ok(value.to_string())
}

fn optional(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    if value.trim().is_empty() {
        return Ok(String::new());
    }
    required(field, label, value, max)
}

fn date(field: &'static str, label: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, format!("{label}应为“年-月-日”格式的日期，如 2026-12-31")))
}

/// A case number as typed or as the receipt's and notices' QR code reads (`OW:number:code`): the
/// number, and the verification code when the QR code carried one.
pub(crate) fn case_reference(text: &str) -> Result<(String, Option<String>)> {
    let text = text.trim();
    let (number, code) = match text.strip_prefix("OW:") {
        Some(rest) => match rest.split_once(':') {
            Some((number, code)) => (number.trim(), Some(code.trim().to_string())),
            None => (rest.trim(), None),
        },
        None => (text, None),
    };
    if number.is_empty() || number.len() > 40 || !number.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::invalid("case", "办件编号格式不正确，请扫描告知书或回执上的二维码，或输入办件编号"));
    }
    Ok((number.to_string(), code))
}

impl App {
    pub(crate) async fn load(&self, number: &str) -> Result<Loaded> {
        let (number, code) = case_reference(number)?;
        // A scanned notice opens a case of another hall (the correction screen's look-up).
        self.open_with_code(&number, code.as_deref()).await?;
        let row = self
            .store
            .case(&number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        let events = self.store.case_events(&number).await?;
        let catalog = self.catalog_at(row.catalog_version).await?;
        let item = catalog.item(&row.service_item_code).cloned().ok_or_else(|| {
            AppError::NotFound(format!("办件的事项{}不在目录版本{}中", row.service_item_code, row.catalog_version))
        })?;
        Ok(Loaded { row, events, item })
    }

    /// Whether `user` may take `action` on the case now: the reason in Chinese when not.
    fn permits(&self, user: &User, row: &CaseRow, action: CaseAction, item: &ServiceItem) -> Result<()> {
        if action == CaseAction::SubmitCorrection {
            if user.role != Role::WindowClerk || user.hall_code.is_none() {
                return Err(AppError::Forbidden("补正材料由综合窗口人员接收".into()));
            }
        } else {
            if !user.role.reviews() {
                return Err(AppError::Forbidden(format!("只有后台审批人员可以{}", action.label_zh())));
            }
            if user.department_code.as_deref() != Some(row.department.code.as_str()) {
                return Err(AppError::Forbidden(format!(
                    "办件{}由{}审批，您不能{}",
                    row.number,
                    row.department.name,
                    action.label_zh()
                )));
            }
        }
        let mine = row.claimed_by_username.as_deref() == Some(user.username.as_str());
        // Who holds it says more than the state does: the case was claimed, by whom.
        if action == CaseAction::Claim {
            match &row.claimed_by {
                Some(_) if mine => return Err(AppError::Conflict("您已认领该办件".into())),
                Some(holder) => return Err(AppError::Conflict(format!("该办件已由{holder}认领"))),
                None => {}
            }
        }
        transition(row.state, action).map_err(|e| AppError::Conflict(e.to_string()))?;
        let lead = user.role == Role::DepartmentLead;
        let holder = row.claimed_by.as_deref().unwrap_or("他人");
        match action {
            CaseAction::Claim => Ok(()),
            CaseAction::Release
            | CaseAction::Approve
            | CaseAction::Deny
            | CaseAction::RequestCorrection
            | CaseAction::StartSpecialProcedure
            | CaseAction::EndSpecialProcedure => match &row.claimed_by_username {
                _ if mine => Ok(()),
                Some(_) => Err(AppError::Conflict(format!("该办件由{holder}办理，您不能{}", action.label_zh()))),
                None => Err(AppError::Conflict(format!("请先认领该办件，再{}", action.label_zh()))),
            },
            CaseAction::Reassign | CaseAction::Extend | CaseAction::ExtendCorrection | CaseAction::Withdraw
                if !lead =>
            {
                Err(AppError::Forbidden(format!("只有部门负责人可以{}", action.label_zh())))
            }
            CaseAction::Reassign if row.claimed_by_username.is_none() => {
                Err(AppError::Conflict("该办件尚未被认领，可直接由审批人员认领".into()))
            }
            CaseAction::Extend if row.extension_days > 0 => {
                Err(AppError::Conflict(format!("该办件已延期{}个工作日，每件只能延期一次", row.extension_days)))
            }
            CaseAction::Extend if item.review.extension_days == 0 => {
                Err(AppError::Conflict(format!("事项“{}”没有可延长的法定期限", item.name)))
            }
            CaseAction::Withdraw if row.correction_due.is_none_or(|d| d >= self.today()) => {
                Err(AppError::Conflict("补正期限未过，不能视为撤回；申请人仍可在期限内提交补正材料".into()))
            }
            CaseAction::Reassign | CaseAction::Extend | CaseAction::ExtendCorrection | CaseAction::Withdraw => Ok(()),
            CaseAction::SubmitCorrection => Ok(()),
            other => Err(AppError::Forbidden(format!("“{}”不是审批操作", other.label_zh()))),
        }
    }

    /// The case's time limit from its history, or none before it is accepted.
    fn time_limit(&self, loaded: &Loaded) -> Option<TimeLimit> {
        let accepted = loaded
            .events
            .iter()
            .position(|e| matches!(e.action, Some(CaseAction::Accept | CaseAction::AcceptWithShortfall)))?;
        let item = &loaded.item;
        Some(TimeLimit::from_history(
            local_day(loaded.events[accepted].at),
            item.promised_days,
            item.statutory_days,
            loaded.events[accepted + 1..].iter().filter_map(|e| {
                let days = match &e.detail {
                    Some(EventDetail::Extension { days }) => *days,
                    _ => 0,
                };
                e.action.map(|a| (a, local_day(e.at), days))
            }),
        ))
    }

    fn clock_view(&self, loaded: &Loaded) -> Option<ClockView> {
        let limit = self.time_limit(loaded)?;
        let item = &loaded.item;
        let cal = &self.calendar;
        let today = self.today();
        let warning_days = warning_threshold(item.promised_days, item.review.warning_days);
        // The stored dates are what the case was told; they agree with the history (a test checks).
        let due = loaded.row.due_date.unwrap_or_else(|| limit.due_date(cal));
        let status = if loaded.row.state.pauses_time_limit() {
            LimitStatus::Paused
        } else {
            status_of(cal, today, due, warning_days)
        };
        Some(ClockView {
            status,
            accepted_on: limit.accepted_on.to_string(),
            promised_days: item.promised_days,
            statutory_days: item.statutory_days,
            due_date: due.to_string(),
            statutory_due: loaded.row.statutory_due.unwrap_or_else(|| limit.statutory_due(cal)).to_string(),
            correction_due: loaded.row.correction_due.map(|d| d.to_string()),
            correction_overdue: loaded.row.correction_due.is_some_and(|d| d < today),
            warning_days,
            pauses: limit
                .pauses
                .iter()
                .map(|p| PauseView {
                    start: p.start.to_string(),
                    end: p.end.map(|d| d.to_string()),
                    working_days: p.end.map_or(0, |end| cal.working_days_between(p.start, end)),
                })
                .collect(),
            extension_days: limit.extension_days,
            extension_allowance: item.review.extension_days,
        })
    }

    /// One page of the user's department queue, filtered, soonest due first, with the tabs' counts.
    pub async fn queue_page(&self, user: &User, request: &QueueRequest) -> Result<QueuePageView> {
        let department = match (user.role.reviews(), &user.department_code) {
            (true, Some(code)) => code.clone(),
            _ => return Err(AppError::Forbidden("只有后台审批人员可以查看部门办件队列".into())),
        };
        let limit = request.limit.unwrap_or(50);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(AppError::invalid("limit", format!("每页条数应在1到{MAX_PAGE}之间")));
        }
        if let Some(state) = request.states.iter().find(|s| !s.is_in_department_queue()) {
            return Err(AppError::invalid("states", format!("“{}”的办件不在部门队列中", state.label_zh())));
        }
        let today = self.today();
        let (due_from, due_to, correction_overdue) = match request.due {
            None => (None, None, false),
            Some(DueChoice::Overdue) => (None, today.checked_sub_days(Days::new(1)), false),
            Some(DueChoice::Today) => (Some(today), Some(today), false),
            Some(DueChoice::Within(n)) => (Some(today), Some(self.calendar.add_working_days(today, n)), false),
            Some(DueChoice::CorrectionOverdue) => (None, None, true),
        };
        let holder = match &request.holder {
            HolderChoice::Any => HolderFilter::Any,
            HolderChoice::Unclaimed => HolderFilter::Unclaimed,
            HolderChoice::Mine => HolderFilter::User(user.username.clone()),
            HolderChoice::User(name) => HolderFilter::User(name.trim().to_string()),
        };
        let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let query = QueueQuery {
            department_code: department,
            states: request.states.clone(),
            service_item_code: blank(&request.service_item_code),
            hall_code: blank(&request.hall_code),
            holder,
            due_from,
            due_to,
            correction_overdue,
            offset: request.offset,
            limit,
        };
        let page = self.store.department_queue(&query, &user.username, today).await?;
        let snapshot = self.snapshot().await?;
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        let rows = page
            .rows
            .iter()
            .map(|row| {
                let warning = snapshot
                    .catalog
                    .item(&row.service_item_code)
                    .map_or(1, |i| warning_threshold(i.promised_days, i.review.warning_days));
                let clock = row.due_date.map(|due| match row.state.pauses_time_limit() {
                    true => LimitStatus::Paused,
                    false => status_of(&self.calendar, today, due, warning),
                });
                QueueRowView { case: case_summary(row), clock }
            })
            .collect();
        Ok(QueuePageView {
            rows,
            total: count(page.total),
            offset: request.offset,
            limit,
            counts: QueueCountsView {
                all: count(page.counts.all),
                unclaimed: count(page.counts.unclaimed),
                mine: count(page.counts.mine),
                overdue: count(page.counts.overdue),
                paused: count(page.counts.paused),
                correction_overdue: count(page.counts.correction_overdue),
            },
        })
    }

    /// Wake-ups when a department's queue changed at any station of the database (None on a
    /// hall's own file): the shell tells the window to re-read.
    pub async fn queue_wakeups(&self) -> Result<Option<tokio::sync::mpsc::Receiver<QueueWakeup>>> {
        Ok(self.store.queue_wakeups().await?)
    }

    /// The reviewers of the user's department, for reassigning.
    pub async fn department_reviewers(&self, user: &User) -> Result<Vec<ReviewerView>> {
        let Some(department) = user.department_code.as_deref().filter(|_| user.role.reviews()) else {
            return Err(AppError::Forbidden("只有后台审批人员可以查看本部门审批人员".into()));
        };
        Ok(self
            .store
            .department_reviewers(department)
            .await?
            .into_iter()
            .map(|u| ReviewerView { username: u.username, display_name: u.display_name, role: u.role })
            .collect())
    }

    /// Everything the review screen shows of a case, and what `user` may do with it now.
    pub async fn review_view(&self, user: &User, number: &str) -> Result<ReviewView> {
        let loaded = self.load(number).await?;
        let number = loaded.row.number.clone();
        let detail = self.case_detail(&number).await?;
        let received = self.store.case_materials(&number).await?;
        let materials = self
            .case_materials(&number)
            .await?
            .into_iter()
            .map(|material| {
                let r = received.iter().find(|r| r.material_code == material.code);
                ReceivedMaterialView {
                    received_form: r.map(|r| r.form),
                    copies: r.map_or(0, |r| r.copies),
                    pages: r.map_or(0, |r| r.pages),
                    material,
                }
            })
            .collect();
        let stored_findings = self.store.case_findings(&number).await?;
        let shortfall = crate::followup::shortfall_status(&loaded.item, &loaded.row, &stored_findings, &received);
        let findings = stored_findings.into_iter().map(crate::catalog::stored_finding_view).collect();
        let earlier_cases = self
            .store
            .applicant_cases(loaded.row.applicant_id_kind, &loaded.row.applicant_id_number)
            .await?
            .iter()
            .filter(|c| c.number != number)
            .map(case_summary)
            .collect();
        let mut actions: Vec<CaseAction> =
            REVIEW_ACTIONS.into_iter().filter(|a| self.permits(user, &loaded.row, *a, &loaded.item).is_ok()).collect();
        actions.extend(self.followup_actions(user, &loaded.row, &loaded.item));
        let correction = match loaded.row.state {
            CaseState::CorrectionRequested | CaseState::Corrected => last_correction(&loaded.events),
            _ => None,
        };
        let mut documents: Vec<DocumentKind> = Vec::new();
        for e in &loaded.events {
            for kind in e.action.map(documents_of).unwrap_or_default() {
                if !documents.contains(&kind) {
                    documents.push(kind);
                }
            }
        }
        Ok(ReviewView {
            clock: self.clock_view(&loaded),
            detail,
            materials,
            findings,
            earlier_cases,
            actions,
            denial_grounds: loaded.item.review.denial_grounds(),
            result_name: loaded.item.results.first().cloned().unwrap_or_else(|| loaded.item.name.clone()),
            correction,
            documents,
            shortfall,
        })
    }

    /// Whether `user` may take `action` on the case now, before its fields are read.
    pub async fn check_move(&self, user: &User, number: &str, action: CaseAction) -> Result<()> {
        let loaded = self.load(number).await?;
        self.permits(user, &loaded.row, action, &loaded.item)
    }

    /// Takes a back-office move on a case for `user`.
    pub async fn review(&self, user: &User, number: &str, request: &ReviewRequest) -> Result<ReviewOutcome> {
        let loaded = self.load(number).await?;
        let action = request.action();
        self.permits(user, &loaded.row, action, &loaded.item)?;
        let today = self.today();
        let now = self.now();
        let mut step = CaseStep::new(action, &user.username, now);
        let (reason, detail) = match request {
            ReviewRequest::Claim => ("认领办件".to_string(), None),
            ReviewRequest::Release { reason } => {
                (optional("reason", "退回原因", reason, 200)?.if_empty("退回部门队列"), None)
            }
            ReviewRequest::Reassign { to, reason } => {
                let reason = required("reason", "改派原因", reason, 200)?;
                let to = to.trim();
                let assignee = self
                    .store
                    .user(to)
                    .await?
                    .filter(|u| u.role.reviews() && u.department_code == user.department_code)
                    .ok_or_else(|| AppError::invalid("to", format!("“{to}”不是本部门的审批人员")))?;
                if loaded.row.claimed_by_username.as_deref() == Some(assignee.username.as_str()) {
                    return Err(AppError::invalid("to", format!("该办件已由{}办理", assignee.display_name)));
                }
                step.assignee = Some(assignee.username.clone());
                let from = loaded.row.claimed_by_username.clone().unwrap_or_default();
                (reason, Some(EventDetail::Reassignment { from, to: assignee.username }))
            }
            ReviewRequest::Approve { result_name, certificate_number, valid_until, note } => {
                let result_name = match result_name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    Some(name) => required("result_name", "证照名称", name, 60)?,
                    None => loaded.item.results.first().cloned().unwrap_or_else(|| loaded.item.name.clone()),
                };
                let certificate_number = required("certificate_number", "证照编号", certificate_number, 64)?;
                let valid_until = match valid_until.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    Some(text) => {
                        let day = date("valid_until", "有效期", text)?;
                        if day <= today {
                            return Err(AppError::invalid("valid_until", "有效期应晚于今天"));
                        }
                        Some(day)
                    }
                    None => None,
                };
                let note = optional("note", "备注", note, 200)?;
                let detail = EventDetail::Approval { result_name, certificate_number, valid_until, note };
                ("准予许可".to_string(), Some(detail))
            }
            ReviewRequest::Deny { ground, reason } => {
                let grounds = loaded.item.review.denial_grounds();
                let ground = ground.trim();
                if ground.is_empty() {
                    return Err(AppError::invalid("ground", "请选择不予许可的法定理由"));
                }
                if !grounds.iter().any(|g| g == ground) {
                    return Err(AppError::invalid("ground", format!("“{ground}”不是本事项的法定理由")));
                }
                let reason = required("reason", "不予许可的具体理由", reason, 500)?;
                (reason, Some(EventDetail::Denial { ground: ground.to_string() }))
            }
            ReviewRequest::RequestCorrection { items, deadline, reason } => {
                let items = correction_items(&loaded.item, &added_materials(&loaded.events), items)?;
                let deadline = date("deadline", "补正期限", deadline)?;
                if deadline <= today {
                    return Err(AppError::invalid("deadline", "补正期限应晚于今天"));
                }
                if deadline > today + Days::new(MAX_CORRECTION_DAYS) {
                    return Err(AppError::invalid("deadline", format!("补正期限不能超过{MAX_CORRECTION_DAYS}天")));
                }
                step.correction_due = Some(deadline);
                let reason = optional("reason", "补正说明", reason, 500)?.if_empty("申请材料需要补正");
                (reason, Some(EventDetail::CorrectionRequest { items, deadline }))
            }
            ReviewRequest::StartSpecialProcedure { procedure, limit_days, reason } => {
                if !(1..=MAX_PROCEDURE_DAYS).contains(limit_days) {
                    return Err(AppError::invalid(
                        "limit_days",
                        format!("特别程序期限应为1到{MAX_PROCEDURE_DAYS}个工作日"),
                    ));
                }
                let reason = required("reason", "特别程序的事由", reason, 500)?;
                let detail = EventDetail::SpecialProcedureStarted { procedure: *procedure, limit_days: *limit_days };
                (reason, Some(detail))
            }
            ReviewRequest::EndSpecialProcedure { outcome } => {
                let outcome = required("outcome", "特别程序的结果", outcome, 500)?;
                (outcome.clone(), Some(EventDetail::SpecialProcedureEnded { outcome }))
            }
            ReviewRequest::Extend { days, reason } => {
                let allowance = loaded.item.review.extension_days;
                if !(1..=allowance).contains(days) {
                    return Err(AppError::invalid("days", format!("延长期限应为1到{allowance}个工作日")));
                }
                step.extension_days = *days;
                (required("reason", "延期原因", reason, 500)?, Some(EventDetail::Extension { days: *days }))
            }
            ReviewRequest::ExtendCorrection { deadline, reason } => {
                let deadline = date("deadline", "新的补正期限", deadline)?;
                let current = loaded.row.correction_due.unwrap_or(today);
                if deadline <= current.max(today) {
                    return Err(AppError::invalid("deadline", format!("新的补正期限应晚于{}和今天", current)));
                }
                step.correction_due = Some(deadline);
                let reason = required("reason", "延长补正期限的原因", reason, 500)?;
                (reason, Some(EventDetail::CorrectionExtended { deadline }))
            }
            ReviewRequest::Withdraw { reason } => {
                (optional("reason", "说明", reason, 500)?.if_empty("逾期未补正，视为撤回申请"), None)
            }
        };
        self.take_step(&loaded, user, step, &reason, detail).await
    }

    /// Takes the last correction's materials in at `user`'s window: the case returns to the
    /// reviewer who asked, with the clock running again.
    pub async fn supply_correction(&self, user: &User, request: &SupplyRequest) -> Result<ReviewOutcome> {
        let (_, code) = case_reference(&request.case)?;
        let loaded = self.load(&request.case).await?;
        if code.is_some_and(|c| !c.eq_ignore_ascii_case(&loaded.row.verification_code)) {
            return Err(AppError::invalid("case", "二维码的查询码与办件不符，请核对告知书"));
        }
        self.permits(user, &loaded.row, CaseAction::SubmitCorrection, &loaded.item)?;
        if request.materials.is_empty() {
            return Err(AppError::invalid("materials", "请勾选申请人带来的补正材料"));
        }
        let added = added_materials(&loaded.events);
        let materials = received_materials(&loaded.item, &added, &request.materials, "materials")?;
        let scans = self
            .scans_taken(request.materials.iter().map(|r| (r.material_code.as_str(), r.scans.as_slice())))
            .await
            .map_err(|e| match e {
                AppError::InvalidInput { message, .. } => AppError::invalid("materials", message),
                other => other,
            })?;
        let note = optional("note", "备注", &request.note, 200)?;
        let reason = if note.is_empty() { "申请人提交补正材料".to_string() } else { note };
        let step = CaseStep::new(CaseAction::SubmitCorrection, &user.username, self.now());
        let outcome =
            self.take_step(&loaded, user, step, &reason, Some(EventDetail::CorrectionSupplied { materials })).await?;
        for (material, sha) in scans {
            self.store.assign_scan(&loaded.row.number, &material, &sha, 0).await?;
        }
        Ok(outcome)
    }

    /// Moves the case through the state machine and records it; a change by someone else in
    /// between is refused with who holds the case now.
    async fn take_step(
        &self,
        loaded: &Loaded,
        user: &User,
        mut step: CaseStep,
        reason: &str,
        detail: Option<EventDetail>,
    ) -> Result<ReviewOutcome> {
        let row = &loaded.row;
        // The end of a pause and an extension move the dates: the same function of the events
        // as every other date of the clock.
        if let Some(mut limit) = self.time_limit(loaded) {
            limit.apply(step.action, local_day(step.at), step.extension_days);
            step.due_date = Some(limit.due_date(&self.calendar));
            step.statutory_due = Some(limit.statutory_due(&self.calendar));
        }
        let action = step.action;
        let change = advance(row.state, &row.progress(), &step).map_err(|e| AppError::Conflict(e.to_string()))?;
        // The back office is not at a hall: its events carry the hall that took the case in.
        let hall = user.hall_code.clone().unwrap_or_else(|| row.hall_code.clone());
        // A decision goes on at once to where its result is handed over, as the applicant chose.
        let follow = match action {
            CaseAction::Approve | CaseAction::Deny => {
                let (next, why) = match row.delivery {
                    DeliveryMethod::Window => (CaseAction::PrepareIssuance, "转窗口发证"),
                    DeliveryMethod::Post => (CaseAction::PrepareDispatch, "转寄递"),
                };
                let then = advance(change.to, &change.progress, &CaseStep::new(next, &user.username, step.at))
                    .map_err(|e| AppError::Conflict(e.to_string()))?;
                let holder = change.progress.claimed_by.clone();
                Some(CaseTransition {
                    held_by: holder,
                    window: user.window.clone(),
                    ..CaseTransition::new(then, &user.username, &hall, step.at, why)
                })
            }
            _ => None,
        };
        let transition = CaseTransition {
            held_by: row.claimed_by_username.clone(),
            window: user.window.clone(),
            after_seq: loaded.events.last().map(|e| e.seq),
            detail,
            ..CaseTransition::new(change, &user.username, &hall, step.at, reason)
        };
        let transitions: Vec<CaseTransition> = std::iter::once(transition).chain(follow).collect();
        match self.store.apply_actions(&row.number, &transitions).await {
            Ok(_) => {}
            Err(StoreError::Conflict(_)) => return Err(self.changed_meanwhile(&row.number, action).await),
            Err(e) => return Err(e.into()),
        }
        let now = self.store.case(&row.number).await?.ok_or_else(|| AppError::NotFound(row.number.clone()))?;
        Ok(ReviewOutcome { case: case_summary(&now), action, documents: documents_of(action) })
    }

    /// The refusal when the case changed between reading and writing it: who has it now.
    async fn changed_meanwhile(&self, number: &str, action: CaseAction) -> AppError {
        match self.store.case(number).await {
            Ok(Some(now)) => match (&now.claimed_by, action) {
                (Some(holder), CaseAction::Claim) => AppError::Conflict(format!("该办件已由{holder}认领")),
                (Some(holder), _) => AppError::Conflict(format!(
                    "办件刚刚有变化：现由{holder}办理，状态为“{}”，请刷新后再试",
                    now.state.label_zh()
                )),
                (None, _) => {
                    AppError::Conflict(format!("办件刚刚有变化：状态为“{}”，请刷新后再试", now.state.label_zh()))
                }
            },
            Ok(None) => AppError::NotFound(format!("未找到办件编号为“{number}”的办件")),
            Err(e) => e.into(),
        }
    }

    /// 领取下一件: claims for `user` the department's next case, the soonest due that nobody
    /// holds, passing over one another reviewer is taking at this very moment (they never get the
    /// same one, and neither waits for the other). None when no case is free to claim.
    pub async fn claim_next(&self, user: &User) -> Result<Option<ReviewOutcome>> {
        let department = match (&user.department_code, user.role.reviews()) {
            (Some(code), true) => code,
            _ => return Err(AppError::Forbidden("只有后台审批人员可以领取办件".into())),
        };
        let at = self.now();
        let claim = |row: &CaseRow| -> onewindow_store::Result<CaseTransition> {
            let change = advance(row.state, &row.progress(), &CaseStep::new(CaseAction::Claim, &user.username, at))?;
            // The back office is not at a hall: its events carry the hall that took the case in.
            let hall = user.hall_code.clone().unwrap_or_else(|| row.hall_code.clone());
            Ok(CaseTransition {
                held_by: row.claimed_by_username.clone(),
                window: user.window.clone(),
                ..CaseTransition::new(change, &user.username, &hall, at, "认领办件")
            })
        };
        let Some(number) = self.store.claim_next(department, &claim).await? else {
            return Ok(None);
        };
        let now = self.store.case(&number).await?.ok_or_else(|| AppError::NotFound(number.clone()))?;
        Ok(Some(ReviewOutcome { case: case_summary(&now), action: CaseAction::Claim, documents: Vec::new() }))
    }

    /// Claims each case for `user`: one result per case, claimed or why not.
    pub async fn claim_many(&self, user: &User, numbers: &[String]) -> Result<Vec<ClaimResult>> {
        if numbers.is_empty() {
            return Err(AppError::invalid("numbers", "请先勾选要认领的办件"));
        }
        if numbers.len() > MAX_PAGE as usize {
            return Err(AppError::invalid("numbers", format!("一次最多认领{MAX_PAGE}件")));
        }
        let mut results = Vec::with_capacity(numbers.len());
        for number in numbers {
            let outcome = self.review(user, number, &ReviewRequest::Claim).await;
            let error = match outcome {
                Ok(_) => None,
                Err(e @ (AppError::Conflict(_) | AppError::Forbidden(_) | AppError::NotFound(_))) => {
                    Some(e.to_string())
                }
                Err(AppError::InvalidInput { message, .. }) => Some(message),
                Err(e) => return Err(e),
            };
            results.push(ClaimResult { number: number.clone(), claimed: error.is_none(), error });
        }
        Ok(results)
    }

    pub(crate) async fn chain_view(&self, number: &str) -> Result<ChainView> {
        let Some(chain) = self.store.case_chain(number).await? else {
            return Err(AppError::NotFound(format!("未找到办件编号为“{number}”的办件")));
        };
        let events = u32::try_from(chain.events.len()).unwrap_or(u32::MAX);
        Ok(match check_chain(&chain) {
            Ok(()) => ChainView { intact: true, events, broken_at: None, message: "记录完整".into() },
            Err(e) => ChainView {
                intact: false,
                events,
                broken_at: e.seq().map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
                message: e.to_string(),
            },
        })
    }

    /// Walks the audit chains, of one case or of every case, and names the first break of each.
    pub async fn verify_audit(&self, case: Option<&str>) -> Result<AuditReport> {
        let mut report = AuditReport { cases: 0, events: 0, broken: Vec::new() };
        let mut check = |chain: &onewindow_store::CaseChainRow| {
            report.cases += 1;
            report.events += chain.events.len() as u64;
            if let Err(e) = check_chain(chain) {
                report.broken.push(AuditBreak {
                    case: chain.number.clone(),
                    seq: e.seq().map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
                    message: e.to_string(),
                });
            }
        };
        match case {
            Some(number) => {
                let (number, _) = case_reference(number)?;
                let chain = self
                    .store
                    .case_chain(&number)
                    .await?
                    .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
                check(&chain);
            }
            None => {
                let mut after: Option<String> = None;
                loop {
                    let chains = self.store.case_chains(after.as_deref(), 1000).await?;
                    let Some(last) = chains.last() else { break };
                    after = Some(last.number.clone());
                    chains.iter().for_each(&mut check);
                }
            }
        }
        Ok(report)
    }
}

/// A stored chain checked against its hashes and head.
fn check_chain(chain: &onewindow_store::CaseChainRow) -> std::result::Result<(), onewindow_domain::audit::ChainBreak> {
    let facts: Vec<_> =
        chain.events.iter().map(|e| (e.facts(&chain.number), e.hash.as_deref().unwrap_or(""))).collect();
    verify_chain(&facts, chain.head.as_deref())
}

/// The last correction asked for, with who asked.
fn last_correction(events: &[CaseEventRow]) -> Option<CorrectionView> {
    let mut deadline_now = None;
    for e in events.iter().rev() {
        match &e.detail {
            Some(EventDetail::CorrectionExtended { deadline }) if deadline_now.is_none() => {
                deadline_now = Some(*deadline)
            }
            Some(EventDetail::CorrectionRequest { items, deadline }) => {
                return Some(CorrectionView {
                    items: items.clone(),
                    deadline: deadline_now.unwrap_or(*deadline).to_string(),
                    requested_by: e.actor_name.clone(),
                })
            }
            _ => {}
        }
    }
    None
}

/// The materials a correction asks for, checked against the item: every one with a reason,
/// none twice.
///
/// A paper the catalog does not list gets a code of its own in the case (`BZ1`, `BZ2`…), so the
/// window can tick and scan it like any other material when the applicant brings it.
fn correction_items(
    item: &ServiceItem,
    added: &[(String, String)],
    inputs: &[CorrectionItemInput],
) -> Result<Vec<CorrectionItem>> {
    if inputs.is_empty() {
        return Err(AppError::invalid("items", "请选择需要补正的材料，并逐项写明原因"));
    }
    let mut items: Vec<CorrectionItem> = Vec::with_capacity(inputs.len());
    let mut next_added = added.len() + 1;
    for input in inputs {
        let code = input.material_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let (code, name) = match code {
            Some(code) => {
                let listed = item.materials.iter().find(|m| m.code == code).map(|m| m.name.clone());
                let earlier = added.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone());
                let name = listed.or(earlier).ok_or_else(|| {
                    AppError::invalid("items", format!("事项“{}”没有编码为“{code}”的材料", item.name))
                })?;
                (code.to_string(), name)
            }
            None => {
                let name = required("items", "新增补正材料的名称", input.name.as_deref().unwrap_or(""), 60)?;
                let code = format!("{ADDED_PREFIX}{next_added}");
                next_added += 1;
                (code, name)
            }
        };
        let reason = required("items", &format!("“{name}”的补正原因"), &input.reason, 200)?;
        if items.iter().any(|i| i.name == name) {
            return Err(AppError::invalid("items", format!("材料“{name}”重复")));
        }
        items.push(CorrectionItem { material_code: Some(code), name, reason });
    }
    Ok(items)
}

/// How the codes of papers a reviewer named begin (the catalog's codes are `M01`…).
const ADDED_PREFIX: &str = "BZ";

/// The material code the signed 领取签收单 is scanned back under.
pub const COLLECTION_RECEIPT_CODE: &str = "LQQS";

/// The papers reviewers asked for that the catalog does not list, `(code, name)`, in the order
/// asked, and once the result is collected the signed 领取签收单.
pub(crate) fn added_materials(events: &[CaseEventRow]) -> Vec<(String, String)> {
    let mut added: Vec<(String, String)> = Vec::new();
    // The 领取签收单 the collector signed is scanned back onto the case once it is collected.
    if events.iter().any(|e| e.action == Some(CaseAction::Collect)) {
        added.push((COLLECTION_RECEIPT_CODE.to_string(), "领取签收单（签字回扫）".to_string()));
    }
    for e in events {
        if let Some(EventDetail::CorrectionRequest { items, .. }) = &e.detail {
            for i in items {
                match &i.material_code {
                    Some(code) if code.starts_with(ADDED_PREFIX) && !added.iter().any(|(c, _)| c == code) => {
                        added.push((code.clone(), i.name.clone()))
                    }
                    _ => {}
                }
            }
        }
    }
    added
}

trait IfEmpty {
    fn if_empty(self, default: &str) -> String;
}

impl IfEmpty for String {
    fn if_empty(self, default: &str) -> String {
        if self.is_empty() {
            default.to_string()
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_is_found_by_its_number_or_its_qr_code() {
        assert_eq!(case_reference(" 4407000002026112800001 ").unwrap(), ("4407000002026112800001".into(), None));
        assert_eq!(
            case_reference("OW:4407000002026112800001:K7Q2M9").unwrap(),
            ("4407000002026112800001".into(), Some("K7Q2M9".into()))
        );
        for bad in ["", "OW:", "4407 0000", "OW:44070/0:K7"] {
            assert!(matches!(case_reference(bad), Err(AppError::InvalidInput { field: "case", .. })), "{bad}");
        }
    }
}
