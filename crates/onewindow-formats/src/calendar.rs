//! The working-day calendar: one TOML file per year with the State Council's holiday schedule.
//!
//! ```toml
//! year = 2026
//! source = "国务院办公厅关于2026年部分节假日安排的通知"
//!
//! [[holidays]]
//! name = "元旦"
//! from = 2026-01-01      # first day off
//! to = 2026-01-03        # last day off
//! work = [2026-01-04]    # make-up working days (调休上班)
//! ```

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use crate::{line_of, syntax_error, FileError};

/// One year's official schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSchedule {
    pub year: i32,
    pub source: String,
    pub holidays: Vec<NaiveDate>,
    pub makeup_workdays: Vec<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    year: i32,
    #[serde(default)]
    source: String,
    #[serde(default)]
    holidays: Vec<HolidayEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayEntry {
    name: String,
    from: Spanned<Datetime>,
    to: Spanned<Datetime>,
    #[serde(default)]
    work: Vec<Spanned<Datetime>>,
}

struct Problems<'a> {
    file: &'a str,
    text: &'a str,
    errors: Vec<FileError>,
}

impl Problems<'_> {
    fn add(&mut self, at: usize, field: String, code: &'static str, message: String) {
        self.errors.push(FileError {
            file: self.file.to_string(),
            line: Some(line_of(self.text, at)),
            field,
            code,
            message,
        });
    }

    /// A plain date of `year`, or a problem.
    fn date(&mut self, value: &Spanned<Datetime>, year: i32, field: String) -> Option<NaiveDate> {
        let parsed = value
            .get_ref()
            .date
            .filter(|_| value.get_ref().time.is_none())
            .and_then(|d| NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day)));
        match parsed {
            Some(d) if d.year() == year => Some(d),
            Some(d) => {
                self.add(value.span().start, field, "wrong_year", format!("日期{d}不在本文件的{year}年内"));
                None
            }
            None => {
                self.add(value.span().start, field, "not_a_date", "应为日期，如 2026-01-01".into());
                None
            }
        }
    }
}

pub fn parse_year(file: &str, text: &str) -> Result<YearSchedule, Vec<FileError>> {
    let parsed: YearFile = toml::from_str(text).map_err(|e| vec![syntax_error(file, text, e)])?;
    let year = parsed.year;
    let mut problems = Problems { file, text, errors: Vec::new() };
    let mut schedule =
        YearSchedule { year, source: parsed.source.clone(), holidays: Vec::new(), makeup_workdays: Vec::new() };
    for (i, h) in parsed.holidays.iter().enumerate() {
        let from = problems.date(&h.from, year, format!("holidays[{i}].from"));
        let to = problems.date(&h.to, year, format!("holidays[{i}].to"));
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                problems.add(
                    h.to.span().start,
                    format!("holidays[{i}].to"),
                    "range_reversed",
                    format!("{}的结束日期早于开始日期", h.name),
                );
            }
            schedule.holidays.extend(from.iter_days().take_while(|d| *d <= to));
        }
        for (j, w) in h.work.iter().enumerate() {
            if let Some(day) = problems.date(w, year, format!("holidays[{i}].work[{j}]")) {
                if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                    problems.add(
                        w.span().start,
                        format!("holidays[{i}].work[{j}]"),
                        "makeup_not_weekend",
                        format!("调休上班日{day}应为周六或周日"),
                    );
                }
                schedule.makeup_workdays.push(day);
            }
        }
    }
    if let Some(day) = schedule.makeup_workdays.iter().find(|d| schedule.holidays.contains(d)) {
        let message = format!("{day}既是假日又是调休上班日");
        problems.add(0, "holidays".into(), "holiday_and_workday", message);
    }
    schedule.holidays.sort();
    schedule.holidays.dedup();
    schedule.makeup_workdays.sort();
    if problems.errors.is_empty() {
        Ok(schedule)
    } else {
        Err(problems.errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEAR: &str = r#"
year = 2026
source = "测试"

[[holidays]]
name = "元旦"
from = 2026-01-01
to = 2026-01-03
work = [2026-01-04]
"#;

    #[test]
    fn a_year_file_becomes_days() {
        let s = parse_year("2026.toml", YEAR).unwrap();
        assert_eq!(s.holidays.len(), 3);
        assert_eq!(s.makeup_workdays, vec![NaiveDate::from_ymd_opt(2026, 1, 4).unwrap()]);
    }

    #[test]
    fn problems_are_reported_with_lines() {
        let bad = YEAR
            .replace("work = [2026-01-04]", "work = [2026-01-05, 2027-01-03]")
            .replace("to = 2026-01-03", "to = \"soon\"");
        let errors = parse_year("2026.toml", &bad).unwrap_err();
        assert_eq!(errors.len(), 1, "a type error stops the file: {errors:?}");
        assert_eq!(errors[0].code, "syntax");
        let bad = YEAR.replace("work = [2026-01-04]", "work = [2026-01-05, 2027-01-03]");
        let errors = parse_year("2026.toml", &bad).unwrap_err();
        let codes: Vec<_> = errors.iter().map(|e| (e.code, e.line)).collect();
        assert_eq!(codes, vec![("makeup_not_weekend", Some(9)), ("wrong_year", Some(9))]);
    }
}
