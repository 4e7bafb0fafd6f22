//! Identifiers a clerk types in: validated, never trusted. Every rejection names what is wrong,
//! in zh-CN for the clerk and with a stable English code for scripts.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Long enough for any real identifier; longer input is rejected before it is echoed anywhere.
const MAX_INPUT_CHARS: usize = 64;

/// GB 11643-1999 weights of the first 17 characters.
const RESIDENT_ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK: &[u8; 11] = b"10X98765432";

/// GB 32100-2015: the code's alphabet (no I, O, S, V, Z) and weights.
const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// The first two digits of a mainland administrative division code (GB/T 2260).
const MAINLAND_PROVINCES: [&str; 31] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
];

/// Prefixes of the 港澳台居民居住证 number: Hong Kong, Macau, Taiwan.
const RESIDENCE_PERMIT_PREFIXES: [&str; 3] = ["810000", "820000", "830000"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// 居民身份证
    ResidentId,
    /// 统一社会信用代码
    Uscc,
    /// 中国大陆手机号码
    Mobile,
    /// 港澳居民来往内地通行证
    HkMacauPermit,
    /// 港澳台居民居住证
    ResidencePermit,
    /// 台湾居民来往大陆通行证
    TwPermit,
    /// 护照
    Passport,
}

impl IdKind {
    pub const ALL: [IdKind; 7] = [
        IdKind::ResidentId,
        IdKind::Uscc,
        IdKind::Mobile,
        IdKind::HkMacauPermit,
        IdKind::ResidencePermit,
        IdKind::TwPermit,
        IdKind::Passport,
    ];

    /// The name used on the command line and in files.
    pub fn cli_name(self) -> &'static str {
        match self {
            IdKind::ResidentId => "resident-id",
            IdKind::Uscc => "uscc",
            IdKind::Mobile => "mobile",
            IdKind::HkMacauPermit => "hk-macau-permit",
            IdKind::ResidencePermit => "residence-permit",
            IdKind::TwPermit => "tw-permit",
            IdKind::Passport => "passport",
        }
    }

    /// The document's name, as the kind is offered in a list: 居民身份证, 护照.
    pub fn name_zh(self) -> &'static str {
        match self {
            IdKind::ResidentId => "居民身份证",
            IdKind::Uscc => "统一社会信用代码",
            IdKind::Mobile => "手机号码",
            IdKind::HkMacauPermit => "港澳居民来往内地通行证",
            IdKind::ResidencePermit => "港澳台居民居住证",
            IdKind::TwPermit => "台湾居民来往大陆通行证",
            IdKind::Passport => "护照",
        }
    }

    /// What the number is called: 居民身份证号码, 统一社会信用代码.
    pub fn label_zh(self) -> &'static str {
        match self {
            IdKind::ResidentId => "居民身份证号码",
            IdKind::Uscc => "统一社会信用代码",
            IdKind::Mobile => "手机号码",
            IdKind::HkMacauPermit => "港澳居民来往内地通行证号码",
            IdKind::ResidencePermit => "港澳台居民居住证号码",
            IdKind::TwPermit => "台湾居民来往大陆通行证号码",
            IdKind::Passport => "护照号码",
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cli_name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知的证件类型“{0}”")]
pub struct UnknownIdKind(pub String);

impl FromStr for IdKind {
    type Err = UnknownIdKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IdKind::ALL
            .into_iter()
            .find(|k| k.cli_name() == s || s == format!("{k:?}"))
            .ok_or_else(|| UnknownIdKind(s.chars().take(MAX_INPUT_CHARS).collect()))
    }
}

/// A validated identifier, in its normalised spelling (upper case, no surrounding blanks).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identifier {
    pub kind: IdKind,
    pub value: String,
}

impl Identifier {
    /// The form shown in lists, labels, logs and exports.
    pub fn masked(&self) -> String {
        match self.kind {
            IdKind::Mobile => mask_phone(&self.value),
            _ => mask_id(&self.value),
        }
    }

    /// Date of birth, for the kinds that carry one.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        match self.kind {
            IdKind::ResidentId | IdKind::ResidencePermit => birth_date_of(&self.value),
            _ => None,
        }
    }
}

