//! Signing in and unlocking the screen, throttled per username: every password typed is recorded
//! with the station, and after five failures in a row the username is refused for fifteen minutes
//! (`onewindow_domain::signin`). An admin may lift a lock-out.

use onewindow_domain::signin::{throttle, AttemptKind, AttemptOutcome, Throttle};
use onewindow_domain::{Role, User};
use onewindow_store::NewAttempt;

use crate::auth::{self, verify_password};
use crate::views::{
    DepartmentRef, HallRef, HallWindowsView, NewStaffRequest, SignInStatusView, StaffMemberView, StaffView,
};
use crate::{App, AppError, Result};

impl App {
    pub async fn login(&self, username: &str, password: &str) -> Result<User> {
        let username = username.trim();
        if username.is_empty() {
            return Err(AppError::invalid("username", "请输入用户名"));
        }
        if password.is_empty() {
            return Err(AppError::invalid("password", "请输入密码"));
        }
        self.check_password(username, password, AttemptKind::SignIn).await
    }

    /// The clerk of a locked screen types their password again: throttled as a sign-in is.
    pub async fn unlock(&self, user: &User, password: &str) -> Result<User> {
        if password.is_empty() {
            return Err(AppError::invalid("password", "请输入密码"));
        }
        self.check_password(&user.username, password, AttemptKind::Unlock).await
    }

    /// A sign-in the city database took (it checked the password), recorded as the user's own:
    /// the failures counted before it count no more (migration 0009).
    pub async fn record_city_sign_in(&self, username: &str, kind: AttemptKind) -> Result<()> {
        self.record(username, kind, AttemptOutcome::Succeeded, None).await
    }

    /// Where a username stands: failures counted, locked until when. Admins only.
    pub async fn sign_in_status(&self, admin: &User, username: &str) -> Result<SignInStatusView> {
        only_admin(admin, "只有管理员可以查看或解除登录锁定")?;
        let username = username.trim();
        Ok(self.status_view(username, self.throttle_of(username).await?))
    }

    /// Lifts a username's lock-out (and its count of failures), recorded with the admin's name.
    pub async fn lift_lockout(&self, admin: &User, username: &str) -> Result<SignInStatusView> {
        only_admin(admin, "只有管理员可以查看或解除登录锁定")?;
        let username = username.trim();
        if username.is_empty() {
            return Err(AppError::invalid("username", "请输入要解除锁定的用户名"));
        }
        self.record(username, AttemptKind::SignIn, AttemptOutcome::Lifted, Some(&admin.username)).await?;
        tracing::info!(username, admin = %admin.username, station = %self.station, "sign-in lock-out lifted");
        self.sign_in_status(admin, username).await
    }

    /// Sets after how many idle minutes the screens of `hall_code` lock (1 to 120). Admins only.
    pub async fn set_idle_lock_minutes(&self, admin: &User, hall_code: &str, minutes: u32) -> Result<u32> {
        only_admin(admin, "只有管理员可以设置锁屏时间")?;
        if !(1..=120).contains(&minutes) {
            return Err(AppError::invalid("minutes", "锁屏时间应为1至120分钟"));
        }
        let mut hall = self
            .store
            .hall(hall_code.trim())
            .await?
            .ok_or_else(|| AppError::invalid("hall", format!("大厅“{}”不存在", hall_code.trim())))?;
        hall.idle_lock_minutes = minutes;
        self.store.save_halls(std::slice::from_ref(&hall)).await?;
        tracing::info!(hall = %hall.code, minutes, admin = %admin.username, "idle lock minutes set");
        Ok(minutes)
    }

    async fn throttle_of(&self, username: &str) -> Result<Throttle> {
        let attempts: Vec<_> = self.store.attempts_since_reset(username).await?.iter().map(|a| a.attempt()).collect();
        Ok(throttle(&attempts, self.now()))
    }

    async fn check_password(&self, username: &str, password: &str, kind: AttemptKind) -> Result<User> {
        let before = self.throttle_of(username).await?;
        if let Some(until) = before.locked_until {
            self.record(username, kind, AttemptOutcome::Refused, None).await?;
            tracing::warn!(username, station = %self.station, kind = kind.as_str(), "password refused: locked out");
            return Err(AppError::locked_out(until));
        }
        let found = self.store.user_credentials(username).await?;
        let user = match found {
            Some((user, hash)) if verify_password(password, &hash) => Some(user),
            Some(_) => None,
            None => {
                // As long as a real check, so that timing tells no one which names exist.
                verify_password(password, auth::decoy_hash());
                None
            }
        };
        let Some(user) = user else {
            self.record(username, kind, AttemptOutcome::Failed, None).await?;
            tracing::warn!(username, station = %self.station, kind = kind.as_str(), "wrong password");
            let after = self.throttle_of(username).await?;
            return Err(match after.locked_until {
                Some(until) => AppError::locked_out(until),
                None => AppError::WrongCredentials { remaining: after.remaining() },
            });
        };
        self.record(username, kind, AttemptOutcome::Succeeded, None).await?;
        Ok(user)
    }

