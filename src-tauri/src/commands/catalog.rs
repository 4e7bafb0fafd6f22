use onewindow_app::views::{
    BundleDetail, CatalogHit, RemitView, ServiceItemDetail, ShortfallDecisionView, ShortfallRequest,
};
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn search_catalog(state: State<'_, AppState>, query: String, limit: u32) -> IpcResult<Vec<CatalogHit>> {
    state.user()?;
    Ok(state.app()?.search_catalog(&query, limit).await?)
}

#[tauri::command]
pub async fn get_service_item(state: State<'_, AppState>, code: String) -> IpcResult<ServiceItemDetail> {
    state.user()?;
    Ok(state.app()?.service_item(&code).await?)
}

#[tauri::command]
pub async fn get_bundle(state: State<'_, AppState>, code: String) -> IpcResult<BundleDetail> {
    state.user()?;
    Ok(state.app()?.bundle(&code).await?)
}

#[tauri::command]
pub async fn check_shortfall(
    state: State<'_, AppState>,
    request: ShortfallRequest,
) -> IpcResult<ShortfallDecisionView> {
    let user = state.user()?;
    Ok(state.app()?.check_shortfall_for(&user, &request).await?)
}

#[tauri::command]
pub async fn item_remit(state: State<'_, AppState>, code: String) -> IpcResult<RemitView> {
    let user = state.user()?;
    Ok(state.app()?.item_remit_for(&user, &code).await?)
}
