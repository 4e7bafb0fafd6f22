//! The suite every backend runs against a fresh, empty store. Each function is one test, listed
//! once in [`conformance_suite!`]; a backend's test binary turns the list into its tests (see
//! `onewindow-store-sqlite/tests/it`). The functions are private and reached only through that
//! list, so one left out of it is dead code and fails the build.
#![deny(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use onewindow_domain::shortfall::{Finding, FindingKind};
use onewindow_domain::time::local_day;
use onewindow_domain::{
    advance, advance_all, validate, Applicant, ApplicantKind, AppliesTo, Bundle, CaseAction, CaseChange, CaseProgress,
    CaseState, CaseStep, Catalog, DeliveryMethod, Department, Eligibility, EventDetail, FollowUpRules, Guide, Hall,
    HallLevel, IdKind, InstantApproval, ItemLevel, Material, MaterialForm, ReceivedMaterial, ReminderChannel,
    ReviewRules, Role, ServiceItem, ShortfallOverdue, ShortfallPolicy, ShortfallRules, User,
};

use crate::{CaseRow, CaseTransition, NewAttempt, NewCase, Store, StoreError};

/// Every test of the suite, in one list: `conformance_suite!(m)` calls the macro `m` with the
/// names of all of them.
#[macro_export]
macro_rules! conformance_suite {
    ($callback:ident) => {
        $callback!(
            halls_and_users_round_trip,
            catalog_versions_round_trip,
            a_failed_import_stores_nothing,
            case_numbers_are_per_hall_and_day,
            an_intake_that_cannot_be_stored_leaves_no_case_and_uses_no_number,
            a_bundle_intake_is_one_transaction,
            actions_append_events_and_illegal_ones_change_nothing,
            the_store_persists_a_change_as_given,
            a_stale_move_is_a_conflict_and_changes_nothing,
            findings_are_stored_with_the_case,
            earlier_materials_keep_the_form_they_came_in,
            queues_and_counts,
            the_department_queue_pages_filters_and_counts,
            events_are_chained_with_their_details,
            a_claim_of_a_case_someone_else_took_is_a_conflict,
            the_next_case_claimed_is_the_most_urgent_one_nobody_holds,
            several_moves_are_one_transaction,
            progress_lookups_are_logged,
            a_case_opens_only_with_its_code,
            print_jobs_are_logged_per_case,
            scans_are_recorded_once_and_assigned_in_order,
            follow_ups_list_what_is_still_to_come_with_the_last_reminder,
            a_move_computed_before_another_event_is_a_conflict,
            the_issuance_queue_is_per_pickup_hall_with_its_decision,
            broken_commitments_are_kept_and_counted,
            waybills_are_taken_once_in_order_and_never_reused,
            a_label_run_keeps_each_label_and_its_moves,
            sign_in_attempts_are_read_back_from_the_last_reset,
            an_admin_resets_a_password_and_disables_a_sign_in,
        );
    };
}

macro_rules! dispatch {
    ($($name:ident),+ $(,)?) => {
        /// The names of the suite's tests.
        pub const NAMES: &[&str] = &[$(stringify!($name)),+];

        /// Runs the suite's test `name` against `store`, a fresh and empty one.
        pub async fn run(name: &str, store: &dyn Store) {
            match name {
                $(stringify!($name) => $name(store).await,)+
                other => panic!("no conformance test named {other}"),
            }
        }
    };
}

conformance_suite!(dispatch);

pub fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap()
}

pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn hall(code: &str, name: &str) -> Hall {
    Hall {
        code: code.into(),
        name: name.into(),
        level: HallLevel::District,
        area: "蓬江区".into(),
        address: "江门市蓬江区胜利路128号".into(),
        phone: "0750-3273100".into(),
        windows: vec!["A01".into(), "A02".into()],
        uncollected_days: 30,
        idle_lock_minutes: 5,
    }
}

fn material(code: &str, name: &str, policy: ShortfallPolicy) -> Material {
    Material {
        code: code.into(),
        name: name.into(),
        form: MaterialForm::Original,
        copies: 1,
        pages: 2,
        policy,
        supplement_days: (policy == ShortfallPolicy::Tolerable).then_some(5),
        e_certificate: None,
        applies_to: AppliesTo::All,
        note: String::new(),
    }
}

pub fn catalog(item_name: &str) -> Catalog {
    Catalog {
        departments: vec![Department {
            code: "PJQSCJGJ".into(),
            name: "江门市蓬江区市场监督管理局".into(),
            area: "蓬江区".into(),
            review_authority: "江门市蓬江区人民政府".into(),
            court: "江门市蓬江区人民法院".into(),
        }],
        items: vec![ServiceItem {
            code: "440703-PJQSCJGJ-001".into(),
            name: item_name.into(),
            keywords: vec!["营业执照".into(), "开店".into(), "个体户".into()],
            results: vec!["营业执照（个体工商户）".into()],
            department_code: "PJQSCJGJ".into(),
            level: ItemLevel::District,
            kind: "行政许可".into(),
            statutory_days: 15,
            promised_days: 3,
            on_the_spot: false,
            fee: "不收费".into(),
            delivery: vec![DeliveryMethod::Window, DeliveryMethod::Post],
            citywide: true,
            commitment_approval: true,
            applicants: Eligibility::Person,
            shortfall: ShortfallRules { max_missing: 1, commitment_required: true, dishonest_excluded: false },
            guide: Guide {
                conditions: "经营者".into(),
                basis: "《促进个体工商户发展条例》".into(),
                process: "申请→受理→办结".into(),
                faq: String::new(),
            },
            materials: vec![
                material("M01", "居民身份证", ShortfallPolicy::Core),
                Material {
                    form: MaterialForm::ECertificate,
                    e_certificate: Some("不动产权证书".into()),
                    applies_to: AppliesTo::Agent,
                    note: "𠮷·注".into(),
                    ..material("M02", "经营场所使用证明", ShortfallPolicy::Tolerable)
                },
                material("M03", "照片", ShortfallPolicy::Optional),
            ],
            review: ReviewRules {
                warning_days: Some(2),
                extension_days: 10,
                denial_grounds: vec!["不符合𠮷条件".into()],
            },
            followup: FollowUpRules {
                on_shortfall_overdue: ShortfallOverdue::Terminate,
                no_tolerance_months: 6,
                instant_approval: Some(InstantApproval { e_certificates_only: true, applicants: Eligibility::Person }),
            },
        }],
        bundles: vec![Bundle {
            code: "YJS-005".into(),
            name: "个体工商户开业一件事".into(),
            description: String::new(),
            item_codes: vec!["440703-PJQSCJGJ-001".into()],
        }],
    }
}

fn user(username: &str, role: Role) -> User {
    let (hall, window, department) = role.placement();
    User {
        username: username.into(),
        display_name: format!("{username} 姓名"),
        role,
        hall_code: hall.then(|| "440703000".into()),
        window: window.then(|| "A01".into()),
        department_code: department.then(|| "PJQSCJGJ".into()),
    }
}

/// Halls, the catalog and a clerk and a reviewer: what a case needs.
pub async fn setup(store: &dyn Store) -> i64 {
    store
        .save_halls(&[hall("440703000", "江门市蓬江区政务服务中心"), hall("440704000", "江门市江海区政务服务中心")])
        .await
        .unwrap();
    let version = store.import_catalog(&catalog("个体工商户设立登记"), "test", at()).await.unwrap();
    store.save_user(&user("clerk", Role::WindowClerk), "hash-c").await.unwrap();
    store.save_user(&user("reviewer", Role::Reviewer), "hash-r").await.unwrap();
    version
}

pub fn new_case(version: i64, name: &str, at: DateTime<Utc>) -> NewCase {
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    NewCase {
        catalog_version: version,
        service_item_code: "440703-PJQSCJGJ-001".into(),
        applicant: Applicant {
            kind: ApplicantKind::Person,
            name: name.into(),
            id: validate(IdKind::ResidentId, "11010519491231002X", today).unwrap(),
            phone: Some(validate(IdKind::Mobile, "13812345678", today).unwrap()),
        },
        agent: None,
        hall_code: "440703000".into(),
        window: Some("A01".into()),
        clerk_username: "clerk".into(),
        delivery: DeliveryMethod::Window,
        pickup_hall_code: Some("440704000".into()),
        delivery_address: None,
        materials: vec![ReceivedMaterial {
            material_code: "M01".into(),
            form: MaterialForm::Original,
            copies: 1,
            pages: 2,
        }],
        findings: Vec::new(),
        scans: Vec::new(),
        verification_code: "K7Q2M9".into(),
        material_transfer: false,
        at,
        local_day: day(),
    }
}

fn due() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn supplement_due() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// The step `action` by `actor`, `minutes` after [`at`], with the dates an acceptance sets.
pub fn case_step(action: CaseAction, actor: &str, minutes: i64) -> CaseStep {
    CaseStep {
        due_date: Some(due()),
        shortfall_supplement_due: Some(supplement_due()),
        ..CaseStep::new(action, actor, at() + Duration::minutes(minutes))
    }
}

/// A transition carrying `change`, as the application hands it over.
pub fn transition_with(change: CaseChange, actor: &str, minutes: i64) -> CaseTransition {
    let reason = format!("{} 的理由", change.action.as_str());
    CaseTransition::new(change, actor, "440703000", at() + Duration::minutes(minutes), &reason)
}

/// The transitions of `steps` taken one after another on a new draft, as the domain computes them.
pub fn from_draft(steps: &[(CaseAction, &str)]) -> Vec<CaseTransition> {
    let taken: Vec<CaseStep> =
        steps.iter().enumerate().map(|(i, (action, actor))| case_step(*action, actor, i as i64 + 1)).collect();
    let changes = advance_all(CaseState::Draft, &CaseProgress::default(), &taken).expect("legal steps");
    let mut held_by = None;
    let mut transitions = Vec::with_capacity(changes.len());
    for (i, (c, (_, actor))) in changes.into_iter().zip(steps).enumerate() {
        let next_holder = c.progress.claimed_by.clone();
        transitions.push(CaseTransition { held_by, ..transition_with(c, actor, i as i64 + 1) });
        held_by = next_holder;
    }
    transitions
}

