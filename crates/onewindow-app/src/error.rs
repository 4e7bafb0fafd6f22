//! What can go wrong in a use case, with a stable code for the UI to switch on and a zh-CN
//! message that names the field. Database and OS text never reaches the user: it is logged.

use onewindow_domain::IdKind;
use onewindow_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    Unauthenticated,
    /// The window's screen is locked: the frontend shows the lock screen.
    ScreenLocked,
    Forbidden,
    Conflict,
    Storage,
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad input: `message` names the field and what is wrong with it.
    #[error("{message}")]
    InvalidInput { field: &'static str, message: String },
    /// An identifier number typed under one kind that is valid for `kind`: `message` names it.
    #[error("{message}")]
    WrongIdKind { field: &'static str, message: String, kind: IdKind },
    #[error("{0}")]
    NotFound(String),
    /// `remaining` more failures lock the username out.
    #[error("用户名或密码错误，再错{remaining}次将锁定{}分钟", onewindow_domain::signin::lockout().num_minutes())]
    WrongCredentials { remaining: u32 },
    /// Too many failed passwords: refused until `until` (local time, HH:MM).
    #[error(
        "密码已连续错误{}次，该用户名锁定至{until}，请到时再试或请管理员解除锁定",
        onewindow_domain::signin::MAX_FAILURES
    )]
    LockedOut { until: String },
    /// The city database refused the sign-in (a wrong password, or no such sign-in or a disabled
    /// one: the server does not say which, and neither do we). `remaining`: more failures that lock
    /// the username out, where the station counts them (a registered one, migration 0009).
    #[error("用户名或密码错误，或该账号已停用{}", remaining.map_or_else(String::new, |n| format!("，再错{n}次将锁定{}分钟", onewindow_domain::signin::lockout().num_minutes())))]
    CityPasswordRefused { remaining: Option<u32> },
    /// The city database cannot be reached from this station.
    #[error("无法连接城市数据库（网络或服务器中断）")]
    Unreachable,
    #[error("请先登录")]
    NotLoggedIn,
    #[error("屏幕已锁定，请先输入密码解锁")]
    ScreenLocked,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    #[error("数据库操作失败，请稍后重试；如持续出现请联系管理员")]
    Storage(#[source] StoreError),
    #[error("数据目录不可用：{0}")]
    DataDir(String),
    /// The OS keyring, where a city station's secret lives, is not there or lacks the secret.
    #[error("{0}")]
    Keyring(String),
    /// Fonts, profiles or rendering: what stops a document from being made.
    #[error("{0}")]
    Printing(String),
    /// The catalog files have problems; each names its file, line and field.
    #[error("事项目录文件有{}处问题", .0.len())]
    InvalidCatalog(Vec<onewindow_formats::FileError>),
}

impl AppError {
    /// A username refused until `until`, told in the halls' time of day (14:05).
    pub fn locked_out(until: chrono::DateTime<chrono::Utc>) -> Self {
        AppError::LockedOut { until: onewindow_domain::time::local(until).format("%H:%M").to_string() }
    }

    /// The input the error concerns, as a dotted path of the request (`delivery.address.city`),
    /// when the input caused it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            AppError::InvalidInput { field, .. } | AppError::WrongIdKind { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The identifier kind a number is valid for, when it was typed under another.
    pub fn suggested_id_kind(&self) -> Option<IdKind> {
        match self {
            AppError::WrongIdKind { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        AppError::InvalidInput { field, message: message.into() }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::InvalidInput { .. } | AppError::WrongIdKind { .. } => ErrorCode::InvalidInput,
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::WrongCredentials { .. }
            | AppError::LockedOut { .. }
            | AppError::CityPasswordRefused { .. }
            | AppError::NotLoggedIn => ErrorCode::Unauthenticated,
            AppError::ScreenLocked => ErrorCode::ScreenLocked,
            AppError::Forbidden(_) => ErrorCode::Forbidden,
            AppError::Conflict(_) => ErrorCode::Conflict,
            AppError::Storage(_) | AppError::Unreachable => ErrorCode::Storage,
            AppError::DataDir(_) | AppError::Keyring(_) => ErrorCode::Internal,
            AppError::InvalidCatalog(_) => ErrorCode::InvalidInput,
            AppError::Printing(_) => ErrorCode::Internal,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::IllegalTransition(t) => AppError::Conflict(t.to_string()),
            StoreError::CaseNumbersExhausted(e) => AppError::Conflict(e.to_string()),
            StoreError::WaybillsExhausted { carrier, product } => AppError::Conflict(format!(
                "{carrier}{product}的运单号段已用完，未生成邮件、未打印面单；请管理员导入新的号段"
            )),
            StoreError::Conflict(_) => AppError::Conflict("数据已被他人修改，请刷新后重试".into()),
            StoreError::NotFound(what) => AppError::NotFound(format!("未找到：{what}")),
            StoreError::TooManyAttempts(_) => {
                AppError::Forbidden("一小时内查询码错误次数过多，暂不能凭查询码调阅其他大厅的办件，请稍后再试".into())
            }
            StoreError::NoLeasedNumbers => {
                AppError::Conflict("本站离线受理可用的办件编号已用完，未受理；请恢复与城市数据库的连接后再受理".into())
            }
            StoreError::Unreachable(why) => {
                tracing::warn!(error = %why, "the city database cannot be reached");
                AppError::Unreachable
            }
            other => {
                tracing::error!(error = %other, "storage failure");
                AppError::Storage(other)
            }
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
