use super::*;

const DEPARTMENT: &str = r#"
[department]
code = "JMSGAJ"
name = "江门市公安局"
area = "江门市"

[[items]]
code = "440700-JMSGAJ-001"
name = "居民身份证换领"
keywords = ["换身份证", " 身份证过期 "]
results = ["居民身份证"]
level = "city"
kind = "公共服务"
statutory_days = 60
promised_days = 15
on_the_spot = false
fee = "工本费20元"
delivery = ["window", "post"]
citywide = true
commitment_approval = false

[[items.materials]]
code = "M01"
name = "居民身份证"
form = "original"
copies = 1
pages = 1
policy = "core"

[[items.materials]]
code = "M02"
name = "数码相片回执"
form = "e_certificate"
copies = 1
pages = 1
policy = "tolerable"
supplement_days = 5
applies_to = "agent"
"#;

const BUNDLES: &str = r#"
[[bundles]]
code = "YJS-001"
name = "证件一件事"
items = ["440700-JMSGAJ-001", "440700-JMSGAJ-001"]
"#;

fn errors_of(files: &[(&str, &str)]) -> Vec<FileError> {
    parse_catalog(files.iter().copied()).expect_err("the files have problems")
}

/// The line of the first occurrence of `needle` (after `after`, if given) in `text`.
fn line_with(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

#[test]
fn a_department_file_becomes_items_with_materials_and_default_terms() {
    let catalog = parse_catalog([("JMSGAJ.toml", DEPARTMENT), ("bundles.toml", BUNDLES)]).unwrap();
    assert_eq!(catalog.departments[0].name, "江门市公安局");
    let item = &catalog.items[0];
    assert_eq!(item.department_code, "JMSGAJ");
    assert_eq!(item.delivery, vec![DeliveryMethod::Window, DeliveryMethod::Post]);
    assert_eq!(item.applicants, Eligibility::All);
    assert_eq!(item.shortfall, ShortfallRules::default());
    assert_eq!(item.materials[0].applies_to, AppliesTo::All);
    assert_eq!(item.materials[1].form, MaterialForm::ECertificate);
    assert_eq!(item.materials[1].supplement_days, Some(5));
    assert_eq!(catalog.bundles[0].item_codes.len(), 2);
    // Keywords and results are trimmed; both are optional.
    assert_eq!(item.keywords, ["换身份证", "身份证过期"]);
    assert_eq!(item.results, ["居民身份证"]);
    let without = DEPARTMENT.replace("keywords = [\"换身份证\", \" 身份证过期 \"]\nresults = [\"居民身份证\"]\n", "");
    let catalog = parse_catalog([("JMSGAJ.toml", without.as_str())]).unwrap();
    assert!(catalog.items[0].keywords.is_empty() && catalog.items[0].results.is_empty());
}

#[test]
fn syntax_and_type_errors_name_the_file_and_line() {
    let broken = DEPARTMENT.replace("policy = \"core\"", "policy = \"essential\"");
    let errors = errors_of(&[("JMSGAJ.toml", &broken)]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "syntax");
    assert_eq!(errors[0].line, Some(line_with(&broken, "essential")));
    assert!(errors[0].to_string().starts_with(&format!("JMSGAJ.toml:{}: 格式错误", line_with(&broken, "essential"))));
    let typo = DEPARTMENT.replacen("pages = 1", "page = 1", 1);
    assert_eq!(errors_of(&[("JMSGAJ.toml", &typo)])[0].code, "syntax");
}

/// Each class of problem, with the line and field it is reported at.
#[test]
fn every_error_class_is_caught_with_its_line() {
    let keywords = "keywords = [\"换身份证\", \" 身份证过期 \"]";
    let cases: [(&str, String, &str, &str); 14] = [
        (
            "tolerable_without_deadline",
            DEPARTMENT.replace("supplement_days = 5\n", ""),
            "[[items.materials]]\ncode = \"M02\"",
            "items[0].materials[1].supplement_days",
        ),
        (
            "deadline_beyond_promised",
            DEPARTMENT.replace("supplement_days = 5", "supplement_days = 16"),
            "supplement_days = 16",
            "items[0].materials[1].supplement_days",
        ),
        (
            "promised_beyond_statutory",
            DEPARTMENT.replace("promised_days = 15", "promised_days = 61"),
            "promised_days = 61",
            "items[0].promised_days",
        ),
        (
            "on_the_spot_with_days",
            DEPARTMENT.replace("on_the_spot = false", "on_the_spot = true"),
            "on_the_spot = true",
            "items[0].on_the_spot",
        ),
        (
            "duplicate_material_code",
            DEPARTMENT.replace("code = \"M02\"", "code = \"M01\""),
            "code = \"M01\"\nname = \"数码",
            "items[0].materials[1].code",
        ),
        (
            "unknown_department",
            DEPARTMENT.replace("name = \"居民身份证换领\"", "name = \"居民身份证换领\"\ndepartment = \"NOPE\""),
            "department = \"NOPE\"",
            "items[0].department",
        ),
        (
            "no_delivery",
            DEPARTMENT.replace("delivery = [\"window\", \"post\"]", "delivery = []"),
            "delivery = []",
            "items[0].delivery",
        ),
        (
            "zero_count",
            DEPARTMENT.replacen("copies = 1", "copies = 0", 1),
            "copies = 0",
            "items[0].materials[0].copies",
        ),
        (
            "deadline_on_non_tolerable",
            DEPARTMENT.replacen("policy = \"core\"", "policy = \"core\"\nsupplement_days = 3", 1),
            "supplement_days = 3",
            "items[0].materials[0].supplement_days",
        ),
        (
            "empty_term",
            DEPARTMENT.replace(keywords, "keywords = [\n  \"换身份证\",\n  \" \",\n]"),
            "\" \",",
            "items[0].keywords[1]",
        ),
        (
            "duplicate_term",
            DEPARTMENT.replace(keywords, "keywords = [\"换身份证\", \"换身份证 \"]"),
            "keywords = [",
            "items[0].keywords[1]",
        ),
        (
            "duplicate_term",
            DEPARTMENT.replace(keywords, "keywords = [\"居民身份证\"]"),
            "keywords = [",
            "items[0].keywords[0]",
        ),
        (
            "term_too_long",
            DEPARTMENT.replace("results = [\"居民身份证\"]", &format!("results = [\n  \"{}\",\n]", "长".repeat(25))),
            "长长",
            "items[0].results[0]",
        ),
        (
            "zero_deadline",
            DEPARTMENT.replace("supplement_days = 5", "supplement_days = 0"),
            "supplement_days = 0",
            "items[0].materials[1].supplement_days",
        ),
    ];
    for (code, text, needle, field) in cases {
        let errors = errors_of(&[("JMSGAJ.toml", &text)]);
        let e = errors.iter().find(|e| e.code == code).unwrap_or_else(|| panic!("{code} not reported: {errors:?}"));
        // Problems of a whole material are reported at its table's header.
        let expected_line = line_of(&text, text.find(needle).unwrap());
        assert_eq!(e.line, Some(expected_line), "{code}: {e}");
        assert_eq!(e.field, field, "{code}");
        assert_eq!(e.file, "JMSGAJ.toml");
        assert!(!e.message.is_empty());
    }
}

#[test]
fn problems_across_files_are_all_reported_at_once() {
    let bad_bundles = r#"
[[bundles]]
code = "YJS-001"
name = "开办企业一件事"
items = ["440700-JMSGAJ-001", "440700-NOPE-001"]

[[bundles]]
code = "YJS-001"
name = "重复"
items = ["440700-JMSGAJ-001"]
"#;
    let errors = errors_of(&[
        ("JMSGAJ.toml", DEPARTMENT),
        ("JMSGAJ-copy.toml", DEPARTMENT),
        ("bundles.toml", bad_bundles),
        ("BROKEN.toml", "[department"),
    ]);
    let codes: Vec<_> = errors.iter().map(|e| e.code).collect();
    for code in [
        "syntax",
        "duplicate_department",
        "duplicate_item_code",
        "unknown_item",
        "duplicate_bundle_code",
        "bundle_too_small",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let unknown = errors.iter().find(|e| e.code == "unknown_item").unwrap();
    assert_eq!((unknown.file.as_str(), unknown.line), ("bundles.toml", Some(5)));
    assert_eq!(unknown.field, "bundles[0].items[1]");
    assert!(unknown.message.contains("440700-NOPE-001"));
    let duplicate = errors.iter().find(|e| e.code == "duplicate_item_code").unwrap();
    assert_eq!((duplicate.file.as_str(), duplicate.line), ("JMSGAJ-copy.toml", Some(8)));
}

#[test]
fn export_then_parse_is_lossless_on_the_demo_catalog() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../onewindow-demo/data/catalog");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    texts.sort();
    let bundles = std::fs::read_to_string(dir.join("../bundles.toml")).unwrap();
    texts.push((BUNDLES_FILE.to_string(), bundles));
    let catalog = parse_catalog(texts.iter().map(|(f, t)| (f.as_str(), t.as_str()))).unwrap();
    assert!(catalog.items.len() >= 40);
    let exported = export_catalog(&catalog);
    assert_eq!(exported.len(), catalog.departments.len() + 1);
    let again = parse_catalog(exported.iter().map(|(f, t)| (f.as_str(), t.as_str()))).unwrap();
    assert_eq!(again, catalog);
    // And exporting again gives the same text.
    assert_eq!(export_catalog(&again), exported);
}

#[test]
fn the_follow_up_rules_are_read_with_their_defaults_and_instant_approval_that_can_never_apply_is_refused() {
    let catalog = parse_catalog([("JMSGAJ.toml", DEPARTMENT)]).unwrap();
    let rules = catalog.items[0].followup;
    assert_eq!(rules, FollowUpRules::default(), "hold, 12 months, reviewed by a person");
    assert_eq!(rules.no_tolerance_months, 12);

    let with = |extra: &str| {
        DEPARTMENT.replace("commitment_approval = false\n", &format!("commitment_approval = false\n{extra}\n"))
    };
    let set = with("on_shortfall_overdue = \"terminate\"\nno_tolerance_months = 6\ninstant_approval = true");
    let rules = parse_catalog([("JMSGAJ.toml", set.as_str())]).unwrap().items[0].followup;
    assert_eq!(rules.on_shortfall_overdue, ShortfallOverdue::Terminate);
    assert_eq!(rules.no_tolerance_months, 6);
    assert_eq!(
        rules.instant_approval,
        Some(InstantApproval { e_certificates_only: false, applicants: Eligibility::All })
    );

    // E-certificates only, but 居民身份证 has none: the rule can never hold.
    let never = with("instant_approval = true\ninstant_e_certificates_only = true");
    let errors = errors_of(&[("JMSGAJ.toml", never.as_str())]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, "instant_never_applies");
    assert!(errors[0].message.contains("居民身份证"), "{}", errors[0].message);
    assert_eq!(errors[0].field, "items[0].instant_approval");
    // Conditions without instant approval are a mistake, not a silent no-op.
    let stray = with("instant_applicants = \"person\"");
    assert_eq!(errors_of(&[("JMSGAJ.toml", stray.as_str())])[0].code, "instant_conditions_without_instant");
    // An unknown rule name is a type error on its line.
    let wrong = with("on_shortfall_overdue = \"ignore\"");
    let errors = errors_of(&[("JMSGAJ.toml", wrong.as_str())]);
    assert_eq!(errors[0].line, Some(line_with(&wrong, "on_shortfall_overdue")), "{errors:?}");

    // Written back out and read again: the same rules.
    let catalog = parse_catalog([("JMSGAJ.toml", set.as_str())]).unwrap();
    let files = export_catalog(&catalog);
    let again = parse_catalog(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).unwrap();
    assert_eq!(again, catalog);
}