/// Takes `action` on a stored case the way the application does: read it, let the domain
/// compute the move, hand it to the store.
pub async fn act(
    store: &dyn Store,
    number: &str,
    action: CaseAction,
    actor: &str,
    minutes: i64,
) -> crate::Result<CaseState> {
    let row = store.case(number).await?.ok_or_else(|| StoreError::NotFound(number.to_string()))?;
    let change = advance(row.state, &row.progress(), &case_step(action, actor, minutes))?;
    let held_by = row.claimed_by_username.clone();
    store.apply_action(number, &CaseTransition { held_by, ..transition_with(change, actor, minutes) }).await
}

/// The whole queue of `department`, first page.
pub fn queue_query(department: &str) -> crate::QueueQuery {
    crate::QueueQuery::whole(department, 50)
}

/// A move the state machine does not allow, as a faulty caller might send it.
fn illegal(from: CaseState, action: CaseAction, to: CaseState) -> CaseTransition {
    transition_with(CaseChange { action, from, to, progress: CaseProgress::default() }, "clerk", 1)
}

async fn halls_and_users_round_trip(store: &dyn Store) {
    setup(store).await;
    let halls = store.halls().await.unwrap();
    assert_eq!(halls.len(), 2);
    assert_eq!(halls[0].windows, vec!["A01", "A02"]);
    let (clerk, hash) = store.user_credentials("clerk").await.unwrap().unwrap();
    assert_eq!(clerk, user("clerk", Role::WindowClerk));
    assert_eq!(hash, "hash-c");
    assert_eq!(store.user("nobody").await.unwrap(), None);
    let mut stray = user("stray", Role::WindowClerk);
    stray.hall_code = Some("999999999".into());
    assert!(matches!(store.save_user(&stray, "h").await, Err(StoreError::InvalidReference(_))));
    assert_eq!(store.user("stray").await.unwrap(), None);
}

async fn sign_in_attempts_are_read_back_from_the_last_reset(store: &dyn Store) {
    use onewindow_domain::signin::{AttemptKind, AttemptOutcome};
    setup(store).await;
    // The hall's screen-lock minutes round-trip with it.
    let mut hall = store.hall("440703000").await.unwrap().unwrap();
    assert_eq!(hall.idle_lock_minutes, 5);
    hall.idle_lock_minutes = 3;
    store.save_halls(&[hall]).await.unwrap();
    assert_eq!(store.hall("440703000").await.unwrap().unwrap().idle_lock_minutes, 3);

    let attempt = |username: &str, kind, outcome, minute: i64| NewAttempt {
        username: username.into(),
        kind,
        outcome,
        station: "A01-PC".into(),
        by_username: (outcome == AttemptOutcome::Lifted).then(|| "admin".to_string()),
        at: at() + Duration::minutes(minute),
    };
    assert!(store.attempts_since_reset("clerk").await.unwrap().is_empty());
    let script = [
        (AttemptKind::SignIn, AttemptOutcome::Failed),
        (AttemptKind::SignIn, AttemptOutcome::Succeeded),
        (AttemptKind::Unlock, AttemptOutcome::Failed),
        (AttemptKind::SignIn, AttemptOutcome::Refused),
        (AttemptKind::SignIn, AttemptOutcome::Lifted),
        (AttemptKind::Unlock, AttemptOutcome::Failed),
        (AttemptKind::SignIn, AttemptOutcome::Failed),
    ];
    for (minute, (kind, outcome)) in (0_i64..).zip(script) {
        store.record_attempt(&attempt("clerk", kind, outcome, minute)).await.unwrap();
    }
    // A name nobody has is recorded and counted like any other; it is no one else's.
    store.record_attempt(&attempt("nobody", AttemptKind::SignIn, AttemptOutcome::Failed, 9)).await.unwrap();
    let rows = store.attempts_since_reset("clerk").await.unwrap();
    let seen: Vec<_> = rows.iter().map(|r| (r.kind, r.outcome)).collect();
    assert_eq!(seen, script[4..].to_vec(), "from the lift on, in order");
    assert_eq!(rows[0].by_username.as_deref(), Some("admin"));
    assert_eq!((rows[1].station.as_str(), rows[1].at), ("A01-PC", at() + Duration::minutes(5)));
    assert_eq!(
        rows[2].attempt(),
        onewindow_domain::signin::Attempt { at: rows[2].at, outcome: AttemptOutcome::Failed }
    );
    assert_eq!(store.attempts_since_reset("nobody").await.unwrap().len(), 1);
}

async fn an_admin_resets_a_password_and_disables_a_sign_in(store: &dyn Store) {
    use onewindow_domain::signin::{AttemptKind, AttemptOutcome};
    setup(store).await;
    // Not a demo name: in the city a login role is the cluster's, shared by every database on it.
    let mut newcomer = user("clerk", Role::WindowClerk);
    newcomer.username = "conformance_newcomer".into();
    store.save_user(&newcomer, "hash-old").await.unwrap();
    let failed = NewAttempt {
        username: newcomer.username.clone(),
        kind: AttemptKind::SignIn,
        outcome: AttemptOutcome::Failed,
        station: "A01-PC".into(),
        by_username: None,
        at: at(),
    };
    store.record_attempt(&failed).await.unwrap();
    let lifted = NewAttempt {
        outcome: AttemptOutcome::Lifted,
        by_username: Some("admin".into()),
        at: at() + Duration::minutes(1),
        ..failed.clone()
    };
    assert!(store.reset_password(&newcomer.username, "Newcomer@2026", "hash-new", &lifted).await.unwrap());
    let (_, hash) = store.user_credentials(&newcomer.username).await.unwrap().unwrap();
    assert_eq!(hash, "hash-new");
    let since = store.attempts_since_reset(&newcomer.username).await.unwrap();
    assert_eq!(since.iter().map(|a| a.outcome).collect::<Vec<_>>(), vec![AttemptOutcome::Lifted], "counted afresh");
    assert!(!store.reset_password("nobody", "Nobody@2026", "h", &lifted).await.unwrap());
    assert!(store.user_credentials("nobody").await.unwrap().is_none());

    assert!(store.disable_user(&newcomer.username).await.unwrap());
    assert!(store.user_credentials(&newcomer.username).await.unwrap().is_none(), "an inactive user cannot sign in");
    assert!(!store.disable_user("nobody").await.unwrap());
    // The admin's list still has the disabled member, marked so, by hall then username, and
    // never the system's own user.
    let staff = store.staff().await.unwrap();
    let listed: Vec<_> = staff.iter().map(|m| (m.user.username.as_str(), m.active)).collect();
    assert_eq!(listed, vec![("clerk", true), ("conformance_newcomer", false), ("reviewer", true)]);
    assert_eq!(staff[1].user, newcomer);
    assert_eq!(staff[2].user, user("reviewer", Role::Reviewer));
    // A reset brings a disabled user back.
    assert!(store.reset_password(&newcomer.username, "Newcomer@2027", "hash-back", &lifted).await.unwrap());
    assert_eq!(store.user_credentials(&newcomer.username).await.unwrap().unwrap().1, "hash-back");
}

async fn catalog_versions_round_trip(store: &dyn Store) {
    let first = setup(store).await;
    assert_eq!(store.catalog(first).await.unwrap(), catalog("个体工商户设立登记"));
    // A new version is served from then on; the old one stays for the cases decided under it.
    let second = store.import_catalog(&catalog("个体工商户设立登记（新版）"), "test", at()).await.unwrap();
    assert!(second > first);
    assert_eq!(store.current_catalog_version().await.unwrap(), Some(second));
    assert_eq!(store.catalog(second).await.unwrap().items[0].name, "个体工商户设立登记（新版）");
    assert_eq!(store.catalog(first).await.unwrap().items[0].name, "个体工商户设立登记");
    assert!(matches!(store.catalog(second + 1).await, Err(StoreError::NotFound(_))));
}

/// A catalog that breaks a reference is refused whole: no version, no items.
async fn a_failed_import_stores_nothing(store: &dyn Store) {
    let first = setup(store).await;
    let mut broken = catalog("坏目录");
    broken.items.push(ServiceItem { code: "X-1".into(), department_code: "NOPE".into(), ..broken.items[0].clone() });
    assert!(store.import_catalog(&broken, "test", at()).await.is_err());
    assert_eq!(store.current_catalog_version().await.unwrap(), Some(first));
    assert_eq!(store.catalog(first).await.unwrap().items.len(), 1);
}

async fn case_numbers_are_per_hall_and_day(store: &dyn Store) {
    let version = setup(store).await;
    let a = store.create_case(&new_case(version, "𠮷祥云", at())).await.unwrap();
    let b = store.create_case(&new_case(version, "阿依古丽·买买提", at())).await.unwrap();
    assert_eq!(a, "4407030002026112700001");
    assert_eq!(b, "4407030002026112700002");
    let row = store.case(&a).await.unwrap().unwrap();
    // Names are kept exactly; the applicant record follows the latest intake.
    assert_eq!(row.applicant_name, "阿依古丽·买买提");
    assert_eq!(row.state, CaseState::Draft);
    assert_eq!(row.verification_code, "K7Q2M9");
    let events = store.case_events(&a).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].seq, events[0].from_state, events[0].to_state), (1, None, CaseState::Draft));
    let unknown = NewCase { service_item_code: "nope".into(), ..new_case(version, "陈", at()) };
    assert!(matches!(store.create_case(&unknown).await, Err(StoreError::InvalidReference(_))));
    assert_eq!(store.case_count().await.unwrap(), 2);

    // Each hall counts its own day; the next day starts again at 1.
    let other_hall = NewCase { hall_code: "440704000".into(), ..new_case(version, "李", at()) };
    assert_eq!(store.create_case(&other_hall).await.unwrap(), "4407040002026112700001");
    let tomorrow =
        NewCase { local_day: day().succ_opt().unwrap(), ..new_case(version, "李", at() + Duration::days(1)) };
    assert_eq!(store.create_case(&tomorrow).await.unwrap(), "4407030002026112800001");
    assert_eq!(store.create_case(&new_case(version, "李", at())).await.unwrap(), "4407030002026112700003");
    let other_tomorrow = NewCase { hall_code: "440704000".into(), ..tomorrow };
    assert_eq!(store.create_case(&other_tomorrow).await.unwrap(), "4407040002026112800001");
}

