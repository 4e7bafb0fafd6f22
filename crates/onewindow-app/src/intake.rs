//! Intake at the window: the applicant and the materials taken in become a case — accepted (with
//! or without shortfall) and handed to the competent department in the same transaction, or a
//! one-time notice or a refusal recorded with its reasons. Drafts keep an intake in progress.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use onewindow_domain::shortfall::{decide, ApplicantFacts, EarlierSubmission, FindingKind, Outcome, Window};
use onewindow_domain::{
    validate, verification_code, Agent, Applicant, ApplicantKind, CaseAction, DeliveryMethod, DocumentKind, IdKind,
    Identifier, MaterialForm, ReceivedMaterial, User,
};
use onewindow_store::{CaseTransition, NewCase};
use rand::Rng;

use crate::calendar::missing_year_warning;
use crate::catalog::decision_view;
use crate::views::{
    AddressInput, ApplicantHistoryView, DraftView, IntakeRequest, IntakeResult, NoticePrefill, PartyInput,
    ReusableMaterialView,
};
use crate::{case_summary, App, AppError, Result, CST_HOURS};

/// How long a material handed in with an earlier case may be reused (数据共享互认).
pub const REUSE_DAYS: i64 = 180;

const GUANGDONG_CITIES: [&str; 21] = [
    "广州市", "深圳市", "珠海市", "汕头市", "佛山市", "韶关市", "湛江市", "肇庆市", "江门市", "茂名市", "惠州市",
    "梅州市", "汕尾市", "河源市", "阳江市", "清远市", "东莞市", "中山市", "潮州市", "揭阳市", "云浮市",
];

fn identifier(field: &'static str, kind: IdKind, value: &str, today: NaiveDate) -> Result<Identifier> {
    validate(kind, value, today).map_err(|e| AppError::invalid(field, e.message_zh()))
}

fn name(field: &'static str, label: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(AppError::invalid(field, format!("请填写{label}")));
    }
    if trimmed.chars().count() > 100 || trimmed.chars().any(char::is_control) {
        return Err(AppError::invalid(field, format!("{label}过长或含有无效字符")));
    }
    // Kept exactly as written: 𠮷, the middle dot of minority and foreign names.
    Ok(trimmed.to_string())
}

/// A landline of the mainland (`0750-3502345`) or a mobile.
fn phone(field: &'static str, value: &str, today: NaiveDate) -> Result<Identifier> {
    let v = value.trim();
    let landline = v.starts_with('0')
        && v.len() >= 10
        && v.len() <= 13
        && v.chars().all(|c| c.is_ascii_digit() || c == '-')
        && v.matches('-').count() <= 1;
    if landline {
        return Ok(Identifier { kind: IdKind::Mobile, value: v.to_string() });
    }
    identifier(field, IdKind::Mobile, v, today)
}

fn address(a: &AddressInput, today: NaiveDate) -> Result<String> {
    if a.province.trim() != "广东省" {
        return Err(AppError::invalid("delivery.address.province", "邮寄地址须在广东省内"));
    }
    if !GUANGDONG_CITIES.contains(&a.city.trim()) {
        return Err(AppError::invalid("delivery.address.city", format!("“{}”不是广东省的地级市", a.city.trim())));
    }
    let district = name("delivery.address.district", "区（县）", &a.district)?;
    let street = name("delivery.address.street", "镇（街道）", &a.street)?;
    let detail = name("delivery.address.detail", "详细地址", &a.detail)?;
    if detail.chars().count() < 4 {
        return Err(AppError::invalid("delivery.address.detail", "详细地址过短，请写到门牌号"));
    }
    let receiver = name("delivery.address.receiver", "收件人", &a.receiver)?;
    let phone = phone("delivery.address.phone", &a.phone, today)?;
    Ok(format!("{}{}{district}{street}{detail}（{receiver} {}）", a.province.trim(), a.city.trim(), phone.value))
}

