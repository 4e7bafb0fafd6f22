//! 容缺 follow-up: the cases whose tolerated materials are still to come, reminders, the
//! materials brought at any window, and the item's rule once they are overdue (hold the result,
//! or terminate the case), which records the applicant's broken commitment.

use onewindow_domain::followup::{urgency, FollowUpUrgency};
use onewindow_domain::shortfall::FindingKind;
use onewindow_domain::{
    advance, mask_phone, transition, CaseAction, CaseStep, EventDetail, ReceivedMaterial, Role, ServiceItem,
    ShortfallOverdue, User,
};
use onewindow_store::{CaseEventRow, CaseFindingRow, CaseRow, CaseTransition, FollowUpQuery, StoreError};

use crate::intake::received_materials;
use crate::review::{case_reference, Loaded};
use crate::views::{
    FollowUpCounts, FollowUpListView, FollowUpRequest, FollowUpRowView, ProgressMissing, RemindRequest, ReminderView,
    ReviewOutcome, SettleRequest, ShortfallStatus, SupplyRequest,
};
use crate::{case_summary, App, AppError, Result};

/// The most rows a follow-up list shows at once.
const MAX_ROWS: u32 = 500;

/// The tolerated materials of a case as the intake found them, what of them came since and what
/// is still to come. None for a case taken in without shortfall.
pub(crate) fn shortfall_status(
    item: &ServiceItem,
    row: &CaseRow,
    findings: &[CaseFindingRow],
    received: &[ReceivedMaterial],
) -> Option<ShortfallStatus> {
    let tolerated: Vec<&CaseFindingRow> =
        findings.iter().filter(|f| matches!(f.finding, FindingKind::MissingTolerated { .. })).collect();
    if tolerated.is_empty() {
        return None;
    }
    Some(ShortfallStatus {
        outstanding: still_missing(findings, received).into_iter().map(to_come).collect(),
        due: row.shortfall_supplement_due.map(|d| d.to_string()),
        supplied: tolerated
            .into_iter()
            .filter(|f| received.iter().any(|r| r.material_code == f.material_code))
            .map(|f| f.material_name.clone())
            .collect(),
        broken_on: row.shortfall_broken_on.map(|d| d.to_string()),
        on_overdue: item.followup.on_shortfall_overdue,
    })
}

/// A tolerated material still missing, `(code, name, until)`, as the applicant is told of it.
pub(crate) fn to_come((_, name, until): (String, String, chrono::NaiveDate)) -> ProgressMissing {
    ProgressMissing { name, until: Some(until.to_string()), why: "容缺补交".into() }
}

/// The tolerated materials still missing, by code with their dates.
pub(crate) fn still_missing(
    findings: &[CaseFindingRow],
    received: &[ReceivedMaterial],
) -> Vec<(String, String, chrono::NaiveDate)> {
    findings
        .iter()
        .filter_map(|f| match f.finding {
            FindingKind::MissingTolerated { until } if !received.iter().any(|r| r.material_code == f.material_code) => {
                Some((f.material_code.clone(), f.material_name.clone(), until))
            }
            _ => None,
        })
        .collect()
}

/// Why a case's result may not be handed out or mailed yet, if it may not.
pub(crate) fn release_blocker(
    row: &CaseRow,
    findings: &[CaseFindingRow],
    received: &[ReceivedMaterial],
) -> Option<String> {
    row.shortfall_supplement_due?;
    let missing = still_missing(findings, received);
    let names: Vec<String> = missing.iter().map(|(_, name, until)| format!("{name}（应于{until}前补交）")).collect();
    Some(format!("容缺材料尚未补齐：{}；补齐后方可出件或寄递", names.join("、")))
}

/// Who may see a follow-up list, and of what.
enum Scope {
    Hall(String),
    Department(String),
    City,
}

impl App {
    /// Why the case's result may not leave yet (tolerated materials still to come), read from the store.
    pub(crate) async fn release_blocker_of(&self, row: &CaseRow) -> Result<Option<String>> {
        let findings = self.store.case_findings(&row.number).await?;
        let received = self.store.case_materials(&row.number).await?;
        Ok(release_blocker(row, &findings, &received))
    }

    fn followup_scope(&self, user: &User, request: &FollowUpRequest) -> Result<Scope> {
        match (user.role, &user.hall_code, &user.department_code) {
            (Role::WindowClerk, Some(hall), _) => Ok(Scope::Hall(hall.clone())),
            (Role::Reviewer | Role::DepartmentLead, _, Some(department)) => Ok(Scope::Department(department.clone())),
            (Role::Supervisor, _, _) => Ok(match &request.hall_code {
                Some(hall) if !hall.trim().is_empty() => Scope::Hall(hall.trim().to_string()),
                _ => Scope::City,
            }),
            _ => Err(AppError::Forbidden("只有窗口人员、审批人员和督查人员可以查看容缺跟踪".into())),
        }
    }

