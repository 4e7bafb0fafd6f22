//! Intake at the window: the applicant and the materials taken in become a case — accepted (with
//! or without shortfall) and handed to the competent department in the same transaction, or a
//! one-time notice or a refusal recorded with its reasons. Drafts keep an intake in progress.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use onewindow_domain::followup::instant_approval;
use onewindow_domain::shortfall::{
    decide_bundle, decide_received, needs_material_transfer, ApplicantFacts, Decision, EarlierSubmission, FindingKind,
    Outcome, Window,
};
use onewindow_domain::time::local_day;
use onewindow_domain::{
    advance, advance_all, mask_id, mask_phone, validate, verification_code, Agent, Applicant, ApplicantKind, Bundle,
    CaseAction, CaseProgress, CaseState, CaseStep, DeliveryMethod, Department, DocumentKind, EventDetail, Hall, IdKind,
    Identifier, MaterialForm, ReceivedMaterial, ServiceItem, User,
};
use onewindow_store::{CaseTransition, NewCase};
use rand::Rng;

use crate::calendar::missing_year_warning;
use crate::catalog::{decision_view, department_ref, Snapshot};
use crate::views::{
    AddressInput, ApplicantHistoryView, BundleCaseResult, BundleCheckRequest, BundleDecisionView, BundleIntakeRequest,
    BundleIntakeResult, BundleMemberDecision, BundleReceivedInput, DeliveryInput, DraftView, IntakeCommon,
    IntakeRequest, IntakeResult, MaterialTransferView, NoticePrefill, PartyInput, PrintTask, ReusableMaterialView,
};
use crate::{case_summary, App, AppError, Result};

/// The actor of instant approvals (智能审批): a user nobody signs in as.
pub const SYSTEM: &str = "system";

/// How long a material handed in with an earlier case may be reused (数据共享互认).
pub const REUSE_DAYS: i64 = 180;

const GUANGDONG_CITIES: [&str; 21] = [
    "广州市",
    "深圳市",
    "珠海市",
    "汕头市",
    "佛山市",
    "韶关市",
    "湛江市",
    "肇庆市",
    "江门市",
    "茂名市",
    "惠州市",
    "梅州市",
    "汕尾市",
    "河源市",
    "阳江市",
    "清远市",
    "东莞市",
    "中山市",
    "潮州市",
    "揭阳市",
    "云浮市",
];

