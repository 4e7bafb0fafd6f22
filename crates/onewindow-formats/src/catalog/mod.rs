//! The catalog: one TOML file per department (`<CODE>.toml`: the department and its items with
//! their materials) and `bundles.toml` (the 一件事 bundles). `check` finds every problem;
//! `export` writes a catalog back out so that export → parse is lossless.

use std::collections::{HashMap, HashSet};

use onewindow_domain::catalog::DEFAULT_NO_TOLERANCE_MONTHS;
use onewindow_domain::followup::instant_approval_impossible;
use onewindow_domain::{
    AppliesTo, Bundle, Catalog, DeliveryMethod, Department, Eligibility, FollowUpRules, Guide, InstantApproval,
    ItemLevel, Material, MaterialForm, ReviewRules, ServiceItem, ShortfallOverdue, ShortfallPolicy, ShortfallRules,
};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::{line_of, syntax_error, FileError};

/// The name of the file that holds the bundles; every other file holds one department.
pub const BUNDLES_FILE: &str = "bundles.toml";

/// The longest keyword or result, in characters: a phrase, not a sentence.
pub const MAX_TERM_CHARS: usize = 24;

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields, bound(deserialize = "Str: Deserialize<'de>, Items: Deserialize<'de>"))]
struct DepartmentFile<Str, Items> {
    department: DepartmentEntry<Str>,
    #[serde(default)]
    items: Vec<Items>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct DepartmentEntry<Str> {
    code: Str,
    name: String,
    area: String,
    /// 行政复议机关, as the department's refusal and denial notices name it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    review_authority: String,
    /// The court for 行政诉讼.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    court: String,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}
fn default_true() -> bool {
    true
}
fn is_hold(rule: &ShortfallOverdue) -> bool {
    *rule == ShortfallOverdue::Hold
}
fn default_no_tolerance_months() -> u32 {
    DEFAULT_NO_TOLERANCE_MONTHS
}
fn is_default_months(n: &u32) -> bool {
    *n == DEFAULT_NO_TOLERANCE_MONTHS
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn default_max_missing() -> u32 {
    ShortfallRules::default().max_missing
}
fn eligibility_all() -> Eligibility {
    Eligibility::All
}
fn applies_to_all() -> AppliesTo {
    AppliesTo::All
}

#[derive(Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    bound(deserialize = "Str: Deserialize<'de>, Days: Deserialize<'de>, Materials: Deserialize<'de>")
)]
struct ItemEntry<Str, Days, Materials> {
    code: Str,
    name: String,
    /// Only when the item belongs to another department than the file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    department: Option<Str>,
    /// 俗称: what citizens call the item or ask for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<Str>,
    /// 办理结果: what the item produces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    results: Vec<Str>,
    level: ItemLevel,
    kind: String,
    statutory_days: Days,
    promised_days: Days,
    on_the_spot: Spanned<bool>,
    fee: String,
    delivery: Spanned<Vec<DeliveryMethod>>,
    citywide: bool,
    commitment_approval: bool,
    #[serde(default = "eligibility_all")]
    applicants: Eligibility,
    #[serde(default = "default_max_missing")]
    max_tolerated_missing: u32,
    #[serde(default = "default_true")]
    commitment_required: bool,
    #[serde(default = "default_true")]
    dishonest_excluded: bool,
    #[serde(default)]
    conditions: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    process: String,
    #[serde(default)]
    faq: String,
    /// 预警: working days left at which a case turns yellow; absent: the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    warning_days: Option<u32>,
    /// 延期: the statutory allowance of the one extension, in working days.
    #[serde(default, skip_serializing_if = "is_zero")]
    extension_days: u32,
    /// The legal grounds a denial may rest on; absent: the general ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    denial_grounds: Vec<String>,
    /// 容缺 materials not in by their date: "terminate" (终止办理) or "hold" (the default).
    #[serde(default, skip_serializing_if = "is_hold")]
    on_shortfall_overdue: ShortfallOverdue,
    /// Months without tolerance after a broken commitment.
    #[serde(default = "default_no_tolerance_months", skip_serializing_if = "is_default_months")]
    no_tolerance_months: u32,
    /// 智能审批: the system approves a complete intake at once.
    #[serde(default, skip_serializing_if = "is_false")]
    instant_approval: bool,
    /// Instant approval only when every required material comes as an e-certificate.
    #[serde(default, skip_serializing_if = "is_false")]
    instant_e_certificates_only: bool,
    /// Who instant approval is for; absent: everyone the item accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    instant_applicants: Option<Eligibility>,
    #[serde(default)]
    materials: Vec<Materials>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields, bound(deserialize = "Str: Deserialize<'de>, Days: Deserialize<'de>"))]