impl App {
    /// Materials the applicant handed in with cases accepted in the last [`REUSE_DAYS`] days.
    pub(crate) async fn earlier_submissions(&self, party: &PartyInput) -> Result<Vec<EarlierSubmission>> {
        let Ok(id) = validate(party.id_kind, &party.id_number, self.today()) else { return Ok(Vec::new()) };
        let since = self.now() - Duration::days(REUSE_DAYS);
        let rows = self.store.applicant_materials(id.kind, &id.value, since).await?;
        Ok(rows
            .into_iter()
            .map(|r| EarlierSubmission {
                material_name: r.material_name,
                case_number: r.case_number,
                valid_until: (r.accepted_at + Duration::hours(CST_HOURS) + Duration::days(REUSE_DAYS)).date_naive(),
            })
            .collect())
    }

    /// The applicant's earlier cases and the materials they need not bring again.
    pub async fn applicant_history(&self, id_kind: IdKind, id_number: &str) -> Result<ApplicantHistoryView> {
        let id = identifier("id_number", id_kind, id_number, self.today())?;
        let cases = self.store.applicant_cases(id.kind, &id.value).await?;
        let party = PartyInput { name: String::new(), id_kind, id_number: id.value.clone() };
        let mut reusable: Vec<ReusableMaterialView> = Vec::new();
        for e in self.earlier_submissions(&party).await? {
            if !reusable.iter().any(|r| r.material_name == e.material_name) {
                reusable.push(ReusableMaterialView { material_name: e.material_name, case_number: e.case_number, valid_until: e.valid_until.to_string() });
            }
        }
        Ok(ApplicantHistoryView { name: cases.first().map(|c| c.applicant_name.clone()), cases: cases.iter().map(case_summary).collect(), reusable })
    }

