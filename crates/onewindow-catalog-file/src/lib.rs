//! The catalog's file format: TOML, one file per department (its items and their materials), and
//! `bundles.toml` for the 一件事 bundles. Text in, domain values out: reading the files from disk
//! is the caller's business. Every error carries the file and, where known, the line.

use std::fmt;

use onewindow_domain::{
    AppliesTo, Bundle, Catalog, DeliveryMethod, Department, Guide, ItemLevel, Material,
    MaterialForm, ServiceItem, ShortfallPolicy,
};
use serde::Deserialize;

/// The name of the file that holds the bundles; every other file holds one department.
pub const BUNDLES_FILE: &str = "bundles.toml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    pub line: Option<usize>,
    /// Stable English code.
    pub code: &'static str,
    /// zh-CN, for the admin.
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {} [{}]", self.file, line, self.message, self.code),
            None => write!(f, "{}: {} [{}]", self.file, self.message, self.code),
        }
    }
}

impl std::error::Error for FileError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentFile {
    department: DepartmentEntry,
    #[serde(default)]
    items: Vec<ItemEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentEntry {
    code: String,
    name: String,
    area: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemEntry {
    code: String,
    name: String,
    level: ItemLevel,
    kind: String,
    statutory_days: u32,
    promised_days: u32,
    on_the_spot: bool,
    fee: String,
    delivery: Vec<DeliveryMethod>,
    citywide: bool,
    commitment_approval: bool,
    #[serde(default)]
    conditions: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    process: String,
    #[serde(default)]
    faq: String,
    #[serde(default)]
    materials: Vec<MaterialEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MaterialEntry {
    code: String,
    name: String,
    form: MaterialForm,
    copies: u32,
    pages: u32,
    policy: ShortfallPolicy,
    supplement_days: Option<u32>,
    e_certificate: Option<String>,
    #[serde(default = "applies_to_all")]
    applies_to: AppliesTo,
    #[serde(default)]
    note: String,
}

fn applies_to_all() -> AppliesTo {
    AppliesTo::All
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BundlesFile {
    #[serde(default)]
    bundles: Vec<BundleEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleEntry {
    code: String,
    name: String,
    #[serde(default)]
    description: String,
    items: Vec<String>,
}

fn syntax_error(file: &str, text: &str, e: toml::de::Error) -> FileError {
    let line = e.span().map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
    FileError {
        file: file.to_string(),
        line,
        code: "syntax",
        message: format!("格式错误：{}", e.message()),
    }
}

/// One department file: the department and its items.
pub fn parse_department_file(file: &str, text: &str) -> Result<(Department, Vec<ServiceItem>), FileError> {
    let parsed: DepartmentFile = toml::from_str(text).map_err(|e| syntax_error(file, text, e))?;
    let d = parsed.department;
    let department = Department { code: d.code, name: d.name, area: d.area };
    let items = parsed
        .items
        .into_iter()
        .map(|i| ServiceItem {
            code: i.code,
            name: i.name,
            department_code: department.code.clone(),
            level: i.level,
            kind: i.kind,
            statutory_days: i.statutory_days,
            promised_days: i.promised_days,
            on_the_spot: i.on_the_spot,
            fee: i.fee,
            delivery: i.delivery,
            citywide: i.citywide,
            commitment_approval: i.commitment_approval,
            guide: Guide { conditions: i.conditions, basis: i.basis, process: i.process, faq: i.faq },
            materials: i
                .materials
                .into_iter()
                .map(|m| Material {
                    code: m.code,
                    name: m.name,
                    form: m.form,
                    copies: m.copies,
                    pages: m.pages,
                    policy: m.policy,
                    supplement_days: m.supplement_days,
                    e_certificate: m.e_certificate,
                    applies_to: m.applies_to,
                    note: m.note,
                })
                .collect(),
        })
        .collect();
    Ok((department, items))
}

pub fn parse_bundles_file(file: &str, text: &str) -> Result<Vec<Bundle>, FileError> {
    let parsed: BundlesFile = toml::from_str(text).map_err(|e| syntax_error(file, text, e))?;
    Ok(parsed
        .bundles
        .into_iter()
        .map(|b| Bundle { code: b.code, name: b.name, description: b.description, item_codes: b.items })
        .collect())
}

/// A whole catalog from its files, given as `(file name, text)`. Reports every file's error,
/// not just the first.
pub fn parse_catalog<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Catalog, Vec<FileError>> {
    let mut catalog = Catalog::default();
    let mut errors = Vec::new();
    for (file, text) in files {
        let is_bundles = file.rsplit(['/', '\\']).next() == Some(BUNDLES_FILE);
        if is_bundles {
            match parse_bundles_file(file, text) {
                Ok(bundles) => catalog.bundles.extend(bundles),
                Err(e) => errors.push(e),
            }
        } else {
            match parse_department_file(file, text) {
                Ok((department, items)) => {
                    catalog.departments.push(department);
                    catalog.items.extend(items);
                }
                Err(e) => errors.push(e),
            }
        }
    }
    let known: std::collections::HashSet<&str> = catalog.items.iter().map(|i| i.code.as_str()).collect();
    for bundle in &catalog.bundles {
        for code in bundle.item_codes.iter().filter(|c| !known.contains(c.as_str())) {
            errors.push(FileError {
                file: BUNDLES_FILE.to_string(),
                line: None,
                code: "unknown_item",
                message: format!("一件事“{}”引用了不存在的事项编码“{code}”", bundle.name),
            });
        }
    }
    if errors.is_empty() {
        Ok(catalog)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPARTMENT: &str = r#"
[department]
code = "JMSGAJ"
name = "江门市公安局"
area = "江门市"

[[items]]
code = "440700-JMSGAJ-001"
name = "居民身份证换领"
level = "city"
kind = "公共服务"
statutory_days = 60
promised_days = 15
on_the_spot = false
fee = "工本费20元"
delivery = ["window", "post"]
citywide = true
commitment_approval = false

[[items.materials]]
code = "M01"
name = "居民身份证"
form = "original"
copies = 1
pages = 1
policy = "core"

[[items.materials]]
code = "M02"
name = "数码相片回执"
form = "e_certificate"
copies = 1
pages = 1
policy = "tolerable"
supplement_days = 5
applies_to = "agent"
"#;

    #[test]
    fn a_department_file_becomes_items_with_materials() {
        let (department, items) = parse_department_file("JMSGAJ.toml", DEPARTMENT).unwrap();
        assert_eq!(department.name, "江门市公安局");
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert_eq!(item.department_code, "JMSGAJ");
        assert_eq!(item.delivery, vec![DeliveryMethod::Window, DeliveryMethod::Post]);
        assert_eq!(item.materials[0].applies_to, AppliesTo::All);
        assert_eq!(item.materials[1].form, MaterialForm::ECertificate);
        assert_eq!(item.materials[1].supplement_days, Some(5));
        assert_eq!(item.materials[1].applies_to, AppliesTo::Agent);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let broken = DEPARTMENT.replace("policy = \"core\"", "policy = \"essential\"");
        let e = parse_department_file("JMSGAJ.toml", &broken).unwrap_err();
        assert_eq!(e.file, "JMSGAJ.toml");
        assert_eq!(e.line, Some(26), "{e}");
        assert!(e.to_string().starts_with("JMSGAJ.toml:26: 格式错误"), "{e}");
        assert!(e.to_string().contains("essential"), "{e}");
    }

    #[test]
    fn unknown_fields_are_errors_not_silently_dropped() {
        let typo = DEPARTMENT.replace("copies = 1\npages = 1\npolicy = \"core\"", "copies = 1\npage = 1\npolicy = \"core\"");
        assert!(parse_department_file("JMSGAJ.toml", &typo).is_err());
    }

    #[test]
    fn bundles_must_name_known_items_and_every_error_is_reported() {
        let bundles = r#"
[[bundles]]
code = "YJS-001"
name = "开办企业一件事"
items = ["440700-JMSGAJ-001", "440700-NOPE-001"]
"#;
        let errors = parse_catalog([
            ("JMSGAJ.toml", DEPARTMENT),
            ("bundles.toml", bundles),
            ("BROKEN.toml", "[department"),
        ])
        .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].file, "BROKEN.toml");
        assert_eq!(errors[1].code, "unknown_item");
        assert!(errors[1].message.contains("440700-NOPE-001"));
    }
}