pub(crate) fn identifier(field: &'static str, kind: IdKind, value: &str, today: NaiveDate) -> Result<Identifier> {
    validate(kind, value, today).map_err(|e| match e.suggested_kind() {
        Some(kind) => AppError::WrongIdKind { field, message: e.message_zh(), kind },
        None => AppError::invalid(field, e.message_zh()),
    })
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

/// A postal address as [`address`] stored it, taken apart again: where, and who receives it with
/// their phone (the label prints the phone masked, so it must not stay inside the address).
pub(crate) fn postal_receiver(stored: &str) -> (String, Option<(String, String)>) {
    let Some(open) = stored.rfind('（').filter(|_| stored.ends_with('）')) else {
        return (stored.to_string(), None);
    };
    let inside = &stored[open + '（'.len_utf8()..stored.len() - '）'.len_utf8()];
    match inside.rsplit_once(' ') {
        Some((receiver, phone)) if !receiver.is_empty() && !phone.is_empty() => {
            (stored[..open].to_string(), Some((receiver.to_string(), phone.to_string())))
        }
        _ => (stored.to_string(), None),
    }
}

/// The clerk's hall and window: only a window clerk takes intakes.
struct Post {
    hall_code: String,
    window: Option<String>,
}

fn clerk_post(user: &User) -> Result<Post> {
    match (user.role, &user.hall_code) {
        (onewindow_domain::Role::WindowClerk, Some(hall)) => {
            Ok(Post { hall_code: hall.clone(), window: user.window.clone() })
        }
        _ => Err(AppError::Forbidden("只有综合窗口受理员可以受理办件".into())),
    }
}

/// The applicant (with phone) and the agent, validated as typed.
struct Parties {
    applicant: Applicant,
    agent: Option<Agent>,
}

fn parties(common: &IntakeCommon, today: NaiveDate) -> Result<Parties> {
    let (kind, applicant, phone_number, agent) =
        (common.applicant_kind, &common.applicant, &common.phone, common.agent.as_ref());
    let applicant_name =
        name("applicant.name", if kind == ApplicantKind::Person { "申请人姓名" } else { "单位名称" }, &applicant.name)?;
    let kind_fits = match kind {
        ApplicantKind::Organisation => applicant.id_kind == IdKind::Uscc,
        ApplicantKind::Person => !matches!(applicant.id_kind, IdKind::Uscc | IdKind::Mobile),
    };
    if !kind_fits {
        let message = match kind {
            ApplicantKind::Organisation => "法人或其他组织请使用统一社会信用代码",
            ApplicantKind::Person => "自然人请使用居民身份证、通行证、居住证或护照",
        };
        return Err(AppError::invalid("applicant.id_kind", message));
    }
    let id = identifier("applicant.id_number", applicant.id_kind, &applicant.id_number, today)?;
    let phone = phone("phone", phone_number, today)?;
    let agent = match agent {
        Some(a) => {
            let agent_name = name("agent.name", "代办人姓名", &a.name)?;
            if matches!(a.id_kind, IdKind::Uscc | IdKind::Mobile) {
                return Err(AppError::invalid("agent.id_kind", "代办人请使用个人证件"));
            }
            Some(Agent { name: agent_name, id: identifier("agent.id_number", a.id_kind, &a.id_number, today)? })
        }
        None => None,
    };
    Ok(Parties { applicant: Applicant { kind, name: applicant_name, id, phone: Some(phone) }, agent })
}

fn check_counts(material: &str, copies: u32, pages: u32) -> Result<()> {
    if !(1..=99).contains(&copies) || !(1..=9999).contains(&pages) {
        return Err(AppError::invalid("received", format!("材料“{material}”的份数或页数不正确")));
    }
    Ok(())
}

/// The materials as handed in (the item's, and `added` papers a reviewer asked for, `(code,
/// name)`), each once, with sensible counts; problems name `field`.
pub(crate) fn received_materials(
    item: &ServiceItem,
    added: &[(String, String)],
    inputs: &[crate::views::ReceivedInput],
    field: &'static str,
) -> Result<Vec<ReceivedMaterial>> {
    let mut received: Vec<ReceivedMaterial> = Vec::new();
    for r in inputs {
        let listed = item.materials.iter().find(|m| m.code == r.material_code).map(|m| m.name.as_str());
        let name = listed.or_else(|| added.iter().find(|(c, _)| *c == r.material_code).map(|(_, n)| n.as_str()));
        let name = name.ok_or_else(|| {
            AppError::invalid(field, format!("事项“{}”没有编码为“{}”的材料", item.name, r.material_code))
        })?;
        check_counts(name, r.copies, r.pages).map_err(|e| AppError::invalid(field, e.to_string()))?;
        if received.iter().any(|x| x.material_code == r.material_code) {
            return Err(AppError::invalid(field, format!("材料“{name}”重复登记")));
        }
        received.push(ReceivedMaterial {
            material_code: r.material_code.clone(),
            form: r.form,
            copies: r.copies,
            pages: r.pages,
        });
    }
    Ok(received)
}

struct Delivery {
    method: DeliveryMethod,
    pickup_hall_code: Option<String>,
    address: Option<String>,
}

fn department_of(snapshot: &Snapshot, item: &ServiceItem) -> Result<Department> {
    snapshot
        .catalog
        .department(&item.department_code)
        .cloned()
        .ok_or_else(|| AppError::Conflict(format!("事项的实施部门{}不在目录中", item.department_code)))
}

/// A bundle and its member items with their departments, in the bundle's order.
fn bundle_members<'a>(snapshot: &'a Snapshot, code: &str) -> Result<(&'a Bundle, Vec<(&'a ServiceItem, Department)>)> {
    let bundle = snapshot
        .catalog
        .bundle(code.trim())
        .ok_or_else(|| AppError::invalid("bundle_code", format!("一件事编码“{}”不存在", code.trim())))?;
    let mut members = Vec::with_capacity(bundle.item_codes.len());
    for c in &bundle.item_codes {
        let item = snapshot.catalog.item(c).ok_or_else(|| AppError::Conflict(format!("一件事的事项{c}不在目录中")))?;
        members.push((item, department_of(snapshot, item)?));
    }
    Ok((bundle, members))
}

/// The item an intake request names, or why not.
fn requested_item<'a>(catalog: &'a onewindow_domain::Catalog, code: &str) -> Result<&'a ServiceItem> {
    catalog
        .item(code.trim())
        .ok_or_else(|| AppError::invalid("service_item_code", format!("事项编码“{}”不存在", code.trim())))
}

/// The materials as the shortfall engine reads them: code and the form they came in.
fn handed_in(received: &[ReceivedMaterial]) -> Vec<(&str, MaterialForm)> {
    received.iter().map(|r| (r.material_code.as_str(), r.form)).collect()
}

impl App {
    /// The shortfall decision at this hall today.
    fn decide_here(
        &self,
        item: &ServiceItem,
        facts: &ApplicantFacts,
        handed_in: &[(&str, MaterialForm)],
        today: NaiveDate,
        hall: &Hall,
        department: &Department,
    ) -> Decision {
        let window =
            Window { today, hall_area: &hall.area, department_area: &department.area, calendar: &self.calendar };
        decide_received(item, facts, handed_in, &window)
    }
}

