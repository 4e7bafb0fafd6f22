use onewindow_app::views::{
    ApplicantHistoryView, BundleCheckRequest, BundleDecisionView, BundleIntakeRequest, BundleIntakeResult, DraftView,
    HallRef, IntakeRequest, IntakeResult, NoticePrefill,
};
use onewindow_domain::IdKind;
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn intake(state: State<'_, AppState>, request: IntakeRequest) -> IpcResult<IntakeResult> {
    let user = state.user()?;
    Ok(state.app()?.intake(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn check_bundle(state: State<'_, AppState>, request: BundleCheckRequest) -> IpcResult<BundleDecisionView> {
    let user = state.user()?;
    Ok(state.app()?.check_bundle(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn intake_bundle(state: State<'_, AppState>, request: BundleIntakeRequest) -> IpcResult<BundleIntakeResult> {
    let user = state.user()?;
    Ok(state.app()?.intake_bundle(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_draft(state: State<'_, AppState>, id: Option<u32>, title: String, payload: String) -> IpcResult<u32> {
    let user = state.user()?;
    Ok(state.app()?.save_draft(&user, id, &title, &payload).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn drafts(state: State<'_, AppState>) -> IpcResult<Vec<DraftView>> {
    let user = state.user()?;
    Ok(state.app()?.drafts(&user).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_draft(state: State<'_, AppState>, id: u32) -> IpcResult<()> {
    let user = state.user()?;
    Ok(state.app()?.delete_draft(&user, id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn applicant_history(
    state: State<'_, AppState>,
    id_kind: IdKind,
    id_number: String,
) -> IpcResult<ApplicantHistoryView> {
    state.user()?;
    Ok(state.app()?.applicant_history(id_kind, &id_number).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_halls(state: State<'_, AppState>) -> IpcResult<Vec<HallRef>> {
    state.user()?;
    Ok(state.app()?.hall_refs().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn notice_prefill(state: State<'_, AppState>, number: String) -> IpcResult<NoticePrefill> {
    state.user()?;
    Ok(state.app()?.notice_prefill(&number).await?)
}
