//! Finding service items and bundles the way people ask for them: by name, code, department, full
//! pinyin or pinyin initials (`gtgsh` finds 个体工商户设立登记), by what citizens call an item (its
//! keywords, 俗称: 医保卡, 房产证, 开餐馆) and by what it produces (its results: 社会保障卡,
//! 不动产权证书), tolerant of a typo, best first.
//!
//! Every hit falls in one tier, and a better tier always comes first:
//!
//! 1. exact: the query is a name, keyword, result or code, or the full pinyin or initials of one;
//! 2. prefix: one of them begins with the query;
//! 3. substring: one of them, or the department's name, contains the query (pinyin from 3 letters,
//!    initials from 2, codes from 2 characters);
//! 4. fuzzy: a homophone (身分证 for 身份证), a typo in the pinyin or initials, or most of the
//!    query's characters in one name, keyword or result;
//! 5. subsequence: the query's letters in order among the initials, only when nothing above
//!    matches anything at all.
//!
//! Within a tier names come before keywords, keywords before results, results before codes and
//! departments (in the fuzzy tier the closer match comes first); then the shorter name, then the
//! code. Words shared by many items (营业执照) are indexed once, so the index stays fast on large
//! catalogs.

use std::collections::HashMap;

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

use crate::catalog::{Bundle, Catalog, ServiceItem};

/// `(full pinyin, initials)` of `name`, lower case, without separators; ü is written v, as typed.
/// ASCII letters and digits are kept as they are; other characters without a reading are dropped.
pub fn pinyin_keys(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (c, reading) in name.chars().zip(name.to_pinyin()) {
        match reading {
            Some(p) => {
                full.extend(p.plain().chars().map(|c| if c == 'ü' { 'v' } else { c }));
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

/// Lower case, full-width ASCII as half-width (ｙｙｚｚ, （ ）), control characters dropped: how
/// both the indexed words and the query are compared.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
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
    /// What citizens call it (俗称), searched like the name.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// What it produces (办理结果), searched like the name.
    #[serde(default)]
    pub results: Vec<String>,
}

impl SearchEntry {
    pub fn item(item: &ServiceItem, department: &str) -> Self {
        Self {
            kind: EntryKind::Item,
            code: item.code.clone(),
            name: item.name.clone(),
            department: department.to_string(),
            keywords: item.keywords.clone(),
            results: item.results.clone(),
        }
    }

    pub fn bundle(bundle: &Bundle) -> Self {
        Self {
            kind: EntryKind::Bundle,
            code: bundle.code.clone(),
            name: bundle.name.clone(),
            department: String::new(),
            keywords: Vec::new(),
            results: Vec::new(),
        }
    }
}

/// How well a hit matched; the better tier compares greater.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchTier {
    /// The query's letters in order among the initials, when nothing else matched.
    Subsequence = 2,
    /// A homophone, a typo, most of the characters.
    Fuzzy = 3,
    Substring = 4,
    Prefix = 5,
    Exact = 6,
}

/// What a hit matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchField {
    Name,
    Keyword,
    Result,
    Code,
    Department,
}

impl MatchField {
    /// Within a tier, the greater comes first.
    fn preference(self) -> u32 {
        match self {
            MatchField::Name => 4,
            MatchField::Keyword => 3,
            MatchField::Result => 2,
            MatchField::Code => 1,
            MatchField::Department => 0,
        }
    }

    fn from_preference(p: u32) -> Self {
        match p {
            4 => MatchField::Name,
            3 => MatchField::Keyword,
            2 => MatchField::Result,
            1 => MatchField::Code,
            _ => MatchField::Department,
        }
    }

    /// Names, keywords and results are words people say: they have pinyin and may be misspelt.
    fn is_spoken(self) -> bool {
        matches!(self, MatchField::Name | MatchField::Keyword | MatchField::Result)
    }
}

/// `tier · 100 + closeness · 10 + field preference`: one number that orders hits. Closeness (0–9)
/// is only used in the fuzzy tier.
fn score(tier: MatchTier, closeness: u32, field: MatchField) -> u32 {
    tier as u32 * 100 + closeness * 10 + field.preference()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a> {
    pub entry: &'a SearchEntry,
    /// Orders the hits: the tier, then (fuzzy only) how close, then the field; greater is better.
    pub score: u32,
    pub tier: MatchTier,
    /// The field of the best match.
    pub field: MatchField,
}

/// Separates the words in a haystack; never in a normalised query.
const SEPARATOR: char = '\u{1F}';

/// Where in a word a query was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Whole,
    Start,
    Inside,
}

#[derive(Debug, Clone, Copy)]
struct Owner {
    entry: u32,
    field: MatchField,
}

/// One distinct word of the index and the entries that have it.
struct Term {
    chars: Vec<char>,
    /// Bit `c % 64` set for each character `c`: a quick test of which characters it may have.
    char_mask: u64,
    owners: Vec<Owner>,
}

fn char_bit(c: char) -> u64 {
    1 << (c as u32 % 64)
}

/// A word's bytes in a haystack.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
    term: u32,
}

