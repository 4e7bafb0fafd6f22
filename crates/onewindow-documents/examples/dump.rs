//! Writes every sample document to a folder, for looking at them (`cargo run --example dump DIR`).

use std::sync::Arc;

use onewindow_documents::samples::*;
use onewindow_documents::*;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: dump DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let data = Arc::new(std::fs::read("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").unwrap());
    let fonts = FontChain::new(vec![FontFace::new("NotoSansCJKsc-Regular", data, 2).unwrap()]).unwrap();
    let info = case_info();
    for kind in DocumentKind::ALL.into_iter().filter(|k| k.is_case_document()) {
        for (paper, area) in [("a4", PrintArea::A4), ("80mm", PrintArea::ROLL_80)] {
            let r = render_case_document(kind, &info, area, &fonts).unwrap();
            std::fs::write(dir.join(format!("{}-{paper}.pdf", kind.as_str())), r.pdf).unwrap();
        }
    }
    for (paper, area) in [("100x150", PrintArea::LABEL_100X150), ("76x130", PrintArea::LABEL_76X130)] {
        std::fs::write(dir.join(format!("label-{paper}.pdf")), render_label(&label_info(), area, &fonts).unwrap().pdf)
            .unwrap();
    }
    std::fs::write(
        dir.join("manifest-a4.pdf"),
        render_manifest(&manifest_info(30), PrintArea::A4, &fonts).unwrap().pdf,
    )
    .unwrap();
    std::fs::write(
        dir.join("test-page-a4.pdf"),
        render_test_page(&test_page_info("a4-laser", "PDF"), PrintArea::A4, &fonts).unwrap().pdf,
    )
    .unwrap();
}