/// What an intake records for one item: the case, the transitions its decision calls for, and
/// the documents to print.
struct Planned {
    case: NewCase,
    transitions: Vec<CaseTransition>,
    documents: Vec<DocumentKind>,
}

#[allow(clippy::too_many_arguments)]
fn plan(
    post: &Post,
    user: &User,
    now: DateTime<Utc>,
    catalog_version: i64,
    item: &ServiceItem,
    department: &Department,
    hall_area: &str,
    parties: &Parties,
    delivery: &Delivery,
    received: Vec<ReceivedMaterial>,
    decision: &Decision,
    instant: bool,
) -> Result<Planned> {
    // Approved at once on what the window saw, nothing travels to the department.
    let material_transfer = !instant
        && needs_material_transfer(decision.outcome, hall_area, &department.area, received.iter().map(|r| r.form));
    let case = NewCase {
        catalog_version,
        service_item_code: item.code.clone(),
        applicant: parties.applicant.clone(),
        agent: parties.agent.clone(),
        hall_code: post.hall_code.clone(),
        window: post.window.clone(),
        clerk_username: user.username.clone(),
        delivery: delivery.method,
        pickup_hall_code: delivery.pickup_hall_code.clone(),
        delivery_address: delivery.address.clone(),
        materials: received,
        findings: decision.findings.clone(),
        scans: Vec::new(),
        verification_code: verification_code(std::array::from_fn(|_| rand::thread_rng().gen())),
        material_transfer,
        at: now,
        local_day: local_day(now),
    };
    let step = |action: CaseAction, reason: String, due: Option<NaiveDate>, supplement: Option<NaiveDate>| {
        let step = CaseStep {
            due_date: due,
            statutory_due: due.map(|_| decision.statutory_due),
            shortfall_supplement_due: supplement,
            ..CaseStep::new(action, &user.username, now)
        };
        (step, reason)
    };
    let missing: Vec<String> = decision
        .findings
        .iter()
        .filter(|f| matches!(f.finding, FindingKind::MissingBlocking | FindingKind::MissingTolerated { .. }))
        .map(|f| format!("{}（{}）", f.material_name, f.message))
        .collect();
    let (steps, documents) = match decision.outcome {
        // 智能审批: accepted and approved by the system at once; the result goes where the
        // applicant chose, like any other.
        Outcome::Accept if instant => (
            vec![step(CaseAction::Accept, "材料齐全，予以受理".into(), Some(decision.due), None)],
            vec![DocumentKind::Receipt, DocumentKind::ApprovalDecision],
        ),
        Outcome::Accept => (
            vec![
                step(CaseAction::Accept, "材料齐全，予以受理".into(), Some(decision.due), None),
                step(CaseAction::HandOff, format!("移交{}", department.name), None, None),
            ],
            vec![DocumentKind::Receipt],
        ),
        Outcome::AcceptWithShortfall => (
            vec![
                step(
                    CaseAction::AcceptWithShortfall,
                    format!("容缺受理，申请人已签署承诺书；待补齐：{}", missing.join("；")),
                    Some(decision.due),
                    decision.shortfall_supplement_due,
                ),
                step(CaseAction::HandOff, format!("移交{}", department.name), None, None),
            ],
            vec![DocumentKind::Receipt, DocumentKind::ShortfallNotice, DocumentKind::Commitment],
        ),
        Outcome::OneTimeNotice => (
            vec![step(CaseAction::IssueNotice, format!("一次性告知：{}", missing.join("；")), None, None)],
            vec![DocumentKind::OneTimeNotice],
        ),
        Outcome::Refuse => (
            vec![step(
                CaseAction::Refuse,
                decision.refusal.as_ref().map(|r| r.message.clone()).unwrap_or_default(),
                None,
                None,
            )],
            vec![DocumentKind::RefusalNotice],
        ),
    };
    let (steps, reasons): (Vec<CaseStep>, Vec<String>) = steps.into_iter().unzip();
    // From a new draft every outcome's moves are legal; the state machine still decides.
    let changes = advance_all(CaseState::Draft, &CaseProgress::default(), &steps)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    let mut transitions: Vec<CaseTransition> = changes
        .into_iter()
        .zip(reasons)
        .map(|(change, reason)| CaseTransition {
            window: post.window.clone(),
            ..CaseTransition::new(change, &user.username, &post.hall_code, now, &reason)
        })
        .collect();
    if instant && decision.outcome == Outcome::Accept {
        let accepted = &transitions.last().expect("the acceptance").change;
        let approve = advance(accepted.to, &accepted.progress, &CaseStep::new(CaseAction::InstantApprove, SYSTEM, now))
            .map_err(|e| AppError::Conflict(e.to_string()))?;
        let next = match delivery.method {
            DeliveryMethod::Window => CaseAction::PrepareIssuance,
            DeliveryMethod::Post => CaseAction::PrepareDispatch,
        };
        let then = advance(approve.to, &approve.progress, &CaseStep::new(next, SYSTEM, now))
            .map_err(|e| AppError::Conflict(e.to_string()))?;
        let result_name = item.results.first().cloned().unwrap_or_else(|| format!("{}结果", item.name));
        // The result document's number: the day and the case's verification code, unique
        // enough for a paper that also carries the case number.
        let certificate_number = format!("ZN{}{}", case.local_day.format("%Y%m%d"), case.verification_code);
        transitions.push(CaseTransition {
            detail: Some(EventDetail::Approval {
                result_name,
                certificate_number,
                valid_until: None,
                note: "智能审批：符合事项规定的全部条件，系统自动准予办理（即时办结）".into(),
            }),
            ..CaseTransition::new(approve, SYSTEM, &post.hall_code, now, "符合智能审批条件，系统自动准予办理")
        });
        let why = if next == CaseAction::PrepareIssuance { "转窗口出件" } else { "转寄递" };
        transitions.push(CaseTransition::new(then, SYSTEM, &post.hall_code, now, why));
    }
    Ok(Planned { case, transitions, documents })
}

