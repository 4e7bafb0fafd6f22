//! The one error shape that crosses to the frontend: a fixed code the UI can switch on and a
//! zh-CN message chosen by that code. Causes are logged here, never shown.

use onewindow_app::{AppError, ErrorCode};
use onewindow_domain::IdKind;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// The input the error concerns (`delivery.address.city`): the UI focuses it.
    pub field: Option<String>,
    /// When an identifier number typed under one kind is valid for another, that kind: the UI
    /// offers to switch.
    pub suggested_id_kind: Option<IdKind>,
}

impl From<AppError> for IpcError {
    fn from(e: AppError) -> Self {
        // Every error the user is shown is in the log with its cause (masked by the log writer).
        if matches!(e.code(), ErrorCode::Storage | ErrorCode::Internal) {
            tracing::error!(error = ?e, "command failed");
        } else {
            tracing::info!(code = ?e.code(), field = e.field(), message = %e, cause = ?e, "command refused");
        }
        IpcError {
            code: e.code(),
            message: e.to_string(),
            field: e.field().map(str::to_string),
            suggested_id_kind: e.suggested_id_kind(),
        }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
