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
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!("t{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let mut admin = PgConnection::connect(cluster_url()).await.expect("the cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create database");
    cluster_url().replacen("/postgres?", &format!("/{name}?"), 1)
}
