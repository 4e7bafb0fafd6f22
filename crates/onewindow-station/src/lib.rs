//! A station's configuration and the one place a backend is chosen and opened. The application
//! layer knows only the `Store` trait; this crate knows the backends.
//!
//! The rule for where things live, the same for the desktop app and the CLI: the database is the
//! file given (`--db`), else `onewindow.db` in `$ONEWINDOW_DATA_DIR`, else in the user's data
//! directory; the station's data directory (scans, the inbox, the admin's calendar and printer
//! files) is the folder the database file is in. A relative path counts from the current
//! directory and is made absolute once, here.
//!
//! A station of the city-wide mode is one whose data directory holds a `station.toml` naming the
//! city's PostgreSQL database and the station's hall and window (`onewindow station connect`).
//! Without `--db`, that database is used instead of the file. The file holds no secret.

pub mod copy;
pub mod logging;
pub mod outbox;
pub mod secret;
mod throttle;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use onewindow_app::{App, AppError, Result, SeedReport, SystemClock};
use onewindow_domain::signin::AttemptKind;
use onewindow_domain::User;
use onewindow_store_postgres::PgStore;
use onewindow_store_sqlite::SqliteStore;
use serde::{Deserialize, Serialize};

/// Which database a station uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// The embedded database: one file, one hall.
    Sqlite(PathBuf),
    /// The city's shared database, by its URL (which never carries a password).
    Postgres(String),
}

/// Where the database is, as operators read it (a file path or the city database's URL).
impl std::fmt::Display for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => write!(f, "{url}"),
        }
    }
}

/// What `station.toml` records of a city-wide station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityStation {
    /// `postgres://HOST/DB`, without user or password: each clerk signs in as themselves.
    pub database: String,
    pub hall: String,
    pub window: Option<String>,
    /// The station's own role, once an admin registered it for offline intake (its secret is in
    /// the OS keyring, never here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
}

pub const STATION_FILE: &str = "station.toml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationConfig {
    pub data_dir: PathBuf,
    pub database: Database,
    /// The hall and window this station was connected for, in the city-wide mode.
    pub city: Option<CityStation>,
    /// Who signs in to the city database for this run (the CLI's `--user` with its password);
    /// None: the database URL's own user.
    pub sign_in: Option<SignIn>,
}

/// A username and the password typed for it, held in memory for one run only.
#[derive(Clone, PartialEq, Eq)]
pub struct SignIn {
    pub username: String,
    pub password: String,
}

/// Never the password, wherever a configuration is logged.
impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn").field("username", &self.username).finish_non_exhaustive()
    }
}

impl StationConfig {
    /// The configuration from an optional database file, by the rule above.
    pub fn resolve(db: Option<&Path>) -> Result<Self> {
        let file = match db {
            // An operator's or a script's one-off run against the city database (`--db postgres://…`).
            Some(url) if url.to_str().is_some_and(is_postgres_url) => {
                let url = url.to_string_lossy().into_owned();
                return Ok(StationConfig {
                    data_dir: absolute(&default_data_dir()?)?,
                    database: Database::Postgres(url),
                    city: None,
                    sign_in: None,
                });
            }
            Some(path) => absolute(path)?,
            None => {
                let data_dir = absolute(&default_data_dir()?)?;
                if let Some(city) = read_city(&data_dir)? {
                    return Ok(StationConfig {
                        database: Database::Postgres(city.database.clone()),
                        data_dir,
                        city: Some(city),
                        sign_in: None,
                    });
                }
                data_dir.join("onewindow.db")
            }
        };
        let data_dir = file
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| AppError::DataDir(format!("“{}”不是数据库文件的路径", file.display())))?;
        Ok(StationConfig { data_dir, database: Database::Sqlite(file), city: None, sign_in: None })
    }
}

fn read_city(data_dir: &Path) -> Result<Option<CityStation>> {
    let path = data_dir.join(STATION_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(AppError::DataDir(format!("无法读取 {}：{e}", path.display()))),
    };
    toml::from_str(&text).map(Some).map_err(|e| AppError::DataDir(format!("{} 格式不正确：{e}", path.display())))
}

fn is_postgres_url(url: &str) -> bool {
    postgres_rest(url).is_some()
}

/// The URL after its scheme, for a PostgreSQL URL.
fn postgres_rest(url: &str) -> Option<&str> {
    url.strip_prefix("postgres://").or_else(|| url.strip_prefix("postgresql://"))
}

