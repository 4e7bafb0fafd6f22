use onewindow_app::views::{SessionView, SignInStatusView};
use onewindow_app::AppError;
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn login(state: State<'_, AppState>, username: String, password: String) -> IpcResult<SessionView> {
    let user = state.app.login(&username, &password).await?;
    let view = state.app.user_view(&user).await?;
    state.set_user(Some(user));
    Ok(SessionView { user: view, locked: false })
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> IpcResult<()> {
    state.set_user(None);
    Ok(())
}

#[tauri::command]
pub async fn current_user(state: State<'_, AppState>) -> IpcResult<Option<SessionView>> {
    match state.current() {
        Some(user) => Ok(Some(SessionView { user: state.app.user_view(&user).await?, locked: state.locked() })),
        None => Ok(None),
    }
}

/// The window went idle (or the clerk locked it): every command is refused until unlocked.
#[tauri::command]
pub async fn lock_screen(state: State<'_, AppState>) -> IpcResult<()> {
    state.current().ok_or(AppError::NotLoggedIn)?;
    state.set_locked(true);
    Ok(())
}

/// The signed-in user's password, throttled like a sign-in.
#[tauri::command]
pub async fn unlock_screen(state: State<'_, AppState>, password: String) -> IpcResult<()> {
    let user = state.current().ok_or(AppError::NotLoggedIn)?;
    state.app.unlock(&user, &password).await?;
    state.set_locked(false);
    Ok(())
}

#[tauri::command]
pub async fn sign_in_status(state: State<'_, AppState>, username: String) -> IpcResult<SignInStatusView> {
    Ok(state.app.sign_in_status(&state.user()?, &username).await?)
}

#[tauri::command]
pub async fn lift_lockout(state: State<'_, AppState>, username: String) -> IpcResult<SignInStatusView> {
    Ok(state.app.lift_lockout(&state.user()?, &username).await?)
}
