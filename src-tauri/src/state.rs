use std::sync::Mutex;

use onewindow_app::{App, AppError};
use onewindow_domain::User;

/// The one managed state: the application and who is signed in at this workstation. The session
/// lives in memory only: it ends at sign-out and when the app closes.
pub struct AppState {
    pub app: App,
    session: Mutex<Session>,
}

#[derive(Default)]
struct Session {
    user: Option<User>,
    /// The screen is locked: nothing is served until the user's password is typed again.
    locked: bool,
}

impl AppState {
    pub fn new(app: App) -> Self {
        Self { app, session: Mutex::new(Session::default()) }
    }

    /// The signed-in user, for a command that acts as them; refused while the screen is locked.
    pub fn user(&self) -> Result<User, AppError> {
        let session = self.session.lock().expect("session lock");
        match &session.user {
            Some(_) if session.locked => Err(AppError::ScreenLocked),
            Some(user) => Ok(user.clone()),
            None => Err(AppError::NotLoggedIn),
        }
    }

    /// Who is signed in, locked or not.
    pub fn current(&self) -> Option<User> {
        self.session.lock().expect("session lock").user.clone()
    }

    pub fn locked(&self) -> bool {
        self.session.lock().expect("session lock").locked
    }

    pub fn set_user(&self, user: Option<User>) {
        *self.session.lock().expect("session lock") = Session { user, locked: false };
    }

    pub fn set_locked(&self, locked: bool) {
        self.session.lock().expect("session lock").locked = locked;
    }
}