impl App {
    /// Courier tasks for paper originals not yet on their way: for the dispatcher.
    pub async fn pending_transfers(&self, user: &User) -> Result<Vec<MaterialTransferView>> {
        crate::may_see_dispatch(user, "只有寄递调度员和大厅管理员可以查看材料流转任务")?;
        let rows = self.store.pending_transfers().await?;
        Ok(rows.into_iter().map(|(case_number, department)| MaterialTransferView { case_number, department }).collect())
    }

    /// Materials the applicant handed in with cases accepted in the last [`REUSE_DAYS`] days.
    pub(crate) async fn earlier_submissions(&self, party: &PartyInput) -> Result<Vec<EarlierSubmission>> {
        let Ok(id) = validate(party.id_kind, &party.id_number, self.today()) else { return Ok(Vec::new()) };
        let since = self.now() - Duration::days(REUSE_DAYS);
        let rows = self.store.applicant_materials(id.kind, &id.value, since).await?;
        Ok(rows
            .into_iter()
            .map(|r| EarlierSubmission {
                material_name: r.material_name,
                form: r.form,
                case_number: r.case_number,
                valid_until: local_day(r.accepted_at + Duration::days(REUSE_DAYS)),
            })
            .collect())
    }

    /// The applicant's facts for a decision; what they handed in before counts once they are known.
    pub(crate) async fn applicant_facts(
        &self,
        kind: ApplicantKind,
        has_agent: bool,
        commitment_signed: bool,
        dishonest: bool,
        applicant: Option<&PartyInput>,
    ) -> Result<ApplicantFacts> {
        let earlier_submissions = match applicant {
            Some(party) => self.earlier_submissions(party).await?,
            None => Vec::new(),
        };
        // A commitment broken before bars tolerance for a while: the engine decides how long.
        let broken_commitments = match applicant.and_then(|p| validate(p.id_kind, &p.id_number, self.today()).ok()) {
            Some(id) => self.store.broken_commitments(id.kind, &id.value).await?,
            None => Vec::new(),
        };
        Ok(ApplicantFacts {
            kind,
            has_agent,
            commitment_signed,
            dishonest,
            e_certificates: BTreeSet::new(),
            earlier_submissions,
            broken_commitments,
        })
    }

    /// The applicant's earlier cases and the materials they need not bring again.
    pub async fn applicant_history(&self, id_kind: IdKind, id_number: &str) -> Result<ApplicantHistoryView> {
        let id = identifier("id_number", id_kind, id_number, self.today())?;
        let cases = self.store.applicant_cases(id.kind, &id.value).await?;
        let party = PartyInput { name: String::new(), id_kind, id_number: id.value.clone() };
        let mut reusable: Vec<ReusableMaterialView> = Vec::new();
        for e in self.earlier_submissions(&party).await? {
            // Newest first: one line per paper and form (a copy on record stands in for less).
            if !reusable.iter().any(|r| r.material_name == e.material_name && r.form == e.form) {
                reusable.push(ReusableMaterialView {
                    material_name: e.material_name,
                    form: e.form,
                    case_number: e.case_number,
                    valid_until: e.valid_until.to_string(),
                });
            }
        }
        Ok(ApplicantHistoryView {
            name: cases.first().map(|c| c.applicant_name.clone()),
            cases: cases.iter().map(case_summary).collect(),
            reusable,
        })
    }

