//! The application layer: the use cases of OneWindow. The desktop shell and the `onewindow` CLI
//! both call these; neither talks to the store or the domain on its own.

mod admin_files;
mod auth;
pub mod calendar;
pub mod carrier;
mod catalog;
mod clock;
mod courier;
pub mod error;
mod followup;
mod intake;
mod issuance;
mod label_runs;
mod printing;
mod progress;
mod review;
pub mod scans;
mod seed;
mod signin;
pub mod views;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, Utc};
use onewindow_domain::{mask_id, mask_phone, Role, User, WorkCalendar};
use onewindow_store::{CaseRow, Store};

pub use auth::{hash_password, verify_password};
pub use catalog::{check_catalog, ImportReport};
pub use clock::{today, Clock, FixedClock, SystemClock};
pub use error::{AppError, ErrorCode, Result};
pub use onewindow_formats::FileError;
pub use onewindow_store::QueueWakeup;
pub use seed::SeedReport;
pub use signin::is_role_name;
use views::*;

pub struct App {
    store: Arc<dyn Store>,
    calendar: WorkCalendar,
    clock: Arc<dyn Clock>,
    /// The current catalog version, loaded on first use and replaced on import.
    catalog: RwLock<Option<Arc<catalog::Snapshot>>>,
    printing: printing::Printing,
    /// The carriers the courier desk ships with, each with its routing table.
    carriers: Vec<Arc<dyn carrier::Carrier>>,
    /// The label runs printing in this process, so that one is not resumed twice at once.
    label_runs: std::sync::Mutex<std::collections::HashMap<i64, Arc<std::sync::atomic::AtomicBool>>>,
    /// Where the database, scans, calendar and printer overrides live; none for in-memory tests.
    data_dir: Option<PathBuf>,
    /// The name of this station (its host name), recorded with every password typed here.
    station: String,
}