    /// Takes the intake: decides, records the case and its events, hands it off — all or nothing.
    pub async fn intake(&self, user: &User, request: &IntakeRequest) -> Result<IntakeResult> {
        let (hall_code, window) = match (user.role, &user.hall_code) {
            (onewindow_domain::Role::WindowClerk, Some(hall)) => (hall.clone(), user.window.clone()),
            _ => return Err(AppError::Forbidden("只有综合窗口受理员可以受理办件".into())),
        };
        let today = self.today();
        let now = self.now();
        let snapshot = self.snapshot().await?;
        let item = snapshot
            .catalog
            .item(request.item_code.trim())
            .ok_or_else(|| AppError::invalid("item_code", format!("事项编码“{}”不存在", request.item_code.trim())))?;
        let department = snapshot
            .catalog
            .department(&item.department_code)
            .cloned()
            .ok_or_else(|| AppError::Conflict(format!("事项的实施部门{}不在目录中", item.department_code)))?;

        // The applicant and agent, validated as typed.
        let applicant_name = name("applicant.name", if request.applicant_kind == ApplicantKind::Person { "申请人姓名" } else { "单位名称" }, &request.applicant.name)?;
        let kind_fits = match request.applicant_kind {
            ApplicantKind::Organisation => request.applicant.id_kind == IdKind::Uscc,
            ApplicantKind::Person => !matches!(request.applicant.id_kind, IdKind::Uscc | IdKind::Mobile),
        };
        if !kind_fits {
            let message = match request.applicant_kind {
                ApplicantKind::Organisation => "法人或其他组织请使用统一社会信用代码",
                ApplicantKind::Person => "自然人请使用居民身份证、通行证、居住证或护照",
            };
            return Err(AppError::invalid("applicant.id_kind", message));
        }
        let applicant_id = identifier("applicant.id_number", request.applicant.id_kind, &request.applicant.id_number, today)?;
        let applicant_phone = phone("phone", &request.phone, today)?;
        let agent = match &request.agent {
            Some(a) => {
                let agent_name = name("agent.name", "代办人姓名", &a.name)?;
                if matches!(a.id_kind, IdKind::Uscc | IdKind::Mobile) {
                    return Err(AppError::invalid("agent.id_kind", "代办人请使用个人证件"));
                }
                Some(Agent { name: agent_name, id: identifier("agent.id_number", a.id_kind, &a.id_number, today)? })
            }
            None => None,
        };

        // What was received.
        let mut received: Vec<ReceivedMaterial> = Vec::new();
        for r in &request.received {
            let material = item
                .materials
                .iter()
                .find(|m| m.code == r.material_code)
                .ok_or_else(|| AppError::invalid("received", format!("事项“{}”没有编码为“{}”的材料", item.name, r.material_code)))?;
            if !(1..=99).contains(&r.copies) || !(1..=9999).contains(&r.pages) {
                return Err(AppError::invalid("received", format!("材料“{}”的份数或页数不正确", material.name)));
            }
            if received.iter().any(|x| x.material_code == r.material_code) {
                return Err(AppError::invalid("received", format!("材料“{}”重复登记", material.name)));
            }
            received.push(ReceivedMaterial { material_code: r.material_code.clone(), form: r.form, copies: r.copies, pages: r.pages });
        }

        // The decision, at this hall, today.
        let hall = self
            .store
            .halls()
            .await?
            .into_iter()
            .find(|h| h.code == hall_code)
            .ok_or_else(|| AppError::Conflict(format!("大厅{hall_code}不存在")))?;
        let facts = ApplicantFacts {
            kind: request.applicant_kind,
            has_agent: agent.is_some(),
            commitment_signed: request.commitment_signed,
            dishonest: request.dishonest,
            e_certificates: BTreeSet::new(),
            earlier_submissions: self.earlier_submissions(&request.applicant).await?,
        };
        let present: BTreeSet<&str> = received.iter().map(|r| r.material_code.as_str()).collect();
        let window_of = Window { today, hall_area: &hall.area, department_area: &department.area, calendar: &self.calendar };
        let decision = decide(item, &facts, &present, &window_of);
        let outcome = decision.outcome;

        // Delivery, needed once the case is accepted.
        let accepted = matches!(outcome, Outcome::Accept | Outcome::AcceptWithShortfall);
        let (delivery, pickup_hall_code, delivery_address) = match request.delivery.method {
            DeliveryMethod::Window => {
                let pickup = request.delivery.pickup_hall_code.clone().unwrap_or_else(|| hall_code.clone());
                if accepted && !self.store.halls().await?.iter().any(|h| h.code == pickup) {
                    return Err(AppError::invalid("delivery.pickup_hall_code", format!("领取大厅“{pickup}”不存在")));
                }
                (DeliveryMethod::Window, Some(pickup), None)
            }
            DeliveryMethod::Post => {
                if accepted && !item.delivery.contains(&DeliveryMethod::Post) {
                    return Err(AppError::invalid("delivery.method", format!("“{}”不提供邮政寄递，请选择窗口领取", item.name)));
                }
                let address = match (&request.delivery.address, accepted) {
                    (Some(a), _) => Some(address(a, today)?),
                    (None, true) => return Err(AppError::invalid("delivery.address", "请填写邮寄地址")),
                    (None, false) => None,
                };
                (DeliveryMethod::Post, None, address)
            }
        };

        let local_day = (now + Duration::hours(CST_HOURS)).date_naive();
        // Paper originals for a department in another district travel by courier.
        let material_transfer = accepted
            && department.area != hall.area
            && received.iter().any(|r| r.form == MaterialForm::Original);
        let new_case = NewCase {
            catalog_version: snapshot.version,
            service_item_code: item.code.clone(),
            applicant: Applicant { kind: request.applicant_kind, name: applicant_name, id: applicant_id, phone: Some(applicant_phone) },
            agent,
            hall_code: hall_code.clone(),
            window: window.clone(),
            clerk_username: user.username.clone(),
            delivery,
            pickup_hall_code,
            delivery_address,
            materials: received,
            // The thread's generator is not held across an await: the future stays Send.
            verification_code: verification_code(std::array::from_fn(|_| rand::thread_rng().gen())),
            material_transfer,
            at: now,
            local_day,
        };
        let step = |action: CaseAction, reason: String, due: Option<NaiveDate>, supplement: Option<NaiveDate>| CaseTransition {
            action,
            actor_username: user.username.clone(),
            hall_code: hall_code.clone(),
            window: window.clone(),
            at: now,
            reason,
            due_date: due,
            supplement_due: supplement,
        };
        let missing: Vec<String> = decision
            .findings
            .iter()
            .filter(|f| matches!(f.finding, FindingKind::MissingBlocking | FindingKind::MissingTolerated { .. }))
            .map(|f| format!("{}（{}）", f.material_name, f.message))
            .collect();
        let (transitions, documents) = match outcome {
            Outcome::Accept => (
                vec![step(CaseAction::Accept, "材料齐全，予以受理".into(), Some(decision.due), None), step(CaseAction::HandOff, format!("移交{}", department.name), None, None)],
                vec![DocumentKind::Receipt],
            ),
            Outcome::AcceptWithShortfall => (
                vec![
                    step(CaseAction::AcceptWithShortfall, format!("容缺受理，申请人已签署承诺书；待补齐：{}", missing.join("；")), Some(decision.due), decision.supplement_due),
                    step(CaseAction::HandOff, format!("移交{}", department.name), None, None),
                ],
                vec![DocumentKind::Receipt, DocumentKind::ShortfallNotice, DocumentKind::Commitment],
            ),
            Outcome::OneTimeNotice => (vec![step(CaseAction::IssueNotice, format!("一次性告知：{}", missing.join("；")), None, None)], vec![DocumentKind::OneTimeNotice]),
            Outcome::Refuse => (
                vec![step(CaseAction::Refuse, decision.refusal.as_ref().map(|r| r.message.clone()).unwrap_or_default(), None, None)],
                vec![DocumentKind::RefusalNotice],
            ),
        };
        let number = self.store.create_case_with(&new_case, &transitions).await?;
        if let Some(id) = request.draft_id {
            // The intake is done: its draft goes (a draft already gone is no error).
            let _ = self.store.delete_draft(&user.username, i64::from(id)).await;
        }
        let warning = missing_year_warning(&self.calendar, decision.due.format("%Y").to_string().parse().unwrap_or(0));
        Ok(IntakeResult {
            number,
            decision: decision_view(decision, snapshot.version, warning),
            documents,
            handed_off: accepted,
            material_transfer,
        })
    }