    /// The 容缺受理承诺书 of an intake not submitted yet, for the applicant to sign before the clerk
    /// ticks 已签署: the materials the decision would tolerate once signed and the day to bring
    /// them, with no case number (it has none yet). Refused when nothing would be tolerated.
    pub async fn commitment_draft(
        &self,
        user: &User,
        request: &IntakeRequest,
    ) -> Result<onewindow_documents::CaseInfo> {
        let post = clerk_post(user)?;
        let now = self.now();
        let today = local_day(now);
        let snapshot = self.snapshot().await?;
        let item = requested_item(&snapshot.catalog, &request.service_item_code)?;
        let department = department_of(&snapshot, item)?;
        let parties = parties(&request.common, today)?;
        let received = received_materials(item, &[], &request.received, "received")?;
        let hall = self.hall(&post.hall_code).await?;
        let signed = IntakeCommon { commitment_signed: true, ..request.common.clone() };
        let facts = self.facts(&signed, &parties).await?;
        let handed_in = handed_in(&received);
        let decision = self.decide_here(item, &facts, &handed_in, today, &hall, &department);
        let (Outcome::AcceptWithShortfall, Some(due)) = (decision.outcome, decision.shortfall_supplement_due) else {
            return Err(AppError::invalid(
                "commitment_signed",
                "按当前收取的材料，本次收件不适用容缺受理，无需签署承诺书",
            ));
        };
        let tolerated = decision
            .findings
            .iter()
            .filter_map(|f| match f.finding {
                FindingKind::MissingTolerated { until } => {
                    Some(crate::printing::tolerated_line(&f.material_name, until))
                }
                _ => None,
            })
            .collect();
        let applicant = &parties.applicant;
        Ok(onewindow_documents::CaseInfo {
            hall: onewindow_documents::HallInfo {
                name: hall.name.clone(),
                address: hall.address.clone(),
                phone: hall.phone.clone(),
            },
            item_name: item.name.clone(),
            department: department.name.clone(),
            applicant_name: applicant.name.clone(),
            applicant_id_masked: mask_id(&applicant.id.value),
            applicant_phone_masked: applicant.phone.as_ref().map(|p| mask_phone(&p.value)).unwrap_or_default(),
            agent_name: parties.agent.as_ref().map(|a| a.name.clone()),
            accepted_at: onewindow_domain::time::local(now).format("%Y-%m-%d %H:%M").to_string(),
            window: post.window.clone().unwrap_or_default(),
            clerk: user.display_name.clone(),
            tolerated,
            shortfall_supplement_due: Some(due.to_string()),
            authority: hall.name.clone(),
            issued_on: today.format("%Y年%-m月%-d日").to_string(),
            applicant_is_organisation: applicant.kind == ApplicantKind::Organisation,
            ..Default::default()
        })
    }

    /// The one-time notice a return visit continues: a case that ended in a 一次性告知书, of the
    /// same applicant. Anything else is refused naming the field; none given, none.
    async fn continued_notice(&self, number: Option<&str>, applicant: &Applicant) -> Result<Option<String>> {
        let Some(number) = number.map(str::trim).filter(|n| !n.is_empty()) else { return Ok(None) };
        let row = self
            .store
            .case(number)
            .await?
            .ok_or_else(|| AppError::invalid("continues", format!("未找到办件编号为“{number}”的一次性告知书")))?;
        if row.state != CaseState::NoticeIssued {
            return Err(AppError::invalid("continues", format!("办件{number}不是一次性告知的办件，不能续办")));
        }
        if row.applicant_id_number != applicant.id.value {
            return Err(AppError::invalid("continues", format!("一次性告知书{number}不是本申请人的，不能续办")));
        }
        Ok(Some(row.number))
    }

    /// Takes the intake: decides, records the case and its events, hands it off — all or nothing.
    pub async fn intake(&self, user: &User, request: &IntakeRequest) -> Result<IntakeResult> {
        let post = clerk_post(user)?;
        // One reading of the clock: the decision's day, the case number's day and the events agree.
        let now = self.now();
        let today = local_day(now);
        let snapshot = self.snapshot().await?;
        let item = requested_item(&snapshot.catalog, &request.service_item_code)?;
        let department = department_of(&snapshot, item)?;
        let parties = parties(&request.common, today)?;
        let continues = self.continued_notice(request.common.continues.as_deref(), &parties.applicant).await?;

        let received = received_materials(item, &[], &request.received, "received")?;
        let scans =
            self.scans_taken(request.received.iter().map(|r| (r.material_code.as_str(), r.scans.as_slice()))).await?;

        // The decision, at this hall, today.
        let hall = self.hall(&post.hall_code).await?;
        let facts = self.facts(&request.common, &parties).await?;
        let handed_in = handed_in(&received);
        let decision = self.decide_here(item, &facts, &handed_in, today, &hall, &department);
        let instant = instant_approval(item, facts.kind, &decision, &handed_in).is_ok();
        let accepted = decision.outcome.is_accepted();
        let delivery = self
            .delivery(&request.common.delivery, if accepted { vec![item] } else { Vec::new() }, &post.hall_code, today)
            .await?;
        let mut planned = plan(
            &post,
            user,
            now,
            snapshot.version,
            item,
            &department,
            &hall.area,
            &parties,
            &delivery,
            received,
            &decision,
            instant,
        )?;
        planned.case.scans = scans;
        if let (Some(notice), Some(first)) = (continues, planned.transitions.first_mut()) {
            first.reason = format!("{}（续办一次性告知书{notice}）", first.reason);
            first.detail = Some(EventDetail::ReturnVisit { notice });
        }
        let number = self.store.create_case_with(&planned.case, &planned.transitions).await?;
        self.intake_done(user, request.common.draft_id).await;
        let warning = missing_year_warning(&self.calendar, decision.due.year());
        Ok(IntakeResult {
            number,
            decision: decision_view(decision, snapshot.version, warning),
            documents: planned.documents,
            handed_off: accepted && !instant,
            instant,
            material_transfer: planned.case.material_transfer,
        })
    }

