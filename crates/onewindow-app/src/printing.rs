//! Printing use cases: a document of a case (or a test page) rendered for a printer profile, sent
//! to CUPS, and logged — a reprint carries 补打; a job that cannot be sent is recorded as failed
//! and can be retried or redirected, never dropped.

use std::path::PathBuf;
use std::sync::{OnceLock, RwLock};

use chrono::{DateTime, Utc};
use onewindow_documents::{
    render_case_document, render_cover_sheets, render_label, render_manifest, render_test_page, samples, BundleInfo,
    BundleMemberLine, CaseInfo, CollectionInfo, CoverSheetInfo, FontChain, HallInfo, LabelInfo, Lang, ListedMaterial,
    ManifestInfo, ManifestRow, MaterialLine, ProgressInfo, ReviewInfo,
};
use onewindow_domain::courier::ShipmentState;
use onewindow_domain::shortfall::FindingKind;
use onewindow_domain::{
    mask_id, mask_phone, ApplicantKind, CaseAction, CaseState, DeliveryMethod, DocumentKind, EventDetail, MaterialForm,
    User,
};
use onewindow_formats::printer::PrinterProfile;
use onewindow_printing::{load_profiles, print_area, system_fonts, Cups, JobState, PrintError, Profiles};
use onewindow_store::{CaseFindingRow, NewPrintJob, PrintJobRow};

use crate::views::{PrintJobState, PrintJobView, PrintRequest, PrinterProfileView};
use crate::{App, AppError, Result};

/// What printing needs beside the database.
pub(crate) struct Printing {
    data_dir: Option<PathBuf>,
    profiles: RwLock<Profiles>,
    fonts: OnceLock<std::result::Result<FontChain, String>>,
    pub(crate) cups: Cups,
}

impl Printing {
    pub(crate) fn new(data_dir: Option<PathBuf>) -> Self {
        let (profiles, problems) = load_profiles(data_dir.as_deref());
        for problem in problems {
            tracing::warn!(%problem, "printer profile skipped");
        }
        Self { data_dir, profiles: RwLock::new(profiles), fonts: OnceLock::new(), cups: Cups::default() }
    }

    fn fonts(&self) -> Result<&FontChain> {
        self.fonts
            .get_or_init(|| system_fonts().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| AppError::Printing(e.clone()))
    }
}

fn lang_of(code: Option<&str>) -> Result<Lang> {
    match code.unwrap_or("zh-cn") {
        "zh-cn" => Ok(Lang::ZhCn),
        "zh-hk" => Ok(Lang::ZhHk),
        "en" => Ok(Lang::En),
        other => Err(AppError::invalid("lang", format!("不支持的语言“{other}”，可选 zh-cn、zh-hk、en"))),
    }
}

fn form_text(form: MaterialForm, lang: Lang) -> &'static str {
    match (form, lang) {
        (MaterialForm::Original, Lang::En) => "Original",
        (MaterialForm::Copy, Lang::En) => "Copy",
        (MaterialForm::ECertificate, Lang::En) => "E-certificate",
        (MaterialForm::Original, _) => "原件",
        (MaterialForm::Copy, Lang::ZhHk) => "複印件",
        (MaterialForm::Copy, _) => "复印件",
        (MaterialForm::ECertificate, Lang::ZhHk) => "電子證照",
        (MaterialForm::ECertificate, _) => "电子证照",
    }
}

/// How the intake ended for a case, as the combined receipt says it.
fn outcome_text(state: CaseState, with_shortfall: bool, lang: Lang) -> &'static str {
    match (state, with_shortfall, lang) {
        (CaseState::NoticeIssued, _, Lang::En) => "One-time notice",
        (CaseState::NoticeIssued, _, _) => "一次性告知",
        (CaseState::Refused, _, Lang::En) => "Refused",
        (CaseState::Refused, _, _) => "不予受理",
        (_, true, Lang::En) => "Accepted with shortfall",
        (_, true, _) => "容缺受理",
        (_, false, Lang::En) => "Accepted",
        (_, false, _) => "受理",
    }
}

/// The line of a notice for a paper to bring: what is asked (`原件1份，共2页`) and what to do,
/// by the rule the engine decided it under.
fn what_to_bring(
    rule: &str,
    asked: &str,
    received: Option<MaterialForm>,
    material: Option<&onewindow_domain::Material>,
) -> String {
    let todo = match (rule, received, material) {
        ("wrong_form", Some(given), Some(m)) => format!("收到的是{}，须提交{}", given.name_zh(), m.form.name_zh()),
        ("commitment_not_signed", _, _) => "请补齐；或到窗口签署容缺受理承诺书，可先予容缺受理、限期补交".to_string(),
        ("tolerable_limit_exceeded", _, _) => "请补齐（所缺材料超过本事项可容缺的数量）".to_string(),
        ("dishonest_applicant", _, _) => "请补齐（本次申请不适用容缺受理）".to_string(),
        ("tolerated", _, _) => "请补齐；其余材料齐全时可先予容缺受理、限期补交".to_string(),
        _ => "请补齐".to_string(),
    };
    if asked.is_empty() {
        todo
    } else {
        format!("{asked}；{todo}")
    }
}

fn chinese_day(day: chrono::NaiveDate) -> String {
    day.format("%Y年%-m月%-d日").to_string()
}

