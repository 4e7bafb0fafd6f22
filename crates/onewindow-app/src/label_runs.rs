//! Batch label runs (批量打印面单): the dispatcher picks envelopes and prints their labels in one
//! run, with progress as it goes and a cancel. Each label's outcome is stored as it happens, so a
//! run cut off by a printer that refuses or by the app being killed is resumed and prints only
//! what is not printed yet. A label that was handed to the printer when the run was cut off
//! (unknown whether it printed) prints again marked 补打: an envelope never goes unlabelled.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use onewindow_domain::courier::{LabelItemState, LabelRunAction, LabelRunState};
use onewindow_domain::{DocumentKind, User};
use onewindow_store::{LabelRunRow, NewLabelRun, StoreError};

use crate::views::{LabelRunItemView, LabelRunProgress, LabelRunRequest, LabelRunView};
use crate::{App, AppError, Result};

/// The most labels one run takes.
pub const MAX_LABELS_PER_RUN: usize = 2000;

/// How often a runner looks at the stored run for a stop made from another station or process.
const RECHECK_EVERY: usize = 20;

fn run_view(r: &LabelRunRow) -> LabelRunView {
    let count = |s: LabelItemState| r.items.iter().filter(|i| i.state == s).count() as u32;
    let printed = count(LabelItemState::Printed);
    LabelRunView {
        id: r.id as u32,
        state: r.state,
        profile: r.profile.clone(),
        queue: r.queue.clone(),
        total: r.items.len() as u32,
        printed,
        failed: count(LabelItemState::Failed),
        remaining: r.items.len() as u32 - printed,
        note: r.events.iter().rev().find(|e| e.action == "stop").map(|e| e.note.clone()).unwrap_or_default(),
        created_by: r.created_by.clone(),
        created_at: r.created_at.to_rfc3339(),
        items: r
            .items
            .iter()
            .map(|i| LabelRunItemView {
                position: i.position as u32,
                waybill: i.waybill.clone(),
                state: i.state,
                print_job: i.print_job_id,
                error: i.error.clone(),
            })
            .collect(),
    }
}

/// Ends the runner's claim on a run however the run ends.
struct Running<'a> {
    app: &'a App,
    id: i64,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.app.label_runs.lock().expect("label runs lock").remove(&self.id);
    }
}

