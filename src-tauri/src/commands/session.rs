use onewindow_app::views::UserView;
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn login(state: State<'_, AppState>, username: String, password: String) -> IpcResult<UserView> {
    let user = state.app.login(&username, &password).await?;
    let view = state.app.user_view(&user).await?;
    state.set_user(Some(user));
    Ok(view)
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> IpcResult<()> {
    state.set_user(None);
    Ok(())
}

#[tauri::command]
pub async fn current_user(state: State<'_, AppState>) -> IpcResult<Option<UserView>> {
    match state.current() {
        Some(user) => Ok(Some(state.app.user_view(&user).await?)),
        None => Ok(None),
    }
}
