//! Every document on every paper it is printed on: the text extracted by `pdftotext`, the
//! barcodes decoded by `zbarimg` from a 203 dpi rendering, and every element inside the printable
//! area.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use onewindow_documents::samples::*;
use onewindow_documents::*;

fn fonts() -> FontChain {
    let path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    let data = Arc::new(std::fs::read(path).expect("fonts-noto-cjk is installed"));
    // Face 2 of the collection is Simplified Chinese, the one with 𠮷.
    FontChain::new(vec![FontFace::new("NotoSansCJKsc-Regular", data, 2).unwrap()]).unwrap()
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext").args(["-layout"]).arg(&path).arg("-").output().expect("poppler-utils");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The barcodes zbarimg finds on the first page rendered at `dpi`, as `TYPE:DATA` lines.
fn barcodes(pdf: &[u8], dpi: u32) -> Vec<String> {
    barcodes_below(pdf, dpi, 0.0)
}

/// Like [`barcodes`], in the part of the page below `top_mm` only (zbar reports a symbol seen
/// twice once).
fn barcodes_below(pdf: &[u8], dpi: u32, top_mm: f32) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let png = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-mono", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .args(["-y", &((top_mm / 25.4 * dpi as f32) as u32).to_string(), "-H", "100000", "-W", "100000"])
        .arg(&path)
        .arg(&png)
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new("zbarimg")
        .args(["--quiet"])
        .arg(Path::new(&format!("{}.png", png.display())))
        .output()
        .expect("zbar-tools");
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

fn inside_printable_area(rendered: &Rendered, area: PrintArea, what: &str) {
    for (i, page) in rendered.pages.iter().enumerate() {
        let printable = Rect {
            x: area.margins[3],
            y: area.margins[0],
            w: area.content_width(),
            h: page.height - area.margins[0] - area.margins[2],
        };
        for e in &page.elements {
            assert!(
                printable.contains(&e.rect),
                "{what} page {i}: {} “{}” at {:?} leaves {:?}",
                e.kind,
                e.label,
                e.rect,
                printable
            );
        }
    }
}

const CASE_PAPERS: [(&str, PrintArea); 2] = [("A4", PrintArea::A4), ("80mm", PrintArea::ROLL_80)];

#[test]
fn every_case_document_says_what_it_must_on_every_paper() {
    let fonts = fonts();
    let info = case_info();
    for kind in DocumentKind::ALL.into_iter().filter(|k| k.is_case_document()) {
        let receipt = matches!(kind, DocumentKind::Receipt | DocumentKind::BundleReceipt);
        let slip = kind == DocumentKind::ProgressSlip;
        for (paper, area) in CASE_PAPERS {
            let what = format!("{} on {paper}", kind.as_str());
            if !receipt && !slip && area.paper.height.is_none() {
                // Legal notices are kept and stamped: never on the roll.
                let Err(refused) = render_case_document(kind, &info, area, &fonts) else { panic!("{what} printed") };
                assert!(refused.to_string().contains("A4"), "{what}: {refused}");
                continue;
            }
            let rendered = render_case_document(kind, &info, area, &fonts).unwrap();
            inside_printable_area(&rendered, area, &what);
            let text = pdftotext(&rendered.pdf);
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            for must in [
                "江门市政务服务中心",
                "𠮷祥云",
                "4407**********123X",
                "个体工商户设立登记",
                "4407000002026112800001",
                "12345",
            ] {
                assert!(compact.contains(must), "{what}: “{must}” missing from:\n{text}");
            }
            assert!(!compact.contains("440703199003071235"), "{what}: a full ID number");
            let expected = match kind {
                DocumentKind::Receipt => {
                    vec!["受理回执", "承诺办结日期", "2026-11-30", "代理人身份证明", "阿依古丽·买买提"]
                }
                DocumentKind::BundleReceipt => vec![
                    "一件事受理回执",
                    "开办餐饮店一件事",
                    "4407000002026112800002",
                    "4407000002026112800003",
                    "食品经营许可（新办）",
                    "江门市消防救援支队",
                    "一次性告知",
                    "2026-12-10",
                    "代理人身份证明",
                ],
                DocumentKind::ShortfallNotice => {
                    vec!["容缺受理通知书", "经营场所使用证明", "须于2026-11-30前补齐", "办理时限照常计算", "受理时间"]
                }
                DocumentKind::Commitment => vec![
                    "容缺受理承诺书",
                    "本人𠮷祥云申请办理",
                    "郑重承诺",
                    "经营场所使用证明",
                    "承诺人（签名）",
                    "代办人（签名）",
                    "2026年11月28日",
                ],
                DocumentKind::OneTimeNotice => {
                    vec!["一次性告知书", "居民身份证", "原件1份", "收件时间", "经办人", "（盖章）"]
                }
                DocumentKind::RefusalNotice => vec![
                    "不予受理通知书",
                    "未纳入全城通办",
                    "六十日内向江门市蓬江区人民政府申请行政复议",
                    "六个月内向江门市蓬江区人民法院提起行政诉讼",
                    "收件时间",
                    "经办人",
                ],
                DocumentKind::CorrectionNotice => vec![
                    "补正材料告知书",
                    "江门市蓬江区市场监督管理局",
                    "经营场所使用证明：产权人签章不清晰",
                    "租赁合同：缺少第3页",
                    "请于2026-12-15前",
                    "任一政务服务大厅综合窗口",
                    "补正期间不计入办理时限",
                ],
                DocumentKind::ApprovalDecision => {
                    vec!["准予行政许可决定书", "第三十八条第一款", "营业执照", "92440703MA5XXXXX1K", "有效期至：长期"]
                }
                DocumentKind::DenialDecision => vec![
                    "不予行政许可决定书",
                    "申请材料内容与实际情况不符",
                    "经营场所与登记住所不一致",
                    "六十日内向江门市蓬江区人民政府申请行政复议",
                    "六个月内向江门市蓬江区人民法院提起行政诉讼",
                ],
                DocumentKind::SpecialProcedureNotice => {
                    vec!["特别程序告知书", "现场核查", "5个工作日", "第四十五条", "不计入办理期限"]
                }
                DocumentKind::ExtensionNotice => {
                    vec!["延长办理期限告知书", "延长10个工作日", "2026-12-14", "第四十二条"]
                }
                DocumentKind::ProgressSlip => vec![
                    "办件进度查询单",
                    "待补正（办理时限暂停计算）",
                    "2026-12-0109:30要求补正（江门市政务服务中心）",
                    "租赁合同：补正，须于2026-12-15前提交",
                    "不作为办理结果的凭证",
                ],
                DocumentKind::WithdrawalNotice => {
                    vec!["视为撤回申请通知书", "2026-12-15前补正", "逾期未提交补正材料", "重新提出申请"]
                }
                DocumentKind::TerminationNotice => vec![
                    "终止办理通知书",
                    "2026-11-30前补齐容缺材料",
                    "1.经营场所使用证明",
                    "决定终止办理",
                    "不适用容缺受理",
                    "六十日内向江门市蓬江区人民政府申请行政复议",
                ],
                DocumentKind::CollectionReceipt => vec![
                    "办理结果领取签收单",
                    "营业执照（92440703MA5XXXXX1K）",
                    "代领（已核验授权委托书）",
                    "6501**********2021",
                    "2026年12月3日10:20",
                    "领取人（签名）",
                    "出件人（签名）",
                ],
                _ => unreachable!(),
            };
            for must in expected {
                assert!(compact.contains(must), "{what}: “{must}” missing from:\n{text}");
            }
            if slip {
                assert!(!compact.contains("李敏"), "{what}: a staff name on the progress slip");
            }
            // Every notice names who issues it, with the date in 年月日 and a box for the seal.
            if !receipt && !slip && !matches!(kind, DocumentKind::Commitment | DocumentKind::CollectionReceipt) {
                // The back office's papers are the department's; the window's are the hall's.
                let issuer = if kind.is_review_document() || kind == DocumentKind::CorrectionNotice {
                    ["江门市蓬江区市场监督管理局", "2026年12月1日", "（盖章）"]
                } else {
                    ["江门市政务服务中心", "2026年11月28日", "（盖章）"]
                };
                for must in issuer {
                    assert!(compact.contains(must), "{what}: “{must}” missing from:\n{text}");
                }
                let seal = rendered
                    .pages
                    .last()
                    .unwrap()
                    .elements
                    .iter()
                    .any(|e| e.kind == "box" && (e.rect.w - 40.0).abs() < 0.1 && (e.rect.h - 40.0).abs() < 0.1);
                assert!(seal, "{what}: no 40 mm seal box");
            }
            for rule_text in ["核心材料", "不可容缺", "未签署容缺受理承诺书", "补齐材料期间不计入办理时限"]
            {
                assert!(!compact.contains(rule_text), "{what}: rule text “{rule_text}” on paper:\n{text}");
            }
            if matches!(kind, DocumentKind::OneTimeNotice | DocumentKind::RefusalNotice) {
                assert!(
                    !compact.contains("受理时间") && !compact.contains("受理人："),
                    "{what}: accepts nothing:\n{text}"
                );
            }
        }
    }
}

#[test]
fn receipts_decode_at_thermal_printer_resolution() {
    let fonts = fonts();
    let info = case_info();
    for kind in [DocumentKind::Receipt, DocumentKind::BundleReceipt] {
        for (paper, area) in CASE_PAPERS {
            let rendered = render_case_document(kind, &info, area, &fonts).unwrap();
            let codes = barcodes(&rendered.pdf, 203);
            assert!(codes.contains(&"CODE-128:4407000002026112800001".to_string()), "{kind:?} {paper}: {codes:?}");
            assert!(
                codes.contains(&"QR-Code:OW:4407000002026112800001:K7Q2M9".to_string()),
                "{kind:?} {paper}: {codes:?}"
            );
        }
    }
}

#[test]
fn receipts_in_traditional_chinese_and_english() {
    let fonts = fonts();
    for (lang, title) in [(Lang::ZhHk, "受理回執"), (Lang::En, "Acceptance Receipt")] {
        let info = CaseInfo { lang, ..case_info() };
        let text = pdftotext(&render_case_document(DocumentKind::Receipt, &info, PrintArea::A4, &fonts).unwrap().pdf);
        assert!(text.contains(title), "{lang:?}:\n{text}");
        assert!(text.contains("𠮷祥云"));
    }
}

#[test]
fn a_reprint_says_so() {
    let fonts = fonts();
    let info = CaseInfo { reprint: true, ..case_info() };
    for (_, area) in CASE_PAPERS {
        let text = pdftotext(&render_case_document(DocumentKind::Receipt, &info, area, &fonts).unwrap().pdf);
        assert!(text.contains("补打"), "{text}");
    }
    let label = LabelInfo { reprint: true, ..label_info() };
    assert!(pdftotext(&render_label(&label, PrintArea::LABEL_100X150, &fonts).unwrap().pdf).contains("补打"));
}

#[test]
fn labels_on_both_sizes_decode_and_stay_inside() {
    let fonts = fonts();
    let info = label_info();
    for (name, area) in [("100x150", PrintArea::LABEL_100X150), ("76x130", PrintArea::LABEL_76X130)] {
        let rendered = render_label(&info, area, &fonts).unwrap();
        inside_printable_area(&rendered, area, name);
        let text: String = pdftotext(&rendered.pdf).chars().filter(|c| !c.is_whitespace()).collect();
        for must in [
            "中国邮政EMS",
            "江门-新会C08",
            "集包地江门中心",
            "1189243057712",
            "陈𠮷娣",
            "139****0021",
            "华侨新村12座1802室",
            "政务文书",
            "4407000002026112800001",
            "收件人签名",
        ] {
            assert!(text.contains(must), "{name}: “{must}” missing from {text}");
        }
        let codes = barcodes(&rendered.pdf, 203);
        assert!(codes.contains(&"CODE-128:1189243057712".to_string()), "{name}: {codes:?}");
        if name == "76x130" {
            assert!(text.contains("存根"));
            // The stub below the cut line carries the waybill too.
            let stub = barcodes_below(&rendered.pdf, 203, 100.0);
            assert_eq!(stub, vec!["CODE-128:1189243057712".to_string()], "stub");
        }
    }
}

#[test]
fn long_names_and_addresses_wrap_or_shrink_instead_of_overflowing() {
    let fonts = fonts();
    let long = "广东省江门市台山市台城街道环市东路某某花园某某大厦某某座某某单元第一千二百三十四号房（请送至物业服务中心代收，联系人阿卜杜热合曼·艾合买提江·买买提明）";
    let info = CaseInfo {
        applicant_name: format!("欧阳·{}", "𠮷".repeat(30)),
        delivery: long.into(),
        item_name: "食品经营许可（新办）（告知承诺制）（跨区迁入）（港澳投资）（分支机构）".repeat(2),
        ..case_info()
    };
    for (paper, area) in CASE_PAPERS {
        let rendered = render_case_document(DocumentKind::Receipt, &info, area, &fonts).unwrap();
        inside_printable_area(&rendered, area, paper);
    }
    let label = LabelInfo {
        receiver_address: long.into(),
        receiver_name: "阿卜杜热合曼·艾合买提江·买买提明".into(),
        ..label_info()
    };
    for area in [PrintArea::LABEL_100X150, PrintArea::LABEL_76X130] {
        let rendered = render_label(&label, area, &fonts).unwrap();
        inside_printable_area(&rendered, area, "long label");
    }
}

#[test]
fn a_number_in_an_address_is_never_split_across_lines() {
    let fonts = fonts();
    // Long enough to wrap on every paper; "12座18/02室" must keep "18/02" (and "12") whole.
    let address = "广东省江门市新会区会城今古洲路88号华侨新村12座18/02室（请送至物业服务中心代收）".repeat(2);
    let label = LabelInfo { receiver_address: address.clone(), ..label_info() };
    for area in [PrintArea::LABEL_100X150, PrintArea::LABEL_76X130] {
        let rendered = render_label(&label, area, &fonts).unwrap();
        inside_printable_area(&rendered, area, "label");
        // The address's own lines, in order.
        let lines: Vec<String> = rendered.pages[0]
            .elements
            .iter()
            .filter(|e| e.kind == "text" && !e.label.is_empty() && address.contains(e.label.as_str()))
            .map(|e| e.label.clone())
            .collect();
        assert!(lines.len() >= 2, "the address wraps: {lines:?}");
        for pair in lines.windows(2) {
            let (a, b) = (pair[0].chars().last(), pair[1].chars().next());
            let joins_a_number = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '/');
            assert!(!(joins_a_number(a) && joins_a_number(b)), "split between “{}” and “{}”", pair[0], pair[1]);
        }
    }
    let info = CaseInfo { delivery: format!("邮政寄递：{address}"), ..case_info() };
    for (paper, area) in CASE_PAPERS {
        let rendered = render_case_document(DocumentKind::Receipt, &info, area, &fonts).unwrap();
        let compact: String = pdftotext(&rendered.pdf).chars().filter(|c| !c.is_whitespace()).collect();
        assert!(compact.contains("12座18/02室"), "{paper}");
    }
}

