use onewindow_app::views::{CaseDetail, CaseSummary, Overview};
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn dispatch_queue(state: State<'_, AppState>) -> IpcResult<Vec<CaseSummary>> {
    let user = state.user()?;
    Ok(state.app()?.dispatch_queue(&user).await?)
}

#[tauri::command]
pub async fn overview(state: State<'_, AppState>) -> IpcResult<Overview> {
    let user = state.user()?;
    Ok(state.app()?.overview(&user).await?)
}

#[tauri::command]
pub async fn get_case(state: State<'_, AppState>, number: String) -> IpcResult<CaseDetail> {
    state.user()?;
    Ok(state.app()?.case_detail(&number).await?)
}
