//! Scanning straight into the inbox through SANE's `scanimage`: pages are written into a hidden
//! folder of the inbox (the watcher ignores it) and renamed into the inbox one by one once whole,
//! so the ingest never sees half a page.

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaneDevice {
    /// e.g. `test:0`, `epsonds:libusb:001:004`.
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaneSettings {
    pub device: String,
    /// Dots per inch.
    pub resolution: u32,
    /// `Color`, `Gray` or `Lineart`, as the device names them.
    pub mode: String,
    /// Both sides of each sheet, where the feeder offers it.
    pub duplex: bool,
    /// Pages from the document feeder; one page from the flatbed when none.
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaneError {
    #[error("找不到 scanimage：请安装 sane-utils")]
    NotInstalled,
    #[error("扫描设置无效：{0}")]
    Invalid(String),
    #[error("扫描失败：{0}")]
    Failed(String),
}

fn scanimage() -> Command {
    Command::new("scanimage")
}

fn run(mut command: Command) -> Result<std::process::Output, SaneError> {
    command.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => SaneError::NotInstalled,
        _ => SaneError::Failed(e.to_string()),
    })
}

/// The scanners SANE finds.
pub fn devices() -> Result<Vec<SaneDevice>, SaneError> {
    let mut c = scanimage();
    c.args(["-f", "%d\t%v %m %t%n"]);
    let out = run(c)?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(name, description)| SaneDevice { name: name.to_string(), description: description.trim().to_string() })
        .collect())
}

/// The sources a device offers (`Flatbed`, `ADF Duplex`, …).
fn sources(device: &str) -> Vec<String> {
    let mut c = scanimage();
    c.args(["-d", device, "-A"]);
    let Ok(out) = run(c) else { return Vec::new() };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("--source "))
        .map(|list| list.split(" [").next().unwrap_or("").split('|').map(str::to_string).collect())
        .unwrap_or_default()
}

/// Scans into `inbox`; returns the files it put there, in page order.
pub fn acquire(settings: &SaneSettings, inbox: &Path, stamp: &str) -> Result<Vec<PathBuf>, SaneError> {
    if !(25..=1200).contains(&settings.resolution) {
        return Err(SaneError::Invalid(format!("分辨率应为25至1200 dpi，实际为{}", settings.resolution)));
    }
    if !matches!(settings.mode.as_str(), "Color" | "Gray" | "Lineart") {
        return Err(SaneError::Invalid(format!("颜色模式应为 Color、Gray 或 Lineart，实际为“{}”", settings.mode)));
    }
    if settings.device.is_empty() || settings.device.starts_with('-') {
        return Err(SaneError::Invalid("请选择扫描仪".into()));
    }
    let work = inbox.join(format!(".sane-{stamp}"));
    std::fs::create_dir_all(&work).map_err(|e| SaneError::Failed(format!("无法写入扫描收件箱：{e}")))?;
    let mut c = scanimage();
    c.args([
        "-d",
        &settings.device,
        "--format=jpeg",
        "--resolution",
        &settings.resolution.to_string(),
        "--mode",
        &settings.mode,
    ]);
    let offered = sources(&settings.device);
    if settings.duplex {
        let duplex = offered
            .iter()
            .find(|s| s.to_lowercase().contains("duplex"))
            .ok_or_else(|| SaneError::Invalid("该扫描仪不支持双面扫描".into()))?;
        c.args(["--source", duplex]);
    } else if settings.pages.is_some() {
        if let Some(feeder) = offered.iter().find(|s| s.contains("ADF") || s.contains("Feeder")) {
            c.args(["--source", feeder]);
        }
    }
    let pattern = work.join("page%03d.jpg");
    c.arg(format!("--batch={}", pattern.display()));
    c.arg(format!("--batch-count={}", settings.pages.unwrap_or(1)));
    let out = run(c)?;
    let mut pages: Vec<PathBuf> =
        std::fs::read_dir(&work).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    pages.sort();
    if !out.status.success() && pages.is_empty() {
        let _ = std::fs::remove_dir_all(&work);
        return Err(SaneError::Failed(String::from_utf8_lossy(&out.stderr).trim().to_string()));
    }
    let mut placed = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        let target = inbox.join(format!("扫描 {stamp} 第{}页.jpg", i + 1));
        std::fs::rename(page, &target).map_err(|e| SaneError::Failed(e.to_string()))?;
        placed.push(target);
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(placed)
}
