//! The desktop shell: opens the embedded database (seeding the demo on first start), manages the
//! one `AppState` and registers the commands. Only this crate knows Tauri.

pub mod bindings;
mod commands;
mod inbox;
pub mod ipc;
mod opener;
mod outbox;
mod queue;
mod state;

use std::sync::Arc;

use onewindow_station::{Database, StationConfig};
use tauri::Manager;

use crate::state::{AppState, Station};

/// A hall's embedded database is opened (and the demo seeded into an empty one); a city station
/// opens nothing until someone signs in.
async fn open(config: StationConfig) -> Result<Station, onewindow_app::AppError> {
    if matches!(config.database, Database::Postgres(_)) {
        tracing::info!(database = %config.database, "a city station: each sign-in connects as its user");
        return Ok(Station::City(config));
    }
    let app = onewindow_station::open(&config).await?;
    if app.is_empty().await? {
        let report = app.seed_demo().await?;
        tracing::info!(?report, "seeded the demo");
    }
    Ok(Station::Hall(Arc::new(app)))
}

pub fn run() {
    let config = StationConfig::resolve(None);
    onewindow_station::logging::init(config.as_ref().ok().map(|c| c.data_dir.as_path()), "onewindow-desktop", "info");
    let opened = match config {
        Ok(config) => tauri::async_runtime::block_on(open(config.clone())).map(|station| (station, config)),
        Err(e) => Err(e),
    };
    let (station, config) = match opened {
        Ok(opened) => opened,
        Err(e) => {
            tracing::error!(error = ?e, "could not start");
            eprintln!("一窗通无法启动：{e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        .manage(AppState::new(station, config))
        .invoke_handler(tauri::generate_handler![
            commands::session::login,
            commands::session::logout,
            commands::session::current_user,
            commands::session::lock_screen,
            commands::session::unlock_screen,
            commands::session::sign_in_status,
            commands::session::lift_lockout,
            commands::scans::open_folder,
            commands::printing::print_commitment_draft,
            commands::catalog::search_catalog,
            commands::catalog::get_service_item,
            commands::catalog::get_bundle,
            commands::catalog::check_shortfall,
            commands::catalog::item_remit,
            commands::cases::dispatch_queue,
            commands::cases::overview,
            commands::cases::get_case,
            commands::review::queue_page,
            commands::review::review_case,
            commands::review::review_action,
            commands::review::claim_cases,
            commands::review::claim_next_case,
            commands::review::department_reviewers,
            commands::review::supply_correction,
            commands::review::verify_audit,
            commands::review::scan_page,
            commands::review::case_progress,
            commands::followup::followups,
            commands::followup::remind,
            commands::followup::supply_shortfall,
            commands::followup::hold_shortfall,
            commands::followup::terminate_case,
            commands::followup::issuance_queue,
            commands::followup::issue_result,
            commands::courier::waybill_ranges,
            commands::courier::import_waybill_range,
            commands::courier::dispatch_work,
            commands::courier::create_shipment,
            commands::courier::cancel_shipment,
            commands::courier::case_shipments,
            commands::courier::start_handover,
            commands::courier::scan_handover,
            commands::courier::close_handover,
            commands::courier::receive_shipment,
            commands::courier::case_custody,
            commands::courier::print_labels,
            commands::courier::resume_label_run,
            commands::courier::cancel_label_run,
            commands::courier::label_runs,
            commands::printing::printer_profiles,
            commands::printing::print_document,
            commands::printing::print_jobs,
            commands::printing::resend_print_job,
            commands::printing::calibrate_printer,
            commands::scans::scan_inbox,
            commands::scans::case_materials,
            commands::scans::assign_scan,
            commands::scans::unassign_scan,
            commands::scans::scan_thumbnail,
            commands::scans::export_case_file,
            commands::scans::sane_devices,
            commands::scans::sane_scan,
            commands::scans::file_by_cover_sheets,
            commands::scans::move_scan,
            commands::intake::intake,
            commands::intake::check_bundle,
            commands::intake::intake_bundle,
            commands::intake::save_draft,
            commands::intake::drafts,
            commands::intake::delete_draft,
            commands::intake::applicant_history,
            commands::intake::list_halls,
            commands::intake::notice_prefill,
            commands::station::station_status,
            commands::station::station_settings,
            commands::station::connect_station,
            commands::station::register_station,
            commands::station::restart_app,
            commands::staff::staff,
            commands::staff::add_staff,
            commands::staff::reset_password,
            commands::staff::disable_sign_in,
            commands::staff::set_idle_lock_minutes,
        ])
        .setup(|app| {
            inbox::watch(app.handle().clone());
            if let Station::City(config) = app.state::<AppState>().station() {
                outbox::hand_in_regularly(app.handle().clone(), config.clone());
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the OneWindow window");
}