struct MaterialEntry<Str, Days> {
    code: Str,
    name: String,
    form: MaterialForm,
    copies: Days,
    pages: Days,
    policy: ShortfallPolicy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    supplement_days: Option<Days>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e_certificate: Option<String>,
    #[serde(default = "applies_to_all")]
    applies_to: AppliesTo,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields, bound(deserialize = "B: Deserialize<'de>"))]
struct BundlesFile<B> {
    #[serde(default)]
    bundles: Vec<B>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct BundleEntry<Str> {
    code: Str,
    name: String,
    #[serde(default)]
    description: String,
    items: Vec<Str>,
}

// As read: with the positions needed for line numbers.
type SStr = Spanned<String>;
type SDays = Spanned<u32>;
type InMaterial = Spanned<MaterialEntry<SStr, SDays>>;
type InItem = Spanned<ItemEntry<SStr, SDays, InMaterial>>;
type InDepartmentFile = DepartmentFile<SStr, InItem>;
type InBundle = Spanned<BundleEntry<SStr>>;

/// What `check` knows of one file while it looks across files.
struct Located<'a> {
    file: &'a str,
    text: &'a str,
}

impl Located<'_> {
    fn error(&self, at: usize, field: String, code: &'static str, message: String) -> FileError {
        FileError { file: self.file.to_string(), line: Some(line_of(self.text, at)), field, code, message }
    }
}

/// An item's keywords and results, trimmed; empty, over-long and repeated ones are problems. A
/// keyword that is also a result is one too: results are searched as well.
fn check_terms(
    here: &Located<'_>,
    i: usize,
    item_name: &str,
    keywords: &[SStr],
    results: &[SStr],
    errors: &mut Vec<FileError>,
) -> (Vec<String>, Vec<String>) {
    let mut seen_results = HashSet::new();
    let mut out = (Vec::new(), Vec::new());
    for (list, name, label) in [(results, "results", "办理结果"), (keywords, "keywords", "俗称")] {
        let mut seen = HashSet::new();
        for (j, spanned) in list.iter().enumerate() {
            let term = spanned.get_ref().trim();
            let field = format!("items[{i}].{name}[{j}]");
            let at = spanned.span().start;
            let chars = term.chars().count();
            let key = term.to_lowercase();
            if term.is_empty() {
                errors.push(here.error(
                    at,
                    field,
                    "empty_term",
                    format!("事项“{item_name}”的第{}个{label}为空", j + 1),
                ));
            } else if chars > MAX_TERM_CHARS {
                let head: String = term.chars().take(MAX_TERM_CHARS).collect();
                errors.push(here.error(
                    at,
                    field,
                    "term_too_long",
                    format!("{label}“{head}…”过长（{chars}个字），应不超过{MAX_TERM_CHARS}个字"),
                ));
            } else if !seen.insert(key.clone()) {
                errors.push(here.error(at, field, "duplicate_term", format!("事项“{item_name}”的{label}“{term}”重复")));
            } else if name == "keywords" && seen_results.contains(&key) {
                errors.push(here.error(
                    at,
                    field,
                    "duplicate_term",
                    format!("俗称“{term}”已列为事项“{item_name}”的办理结果，办理结果同样可搜索，无需重复"),
                ));
            }
            if name == "results" {
                seen_results.insert(key);
                out.1.push(term.to_string());
            } else {
                out.0.push(term.to_string());
            }
        }
    }
    out
}

fn is_bundles_file(file: &str) -> bool {
    file.rsplit(['/', '\\']).next() == Some(BUNDLES_FILE)
}

