//! The workstation's scan inbox, watched for as long as the app runs: each complete file is
//! ingested and the outcome is sent to the window as a `scan-ingested` event, so the clerk's
//! inbox updates live.

use onewindow_app::scans::WatchConfig;
use onewindow_app::views::IngestView;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

pub const INGESTED: &str = "scan-ingested";

pub fn watch(handle: AppHandle) {
    std::thread::spawn(move || {
        let state = handle.state::<AppState>();
        let inbox = match state.app.inbox_dir() {
            Ok(dir) => dir,
            Err(e) => return tracing::error!(error = %e, "no scan inbox"),
        };
        let (_watcher, ready) = match state.app.watch_inbox(WatchConfig::new(&inbox)) {
            Ok(started) => started,
            Err(e) => return tracing::error!(error = %e, "scan inbox not watched"),
        };
        tracing::info!(inbox = %inbox.display(), "watching the scan inbox");
        for file in ready {
            match tauri::async_runtime::block_on(state.app.ingest_scan(&file.path)) {
                Ok(outcome) => {
                    let _ = handle.emit(INGESTED, IngestView::from(outcome));
                }
                Err(e) => tracing::warn!(error = %e, file = %file.path.display(), "scan not ingested"),
            }
        }
    });
}
