use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn ok(kind: IdKind, value: &str) -> Identifier {
    validate(kind, value, today()).unwrap_or_else(|e| panic!("{value}: {e}"))
}

fn problem(kind: IdKind, value: &str) -> IdProblem {
    validate(kind, value, today()).expect_err(value).problem
}

#[test]
fn gb11643_published_examples_are_valid() {
    ok(IdKind::ResidentId, "11010519491231002X");
    ok(IdKind::ResidentId, "440524188001010014");
}

#[test]
fn resident_id_lower_case_x_is_normalised() {
    assert_eq!(ok(IdKind::ResidentId, "11010519491231002x").value, "11010519491231002X");
    assert_eq!(ok(IdKind::ResidentId, " 11010519491231002X\t").value, "11010519491231002X");
}

#[test]
fn resident_id_checksum_names_the_expected_character() {
    assert_eq!(
        problem(IdKind::ResidentId, "110105194912310021"),
        IdProblem::ChecksumMismatch { expected: 'X', found: '1' }
    );
    let e = validate(IdKind::ResidentId, "110105194912310021", today()).unwrap_err();
    assert_eq!(e.code(), "checksum_mismatch");
    assert!(e.to_string().contains("应为“X”"), "{e}");
}

#[test]
fn every_single_digit_change_is_caught() {
    let valid = "11010519491231002X";
    for pos in 0..17 {
        for d in b'0'..=b'9' {
            let mut bytes = valid.as_bytes().to_vec();
            if bytes[pos] == d {
                continue;
            }
            bytes[pos] = d;
            let changed = String::from_utf8(bytes).unwrap();
            assert!(validate(IdKind::ResidentId, &changed, today()).is_err(), "{changed}");
        }
    }
}

#[test]
fn resident_id_fifteen_digits_is_legacy() {
    let e = validate(IdKind::ResidentId, "440524800101001", today()).unwrap_err();
    assert_eq!(e.problem, IdProblem::LegacyFifteenDigit);
    assert_eq!(e.code(), "legacy_15_digit");
    assert!(e.to_string().contains("15位"));
}

#[test]
fn resident_id_lengths_and_characters() {
    assert_eq!(
        problem(IdKind::ResidentId, "1101051949123100"),
        IdProblem::WrongLength { expected: "18位", actual: 16 }
    );
    assert_eq!(
        problem(IdKind::ResidentId, "1101051949A231002X"),
        IdProblem::InvalidCharacter { position: 11, found: 'A', expected: "数字（最后一位可为X）" }
    );
    assert!(matches!(
        problem(IdKind::ResidentId, "X10105194912310021"),
        IdProblem::InvalidCharacter { position: 1, .. }
    ));
}

#[test]
fn resident_id_region_and_birth_date() {
    let with_check = |first17: &str| format!("{first17}{}", resident_id_check_char(first17).unwrap());
    assert_eq!(
        problem(IdKind::ResidentId, &with_check("99010519491231002")),
        IdProblem::UnknownRegion { code: "99".into() }
    );
    assert_eq!(
        problem(IdKind::ResidentId, &with_check("44070319490230002")),
        IdProblem::InvalidBirthDate { date: "1949-02-30".into() }
    );
    assert_eq!(
        problem(IdKind::ResidentId, &with_check("44070317000101002")),
        IdProblem::InvalidBirthDate { date: "1700-01-01".into() }
    );
    assert_eq!(
        problem(IdKind::ResidentId, &with_check("44070320261129002")),
        IdProblem::BirthDateInFuture { date: "2026-11-29".into() }
    );
    ok(IdKind::ResidentId, &with_check("44070320261128002"));
    ok(IdKind::ResidentId, &with_check("44070320000229002"));
    assert!(matches!(
        problem(IdKind::ResidentId, &with_check("44070319000229002")),
        IdProblem::InvalidBirthDate { .. }
    ));
}