#[test]
fn a_notice_of_several_pages_numbers_them() {
    let fonts = fonts();
    let missing =
        (1..=40).map(|i| ListedMaterial { name: format!("材料{i}"), note: "原件1份，共2页；请补齐".into() }).collect();
    let info = CaseInfo { missing, ..case_info() };
    let rendered = render_case_document(DocumentKind::OneTimeNotice, &info, PrintArea::A4, &fonts).unwrap();
    let total = rendered.pages.len();
    assert!(total >= 2, "{total} page(s)");
    inside_printable_area(&rendered, PrintArea::A4, "long notice");
    let text: String = pdftotext(&rendered.pdf).chars().filter(|c| !c.is_whitespace()).collect();
    for n in 1..=total {
        assert!(text.contains(&format!("第{n}页共{total}页")), "page {n} of {total}:\n{text}");
    }
    let single = render_case_document(DocumentKind::OneTimeNotice, &case_info(), PrintArea::A4, &fonts).unwrap();
    assert_eq!(single.pages.len(), 1);
    assert!(!pdftotext(&single.pdf).contains("第 1 页"));
}

#[test]
fn the_manifest_lists_every_waybill_over_pages() {
    let fonts = fonts();
    let info = manifest_info(60);
    let rendered = render_manifest(&info, PrintArea::A4, &fonts).unwrap();
    assert!(rendered.pages.len() >= 2);
    inside_printable_area(&rendered, PrintArea::A4, "manifest");
    let text = pdftotext(&rendered.pdf);
    for row in &info.rows {
        assert!(text.contains(&row.waybill), "{} missing", row.waybill);
    }
    assert!(text.contains("合计：60 件"));
    assert!(text.contains("快递员（签名）"));
}

