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
    let (user, app) = match state.station() {
        Station::Hall(app) => (app.login(&username, &password).await?, app.clone()),
        Station::City(config) => {
            let (app, user) = onewindow_station::sign_in(config, &username, &password).await?;
            (user, Arc::new(app))
        }
    };
    let view = app.user_view(&user).await?;
    let following =
        user.department_code.clone().map(|department| crate::queue::follow(handle, app.clone(), department));
    state.sign_in(user, app, following);
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
    let app = match state.station() {
        Station::Hall(app) => {
            app.unlock(&user, &password).await?;
            app.clone()
        }
        Station::City(config) => Arc::new(onewindow_station::sign_in(config, &user.username, &password).await?.0),
    };
    state.unlock(app);
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
