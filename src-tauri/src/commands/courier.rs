use onewindow_app::views::{DispatchWorkView, ShipmentRequest, ShipmentView, WaybillRangeImport, WaybillRangeView};
use tauri::State;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn waybill_ranges(state: State<'_, AppState>) -> IpcResult<Vec<WaybillRangeView>> {
    let user = state.user()?;
    Ok(state.app.waybill_ranges(&user).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_waybill_range(
    state: State<'_, AppState>,
    request: WaybillRangeImport,
) -> IpcResult<WaybillRangeView> {
    let user = state.user()?;
    Ok(state.app.import_waybill_range(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn dispatch_work(state: State<'_, AppState>) -> IpcResult<DispatchWorkView> {
    let user = state.user()?;
    Ok(state.app.dispatch_work(&user).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_shipment(state: State<'_, AppState>, request: ShipmentRequest) -> IpcResult<ShipmentView> {
    let user = state.user()?;
    Ok(state.app.create_shipment(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_shipment(state: State<'_, AppState>, waybill: String, reason: String) -> IpcResult<ShipmentView> {
    let user = state.user()?;
    Ok(state.app.cancel_shipment(&user, &waybill, &reason).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_shipments(state: State<'_, AppState>, number: String) -> IpcResult<Vec<ShipmentView>> {
    state.user()?;
    Ok(state.app.case_shipments(&number).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn start_handover(
    state: State<'_, AppState>,
    request: onewindow_app::views::HandoverRequest,
) -> IpcResult<onewindow_app::views::HandoverView> {
    let user = state.user()?;
    Ok(state.app.start_handover(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn scan_handover(
    state: State<'_, AppState>,
    id: i64,
    waybill: String,
) -> IpcResult<onewindow_app::views::HandoverView> {
    let user = state.user()?;
    Ok(state.app.scan_handover(&user, id, &waybill).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn close_handover(state: State<'_, AppState>, id: i64) -> IpcResult<onewindow_app::views::HandoverView> {
    let user = state.user()?;
    Ok(state.app.close_handover(&user, id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn receive_shipment(
    state: State<'_, AppState>,
    request: onewindow_app::views::ReceiveRequest,
) -> IpcResult<ShipmentView> {
    let user = state.user()?;
    Ok(state.app.receive(&user, &request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_custody(state: State<'_, AppState>, number: String) -> IpcResult<onewindow_app::views::CustodyView> {
    state.user()?;
    Ok(state.app.custody(&number).await?)
}
