//! Progress look-up at any window: the case as the applicant may see it, nothing personal without
//! the receipt's verification code, every look-up logged.

use onewindow_app::views::{CorrectionItemInput, ReviewRequest};
use onewindow_app::{AppError, ErrorCode};
use onewindow_domain::CaseState;

use crate::intake_request;
use crate::review::demo;

#[tokio::test]
async fn a_clerk_anywhere_sees_the_progress_without_staff_names_and_the_look_up_is_logged() {
    let (store, app) = demo().await;
    let taker = app.login("clerk_440703101", "Demo@2026").await.unwrap();
    let number = app.intake(&taker, &intake_request(&["M01", "M02", "M03"])).await.unwrap().number;
    let reviewer = app.login("reviewer_pjqscjgj", "Demo@2026").await.unwrap();
    app.review(&reviewer, &number, &ReviewRequest::Claim).await.unwrap();
    let ask = ReviewRequest::RequestCorrection {
        items: vec![CorrectionItemInput {
            material_code: Some("M02".into()), name: None, reason: "复印件不清".into()
        }],
        deadline: "2026-12-15".into(),
        reason: String::new(),
    };
    app.review(&reviewer, &number, &ask).await.unwrap();

    // At the 江海区 hall, by the receipt's QR code: the applicant's own details too.
    let clerk = app.login("clerk_440704000", "Demo@2026").await.unwrap();
    let code = store.case(&number).await.unwrap().unwrap().verification_code;
    let own = app.progress(&clerk, &format!("OW:{number}:{code}")).await.unwrap();
    assert!(own.verified);
    assert_eq!(own.applicant_masked.as_deref(), Some("𠮷**"));
    assert!(own.delivery.as_deref().unwrap().starts_with("窗口领取："), "{:?}", own.delivery);
    // By the number alone: the progress, nothing personal.
    let seen = app.progress(&clerk, &number).await.unwrap();
    assert!(!seen.verified);
    assert_eq!(seen.state, CaseState::CorrectionRequested);
    assert!(seen.paused);
    assert_eq!(seen.applicant_masked, None, "nothing personal without the code");
    assert_eq!(seen.delivery, None);
    assert_eq!(seen.missing.len(), 1);
    assert_eq!((seen.missing[0].why.as_str(), seen.missing[0].until.as_deref()), ("补正", Some("2026-12-15")));
    // Steps say when, where and what, never who.
    assert_eq!(seen.steps.len(), 5);
    let text = serde_json::to_string(&seen).unwrap();
    for staff in ["钟家豪", "黄丽君", "clerk_440703101", "reviewer_pjqscjgj", "𠮷祥云", "11010519491231002X"]
    {
        assert!(!text.contains(staff), "{staff} in {text}");
    }
    let wrong = app.progress(&clerk, &format!("OW:{number}:AAAAAA")).await.unwrap_err();
    assert!(matches!(wrong, AppError::InvalidInput { field: "case", .. }));
    let missing = app.progress(&clerk, "4407000000000000000").await.unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
    let looked = store.progress_lookups(&number).await.unwrap();
    assert_eq!(looked.len(), 2, "refused look-ups log nothing");
    let who: Vec<_> = looked.iter().map(|l| (l.username.as_str(), l.hall_code.as_deref(), l.verified)).collect();
    assert_eq!(who, [("clerk_440704000", Some("440704000"), true), ("clerk_440704000", Some("440704000"), false)]);
}
