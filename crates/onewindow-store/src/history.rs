//! A hall's history on its way from its SQLite file into the city database (`db copy`): plain
//! values, read by one backend and written by the other. Nothing here is a row id: every hall's
//! file numbers its rows from 1, so each reference is carried by its natural key (a hall's code, a
//! username, a department's code, an applicant's ID, a case's number, a scan's SHA-256), and the
//! city's rows are found by those.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use onewindow_domain::Catalog;

use crate::{CaseRow, StoredEventRow};

/// One page of a hall's cases, in number order, with the catalog versions they were decided under.
#[derive(Debug, Clone, Default)]
pub struct HallHistory {
    /// The hall's catalog versions its cases name, by the hall's version number.
    pub catalogs: BTreeMap<i64, Catalog>,
    pub cases: Vec<CaseHistory>,
}

/// A case with everything recorded of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseHistory {
    /// `catalog_version` is the hall's version number, a key of [`HallHistory::catalogs`].
    pub case: CaseRow,
    pub chain_head: Option<String>,
    /// In sequence order, with their stored hashes.
    pub events: Vec<StoredEventRow>,
    /// In the order they were first received.
    pub materials: Vec<MaterialRecord>,
    pub findings: Vec<FindingRecord>,
    pub scans: Vec<CaseScanRecord>,
    /// The case's print log, oldest first.
    pub print_jobs: Vec<PrintJobRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialRecord {
    pub material_code: String,
    pub form: String,
    pub copies: i64,
    pub pages: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRecord {
    pub position: i64,
    pub material_code: String,
    pub material_name: String,
    /// The domain's FindingKind as stored (JSON), copied as it is.
    pub finding: String,
    pub rule: String,
    pub message: String,
}

/// A stored scan's record (its bytes stay in the station's content store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRecord {
    pub sha256: String,
    pub media_type: String,
    pub pages: i64,
    pub bytes: i64,
    pub original_name: String,
    pub source_key: String,
    pub received_at: DateTime<Utc>,
    pub cover_for: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseScanRecord {
    pub scan: ScanRecord,
    pub material_code: String,
    pub position: i64,
    pub rotation: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJobRecord {
    pub document_kind: String,
    pub profile: String,
    pub queue: String,
    pub cups_job: Option<String>,
    pub state: String,
    pub error: Option<String>,
    pub reprint: bool,
    pub username: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Something a hall's history names that the city database lacks. The city seeds its halls,
/// departments, windows, staff and catalog; a copy never invents them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum MissingReference {
    Hall(String),
    Department(String),
    Window {
        hall_code: String,
        window: String,
    },
    User(String),
    /// No catalog version of the city holds the item exactly as the hall's version decided it.
    ServiceItem {
        catalog_version: i64,
        code: String,
    },
}

impl std::fmt::Display for MissingReference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MissingReference::Hall(code) => write!(f, "大厅 {code}"),
            MissingReference::Department(code) => write!(f, "部门 {code}"),
            MissingReference::Window { hall_code, window } => write!(f, "大厅 {hall_code} 的窗口 {window}"),
            MissingReference::User(username) => write!(f, "用户 {username}"),
            MissingReference::ServiceItem { catalog_version, code } => {
                write!(f, "事项 {code}（与本厅目录第{catalog_version}版内容相同的版本）")
            }
        }
    }
}

/// What became of one case in the city database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseImport {
    /// Copied now, in one transaction with its events, materials, findings, scans and print jobs.
    Copied {
        /// Scan records the city did not hold before (others were there already, by SHA-256).
        new_scans: u64,
    },
    /// The city holds the case with the same history (the same chain head): nothing written.
    Present,
    /// The city holds a case of that number with another history: left as it is.
    Conflict(String),
}

/// One case's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseImported {
    pub number: String,
    pub outcome: CaseImport,
}
