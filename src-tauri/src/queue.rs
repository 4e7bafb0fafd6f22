//! The department queue follows every station: while a reviewer is signed in, the window is told
//! (`queue-changed`) when their department's queue may have changed, and re-reads it. On the city
//! database that is the database's own wake-up (LISTEN/NOTIFY, and after a reconnect always); on a
//! hall's own file, which only this station and the CLI write, a tick.

use std::sync::Arc;
use std::time::Duration;

use onewindow_app::{App, QueueWakeup};
use tauri::{AppHandle, Emitter};
use tokio::sync::{mpsc, oneshot};

pub const QUEUE_CHANGED: &str = "queue-changed";

/// How often a hall's station re-reads without a wake-up to go on.
const TICK: Duration = Duration::from_secs(15);

/// Follows `department`'s queue for one session: until the returned sender is dropped (at
/// sign-out), which also ends the database listener.
pub fn follow(handle: AppHandle, app: Arc<App>, department: String) -> oneshot::Sender<()> {
    let (session, mut ended) = oneshot::channel::<()>();
    tauri::async_runtime::spawn(async move {
        let mut wakeups = match app.queue_wakeups().await {
            Ok(wakeups) => wakeups,
            Err(e) => {
                tracing::warn!(error = %e, "the queue's wake-ups did not start; re-reading on a tick instead");
                None
            }
        };
        // The listener keeps what it needs; the session's application is not held past sign-out.
        drop(app);
        loop {
            let wakeup = tokio::select! {
                _ = &mut ended => return,
                wakeup = next(&mut wakeups) => wakeup,
            };
            match wakeup {
                Some(QueueWakeup::Department(code)) if code != department => {}
                Some(_) => {
                    let _ = handle.emit(QUEUE_CHANGED, ());
                }
                None => {
                    tracing::warn!("the queue's wake-ups ended; re-reading on a tick instead");
                    wakeups = None;
                }
            }
        }
    });
    session
}

async fn next(wakeups: &mut Option<mpsc::Receiver<QueueWakeup>>) -> Option<QueueWakeup> {
    match wakeups {
        Some(listener) => listener.recv().await,
        None => {
            tokio::time::sleep(TICK).await;
            Some(QueueWakeup::Missed)
        }
    }
}