impl App {
    /// An application on `store`, with the shipped working-day calendar and no data directory
    /// (tests: nothing is read from or written to files).
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self::with_calendar(store, clock, calendar::load_calendar(None).0)
    }

    pub fn with_calendar(store: Arc<dyn Store>, clock: Arc<dyn Clock>, calendar: WorkCalendar) -> Self {
        Self::assemble(store, clock, calendar, None)
    }

    /// The application of a station whose files (scans, the inbox, the admin's calendar and
    /// printer files) live in `data_dir`. Problems with the calendar files are logged and the
    /// files skipped.
    pub fn at_station(store: Arc<dyn Store>, clock: Arc<dyn Clock>, data_dir: PathBuf) -> Self {
        let (calendar, problems) = calendar::load_calendar(Some(&data_dir));
        for problem in problems {
            tracing::warn!(%problem, "calendar file skipped");
        }
        Self::assemble(store, clock, calendar, Some(data_dir))
    }

    fn assemble(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        calendar: WorkCalendar,
        data_dir: Option<PathBuf>,
    ) -> Self {
        let (carriers, problems) = carrier::load_carriers(data_dir.as_deref());
        for problem in problems {
            tracing::warn!(%problem, "routing file skipped");
        }
        Self {
            store,
            calendar,
            clock,
            catalog: RwLock::new(None),
            printing: printing::Printing::new(data_dir.clone()),
            carriers,
            label_runs: Default::default(),
            data_dir,
            station: "本机".into(),
        }
    }

    /// The same application, naming its station `name` in the sign-in record.
    pub fn on_station(mut self, name: impl Into<String>) -> Self {
        self.station = name.into();
        self
    }

    pub fn station(&self) -> &str {
        &self.station
    }

    /// Refuses a hall this database does not know, or a window that hall does not have: what a
    /// city-wide station is connected for must exist there.
    pub async fn check_station_place(&self, hall_code: &str, window: Option<&str>) -> Result<()> {
        let hall = self
            .store
            .hall(hall_code.trim())
            .await?
            .ok_or_else(|| AppError::invalid("hall", format!("城市数据库中没有大厅“{}”", hall_code.trim())))?;
        if let Some(window) = window {
            if !hall.windows.iter().any(|w| w == window.trim()) {
                return Err(AppError::invalid("window", format!("{}没有窗口“{}”", hall.name, window.trim())));
            }
        }
        Ok(())
    }

    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    /// The station's data directory, if it has one.
    /// The store under the application, for a city station's outbox, which copies the city's
    /// catalog and halls from the signed-in session.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// One reading of the clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in the halls' time zone.
    pub fn today(&self) -> NaiveDate {
        today(self.clock.as_ref())
    }

    pub async fn user_view(&self, user: &User) -> Result<UserView> {
        let hall = match &user.hall_code {
            Some(code) => self.store.hall(code).await?,
            None => None,
        };
        let department = match &user.department_code {
            Some(code) => self.store.department(code).await?.map(|d| DepartmentRef { code: d.code, name: d.name }),
            None => None,
        };
        Ok(UserView {
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            role: user.role,
            idle_lock_minutes: hall
                .as_ref()
                .map_or(onewindow_domain::org::DEFAULT_IDLE_LOCK_MINUTES, |h| h.idle_lock_minutes),
            hall: hall.map(|h| HallRef { code: h.code, name: h.name }),
            window: user.window.clone(),
            department,
        })
    }

    pub async fn dispatch_queue(&self, user: &User) -> Result<Vec<CaseSummary>> {
        may_see_dispatch(user, "只有寄递调度员和大厅管理员可以查看寄递队列")?;
        let rows = self.store.dispatch_queue().await?;
        Ok(rows.iter().map(case_summary).collect())
    }

    pub async fn overview(&self, user: &User) -> Result<Overview> {
        if !matches!(user.role, Role::Supervisor | Role::Admin) {
            return Err(AppError::Forbidden("只有大厅管理员可以查看运行概况".into()));
        }
        let by_state = self.store.state_counts().await?;
        let loads = self.store.hall_loads(self.today()).await?;
        let on_time = self.store.on_time_counts().await?;
        let instant = self.store.action_count(onewindow_domain::CaseAction::InstantApprove).await?;
        let reviewed = self.store.action_count(onewindow_domain::CaseAction::Approve).await?;
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        let now = self.now();
        let period = OverviewPeriod {
            first_day: self.store.first_case_at().await?.map(|t| onewindow_domain::time::local_day(t).to_string()),
            last_day: onewindow_domain::time::local_day(now).to_string(),
            counted_at: now.to_rfc3339(),
        };
        Ok(Overview {
            period,
            total: count(by_state.iter().map(|(_, n)| n).sum()),
            open: count(by_state.iter().filter(|(s, _)| s.is_open()).map(|(_, n)| n).sum()),
            overdue: count(loads.iter().map(|l| l.overdue).sum()),
            on_time_rate: (on_time.finished > 0).then(|| on_time.on_time as f64 / on_time.finished as f64),
            instant_approvals: count(instant),
            reviewed_approvals: count(reviewed),
            terminated: count(
                by_state.iter().filter(|(s, _)| *s == onewindow_domain::CaseState::Terminated).map(|(_, n)| n).sum(),
            ),
            by_state: by_state.into_iter().map(|(state, n)| StateCount { state, count: count(n) }).collect(),
            by_hall: loads
                .into_iter()
                .map(|l| HallLoad {
                    hall: HallRef { code: l.hall_code, name: l.hall_name },
                    total: count(l.total),
                    open: count(l.open),
                    overdue: count(l.overdue),
                })
                .collect(),
        })
    }

    pub async fn case_detail(&self, number: &str) -> Result<CaseDetail> {
        let number = number.trim();
        if number.is_empty() || number.len() > 40 || !number.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(AppError::invalid("number", "办件编号格式不正确"));
        }
        let row = self
            .store
            .case(number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        let events = self.store.case_events(number).await?;
        let bundle = match (&row.bundle_code, &row.bundle_lead) {
            (Some(code), Some(lead)) => {
                let catalog = self.catalog_at(row.catalog_version).await?;
                let members = self.store.bundle_cases(number).await?;
                Some(CaseBundleView {
                    code: code.clone(),
                    name: catalog.bundle(code).map(|b| b.name.clone()).unwrap_or_else(|| code.clone()),
                    lead: lead.clone(),
                    cases: members.iter().map(case_summary).collect(),
                })
            }
            _ => None,
        };
        Ok(CaseDetail {
            summary: case_summary(&row),
            applicant_kind: row.applicant_kind.as_str().to_string(),
            applicant_phone_masked: row.applicant_phone.as_deref().map(mask_phone).unwrap_or_default(),
            catalog_version: u32::try_from(row.catalog_version).unwrap_or(u32::MAX),
            events: events
                .into_iter()
                .map(|e| CaseEventView {
                    seq: u32::try_from(e.seq).unwrap_or(u32::MAX),
                    at: e.at.to_rfc3339(),
                    action: e.action,
                    from_state: e.from_state,
                    to_state: e.to_state,
                    actor: e.actor_name,
                    hall: HallRef { code: e.hall_code, name: e.hall_name },
                    window: e.window,
                    reason: e.reason,
                    detail: e.detail,
                })
                .collect(),
            bundle,
            chain: self.chain_view(number).await?,
        })
    }

    /// The numbers of the cases in `state`, soonest due first.
    pub async fn cases_in_state(&self, state: onewindow_domain::CaseState) -> Result<Vec<String>> {
        Ok(self.store.cases_in_state(state).await?.into_iter().map(|c| c.number).collect())
    }

    /// Every hall of the city, for choosing where results are collected.
    pub async fn hall_refs(&self) -> Result<Vec<HallRef>> {
        Ok(self.store.halls().await?.into_iter().map(|h| HallRef { code: h.code, name: h.name }).collect())
    }

    /// A staff member by username, for the CLI's operator commands.
    pub async fn user(&self, username: &str) -> Result<User> {
        self.store.user(username).await?.ok_or_else(|| AppError::invalid("user", format!("用户“{username}”不存在")))
    }

    /// Whether the database holds a catalog yet (the demo seeds one on first start).
    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self.store.current_catalog_version().await?.is_none())
    }

    /// Counts of what is stored, for operators.
    pub async fn case_count(&self) -> Result<i64> {
        Ok(self.store.case_count().await?)
    }
}

