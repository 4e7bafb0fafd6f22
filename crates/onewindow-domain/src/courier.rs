//! The courier desk as pure rules: waybill numbers (UPU S10 with its check digit, or the plain
//! digits of a domestic range), the ranges (号段) a carrier issues, the kinds of envelope and the
//! life of a shipment, and the carrier's tracking codes.

use serde::{Deserialize, Serialize};

/// What is wrong with a waybill number or a range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WaybillError(pub String);

fn err(message: impl Into<String>) -> WaybillError {
    WaybillError(message.into())
}

/// How a carrier's waybill numbers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum WaybillFormat {
    /// UPU S10: two letters, eight digits, a check digit, the country (`EA123456785CN`).
    S10,
    /// A domestic number of digits only (EMS 国内 13 位), no check digit.
    Digits,
}

/// The S10 check digit of eight serial digits: weights 8 6 4 2 3 5 9 7, 11 minus the sum modulo
/// 11, with 10 written 0 and 11 written 5.
pub fn s10_check_digit(serial: &[u8; 8]) -> u8 {
    const WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = serial.iter().zip(WEIGHTS).map(|(d, w)| u32::from(*d) * w).sum();
    match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        c => c as u8,
    }
}

/// A waybill number in its parts: for S10 the prefix letters, the serial and the country; for
/// digits the whole number as the serial.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts {
    prefix: String,
    serial: u64,
    width: usize,
    suffix: String,
}

fn parts(format: WaybillFormat, number: &str) -> Result<Parts, WaybillError> {
    let n = number.trim().to_ascii_uppercase();
    match format {
        WaybillFormat::S10 => {
            let b = n.as_bytes();
            let shape = b.len() == 13
                && b[..2].iter().all(u8::is_ascii_uppercase)
                && b[2..11].iter().all(u8::is_ascii_digit)
                && b[11..].iter().all(u8::is_ascii_uppercase);
            if !shape {
                return Err(err(format!(
                    "运单号“{number}”不是国际邮件编码格式（两位字母、九位数字、两位国家代码，如 EA123456785CN）"
                )));
            }
            let serial: [u8; 8] = std::array::from_fn(|i| b[2 + i] - b'0');
            let check = b[10] - b'0';
            if s10_check_digit(&serial) != check {
                return Err(err(format!(
                    "运单号“{number}”校验位错误：第11位应为“{}”，请核对",
                    s10_check_digit(&serial)
                )));
            }
            Ok(Parts {
                prefix: n[..2].to_string(),
                serial: n[2..10].parse().expect("eight digits"),
                width: 8,
                suffix: n[11..].to_string(),
            })
        }
        WaybillFormat::Digits => {
            if !(10..=20).contains(&n.len()) || !n.bytes().all(|c| c.is_ascii_digit()) {
                return Err(err(format!("运单号“{number}”应为10至20位数字")));
            }
            Ok(Parts {
                prefix: String::new(),
                serial: n.parse().map_err(|_| err("运单号过长"))?,
                width: n.len(),
                suffix: String::new(),
            })
        }
    }
}

/// The number normalised (upper case, no blanks), checked against its format.
pub fn validate_waybill(format: WaybillFormat, number: &str) -> Result<String, WaybillError> {
    parts(format, number)?;
    Ok(number.trim().to_ascii_uppercase())
}

fn compose(format: WaybillFormat, p: &Parts, serial: u64) -> String {
    match format {
        WaybillFormat::S10 => {
            let digits = format!("{serial:08}");
            let d: [u8; 8] = std::array::from_fn(|i| digits.as_bytes()[i] - b'0');
            format!("{}{digits}{}{}", p.prefix, s10_check_digit(&d), p.suffix)
        }
        WaybillFormat::Digits => format!("{serial:0width$}", width = p.width),
    }
}

/// The most numbers one range may hold: a carrier's 号段 is thousands, not millions.
pub const MAX_RANGE: u64 = 1_000_000;

/// Every number from `first` to `last` inclusive, in order: the same prefix and country, serials
/// counting up (S10 check digits recomputed).
pub fn expand_range(format: WaybillFormat, first: &str, last: &str) -> Result<Vec<String>, WaybillError> {
    let a = parts(format, first)?;
    let b = parts(format, last)?;
    if (a.prefix.as_str(), a.suffix.as_str(), a.width) != (b.prefix.as_str(), b.suffix.as_str(), b.width) {
        return Err(err(format!("号段首尾“{first}”“{last}”的字母或位数不一致")));
    }
    if b.serial < a.serial {
        return Err(err(format!("号段的末号“{last}”小于首号“{first}”")));
    }
    if b.serial - a.serial >= MAX_RANGE {
        return Err(err(format!("号段超过{MAX_RANGE}个号码，请分段导入")));
    }
    Ok((a.serial..=b.serial).map(|s| compose(format, &a, s)).collect())
}