/// What is wrong with a value; the message names the kind and the exact problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message_zh())]
pub struct IdError {
    pub kind: IdKind,
    pub problem: IdProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    Empty,
    TooLong {
        chars: usize,
    },
    FullWidth {
        position: usize,
    },
    InvalidCharacter {
        position: usize,
        found: char,
        expected: &'static str,
    },
    WrongLength {
        expected: &'static str,
        actual: usize,
    },
    LegacyFifteenDigit,
    LegacyTwPermit,
    UnknownRegion {
        code: String,
    },
    InvalidBirthDate {
        date: String,
    },
    BirthDateInFuture {
        date: String,
    },
    WrongPrefix {
        expected: &'static str,
    },
    ChecksumMismatch {
        expected: char,
        found: char,
    },
    /// Not a number of the kind chosen but a valid one of `suggested`: the clerk picked the wrong
    /// kind (a 港澳台居民居住证 number typed as a 居民身份证, a USCC as an ID), and may switch.
    OtherKind {
        suggested: IdKind,
    },
}

impl IdError {
    /// Stable English code for scripts and the UI to switch on.
    pub fn code(&self) -> &'static str {
        match self.problem {
            IdProblem::Empty => "empty",
            IdProblem::TooLong { .. } => "too_long",
            IdProblem::FullWidth { .. } => "full_width_character",
            IdProblem::InvalidCharacter { .. } => "invalid_character",
            IdProblem::WrongLength { .. } => "wrong_length",
            IdProblem::LegacyFifteenDigit => "legacy_15_digit",
            IdProblem::LegacyTwPermit => "legacy_tw_permit",
            IdProblem::UnknownRegion { .. } => "unknown_region",
            IdProblem::InvalidBirthDate { .. } => "invalid_birth_date",
            IdProblem::BirthDateInFuture { .. } => "birth_date_in_future",
            IdProblem::WrongPrefix { .. } => "wrong_prefix",
            IdProblem::ChecksumMismatch { .. } => "checksum_mismatch",
            IdProblem::OtherKind { .. } => "other_kind",
        }
    }

    /// The kind the value is valid for, when it was typed as another one.
    pub fn suggested_kind(&self) -> Option<IdKind> {
        match self.problem {
            IdProblem::OtherKind { suggested } => Some(suggested),
            _ => None,
        }
    }

    pub fn message_zh(&self) -> String {
        let label = self.kind.label_zh();
        match &self.problem {
            IdProblem::Empty => format!("{label}不能为空"),
            IdProblem::TooLong { chars } => format!("{label}过长（{chars}个字符），请核对"),
            IdProblem::FullWidth { position } => {
                format!("{label}第{position}位是全角字符，请切换到半角输入")
            }
            IdProblem::InvalidCharacter { position, found, expected } => {
                format!("{label}第{position}位“{}”无效，此处应为{expected}", printable(*found))
            }
            IdProblem::WrongLength { expected, actual } => {
                format!("{label}应为{expected}，实际为{actual}位")
            }
            IdProblem::LegacyFifteenDigit => {
                "这是15位旧版身份证号码，已停止使用；请出示18位的第二代居民身份证".to_string()
            }
            IdProblem::LegacyTwPermit => {
                format!("这是旧版台胞证号码（10位加字母），请使用2015年起签发的8位卡式{label}")
            }
            IdProblem::UnknownRegion { code } => {
                format!("{label}前两位“{code}”不是有效的省级行政区划代码")
            }
            IdProblem::InvalidBirthDate { date } => {
                format!("{label}中的出生日期“{date}”不是有效日期")
            }
            IdProblem::BirthDateInFuture { date } => {
                format!("{label}中的出生日期“{date}”晚于今天")
            }
            IdProblem::WrongPrefix { expected } => format!("{label}应以{expected}开头"),
            IdProblem::ChecksumMismatch { expected, found } => {
                format!("{label}校验位错误：最后一位应为“{expected}”，实际为“{}”，请逐位核对", printable(*found))
            }
            IdProblem::OtherKind { suggested } => {
                let this = suggested.label_zh();
                match (self.kind, suggested) {
                    (_, IdKind::Uscc) => {
                        format!("这是{this}，申请人为单位的，申请人类型请选择“法人或其他组织”")
                    }
                    (IdKind::Uscc, _) => format!(
                        "这是{this}，申请人为个人的，申请人类型请选择“自然人”，证件类型选择“{}”",
                        suggested.name_zh()
                    ),
                    _ => format!("这是{this}，证件类型请选择“{}”", suggested.name_zh()),
                }
            }
        }
    }
}