    /// The live decision of every member item of a bundle at the clerk's hall.
    pub async fn check_bundle(&self, user: &User, request: &BundleCheckRequest) -> Result<BundleDecisionView> {
        let snapshot = self.snapshot().await?;
        let (bundle, members) = bundle_members(&snapshot, &request.bundle_code)?;
        let names: BTreeSet<&str> =
            members.iter().flat_map(|(i, _)| i.materials.iter().map(|m| m.name.as_str())).collect();
        if let Some(unknown) = request.present_names.iter().find(|n| !names.contains(n.as_str())) {
            return Err(AppError::invalid("present", format!("一件事“{}”的材料清单中没有“{unknown}”", bundle.name)));
        }
        let hall_area = match &user.hall_code {
            Some(code) => self.hall(code).await?.area,
            None => members.first().map(|(_, d)| d.area.clone()).unwrap_or_default(),
        };
        let facts = self
            .applicant_facts(
                request.applicant_kind,
                request.has_agent,
                request.commitment_signed,
                request.dishonest,
                request.applicant.as_ref(),
            )
            .await?;
        let handed_in: Vec<(&str, MaterialForm)> = request
            .present_names
            .iter()
            .map(|n| (n.as_str(), request.forms.get(n).copied().unwrap_or(MaterialForm::Original)))
            .collect();
        let items: Vec<(&ServiceItem, &str)> = members.iter().map(|(i, d)| (*i, d.area.as_str())).collect();
        let decided = decide_bundle(&items, &facts, &handed_in, self.today(), &hall_area, &self.calendar);
        Ok(BundleDecisionView {
            bundle_code: bundle.code.clone(),
            members: decided
                .decisions
                .into_iter()
                .zip(&members)
                .map(|((_, decision), (item, department))| {
                    let warning = missing_year_warning(&self.calendar, decision.due.year());
                    BundleMemberDecision {
                        service_item_code: item.code.clone(),
                        service_item_name: item.name.clone(),
                        department: department_ref(department),
                        decision: decision_view(decision, snapshot.version, warning),
                    }
                })
                .collect(),
        })
    }

