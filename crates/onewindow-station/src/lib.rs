//! A station's configuration and the one place a backend is chosen and opened. The application
//! layer knows only the `Store` trait; this crate knows the backends.
//!
//! The rule for where things live, the same for the desktop app and the CLI: the database is the
//! file given (`--db`), else `onewindow.db` in `$ONEWINDOW_DATA_DIR`, else in the user's data
//! directory; the station's data directory (scans, the inbox, the admin's calendar and printer
//! files) is the folder the database file is in. A relative path counts from the current
//! directory and is made absolute once, here.

pub mod logging;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use onewindow_app::{App, AppError, Result, SystemClock};
use onewindow_store_sqlite::SqliteStore;

/// Which database a station uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// The embedded database: one file, one hall.
    Sqlite(PathBuf),
}

/// Where the database is, as operators read it (a file path).
impl std::fmt::Display for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationConfig {
    pub data_dir: PathBuf,
    pub database: Database,
}

impl StationConfig {
    /// The configuration from an optional database file, by the rule above.
    pub fn resolve(db: Option<&Path>) -> Result<Self> {
        let file = match db {
            Some(path) => absolute(path)?,
            None => absolute(&default_data_dir()?)?.join("onewindow.db"),
        };
        let data_dir = file
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| AppError::DataDir(format!("“{}”不是数据库文件的路径", file.display())))?;
        Ok(StationConfig { data_dir, database: Database::Sqlite(file) })
    }
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
pub async fn open(config: &StationConfig) -> Result<App> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| AppError::DataDir(format!("无法创建 {}：{e}", config.data_dir.display())))?;
    let store = match &config.database {
        Database::Sqlite(path) => {
            tracing::info!(database = %path.display(), "opening the embedded database");
            SqliteStore::open(path).await?
        }
    };
    let station = gethostname::gethostname().to_string_lossy().into_owned();
    Ok(App::at_station(Arc::new(store), Arc::new(SystemClock), config.data_dir.clone()).on_station(station))
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
