//! The workstation's scan inbox, watched for as long as the app runs: each complete file is
//! ingested and the outcome is sent to the window as a `scan-ingested` event, so the clerk's
//! inbox updates live. A city station has no database session until someone signs in, so its
//! files wait in the inbox (none is lost) until then.

use std::sync::Arc;
use std::time::Duration;

use onewindow_app::scans::WatchConfig;
use onewindow_app::views::IngestView;
use onewindow_app::App;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

pub const INGESTED: &str = "scan-ingested";

pub fn watch(handle: AppHandle) {
    std::thread::spawn(move || {
        let state = handle.state::<AppState>();
        let inbox = match signed_in_app(&state).inbox_dir() {
            Ok(dir) => dir,
            Err(e) => return tracing::error!(error = %e, "no scan inbox"),
        };
        let (_watcher, ready) = match signed_in_app(&state).watch_inbox(WatchConfig::new(&inbox)) {
            Ok(started) => started,
            Err(e) => return tracing::error!(error = %e, "scan inbox not watched"),
        };
        tracing::info!(inbox = %inbox.display(), "watching the scan inbox");
        for file in ready {
            match tauri::async_runtime::block_on(signed_in_app(&state).ingest_scan(&file.path)) {
                Ok(outcome) => {
                    let _ = handle.emit(INGESTED, IngestView::from(outcome));
                }
                Err(e) => tracing::warn!(error = %e, file = %file.path.display(), "scan not ingested"),
            }
        }
    });
}

/// The application to ingest with, waiting while a city station has nobody signed in.
fn signed_in_app(state: &AppState) -> Arc<App> {
    loop {
        match state.app() {
            Ok(app) => return app,
            Err(_) => std::thread::sleep(Duration::from_millis(500)),
        }
    }
}
