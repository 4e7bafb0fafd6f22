use onewindow_app::views::{
    ApplicantHistoryView, BundleCheckRequest, BundleDecisionView, BundleIntakeRequest, BundleIntakeResult, DraftView,
    HallRef, IntakeRequest, IntakeResult, NoticePrefill,
};
use std::sync::Arc;

use onewindow_app::{App, AppError};
use onewindow_domain::IdKind;
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::{AppState, Station};

#[tauri::command(rename_all = "snake_case")]
pub async fn intake(state: State<'_, AppState>, request: IntakeRequest) -> IpcResult<IntakeResult> {
    let user = state.user()?;
    match state.app()?.intake(&user, &request).await {
        Err(AppError::Unreachable) => Ok(offline_app(&state, &user).await?.intake(&user, &request).await?),
        taken => Ok(taken?),
    }
}

/// The city was cut off under this intake (nothing of it was written): the session goes on on
/// the station's offline outbox, when the station is registered for it, and the intake is taken
/// there.
async fn offline_app(state: &AppState, user: &onewindow_domain::User) -> Result<Arc<App>, AppError> {
    let Station::City(config) = state.station() else { return Err(AppError::Unreachable) };
    let app = Arc::new(onewindow_station::outbox::take_over(config, user).await?.ok_or(AppError::Unreachable)?);
    tracing::warn!(username = %user.username, "the city database cannot be reached: taking intakes offline");
    state.go_offline(app.clone());
    Ok(app)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn check_bundle(state: State<'_, AppState>, request: BundleCheckRequest) -> IpcResult<BundleDecisionView> {
    let user = state.user()?;
    Ok(state.app()?.check_bundle(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn intake_bundle(state: State<'_, AppState>, request: BundleIntakeRequest) -> IpcResult<BundleIntakeResult> {
    let user = state.user()?;
    match state.app()?.intake_bundle(&user, &request).await {
        Err(AppError::Unreachable) => Ok(offline_app(&state, &user).await?.intake_bundle(&user, &request).await?),
        taken => Ok(taken?),
    }
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
