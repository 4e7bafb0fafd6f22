//! The repository interface. SQLite (embedded, one hall) and later PostgreSQL (shared, city-wide)
//! are two implementations of [`Store`]; the application layer only sees this trait. One
//! conformance suite runs against every backend.

use chrono::{DateTime, NaiveDate, Utc};
use onewindow_domain::courier::{
    LabelItemState, LabelRunAction, LabelRunState, ShipmentAction, ShipmentKind, ShipmentState, TrackingStatus,
    WaybillFormat,
};
use onewindow_domain::shortfall::{BrokenCommitment, Finding, FindingKind};
use onewindow_domain::{
    Agent, Applicant, ApplicantKind, CaseAction, CaseChange, CaseProgress, CaseState, Catalog, DeliveryMethod,
    Department, EventDetail, Hall, IdKind, IllegalTransition, ReceivedMaterial, ReminderChannel, User,
};

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod history;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found: {0}")]
    NotFound(String),
    #[error(transparent)]
    IllegalTransition(#[from] IllegalTransition),
    #[error(transparent)]
    CaseNumbersExhausted(#[from] onewindow_domain::CaseNumbersExhausted),
    /// Someone else changed the record first; re-read and try again.
    #[error("conflict: {0}")]
    Conflict(String),
    /// No free waybill number is left for this carrier and product.
    #[error("no waybill numbers left for {carrier} {product}")]
    WaybillsExhausted { carrier: String, product: String },
    /// A reference to something that does not exist (unknown hall, department, item).
    #[error("invalid reference: {0}")]
    InvalidReference(String),
    /// Too many wrong tries (a case's verification code) in a while: refused until it has passed.
    #[error("too many attempts: {0}")]
    TooManyAttempts(String),
    /// The data in the database does not make sense (an unknown state name, say).
    #[error("corrupt data: {0}")]
    Corrupt(String),
    /// A city station's offline outbox has no case number left that the city leased to it.
    #[error("no leased case numbers left")]
    NoLeasedNumbers,
    /// The database server cannot be reached (refused, gone, shutting down): nothing was changed
    /// by this call; a city station may take intakes offline meanwhile.
    #[error("database unreachable: {0}")]
    Unreachable(String),
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A case as the clerk opens it: accepted at the window, not yet decided.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub catalog_version: i64,
    pub service_item_code: String,
    pub applicant: Applicant,
    pub agent: Option<Agent>,
    pub hall_code: String,
    pub window: Option<String>,
    pub clerk_username: String,
    pub delivery: DeliveryMethod,
    /// Where results are collected, when `delivery` is the window.
    pub pickup_hall_code: Option<String>,
    /// Where results are mailed, when `delivery` is post.
    pub delivery_address: Option<String>,
    pub materials: Vec<ReceivedMaterial>,
    /// What the shortfall engine found, one per material, as decided at intake.
    pub findings: Vec<Finding>,
    /// Stored scans taken with the materials at the window, `(material code, sha256)` in order.
    pub scans: Vec<(String, String)>,
    /// For progress look-ups, printed beside the number.
    pub verification_code: String,
    /// Paper originals must travel to the competent department in another district: a task for
    /// the courier dispatcher is created with the case.
    pub material_transfer: bool,
    pub at: DateTime<Utc>,
    /// The hall's local calendar day at `at`; the case number carries it.
    pub local_day: NaiveDate,
}

/// One action on a case, by someone, somewhere, for a reason, with what it changes as the domain
/// computed it ([`onewindow_domain::advance`]). The store checks the move against the state
/// machine and the case's current state, persists `change` as given and appends the event, in one
/// transaction; it decides nothing else.
#[derive(Debug, Clone)]
pub struct CaseTransition {
    pub change: CaseChange,
    /// Who held the case when the move was computed (a username): the store refuses the move as a
    /// conflict when someone else holds it by now.
    pub held_by: Option<String>,
    pub actor_username: String,
    pub hall_code: String,
    pub window: Option<String>,
    pub at: DateTime<Utc>,
    pub reason: String,
    /// What a decision records beside the reason.
    pub detail: Option<EventDetail>,
    /// The sequence number of the case's last event when the move was computed: the store
    /// refuses the move as a conflict when another event came in between (a supply at a window
    /// while the reviewer decides), so nothing read before it overwrites it. None: not checked.
    pub after_seq: Option<i64>,
}

impl CaseTransition {
    pub fn new(change: CaseChange, actor_username: &str, hall_code: &str, at: DateTime<Utc>, reason: &str) -> Self {
        CaseTransition {
            change,
            held_by: None,
            actor_username: actor_username.to_string(),
            hall_code: hall_code.to_string(),
            window: None,
            at,
            reason: reason.to_string(),
            detail: None,
            after_seq: None,
        }
    }

    /// Refuses the move when the state machine does not allow it, whoever computed it.
    pub fn check_allowed(&self) -> Result<()> {
        let change = &self.change;
        if onewindow_domain::transition(change.from, change.action) != Ok(change.to) {
            return Err(IllegalTransition { from: change.from, action: change.action }.into());
        }
        Ok(())
    }

    /// Refuses the move as a conflict unless the case (`case` names it in the message) stands as
    /// the move expects: in its from-state, after the event it saw, held by whom it saw.
    pub fn check_against(&self, case: &str, state: CaseState, last_seq: i64, holder: Option<&str>) -> Result<()> {
        let from = self.change.from;
        if state != from {
            return Err(StoreError::Conflict(format!("{case} is {} now, not {}", state.as_str(), from.as_str())));
        }
        if self.after_seq.is_some_and(|seq| seq != last_seq) {
            return Err(StoreError::Conflict(format!("{case} changed after event {}", self.after_seq.unwrap_or(0))));
        }
        if holder != self.held_by.as_deref() {
            return Err(StoreError::Conflict(format!("{case} is held by {} now", holder.unwrap_or("nobody"))));
        }
        Ok(())
    }
}

/// How [`CaseStore::claim_next`] claims the case it found: the move, computed from the case.
pub type ClaimMove<'a> = dyn Fn(&CaseRow) -> Result<CaseTransition> + Send + Sync + 'a;

/// The states a claim moves a case from, as the state machine has them.
pub fn claimable_states() -> impl Iterator<Item = CaseState> {
    CaseState::ALL.into_iter().filter(|s| onewindow_domain::transition(*s, onewindow_domain::CaseAction::Claim).is_ok())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub number: String,
    pub verification_code: String,
    pub catalog_version: i64,
    pub service_item_code: String,
    pub service_item_name: String,
    pub department: Department,
    pub applicant_kind: ApplicantKind,
    pub applicant_name: String,
    pub applicant_id_kind: IdKind,
    pub applicant_id_number: String,
    pub applicant_phone: Option<String>,
    pub hall_code: String,
    pub hall_name: String,
    pub window: Option<String>,
    pub clerk_username: String,
    pub clerk_name: String,
    pub agent_name: Option<String>,
    /// The agent's ID as recorded at intake.
    pub agent_id_kind: Option<IdKind>,
    pub agent_id_number: Option<String>,
    pub state: CaseState,
    pub delivery: DeliveryMethod,
    pub pickup_hall_code: Option<String>,
    pub pickup_hall_name: Option<String>,
    pub delivery_address: Option<String>,
    pub created_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub due_date: Option<NaiveDate>,
    pub shortfall_supplement_due: Option<NaiveDate>,
    pub statutory_due: Option<NaiveDate>,
    pub correction_due: Option<NaiveDate>,
    pub extension_days: u32,
    pub shortfall_broken_on: Option<NaiveDate>,
    /// The display name of the reviewer who claimed the case.
    pub claimed_by: Option<String>,
    pub claimed_by_username: Option<String>,
    /// The 一件事 bundle the case was taken in with, and the intake's lead case number.
    pub bundle_code: Option<String>,
    pub bundle_lead: Option<String>,
}

impl CaseRow {
    /// What the lifecycle keeps on the case beside its state, for the next [`onewindow_domain::advance`].
    pub fn progress(&self) -> CaseProgress {
        CaseProgress {
            claimed_by: self.claimed_by_username.clone(),
            accepted_at: self.accepted_at,
            due_date: self.due_date,
            shortfall_supplement_due: self.shortfall_supplement_due,
            statutory_due: self.statutory_due,
            correction_due: self.correction_due,
            extension_days: self.extension_days,
            shortfall_broken_on: self.shortfall_broken_on,
        }
    }
}

/// A case as the backends' one case query selects it (`select_cases!` in each), before its names
/// are read as the domain's types: one conversion for both backends.
#[derive(Debug)]
pub struct CaseColumns {
    pub number: String,
    pub verification_code: String,
    pub catalog_version_id: i64,
    pub item_code: String,
    pub item_name: String,
    pub department_code: String,
    pub department_name: String,
    pub department_area: String,
    pub applicant_kind: String,
    pub applicant_name: String,
    pub id_kind: String,
    pub id_number: String,
    pub phone: Option<String>,
    pub hall_code: String,
    pub hall_name: String,
    pub window_number: Option<String>,
    pub clerk: String,
    pub clerk_name: String,
    pub agent_name: Option<String>,
    pub agent_id_kind: Option<String>,
    pub agent_id_number: Option<String>,
    pub state: String,
    pub delivery: String,
    pub pickup_hall_code: Option<String>,
    pub pickup_hall_name: Option<String>,
    pub delivery_address: Option<String>,
    pub created_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub due_date: Option<NaiveDate>,
    pub shortfall_supplement_due: Option<NaiveDate>,
    pub statutory_due: Option<NaiveDate>,
    pub correction_due: Option<NaiveDate>,
    pub extension_days: i64,
    pub shortfall_broken_on: Option<NaiveDate>,
    pub claimed_by: Option<String>,
    pub claimed_by_username: Option<String>,
    pub bundle_code: Option<String>,
    pub bundle_lead: Option<String>,
}

impl CaseColumns {
    pub fn into_row(self) -> Result<CaseRow> {
        fn parse<T>(what: &str, value: &str, f: impl Fn(&str) -> Option<T>) -> Result<T> {
            f(value).ok_or_else(|| StoreError::Corrupt(format!("{what} “{value}”")))
        }
        let id_kind = |s: &str| s.parse::<IdKind>().ok();
        Ok(CaseRow {
            department: Department {
                code: self.department_code,
                name: self.department_name,
                area: self.department_area,
                ..Department::default()
            },
            applicant_kind: parse("applicant kind", &self.applicant_kind, ApplicantKind::parse)?,
            applicant_id_kind: parse("id kind", &self.id_kind, id_kind)?,
            agent_id_kind: self.agent_id_kind.as_deref().map(|k| parse("id kind", k, id_kind)).transpose()?,
            state: parse("case state", &self.state, CaseState::parse)?,
            delivery: parse("delivery", &self.delivery, DeliveryMethod::parse)?,
            number: self.number,
            verification_code: self.verification_code,
            catalog_version: self.catalog_version_id,
            service_item_code: self.item_code,
            service_item_name: self.item_name,
            applicant_name: self.applicant_name,
            applicant_id_number: self.id_number,
            applicant_phone: self.phone,
            hall_code: self.hall_code,
            hall_name: self.hall_name,
            window: self.window_number,
            clerk_username: self.clerk,
            clerk_name: self.clerk_name,
            agent_name: self.agent_name,
            agent_id_number: self.agent_id_number,
            pickup_hall_code: self.pickup_hall_code,
            pickup_hall_name: self.pickup_hall_name,
            delivery_address: self.delivery_address,
            created_at: self.created_at,
            accepted_at: self.accepted_at,
            due_date: self.due_date,
            shortfall_supplement_due: self.shortfall_supplement_due,
            statutory_due: self.statutory_due,
            correction_due: self.correction_due,
            extension_days: u32::try_from(self.extension_days).unwrap_or(0),
            shortfall_broken_on: self.shortfall_broken_on,
            claimed_by: self.claimed_by,
            claimed_by_username: self.claimed_by_username,
            bundle_code: self.bundle_code,
            bundle_lead: self.bundle_lead,
        })
    }
}

/// Who holds the cases a queue lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HolderFilter {
    Any,
    Unclaimed,
    /// Held by this user (a username).
    User(String),
}

