use onewindow_app::views::{DispatchWorkView, ShipmentRequest, ShipmentView, WaybillRangeImport, WaybillRangeView};
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn waybill_ranges(state: State<'_, AppState>) -> IpcResult<Vec<WaybillRangeView>> {
    let user = state.user()?;
    Ok(state.app()?.waybill_ranges(&user).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_waybill_range(
    state: State<'_, AppState>,
    request: WaybillRangeImport,
) -> IpcResult<WaybillRangeView> {
    let user = state.user()?;
    Ok(state.app()?.import_waybill_range(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn dispatch_work(state: State<'_, AppState>) -> IpcResult<DispatchWorkView> {
    let user = state.user()?;
    Ok(state.app()?.dispatch_work(&user).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_shipment(state: State<'_, AppState>, request: ShipmentRequest) -> IpcResult<ShipmentView> {
    let user = state.user()?;
    Ok(state.app()?.create_shipment(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_shipment(state: State<'_, AppState>, waybill: String, reason: String) -> IpcResult<ShipmentView> {
    let user = state.user()?;
    Ok(state.app()?.cancel_shipment(&user, &waybill, &reason).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_shipments(state: State<'_, AppState>, number: String) -> IpcResult<Vec<ShipmentView>> {
    state.user()?;
    Ok(state.app()?.case_shipments(&number).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn start_handover(
    state: State<'_, AppState>,
    request: onewindow_app::views::HandoverRequest,
) -> IpcResult<onewindow_app::views::HandoverView> {
    let user = state.user()?;
    Ok(state.app()?.start_handover(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn scan_handover(
    state: State<'_, AppState>,
    id: i64,
    waybill: String,
) -> IpcResult<onewindow_app::views::HandoverView> {
    let user = state.user()?;
    Ok(state.app()?.scan_handover(&user, id, &waybill).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn close_handover(state: State<'_, AppState>, id: i64) -> IpcResult<onewindow_app::views::HandoverView> {
    let user = state.user()?;
    Ok(state.app()?.close_handover(&user, id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn receive_shipment(
    state: State<'_, AppState>,
    request: onewindow_app::views::ReceiveRequest,
) -> IpcResult<ShipmentView> {
    let user = state.user()?;
    Ok(state.app()?.receive(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_custody(state: State<'_, AppState>, number: String) -> IpcResult<onewindow_app::views::CustodyView> {
    state.user()?;
    Ok(state.app()?.custody(&number).await?)
}

/// Starts a batch label run and prints it, each label reported on `on_progress` as it goes.
#[tauri::command(rename_all = "snake_case")]
pub async fn print_labels(
    state: State<'_, AppState>,
    request: onewindow_app::views::LabelRunRequest,
    on_progress: tauri::ipc::Channel<onewindow_app::views::LabelRunProgress>,
) -> IpcResult<onewindow_app::views::LabelRunView> {
    let user = state.user()?;
    let app = state.app()?;
    let run = app.start_label_run(&user, &request).await?;
    let report = move |p| {
        // A screen that went away stops listening; the run goes on and is stored.
        let _ = on_progress.send(p);
    };
    Ok(app.run_labels(&user, i64::from(run.id), &report).await?)
}

/// Resumes a run that stopped or was cut off: only what is not printed yet is printed.
#[tauri::command(rename_all = "snake_case")]
pub async fn resume_label_run(
    state: State<'_, AppState>,
    id: i64,
    on_progress: tauri::ipc::Channel<onewindow_app::views::LabelRunProgress>,
) -> IpcResult<onewindow_app::views::LabelRunView> {
    let user = state.user()?;
    let report = move |p| {
        let _ = on_progress.send(p);
    };
    Ok(state.app()?.run_labels(&user, id, &report).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_label_run(state: State<'_, AppState>, id: i64) -> IpcResult<onewindow_app::views::LabelRunView> {
    let user = state.user()?;
    Ok(state.app()?.cancel_label_run(&user, id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn label_runs(state: State<'_, AppState>) -> IpcResult<Vec<onewindow_app::views::LabelRunView>> {
    let user = state.user()?;
    Ok(state.app()?.label_runs(&user).await?)
}