impl App {
    /// Records a run of labels for envelopes of the dispatcher's hall, all checked first: nothing
    /// is stored when one cannot be labelled.
    pub async fn start_label_run(&self, user: &User, request: &LabelRunRequest) -> Result<LabelRunView> {
        let hall = crate::courier::dispatch_hall(user)?;
        let mut waybills: Vec<String> = Vec::with_capacity(request.waybills.len());
        for w in &request.waybills {
            let w = w.trim().to_ascii_uppercase();
            if !w.is_empty() && !waybills.contains(&w) {
                waybills.push(w);
            }
        }
        if waybills.is_empty() {
            return Err(AppError::invalid("waybills", "请选择要打印面单的邮件"));
        }
        if waybills.len() > MAX_LABELS_PER_RUN {
            return Err(AppError::invalid("waybills", format!("一次最多打印{MAX_LABELS_PER_RUN}张面单，请分批打印")));
        }
        let profile = self.profile_for(DocumentKind::Label, request.profile.as_deref())?;
        for w in &waybills {
            let shipment = self.shipment_row(w).await?;
            if shipment.from_hall_code != hall {
                return Err(AppError::invalid(
                    "waybills",
                    format!("邮件{w}由{}封装，不能在本大厅打印面单", shipment.from_hall_name),
                ));
            }
            self.may_label(&shipment).await.map_err(|e| AppError::invalid("waybills", format!("邮件{w}：{e}")))?;
        }
        let queue = request.queue.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_string);
        let run = self
            .store
            .create_label_run(&NewLabelRun {
                hall_code: hall,
                profile: profile.name.clone(),
                queue,
                waybills,
                username: user.username.clone(),
                at: self.now(),
            })
            .await?;
        Ok(run_view(&run))
    }

    /// Prints what of the run is not printed yet, reporting each label to `progress`; a stopped
    /// run is resumed. Returns when the run finishes, is stopped, or a printer refuses a label.
    pub async fn run_labels(
        &self,
        user: &User,
        id: i64,
        progress: &(dyn Fn(LabelRunProgress) + Send + Sync),
    ) -> Result<LabelRunView> {
        let hall = crate::courier::dispatch_hall(user)?;
        let run = self.own_run(&hall, id).await?;
        let cancel = {
            let mut running = self.label_runs.lock().expect("label runs lock");
            if running.contains_key(&id) {
                return Err(AppError::Conflict(format!("批量打印{id}正在打印中")));
            }
            let flag = Arc::new(AtomicBool::new(false));
            running.insert(id, flag.clone());
            flag
        };
        let _running = Running { app: self, id };
        match run.state {
            LabelRunState::Finished => {
                return Err(AppError::Conflict(format!("批量打印{id}已全部打印完成，如需补打请单张打印")))
            }
            // A run left printing by an app that was killed is resumed as it stands.
            from => self.move_run(user, id, from, LabelRunAction::Resume, "").await?,
        }
        let total = run.items.len() as u32;
        let mut done = run.items.iter().filter(|i| !i.state.needs_printing()).count() as u32;
        for (n, item) in run.items.iter().filter(|i| i.state.needs_printing()).enumerate() {
            let stopped_elsewhere = n > 0
                && n % RECHECK_EVERY == 0
                && self.store.label_run(id).await?.is_some_and(|r| r.state != LabelRunState::Printing);
            if cancel.load(Ordering::SeqCst) || stopped_elsewhere {
                break;
            }
            let uncertain = item.state == LabelItemState::Sending;
            self.store.set_label_item(id, item.position, LabelItemState::Sending, None, None).await?;
            let shipment = self.shipment_row(&item.waybill).await?;
            let printed = match self.may_label(&shipment).await {
                Ok(()) => self.print_label(user, &shipment, Some(&run.profile), run.queue.as_deref(), uncertain).await,
                Err(e) => Err(e),
            };
            let (state, job, reprint, error) = match printed {
                Ok(job) if job.error.is_none() => (LabelItemState::Printed, Some(i64::from(job.id)), job.reprint, None),
                Ok(job) => (LabelItemState::Failed, Some(i64::from(job.id)), job.reprint, job.error),
                Err(e) => (LabelItemState::Failed, None, false, Some(e.to_string())),
            };
            self.store.set_label_item(id, item.position, state, job, error.as_deref()).await?;
            done += u32::from(state == LabelItemState::Printed);
            progress(LabelRunProgress {
                run: id as u32,
                done,
                total,
                waybill: item.waybill.clone(),
                state,
                reprint,
                error: error.clone(),
            });
            // A printer that refuses one label refuses the next: stop and let the dispatcher resume.
            if let (Some(why), Some(_)) = (&error, job) {
                self.move_run(user, id, LabelRunState::Printing, LabelRunAction::Stop, why).await?;
                return self.label_run(user, id).await;
            }
        }
        let now = self.store.label_run(id).await?.ok_or_else(|| AppError::NotFound(format!("批量打印{id}")))?;
        if now.state == LabelRunState::Printing {
            let all = now.items.iter().all(|i| !i.state.needs_printing());
            let (action, note) = if all {
                (LabelRunAction::Finish, "")
            } else if cancel.load(Ordering::SeqCst) {
                (LabelRunAction::Stop, "调度员取消")
            } else {
                (LabelRunAction::Stop, "部分面单未能打印")
            };
            self.move_run(user, id, LabelRunState::Printing, action, note).await?;
        }
        self.label_run(user, id).await
    }

    /// Stops a run: the runner finishes the label in hand and stops; resuming prints the rest.
    pub async fn cancel_label_run(&self, user: &User, id: i64) -> Result<LabelRunView> {
        let hall = crate::courier::dispatch_hall(user)?;
        let run = self.own_run(&hall, id).await?;
        let flag = self.label_runs.lock().expect("label runs lock").get(&id).cloned();
        match flag {
            // The runner here stops itself and records why.
            Some(flag) => flag.store(true, Ordering::SeqCst),
            None => self.move_run(user, id, run.state, LabelRunAction::Stop, "调度员取消").await?,
        }
        self.label_run(user, id).await
    }

    pub async fn label_run(&self, user: &User, id: i64) -> Result<LabelRunView> {
        let hall = crate::courier::dispatch_hall(user)?;
        Ok(run_view(&self.own_run(&hall, id).await?))
    }

    /// The hall's recent runs, newest first: those not finished can be resumed.
    pub async fn label_runs(&self, user: &User) -> Result<Vec<LabelRunView>> {
        let hall = crate::courier::dispatch_hall(user)?;
        Ok(self.store.label_runs(&hall, 20).await?.iter().map(run_view).collect())
    }

    async fn own_run(&self, hall: &str, id: i64) -> Result<LabelRunRow> {
        self.store
            .label_run(id)
            .await?
            .filter(|r| r.hall_code == hall)
            .ok_or_else(|| AppError::invalid("run", format!("未找到本大厅的批量打印{id}")))
    }

    async fn move_run(
        &self,
        user: &User,
        id: i64,
        from: LabelRunState,
        action: LabelRunAction,
        note: &str,
    ) -> Result<()> {
        match self.store.move_label_run(id, from, action, note, &user.username, self.now()).await {
            Ok(_) => Ok(()),
            Err(StoreError::Conflict(why)) => Err(AppError::Conflict(format!("批量打印{id}状态已变化：{why}"))),
            Err(e) => Err(e.into()),
        }
    }
}