fn printable(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        c.to_string()
    }
}

/// Validate `value` as an identifier of `kind`. `today` bounds dates of birth. A value that is not
/// of `kind` but is a valid number of another kind is [`IdProblem::OtherKind`], naming that kind
/// (see [`valid_as_other_kind`]).
pub fn validate(kind: IdKind, value: &str, today: NaiveDate) -> Result<Identifier, IdError> {
    check(kind, value, today).map_err(|e| match other_kind(kind, &e.problem, value, today) {
        Some(suggested) => IdError { kind, problem: IdProblem::OtherKind { suggested } },
        None => e,
    })
}

/// The kinds a value may be suggested as, the best evidence first: a GB 11643 number (region or
/// prefix, date of birth and check digit) before a USCC (two check characters), before the permits
/// and passports (a form only). The mobile is a contact number, not a document: never suggested,
/// and a mobile field gets no suggestion either.
const SUGGESTED_KINDS: [IdKind; 6] = [
    IdKind::ResidencePermit,
    IdKind::ResidentId,
    IdKind::Uscc,
    IdKind::HkMacauPermit,
    IdKind::TwPermit,
    IdKind::Passport,
];

/// When `value` is not a valid `chosen` identifier but is a valid one of another document kind, that
/// kind: a 港澳台居民居住证 number (810000…) typed as a 居民身份证, a USCC typed as any personal
/// ID, a resident ID typed as a USCC, a passport number typed as a permit. `None` when the value is
/// valid as chosen, or simply wrong: a number of the chosen kind's own form that fails its date or
/// check digit is a mistyped number of that kind, whatever else it might pass for.
///
/// The value must be recognisable as the other kind, not merely acceptable: a USCC also has a
/// valid registration authority and organisation code check character (GB 11714), and a passport
/// is only suggested in the form of the People's Republic's ordinary passports (E or G and eight
/// digits, or E, a letter and seven digits), since nearly any letters and digits pass for a
/// foreign passport. Conversely a permit typed as a passport is a valid passport number (Hong Kong
/// passports are a letter and eight digits): no error, so no suggestion.
pub fn valid_as_other_kind(chosen: IdKind, value: &str, today: NaiveDate) -> Option<IdKind> {
    match check(chosen, value, today) {
        Ok(_) => None,
        Err(e) => other_kind(chosen, &e.problem, value, today),
    }
}

fn other_kind(chosen: IdKind, problem: &IdProblem, value: &str, today: NaiveDate) -> Option<IdKind> {
    if chosen == IdKind::Mobile {
        return None;
    }
    // Not the chosen kind's form at all: any other kind may explain it. The chosen kind's form
    // with a wrong check character: only a number that carries its own date and check digit can
    // outweigh that (a resident ID is 18 characters of a USCC's alphabet, and fails its checksum).
    let by_form = matches!(
        problem,
        IdProblem::WrongLength { .. }
            | IdProblem::InvalidCharacter { .. }
            | IdProblem::UnknownRegion { .. }
            | IdProblem::WrongPrefix { .. }
    );
    let by_check = matches!(problem, IdProblem::ChecksumMismatch { .. });
    SUGGESTED_KINDS.into_iter().filter(|&k| k != chosen).find(|&k| {
        let carries_date = matches!(k, IdKind::ResidentId | IdKind::ResidencePermit);
        (by_form || (by_check && carries_date)) && recognised(k, value, today)
    })
}

