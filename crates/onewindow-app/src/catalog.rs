//! The catalog as the application serves it: the current version held in memory with its search
//! index, imported and exported through the catalog files, and the shortfall check over it.

use std::sync::Arc;

use onewindow_domain::shortfall::{
    decide_received, merge_materials, within_remit, ApplicantFacts, Decision, FindingKind, Window,
};
use onewindow_domain::{Catalog, Department, EntryKind, MaterialForm, SearchIndex, ServiceItem, User};
use onewindow_formats::catalog::{export_catalog, parse_catalog};
use onewindow_formats::FileError;

use crate::calendar::missing_year_warning;
use crate::views::*;
use crate::{App, AppError, Result};

/// One catalog version, ready to search.
pub(crate) struct Snapshot {
    pub version: i64,
    pub catalog: Arc<Catalog>,
    pub index: SearchIndex,
}

impl Snapshot {
    fn new(version: i64, catalog: Catalog) -> Self {
        Self { version, index: SearchIndex::from_catalog(&catalog), catalog: Arc::new(catalog) }
    }

    fn department(&self, item: &ServiceItem) -> Department {
        self.catalog.department(&item.department_code).cloned().unwrap_or_else(|| Department {
            code: item.department_code.clone(),
            name: item.department_code.clone(),
            ..Department::default()
        })
    }

    fn item(&self, code: &str) -> Result<&ServiceItem> {
        self.catalog
            .item(code.trim())
            .ok_or_else(|| AppError::NotFound(format!("未找到事项编码为“{}”的事项", code.trim())))
    }
}

/// What a catalog import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub catalog_version: i64,
    pub departments: usize,
    pub service_items: usize,
    pub bundles: usize,
}

pub(crate) fn department_ref(d: &Department) -> DepartmentRef {
    DepartmentRef { code: d.code.clone(), name: d.name.clone() }
}

pub(crate) fn item_summary(item: &ServiceItem, department: &Department) -> ServiceItemSummary {
    ServiceItemSummary {
        code: item.code.clone(),
        name: item.name.clone(),
        department: department_ref(department),
        kind: item.kind.clone(),
        promised_days: item.promised_days,
        on_the_spot: item.on_the_spot,
        citywide: item.citywide,
    }
}

fn item_detail(item: &ServiceItem, department: &Department) -> ServiceItemDetail {
    ServiceItemDetail {
        code: item.code.clone(),
        name: item.name.clone(),
        department: department_ref(department),
        level: item.level.as_str().to_string(),
        kind: item.kind.clone(),
        statutory_days: item.statutory_days,
        promised_days: item.promised_days,
        on_the_spot: item.on_the_spot,
        fee: item.fee.clone(),
        delivery: item.delivery.clone(),
        citywide: item.citywide,
        commitment_approval: item.commitment_approval,
        guide: item.guide.clone(),
        materials: item.materials.clone(),
    }
}

fn finding_kind_view(kind: FindingKind) -> (FindingKindView, Option<String>, Option<String>) {
    match kind {
        FindingKind::Present => (FindingKindView::Present, None, None),
        FindingKind::SatisfiedByReuse { case_number, .. } => {
            (FindingKindView::SatisfiedByReuse, None, Some(case_number))
        }
        FindingKind::SatisfiedByECertificate { certificate } => {
            (FindingKindView::SatisfiedByECertificate, None, Some(certificate))
        }
        FindingKind::MissingTolerated { until } => (FindingKindView::MissingTolerated, Some(until.to_string()), None),
        FindingKind::MissingBlocking => (FindingKindView::MissingBlocking, None, None),
        FindingKind::OptionalMissing => (FindingKindView::OptionalMissing, None, None),
        FindingKind::NotApplicable => (FindingKindView::NotApplicable, None, None),
    }
}

fn finding_view(f: onewindow_domain::shortfall::Finding) -> FindingView {
    let (finding, until, source) = finding_kind_view(f.finding);
    FindingView {
        material_code: f.material_code,
        material_name: f.material_name,
        finding,
        rule: f.rule.to_string(),
        message: f.message,
        until,
        source,
    }
}

/// A finding as stored with its case, for the review screen.
pub(crate) fn stored_finding_view(f: onewindow_store::CaseFindingRow) -> FindingView {
    let (finding, until, source) = finding_kind_view(f.finding);
    FindingView {
        material_code: f.material_code,
        material_name: f.material_name,
        finding,
        rule: f.rule,
        message: f.message,
        until,
        source,
    }
}

pub(crate) fn decision_view(
    decision: Decision,
    catalog_version: i64,
    calendar_warning: Option<String>,
) -> ShortfallDecisionView {
    ShortfallDecisionView {
        decision: decision.outcome,
        findings: decision.findings.into_iter().map(finding_view).collect(),
        refusal: decision.refusal.map(|r| r.message),
        due: decision.due.to_string(),
        shortfall_supplement_due: decision.shortfall_supplement_due.map(|d| d.to_string()),
        catalog_version: u32::try_from(catalog_version).unwrap_or(u32::MAX),
        calendar_warning,
    }
}