/// The path of every single intake: a case that cannot be stored with its moves leaves nothing
/// behind, not even a used number.
async fn an_intake_that_cannot_be_stored_leaves_no_case_and_uses_no_number(store: &dyn Store) {
    let version = setup(store).await;
    let case = new_case(version, "陈", at());
    let illegal = [illegal(CaseState::Draft, CaseAction::Approve, CaseState::Approved)];
    assert!(matches!(store.create_case_with(&case, &illegal).await, Err(StoreError::IllegalTransition(_))));
    let mut ghost = from_draft(&[(CaseAction::Accept, "clerk"), (CaseAction::HandOff, "clerk")]);
    ghost[1].actor_username = "nobody".into();
    assert!(matches!(store.create_case_with(&case, &ghost).await, Err(StoreError::InvalidReference(_))));
    let stale = [transition_with(
        CaseChange {
            action: CaseAction::HandOff,
            from: CaseState::Accepted,
            to: CaseState::HandedOff,
            progress: CaseProgress::default(),
        },
        "clerk",
        1,
    )];
    assert!(matches!(store.create_case_with(&case, &stale).await, Err(StoreError::Conflict(_))));
    let unknown_clerk = NewCase { clerk_username: "nobody".into(), ..case.clone() };
    let accept = from_draft(&[(CaseAction::Accept, "clerk")]);
    assert!(matches!(store.create_case_with(&unknown_clerk, &accept).await, Err(StoreError::InvalidReference(_))));
    assert_eq!(store.case_count().await.unwrap(), 0);
    assert_eq!(store.create_case_with(&case, &accept).await.unwrap(), "4407030002026112700001");
}

async fn a_bundle_intake_is_one_transaction(store: &dyn Store) {
    let version = setup(store).await;
    let alone = store.create_case(&new_case(version, "陈", at())).await.unwrap();
    let accept = from_draft(&[(CaseAction::Accept, "clerk"), (CaseAction::HandOff, "clerk")]);
    let notice = from_draft(&[(CaseAction::IssueNotice, "clerk")]);
    let numbers = store
        .create_bundle_cases(
            "JM-YJS-001",
            &[(new_case(version, "𠮷祥云", at()), accept.clone()), (new_case(version, "𠮷祥云", at()), notice)],
        )
        .await
        .unwrap();
    assert_eq!(numbers, vec!["4407030002026112700002".to_string(), "4407030002026112700003".to_string()]);
    for number in &numbers {
        let members = store.bundle_cases(number).await.unwrap();
        assert_eq!(members.iter().map(|c| c.number.clone()).collect::<Vec<_>>(), numbers);
        assert!(members
            .iter()
            .all(|c| c.bundle_code.as_deref() == Some("JM-YJS-001")
                && c.bundle_lead.as_deref() == Some(numbers[0].as_str())));
    }
    let states: Vec<_> = store.bundle_cases(&numbers[0]).await.unwrap().iter().map(|c| c.state).collect();
    assert_eq!(states, vec![CaseState::HandedOff, CaseState::NoticeIssued]);
    assert!(store.bundle_cases(&alone).await.unwrap().is_empty());
    assert_eq!(store.case(&alone).await.unwrap().unwrap().bundle_lead, None);

    // A member that cannot be stored takes the whole intake with it, numbers included.
    let unknown = NewCase { service_item_code: "nope".into(), ..new_case(version, "陈", at()) };
    let failed = store
        .create_bundle_cases(
            "JM-YJS-001",
            &[(new_case(version, "陈", at()), accept.clone()), (unknown, accept.clone())],
        )
        .await;
    assert!(matches!(failed, Err(StoreError::InvalidReference(_))));
    let illegal = store
        .create_bundle_cases(
            "JM-YJS-001",
            &[
                (new_case(version, "陈", at()), accept),
                (
                    new_case(version, "陈", at()),
                    vec![illegal(CaseState::Draft, CaseAction::Collect, CaseState::Collected)],
                ),
            ],
        )
        .await;
    assert!(matches!(illegal, Err(StoreError::IllegalTransition(_))));
    assert_eq!(store.case_count().await.unwrap(), 3);
    assert_eq!(store.create_case(&new_case(version, "陈", at())).await.unwrap(), "4407030002026112700004");
}

async fn actions_append_events_and_illegal_ones_change_nothing(store: &dyn Store) {
    let version = setup(store).await;
    let number = store.create_case(&new_case(version, "𠮷祥云", at())).await.unwrap();
    let walk =
        [(CaseAction::AcceptWithShortfall, "clerk"), (CaseAction::HandOff, "clerk"), (CaseAction::Claim, "reviewer")];
    for (i, (action, actor)) in walk.into_iter().enumerate() {
        act(store, &number, action, actor, i as i64 + 1).await.unwrap();
    }
    let row = store.case(&number).await.unwrap().unwrap();
    assert_eq!(row.state, CaseState::UnderReview);
    assert_eq!(row.claimed_by.as_deref(), Some("reviewer 姓名"));
    assert_eq!(row.claimed_by_username.as_deref(), Some("reviewer"));
    assert_eq!(row.accepted_at, Some(at() + Duration::minutes(1)));
    assert_eq!(row.due_date, Some(due()));
    assert_eq!(row.shortfall_supplement_due, Some(supplement_due()));

    // A move the state machine does not allow is refused whoever computed it.
    let collect = illegal(CaseState::UnderReview, CaseAction::Collect, CaseState::Collected);
    let refused = store.apply_action(&number, &collect).await;
    assert!(matches!(refused, Err(StoreError::IllegalTransition(_))), "{refused:?}");
    assert!(matches!(
        act(store, &number, CaseAction::Collect, "clerk", 9).await,
        Err(StoreError::IllegalTransition(_))
    ));
    assert_eq!(store.case(&number).await.unwrap().unwrap(), row);

    let events = store.case_events(&number).await.unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    assert_eq!(events[0].action, None, "the first event records the creation");
    let claim = &events[3];
    assert_eq!(claim.action, Some(CaseAction::Claim));
    assert_eq!((claim.from_state, claim.to_state), (Some(CaseState::HandedOff), CaseState::UnderReview));
    assert_eq!(claim.actor_username, "reviewer");
    assert_eq!(claim.reason, "claim 的理由");

    act(store, &number, CaseAction::Release, "reviewer", 10).await.unwrap();
    assert_eq!(store.case(&number).await.unwrap().unwrap().claimed_by, None);
    let claim = advance(CaseState::HandedOff, &CaseProgress::default(), &case_step(CaseAction::Claim, "reviewer", 11));
    assert!(matches!(
        store.apply_action("4407030002026112799999", &transition_with(claim.unwrap(), "reviewer", 11)).await,
        Err(StoreError::NotFound(_))
    ));
}

/// The store decides nothing of what a move changes: whatever the change carries is what it keeps.
async fn the_store_persists_a_change_as_given(store: &dyn Store) {
    let version = setup(store).await;
    let number = store
        .create_case_with(&new_case(version, "陈", at()), &from_draft(&[(CaseAction::Accept, "clerk")]))
        .await
        .unwrap();
    let odd = CaseProgress {
        claimed_by: Some("reviewer".into()),
        accepted_at: Some(at() + Duration::days(3)),
        due_date: NaiveDate::from_ymd_opt(2027, 1, 15),
        shortfall_supplement_due: NaiveDate::from_ymd_opt(2027, 1, 4),
        statutory_due: NaiveDate::from_ymd_opt(2027, 2, 1),
        correction_due: NaiveDate::from_ymd_opt(2027, 1, 8),
        extension_days: 7,
        shortfall_broken_on: NaiveDate::from_ymd_opt(2026, 12, 1),
    };
    let change = CaseChange {
        action: CaseAction::HandOff,
        from: CaseState::Accepted,
        to: CaseState::HandedOff,
        progress: odd.clone(),
    };
    assert_eq!(store.apply_action(&number, &transition_with(change, "clerk", 5)).await.unwrap(), CaseState::HandedOff);
    let row = store.case(&number).await.unwrap().unwrap();
    assert_eq!(row.progress(), odd);
    assert_eq!(row.claimed_by.as_deref(), Some("reviewer 姓名"));

    // And an empty progress clears what was there.
    let back = CaseChange {
        action: CaseAction::Claim,
        from: CaseState::HandedOff,
        to: CaseState::UnderReview,
        progress: CaseProgress::default(),
    };
    let held = CaseTransition { held_by: Some("reviewer".into()), ..transition_with(back, "reviewer", 6) };
    store.apply_action(&number, &held).await.unwrap();
    assert_eq!(store.case(&number).await.unwrap().unwrap().progress(), CaseProgress::default());

    // A change naming an unknown user is refused and leaves the case as it was.
    let before = store.case(&number).await.unwrap().unwrap();
    let ghost = CaseChange {
        action: CaseAction::Release,
        from: CaseState::UnderReview,
        to: CaseState::HandedOff,
        progress: CaseProgress { claimed_by: Some("nobody".into()), ..CaseProgress::default() },
    };
    let refused = store.apply_action(&number, &transition_with(ghost, "reviewer", 7)).await;
    assert!(matches!(refused, Err(StoreError::InvalidReference(_))), "{refused:?}");
    assert_eq!(store.case(&number).await.unwrap().unwrap(), before);
    assert_eq!(store.case_events(&number).await.unwrap().len(), 4);
}

/// A move computed from a state the case has since left is refused: someone else moved first.
async fn a_stale_move_is_a_conflict_and_changes_nothing(store: &dyn Store) {
    let version = setup(store).await;
    let number = store.create_case(&new_case(version, "陈", at())).await.unwrap();
    let read = store.case(&number).await.unwrap().unwrap();
    act(store, &number, CaseAction::Accept, "clerk", 1).await.unwrap();
    let stale = advance(read.state, &read.progress(), &case_step(CaseAction::IssueNotice, "clerk", 2)).unwrap();
    let after_accept = store.case(&number).await.unwrap().unwrap();
    let refused = store.apply_action(&number, &transition_with(stale, "clerk", 2)).await;
    assert!(matches!(refused, Err(StoreError::Conflict(_))), "{refused:?}");
    assert_eq!(store.case(&number).await.unwrap().unwrap(), after_accept);
    assert_eq!(store.case_events(&number).await.unwrap().len(), 2);
}

