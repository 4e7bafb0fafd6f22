//! Seeding the demo: the Jiangmen halls, catalog and staff, then cases walked through the real
//! store operations (create, then one action at a time), so the demo history is what the product
//! itself would have written.

use onewindow_demo::{demo, plan_cases, DemoCase};
use onewindow_domain::shortfall::{decide_received, ApplicantFacts, Finding, Window};
use onewindow_domain::time::local_day;
use onewindow_domain::{advance, CaseAction, CaseProgress, CaseState, CaseStep, Catalog, EventDetail, Hall, TimeLimit};
use onewindow_store::{CaseTransition, NewCase};
use serde::Serialize;

use onewindow_domain::{AppliesTo, IdKind};

use crate::views::{BundleIntakeRequest, BundleReceivedInput, IntakeCommon, PartyInput};
use crate::{hash_password, App, AppError, Result};

/// How many cases the demo holds: every state, a dozen or more of each.
const DEMO_CASES: usize = 255;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeedReport {
    /// False when the database already held data and was left alone.
    pub seeded: bool,
    pub halls: usize,
    pub departments: usize,
    pub service_items: usize,
    pub bundles: usize,
    pub users: usize,
    pub cases: usize,
    /// Page images seeded for the materials of cases in the back office (none without a data directory).
    pub scans: usize,
    pub catalog_version: Option<i64>,
}

/// 一件事 intakes taken this morning at the city hall: `(bundle, applicant name, resident ID)`.
const DEMO_BUNDLE_INTAKES: [(&str, &str, &str); 2] =
    [("YJS-005", "司徒嘉欣", "440703198506122319"), ("YJS-002", "欧阳·𠮷娜", "440781199203045620")];

impl App {
    /// A few bundle intakes through the real use case, so the demo shows cases taken together and
    /// their combined receipt. Returns how many cases they opened.
    async fn seed_bundle_intakes(&self) -> Result<usize> {
        let clerk = self.user("clerk").await?;
        let mut cases = 0;
        for (code, name, id) in DEMO_BUNDLE_INTAKES {
            let bundle = self.bundle(code).await?;
            let received = bundle
                .materials
                .iter()
                .filter(|m| matches!(m.applies_to, AppliesTo::All | AppliesTo::Person))
                .map(|m| BundleReceivedInput {
                    name: m.name.clone(),
                    form: m.form,
                    copies: m.copies.max(1),
                    pages: m.pages.max(1),
                    scans: Vec::new(),
                })
                .collect();
            let request = BundleIntakeRequest {
                bundle_code: code.into(),
                received,
                common: IntakeCommon::person(
                    PartyInput { name: name.into(), id_kind: IdKind::ResidentId, id_number: id.into() },
                    "13702851234",
                ),
            };
            cases += self.intake_bundle(&clerk, &request).await?.cases.len();
        }
        Ok(cases)
    }

    /// Seeds the demo into an empty database; a database that already holds a catalog is left
    /// as it is.
    pub async fn seed_demo(&self) -> Result<SeedReport> {
        self.seed_demo_with(true).await
    }

