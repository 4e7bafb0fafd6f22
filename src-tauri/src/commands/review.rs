use onewindow_app::views::{
    AuditReport, ClaimResult, ProgressView, QueuePageView, QueueRequest, ReviewOutcome, ReviewRequest, ReviewView,
    ReviewerView, ScanPageView, SupplyRequest,
};
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn queue_page(state: State<'_, AppState>, request: QueueRequest) -> IpcResult<QueuePageView> {
    let user = state.user()?;
    Ok(state.app()?.queue_page(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn review_case(state: State<'_, AppState>, number: String) -> IpcResult<ReviewView> {
    let user = state.user()?;
    Ok(state.app()?.review_view(&user, &number).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn review_action(
    state: State<'_, AppState>,
    number: String,
    request: ReviewRequest,
) -> IpcResult<ReviewOutcome> {
    let user = state.user()?;
    Ok(state.app()?.review(&user, &number, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn claim_cases(state: State<'_, AppState>, numbers: Vec<String>) -> IpcResult<Vec<ClaimResult>> {
    let user = state.user()?;
    Ok(state.app()?.claim_many(&user, &numbers).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn claim_next_case(state: State<'_, AppState>) -> IpcResult<Option<ReviewOutcome>> {
    let user = state.user()?;
    Ok(state.app()?.claim_next(&user).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn department_reviewers(state: State<'_, AppState>) -> IpcResult<Vec<ReviewerView>> {
    let user = state.user()?;
    Ok(state.app()?.department_reviewers(&user).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn supply_correction(state: State<'_, AppState>, request: SupplyRequest) -> IpcResult<ReviewOutcome> {
    let user = state.user()?;
    Ok(state.app()?.supply_correction(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn verify_audit(state: State<'_, AppState>, number: Option<String>) -> IpcResult<AuditReport> {
    state.user()?;
    Ok(state.app()?.verify_audit(number.as_deref()).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_progress(state: State<'_, AppState>, reference: String) -> IpcResult<ProgressView> {
    let user = state.user()?;
    Ok(state.app()?.progress(&user, &reference).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn scan_page(state: State<'_, AppState>, sha256: String, page: u32) -> IpcResult<ScanPageView> {
    state.user()?;
    Ok(state.app()?.scan_page(&sha256, page).await?)
}