/// `value` is a valid `kind` and looks like one beyond doubt (see [`valid_as_other_kind`]).
fn recognised(kind: IdKind, value: &str, today: NaiveDate) -> bool {
    let Ok(id) = check(kind, value, today) else { return false };
    let v = id.value.as_bytes();
    match kind {
        IdKind::Uscc => {
            uscc_registration_known(&id.value) && organisation_code_check_char(&id.value[8..16]) == Some(v[16] as char)
        }
        IdKind::Passport => {
            let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
            v.len() == 9
                && ((matches!(v[0], b'E' | b'G') && digits(&v[1..]))
                    || (v[0] == b'E' && v[1].is_ascii_uppercase() && digits(&v[2..])))
        }
        _ => true,
    }
}

/// GB 32100 registration authority (登记管理部门) and organisation type (机构类别) codes.
fn uscc_registration_known(value: &str) -> bool {
    let types = match value.as_bytes()[0] {
        b'1' => "1239",
        b'2' => "19",
        b'3' => "123459",
        b'4' => "19",
        b'5' => "1239",
        b'6' => "129",
        b'7' => "129",
        b'8' => "19",
        b'9' => "123",
        b'A' => "19",
        b'N' => "1239",
        b'Y' => "1",
        _ => return false,
    };
    types.contains(value.as_bytes()[1] as char)
}

/// The GB 11714 check character of an organisation code's first eight characters (digits and
/// capital letters): the ninth character of the organisation code inside a USCC.
fn organisation_code_check_char(first8: &str) -> Option<char> {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let values: Vec<u32> = first8.chars().map(|c| c.to_digit(36)).collect::<Option<_>>()?;
    if values.len() != 8 {
        return None;
    }
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        c => char::from_digit(c, 10),
    }
}

/// The checks of one kind, without looking at the others.
fn check(kind: IdKind, value: &str, today: NaiveDate) -> Result<Identifier, IdError> {
    let err = |problem| IdError { kind, problem };
    let value = value.trim_matches(|c: char| c.is_ascii_whitespace());
    let chars = value.chars().count();
    if chars == 0 {
        return Err(err(IdProblem::Empty));
    }
    if chars > MAX_INPUT_CHARS {
        return Err(err(IdProblem::TooLong { chars }));
    }
    if let Some(position) = value.chars().position(is_full_width) {
        return Err(err(IdProblem::FullWidth { position: position + 1 }));
    }
    let normalised = value.to_ascii_uppercase();
    let checked = match kind {
        IdKind::ResidentId => check_resident_id(&normalised, today),
        IdKind::ResidencePermit => check_residence_permit(&normalised, today),
        IdKind::Uscc => check_uscc(&normalised),
        IdKind::Mobile => check_mobile(&normalised),
        IdKind::HkMacauPermit => check_hk_macau_permit(&normalised),
        IdKind::TwPermit => check_tw_permit(&normalised),
        IdKind::Passport => check_passport(&normalised),
    };
    checked.map_err(err)?;
    Ok(Identifier { kind, value: normalised })
}

fn is_full_width(c: char) -> bool {
    ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}'
}

/// The first character that fails `ok`, as a 1-based position.
fn first_bad(value: &str, ok: impl Fn(usize, char) -> bool, expected: &'static str) -> Result<(), IdProblem> {
    match value.chars().enumerate().find(|&(i, c)| !ok(i, c)) {
        Some((i, found)) => Err(IdProblem::InvalidCharacter { position: i + 1, found, expected }),
        None => Ok(()),
    }
}

fn check_length(value: &str, expected_len: usize, expected: &'static str) -> Result<(), IdProblem> {
    let actual = value.chars().count();
    if actual == expected_len {
        Ok(())
    } else {
        Err(IdProblem::WrongLength { expected, actual })
    }
}

/// The GB 11643 check character of the first 17 digits.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    let digits: Vec<u32> = first17.chars().map(|c| c.to_digit(10)).collect::<Option<_>>()?;
    if digits.len() != 17 {
        return None;
    }
    let sum: u32 = digits.iter().zip(RESIDENT_ID_WEIGHTS).map(|(d, w)| d * w).sum();
    Some(RESIDENT_ID_CHECK[(sum % 11) as usize] as char)
}