/// Remaining numbers at or under which a range warns the dispatcher.
pub fn low_water_mark(total: u64) -> u64 {
    (total / 10).clamp(5, 200)
}

/// What is in an envelope, and where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ShipmentKind {
    /// Paper originals from the receiving hall to the competent department.
    MaterialTransfer,
    /// A result from the department to the pickup hall.
    ResultToHall,
    /// A result to the applicant's address.
    ResultToApplicant,
    /// Papers going back (to the hall or the applicant).
    Return,
}

impl ShipmentKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            ShipmentKind::MaterialTransfer => "材料流转",
            ShipmentKind::ResultToHall => "结果送大厅",
            ShipmentKind::ResultToApplicant => "结果寄申请人",
            ShipmentKind::Return => "退回",
        }
    }
}

/// Where a shipment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ShipmentState {
    /// Packed, its waybill taken, the label not printed yet.
    Packed,
    Labelled,
    /// Given to the courier in a handover.
    HandedOver,
    /// Scanned in at the department or hall it was for.
    Received,
    /// Delivered to the applicant (the carrier says so).
    Delivered,
    /// Back to the sender, or lost on the way: on the dispatcher's follow-up list.
    Returned,
    Exception,
    /// Cancelled before it left; its waybill is never used again.
    Cancelled,
}

/// What a dispatcher, a courier, a receiver or the carrier does with a shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ShipmentAction {
    PrintLabel,
    HandOver,
    Receive,
    Deliver,
    Return,
    Exception,
    Cancel,
}

impl ShipmentState {
    pub const ALL: [ShipmentState; 8] = [
        ShipmentState::Packed,
        ShipmentState::Labelled,
        ShipmentState::HandedOver,
        ShipmentState::Received,
        ShipmentState::Delivered,
        ShipmentState::Returned,
        ShipmentState::Exception,
        ShipmentState::Cancelled,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            ShipmentState::Packed => "已封装",
            ShipmentState::Labelled => "已打面单",
            ShipmentState::HandedOver => "已交寄",
            ShipmentState::Received => "已签收入库",
            ShipmentState::Delivered => "已妥投",
            ShipmentState::Returned => "已退回",
            ShipmentState::Exception => "异常",
            ShipmentState::Cancelled => "已作废",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("邮件当前状态为“{}”，不能{}", from.label_zh(), action_zh(*action))]
pub struct IllegalShipmentMove {
    pub from: ShipmentState,
    pub action: ShipmentAction,
}

fn action_zh(a: ShipmentAction) -> &'static str {
    match a {
        ShipmentAction::PrintLabel => "打印面单",
        ShipmentAction::HandOver => "交寄",
        ShipmentAction::Receive => "签收",
        ShipmentAction::Deliver => "妥投",
        ShipmentAction::Return => "退回",
        ShipmentAction::Exception => "登记异常",
        ShipmentAction::Cancel => "作废",
    }
}

/// The life of a shipment, one line per allowed move. A reprint of the label keeps the state.
pub fn shipment_transition(from: ShipmentState, action: ShipmentAction) -> Result<ShipmentState, IllegalShipmentMove> {
    use ShipmentAction as A;
    use ShipmentState as S;
    let to = match (from, action) {
        (S::Packed | S::Labelled, A::PrintLabel) => S::Labelled,
        (S::Labelled, A::HandOver) => S::HandedOver,
        (S::HandedOver | S::Exception, A::Receive) => S::Received,
        (S::HandedOver | S::Exception, A::Deliver) => S::Delivered,
        (S::HandedOver | S::Exception, A::Return) => S::Returned,
        (S::HandedOver, A::Exception) => S::Exception,
        (S::Packed | S::Labelled, A::Cancel) => S::Cancelled,
        _ => return Err(IllegalShipmentMove { from, action }),
    };
    Ok(to)
}

/// A carrier's tracking event, as its code maps onto the shipment (unknown codes are kept, flagged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TrackingStatus {
    PickedUp,
    InTransit,
    OutForDelivery,
    Delivered,
    Returned,
    Exception,
    Unknown,
}

impl TrackingStatus {
    /// The EMS open platform's codes (and their common English names).
    pub fn from_code(code: &str) -> TrackingStatus {
        match code.trim().to_ascii_lowercase().as_str() {
            "10" | "picked_up" | "pickup" => TrackingStatus::PickedUp,
            "20" | "30" | "in_transit" | "transit" => TrackingStatus::InTransit,
            "40" | "out_for_delivery" => TrackingStatus::OutForDelivery,
            "50" | "delivered" | "signed" => TrackingStatus::Delivered,
            "60" | "returned" | "return" => TrackingStatus::Returned,
            "70" | "exception" | "failed" => TrackingStatus::Exception,
            _ => TrackingStatus::Unknown,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            TrackingStatus::PickedUp => "已揽收",
            TrackingStatus::InTransit => "运输中",
            TrackingStatus::OutForDelivery => "派送中",
            TrackingStatus::Delivered => "已妥投",
            TrackingStatus::Returned => "已退回",
            TrackingStatus::Exception => "投递异常",
            TrackingStatus::Unknown => "未知状态",
        }
    }