    /// Takes a 一件事 bundle in one intake: the shared materials once, one decision and one case
    /// per member item, all recorded in one transaction; one combined receipt.
    pub async fn intake_bundle(&self, user: &User, request: &BundleIntakeRequest) -> Result<BundleIntakeResult> {
        let post = clerk_post(user)?;
        let now = self.now();
        let today = local_day(now);
        let snapshot = self.snapshot().await?;
        let (bundle, members) = bundle_members(&snapshot, &request.bundle_code)?;
        let parties = parties(&request.common, today)?;

        // What was received, by merged-list name; each member item takes the ones it asks for.
        let mut by_name: Vec<&BundleReceivedInput> = Vec::new();
        for r in &request.received {
            if !members.iter().any(|(i, _)| i.materials.iter().any(|m| m.name == r.name)) {
                return Err(AppError::invalid(
                    "received",
                    format!("一件事“{}”的材料清单中没有“{}”", bundle.name, r.name),
                ));
            }
            check_counts(&r.name, r.copies, r.pages)?;
            if by_name.iter().any(|x| x.name == r.name) {
                return Err(AppError::invalid("received", format!("材料“{}”重复登记", r.name)));
            }
            by_name.push(r);
        }
        let scans_by_name = self.scans_taken(by_name.iter().map(|r| (r.name.as_str(), r.scans.as_slice()))).await?;
        let scans_of = |item: &ServiceItem| -> Vec<(String, String)> {
            scans_by_name
                .iter()
                .filter_map(|(name, sha)| {
                    item.materials.iter().find(|m| &m.name == name).map(|m| (m.code.clone(), sha.clone()))
                })
                .collect()
        };
        let received_of = |item: &ServiceItem| -> Vec<ReceivedMaterial> {
            item.materials
                .iter()
                .filter_map(|m| {
                    by_name.iter().find(|r| r.name == m.name).map(|r| ReceivedMaterial {
                        material_code: m.code.clone(),
                        form: r.form,
                        copies: r.copies,
                        pages: r.pages,
                    })
                })
                .collect()
        };

        let hall = self.hall(&post.hall_code).await?;
        let facts = self.facts(&request.common, &parties).await?;
        let handed_in: Vec<(&str, MaterialForm)> = by_name.iter().map(|r| (r.name.as_str(), r.form)).collect();
        let items: Vec<(&ServiceItem, &str)> = members.iter().map(|(i, d)| (*i, d.area.as_str())).collect();
        let decided = decide_bundle(&items, &facts, &handed_in, today, &hall.area, &self.calendar);
        let accepted_items: Vec<&ServiceItem> = decided
            .decisions
            .iter()
            .zip(&members)
            .filter(|((_, d), _)| d.outcome.is_accepted())
            .map(|(_, (item, _))| *item)
            .collect();
        let delivery = self.delivery(&request.common.delivery, accepted_items, &post.hall_code, today).await?;
        let mut planned: Vec<(Planned, Decision, usize)> = decided
            .decisions
            .into_iter()
            .zip(&members)
            .enumerate()
            .map(|(k, ((_, decision), (item, department)))| {
                let mut p = plan(
                    &post,
                    user,
                    now,
                    snapshot.version,
                    item,
                    department,
                    &hall.area,
                    &parties,
                    &delivery,
                    received_of(item),
                    &decision,
                    // A bundle's cases go to their departments together: reviewed by people.
                    false,
                )?;
                p.case.scans = scans_of(item);
                Ok((p, decision, k))
            })
            .collect::<Result<_>>()?;
        // The first accepted member is created first: it leads the intake and carries the
        // combined receipt.
        let lead_at = planned.iter().position(|(_, d, _)| d.outcome.is_accepted());
        if let Some(i) = lead_at {
            let lead = planned.remove(i);
            planned.insert(0, lead);
        }
        let rows: Vec<(NewCase, Vec<CaseTransition>)> =
            planned.iter().map(|(p, _, _)| (p.case.clone(), p.transitions.clone())).collect();
        let numbers = self.store.create_bundle_cases(&bundle.code, &rows).await?;
        self.intake_done(user, request.common.draft_id).await;

        let lead = lead_at.map(|_| numbers[0].clone());
        let mut prints: Vec<PrintTask> =
            lead.iter().map(|n| PrintTask { case_number: n.clone(), document: DocumentKind::BundleReceipt }).collect();
        let mut cases: Vec<(usize, BundleCaseResult)> = Vec::new();
        for (((p, decision, k), number), _) in planned.into_iter().zip(numbers).zip(0..) {
            let (item, department) = &members[k];
            let accepted = decision.outcome.is_accepted();
            prints.extend(
                p.documents
                    .iter()
                    .filter(|d| **d != DocumentKind::Receipt)
                    .map(|d| PrintTask { case_number: number.clone(), document: *d }),
            );
            let warning = missing_year_warning(&self.calendar, decision.due.year());
            cases.push((
                k,
                BundleCaseResult {
                    service_item_code: item.code.clone(),
                    service_item_name: item.name.clone(),
                    department: department_ref(department),
                    number,
                    decision: decision_view(decision, snapshot.version, warning),
                    handed_off: accepted,
                    material_transfer: p.case.material_transfer,
                },
            ));
        }
        cases.sort_by_key(|(k, _)| *k);
        Ok(BundleIntakeResult {
            bundle_code: bundle.code.clone(),
            bundle_name: bundle.name.clone(),
            cases: cases.into_iter().map(|(_, c)| c).collect(),
            lead,
            prints,
        })
    }