#[test]
fn birth_date_is_read() {
    assert_eq!(ok(IdKind::ResidentId, "11010519491231002X").birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
    assert_eq!(ok(IdKind::Mobile, "13812345678").birth_date(), None);
}

#[test]
fn residence_permit() {
    ok(IdKind::ResidencePermit, "810000198001011236");
    ok(IdKind::ResidencePermit, "830000199512310009");
    // A mistyped resident ID is not a residence permit.
    assert!(matches!(problem(IdKind::ResidencePermit, "110105194912310021"), IdProblem::WrongPrefix { .. }));
    assert!(matches!(problem(IdKind::ResidencePermit, "810000198001011237"), IdProblem::ChecksumMismatch { .. }));
    // A residence permit is not a resident ID, and the message says which it is.
    assert_eq!(
        problem(IdKind::ResidentId, "810000198001011236"),
        IdProblem::OtherKind { suggested: IdKind::ResidencePermit }
    );
}

#[test]
fn uscc_published_examples() {
    ok(IdKind::Uscc, "91350100M000100Y43");
    ok(IdKind::Uscc, "91110000600037341L");
    assert_eq!(ok(IdKind::Uscc, "91350100m000100y43").value, "91350100M000100Y43");
}

#[test]
fn uscc_errors() {
    assert_eq!(problem(IdKind::Uscc, "91350100M000100Y44"), IdProblem::ChecksumMismatch { expected: '3', found: '4' });
    // I, O, S, V, Z are not in the alphabet.
    assert!(matches!(
        problem(IdKind::Uscc, "91350100M00O100Y43"),
        IdProblem::InvalidCharacter { position: 12, found: 'O', .. }
    ));
    // The administrative division code is digits.
    assert!(matches!(problem(IdKind::Uscc, "9135A100M000100Y43"), IdProblem::InvalidCharacter { position: 5, .. }));
    assert!(matches!(problem(IdKind::Uscc, "91350100M000100Y4"), IdProblem::WrongLength { actual: 17, .. }));
}

#[test]
fn uscc_every_single_character_change_is_caught() {
    let valid = "91350100M000100Y43";
    for pos in 0..17 {
        for c in USCC_ALPHABET.chars() {
            let mut chars: Vec<char> = valid.chars().collect();
            if chars[pos] == c {
                continue;
            }
            chars[pos] = c;
            let changed: String = chars.into_iter().collect();
            assert!(validate(IdKind::Uscc, &changed, today()).is_err(), "{changed}");
        }
    }
}

#[test]
fn mobile() {
    for v in ["13812345678", "19912345678", "15000000000"] {
        ok(IdKind::Mobile, v);
    }
    assert_eq!(problem(IdKind::Mobile, "12812345678"), IdProblem::WrongPrefix { expected: "13至19" });
    assert_eq!(problem(IdKind::Mobile, "23812345678"), IdProblem::WrongPrefix { expected: "13至19" });
    assert!(matches!(problem(IdKind::Mobile, "1381234567"), IdProblem::WrongLength { actual: 10, .. }));
    assert!(matches!(
        problem(IdKind::Mobile, "138-1234-5678"),
        IdProblem::InvalidCharacter { position: 4, found: '-', .. }
    ));
    assert!(matches!(problem(IdKind::Mobile, "+8613812345678"), IdProblem::InvalidCharacter { position: 1, .. }));
}

#[test]
fn hk_macau_permit() {
    ok(IdKind::HkMacauPermit, "H12345678");
    ok(IdKind::HkMacauPermit, "M87654321");
    assert_eq!(ok(IdKind::HkMacauPermit, "h12345678").value, "H12345678");
    assert!(matches!(problem(IdKind::HkMacauPermit, "A12345678"), IdProblem::InvalidCharacter { position: 1, .. }));
    assert!(matches!(problem(IdKind::HkMacauPermit, "H1234567"), IdProblem::WrongLength { actual: 8, .. }));
    assert!(matches!(problem(IdKind::HkMacauPermit, "H1234567X"), IdProblem::InvalidCharacter { position: 9, .. }));
}

#[test]
fn tw_permit() {
    ok(IdKind::TwPermit, "12345678");
    assert_eq!(problem(IdKind::TwPermit, "1234567890(B)"), IdProblem::LegacyTwPermit);
    assert_eq!(problem(IdKind::TwPermit, "1234567890B"), IdProblem::LegacyTwPermit);
    assert!(matches!(problem(IdKind::TwPermit, "1234567"), IdProblem::WrongLength { actual: 7, .. }));
    assert!(matches!(problem(IdKind::TwPermit, "T2345678"), IdProblem::InvalidCharacter { position: 1, .. }));
}

#[test]
fn passport() {
    for v in ["E12345678", "EA1234567", "G12345678", "K1234567", "533380006", "X00B12345"] {
        ok(IdKind::Passport, v);
    }
    assert!(matches!(problem(IdKind::Passport, "E123"), IdProblem::WrongLength { actual: 4, .. }));
    assert!(matches!(problem(IdKind::Passport, "ABCDEFGH"), IdProblem::InvalidCharacter { .. }));
    assert!(matches!(problem(IdKind::Passport, "E1234-678"), IdProblem::InvalidCharacter { position: 6, .. }));
}

#[test]
fn hostile_input_never_panics_and_is_rejected_clearly() {
    let long = "1".repeat(10_000);
    let inputs = [
        "",
        "   ",
        "１１０１０５１９４９１２３１００２Ｘ",
        &long,
        "'; DROP TABLE cases; --",
        "<script>alert(1)</script>",
        "\u{0}\u{1}\u{7f}",
        "𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷",
        "é1234567890123456",
        "11010519491231002X\n1",
    ];
    for kind in IdKind::ALL {
        for input in inputs {
            let e = validate(kind, input, today()).expect_err(input);
            assert!(!e.message_zh().is_empty());
            assert!(e.message_zh().chars().count() < 120, "{}", e.message_zh());
        }
    }
    assert_eq!(problem(IdKind::ResidentId, ""), IdProblem::Empty);
    assert_eq!(problem(IdKind::ResidentId, &long), IdProblem::TooLong { chars: 10_000 });
    assert_eq!(
        problem(IdKind::ResidentId, "１１０１０５１９４９１２３１００２Ｘ"),
        IdProblem::FullWidth { position: 1 }
    );
    let e = validate(IdKind::Mobile, "138\u{0}1234567", today()).unwrap_err();
    assert!(e.message_zh().contains("U+0000"), "{}", e.message_zh());
}

#[test]
fn kinds_round_trip_through_their_cli_names() {
    for kind in IdKind::ALL {
        assert_eq!(kind.cli_name().parse::<IdKind>(), Ok(kind));
    }
    assert!("drivers-licence".parse::<IdKind>().is_err());
}

#[test]
fn masking() {
    assert_eq!(mask_id("44070319900307123X"), "4407**********123X");
    assert_eq!(mask_id("H12345678"), "H1****678");
    assert_eq!(mask_id("12345678"), "1*****78");
    assert_eq!(mask_id("123"), "***");
    assert_eq!(mask_phone("13812345678"), "138****5678");
    assert_eq!(ok(IdKind::Mobile, "13812345678").masked(), "138****5678");
    assert_eq!(ok(IdKind::Uscc, "91350100M000100Y43").masked(), "9135**********0Y43");
}

#[test]
fn a_number_of_another_kind_is_named_with_the_kind_to_choose() {
    let e = validate(IdKind::ResidentId, "810000198001011236", today()).unwrap_err();
    assert_eq!(e.code(), "other_kind");
    assert_eq!(e.suggested_kind(), Some(IdKind::ResidencePermit));
    assert_eq!(e.to_string(), "这是港澳台居民居住证号码，证件类型请选择“港澳台居民居住证”");
    let e = validate(IdKind::ResidentId, "91350100M000100Y43", today()).unwrap_err();
    assert_eq!(e.to_string(), "这是统一社会信用代码，申请人为单位的，申请人类型请选择“法人或其他组织”");
    let e = validate(IdKind::Uscc, "11010519491231002X", today()).unwrap_err();
    assert_eq!(e.suggested_kind(), Some(IdKind::ResidentId));
    assert_eq!(e.to_string(), "这是居民身份证号码，申请人为个人的，申请人类型请选择“自然人”，证件类型选择“居民身份证”");
    let e = validate(IdKind::HkMacauPermit, "E12345678", today()).unwrap_err();
    assert_eq!(e.to_string(), "这是护照号码，证件类型请选择“护照”");
    // The function gives the same answer without the message, and nothing for a valid value.
    assert_eq!(valid_as_other_kind(IdKind::ResidentId, "810000198001011236", today()), Some(IdKind::ResidencePermit));
    assert_eq!(valid_as_other_kind(IdKind::ResidencePermit, "810000198001011236", today()), None);
    assert_eq!(validate(IdKind::ResidentId, "11010519491231002X", today()).map(|i| i.kind), Ok(IdKind::ResidentId));
}

/// Valid numbers of each kind (in `IdKind::ALL` order); the passports are of the mainland's form.
fn examples(kind: IdKind) -> Vec<String> {
    let with_check = |first17: &str| format!("{first17}{}", resident_id_check_char(first17).unwrap());
    let v: Vec<String> = match kind {
        IdKind::ResidentId => {
            vec!["11010519491231002X".into(), "440524188001010014".into(), with_check("44070320000229002")]
        }
        IdKind::Uscc => vec!["91350100M000100Y43".into(), "91110000600037341L".into()],
        IdKind::Mobile => vec!["13812345678".into(), "19912345678".into()],
        IdKind::HkMacauPermit => vec!["H12345678".into(), "M87654321".into()],
        IdKind::ResidencePermit => {
            vec!["810000198001011236".into(), "830000199512310009".into(), with_check("82000020010615002")]
        }
        IdKind::TwPermit => vec!["12345678".into(), "87654321".into()],
        IdKind::Passport => vec!["E12345678".into(), "EA1234567".into(), "G12345678".into()],
    };
    for value in &v {
        ok(kind, value);
    }
    v
}

/// What typing a valid number of the column's kind as the row's kind gives, rows and columns in
/// `IdKind::ALL` order (居民身份证, USCC, 手机, 港澳通行证, 居住证, 台胞证, 护照): `S` suggests the
/// column's kind, `A` accepts it (it is a valid number of the row's kind too), `-` an error without
/// a suggestion.
const MATRIX: [&str; 7] = [
    ". S - S S S S", // typed as a resident ID
    "S . - S S S S", // as a USCC
    "- - . - - - -", // as a mobile: a contact number, no document to switch to
    "S S - . S S S", // as a 港澳居民来往内地通行证
    "S S - S . S S", // as a 港澳台居民居住证
    "S S - S S . S", // as a 台湾居民来往大陆通行证
    "S S A A S A .", // as a passport: a permit's and a mobile's form are a passport's too
];

#[test]
fn every_kind_typed_as_every_other_gets_the_right_suggestion_or_none() {
    let mut checked = 0;
    for (row, chosen) in IdKind::ALL.into_iter().enumerate() {
        let cells: Vec<char> = MATRIX[row].split(' ').map(|c| c.chars().next().unwrap()).collect();
        for (column, actual) in IdKind::ALL.into_iter().enumerate() {
            if chosen == actual {
                continue;
            }
            for value in examples(actual) {
                let got = validate(chosen, &value, today());
                let suggested = valid_as_other_kind(chosen, &value, today());
                match cells[column] {
                    'S' => {
                        assert_eq!(
                            got.as_ref().map_err(IdError::suggested_kind),
                            Err(Some(actual)),
                            "{value} as {chosen}"
                        );
                        assert_eq!(suggested, Some(actual), "{value} as {chosen}");
                    }
                    'A' => {
                        assert!(got.is_ok(), "{value} as {chosen}: {got:?}");
                        assert_eq!(suggested, None);
                    }
                    _ => {
                        let e = got.expect_err(&value);
                        assert_eq!((e.suggested_kind(), suggested), (None, None), "{value} as {chosen}: {e}");
                        assert_ne!(e.code(), "other_kind");
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 80, "{checked}");
}

#[test]
fn a_mistyped_number_of_the_chosen_kind_gets_no_suggestion() {
    // Every single-character change within the kind's own characters, a dropped last character,
    // one too many, and two neighbours swapped, of every valid example typed as its own kind.
    let mut wrong = 0;
    for kind in IdKind::ALL {
        // The letters the kind's numbers have: a permit's H or M is never a passport's E.
        let letters = match kind {
            IdKind::HkMacauPermit => "HM",
            IdKind::Uscc => "ABCDEFGHJKLMNPQRTUWXY",
            IdKind::ResidentId | IdKind::ResidencePermit => "X",
            _ => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        };
        for valid in examples(kind) {
            let chars: Vec<char> = valid.chars().collect();
            let mut typos: Vec<String> = Vec::new();
            for i in 0..chars.len() {
                let same_class: Vec<char> =
                    if chars[i].is_ascii_digit() { ('0'..='9').collect() } else { letters.chars().collect() };
                for c in same_class {
                    if c != chars[i] {
                        let mut t = chars.clone();
                        t[i] = c;
                        typos.push(t.into_iter().collect());
                    }
                }
                if i + 1 < chars.len() && chars[i] != chars[i + 1] {
                    let mut t = chars.clone();
                    t.swap(i, i + 1);
                    typos.push(t.into_iter().collect());
                }
            }
            typos.push(chars[..chars.len() - 1].iter().collect());
            typos.push(format!("{valid}1"));
            for typo in typos {
                if let Err(e) = validate(kind, &typo, today()) {
                    assert_eq!(e.suggested_kind(), None, "{typo} as {kind}: {e}");
                    wrong += 1;
                }
            }
        }
    }
    assert!(wrong > 1000, "{wrong}");
}

#[test]
fn foreign_passports_and_mistyped_numbers_are_never_suggested() {
    // Valid passports, but not of a form that says 护照 beyond doubt.
    for value in ["K1234567", "533380006", "X00B12345"] {
        ok(IdKind::Passport, value);
        for kind in [IdKind::ResidentId, IdKind::HkMacauPermit, IdKind::TwPermit, IdKind::Uscc] {
            assert_eq!(valid_as_other_kind(kind, value, today()), None, "{value} as {kind}");
        }
    }
    // A 15-digit legacy number stays a legacy number; an empty field stays empty.
    assert_eq!(problem(IdKind::ResidentId, "440524800101001"), IdProblem::LegacyFifteenDigit);
    assert_eq!(problem(IdKind::Passport, ""), IdProblem::Empty);
    // A resident ID with a wrong check digit is a mistyped resident ID, not whatever else it may pass for.
    assert!(matches!(problem(IdKind::ResidentId, "110105194912310021"), IdProblem::ChecksumMismatch { .. }));
}

#[test]
fn organisation_code_check_characters() {
    // The organisation codes inside the published USCC examples.
    assert_eq!(organisation_code_check_char("M000100Y"), Some('4'));
    assert_eq!(organisation_code_check_char("60003734"), Some('1'));
    assert_eq!(organisation_code_check_char("6000373"), None);
}

mod scrubbing {
    use crate::identifiers::scrub_personal;

    #[test]
    fn identifiers_and_phones_in_free_text_are_masked() {
        let cases = [
            ("applicant id_number=440703199001011239 ok", "applicant id_number=4407**********1239 ok"),
            ("身份证44070319900101123X有误", "身份证4407**********123X有误"),
            ("\"phone\":\"13812345678\"", "\"phone\":\"138****5678\""),
            ("座机0750-3502345，分机", "座机0750-***2345，分机"),
            ("020-12345678", "020-****5678"),
            ("港澳通行证H12345678", "港澳通行证H1****678"),
            ("passport E12345678 and EA1234567", "passport E1****678 and EA****567"),
            ("certificate 92440703MA5E2E0009", "certificate 9244**********0009"),
        ];
        for (text, masked) in cases {
            assert_eq!(scrub_personal(text), masked, "{text}");
        }
    }

    #[test]
    fn case_numbers_waybills_times_and_words_are_kept() {
        for kept in [
            "case 4407810002026120300004 packed",
            "waybill 1189202600043 and EA123456785CN",
            "at 2026-12-03T09:10:00Z took 250ms",
            "hall 440700000 window A01",
            "ERROR onewindow_app: storage failure",
            "24:00 12345 1381234567 138123456789",
            "2026-12-03 session",
            "",
        ] {
            assert_eq!(scrub_personal(kept), kept);
        }
    }

    #[test]
    fn nothing_of_a_masked_number_survives_and_scrubbing_twice_changes_nothing() {
        let text = "clerk typed 440703199001011239 then 13812345678 at 0750-3502345";
        let once = scrub_personal(text);
        for whole in ["440703199001011239", "13812345678", "3502345"] {
            assert!(!once.contains(whole), "{once}");
        }
        assert_eq!(scrub_personal(&once), once);
    }
}