/// Shared by the resident ID and the residence permit: 17 digits and a check digit or X.
fn check_gb11643_shape(value: &str) -> Result<(), IdProblem> {
    check_length(value, 18, "18位")?;
    first_bad(value, |i, c| c.is_ascii_digit() || (i == 17 && c == 'X'), "数字（最后一位可为X）")
}

/// Shared by the resident ID and the residence permit: a real date of birth and the check character.
/// 1800 is the floor because the standard's own published example was born in 1880.
fn check_gb11643_birth_and_checksum(value: &str, today: NaiveDate) -> Result<(), IdProblem> {
    let date_text = &value[6..14];
    let date = birth_date_of(value)
        .filter(|d| d.year() >= 1800)
        .ok_or_else(|| IdProblem::InvalidBirthDate { date: pretty_date(date_text) })?;
    if date > today {
        return Err(IdProblem::BirthDateInFuture { date: pretty_date(date_text) });
    }
    let expected = resident_id_check_char(&value[..17]).expect("shape checked before");
    let found = value.chars().nth(17).expect("shape checked before");
    if expected != found {
        return Err(IdProblem::ChecksumMismatch { expected, found });
    }
    Ok(())
}

fn pretty_date(yyyymmdd: &str) -> String {
    format!("{}-{}-{}", &yyyymmdd[..4], &yyyymmdd[4..6], &yyyymmdd[6..8])
}

fn birth_date_of(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.get(6..14)?, "%Y%m%d").ok()
}

fn check_resident_id(value: &str, today: NaiveDate) -> Result<(), IdProblem> {
    if value.len() == 15 && value.chars().all(|c| c.is_ascii_digit()) {
        return Err(IdProblem::LegacyFifteenDigit);
    }
    check_gb11643_shape(value)?;
    let province = &value[..2];
    if !MAINLAND_PROVINCES.contains(&province) {
        return Err(IdProblem::UnknownRegion { code: province.to_string() });
    }
    check_gb11643_birth_and_checksum(value, today)
}

fn check_residence_permit(value: &str, today: NaiveDate) -> Result<(), IdProblem> {
    check_gb11643_shape(value)?;
    if !RESIDENCE_PERMIT_PREFIXES.iter().any(|p| value.starts_with(p)) {
        return Err(IdProblem::WrongPrefix {
            expected: "810000（香港）、820000（澳门）或830000（台湾）"
        });
    }
    check_gb11643_birth_and_checksum(value, today)
}

/// The GB 32100 check character of the first 17 characters.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let values: Vec<u32> = first17.chars().map(|c| USCC_ALPHABET.find(c).map(|i| i as u32)).collect::<Option<_>>()?;
    if values.len() != 17 {
        return None;
    }
    let sum: u32 = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    USCC_ALPHABET.chars().nth(check as usize)
}

fn check_uscc(value: &str) -> Result<(), IdProblem> {
    check_length(value, 18, "18位")?;
    first_bad(
        value,
        |i, c| {
            if (2..8).contains(&i) {
                c.is_ascii_digit()
            } else {
                USCC_ALPHABET.contains(c)
            }
        },
        "数字或大写字母（不含I、O、S、V、Z；第3至8位为行政区划码数字）",
    )?;
    let expected = uscc_check_char(&value[..17]).expect("alphabet checked above");
    let found = value.chars().nth(17).expect("length checked above");
    if expected != found {
        return Err(IdProblem::ChecksumMismatch { expected, found });
    }
    Ok(())
}

fn check_mobile(value: &str) -> Result<(), IdProblem> {
    first_bad(value, |_, c| c.is_ascii_digit(), "数字")?;
    check_length(value, 11, "11位数字")?;
    if !value.starts_with('1') || !matches!(value.as_bytes()[1], b'3'..=b'9') {
        return Err(IdProblem::WrongPrefix { expected: "13至19" });
    }
    Ok(())
}

fn check_hk_macau_permit(value: &str) -> Result<(), IdProblem> {
    first_bad(
        value,
        |i, c| if i == 0 { c == 'H' || c == 'M' } else { c.is_ascii_digit() },
        "首位H（香港）或M（澳门），其后为数字",
    )?;
    check_length(value, 9, "9位（H或M加8位数字）")
}

