//! The scan inbox: watches one folder that scanner software drops files into and reports each
//! file once it is complete. It knows nothing of cases, databases or file types; the application
//! decides what to import and de-duplicates by content.
//!
//! File-system events only say "look at this path again". Whether a file is complete is always
//! decided by looking: size and mtime unchanged for the settle interval, and the file opens.
//! Scanners create files at size 0 and write for seconds, files arrive by rename with no write
//! event at all, and Windows, macOS and network shares give no close-after-write event.

mod tracker;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use tracker::{Fs, Tracker};

pub struct WatchConfig {
    pub inbox: PathBuf,
    /// How long size and mtime must stay unchanged (default 1 s).
    pub settle: Duration,
    /// Some(interval): poll the folder instead of native events (network shares).
    pub poll: Option<Duration>,
}

impl WatchConfig {
    pub fn new(inbox: impl Into<PathBuf>) -> Self {
        WatchConfig { inbox: inbox.into(), settle: Duration::from_secs(1), poll: None }
    }
}

/// A complete file, as it was when it was found complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ready {
    pub path: PathBuf,
    pub size: u64,
    pub modified: SystemTime,
}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("扫描收件文件夹不存在：{}", .0.display())]
    Missing(PathBuf),
    #[error("扫描收件路径不是文件夹：{}", .0.display())]
    NotADirectory(PathBuf),
    #[error("无法读取扫描收件文件夹 {}：{source}", .path.display())]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("无法监视扫描收件文件夹 {}：{source}", .path.display())]
    Watch { path: PathBuf, source: notify::Error },
}

/// Whether a file name is one the watcher ignores (dot, temp and partial files).
pub fn is_ignored(name: &OsStr) -> bool {
    let name = name.to_string_lossy().to_lowercase();
    name.starts_with('.')
        || name.ends_with('~')
        || [".tmp", ".part", ".partial", ".crdownload", ".swp"].iter().any(|ext| name.ends_with(ext))
}

enum Msg {
    Event(notify::Result<Event>),
    Stop,
}

pub struct InboxWatcher {
    // Dropped before the worker is stopped, so no event arrives after `Stop`.
    watcher: Option<Box<dyn Watcher + Send>>,
    to_worker: Sender<Msg>,
    worker: Option<JoinHandle<()>>,
}

impl InboxWatcher {
    /// Starts watching; complete files arrive on the receiver. Files already present are included.
    pub fn start(config: WatchConfig) -> Result<(InboxWatcher, Receiver<Ready>), WatchError> {
        let inbox = config.inbox;
        check_inbox(&inbox)?;
        let (to_worker, from_watcher) = mpsc::channel();
        let handler = {
            let tx = to_worker.clone();
            move |event| {
                let _ = tx.send(Msg::Event(event));
            }
        };
        let watch_error = |source| WatchError::Watch { path: inbox.clone(), source };
        let mut watcher: Box<dyn Watcher + Send> = match config.poll {
            Some(interval) => Box::new(
                PollWatcher::new(handler, notify::Config::default().with_poll_interval(interval))
                    .map_err(watch_error)?,
            ),
            None => Box::new(RecommendedWatcher::new(handler, notify::Config::default()).map_err(watch_error)?),
        };
        watcher.watch(&inbox, RecursiveMode::NonRecursive).map_err(watch_error)?;
        // Listed after watching starts, so a file arriving in between is seen one way or the other.
        let present = list(&inbox)?;

        let (ready_tx, ready_rx) = mpsc::channel();
        let path = inbox.clone();
        let worker = std::thread::Builder::new()
            .name("scan-inbox".into())
            .spawn(move || run(inbox, config.settle, present, from_watcher, ready_tx))
            .map_err(|err| WatchError::Watch { path, source: notify::Error::io(err) })?;
        Ok((InboxWatcher { watcher: Some(watcher), to_worker, worker: Some(worker) }, ready_rx))
    }

    /// Stops the watcher and its thread (also on drop).
    pub fn stop(self) {
        drop(self)
    }
}

