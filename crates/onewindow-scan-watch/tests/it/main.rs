//! The watcher against real files in temporary folders, with real timing. Waits for a report are
//! generous (a loaded CI machine), and nothing asserts how fast a report comes.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::thread;
use std::time::Duration;

use onewindow_scan_watch::{is_ignored, settled_files, InboxWatcher, Ready, WatchConfig, WatchError};
use tempfile::TempDir;

const SETTLE: Duration = Duration::from_millis(300);
const PATIENCE: Duration = Duration::from_secs(15);
/// How long to listen for reports that must not come: several settle intervals.
const QUIET: Duration = Duration::from_millis(1200);

fn start(inbox: &Path, poll: Option<Duration>) -> (InboxWatcher, Receiver<Ready>) {
    InboxWatcher::start(WatchConfig { inbox: inbox.to_owned(), settle: SETTLE, poll }).unwrap()
}

fn next(rx: &Receiver<Ready>) -> Ready {
    rx.recv_timeout(PATIENCE).expect("a file should have been reported")
}

fn assert_quiet(rx: &Receiver<Ready>) {
    if let Ok(extra) = rx.recv_timeout(QUIET) {
        panic!("unexpected report: {extra:?}");
    }
}

/// Writes `chunks` chunks of 1000 bytes with `pause` between them, as a slow scanner does; the
/// file is created (at size 0) before this returns, the writing goes on in the background.
fn slow_writer(path: &Path, chunks: usize, pause: Duration) -> thread::JoinHandle<()> {
    let mut file = File::create(path).unwrap();
    thread::spawn(move || {
        for _ in 0..chunks {
            thread::sleep(pause);
            file.write_all(&[b'x'; 1000]).unwrap();
        }
    })
}

#[test]
fn a_copied_file_is_reported_once_with_its_final_size() {
    let (inbox, outside) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (_watcher, rx) = start(inbox.path(), None);
    fs::write(outside.path().join("a.jpg"), vec![7u8; 50_000]).unwrap();
    fs::copy(outside.path().join("a.jpg"), inbox.path().join("a.jpg")).unwrap();
    let ready = next(&rx);
    assert_eq!((ready.path, ready.size), (inbox.path().join("a.jpg"), 50_000));
    assert_quiet(&rx);
}

#[test]
fn a_slow_writer_is_reported_only_after_its_last_chunk() {
    let inbox = TempDir::new().unwrap();
    // The pauses are a small fraction of the settle time, so a busy machine that stretches a pause
    // many times over still does not make the file look finished (the exact settle rule is the
    // tracker's, tested on a fake clock).
    let settle = Duration::from_secs(2);
    let config = WatchConfig { inbox: inbox.path().to_owned(), settle, poll: None };
    let (_watcher, rx) = InboxWatcher::start(config).unwrap();
    let writer = slow_writer(&inbox.path().join("slow.pdf"), 10, Duration::from_millis(40));
    let ready = next(&rx);
    assert_eq!(ready.size, 10_000, "reported before the scanner finished");
    writer.join().unwrap();
    assert_quiet(&rx);
}

#[test]
fn a_file_written_under_a_part_name_is_reported_under_its_final_name_only() {
    let inbox = TempDir::new().unwrap();
    let (_watcher, rx) = start(inbox.path(), None);
    fs::write(inbox.path().join("scan.part"), vec![1u8; 20_000]).unwrap();
    // Long enough that a .part file would have been reported, were it not ignored.
    thread::sleep(2 * SETTLE);
    fs::rename(inbox.path().join("scan.part"), inbox.path().join("scan.jpg")).unwrap();
    let ready = next(&rx);
    assert_eq!((ready.path, ready.size), (inbox.path().join("scan.jpg"), 20_000));
    assert_quiet(&rx);
}

#[test]
fn a_file_moved_in_from_another_folder_is_reported() {
    // Both folders under the same parent, so the move is a rename with only a Name(To) event.
    let (inbox, outside) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    fs::write(outside.path().join("moved.tif"), b"scan").unwrap();
    let (_watcher, rx) = start(inbox.path(), None);
    fs::rename(outside.path().join("moved.tif"), inbox.path().join("moved.tif")).unwrap();
    let ready = next(&rx);
    assert_eq!((ready.path, ready.size), (inbox.path().join("moved.tif"), 4));
}

#[test]
fn files_present_before_start_are_reported() {
    let inbox = TempDir::new().unwrap();
    fs::write(inbox.path().join("1.jpg"), b"one").unwrap();
    fs::write(inbox.path().join("2.jpg"), b"two!").unwrap();
    let (_watcher, rx) = start(inbox.path(), None);
    let mut got = [next(&rx), next(&rx)];
    got.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(got[0].path, inbox.path().join("1.jpg"));
    assert_eq!((&got[1].path, got[1].size), (&inbox.path().join("2.jpg"), 4));
    assert_quiet(&rx);
}

#[test]
fn ignored_names_and_directories_are_never_reported() {
    let inbox = TempDir::new().unwrap();
    fs::write(inbox.path().join(".hidden-before"), b"x").unwrap();
    fs::create_dir(inbox.path().join("folder-before")).unwrap();
    let (_watcher, rx) = start(inbox.path(), None);
    for name in [".hidden", "a.tmp", "b.part", "c.partial", "d.crdownload", ".e.swp", "f.jpg~", "G.TMP"] {
        fs::write(inbox.path().join(name), b"x").unwrap();
    }
    fs::create_dir(inbox.path().join("folder")).unwrap();
    // Not recursive: a file in a sub-folder is not the inbox's business.
    fs::write(inbox.path().join("folder").join("inner.jpg"), b"x").unwrap();
    fs::write(inbox.path().join("ok.jpg"), b"x").unwrap();
    assert_eq!(next(&rx).path, inbox.path().join("ok.jpg"));
    assert_quiet(&rx);
}

