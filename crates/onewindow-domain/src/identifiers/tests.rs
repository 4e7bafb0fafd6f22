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
    assert!(matches!(problem(IdKind::ResidencePermit, "11010519491231002X"), IdProblem::WrongPrefix { .. }));
    assert!(matches!(problem(IdKind::ResidencePermit, "810000198001011237"), IdProblem::ChecksumMismatch { .. }));
    // A residence permit is not a resident ID.
    assert_eq!(problem(IdKind::ResidentId, "810000198001011236"), IdProblem::UnknownRegion { code: "81".into() });
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
