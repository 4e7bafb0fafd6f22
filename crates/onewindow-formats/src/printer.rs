//! Printer profiles: which paper a printer holds, where it can print, how it is calibrated and
//! which system queue to send to. One TOML file per profile (see `printer-profiles/README.md`).

use onewindow_domain::DocumentKind;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::{line_of, syntax_error, FileError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paper {
    pub width_mm: f32,
    /// None for a continuous roll.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_mm: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Margins {
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Offset {
    pub x: f32,
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrinterProfile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The CUPS queue.
    pub queue: String,
    /// The CUPS media name, e.g. `A4` or `Custom.100x150mm`.
    pub media: String,
    #[serde(default = "one")]
    pub copies: u32,
    #[serde(default = "default_dpi")]
    pub dpi: u32,
    /// The document kinds this profile prints by default.
    pub serves: Vec<DocumentKind>,
    pub paper: Paper,
    pub margins_mm: Margins,
    #[serde(default)]
    pub offset_mm: Offset,
}

fn one() -> u32 {
    1
}
fn default_dpi() -> u32 {
    203
}

/// What the parser reads, with positions for line numbers.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    queue: Spanned<String>,
    media: Spanned<String>,
    #[serde(default = "one")]
    copies: u32,
    #[serde(default = "default_dpi")]
    dpi: u32,
    serves: Spanned<Vec<DocumentKind>>,
    paper: Spanned<Paper>,
    margins_mm: Spanned<Margins>,
    #[serde(default)]
    offset_mm: Option<Spanned<Offset>>,
}

/// Reads and checks one profile; every problem is reported with its line.
pub fn parse_profile(file: &str, text: &str) -> Result<PrinterProfile, Vec<FileError>> {
    let p: ProfileFile = toml::from_str(text).map_err(|e| vec![syntax_error(file, text, e)])?;
    let mut errors = Vec::new();
    let mut error = |at: usize, field: &str, code: &'static str, message: String| {
        errors.push(FileError {
            file: file.to_string(),
            line: Some(line_of(text, at)),
            field: field.to_string(),
            code,
            message,
        });
    };
    let name_ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !name_ok(p.name.get_ref()) {
        error(p.name.span().start, "name", "bad_name", "方案名称只能由字母、数字、- 和 _ 组成".into());
    }
    if !name_ok(p.queue.get_ref()) {
        error(
            p.queue.span().start,
            "queue",
            "bad_queue",
            format!("打印队列名“{}”无效：只能由字母、数字、- 和 _ 组成", p.queue.get_ref()),
        );
    }
    if p.media.get_ref().trim().is_empty() {
        error(p.media.span().start, "media", "empty", "纸张名称（media）不能为空".into());
    }
    if !(1..=99).contains(&p.copies) {
        error(0, "copies", "bad_copies", format!("份数应为1至99，实际为{}", p.copies));
    }
    let paper = p.paper.get_ref();
    let size_ok = |v: f32| (20.0..=1000.0).contains(&v);
    if !size_ok(paper.width_mm) || paper.height_mm.is_some_and(|h| !size_ok(h)) {
        error(p.paper.span().start, "paper", "bad_paper", "纸张宽高应在20至1000毫米之间".into());
    }
    let m = p.margins_mm.get_ref();
    let margins = [m.top, m.right, m.bottom, m.left];
    if margins.iter().any(|v| !(0.0..=50.0).contains(v)) {
        error(p.margins_mm.span().start, "margins_mm", "bad_margins", "边距应在0至50毫米之间".into());
    } else if paper.width_mm - m.left - m.right < 20.0 || paper.height_mm.is_some_and(|h| h - m.top - m.bottom < 20.0) {
        error(p.margins_mm.span().start, "margins_mm", "no_printable_area", "去掉边距后可打印区域不足20毫米".into());
    }
    let offset = p.offset_mm.as_ref().map(|o| *o.get_ref()).unwrap_or_default();
    if let Some(o) = &p.offset_mm {
        if offset.x.abs() > 20.0 || offset.y.abs() > 20.0 {
            error(o.span().start, "offset_mm", "bad_offset", "校准偏移不应超过±20毫米".into());
        }
    }
    if p.serves.get_ref().is_empty() {
        error(p.serves.span().start, "serves", "serves_nothing", "至少要为一种文书服务".into());
    }
    if paper.height_mm.is_none() && p.serves.get_ref().contains(&DocumentKind::Label) {
        error(
            p.serves.span().start,
            "serves",
            "label_on_roll",
            "面单需要固定尺寸的标签纸，连续纸卷不能打印面单".into(),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PrinterProfile {
        name: p.name.into_inner(),
        description: p.description,
        queue: p.queue.into_inner(),
        media: p.media.into_inner(),
        copies: p.copies,
        dpi: p.dpi,
        serves: p.serves.into_inner(),
        paper: p.paper.into_inner(),
        margins_mm: p.margins_mm.into_inner(),
        offset_mm: offset,
    })
}

/// The profile as a file (after a calibration, say).
pub fn write_profile(profile: &PrinterProfile) -> String {
    toml::to_string(profile).expect("profiles serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    const A4: &str = r#"name = "a4-laser"
description = "A4 激光打印机"
queue = "OW-A4"
media = "A4"
serves = ["receipt", "one-time-notice"]

[paper]
width_mm = 210
height_mm = 297

[margins_mm]
top = 12
right = 12
bottom = 12
left = 12
"#;

    #[test]
    fn a_profile_reads_and_writes_back() {
        let p = parse_profile("a4.toml", A4).unwrap();
        assert_eq!((p.copies, p.dpi, p.offset_mm), (1, 203, Offset::default()));
        assert_eq!(p.serves, vec![DocumentKind::Receipt, DocumentKind::OneTimeNotice]);
        let again = parse_profile("a4.toml", &write_profile(&p)).unwrap();
        assert_eq!(again, p);
    }

    #[test]
    fn problems_come_with_lines() {
        let bad = A4.replace("queue = \"OW-A4\"", "queue = \"OW A4\"").replace("left = 12", "left = 200");
        let errors = parse_profile("a4.toml", &bad).unwrap_err();
        let got: Vec<_> = errors.iter().map(|e| (e.code, e.line)).collect();
        assert_eq!(got, vec![("bad_queue", Some(3)), ("bad_margins", Some(11))]);
        let roll = A4.replace("height_mm = 297\n", "").replace("\"receipt\"", "\"label\"");
        assert_eq!(parse_profile("roll.toml", &roll).unwrap_err()[0].code, "label_on_roll");
        let unknown = A4.replace("\"receipt\"", "\"invoice\"");
        assert_eq!(parse_profile("x.toml", &unknown).unwrap_err()[0].code, "syntax");
    }
}