    /// The demo, with its page images or (for scripts that need only the data) without.
    pub async fn seed_demo_with(&self, scans: bool) -> Result<SeedReport> {
        let demo = demo();
        let mut report = SeedReport {
            seeded: false,
            halls: demo.halls.len(),
            departments: demo.catalog.departments.len(),
            service_items: demo.catalog.items.len(),
            bundles: demo.catalog.bundles.len(),
            users: demo.users.len(),
            cases: 0,
            scans: 0,
            catalog_version: self.store.current_catalog_version().await?,
        };
        if report.catalog_version.is_some() {
            report.cases = self.store.case_count().await? as usize;
            return Ok(report);
        }
        let now = self.now();
        self.store.save_halls(&demo.halls).await?;
        let version = self.store.import_catalog(&demo.catalog, "demo", now).await?;
        for u in &demo.users {
            self.store.save_user(&u.user, &hash_password(&u.password)).await?;
        }
        for plan in plan_cases(&demo, &self.calendar, now, DEMO_CASES) {
            let findings = self.demo_findings(&demo.catalog, &demo.halls, &plan);
            let item = demo.catalog.items.iter().find(|i| i.code == plan.service_item_code).expect("demo items exist");
            let number = self
                .store
                .create_case(&NewCase {
                    catalog_version: version,
                    service_item_code: plan.service_item_code,
                    applicant: plan.applicant,
                    agent: plan.agent,
                    hall_code: plan.hall_code,
                    window: plan.window,
                    clerk_username: plan.clerk_username,
                    delivery: plan.delivery,
                    pickup_hall_code: plan.pickup_hall_code,
                    delivery_address: plan.delivery_address,
                    materials: plan.materials,
                    findings,
                    scans: Vec::new(),
                    verification_code: plan.verification_code,
                    material_transfer: false,
                    at: plan.created_at,
                    local_day: plan.local_day,
                })
                .await?;
            let (mut state, mut progress) = (CaseState::Draft, CaseProgress::default());
            let mut limit: Option<TimeLimit> = None;
            for step in plan.steps {
                let day = local_day(step.at);
                let days = match &step.detail {
                    Some(EventDetail::Extension { days }) => *days,
                    _ => 0,
                };
                if let Some(l) = limit.as_mut() {
                    l.apply(step.action, day, days);
                }
                let accepting = matches!(step.action, CaseAction::Accept | CaseAction::AcceptWithShortfall);
                if accepting {
                    limit = Some(TimeLimit::new(day, item.promised_days, item.statutory_days));
                }
                let dates = limit.as_ref().map(|l| (l.due_date(&self.calendar), l.statutory_due(&self.calendar)));
                let correction_due = match &step.detail {
                    Some(EventDetail::CorrectionRequest { deadline, .. }) => Some(*deadline),
                    _ => None,
                };
                let taken = CaseStep {
                    due_date: dates.map(|d| d.0),
                    statutory_due: dates.map(|d| d.1),
                    shortfall_supplement_due: step.shortfall_supplement_due,
                    correction_due,
                    extension_days: days,
                    ..CaseStep::new(step.action, &step.actor_username, step.at)
                };
                let held_by = progress.claimed_by.clone();
                let change = advance(state, &progress, &taken).map_err(|e| AppError::Conflict(e.to_string()))?;
                (state, progress) = (change.to, change.progress.clone());
                let transition = CaseTransition {
                    held_by,
                    window: step.window,
                    detail: step.detail,
                    ..CaseTransition::new(change, &step.actor_username, &step.hall_code, step.at, &step.reason)
                };
                self.store.apply_action(&number, &transition).await?;
            }
            report.cases += 1;
        }
        self.seed_demo_shipments().await?;
        report.seeded = true;
        report.catalog_version = Some(version);
        self.reload_catalog().await?;
        report.cases += self.seed_bundle_intakes().await?;
        if scans && self.data_dir.is_some() {
            report.scans = self.seed_demo_scans().await?;
        }
        Ok(report)
    }

    /// The courier desk of the demo: an EMS range of domestic numbers, and the envelopes of the
    /// results mailed so far — labelled and waiting for the courier, handed over, delivered —
    /// each with its real waybill and its events. Results whose tolerated materials are still
    /// missing are not packed: they cannot be sent.
    async fn seed_demo_shipments(&self) -> Result<()> {
        use onewindow_domain::courier::{
            expand_range, shipment_transition, ShipmentAction, ShipmentKind, WaybillFormat,
        };
        use onewindow_store::{Destination, NewShipment, NewWaybillRange, ShipmentMove};
        let now = self.now();
        let numbers = expand_range(WaybillFormat::Digits, "1189202600001", "1189202600500")
            .map_err(|e| AppError::Conflict(e.to_string()))?;
        self.store
            .import_waybill_range(&NewWaybillRange {
                carrier: crate::courier::DEFAULT_CARRIER.into(),
                product: "标准快递".into(),
                format: WaybillFormat::Digits,
                numbers,
                username: "admin".into(),
                at: now - chrono::Duration::days(60),
            })
            .await?;
        // The demo's dispatchers by hall (the city hall's where a hall has none).
        let dispatchers: std::collections::HashMap<String, String> = demo()
            .users
            .iter()
            .map(|u| &u.user)
            .filter(|u| u.role == onewindow_domain::Role::Dispatcher)
            .filter_map(|u| Some((u.hall_code.clone()?, u.username.clone())))
            .collect();
        let mut posted = Vec::new();
        for state in [CaseState::AwaitingDispatch, CaseState::Dispatched, CaseState::Delivered, CaseState::Closed] {
            posted.extend(self.store.cases_in_state(state).await?);
        }
        for row in posted.into_iter().filter(|r| r.delivery == onewindow_domain::DeliveryMethod::Post) {
            if self.release_blocker_of(&row).await?.is_some() {
                continue;
            }
            let events = self.store.case_events(&row.number).await?;
            let decided =
                events.iter().find(|e| e.action == Some(CaseAction::PrepareDispatch)).map_or(row.created_at, |e| e.at);
            let dispatcher = dispatchers.get(&row.hall_code).cloned().unwrap_or_else(|| "dispatcher".into());
            let (address, receiver_name, receiver_phone) = crate::courier::result_receiver(&row);
            let shipment = self
                .store
                .create_shipment(&NewShipment {
                    kind: ShipmentKind::ResultToApplicant,
                    from_hall_code: row.hall_code.clone(),
                    to: Destination::Address(address),
                    receiver_name,
                    receiver_phone,
                    carrier: crate::courier::DEFAULT_CARRIER.into(),
                    product: "标准快递".into(),
                    cases: vec![(row.number.clone(), Vec::new())],
                    split_reason: None,
                    username: dispatcher.clone(),
                    at: decided + chrono::Duration::minutes(20),
                })
                .await?;
            let mut moves = vec![(ShipmentAction::PrintLabel, "打印面单", 25)];
            if row.state != CaseState::AwaitingDispatch {
                moves.push((ShipmentAction::HandOver, "交邮政揽收", 90));
            }
            if matches!(row.state, CaseState::Delivered | CaseState::Closed) {
                moves.push((ShipmentAction::Deliver, "收件人本人签收", 60 * 24));
            }
            let mut state = shipment.state;
            for (action, reason, minutes) in moves {
                let to = shipment_transition(state, action).map_err(|e| AppError::Conflict(e.to_string()))?;
                let at = (decided + chrono::Duration::minutes(minutes)).min(now);
                let movement = ShipmentMove {
                    action,
                    from: state,
                    to,
                    username: dispatcher.clone(),
                    hall_code: (action != ShipmentAction::Deliver).then(|| row.hall_code.clone()),
                    at,
                    reason: reason.into(),
                };
                state = self.store.apply_shipment_move(&shipment.waybill, &movement).await?;
            }
        }
        Ok(())
    }

