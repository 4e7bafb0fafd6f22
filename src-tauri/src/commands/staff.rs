//! An admin's staff screen (工作人员): who works where, new members, passwords, disabling a
//! sign-in, the hall's screen-lock minutes. In a city station every change is the city
//! database's own (the members' login roles, migration 0002), so none is made offline.

use std::sync::Arc;

use onewindow_app::views::{NewStaffRequest, SignInStatusView, StaffView};
use onewindow_app::{App, AppError};
use onewindow_domain::User;
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

/// The application and the signed-in user, where staff may be managed: not on the offline
/// outbox, whose copy of the staff the city would never see changed.
fn managing(state: &AppState) -> Result<(Arc<App>, User), AppError> {
    let user = state.user()?;
    if state.offline() {
        return Err(AppError::Unreachable);
    }
    Ok((state.app()?, user))
}

#[tauri::command]
pub async fn staff(state: State<'_, AppState>) -> IpcResult<StaffView> {
    let (app, admin) = managing(&state)?;
    Ok(app.staff(&admin).await?)
}

#[tauri::command]
pub async fn add_staff(state: State<'_, AppState>, request: NewStaffRequest) -> IpcResult<SignInStatusView> {
    let (app, admin) = managing(&state)?;
    Ok(app.add_staff(&admin, &request).await?)
}

#[tauri::command]
pub async fn reset_password(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> IpcResult<SignInStatusView> {
    let (app, admin) = managing(&state)?;
    Ok(app.reset_password(&admin, &username, &password).await?)
}

#[tauri::command]
pub async fn disable_sign_in(state: State<'_, AppState>, username: String) -> IpcResult<()> {
    let (app, admin) = managing(&state)?;
    Ok(app.disable_sign_in(&admin, &username).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_idle_lock_minutes(state: State<'_, AppState>, hall_code: String, minutes: u32) -> IpcResult<u32> {
    let (app, admin) = managing(&state)?;
    Ok(app.set_idle_lock_minutes(&admin, &hall_code, minutes).await?)
}