/// Parses and checks a whole catalog given as `(file name, text)`. Returns the catalog, or every
/// problem found in any file.
pub fn parse_catalog<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Catalog, Vec<FileError>> {
    let mut errors = Vec::new();
    let mut departments: Vec<(Located<'a>, InDepartmentFile)> = Vec::new();
    let mut bundle_files: Vec<(Located<'a>, Vec<InBundle>)> = Vec::new();
    for (file, text) in files {
        let here = Located { file, text };
        if is_bundles_file(file) {
            match toml::from_str::<BundlesFile<InBundle>>(text) {
                Ok(parsed) => bundle_files.push((here, parsed.bundles)),
                Err(e) => errors.push(syntax_error(file, text, e)),
            }
        } else {
            match toml::from_str::<InDepartmentFile>(text) {
                Ok(parsed) => departments.push((here, parsed)),
                Err(e) => errors.push(syntax_error(file, text, e)),
            }
        }
    }

    let mut catalog = Catalog::default();
    let mut department_codes: HashMap<String, &str> = HashMap::new();
    for (here, parsed) in &departments {
        let d = &parsed.department;
        let code = d.code.get_ref();
        if code.trim().is_empty() {
            errors.push(here.error(d.code.span().start, "department.code".into(), "empty", "部门编码不能为空".into()));
        }
        if let Some(first) = department_codes.insert(code.clone(), here.file) {
            errors.push(here.error(
                d.code.span().start,
                "department.code".into(),
                "duplicate_department",
                format!("部门编码“{code}”重复，已在 {first} 中定义"),
            ));
        }
        catalog.departments.push(Department {
            code: code.clone(),
            name: d.name.clone(),
            area: d.area.clone(),
            review_authority: d.review_authority.trim().to_string(),
            court: d.court.trim().to_string(),
        });
    }

    let mut item_codes: HashMap<String, String> = HashMap::new();
    for (here, parsed) in &departments {
        for (i, spanned) in parsed.items.iter().enumerate() {
            let item = spanned.get_ref();
            let field = |name: &str| format!("items[{i}].{name}");
            let code = item.code.get_ref();
            if code.trim().is_empty() || item.name.trim().is_empty() {
                errors.push(here.error(spanned.span().start, field("code"), "empty", "事项编码和名称不能为空".into()));
            }
            if let Some(first) = item_codes.insert(code.clone(), here.file.to_string()) {
                errors.push(here.error(
                    item.code.span().start,
                    field("code"),
                    "duplicate_item_code",
                    format!("事项编码“{code}”重复，已在 {first} 中使用"),
                ));
            }
            let department_code = match &item.department {
                Some(d) => {
                    if !department_codes.contains_key(d.get_ref()) {
                        errors.push(here.error(
                            d.span().start,
                            field("department"),
                            "unknown_department",
                            format!("事项“{}”的实施部门“{}”不存在", item.name, d.get_ref()),
                        ));
                    }
                    d.get_ref().clone()
                }
                None => parsed.department.code.get_ref().clone(),
            };
            let (keywords, results) = check_terms(here, i, &item.name, &item.keywords, &item.results, &mut errors);
            let statutory = *item.statutory_days.get_ref();
            let promised = *item.promised_days.get_ref();
            if promised > statutory {
                errors.push(here.error(
                    item.promised_days.span().start,
                    field("promised_days"),
                    "promised_beyond_statutory",
                    format!("承诺时限{promised}个工作日超过法定时限{statutory}个工作日"),
                ));
            }
            if *item.on_the_spot.get_ref() && promised > 0 {
                errors.push(here.error(
                    item.on_the_spot.span().start,
                    field("on_the_spot"),
                    "on_the_spot_with_days",
                    format!("即办件的承诺时限应为0，实际为{promised}个工作日"),
                ));
            }
            if item.delivery.get_ref().is_empty() {
                errors.push(here.error(
                    item.delivery.span().start,
                    field("delivery"),
                    "no_delivery",
                    "至少需要一种送达方式".into(),
                ));
            }
            if item.materials.is_empty() {
                errors.push(here.error(
                    spanned.span().start,
                    field("materials"),
                    "no_materials",
                    format!("事项“{}”没有材料清单", item.name),
                ));
            }
            let mut material_codes = HashSet::new();
            let mut materials = Vec::with_capacity(item.materials.len());
            for (j, spanned_m) in item.materials.iter().enumerate() {
                let m = spanned_m.get_ref();
                let mfield = |name: &str| format!("items[{i}].materials[{j}].{name}");
                let mcode = m.code.get_ref();
                if !material_codes.insert(mcode.clone()) {
                    errors.push(here.error(
                        m.code.span().start,
                        mfield("code"),
                        "duplicate_material_code",
                        format!("事项“{}”中材料编码“{mcode}”重复", item.name),
                    ));
                }
                for (value, name) in [(&m.copies, "copies"), (&m.pages, "pages")] {
                    if *value.get_ref() == 0 {
                        errors.push(here.error(
                            value.span().start,
                            mfield(name),
                            "zero_count",
                            "份数和页数至少为1".into(),
                        ));
                    }
                }
                match (&m.policy, &m.supplement_days) {
                    (ShortfallPolicy::Tolerable, None) => errors.push(here.error(
                        spanned_m.span().start,
                        mfield("supplement_days"),
                        "tolerable_without_deadline",
                        format!("可容缺材料“{}”必须规定补齐时限（supplement_days）", m.name),
                    )),
                    (ShortfallPolicy::Tolerable, Some(days)) if *days.get_ref() > promised => errors.push(here.error(
                        days.span().start,
                        mfield("supplement_days"),
                        "deadline_beyond_promised",
                        format!(
                            "材料“{}”的补齐时限{}个工作日超过事项承诺时限{promised}个工作日",
                            m.name,
                            days.get_ref()
                        ),
                    )),
                    (ShortfallPolicy::Tolerable, Some(days)) if *days.get_ref() == 0 => errors.push(here.error(
                        days.span().start,
                        mfield("supplement_days"),
                        "zero_deadline",
                        "补齐时限至少为1个工作日".into(),
                    )),
                    (_, Some(days)) if m.policy != ShortfallPolicy::Tolerable => errors.push(here.error(
                        days.span().start,
                        mfield("supplement_days"),
                        "deadline_on_non_tolerable",
                        format!("材料“{}”不是可容缺材料，不应规定补齐时限", m.name),
                    )),
                    _ => {}
                }
                materials.push(Material {
                    code: mcode.clone(),
                    name: m.name.clone(),
                    form: m.form,
                    copies: *m.copies.get_ref(),
                    pages: *m.pages.get_ref(),
                    policy: m.policy,
                    supplement_days: m.supplement_days.as_ref().map(|d| *d.get_ref()),
                    e_certificate: m.e_certificate.clone(),
                    applies_to: m.applies_to,
                    note: m.note.clone(),
                });
            }
            let instant = item.instant_approval;
            if !instant && (item.instant_e_certificates_only || item.instant_applicants.is_some()) {
                errors.push(here.error(
                    spanned.span().start,
                    field("instant_approval"),
                    "instant_conditions_without_instant",
                    format!("事项“{}”规定了智能审批的条件，但未开启智能审批（instant_approval = true）", item.name),
                ));
            }
            let parsed_item = ServiceItem {
                code: code.clone(),
                name: item.name.clone(),
                keywords,
                results,
                department_code,
                level: item.level,
                kind: item.kind.clone(),
                statutory_days: statutory,
                promised_days: promised,
                on_the_spot: *item.on_the_spot.get_ref(),
                fee: item.fee.clone(),
                delivery: item.delivery.get_ref().clone(),
                citywide: item.citywide,
                commitment_approval: item.commitment_approval,
                applicants: item.applicants,
                shortfall: ShortfallRules {
                    max_missing: item.max_tolerated_missing,
                    commitment_required: item.commitment_required,
                    dishonest_excluded: item.dishonest_excluded,
                },
                guide: Guide {
                    conditions: item.conditions.clone(),
                    basis: item.basis.clone(),
                    process: item.process.clone(),
                    faq: item.faq.clone(),
                },
                materials,
                review: ReviewRules {
                    warning_days: item.warning_days,
                    extension_days: item.extension_days,
                    denial_grounds: item
                        .denial_grounds
                        .iter()
                        .map(|g| g.trim().to_string())
                        .filter(|g| !g.is_empty())
                        .collect(),
                },
                followup: FollowUpRules {
                    on_shortfall_overdue: item.on_shortfall_overdue,
                    no_tolerance_months: item.no_tolerance_months,
                    instant_approval: instant.then(|| InstantApproval {
                        e_certificates_only: item.instant_e_certificates_only,
                        applicants: item.instant_applicants.unwrap_or(Eligibility::All),
                    }),
                },
            };
            if let Some(why) = instant_approval_impossible(&parsed_item) {
                errors.push(here.error(
                    spanned.span().start,
                    field("instant_approval"),
                    "instant_never_applies",
                    format!("{why}，智能审批永远不会生效"),
                ));
            }
            catalog.items.push(parsed_item);
        }
    }

    let mut bundle_codes = HashSet::new();
    for (here, bundles) in &bundle_files {
        for (i, spanned) in bundles.iter().enumerate() {
            let b = spanned.get_ref();
            let code = b.code.get_ref();
            if !bundle_codes.insert(code.clone()) {
                errors.push(here.error(
                    b.code.span().start,
                    format!("bundles[{i}].code"),
                    "duplicate_bundle_code",
                    format!("一件事编码“{code}”重复"),
                ));
            }
            if b.items.len() < 2 {
                errors.push(here.error(
                    spanned.span().start,
                    format!("bundles[{i}].items"),
                    "bundle_too_small",
                    format!("一件事“{}”至少应包含两个事项", b.name),
                ));
            }
            for (j, item) in b.items.iter().enumerate() {
                if !item_codes.contains_key(item.get_ref()) {
                    errors.push(here.error(
                        item.span().start,
                        format!("bundles[{i}].items[{j}]"),
                        "unknown_item",
                        format!("一件事“{}”引用了不存在的事项编码“{}”", b.name, item.get_ref()),
                    ));
                }
            }
            catalog.bundles.push(Bundle {
                code: code.clone(),
                name: b.name.clone(),
                description: b.description.clone(),
                item_codes: b.items.iter().map(|s| s.get_ref().clone()).collect(),
            });
        }
    }

    if errors.is_empty() {
        Ok(catalog)
    } else {
        Err(errors)
    }
}

/// The catalog as files: `<department code>.toml` per department, and `bundles.toml`.
pub fn export_catalog(catalog: &Catalog) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for d in &catalog.departments {
        let items = catalog
            .items
            .iter()
            .filter(|i| i.department_code == d.code)
            .map(|i| ItemEntry::<String, u32, MaterialEntry<String, u32>> {
                code: i.code.clone(),
                name: i.name.clone(),
                department: None,
                keywords: i.keywords.clone(),
                results: i.results.clone(),
                level: i.level,
                kind: i.kind.clone(),
                statutory_days: i.statutory_days,
                promised_days: i.promised_days,
                on_the_spot: Spanned::new(0..0, i.on_the_spot),
                fee: i.fee.clone(),
                delivery: Spanned::new(0..0, i.delivery.clone()),
                citywide: i.citywide,
                commitment_approval: i.commitment_approval,
                applicants: i.applicants,
                max_tolerated_missing: i.shortfall.max_missing,
                commitment_required: i.shortfall.commitment_required,
                dishonest_excluded: i.shortfall.dishonest_excluded,
                conditions: i.guide.conditions.clone(),
                basis: i.guide.basis.clone(),
                process: i.guide.process.clone(),
                faq: i.guide.faq.clone(),
                warning_days: i.review.warning_days,
                extension_days: i.review.extension_days,
                denial_grounds: i.review.denial_grounds.clone(),
                on_shortfall_overdue: i.followup.on_shortfall_overdue,
                no_tolerance_months: i.followup.no_tolerance_months,
                instant_approval: i.followup.instant_approval.is_some(),
                instant_e_certificates_only: i.followup.instant_approval.is_some_and(|r| r.e_certificates_only),
                instant_applicants: i
                    .followup
                    .instant_approval
                    .map(|r| r.applicants)
                    .filter(|a| *a != Eligibility::All),
                materials: i
                    .materials
                    .iter()
                    .map(|m| MaterialEntry {
                        code: m.code.clone(),
                        name: m.name.clone(),
                        form: m.form,
                        copies: m.copies,
                        pages: m.pages,
                        policy: m.policy,
                        supplement_days: m.supplement_days,
                        e_certificate: m.e_certificate.clone(),
                        applies_to: m.applies_to,
                        note: m.note.clone(),
                    })
                    .collect(),
            })
            .collect();
        let file = DepartmentFile::<String, _> {
            department: DepartmentEntry {
                code: d.code.clone(),
                name: d.name.clone(),
                area: d.area.clone(),
                review_authority: d.review_authority.clone(),
                court: d.court.clone(),
            },
            items,
        };
        let text = toml::to_string(&file).expect("catalog values serialise");
        files.push((format!("{}.toml", d.code), format!("# {}\n\n{text}", d.name)));
    }
    let bundles = BundlesFile {
        bundles: catalog
            .bundles
            .iter()
            .map(|b| BundleEntry {
                code: b.code.clone(),
                name: b.name.clone(),
                description: b.description.clone(),
                items: b.item_codes.clone(),
            })
            .collect(),
    };
    files.push((BUNDLES_FILE.to_string(), toml::to_string(&bundles).expect("bundles serialise")));
    files
}

#[cfg(test)]
mod tests;