impl Drop for InboxWatcher {
    fn drop(&mut self) {
        self.watcher.take();
        let _ = self.to_worker.send(Msg::Stop);
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// For one-shot runs (`--once`): the complete files in the inbox now, waiting for files still
/// being written to settle, up to `timeout` (files still changing at the timeout are left out).
pub fn settled_files(inbox: &Path, settle: Duration, timeout: Duration) -> Result<Vec<Ready>, WatchError> {
    check_inbox(inbox)?;
    let start = Instant::now();
    let deadline = start + timeout;
    let mut tracker = Tracker::new(settle);
    for path in list(inbox)? {
        tracker.touch(path, start);
    }
    let mut ready = tracker.check(start, &Fs);
    while tracker.has_active() && Instant::now() < deadline {
        std::thread::sleep(tick(settle).min(deadline.saturating_duration_since(Instant::now())));
        ready.extend(tracker.check(Instant::now(), &Fs));
    }
    ready.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(ready)
}

/// Often enough that a file is reported soon after it settles, rarely enough to cost nothing.
fn tick(settle: Duration) -> Duration {
    (settle / 4).max(Duration::from_millis(50))
}

fn check_inbox(inbox: &Path) -> Result<(), WatchError> {
    match std::fs::metadata(inbox) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(WatchError::NotADirectory(inbox.to_owned())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(WatchError::Missing(inbox.to_owned())),
        Err(source) => Err(WatchError::Unreadable { path: inbox.to_owned(), source }),
    }
}

/// The inbox's entries worth a look; directories are dropped later, by the tracker's stat.
fn list(inbox: &Path) -> Result<Vec<PathBuf>, WatchError> {
    let unreadable = |source| WatchError::Unreadable { path: inbox.to_owned(), source };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(inbox).map_err(unreadable)? {
        let name = entry.map_err(unreadable)?.file_name();
        if !is_ignored(&name) {
            paths.push(inbox.join(name));
        }
    }
    Ok(paths)
}

fn run(inbox: PathBuf, settle: Duration, present: Vec<PathBuf>, events: Receiver<Msg>, ready: Sender<Ready>) {
    let mut tracker = Tracker::new(settle);
    let now = Instant::now();
    for path in present {
        tracker.touch(path, now);
    }
    let mut next_check = now;
    loop {
        // Idle (nothing being written): sleep until an event, instead of ticking.
        let msg = if tracker.has_active() {
            match events.recv_timeout(next_check.saturating_duration_since(Instant::now())) {
                Ok(msg) => Some(msg),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        } else {
            match events.recv() {
                Ok(msg) => Some(msg),
                Err(_) => return,
            }
        };
        match msg {
            Some(Msg::Stop) => return,
            Some(Msg::Event(event)) => on_event(&inbox, event, &mut tracker),
            None => {}
        }
        let now = Instant::now();
        // A slow write sends thousands of events; look at most once a tick however many come.
        if now >= next_check {
            for file in tracker.check(now, &Fs) {
                tracing::debug!(path = %file.path.display(), size = file.size, "scan complete");
                if ready.send(file).is_err() {
                    return;
                }
            }
            next_check = now + tick(settle);
        }
    }
}

fn on_event(inbox: &Path, event: notify::Result<Event>, tracker: &mut Tracker) {
    let now = Instant::now();
    let event = match event {
        Ok(event) => event,
        Err(err) => {
            // Events may have been lost: look at everything again.
            tracing::warn!(inbox = %inbox.display(), %err, "scan inbox watcher error; rescanning");
            return rescan(inbox, tracker, now);
        }
    };
    if event.need_rescan() {
        return rescan(inbox, tracker, now);
    }
    // Our own opens of finished files come back as access events; only a write-close matters.
    if let EventKind::Access(kind) = event.kind {
        if kind != AccessKind::Close(AccessMode::Write) {
            return;
        }
    }
    // Paths are the watcher's spelling of the inbox (absolute, or canonical on macOS): keep only
    // the name. An event for the inbox itself becomes a look at a path that is not there: harmless.
    for path in &event.paths {
        if let Some(name) = path.file_name().filter(|name| !is_ignored(name)) {
            tracker.touch(inbox.join(name), now);
        }
    }
}

fn rescan(inbox: &Path, tracker: &mut Tracker, now: Instant) {
    match list(inbox) {
        Ok(paths) => paths.into_iter().for_each(|path| tracker.touch(path, now)),
        Err(err) => tracing::warn!(%err, "scan inbox rescan failed"),
    }
}
