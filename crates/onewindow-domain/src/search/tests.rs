use super::*;

#[test]
fn chinese_names_get_pinyin_and_initials() {
    let (full, initials) = pinyin_keys("个体工商户设立登记");
    assert_eq!(full, "getigongshanghushelidengji");
    assert_eq!(initials, "gtgshsldj");
    assert_eq!(pinyin_keys("B超（复印件）"), ("bchaofuyinjian".into(), "bcfyj".into()));
    assert_eq!(pinyin_keys(""), (String::new(), String::new()));
    // ü is typed v.
    assert_eq!(pinyin_keys("旅馆").0, "lvguan");
}

fn entry(kind: EntryKind, code: &str, name: &str, department: &str) -> SearchEntry {
    SearchEntry {
        kind,
        code: code.into(),
        name: name.into(),
        department: department.into(),
        keywords: Vec::new(),
        results: Vec::new(),
    }
}

fn with(mut e: SearchEntry, keywords: &[&str], results: &[&str]) -> SearchEntry {
    e.keywords = keywords.iter().map(|k| k.to_string()).collect();
    e.results = results.iter().map(|r| r.to_string()).collect();
    e
}

fn index() -> SearchIndex {
    SearchIndex::new(vec![
        entry(EntryKind::Item, "440703-PJQSCJGJ-001", "个体工商户设立登记", "江门市蓬江区市场监督管理局"),
        entry(EntryKind::Item, "440703-PJQSCJGJ-002", "个体工商户变更登记", "江门市蓬江区市场监督管理局"),
        entry(EntryKind::Item, "440700-JMSGAJ-001", "居民身份证换领", "江门市公安局"),
        entry(EntryKind::Item, "440700-JMSGAJ-002", "居民身份证首次申领", "江门市公安局"),
        entry(EntryKind::Item, "440700-JMSMZJ-001", "内地居民结婚登记", "江门市民政局"),
        entry(EntryKind::Bundle, "YJS-001", "开办企业一件事", ""),
        entry(EntryKind::Bundle, "YJS-002", "新生儿出生一件事", ""),
    ])
}

fn names(query: &str) -> Vec<String> {
    index().search(query, 10).into_iter().map(|h| h.entry.name.clone()).collect()
}

#[test]
fn initials_pinyin_name_code_and_department() {
    assert_eq!(names("gtgsh")[0], "个体工商户设立登记");
    assert_eq!(names("gtgshsldj")[0], "个体工商户设立登记");
    assert_eq!(names("getigongshanghu").len(), 2);
    assert_eq!(names("ge ti gong shang hu").len(), 2);
    assert_eq!(names("身份证"), vec!["居民身份证换领", "居民身份证首次申领"]);
    assert_eq!(names("440700-jmsgaj-002")[0], "居民身份证首次申领");
    assert_eq!(names("民政局"), vec!["内地居民结婚登记"]);
    assert_eq!(names("kbqy")[0], "开办企业一件事");
    assert_eq!(names("一件事").len(), 2);
    assert!(names("   ").is_empty());
    assert!(names("zzzzzz").is_empty());
}

#[test]
fn best_first() {
    // An exact code beats a name containing the text.
    assert_eq!(names("yjs-002")[0], "新生儿出生一件事");
    // A name prefix beats a name containing the text.
    assert_eq!(names("居民")[0], "居民身份证换领");
    assert_eq!(names("居民").last().unwrap(), "内地居民结婚登记");
}

#[test]
fn typos_are_tolerated() {
    // One wrong initial.
    assert_eq!(names("gtgdh")[0], "个体工商户设立登记");
    // A dropped letter in the full pinyin.
    assert_eq!(names("getigonshanghu")[0..2], ["个体工商户设立登记", "个体工商户变更登记"]);
    // A wrong character.
    assert_eq!(names("居民身份正换领")[0], "居民身份证换领");
    // A homophone, as the input method offers it.
    assert_eq!(names("身分证")[0..2], ["居民身份证换领", "居民身份证首次申领"]);
    // Full-width letters, typed with the input method's full-width mode on.
    assert_eq!(names("ｇｔｇｓｈ")[0], "个体工商户设立登记");
}