impl App {
    /// The current catalog version, loaded on first use and after every import.
    pub(crate) async fn snapshot(&self) -> Result<Arc<Snapshot>> {
        if let Some(s) = self.catalog.read().expect("catalog lock").clone() {
            return Ok(s);
        }
        self.reload_catalog().await
    }

    /// The catalog version a case was decided under: the current one from memory, an older one
    /// from the store.
    pub(crate) async fn catalog_at(&self, version: i64) -> Result<Arc<Catalog>> {
        let current = self.snapshot().await?;
        if current.version == version {
            return Ok(current.catalog.clone());
        }
        Ok(Arc::new(self.store.catalog(version).await?))
    }

    pub(crate) async fn reload_catalog(&self) -> Result<Arc<Snapshot>> {
        let version =
            self.store.current_catalog_version().await?.ok_or_else(|| AppError::NotFound("尚未导入事项目录".into()))?;
        let snapshot = Arc::new(Snapshot::new(version, self.store.catalog(version).await?));
        *self.catalog.write().expect("catalog lock") = Some(snapshot.clone());
        Ok(snapshot)
    }

    /// Items and bundles by name, code, department, pinyin or initials, best first.
    pub async fn search_catalog(&self, query: &str, limit: u32) -> Result<Vec<CatalogHit>> {
        if query.chars().count() > 100 {
            return Err(AppError::invalid("query", "搜索内容过长，请不超过100个字"));
        }
        let snapshot = self.snapshot().await?;
        let hits = snapshot.index.search(query, limit.clamp(1, 100) as usize);
        Ok(hits
            .into_iter()
            .map(|hit| {
                let e = hit.entry;
                match e.kind {
                    EntryKind::Item => {
                        let item = snapshot.catalog.item(&e.code).expect("indexed from the catalog");
                        CatalogHit {
                            kind: e.kind,
                            code: e.code.clone(),
                            name: e.name.clone(),
                            department: Some(department_ref(&snapshot.department(item))),
                            promised_days: Some(item.promised_days),
                            on_the_spot: item.on_the_spot,
                            citywide: item.citywide,
                            service_item_codes: Vec::new(),
                            score: hit.score,
                        }
                    }
                    EntryKind::Bundle => {
                        let bundle = snapshot.catalog.bundle(&e.code).expect("indexed from the catalog");
                        let members: Vec<_> =
                            bundle.item_codes.iter().filter_map(|c| snapshot.catalog.item(c)).collect();
                        CatalogHit {
                            kind: e.kind,
                            code: e.code.clone(),
                            name: e.name.clone(),
                            department: None,
                            promised_days: members.iter().map(|i| i.promised_days).max(),
                            on_the_spot: members.iter().all(|i| i.on_the_spot),
                            citywide: members.iter().all(|i| i.citywide),
                            service_item_codes: bundle.item_codes.clone(),
                            score: hit.score,
                        }
                    }
                }
            })
            .collect())
    }

    /// Items only, for callers that want the item list.
    pub async fn search_service_items(&self, query: &str, limit: u32) -> Result<Vec<ServiceItemSummary>> {
        let snapshot = self.snapshot().await?;
        let hits = self.search_catalog(query, limit).await?;
        Ok(hits
            .into_iter()
            .filter(|h| h.kind == EntryKind::Item)
            .filter_map(|h| snapshot.catalog.item(&h.code).map(|i| item_summary(i, &snapshot.department(i))))
            .collect())
    }

    /// Whether the hall `hall_code` may accept the item, and if not which halls may.
    pub async fn item_remit(&self, code: &str, hall_code: &str) -> Result<RemitView> {
        let snapshot = self.snapshot().await?;
        let item = snapshot.item(code)?;
        let department = snapshot.department(item);
        let hall = self
            .store
            .hall(hall_code)
            .await?
            .ok_or_else(|| AppError::invalid("hall", format!("大厅编码“{hall_code}”不存在")))?;
        let accepted_here = within_remit(item, &hall.area, &department.area);
        let halls = match accepted_here {
            true => Vec::new(),
            false => self
                .store
                .halls()
                .await?
                .into_iter()
                .filter(|h| within_remit(item, &h.area, &department.area))
                .map(|h| HallRef { code: h.code, name: h.name })
                .collect(),
        };
        Ok(RemitView { service_item_code: item.code.clone(), accepted_here, halls })
    }

    /// [`App::item_remit`] at the user's own hall.
    pub async fn item_remit_for(&self, user: &User, code: &str) -> Result<RemitView> {
        let hall =
            user.hall_code.as_deref().ok_or_else(|| AppError::Forbidden("只有大厅的工作人员可以受理办件".into()))?;
        self.item_remit(code, hall).await
    }

