//! Search keys for names: full pinyin and pinyin initials, so that `gtgsh` finds 个体工商户….

use pinyin::ToPinyin;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_get_pinyin_and_initials() {
        let (full, initials) = pinyin_keys("个体工商户设立登记");
        assert_eq!(full, "getigongshanghushelidengji");
        assert_eq!(initials, "gtgshsldj");
    }

    #[test]
    fn ascii_and_punctuation() {
        assert_eq!(pinyin_keys("B超（复印件）"), ("bchaofuyinjian".into(), "bcfyj".into()));
        assert_eq!(pinyin_keys(""), (String::new(), String::new()));
    }
}
