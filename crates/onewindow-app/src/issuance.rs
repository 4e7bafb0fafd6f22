//! 统一窗口出件: the results waiting at a hall's window, and handing one out to the applicant or
//! their agent after their papers are compared with the case. A mismatch is refused with its
//! reason; the collector signs a 领取签收单, and the case is collected and closed.

use onewindow_domain::courier::{ShipmentKind, ShipmentState};
use onewindow_domain::followup::{check_collector, CaseParties, Collector};
use onewindow_domain::{
    advance, mask_id, time::local_day, CaseAction, CaseState, CaseStep, DocumentKind, EventDetail, Identifier, Role,
    User,
};
use onewindow_store::{CaseTransition, StoreError};

use crate::followup::release_blocker;
use crate::intake::identifier;
use crate::review::case_reference;
use crate::views::{CollectorInput, HallRef, IssuanceListView, IssuanceRowView, IssueRequest, ReviewOutcome};
use crate::{case_summary, App, AppError, Result};

/// What the window hands over, as the decision recorded it.
fn result_text(decision: Option<&EventDetail>, fallback: &str) -> String {
    match decision {
        Some(EventDetail::Approval { result_name, certificate_number, .. }) if !certificate_number.is_empty() => {
            format!("{result_name}（{certificate_number}）")
        }
        Some(EventDetail::Approval { result_name, .. }) => result_name.clone(),
        Some(EventDetail::Denial { .. }) => "不予许可决定书".to_string(),
        _ => fallback.to_string(),
    }
}

/// The field of the issuance form a mismatch is about.
fn form_field(field: &str) -> &'static str {
    match field {
        "collector_id" => "collector.id_number",
        "collector_name" => "collector.name",
        "applicant_id" => "collector.applicant_id_number",
        "authorisation" => "collector.authorisation",
        _ => "collector.kind",
    }
}

impl App {
    fn issuing_hall(user: &User) -> Result<String> {
        match (user.role, &user.hall_code) {
            (Role::WindowClerk, Some(hall)) => Ok(hall.clone()),
            _ => Err(AppError::Forbidden("只有综合窗口人员可以出件".into())),
        }
    }

    /// The results waiting at the clerk's hall, longest waiting first.
    pub async fn issuance_queue(&self, user: &User) -> Result<IssuanceListView> {
        let code = Self::issuing_hall(user)?;
        let hall = self.hall(&code).await?;
        let today = self.today();
        let rows = self.store.issuance_queue(&code).await?;
        let mut views = Vec::with_capacity(rows.len());
        for r in rows {
            let findings = self.store.case_findings(&r.case.number).await?;
            let received = self.store.case_materials(&r.case.number).await?;
            let waiting_days = u32::try_from((today - local_day(r.ready_since)).num_days()).unwrap_or(0);
            let events = self.store.case_events(&r.case.number).await?;
            views.push(IssuanceRowView {
                result: result_text(r.decision.as_ref(), &r.case.service_item_name),
                ready_since: r.ready_since.to_rfc3339(),
                waiting_days,
                uncollected: waiting_days > hall.uncollected_days,
                blocked: release_blocker(&r.case, &findings, &received),
                agent_name: r.case.agent_name.clone(),
                instant: events.iter().any(|e| e.action == Some(CaseAction::InstantApprove)),
                case: case_summary(&r.case),
            });
        }
        Ok(IssuanceListView {
            hall: HallRef { code: hall.code.clone(), name: hall.name.clone() },
            uncollected_days: hall.uncollected_days,
            rows: views,
        })
    }