    /// The move this event makes on the shipment, if any.
    pub fn shipment_action(self) -> Option<ShipmentAction> {
        match self {
            TrackingStatus::Delivered => Some(ShipmentAction::Deliver),
            TrackingStatus::Returned => Some(ShipmentAction::Return),
            TrackingStatus::Exception => Some(ShipmentAction::Exception),
            _ => None,
        }
    }
}

/// Where a carrier sorts an envelope: the label's sorting code (大头笔) and package centre (集包地).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub sorting_code: String,
    pub package_centre: String,
}

/// A carrier's routing table, as its file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingTable {
    pub carrier: String,
    /// (a place name in the address, its route), most specific first.
    pub routes: Vec<(String, Route)>,
    pub fallback: Route,
}

impl RoutingTable {
    /// The route of the first place named in `address`, else the fallback.
    pub fn route(&self, address: &str) -> &Route {
        self.routes.iter().find(|(place, _)| address.contains(place.as_str())).map_or(&self.fallback, |(_, r)| r)
    }
}

/// A batch of labels printed in one run, which survives the printer going offline and the app
/// being killed: it is resumed, and prints only what is not printed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LabelRunState {
    /// A runner prints it, or did when the app stopped (then it is resumed).
    Printing,
    /// Cancelled by the dispatcher or stopped by a printer that refused a label.
    Stopped,
    Finished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LabelRunAction {
    Stop,
    Resume,
    Finish,
}

impl LabelRunState {
    pub fn label_zh(self) -> &'static str {
        match self {
            LabelRunState::Printing => "打印中",
            LabelRunState::Stopped => "已中止",
            LabelRunState::Finished => "已完成",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("批量打印当前为“{}”，不能{}", from.label_zh(), match action {
    LabelRunAction::Stop => "中止",
    LabelRunAction::Resume => "续打",
    LabelRunAction::Finish => "完成",
})]
pub struct IllegalLabelRunMove {
    pub from: LabelRunState,
    pub action: LabelRunAction,
}

/// The life of a label run. A run left printing by a killed app is resumed as it is.
pub fn label_run_transition(from: LabelRunState, action: LabelRunAction) -> Result<LabelRunState, IllegalLabelRunMove> {
    use LabelRunAction as A;
    use LabelRunState as S;
    match (from, action) {
        (S::Printing, A::Stop) => Ok(S::Stopped),
        (S::Printing | S::Stopped, A::Resume) => Ok(S::Printing),
        (S::Printing, A::Finish) => Ok(S::Finished),
        _ => Err(IllegalLabelRunMove { from, action }),
    }
}

/// One label of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LabelItemState {
    Pending,
    /// Handed to the printer when the run was cut off, the outcome unknown: it prints again,
    /// marked 补打, rather than risk an envelope without a label.
    Sending,
    Printed,
    /// The printer refused it; the run stopped there.
    Failed,
}

impl LabelItemState {
    pub fn needs_printing(self) -> bool {
        !matches!(self, LabelItemState::Printed)
    }
}

snake_names!(WaybillFormat { S10 => "s10", Digits => "digits" });
snake_names!(ShipmentKind {
    MaterialTransfer => "material_transfer",
    ResultToHall => "result_to_hall",
    ResultToApplicant => "result_to_applicant",
    Return => "return",
});
snake_names!(ShipmentState {
    Packed => "packed",
    Labelled => "labelled",
    HandedOver => "handed_over",
    Received => "received",
    Delivered => "delivered",
    Returned => "returned",
    Exception => "exception",
    Cancelled => "cancelled",
});
snake_names!(ShipmentAction {
    PrintLabel => "print_label",
    HandOver => "hand_over",
    Receive => "receive",
    Deliver => "deliver",
    Return => "return",
    Exception => "exception",
    Cancel => "cancel",
});
snake_names!(TrackingStatus {
    PickedUp => "picked_up",
    InTransit => "in_transit",
    OutForDelivery => "out_for_delivery",
    Delivered => "delivered",
    Returned => "returned",
    Exception => "exception",
    Unknown => "unknown",
});

snake_names!(LabelRunState { Printing => "printing", Stopped => "stopped", Finished => "finished" });
snake_names!(LabelRunAction { Stop => "stop", Resume => "resume", Finish => "finish" });
snake_names!(LabelItemState { Pending => "pending", Sending => "sending", Printed => "printed", Failed => "failed" });

#[cfg(test)]
mod tests;