/// One page of a department's queue, filtered; soonest due first (the fewest working days left).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueQuery {
    pub department_code: String,
    /// Empty: every state of the department queue.
    pub states: Vec<CaseState>,
    pub service_item_code: Option<String>,
    /// The hall that received the case.
    pub hall_code: Option<String>,
    pub holder: HolderFilter,
    /// Due on or after / on or before these days (both inclusive).
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// Only corrections the applicant has not brought by their deadline (before today).
    pub correction_overdue: bool,
    pub offset: u32,
    pub limit: u32,
}

impl QueueQuery {
    /// Every case of `department`'s queue, first page of `limit`.
    pub fn whole(department: &str, limit: u32) -> Self {
        QueueQuery {
            department_code: department.to_string(),
            states: Vec::new(),
            service_item_code: None,
            hall_code: None,
            holder: HolderFilter::Any,
            due_from: None,
            due_to: None,
            correction_overdue: false,
            offset: 0,
            limit,
        }
    }
}

/// The counts on the queue's tabs, over the whole department queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueCounts {
    pub all: i64,
    pub unclaimed: i64,
    /// Held by the user asking.
    pub mine: i64,
    /// Past their due date (and not paused).
    pub overdue: i64,
    /// Waiting on a correction or a special procedure.
    pub paused: i64,
    /// Waiting on a correction past the applicant's deadline.
    pub correction_overdue: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuePage {
    pub rows: Vec<CaseRow>,
    /// How many cases match the filters, over every page.
    pub total: i64,
    pub counts: QueueCounts,
}