#[test]
fn the_test_page_on_every_paper() {
    let fonts = fonts();
    for (name, area) in [
        ("A4", PrintArea::A4),
        ("80mm", PrintArea::ROLL_80),
        ("100x150", PrintArea::LABEL_100X150),
        ("76x130", PrintArea::LABEL_76X130),
    ] {
        let rendered = render_test_page(&test_page_info(name, "PDF"), area, &fonts).unwrap();
        inside_printable_area(&rendered, area, name);
        let text = pdftotext(&rendered.pdf);
        assert!(text.contains("打印测试页") && text.contains("𠮷"), "{name}: {text}");
    }
}

#[test]
fn the_font_is_subset_and_the_file_small() {
    let fonts = fonts();
    let rendered = render_case_document(DocumentKind::Receipt, &case_info(), PrintArea::A4, &fonts).unwrap();
    assert!(rendered.pdf.len() < 60_000, "{} bytes", rendered.pdf.len());
}

#[test]
fn the_calibration_offset_moves_the_print() {
    let fonts = fonts();
    let area = PrintArea { offset: (1.5, -2.0), ..PrintArea::A4 };
    let moved = render_case_document(DocumentKind::Receipt, &case_info(), area, &fonts).unwrap();
    let plain = render_case_document(DocumentKind::Receipt, &case_info(), PrintArea::A4, &fonts).unwrap();
    assert_ne!(moved.pdf, plain.pdf);
    // The layout itself is the same; only the output is moved.
    assert_eq!(moved.pages[0].elements, plain.pages[0].elements);
}