    /// A page image per received material of every case in a department queue, drawn with the paper's title and the applicant's name and taken in
    /// through the scan store like any scan, so the demo's review screen has pages to look at.
    async fn seed_demo_scans(&self) -> Result<usize> {
        let Ok(fonts) = self.printing_fonts() else {
            tracing::warn!("no fonts: the demo has no page images");
            return Ok(0);
        };
        let Some(face) = fonts.faces().iter().find(|f| f.has('申') && f.has('请')) else {
            tracing::warn!("no CJK font: the demo has no page images");
            return Ok(0);
        };
        let (font, index) = face.data();
        let dir = self.data_dir.as_deref().expect("checked by the caller").join("tmp");
        std::fs::create_dir_all(&dir).map_err(|e| AppError::DataDir(format!("无法创建 {}：{e}", dir.display())))?;
        let mut seeded = 0;
        for state in CaseState::ALL.into_iter().filter(|s| s.is_in_department_queue()) {
            for row in self.store.cases_in_state(state).await? {
                let catalog = self.catalog_at(row.catalog_version).await?;
                let Some(item) = catalog.item(&row.service_item_code) else { continue };
                for received in self.store.case_materials(&row.number).await? {
                    let Some(material) = item.materials.iter().find(|m| m.code == received.material_code) else {
                        continue;
                    };
                    let lines = [
                        format!("申请人：{}", row.applicant_name),
                        format!("证件号码：{}", onewindow_domain::mask_id(&row.applicant_id_number)),
                        format!("申请事项：{}", item.name),
                        format!("材料：{}（{}份，共{}页）", material.name, received.copies, received.pages),
                    ];
                    let png = onewindow_scans::paper_page(&material.name, &lines, font, index)
                        .map_err(|e| AppError::Printing(format!("演示扫描件生成失败：{e}")))?;
                    let file = dir.join(format!("demo-{}-{}.png", row.number, material.code));
                    std::fs::write(&file, png).map_err(|e| AppError::DataDir(e.to_string()))?;
                    let outcome = self.ingest_scan(&file).await?;
                    if let Some(sha) = outcome.sha256 {
                        self.store.assign_scan(&row.number, &material.code, &sha, 0).await?;
                        seeded += 1;
                    }
                }
            }
        }
        Ok(seeded)
    }

    /// What the engine finds in a demo case's materials on its day, as an intake would have stored.
    fn demo_findings(&self, catalog: &Catalog, halls: &[Hall], plan: &DemoCase) -> Vec<Finding> {
        let Some(item) = catalog.items.iter().find(|i| i.code == plan.service_item_code) else { return Vec::new() };
        let department_area =
            catalog.departments.iter().find(|d| d.code == item.department_code).map(|d| d.area.as_str()).unwrap_or("");
        let hall_area = halls.iter().find(|h| h.code == plan.hall_code).map(|h| h.area.as_str()).unwrap_or("");
        let facts = ApplicantFacts {
            kind: plan.applicant.kind,
            has_agent: plan.agent.is_some(),
            commitment_signed: true,
            ..ApplicantFacts::person()
        };
        let handed_in: Vec<(&str, _)> = plan.materials.iter().map(|m| (m.material_code.as_str(), m.form)).collect();
        let window = Window { today: local_day(plan.created_at), hall_area, department_area, calendar: &self.calendar };
        decide_received(item, &facts, &handed_in, &window).findings
    }
}