async fn findings_are_stored_with_the_case(store: &dyn Store) {
    let version = setup(store).await;
    let findings = vec![
        Finding {
            material_code: "M01".into(),
            material_name: "申请书".into(),
            finding: FindingKind::Present,
            rule: "present",
            message: "已收取原件1份".into(),
        },
        Finding {
            material_code: "M02".into(),
            material_name: "经营场所证明".into(),
            finding: FindingKind::MissingTolerated { until: supplement_due() },
            rule: "tolerated",
            message: "容缺受理，须于2026-12-01前补齐".into(),
        },
        Finding {
            material_code: "M03".into(),
            material_name: "身份证明".into(),
            finding: FindingKind::SatisfiedByReuse {
                case_number: "4407030002026110100001".into(),
                form: MaterialForm::Copy,
                valid_until: due(),
            },
            rule: "earlier_submission",
            message: "沿用".into(),
        },
    ];
    let case = NewCase { findings: findings.clone(), ..new_case(version, "陈", at()) };
    let number = store.create_case(&case).await.unwrap();
    let stored = store.case_findings(&number).await.unwrap();
    assert_eq!(stored.len(), 3);
    for (s, f) in stored.iter().zip(&findings) {
        assert_eq!((&s.material_code, &s.material_name, &s.finding), (&f.material_code, &f.material_name, &f.finding));
        assert_eq!((s.rule.as_str(), s.message.as_str()), (f.rule, f.message.as_str()));
    }
    let other = store.create_case(&new_case(version, "李", at())).await.unwrap();
    assert!(store.case_findings(&other).await.unwrap().is_empty());
    assert_eq!(store.hall("440704000").await.unwrap().map(|h| h.name), Some("江门市江海区政务服务中心".to_string()));
    assert_eq!(store.hall("nope").await.unwrap(), None);
}

/// Reuse (数据共享互认) may only count a paper in the form it was handed in.
async fn earlier_materials_keep_the_form_they_came_in(store: &dyn Store) {
    let version = setup(store).await;
    let mut case = new_case(version, "陈", at());
    case.materials[0].form = MaterialForm::Copy;
    let accepted = store.create_case_with(&case, &from_draft(&[(CaseAction::Accept, "clerk")])).await.unwrap();
    // A draft never accepted offers nothing to reuse.
    store.create_case(&new_case(version, "陈", at())).await.unwrap();
    let id = &case.applicant.id;
    let earlier = store.applicant_materials(id.kind, &id.value, at() - Duration::days(1)).await.unwrap();
    assert_eq!(earlier.len(), 1);
    assert_eq!(
        (earlier[0].material_name.as_str(), earlier[0].form, earlier[0].case_number.as_str()),
        ("居民身份证", MaterialForm::Copy, accepted.as_str())
    );
    assert!(store.applicant_materials(id.kind, &id.value, at() + Duration::days(1)).await.unwrap().is_empty());
}

async fn queues_and_counts(store: &dyn Store) {
    let version = setup(store).await;
    assert_eq!(store.first_case_at().await.unwrap(), None);
    let queued = store.create_case(&new_case(version, "甲", at())).await.unwrap();
    let _draft = store.create_case(&new_case(version, "乙", at() - Duration::days(3))).await.unwrap();
    assert_eq!(
        store.first_case_at().await.unwrap(),
        Some(at() - Duration::days(3)),
        "the earliest, not the first stored"
    );
    for (i, action) in [CaseAction::Accept, CaseAction::HandOff].into_iter().enumerate() {
        act(store, &queued, action, "clerk", i as i64).await.unwrap();
    }
    let query = queue_query("PJQSCJGJ");
    let page = store.department_queue(&query, "reviewer", due()).await.unwrap();
    assert_eq!(page.rows.iter().map(|c| c.number.as_str()).collect::<Vec<_>>(), vec![queued.as_str()]);
    assert_eq!((page.total, page.counts.all, page.counts.unclaimed, page.counts.mine), (1, 1, 1, 0));
    let other = store.department_queue(&queue_query("OTHER"), "reviewer", due()).await.unwrap();
    assert!(other.rows.is_empty() && other.total == 0 && other.counts.all == 0);
    assert!(store.dispatch_queue().await.unwrap().is_empty());
    assert_eq!(store.cases_in_state(CaseState::HandedOff).await.unwrap()[0].number, queued);
    assert!(store.cases_in_state(CaseState::Closed).await.unwrap().is_empty());
    let counts = store.state_counts().await.unwrap();
    assert_eq!(counts, vec![(CaseState::Draft, 1), (CaseState::HandedOff, 1)]);
    let after_due = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let loads = store.hall_loads(after_due).await.unwrap();
    let pj = loads.iter().find(|l| l.hall_code == "440703000").unwrap();
    assert_eq!((pj.total, pj.open, pj.overdue), (2, 1, 1));
    let on_due_day = store.hall_loads(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()).await.unwrap();
    assert_eq!(on_due_day.iter().map(|l| l.overdue).sum::<i64>(), 0);
    assert_eq!(store.on_time_counts().await.unwrap().finished, 0);
}

async fn the_department_queue_pages_filters_and_counts(store: &dyn Store) {
    let version = setup(store).await;
    store.save_user(&user("reviewer2", Role::Reviewer), "hash-r2").await.unwrap();
    let mut numbers = Vec::new();
    for (i, name) in ["甲", "乙", "丙", "丁", "戊"].into_iter().enumerate() {
        let accepted = from_draft(&[(CaseAction::Accept, "clerk")]);
        let n = store.create_case_with(&new_case(version, name, at()), &accepted).await.unwrap();
        act(store, &n, CaseAction::HandOff, "clerk", 2).await.unwrap();
        if i < 2 {
            act(store, &n, CaseAction::Claim, "reviewer", 3).await.unwrap();
        }
        numbers.push(n);
    }
    act(store, &numbers[4], CaseAction::Claim, "reviewer2", 3).await.unwrap();
    act(store, &numbers[1], CaseAction::RequestCorrection, "reviewer", 4).await.unwrap();
    let page = |q: crate::QueueQuery| async move { store.department_queue(&q, "reviewer", due()).await.unwrap() };
    let all = page(queue_query("PJQSCJGJ")).await;
    assert_eq!(all.total, 5);
    assert_eq!(
        all.counts,
        crate::QueueCounts { all: 5, unclaimed: 2, mine: 2, overdue: 0, paused: 1, correction_overdue: 0 }
    );
    let second = page(crate::QueueQuery { offset: 2, limit: 2, ..queue_query("PJQSCJGJ") }).await;
    assert_eq!((second.rows.len(), second.total), (2, 5), "a page, and the count over every page");
    let firsts: Vec<_> = all.rows.iter().map(|r| r.number.clone()).collect();
    assert_eq!(second.rows.iter().map(|r| r.number.clone()).collect::<Vec<_>>(), firsts[2..4].to_vec());
    let mine =
        page(crate::QueueQuery { holder: crate::HolderFilter::User("reviewer".into()), ..queue_query("PJQSCJGJ") });
    let mine = mine.await;
    assert_eq!(mine.total, 2);
    assert!(mine.rows.iter().all(|r| r.claimed_by_username.as_deref() == Some("reviewer")));
    let unclaimed = page(crate::QueueQuery { holder: crate::HolderFilter::Unclaimed, ..queue_query("PJQSCJGJ") }).await;
    assert_eq!(unclaimed.rows.iter().map(|r| r.number.clone()).collect::<Vec<_>>(), numbers[2..4].to_vec());
    let asked = page(crate::QueueQuery { states: vec![CaseState::CorrectionRequested], ..queue_query("PJQSCJGJ") });
    assert_eq!(asked.await.rows.iter().map(|r| r.number.clone()).collect::<Vec<_>>(), vec![numbers[1].clone()]);
    let later = page(crate::QueueQuery { due_from: Some(due() + Duration::days(1)), ..queue_query("PJQSCJGJ") }).await;
    assert_eq!(later.total, 0);
    let on_due = page(crate::QueueQuery { due_from: Some(due()), due_to: Some(due()), ..queue_query("PJQSCJGJ") });
    assert_eq!(on_due.await.total, 5);
    let other_item = page(crate::QueueQuery { service_item_code: Some("NONE".into()), ..queue_query("PJQSCJGJ") });
    assert_eq!(other_item.await.total, 0);
    let other_hall = page(crate::QueueQuery { hall_code: Some("440704000".into()), ..queue_query("PJQSCJGJ") });
    assert_eq!(other_hall.await.total, 0);
    let overdue = store.department_queue(&queue_query("PJQSCJGJ"), "reviewer2", due() + Duration::days(1)).await;
    let counts = crate::QueueCounts { all: 5, unclaimed: 2, mine: 1, overdue: 4, paused: 1, correction_overdue: 0 };
    assert_eq!(overdue.unwrap().counts, counts);
    // A correction whose deadline has passed: counted, and listed on its own for the lead.
    let row = store.case(&numbers[1]).await.unwrap().unwrap();
    let step = CaseStep { correction_due: Some(due()), ..case_step(CaseAction::ExtendCorrection, "reviewer", 5) };
    let change = advance(row.state, &row.progress(), &step).unwrap();
    let held_by = Some("reviewer".to_string());
    store
        .apply_action(&numbers[1], &CaseTransition { held_by, ..transition_with(change, "reviewer", 5) })
        .await
        .unwrap();
    let overdue_corrections = crate::QueueQuery { correction_overdue: true, ..queue_query("PJQSCJGJ") };
    let on_deadline = store.department_queue(&overdue_corrections, "reviewer", due()).await.unwrap();
    assert_eq!((on_deadline.total, on_deadline.counts.correction_overdue), (0, 0), "the deadline day still counts");
    let after = store.department_queue(&overdue_corrections, "reviewer", due() + Duration::days(1)).await.unwrap();
    assert_eq!(after.rows.iter().map(|r| r.number.clone()).collect::<Vec<_>>(), vec![numbers[1].clone()]);
    assert_eq!((after.total, after.counts.correction_overdue, after.counts.all), (1, 1, 5));
    // The reviewers a lead can give a case to: the department's, no one else.
    let reviewers = store.department_reviewers("PJQSCJGJ").await.unwrap();
    let mut names: Vec<_> = reviewers.iter().map(|u| u.username.as_str()).collect();
    names.sort();
    assert_eq!(names, ["reviewer", "reviewer2"]);
    assert!(store.department_reviewers("OTHER").await.unwrap().is_empty());
}

