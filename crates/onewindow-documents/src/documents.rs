//! What each printout holds (`shared/domain.md`, "Paper") and how it is laid out: A4 and the
//! 80 mm roll share a flowing layout; courier labels have fixed layouts of their own.

use onewindow_domain::DocumentKind;
use serde::{Deserialize, Serialize};

use crate::canvas::{PageBuilder, Rect, PT_PER_MM};
use crate::font::{FontChain, Shaper};
use crate::profile::PrintArea;
use crate::{render, DocumentError, Rendered};

/// The language of a receipt: zh-CN, or zh-HK and English for overseas applicants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    #[default]
    ZhCn,
    ZhHk,
    En,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HallInfo {
    pub name: String,
    pub address: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaterialLine {
    pub name: String,
    /// 原件 / 复印件 / 电子证照, already in the document's language.
    pub form: String,
    pub copies: u32,
    pub pages: u32,
}

/// A material missing, tolerated or asked for, with the reason or deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedMaterial {
    pub name: String,
    pub note: String,
}

/// One case of a bundle intake, as the combined receipt lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleMemberLine {
    pub number: String,
    pub item_name: String,
    pub department: String,
    /// 受理 / 容缺受理 / 一次性告知 / 不予受理, already in the document's language.
    pub outcome: String,
    pub promised_date: Option<String>,
}

/// The 一件事 bundle a case was taken in with, for the combined receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleInfo {
    pub name: String,
    /// Every case of the intake, in the bundle's order.
    pub members: Vec<BundleMemberLine>,
}

/// Everything the case documents print.
/// `Default` is a document of no case yet (a 承诺书 printed for signing before the intake is
/// submitted): no number and no codes; the caller fills in the rest.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CaseInfo {
    pub number: String,
    /// Checks a progress look-up without revealing anything personal.
    pub verification_code: String,
    pub hall: HallInfo,
    pub item_name: String,
    pub department: String,
    pub applicant_name: String,
    pub applicant_id_masked: String,
    pub applicant_phone_masked: String,
    pub agent_name: Option<String>,
    /// Local time, `YYYY-MM-DD HH:MM`.
    pub accepted_at: String,
    pub window: String,
    pub clerk: String,
    pub promised_date: Option<String>,
    pub delivery: String,
    pub materials: Vec<MaterialLine>,
    /// Tolerated (容缺), with the date each is due.
    pub tolerated: Vec<ListedMaterial>,
    pub shortfall_supplement_due: Option<String>,
    /// Missing or wrong, for the one-time notice and the supplement notice.
    pub missing: Vec<ListedMaterial>,
    pub refusal_reason: Option<String>,
    /// Who issues the notices: the hall for what is decided at intake.
    #[serde(default)]
    pub authority: String,
    /// The date the notices carry, `YYYY年M月D日`.
    #[serde(default)]
    pub issued_on: String,
    /// 本单位 rather than 本人 on the commitment.
    #[serde(default)]
    pub applicant_is_organisation: bool,
    /// 行政复议机关 and the court the refusal names (the competent department's, from the catalog).
    #[serde(default)]
    pub review_authority: String,
    #[serde(default)]
    pub court: String,
    /// Set when the case was taken in with a 一件事 bundle; the combined receipt needs it, and then
    /// `materials` and `tolerated` cover the whole intake.
    #[serde(default)]
    pub bundle: Option<BundleInfo>,
    /// What the back office decided, for the decisions and notices it issues.
    #[serde(default)]
    pub review: Option<ReviewInfo>,
    /// The case's progress as the applicant may see it, for the 办件进度查询单.
    #[serde(default)]
    pub progress: Option<ProgressInfo>,
    /// Approved by the system at intake (智能审批): the receipt says 即时办结.
    #[serde(default)]
    pub instant: bool,
    /// Who took the result at the window, for the 领取签收单.
    #[serde(default)]
    pub collection: Option<CollectionInfo>,
    /// On a return visit: the case number of the 一次性告知书 this intake continues.
    #[serde(default)]
    pub continues: Option<String>,
    /// Electronic seals the authorities configured, by the authority's name: a document sealed
    /// by one carries its seal over the name instead of the box for a stamp.
    #[serde(skip)]
    pub seals: Vec<(String, std::sync::Arc<crate::Picture>)>,
    /// A reprint carries a visible 补打 mark.
    pub reprint: bool,
    pub lang: Lang,
}

/// A case's progress for the 办件进度查询单: no staff names.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProgressInfo {
    /// 审查中, 待补正…
    pub state: String,
    /// The clock is stopped.
    pub paused: bool,
    /// Each step: local `YYYY-MM-DD HH:MM`, the hall, what happened.
    pub steps: Vec<(String, String, String)>,
    /// What the applicant still has to bring, with by when.
    pub outstanding: Vec<ListedMaterial>,
    /// `YYYY年M月D日 HH:MM` of the look-up.
    pub printed_at: String,
}

/// A result handed out at the window (统一窗口出件), for the 领取签收单 the collector signs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CollectionInfo {
    /// What is handed over: the result's name and number, or the decision document.
    pub result: String,
    pub collector_name: String,
    /// Never the whole number on paper.
    pub collector_id_masked: String,
    /// 代领: someone else for the applicant.
    pub as_agent: bool,
    /// `YYYY年M月D日 HH:MM`.
    pub collected_at: String,
    /// The hall that handed it out.
    pub hall: String,
}

