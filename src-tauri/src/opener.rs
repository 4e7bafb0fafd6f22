//! Opening a folder in the system's file manager: `xdg-open` on Linux (the desktop's own file
//! manager), Explorer on Windows, Finder on macOS.

use std::path::Path;
use std::process::{Command, Stdio};

use onewindow_app::AppError;

pub fn open_folder(dir: &Path) -> Result<(), AppError> {
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut child = Command::new(program)
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            tracing::warn!(error = %e, program, "could not start the file manager");
            AppError::Conflict("无法打开文件夹：本机没有可用的文件管理器，请联系管理员".into())
        })?;
    // Reaped in the background: the file manager may stay open long after.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}