async fn events_are_chained_with_their_details(store: &dyn Store) {
    use onewindow_domain::EventDetail;
    let version = setup(store).await;
    let accepted = from_draft(&[(CaseAction::Accept, "clerk")]);
    let number = store.create_case_with(&new_case(version, "陈", at()), &accepted).await.unwrap();
    act(store, &number, CaseAction::HandOff, "clerk", 2).await.unwrap();
    act(store, &number, CaseAction::Claim, "reviewer", 3).await.unwrap();
    let row = store.case(&number).await.unwrap().unwrap();
    let ask = CaseStep { correction_due: Some(due()), ..case_step(CaseAction::RequestCorrection, "reviewer", 4) };
    let change = advance(row.state, &row.progress(), &ask).unwrap();
    let asked = EventDetail::CorrectionRequest {
        items: vec![onewindow_domain::CorrectionItem {
            material_code: Some("M03".into()),
            name: "照片".into(),
            reason: "𠮷模糊".into(),
        }],
        deadline: due(),
    };
    let t = CaseTransition {
        held_by: Some("reviewer".into()),
        detail: Some(asked.clone()),
        ..transition_with(change, "reviewer", 4)
    };
    store.apply_action(&number, &t).await.unwrap();
    assert_eq!(store.case(&number).await.unwrap().unwrap().correction_due, Some(due()));
    // The correction brings a paper in: it joins what was received, in the correction's transaction.
    let row = store.case(&number).await.unwrap().unwrap();
    let change = advance(row.state, &row.progress(), &case_step(CaseAction::SubmitCorrection, "clerk", 5)).unwrap();
    let brought = ReceivedMaterial { material_code: "M03".into(), form: MaterialForm::Original, copies: 1, pages: 1 };
    let t = CaseTransition {
        held_by: Some("reviewer".into()),
        detail: Some(EventDetail::CorrectionSupplied { materials: vec![brought.clone()] }),
        ..transition_with(change, "clerk", 5)
    };
    store.apply_action(&number, &t).await.unwrap();
    assert!(store.case_materials(&number).await.unwrap().contains(&brought));
    let events = store.case_events(&number).await.unwrap();
    assert_eq!(events[4].detail, Some(asked));
    assert_eq!(events[0].detail, None);

    assert_eq!(store.case_chain(&number).await.unwrap().unwrap().events.len(), 6);
    assert_chain_holds(store, &number).await;
    let other = store.create_case(&new_case(version, "李", at())).await.unwrap();
    let (first, second) = if number < other { (&number, &other) } else { (&other, &number) };
    let chains = store.case_chains(None, 10).await.unwrap();
    assert_eq!(chains.iter().map(|c| &c.number).collect::<Vec<_>>(), vec![first, second]);
    let after = store.case_chains(Some(first), 10).await.unwrap();
    assert_eq!(after.iter().map(|c| &c.number).collect::<Vec<_>>(), vec![second]);
    assert_eq!(store.case_chain("NOPE").await.unwrap(), None);
}

async fn a_claim_of_a_case_someone_else_took_is_a_conflict(store: &dyn Store) {
    let version = setup(store).await;
    store.save_user(&user("reviewer2", Role::Reviewer), "hash-r2").await.unwrap();
    let number = store
        .create_case_with(
            &new_case(version, "陈", at()),
            &from_draft(&[(CaseAction::Accept, "clerk"), (CaseAction::HandOff, "clerk")]),
        )
        .await
        .unwrap();
    // Both read the case unclaimed and claim it; the second finds it taken.
    let row = store.case(&number).await.unwrap().unwrap();
    let claim = |who: &str| {
        let change = advance(row.state, &row.progress(), &case_step(CaseAction::Claim, who, 3)).unwrap();
        transition_with(change, who, 3)
    };
    store.apply_action(&number, &claim("reviewer")).await.unwrap();
    assert!(matches!(store.apply_action(&number, &claim("reviewer2")).await, Err(StoreError::Conflict(_))));
    let held = store.case(&number).await.unwrap().unwrap();
    assert_eq!(held.claimed_by_username.as_deref(), Some("reviewer"));
    // A reassignment computed against a holder who no longer holds it is refused too.
    let step = CaseStep { assignee: Some("reviewer2".into()), ..case_step(CaseAction::Reassign, "reviewer", 4) };
    let change = advance(held.state, &held.progress(), &step).unwrap();
    let stale = CaseTransition { held_by: Some("reviewer2".into()), ..transition_with(change.clone(), "reviewer", 4) };
    assert!(matches!(store.apply_action(&number, &stale).await, Err(StoreError::Conflict(_))));
    let right = CaseTransition { held_by: Some("reviewer".into()), ..transition_with(change, "reviewer", 4) };
    assert_eq!(store.apply_action(&number, &right).await.unwrap(), CaseState::UnderReview);
    assert_eq!(store.case(&number).await.unwrap().unwrap().claimed_by_username.as_deref(), Some("reviewer2"));
    assert_eq!(store.case_events(&number).await.unwrap().len(), 5, "the refused moves left no event");
}

async fn the_next_case_claimed_is_the_most_urgent_one_nobody_holds(store: &dyn Store) {
    let version = setup(store).await;
    store.save_user(&user("reviewer2", Role::Reviewer), "hash-r2").await.unwrap();
    let handed_off = |due: NaiveDate| {
        let mut moves = from_draft(&[(CaseAction::Accept, "clerk"), (CaseAction::HandOff, "clerk")]);
        for m in &mut moves {
            m.change.progress.due_date = Some(due);
        }
        moves
    };
    let mut numbers = Vec::new();
    for (name, due_day) in [("甲", 2), ("乙", 2), ("丙", 2), ("丁", 1)] {
        let due = NaiveDate::from_ymd_opt(2026, 12, due_day).unwrap();
        numbers.push(store.create_case_with(&new_case(version, name, at()), &handed_off(due)).await.unwrap());
    }
    // Accepted, not yet handed to the department: not its to claim.
    let accepted = from_draft(&[(CaseAction::Accept, "clerk")]);
    store.create_case_with(&new_case(version, "戊", at()), &accepted).await.unwrap();
    act(store, &numbers[1], CaseAction::Claim, "reviewer2", 3).await.unwrap();
    let claim = |row: &CaseRow| -> crate::Result<CaseTransition> {
        let change = advance(row.state, &row.progress(), &case_step(CaseAction::Claim, "reviewer", 5))?;
        Ok(CaseTransition { held_by: row.claimed_by_username.clone(), ..transition_with(change, "reviewer", 5) })
    };
    // A claim refused by whoever computes it claims nothing.
    let refuse = |_: &CaseRow| -> crate::Result<CaseTransition> { Err(StoreError::Conflict("refused".into())) };
    assert!(matches!(store.claim_next("PJQSCJGJ", &refuse).await, Err(StoreError::Conflict(_))));
    assert_eq!(store.case(&numbers[3]).await.unwrap().unwrap().claimed_by_username, None);
    assert_eq!(store.case_events(&numbers[3]).await.unwrap().len(), 3, "the refused claim left no event");
    // The soonest due first, then in the order taken in; the one reviewer2 holds is passed over.
    let mut taken = Vec::new();
    while let Some(number) = store.claim_next("PJQSCJGJ", &claim).await.unwrap() {
        taken.push(number);
    }
    assert_eq!(taken, vec![numbers[3].clone(), numbers[0].clone(), numbers[2].clone()]);
    for number in &taken {
        let row = store.case(number).await.unwrap().unwrap();
        assert_eq!((row.state, row.claimed_by_username.as_deref()), (CaseState::UnderReview, Some("reviewer")));
        let events = store.case_events(number).await.unwrap();
        let last = events.last().unwrap();
        assert_eq!((last.action, last.actor_username.as_str()), (Some(CaseAction::Claim), "reviewer"));
    }
    assert_eq!(store.case(&numbers[1]).await.unwrap().unwrap().claimed_by_username.as_deref(), Some("reviewer2"));
    assert_eq!(store.claim_next("NO-SUCH-DEPARTMENT", &claim).await.unwrap(), None);
    for number in &numbers {
        assert_chain_holds(store, number).await;
    }
}