/// An event as stored, with its hash: what the audit chain is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEventRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub action: Option<CaseAction>,
    pub from_state: Option<CaseState>,
    pub to_state: CaseState,
    pub actor_username: String,
    pub hall_code: String,
    pub window: Option<String>,
    pub reason: String,
    /// The detail exactly as stored (JSON).
    pub detail: Option<String>,
    pub hash: Option<String>,
}

impl StoredEventRow {
    /// The event as the audit chain hashes it, for the case `case_number`.
    pub fn facts<'a>(&'a self, case_number: &'a str) -> onewindow_domain::audit::EventFacts<'a> {
        onewindow_domain::audit::EventFacts {
            case_number,
            seq: self.seq,
            at: self.at,
            action: self.action,
            from_state: self.from_state,
            to_state: self.to_state,
            actor_username: &self.actor_username,
            hall_code: &self.hall_code,
            window: self.window.as_deref(),
            reason: &self.reason,
            detail: self.detail.as_deref(),
        }
    }
}

/// A case's events and its chain head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseChainRow {
    pub number: String,
    pub head: Option<String>,
    pub events: Vec<StoredEventRow>,
}

/// One line of the shortfall decision a case was taken in under, as stored with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFindingRow {
    pub material_code: String,
    pub material_name: String,
    pub finding: FindingKind,
    pub rule: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEventRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// None for the case's creation.
    pub action: Option<onewindow_domain::CaseAction>,
    pub from_state: Option<CaseState>,
    pub to_state: CaseState,
    pub actor_username: String,
    pub actor_name: String,
    pub hall_code: String,
    pub hall_name: String,
    pub window: Option<String>,
    pub reason: String,
    pub detail: Option<EventDetail>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallLoadRow {
    pub hall_code: String,
    pub hall_name: String,
    pub total: i64,
    pub open: i64,
    pub overdue: i64,
}

