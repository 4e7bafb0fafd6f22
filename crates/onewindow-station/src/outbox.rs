//! Intake that survives a network cut. A registered city station (`station connect --user ADMIN`)
//! has a role of its own and a secret in the OS keyring (`secret.rs`); with them it keeps an
//! encrypted outbox, `outbox.db` in its data directory, a store of the hall's schema of its own:
//!
//! - while online, each clerk's sign-in brings the outbox up to date: the city's current catalog,
//!   the halls, the clerk (with a hash of the password just accepted, so that the same clerk can
//!   sign in at this station while the city cannot be reached), and a block of the hall's case
//!   numbers for the day leased by the station's role when fewer than [`LEASE_LOW`] are left;
//! - while the city cannot be reached, the clerk signs in to the outbox and takes intakes there, by
//!   the same application code; the outbox numbers them from the leased blocks only (so numbers
//!   stay city-unique) and refuses an intake once they are used up;
//! - when the city is back, [`hand_in`] sends each intake, in number (intake) order, through the
//!   station role's one hand-in function, under an idempotency key written before the first try:
//!   a hand-in whose answer was lost is recognised by the city and taken once. A conflict (the
//!   clerk's account disabled meanwhile, say) is kept in the outbox and shown, never dropped.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use onewindow_app::{hash_password, App, AppError, Result, SystemClock};
use onewindow_domain::time::local_day;
use onewindow_domain::User;
use onewindow_store::history::CaseImport;
use onewindow_store::{CatalogStore, HallStore};
use onewindow_store_postgres::PgStore;
use onewindow_store_sqlite::SqliteStore;
use serde::Serialize;

use crate::secret::{self, StationSecret};
use crate::{CityStation, StationConfig};

pub const OUTBOX_FILE: &str = "outbox.db";
/// Numbers leased at a time, and the stock below which a sign-in leases more: a busy window
/// takes about a hundred intakes a day.
pub const LEASE_BLOCK: i32 = 50;
pub const LEASE_LOW: i64 = 20;

/// What the station's header shows: whether it works offline, and what waits to be handed in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OutboxStatus {
    /// Intakes not yet taken by the city (those in conflict included).
    pub pending: u64,
    /// Case numbers leased for today and not used yet.
    pub numbers_left: i64,
    pub conflicts: Vec<HandInConflict>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandInConflict {
    pub case: String,
    pub reason: String,
}

/// What one [`hand_in`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HandInReport {
    /// Taken by the city now.
    pub handed_in: Vec<String>,
    /// Taken by an earlier try whose answer was lost: recognised by their keys, not taken twice.
    pub already: Vec<String>,
    pub conflicts: Vec<HandInConflict>,
}

/// The station's registration, for an outbox: its name in `station.toml`, its secret in the keyring.
fn registered(config: &StationConfig) -> Option<(&CityStation, &str)> {
    let city = config.city.as_ref()?;
    Some((city, city.station.as_deref()?))
}

fn outbox_path(data_dir: &Path) -> PathBuf {
    data_dir.join(OUTBOX_FILE)
}

async fn secret_of(name: &str) -> Result<StationSecret> {
    secret::load(name).await?.ok_or_else(|| {
        AppError::Keyring(format!("系统钥匙串中没有本站（{name}）的密钥，请管理员重新执行 station connect"))
    })
}

/// The city database as the station's own role (leases and hand-ins only).
async fn as_station(station: &CityStation, secret: &StationSecret) -> Result<PgStore> {
    PgStore::sign_in(&station.database, &secret.role, &secret.password, 1)
        .await?
        .ok_or_else(|| AppError::Forbidden("城市数据库不认本站的密钥，请管理员重新执行 station connect".into()))
}

/// The city database as this station's role; None for a station not registered.
pub(crate) async fn station_role(config: &StationConfig) -> Result<Option<PgStore>> {
    let Some((station, name)) = registered(config) else { return Ok(None) };
    as_station(station, &secret_of(name).await?).await.map(Some)
}

async fn open_outbox(data_dir: &Path, secret: &StationSecret) -> Result<SqliteStore> {
    Ok(SqliteStore::open_encrypted(&outbox_path(data_dir), &secret.outbox_key).await?)
}