    /// What `user` may do from the follow-up list with a case in `row`, outstanding since `due`.
    pub(crate) fn followup_actions(&self, user: &User, row: &CaseRow, item: &ServiceItem) -> Vec<CaseAction> {
        [CaseAction::Remind, CaseAction::SupplyShortfall, CaseAction::HoldShortfall, CaseAction::Terminate]
            .into_iter()
            .filter(|&a| self.may_follow_up(user, row, item, a).is_ok())
            .collect()
    }

    /// The one place that decides the follow-up moves: role, state, dates and the item's rule.
    fn may_follow_up(&self, user: &User, row: &CaseRow, item: &ServiceItem, action: CaseAction) -> Result<()> {
        let department_staff = matches!(user.role, Role::Reviewer | Role::DepartmentLead)
            && user.department_code.as_deref() == Some(row.department.code.as_str());
        let clerk = user.role == Role::WindowClerk && user.hall_code.is_some();
        let allowed = match action {
            CaseAction::SupplyShortfall => clerk,
            CaseAction::Remind | CaseAction::HoldShortfall => clerk || department_staff,
            CaseAction::Terminate => department_staff,
            _ => false,
        };
        if !allowed {
            let who = match action {
                CaseAction::SupplyShortfall => "容缺材料由综合窗口人员接收".to_string(),
                CaseAction::Terminate => format!("终止办理由{}的审批人员决定", row.department.name),
                _ => format!("您不能对该办件执行“{}”", action.label_zh()),
            };
            return Err(AppError::Forbidden(who));
        }
        transition(row.state, action).map_err(|e| AppError::Conflict(e.to_string()))?;
        let Some(due) = row.shortfall_supplement_due else {
            return Err(AppError::Conflict(format!("办件{}没有待补交的容缺材料", row.number)));
        };
        let today = self.today();
        match action {
            CaseAction::HoldShortfall | CaseAction::Terminate if due >= today => {
                Err(AppError::Conflict(format!("容缺材料应于{due}前补交，尚未逾期，不能{}", action.label_zh())))
            }
            CaseAction::HoldShortfall if row.shortfall_broken_on.is_some() => {
                Err(AppError::Conflict("该办件已记录容缺逾期，正在暂缓出件".into()))
            }
            CaseAction::HoldShortfall if item.followup.on_shortfall_overdue != ShortfallOverdue::Hold => {
                Err(AppError::Conflict(format!("事项“{}”规定容缺逾期终止办理，不暂缓出件", item.name)))
            }
            CaseAction::Terminate if item.followup.on_shortfall_overdue != ShortfallOverdue::Terminate => {
                Err(AppError::Conflict(format!("事项“{}”规定容缺逾期暂缓出件，不终止办理", item.name)))
            }
            _ => Ok(()),
        }
    }

    /// The cases in `user`'s scope still waiting on tolerated materials, soonest due first.
    pub async fn followups(&self, user: &User, request: &FollowUpRequest) -> Result<FollowUpListView> {
        let scope = self.followup_scope(user, request)?;
        let today = self.today();
        let due_to = request.due_within.map(|n| self.calendar.add_working_days(today, n));
        let (query, scope_name) = match &scope {
            Scope::Hall(code) => {
                let hall = self.hall(code).await?;
                (
                    FollowUpQuery { hall_code: Some(code.clone()), ..FollowUpQuery::default() },
                    format!("{}受理的办件", hall.name),
                )
            }
            Scope::Department(code) => {
                let name = self.store.department(code).await?.map_or_else(|| code.clone(), |d| d.name);
                (
                    FollowUpQuery { department_code: Some(code.clone()), ..FollowUpQuery::default() },
                    format!("{name}的办件"),
                )
            }
            Scope::City => (FollowUpQuery::default(), "全市各大厅受理的办件".to_string()),
        };
        let rows = self.store.followups(&FollowUpQuery { due_to, limit: MAX_ROWS, ..query }).await?;
        let mut counts = FollowUpCounts { overdue: 0, due_today: 0, due_tomorrow: 0, later: 0 };
        let mut views = Vec::with_capacity(rows.len());
        for r in rows {
            let row = r.case;
            let Some(due) = row.shortfall_supplement_due else { continue };
            let catalog = self.catalog_at(row.catalog_version).await?;
            let Some(item) = catalog.item(&row.service_item_code) else { continue };
            let findings = self.store.case_findings(&row.number).await?;
            let received = self.store.case_materials(&row.number).await?;
            let Some(shortfall) = shortfall_status(item, &row, &findings, &received) else { continue };
            let urgency = urgency(due, today, &self.calendar);
            match urgency {
                FollowUpUrgency::Overdue => counts.overdue += 1,
                FollowUpUrgency::DueToday => counts.due_today += 1,
                FollowUpUrgency::DueTomorrow => counts.due_tomorrow += 1,
                FollowUpUrgency::Later => counts.later += 1,
            }
            views.push(FollowUpRowView {
                actions: self.followup_actions(user, &row, item),
                case: case_summary(&row),
                phone_masked: row.applicant_phone.as_deref().map(mask_phone),
                urgency,
                shortfall,
                last_reminder: r.last_reminder.map(|m| ReminderView {
                    at: m.at.to_rfc3339(),
                    by: m.by_name,
                    channel: m.channel,
                }),
            });
        }
        Ok(FollowUpListView { scope: scope_name, rows: views, counts })
    }

