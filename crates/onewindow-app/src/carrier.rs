//! The carriers behind the courier desk. A carrier gives an envelope its waybill, cancels one,
//! reports tracking and says where an envelope is sorted. The range mode (号段) is the one we run:
//! numbers the carrier issued in advance, taken in the shipment's own transaction; an API carrier
//! (the EMS open platform's order service) is a second implementation of the same trait.
//!
//! Routing is data: the tables shipped in `carriers/`, replaced by an admin's file with the same
//! `carrier` in the data directory's `carriers/` folder.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use include_dir::{include_dir, Dir};
use onewindow_domain::courier::{Route, RoutingTable, ShipmentState, TrackingStatus};
use onewindow_formats::routing::parse_routing;
use onewindow_formats::FileError;
use onewindow_store::{NewShipment, ShipmentMove, ShipmentRow, Store, TrackingEventRow};

use crate::admin_files::{admin_files, shipped};

static SHIPPED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/carriers");

/// A carrier's tracking file read: the events, and the lines that could not be read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TrackingFile {
    pub lines: u32,
    pub events: Vec<TrackingEventRow>,
    pub problems: Vec<String>,
}

#[async_trait::async_trait]
pub trait Carrier: Send + Sync {
    fn name(&self) -> &str;
    /// Gives the envelope its waybill and stores it, all or nothing.
    async fn order_waybill(&self, store: &dyn Store, shipment: &NewShipment) -> onewindow_store::Result<ShipmentRow>;
    /// Cancels the envelope's waybill; the number is never used again.
    async fn cancel(
        &self,
        store: &dyn Store,
        waybill: &str,
        movement: &ShipmentMove,
    ) -> onewindow_store::Result<ShipmentState>;
    fn read_tracking(&self, text: &str) -> TrackingFile;
    fn route(&self, address: &str) -> &Route;
}

/// A carrier whose waybills come from the ranges the admin imported.
pub struct RangeCarrier {
    routing: RoutingTable,
}

#[async_trait::async_trait]
impl Carrier for RangeCarrier {
    fn name(&self) -> &str {
        &self.routing.carrier
    }

    async fn order_waybill(&self, store: &dyn Store, shipment: &NewShipment) -> onewindow_store::Result<ShipmentRow> {
        store.create_shipment(shipment).await
    }

    async fn cancel(
        &self,
        store: &dyn Store,
        waybill: &str,
        movement: &ShipmentMove,
    ) -> onewindow_store::Result<ShipmentState> {
        store.apply_shipment_move(waybill, movement).await
    }

    fn read_tracking(&self, text: &str) -> TrackingFile {
        read_tracking_csv(text)
    }

    fn route(&self, address: &str) -> &Route {
        self.routing.route(address)
    }
}

/// The carriers of a station: one per routing table, the admin's tables replacing the shipped
/// ones of the same carrier. Problems with an admin file are returned and that file skipped.
pub fn load_carriers(data_dir: Option<&Path>) -> (Vec<Arc<dyn Carrier>>, Vec<FileError>) {
    let mut tables: Vec<RoutingTable> = shipped(&SHIPPED, &parse_routing);
    let (admin, problems) = admin_files(data_dir, "carriers", &parse_routing);
    for table in admin {
        tables.retain(|t| t.carrier != table.carrier);
        tables.push(table);
    }
    let carriers = tables.into_iter().map(|routing| Arc::new(RangeCarrier { routing }) as Arc<dyn Carrier>).collect();
    (carriers, problems)
}

/// The carriers' file export: one event per line, `waybill,time,code,location,signer` (a header
/// line and `#` comments are skipped; time RFC 3339 or `YYYY-MM-DD HH:MM[:SS]` in the halls' zone).
pub fn read_tracking_csv(text: &str) -> TrackingFile {
    let mut file = TrackingFile::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.to_ascii_lowercase().starts_with("waybill,") {
            continue;
        }
        file.lines += 1;
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let (Some(waybill), Some(at), Some(code)) = (fields.first(), fields.get(1), fields.get(2)) else {
            file.problems.push(format!("第{}行：应为 运单号,时间,状态码,地点,签收人", i + 1));
            continue;
        };
        let Some(at) = tracking_time(at) else {
            file.problems.push(format!("第{}行：时间“{at}”无法识别", i + 1));
            continue;
        };
        file.events.push(TrackingEventRow {
            waybill: waybill.to_ascii_uppercase(),
            at,
            code: code.to_string(),
            status: TrackingStatus::from_code(code),
            location: fields.get(3).map(|s| s.to_string()).unwrap_or_default(),
            signer: fields.get(4).map(|s| s.to_string()).filter(|s| !s.is_empty()),
        });
    }
    file
}

fn tracking_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
        .map(onewindow_domain::time::from_local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_ems_table_routes_towns_before_districts() {
        let (carriers, problems) = load_carriers(None);
        assert!(problems.is_empty());
        let ems = carriers.iter().find(|c| c.name() == crate::courier::DEFAULT_CARRIER).expect("EMS shipped");
        assert_eq!(ems.route("江门市新会区会城今古洲大道60号").sorting_code, "江门-新会 C08");
        assert_eq!(ems.route("江门市新会区双水镇").sorting_code, "江门-新会 C01");
        assert_eq!(ems.route("台山市广海镇海滨路16号").package_centre, "台山中心");
        assert_eq!(ems.route("广州市天河区").sorting_code, "广东-省内 Z99");
    }

    #[test]
    fn an_admin_table_replaces_the_shipped_one_and_a_bad_one_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("carriers")).unwrap();
        std::fs::write(
            dir.path().join("carriers/ems.toml"),
            "carrier = \"中国邮政 EMS\"\nfallback = { sorting_code = \"新表 Z00\", package_centre = \"江门中心\" }\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("carriers/sf.toml"), "carrier = \"顺丰\"\n").unwrap();
        let (carriers, problems) = load_carriers(Some(dir.path()));
        assert_eq!(carriers.len(), 1);
        assert_eq!(carriers[0].route("江门市蓬江区").sorting_code, "新表 Z00");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].file.ends_with("sf.toml"));
    }

    #[test]
    fn tracking_lines_are_read_and_bad_ones_named() {
        let file = read_tracking_csv(
            "waybill,time,code,location,signer\n1189202600001,2026-12-02 10:00,50,江门新会,陈某\nbad\nX,yesterday,10\n# note\nY,2026-12-02T02:00:00Z,99,,\n",
        );
        assert_eq!(file.lines, 4);
        assert_eq!(file.events.len(), 2);
        assert_eq!(file.events[0].signer.as_deref(), Some("陈某"));
        assert_eq!(file.events[1].status, TrackingStatus::Unknown);
        assert_eq!(file.problems, ["第3行：应为 运单号,时间,状态码,地点,签收人", "第4行：时间“yesterday”无法识别"]);
    }
}
