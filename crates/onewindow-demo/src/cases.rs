//! Demo cases: every lifecycle state, with a history that walks the real state machine from the
//! draft, at plausible times in the hall's working hours.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use onewindow_domain::time::{from_local, local_day};
use onewindow_domain::{
    transition, Agent, Applicant, ApplicantKind, AppliesTo, CaseAction, CaseState, CorrectionItem, DeliveryMethod,
    EventDetail, Hall, ReceivedMaterial, Role, ServiceItem, ShortfallPolicy, SpecialProcedureKind, WorkCalendar,
};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::applicants::People;
use crate::Demo;

#[derive(Debug, Clone)]
pub struct DemoCase {
    pub service_item_code: String,
    pub applicant: Applicant,
    pub agent: Option<Agent>,
    pub hall_code: String,
    pub window: Option<String>,
    pub clerk_username: String,
    pub delivery: DeliveryMethod,
    pub pickup_hall_code: Option<String>,
    pub delivery_address: Option<String>,
    pub materials: Vec<ReceivedMaterial>,
    pub verification_code: String,
    pub created_at: DateTime<Utc>,
    pub local_day: NaiveDate,
    pub steps: Vec<DemoStep>,
    /// The state the steps lead to.
    pub state: CaseState,
}

#[derive(Debug, Clone)]
pub struct DemoStep {
    pub action: CaseAction,
    pub actor_username: String,
    pub hall_code: String,
    pub window: Option<String>,
    pub at: DateTime<Utc>,
    pub reason: String,
    pub due_date: Option<NaiveDate>,
    pub shortfall_supplement_due: Option<NaiveDate>,
    /// What a review decision records with its event.
    pub detail: Option<EventDetail>,
}

const STREETS: [&str; 8] = [
    "蓬江区白沙大道西",
    "江海区五邑路",
    "新会区会城今古洲路",
    "台山市台城环市东路",
    "开平市长沙幕沙路",
    "鹤山市沙坪鹤山大道",
    "恩平市恩城新平中路",
    "蓬江区建设二路",
];

/// Halls work 08:30–17:30.
const WORK_MINUTES: i64 = 9 * 60;

fn at_local(day: NaiveDate, minutes_after_8_30: i64) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::from_hms_opt(8, 30, 0).expect("valid")) + Duration::minutes(minutes_after_8_30);
    from_local(local)
}

/// The working day `n` working days before `day` (or `day` itself, moved back to a working day).
fn working_days_back(calendar: &WorkCalendar, day: NaiveDate, n: i64) -> NaiveDate {
    let mut day = day;
    let mut left = n;
    loop {
        if calendar.is_working_day(day) {
            if left == 0 {
                return day;
            }
            left -= 1;
        }
        day = day - chrono::Days::new(1);
    }
}

/// The moment `minutes` working minutes after 08:30 on `day`, continuing over the following
/// working days.
fn working_time(calendar: &WorkCalendar, day: NaiveDate, minutes: i64) -> DateTime<Utc> {
    let mut day = day;
    let mut minutes = minutes;
    while !calendar.is_working_day(day) {
        day = day + chrono::Days::new(1);
    }
    while minutes >= WORK_MINUTES {
        minutes -= WORK_MINUTES;
        day = calendar.add_working_days(day, 1);
    }
    at_local(day, minutes)
}

