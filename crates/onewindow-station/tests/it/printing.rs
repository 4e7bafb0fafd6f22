//! Printing from the seeded demo: every document of a real case renders with what it must say,
//! and a receipt printed twice through a real CUPS queue comes out the second time marked 补打.

use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use onewindow_app::views::{PrintJobState, PrintRequest};
use onewindow_domain::{CaseState, DocumentKind};

use crate::demo_app;

pub(crate) fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext").arg(&path).arg("-").output().expect("poppler-utils");
    String::from_utf8(out.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

async fn case_in(app: &onewindow_app::App, state: CaseState) -> onewindow_app::views::CaseDetail {
    let numbers = app.cases_in_state(state).await.unwrap();
    app.case_detail(&numbers[0]).await.unwrap()
}

#[tokio::test]
async fn every_document_of_a_seeded_case_says_what_it_must() {
    let app = demo_app().await;
    let tolerated = case_in(&app, CaseState::AcceptedWithShortfall).await;
    let number = tolerated.summary.number.clone();
    for kind in [DocumentKind::Receipt, DocumentKind::ShortfallNotice, DocumentKind::Commitment] {
        let (pdf, profile) = app.render_document(kind, Some(&number), false, None, None, false).await.unwrap();
        assert_eq!(profile.name, "a4-laser");
        let text = text_of(&pdf);
        let name: String = tolerated.summary.applicant_name.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&number) && text.contains(&name), "{kind:?}: {text}");
        assert!(text.contains(&tolerated.summary.applicant_id_masked), "{kind:?}: masked ID");
        assert!(
            text.contains(&format!("须于{}前补齐", tolerated.summary.shortfall_supplement_due.clone().unwrap())),
            "{kind:?}: {text}"
        );
    }
    let (roll, profile) = app
        .render_document(DocumentKind::Receipt, Some(&number), false, Some("thermal-80"), Some("zh-hk"), false)
        .await
        .unwrap();
    assert_eq!(profile.name, "thermal-80");
    assert!(text_of(&roll).contains("受理回執"));

    let noticed = case_in(&app, CaseState::NoticeIssued).await;
    let text = text_of(
        &app.render_document(DocumentKind::OneTimeNotice, Some(&noticed.summary.number), false, None, None, false)
            .await
            .unwrap()
            .0,
    );
    assert!(text.contains("一次性告知书") && text.contains("请补齐") && !text.contains("核心材料"), "{text}");
    assert!(text.contains("收件时间") && text.contains("经办人") && !text.contains("受理时间"), "{text}");

    let refused = case_in(&app, CaseState::Refused).await;
    let text = text_of(
        &app.render_document(DocumentKind::RefusalNotice, Some(&refused.summary.number), false, None, None, false)
            .await
            .unwrap()
            .0,
    );
    assert!(text.contains("不予受理通知书") && text.contains("不具备申请资格"), "{text}");

    // A result packed by the demo's courier desk: its label carries the envelope's real waybill, and
    // the 交接清单 lists it (labelled, waiting for the courier).
    let mut posted = None;
    for number in app.cases_in_state(CaseState::AwaitingDispatch).await.unwrap() {
        if let Some(s) = app.case_shipments(&number).await.unwrap().pop() {
            posted = Some((number, s.waybill));
            break;
        }
    }
    let (posted, waybill) = posted.expect("the demo packed a result");
    let (label, profile) =
        app.render_document(DocumentKind::Label, Some(&posted), false, None, None, false).await.unwrap();
    assert_eq!(profile.name, "label-100x150");
    let text = text_of(&label);
    assert!(text.contains("政务文书") && text.contains(&posted) && text.contains(&waybill), "{text}");
    let manifest =
        text_of(&app.render_document(DocumentKind::Manifest, None, false, None, None, false).await.unwrap().0);
    assert!(manifest.contains(&posted) && manifest.contains(&waybill), "{manifest}");

    let at_window = app.cases_in_state(CaseState::ReadyForIssuance).await.unwrap();
    let err =
        app.render_document(DocumentKind::Label, Some(&at_window[0]), false, None, None, false).await.unwrap_err();
    assert!(err.to_string().contains("窗口领取"), "{err}");
    assert!(app
        .render_document(DocumentKind::Label, Some(&posted), false, Some("thermal-80"), None, false)
        .await
        .is_err());
}

/// A cups-pdf queue of the test's own on the real CUPS (started when it is not running).
pub(crate) fn own_queue(name: &str) -> String {
    let queue = format!("OW-{name}-{}", std::process::id());
    let running = Command::new("lpstat")
        .arg("-r")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("is running"))
        .unwrap_or(false);
    if !running {
        assert!(Command::new("/usr/sbin/cupsd").status().unwrap().success());
        std::thread::sleep(Duration::from_secs(1));
    }
    assert!(Command::new("lpadmin")
        .args([
            "-p",
            &queue,
            "-v",
            "cups-pdf:/",
            "-E",
            "-m",
            "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd",
            "-o",
            "pdftops-renderer-default=pdftocairo"
        ])
        .status()
        .unwrap()
        .success());
    queue
}