/// What the back office decided, from the case's events: each decision's document prints the
/// latest of its kind, so a reprint says what was decided, not what holds today.
fn review_info(
    events: &[onewindow_store::CaseEventRow],
    item: &onewindow_domain::ServiceItem,
    authority: &str,
    due_date: Option<chrono::NaiveDate>,
) -> Option<ReviewInfo> {
    use onewindow_domain::EventDetail as D;
    let mut info = ReviewInfo {
        authority: authority.to_string(),
        approval_title: if item.kind == "行政许可" {
            "准予行政许可决定书"
        } else {
            "准予办理决定书"
        }
        .into(),
        new_due: due_date.map(|d| d.to_string()),
        ..ReviewInfo::default()
    };
    let mut decided = false;
    for e in events {
        let day = chinese_day(onewindow_domain::time::local_day(e.at));
        let mut take = |info: &mut ReviewInfo| {
            info.decided_on = day.clone();
            info.reason = e.reason.clone();
            decided = true;
        };
        match (&e.detail, e.action) {
            (Some(D::Approval { result_name, certificate_number, valid_until, note }), _) => {
                take(&mut info);
                info.result_name = result_name.clone();
                info.certificate_number = certificate_number.clone();
                info.valid_until = valid_until.map(|d| d.to_string());
                info.note = note.clone();
            }
            (Some(D::Denial { ground }), _) => {
                take(&mut info);
                info.ground = ground.clone();
            }
            (Some(D::CorrectionRequest { items, deadline }), _) => {
                take(&mut info);
                info.corrections =
                    items.iter().map(|i| ListedMaterial { name: i.name.clone(), note: i.reason.clone() }).collect();
                info.correction_deadline = Some(deadline.to_string());
                info.correction_requested_on = day.clone();
            }
            (Some(D::CorrectionExtended { deadline }), _) => {
                take(&mut info);
                info.correction_deadline = Some(deadline.to_string());
            }
            (Some(D::SpecialProcedureStarted { procedure, limit_days }), _) => {
                take(&mut info);
                info.procedure = procedure.label_zh().to_string();
                info.procedure_limit_days = *limit_days;
            }
            (Some(D::Extension { days }), _) => {
                take(&mut info);
                info.extension_days = *days;
            }
            (Some(D::ShortfallOverdue { due, missing }), Some(CaseAction::Terminate)) => {
                take(&mut info);
                info.overdue_missing = missing.clone();
                info.shortfall_due = Some(due.to_string());
            }
            (_, Some(CaseAction::Withdraw)) => take(&mut info),
            _ => {}
        }
    }
    decided.then_some(info)
}

/// Who took the result and what it was, from the case's history: for the 领取签收单.
fn collection_info(events: &[onewindow_store::CaseEventRow]) -> Option<CollectionInfo> {
    use onewindow_domain::EventDetail as D;
    let result = events.iter().rev().find_map(|e| match &e.detail {
        Some(D::Approval { result_name, certificate_number, .. }) if certificate_number.is_empty() => {
            Some(result_name.clone())
        }
        Some(D::Approval { result_name, certificate_number, .. }) => {
            Some(format!("{result_name}（{certificate_number}）"))
        }
        Some(D::Denial { .. }) => Some("不予许可决定书".to_string()),
        _ => None,
    });
    events.iter().rev().find_map(|e| match &e.detail {
        Some(D::Collection { collector_name, collector_id_masked, as_agent }) => Some(CollectionInfo {
            result: result.clone().unwrap_or_default(),
            collector_name: collector_name.clone(),
            collector_id_masked: collector_id_masked.clone(),
            as_agent: *as_agent,
            collected_at: onewindow_domain::time::local(e.at).format("%Y年%-m月%-d日 %H:%M").to_string(),
            hall: e.hall_name.clone(),
        }),
        _ => None,
    })
}

/// A tolerated material as the notices and the 承诺书 list it: what, and the day to bring it by.
pub(crate) fn tolerated_line(name: &str, until: chrono::NaiveDate) -> ListedMaterial {
    ListedMaterial { name: name.to_string(), note: format!("须于{until}前补齐") }
}

/// What a clerk reads when a printer cannot take a job: the printer by the name the hall gave it,
/// never the CUPS queue's.
fn print_error_text(e: &PrintError, profile: &PrinterProfile) -> String {
    match e {
        PrintError::NoSuchQueue(_) => format!(
            "打印机“{}”未安装或已被移除，文书未送出；请在打印设置中改用已安装的打印机，或请管理员安装后重打",
            profile.description
        ),
        other => other.to_string(),
    }
}

fn local_minute(at: DateTime<Utc>) -> String {
    onewindow_domain::time::local(at).format("%Y-%m-%d %H:%M").to_string()
}

fn job_state(s: &str) -> PrintJobState {
    match s {
        "queued" => PrintJobState::Queued,
        "printing" => PrintJobState::Printing,
        "held" => PrintJobState::Held,
        "done" => PrintJobState::Done,
        _ => PrintJobState::Failed,
    }
}

fn job_view(row: PrintJobRow) -> PrintJobView {
    PrintJobView {
        id: u32::try_from(row.id).unwrap_or(u32::MAX),
        case_number: row.case_number,
        document: DocumentKind::parse(&row.document_kind).unwrap_or(DocumentKind::TestPage),
        profile: row.profile,
        queue: row.queue,
        cups_job: row.cups_job,
        state: job_state(&row.state),
        error: row.error,
        reprint: row.reprint,
        user: row.username,
        created_at: row.created_at.to_rfc3339(),
        updated_at: row.updated_at.to_rfc3339(),
    }
}