/// Checks a city database URL as `station connect` is given it: PostgreSQL, a host and a
/// database, and no user or password (a password in a file or on a command line is readable by
/// anyone at the window).
fn check_city_url(url: &str) -> std::result::Result<(), String> {
    let rest = postgres_rest(url).ok_or_else(|| format!("“{url}”不是 PostgreSQL 地址（应以 postgres:// 开头）"))?;
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let query = rest.split_once('?').map(|(_, q)| q).unwrap_or("");
    if authority.contains('@') || query.split('&').any(|p| p.starts_with("password=")) {
        return Err("地址中不能写用户名或密码：每位工作人员以自己的账号登录".into());
    }
    let database = rest.split_once('/').map(|(_, db)| db.split('?').next().unwrap_or("")).unwrap_or("");
    if database.is_empty() {
        return Err(format!("“{url}”没有写数据库名（如 postgres://db.example/onewindow）"));
    }
    Ok(())
}

/// Records the city-wide configuration in the station's data directory, after checking that the
/// database answers and knows the hall (and its window): a station is never pointed at a database
/// it cannot use.
pub async fn connect(data_dir: &Path, city: &CityStation) -> Result<()> {
    check_city_url(&city.database).map_err(|message| AppError::invalid("url", message))?;
    let store = PgStore::attach(&city.database, 1).await?;
    let app = App::at_station(Arc::new(store), Arc::new(SystemClock), data_dir.to_path_buf());
    app.check_station_place(&city.hall, city.window.as_deref()).await?;
    write_city(data_dir, city)
}

fn write_city(data_dir: &Path, city: &CityStation) -> Result<()> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| AppError::DataDir(format!("无法创建 {}：{e}", data_dir.display())))?;
    let text = toml::to_string(city).expect("plain data serialises");
    let path = data_dir.join(STATION_FILE);
    std::fs::write(&path, text).map_err(|e| AppError::DataDir(format!("无法写入 {}：{e}", path.display())))
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| AppError::DataDir(format!("无法确定 {} 的位置：{e}", path.display())))
}

fn default_data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("ONEWINDOW_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("cn.gov", "jiangmen", "onewindow")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| AppError::DataDir("找不到用户数据目录，请设置 ONEWINDOW_DATA_DIR".into()))
}

/// Opens (creating and migrating where needed) the station's database and the application on it.
/// With a member of staff's sign-in for the city, theirs is the session, throttled as every city
/// sign-in is ([`throttle`]).
pub async fn open(config: &StationConfig) -> Result<App> {
    open_for(config, AttemptKind::SignIn).await
}

async fn open_for(config: &StationConfig, kind: AttemptKind) -> Result<App> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| AppError::DataDir(format!("无法创建 {}：{e}", config.data_dir.display())))?;
    let at_station =
        |store| App::at_station(store, Arc::new(SystemClock), config.data_dir.clone()).on_station(host_name());
    match &config.database {
        Database::Sqlite(path) => {
            tracing::info!(database = %path.display(), "opening the embedded database");
            Ok(at_station(Arc::new(SqliteStore::open(path).await?)))
        }
        Database::Postgres(url) => match &config.sign_in {
            Some(who) => {
                tracing::info!(database = %url, username = %who.username, "signing in to the city database");
                let gate = throttle::Gate::of(config).await?;
                if let Some(gate) = &gate {
                    gate.check(&who.username, kind).await?;
                }
                let Some(store) = PgStore::sign_in(url, &who.username, &who.password, 4).await? else {
                    return Err(match &gate {
                        Some(gate) => gate.failed(&who.username, kind).await?,
                        None => AppError::CityPasswordRefused { remaining: None },
                    });
                };
                let app = at_station(Arc::new(store));
                if let Err(e) = app.record_city_sign_in(&who.username, kind).await {
                    tracing::warn!(username = %who.username, error = %e, "a city sign-in was not recorded");
                }
                Ok(app)
            }
            None => {
                tracing::info!(database = %url, "connecting to the city database");
                Ok(at_station(Arc::new(PgStore::open(url).await?)))
            }
        },
    }
}

/// In the city-wide mode, signs `username` in to the city database as their own login role and
/// opens the application on that session: the database's row-level security decides what they
/// see and change, not the station.
pub async fn sign_in(config: &StationConfig, username: &str, password: &str) -> Result<(App, User)> {
    sign_in_for(config, username, password, AttemptKind::SignIn).await
}

