use onewindow_station::outbox;
use serde::Serialize;
use tauri::State;
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
