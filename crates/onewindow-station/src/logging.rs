//! The log of a station: a rotating file in the data directory (`logs/<program>.log`, a new file
//! past 5 MB, files older than a week deleted) and standard error. Whatever is written, to
//! either, passes `scrub_personal` first, so no full identifier or phone number reaches a log
//! whatever a message or an error's cause carries.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use file_rotate::compression::Compression;
use file_rotate::suffix::{AppendTimestamp, FileLimit};
use file_rotate::{ContentLimit, FileRotate};
use onewindow_domain::identifiers::scrub_personal;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// A file is closed and a new one begun past this size.
const FILE_BYTES: usize = 5 * 1024 * 1024;

/// Where the logs of a station with data directory `data_dir` are.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Sends the process's log to `logs/<program>.log` under `data_dir` (info and above) and to
/// standard error as `RUST_LOG` says, else at `stderr_level` (`"off"` for the CLI, whose standard
/// error carries its JSON errors). Without a usable data directory the log goes to standard
/// error alone, and the reason with it.
pub fn init(data_dir: Option<&Path>, program: &str, stderr_level: &str) {
    let stderr = fmt::layer()
        .with_writer(|| Scrubbed(io::stderr()))
        .with_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(stderr_level)));
    let mut problem = None;
    let file = data_dir.and_then(|dir| {
        let dir = log_dir(dir);
        match std::fs::create_dir_all(&dir) {
            Ok(()) => Some(rotating(&dir.join(format!("{program}.log")))),
            Err(e) => {
                problem = Some(format!("无法创建日志目录 {}：{e}", dir.display()));
                None
            }
        }
    });
    let file =
        file.map(|f| fmt::layer().with_ansi(false).with_writer(Mutex::new(Scrubbed(f))).with_filter(LevelFilter::INFO));
    // A second initialisation (tests) keeps the first.
    let _ = tracing_subscriber::registry().with(stderr).with(file).try_init();
    if let Some(problem) = problem {
        tracing::warn!(%problem, "logging to standard error only");
    }
}

fn rotating(path: &Path) -> FileRotate<AppendTimestamp> {
    FileRotate::new(
        path,
        AppendTimestamp::default(FileLimit::Age(chrono::Duration::days(7))),
        ContentLimit::BytesSurpassed(FILE_BYTES),
        Compression::None,
        None,
    )
}

/// A writer that masks identifiers and phone numbers in what passes through it. The formatter
/// hands it one whole line per write.
struct Scrubbed<W>(W);

impl<W: Write> Write for Scrubbed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(scrub_personal(&String::from_utf8_lossy(buf)).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_is_masked_and_the_file_rotates_past_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.log");
        let mut w = Scrubbed(FileRotate::new(
            &path,
            AppendTimestamp::default(FileLimit::Age(chrono::Duration::days(7))),
            ContentLimit::BytesSurpassed(64),
            Compression::None,
            None,
        ));
        for _ in 0..4 {
            w.write_all("身份证号码440703199001011239校验位错误，电话13812345678\n".as_bytes()).unwrap();
        }
        w.flush().unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
        assert!(files.len() >= 2, "rotated: {files:?}");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            assert!(!text.contains("440703199001011239") && !text.contains("13812345678"), "{text}");
            assert!(text.is_empty() || text.contains("4407**********1239"), "{text}");
        }
    }
}