/// Which cases waiting on tolerated materials (容缺) a follow-up list shows, soonest due first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowUpQuery {
    /// The hall that took the case in.
    pub hall_code: Option<String>,
    /// The competent department.
    pub department_code: Option<String>,
    /// Due on or before this day.
    pub due_to: Option<NaiveDate>,
    pub limit: u32,
}

/// The last reminder of a case, as recorded with its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRow {
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub channel: ReminderChannel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub case: CaseRow,
    pub last_reminder: Option<ReminderRow>,
}

/// A result waiting at a hall's issuance window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuanceRow {
    pub case: CaseRow,
    /// When it came to the window (its move to issuance).
    pub ready_since: DateTime<Utc>,
    /// The decision's detail (the approval's result; a denial's ground).
    pub decision: Option<EventDetail>,
}

/// A progress look-up at a window, as logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressLookup {
    pub case_number: String,
    pub username: String,
    /// The hall the look-up was made at; none for staff not at a hall.
    pub hall_code: Option<String>,
    /// The receipt's verification code came with the number.
    pub verified: bool,
    pub at: DateTime<Utc>,
}

/// A document handed to a printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPrintJob {
    pub case_number: Option<String>,
    pub document_kind: String,
    pub profile: String,
    pub queue: String,
    pub cups_job: Option<String>,
    /// queued | held | done | failed
    pub state: String,
    pub error: Option<String>,
    pub reprint: bool,
    pub username: String,
    pub at: DateTime<Utc>,
    /// The envelope a label was printed for.
    pub waybill: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJobRow {
    pub id: i64,
    pub case_number: Option<String>,
    pub document_kind: String,
    pub profile: String,
    pub queue: String,
    pub cups_job: Option<String>,
    pub state: String,
    pub error: Option<String>,
    pub reprint: bool,
    pub username: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub waybill: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewScan {
    pub sha256: String,
    pub media_type: String,
    pub pages: u32,
    pub bytes: u64,
    pub original_name: String,
    pub source_key: String,
    pub at: DateTime<Utc>,
}

/// What recording a scan found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanRecorded {
    New(i64),
    /// The same file seen again (after a crash before it left the inbox): already stored.
    SameSource(i64),
    /// Another file with the same content: the same paper scanned twice.
    Duplicate(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRow {
    pub id: i64,
    pub sha256: String,
    pub media_type: String,
    pub pages: u32,
    pub bytes: u64,
    pub original_name: String,
    pub received_at: DateTime<Utc>,
    /// The case and material it is assigned to, if any.
    pub case_number: Option<String>,
    pub material_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseScanRow {
    pub material_code: String,
    pub position: i64,
    pub rotation: u16,
    pub scan: ScanRow,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRow {
    pub id: i64,
    pub title: String,
    pub payload: String,
    pub updated_at: DateTime<Utc>,
}

/// A material an applicant handed in with an earlier case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierMaterialRow {
    pub material_name: String,
    /// The form it was handed in.
    pub form: onewindow_domain::MaterialForm,
    pub case_number: String,
    pub accepted_at: DateTime<Utc>,
}

/// Closed cases, and how many of them finished by their due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OnTimeCounts {
    pub finished: i64,
    pub on_time: i64,
}

/// A carrier's range of waybill numbers as the admin imports it, each number already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWaybillRange {
    pub carrier: String,
    pub product: String,
    pub format: WaybillFormat,
    /// Every number of the range, in the order they are to be used.
    pub numbers: Vec<String>,
    pub username: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaybillRangeRow {
    pub id: i64,
    pub carrier: String,
    pub product: String,
    pub format: WaybillFormat,
    pub first: String,
    pub last: String,
    pub total: i64,
    pub used: i64,
    pub cancelled: i64,
    pub imported_at: DateTime<Utc>,
}

impl WaybillRangeRow {
    pub fn free(&self) -> i64 {
        self.total - self.used - self.cancelled
    }
}

/// Where an envelope goes: a department, a hall, or an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Department(String),
    Hall(String),
    Address(String),
}

/// One envelope as the dispatcher packs it. Its waybill is taken from the carrier's ranges in
/// the shipment's own transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewShipment {
    pub kind: ShipmentKind,
    pub from_hall_code: String,
    pub to: Destination,
    pub receiver_name: String,
    pub receiver_phone: Option<String>,
    pub carrier: String,
    pub product: String,
    /// Each case with the papers (material codes) of it in the envelope.
    pub cases: Vec<(String, Vec<String>)>,
    /// Why a case already in another live envelope of the same kind goes in this one too; without
    /// it that is refused.
    pub split_reason: Option<String>,
    pub username: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRow {
    pub id: i64,
    pub kind: ShipmentKind,
    pub state: ShipmentState,
    pub from_hall_code: String,
    pub from_hall_name: String,
    pub to: Destination,
    /// The destination as a label prints it: the department's or hall's name, or the address.
    pub to_name: String,
    pub receiver_name: String,
    pub receiver_phone: Option<String>,
    pub carrier: String,
    pub product: String,
    pub waybill: String,
    pub split_reason: Option<String>,
    pub cases: Vec<(String, Vec<String>)>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// A move of a shipment as the domain allowed it, by someone, somewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentMove {
    pub action: ShipmentAction,
    pub from: ShipmentState,
    pub to: ShipmentState,
    pub username: String,
    pub hall_code: Option<String>,
    pub at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentEventRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// None for the packing that created the shipment.
    pub action: Option<ShipmentAction>,
    pub from_state: Option<ShipmentState>,
    pub to_state: ShipmentState,
    pub actor_name: String,
    pub hall_name: Option<String>,
    pub reason: String,
}

/// A courier arriving to take a hall's envelopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHandover {
    pub hall_code: String,
    pub courier_name: String,
    pub courier_company: String,
    /// A phone number or a badge number.
    pub courier_contact: String,
    pub username: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverRow {
    pub id: i64,
    pub hall_code: String,
    pub hall_name: String,
    pub courier_name: String,
    pub courier_company: String,
    pub courier_contact: String,
    pub started_at: DateTime<Utc>,
    pub started_by: String,
    pub closed_at: Option<DateTime<Utc>>,
    /// The envelopes scanned into it, in scan order.
    pub waybills: Vec<String>,
}

/// A carrier's tracking event as imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingEventRow {
    pub waybill: String,
    pub at: DateTime<Utc>,
    pub code: String,
    pub status: TrackingStatus,
    pub location: String,
    pub signer: Option<String>,
}

