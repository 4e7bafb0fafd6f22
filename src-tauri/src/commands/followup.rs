use onewindow_app::views::{
    FollowUpListView, FollowUpRequest, IssuanceListView, IssueRequest, RemindRequest, ReviewOutcome, SettleRequest,
    SupplyRequest,
};
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn followups(state: State<'_, AppState>, request: FollowUpRequest) -> IpcResult<FollowUpListView> {
    let user = state.user()?;
    Ok(state.app()?.followups(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remind(state: State<'_, AppState>, request: RemindRequest) -> IpcResult<ReviewOutcome> {
    let user = state.user()?;
    Ok(state.app()?.remind(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn supply_shortfall(state: State<'_, AppState>, request: SupplyRequest) -> IpcResult<ReviewOutcome> {
    let user = state.user()?;
    Ok(state.app()?.supply_shortfall(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn hold_shortfall(state: State<'_, AppState>, request: SettleRequest) -> IpcResult<ReviewOutcome> {
    let user = state.user()?;
    Ok(state.app()?.hold_shortfall(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn terminate_case(state: State<'_, AppState>, request: SettleRequest) -> IpcResult<ReviewOutcome> {
    let user = state.user()?;
    Ok(state.app()?.terminate(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issuance_queue(state: State<'_, AppState>) -> IpcResult<IssuanceListView> {
    let user = state.user()?;
    Ok(state.app()?.issuance_queue(&user).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn issue_result(state: State<'_, AppState>, request: IssueRequest) -> IpcResult<ReviewOutcome> {
    let user = state.user()?;
    Ok(state.app()?.issue(&user, &request).await?)
}
