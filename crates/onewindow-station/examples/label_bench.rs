//! Timing for `tests/bench/labels.sh`: 1,000 labels in one batch run, from "print" to the last
//! job queued (each label rendered, handed to CUPS, logged, its envelope moved and its outcome
//! stored), against rendering the same labels alone. The queue (first argument) should hold its
//! jobs (`cupsdisable`), so that what is measured is queueing, not the PDF printer's work.
//! Prints one JSON line.

use std::time::Instant;

use onewindow_app::views::{
    IntakeCommon, IntakeRequest, LabelRunRequest, PartyInput, ReceivedInput, ShipmentRequest, WaybillRangeImport,
};
use onewindow_domain::courier::{ShipmentKind, WaybillFormat};
use onewindow_domain::{DocumentKind, IdKind, MaterialForm};

const N: usize = 1000;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let queue = std::env::args().nth(1).expect("a CUPS queue that holds its jobs");
    let dir = tempfile::tempdir().unwrap();
    let app = onewindow_station::open(
        &onewindow_station::StationConfig::resolve(Some(&dir.path().join("onewindow.db"))).unwrap(),
    )
    .await
    .unwrap();
    app.seed_demo().await.unwrap();
    let admin = app.login("admin", "Demo@2026").await.unwrap();
    app.import_waybill_range(
        &admin,
        &WaybillRangeImport {
            carrier: "中国邮政 EMS".into(),
            product: "标准快递".into(),
            format: WaybillFormat::Digits,
            first: Some("1189600000001".into()),
            last: Some(format!("11896{:08}", N + 10)),
            numbers: None,
        },
    )
    .await
    .unwrap();
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    let dispatcher = app.login("dispatcher", "Demo@2026").await.unwrap();
    let applicant =
        PartyInput { name: "测试面单".into(), id_kind: IdKind::Passport, id_number: "E12345678".into() };
    let request = IntakeRequest {
        service_item_code: "440703-PJQSCJGJ-001".into(),
        received: ["M01", "M02", "M03"]
            .iter()
            .map(|c| ReceivedInput {
                material_code: c.to_string(),
                form: MaterialForm::Original,
                copies: 1,
                pages: 1,
                scans: Vec::new(),
            })
            .collect(),
        common: IntakeCommon { commitment_signed: true, ..IntakeCommon::person(applicant, "13812345678") },
    };
    // 1,000 cases taken in, each one's originals in an envelope: 1,000 labels to print.
    let mut numbers = Vec::with_capacity(N);
    let mut waybills = Vec::with_capacity(N);
    for i in 0..N {
        let mut request = request.clone();
        request.common.applicant.id_number = format!("E{:08}", 20_000_000 + i);
        let number = app.intake(&clerk, &request).await.unwrap().number;
        let packed = app
            .create_shipment(
                &dispatcher,
                &ShipmentRequest {
                    kind: ShipmentKind::MaterialTransfer,
                    cases: vec![number.clone()],
                    papers: Default::default(),
                    split_reason: None,
                    carrier: None,
                    product: None,
                },
            )
            .await
            .unwrap();
        numbers.push(number);
        waybills.push(packed.waybill);
    }

    // Rendering alone: each envelope's label, read and drawn as the run does.
    let start = Instant::now();
    for number in &numbers {
        app.render_document(DocumentKind::Label, Some(number), false, None, None, false).await.unwrap();
    }
    let render_ms = start.elapsed().as_secs_f64() * 1e3;

    let start = Instant::now();
    let run = app
        .start_label_run(&dispatcher, &LabelRunRequest { waybills, profile: None, queue: Some(queue) })
        .await
        .unwrap();
    let done = app.run_labels(&dispatcher, i64::from(run.id), &|_| {}).await.unwrap();
    let run_ms = start.elapsed().as_secs_f64() * 1e3;
    assert_eq!(done.printed as usize, N, "{:?}", done.note);
    println!(
        "{{\"labels\":{N},\"run_ms\":{run_ms:.0},\"render_only_ms\":{render_ms:.0},\"run_per_label_ms\":{:.2},\"ratio\":{:.2}}}",
        run_ms / N as f64,
        run_ms / render_ms
    );
}
