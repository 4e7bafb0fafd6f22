//! Finding service items and bundles the way a clerk types: by name, code, department, full
//! pinyin or pinyin initials (`gtgsh` finds 个体工商户设立登记), tolerant of a typo, best first.

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

/// `(full pinyin, initials)` of `name`, lower case, without separators. ASCII letters and digits
/// are kept as they are; other characters without a reading are dropped.
pub fn pinyin_keys(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (c, reading) in name.chars().zip(name.to_pinyin()) {
        match reading {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_ascii_alphanumeric() => {
                let c = c.to_ascii_lowercase();
                full.push(c);
                initials.push(c);
            }
            None => {}
        }
    }
    (full, initials)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Item,
    /// 一件事.
    Bundle,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchEntry {
    pub kind: EntryKind,
    pub code: String,
    pub name: String,
    /// The department's name; empty for bundles.
    pub department: String,
}

struct Keys {
    code: String,
    name: String,
    name_chars: Vec<char>,
    department: String,
    pinyin: String,
    initials: String,
}

pub struct SearchIndex {
    entries: Vec<SearchEntry>,
    keys: Vec<Keys>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a> {
    pub entry: &'a SearchEntry,
    pub score: u32,
}

/// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
fn edit_distance(a: &[u8], b: &[u8], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

fn is_subsequence(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}

impl SearchIndex {
    pub fn new(entries: Vec<SearchEntry>) -> Self {
        let keys = entries
            .iter()
            .map(|e| {
                let (pinyin, initials) = pinyin_keys(&e.name);
                Keys {
                    code: e.code.to_lowercase(),
                    name: e.name.clone(),
                    name_chars: e.name.chars().collect(),
                    department: e.department.clone(),
                    pinyin,
                    initials,
                }
            })
            .collect();
        Self { entries, keys }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How well `k` matches: 0 is no match.
    fn score(k: &Keys, q: &str, q_chars: &[char], ascii: bool) -> u32 {
        if k.code == q {
            return 1000;
        }
        if k.name == q {
            return 950;
        }
        if k.code.starts_with(q) {
            return 900;
        }
        if k.name.starts_with(q) {
            return 800;
        }
        if ascii {
            if k.initials == q {
                return 790;
            }
            if k.initials.starts_with(q) {
                return 770;
            }
            if k.pinyin.starts_with(q) {
                return 750;
            }
        }
        if k.name.contains(q) {
            return 700;
        }
        if ascii && q.len() >= 2 {
            if k.initials.contains(q) {
                return 650;
            }
            if q.len() >= 3 && k.pinyin.contains(q) {
                return 640;
            }
        }
        if q.len() >= 2 && k.code.contains(q) {
            return 600;
        }
        if !k.department.is_empty() && k.department.contains(q) {
            return 500;
        }
        // Typos.
        if ascii && q.len() >= 3 {
            let limit = if q.len() > 6 { 2 } else { 1 };
            let q_bytes = q.as_bytes();
            let initials = k.initials.as_bytes();
            let prefix = &initials[..initials.len().min(q.len())];
            let d = edit_distance(q_bytes, prefix, limit).min(edit_distance(q_bytes, initials, limit));
            if d <= limit {
                return 420 - 40 * d as u32;
            }
            if q.len() >= 5 {
                let pinyin = k.pinyin.as_bytes();
                let window = &pinyin[..pinyin.len().min(q.len())];
                let d = edit_distance(q_bytes, window, limit);
                if d <= limit {
                    return 400 - 40 * d as u32;
                }
            }
            if q.len() >= 4 && is_subsequence(q, &k.initials) {
                return 330;
            }
        } else if !ascii && q_chars.len() >= 3 {
            // A mistyped or reordered character: most of the query's characters are in the name.
            let common = q_chars.iter().filter(|c| k.name_chars.contains(c)).count();
            if common * 4 >= q_chars.len() * 3 {
                return 300 + (100 * common / q_chars.len()) as u32;
            }
        }
        0
    }

    /// The best `limit` matches, best first; ties go to the shorter name, then the code.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let q = query.trim().to_lowercase();
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let ascii = q.is_ascii();
        let q_chars: Vec<char> = q.chars().collect();
        let mut hits: Vec<(u32, usize)> = self
            .keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| {
                let s = Self::score(k, &q, &q_chars, ascii);
                (s > 0).then_some((s, i))
            })
            .collect();
        hits.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| self.keys[a.1].name_chars.len().cmp(&self.keys[b.1].name_chars.len()))
                .then_with(|| self.entries[a.1].code.cmp(&self.entries[b.1].code))
        });
        hits.truncate(limit);
        hits.into_iter().map(|(score, i)| Hit { entry: &self.entries[i], score }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_get_pinyin_and_initials() {
        let (full, initials) = pinyin_keys("个体工商户设立登记");
        assert_eq!(full, "getigongshanghushelidengji");
        assert_eq!(initials, "gtgshsldj");
        assert_eq!(pinyin_keys("B超（复印件）"), ("bchaofuyinjian".into(), "bcfyj".into()));
        assert_eq!(pinyin_keys(""), (String::new(), String::new()));
    }

    fn entry(kind: EntryKind, code: &str, name: &str, department: &str) -> SearchEntry {
        SearchEntry { kind, code: code.into(), name: name.into(), department: department.into() }
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
    }

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(edit_distance(b"kitten", b"sitting", 3), 3);
        assert_eq!(edit_distance(b"kitten", b"sitting", 1), 2);
        assert_eq!(edit_distance(b"", b"abc", 5), 3);
    }
}