    pub async fn service_item(&self, code: &str) -> Result<ServiceItemDetail> {
        let snapshot = self.snapshot().await?;
        let item = snapshot.item(code)?;
        Ok(item_detail(item, &snapshot.department(item)))
    }

    pub async fn bundle(&self, code: &str) -> Result<BundleDetail> {
        let snapshot = self.snapshot().await?;
        let bundle = snapshot
            .catalog
            .bundle(code.trim())
            .ok_or_else(|| AppError::NotFound(format!("未找到编码为“{}”的一件事", code.trim())))?;
        let items: Vec<&ServiceItem> = bundle.item_codes.iter().filter_map(|c| snapshot.catalog.item(c)).collect();
        Ok(BundleDetail {
            code: bundle.code.clone(),
            name: bundle.name.clone(),
            description: bundle.description.clone(),
            items: items.iter().map(|i| item_summary(i, &snapshot.department(i))).collect(),
            materials: merge_materials(&items)
                .into_iter()
                .map(|m| MergedMaterialView {
                    name: m.name,
                    form: m.form,
                    copies: m.copies,
                    pages: m.pages,
                    policy: m.policy,
                    applies_to: m.applies_to,
                    service_item_codes: m.wanted_by.into_iter().map(|(item, _)| item).collect(),
                })
                .collect(),
            delivery: items
                .first()
                .map(|first| {
                    first.delivery.iter().copied().filter(|d| items.iter().all(|i| i.delivery.contains(d))).collect()
                })
                .unwrap_or_default(),
        })
    }

    /// The live shortfall decision for the materials ticked so far. `hall_code` is the receiving
    /// hall; without one, the item's own area is assumed.
    pub async fn check_shortfall(
        &self,
        request: &ShortfallRequest,
        hall_code: Option<&str>,
    ) -> Result<ShortfallDecisionView> {
        let snapshot = self.snapshot().await?;
        let item = snapshot.item(&request.service_item_code)?;
        if let Some(unknown) = request.present_codes.iter().find(|c| !item.materials.iter().any(|m| &m.code == *c)) {
            return Err(AppError::invalid("present", format!("事项“{}”没有编码为“{unknown}”的材料", item.name)));
        }
        let department_area = snapshot.department(item).area;
        let hall_area = match hall_code {
            Some(code) => self
                .store
                .hall(code)
                .await?
                .map(|h| h.area)
                .ok_or_else(|| AppError::invalid("hall", format!("大厅编码“{code}”不存在")))?,
            None => department_area.clone(),
        };
        let facts = ApplicantFacts {
            e_certificates: request.e_certificates.iter().cloned().collect(),
            ..self
                .applicant_facts(
                    request.applicant_kind,
                    request.has_agent,
                    request.commitment_signed,
                    request.dishonest,
                    request.applicant.as_ref(),
                )
                .await?
        };
        let today = self.today();
        let received: Vec<(&str, MaterialForm)> = item
            .materials
            .iter()
            .filter(|m| request.present_codes.contains(&m.code))
            .map(|m| (m.code.as_str(), request.forms.get(&m.code).copied().unwrap_or(m.form)))
            .collect();
        let window =
            Window { today, hall_area: &hall_area, department_area: &department_area, calendar: &self.calendar };
        let decision = decide_received(item, &facts, &received, &window);
        let warning = missing_year_warning(&self.calendar, decision.due.format("%Y").to_string().parse().unwrap_or(0));
        Ok(decision_view(decision, snapshot.version, warning))
    }

    /// Like [`Self::check_shortfall`], at the logged-in clerk's hall.
    pub async fn check_shortfall_for(&self, user: &User, request: &ShortfallRequest) -> Result<ShortfallDecisionView> {
        self.check_shortfall(request, user.hall_code.as_deref()).await
    }

    /// Stores the catalog files as a new version, all or nothing.
    pub async fn import_catalog(&self, files: &[(String, String)], source: &str) -> Result<ImportReport> {
        let catalog =
            parse_catalog(files.iter().map(|(f, t)| (f.as_str(), t.as_str()))).map_err(AppError::InvalidCatalog)?;
        let version = self.store.import_catalog(&catalog, source, self.now()).await?;
        self.reload_catalog().await?;
        Ok(ImportReport {
            catalog_version: version,
            departments: catalog.departments.len(),
            service_items: catalog.items.len(),
            bundles: catalog.bundles.len(),
        })
    }

    /// The current version as catalog files.
    pub async fn export_catalog(&self) -> Result<(i64, Vec<(String, String)>)> {
        let snapshot = self.snapshot().await?;
        Ok((snapshot.version, export_catalog(&snapshot.catalog)))
    }
}

/// Checks catalog files without storing anything: every problem at once.
pub fn check_catalog(files: &[(String, String)]) -> std::result::Result<Catalog, Vec<FileError>> {
    parse_catalog(files.iter().map(|(f, t)| (f.as_str(), t.as_str())))
}