async fn several_moves_are_one_transaction(store: &dyn Store) {
    let version = setup(store).await;
    let steps = [(CaseAction::Accept, "clerk"), (CaseAction::HandOff, "clerk"), (CaseAction::Claim, "reviewer")];
    let number = store.create_case_with(&new_case(version, "陈", at()), &from_draft(&steps)).await.unwrap();
    let row = store.case(&number).await.unwrap().unwrap();
    let decide = |then: CaseAction| {
        let approve = case_step(CaseAction::Approve, "reviewer", 5);
        let first = advance(row.state, &row.progress(), &approve).unwrap();
        let second = advance(first.to, &first.progress, &case_step(then, "reviewer", 5));
        let held = Some("reviewer".to_string());
        (
            CaseTransition { held_by: held.clone(), ..transition_with(first.clone(), "reviewer", 5) },
            second.map(|c| CaseTransition { held_by: held, ..transition_with(c, "reviewer", 5) }),
        )
    };
    // The second move refused (a stale holder): the first is not kept either.
    let (approve, issue) = decide(CaseAction::PrepareIssuance);
    let stale = CaseTransition { held_by: Some("clerk".into()), ..issue.clone().unwrap() };
    assert!(store.apply_actions(&number, &[approve.clone(), stale]).await.is_err());
    assert_eq!(store.case(&number).await.unwrap().unwrap().state, CaseState::UnderReview);
    assert_eq!(store.case_events(&number).await.unwrap().len(), 4);
    assert_eq!(store.apply_actions(&number, &[approve, issue.unwrap()]).await.unwrap(), CaseState::ReadyForIssuance);
    let events = store.case_events(&number).await.unwrap();
    assert_eq!(
        events.iter().filter_map(|e| e.action).collect::<Vec<_>>()[2..],
        [CaseAction::Claim, CaseAction::Approve, CaseAction::PrepareIssuance]
    );
    assert_chain_holds(store, &number).await;
    // Moves by different people in one transaction: each is written with its own actor and holder.
    let accepted = from_draft(&[(CaseAction::Accept, "clerk")]);
    let other = store.create_case_with(&new_case(version, "李", at()), &accepted).await.unwrap();
    let row = store.case(&other).await.unwrap().unwrap();
    let hand = advance(row.state, &row.progress(), &case_step(CaseAction::HandOff, "clerk", 2)).unwrap();
    let claim = advance(hand.to, &hand.progress, &case_step(CaseAction::Claim, "reviewer", 3)).unwrap();
    let by_nobody = CaseTransition { actor_username: "nobody".into(), ..transition_with(claim.clone(), "reviewer", 3) };
    let refused = store.apply_actions(&other, &[transition_with(hand.clone(), "clerk", 2), by_nobody]).await;
    assert!(matches!(refused, Err(StoreError::InvalidReference(_))), "{refused:?}");
    assert_eq!(store.case(&other).await.unwrap().unwrap().state, CaseState::Accepted);
    let both = [transition_with(hand, "clerk", 2), transition_with(claim, "reviewer", 3)];
    assert_eq!(store.apply_actions(&other, &both).await.unwrap(), CaseState::UnderReview);
    assert_eq!(store.case(&other).await.unwrap().unwrap().claimed_by_username.as_deref(), Some("reviewer"));
    let actors: Vec<String> = store.case_events(&other).await.unwrap().into_iter().map(|e| e.actor_username).collect();
    assert_eq!(actors[2..], ["clerk", "reviewer"]);
    assert_chain_holds(store, &other).await;
}

/// The case's events chain, each to the one before, up to the head the case records.
async fn assert_chain_holds(store: &dyn Store, number: &str) {
    let chain = store.case_chain(number).await.unwrap().unwrap();
    let facts: Vec<_> = chain.events.iter().map(|e| (e.facts(number), e.hash.as_deref().unwrap())).collect();
    assert_eq!(onewindow_domain::audit::verify_chain(&facts, chain.head.as_deref()), Ok(()), "{number}");
}

async fn progress_lookups_are_logged(store: &dyn Store) {
    let version = setup(store).await;
    let number = store.create_case(&new_case(version, "陈", at())).await.unwrap();
    let lookup = |who: &str, hall: Option<&str>, verified: bool, minutes: i64| crate::ProgressLookup {
        case_number: number.clone(),
        username: who.into(),
        hall_code: hall.map(str::to_string),
        verified,
        at: at() + Duration::minutes(minutes),
    };
    assert!(store.progress_lookups(&number).await.unwrap().is_empty());
    store.record_progress_lookup(&lookup("clerk", Some("440704000"), true, 2)).await.unwrap();
    store.record_progress_lookup(&lookup("reviewer", None, false, 1)).await.unwrap();
    assert_eq!(
        store.progress_lookups(&number).await.unwrap(),
        vec![lookup("reviewer", None, false, 1), lookup("clerk", Some("440704000"), true, 2)]
    );
    let unknown =
        crate::ProgressLookup { case_number: "4407030002026112799999".into(), ..lookup("clerk", None, true, 3) };
    assert!(matches!(store.record_progress_lookup(&unknown).await, Err(StoreError::NotFound(_))));
    assert_eq!(store.progress_lookups(&number).await.unwrap().len(), 2, "nothing logged for an unknown case");
}

async fn a_case_opens_only_with_its_code(store: &dyn Store) {
    let version = setup(store).await;
    let number = store.create_case(&new_case(version, "陈", at())).await.unwrap();
    assert!(store.open_case_with_code(&number, "K7Q2M9").await.unwrap());
    assert!(store.open_case_with_code(&number, "K7Q2M9").await.unwrap(), "a case opens again");
    for wrong in ["K7Q2M8", "", "k7q2m9", "K7Q2M9 "] {
        assert!(!store.open_case_with_code(&number, wrong).await.unwrap(), "{wrong:?}");
    }
    assert!(!store.open_case_with_code("4407030002026112799999", "K7Q2M9").await.unwrap());
    let uncoded = NewCase { verification_code: String::new(), ..new_case(version, "李", at()) };
    let uncoded = store.create_case(&uncoded).await.unwrap();
    assert!(!store.open_case_with_code(&uncoded, "").await.unwrap(), "an empty code opens nothing");
}

async fn print_jobs_are_logged_per_case(store: &dyn Store) {
    let version = setup(store).await;
    let number = store.create_case(&new_case(version, "𠮷祥云", at())).await.unwrap();
    assert_eq!(store.case_materials(&number).await.unwrap(), new_case(version, "x", at()).materials);
    assert_eq!(store.print_count(&number, "receipt").await.unwrap(), 0);
    let job = crate::NewPrintJob {
        case_number: Some(number.clone()),
        document_kind: "receipt".into(),
        profile: "a4-laser".into(),
        queue: "OW-A4".into(),
        cups_job: None,
        state: "failed".into(),
        error: Some("打印服务未运行".into()),
        reprint: false,
        username: "clerk".into(),
        at: at(),
        waybill: None,
    };
    let first = store.record_print_job(&job).await.unwrap();
    let second = store
        .record_print_job(&crate::NewPrintJob {
            reprint: true,
            state: "queued".into(),
            error: None,
            cups_job: Some("OW-A4-7".into()),
            ..job.clone()
        })
        .await
        .unwrap();
    assert_eq!(store.print_count(&number, "receipt").await.unwrap(), 2);
    store.update_print_job(first, "queued", Some("OW-A4-8"), None, at() + Duration::minutes(1)).await.unwrap();
    let row = store.print_job(first).await.unwrap().unwrap();
    assert_eq!((row.state.as_str(), row.cups_job.as_deref(), row.error), ("queued", Some("OW-A4-8"), None));
    let listed = store.print_jobs(Some(&number), 10).await.unwrap();
    assert_eq!(listed.iter().map(|j| j.id).collect::<Vec<_>>(), vec![second, first]);
    assert!(listed[0].reprint);
    assert!(matches!(store.update_print_job(999, "done", None, None, at()).await, Err(StoreError::NotFound(_))));
    let stray = crate::NewPrintJob { case_number: None, ..job };
    assert!(store.record_print_job(&stray).await.is_ok(), "test pages belong to no case");
}

async fn scans_are_recorded_once_and_assigned_in_order(store: &dyn Store) {
    let version = setup(store).await;
    let number = store.create_case(&new_case(version, "𠮷祥云", at())).await.unwrap();
    let scan = |sha: &str, source: &str| crate::NewScan {
        sha256: sha.into(),
        media_type: "image/jpeg".into(),
        pages: 1,
        bytes: 1234,
        original_name: "身份证 正面.jpg".into(),
        source_key: source.into(),
        at: at(),
    };
    let first = store.record_scan(&scan("aa11", "inbox/a.jpg|1234|1")).await.unwrap();
    let crate::ScanRecorded::New(id) = first else { panic!("{first:?}") };
    assert_eq!(
        store.record_scan(&scan("aa11", "inbox/a.jpg|1234|1")).await.unwrap(),
        crate::ScanRecorded::SameSource(id)
    );
    assert_eq!(
        store.record_scan(&scan("aa11", "inbox/b.jpg|1234|2")).await.unwrap(),
        crate::ScanRecorded::Duplicate(id)
    );
    store.record_scan(&scan("bb22", "inbox/c.jpg|1|1")).await.unwrap();
    assert_eq!(store.scans(true, 10).await.unwrap().len(), 2);
    store.assign_scan(&number, "M02", "bb22", 90).await.unwrap();
    store.assign_scan(&number, "M01", "aa11", 0).await.unwrap();
    let assigned = store.case_scans(&number).await.unwrap();
    assert_eq!(
        assigned.iter().map(|a| (a.material_code.as_str(), a.scan.sha256.as_str(), a.rotation)).collect::<Vec<_>>(),
        vec![("M02", "bb22", 90), ("M01", "aa11", 0)]
    );
    assert_eq!(store.scans(true, 10).await.unwrap().len(), 0);
    assert_eq!(store.scan("aa11").await.unwrap().unwrap().case_number.as_deref(), Some(number.as_str()));
    assert!(matches!(store.assign_scan(&number, "M01", "nope", 0).await, Err(StoreError::NotFound(_))));
    store.record_quarantine("坏 文件.txt", "unsupported_type", "不支持的文件类型", "/q/x", at()).await.unwrap();
    // Both under one material: moving the second up puts it first; at the top, up changes nothing.
    store.assign_scan(&number, "M02", "aa11", 0).await.unwrap();
    let order = |rows: Vec<crate::CaseScanRow>| rows.into_iter().map(|r| r.scan.sha256).collect::<Vec<_>>();
    assert_eq!(order(store.case_scans(&number).await.unwrap()), vec!["bb22", "aa11"]);
    store.move_scan(&number, "aa11", true).await.unwrap();
    assert_eq!(order(store.case_scans(&number).await.unwrap()), vec!["aa11", "bb22"]);
    store.move_scan(&number, "aa11", true).await.unwrap();
    assert_eq!(order(store.case_scans(&number).await.unwrap()), vec!["aa11", "bb22"]);
    store.move_scan(&number, "aa11", false).await.unwrap();
    assert_eq!(order(store.case_scans(&number).await.unwrap()), vec!["bb22", "aa11"]);
    store.assign_scan(&number, "M01", "aa11", 0).await.unwrap();
    store.unassign_scan(&number, "bb22").await.unwrap();
    assert_eq!(store.case_scans(&number).await.unwrap().len(), 1);
    assert_eq!(store.scans(true, 10).await.unwrap()[0].sha256, "bb22");
    assert!(matches!(store.unassign_scan(&number, "bb22").await, Err(StoreError::NotFound(_))));
}