/// The actions that lead from a new draft to `target`.
fn path_to(target: CaseState, with_shortfall: bool, delivery: DeliveryMethod) -> Vec<CaseAction> {
    use CaseAction as A;
    use CaseState as S;
    let accept = if with_shortfall { A::AcceptWithShortfall } else { A::Accept };
    // Cases whose results are mailed were taken over once: the first reviewer went on leave and
    // released the case, a colleague claimed it (the history shows both).
    let reviewed = |decision: CaseAction| match delivery {
        DeliveryMethod::Post => vec![accept, A::HandOff, A::Claim, A::Release, A::Claim, decision],
        DeliveryMethod::Window => vec![accept, A::HandOff, A::Claim, decision],
    };
    let mut path = match target {
        S::Draft => vec![],
        S::Refused => vec![A::Refuse],
        S::NoticeIssued => vec![A::IssueNotice],
        S::Accepted | S::AcceptedWithShortfall => vec![accept],
        S::HandedOff => vec![accept, A::HandOff],
        S::UnderReview => vec![accept, A::HandOff, A::Claim],
        S::CorrectionRequested => vec![accept, A::HandOff, A::Claim, A::RequestCorrection],
        S::Corrected => vec![accept, A::HandOff, A::Claim, A::RequestCorrection, A::SubmitCorrection],
        S::SpecialProcedure => vec![accept, A::HandOff, A::Claim, A::StartSpecialProcedure],
        S::Withdrawn => vec![accept, A::HandOff, A::Claim, A::RequestCorrection, A::Withdraw],
        S::Terminated => vec![A::AcceptWithShortfall, A::HandOff, A::Remind, A::Terminate],
        S::Approved => reviewed(A::Approve),
        S::Denied => reviewed(A::Deny),
        S::ReadyForIssuance | S::AwaitingDispatch | S::Collected | S::Dispatched | S::Delivered | S::Closed => {
            let mut p = reviewed(A::Approve);
            match delivery {
                DeliveryMethod::Window => p.extend([A::PrepareIssuance, A::Collect, A::Close]),
                DeliveryMethod::Post => p.extend([A::PrepareDispatch, A::Dispatch, A::Deliver, A::Close]),
            }
            p
        }
    };
    // A result handed over had its tolerated materials in first: brought to a window, reminded once.
    let handed_over = matches!(target, S::Collected | S::Dispatched | S::Delivered | S::Closed);
    if with_shortfall && handed_over {
        if let Some(i) = path.iter().position(|a| *a == A::HandOff) {
            path.splice(i + 1..i + 1, [A::Remind, A::SupplyShortfall]);
        }
    }
    // Cut the full walk where it reaches the target.
    let mut state = S::Draft;
    let mut cut = path.len();
    for (i, &a) in path.iter().enumerate() {
        state = transition(state, a).expect("demo paths follow the lifecycle");
        if state == target {
            cut = i + 1;
            break;
        }
    }
    path.truncate(cut);
    path
}

/// Who takes an action: the clerk at the window, the department's reviewer or the dispatcher.
enum Actor {
    Clerk,
    Reviewer,
    Lead,
    Dispatcher,
}

fn actor_of(action: CaseAction) -> Actor {
    use CaseAction as A;
    match action {
        A::Claim
        | A::Release
        | A::RequestCorrection
        | A::StartSpecialProcedure
        | A::EndSpecialProcedure
        | A::Approve
        | A::Deny
        | A::PrepareIssuance
        | A::PrepareDispatch => Actor::Reviewer,
        A::Reassign | A::Extend | A::ExtendCorrection | A::Withdraw | A::Terminate => Actor::Lead,
        A::Dispatch | A::Deliver => Actor::Dispatcher,
        _ => Actor::Clerk,
    }
}

fn applies(material_applies_to: AppliesTo, kind: ApplicantKind, has_agent: bool) -> bool {
    match material_applies_to {
        AppliesTo::All => true,
        AppliesTo::Person => kind == ApplicantKind::Person,
        AppliesTo::Organisation => kind == ApplicantKind::Organisation,
        AppliesTo::Agent => has_agent,
    }
}

fn is_for_organisations(item: &ServiceItem) -> bool {
    item.materials.iter().any(|m| m.applies_to == AppliesTo::Organisation)
        && !item.materials.iter().any(|m| m.applies_to == AppliesTo::Person)
}

