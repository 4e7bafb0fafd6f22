//! OneWindow's admin-editable file formats. Text in, domain values out: reading and writing the
//! files is the caller's business. Every problem is reported with its file, line and field, in
//! zh-CN with a stable English code, and all problems are reported at once.

pub mod calendar;
pub mod catalog;
pub mod printer;
pub mod routing;

use std::fmt;

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    pub line: Option<usize>,
    /// The field at fault, e.g. `items[3].materials[2].supplement_days`.
    pub field: String,
    /// Stable English code.
    pub code: &'static str,
    /// zh-CN, for the admin.
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.field.is_empty() {
            write!(f, " [{}]", self.field)?;
        }
        write!(f, ": {} ({})", self.message, self.code)
    }
}

impl std::error::Error for FileError {}

/// The 1-based line of byte offset `at` in `text`.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

pub(crate) fn syntax_error(file: &str, text: &str, e: toml::de::Error) -> FileError {
    FileError {
        file: file.to_string(),
        line: e.span().map(|span| line_of(text, span.start)),
        field: String::new(),
        code: "syntax",
        message: format!("格式错误：{}", e.message()),
    }
}
