use std::sync::Arc;

use onewindow_app::views::{SessionView, SignInStatusView};
use onewindow_app::AppError;
use tauri::{AppHandle, State};

use crate::ipc::IpcResult;
use crate::state::{AppState, Station};

/// In a hall, the password is checked against the embedded database (throttled). In a city
/// station, the sign-in is the city database's own: the user connects as their login role.
#[tauri::command]
pub async fn login(
    handle: AppHandle,
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> IpcResult<SessionView> {
    let (user, app, offline) = match state.station() {
        Station::Hall(app) => (app.login(&username, &password).await?, app.clone(), false),
        Station::City(config) => {
            let session = onewindow_station::sign_in_anywhere(config, &username, &password).await?;
            (session.user, Arc::new(session.app), session.offline)
        }
    };
    let view = app.user_view(&user).await?;
    let following =
        user.department_code.clone().map(|department| crate::queue::follow(handle, app.clone(), department));
    state.sign_in(user, app, offline, following);
    Ok(SessionView { user: view, locked: false })
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> IpcResult<()> {
    state.sign_out();
    Ok(())
}

#[tauri::command]
pub async fn current_user(state: State<'_, AppState>) -> IpcResult<Option<SessionView>> {
    match state.current() {
        Some(user) => Ok(Some(SessionView { user: state.app()?.user_view(&user).await?, locked: state.locked() })),
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

/// The signed-in user's password: in a hall throttled like a sign-in; in a city station checked
/// by signing in to the city database again (a member of staff cannot read password hashes there).
#[tauri::command]
pub async fn unlock_screen(state: State<'_, AppState>, password: String) -> IpcResult<()> {
    let user = state.current().ok_or(AppError::NotLoggedIn)?;
    let (app, offline) = match state.station() {
        Station::Hall(app) => {
            app.unlock(&user, &password).await?;
            (app.clone(), false)
        }
        // Where the city can be reached, again on it; else on the outbox, which knows the password.
        Station::City(config) => {
            let session = onewindow_station::unlock_anywhere(config, &user.username, &password).await?;
            (Arc::new(session.app), session.offline)
        }
    };
    state.unlock(app, offline);
    Ok(())
}

#[tauri::command]
pub async fn sign_in_status(state: State<'_, AppState>, username: String) -> IpcResult<SignInStatusView> {
    Ok(state.app()?.sign_in_status(&state.user()?, &username).await?)
}

#[tauri::command]
pub async fn lift_lockout(state: State<'_, AppState>, username: String) -> IpcResult<SignInStatusView> {
    Ok(state.app()?.lift_lockout(&state.user()?, &username).await?)
}