/// A back-office decision as its document prints it. The department issues and seals these.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReviewInfo {
    pub authority: String,
    /// `YYYY年M月D日` of the decision or notice.
    pub decided_on: String,
    /// The reason recorded with it, in the reviewer's words.
    pub reason: String,
    /// 准予行政许可决定书, or the item's own kind of result.
    pub approval_title: String,
    /// The item is a 行政许可: the decisions cite the licensing law.
    pub licence: bool,
    pub result_name: String,
    pub certificate_number: String,
    pub valid_until: Option<String>,
    pub note: String,
    /// The legal ground of a denial.
    pub ground: String,
    /// Everything a correction asks for, at once, and the applicant's deadline.
    pub corrections: Vec<ListedMaterial>,
    pub correction_deadline: Option<String>,
    /// `YYYY年M月D日` the correction was asked for.
    pub correction_requested_on: String,
    /// 听证, 专家评审… and its own limit in working days.
    pub procedure: String,
    pub procedure_limit_days: u32,
    pub extension_days: u32,
    /// The promised date as the extension leaves it.
    pub new_due: Option<String>,
    /// 终止办理: the tolerated materials that did not come, and their date.
    #[serde(default)]
    pub overdue_missing: Vec<String>,
    #[serde(default)]
    pub shortfall_due: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelInfo {
    pub carrier: String,
    pub product: String,
    /// The large sorting code (大头笔).
    pub sorting_code: String,
    /// The carrier's package centre (集包地) the envelope is bagged for.
    pub package_centre: String,
    pub waybill: String,
    pub receiver_name: String,
    pub receiver_phone_masked: String,
    pub receiver_address: String,
    pub sender: HallInfo,
    pub case_number: String,
    pub date: String,
    pub reprint: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestRow {
    pub waybill: String,
    pub case_number: String,
    pub receiver: String,
    pub destination: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestInfo {
    pub hall: HallInfo,
    pub batch: String,
    pub carrier: String,
    pub date: String,
    pub rows: Vec<ManifestRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestPageInfo {
    pub profile: String,
    pub queue: String,
    pub date: String,
}

struct Words {
    receipt: &'static str,
    applicant: &'static str,
    id: &'static str,
    phone: &'static str,
    agent: &'static str,
    item: &'static str,
    department: &'static str,
    accepted_at: &'static str,
    window: &'static str,
    clerk: &'static str,
    promised: &'static str,
    delivery: &'static str,
    materials: &'static str,
    index: &'static str,
    material: &'static str,
    form: &'static str,
    copies: &'static str,
    pages: &'static str,
    tolerated: &'static str,
    scan: &'static str,
    code: &'static str,
    hotline: &'static str,
    sign_applicant: &'static str,
    sign_clerk: &'static str,
    reprint: &'static str,
    case_number: &'static str,
    bundle_receipt: &'static str,
    bundle: &'static str,
    bundle_cases: &'static str,
    outcome: &'static str,
}

const ZH_CN: Words = Words {
    receipt: "受理回执",
    applicant: "申请人",
    id: "证件号码",
    phone: "联系电话",
    agent: "代办人",
    item: "办理事项",
    department: "实施部门",
    accepted_at: "受理时间",
    window: "受理窗口",
    clerk: "受理人",
    promised: "承诺办结日期",
    delivery: "送达方式",
    materials: "已收材料",
    index: "序号",
    material: "材料名称",
    form: "形式",
    copies: "份数",
    pages: "页数",
    tolerated: "容缺材料（须按期补齐）",
    scan: "扫码查询办理进度",
    code: "验证码",
    hotline: "政务服务便民热线：12345",
    sign_applicant: "申请人（签名）：",
    sign_clerk: "受理人（签名）：",
    reprint: "补打",
    case_number: "办件编号",
    bundle_receipt: "一件事受理回执",
    bundle: "一件事",
    bundle_cases: "本次受理的办件",
    outcome: "受理结果",
};

const ZH_HK: Words = Words {
    receipt: "受理回執",
    applicant: "申請人",
    id: "證件號碼",
    phone: "聯繫電話",
    agent: "代辦人",
    item: "辦理事項",
    department: "實施部門",
    accepted_at: "受理時間",
    window: "受理窗口",
    clerk: "受理人",
    promised: "承諾辦結日期",
    delivery: "送達方式",
    materials: "已收材料",
    index: "序號",
    material: "材料名稱",
    form: "形式",
    copies: "份數",
    pages: "頁數",
    tolerated: "容缺材料（須按期補齊）",
    scan: "掃碼查詢辦理進度",
    code: "驗證碼",
    hotline: "政務服務便民熱線：12345",
    sign_applicant: "申請人（簽名）：",
    sign_clerk: "受理人（簽名）：",
    reprint: "補打",
    case_number: "辦件編號",
    bundle_receipt: "一件事受理回執",
    bundle: "一件事",
    bundle_cases: "本次受理的辦件",
    outcome: "受理結果",
};

const EN: Words = Words {
    receipt: "Acceptance Receipt",
    applicant: "Applicant",
    id: "ID number",
    phone: "Phone",
    agent: "Agent",
    item: "Service item",
    department: "Department",
    accepted_at: "Accepted at",
    window: "Window",
    clerk: "Clerk",
    promised: "Promised completion",
    delivery: "Delivery",
    materials: "Materials received",
    index: "No.",
    material: "Material",
    form: "Form",
    copies: "Copies",
    pages: "Pages",
    tolerated: "To be supplied later",
    scan: "Scan to follow progress",
    code: "Code",
    hotline: "Government service hotline: 12345",
    sign_applicant: "Applicant (signature): ",
    sign_clerk: "Clerk (signature): ",
    reprint: "REPRINT",
    case_number: "Case number",
    bundle_receipt: "Combined Acceptance Receipt",
    bundle: "Life event",
    bundle_cases: "Cases opened in this visit",
    outcome: "Decision",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::ZhHk => &ZH_HK,
        Lang::En => &EN,
    }
}

/// The string in a progress look-up QR code: the case number and its verification code, nothing
/// personal.
pub fn progress_code(number: &str, verification_code: &str) -> String {
    format!("OW:{number}:{verification_code}")
}

/// A flowing layout over as many pages as it takes (fixed paper) or one page as long as the
/// content (a roll).
struct Flow<'a, 'f> {
    shaper: &'a Shaper<'f>,
    area: PrintArea,
    pages: Vec<crate::Page>,
    page: PageBuilder<'a, 'f>,
    y: f32,
    /// Base font size in points.
    size: f32,
}

impl<'a, 'f> Flow<'a, 'f> {
    /// A roll is laid out on a long page, then cut to the content.
    const ROLL_LENGTH: f32 = 2000.0;
    /// Kept free at the foot of a fixed page for its page number.
    const FOOTER: f32 = 6.0;

    fn new(shaper: &'a Shaper<'f>, area: PrintArea) -> Self {
        let page = Self::blank(shaper, area);
        let size = if area.content_width() >= 150.0 { 10.5 } else { 8.5 };
        Self { shaper, area, pages: Vec::new(), y: area.margins[0], page, size }
    }

    fn blank(shaper: &'a Shaper<'f>, area: PrintArea) -> PageBuilder<'a, 'f> {
        let height = area.paper.height.unwrap_or(Self::ROLL_LENGTH);
        let printable = Rect {
            x: area.margins[3],
            y: area.margins[0],
            w: area.content_width(),
            h: height - area.margins[0] - area.margins[2],
        };
        PageBuilder::new(shaper, area.paper.width, height, printable)
    }

    fn left(&self) -> f32 {
        self.area.margins[3]
    }
    fn width(&self) -> f32 {
        self.area.content_width()
    }
    fn wide(&self) -> bool {
        self.width() >= 150.0
    }
    fn line_h(&self, size: f32) -> f32 {
        size / PT_PER_MM * 1.4
    }

    /// Makes room for `h` mm, starting a new page when a fixed page is full.
    fn need(&mut self, h: f32) {
        if let Some(height) = self.area.paper.height {
            if self.y + h > height - self.area.margins[2] - Self::FOOTER {
                let full = std::mem::replace(&mut self.page, Self::blank(self.shaper, self.area));
                self.pages.push(full.page);
                self.y = self.area.margins[0];
            }
        }
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    fn center(&mut self, size: f32, text: &str) {
        let h = self.line_h(size);
        self.need(h);
        let (left, width) = (self.left(), self.width());
        let text_w = self.page.measure(text, size);
        if text_w > width {
            let used = self.page.paragraph(left, self.y, width, size, text);
            self.y += used;
        } else {
            self.page.text_center(left + width / 2.0, self.y, size, text);
            self.y += h;
        }
    }

    fn rule(&mut self) {
        self.need(2.0);
        let (l, w) = (self.left(), self.width());
        self.page.line(l, self.y + 1.0, l + w, self.y + 1.0, 0.2);
        self.y += 2.5;
    }

    /// `label：value`, the value wrapped under itself.
    fn field(&mut self, label: &str, value: &str) {
        let size = self.size;
        let label = format!("{label}：");
        let label_w = if self.wide() { 30.0 } else { self.page.measure(&label, size).min(24.0) };
        let (left, width) = (self.left(), self.width());
        let lines = self.page.wrap(value, size, width - label_w);
        let h = self.line_h(size) * lines.len().max(1) as f32;
        self.need(h);
        self.page.text_fit(left, self.y, label_w, size, size - 2.0, &label);
        let used = self.page.paragraph(left + label_w, self.y, width - label_w, size, value);
        self.y += used.max(self.line_h(size));
    }

    fn heading(&mut self, text: &str) {
        let size = self.size + 1.0;
        self.gap(1.0);
        let h = self.line_h(size);
        self.need(h);
        let left = self.left();
        self.page.text(left, self.y, size, text);
        self.y += h;
    }

    fn paragraph(&mut self, text: &str) {
        let size = self.size;
        let (left, width) = (self.left(), self.width());
        for line in self.page.wrap(text, size, width) {
            let h = self.line_h(size);
            self.need(h);
            self.page.text(left, self.y, size, &line);
            self.y += h;
        }
    }

    /// Case number as Code128 with its text, and the progress QR code.
    fn codes(&mut self, info: &CaseInfo, w: &Words) -> Result<(), DocumentError> {
        // Printed before the case exists (a commitment to sign): the number comes at acceptance.
        if info.number.is_empty() {
            self.paragraph(&format!("{}：受理后生成", w.case_number));
            return Ok(());
        }
        let module = 0.25;
        let (left, width) = (self.left(), self.width());
        let qr_data = progress_code(&info.number, &info.verification_code);
        if self.wide() {
            let h = 30.0;
            self.need(h);
            let y = self.y;
            self.page.code128(left, y, 12.0, module, &info.number)?;
            // The number is what the applicant reads out at a window: larger than the body text,
            // grouped as the screens group it.
            let grouped = onewindow_domain::case::grouped_case_number(&info.number);
            self.page.text(left + 2.5, y + 13.0, self.size + 3.5, &format!("{}：{grouped}", w.case_number));
            let qr = 26.0;
            self.page.qr(left + width - qr, y, qr, &qr_data)?;
            self.page.text_right(
                left + width - qr - 2.0,
                y + 20.0,
                self.size - 1.5,
                &format!("{}（{}：{}）", w.scan, w.code, info.verification_code),
            );
            self.y += h;
        } else {
            let h = 14.0;
            self.need(h);
            let bw = PageBuilder::code128_width(&info.number, module);
            self.page.code128(left + (width - bw).max(0.0) / 2.0, self.y, 10.0, module, &info.number)?;
            self.y += 10.5;
            let number = onewindow_domain::case::grouped_case_number(&info.number);
            self.center(self.size + 1.0, &number);
            let qr = 24.0;
            self.need(qr + 4.0);
            self.page.qr(left + (width - qr) / 2.0, self.y, qr, &qr_data)?;
            self.y += qr;
            let caption = format!("{}（{}：{}）", w.scan, w.code, info.verification_code);
            self.center(self.size - 1.0, &caption);
        }
        Ok(())
    }

    fn materials_table(&mut self, materials: &[MaterialLine], w: &Words) {
        let size = self.size;
        let (left, width) = (self.left(), self.width());
        if self.wide() {
            let cols = [12.0, width - 12.0 - 26.0 - 16.0 - 16.0, 26.0, 16.0, 16.0];
            let header = [w.index, w.material, w.form, w.copies, w.pages];
            let row_h = self.line_h(size) + 1.0;
            self.need(row_h);
            let mut x = left;
            for (c, h) in cols.iter().zip(header) {
                self.page.text(x + 1.0, self.y + 0.5, size, h);
                x += c;
            }
            self.y += row_h;
            self.page.line(left, self.y - 0.5, left + width, self.y - 0.5, 0.2);
            for (i, m) in materials.iter().enumerate() {
                let name_lines = self.page.wrap(&m.name, size, cols[1] - 2.0).len().max(1);
                let h = self.line_h(size) * name_lines as f32 + 1.0;
                self.need(h);
                let y = self.y + 0.5;
                let cells =
                    [(i + 1).to_string(), String::new(), m.form.clone(), m.copies.to_string(), m.pages.to_string()];
                let mut x = left;
                for (k, (c, text)) in cols.iter().zip(&cells).enumerate() {
                    if k == 1 {
                        self.page.paragraph(x + 1.0, y, c - 2.0, size, &m.name);
                    } else {
                        self.page.text(x + 1.0, y, size, text);
                    }
                    x += c;
                }
                self.y += h;
            }
            self.page.line(left, self.y, left + width, self.y, 0.2);
            self.y += 1.0;
        } else {
            for (i, m) in materials.iter().enumerate() {
                let line = format!(
                    "{}. {}（{}×{}，{}{}）",
                    i + 1,
                    m.name,
                    m.form,
                    m.copies,
                    m.pages,
                    if w.pages == "Pages" { "p" } else { "页" }
                );
                self.paragraph(&line);
            }
        }
    }

    /// The tolerated (容缺) materials with their deadlines, when there are any.
    fn tolerated(&mut self, tolerated: &[ListedMaterial], w: &Words) {
        if tolerated.is_empty() {
            return;
        }
        self.heading(w.tolerated);
        for (i, m) in tolerated.iter().enumerate() {
            self.paragraph(&format!("{}. {}：{}", i + 1, m.name, m.note));
        }
    }

    /// The cases of a bundle intake: number, item and department, decision and promised date.
    fn bundle_table(&mut self, members: &[BundleMemberLine], w: &Words) {
        let size = self.size;
        let (left, width) = (self.left(), self.width());
        for (i, m) in members.iter().enumerate() {
            let result = match &m.promised_date {
                Some(date) => format!("{}，{}：{date}", m.outcome, w.promised),
                None => m.outcome.clone(),
            };
            if self.wide() {
                let number_w = 52.0;
                let lines = self.page.wrap(&m.item_name, size, width - number_w - 2.0).len().max(1) + 2;
                let h = self.line_h(size) * lines as f32 + 1.0;
                self.need(h);
                let y = self.y + 0.5;
                self.page.text(left + 1.0, y, size, &format!("{}. {}", i + 1, m.number));
                let used = self.page.paragraph(left + number_w, y, width - number_w - 1.0, size, &m.item_name);
                self.page.text_fit(
                    left + number_w,
                    y + used,
                    width - number_w - 1.0,
                    size - 1.0,
                    size - 3.0,
                    &m.department,
                );
                self.page.text_fit(
                    left + number_w,
                    y + used + self.line_h(size),
                    width - number_w - 1.0,
                    size - 1.0,
                    size - 3.0,
                    &format!("{}：{result}", w.outcome),
                );
                self.y += h;
                self.page.line(left, self.y - 0.5, left + width, self.y - 0.5, 0.1);
            } else {
                self.paragraph(&format!("{}. {}", i + 1, m.number));
                self.paragraph(&m.item_name);
                self.paragraph(&format!("{}；{result}", m.department));
                self.gap(1.0);
            }
        }
    }

    /// Two signature lines side by side (one under the other on a roll); an empty label is none.
    fn signatures(&mut self, first: &str, second: &str) {
        let size = self.size;
        let (left, width) = (self.left(), self.width());
        self.gap(4.0);
        if self.wide() {
            let h = self.line_h(size) * 2.0;
            self.need(h);
            self.page.text(left, self.y, size, first);
            self.page.line(left + 32.0, self.y + 4.5, left + 75.0, self.y + 4.5, 0.2);
            if !second.is_empty() {
                self.page.text(left + width / 2.0, self.y, size, second);
                self.page.line(left + width / 2.0 + 32.0, self.y + 4.5, left + width - 2.0, self.y + 4.5, 0.2);
            }
            self.y += h;
        } else {
            for label in [first, second].into_iter().filter(|l| !l.is_empty()) {
                let h = self.line_h(size) * 1.8;
                self.need(h);
                self.page.text(left, self.y, size, label);
                let lw = self.page.measure(label, size);
                self.page.line(left + lw, self.y + 3.8, left + width, self.y + 3.8, 0.2);
                self.y += h;
            }
        }
    }

    /// The date under a signature, right-aligned: `YYYY年M月D日`, or blanks to fill in by hand.
    fn date_line(&mut self, date: &str) {
        let size = self.size;
        let h = self.line_h(size) * 1.5;
        self.need(h);
        let right = self.left() + self.width();
        let text = if date.is_empty() { "      年    月    日" } else { date };
        self.page.text_right(right, self.y, size, text);
        self.y += h;
    }

    /// The issuing authority and the date, right-aligned over a box for the official seal (盖章).
    /// The authority's name and date with the seal area: its electronic seal where it configured
    /// one (a 40 mm seal over the name, as a stamp is placed), else a box for the stamp.
    fn seal(&mut self, authority: &str, date: &str, image: Option<std::sync::Arc<crate::Picture>>) {
        let size = self.size;
        let seal = 40.0;
        let h = seal + self.line_h(size) * 2.0 + 4.0;
        self.gap(3.0);
        self.need(h);
        let right = self.left() + self.width();
        let (x, y) = (right - seal, self.y);
        match image {
            Some(image) => {
                // Kept in proportion inside the seal's square.
                let ratio = image.height as f32 / image.width.max(1) as f32;
                let (w, h) = if ratio <= 1.0 { (seal, seal * ratio) } else { (seal / ratio, seal) };
                self.page.image(Rect { x: x + (seal - w) / 2.0, y: y + (seal - h) / 2.0, w, h }, image);
            }
            None => {
                self.page.stroke(Rect { x, y, w: seal, h: seal }, 0.3);
                self.page.text_center(x + seal / 2.0, y + seal / 2.0 - 2.0, size - 1.0, "（盖章）");
            }
        }
        // The authority's name and the date sit over the seal, as a stamp is placed on them.
        self.page.text_right(right - 2.0, y + seal - self.line_h(size) * 2.0 - 2.0, size, authority);
        self.page.text_right(right - 2.0, y + seal - self.line_h(size) - 2.0, size, date);
        self.y += h;
    }

    fn reprint_mark(&mut self, w: &Words) {
        let size = self.size + 3.0;
        let text_w = self.page.measure(w.reprint, size);
        let (left, width) = (self.left(), self.width());
        let x = left + width - text_w - 3.0;
        let y = self.area.margins[0];
        self.page.stroke(Rect { x: x - 1.0, y: y - 0.5, w: text_w + 2.0, h: size / PT_PER_MM + 1.5 }, 0.4);
        self.page.text(x, y + 0.2, size, w.reprint);
    }

    /// The pages; a roll's single page is cut to the content.
    fn finish(mut self) -> Vec<crate::Page> {
        let mut last = self.page.page;
        if self.area.paper.height.is_none() {
            last.height = (self.y + self.area.margins[2]).max(40.0);
        }
        self.pages.push(last);
        self.pages
    }
}

/// 第 n 页 共 m 页 at the foot of every page of a document of more than one.
fn number_pages(shaper: &Shaper<'_>, pages: &mut [crate::Page], area: PrintArea) {
    let total = pages.len();
    if total < 2 {
        return;
    }
    for (i, page) in pages.iter_mut().enumerate() {
        let text = format!("第 {} 页 共 {total} 页", i + 1);
        let size = 9.0;
        let w = shaper.measure(&text) * size / PT_PER_MM;
        let y = page.height - area.margins[2] - 4.5;
        page.push_text((page.width - w) / 2.0, y, size, w, &text);
    }
}

fn title_of(kind: DocumentKind, w: &Words) -> &'static str {
    match kind {
        DocumentKind::Receipt => w.receipt,
        DocumentKind::BundleReceipt => w.bundle_receipt,
        DocumentKind::ShortfallNotice => "容缺受理通知书",
        DocumentKind::Commitment => "容缺受理承诺书",
        DocumentKind::OneTimeNotice => "一次性告知书",
        DocumentKind::RefusalNotice => "不予受理通知书",
        DocumentKind::CorrectionNotice => "补正材料告知书",
        DocumentKind::ApprovalDecision => "准予行政许可决定书",
        DocumentKind::DenialDecision => "不予行政许可决定书",
        DocumentKind::SpecialProcedureNotice => "特别程序告知书",
        DocumentKind::ExtensionNotice => "延长办理期限告知书",
        DocumentKind::WithdrawalNotice => "视为撤回申请通知书",
        DocumentKind::ProgressSlip => "办件进度查询单",
        DocumentKind::TerminationNotice => "终止办理通知书",
        DocumentKind::CollectionReceipt => "办理结果领取签收单",
        DocumentKind::Label => "电子面单",
        DocumentKind::Manifest => "交接清单",
        DocumentKind::TestPage => "打印测试页",
        DocumentKind::CoverSheet => "材料分隔页",
    }
}

/// A case document: receipt, notices or commitment letter.
pub fn render_case_document(
    kind: DocumentKind,
    info: &CaseInfo,
    area: PrintArea,
    fonts: &FontChain,
) -> Result<Rendered, DocumentError> {
    if !kind.is_case_document() {
        return Err(DocumentError::Layout(format!("{} 不是办件文书", kind.as_str())));
    }
    let receipt = matches!(kind, DocumentKind::Receipt | DocumentKind::BundleReceipt);
    // Legal notices and the commitment are kept and stamped: A4 only; the roll is for receipts
    // and progress slips.
    if !receipt && kind != DocumentKind::ProgressSlip && area.paper.height.is_none() {
        return Err(DocumentError::Layout(format!("{}须用A4纸打印，不能用热敏卷纸", title_of(kind, &ZH_CN))));
    }
    // Only the receipts are translated; notices are legal documents in Chinese.
    let w = if receipt { words(info.lang) } else { &ZH_CN };
    // A notice that accepts nothing records when the papers were received and who handled them.
    let accepts = !matches!(kind, DocumentKind::OneTimeNotice | DocumentKind::RefusalNotice);
    let (at_label, window_label, clerk_label) =
        if accepts { (w.accepted_at, w.window, w.clerk) } else { ("收件时间", "收件窗口", "经办人") };
    let shaper = Shaper::new(fonts);
    let mut flow = Flow::new(&shaper, area);
    if info.reprint {
        flow.reprint_mark(w);
    }
    // The back office's decisions are the department's, issued and sealed in its name.
    let review = match (kind.is_review_document(), &info.review) {
        (true, Some(review)) => Some(review),
        (true, None) => {
            return Err(DocumentError::Layout(format!("办件{}还没有{}所需的审批记录", info.number, title_of(kind, w))))
        }
        // A reviewer's correction request; one without is the window's own list.
        (false, Some(r)) if kind == DocumentKind::CorrectionNotice && !r.corrections.is_empty() => Some(r),
        (false, _) => None,
    };
    let issuer = review.map_or(info.hall.name.as_str(), |r| r.authority.as_str());
    let title = match review {
        Some(r) if kind == DocumentKind::ApprovalDecision && !r.approval_title.is_empty() => r.approval_title.as_str(),
        Some(r) if kind == DocumentKind::DenialDecision && !r.licence => "不予办理决定书",
        _ => title_of(kind, w),
    };
    let base = flow.size;
    flow.center(base + 1.5, issuer);
    flow.center(base + 7.0, title);
    flow.gap(1.5);
    flow.codes(info, w)?;
    flow.rule();
    flow.field(w.applicant, &info.applicant_name);
    flow.field(w.id, &info.applicant_id_masked);
    if !info.applicant_phone_masked.is_empty() {
        flow.field(w.phone, &info.applicant_phone_masked);
    }
    if let Some(agent) = &info.agent_name {
        flow.field(w.agent, agent);
    }
    if kind == DocumentKind::BundleReceipt {
        let bundle = info
            .bundle
            .as_ref()
            .ok_or_else(|| DocumentError::Layout(format!("办件{}不是一件事受理的办件", info.number)))?;
        flow.field(w.bundle, &bundle.name);
    } else {
        flow.field(w.item, &info.item_name);
        flow.field(w.department, &info.department);
    }
    if let Some(notice) = &info.continues {
        let notice = onewindow_domain::case::grouped_case_number(notice);
        flow.field("续办", &format!("一次性告知书（办件编号 {notice}）"));
    }
    flow.field(at_label, &info.accepted_at);
    flow.field(window_label, &format!("{} {}", info.hall.name, info.window));
    // The progress slip names no staff, as the look-up screen does.
    if kind != DocumentKind::ProgressSlip {
        flow.field(clerk_label, &info.clerk);
    }
    match kind {
        DocumentKind::Receipt | DocumentKind::ShortfallNotice => {
            if let Some(date) = &info.promised_date {
                flow.field(w.promised, date);
            }
            flow.field(w.delivery, &info.delivery);
            flow.heading(w.materials);
            flow.materials_table(&info.materials, w);
            flow.tolerated(&info.tolerated, w);
            if kind == DocumentKind::Receipt && info.instant {
                flow.field("办理结果", "即时办结（智能审批，当场出具结果）");
            }
            if kind == DocumentKind::ShortfallNotice {
                flow.gap(1.0);
                let due = info.shortfall_supplement_due.clone().unwrap_or_default();
                flow.paragraph(&format!(
                    "您申请的事项已予容缺受理。请于{due}前补齐上列材料。补交期间办理时限照常计算，承诺办结日期不变；逾期未补齐的，本机关将依法终止办理，并记入相关信用记录。"
                ));
            }
        }
        DocumentKind::Commitment => {
            flow.heading("容缺材料");
            for (i, m) in info.tolerated.iter().enumerate() {
                flow.paragraph(&format!("{}. {}：{}", i + 1, m.name, m.note));
            }
            flow.gap(1.0);
            let due = info.shortfall_supplement_due.clone().unwrap_or_default();
            let who = if info.applicant_is_organisation { "本单位" } else { "本人" };
            flow.paragraph(&format!(
                "{who}{}申请办理“{}”，现就容缺受理郑重承诺：所提交材料真实、合法、有效；上列容缺材料将于{due}前补齐；如未按期补齐或承诺不实，愿意承担相应法律责任，并同意将相关情况记入信用记录。",
                info.applicant_name, info.item_name
            ));
        }
        DocumentKind::CorrectionNotice if review.is_some() => {
            let r = review.expect("matched");
            flow.heading("需补正的全部材料");
            for (i, m) in r.corrections.iter().enumerate() {
                flow.paragraph(&format!("{}. {}：{}", i + 1, m.name, m.note));
            }
            flow.gap(1.0);
            let deadline = r.correction_deadline.clone().unwrap_or_default();
            flow.paragraph(&format!(
                "经审查，您的申请材料需要补正，现将需补正的全部内容一次性告知如上。请于{deadline}前，持本告知书或受理回执到江门市任一政务服务大厅综合窗口提交补正材料（窗口扫描本告知书二维码即可办理）。补正期间不计入办理时限；逾期未补正的，视为撤回申请。"
            ));
            reason_line(&mut flow, &r.reason);
        }
        DocumentKind::ApprovalDecision => {
            let r = review.expect("checked above");
            flow.gap(1.0);
            let decision = if r.licence {
                "符合法定条件和标准。根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予许可"
            } else {
                "符合规定条件，本机关决定准予办理"
            };
            flow.paragraph(&format!(
                "{}：你（单位）于{}提出的“{}”申请，经审查，{decision}。",
                info.applicant_name, info.accepted_at, info.item_name
            ));
            flow.heading(if r.licence { "许可结果" } else { "办理结果" });
            flow.field("证照名称", &r.result_name);
            flow.field("证照编号", &r.certificate_number);
            flow.field("有效期至", r.valid_until.as_deref().unwrap_or("长期"));
            if !r.note.is_empty() {
                flow.field("备注", &r.note);
            }
            flow.field(w.delivery, &info.delivery);
        }
        DocumentKind::DenialDecision => {
            let r = review.expect("checked above");
            flow.gap(1.0);
            let decision = if r.licence {
                "根据《中华人民共和国行政许可法》第三十八条第二款的规定，本机关决定不予许可"
            } else {
                "本机关决定不予办理"
            };
            flow.paragraph(&format!(
                "{}：你（单位）于{}提出的“{}”申请，经审查，{}。{decision}。",
                info.applicant_name, info.accepted_at, info.item_name, r.ground
            ));
            flow.heading(if r.licence { "不予许可理由" } else { "不予办理理由" });
            flow.paragraph(&r.reason);
            flow.gap(1.0);
            remedies(&mut flow, info, "本决定书");
        }
        DocumentKind::SpecialProcedureNotice => {
            let r = review.expect("checked above");
            flow.gap(1.0);
            flow.paragraph(&format!(
                "{}：你（单位）申请的“{}”（办件编号{}），依法需要进行{}，预计需要{}个工作日。根据《中华人民共和国行政许可法》第四十五条的规定，{}所需时间不计入办理期限，办结日期相应顺延，本机关将书面告知结果。",
                info.applicant_name, info.item_name, info.number, r.procedure, r.procedure_limit_days, r.procedure
            ));
            reason_line(&mut flow, &r.reason);
        }
        DocumentKind::ExtensionNotice => {
            let r = review.expect("checked above");
            flow.gap(1.0);
            let due = r.new_due.clone().unwrap_or_default();
            flow.paragraph(&format!(
                "{}：你（单位）申请的“{}”（办件编号{}），不能在原定期限内作出决定，经本机关负责人批准，办理期限延长{}个工作日，延长后的办结日期为{due}。根据《中华人民共和国行政许可法》第四十二条的规定，特此告知。",
                info.applicant_name, info.item_name, info.number, r.extension_days
            ));
            reason_line(&mut flow, &r.reason);
        }
        DocumentKind::WithdrawalNotice => {
            let r = review.expect("checked above");
            flow.gap(1.0);
            let deadline = r.correction_deadline.clone().unwrap_or_default();
            flow.paragraph(&format!(
                "{}：你（单位）申请的“{}”（办件编号{}），本机关已于{}一次性告知需补正的全部材料，要求于{deadline}前补正。你（单位）逾期未提交补正材料，本机关视为你（单位）撤回申请，终止办理。如仍需办理，可重新提出申请。",
                info.applicant_name, info.item_name, info.number, r.correction_requested_on
            ));
            reason_line(&mut flow, &r.reason);
            flow.gap(1.0);
            remedies(&mut flow, info, "本通知书");
        }
        DocumentKind::TerminationNotice => {
            let r = review.expect("checked above");
            flow.gap(1.0);
            let due = r.shortfall_due.clone().unwrap_or_default();
            flow.paragraph(&format!(
                "{}：你（单位）申请的“{}”（办件编号{}）于{}容缺受理，你（单位）书面承诺于{due}前补齐容缺材料。截至该日，下列材料仍未补齐，你（单位）未履行容缺受理承诺。本机关决定终止办理该申请，并将未履行承诺的情况记入信用记录；自终止之日起一定期限内，你（单位）申请政务服务事项不适用容缺受理。",
                info.applicant_name, info.item_name, info.number, info.accepted_at
            ));
            flow.heading("逾期未补齐的材料");
            for (i, m) in r.overdue_missing.iter().enumerate() {
                flow.paragraph(&format!("{}. {m}", i + 1));
            }
            reason_line(&mut flow, &r.reason);
            flow.gap(1.0);
            flow.paragraph("如仍需办理，可备齐全部材料后重新提出申请。");
            remedies(&mut flow, info, "本通知书");
        }
        DocumentKind::CollectionReceipt => {
            let c = info
                .collection
                .as_ref()
                .ok_or_else(|| DocumentError::Layout(format!("办件{}尚未出件，没有领取记录", info.number)))?;
            flow.heading("领取信息");
            flow.field("领取结果", &c.result);
            flow.field("领取方式", if c.as_agent { "代领（已核验授权委托书）" } else { "申请人本人领取" });
            flow.field("领取人", &c.collector_name);
            flow.field("领取人证件", &c.collector_id_masked);
            flow.field("领取时间", &c.collected_at);
            flow.field("出件大厅", &c.hall);
            flow.gap(1.0);
            flow.paragraph("本人已核对并领取上述办理结果，证件及结果内容无误。");
        }
        DocumentKind::ProgressSlip => {
            let p = info
                .progress
                .as_ref()
                .ok_or_else(|| DocumentError::Layout(format!("办件{}没有进度信息", info.number)))?;
            let state = if p.paused { format!("{}（办理时限暂停计算）", p.state) } else { p.state.clone() };
            flow.field("当前状态", &state);
            if let Some(date) = &info.promised_date {
                flow.field(w.promised, date);
            }
            flow.field(w.delivery, &info.delivery);
            flow.heading("办理过程");
            for (at, hall, what) in &p.steps {
                flow.paragraph(&format!("{at}  {what}（{hall}）"));
            }
            if !p.outstanding.is_empty() {
                flow.heading("尚需提交的材料");
                for (i, m) in p.outstanding.iter().enumerate() {
                    flow.paragraph(&format!("{}. {}：{}", i + 1, m.name, m.note));
                }
            }
            flow.gap(1.0);
            flow.paragraph(&format!("查询时间：{}。本单仅供申请人了解办理进度，不作为办理结果的凭证。", p.printed_at));
        }
        DocumentKind::OneTimeNotice | DocumentKind::CorrectionNotice => {
            let heading = if kind == DocumentKind::OneTimeNotice {
                "需补齐或更正的全部材料"
            } else {
                "需补正的材料"
            };
            flow.heading(heading);
            for (i, m) in info.missing.iter().enumerate() {
                flow.paragraph(&format!("{}. {}：{}", i + 1, m.name, m.note));
            }
            flow.gap(1.0);
            let text = if kind == DocumentKind::OneTimeNotice {
                "您的申请材料尚不齐全或不符合法定形式，现一次性告知如上。请备齐上列全部材料后再次申请，任一综合窗口均可办理。"
            } else {
                "您的申请材料需要补正，现一次性告知如上。请按要求补正；补正期间不计入办理时限。"
            };
            flow.paragraph(text);
        }
        DocumentKind::BundleReceipt => {
            flow.field(w.delivery, &info.delivery);
            flow.heading(w.bundle_cases);
            let members = info.bundle.as_ref().map(|b| b.members.as_slice()).unwrap_or_default();
            flow.bundle_table(members, w);
            flow.heading(w.materials);
            flow.materials_table(&info.materials, w);
            flow.tolerated(&info.tolerated, w);
        }
        DocumentKind::RefusalNotice => {
            flow.heading("不予受理理由");
            flow.paragraph(&info.refusal_reason.clone().unwrap_or_default());
            flow.gap(1.0);
            remedies(&mut flow, info, "本通知书");
        }
        _ => unreachable!("checked above"),
    }
    flow.gap(1.0);
    flow.paragraph(w.hotline);
    flow.paragraph(&format!("{} {}", info.hall.address, info.hall.phone));
    match kind {
        DocumentKind::Receipt | DocumentKind::BundleReceipt => flow.signatures(w.sign_applicant, w.sign_clerk),
        // A slip for the applicant's information: nothing to sign or stamp.
        DocumentKind::ProgressSlip => {}
        // The collector signs that they took the result; the clerk who handed it over beside them.
        // Dated the day the result was handed over, not the day the case was taken in.
        DocumentKind::CollectionReceipt => {
            flow.signatures("领取人（签名）：", "出件人（签名）：");
            let day =
                info.collection.as_ref().and_then(|c| c.collected_at.split(' ').next()).unwrap_or(&info.issued_on);
            flow.date_line(day);
        }
        // The applicant signs what they promise; an agent signs beside them.
        DocumentKind::Commitment => {
            flow.signatures("承诺人（签名）：", if info.agent_name.is_some() { "代办人（签名）：" } else { "" });
            flow.date_line(&info.issued_on);
        }
        _ => {
            flow.signatures("申请人（签收）：", "经办人（签名）：");
            match review {
                Some(r) => flow.seal(&r.authority, &r.decided_on, seal_of(info, &r.authority)),
                None => flow.seal(&info.authority, &info.issued_on, seal_of(info, &info.authority)),
            }
        }
    }
    let mut pages = flow.finish();
    number_pages(&shaper, &mut pages, area);
    render(fonts, pages, area.offset, &format!("{title} {}", info.number))
}

/// The electronic seal `authority` configured, if any.
fn seal_of(info: &CaseInfo, authority: &str) -> Option<std::sync::Arc<crate::Picture>> {
    info.seals.iter().find(|(name, _)| name == authority).map(|(_, image)| image.clone())
}

/// The applicant's remedies against a decision (行政复议 in sixty days, 行政诉讼 in six months),
/// naming the department's review authority and court when the catalog gives them.
fn remedies(flow: &mut Flow<'_, '_>, info: &CaseInfo, document: &str) {
    let review =
        if info.review_authority.is_empty() { "本机关的本级人民政府" } else { &info.review_authority };
    let court = if info.court.is_empty() { "有管辖权的人民法院" } else { &info.court };
    flow.paragraph(&format!(
        "如对本决定不服，可自收到{document}之日起六十日内向{review}申请行政复议，或者自收到{document}之日起六个月内向{court}提起行政诉讼。"
    ));
}

fn reason_line(flow: &mut Flow<'_, '_>, reason: &str) {
    if !reason.is_empty() {
        flow.field("事由", reason);
    }
}

/// A courier label: 100×150 mm in one part, or 76×130 mm in two parts (a stub below a cut line).
pub fn render_label(info: &LabelInfo, area: PrintArea, fonts: &FontChain) -> Result<Rendered, DocumentError> {
    render_labels(std::slice::from_ref(info), area, fonts)
}

/// A batch of labels, one per page, in one PDF (what a dispatcher prints for a manifest).
pub fn render_labels(labels: &[LabelInfo], area: PrintArea, fonts: &FontChain) -> Result<Rendered, DocumentError> {
    let shaper = Shaper::new(fonts);
    let pages = labels.iter().map(|info| label_page(&shaper, info, area)).collect::<Result<Vec<_>, _>>()?;
    let title = match labels {
        [one] => format!("电子面单 {}", one.waybill),
        many => format!("电子面单 {} 张", many.len()),
    };
    render(fonts, pages, area.offset, &title)
}

fn label_page(shaper: &Shaper<'_>, info: &LabelInfo, area: PrintArea) -> Result<crate::Page, DocumentError> {
    let height = area.paper.height.ok_or_else(|| DocumentError::Layout("面单需要固定尺寸的标签纸".into()))?;
    let printable = Rect {
        x: area.margins[3],
        y: area.margins[0],
        w: area.content_width(),
        h: height - area.margins[0] - area.margins[2],
    };
    let mut p = PageBuilder::new(shaper, area.paper.width, height, printable);
    let (l, t, w) = (printable.x, printable.y, printable.w);
    let small = area.paper.width < 90.0;
    let s = if small { 7.5 } else { 9.0 };
    let lh = s / PT_PER_MM * 1.35;
    let mut y = t;
    // Carrier and product.
    p.text(l + 1.0, y + 1.0, s + 3.0, &info.carrier);
    p.text_right(l + w - 1.0, y + 1.5, s + 1.0, &info.product);
    if info.reprint {
        p.text_right(l + w - 1.0, y + 1.5 + lh + 0.5, s, "补打");
    }
    y += if small { 8.0 } else { 10.0 };
    p.line(l, y, l + w, y, 0.3);
    // Sorting code, large.
    y += 1.0;
    let sort_size = if small { 20.0 } else { 26.0 };
    // The package centre beside it, smaller: the sorter reads the code first.
    let centre_w = if info.package_centre.is_empty() { 0.0 } else { w * 0.3 };
    p.text_fit(l + 1.0, y, w - 2.0 - centre_w, sort_size, 12.0, &info.sorting_code);
    if centre_w > 0.0 {
        p.text_right(l + w - 1.0, y + 0.5, s - 1.0, "集包地");
        p.text_right(l + w - 1.0, y + 0.5 + lh, s + 1.0, &info.package_centre);
    }
    y += sort_size / PT_PER_MM + 1.5;
    p.line(l, y, l + w, y, 0.3);
    // Waybill.
    y += 1.5;
    let module = 0.25;
    let bar_h = if small { 12.0 } else { 15.0 };
    let bw = PageBuilder::code128_width(&info.waybill, module);
    p.code128(l + (w - bw).max(0.0) / 2.0, y, bar_h, module, &info.waybill)?;
    y += bar_h + 0.5;
    p.text_center(l + w / 2.0, y, s + 1.0, &info.waybill);
    y += lh + 1.5;
    p.line(l, y, l + w, y, 0.3);
    // Receiver.
    y += 1.0;
    p.text(l + 1.0, y, s, "收件");
    let inner = w - 9.0;
    p.text_fit(l + 8.0, y, inner, s + 1.5, s, &format!("{}  {}", info.receiver_name, info.receiver_phone_masked));
    y += (s + 1.5) / PT_PER_MM * 1.35;
    y += p.paragraph(l + 8.0, y, inner, s, &info.receiver_address) + 1.0;
    p.line(l, y, l + w, y, 0.2);
    // Sender.
    y += 1.0;
    p.text(l + 1.0, y, s - 0.5, "寄件");
    y += p.paragraph(l + 8.0, y, inner, s - 0.5, &format!("{}  {}", info.sender.name, info.sender.phone));
    y += p.paragraph(l + 8.0, y, inner, s - 0.5, &info.sender.address) + 1.0;
    p.line(l, y, l + w, y, 0.2);
    // Contents: nothing sensitive.
    y += 1.0;
    y += p.paragraph(l + 1.0, y, w - 2.0, s - 0.5, &format!("内件：政务文书  办件编号 {}", info.case_number));
    p.text(l + 1.0, y, s - 0.5, &format!("日期：{}", info.date));
    y += lh + 1.0;
    // Signature box.
    let sign_h = if small { 9.0 } else { 12.0 };
    p.stroke(Rect { x: l, y, w, h: sign_h }, 0.3);
    p.text(l + 1.5, y + 1.0, s - 0.5, "收件人签名：");
    y += sign_h;
    if small {
        // The stub (存根) below a cut line: waybill and case number again, for the hall's records.
        let stub_top = t + printable.h - 26.0;
        if y > stub_top {
            return Err(DocumentError::Layout("面单内容过多，存根放不下".into()));
        }
        let mut x = l;
        while x < l + w {
            p.line(x, stub_top - 1.5, (x + 2.0).min(l + w), stub_top - 1.5, 0.2);
            x += 4.0;
        }
        let mut sy = stub_top;
        p.text(l + 1.0, sy, s, "存根");
        p.text_right(l + w - 1.0, sy, s, &info.carrier);
        sy += lh + 0.5;
        let bw = PageBuilder::code128_width(&info.waybill, module);
        p.code128(l + (w - bw).max(0.0) / 2.0, sy, 9.0, module, &info.waybill)?;
        sy += 9.5;
        p.text_center(l + w / 2.0, sy, s, &format!("{}  {}", info.waybill, info.case_number));
    } else if y > t + printable.h {
        return Err(DocumentError::Layout("面单内容过多".into()));
    }
    Ok(p.page)
}

/// The handover manifest of one batch of waybills.
pub fn render_manifest(info: &ManifestInfo, area: PrintArea, fonts: &FontChain) -> Result<Rendered, DocumentError> {
    let shaper = Shaper::new(fonts);
    let mut flow = Flow::new(&shaper, area);
    let base = flow.size;
    flow.center(base + 1.5, &info.hall.name.clone());
    flow.center(base + 7.0, "寄递交接清单");
    flow.field("批次", &info.batch);
    flow.field("承运", &info.carrier);
    flow.field("日期", &info.date);
    flow.field("件数", &format!("{} 件", info.rows.len()));
    flow.rule();
    let size = flow.size;
    let (left, width) = (flow.left(), flow.width());
    let wide = flow.wide();
    let cols: Vec<f32> = if wide { vec![12.0, 40.0, 50.0, 30.0, width - 132.0] } else { vec![8.0, width - 8.0] };
    let row_h = flow.line_h(size) + 0.8;
    let header = |flow: &mut Flow| {
        let texts: &[&str] = if wide {
            &["序号", "运单号", "办件编号", "收件人", "目的地"]
        } else {
            &["序号", "运单号 / 办件编号 / 目的地"]
        };
        let mut x = left;
        for (c, t) in cols.iter().zip(texts) {
            flow.page.text(x + 0.5, flow.y, size, t);
            x += c;
        }
        flow.y += row_h;
        flow.page.line(left, flow.y - 0.6, left + width, flow.y - 0.6, 0.2);
    };
    flow.need(row_h * 2.0);
    header(&mut flow);
    for (i, r) in info.rows.iter().enumerate() {
        let lines = if wide { 1 } else { 2 };
        let before = flow.pages.len();
        flow.need(row_h * lines as f32);
        if flow.pages.len() != before {
            header(&mut flow);
        }
        if wide {
            let cells = [
                (i + 1).to_string(),
                r.waybill.clone(),
                r.case_number.clone(),
                r.receiver.clone(),
                r.destination.clone(),
            ];
            let mut x = left;
            for (c, t) in cols.iter().zip(&cells) {
                flow.page.text_fit(x + 0.5, flow.y, c - 1.0, size, size - 3.0, t);
                x += c;
            }
            flow.y += row_h;
        } else {
            flow.page.text(left + 0.5, flow.y, size, &(i + 1).to_string());
            flow.page.text_fit(
                left + cols[0],
                flow.y,
                cols[1],
                size,
                size - 3.0,
                &format!("{}  {}", r.waybill, r.case_number),
            );
            flow.y += row_h;
            flow.page.text_fit(
                left + cols[0],
                flow.y,
                cols[1],
                size,
                size - 3.0,
                &format!("{}  {}", r.receiver, r.destination),
            );
            flow.y += row_h;
        }
    }
    flow.rule();
    flow.paragraph(&format!("合计：{} 件。交接双方核对无误后签字。", info.rows.len()));
    flow.gap(3.0);
    flow.paragraph("寄递调度员（签名）：＿＿＿＿＿＿＿＿    快递员（签名）：＿＿＿＿＿＿＿＿");
    flow.paragraph("交接时间：＿＿＿＿年＿＿月＿＿日 ＿＿时＿＿分");
    let pages = flow.finish();
    render(fonts, pages, area.offset, &format!("交接清单 {}", info.batch))
}

/// A calibration page: the printable area's frame, 10 mm rulers and crosses at its corners, the
/// profile's name and a sample of the text and codes the profile will print.
pub fn render_test_page(info: &TestPageInfo, area: PrintArea, fonts: &FontChain) -> Result<Rendered, DocumentError> {
    let shaper = Shaper::new(fonts);
    let height = area.paper.height.unwrap_or(120.0);
    let printable = Rect {
        x: area.margins[3],
        y: area.margins[0],
        w: area.content_width(),
        h: height - area.margins[0] - area.margins[2],
    };
    let mut p = PageBuilder::new(&shaper, area.paper.width, height, printable);
    p.stroke(printable, 0.2);
    let (l, t, w, h) = (printable.x, printable.y, printable.w, printable.h);
    for (cx, cy) in [(l, t), (l + w, t), (l, t + h), (l + w, t + h)] {
        let dx = if cx > l { -4.0 } else { 4.0 };
        let dy = if cy > t { -4.0 } else { 4.0 };
        p.line(cx, cy, cx + dx, cy, 0.3);
        p.line(cx, cy, cx, cy + dy, 0.3);
    }
    let mut x = 10.0;
    while x <= w - 2.0 {
        let long = (x as i32) % 50 == 0;
        p.line(l + x, t, l + x, t + if long { 4.0 } else { 2.0 }, 0.2);
        x += 10.0;
    }
    let size = if w >= 150.0 { 11.0 } else { 8.0 };
    let mut y = t + 6.0;
    for line in [
        "一窗通 打印测试页".to_string(),
        format!("打印方案：{}", info.profile),
        format!("打印队列：{}", info.queue),
        format!(
            "纸张 {} × {} mm，边距 上{} 右{} 下{} 左{} mm",
            area.paper.width,
            area.paper.height.map(|h| h.to_string()).unwrap_or("连续".into()),
            area.margins[0],
            area.margins[1],
            area.margins[2],
            area.margins[3]
        ),
        format!("校准偏移 X {:+.1} mm，Y {:+.1} mm", area.offset.0, area.offset.1),
        format!("日期：{}", info.date),
        "字形检查：𠮷 · 江门市政务服务中心 ABC abc 0123456789".to_string(),
        "外框应完整；四角的直角标记应紧贴可打印区域的四个角，偏差以毫米调整校准偏移。".to_string(),
    ] {
        y += p.paragraph(l + 3.0, y, w - 6.0, size, &line);
    }
    y += 2.0;
    let data = "4407000002026112800001";
    let module = 0.25;
    if PageBuilder::code128_width(data, module) <= w - 6.0 && y + 24.0 < t + h {
        p.code128(l + 3.0, y, 10.0, module, data)?;
        let qr = 18.0;
        if l + 3.0 + PageBuilder::code128_width(data, module) + qr + 4.0 <= l + w {
            p.qr(l + w - qr - 3.0, y, qr, &progress_code(data, "TEST01"))?;
        }
    }
    render(fonts, vec![p.page], area.offset, &format!("测试页 {}", info.profile))
}

/// What a cover sheet names: the case and, per page, one material.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverSheetInfo {
    pub case_number: String,
    pub item_name: String,
    pub applicant_name: String,
    /// `(material code, material name)`, one page each.
    pub materials: Vec<(String, String)>,
}

/// The text of a cover sheet's code: read back by the scan inbox to file the pages after it.
pub fn cover_code(case_number: &str, material_code: &str) -> String {
    format!("OWCS:{case_number}:{material_code}")
}

/// One 材料分隔页 per material: put each before its pages, scan the whole stack in one go, and the
/// inbox files every page under its material.
pub fn render_cover_sheets(
    info: &CoverSheetInfo,
    area: PrintArea,
    fonts: &FontChain,
) -> Result<Rendered, DocumentError> {
    let shaper = Shaper::new(fonts);
    let height = area.paper.height.ok_or_else(|| DocumentError::Layout("分隔页需要固定尺寸的纸张".into()))?;
    let printable = Rect {
        x: area.margins[3],
        y: area.margins[0],
        w: area.content_width(),
        h: height - area.margins[0] - area.margins[2],
    };
    let mut pages = Vec::with_capacity(info.materials.len());
    for (code, name) in &info.materials {
        let mut p = PageBuilder::new(&shaper, area.paper.width, height, printable);
        let (l, t, w) = (printable.x, printable.y, printable.w);
        let big = if w >= 150.0 { 26.0 } else { 16.0 };
        let s = if w >= 150.0 { 12.0 } else { 9.0 };
        let mut y = t + 6.0;
        p.text_center(l + w / 2.0, y, big, "材料分隔页");
        y += big / PT_PER_MM + 4.0;
        y +=
            p.paragraph(l, y, w, s, "扫描时放在下列材料的第一页之前；整叠一次扫描，扫描收件箱按本页自动归档其后各页。");
        y += 4.0;
        let title_size = if w >= 150.0 { 20.0 } else { 13.0 };
        y += p.text_fit(l, y, w, title_size, s, &format!("{code}  {name}")) + 4.0;
        for line in [
            format!("办件编号：{}", info.case_number),
            format!("办理事项：{}", info.item_name),
            format!("申请人：{}", info.applicant_name),
        ] {
            y += p.paragraph(l, y, w, s, &line) + 1.0;
        }
        y += 6.0;
        let qr = (w * 0.45).min(70.0);
        p.qr(l + (w - qr) / 2.0, y, qr, &cover_code(&info.case_number, code))?;
        y += qr + 4.0;
        let module = 0.33;
        let bw = PageBuilder::code128_width(&info.case_number, module);
        if bw <= w && y + 16.0 < t + printable.h {
            p.code128(l + (w - bw) / 2.0, y, 12.0, module, &info.case_number)?;
        }
        pages.push(p.page);
    }
    if pages.is_empty() {
        return Err(DocumentError::Layout("该事项没有材料".into()));
    }
    render(fonts, pages, area.offset, &format!("材料分隔页 {}", info.case_number))
}
