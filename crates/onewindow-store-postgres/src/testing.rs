//! A real PostgreSQL for tests (feature `testing`): the throwaway cluster `./x test` starts
//! (`ONEWINDOW_TEST_POSTGRES`, the URL of its `postgres` database as the owner), or else one
//! started here with `tests/postgres/cluster` in the temp directory and left running for the
//! next run (the server runs as `postgres`, which cannot enter root's target directory). Every
//! caller gets a database of its own, empty.

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use sqlx::{Connection, PgConnection};

/// The URL of the cluster's `postgres` database, as its owner.
pub fn cluster_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("ONEWINDOW_TEST_POSTGRES") {
            return url;
        }
        let dir = std::env::temp_dir().join("onewindow-test-postgres");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/postgres/cluster");
        let out = Command::new(script).arg("start").arg(&dir).output().expect("tests/postgres/cluster runs");
        assert!(out.status.success(), "starting the test cluster failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("a URL").trim().to_string()
    })
}

/// A new, empty database on the cluster; its URL, as the owner.
pub async fn fresh_database() -> String {
    // The migrations make the cluster's roles (`onewindow_staff`, `onewindow_station`) when they
    // are missing: on a new cluster, the first tests' databases migrated at once raced to make
    // them and all but one failed ("already exists"). One database is migrated alone first.
    static ROLES_MADE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    ROLES_MADE
        .get_or_init(|| async {
            crate::PgStore::open(&new_database().await).await.expect("the cluster's roles are made");
        })
        .await;
    new_database().await
}

async fn new_database() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!("t{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let mut admin = PgConnection::connect(cluster_url()).await.expect("the cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create database");
    cluster_url().replacen("/postgres?", &format!("/{name}?"), 1)
}

/// A cluster of one test's own, for a test that stops and starts the server (a network cut)
/// without touching the one every other test shares. Stopped and removed when dropped.
pub struct OwnCluster {
    dir: std::path::PathBuf,
}

impl OwnCluster {
    pub fn start(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("onewindow-own-{name}-{}", std::process::id()));
        let cluster = OwnCluster { dir };
        cluster.run("start");
        cluster
    }

    fn run(&self, command: &str) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/postgres/cluster");
        let out = Command::new(script).arg(command).arg(&self.dir).output().expect("tests/postgres/cluster runs");
        assert!(out.status.success(), "cluster {command} failed: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Stops the server (fast: open sessions are cut, as by a broken line).
    pub fn stop(&self) {
        self.run("stop");
    }

    pub fn restart(&self) {
        self.run("start");
    }

    /// The Unix socket's directory.
    pub fn host(&self) -> String {
        self.dir.display().to_string()
    }

    /// A new, empty database `name`; its URL as the owner.
    pub async fn database(&self, name: &str) -> String {
        let host = self.host();
        let mut admin = PgConnection::connect(&format!("postgres://ow@localhost/postgres?host={host}"))
            .await
            .expect("the cluster answers");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create database");
        format!("postgres://ow@localhost/{name}?host={host}")
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/postgres/cluster");
        let _ = Command::new(script).arg("stop").arg(&self.dir).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
