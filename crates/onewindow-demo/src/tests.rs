use std::collections::{BTreeSet, HashSet};

use chrono::{TimeZone, Utc};
use onewindow_domain::{transition, CaseState, HallLevel, Role, WorkCalendar};

use super::*;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 6, 30, 0).unwrap()
}

#[test]
fn the_city_its_seven_areas_and_town_halls() {
    let demo = demo();
    let areas: BTreeSet<_> =
        demo.halls.iter().filter(|h| h.level == HallLevel::District).map(|h| h.area.as_str()).collect();
    assert_eq!(areas, BTreeSet::from(["蓬江区", "江海区", "新会区", "台山市", "开平市", "鹤山市", "恩平市"]));
    assert_eq!(demo.halls.iter().filter(|h| h.level == HallLevel::City).count(), 1);
    assert!(demo.halls.iter().filter(|h| h.level == HallLevel::Town).count() >= 6);
    assert!(demo.halls.iter().all(|h| !h.windows.is_empty() && h.code.len() == 9));
}

#[test]
fn the_catalog_is_big_enough_and_consistent() {
    let catalog = demo().catalog;
    assert!(catalog.departments.len() >= 12);
    assert!(catalog.items.len() >= 40);
    assert!(catalog.bundles.len() >= 2);
    let codes: HashSet<_> = catalog.items.iter().map(|i| &i.code).collect();
    assert_eq!(codes.len(), catalog.items.len(), "item codes are unique");
    for item in &catalog.items {
        assert!(catalog.department(&item.department_code).is_some());
        assert!(item.promised_days <= item.statutory_days, "{}", item.code);
        assert!(!item.materials.is_empty(), "{}", item.code);
        assert!(!item.delivery.is_empty(), "{}", item.code);
    }
}

#[test]
fn every_role_has_users_placed_where_they_work() {
    let demo = demo();
    let halls: HashSet<_> = demo.halls.iter().map(|h| h.code.as_str()).collect();
    for role in Role::ALL {
        assert!(demo.users.iter().any(|u| u.user.role == role), "{role:?}");
    }
    for u in &demo.users {
        let (hall, window, department) = u.user.role.placement();
        assert_eq!(u.user.hall_code.is_some(), hall, "{}", u.user.username);
        assert_eq!(u.user.window.is_some(), window, "{}", u.user.username);
        assert_eq!(u.user.department_code.is_some(), department, "{}", u.user.username);
        if let Some(code) = &u.user.hall_code {
            assert!(halls.contains(code.as_str()), "{}", u.user.username);
        }
        assert_eq!(u.password, DEMO_PASSWORD);
    }
}

#[test]
fn planned_cases_cover_every_state_along_legal_paths() {
    let demo = demo();
    let plans = plan_cases(&demo, &WorkCalendar::weekends_only(), now(), 240);
    assert_eq!(plans.len(), 240);
    let states: BTreeSet<_> = plans.iter().map(|p| p.state).collect();
    assert_eq!(states.len(), CaseState::ALL.len());
    for plan in &plans {
        let reached = plan.steps.iter().try_fold(CaseState::Draft, |s, step| transition(s, step.action));
        assert_eq!(reached, Ok(plan.state));
        let mut last = plan.created_at;
        for step in &plan.steps {
            assert!(step.at >= last && step.at <= now());
            last = step.at;
        }
        if let Some(accept) = plan.steps.first().filter(|s| s.due_date.is_some()) {
            if let Some(supplement) = accept.shortfall_supplement_due {
                assert!(supplement <= accept.due_date.unwrap());
            }
        }
    }
}

#[test]
fn planned_applicants_include_names_that_test_the_printer() {
    let plans = plan_cases(&demo(), &WorkCalendar::weekends_only(), now(), 240);
    let names: Vec<_> = plans.iter().map(|p| p.applicant.name.as_str()).collect();
    assert!(names.iter().any(|n| n.contains('𠮷')));
    assert!(names.iter().any(|n| n.contains('·')));
}

#[test]
fn the_plan_is_repeatable() {
    let a = plan_cases(&demo(), &WorkCalendar::weekends_only(), now(), 40);
    let b = plan_cases(&demo(), &WorkCalendar::weekends_only(), now(), 40);
    let key = |p: &DemoCase| (p.service_item_code.clone(), p.applicant.id.value.clone(), p.created_at);
    assert_eq!(a.iter().map(key).collect::<Vec<_>>(), b.iter().map(key).collect::<Vec<_>>());
}