    /// Records that the applicant was reminded of tolerated materials due.
    pub async fn remind(&self, user: &User, request: &RemindRequest) -> Result<ReviewOutcome> {
        let (row, item, events) = self.follow_up_case(&request.case, false).await?;
        self.may_follow_up(user, &row, &item, CaseAction::Remind)?;
        let note = request.note.trim();
        if note.chars().count() > 200 {
            return Err(AppError::invalid("note", "备注不能超过200个字"));
        }
        let due = row.shortfall_supplement_due.map(|d| d.to_string()).unwrap_or_default();
        let reason = if note.is_empty() {
            format!("{}提醒申请人于{due}前补交容缺材料", request.channel.label_zh())
        } else {
            format!("{}提醒：{note}", request.channel.label_zh())
        };
        let step = CaseStep::new(CaseAction::Remind, &user.username, self.now());
        self.follow_up_step(user, &row, &events, step, &reason, EventDetail::Reminder { channel: request.channel })
            .await
    }

    /// Takes in tolerated materials the applicant brought to a window (any hall), with their scans.
    pub async fn supply_shortfall(&self, user: &User, request: &SupplyRequest) -> Result<ReviewOutcome> {
        let (row, item, events) = self.follow_up_case(&request.case, true).await?;
        self.may_follow_up(user, &row, &item, CaseAction::SupplyShortfall)?;
        if request.materials.is_empty() {
            return Err(AppError::invalid("materials", "请勾选申请人带来的容缺材料"));
        }
        let findings = self.store.case_findings(&row.number).await?;
        let received = self.store.case_materials(&row.number).await?;
        let missing = still_missing(&findings, &received);
        let materials = received_materials(&item, &[], &request.materials, "materials")?;
        for m in &materials {
            let Some((_, name, _)) = missing.iter().find(|(code, _, _)| *code == m.material_code) else {
                let name = item.materials.iter().find(|x| x.code == m.material_code).map_or("", |x| x.name.as_str());
                return Err(AppError::invalid("materials", format!("“{name}”不是本办件待补交的容缺材料")));
            };
            let wanted =
                item.materials.iter().find(|x| x.code == m.material_code).expect("checked by received_materials");
            if !m.form.satisfies(wanted) {
                return Err(AppError::invalid(
                    "materials",
                    format!("“{name}”须提交{}，收到的是{}", wanted.form.name_zh(), m.form.name_zh()),
                ));
            }
        }
        let scans = self
            .scans_taken(request.materials.iter().map(|r| (r.material_code.as_str(), r.scans.as_slice())))
            .await
            .map_err(|e| match e {
                AppError::InvalidInput { message, .. } => AppError::invalid("materials", message),
                other => other,
            })?;
        let note = request.note.trim();
        if note.chars().count() > 200 {
            return Err(AppError::invalid("note", "备注不能超过200个字"));
        }
        // What is left decides the date: the latest of those still to come, none once all are in.
        let left: Vec<_> =
            missing.iter().filter(|(code, _, _)| !materials.iter().any(|m| m.material_code == *code)).collect();
        let names: Vec<&str> = missing
            .iter()
            .filter(|(code, _, _)| materials.iter().any(|m| m.material_code == *code))
            .map(|(_, name, _)| name.as_str())
            .collect();
        let reason = match (left.is_empty(), note.is_empty()) {
            (true, true) => format!("申请人补交容缺材料：{}，容缺材料已全部补齐", names.join("、")),
            (false, true) => format!("申请人补交容缺材料：{}，尚有{}项待补交", names.join("、"), left.len()),
            (_, false) => format!("申请人补交容缺材料：{}；{note}", names.join("、")),
        };
        let step = CaseStep {
            shortfall_supplement_due: left.iter().map(|(_, _, until)| *until).max(),
            ..CaseStep::new(CaseAction::SupplyShortfall, &user.username, self.now())
        };
        let outcome = self
            .follow_up_step(user, &row, &events, step, &reason, EventDetail::ShortfallSupplied { materials })
            .await?;
        for (material, sha) in scans {
            self.store.assign_scan(&row.number, &material, &sha, 0).await?;
        }
        Ok(outcome)
    }