    /// Gives `username` a new password (in the city, their own login role's, made if it is the
    /// first) and lifts any lock-out with it, recorded with the admin's name. Admins only.
    pub async fn reset_password(&self, admin: &User, username: &str, password: &str) -> Result<SignInStatusView> {
        only_admin(admin, "只有管理员可以设置密码或停用账号")?;
        let username = username.trim();
        if username.is_empty() {
            return Err(AppError::invalid("username", "请输入要设置密码的用户名"));
        }
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AppError::invalid("password", format!("新密码至少{MIN_PASSWORD_CHARS}位")));
        }
        let lifted = self.attempt(username, AttemptKind::SignIn, AttemptOutcome::Lifted, Some(&admin.username));
        if !self.store.reset_password(username, password, &auth::hash_password(password), &lifted).await? {
            return Err(AppError::invalid("username", format!("用户“{username}”不存在")));
        }
        tracing::info!(username, admin = %admin.username, station = %self.station, "password reset");
        self.sign_in_status(admin, username).await
    }

    /// Adds a member of staff with their first password (in the city, their own login role,
    /// SCRAM). Admins only. A username taken, a post that does not fit the role (a clerk, a
    /// dispatcher and a supervisor work at a hall, a reviewer and a department lead for a
    /// department), or a hall, window or department the database does not know, is refused, and
    /// nothing is written.
    pub async fn add_user(&self, admin: &User, user: &User, password: &str) -> Result<SignInStatusView> {
        only_admin(admin, "只有管理员可以添加工作人员")?;
        check_new_user(user)?;
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AppError::invalid("password", format!("密码至少{MIN_PASSWORD_CHARS}位")));
        }
        if self.store.user(&user.username).await?.is_some() {
            return Err(AppError::invalid("username", format!("用户名“{}”已被使用", user.username)));
        }
        let hash = auth::hash_password(password);
        self.store.save_user(user, &hash).await.map_err(|e| match e {
            onewindow_store::StoreError::InvalidReference(what) => unknown_place(&what),
            other => other.into(),
        })?;
        let set = self.attempt(&user.username, AttemptKind::SignIn, AttemptOutcome::Lifted, Some(&admin.username));
        self.store.reset_password(&user.username, password, &hash, &set).await?;
        tracing::info!(username = %user.username, role = user.role.as_str(), admin = %admin.username, station = %self.station, "member of staff added");
        self.sign_in_status(admin, &user.username).await
    }

    /// Everyone on the staff, the disabled too, with the halls (and their windows) and the
    /// departments a new member may be given. Admins only.
    pub async fn staff(&self, admin: &User) -> Result<StaffView> {
        only_admin(admin, "只有管理员可以管理工作人员")?;
        let halls = self.store.halls().await?;
        let departments: Vec<DepartmentRef> = self
            .snapshot()
            .await?
            .catalog
            .departments
            .iter()
            .map(|d| DepartmentRef { code: d.code.clone(), name: d.name.clone() })
            .collect();
        let hall_ref = |code: &Option<String>| {
            let code = code.as_ref()?;
            let name = halls.iter().find(|h| &h.code == code).map_or_else(|| code.clone(), |h| h.name.clone());
            Some(HallRef { code: code.clone(), name })
        };
        let department_ref = |code: &Option<String>| {
            let code = code.as_ref()?;
            let name = departments.iter().find(|d| &d.code == code).map_or_else(|| code.clone(), |d| d.name.clone());
            Some(DepartmentRef { code: code.clone(), name })
        };
        let members = self
            .store
            .staff()
            .await?
            .into_iter()
            .map(|m| StaffMemberView {
                hall: hall_ref(&m.user.hall_code),
                department: department_ref(&m.user.department_code),
                username: m.user.username,
                display_name: m.user.display_name,
                role: m.user.role,
                window: m.user.window,
                active: m.active,
            })
            .collect();
        let halls = halls
            .iter()
            .map(|h| HallWindowsView {
                code: h.code.clone(),
                name: h.name.clone(),
                windows: h.windows.clone(),
                idle_lock_minutes: h.idle_lock_minutes,
            })
            .collect();
        Ok(StaffView { members, halls, departments })
    }

    /// [`App::add_user`] from the admin's form: blank places are none.
    pub async fn add_staff(&self, admin: &User, request: &NewStaffRequest) -> Result<SignInStatusView> {
        let place = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let user = User {
            username: request.username.trim().to_string(),
            display_name: request.display_name.trim().to_string(),
            role: request.role,
            hall_code: place(&request.hall_code),
            window: place(&request.window),
            department_code: place(&request.department_code),
        };
        self.add_user(admin, &user, &request.password).await
    }

    /// Ends `username`'s sign-in (in the city, their login role's too); a reset brings it back.
    /// Admins only, and never the admin's own.
    pub async fn disable_sign_in(&self, admin: &User, username: &str) -> Result<()> {
        only_admin(admin, "只有管理员可以设置密码或停用账号")?;
        let username = username.trim();
        if username == admin.username {
            return Err(AppError::invalid("username", "不能停用自己的账号"));
        }
        if !self.store.disable_user(username).await? {
            return Err(AppError::invalid("username", format!("用户“{username}”不存在")));
        }
        tracing::info!(username, admin = %admin.username, station = %self.station, "sign-in disabled");
        Ok(())
    }

    fn attempt(&self, username: &str, kind: AttemptKind, outcome: AttemptOutcome, by: Option<&str>) -> NewAttempt {
        NewAttempt {
            username: username.to_string(),
            kind,
            outcome,
            station: self.station.clone(),
            by_username: by.map(str::to_string),
            at: self.now(),
        }
    }

    async fn record(&self, username: &str, kind: AttemptKind, outcome: AttemptOutcome, by: Option<&str>) -> Result<()> {
        Ok(self.store.record_attempt(&self.attempt(username, kind, outcome, by)).await?)
    }

    fn status_view(&self, username: &str, t: Throttle) -> SignInStatusView {
        SignInStatusView {
            username: username.to_string(),
            failures: t.failures,
            remaining: t.remaining(),
            locked_until: t.locked_until.map(|u| u.to_rfc3339()),
        }
    }
}