    /// What the first visit of a one-time notice took in, to start the return visit from it.
    pub async fn notice_prefill(&self, number: &str) -> Result<NoticePrefill> {
        let row = self.store.case(number).await?.ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        if row.state != onewindow_domain::CaseState::NoticeIssued {
            return Err(AppError::Conflict(format!("办件{number}不是一次性告知，不能再次受理")));
        }
        let received = self.store.case_materials(number).await?.into_iter().map(|m| m.material_code).collect();
        Ok(NoticePrefill {
            case_number: row.number.clone(),
            item_code: row.service_item_code.clone(),
            item_name: row.service_item_name.clone(),
            applicant_kind: row.applicant_kind,
            applicant: PartyInput { name: row.applicant_name.clone(), id_kind: row.applicant_id_kind, id_number: row.applicant_id_number.clone() },
            phone: row.applicant_phone.clone().unwrap_or_default(),
            received,
        })
    }

    pub async fn save_draft(&self, user: &User, id: Option<u32>, title: &str, payload: &str) -> Result<u32> {
        if payload.len() > 200_000 {
            return Err(AppError::invalid("payload", "草稿过大"));
        }
        let title: String = title.chars().take(100).collect();
        let id = self.store.save_draft(&user.username, id.map(i64::from), &title, payload, self.now()).await?;
        Ok(u32::try_from(id).unwrap_or(u32::MAX))
    }

    pub async fn drafts(&self, user: &User) -> Result<Vec<DraftView>> {
        Ok(self
            .store
            .drafts(&user.username)
            .await?
            .into_iter()
            .map(|d| DraftView { id: u32::try_from(d.id).unwrap_or(u32::MAX), title: d.title, payload: d.payload, updated_at: d.updated_at.to_rfc3339() })
            .collect())
    }

    pub async fn delete_draft(&self, user: &User, id: u32) -> Result<()> {
        Ok(self.store.delete_draft(&user.username, i64::from(id)).await?)
    }
}
