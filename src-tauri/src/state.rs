use std::sync::{Arc, Mutex};

use onewindow_app::{App, AppError};
use onewindow_domain::User;
use onewindow_station::StationConfig;
use tokio::sync::oneshot;

/// The one managed state: how this station reaches its database, and who is signed in at this
/// workstation. The session lives in memory only: it ends at sign-out and when the app closes.
pub struct AppState {
    station: Station,
    /// The configuration the station started with (a change to `station.toml` counts from the
    /// next start).
    config: StationConfig,
    session: Mutex<Session>,
}

/// A hall's station opens its embedded database once, at start. A city station has no database
/// session until someone signs in: each member of staff connects as their own login role, so the
/// application is opened at sign-in and dropped at sign-out.
pub enum Station {
    Hall(Arc<App>),
    City(StationConfig),
}

#[derive(Default)]
struct Session {
    user: Option<User>,
    /// The screen is locked: nothing is served until the user's password is typed again.
    locked: bool,
    /// In a city station, the application on the signed-in user's own database session, or on
    /// the station's offline outbox while the city cannot be reached.
    city_app: Option<Arc<App>>,
    offline: bool,
    /// Following the department queue for this session (`queue.rs`): dropped, it stops.
    _following: Option<oneshot::Sender<()>>,
}

impl AppState {
    pub fn new(station: Station, config: StationConfig) -> Self {
        Self { station, config, session: Mutex::new(Session::default()) }
    }

    pub fn station(&self) -> &Station {
        &self.station
    }

    pub fn config(&self) -> &StationConfig {
        &self.config
    }

    /// The application commands run on; in a city station only while someone is signed in.
    pub fn app(&self) -> Result<Arc<App>, AppError> {
        match &self.station {
            Station::Hall(app) => Ok(app.clone()),
            Station::City(_) => {
                self.session.lock().expect("session lock").city_app.clone().ok_or(AppError::NotLoggedIn)
            }
        }
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

    /// Starts a session on `app`: a hall's own, or in a city station the one on the user's own
    /// sign-in, kept for the session.
    pub fn sign_in(&self, user: User, app: Arc<App>, offline: bool, following: Option<oneshot::Sender<()>>) {
        let city_app = self.is_city().then_some(app);
        *self.session.lock().expect("session lock") =
            Session { user: Some(user), locked: false, city_app, offline, _following: following };
    }

    /// Whether this session works on the offline outbox.
    pub fn offline(&self) -> bool {
        self.session.lock().expect("session lock").offline
    }

    /// The city was cut off in this session: it goes on on the outbox's `app`.
    pub fn go_offline(&self, app: Arc<App>) {
        let mut session = self.session.lock().expect("session lock");
        session.city_app = Some(app);
        session.offline = true;
    }

    pub fn sign_out(&self) {
        *self.session.lock().expect("session lock") = Session::default();
    }

    pub fn set_locked(&self, locked: bool) {
        self.session.lock().expect("session lock").locked = locked;
    }

    /// Unlocks the screen; a city station continues on `app`, the database session the password
    /// just opened again.
    pub fn unlock(&self, app: Arc<App>, offline: bool) {
        let mut session = self.session.lock().expect("session lock");
        session.locked = false;
        if self.is_city() {
            session.city_app = Some(app);
            session.offline = offline;
        }
    }

    fn is_city(&self) -> bool {
        matches!(self.station, Station::City(_))
    }
}
