//! A city station's offline outbox, handed in on its own: every [`EVERY`], while it holds intakes
//! the city has not taken, the station's role tries (`onewindow_station::outbox::hand_in`), and
//! the window is told (`outbox-changed`) when anything was taken or the conflicts changed, so the
//! header's 离线 / N 件待同步 follows. The outbox is handed in whether or not anyone is signed
//! in: it is the station's, not a clerk's.

use std::time::Duration;

use onewindow_app::AppError;
use onewindow_station::StationConfig;
use tauri::{AppHandle, Emitter};

pub const OUTBOX_CHANGED: &str = "outbox-changed";

const EVERY: Duration = Duration::from_secs(20);

pub fn hand_in_regularly(handle: AppHandle, config: StationConfig) {
    tauri::async_runtime::spawn(async move {
        let mut conflicts = Vec::new();
        loop {
            tokio::time::sleep(EVERY).await;
            match onewindow_station::outbox::status(&config).await {
                Ok(Some(status)) if status.pending > 0 => {}
                Ok(_) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "the offline outbox cannot be read");
                    continue;
                }
            }
            match onewindow_station::outbox::hand_in(&config).await {
                Ok(report) => {
                    if !report.handed_in.is_empty() || !report.already.is_empty() || report.conflicts != conflicts {
                        tracing::info!(
                            handed_in = report.handed_in.len(),
                            already = report.already.len(),
                            conflicts = report.conflicts.len(),
                            "handed in the offline outbox"
                        );
                        let _ = handle.emit(OUTBOX_CHANGED, ());
                    }
                    conflicts = report.conflicts;
                }
                // Still cut off: the next round tries again.
                Err(AppError::Unreachable) => {}
                Err(e) => tracing::warn!(error = %e, "the offline outbox was not handed in"),
            }
        }
    });
}