/// Registers this station with the city as `name` (an admin signed in as `admin`), puts its new
/// secret in the keyring and records the name in `station.toml`: from then on the station can
/// take intakes offline. Registering again gives the station's role a new password and keeps the
/// outbox's key.
pub async fn register(data_dir: &Path, city: &CityStation, name: &str, admin: &crate::SignIn) -> Result<()> {
    // The city's own rule for a station's role name (migration 0007), told before anything is asked of it.
    if !onewindow_app::is_role_name(name) {
        return Err(AppError::invalid("name", "站点名须为3到63位小写字母、数字或下划线，以字母开头"));
    }
    let Some(store) = PgStore::sign_in(&city.database, &admin.username, &admin.password, 1).await? else {
        return Err(AppError::CityPasswordRefused { remaining: None });
    };
    let mut secret = StationSecret::generate(name);
    // Registered again: a new password, the same outbox key, or the intakes waiting in the outbox
    // could no longer be read.
    if let Some(old) = secret::load(name).await? {
        secret.outbox_key = old.outbox_key;
    }
    // The keyring first: a secret the city never took is overwritten by the next try, while a
    // role whose password is nowhere would lock the station out.
    secret::save(name, &secret).await?;
    store.register_station(name, &city.hall, city.window.as_deref(), &secret.password).await.map_err(|e| match e {
        onewindow_store::StoreError::InvalidReference(why) => AppError::Forbidden(format!(
            "城市数据库拒绝登记本站：{why}（需管理员账号；站点名只用小写字母、数字和下划线）"
        )),
        other => other.into(),
    })?;
    crate::write_city(data_dir, &CityStation { station: Some(name.to_string()), ..city.clone() })
}

/// After `user` signed in to the city at this station with `password`: brings the outbox up to
/// date from `city` (the user's own session) and tops up the leased numbers. Nothing to do for a
/// station not registered, or a user who takes no intakes.
pub async fn refresh(config: &StationConfig, city: &App, user: &User, password: &str) -> Result<Option<OutboxStatus>> {
    let Some((station, name)) = registered(config) else { return Ok(None) };
    if user.role != onewindow_domain::Role::WindowClerk {
        return Ok(None);
    }
    let secret = secret_of(name).await?;
    let outbox = open_outbox(&config.data_dir, &secret).await?;
    let city_store = city.store();
    if let Some(version) = city_store.current_catalog_version().await? {
        if outbox.outbox_catalog(version).await?.is_none() {
            let catalog = city_store.catalog(version).await?;
            let local = outbox.import_catalog(&catalog, &format!("city catalog version {version}"), Utc::now()).await?;
            outbox.record_outbox_catalog(local, version).await?;
        }
    }
    outbox.save_halls(&city_store.halls().await?).await?;
    outbox.save_user(user, &hash_password(password)).await?;

    let today = local_day(Utc::now());
    if outbox.leased_numbers_left(&station.hall, today).await? < LEASE_LOW {
        let role = as_station(station, &secret).await?;
        let lease = role.lease_numbers(today, LEASE_BLOCK).await?;
        outbox.record_lease(&station.hall, lease.day, lease.first, lease.last, Utc::now()).await?;
        tracing::info!(first = lease.first, last = lease.last, day = %lease.day, "leased case numbers for offline intake");
    }
    status_of(&outbox, &station.hall).await.map(Some)
}

/// Signs `username` in at this station while the city cannot be reached: against the outbox,
/// where their last sign-in here left a hash of their password (with the hall's lock-out after
/// repeated failures). Returns the application on the outbox.
pub async fn sign_in_offline(config: &StationConfig, username: &str, password: &str) -> Result<(App, User)> {
    let Some((_, name)) = registered(config) else {
        return Err(AppError::Unreachable);
    };
    let secret = secret_of(name).await?;
    let outbox = open_outbox(&config.data_dir, &secret).await?;
    let app = App::at_station(Arc::new(outbox), Arc::new(SystemClock), config.data_dir.clone());
    let user = app.login(username, password).await.map_err(|e| match e {
        // Nobody of that name signed in here while online: the outbox cannot know them.
        AppError::WrongCredentials { .. } | AppError::NotFound(_) => {
            AppError::Forbidden(format!("城市数据库暂时无法连接，离线只能由曾在本站联网登录过的工作人员登录（{e}）"))
        }
        other => other,
    })?;
    Ok((app, user))
}