/// The big sorting code of a destination address: city and district.
/// What a print job is of, for its log entry.
struct Job<'a> {
    document: DocumentKind,
    case_number: Option<&'a str>,
    /// The envelope of a label.
    waybill: Option<&'a onewindow_store::ShipmentRow>,
    reprint: bool,
}

impl App {
    /// The fonts documents are drawn with.
    pub(crate) fn printing_fonts(&self) -> Result<&FontChain> {
        self.printing.fonts()
    }

    pub fn printer_profiles(&self) -> Vec<PrinterProfileView> {
        let installed = self.printing.cups.queues().ok();
        let profiles = self.printing.profiles.read().expect("profiles lock");
        profiles
            .profiles
            .iter()
            .map(|p| PrinterProfileView {
                name: p.name.clone(),
                description: p.description.clone(),
                queue: p.queue.clone(),
                media: p.media.clone(),
                copies: p.copies,
                dpi: p.dpi,
                serves: p.serves.clone(),
                paper_width_mm: p.paper.width_mm,
                paper_height_mm: p.paper.height_mm,
                margins_mm: vec![p.margins_mm.top, p.margins_mm.right, p.margins_mm.bottom, p.margins_mm.left],
                offset_x_mm: p.offset_mm.x,
                offset_y_mm: p.offset_mm.y,
                queue_installed: installed.as_ref().map(|q| q.contains(&p.queue)),
            })
            .collect()
    }

    pub(crate) fn profile_for(&self, kind: DocumentKind, name: Option<&str>) -> Result<PrinterProfile> {
        let profiles = self.printing.profiles.read().expect("profiles lock");
        let profile = match name {
            Some(name) => {
                profiles.get(name).ok_or_else(|| AppError::invalid("profile", format!("打印方案“{name}”不存在")))?
            }
            None => profiles
                .default_for(kind)
                .ok_or_else(|| AppError::invalid("profile", format!("没有为“{}”配置打印方案", kind.as_str())))?,
        };
        if profile.paper.height_mm.is_none() && kind == DocumentKind::Label {
            return Err(AppError::invalid("profile", format!("打印方案“{}”是连续纸卷，不能打印面单", profile.name)));
        }
        Ok(profile.clone())
    }