/// [`sign_in`] for a sign-in or for unlocking the screen: each is counted as what it is.
async fn sign_in_for(config: &StationConfig, username: &str, password: &str, kind: AttemptKind) -> Result<(App, User)> {
    if !matches!(config.database, Database::Postgres(_)) {
        return Err(AppError::DataDir("本站点使用本地数据库，不需要登录城市数据库".into()));
    }
    let username = username.trim();
    if username.is_empty() {
        return Err(AppError::invalid("username", "请输入用户名"));
    }
    if password.is_empty() {
        return Err(AppError::invalid("password", "请输入密码"));
    }
    let who = SignIn { username: username.into(), password: password.into() };
    let app = open_for(&StationConfig { sign_in: Some(who), ..config.clone() }, kind).await?;
    let user = app.user(username).await?;
    Ok((app, user))
}

/// A member of staff signed in at a city station: on the city's database, or on the station's
/// offline outbox while the city cannot be reached.
pub struct Session {
    pub app: App,
    pub user: User,
    pub offline: bool,
}

/// Signs `username` in at a city station: to the city as their own role, bringing the offline
/// outbox up to date on the way (a failure there is logged, not in the way of the sign-in); or,
/// when the city cannot be reached and the station is registered for it, to the outbox, to take
/// intakes offline.
pub async fn sign_in_anywhere(config: &StationConfig, username: &str, password: &str) -> Result<Session> {
    anywhere(config, username, password, AttemptKind::SignIn).await
}

/// The signed-in user's password typed again at the locked screen of a city station: checked as
/// [`sign_in_anywhere`] checks it, and counted as an unlock.
pub async fn unlock_anywhere(config: &StationConfig, username: &str, password: &str) -> Result<Session> {
    anywhere(config, username, password, AttemptKind::Unlock).await
}

async fn anywhere(config: &StationConfig, username: &str, password: &str, kind: AttemptKind) -> Result<Session> {
    match sign_in_for(config, username, password, kind).await {
        Ok((app, user)) => {
            if let Err(e) = outbox::refresh(config, &app, &user, password).await {
                tracing::warn!(error = %e, "the offline outbox was not brought up to date");
            }
            Ok(Session { app, user, offline: false })
        }
        Err(AppError::Unreachable) if config.city.as_ref().is_some_and(|c| c.station.is_some()) => {
            tracing::warn!(username, "the city database cannot be reached: signing in to the offline outbox");
            let (app, user) = outbox::sign_in_offline(config, username.trim(), password).await?;
            Ok(Session { app, user, offline: true })
        }
        Err(e) => Err(e),
    }
}

/// The name a station registers under by default: its hall and host, as a role name may be spelt.
pub fn default_station_name(hall: &str) -> String {
    let host: String =
        host_name().to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let mut name = format!("station_{}_{host}", hall.to_lowercase());
    name.truncate(63);
    name
}

/// Seeds the demo into an empty database (one with data is left alone). On a city database
/// seeded as its owner, every demo user also gets a login role with the demo password, so the
/// desktop's sign-in (each user as their own role) works on the demo city too.
pub async fn seed_demo(config: &StationConfig, scans: bool) -> Result<SeedReport> {
    let app = open(config).await?;
    let report = app.seed_demo_with(scans).await?;
    if let (Database::Postgres(url), None) = (&config.database, &config.sign_in) {
        let owner = PgStore::attach(url, 1).await?;
        for u in onewindow_demo::demo().users {
            owner.set_login(&u.user.username, &u.password).await?;
        }
    }
    Ok(report)
}

fn host_name() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_database_path_gives_an_absolute_data_directory() {
        let config = StationConfig::resolve(Some(Path::new("ow.db"))).unwrap();
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(config.database, Database::Sqlite(cwd.join("ow.db")));
        assert_eq!(config.data_dir, cwd);
        let nested = StationConfig::resolve(Some(Path::new("hall/ow.db"))).unwrap();
        assert_eq!(nested.data_dir, cwd.join("hall"));
    }

    #[tokio::test]
    async fn opening_creates_the_data_directory_and_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let config = StationConfig::resolve(Some(&dir.path().join("new/hall.db"))).unwrap();
        let app = open(&config).await.unwrap();
        assert!(app.is_empty().await.unwrap());
        assert_eq!(app.data_dir(), Some(dir.path().join("new").as_path()));
        assert!(dir.path().join("new/hall.db").exists());
    }
}