/// A case accepted with 经营场所使用证明 (M02) tolerated until [`supplement_due`], handed off.
async fn tolerated(store: &dyn Store, version: i64, name: &str) -> String {
    let mut case = new_case(version, name, at());
    case.findings = vec![Finding {
        material_code: "M02".into(),
        material_name: "经营场所使用证明".into(),
        finding: FindingKind::MissingTolerated { until: supplement_due() },
        rule: "tolerated",
        message: "容缺受理".into(),
    }];
    let steps = [(CaseAction::AcceptWithShortfall, "clerk"), (CaseAction::HandOff, "clerk")];
    store.create_case_with(&case, &from_draft(&steps)).await.unwrap()
}

/// `action` with `detail`, computed from the stored case, checked against its last event.
async fn follow_up(store: &dyn Store, number: &str, step: CaseStep, detail: EventDetail) -> crate::Result<CaseState> {
    let row = store.case(number).await?.unwrap();
    let last = store.case_events(number).await?.last().map(|e| e.seq);
    let actor = step.actor.clone();
    let change = advance(row.state, &row.progress(), &step)?;
    let transition = CaseTransition {
        held_by: row.claimed_by_username.clone(),
        detail: Some(detail),
        after_seq: last,
        ..transition_with(change, &actor, 30)
    };
    store.apply_action(number, &transition).await
}

async fn follow_ups_list_what_is_still_to_come_with_the_last_reminder(store: &dyn Store) {
    let version = setup(store).await;
    let waiting = tolerated(store, version, "陈").await;
    let complete = store
        .create_case_with(
            &new_case(version, "李", at()),
            &from_draft(&[(CaseAction::Accept, "clerk"), (CaseAction::HandOff, "clerk")]),
        )
        .await
        .unwrap();
    let query = |hall: Option<&str>, department: Option<&str>, due_to: Option<NaiveDate>| crate::FollowUpQuery {
        hall_code: hall.map(str::to_string),
        department_code: department.map(str::to_string),
        due_to,
        limit: 50,
    };
    let numbers = |rows: Vec<crate::FollowUpRow>| rows.into_iter().map(|r| r.case.number).collect::<Vec<_>>();
    assert_eq!(numbers(store.followups(&query(None, None, None)).await.unwrap()), vec![waiting.clone()]);
    assert_eq!(numbers(store.followups(&query(Some("440703000"), Some("PJQSCJGJ"), None)).await.unwrap()).len(), 1);
    assert!(store.followups(&query(Some("440704000"), None, None)).await.unwrap().is_empty(), "another hall's");
    assert!(store.followups(&query(None, Some("JMSSCJGJ"), None)).await.unwrap().is_empty(), "another department's");
    let day_before = supplement_due().pred_opt().unwrap();
    assert!(store.followups(&query(None, None, Some(day_before))).await.unwrap().is_empty(), "due later");
    assert_eq!(store.followups(&query(None, None, Some(supplement_due()))).await.unwrap().len(), 1);
    assert_ne!(waiting, complete);

    // Two reminders: the list shows the last, with who and how.
    for (minutes, channel) in [(10, ReminderChannel::Phone), (20, ReminderChannel::Sms)] {
        let step = CaseStep::new(CaseAction::Remind, "clerk", at() + Duration::minutes(minutes));
        follow_up(store, &waiting, step, EventDetail::Reminder { channel }).await.unwrap();
    }
    let row = store.followups(&query(None, None, None)).await.unwrap().remove(0);
    let reminder = row.last_reminder.unwrap();
    assert_eq!((reminder.channel, reminder.by_name.as_str()), (ReminderChannel::Sms, "clerk 姓名"));
    assert_eq!(reminder.at, at() + Duration::minutes(30), "the event's time as recorded");

    // Supplied at last: the material joins the case's received ones and the case leaves the list.
    let brought = ReceivedMaterial { material_code: "M02".into(), form: MaterialForm::Original, copies: 1, pages: 3 };
    let step = CaseStep { shortfall_supplement_due: None, ..CaseStep::new(CaseAction::SupplyShortfall, "clerk", at()) };
    let supplied = EventDetail::ShortfallSupplied { materials: vec![brought.clone()] };
    assert_eq!(follow_up(store, &waiting, step, supplied).await.unwrap(), CaseState::HandedOff);
    assert!(store.case_materials(&waiting).await.unwrap().contains(&brought));
    assert_eq!(store.case(&waiting).await.unwrap().unwrap().shortfall_supplement_due, None);
    assert!(store.followups(&query(None, None, None)).await.unwrap().is_empty());
}

async fn a_move_computed_before_another_event_is_a_conflict(store: &dyn Store) {
    let version = setup(store).await;
    let number = tolerated(store, version, "陈").await;
    let row = store.case(&number).await.unwrap().unwrap();
    let seen = store.case_events(&number).await.unwrap().last().unwrap().seq;
    // Someone else records a reminder in between.
    let remind = CaseStep::new(CaseAction::Remind, "clerk", at());
    follow_up(store, &number, remind, EventDetail::Reminder { channel: ReminderChannel::Phone }).await.unwrap();
    let claim = advance(row.state, &row.progress(), &case_step(CaseAction::Claim, "reviewer", 40)).unwrap();
    let stale = CaseTransition { after_seq: Some(seen), ..transition_with(claim.clone(), "reviewer", 40) };
    assert!(matches!(store.apply_action(&number, &stale).await, Err(StoreError::Conflict(_))));
    assert_eq!(store.case(&number).await.unwrap().unwrap().state, CaseState::HandedOff);
    let fresh = CaseTransition { after_seq: Some(seen + 1), ..transition_with(claim, "reviewer", 40) };
    assert_eq!(store.apply_action(&number, &fresh).await.unwrap(), CaseState::UnderReview);
}

async fn the_issuance_queue_is_per_pickup_hall_with_its_decision(store: &dyn Store) {
    let version = setup(store).await;
    let steps = [(CaseAction::Accept, "clerk"), (CaseAction::HandOff, "clerk"), (CaseAction::Claim, "reviewer")];
    // One to collect at 江海 (its pickup hall), one at 蓬江 (no pickup hall: where it was taken in).
    let elsewhere = store.create_case_with(&new_case(version, "陈", at()), &from_draft(&steps)).await.unwrap();
    let here_case = NewCase { pickup_hall_code: None, ..new_case(version, "李", at()) };
    let here = store.create_case_with(&here_case, &from_draft(&steps)).await.unwrap();
    for (number, minutes) in [(&elsewhere, 50), (&here, 60)] {
        let row = store.case(number).await.unwrap().unwrap();
        let approve =
            advance(row.state, &row.progress(), &case_step(CaseAction::Approve, "reviewer", minutes)).unwrap();
        let issue =
            advance(approve.to, &approve.progress, &case_step(CaseAction::PrepareIssuance, "reviewer", minutes))
                .unwrap();
        let held = Some("reviewer".to_string());
        let detail = EventDetail::Approval {
            result_name: "营业执照".into(),
            certificate_number: format!("C-{minutes}"),
            valid_until: None,
            note: String::new(),
        };
        let transitions = [
            CaseTransition {
                held_by: held.clone(),
                detail: Some(detail),
                ..transition_with(approve, "reviewer", minutes)
            },
            CaseTransition { held_by: held, ..transition_with(issue, "reviewer", minutes) },
        ];
        store.apply_actions(number, &transitions).await.unwrap();
    }
    let jianghai = store.issuance_queue("440704000").await.unwrap();
    assert_eq!(jianghai.len(), 1);
    assert_eq!(jianghai[0].case.number, elsewhere);
    assert_eq!(jianghai[0].case.pickup_hall_code.as_deref(), Some("440704000"));
    assert_eq!(jianghai[0].ready_since, at() + Duration::minutes(50));
    assert!(
        matches!(&jianghai[0].decision, Some(EventDetail::Approval { certificate_number, .. }) if certificate_number == "C-50")
    );
    let pengjiang = store.issuance_queue("440703000").await.unwrap();
    assert_eq!(pengjiang.iter().map(|r| r.case.number.clone()).collect::<Vec<_>>(), vec![here.clone()]);
    // Collected: off the list.
    act(store, &here, CaseAction::Collect, "clerk", 70).await.unwrap();
    assert!(store.issuance_queue("440703000").await.unwrap().is_empty());
    assert!(store.issuance_queue("999999999").await.unwrap().is_empty());
}

async fn broken_commitments_are_kept_and_counted(store: &dyn Store) {
    let version = setup(store).await;
    let held = tolerated(store, version, "陈").await;
    let ended = tolerated(store, version, "陈").await;
    let kind = IdKind::ResidentId;
    assert!(store.broken_commitments(kind, "11010519491231002X").await.unwrap().is_empty());
    let overdue =
        EventDetail::ShortfallOverdue { due: supplement_due(), missing: vec!["经营场所使用证明".into()] };
    let on = |days: i64| at() + Duration::days(days);
    follow_up(store, &held, CaseStep::new(CaseAction::HoldShortfall, "clerk", on(5)), overdue.clone()).await.unwrap();
    let state =
        follow_up(store, &ended, CaseStep::new(CaseAction::Terminate, "reviewer", on(6)), overdue).await.unwrap();
    assert_eq!(state, CaseState::Terminated);
    let broken = store.broken_commitments(kind, "11010519491231002X").await.unwrap();
    let days: Vec<_> = broken.iter().map(|b| (b.case_number.clone(), b.broken_on)).collect();
    assert_eq!(days, vec![(ended.clone(), local_day(on(6))), (held.clone(), local_day(on(5)))], "newest first");
    assert_eq!(store.case(&held).await.unwrap().unwrap().shortfall_broken_on, Some(local_day(on(5))));
    assert!(store.broken_commitments(kind, "110105194912310021").await.unwrap().is_empty(), "someone else");
    assert_eq!(store.action_count(CaseAction::Terminate).await.unwrap(), 1);
    assert_eq!(store.action_count(CaseAction::HandOff).await.unwrap(), 2);
    assert_eq!(store.action_count(CaseAction::InstantApprove).await.unwrap(), 0);
}