    /// Hands the result of `request.case` to the collector, after comparing their papers with
    /// the case; the case is collected and closed, and the 领取签收单 is printable.
    pub async fn issue(&self, user: &User, request: &IssueRequest) -> Result<ReviewOutcome> {
        let hall = Self::issuing_hall(user)?;
        let (number, code) = case_reference(&request.case)?;
        let row = self
            .store
            .case(&number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        if code.is_some_and(|c| !c.eq_ignore_ascii_case(&row.verification_code)) {
            return Err(AppError::invalid("case", "二维码的查询码与办件不符，请核对回执"));
        }
        if row.state != CaseState::ReadyForIssuance {
            return Err(AppError::Conflict(format!(
                "办件{}当前状态为“{}”，不在待出件之列",
                row.number,
                row.state.label_zh()
            )));
        }
        let pickup = row.pickup_hall_code.clone().unwrap_or_else(|| row.hall_code.clone());
        if pickup != hall {
            let name = row.pickup_hall_name.clone().unwrap_or_else(|| row.hall_name.clone());
            return Err(AppError::Conflict(format!("该办件的结果在{name}领取，不在本大厅出件")));
        }
        if let Some(why) = self.release_blocker_of(&row).await? {
            return Err(AppError::Conflict(why));
        }
        // A result the courier desk is bringing here is handed out once this hall has signed for it.
        let on_its_way = self.store.case_shipments(&row.number).await?.into_iter().find(|s| {
            s.kind == ShipmentKind::ResultToHall
                && matches!(s.state, ShipmentState::Packed | ShipmentState::Labelled | ShipmentState::HandedOver)
        });
        if let Some(s) = on_its_way {
            return Err(AppError::Conflict(format!(
                "办件结果在邮件{}中，尚未送达本大厅签收，签收后方可出件",
                s.waybill
            )));
        }
        let today = self.today();
        let collector = match &request.collector {
            CollectorInput::Applicant { id_kind, id_number } => {
                Collector::Applicant { id: identifier("collector.id_number", *id_kind, id_number, today)? }
            }
            CollectorInput::Agent { name, id_kind, id_number, applicant_id_number, authorisation } => {
                Collector::Agent {
                    name: name.trim().to_string(),
                    id: identifier("collector.id_number", *id_kind, id_number, today)?,
                    applicant_id: applicant_id_number.clone(),
                    authorisation: *authorisation,
                }
            }
        };
        let parties = CaseParties {
            applicant_kind: row.applicant_kind,
            applicant_name: &row.applicant_name,
            applicant_id_kind: row.applicant_id_kind,
            applicant_id_number: &row.applicant_id_number,
            agent_id: row.agent_id_kind.zip(row.agent_id_number.as_deref()),
        };
        check_collector(&parties, &collector).map_err(|m| AppError::invalid(form_field(m.field), m.message))?;
        let (collector_name, id, as_agent): (String, &Identifier, bool) = match &collector {
            Collector::Applicant { id } => (row.applicant_name.clone(), id, false),
            Collector::Agent { name, id, .. } => (name.clone(), id, true),
        };
        let events = self.store.case_events(&row.number).await?;
        let now = self.now();
        let collect = advance(row.state, &row.progress(), &CaseStep::new(CaseAction::Collect, &user.username, now))
            .map_err(|e| AppError::Conflict(e.to_string()))?;
        let close = advance(collect.to, &collect.progress, &CaseStep::new(CaseAction::Close, &user.username, now))
            .map_err(|e| AppError::Conflict(e.to_string()))?;
        let who = if as_agent {
            format!("{collector_name}凭授权委托书代领")
        } else {
            "申请人本人领取".to_string()
        };
        let transitions = [
            CaseTransition {
                held_by: row.claimed_by_username.clone(),
                window: user.window.clone(),
                detail: Some(EventDetail::Collection {
                    collector_name,
                    collector_id_masked: mask_id(&id.value),
                    as_agent,
                }),
                after_seq: events.last().map(|e| e.seq),
                ..CaseTransition::new(collect, &user.username, &hall, now, &format!("{who}，已核验身份证件"))
            },
            CaseTransition {
                held_by: row.claimed_by_username.clone(),
                window: user.window.clone(),
                ..CaseTransition::new(close, &user.username, &hall, now, "结果已领取，办件归档")
            },
        ];
        match self.store.apply_actions(&row.number, &transitions).await {
            Ok(_) => {}
            Err(StoreError::Conflict(_)) => {
                return Err(AppError::Conflict("办件刚刚有变化（可能已在其他窗口出件），请刷新后再试".into()))
            }
            Err(e) => return Err(e.into()),
        }
        let now = self.store.case(&row.number).await?.ok_or_else(|| AppError::NotFound(row.number.clone()))?;
        Ok(ReviewOutcome {
            case: case_summary(&now),
            action: CaseAction::Collect,
            documents: vec![DocumentKind::CollectionReceipt],
        })
    }
}
