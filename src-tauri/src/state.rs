use std::sync::Mutex;

use onewindow_app::{App, AppError};
use onewindow_domain::User;

/// The one managed state: the application and who is logged in at this workstation.
pub struct AppState {
    pub app: App,
    session: Mutex<Option<User>>,
}

impl AppState {
    pub fn new(app: App) -> Self {
        Self { app, session: Mutex::new(None) }
    }

    pub fn user(&self) -> Result<User, AppError> {
        self.session.lock().expect("session lock").clone().ok_or(AppError::NotLoggedIn)
    }

    pub fn current(&self) -> Option<User> {
        self.session.lock().expect("session lock").clone()
    }

    pub fn set_user(&self, user: Option<User>) {
        *self.session.lock().expect("session lock") = user;
    }
}