/// The outbox's application for `user`, who signed in to the city at this station in this
/// session and whose line was cut since: the window goes on offline without a new sign-in. None
/// when the station is not registered or the outbox does not know the user.
pub async fn take_over(config: &StationConfig, user: &User) -> Result<Option<App>> {
    let Some((_, name)) = registered(config) else { return Ok(None) };
    if !outbox_path(&config.data_dir).exists() {
        return Ok(None);
    }
    let outbox = open_outbox(&config.data_dir, &secret_of(name).await?).await?;
    if outbox.user(&user.username).await?.as_ref() != Some(user) {
        return Ok(None);
    }
    Ok(Some(App::at_station(Arc::new(outbox), Arc::new(SystemClock), config.data_dir.clone())))
}

/// What waits in the outbox; None for a station not registered for offline intake.
pub async fn status(config: &StationConfig) -> Result<Option<OutboxStatus>> {
    let Some((station, name)) = registered(config) else { return Ok(None) };
    if !outbox_path(&config.data_dir).exists() {
        return Ok(Some(OutboxStatus::default()));
    }
    let outbox = open_outbox(&config.data_dir, &secret_of(name).await?).await?;
    status_of(&outbox, &station.hall).await.map(Some)
}

async fn status_of(outbox: &SqliteStore, hall: &str) -> Result<OutboxStatus> {
    let pending = outbox.pending_hand_ins().await?;
    Ok(OutboxStatus {
        pending: pending.len() as u64,
        numbers_left: outbox.leased_numbers_left(hall, local_day(Utc::now())).await?,
        conflicts: pending
            .into_iter()
            .filter_map(|p| Some(HandInConflict { reason: p.conflict?, case: p.case_number }))
            .collect(),
    })
}

/// Hands in every intake the outbox holds that the city has not taken, in intake order, as the
/// station's role. Stops at the first that cannot be sent (the city gone again): what was taken
/// stays recorded, the rest waits for the next try.
pub async fn hand_in(config: &StationConfig) -> Result<HandInReport> {
    let Some((station, name)) = registered(config) else {
        return Err(AppError::Forbidden("本站未登记离线受理（station connect --user 管理员）".into()));
    };
    let mut report = HandInReport::default();
    if !outbox_path(&config.data_dir).exists() {
        return Ok(report);
    }
    let secret = secret_of(name).await?;
    let outbox = open_outbox(&config.data_dir, &secret).await?;
    let pending = outbox.pending_hand_ins().await?;
    if pending.is_empty() {
        return Ok(report);
    }
    let role = as_station(station, &secret).await?;
    let mut after: Option<String> = None;
    let mut pending = pending.into_iter().peekable();
    while pending.peek().is_some() {
        let page = outbox.export_history(after.as_deref(), 200).await?;
        let Some(last) = page.cases.last() else { break };
        after = Some(last.case.number.clone());
        for case in &page.cases {
            let Some(next) = pending.next_if(|p| p.case_number == case.case.number) else { continue };
            let city_version = outbox.city_catalog(case.case.catalog_version).await?.ok_or_else(|| {
                AppError::Conflict(format!("本地待同步库中办件{}的事项目录版本不是城市的", next.case_number))
            })?;
            let key = outbox.hand_in_key(&next.case_number, &new_intake_key(), Utc::now()).await?;
            match role.hand_in(&key, case, city_version).await? {
                CaseImport::Copied { .. } => {
                    outbox.record_hand_in(&next.case_number, None, Utc::now()).await?;
                    report.handed_in.push(next.case_number);
                }
                CaseImport::Present => {
                    outbox.record_hand_in(&next.case_number, None, Utc::now()).await?;
                    report.already.push(next.case_number);
                }
                CaseImport::Conflict(reason) => {
                    outbox.record_hand_in(&next.case_number, Some(&reason), Utc::now()).await?;
                    report.conflicts.push(HandInConflict { case: next.case_number, reason });
                }
            }
        }
    }
    Ok(report)
}

/// A fresh idempotency key: 128 random bits, hex.
fn new_intake_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