    /// Everything a case document prints, from the case, its catalog version and its history.
    async fn case_info(&self, number: &str, lang: Lang, reprint: bool) -> Result<CaseInfo> {
        let row = self
            .store
            .case(number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        let catalog = self.catalog_at(row.catalog_version).await?;
        let item = catalog.item(&row.service_item_code).ok_or_else(|| {
            AppError::NotFound(format!("办件的事项{}不在目录版本{}中", row.service_item_code, row.catalog_version))
        })?;
        let received = self.store.case_materials(number).await?;
        let hall = self.store.hall(&row.hall_code).await?;
        let events = self.store.case_events(number).await?;
        let added = crate::review::added_materials(&events);
        let materials = received
            .iter()
            .map(|r| MaterialLine {
                name: item
                    .materials
                    .iter()
                    .map(|m| (&m.code, &m.name))
                    .chain(added.iter().map(|(c, n)| (c, n)))
                    .find(|(code, _)| **code == r.material_code)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_else(|| r.material_code.clone()),
                form: form_text(r.form, lang).to_string(),
                copies: r.copies,
                pages: r.pages,
            })
            .collect();
        // The lists come from what the engine found at intake, stored with the case: a notice
        // never decides again.
        let findings = self.store.case_findings(number).await?;
        let shortfall_supplement_due = row.shortfall_supplement_due.map(|d| d.to_string());
        let tolerated = match &shortfall_supplement_due {
            Some(_) => findings
                .iter()
                .filter_map(|f| match f.finding {
                    FindingKind::MissingTolerated { until } => Some(tolerated_line(&f.material_name, until)),
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        };
        // What to bring, as the applicant needs it: the paper, its form, copies and pages, and
        // what to do; never the engine's rule text.
        let listed = |f: &CaseFindingRow| {
            let material = item.materials.iter().find(|m| m.code == f.material_code);
            let asked = material
                .map(|m| {
                    let note = if m.note.is_empty() { String::new() } else { format!("（{}）", m.note) };
                    format!("{}{}份，共{}页{note}", form_text(m.form, Lang::ZhCn), m.copies, m.pages)
                })
                .unwrap_or_default();
            let received = received.iter().find(|r| r.material_code == f.material_code).map(|r| r.form);
            ListedMaterial { name: f.material_name.clone(), note: what_to_bring(&f.rule, &asked, received, material) }
        };
        // Everything missing or wrong; on a case not accepted with shortfall that includes the
        // gaps that could have been tolerated.
        let missing = findings
            .iter()
            .filter(|f| match f.finding {
                FindingKind::MissingBlocking => true,
                FindingKind::MissingTolerated { .. } => shortfall_supplement_due.is_none(),
                _ => false,
            })
            .map(listed)
            .collect();
        let department = catalog.department(&item.department_code);
        let decided_at = row.accepted_at.unwrap_or(row.created_at);
        let refusal_reason =
            events.iter().rev().find(|e| e.action == Some(CaseAction::Refuse)).map(|e| e.reason.clone());
        let delivery = match row.delivery {
            DeliveryMethod::Window => {
                format!("窗口领取：{}", row.pickup_hall_name.clone().unwrap_or_else(|| row.hall_name.clone()))
            }
            DeliveryMethod::Post => format!("邮政寄递：{}", row.delivery_address.clone().unwrap_or_default()),
        };
        Ok(CaseInfo {
            number: row.number.clone(),
            verification_code: row.verification_code.clone(),
            hall: HallInfo {
                name: row.hall_name.clone(),
                address: hall.as_ref().map(|h| h.address.clone()).unwrap_or_default(),
                phone: hall.as_ref().map(|h| h.phone.clone()).unwrap_or_default(),
            },
            item_name: item.name.clone(),
            department: row.department.name.clone(),
            applicant_name: row.applicant_name.clone(),
            applicant_id_masked: mask_id(&row.applicant_id_number),
            applicant_phone_masked: row.applicant_phone.as_deref().map(mask_phone).unwrap_or_default(),
            agent_name: row.agent_name.clone(),
            accepted_at: local_minute(row.accepted_at.unwrap_or(row.created_at)),
            window: row.window.clone().map(|w| format!("{w}号窗口")).unwrap_or_default(),
            clerk: row.clerk_name.clone(),
            promised_date: row.due_date.map(|d| d.to_string()),
            delivery,
            materials,
            tolerated,
            shortfall_supplement_due,
            missing,
            refusal_reason,
            authority: row.hall_name.clone(),
            issued_on: onewindow_domain::time::local_day(decided_at).format("%Y年%-m月%-d日").to_string(),
            applicant_is_organisation: row.applicant_kind == ApplicantKind::Organisation,
            review_authority: department.map(|d| d.review_authority.clone()).unwrap_or_default(),
            court: department.map(|d| d.court.clone()).unwrap_or_default(),
            bundle: None,
            review: review_info(&events, item, department.map_or(&row.department.name, |d| &d.name), row.due_date),
            progress: Some(ProgressInfo {
                state: row.state.label_zh().to_string(),
                paused: row.state.pauses_time_limit(),
                steps: events
                    .iter()
                    .map(|e| {
                        let what = e.action.map_or("收件登记", |a| a.label_zh());
                        (local_minute(e.at), e.hall_name.clone(), what.to_string())
                    })
                    .collect(),
                outstanding: crate::progress::outstanding(&row, &events, &findings, &received)
                    .into_iter()
                    .map(|m| ListedMaterial {
                        name: m.name,
                        note: match m.until {
                            Some(until) => format!("{}，须于{until}前提交", m.why),
                            None => m.why,
                        },
                    })
                    .collect(),
                printed_at: onewindow_domain::time::local(self.now()).format("%Y年%-m月%-d日 %H:%M").to_string(),
            }),
            instant: events.iter().any(|e| e.action == Some(CaseAction::InstantApprove)),
            collection: collection_info(&events),
            seals: [
                (row.hall_code.as_str(), row.hall_name.as_str()),
                (item.department_code.as_str(), department.map_or(row.department.name.as_str(), |d| d.name.as_str())),
            ]
            .into_iter()
            .filter_map(|(code, name)| Some((name.to_string(), self.seal_picture(code)?)))
            .collect(),
            continues: events.iter().find_map(|e| match &e.detail {
                Some(EventDetail::ReturnVisit { notice }) => Some(notice.clone()),
                _ => None,
            }),
            reprint,
            lang,
        })
    }

    /// The combined receipt of a bundle intake: the case's own info, with every case of the
    /// intake listed and the materials and shortfalls of all of them (each material once).
    async fn bundle_case_info(&self, number: &str, lang: Lang, reprint: bool) -> Result<CaseInfo> {
        let members = self.store.bundle_cases(number).await?;
        let Some(first) = members.first() else {
            return Err(AppError::invalid("case_number", format!("办件{number}不是一件事受理的办件，请打印受理回执")));
        };
        let catalog = self.catalog_at(first.catalog_version).await?;
        let bundle_name = first
            .bundle_code
            .as_deref()
            .and_then(|c| catalog.bundle(c))
            .map(|b| b.name.clone())
            .unwrap_or_else(|| first.bundle_code.clone().unwrap_or_default());
        // Each case's own info once; the one asked for heads the receipt.
        let mut own_infos = Vec::with_capacity(members.len());
        for member in &members {
            own_infos.push(self.case_info(&member.number, lang, false).await?);
        }
        let mut info = own_infos
            .iter()
            .find(|i| i.number == number)
            .cloned()
            .ok_or_else(|| AppError::Conflict(format!("办件{number}不在它自己的一件事中")))?;
        info.reprint = reprint;
        info.materials.clear();
        info.tolerated.clear();
        let mut lines = Vec::with_capacity(members.len());
        for (member, own) in members.iter().zip(own_infos) {
            for m in own.materials {
                if !info.materials.iter().any(|x| x.name == m.name) {
                    info.materials.push(m);
                }
            }
            for t in own.tolerated {
                info.tolerated
                    .push(ListedMaterial { name: format!("{}（{}）", t.name, own.item_name), note: t.note });
            }
            lines.push(BundleMemberLine {
                number: member.number.clone(),
                item_name: own.item_name,
                department: own.department,
                outcome: outcome_text(member.state, member.shortfall_supplement_due.is_some(), lang).to_string(),
                promised_date: member.due_date.map(|d| d.to_string()),
            });
        }
        info.shortfall_supplement_due =
            members.iter().filter_map(|m| m.shortfall_supplement_due).min().map(|d| d.to_string());
        info.bundle = Some(BundleInfo { name: bundle_name, members: lines });
        Ok(info)
    }

    /// The envelope a case's label is for: its newest one not cancelled or returned.
    pub(crate) async fn label_shipment(&self, number: &str) -> Result<onewindow_store::ShipmentRow> {
        let row = self.store.case(number).await?.ok_or_else(|| AppError::NotFound(number.to_string()))?;
        let shipments = self.store.case_shipments(number).await?;
        let shipment = shipments
            .into_iter()
            .rev()
            .find(|s| !matches!(s.state, ShipmentState::Cancelled | ShipmentState::Returned))
            .ok_or_else(|| match row.delivery {
                DeliveryMethod::Window => {
                    AppError::invalid("case_number", format!("办件{number}为窗口领取，不需要寄递面单"))
                }
                DeliveryMethod::Post => {
                    AppError::Conflict(format!("办件{number}尚未封装邮件、没有运单号：请先在寄递台封装，再打印面单"))
                }
            })?;
        self.may_label(&shipment).await?;
        Ok(shipment)
    }

    /// A label is printed for a live envelope, and a result's not before the tolerated materials
    /// are in: it is not mailed before then.
    pub(crate) async fn may_label(&self, shipment: &onewindow_store::ShipmentRow) -> Result<()> {
        if matches!(shipment.state, ShipmentState::Cancelled | ShipmentState::Returned) {
            return Err(AppError::Conflict(format!(
                "邮件{}已{}，不能打印面单",
                shipment.waybill,
                shipment.state.label_zh().trim_start_matches('已')
            )));
        }
        for (number, _) in &shipment.cases {
            let row = self.store.case(number).await?.ok_or_else(|| AppError::NotFound(number.to_string()))?;
            if row.state == onewindow_domain::CaseState::AwaitingDispatch {
                if let Some(why) = self.release_blocker_of(&row).await? {
                    return Err(AppError::Conflict(why));
                }
            }
        }
        Ok(())
    }

    async fn label_info(&self, shipment: &onewindow_store::ShipmentRow, reprint: bool) -> Result<LabelInfo> {
        let sender = self.store.hall(&shipment.from_hall_code).await?;
        let (address, place) = match &shipment.to {
            onewindow_store::Destination::Address(a) => (a.clone(), a.clone()),
            onewindow_store::Destination::Department(code) => {
                let area = self.store.department(code).await?.map(|d| d.area).unwrap_or_default();
                (format!("{}（{area}政务服务中心 部门收件）", shipment.to_name), area)
            }
            onewindow_store::Destination::Hall(code) => {
                let hall = self.store.hall(code).await?;
                let address = hall.as_ref().map(|h| h.address.clone()).unwrap_or_default();
                (format!("{} {address}", shipment.to_name), address)
            }
        };
        let route = self.carrier(Some(&shipment.carrier))?.route(&place).clone();
        let cases: Vec<&str> = shipment.cases.iter().map(|(n, _)| n.as_str()).collect();
        let case_number = match cases.as_slice() {
            [one] => one.to_string(),
            [first, rest @ ..] => format!("{first} 等{}件", rest.len() + 1),
            [] => String::new(),
        };
        Ok(LabelInfo {
            carrier: shipment.carrier.clone(),
            product: shipment.product.clone(),
            sorting_code: route.sorting_code,
            package_centre: route.package_centre,
            waybill: shipment.waybill.clone(),
            receiver_name: shipment.receiver_name.clone(),
            receiver_phone_masked: shipment.receiver_phone.as_deref().map(mask_phone).unwrap_or_default(),
            receiver_address: address,
            sender: HallInfo {
                name: shipment.from_hall_name.clone(),
                address: sender.as_ref().map(|h| h.address.clone()).unwrap_or_default(),
                phone: sender.as_ref().map(|h| h.phone.clone()).unwrap_or_default(),
            },
            case_number,
            date: self.today().to_string(),
            reprint,
        })
    }

    /// One cover sheet per material of the case's item.
    async fn cover_sheet_info(&self, number: &str) -> Result<CoverSheetInfo> {
        let row = self
            .store
            .case(number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        let catalog = self.catalog_at(row.catalog_version).await?;
        let item =
            catalog.item(&row.service_item_code).ok_or_else(|| AppError::NotFound(row.service_item_code.clone()))?;
        Ok(CoverSheetInfo {
            case_number: row.number.clone(),
            item_name: item.name.clone(),
            applicant_name: row.applicant_name.clone(),
            materials: item.materials.iter().map(|m| (m.code.clone(), m.name.clone())).collect(),
        })
    }

    /// The handover manifest of the cases waiting for the courier.
    /// The 交接清单 of the envelopes labelled and not yet handed over, grouped by destination.
    async fn manifest_info(&self, handover: Option<i64>) -> Result<ManifestInfo> {
        let all = self.store.shipments(None, 5000).await?;
        let (mut waiting, courier): (Vec<onewindow_store::ShipmentRow>, Option<String>) = match handover {
            None => (all.into_iter().filter(|s| s.state == ShipmentState::Labelled).collect(), None),
            Some(id) => {
                let h = self
                    .store
                    .handover(id)
                    .await?
                    .ok_or_else(|| AppError::invalid("handover", format!("未找到交接单{id}")))?;
                let courier = format!("{}（揽收员{} {}）", h.courier_company, h.courier_name, h.courier_contact);
                (all.into_iter().filter(|s| h.waybills.contains(&s.waybill)).collect(), Some(courier))
            }
        };
        waiting.sort_by(|a, b| (&a.to_name, &a.waybill).cmp(&(&b.to_name, &b.waybill)));
        let mut rows: Vec<ManifestRow> = Vec::with_capacity(waiting.len());
        for s in &waiting {
            rows.push(ManifestRow {
                waybill: s.waybill.clone(),
                case_number: s.cases.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join("、"),
                receiver: s.receiver_name.clone(),
                destination: match &s.to {
                    onewindow_store::Destination::Address(a) => {
                        self.carrier(Some(&s.carrier))?.route(a).sorting_code.clone()
                    }
                    _ => s.to_name.clone(),
                },
            });
        }
        let hall = match waiting.first() {
            Some(s) => self.store.hall(&s.from_hall_code).await?,
            None => None,
        };
        Ok(ManifestInfo {
            hall: HallInfo {
                name: hall.as_ref().map_or_else(|| "江门市政务服务中心".into(), |h| h.name.clone()),
                address: hall.as_ref().map(|h| h.address.clone()).unwrap_or_default(),
                phone: hall.as_ref().map(|h| h.phone.clone()).unwrap_or_default(),
            },
            batch: match handover {
                Some(id) => format!("JJ-{}-{id:04}", self.today().format("%Y%m%d")),
                None => format!("JJ-{}", self.today().format("%Y%m%d")),
            },
            carrier: courier.unwrap_or_else(|| {
                waiting.first().map_or_else(|| crate::courier::DEFAULT_CARRIER.to_string(), |s| s.carrier.clone())
            }),
            date: self.today().to_string(),
            rows,
        })
    }

    /// The PDF of a document for a profile. `case_number` none means the demo sample (or, for a
    /// manifest, the current dispatch queue).
    pub async fn render_document(
        &self,
        kind: DocumentKind,
        case_number: Option<&str>,
        demo: bool,
        profile: Option<&str>,
        lang: Option<&str>,
        reprint: bool,
    ) -> Result<(Vec<u8>, PrinterProfile)> {
        let profile = self.profile_for(kind, profile)?;
        let area = print_area(&profile);
        let lang = lang_of(lang)?;
        let fonts = self.printing.fonts()?;
        let rendered = match kind {
            DocumentKind::TestPage => {
                render_test_page(&samples::test_page_info(&profile.name, &profile.queue), area, fonts)
            }
            DocumentKind::Manifest if demo => render_manifest(&samples::manifest_info(24), area, fonts),
            DocumentKind::Manifest => render_manifest(&self.manifest_info(None).await?, area, fonts),
            DocumentKind::CoverSheet => {
                let info = match (demo, case_number) {
                    (true, _) => samples::cover_sheet_info(),
                    (false, Some(n)) => self.cover_sheet_info(n).await?,
                    (false, None) => return Err(AppError::invalid("case_number", "请指定办件编号")),
                };
                render_cover_sheets(&info, area, fonts)
            }
            DocumentKind::Label => {
                let info = match (demo, case_number) {
                    (true, _) => samples::label_info(),
                    (false, Some(n)) => self.label_info(&self.label_shipment(n).await?, reprint).await?,
                    (false, None) => return Err(AppError::invalid("case_number", "请指定办件编号")),
                };
                render_label(&LabelInfo { reprint, ..info }, area, fonts)
            }
            _ => {
                let info = match (demo, case_number) {
                    (true, _) if kind == DocumentKind::RefusalNotice => {
                        CaseInfo { lang, reprint, ..samples::refusal_info() }
                    }
                    (true, _) => CaseInfo { lang, reprint, ..samples::case_info() },
                    (false, Some(n)) if kind == DocumentKind::BundleReceipt => {
                        self.bundle_case_info(n, lang, reprint).await?
                    }
                    (false, Some(n)) => self.case_info(n, lang, reprint).await?,
                    (false, None) => return Err(AppError::invalid("case_number", "请指定办件编号")),
                };
                render_case_document(kind, &info, area, fonts)
            }
        }
        .map_err(|e| AppError::Printing(e.to_string()))?;
        Ok((rendered.pdf, profile))
    }

    /// Sends a document to its printer and logs the job. A job CUPS refuses is logged as failed
    /// with the reason, for the clerk to retry or redirect.
    pub async fn print(&self, user: &User, request: &PrintRequest) -> Result<PrintJobView> {
        let number = request.case_number.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let by_waybill = request.document == DocumentKind::Label && request.waybill.is_some();
        if request.document.needs_case() && number.is_none() && !request.demo && !by_waybill {
            return Err(AppError::invalid("case_number", "请指定办件编号"));
        }
        if let (DocumentKind::Label, false) = (request.document, request.demo) {
            let shipment = match request.waybill.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
                Some(w) => {
                    let shipment = self.shipment_row(w).await?;
                    self.may_label(&shipment).await?;
                    shipment
                }
                None => self.label_shipment(number.unwrap_or_default()).await?,
            };
            return self
                .print_label(user, &shipment, request.profile.as_deref(), request.queue.as_deref(), false)
                .await;
        }
        let reprint = match number {
            Some(n) => self.store.print_count(n, request.document.as_str()).await? > 0,
            None => false,
        };
        let (pdf, profile) = match (request.document, request.handover, request.demo) {
            // The 交接清单 of one handover: its envelopes, its courier.
            (DocumentKind::Manifest, Some(id), false) => {
                let profile = self.profile_for(DocumentKind::Manifest, request.profile.as_deref())?;
                let info = self.manifest_info(Some(id)).await?;
                let rendered = render_manifest(&info, print_area(&profile), self.printing.fonts()?)
                    .map_err(|e| AppError::Printing(e.to_string()))?;
                (rendered.pdf, profile)
            }
            _ => {
                self.render_document(
                    request.document,
                    number,
                    request.demo,
                    request.profile.as_deref(),
                    request.lang.as_deref(),
                    reprint,
                )
                .await?
            }
        };
        let title = format!("{}-{}", request.document.as_str(), number.unwrap_or(&profile.name));
        let job = Job { document: request.document, case_number: number, waybill: None, reprint };
        self.send(user, &job, &profile, request.queue.as_deref(), &title, &pdf).await
    }

    /// The electronic seal an authority configured: `seals/<hall or department code>.png` in the
    /// data directory. An unreadable file is logged and the document keeps its box for a stamp.
    fn seal_picture(&self, code: &str) -> Option<std::sync::Arc<onewindow_documents::Picture>> {
        let path = self.data_dir.as_deref()?.join("seals").join(format!("{code}.png"));
        let bytes = std::fs::read(&path).ok()?;
        match onewindow_scans::rgb_and_alpha(&bytes) {
            Ok((width, height, rgb, alpha)) => {
                Some(std::sync::Arc::new(onewindow_documents::Picture { width, height, rgb, alpha }))
            }
            Err(problem) => {
                tracing::warn!(path = %path.display(), %problem, "seal image skipped");
                None
            }
        }
    }

    /// The PDF of the 承诺书 of an intake not submitted yet.
    pub async fn render_commitment_draft(
        &self,
        user: &User,
        request: &crate::views::IntakeRequest,
        profile: Option<&str>,
    ) -> Result<(Vec<u8>, PrinterProfile)> {
        let info = self.commitment_draft(user, request).await?;
        let profile = self.profile_for(DocumentKind::Commitment, profile)?;
        let pdf = render_case_document(DocumentKind::Commitment, &info, print_area(&profile), self.printing.fonts()?)
            .map_err(|e| AppError::Printing(e.to_string()))?
            .pdf;
        Ok((pdf, profile))
    }

    /// Prints the 承诺书 of an intake not submitted yet, for the applicant to sign before the clerk
    /// ticks 已签署 (logged with no case: it has none yet).
    pub async fn print_commitment_draft(
        &self,
        user: &User,
        request: &crate::views::IntakeRequest,
        profile: Option<&str>,
    ) -> Result<PrintJobView> {
        let (pdf, profile) = self.render_commitment_draft(user, request, profile).await?;
        let job = Job { document: DocumentKind::Commitment, case_number: None, waybill: None, reprint: false };
        self.send(user, &job, &profile, None, &format!("commitment-draft-{}", user.username), &pdf).await
    }

    /// Prints the label of an envelope: a second one for the same envelope is a 补打 (also when
    /// `uncertain` says the first may have reached the printer unlogged), and the first labels it.
    pub(crate) async fn print_label(
        &self,
        user: &User,
        shipment: &onewindow_store::ShipmentRow,
        profile: Option<&str>,
        queue: Option<&str>,
        uncertain: bool,
    ) -> Result<PrintJobView> {
        let profile = self.profile_for(DocumentKind::Label, profile)?;
        let reprint = uncertain || self.store.label_count(&shipment.waybill).await? > 0;
        let info = self.label_info(shipment, reprint).await?;
        let pdf = render_label(&info, print_area(&profile), self.printing.fonts()?)
            .map_err(|e| AppError::Printing(e.to_string()))?
            .pdf;
        let first_case = shipment.cases.first().map(|(n, _)| n.as_str());
        let job = Job { document: DocumentKind::Label, case_number: first_case, waybill: Some(shipment), reprint };
        // Named by case and waybill: the case's label is found by its number, a run's by its waybill.
        let title = format!("label-{}-{}", first_case.unwrap_or("batch"), shipment.waybill);
        self.send(user, &job, &profile, queue, &title, &pdf).await
    }

    /// Hands a rendered document to CUPS and logs the job, sent or not.
    async fn send(
        &self,
        user: &User,
        job: &Job<'_>,
        profile: &PrinterProfile,
        queue: Option<&str>,
        title: &str,
        pdf: &[u8],
    ) -> Result<PrintJobView> {
        if let Some(queue) = queue {
            if queue.is_empty() || !queue.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return Err(AppError::invalid("queue", format!("打印队列名“{queue}”无效")));
            }
        }
        let named = queue.map(str::to_string);
        let queue = named.clone().unwrap_or_else(|| profile.queue.clone());
        let sent = self.printing.cups.submit(&queue, &profile.media, profile.copies, title, pdf);
        let now = self.now();
        let (state, cups_job, error) = match sent {
            Ok(job) => ("queued", Some(job), None),
            Err(e) => {
                tracing::warn!(error = %e, %queue, "print job not sent");
                // A queue the operator named is named back; the profile's printer by its name.
                let text = if named.is_some() { e.to_string() } else { print_error_text(&e, profile) };
                ("failed", None, Some(text))
            }
        };
        // A label sent to its printer labels its envelope (a reprint keeps it labelled).
        if let (Some(shipment), "queued") = (job.waybill, state) {
            if matches!(shipment.state, ShipmentState::Packed | ShipmentState::Labelled) {
                self.move_shipment(user, shipment, onewindow_domain::courier::ShipmentAction::PrintLabel, "打印面单")
                    .await?;
            }
        }
        let id = self
            .store
            .record_print_job(&NewPrintJob {
                case_number: job.case_number.map(str::to_string),
                document_kind: job.document.as_str().to_string(),
                profile: profile.name.clone(),
                queue,
                cups_job,
                state: state.to_string(),
                error,
                reprint: job.reprint,
                username: user.username.clone(),
                at: now,
                waybill: job.waybill.map(|s| s.waybill.clone()),
            })
            .await?;
        self.print_job(id).await
    }

    async fn print_job(&self, id: i64) -> Result<PrintJobView> {
        let row = self.store.print_job(id).await?.ok_or_else(|| AppError::NotFound(format!("未找到打印任务{id}")))?;
        Ok(job_view(row))
    }

    /// The job as CUPS sees it now.
    pub async fn refresh_print_job(&self, id: u32) -> Result<PrintJobView> {
        let row = self
            .store
            .print_job(i64::from(id))
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到打印任务{id}")))?;
        if let (Some(job), "queued" | "printing" | "held") = (&row.cups_job, row.state.as_str()) {
            let (state, error) = match self.printing.cups.state(&row.queue, job) {
                Ok(s) => (s.as_str(), (s == JobState::Failed).then(|| "打印机取消或中止了该任务".to_string())),
                Err(e) => {
                    let profile = DocumentKind::parse(&row.document_kind)
                        .and_then(|k| self.profile_for(k, Some(&row.profile)).ok());
                    (row.state.as_str(), Some(profile.map_or_else(|| e.to_string(), |p| print_error_text(&e, &p))))
                }
            };
            self.store.update_print_job(row.id, state, None, error.as_deref(), self.now()).await?;
        }
        self.print_job(i64::from(id)).await
    }

    /// The newest jobs, of one case or of all; each brought up to date with CUPS.
    pub async fn print_jobs(&self, case_number: Option<&str>) -> Result<Vec<PrintJobView>> {
        let rows = self.store.print_jobs(case_number, 50).await?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            let id = u32::try_from(row.id).unwrap_or(u32::MAX);
            views.push(if matches!(row.state.as_str(), "queued" | "printing" | "held") {
                self.refresh_print_job(id).await?
            } else {
                job_view(row)
            });
        }
        Ok(views)
    }

    /// Sends a failed or held job again, to the same printer or to another profile's.
    pub async fn resend_print_job(&self, user: &User, id: u32, profile: Option<&str>) -> Result<PrintJobView> {
        let row = self
            .store
            .print_job(i64::from(id))
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到打印任务{id}")))?;
        if row.state == "done" {
            return Err(AppError::Conflict("该任务已打印完成；如需再打，请使用补打".into()));
        }
        let kind =
            DocumentKind::parse(&row.document_kind).ok_or_else(|| AppError::Conflict("未知的文书类型".into()))?;
        if let (Some(job), "queued" | "printing" | "held") = (&row.cups_job, row.state.as_str()) {
            // Out of the stopped queue first, so it cannot print twice.
            if let Err(e) = self.printing.cups.cancel(job) {
                tracing::warn!(error = %e, job, "could not cancel before resending");
            }
        }
        let target = profile.unwrap_or(&row.profile);
        let note = if target == row.profile {
            "已重新发送".to_string()
        } else {
            format!("已改送打印方案{target}")
        };
        self.store.update_print_job(row.id, "failed", None, Some(&note), self.now()).await?;
        let request = PrintRequest {
            document: kind,
            case_number: row.case_number.clone(),
            profile: Some(target.to_string()),
            lang: None,
            // Retried where it was sent; redirected to the other profile's queue.
            queue: profile.is_none().then(|| row.queue.clone()),
            demo: row.case_number.is_none() && kind != DocumentKind::TestPage,
            handover: None,
            waybill: row.waybill.clone(),
        };
        self.print(user, &request).await
    }

    /// Saves a new calibration offset for a profile on this workstation.
    pub fn calibrate(&self, profile: &str, x_mm: f32, y_mm: f32) -> Result<PrinterProfileView> {
        if !(-20.0..=20.0).contains(&x_mm) || !(-20.0..=20.0).contains(&y_mm) {
            return Err(AppError::invalid("offset", "校准偏移应在±20毫米之内"));
        }
        let data_dir =
            self.printing.data_dir.clone().ok_or_else(|| AppError::DataDir("没有数据目录，无法保存校准".into()))?;
        let mut updated = self.profile_for(DocumentKind::TestPage, Some(profile))?;
        updated.offset_mm.x = x_mm;
        updated.offset_mm.y = y_mm;
        Profiles::save(&data_dir, &updated).map_err(|e| AppError::DataDir(format!("无法保存打印方案：{e}")))?;
        let (profiles, problems) = load_profiles(Some(&data_dir));
        if let Some(problem) = problems.first() {
            return Err(AppError::Printing(problem.to_string()));
        }
        *self.printing.profiles.write().expect("profiles lock") = profiles;
        self.printer_profiles()
            .into_iter()
            .find(|p| p.name == profile)
            .ok_or_else(|| AppError::NotFound(profile.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_printer_is_named_as_the_hall_knows_it_not_by_its_queue() {
        let text = include_str!("../../../printer-profiles/a4-laser.toml");
        let profile = onewindow_formats::printer::parse_profile("a4-laser.toml", text).unwrap();
        let shown = print_error_text(&PrintError::NoSuchQueue(profile.queue.clone()), &profile);
        assert!(shown.contains("A4 激光打印机（综合窗口）"), "{shown}");
        assert!(!shown.contains(&profile.queue), "{shown}");
        assert_eq!(print_error_text(&PrintError::CupsUnavailable, &profile), PrintError::CupsUnavailable.to_string());
    }
}
