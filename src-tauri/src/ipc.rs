//! The one error shape that crosses to the frontend: a fixed code the UI can switch on and a
//! zh-CN message chosen by that code. Causes are logged here, never shown.

use onewindow_app::{AppError, ErrorCode};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<AppError> for IpcError {
    fn from(e: AppError) -> Self {
        if matches!(e.code(), ErrorCode::Storage | ErrorCode::Internal) {
            tracing::error!(error = ?e, "command failed");
        }
        IpcError { code: e.code(), message: e.to_string() }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
