use onewindow_app::views::{PrintJobView, PrintRequest, PrinterProfileView};
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn printer_profiles(state: State<'_, AppState>) -> IpcResult<Vec<PrinterProfileView>> {
    state.user()?;
    Ok(state.app()?.printer_profiles())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn print_document(state: State<'_, AppState>, request: PrintRequest) -> IpcResult<PrintJobView> {
    let user = state.user()?;
    Ok(state.app()?.print(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn print_jobs(state: State<'_, AppState>, case_number: Option<String>) -> IpcResult<Vec<PrintJobView>> {
    state.user()?;
    Ok(state.app()?.print_jobs(case_number.as_deref()).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn resend_print_job(state: State<'_, AppState>, id: u32, profile: Option<String>) -> IpcResult<PrintJobView> {
    let user = state.user()?;
    Ok(state.app()?.resend_print_job(&user, id, profile.as_deref()).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn calibrate_printer(
    state: State<'_, AppState>,
    profile: String,
    x_mm: f32,
    y_mm: f32,
) -> IpcResult<PrinterProfileView> {
    state.user()?;
    Ok(state.app()?.calibrate(&profile, x_mm, y_mm)?)
}

/// The 承诺书 of the intake on screen, printed for signing before it is submitted.
#[tauri::command(rename_all = "snake_case")]
pub async fn print_commitment_draft(
    state: State<'_, AppState>,
    request: onewindow_app::views::IntakeRequest,
    profile: Option<String>,
) -> IpcResult<onewindow_app::views::PrintJobView> {
    let user = state.user()?;
    Ok(state.app()?.print_commitment_draft(&user, &request, profile.as_deref()).await?)
}