    /// The scans named with the materials, each a stored scan named once: `(material, sha256)`.
    pub(crate) async fn scans_taken<'a>(
        &self,
        materials: impl Iterator<Item = (&'a str, &'a [String])>,
    ) -> Result<Vec<(String, String)>> {
        let mut taken: Vec<(String, String)> = Vec::new();
        for (material, shas) in materials {
            for sha in shas {
                let sha = sha.trim().to_ascii_lowercase();
                let stored = match sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
                    true => self.store.scan(&sha).await?,
                    false => None,
                };
                let Some(stored) = stored else {
                    return Err(AppError::invalid(
                        "received.scans",
                        format!("材料“{material}”的扫描件不存在，请重新扫描"),
                    ));
                };
                // Taken by another case meanwhile (a draft reopened later): not filed twice.
                if let Some(other) = stored.case_number {
                    return Err(AppError::invalid(
                        "received.scans",
                        format!("材料“{material}”的扫描件已归入办件{other}，请重新扫描"),
                    ));
                }
                if taken.iter().any(|(_, s)| *s == sha) {
                    return Err(AppError::invalid(
                        "received.scans",
                        format!("同一扫描件不能归入两份材料（“{material}”）"),
                    ));
                }
                taken.push((material.to_string(), sha));
            }
        }
        Ok(taken)
    }

    pub(crate) async fn hall(&self, code: &str) -> Result<Hall> {
        self.store.hall(code).await?.ok_or_else(|| AppError::Conflict(format!("大厅{code}不存在")))
    }

    async fn facts(&self, common: &IntakeCommon, parties: &Parties) -> Result<ApplicantFacts> {
        let has_agent = parties.agent.is_some();
        self.applicant_facts(
            common.applicant_kind,
            has_agent,
            common.commitment_signed,
            common.dishonest,
            Some(&common.applicant),
        )
        .await
    }

    /// Delivery as chosen, checked against the items that are accepted (a refusal or a notice
    /// delivers nothing, so it needs no address).
    async fn delivery(
        &self,
        input: &DeliveryInput,
        accepted: Vec<&ServiceItem>,
        hall_code: &str,
        today: NaiveDate,
    ) -> Result<Delivery> {
        match input.method {
            DeliveryMethod::Window => {
                let pickup = input.pickup_hall_code.clone().unwrap_or_else(|| hall_code.to_string());
                if !accepted.is_empty() && self.store.hall(&pickup).await?.is_none() {
                    return Err(AppError::invalid("delivery.pickup_hall_code", format!("领取大厅“{pickup}”不存在")));
                }
                Ok(Delivery { method: DeliveryMethod::Window, pickup_hall_code: Some(pickup), address: None })
            }
            DeliveryMethod::Post => {
                if let Some(item) = accepted.iter().find(|i| !i.delivery.contains(&DeliveryMethod::Post)) {
                    return Err(AppError::invalid(
                        "delivery.method",
                        format!("“{}”不提供邮政寄递，请选择窗口领取", item.name),
                    ));
                }
                let address = match &input.address {
                    Some(a) => Some(address(a, today)?),
                    None if !accepted.is_empty() => {
                        return Err(AppError::invalid("delivery.address", "请填写邮寄地址"))
                    }
                    None => None,
                };
                Ok(Delivery { method: DeliveryMethod::Post, pickup_hall_code: None, address })
            }
        }
    }

    /// The intake is done: its draft goes (a draft already gone is no error).
    async fn intake_done(&self, user: &User, draft_id: Option<u32>) {
        if let Some(id) = draft_id {
            let _ = self.store.delete_draft(&user.username, i64::from(id)).await;
        }
    }

    /// What the first visit of a one-time notice took in, to start the return visit from it.
    pub async fn notice_prefill(&self, number: &str) -> Result<NoticePrefill> {
        let row = self
            .store
            .case(number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        if row.state != onewindow_domain::CaseState::NoticeIssued {
            return Err(AppError::Conflict(format!("办件{number}不是一次性告知，不能再次受理")));
        }
        let received = self.store.case_materials(number).await?.into_iter().map(|m| m.material_code).collect();
        Ok(NoticePrefill {
            case_number: row.number.clone(),
            service_item_code: row.service_item_code.clone(),
            service_item_name: row.service_item_name.clone(),
            applicant_kind: row.applicant_kind,
            applicant: PartyInput {
                name: row.applicant_name.clone(),
                id_kind: row.applicant_id_kind,
                id_number: row.applicant_id_number.clone(),
            },
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
            .map(|d| DraftView {
                id: u32::try_from(d.id).unwrap_or(u32::MAX),
                title: d.title,
                payload: d.payload,
                updated_at: d.updated_at.to_rfc3339(),
            })
            .collect())
    }

    pub async fn delete_draft(&self, user: &User, id: u32) -> Result<()> {
        Ok(self.store.delete_draft(&user.username, i64::from(id)).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::postal_receiver;

    #[test]
    fn a_stored_postal_address_gives_back_its_receiver_and_phone() {
        let stored = "广东省江门市台山市台城街道环市东路12号3座18/02室（伍志坚 13926001234）";
        let (address, receiver) = postal_receiver(stored);
        assert_eq!(address, "广东省江门市台山市台城街道环市东路12号3座18/02室");
        assert_eq!(receiver, Some(("伍志坚".into(), "13926001234".into())));
        // A receiver's name with a space in it keeps it: the phone is the last word.
        let (_, receiver) = postal_receiver("江门市蓬江区白沙大道1号（Chan Tai Man 85291234567）");
        assert_eq!(receiver, Some(("Chan Tai Man".into(), "85291234567".into())));
        // Anything else is an address alone, kept whole.
        for whole in ["江门市蓬江区白沙大道1号", "江门市（蓬江区）", "江门市（ 139）", "（）", ""]
        {
            assert_eq!(postal_receiver(whole), (whole.to_string(), None), "{whole}");
        }
    }
}
