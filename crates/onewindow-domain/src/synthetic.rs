//! A synthetic catalog of any size, for benchmarks: plausible item names built from the words of
//! real ones, deterministic.

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
            for s in SUBJECTS {
                if out.len() == n {
                    break 'outer;
                }
                let i = out.len();
                out.push(SearchEntry {
                    kind: EntryKind::Item,
                    code: format!("440700-SYN-{i:05}"),
                    name: format!("{s}{a}{q}"),
                    department: DEPARTMENTS[i % DEPARTMENTS.len()].to_string(),
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