fn digits_range(first: u64, count: u64) -> crate::NewWaybillRange {
    crate::NewWaybillRange {
        carrier: "EMS".into(),
        product: "标准快递".into(),
        format: onewindow_domain::courier::WaybillFormat::Digits,
        numbers: (first..first + count).map(|n| n.to_string()).collect(),
        username: "clerk".into(),
        at: at(),
    }
}

fn shipment_of(number: &str, split: Option<&str>) -> crate::NewShipment {
    crate::NewShipment {
        kind: onewindow_domain::courier::ShipmentKind::MaterialTransfer,
        from_hall_code: "440703000".into(),
        to: crate::Destination::Department("PJQSCJGJ".into()),
        receiver_name: "江门市蓬江区市场监督管理局".into(),
        receiver_phone: None,
        carrier: "EMS".into(),
        product: "标准快递".into(),
        cases: vec![(number.to_string(), vec!["M01".into()])],
        split_reason: split.map(str::to_string),
        username: "clerk".into(),
        at: at(),
    }
}

async fn waybills_are_taken_once_in_order_and_never_reused(store: &dyn Store) {
    use onewindow_domain::courier::{ShipmentAction, ShipmentState};
    let version = setup(store).await;
    let number = store.create_case(&new_case(version, "陈", at())).await.unwrap();
    let range = store.import_waybill_range(&digits_range(1189000000001, 3)).await.unwrap();
    assert_eq!(
        (range.first.as_str(), range.last.as_str(), range.total, range.free()),
        ("1189000000001", "1189000000003", 3, 3)
    );
    // A range overlapping the first by one number is refused whole.
    assert!(matches!(store.import_waybill_range(&digits_range(1189000000003, 5)).await, Err(StoreError::Conflict(_))));
    assert_eq!(store.waybill_ranges().await.unwrap().len(), 1);

    let first = store.create_shipment(&shipment_of(&number, None)).await.unwrap();
    assert_eq!((first.waybill.as_str(), first.state), ("1189000000001", ShipmentState::Packed));
    assert_eq!(first.cases, vec![(number.clone(), vec!["M01".to_string()])]);
    assert_eq!(first.to_name, "江门市蓬江区市场监督管理局", "the department's name");
    assert_eq!(store.shipment("1189000000001").await.unwrap().unwrap(), first);
    // The same case's papers in a second envelope of the same kind: only when the dispatcher says why.
    assert!(matches!(store.create_shipment(&shipment_of(&number, None)).await, Err(StoreError::Conflict(_))));
    let second = store.create_shipment(&shipment_of(&number, Some("材料过多，分两袋寄送"))).await.unwrap();
    assert_eq!(second.waybill, "1189000000002");
    assert_eq!(second.split_reason.as_deref(), Some("材料过多，分两袋寄送"));

    // Cancelled: its number is recorded as cancelled and never handed out again.
    let cancel = crate::ShipmentMove {
        action: ShipmentAction::Cancel,
        from: ShipmentState::Packed,
        to: ShipmentState::Cancelled,
        username: "clerk".into(),
        hall_code: Some("440703000".into()),
        at: at() + Duration::minutes(5),
        reason: "面单打印错误".into(),
    };
    assert_eq!(store.apply_shipment_move(&first.waybill, &cancel).await.unwrap(), ShipmentState::Cancelled);
    assert!(matches!(store.apply_shipment_move(&first.waybill, &cancel).await, Err(StoreError::Conflict(_))));
    let counts = store.waybill_ranges().await.unwrap().remove(0);
    assert_eq!((counts.used, counts.cancelled, counts.free()), (1, 1, 1));
    let third = store.create_shipment(&shipment_of(&number, Some("补寄"))).await.unwrap();
    assert_eq!(third.waybill, "1189000000003", "the next free one, not the cancelled one");
    // None left: refused, nothing recorded.
    assert!(matches!(
        store.create_shipment(&shipment_of(&number, Some("再寄"))).await,
        Err(StoreError::WaybillsExhausted { .. })
    ));
    assert_eq!(store.shipments(Some("440703000"), 50).await.unwrap().len(), 3);
    assert!(store.shipments(Some("440704000"), 50).await.unwrap().is_empty());
    let of_case: Vec<_> = store.case_shipments(&number).await.unwrap().into_iter().map(|s| s.waybill).collect();
    assert_eq!(of_case, ["1189000000001", "1189000000002", "1189000000003"]);
    let events = store.shipment_events(&first.waybill).await.unwrap();
    assert_eq!(events.iter().map(|e| e.action).collect::<Vec<_>>(), [None, Some(ShipmentAction::Cancel)]);
    assert_eq!(events[1].reason, "面单打印错误");
    assert_eq!(events[1].hall_name.as_deref(), Some("江门市蓬江区政务服务中心"));
    // A move the life of a shipment does not allow is refused before anything is read.
    let skip = crate::ShipmentMove {
        action: ShipmentAction::Receive,
        from: ShipmentState::Packed,
        to: ShipmentState::Received,
        ..cancel
    };
    assert!(store.apply_shipment_move(&third.waybill, &skip).await.is_err());
    assert_eq!(store.shipment(&third.waybill).await.unwrap().unwrap().state, ShipmentState::Packed);
}

async fn a_label_run_keeps_each_label_and_its_moves(store: &dyn Store) {
    use onewindow_domain::courier::{LabelItemState, LabelRunAction, LabelRunState};
    let version = setup(store).await;
    let number = store.create_case(&new_case(version, "陈", at())).await.unwrap();
    store.import_waybill_range(&digits_range(1189000000001, 3)).await.unwrap();
    let first = store.create_shipment(&shipment_of(&number, None)).await.unwrap();
    let second = store.create_shipment(&shipment_of(&number, Some("分两袋"))).await.unwrap();
    let new_run = |waybills: Vec<String>| crate::NewLabelRun {
        hall_code: "440703000".into(),
        profile: "label-100x150".into(),
        queue: None,
        waybills,
        username: "clerk".into(),
        at: at(),
    };
    // A waybill that is no envelope refuses the whole run.
    assert!(matches!(
        store.create_label_run(&new_run(vec![first.waybill.clone(), "1189000000099".into()])).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.label_runs("440703000", 10).await.unwrap().is_empty());
    let run = store.create_label_run(&new_run(vec![second.waybill.clone(), first.waybill.clone()])).await.unwrap();
    assert_eq!(run.state, LabelRunState::Printing);
    let order: Vec<_> = run.items.iter().map(|i| (i.position, i.waybill.as_str(), i.state)).collect();
    assert_eq!(
        order,
        [(1, second.waybill.as_str(), LabelItemState::Pending), (2, first.waybill.as_str(), LabelItemState::Pending)]
    );
    assert_eq!(run.events.len(), 1);

    // A label printed: its job is logged against the envelope, and counts for a 补打.
    assert_eq!(store.label_count(&second.waybill).await.unwrap(), 0);
    let label = crate::NewPrintJob {
        case_number: Some(number.clone()),
        document_kind: "label".into(),
        profile: "label-100x150".into(),
        queue: "OW-LABEL".into(),
        cups_job: Some("OW-LABEL-1".into()),
        state: "queued".into(),
        error: None,
        reprint: false,
        username: "clerk".into(),
        at: at(),
        waybill: Some(second.waybill.clone()),
    };
    let job = store.record_print_job(&label).await.unwrap();
    assert_eq!(store.label_count(&second.waybill).await.unwrap(), 1);
    let refused = crate::NewPrintJob {
        state: "failed".into(),
        cups_job: None,
        error: Some("打印机离线".into()),
        waybill: Some(first.waybill.clone()),
        ..label
    };
    store.record_print_job(&refused).await.unwrap();
    assert_eq!(store.label_count(&first.waybill).await.unwrap(), 0, "a refused label is no label");
    assert_eq!(store.print_job(job).await.unwrap().unwrap().waybill.as_deref(), Some(second.waybill.as_str()));
    store.set_label_item(run.id, 1, LabelItemState::Sending, None, None).await.unwrap();
    store.set_label_item(run.id, 1, LabelItemState::Printed, Some(job), None).await.unwrap();
    store.set_label_item(run.id, 2, LabelItemState::Failed, None, Some("打印机离线")).await.unwrap();
    assert!(matches!(
        store.set_label_item(run.id, 3, LabelItemState::Printed, None, None).await,
        Err(StoreError::NotFound(_))
    ));

    // Stopped, then resumed; a move decided on a stale state is a conflict and appends nothing.
    let stop = |from| store.move_label_run(run.id, from, LabelRunAction::Stop, "打印机离线", "clerk", at());
    assert_eq!(stop(LabelRunState::Printing).await.unwrap(), LabelRunState::Stopped);
    assert!(matches!(stop(LabelRunState::Printing).await, Err(StoreError::Conflict(_))));
    assert!(matches!(
        store.move_label_run(run.id, LabelRunState::Stopped, LabelRunAction::Finish, "", "clerk", at()).await,
        Err(StoreError::Conflict(_))
    ));
    store.move_label_run(run.id, LabelRunState::Stopped, LabelRunAction::Resume, "", "clerk", at()).await.unwrap();
    let again = store.label_run(run.id).await.unwrap().unwrap();
    assert_eq!(again.state, LabelRunState::Printing);
    assert_eq!(again.items[0].print_job_id, Some(job));
    assert_eq!(again.items[1].error.as_deref(), Some("打印机离线"));
    let moves: Vec<_> = again.events.iter().map(|e| (e.action.as_str(), e.state)).collect();
    assert_eq!(
        moves,
        [("start", LabelRunState::Printing), ("stop", LabelRunState::Stopped), ("resume", LabelRunState::Printing)]
    );
    assert_eq!(again.events[1].note, "打印机离线");
    assert_eq!(store.label_runs("440703000", 10).await.unwrap(), vec![again]);
    assert!(store.label_runs("440704000", 10).await.unwrap().is_empty());
}
