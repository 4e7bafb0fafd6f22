//! The TypeScript declarations of everything that crosses the IPC boundary, generated from the
//! Rust types into `frontend/src/api/bindings.ts`. The test fails when the committed file is stale;
//! `UPDATE_BINDINGS=1 cargo test -p onewindow-desktop bindings` rewrites it.

use onewindow_app::views::*;
use onewindow_app::ErrorCode;
use onewindow_domain::courier::{LabelItemState, LabelRunState, ShipmentKind, ShipmentState, WaybillFormat};
use onewindow_domain::followup::FollowUpUrgency;
use onewindow_domain::shortfall::Outcome;
use onewindow_domain::{
    ApplicantKind, AppliesTo, CaseAction, CaseState, CorrectionItem, DeliveryMethod, DocumentKind, EntryKind,
    EventDetail, Guide, IdKind, LimitStatus, Material, MaterialForm, ReceivedMaterial, ReminderChannel, Role,
    ShortfallOverdue, ShortfallPolicy, SpecialProcedureKind,
};
use ts_rs::{Config, TS};

use crate::commands::station::{HandInConflictView, StationSettingsView, StationStatusView};
use crate::ipc::IpcError;

pub const BINDINGS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../frontend/src/api/bindings.ts");

pub fn typescript() -> String {
    let cfg = Config::new();
    let decls = [
        Role::decl(&cfg),
        CaseState::decl(&cfg),
        CaseAction::decl(&cfg),
        DeliveryMethod::decl(&cfg),
        MaterialForm::decl(&cfg),
        ShortfallPolicy::decl(&cfg),
        AppliesTo::decl(&cfg),
        ErrorCode::decl(&cfg),
        IpcError::decl(&cfg),
        HallRef::decl(&cfg),
        DepartmentRef::decl(&cfg),
        UserView::decl(&cfg),
        SessionView::decl(&cfg),
        SignInStatusView::decl(&cfg),
        StationStatusView::decl(&cfg),
        HandInConflictView::decl(&cfg),
        StationSettingsView::decl(&cfg),
        StaffMemberView::decl(&cfg),
        StaffView::decl(&cfg),
        HallWindowsView::decl(&cfg),
        NewStaffRequest::decl(&cfg),
        ServiceItemSummary::decl(&cfg),
        Guide::decl(&cfg),
        Material::decl(&cfg),
        ServiceItemDetail::decl(&cfg),
        CaseSummary::decl(&cfg),
        CaseEventView::decl(&cfg),
        CaseDetail::decl(&cfg),
        StateCount::decl(&cfg),
        HallLoad::decl(&cfg),
        Overview::decl(&cfg),
        OverviewPeriod::decl(&cfg),
        EntryKind::decl(&cfg),
        CatalogHit::decl(&cfg),
        MergedMaterialView::decl(&cfg),
        BundleDetail::decl(&cfg),
        ApplicantKind::decl(&cfg),
        ShortfallRequest::decl(&cfg),
        Outcome::decl(&cfg),
        FindingKindView::decl(&cfg),
        FindingView::decl(&cfg),
        ShortfallDecisionView::decl(&cfg),
        DocumentKind::decl(&cfg),
        PrintJobState::decl(&cfg),
        PrintJobView::decl(&cfg),
        PrinterProfileView::decl(&cfg),
        PrintRequest::decl(&cfg),
        ScanView::decl(&cfg),
        AssignedScanView::decl(&cfg),
        CaseMaterialView::decl(&cfg),
        ScanInboxView::decl(&cfg),
        IngestView::decl(&cfg),
        SaneDeviceView::decl(&cfg),
        SaneScanRequest::decl(&cfg),
        IdKind::decl(&cfg),
        PartyInput::decl(&cfg),
        ReceivedInput::decl(&cfg),
        AddressInput::decl(&cfg),
        DeliveryInput::decl(&cfg),
        IntakeRequest::decl(&cfg),
        IntakeResult::decl(&cfg),
        CaseBundleView::decl(&cfg),
        BundleCheckRequest::decl(&cfg),
        BundleMemberDecision::decl(&cfg),
        BundleDecisionView::decl(&cfg),
        BundleReceivedInput::decl(&cfg),
        BundleIntakeRequest::decl(&cfg),
        BundleCaseResult::decl(&cfg),
        PrintTask::decl(&cfg),
        BundleIntakeResult::decl(&cfg),
        DraftView::decl(&cfg),
        ReusableMaterialView::decl(&cfg),
        ApplicantHistoryView::decl(&cfg),
        CoverFilingView::decl(&cfg),
        NoticePrefill::decl(&cfg),
        RemitView::decl(&cfg),
        LimitStatus::decl(&cfg),
        SpecialProcedureKind::decl(&cfg),
        CorrectionItem::decl(&cfg),
        ReceivedMaterial::decl(&cfg),
        EventDetail::decl(&cfg),
        HolderChoice::decl(&cfg),
        DueChoice::decl(&cfg),
        QueueRequest::decl(&cfg),
        QueueRowView::decl(&cfg),
        QueueCountsView::decl(&cfg),
        QueuePageView::decl(&cfg),
        PauseView::decl(&cfg),
        ClockView::decl(&cfg),
        ChainView::decl(&cfg),
        ReviewerView::decl(&cfg),
        ReceivedMaterialView::decl(&cfg),
        CorrectionView::decl(&cfg),
        ReviewView::decl(&cfg),
        CorrectionItemInput::decl(&cfg),
        ReviewRequest::decl(&cfg),
        SupplyRequest::decl(&cfg),
        ReviewOutcome::decl(&cfg),
        ClaimResult::decl(&cfg),
        AuditBreak::decl(&cfg),
        AuditReport::decl(&cfg),
        ScanPageView::decl(&cfg),
        ProgressStep::decl(&cfg),
        ProgressMissing::decl(&cfg),
        ProgressView::decl(&cfg),
        ShortfallOverdue::decl(&cfg),
        ReminderChannel::decl(&cfg),
        LabelRunState::decl(&cfg),
        LabelItemState::decl(&cfg),
        LabelRunRequest::decl(&cfg),
        LabelRunItemView::decl(&cfg),
        LabelRunView::decl(&cfg),
        LabelRunProgress::decl(&cfg),
        FollowUpUrgency::decl(&cfg),
        ShortfallStatus::decl(&cfg),
        FollowUpRequest::decl(&cfg),
        ReminderView::decl(&cfg),
        FollowUpRowView::decl(&cfg),
        FollowUpCounts::decl(&cfg),
        FollowUpListView::decl(&cfg),
        RemindRequest::decl(&cfg),
        SettleRequest::decl(&cfg),
        IssuanceRowView::decl(&cfg),
        IssuanceListView::decl(&cfg),
        CollectorInput::decl(&cfg),
        IssueRequest::decl(&cfg),
        WaybillFormat::decl(&cfg),
        ShipmentKind::decl(&cfg),
        ShipmentState::decl(&cfg),
        WaybillRangeImport::decl(&cfg),
        WaybillRangeView::decl(&cfg),
        ShipmentView::decl(&cfg),
        DispatchItemView::decl(&cfg),
        DispatchGroupView::decl(&cfg),
        DispatchWorkView::decl(&cfg),
        ShipmentRequest::decl(&cfg),
        HandoverRequest::decl(&cfg),
        HandoverView::decl(&cfg),
        ReceiveOutcome::decl(&cfg),
        ReceiveRequest::decl(&cfg),
        TrackingReport::decl(&cfg),
        CustodyStep::decl(&cfg),
        CustodyView::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p onewindow-desktop bindings`.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    // Every state and action, in lifecycle order, so the frontend can prove each has its labels.
    let list = |names: Vec<&str>| names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ");
    out.push_str(&format!(
        "\nexport const ALL_CASE_STATES: readonly CaseState[] = [{}]\n",
        list(CaseState::ALL.iter().map(|s| s.as_str()).collect())
    ));
    out.push_str(&format!(
        "export const ALL_CASE_ACTIONS: readonly CaseAction[] = [{}]\n",
        list(CaseAction::ALL.iter().map(|a| a.as_str()).collect())
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_are_up_to_date() {
        let fresh = typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(BINDINGS_PATH, &fresh).expect("write bindings");
            return;
        }
        let committed = std::fs::read_to_string(BINDINGS_PATH).unwrap_or_default();
        assert!(
            committed == fresh,
            "frontend/src/api/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p onewindow-desktop bindings`"
        );
    }
}