    /// Holds the result of a case whose tolerated materials are overdue (the item's rule says
    /// hold), recording the broken commitment.
    pub async fn hold_shortfall(&self, user: &User, request: &SettleRequest) -> Result<ReviewOutcome> {
        self.settle_overdue(user, request, CaseAction::HoldShortfall).await
    }

    /// Terminates a case whose tolerated materials are overdue (the item's rule says terminate),
    /// recording the broken commitment; the 终止办理通知书 becomes printable.
    pub async fn terminate(&self, user: &User, request: &SettleRequest) -> Result<ReviewOutcome> {
        self.settle_overdue(user, request, CaseAction::Terminate).await
    }

    async fn settle_overdue(&self, user: &User, request: &SettleRequest, action: CaseAction) -> Result<ReviewOutcome> {
        let (row, item, events) = self.follow_up_case(&request.case, false).await?;
        self.may_follow_up(user, &row, &item, action)?;
        let reason = request.reason.trim();
        if reason.chars().count() > 200 {
            return Err(AppError::invalid("reason", "理由不能超过200个字"));
        }
        let findings = self.store.case_findings(&row.number).await?;
        let received = self.store.case_materials(&row.number).await?;
        let missing: Vec<String> = still_missing(&findings, &received).into_iter().map(|(_, name, _)| name).collect();
        let due = row.shortfall_supplement_due.expect("checked by may_follow_up");
        let what = match action {
            CaseAction::Terminate => "违反容缺受理承诺，终止办理",
            _ => "违反容缺受理承诺，暂缓出件至材料补齐",
        };
        let reason = if reason.is_empty() {
            format!("{}应于{due}前补交，逾期未补齐，{what}", missing.join("、"))
        } else {
            reason.to_string()
        };
        let step = CaseStep::new(action, &user.username, self.now());
        self.follow_up_step(user, &row, &events, step, &reason, EventDetail::ShortfallOverdue { due, missing }).await
    }

    /// The case `reference` names, as the review screen loads it; with `verify`, a QR code's
    /// verification code must match.
    async fn follow_up_case(&self, reference: &str, verify: bool) -> Result<(CaseRow, ServiceItem, Vec<CaseEventRow>)> {
        let (_, code) = case_reference(reference)?;
        let Loaded { row, events, item } = self.load(reference).await?;
        if verify && code.is_some_and(|c| !c.eq_ignore_ascii_case(&row.verification_code)) {
            return Err(AppError::invalid("case", "二维码的查询码与办件不符，请核对回执或通知书"));
        }
        Ok((row, item, events))
    }

    /// Moves the case through the state machine and records the move with its detail; a change
    /// by anyone in between is refused, so nothing read before it is written back over it.
    async fn follow_up_step(
        &self,
        user: &User,
        row: &CaseRow,
        events: &[CaseEventRow],
        step: CaseStep,
        reason: &str,
        detail: EventDetail,
    ) -> Result<ReviewOutcome> {
        let action = step.action;
        let at = step.at;
        let change = advance(row.state, &row.progress(), &step).map_err(|e| AppError::Conflict(e.to_string()))?;
        let hall = user.hall_code.clone().unwrap_or_else(|| row.hall_code.clone());
        let transition = CaseTransition {
            held_by: row.claimed_by_username.clone(),
            window: user.window.clone(),
            detail: Some(detail),
            after_seq: events.last().map(|e| e.seq),
            ..CaseTransition::new(change, &user.username, &hall, at, reason)
        };
        match self.store.apply_action(&row.number, &transition).await {
            Ok(_) => {}
            Err(StoreError::Conflict(_)) => {
                return Err(AppError::Conflict("办件刚刚有变化（他人同时办理了该办件），请刷新后再试".into()))
            }
            Err(e) => return Err(e.into()),
        }
        let now = self.store.case(&row.number).await?.ok_or_else(|| AppError::NotFound(row.number.clone()))?;
        let documents = match action {
            CaseAction::Terminate => vec![onewindow_domain::DocumentKind::TerminationNotice],
            _ => Vec::new(),
        };
        Ok(ReviewOutcome { case: case_summary(&now), action, documents })
    }
}
