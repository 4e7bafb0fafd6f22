//! Timing for `tests/bench/printing.sh`: the sample A4 receipt, and 1,000 labels in one PDF.
//! Prints one JSON line. Fonts are read once, as the application does.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use onewindow_documents::samples::*;
use onewindow_documents::*;

fn main() {
    let data =
        Arc::new(std::fs::read("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").expect("fonts-noto-cjk"));
    let fonts = FontChain::new(vec![FontFace::new("NotoSansCJKsc-Regular", data, 2).unwrap()]).unwrap();
    let info = case_info();
    let warm = render_case_document(DocumentKind::Receipt, &info, PrintArea::A4, &fonts).unwrap();
    let rounds = 50;
    let start = Instant::now();
    for _ in 0..rounds {
        black_box(render_case_document(DocumentKind::Receipt, black_box(&info), PrintArea::A4, &fonts).unwrap());
    }
    let receipt_ms = start.elapsed().as_secs_f64() * 1e3 / rounds as f64;
    let labels: Vec<LabelInfo> = (0..1000)
        .map(|i| LabelInfo {
            waybill: format!("11892430{:05}", 57712 + i),
            case_number: format!("440700000202611280{:04}", i),
            ..label_info()
        })
        .collect();
    let start = Instant::now();
    let batch = render_labels(&labels, PrintArea::LABEL_100X150, &fonts).unwrap();
    let labels_ms = start.elapsed().as_secs_f64() * 1e3;
    println!(
        "{}",
        format_args!(
            "{{\"engine\":\"onewindow (pdf-writer)\",\"receipt_ms\":{receipt_ms:.3},\"receipt_bytes\":{},\"labels_1000_ms\":{labels_ms:.1},\"labels_bytes\":{}}}",
            warm.pdf.len(),
            batch.pdf.len()
        )
    );
}