/// Words joined by [`SEPARATOR`], so one pass of a substring search finds the query in all of them.
#[derive(Default)]
struct Haystack {
    text: String,
    spans: Vec<Span>,
}

impl Haystack {
    fn push(&mut self, word: &str, term: usize) {
        if self.text.is_empty() {
            self.text.push(SEPARATOR);
        }
        let start = self.text.len() as u32;
        self.text.push_str(word);
        self.spans.push(Span { start, end: self.text.len() as u32, term: term as u32 });
        self.text.push(SEPARATOR);
    }

    fn word(&self, i: usize) -> &str {
        let s = self.spans[i];
        &self.text[s.start as usize..s.end as usize]
    }

    /// Calls `visit(term, place)` once per word containing `q` (non-empty, without the separator);
    /// with `starts_only`, only for the words that begin with it (a quicker search).
    fn find(&self, q: &str, starts_only: bool, mut visit: impl FnMut(usize, Place)) {
        let mut cursor = 0;
        let mut last = usize::MAX;
        let mut at = |p: usize, visit: &mut dyn FnMut(usize, Place)| {
            let p = p as u32;
            cursor += self.spans[cursor..].partition_point(|s| s.end <= p);
            if cursor == last {
                return;
            }
            last = cursor;
            let span = self.spans[cursor];
            let place = match (p == span.start, p as usize + q.len() == span.end as usize) {
                (true, true) => Place::Whole,
                (true, false) => Place::Start,
                _ => Place::Inside,
            };
            visit(span.term as usize, place);
        };
        if starts_only {
            let pattern = format!("{SEPARATOR}{q}");
            for p in memchr::memmem::find_iter(self.text.as_bytes(), pattern.as_bytes()) {
                at(p + SEPARATOR.len_utf8(), &mut visit);
            }
        } else {
            for p in memchr::memmem::find_iter(self.text.as_bytes(), q.as_bytes()) {
                at(p, &mut visit);
            }
        }
    }
}

pub struct SearchIndex {
    entries: Vec<SearchEntry>,
    name_chars: Vec<usize>,
    terms: Vec<Term>,
    /// Names, keywords, results and departments, normalised.
    text: Haystack,
    /// Codes, normalised.
    codes: Haystack,
    /// The full pinyin and the initials of the spoken words (names, keywords, results), in the
    /// same order: `pinyin.spans[i]` and `initials.spans[i]` are the same word.
    pinyin: Haystack,
    initials: Haystack,
}

/// A query of ASCII letters ready for Myers' bit-parallel edit distance (up to 64 letters).
struct Pattern {
    /// Bit `i` of `peq[c]` is set where the query's `i`-th byte is `c`.
    peq: [u64; 128],
    len: usize,
}

impl Pattern {
    fn new(q: &[u8]) -> Option<Self> {
        if q.is_empty() || q.len() > 64 || !q.is_ascii() {
            return None;
        }
        let mut peq = [0u64; 128];
        for (i, &c) in q.iter().enumerate() {
            peq[c as usize] |= 1 << i;
        }
        Some(Self { peq, len: q.len() })
    }

    /// Levenshtein distance from the query to the closest prefix of `t` (the whole `t` included),
    /// or `limit + 1` when that is more than `limit`. One step of a few word operations per byte
    /// of `t` (Myers 1999, in Hyyrö's form for a distance from the start of both strings).
    fn prefix_distance(&self, t: &[u8], limit: usize) -> usize {
        let m = self.len;
        let high = 1u64 << (m - 1);
        let (mut pv, mut mv) = (!0u64, 0u64);
        let mut score = m;
        let mut best = m;
        for &c in &t[..t.len().min(m + limit)] {
            let eq = if c < 128 { self.peq[c as usize] } else { 0 };
            let xv = eq | mv;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & high != 0 {
                score += 1;
            } else if mh & high != 0 {
                score -= 1;
            }
            // The top row counts up by one per byte of `t`: a distance from the start, not a search.
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
            best = best.min(score);
        }
        if best > limit {
            limit + 1
        } else {
            best
        }
    }
}

fn is_subsequence(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}