/// The courier desk: waybill ranges and shipments.
#[async_trait::async_trait]
pub trait CourierStore: Send + Sync {
    /// Stores a range and its numbers; refuses it whole (`Conflict`) when any number is already in
    /// another range.
    async fn import_waybill_range(&self, range: &NewWaybillRange) -> Result<WaybillRangeRow>;
    /// Every range with its numbers used, cancelled and free, oldest first.
    async fn waybill_ranges(&self) -> Result<Vec<WaybillRangeRow>>;
    /// Packs a shipment: takes the next free number of the carrier's product (oldest range first),
    /// records the envelope, its cases and its first event, all in one transaction; refuses
    /// (`WaybillsExhausted`) when none is left, and (`Conflict`) a case already in a live envelope of
    /// the same kind without a `split_reason`.
    async fn create_shipment(&self, shipment: &NewShipment) -> Result<ShipmentRow>;
    async fn shipment(&self, waybill: &str) -> Result<Option<ShipmentRow>>;
    /// The shipments sent from `hall_code` (every hall's when none), newest first.
    async fn shipments(&self, hall_code: Option<&str>, limit: u32) -> Result<Vec<ShipmentRow>>;
    /// The shipments a case is in, oldest first.
    async fn case_shipments(&self, case_number: &str) -> Result<Vec<ShipmentRow>>;
    /// Applies one move of a shipment (`Conflict` when it is no longer in `from`) and appends its
    /// event; a cancellation also cancels its waybill, which is never used again.
    async fn apply_shipment_move(&self, waybill: &str, movement: &ShipmentMove) -> Result<ShipmentState>;
    async fn shipment_events(&self, waybill: &str) -> Result<Vec<ShipmentEventRow>>;
    /// Moves of several shipments and of their cases, all in one transaction (a handover's close,
    /// a delivery): each as [`CourierStore::apply_shipment_move`] and [`CaseStore::apply_action`].
    async fn apply_shipment_moves(
        &self,
        moves: &[(String, ShipmentMove)],
        cases: &[(String, CaseTransition)],
    ) -> Result<()>;
    async fn start_handover(&self, handover: &NewHandover) -> Result<HandoverRow>;
    async fn handover(&self, id: i64) -> Result<Option<HandoverRow>>;
    /// The handovers of a hall still open, oldest first.
    async fn open_handovers(&self, hall_code: &str) -> Result<Vec<HandoverRow>>;
    /// The handover an envelope went in, if any.
    async fn handover_of(&self, waybill: &str) -> Result<Option<HandoverRow>>;
    /// Adds a scanned envelope to an open handover; `Conflict` when it is in a handover already.
    async fn add_to_handover(&self, id: i64, waybill: &str, at: DateTime<Utc>) -> Result<()>;
    /// Closes the handover and applies the moves of its envelopes and cases, all or none.
    async fn close_handover(
        &self,
        id: i64,
        username: &str,
        at: DateTime<Utc>,
        moves: &[(String, ShipmentMove)],
        cases: &[(String, CaseTransition)],
    ) -> Result<()>;
    /// Keeps the events not seen before (the same waybill, time and code is one event): the new ones.
    async fn record_tracking(&self, events: &[TrackingEventRow], at: DateTime<Utc>) -> Result<Vec<TrackingEventRow>>;
    async fn tracking_events(&self, waybill: &str) -> Result<Vec<TrackingEventRow>>;
}

