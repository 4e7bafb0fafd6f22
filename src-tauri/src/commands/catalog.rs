use onewindow_app::views::{ServiceItemDetail, ServiceItemSummary};
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn search_service_items(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> IpcResult<Vec<ServiceItemSummary>> {
    state.user()?;
    Ok(state.app.search_service_items(&query, limit).await?)
}

#[tauri::command]
pub async fn get_service_item(state: State<'_, AppState>, code: String) -> IpcResult<ServiceItemDetail> {
    state.user()?;
    Ok(state.app.service_item(&code).await?)
}