/// `count` cases spread over every state, the newest no later than `now`.
pub fn plan_cases(demo: &Demo, calendar: &WorkCalendar, now: DateTime<Utc>, count: usize) -> Vec<DemoCase> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x4407_2026);
    let today = local_day(now);
    let clerks: Vec<_> = demo.users.iter().map(|u| &u.user).filter(|u| u.role == Role::WindowClerk).collect();
    let staffed: Vec<&Hall> =
        demo.halls.iter().filter(|h| clerks.iter().any(|c| c.hall_code.as_deref() == Some(h.code.as_str()))).collect();
    let mut plans = Vec::with_capacity(count);
    let mut people_rng = ChaCha8Rng::seed_from_u64(0x0750);
    let mut people = People::new(&mut people_rng, today);
    // The demo's own reviewer (user `reviewer`) should find a day's work in the queue: most cases
    // waiting in a department queue are of that reviewer's department.
    let reviewer_department = demo
        .users
        .iter()
        .find(|u| u.user.username == "reviewer")
        .and_then(|u| u.user.department_code.clone())
        .expect("the demo has its reviewer");
    for i in 0..count {
        let target = CaseState::ALL[i % CaseState::ALL.len()];
        let for_the_reviewer = target.is_in_department_queue() && i % 3 != 2;
        let needs_post = matches!(target, CaseState::AwaitingDispatch | CaseState::Dispatched | CaseState::Delivered);
        let needs_window = matches!(target, CaseState::ReadyForIssuance | CaseState::Collected);
        let must_tolerate = matches!(target, CaseState::AcceptedWithShortfall | CaseState::Terminated);
        let wants_shortfall = must_tolerate || (target != CaseState::Accepted && rng.gen_bool(0.3));
        let candidates: Vec<&ServiceItem> = demo
            .catalog
            .items
            .iter()
            .filter(|item| !needs_post || item.delivery.contains(&DeliveryMethod::Post))
            .filter(|item| !needs_window || item.delivery.contains(&DeliveryMethod::Window))
            .filter(|item| !for_the_reviewer || item.department_code == reviewer_department)
            .filter(|item| {
                !must_tolerate
                    || item
                        .materials
                        .iter()
                        .any(|m| m.policy == ShortfallPolicy::Tolerable && m.applies_to == AppliesTo::All)
            })
            .collect();
        let item = *candidates.choose(&mut rng).expect("the demo catalog covers every state");
        let department = demo.catalog.department(&item.department_code).expect("catalog is consistent");
        // Items not handled city-wide are taken at a hall of their department's area.
        let halls: Vec<&Hall> = if item.citywide {
            staffed.clone()
        } else {
            let local: Vec<&Hall> = staffed.iter().copied().filter(|h| h.area == department.area).collect();
            if local.is_empty() {
                staffed.clone()
            } else {
                local
            }
        };
        let hall = *halls.choose(&mut rng).expect("some hall has a clerk");
        let clerk = clerks.iter().find(|c| c.hall_code.as_deref() == Some(hall.code.as_str())).expect("staffed hall");
        let reviewer = demo
            .users
            .iter()
            .map(|u| &u.user)
            .find(|u| u.role == Role::Reviewer && u.department_code.as_deref() == Some(item.department_code.as_str()))
            .expect("every department has a reviewer");
        let lead = demo
            .users
            .iter()
            .map(|u| &u.user)
            .find(|u| {
                u.role == Role::DepartmentLead && u.department_code.as_deref() == Some(item.department_code.as_str())
            })
            .unwrap_or(reviewer);
        let dispatchers: Vec<_> = demo.users.iter().map(|u| &u.user).filter(|u| u.role == Role::Dispatcher).collect();
        let dispatcher = dispatchers
            .iter()
            .find(|d| d.hall_code == clerk.hall_code)
            .or(dispatchers.first())
            .expect("the demo has a dispatcher");

        let applicant = if is_for_organisations(item) { people.organisation() } else { people.person() };
        let agent = (applicant.kind == ApplicantKind::Organisation || rng.gen_bool(0.2)).then(|| people.agent());
        let delivery = if needs_post {
            DeliveryMethod::Post
        } else if needs_window {
            DeliveryMethod::Window
        } else {
            *item.delivery.choose(&mut rng).expect("items offer a delivery")
        };
        let (pickup_hall_code, delivery_address) = match delivery {
            DeliveryMethod::Window => (Some(hall.code.clone()), None),
            DeliveryMethod::Post => {
                let street = STREETS.choose(&mut rng).expect("non-empty");
                (None, Some(format!("广东省江门市{street}{}号{}室", rng.gen_range(1..300), rng.gen_range(101..1802))))
            }
        };

        // Materials: all that apply, less one tolerable (shortfall) or one core (notice).
        let applicable: Vec<_> =
            item.materials.iter().filter(|m| applies(m.applies_to, applicant.kind, agent.is_some())).collect();
        let tolerable: Vec<_> = applicable.iter().filter(|m| m.policy == ShortfallPolicy::Tolerable).collect();
        let with_shortfall = wants_shortfall
            && !tolerable.is_empty()
            && target != CaseState::Draft
            && target != CaseState::Refused
            && target != CaseState::NoticeIssued;
        let missing = if with_shortfall {
            tolerable.choose(&mut rng).map(|m| m.code.clone())
        } else if target == CaseState::NoticeIssued {
            applicable.iter().find(|m| m.policy == ShortfallPolicy::Core).map(|m| m.code.clone())
        } else {
            None
        };
        let materials: Vec<ReceivedMaterial> = applicable
            .iter()
            .filter(|m| Some(&m.code) != missing.as_ref())
            .filter(|m| m.policy != ShortfallPolicy::Optional || rng.gen_bool(0.5))
            .map(|m| ReceivedMaterial {
                material_code: m.code.clone(),
                form: m.form,
                copies: m.copies,
                pages: m.pages * m.copies,
            })
            .collect();
        let missing_name = missing
            .as_ref()
            .and_then(|code| item.materials.iter().find(|m| &m.code == code))
            .map(|m| m.name.clone())
            .unwrap_or_default();

        let actions = path_to(target, with_shortfall, delivery);
        // Working days the case has been going: open ones mostly within their promised time,
        // finished ones well past it; `pace` < 1 is a department ahead of time, > 1 behind.
        let promised = i64::from(item.promised_days.max(1));
        let pace = rng.gen_range(0.3..1.25);
        let window_days = ((promised as f64) * pace).ceil() as i64;
        let finished = matches!(
            target,
            CaseState::Approved
                | CaseState::Denied
                | CaseState::ReadyForIssuance
                | CaseState::AwaitingDispatch
                | CaseState::Collected
                | CaseState::Dispatched
                | CaseState::Delivered
                | CaseState::Closed
                | CaseState::Terminated
        );
        let age = if finished { window_days + rng.gen_range(1..10) } else { rng.gen_range(0..window_days.max(1)) };
        let created_day = working_days_back(calendar, today, age);
        let start_minute = rng.gen_range(0..WORK_MINUTES - 90);
        let created_at = working_time(calendar, created_day, start_minute).min(now - Duration::minutes(5));
        // Review happens within the department's window; issuance and delivery follow the decision.
        let review_span = (window_days * WORK_MINUTES).min(age * WORK_MINUTES).max(60);
        let decided_at =
            actions.iter().position(|a| matches!(a, CaseAction::Approve | CaseAction::Deny)).unwrap_or(actions.len());
        let mut offsets: Vec<i64> = (0..actions.len()).map(|_| rng.gen_range(30..=review_span)).collect();
        offsets[..(decided_at + 1).min(actions.len())].sort_unstable();
        for i in (decided_at + 1)..actions.len() {
            offsets[i] = offsets[i - 1] + rng.gen_range(60..900);
        }
        // Acceptance follows the draft within minutes.
        if let Some(first) = offsets.first_mut() {
            *first = rng.gen_range(3..25);
        }
        let mut last = created_at;
        let mut steps = Vec::with_capacity(actions.len());
        for (action, offset) in actions.iter().copied().zip(offsets) {
            let at =
                working_time(calendar, created_day, start_minute + offset).max(last + Duration::minutes(1)).min(now);
            last = at;
            let accept_day = local_day(at);
            let (step_due, shortfall_supplement_due) = match action {
                CaseAction::Accept | CaseAction::AcceptWithShortfall => {
                    let due = calendar.add_working_days(accept_day, item.promised_days);
                    let supplement = (action == CaseAction::AcceptWithShortfall).then(|| {
                        let days = tolerable
                            .iter()
                            .filter(|m| Some(&m.code) == missing.as_ref())
                            .filter_map(|m| m.supplement_days)
                            .max()
                            .unwrap_or(1);
                        calendar.add_working_days(accept_day, days).min(due)
                    });
                    (Some(due), supplement)
                }
                _ => (None, None),
            };
            let (actor, window) = match actor_of(action) {
                Actor::Clerk => (clerk.username.clone(), clerk.window.clone()),
                Actor::Reviewer => (reviewer.username.clone(), None),
                Actor::Lead => (lead.username.clone(), None),
                Actor::Dispatcher => (dispatcher.username.clone(), None),
            };
            let reason = match action {
                CaseAction::Accept => "材料齐全，予以受理".to_string(),
                CaseAction::AcceptWithShortfall => format!("容缺受理：{missing_name}待补齐，申请人已签署承诺书"),
                CaseAction::Refuse => "申请人不具备申请资格，依法不予受理".to_string(),
                CaseAction::IssueNotice => format!("缺少核心材料：{missing_name}，已一次性告知"),
                CaseAction::HandOff => format!("移交{}", department.name),
                CaseAction::RequestCorrection => "申请表签名与身份证明不一致，请补正".to_string(),
                CaseAction::SubmitCorrection => "申请人已到窗口补正材料".to_string(),
                CaseAction::Approve => "符合法定条件，准予办理".to_string(),
                CaseAction::Deny => "不符合法定条件，不予许可".to_string(),
                CaseAction::PrepareIssuance => "结果送窗口出件".to_string(),
                CaseAction::PrepareDispatch => "结果转寄递（EMS）".to_string(),
                CaseAction::Collect => "申请人现场领取".to_string(),
                CaseAction::Dispatch => format!("EMS 运单 11{}", rng.gen_range(100_000_000u64..999_999_999)),
                CaseAction::Deliver => "收件人已签收".to_string(),
                CaseAction::Close => "归档".to_string(),
                CaseAction::Release => "审查人员休假，退回部门队列由同事接办".to_string(),
                CaseAction::Claim => String::new(),
                CaseAction::StartSpecialProcedure => "经营场所须现场核查".to_string(),
                CaseAction::EndSpecialProcedure => "现场核查完成".to_string(),
                CaseAction::Withdraw => "申请人逾期未补正，视为撤回申请".to_string(),
                CaseAction::Reassign => "审查人员调岗，改派同事".to_string(),
                CaseAction::Extend => "案情复杂，经负责人批准延期".to_string(),
                CaseAction::ExtendCorrection => "申请人申请延长补正期限".to_string(),
                CaseAction::InstantApprove => "符合智能审批条件，系统自动准予办理".to_string(),
                CaseAction::SupplyShortfall => format!("申请人补交容缺材料：{missing_name}"),
                CaseAction::Remind => format!("电话提醒申请人补交{missing_name}"),
                CaseAction::HoldShortfall => format!("{missing_name}逾期未补交，暂缓出件"),
                CaseAction::Terminate => format!("{missing_name}逾期未补交，违反容缺受理承诺，终止办理"),
            };
            let corrected = materials.first().map(|m| {
                let name = item.materials.iter().find(|x| x.code == m.material_code).map_or("", |x| x.name.as_str());
                (m.clone(), name.to_string())
            });
            let detail = match action {
                CaseAction::RequestCorrection => corrected.as_ref().map(|(m, name)| EventDetail::CorrectionRequest {
                    items: vec![CorrectionItem {
                        material_code: Some(m.material_code.clone()),
                        name: name.clone(),
                        reason: "签名与身份证明不一致".into(),
                    }],
                    deadline: calendar.add_working_days(local_day(at), 10),
                }),
                CaseAction::SubmitCorrection => {
                    corrected.as_ref().map(|(m, _)| EventDetail::CorrectionSupplied { materials: vec![m.clone()] })
                }
                CaseAction::StartSpecialProcedure => Some(EventDetail::SpecialProcedureStarted {
                    procedure: SpecialProcedureKind::OnSiteCheck,
                    limit_days: 5,
                }),
                CaseAction::Approve => Some(EventDetail::Approval {
                    result_name: item.results.first().cloned().unwrap_or_else(|| format!("{}结果", item.name)),
                    certificate_number: format!("JM{}{:06}", local_day(at).format("%Y"), rng.gen_range(1..999_999)),
                    valid_until: None,
                    note: String::new(),
                }),
                CaseAction::Deny => Some(EventDetail::Denial {
                    ground: item.review.denial_grounds().into_iter().next().unwrap_or_default(),
                }),
                CaseAction::Remind => Some(EventDetail::Reminder { channel: onewindow_domain::ReminderChannel::Phone }),
                CaseAction::SupplyShortfall => missing.as_ref().and_then(|code| {
                    let m = item.materials.iter().find(|m| &m.code == code)?;
                    Some(EventDetail::ShortfallSupplied {
                        materials: vec![ReceivedMaterial {
                            material_code: m.code.clone(),
                            form: m.form,
                            copies: m.copies,
                            pages: m.pages * m.copies,
                        }],
                    })
                }),
                CaseAction::Terminate => Some(EventDetail::ShortfallOverdue {
                    due: steps.first().and_then(|s: &DemoStep| s.shortfall_supplement_due).unwrap_or(local_day(at)),
                    missing: vec![missing_name.clone()],
                }),
                CaseAction::Collect => Some(EventDetail::Collection {
                    collector_name: applicant.name.clone(),
                    collector_id_masked: onewindow_domain::mask_id(&applicant.id.value),
                    as_agent: false,
                }),
                _ => None,
            };
            steps.push(DemoStep {
                action,
                actor_username: actor,
                hall_code: hall.code.clone(),
                window,
                at,
                reason,
                due_date: step_due,
                shortfall_supplement_due,
                detail,
            });
        }
        plans.push(DemoCase {
            service_item_code: item.code.clone(),
            applicant,
            agent,
            hall_code: hall.code.clone(),
            window: clerk.window.clone(),
            clerk_username: clerk.username.clone(),
            delivery,
            pickup_hall_code,
            delivery_address,
            materials,
            verification_code: onewindow_domain::verification_code(std::array::from_fn(|_| rng.gen())),
            created_at,
            local_day: local_day(created_at),
            steps,
            state: target,
        });
    }
    plans
}
