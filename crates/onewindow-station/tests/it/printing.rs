//! Printing from the seeded demo: every document of a real case renders with what it must say,
//! and a receipt printed twice through a real CUPS queue comes out the second time marked 补打.

use std::process::Command;
use std::time::{Duration, Instant};

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
    assert!(text.contains("一次性告知书") && text.contains("核心材料"), "{text}");

    let refused = case_in(&app, CaseState::Refused).await;
    let text = text_of(
        &app.render_document(DocumentKind::RefusalNotice, Some(&refused.summary.number), false, None, None, false)
            .await
            .unwrap()
            .0,
    );
    assert!(text.contains("不予受理通知书") && text.contains("不具备申请资格"), "{text}");

    let posted = case_in(&app, CaseState::AwaitingDispatch).await;
    let (label, profile) =
        app.render_document(DocumentKind::Label, Some(&posted.summary.number), false, None, None, false).await.unwrap();
    assert_eq!(profile.name, "label-100x150");
    let text = text_of(&label);
    assert!(text.contains("政务文书") && text.contains(&posted.summary.number), "{text}");
    let manifest =
        text_of(&app.render_document(DocumentKind::Manifest, None, false, None, None, false).await.unwrap().0);
    assert!(manifest.contains(&posted.summary.number));

    let at_window = app.cases_in_state(CaseState::ReadyForIssuance).await.unwrap();
    let err =
        app.render_document(DocumentKind::Label, Some(&at_window[0]), false, None, None, false).await.unwrap_err();
    assert!(err.to_string().contains("窗口领取"), "{err}");
    assert!(app
        .render_document(DocumentKind::Label, Some(&posted.summary.number), false, Some("thermal-80"), None, false)
        .await
        .is_err());
}

#[tokio::test]
async fn a_reprint_is_marked_and_logged_and_a_dead_queue_is_a_failed_job() {
    let app = demo_app().await;
    let clerk = app.login("clerk", "Demo@2026").await.unwrap();
    let number = app.cases_in_state(CaseState::Accepted).await.unwrap()[0].clone();
    // A queue of this test's own on the real CUPS (the printing crate's tests start cupsd).
    let queue = format!("OW-APP-{}", std::process::id());
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
    let request = PrintRequest {
        document: DocumentKind::Receipt,
        case_number: Some(number.clone()),
        profile: None,
        lang: None,
        queue: Some(queue.clone()),
        demo: false,
    };
    let first = app.print(&clerk, &request).await.unwrap();
    assert_eq!((first.state, first.reprint), (PrintJobState::Queued, false));
    let second = app.print(&clerk, &request).await.unwrap();
    assert!(second.reprint);
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let jobs = app.print_jobs(Some(&number)).await.unwrap();
        if jobs.iter().all(|j| j.state == PrintJobState::Done) {
            assert_eq!(jobs.len(), 2);
            break;
        }
        assert!(Instant::now() < until, "{jobs:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // The reprint's own PDF says 补打.
    let (pdf, _) = app.render_document(DocumentKind::Receipt, Some(&number), false, None, None, true).await.unwrap();
    assert!(text_of(&pdf).contains("补打"));

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