/// The best score found so far for each entry, and how many entries have one.
struct Best {
    scores: Vec<u32>,
    found: usize,
}

impl Best {
    fn offer(&mut self, owners: &[Owner], mut score_of: impl FnMut(MatchField) -> Option<u32>) {
        for o in owners {
            if let Some(s) = score_of(o.field) {
                let best = &mut self.scores[o.entry as usize];
                if *best == 0 {
                    self.found += 1;
                }
                *best = (*best).max(s);
            }
        }
    }
}

impl SearchIndex {
    pub fn new(entries: Vec<SearchEntry>) -> Self {
        let mut terms: Vec<Term> = Vec::new();
        // A code is only ever a code: kept apart from a word that happens to read the same.
        let mut seen: HashMap<(String, MatchField), usize> = HashMap::new();
        let mut text = Haystack::default();
        let mut codes = Haystack::default();
        let mut pinyin = Haystack::default();
        let mut initials = Haystack::default();
        for (e, entry) in entries.iter().enumerate() {
            let words = std::iter::once((entry.name.as_str(), MatchField::Name))
                .chain(entry.keywords.iter().map(|k| (k.as_str(), MatchField::Keyword)))
                .chain(entry.results.iter().map(|r| (r.as_str(), MatchField::Result)))
                .chain(std::iter::once((entry.code.as_str(), MatchField::Code)))
                .chain(std::iter::once((entry.department.as_str(), MatchField::Department)));
            for (word, field) in words {
                let word = normalise(word.trim());
                if word.is_empty() {
                    continue;
                }
                let owner = Owner { entry: e as u32, field };
                let spoken = field.is_spoken();
                let class = if spoken { MatchField::Name } else { field };
                let t = *seen.entry((word.clone(), class)).or_insert_with(|| {
                    let t = terms.len();
                    if field == MatchField::Code {
                        codes.push(&word, t);
                    } else {
                        text.push(&word, t);
                    }
                    if spoken {
                        let (full, short) = pinyin_keys(&word);
                        pinyin.push(&full, t);
                        initials.push(&short, t);
                    }
                    let chars: Vec<char> = word.chars().collect();
                    let char_mask = chars.iter().fold(0, |m, &c| m | char_bit(c));
                    terms.push(Term { chars, char_mask, owners: Vec::new() });
                    t
                });
                terms[t].owners.push(owner);
            }
        }
        let name_chars = entries.iter().map(|e| e.name.chars().count()).collect();
        Self { entries, name_chars, terms, text, codes, pinyin, initials }
    }

