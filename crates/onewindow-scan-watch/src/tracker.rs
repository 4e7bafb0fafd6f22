//! The completeness rule, apart from any watcher so it can be driven by a fake clock and file
//! system: a file is complete once its size and mtime have not changed for `settle` and it opens.

use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::Ready;

/// Scanner drivers and virus scanners hold files exclusively for a while; retrying fast at first
/// catches the common short lock, the cap keeps a long-locked file from costing much.
const FIRST_RETRY: Duration = Duration::from_millis(100);
const MAX_RETRY: Duration = Duration::from_secs(5);

/// What is compared between looks at a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Obs {
    pub size: u64,
    pub modified: SystemTime,
}

/// The file system as the tracker sees it; tests put a fake in its place.
pub(crate) trait Probe {
    /// `Ok(None)` when the path is there but is not a regular file.
    fn stat(&self, path: &Path) -> io::Result<Option<Obs>>;
    /// Opens for reading and describes what was opened.
    fn open(&self, path: &Path) -> io::Result<Obs>;
}

pub(crate) struct Fs;

impl Probe for Fs {
    fn stat(&self, path: &Path) -> io::Result<Option<Obs>> {
        let meta = std::fs::metadata(path)?;
        Ok(meta
            .is_file()
            .then(|| Obs { size: meta.len(), modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH) }))
    }

    fn open(&self, path: &Path) -> io::Result<Obs> {
        // The handle's own metadata, so a write slipped in between stat and open is noticed.
        let meta = File::open(path)?.metadata()?;
        Ok(Obs { size: meta.len(), modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH) })
    }
}

struct Entry {
    seen: Option<Obs>,
    /// When `seen` was first observed: stability is counted from our look, not from the mtime,
    /// because clocks of network shares and scanners cannot be trusted.
    since: Instant,
    reported: Option<Obs>,
    /// Inactive entries are not looked at on ticks; an event makes them active again.
    active: bool,
    retry_at: Option<Instant>,
    backoff: Duration,
}

pub(crate) struct Tracker {
    settle: Duration,
    entries: HashMap<PathBuf, Entry>,
}

impl Tracker {
    pub fn new(settle: Duration) -> Self {
        Tracker { settle, entries: HashMap::new() }
    }

    /// Something may have happened to `path`: look at it again on the next check.
    pub fn touch(&mut self, path: PathBuf, now: Instant) {
        self.entries
            .entry(path)
            .or_insert(Entry {
                seen: None,
                since: now,
                reported: None,
                active: true,
                retry_at: None,
                backoff: FIRST_RETRY,
            })
            .active = true;
    }

    pub fn has_active(&self) -> bool {
        self.entries.values().any(|e| e.active)
    }

    /// Looks at every active path; returns the ones that just became complete, sorted by path.
    pub fn check(&mut self, now: Instant, probe: &impl Probe) -> Vec<Ready> {
        let mut ready = Vec::new();
        let settle = self.settle;
        self.entries.retain(|path, e| {
            if !e.active {
                return true;
            }
            let obs = match probe.stat(path) {
                Ok(Some(obs)) => obs,
                // Gone, moved away or a directory: forget it; an event brings it back if needed.
                Ok(None) | Err(_) => return false,
            };
            if e.seen != Some(obs) {
                e.seen = Some(obs);
                e.since = now;
                e.retry_at = None;
                e.backoff = FIRST_RETRY;
                return true;
            }
            if e.reported == Some(obs) {
                e.active = false;
                return true;
            }
            if now.duration_since(e.since) < settle || e.retry_at.is_some_and(|at| now < at) {
                return true;
            }
            match probe.open(path) {
                Ok(opened) if opened == obs => {
                    ready.push(Ready { path: path.clone(), size: obs.size, modified: obs.modified });
                    e.reported = Some(obs);
                    e.active = false;
                    e.retry_at = None;
                    e.backoff = FIRST_RETRY;
                }
                Ok(opened) => {
                    e.seen = Some(opened);
                    e.since = now;
                }
                Err(err) => {
                    tracing::debug!(path = %path.display(), %err, retry_in = ?e.backoff, "scan not readable yet");
                    e.retry_at = Some(now + e.backoff);
                    e.backoff = (e.backoff * 2).min(MAX_RETRY);
                }
            }
            true
        });
        ready.sort_by(|a, b| a.path.cmp(&b.path));
        ready
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};

    /// One file whose readability and contents the test sets; counts open attempts.
    struct Fake {
        obs: Cell<Option<Obs>>,
        readable: Cell<bool>,
        opens: RefCell<Vec<Instant>>,
    }

    impl Probe for Fake {
        fn stat(&self, _: &Path) -> io::Result<Option<Obs>> {
            self.obs.get().map(Some).ok_or_else(|| io::ErrorKind::NotFound.into())
        }
        fn open(&self, _: &Path) -> io::Result<Obs> {
            self.opens.borrow_mut().push(Instant::now());
            if self.readable.get() {
                Ok(self.obs.get().unwrap())
            } else {
                Err(io::ErrorKind::PermissionDenied.into())
            }
        }
    }