fn check_tw_permit(value: &str) -> Result<(), IdProblem> {
    let legacy = value.len() >= 10
        && value.chars().take(10).all(|c| c.is_ascii_digit())
        && value.chars().skip(10).all(|c| c.is_ascii_alphabetic() || c == '(' || c == ')');
    if legacy {
        return Err(IdProblem::LegacyTwPermit);
    }
    first_bad(value, |_, c| c.is_ascii_digit(), "数字")?;
    check_length(value, 8, "8位数字")
}

fn check_passport(value: &str) -> Result<(), IdProblem> {
    first_bad(value, |_, c| c.is_ascii_alphanumeric(), "字母或数字")?;
    let actual = value.len();
    if !(5..=17).contains(&actual) {
        return Err(IdProblem::WrongLength { expected: "5至17位", actual });
    }
    if !value.chars().any(|c| c.is_ascii_digit()) {
        return Err(IdProblem::InvalidCharacter {
            position: actual,
            found: value.chars().last().unwrap_or(' '),
            expected: "字母与数字的组合（护照号码至少含一位数字）",
        });
    }
    Ok(())
}

/// `4407**********123X`: the first and last four characters of long numbers, fewer of short ones.
pub fn mask_id(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let (head, tail) = match chars.len() {
        0..=4 => return "*".repeat(chars.len()),
        5..=8 => (1, 2),
        9..=14 => (2, 3),
        _ => (4, 4),
    };
    let stars = chars.len() - head - tail;
    chars[..head].iter().chain(std::iter::repeat_n(&'*', stars)).chain(&chars[chars.len() - tail..]).collect()
}

/// `138****5678`.
pub fn mask_phone(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let stars = chars.len() - 7;
    chars[..3].iter().chain(std::iter::repeat_n(&'*', stars)).chain(&chars[chars.len() - 4..]).collect()
}

/// Free text (a log line) with everything in it that looks like a personal identifier or a phone
/// number masked as the screens mask them: 18-character ID numbers (`4407**********1239`), permit
/// and passport numbers (a letter or two and 7 to 10 digits), mobiles (`138****5678`) and the
/// number part of landlines (`0750-***2345`). By shape, not validity: a mistyped number is as
/// personal as a valid one. Case numbers (22 digits) and waybills (13) are left as they are.
pub fn scrub_personal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // After an area code and its dash, the next run of digits is a landline's number.
    let mut after_area_code = false;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
        let (before, from) = rest.split_at(start);
        let len = from.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(from.len());
        let (run, after) = from.split_at(len);
        if !before.is_empty() && before != "-" {
            after_area_code = false;
        }
        out.push_str(before);
        let digits = run.bytes().all(|b| b.is_ascii_digit());
        let landline = after_area_code && before == "-" && digits && (7..=8).contains(&run.len());
        if landline {
            out.push_str(&"*".repeat(run.len() - 4));
            out.push_str(&run[run.len() - 4..]);
        } else if looks_personal(run) {
            out.push_str(&mask_id(run));
        } else if digits && run.len() == 11 && run.starts_with('1') {
            out.push_str(&mask_phone(run));
        } else {
            out.push_str(run);
        }
        after_area_code = digits && run.starts_with('0') && (3..=4).contains(&run.len()) && after.starts_with('-');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// An identifier by its shape: 17 digits and a digit or X (resident IDs, residence permits, the
/// unified social credit codes of sole traders), a credit code of letters and digits, or a
/// permit or passport number.
fn looks_personal(run: &str) -> bool {
    let b = run.as_bytes();
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    match b.len() {
        18 => {
            (b[..17].iter().all(u8::is_ascii_digit) && (b[17].is_ascii_digit() || b[17].eq_ignore_ascii_case(&b'X')))
                || (digits >= 8 && b.iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()))
        }
        8..=12 => {
            let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
            (1..=2).contains(&letters) && digits == b.len() - letters && (7..=10).contains(&digits)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