/// The courier desk's work is for dispatchers and the hall's supervisors; `refusal` says what was
/// refused.
pub(crate) fn may_see_dispatch(user: &User, refusal: &str) -> Result<()> {
    match user.role {
        Role::Dispatcher | Role::Supervisor | Role::Admin => Ok(()),
        _ => Err(AppError::Forbidden(refusal.into())),
    }
}

fn department_ref(d: &onewindow_domain::Department) -> DepartmentRef {
    DepartmentRef { code: d.code.clone(), name: d.name.clone() }
}

pub(crate) fn case_summary(row: &CaseRow) -> CaseSummary {
    CaseSummary {
        number: row.number.clone(),
        service_item_code: row.service_item_code.clone(),
        service_item_name: row.service_item_name.clone(),
        department: department_ref(&row.department),
        applicant_name: row.applicant_name.clone(),
        applicant_id_masked: mask_id(&row.applicant_id_number),
        hall: HallRef { code: row.hall_code.clone(), name: row.hall_name.clone() },
        state: row.state,
        accepted_at: row.accepted_at.map(|t| t.to_rfc3339()),
        due_date: row.due_date.map(|d| d.to_string()),
        shortfall_supplement_due: row.shortfall_supplement_due.map(|d| d.to_string()),
        claimed_by: row.claimed_by.clone(),
        claimed_by_username: row.claimed_by_username.clone(),
        delivery: row.delivery,
        shortfall_broken_on: row.shortfall_broken_on.map(|d| d.to_string()),
    }
}

/// Checks an identifier as typed: the normalised identifier, or what is wrong with it.
pub fn validate_identifier(
    kind: onewindow_domain::IdKind,
    value: &str,
    today: NaiveDate,
) -> std::result::Result<onewindow_domain::Identifier, onewindow_domain::IdError> {
    onewindow_domain::validate(kind, value, today)
}