fn citizens() -> SearchIndex {
    SearchIndex::new(vec![
        with(
            entry(EntryKind::Item, "440700-JMSRSJ-001", "社会保障卡申领", "江门市人力资源和社会保障局"),
            &["社保卡", "医保卡"],
            &["社会保障卡"],
        ),
        with(
            entry(EntryKind::Item, "440700-JMSRSJ-004", "基本养老保险待遇申领（退休）", "江门市人力资源和社会保障局"),
            &["退休金", "养老金"],
            &["基本养老金"],
        ),
        with(
            entry(EntryKind::Item, "440700-JMSGJJ-003", "住房公积金提取（离休、退休）", "江门市住房公积金管理中心"),
            &["退休提取公积金"],
            &["住房公积金提取款"],
        ),
        with(
            entry(EntryKind::Item, "440700-JMSSCJGJ-001", "企业设立登记（有限责任公司）", "江门市市场监督管理局"),
            &["开公司", "办营业执照"],
            &["营业执照"],
        ),
        with(
            entry(EntryKind::Item, "440703-PJQSCJGJ-001", "个体工商户设立登记", "江门市蓬江区市场监督管理局"),
            &["个体户", "开店"],
            &["营业执照"],
        ),
        with(
            entry(EntryKind::Item, "440700-JMSJTYSJ-002", "出租汽车驾驶员从业资格证核发", "江门市交通运输局"),
            &["出租车司机证"],
            &["出租汽车驾驶员从业资格证"],
        ),
        with(
            entry(EntryKind::Item, "440700-JMSZRZYJ-001", "不动产转移登记（存量房买卖）", "江门市自然资源局"),
            &["房产证", "红本"],
            &["不动产权证书"],
        ),
    ])
}

fn top(index: &SearchIndex, query: &str) -> Vec<(String, MatchTier, MatchField)> {
    index.search(query, 10).into_iter().map(|h| (h.entry.code.clone(), h.tier, h.field)).collect()
}

#[test]
fn keywords_and_results_are_found_by_text_pinyin_and_initials() {
    let index = citizens();
    for (query, code, tier, field) in [
        ("医保卡", "440700-JMSRSJ-001", MatchTier::Exact, MatchField::Keyword),
        ("yibaoka", "440700-JMSRSJ-001", MatchTier::Exact, MatchField::Keyword),
        ("ybk", "440700-JMSRSJ-001", MatchTier::Exact, MatchField::Keyword),
        ("社会保障卡", "440700-JMSRSJ-001", MatchTier::Exact, MatchField::Result),
        ("yyzz", "440703-PJQSCJGJ-001", MatchTier::Exact, MatchField::Result),
        ("fangchan", "440700-JMSZRZYJ-001", MatchTier::Prefix, MatchField::Keyword),
        ("不动产权", "440700-JMSZRZYJ-001", MatchTier::Prefix, MatchField::Result),
        ("执照", "440700-JMSSCJGJ-001", MatchTier::Substring, MatchField::Keyword),
        ("房产正", "440700-JMSZRZYJ-001", MatchTier::Fuzzy, MatchField::Keyword),
    ] {
        let hits = top(&index, query);
        assert_eq!(hits.first(), Some(&(code.to_string(), tier, field)), "{query}: {hits:?}");
    }
}

#[test]
fn an_exact_keyword_beats_words_scattered_in_a_name() {
    let hits = top(&citizens(), "退休金");
    assert_eq!(hits[0], ("440700-JMSRSJ-004".into(), MatchTier::Exact, MatchField::Keyword));
    // 住房公积金提取（离休、退休） has 退, 休 and 金, apart: a fuzzy hit, after.
    assert_eq!(hits[1], ("440700-JMSGJJ-003".into(), MatchTier::Fuzzy, MatchField::Name));
}

#[test]
fn within_a_tier_names_come_before_keywords_and_keywords_before_results() {
    let index = SearchIndex::new(vec![
        with(entry(EntryKind::Item, "C", "甲事项", ""), &[], &["营业执照"]),
        with(entry(EntryKind::Item, "B", "乙事项", ""), &["营业执照"], &[]),
        with(entry(EntryKind::Item, "A", "营业执照补领登记", ""), &[], &[]),
    ]);
    let codes: Vec<_> = index.search("营业", 10).into_iter().map(|h| h.entry.code.as_str()).collect();
    assert_eq!(codes, ["A", "B", "C"]);
    // An exact match beats the name's prefix.
    let codes: Vec<_> = index.search("营业执照", 10).into_iter().map(|h| h.entry.code.as_str()).collect();
    assert_eq!(codes, ["B", "C", "A"]);
}

#[test]
fn a_subsequence_of_initials_only_when_nothing_better_exists() {
    let index = citizens();
    // cz q c j s y c y z g z h f: y, y, z, z in order, but 营业执照 is better.
    let hits = top(&index, "yyzz");
    assert!(hits.iter().all(|(code, ..)| code != "440700-JMSJTYSJ-002"), "{hits:?}");
    // Nothing else has c, j, y, z in order: the subsequence is all there is.
    let hits = top(&index, "cjyz");
    assert_eq!(hits, vec![("440700-JMSJTYSJ-002".into(), MatchTier::Subsequence, MatchField::Name)]);
}