#[tokio::test]
async fn a_reprint_is_marked_and_logged_and_a_dead_queue_is_a_failed_job() {
    let app = demo_app().await;
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    let number = app.cases_in_state(CaseState::Accepted).await.unwrap()[0].clone();
    let queue = own_queue("APP");
    let request = PrintRequest {
        document: DocumentKind::Receipt,
        case_number: Some(number.clone()),
        profile: None,
        lang: None,
        queue: Some(queue.clone()),
        demo: false,
        handover: None,
        waybill: None,
    };
    let title = format!("receipt-{number}");
    let first = app.print(&clerk, &request).await.unwrap();
    assert_eq!((first.state, first.reprint), (PrintJobState::Queued, false));
    wait_done(&app, &number, 1).await;
    let (original, printed_at) = printed_after(&title, SystemTime::UNIX_EPOCH).await;
    let original = text_of(&original);
    assert!(original.contains("受理") && !original.contains("补打"), "{original}");
    let second = app.print(&clerk, &request).await.unwrap();
    assert!(second.reprint);
    wait_done(&app, &number, 2).await;
    // What the reprint job actually sent, as the printer wrote it out, says 补打.
    let (reprinted, _) = printed_after(&title, printed_at).await;
    assert!(text_of(&reprinted).contains("补打"));

    let dead = PrintRequest { queue: Some("OW-NOT-INSTALLED".into()), ..request };
    let failed = app.print(&clerk, &dead).await.unwrap();
    assert_eq!(failed.state, PrintJobState::Failed);
    assert!(failed.error.as_deref().unwrap().contains("不存在"));
    // Sent again to the same queue: still failing, and logged again rather than dropped.
    let again = app.resend_print_job(&clerk, failed.id, None).await.unwrap();
    assert_eq!(again.state, PrintJobState::Failed);
    let logged = app.print_jobs(Some(&number)).await.unwrap();
    assert_eq!(logged.len(), 4);
    let _ = Command::new("lpadmin").args(["-x", &queue]).status();
}

/// Waits until the case has `count` print jobs, all printed.
async fn wait_done(app: &onewindow_app::App, number: &str, count: usize) {
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let jobs = app.print_jobs(Some(number)).await.unwrap();
        if jobs.len() == count && jobs.iter().all(|j| j.state == PrintJobState::Done) {
            return;
        }
        assert!(Instant::now() < until, "{jobs:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// The newest PDF cups-pdf wrote for a job titled `title` after `after`, once complete, and when.
async fn printed_after(title: &str, after: SystemTime) -> (Vec<u8>, SystemTime) {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let dirs = [std::path::PathBuf::from(home).join("PDF"), "/var/spool/cups-pdf/ANONYMOUS".into()];
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        let newest = dirs
            .iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flat_map(|entries| entries.flatten())
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(title) && name.ends_with(".pdf")
            })
            .filter_map(|e| Some((e.path(), e.metadata().ok()?.modified().ok()?)))
            .filter(|(_, at)| *at > after)
            .max_by_key(|(_, at)| *at);
        if let Some((path, at)) = newest {
            // cups-pdf writes the file in place: read it once its size holds still.
            let size = std::fs::metadata(&path).unwrap().len();
            tokio::time::sleep(Duration::from_millis(400)).await;
            if size > 0 && std::fs::metadata(&path).unwrap().len() == size {
                return (std::fs::read(&path).unwrap(), at);
            }
        }
        assert!(Instant::now() < until, "no cups-pdf output for {title} after {after:?} in {dirs:?}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// A hall's electronic seal is a PNG the admin puts in the data directory (`seals/<hall code>.png`):
/// its notices then carry it instead of the box for a stamp.
#[tokio::test]
async fn a_hall_seal_in_the_data_directory_goes_on_its_notices() {
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(onewindow_store_sqlite::SqliteStore::in_memory().await.unwrap());
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 27, 7, 0, 0).unwrap();
    let app = onewindow_app::App::at_station(store, Arc::new(onewindow_app::FixedClock(now)), dir.path().to_path_buf());
    app.seed_demo().await.unwrap();
    let number = app.cases_in_state(onewindow_domain::CaseState::NoticeIssued).await.unwrap().remove(0);
    let render = || app.render_document(DocumentKind::OneTimeNotice, Some(&number), false, None, None, false);
    assert!(text_of(&render().await.unwrap().0).contains("（盖章）"));
    std::fs::create_dir_all(dir.path().join("seals")).unwrap();
    std::fs::write(
        dir.path().join("seals").join(format!("{}.png", &number[..9])),
        onewindow_scans::samples::png_bytes(120, 120, false),
    )
    .unwrap();
    assert!(!text_of(&render().await.unwrap().0).contains("（盖章）"), "the seal takes the box's place");
}
