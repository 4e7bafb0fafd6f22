//! A synthetic catalog of any size, for benchmarks: plausible item names built from the words of
//! real ones, with the keywords (俗称) and results a hall would give them, deterministic.

use crate::search::{EntryKind, SearchEntry};

const SUBJECTS: [&str; 25] = [
    "个体工商户",
    "有限责任公司",
    "食品经营",
    "道路运输",
    "建筑工程施工",
    "医疗机构",
    "药品零售",
    "出租汽车",
    "城镇燃气",
    "户外广告",
    "排水",
    "娱乐场所",
    "旅馆业",
    "民办学校",
    "养老机构",
    "危险化学品",
    "特种设备",
    "公共场所卫生",
    "母婴保健",
    "放射诊疗",
    "人力资源服务",
    "劳务派遣",
    "不动产",
    "社会保障卡",
    "住房公积金",
];
/// Per subject: what citizens call it, and what its items produce.
const SUBJECT_WORDS: [(&[&str], &[&str]); 25] = [
    (&["个体户", "开店", "个体执照"], &["营业执照"]),
    (&["开公司", "注册公司", "公司执照"], &["营业执照"]),
    (&["开餐馆", "开饭店", "食品证"], &["食品经营许可证"]),
    (&["货运资质", "运输证", "跑货运"], &["道路运输经营许可证"]),
    (&["施工证", "开工许可", "工程报建"], &["建筑工程施工许可证"]),
    (&["开诊所", "办医院", "诊所执业"], &["医疗机构执业许可证"]),
    (&["开药店", "药店许可", "卖药"], &["药品经营许可证"]),
    (&["的士", "出租车", "开出租"], &["出租汽车经营许可证"]),
    (&["燃气经营", "煤气站", "液化气"], &["燃气经营许可证"]),
    (&["广告牌", "招牌设置", "户外招牌"], &["户外广告设置许可"]),
    (&["排水证", "排污进管网", "餐饮排水"], &["排水许可证"]),
    (&["开KTV", "开酒吧", "卡拉OK"], &["娱乐经营许可证"]),
    (&["开酒店", "开民宿", "开旅馆"], &["特种行业许可证"]),
    (&["办学校", "开培训班", "办学许可"], &["办学许可证"]),
    (&["开养老院", "老人院", "敬老院"], &["养老机构备案回执"]),
    (&["危化品", "化学品经营", "危险品"], &["危险化学品经营许可证"]),
    (&["电梯登记", "锅炉登记", "叉车证"], &["特种设备使用登记证"]),
    (&["卫生许可证", "美容院", "理发店"], &["公共场所卫生许可证"]),
    (&["母婴保健技术", "助产技术", "产检资质"], &["母婴保健技术服务执业许可证"]),
    (&["放射许可", "拍片资质", "X光"], &["放射诊疗许可证"]),
    (&["职介所", "猎头", "人力资源公司"], &["人力资源服务许可证"]),
    (&["派遣公司", "劳务公司", "派遣资质"], &["劳务派遣经营许可证"]),
    (&["房产证", "房本", "过户"], &["不动产权证书", "不动产登记证明"]),
    (&["社保卡", "医保卡", "办社保卡"], &["社会保障卡"]),
    (&["公积金", "提公积金", "公积金账户"], &["住房公积金"]),
];
const ACTIONS: [&str; 16] = [
    "设立登记",
    "变更登记",
    "注销登记",
    "许可",
    "许可证延续",
    "备案",
    "换证",
    "补证",
    "年度报告",
    "资格认定",
    "信息查询",
    "转移登记",
    "抵押登记",
    "提取",
    "申领",
    "迁移",
];
const QUALIFIERS: [&str; 13] = [
    "",
    "（新办）",
    "（延续）",
    "（跨区迁入）",
    "（告知承诺制）",
    "（港澳投资）",
    "（分支机构）",
    "（简易程序）",
    "（网上办理）",
    "（一般程序）",
    "（首次）",
    "（补办）",
    "（外国投资）",
];
const DEPARTMENTS: [&str; 8] = [
    "江门市市场监督管理局",
    "江门市交通运输局",
    "江门市住房和城乡建设局",
    "江门市卫生健康局",
    "江门市人力资源和社会保障局",
    "江门市公安局",
    "江门市自然资源局",
    "江门市民政局",
];

/// `n` distinct search entries.
pub fn entries(n: usize) -> Vec<SearchEntry> {
    let mut out = Vec::with_capacity(n);
    'outer: for q in QUALIFIERS {
        for a in ACTIONS {
            for (s, (keywords, results)) in SUBJECTS.iter().zip(SUBJECT_WORDS) {
                if out.len() == n {
                    break 'outer;
                }
                let i = out.len();
                // The subject's words, and one for this action: 个体户变更登记.
                let mut keywords: Vec<String> = keywords.iter().map(|k| k.to_string()).collect();
                keywords.push(format!("{}{a}", keywords[0]));
                out.push(SearchEntry {
                    kind: EntryKind::Item,
                    code: format!("440700-SYN-{i:05}"),
                    name: format!("{s}{a}{q}"),
                    department: DEPARTMENTS[i % DEPARTMENTS.len()].to_string(),
                    keywords,
                    results: results.iter().map(|r| r.to_string()).collect(),
                });
            }
        }
    }
    // Past the combinations, number the rest.
    let base = out.len();
    while out.len() < n {
        let i = out.len();
        let mut e = out[i % base].clone();
        e.code = format!("440700-SYN-{i:05}");
        e.name = format!("{}（第{}类）", e.name, i / base);
        out.push(e);
    }
    out
}

/// Queries as clerks type them: initials, full pinyin, names, a code, typos.
pub const QUERIES: [&str; 8] = [
    "gtgsh",
    "spjyxk",
    "jianzhugongcheng",
    "食品经营许可",
    "440700-SYN-01234",
    "gtgdh",
    "住房公积金提取",
    "道路运输许可证延续",
];
