//! The numbers issue 3 asks for: a shortfall decision for a 30-material item, and a search over a
//! 5,000-item catalog.

use std::collections::BTreeSet;
use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use onewindow_domain::shortfall::{decide, ApplicantFacts, Window};
use onewindow_domain::{
    synthetic, AppliesTo, DeliveryMethod, Eligibility, Guide, ItemLevel, Material, MaterialForm, SearchIndex,
    ServiceItem, ShortfallPolicy, ShortfallRules, WorkCalendar,
};

fn thirty_material_item() -> ServiceItem {
    let policies = [ShortfallPolicy::Core, ShortfallPolicy::Tolerable, ShortfallPolicy::Optional];
    let applies = [AppliesTo::All, AppliesTo::All, AppliesTo::Agent, AppliesTo::Organisation, AppliesTo::Person];
    ServiceItem {
        code: "440700-BENCH-001".into(),
        name: "建筑工程施工许可".into(),
        keywords: vec!["施工证".into()],
        results: vec!["建筑工程施工许可证".into()],
        department_code: "JMSZJJ".into(),
        level: ItemLevel::City,
        kind: "行政许可".into(),
        statutory_days: 20,
        promised_days: 10,
        on_the_spot: false,
        fee: "不收费".into(),
        delivery: vec![DeliveryMethod::Window, DeliveryMethod::Post],
        citywide: true,
        commitment_approval: false,
        applicants: Eligibility::All,
        shortfall: ShortfallRules { max_missing: 5, ..ShortfallRules::default() },
        guide: Guide::default(),
        review: Default::default(),
        followup: Default::default(),
        materials: (0..30)
            .map(|i| {
                let policy = policies[i % 3];
                Material {
                    code: format!("M{i:02}"),
                    name: format!("材料{i}"),
                    form: MaterialForm::Original,
                    copies: 1,
                    pages: 2,
                    policy,
                    supplement_days: (policy == ShortfallPolicy::Tolerable).then_some(5),
                    e_certificate: (i % 7 == 0).then(|| format!("证照{i}")),
                    applies_to: applies[i % applies.len()],
                    note: String::new(),
                }
            })
            .collect(),
    }
}

fn shortfall(c: &mut Criterion) {
    let item = thirty_material_item();
    let mut facts = ApplicantFacts { commitment_signed: true, has_agent: true, ..ApplicantFacts::person() };
    facts.e_certificates.insert("证照14".into());
    let codes: Vec<String> = item.materials.iter().map(|m| m.code.clone()).collect();
    // Everything but two tolerable materials: an accept-with-shortfall, the busiest path.
    let present: BTreeSet<&str> = codes.iter().map(String::as_str).filter(|c| *c != "M01" && *c != "M04").collect();
    let calendar = WorkCalendar::weekends_only();
    let window = Window {
        today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        hall_area: "江门市",
        department_area: "江门市",
        calendar: &calendar,
    };
    c.bench_function("shortfall decision, 30 materials", |b| {
        b.iter(|| decide(black_box(&item), black_box(&facts), black_box(&present), black_box(&window)))
    });
}

fn search(c: &mut Criterion) {
    let index = SearchIndex::new(synthetic::entries(5000));
    c.bench_function("search 5,000 items, 8 queries", |b| {
        b.iter(|| {
            for q in synthetic::QUERIES {
                black_box(index.search(black_box(q), 20));
            }
        })
    });
}

criterion_group!(benches, shortfall, search);
criterion_main!(benches);
