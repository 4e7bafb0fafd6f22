use onewindow_app::views::{CaseMaterialView, CoverFilingView, SaneDeviceView, SaneScanRequest, ScanInboxView};
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

/// Opens the scan inbox (`inbox`) or the case files' folder (`exports`) in the system's file
/// manager, so that no path is ever shown to the clerk.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_folder(state: State<'_, AppState>, folder: String) -> IpcResult<()> {
    state.user()?;
    let dir = state.app()?.station_folder(&folder)?;
    Ok(crate::opener::open_folder(&dir)?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn scan_inbox(state: State<'_, AppState>) -> IpcResult<ScanInboxView> {
    state.user()?;
    Ok(state.app()?.scan_inbox().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_materials(state: State<'_, AppState>, number: String) -> IpcResult<Vec<CaseMaterialView>> {
    state.user()?;
    Ok(state.app()?.case_materials(&number).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn assign_scan(
    state: State<'_, AppState>,
    number: String,
    material_code: String,
    sha256: String,
    rotation: u16,
) -> IpcResult<()> {
    state.user()?;
    Ok(state.app()?.assign_scan(&number, &material_code, &sha256, rotation).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unassign_scan(state: State<'_, AppState>, number: String, sha256: String) -> IpcResult<()> {
    state.user()?;
    Ok(state.app()?.unassign_scan(&number, &sha256).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn scan_thumbnail(state: State<'_, AppState>, sha256: String) -> IpcResult<Option<String>> {
    state.user()?;
    Ok(state.app()?.scan_thumbnail(&sha256).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_case_file(state: State<'_, AppState>, number: String) -> IpcResult<String> {
    state.user()?;
    Ok(state.app()?.export_case_file(&number).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sane_devices(state: State<'_, AppState>) -> IpcResult<Vec<SaneDeviceView>> {
    state.user()?;
    Ok(state.app()?.sane_devices()?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sane_scan(state: State<'_, AppState>, request: SaneScanRequest) -> IpcResult<Vec<String>> {
    state.user()?;
    Ok(state.app()?.sane_scan(&request)?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn file_by_cover_sheets(state: State<'_, AppState>) -> IpcResult<Vec<CoverFilingView>> {
    state.user()?;
    Ok(state.app()?.file_by_cover_sheets().await?.into_iter().map(CoverFilingView::from).collect())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn move_scan(state: State<'_, AppState>, number: String, sha256: String, up: bool) -> IpcResult<()> {
    state.user()?;
    Ok(state.app()?.move_scan(&number, &sha256, up).await?)
}