#[test]
fn a_batch_of_labels_is_one_page_each() {
    let fonts = fonts();
    let labels: Vec<LabelInfo> =
        (0..12).map(|i| LabelInfo { waybill: format!("11892430{:05}", i), ..label_info() }).collect();
    let rendered = render_labels(&labels, PrintArea::LABEL_76X130, &fonts).unwrap();
    assert_eq!(rendered.pages.len(), 12);
    let text = pdftotext(&rendered.pdf);
    for l in &labels {
        assert!(text.contains(&l.waybill), "{}", l.waybill);
    }
}

#[test]
fn cover_sheets_one_page_per_material_with_a_readable_code() {
    let fonts = fonts();
    let info = cover_sheet_info();
    let rendered = render_cover_sheets(&info, PrintArea::A4, &fonts).unwrap();
    assert_eq!(rendered.pages.len(), 3);
    inside_printable_area(&rendered, PrintArea::A4, "cover sheets");
    let text: String = pdftotext(&rendered.pdf).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("材料分隔页") && text.contains("M02居民身份证") && text.contains("𠮷祥云"), "{text}");
    assert!(barcodes(&rendered.pdf, 150).contains(&"QR-Code:OWCS:4407000002026112800001:M01".to_string()));
}

/// The case number beside its barcode is grouped as it is read out (hall · date · sequence), on
/// A4 and on the roll.
#[test]
fn the_case_number_is_printed_grouped_beside_its_barcode() {
    let fonts = fonts();
    let info = case_info();
    for (paper, area) in CASE_PAPERS {
        let rendered = render_case_document(DocumentKind::Receipt, &info, area, &fonts).unwrap();
        let text = pdftotext(&rendered.pdf);
        assert!(text.contains("440700000 20261128 00001"), "{paper}:\n{text}");
    }
}