/// A batch of labels to print in one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLabelRun {
    pub hall_code: String,
    pub profile: String,
    pub queue: Option<String>,
    /// In printing order; each once.
    pub waybills: Vec<String>,
    pub username: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRunItemRow {
    pub position: i64,
    pub waybill: String,
    pub state: LabelItemState,
    pub print_job_id: Option<i64>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRunEventRow {
    pub action: String,
    pub state: LabelRunState,
    pub note: String,
    pub username: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRunRow {
    pub id: i64,
    pub hall_code: String,
    pub profile: String,
    pub queue: Option<String>,
    pub state: LabelRunState,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub items: Vec<LabelRunItemRow>,
    pub events: Vec<LabelRunEventRow>,
}

/// Batch label runs that survive a printer going offline and the app being killed.
#[async_trait::async_trait]
pub trait LabelRunStore: Send + Sync {
    /// Records the run, its labels (all pending) and its start event in one transaction;
    /// `NotFound` when a waybill is no shipment.
    async fn create_label_run(&self, run: &NewLabelRun) -> Result<LabelRunRow>;
    async fn label_run(&self, id: i64) -> Result<Option<LabelRunRow>>;
    /// A hall's runs, newest first.
    async fn label_runs(&self, hall_code: &str, limit: u32) -> Result<Vec<LabelRunRow>>;
    /// Moves the run through `label_run_transition` and appends the event; `Conflict` when it is
    /// no longer in the state the move was decided on.
    async fn move_label_run(
        &self,
        id: i64,
        from: LabelRunState,
        action: LabelRunAction,
        note: &str,
        username: &str,
        at: DateTime<Utc>,
    ) -> Result<LabelRunState>;
    /// Records one label's outcome.
    async fn set_label_item(
        &self,
        run_id: i64,
        position: i64,
        state: LabelItemState,
        print_job_id: Option<i64>,
        error: Option<&str>,
    ) -> Result<()>;
}

/// Everything the application asks of a database: one trait per area, each implemented by a
/// backend in a file of its own.
pub trait Store:
    HallStore + CatalogStore + CaseStore + PrintStore + ScanStore + DraftStore + CourierStore + LabelRunStore + Send + Sync
{
}

impl<
        T: HallStore
            + CatalogStore
            + CaseStore
            + PrintStore
            + ScanStore
            + DraftStore
            + CourierStore
            + LabelRunStore
            + Send
            + Sync,
    > Store for T
{
}

/// The hall network and its people.
#[async_trait::async_trait]
pub trait HallStore: Send + Sync {
    async fn save_halls(&self, halls: &[Hall]) -> Result<()>;
    async fn halls(&self) -> Result<Vec<Hall>>;
    async fn hall(&self, code: &str) -> Result<Option<Hall>>;
    async fn save_user(&self, user: &User, password_hash: &str) -> Result<()>;
    /// The user and their password hash, for logging in.
    async fn user_credentials(&self, username: &str) -> Result<Option<(User, String)>>;
    async fn user(&self, username: &str) -> Result<Option<User>>;
    /// Every member of staff, those whose sign-in is disabled too (never the system's own
    /// user), by hall, department and username: an admin's list.
    async fn staff(&self) -> Result<Vec<StaffMember>>;
    /// The reviewers and leads of a department, by display name.
    async fn department_reviewers(&self, department_code: &str) -> Result<Vec<User>>;
    /// Appends one password attempt (or an admin's lift) to the username's record.
    async fn record_attempt(&self, attempt: &NewAttempt) -> Result<()>;
    /// The username's attempts since its last success or lift (that one included), in order:
    /// all the throttle needs to read.
    async fn attempts_since_reset(&self, username: &str) -> Result<Vec<AttemptRow>>;
    /// An admin's new password for `username`, with `lifted` (the admin's lift: the count of
    /// failures starts again) appended in the same transaction. Each backend keeps what its
    /// sign-in checks: the hash, and in the city database the user's own login role too (its
    /// server hashes the password). False: no such user.
    async fn reset_password(
        &self,
        username: &str,
        password: &str,
        password_hash: &str,
        lifted: &NewAttempt,
    ) -> Result<bool>;
    /// Ends `username`'s sign-in: the user is inactive, and in the city its login role may no
    /// longer sign in. False: no such user.
    async fn disable_user(&self, username: &str) -> Result<bool>;
}

/// A user of the users table, and whether they may sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub user: User,
    /// False: the sign-in is disabled (an admin's password reset brings it back).
    pub active: bool,
}

/// A password typed at sign-in or at the lock screen, or a lock-out lifted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt {
    pub username: String,
    pub kind: onewindow_domain::signin::AttemptKind,
    pub outcome: onewindow_domain::signin::AttemptOutcome,
    /// The station it was typed at.
    pub station: String,
    /// The admin who lifted a lock-out.
    pub by_username: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRow {
    pub kind: onewindow_domain::signin::AttemptKind,
    pub outcome: onewindow_domain::signin::AttemptOutcome,
    pub station: String,
    pub by_username: Option<String>,
    pub at: DateTime<Utc>,
}

impl AttemptRow {
    pub fn attempt(&self) -> onewindow_domain::signin::Attempt {
        onewindow_domain::signin::Attempt { at: self.at, outcome: self.outcome }
    }
}

/// The catalog, in versions.
#[async_trait::async_trait]
pub trait CatalogStore: Send + Sync {
    /// Stores `catalog` as a new version, all or nothing; returns the version number.
    async fn import_catalog(&self, catalog: &Catalog, source: &str, at: DateTime<Utc>) -> Result<i64>;
    async fn current_catalog_version(&self) -> Result<Option<i64>>;
    async fn department(&self, code: &str) -> Result<Option<Department>>;
    /// One stored catalog version, whole: as imported, in the same order.
    async fn catalog(&self, version: i64) -> Result<Catalog>;
}

/// Cases, their history and their applicants.
#[async_trait::async_trait]
pub trait CaseStore: Send + Sync {
    /// Allocates the case number and records the draft with its first event, in one transaction.
    async fn create_case(&self, case: &NewCase) -> Result<String>;
    /// Creates the case and applies `transitions` to it, all in one transaction: an intake that
    /// accepts and hands off is never half done.
    async fn create_case_with(&self, case: &NewCase, transitions: &[CaseTransition]) -> Result<String>;
    /// Creates the cases of one 一件事 bundle intake, each with its transitions, all in one
    /// transaction; each records the bundle and the first case as the intake's lead.
    async fn create_bundle_cases(
        &self,
        bundle_code: &str,
        cases: &[(NewCase, Vec<CaseTransition>)],
    ) -> Result<Vec<String>>;
    /// The cases taken in with `number` in one bundle intake, itself included, in the order they
    /// were created; empty for a case taken in on its own.
    async fn bundle_cases(&self, number: &str) -> Result<Vec<CaseRow>>;
    /// Applies one lifecycle move: refuses it (`IllegalTransition`) when the state machine does not
    /// allow it and (`Conflict`) when the case is no longer in `change.from` or no longer held by
    /// `held_by` (two claims or reassignments at once: one wins); otherwise persists the change as
    /// given and appends the event with its detail and its hash in the case's audit chain, in one
    /// transaction. The materials a correction's or a shortfall supply's detail lists join the
    /// case's received ones. `after_seq`, when given, must be the case's last event.
    async fn apply_action(&self, number: &str, transition: &CaseTransition) -> Result<CaseState>;
    /// Several moves of one case, each as [`CaseStore::apply_action`], all or none (a decision and
    /// the move to issuance or dispatch that follows it).
    async fn apply_actions(&self, number: &str, transitions: &[CaseTransition]) -> Result<CaseState>;
    /// Claims the department's next case: the first in the queue's order that a claim moves
    /// (handed off or corrected) and nobody holds, passing over one another station is moving at
    /// this moment instead of waiting for it. `claim` computes the move from the case as it
    /// stands, or refuses it (and nothing is claimed); the move is then applied as
    /// [`CaseStore::apply_action`] applies one, in the same transaction. The claimed case's
    /// number, or None when no case of the department is free to claim.
    async fn claim_next(&self, department_code: &str, claim: &ClaimMove<'_>) -> Result<Option<String>>;
    async fn case(&self, number: &str) -> Result<Option<CaseRow>>;
    /// Opens the case `number` to the signed-in member of staff when `code` is its verification
    /// code as printed: in a city database, a case of another hall becomes visible to them for
    /// the working day, and a window clerk may take in a supply for it. False for a wrong or empty
    /// code and for an unknown number alike. A hall's own file sees every case: it only checks.
    async fn open_case_with_code(&self, number: &str, code: &str) -> Result<bool>;
    async fn case_events(&self, number: &str) -> Result<Vec<CaseEventRow>>;
    /// One page of a department's queue, and the counts of its tabs for `me` on `today`.
    async fn department_queue(&self, query: &QueueQuery, me: &str, today: NaiveDate) -> Result<QueuePage>;
    async fn dispatch_queue(&self) -> Result<Vec<CaseRow>>;
    /// Cases in `state`, soonest due first.
    async fn cases_in_state(&self, state: CaseState) -> Result<Vec<CaseRow>>;
    async fn case_count(&self) -> Result<i64>;
    async fn state_counts(&self) -> Result<Vec<(CaseState, i64)>>;
    /// When the first case was created: where the overview's period begins.
    async fn first_case_at(&self) -> Result<Option<DateTime<Utc>>>;
    /// Per hall: all cases, open ones, and open ones past their due date on `today`.
    async fn hall_loads(&self, today: NaiveDate) -> Result<Vec<HallLoadRow>>;
    async fn on_time_counts(&self) -> Result<OnTimeCounts>;
    /// The materials taken in with the case.
    async fn case_materials(&self, number: &str) -> Result<Vec<ReceivedMaterial>>;
    /// The shortfall findings stored with the case at intake, in the decision's order.
    async fn case_findings(&self, number: &str) -> Result<Vec<CaseFindingRow>>;

    /// The cases of an applicant, newest first.
    async fn applicant_cases(&self, id_kind: IdKind, id_number: &str) -> Result<Vec<CaseRow>>;
    /// Materials the applicant handed in with accepted cases since `since`.
    async fn applicant_materials(
        &self,
        id_kind: IdKind,
        id_number: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<EarlierMaterialRow>>;
    /// Courier tasks for paper originals not yet dispatched: (case number, department name).
    async fn pending_transfers(&self) -> Result<Vec<(String, String)>>;
    /// Logs a progress look-up of a case.
    async fn record_progress_lookup(&self, lookup: &ProgressLookup) -> Result<()>;
    /// The look-ups of a case, oldest first.
    async fn progress_lookups(&self, case_number: &str) -> Result<Vec<ProgressLookup>>;
    /// Cases still waiting on tolerated materials (their supplement date set), soonest first, with
    /// each one's last reminder.
    async fn followups(&self, query: &FollowUpQuery) -> Result<Vec<FollowUpRow>>;
    /// Results waiting to be collected at `hall_code` (the pickup hall, or the receiving hall when
    /// none was chosen), longest waiting first.
    async fn issuance_queue(&self, hall_code: &str) -> Result<Vec<IssuanceRow>>;
    /// The 容缺 commitments an applicant broke, newest first.
    async fn broken_commitments(&self, id_kind: IdKind, id_number: &str) -> Result<Vec<BrokenCommitment>>;
    /// How many events record `action` (the supervisor's count of instant approvals).
    async fn action_count(&self, action: CaseAction) -> Result<i64>;
    /// The audit chain of one case, as stored.
    async fn case_chain(&self, number: &str) -> Result<Option<CaseChainRow>>;
    /// The chains of up to `limit` cases after `after` (a case number), in number order.
    async fn case_chains(&self, after: Option<&str>, limit: u32) -> Result<Vec<CaseChainRow>>;
    /// Wake-ups from every station sharing this database when a department's queue changed, for
    /// as long as the receiver is kept. None: no other station writes here (a hall's own file),
    /// so there is nothing to hear.
    async fn queue_wakeups(&self) -> Result<Option<tokio::sync::mpsc::Receiver<QueueWakeup>>> {
        Ok(None)
    }
}

/// Why a station should read its department queue again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueWakeup {
    /// A case of this department (its code) changed at some station.
    Department(String),
    /// The connection was lost and is back: changes may have been missed, so every queue re-reads.
    Missed,
}

/// The print job log.
#[async_trait::async_trait]
pub trait PrintStore: Send + Sync {
    async fn record_print_job(&self, job: &NewPrintJob) -> Result<i64>;
    async fn update_print_job(
        &self,
        id: i64,
        state: &str,
        cups_job: Option<&str>,
        error: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<()>;
    async fn print_job(&self, id: i64) -> Result<Option<PrintJobRow>>;
    /// The newest first; of one case when `case_number` is given.
    async fn print_jobs(&self, case_number: Option<&str>, limit: u32) -> Result<Vec<PrintJobRow>>;
    /// How many times `kind` was already sent for the case (a reprint when not zero).
    async fn print_count(&self, case_number: &str, kind: &str) -> Result<i64>;
    /// How many labels reached a printer for the envelope with this waybill (a second one is a
    /// 补打); a job the printer refused does not count.
    async fn label_count(&self, waybill: &str) -> Result<i64>;
}

/// Scans and what they are filed under.
#[async_trait::async_trait]
pub trait ScanStore: Send + Sync {
    async fn record_scan(&self, scan: &NewScan) -> Result<ScanRecorded>;
    async fn record_quarantine(
        &self,
        original_name: &str,
        code: &str,
        reason: &str,
        moved_to: &str,
        at: DateTime<Utc>,
    ) -> Result<()>;
    /// The newest scans first; only those not yet assigned to a case when `unassigned`.
    async fn scans(&self, unassigned: bool, limit: u32) -> Result<Vec<ScanRow>>;
    async fn scan(&self, sha256: &str) -> Result<Option<ScanRow>>;
    /// Puts a scan under a material of a case, after the material's other scans.
    async fn assign_scan(&self, case_number: &str, material_code: &str, sha256: &str, rotation: u16) -> Result<()>;
    async fn case_scans(&self, case_number: &str) -> Result<Vec<CaseScanRow>>;
    /// Moves a scan one place earlier (`up`) or later among its material's scans.
    async fn move_scan(&self, case_number: &str, sha256: &str, up: bool) -> Result<()>;
    /// Marks a scan as the cover sheet of a case's material: it leaves the unassigned inbox.
    async fn mark_cover(&self, sha256: &str, case_number: &str, material_code: &str) -> Result<()>;
    /// Takes a scan off a case (it stays stored, back in the unassigned inbox).
    async fn unassign_scan(&self, case_number: &str, sha256: &str) -> Result<()>;
}

/// Intakes in progress.
#[async_trait::async_trait]
pub trait DraftStore: Send + Sync {
    /// Saves a draft (a new one when `id` is none); returns its id.
    async fn save_draft(
        &self,
        username: &str,
        id: Option<i64>,
        title: &str,
        payload: &str,
        at: DateTime<Utc>,
    ) -> Result<i64>;
    async fn drafts(&self, username: &str) -> Result<Vec<DraftRow>>;
    async fn delete_draft(&self, username: &str, id: i64) -> Result<()>;
}