/// The city database's own rule (migration 0002's `onewindow_set_login`), kept in the hall too.
const MIN_PASSWORD_CHARS: usize = 8;

/// Whether `name` may name a login role of the city: 3 to 63 lower-case letters, digits or `_`,
/// starting with a letter (a member of staff's username, a station's name).
pub fn is_role_name(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A new member of staff's username and post, as the city's login roles and the role's work ask.
fn check_new_user(user: &User) -> Result<()> {
    let name = &user.username;
    if !is_role_name(name) || name == "system" || name.starts_with("onewindow_") || name.starts_with("station_") {
        return Err(AppError::invalid(
            "username",
            "用户名须为3到63位小写字母、数字或下划线，以字母开头（不能用 system、onewindow_、station_ 开头）",
        ));
    }
    if user.display_name.trim().is_empty() {
        return Err(AppError::invalid("display_name", "请输入姓名"));
    }
    match user.role {
        Role::WindowClerk | Role::Dispatcher | Role::Supervisor if user.hall_code.is_none() => {
            Err(AppError::invalid("hall", format!("{}须属于一个大厅", user.role.label_zh())))
        }
        Role::Reviewer | Role::DepartmentLead if user.department_code.is_none() => {
            Err(AppError::invalid("department", format!("{}须属于一个部门", user.role.label_zh())))
        }
        _ if user.window.is_some() && user.hall_code.is_none() => {
            Err(AppError::invalid("window", "窗口须属于一个大厅"))
        }
        _ => Ok(()),
    }
}

/// A new user's hall, window or department the database does not know (the store names it
/// `hall CODE`, `window W`, `department CODE`), as the field to correct.
fn unknown_place(what: &str) -> AppError {
    let (field, label, code) = match what.split_once(' ') {
        Some(("window", code)) => ("window", "窗口", code),
        Some(("department", code)) => ("department", "部门", code),
        Some((_, code)) => ("hall", "大厅", code),
        None => ("hall", "大厅", what),
    };
    AppError::invalid(field, format!("没有{label}“{code}”，未添加"))
}

fn only_admin(user: &User, refusal: &str) -> Result<()> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden(refusal.into()))
    }
}