    /// The index of a whole catalog: its items (with their department's name) and its bundles.
    pub fn from_catalog(catalog: &Catalog) -> Self {
        let entries = catalog
            .items
            .iter()
            .map(|i| {
                let department = catalog.department(&i.department_code).map(|d| d.name.as_str()).unwrap_or_default();
                SearchEntry::item(i, department)
            })
            .chain(catalog.bundles.iter().map(SearchEntry::bundle))
            .collect();
        Self::new(entries)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Exact, prefix and substring matches of the words, their pinyin and their initials.
    fn literal(&self, q: &str, best: &mut Best) {
        let tier_of = |place| match place {
            Place::Whole => MatchTier::Exact,
            Place::Start => MatchTier::Prefix,
            Place::Inside => MatchTier::Substring,
        };
        self.text.find(q, false, |t, place| {
            best.offer(&self.terms[t].owners, |field| {
                let tier = if field == MatchField::Department { MatchTier::Substring } else { tier_of(place) };
                Some(score(tier, 0, field))
            })
        });
        let codes_inside = q.chars().count() >= 2;
        self.codes.find(q, !codes_inside, |t, place| {
            best.offer(&self.terms[t].owners, |field| Some(score(tier_of(place), 0, field)))
        });
        if !q.is_ascii() {
            return;
        }
        let q = letters(q);
        for (haystack, min_inside) in [(&self.initials, 2), (&self.pinyin, 3)] {
            haystack.find(&q, q.len() < min_inside, |t, place| {
                best.offer(&self.terms[t].owners, |field| Some(score(tier_of(place), 0, field)))
            });
        }
    }

    /// Typos in pinyin or initials (ASCII queries); homophones and most of the characters (others).
    fn fuzzy(&self, q: &str, best: &mut Best) {
        let q = &*letters(q);
        let spoken = |t: usize, closeness: u32, best: &mut Best| {
            best.offer(&self.terms[t].owners, |field| {
                field.is_spoken().then(|| score(MatchTier::Fuzzy, closeness, field))
            })
        };
        if q.is_ascii() {
            // Typos of pinyin and initials are in letters; codes and numbers are matched as typed.
            if q.len() < 3 || !q.bytes().all(|b| b.is_ascii_lowercase()) {
                return;
            }
            let Some(pattern) = Pattern::new(q.as_bytes()) else { return };
            let limit = if q.len() > 6 { 2 } else { 1 };
            for i in 0..self.initials.spans.len() {
                let t = self.initials.spans[i].term as usize;
                let d = pattern.prefix_distance(self.initials.word(i).as_bytes(), limit);
                if (1..=limit).contains(&d) {
                    spoken(t, if d == 1 { 6 } else { 2 }, best);
                    continue;
                }
                if q.len() >= 5 {
                    let d = pattern.prefix_distance(self.pinyin.word(i).as_bytes(), limit);
                    if (1..=limit).contains(&d) {
                        spoken(t, if d == 1 { 5 } else { 1 }, best);
                    }
                }
            }
            return;
        }
        let q_chars: Vec<char> = q.chars().collect();
        if q_chars.len() >= 2 {
            // 身分证 sounds like 身份证: the query's pinyin among the words' pinyin.
            let (sound, _) = pinyin_keys(q);
            if sound.len() >= 4 {
                self.pinyin.find(&sound, false, |t, place| {
                    let closeness = match place {
                        Place::Whole => 9,
                        Place::Start => 8,
                        Place::Inside if q_chars.len() >= 3 => 7,
                        Place::Inside => return,
                    };
                    spoken(t, closeness, best);
                });
            }
        }
        if q_chars.len() >= 3 {
            // A mistyped or reordered character: most of the query's characters are in one word.
            let needed = (q_chars.len() * 3).div_ceil(4);
            for span in &self.pinyin.spans {
                let t = span.term as usize;
                let term = &self.terms[t];
                if q_chars.iter().filter(|&&c| term.char_mask & char_bit(c) != 0).count() < needed {
                    continue;
                }
                let common = q_chars.iter().filter(|c| term.chars.contains(c)).count();
                if common * 4 >= q_chars.len() * 3 {
                    spoken(t, if common == q_chars.len() { 4 } else { 3 }, best);
                }
            }
        }
    }

    /// The query's letters in order among the initials of a word.
    fn subsequence(&self, q: &str, best: &mut Best) {
        if !q.is_ascii() {
            return;
        }
        let q = &*letters(q);
        if q.len() < 4 {
            return;
        }
        for i in 0..self.initials.spans.len() {
            if is_subsequence(q, self.initials.word(i)) {
                let t = self.initials.spans[i].term as usize;
                best.offer(&self.terms[t].owners, |field| Some(score(MatchTier::Subsequence, 0, field)));
            }
        }
    }

    /// The best `limit` matches, best first (see the module's documentation for the order).
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let q = normalise(query.trim());
        let q = q.trim();
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut best = Best { scores: vec![0; self.entries.len()], found: 0 };
        self.literal(q, &mut best);
        // Fuzzy hits only fill up what the better tiers leave of the `limit`.
        if best.found < limit {
            self.fuzzy(q, &mut best);
        }
        if best.found == 0 {
            self.subsequence(q, &mut best);
        }
        let mut hits: Vec<(u32, usize)> =
            best.scores.iter().enumerate().filter(|(_, &s)| s > 0).map(|(i, &s)| (s, i)).collect();
        let order = |a: &(u32, usize), b: &(u32, usize)| {
            b.0.cmp(&a.0)
                .then_with(|| self.name_chars[a.1].cmp(&self.name_chars[b.1]))
                .then_with(|| self.entries[a.1].code.cmp(&self.entries[b.1].code))
        };
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.sort_unstable_by(order);
        hits.into_iter()
            .map(|(score, i)| Hit {
                entry: &self.entries[i],
                score,
                tier: tier_of_score(score),
                field: MatchField::from_preference(score % 10),
            })
            .collect()
    }
}

/// An ASCII query as pinyin keys are written: `ge ti gong shang` is typed with spaces at times.
fn letters(q: &str) -> std::borrow::Cow<'_, str> {
    if q.is_ascii() && q.contains(' ') {
        q.chars().filter(|c| *c != ' ').collect::<String>().into()
    } else {
        q.into()
    }
}

fn tier_of_score(score: u32) -> MatchTier {
    match score / 100 {
        6 => MatchTier::Exact,
        5 => MatchTier::Prefix,
        4 => MatchTier::Substring,
        3 => MatchTier::Fuzzy,
        _ => MatchTier::Subsequence,
    }
}

#[cfg(test)]
mod tests;
