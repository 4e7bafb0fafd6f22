//! Demo applicants: Jiangmen residents, overseas Chinese, Hong Kong, Macau and Taiwan residents,
//! foreigners and companies, every identifier valid. Some names carry `·` or 𠮷 on purpose.

use chrono::{Datelike, Days, NaiveDate};
use onewindow_domain::identifiers::{resident_id_check_char, uscc_check_char};
use onewindow_domain::{validate, Agent, Applicant, ApplicantKind, IdKind, Identifier};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const SURNAMES: [&str; 20] = [
    "陈", "李", "黄", "梁", "张", "吴", "刘", "林", "谭", "关", "司徒", "欧阳", "区", "甄", "余", "伍", "邝", "容",
    "冯", "周",
];
const GIVEN: [&str; 24] = [
    "嘉欣", "志强", "婉婷", "伟明", "丽华", "国栋", "美玲", "俊杰", "晓霞", "家豪", "雪梅", "永康", "慧敏", "浩然",
    "子轩", "雨桐", "锦荣", "秀英", "振华", "少芬", "卓仁", "凯文", "梓晴", "文辉",
];
/// Areas of Jiangmen and a few elsewhere, for resident IDs.
const ID_AREAS: [&str; 10] =
    ["440703", "440704", "440705", "440781", "440783", "440784", "440785", "440106", "440605", "450102"];
const COMPANY_AREAS: [(&str, &str); 4] =
    [("440703", "江门市蓬江区"), ("440704", "江门市江海区"), ("440705", "江门市新会区"), ("440781", "台山市")];
/// `{area}` is the registration area as a company name carries it: 江门市蓬江区…, 台山市….
const COMPANY_NAMES: [&str; 8] = [
    "{area}恒达五金制品有限公司",
    "{area}侨乡食品贸易有限公司",
    "{area}骏业建筑工程有限公司",
    "{area}粤海物流有限公司",
    "{area}新宝电器配件厂",
    "{area}五邑餐饮管理有限公司",
    "{area}嘉禾医疗器械有限公司",
    "{area}银洲湖运输有限公司",
];

/// Names that must survive storage, display and print exactly.
const SPECIAL_PEOPLE: [(&str, IdKind); 8] = [
    ("𠮷祥云", IdKind::ResidentId),
    ("陈𠮷娣", IdKind::ResidentId),
    ("阿依古丽·买买提", IdKind::ResidentId),
    ("约翰·史密斯", IdKind::Passport),
    ("黄志明", IdKind::HkMacauPermit),
    ("何嘉仪", IdKind::ResidencePermit),
    ("林美华", IdKind::TwPermit),
    ("玛丽亚·黄", IdKind::Passport),
];

pub(crate) struct People<'a> {
    rng: &'a mut ChaCha8Rng,
    today: NaiveDate,
    serial: usize,
}

impl<'a> People<'a> {
    pub(crate) fn new(rng: &'a mut ChaCha8Rng, today: NaiveDate) -> Self {
        Self { rng, today, serial: 0 }
    }

    fn checked(&self, kind: IdKind, value: &str) -> Identifier {
        validate(kind, value, self.today).unwrap_or_else(|e| panic!("demo generated an invalid {kind}: {value}: {e}"))
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.rng.gen_range(0..10u8))).collect()
    }

    fn resident_id(&mut self, area: &str) -> Identifier {
        let days = self.rng.gen_range(18 * 365..80 * 365);
        let birth = self.today - Days::new(days);
        let first17 = format!("{area}{}{}", birth.format("%Y%m%d"), self.digits(3));
        let check = resident_id_check_char(&first17).expect("17 digits");
        self.checked(IdKind::ResidentId, &format!("{first17}{check}"))
    }

    fn identifier(&mut self, kind: IdKind) -> Identifier {
        let value = match kind {
            IdKind::ResidentId => {
                let area = *ID_AREAS.choose(self.rng).expect("non-empty");
                return self.resident_id(area);
            }
            IdKind::ResidencePermit => {
                let prefix = ["810000", "820000"][self.rng.gen_range(0..2)];
                let year = self.today.year() - self.rng.gen_range(20..70);
                let first17 = format!("{prefix}{year}0{}1{}", self.rng.gen_range(1..10), self.digits(4));
                format!("{first17}{}", resident_id_check_char(&first17).expect("17 digits"))
            }
            IdKind::HkMacauPermit => format!("{}{}", ["H", "M"][self.rng.gen_range(0..2)], self.digits(8)),
            IdKind::TwPermit => self.digits(8),
            IdKind::Passport => format!("E{}", self.digits(8)),
            IdKind::Mobile => format!("1{}{}", self.rng.gen_range(3..10), self.digits(9)),
            IdKind::Uscc => {
                let (area, _) = *COMPANY_AREAS.choose(self.rng).expect("non-empty");
                let alphabet: Vec<char> = "0123456789ABCDEFGHJKLMNPQRTUWXY".chars().collect();
                let org: String = (0..9).map(|_| *alphabet.choose(self.rng).expect("non-empty")).collect();
                let first17 = format!("91{area}{org}");
                format!("{first17}{}", uscc_check_char(&first17).expect("alphabet"))
            }
        };
        self.checked(kind, &value)
    }

    fn name(&mut self) -> String {
        let surname = *SURNAMES.choose(self.rng).expect("non-empty");
        let given = *GIVEN.choose(self.rng).expect("non-empty");
        format!("{surname}{given}")
    }

    fn phone(&mut self) -> Identifier {
        self.identifier(IdKind::Mobile)
    }

    /// A natural person; every eighth is one of the special names, in turn.
    pub(crate) fn person(&mut self) -> Applicant {
        self.serial += 1;
        let (name, kind) = if self.serial % 8 == 0 {
            let (name, kind) = SPECIAL_PEOPLE[(self.serial / 8) % SPECIAL_PEOPLE.len()];
            (name.to_string(), kind)
        } else {
            (self.name(), IdKind::ResidentId)
        };
        Applicant { kind: ApplicantKind::Person, name, id: self.identifier(kind), phone: Some(self.phone()) }
    }

    pub(crate) fn organisation(&mut self) -> Applicant {
        let id = self.identifier(IdKind::Uscc);
        let area = COMPANY_AREAS
            .iter()
            .find(|(code, _)| id.value[2..8] == **code)
            .map(|(_, name)| *name)
            .expect("generated from the list");
        let template = *COMPANY_NAMES.choose(self.rng).expect("non-empty");
        Applicant {
            kind: ApplicantKind::Organisation,
            name: template.replace("{area}", area),
            id,
            phone: Some(self.phone()),
        }
    }

    pub(crate) fn agent(&mut self) -> Agent {
        Agent { name: self.name(), id: self.identifier(IdKind::ResidentId) }
    }
}