/// Where the issuing authority configured an electronic seal, the notice carries it (one image
/// with its transparency, inside the printable area) where the box for a stamp would be.
#[test]
fn a_configured_electronic_seal_takes_the_place_of_the_stamp_box() {
    let fonts = fonts();
    let plain = render_case_document(DocumentKind::OneTimeNotice, &case_info(), PrintArea::A4, &fonts).unwrap();
    assert!(pdftotext(&plain.pdf).contains("（盖章）"));
    let seal = Arc::new(Picture { width: 8, height: 6, rgb: [200, 16, 16].repeat(48), alpha: vec![180; 48] });
    let info = CaseInfo { seals: vec![(case_info().authority.clone(), seal)], ..case_info() };
    let sealed = render_case_document(DocumentKind::OneTimeNotice, &info, PrintArea::A4, &fonts).unwrap();
    let text = pdftotext(&sealed.pdf);
    assert!(!text.contains("（盖章）") && text.contains(&info.authority), "{text}");
    let image = sealed.pages.iter().flat_map(|p| &p.elements).find(|e| e.kind == "image").expect("the seal is drawn");
    assert!(
        (image.rect.w - 40.0).abs() < 0.01 && (image.rect.h - 30.0).abs() < 0.01,
        "in proportion: {:?}",
        image.rect
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sealed.pdf");
    std::fs::write(&path, &sealed.pdf).unwrap();
    let list = Command::new("pdfimages").arg("-list").arg(&path).output().expect("poppler-utils");
    let list = String::from_utf8_lossy(&list.stdout);
    let kinds: Vec<&str> = list.lines().skip(2).filter_map(|l| l.split_whitespace().nth(2)).collect();
    assert_eq!(kinds, ["image", "smask"], "{list}");
}
