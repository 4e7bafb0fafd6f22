//! `db copy --to postgres://…`: a hall that ran on its own SQLite file joins the city database
//! with its history — cases, their events with the audit chain, materials and findings, scans'
//! records, print jobs. Rows are matched by natural keys (every hall's file numbers its rows from
//! 1); the halls, departments, windows, staff and catalog are the city's and must be there first.
//!
//! A member of staff the city lacks is refused, not created: in the city a member of staff is
//! made by its admin, who decides the role, department and login role (migration 0002's
//! functions), and a hall's old accounts given city-wide standing by a copy is what a city's IT
//! would not want. The refusal names every missing thing at once, before anything is written.
//!
//! Idempotent: a case the city holds with the same chain head is left alone and counted as
//! present; one with another history is a conflict, reported and left as it is. Each case is
//! copied in one transaction of its own (see `onewindow_store_postgres`'s `import.rs`), and every
//! copied case's chain is verified on the city's side afterwards.

use std::collections::BTreeSet;
use std::path::Path;

use onewindow_app::{AppError, Result};
use onewindow_domain::audit::verify_chain;
use onewindow_store::history::{CaseHistory, CaseImport};
use onewindow_store::{CaseStore, StoredEventRow};
use onewindow_store_postgres::PgStore;
use onewindow_store_sqlite::SqliteStore;
use serde::Serialize;

/// Cases read from the hall's file at a time.
const PAGE: u32 = 200;

/// How many records of one kind were copied, were in the city already, or belong to a case in
/// conflict (not copied).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    pub copied: u64,
    pub present: u64,
    pub conflicts: u64,
}

impl KindCounts {
    fn add(&mut self, outcome: &CaseImport, n: u64) {
        match outcome {
            CaseImport::Copied { .. } => self.copied += n,
            CaseImport::Present => self.present += n,
            CaseImport::Conflict(_) => self.conflicts += n,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseConflict {
    pub case: String,
    pub reason: String,
}

/// The copied cases' chains as the city database now holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CopyVerification {
    pub cases: u64,
    pub events: u64,
    /// Copied cases whose chain does not verify on the city's side (none, unless the copy is wrong).
    pub broken: Vec<CaseConflict>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CopyReport {
    pub cases: KindCounts,
    pub events: KindCounts,
    pub materials: KindCounts,
    pub findings: KindCounts,
    /// Scan records, by SHA-256: a scan filed under a copied case is present when the city held
    /// the same content already.
    pub scans: KindCounts,
    pub print_jobs: KindCounts,
    pub conflicts: Vec<CaseConflict>,
    pub verified: CopyVerification,
}

impl CopyReport {
    /// Every case copied or present, every copied chain verified.
    pub fn clean(&self) -> bool {
        self.conflicts.is_empty() && self.verified.broken.is_empty()
    }

    fn count(&mut self, case: &CaseHistory, outcome: &CaseImport) {
        self.cases.add(outcome, 1);
        self.events.add(outcome, case.events.len() as u64);
        self.materials.add(outcome, case.materials.len() as u64);
        self.findings.add(outcome, case.findings.len() as u64);
        self.print_jobs.add(outcome, case.print_jobs.len() as u64);
        let scans = case.scans.len() as u64;
        match outcome {
            CaseImport::Copied { new_scans } => {
                self.scans.copied += new_scans;
                self.scans.present += scans - new_scans;
            }
            other => self.scans.add(other, scans),
        }
    }
}

/// Copies the history of the hall's SQLite file at `sqlite_path` into the city database at `url`
/// (as its owner, who may write every hall's rows).
pub async fn copy_to_city(sqlite_path: &Path, url: &str) -> Result<CopyReport> {
    if !crate::is_postgres_url(url) {
        return Err(AppError::invalid("to", format!("“{url}”不是 PostgreSQL 地址（应以 postgres:// 开头）")));
    }
    if !sqlite_path.is_file() {
        return Err(AppError::invalid("db", format!("找不到本厅的数据库文件 {}", sqlite_path.display())));
    }
    let hall = SqliteStore::open(sqlite_path).await?;
    let city = PgStore::open(url).await?;

    // A first pass over the whole history, so that a refusal comes before anything is written
    // and names everything the city's admin has to add, not one thing per attempt.
    let mut missing = BTreeSet::new();
    let mut after: Option<String> = None;
    loop {
        let page = hall.export_history(after.as_deref(), PAGE).await?;
        let Some(last) = page.cases.last() else { break };
        after = Some(last.case.number.clone());
        missing.extend(city.missing_for_history(&page).await?);
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(ToString::to_string).collect();
        return Err(AppError::invalid(
            "to",
            format!("城市数据库中缺少本厅记录用到的{}，未复制任何办件；请城市管理员添加后再复制", names.join("、")),
        ));
    }

    let mut report = CopyReport::default();
    let mut after: Option<String> = None;
    loop {
        let mut page = hall.export_history(after.as_deref(), PAGE).await?;
        let Some(last) = page.cases.last() else { break };
        after = Some(last.case.number.clone());
        // A chain already broken in the hall's file is not carried into the city as if it held.
        let mut intact = Vec::with_capacity(page.cases.len());
        for case in std::mem::take(&mut page.cases) {
            match chain_holds(&case) {
                Ok(()) => intact.push(case),
                Err(e) => {
                    let outcome = CaseImport::Conflict(format!("本厅的记录校验未通过（{e}），未复制"));
                    report.count(&case, &outcome);
                    report.conflicts.push(conflict(&case, &outcome));
                }
            }
        }
        page.cases = intact;
        let outcomes = city.import_history(&page).await?;
        for (case, imported) in page.cases.iter().zip(&outcomes) {
            report.count(case, &imported.outcome);
            match &imported.outcome {
                CaseImport::Conflict(_) => report.conflicts.push(conflict(case, &imported.outcome)),
                CaseImport::Copied { .. } => verify_copied(&city, &case.case.number, &mut report.verified).await?,
                CaseImport::Present => {}
            }
        }
    }
    Ok(report)
}

fn conflict(case: &CaseHistory, outcome: &CaseImport) -> CaseConflict {
    let reason = match outcome {
        CaseImport::Conflict(reason) => reason.clone(),
        _ => String::new(),
    };
    CaseConflict { case: case.case.number.clone(), reason }
}

fn chain_of(number: &str, events: &[StoredEventRow], head: Option<&str>) -> std::result::Result<(), String> {
    let facts: Vec<_> = events.iter().map(|e| (e.facts(number), e.hash.as_deref().unwrap_or(""))).collect();
    verify_chain(&facts, head).map_err(|e| e.to_string())
}

fn chain_holds(case: &CaseHistory) -> std::result::Result<(), String> {
    chain_of(&case.case.number, &case.events, case.chain_head.as_deref())
}

/// Reads the copied case's chain back from the city database and checks it, as `audit verify`
/// there would.
async fn verify_copied(city: &PgStore, number: &str, verified: &mut CopyVerification) -> Result<()> {
    let chain = city
        .case_chain(number)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("复制后在城市数据库中未找到办件“{number}”")))?;
    verified.cases += 1;
    verified.events += chain.events.len() as u64;
    if let Err(reason) = chain_of(&chain.number, &chain.events, chain.head.as_deref()) {
        verified.broken.push(CaseConflict { case: chain.number, reason });
    }
    Ok(())
}