#[test]
fn is_ignored_names() {
    for name in [".x.jpg", "a.tmp", "a.PART", "a.partial", "a.crdownload", "a.swp", "a~"] {
        assert!(is_ignored(OsStr::new(name)), "{name}");
    }
    for name in ["a.jpg", "scan.pdf", "part", "tmp.jpg", "a.partial.jpg"] {
        assert!(!is_ignored(OsStr::new(name)), "{name}");
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_only_once_readable() {
    use std::os::unix::fs::PermissionsExt;
    let (inbox, outside) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let staged = outside.path().join("locked.jpg");
    fs::write(&staged, b"locked").unwrap();
    fs::set_permissions(&staged, fs::Permissions::from_mode(0o000)).unwrap();
    if File::open(&staged).is_ok() {
        // Root reads whatever the mode says (as CI runs): the test runs again as an unprivileged
        // user, never skipped.
        return run_unprivileged("an_unreadable_file_is_reported_only_once_readable");
    }
    let (_watcher, rx) = start(inbox.path(), None);
    let locked = inbox.path().join("locked.jpg");
    fs::rename(&staged, &locked).unwrap();
    assert_quiet(&rx);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(next(&rx).path, locked);
}

/// Runs the test `name` of this binary as the user nobody (setpriv, from util-linux), from a copy
/// of the binary that user can reach, and fails unless it ran and passed there.
#[cfg(unix)]
fn run_unprivileged(name: &str) {
    use std::os::unix::fs::PermissionsExt;
    assert!(std::env::var_os("OW_UNPRIVILEGED").is_none(), "still privileged after dropping to nobody");
    let dir = tempfile::Builder::new().prefix("ow-unprivileged-").tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let exe = dir.path().join("it");
    fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&exe)
        .args([name, "--exact", "--test-threads=1"])
        .env("OW_UNPRIVILEGED", "1")
        .env("TMPDIR", "/tmp")
        .current_dir("/tmp")
        .output()
        .expect("setpriv (util-linux) runs the test as nobody");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "as nobody: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_polling_watcher_reports_a_copied_file() {
    let (inbox, outside) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (_watcher, rx) = start(inbox.path(), Some(Duration::from_millis(100)));
    fs::write(outside.path().join("net.jpg"), vec![3u8; 30_000]).unwrap();
    fs::copy(outside.path().join("net.jpg"), inbox.path().join("net.jpg")).unwrap();
    let ready = next(&rx);
    assert_eq!((ready.path, ready.size), (inbox.path().join("net.jpg"), 30_000));
}

#[test]
fn a_file_changed_after_reporting_is_reported_again() {
    let inbox = TempDir::new().unwrap();
    let (_watcher, rx) = start(inbox.path(), None);
    fs::write(inbox.path().join("a.jpg"), b"first").unwrap();
    assert_eq!(next(&rx).size, 5);
    fs::write(inbox.path().join("a.jpg"), b"second!").unwrap();
    assert_eq!(next(&rx).size, 7);
}

#[test]
fn stop_ends_the_worker() {
    let inbox = TempDir::new().unwrap();
    let (watcher, rx) = start(inbox.path(), None);
    watcher.stop();
    // The worker dropped its sender: the channel is closed, not merely empty.
    assert_eq!(rx.recv_timeout(PATIENCE), Err(std::sync::mpsc::RecvTimeoutError::Disconnected));
}

#[test]
fn a_missing_inbox_or_a_file_is_refused_with_a_message_naming_it() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("无此文件夹");
    let err = InboxWatcher::start(WatchConfig::new(&missing)).err().unwrap();
    assert!(matches!(err, WatchError::Missing(_)));
    assert!(err.to_string().contains("无此文件夹"), "{err}");
    let file = dir.path().join("file");
    fs::write(&file, b"").unwrap();
    let err = settled_files(&file, SETTLE, SETTLE).unwrap_err();
    assert!(matches!(err, WatchError::NotADirectory(_)), "{err}");
}

#[test]
fn settled_files_returns_present_files_and_waits_for_a_slow_writer() {
    let inbox = TempDir::new().unwrap();
    fs::write(inbox.path().join("done.jpg"), b"done").unwrap();
    fs::write(inbox.path().join(".ignored"), b"x").unwrap();
    fs::create_dir(inbox.path().join("sub")).unwrap();
    let writer = slow_writer(&inbox.path().join("slow.pdf"), 10, Duration::from_millis(150));
    let files = settled_files(inbox.path(), SETTLE, PATIENCE).unwrap();
    writer.join().unwrap();
    let got: Vec<_> = files.iter().map(|f| (f.path.file_name().unwrap().to_str().unwrap(), f.size)).collect();
    assert_eq!(got, [("done.jpg", 4), ("slow.pdf", 10_000)]);
}

#[test]
fn settled_files_leaves_out_a_file_still_being_written_at_the_timeout() {
    let inbox = TempDir::new().unwrap();
    fs::write(inbox.path().join("done.jpg"), b"done").unwrap();
    let writer = slow_writer(&inbox.path().join("slow.pdf"), 20, Duration::from_millis(150));
    let files = settled_files(inbox.path(), SETTLE, Duration::from_millis(1500)).unwrap();
    writer.join().unwrap();
    let names: Vec<_> = files.iter().map(|f| f.path.file_name().unwrap().to_owned()).collect();
    assert_eq!(names, ["done.jpg"]);
}