#[test]
fn words_shared_by_items_find_all_of_them() {
    let index = citizens();
    let codes: Vec<_> = index.search("营业执照", 10).into_iter().map(|h| h.entry.code.clone()).collect();
    assert_eq!(codes[..2], ["440703-PJQSCJGJ-001", "440700-JMSSCJGJ-001"]);
}

#[test]
fn the_index_is_built_from_a_catalog() {
    use crate::catalog::{Eligibility, Guide, ItemLevel, ShortfallRules};
    use crate::org::Department;
    let item = ServiceItem {
        code: "440700-JMSRSJ-001".into(),
        name: "社会保障卡申领".into(),
        keywords: vec!["医保卡".into()],
        results: vec!["社会保障卡".into()],
        department_code: "JMSRSJ".into(),
        level: ItemLevel::City,
        kind: "公共服务".into(),
        statutory_days: 30,
        promised_days: 15,
        on_the_spot: false,
        fee: String::new(),
        delivery: Vec::new(),
        citywide: true,
        commitment_approval: false,
        applicants: Eligibility::All,
        shortfall: ShortfallRules::default(),
        guide: Guide::default(),
        materials: Vec::new(),
        review: Default::default(),
        followup: Default::default(),
    };
    let catalog = Catalog {
        departments: vec![Department {
            code: "JMSRSJ".into(),
            name: "江门市人力资源和社会保障局".into(),
            area: "江门市".into(),
            ..Department::default()
        }],
        items: vec![item],
        bundles: vec![Bundle {
            code: "YJS-002".into(),
            name: "新生儿出生一件事".into(),
            description: String::new(),
            item_codes: vec!["440700-JMSRSJ-001".into()],
        }],
    };
    let index = SearchIndex::from_catalog(&catalog);
    assert_eq!(index.len(), 2);
    let hit = index.search("医保卡", 5)[0];
    assert_eq!((hit.entry.kind, hit.entry.department.as_str()), (EntryKind::Item, "江门市人力资源和社会保障局"));
    assert_eq!(index.search("新生儿", 5)[0].entry.kind, EntryKind::Bundle);
}

fn prefix_distance(q: &[u8], t: &[u8], limit: usize) -> usize {
    Pattern::new(q).unwrap().prefix_distance(t, limit)
}

#[test]
fn prefix_distance_is_bounded() {
    assert_eq!(prefix_distance(b"kitten", b"sitting", 3), 2);
    assert_eq!(prefix_distance(b"kitten", b"sitting", 1), 2);
    assert_eq!(prefix_distance(b"gtgdh", b"gtgshsldj", 1), 1);
    assert_eq!(prefix_distance(b"getigonshanghu", b"getigongshanghushelidengji", 2), 1);
    assert_eq!(prefix_distance(b"abc", b"", 5), 3);
    assert_eq!(prefix_distance(b"abc", b"abcdef", 1), 0);
    assert!(Pattern::new(&[b'a'; 65]).is_none());
}

/// The textbook dynamic programme: Levenshtein distance from `q` to each prefix of `t`, the least.
fn reference(q: &[u8], t: &[u8]) -> usize {
    let mut previous: Vec<usize> = (0..=t.len()).collect();
    for (i, &cq) in q.iter().enumerate() {
        let mut current = vec![i + 1; t.len() + 1];
        for (j, &ct) in t.iter().enumerate() {
            current[j + 1] = (previous[j] + usize::from(cq != ct)).min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous.into_iter().min().unwrap()
}

#[test]
fn the_bit_parallel_distance_is_the_textbook_one() {
    // Every pair of short strings over a small alphabet (so that letters repeat), then long ones.
    let mut seed = 0x2545_f491_u64;
    let mut random = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut checked = 0;
    for _ in 0..20_000 {
        let q: Vec<u8> = (0..1 + random(12)).map(|_| b"abcg"[random(4) as usize]).collect();
        let t: Vec<u8> = (0..random(20)).map(|_| b"abcg"[random(4) as usize]).collect();
        for limit in 0..4 {
            let window = &t[..t.len().min(q.len() + limit)];
            let expected = reference(&q, window).min(limit + 1);
            assert_eq!(prefix_distance(&q, &t, limit), expected, "{:?} {:?} {limit}", q, t);
            checked += 1;
        }
    }
    let long: Vec<u8> = (0..64).map(|i| b'a' + (i % 26) as u8).collect();
    assert_eq!(prefix_distance(&long, &long, 2), 0);
    assert_eq!(prefix_distance(&long, &long[1..], 2), 1);
    assert_eq!(checked, 80_000);
}