    fn obs(size: u64) -> Obs {
        Obs { size, modified: SystemTime::UNIX_EPOCH + Duration::from_secs(size) }
    }

    fn fake(size: u64, readable: bool) -> Fake {
        Fake { obs: Cell::new(Some(obs(size))), readable: Cell::new(readable), opens: RefCell::default() }
    }

    const SETTLE: Duration = Duration::from_millis(1000);
    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn reports_only_after_unchanged_for_the_settle_interval() {
        let (t0, fs, mut tr) = (Instant::now(), fake(10, true), Tracker::new(SETTLE));
        tr.touch("a".into(), t0);
        assert!(tr.check(t0, &fs).is_empty());
        fs.obs.set(Some(obs(20)));
        assert!(tr.check(t0 + 900 * MS, &fs).is_empty(), "size changed: the clock restarts");
        assert!(tr.check(t0 + 1800 * MS, &fs).is_empty());
        let ready = tr.check(t0 + 1900 * MS, &fs);
        assert_eq!(ready, vec![Ready { path: "a".into(), size: 20, modified: obs(20).modified }]);
        assert!(!tr.has_active());
    }

    #[test]
    fn an_unreadable_file_is_retried_with_a_capped_backoff_until_it_opens() {
        let (t0, fs, mut tr) = (Instant::now(), fake(10, false), Tracker::new(SETTLE));
        tr.touch("a".into(), t0);
        tr.check(t0, &fs);
        // Check every 10 ms for a minute of fake time and note when an open was attempted.
        let mut attempts = Vec::new();
        for i in 100..6100u32 {
            let now = t0 + i * 10 * MS;
            let before = fs.opens.borrow().len();
            assert!(tr.check(now, &fs).is_empty(), "never reported while unreadable");
            if fs.opens.borrow().len() > before {
                attempts.push(now.duration_since(t0));
            }
        }
        assert!(tr.has_active(), "still waiting for it");
        let gaps: Vec<Duration> = attempts.windows(2).map(|w| w[1] - w[0]).collect();
        assert_eq!(&gaps[..4], &[100 * MS, 200 * MS, 400 * MS, 800 * MS], "doubling from 100 ms");
        assert!(gaps.windows(2).all(|w| w[1] >= w[0]), "never speeding up: {gaps:?}");
        assert_eq!(*gaps.last().unwrap(), MAX_RETRY, "capped");

        fs.readable.set(true);
        let mut now = t0 + 61 * SETTLE;
        let ready = loop {
            let ready = tr.check(now, &fs);
            if !ready.is_empty() || now > t0 + 70 * SETTLE {
                break ready;
            }
            now += 10 * MS;
        };
        assert_eq!(ready.len(), 1, "reported once readable, within one capped backoff");
    }

    #[test]
    fn a_change_after_reporting_is_reported_again_and_a_plain_touch_is_not() {
        let (t0, fs, mut tr) = (Instant::now(), fake(10, true), Tracker::new(SETTLE));
        tr.touch("a".into(), t0);
        tr.check(t0, &fs);
        assert_eq!(tr.check(t0 + SETTLE, &fs).len(), 1);
        tr.touch("a".into(), t0 + 2 * SETTLE);
        assert!(tr.check(t0 + 2 * SETTLE, &fs).is_empty());
        assert!(tr.check(t0 + 4 * SETTLE, &fs).is_empty(), "unchanged: not reported twice");
        fs.obs.set(Some(obs(30)));
        tr.touch("a".into(), t0 + 5 * SETTLE);
        tr.check(t0 + 5 * SETTLE, &fs);
        assert_eq!(tr.check(t0 + 6 * SETTLE, &fs)[0].size, 30);
    }

    #[test]
    fn a_file_that_disappears_is_forgotten() {
        let (t0, fs, mut tr) = (Instant::now(), fake(10, true), Tracker::new(SETTLE));
        tr.touch("a".into(), t0);
        tr.check(t0, &fs);
        fs.obs.set(None);
        assert!(tr.check(t0 + 2 * SETTLE, &fs).is_empty());
        assert!(!tr.has_active() && tr.entries.is_empty());
    }

    #[test]
    fn a_write_between_stat_and_open_restarts_the_clock() {
        struct Racy(Fake);
        impl Probe for Racy {
            fn stat(&self, p: &Path) -> io::Result<Option<Obs>> {
                self.0.stat(p)
            }
            fn open(&self, _: &Path) -> io::Result<Obs> {
                Ok(obs(99))
            }
        }
        let (t0, fs, mut tr) = (Instant::now(), Racy(fake(10, true)), Tracker::new(SETTLE));
        tr.touch("a".into(), t0);
        tr.check(t0, &fs);
        assert!(tr.check(t0 + SETTLE, &fs).is_empty());
        assert!(tr.has_active());
    }
}
