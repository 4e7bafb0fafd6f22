use onewindow_app::AppError;
use onewindow_domain::{Role, User};
use onewindow_station::{outbox, CityStation, SignIn, StationConfig};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::ipc::IpcResult;
use crate::state::{AppState, Station};

/// What the header shows of the station: a city station working offline, and its outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StationStatusView {
    /// A city-wide station (a hall's own file has no outbox).
    pub city: bool,
    /// Registered for offline intake (a role and a secret of its own).
    pub registered: bool,
    /// This session works on the offline outbox: the city database cannot be reached.
    pub offline: bool,
    /// Intakes taken offline and not yet taken by the city.
    pub pending: u32,
    /// Case numbers leased for today and not used yet.
    pub numbers_left: i32,
    pub conflicts: Vec<HandInConflictView>,
}

/// An offline intake the city did not take, and why: shown to the clerk, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HandInConflictView {
    pub case: String,
    pub reason: String,
}

#[tauri::command]
pub async fn station_status(state: State<'_, AppState>) -> IpcResult<StationStatusView> {
    let Station::City(config) = state.station() else {
        return Ok(StationStatusView {
            city: false,
            registered: false,
            offline: false,
            pending: 0,
            numbers_left: 0,
            conflicts: Vec::new(),
        });
    };
    let status = outbox::status(config).await?;
    let registered = status.is_some();
    let status = status.unwrap_or_default();
    Ok(StationStatusView {
        city: true,
        registered,
        offline: state.offline(),
        pending: u32::try_from(status.pending).unwrap_or(u32::MAX),
        numbers_left: i32::try_from(status.numbers_left).unwrap_or(i32::MAX),
        conflicts: status
            .conflicts
            .into_iter()
            .map(|c| HandInConflictView { case: c.case, reason: c.reason })
            .collect(),
    })
}

/// The station's configuration as the settings screen (本站设置) shows it: never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StationSettingsView {
    /// A city-wide station; else a hall's own embedded database.
    pub city: bool,
    /// The embedded database's file, or the city database's address.
    pub database: String,
    pub data_dir: String,
    /// The hall and window a city station was connected for.
    pub hall_code: Option<String>,
    pub window: Option<String>,
    /// The station's name with the city, once registered for offline intake.
    pub station: Option<String>,
    /// The name registering gives by default.
    pub suggested_station: Option<String>,
    /// `station.toml` now says otherwise than this run started with: the change counts from the
    /// next start.
    pub restart_needed: bool,
}

fn settings_view(state: &AppState) -> Result<StationSettingsView, AppError> {
    let config = state.config();
    let on_disk = StationConfig::resolve(None)?;
    let city = config.city.as_ref();
    Ok(StationSettingsView {
        city: city.is_some(),
        database: config.database.to_string(),
        data_dir: config.data_dir.display().to_string(),
        hall_code: city.map(|c| c.hall.clone()),
        window: city.and_then(|c| c.window.clone()),
        station: city.and_then(|c| c.station.clone()),
        suggested_station: city.map(|c| onewindow_station::default_station_name(&c.hall)),
        restart_needed: on_disk.city != config.city || on_disk.database != config.database,
    })
}

/// The signed-in admin, while the city (where there is one) can be reached.
fn online_admin(state: &AppState, refusal: &str) -> Result<User, AppError> {
    let user = state.user()?;
    if user.role != Role::Admin {
        return Err(AppError::Forbidden(refusal.into()));
    }
    if state.offline() {
        return Err(AppError::Unreachable);
    }
    Ok(user)
}

#[tauri::command]
pub async fn station_settings(state: State<'_, AppState>) -> IpcResult<StationSettingsView> {
    state.user()?;
    Ok(settings_view(&state)?)
}

/// Points this station at the city database for a hall and window (`station connect`), after
/// checking that the database answers and knows them. From the next start on, sign-in is the
/// city's.
#[tauri::command]
pub async fn connect_station(
    state: State<'_, AppState>,
    url: String,
    hall: String,
    window: Option<String>,
) -> IpcResult<StationSettingsView> {
    online_admin(&state, "只有管理员可以更改本站设置")?;
    let hall = hall.trim().to_string();
    if hall.is_empty() {
        return Err(AppError::invalid("hall", "请输入本站所在大厅的代码").into());
    }
    let window = window.map(|w| w.trim().to_string()).filter(|w| !w.is_empty());
    let city = CityStation { database: url.trim().to_string(), hall, window, station: None };
    onewindow_station::connect(&state.config().data_dir, &city).await?;
    tracing::info!(database = %city.database, hall = %city.hall, "station connected to the city from the settings screen");
    Ok(settings_view(&state)?)
}

/// Registers this city station for offline intake (`station connect --user ADMIN`): the admin
/// types their own password again, since the city takes the registration from them alone.
#[tauri::command]
pub async fn register_station(
    state: State<'_, AppState>,
    name: String,
    password: String,
) -> IpcResult<StationSettingsView> {
    let admin = online_admin(&state, "只有管理员可以登记本站离线受理")?;
    let Some(city) = state.config().city.as_ref() else {
        return Err(AppError::Forbidden("本站未连接城市数据库，无需登记离线受理".into()).into());
    };
    if password.is_empty() {
        return Err(AppError::invalid("password", "请输入您的密码").into());
    }
    let name = name.trim().to_string();
    let sign_in = SignIn { username: admin.username.clone(), password };
    outbox::register(&state.config().data_dir, city, &name, &sign_in).await?;
    tracing::info!(station = %name, admin = %admin.username, "station registered for offline intake from the settings screen");
    Ok(settings_view(&state)?)
}

/// Starts the app again, for a changed configuration to count: everyone is signed out.
#[tauri::command]
pub async fn restart_app(handle: AppHandle, state: State<'_, AppState>) -> IpcResult<()> {
    let user = state.user()?;
    if user.role != Role::Admin {
        return Err(AppError::Forbidden("只有管理员可以重新启动应用".into()).into());
    }
    tracing::info!(admin = %user.username, "restarting for a changed station configuration");
    handle.restart()
}
