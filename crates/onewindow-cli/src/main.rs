//! `onewindow`: the headless command line. Output is JSON (one object per line) so scripts can
//! read it; the subcommands and their output are stable and documented in the README.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};
use onewindow_app::calendar::{load_calendar, missing_year_warning};
use onewindow_app::scans::WatchConfig;
use onewindow_app::views::{
    BundleIntakeRequest, FollowUpRequest, HandoverRequest, IntakeRequest, IssueRequest, PrintRequest, ReceiveRequest,
    RemindRequest, ReviewRequest, SaneScanRequest, SettleRequest, ShipmentRequest, ShortfallRequest, SupplyRequest,
    WaybillRangeImport,
};
use onewindow_app::{check_catalog, AppError, FileError, SystemClock};
use onewindow_domain::IdKind;
use onewindow_domain::{ApplicantKind, DocumentKind, MaterialForm, Pause, ReminderChannel, TimeLimit};
use onewindow_station::{SignIn, StationConfig};
use serde::Serialize;
use serde_json::json;
use std::io::IsTerminal as _;

/// One line on standard output. A reader that stops early (`| head`) ends the command quietly
/// instead of a panic on the broken pipe.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

#[derive(Parser)]
#[command(name = "onewindow", version, about = "一窗通 OneWindow: the headless command line")]
struct Cli {
    /// The SQLite database file (default: onewindow.db in $ONEWINDOW_DATA_DIR or the user's data directory).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// On a city database, read the `--user`'s password from the first line of standard input
    /// instead of asking for it (a password is never an argument).
    #[arg(long, global = true)]
    password_stdin: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The database itself.
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
    /// The Jiangmen demo data.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// The service-item catalog: check, import, export, search.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// The shortfall (容缺) decision for an item and the materials present, as JSON.
    Shortfall {
        /// The item's code (事项编码).
        #[arg(long)]
        item: String,
        /// Codes of the materials present, comma-separated (e.g. M01,M02).
        #[arg(long, value_delimiter = ',', default_value = "")]
        present: Vec<String>,
        /// The applicant has signed the commitment letter (承诺书).
        #[arg(long)]
        commitment_signed: bool,
        /// The applicant is on the dishonest-entity list (失信名单).
        #[arg(long)]
        dishonest: bool,
        /// An agent (代办人) applies on the applicant's behalf.
        #[arg(long)]
        agent: bool,
        /// The applicant is an organisation (法人或其他组织), not a natural person.
        #[arg(long)]
        org: bool,
        /// E-certificate types available for the applicant, comma-separated.
        #[arg(long, value_delimiter = ',')]
        e_certificate: Vec<String>,
        /// The receiving hall's code (default: a hall of the item's own area).
        #[arg(long)]
        hall: Option<String>,
        /// How present materials were handed in when not as the catalog asks, comma-separated
        /// `CODE=original|copy|e_certificate` (e.g. M01=copy).
        #[arg(long, value_delimiter = ',')]
        form: Vec<String>,
    },
    /// Working days: weekends and public holidays off, make-up days on.
    Workdays {
        #[command(subcommand)]
        command: WorkdaysCommand,
    },
    /// Render a printout to a PDF file.
    Render {
        #[command(flatten)]
        document: DocumentArgs,
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
    },
    /// Print a document through CUPS and log the job; prints the job as JSON.
    Print {
        #[command(flatten)]
        document: DocumentArgs,
        /// A CUPS queue other than the profile's.
        #[arg(long)]
        queue: Option<String>,
        /// Who prints (logged with the job).
        #[arg(long, default_value = "admin")]
        user: String,
    },
    /// Print the 承诺书 of an intake not submitted yet, for signing: an item's intake request (as
    /// `intake` takes it) in, the print job as JSON out.
    CommitmentDraft {
        #[arg(long)]
        user: String,
        #[arg(long)]
        request: PathBuf,
        #[arg(long)]
        profile: Option<String>,
    },
    /// Take an intake as a window clerk: a JSON request (an item's, with `service_item_code`, or a 一件事
    /// bundle's, with `bundle_code`) in, the recorded result as JSON out.
    Intake {
        /// The window clerk who takes it (their hall and window are recorded).
        #[arg(long)]
        user: String,
        /// The request file, or - for standard input.
        #[arg(long)]
        request: PathBuf,
    },
    /// Scanned materials: the scan inbox, and assigning scans to a case.
    Scan {
        #[command(subcommand)]
        command: ScanCommand,
    },
    /// All scanned materials of a case in one PDF, a bookmark per material.
    CaseFile {
        #[arg(long)]
        case: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// The back office's moves on a case, as a reviewer, a department lead or (supply) a window clerk.
    Case {
        #[command(subcommand)]
        command: CaseCommand,
    },
    /// 容缺 follow-up: the cases whose tolerated materials are still to come, in the user's scope
    /// (a clerk's hall, a reviewer's department, the city for a supervisor), soonest first.
    Followups {
        #[arg(long)]
        user: String,
        /// A supervisor's look at one hall.
        #[arg(long)]
        hall: Option<String>,
        /// Only those due within N working days (0: due today or overdue).
        #[arg(long)]
        due_within: Option<u32>,
    },
    /// The courier desk: waybill ranges, what is to be packed, shipments.
    Courier {
        #[command(subcommand)]
        command: CourierCommand,
    },
    /// 待出件: the results waiting at the window clerk's hall, longest waiting first.
    Issuance {
        #[arg(long)]
        user: String,
    },
    /// The chain of custody of a case: papers received, packed, handed over, received, delivered;
    /// a missing step shows as a gap.
    Custody {
        #[arg(long)]
        case: String,
    },
    /// The audit chain of case events.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// This station's place in the city-wide mode: its database, hall and window.
    Station {
        #[command(subcommand)]
        command: StationCommand,
    },
    /// Sign-in throttling, as an admin: where a username stands, and lifting its lock-out.
    Signin {
        #[command(subcommand)]
        command: SigninCommand,
    },
    /// Check identifiers: one JSON object per value; exit 1 when any is invalid.
    Validate {
        #[arg(long, value_enum)]
        kind: KindArg,
        #[arg(required = true, allow_hyphen_values = true)]
        values: Vec<String>,
    },
}

#[derive(clap::Args)]
struct DocumentArgs {
    /// receipt, bundle-receipt, shortfall-notice, commitment, one-time-notice, refusal-notice,
    /// correction-notice, approval-decision, denial-decision, special-procedure-notice,
    /// extension-notice, withdrawal-notice, termination-notice, collection-receipt, progress-slip,
    /// label, manifest, cover-sheet or test-page.
    kind: String,
    /// The case to print (not needed for test-page; manifest lists the dispatch queue).
    #[arg(long, conflicts_with = "demo")]
    case: Option<String>,
    /// The demo sample instead of a case.
    #[arg(long)]
    demo: bool,
    /// The printer profile (default: the first that serves the kind).
    #[arg(long)]
    profile: Option<String>,
    /// Receipt language: zh-cn, zh-hk or en.
    #[arg(long)]
    lang: Option<String>,
    /// For `print manifest`: the 交接清单 of this handover (default: the envelopes waiting to go).
    #[arg(long)]
    handover: Option<i64>,
    /// For `print label`: the envelope with this waybill (default: the case's newest one).
    #[arg(long)]
    waybill: Option<String>,
}

impl DocumentArgs {
    fn kind(&self) -> anyhow::Result<DocumentKind> {
        DocumentKind::parse(&self.kind).ok_or_else(|| {
            let kinds: Vec<_> = DocumentKind::ALL.iter().map(|k| k.as_str()).collect();
            anyhow::anyhow!("未知的文书类型“{}”，可选：{}", self.kind, kinds.join("、"))
        })
    }
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Report every problem in the files (file, line, field); exit 1 when there is any.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Store the files as a new catalog version, all or nothing.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write the current version out as files (one per department, and bundles.toml).
    Export {
        /// The folder to write into (created if needed).
        #[arg(long, default_value = "catalog")]
        out: PathBuf,
    },
    /// The best matches for QUERY (name, code, department, pinyin, initials), one JSON line each.
    Search {
        query: String,
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// Whether a hall may accept an item (全城通办, or its own area), and which halls may if not.
    Remit {
        code: String,
        #[arg(long)]
        hall: String,
    },
}

#[derive(Subcommand)]
enum ScanCommand {
    /// Take complete files from the inbox: one JSON line per file. Without --once, keeps watching.
    Ingest {
        #[arg(long)]
        inbox: PathBuf,
        /// Take what is complete now (waiting for files still being written), then exit.
        #[arg(long)]
        once: bool,
        /// How long a file must stay unchanged to count as complete.
        #[arg(long, default_value_t = 1000)]
        settle_ms: u64,
        /// Poll the folder at this interval instead of file events (network folders).
        #[arg(long)]
        poll_ms: Option<u64>,
        /// With --once: how long to wait for files still being written.
        #[arg(long, default_value_t = 120)]
        timeout_s: u64,
    },
    /// The stored scans, newest first, one JSON line each.
    List {
        /// Only those not yet assigned to a case.
        #[arg(long)]
        unassigned: bool,
        #[arg(long, default_value_t = 100_000)]
        limit: u32,
    },
    /// The scanners SANE finds, one JSON line each.
    Devices,
    /// Scan pages with SANE straight into the inbox; prints the files made.
    Acquire {
        /// The SANE device, e.g. test:0 (see `scan devices`).
        #[arg(long)]
        device: String,
        #[arg(long)]
        inbox: PathBuf,
        #[arg(long, default_value_t = 200)]
        resolution: u32,
        /// Color, Gray or Lineart.
        #[arg(long, default_value = "Gray")]
        mode: String,
        /// Both sides, where the feeder offers it.
        #[arg(long)]
        duplex: bool,
        /// Pages from the document feeder (default: one page).
        #[arg(long)]
        pages: Option<u32>,
    },
    /// File the unassigned scans by the cover sheets (材料分隔页) among them; one JSON line per page.
    FileByCovers,
    /// Put a stored scan under a material of a case.
    Assign {
        #[arg(long)]
        case: String,
        #[arg(long)]
        material: String,
        #[arg(long)]
        sha256: String,
        /// Clockwise: 0, 90, 180 or 270.
        #[arg(long, default_value_t = 0)]
        rotate: u16,
    },
}

/// Who acts on which case, and the move's fields as JSON.
#[derive(clap::Args)]
struct CaseMove {
    /// The case number (or the QR code's text, OW:number:code).
    #[arg(long)]
    case: String,
    /// The staff member who acts (their role and department are checked).
    #[arg(long)]
    user: String,
    /// The move's fields as a JSON object (a file, or - for standard input).
    #[arg(long)]
    request: Option<PathBuf>,
    /// The reason recorded with the move (overrides the request's).
    #[arg(long)]
    reason: Option<String>,
}

#[derive(Subcommand)]
enum CaseCommand {
    /// The case as the review screen shows it (with --user: what that user may do now).
    Show {
        #[arg(long)]
        case: String,
        #[arg(long)]
        user: Option<String>,
    },
    /// 过程追溯: the case as the applicant may see it, looked up (and logged) as that staff member;
    /// with the receipt's QR text (OW:number:code) the applicant's own details too.
    Progress {
        #[arg(long)]
        case: String,
        #[arg(long)]
        user: String,
    },
    /// 认领: one case, or several (one result line each).
    Claim {
        #[arg(long, required = true)]
        case: Vec<String>,
        #[arg(long)]
        user: String,
    },
    /// 领取下一件: claims the department's next case that nobody holds, soonest due first.
    ClaimNext {
        #[arg(long)]
        user: String,
    },
    /// 退回队列.
    Release(CaseMove),
    /// 改派 (department lead): --to the reviewer who takes the case over.
    Reassign {
        #[command(flatten)]
        on: CaseMove,
        #[arg(long)]
        to: Option<String>,
    },
    /// 准予: {"certificate_number", "result_name"?, "valid_until"?, "note"?}.
    Approve(CaseMove),
    /// 不予批准: {"ground", "reason"}.
    Deny(CaseMove),
    /// 补正: {"items": [{"material_code"?, "name"?, "reason"}], "deadline", "reason"?}.
    RequestCorrection(CaseMove),
    /// The applicant's correction at a window: {"materials": [{"material_code", "form", "copies", "pages", "scans"?}], "note"?}.
    Supply(CaseMove),
    /// 特别程序开始: {"procedure", "limit_days", "reason"}.
    Pause(CaseMove),
    /// 特别程序结束: {"outcome"}.
    Resume(CaseMove),
    /// 延期 (department lead, once): {"days", "reason"}.
    Extend(CaseMove),
    /// 延长补正期限 (department lead): {"deadline", "reason"}.
    ExtendCorrection(CaseMove),
    /// 视为撤回 (department lead, after the correction deadline): {"reason"?}.
    Withdraw(CaseMove),
    /// 容缺补交 at a window: {"materials": [{"material_code", "form", "copies", "pages", "scans"?}], "note"?}.
    SupplyShortfall(CaseMove),
    /// A reminder of tolerated materials due, by phone, sms or in person (--reason: a note).
    Remind {
        #[command(flatten)]
        on: CaseMove,
        #[arg(long, value_parser = ["phone", "sms", "in_person"], default_value = "phone")]
        channel: String,
    },
    /// Overdue tolerated materials, on an item whose rule holds the result: recorded, held.
    Hold(CaseMove),
    /// 终止办理: overdue tolerated materials, on an item whose rule terminates (the department).
    Terminate(CaseMove),
    /// 出件 at the pickup hall: {"collector": {"kind": "applicant", "id_kind", "id_number"} or
    /// {"kind": "agent", "name", "id_kind", "id_number", "applicant_id_number"?, "authorisation"}}.
    Issue(CaseMove),
}

#[derive(Subcommand)]
enum CourierCommand {
    /// Waybill number ranges (号段) from the carriers.
    Ranges {
        #[command(subcommand)]
        command: RangesCommand,
    },
    /// What is to be packed at the dispatcher's hall, by destination, and the envelopes not yet gone.
    Work {
        #[arg(long)]
        user: String,
    },
    /// Envelopes.
    Shipment {
        #[command(subcommand)]
        command: ShipmentCommand,
    },
    /// 交接: a courier takes the hall's labelled envelopes, each scanned by its waybill.
    Handover {
        #[command(subcommand)]
        command: HandoverCommand,
    },
    /// The receiving department or hall scans an envelope in (or records it missing or damaged).
    Receive {
        #[arg(long)]
        user: String,
        #[arg(long)]
        waybill: String,
        #[arg(long, value_parser = ["received", "missing", "damaged"], default_value = "received")]
        outcome: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Batch label runs: list the hall's, resume one cut off, cancel one.
    Labels {
        #[command(subcommand)]
        command: LabelsCommand,
    },
    /// Imports the carrier's tracking file: one `waybill,time,code,location,signer` per line.
    Track {
        #[arg(long)]
        user: String,
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum LabelsCommand {
    List {
        #[arg(long)]
        user: String,
    },
    /// Prints what of the run is not printed yet.
    Resume {
        #[arg(long)]
        user: String,
        #[arg(long)]
        run: i64,
    },
    Cancel {
        #[arg(long)]
        user: String,
        #[arg(long)]
        run: i64,
    },
}

#[derive(Subcommand)]
enum SigninCommand {
    /// Everyone on the staff, the disabled too (`active: false`), with the halls, windows and
    /// departments a new member may be given.
    List {
        #[arg(long)]
        user: String,
    },
    /// Failures counted and the lock-out, if any, of `--username`.
    Status {
        #[arg(long)]
        user: String,
        #[arg(long)]
        username: String,
    },
    /// Lifts the lock-out of `--username` (and its count of failures).
    Lift {
        #[arg(long)]
        user: String,
        #[arg(long)]
        username: String,
    },
    /// Sets a new password for `--username` and lifts any lock-out (in the city, their own login
    /// role's: made at the first). The new password is typed twice at the terminal, or read from
    /// the next line of standard input (after the admin's own, with `--password-stdin`).
    Password {
        #[arg(long)]
        user: String,
        #[arg(long)]
        username: String,
    },
    /// Adds a member of staff with their first password (in the city, their own login role): typed
    /// twice at the terminal, or the next line of standard input (after the admin's own, with
    /// `--password-stdin`).
    Add {
        #[arg(long)]
        user: String,
        #[arg(long)]
        username: String,
        /// The name shown and printed (姓名).
        #[arg(long)]
        name: String,
        /// window_clerk, reviewer, department_lead, dispatcher, supervisor or admin.
        #[arg(long)]
        role: String,
        #[arg(long)]
        hall: Option<String>,
        #[arg(long)]
        window: Option<String>,
        #[arg(long)]
        department: Option<String>,
    },
    /// Ends the sign-in of `--username` (the user is inactive; in the city their login role can no
    /// longer connect). A new password brings it back.
    Disable {
        #[arg(long)]
        user: String,
        #[arg(long)]
        username: String,
    },
    /// Sets after how many idle minutes the screens of `--hall` lock (1 to 120).
    IdleLock {
        #[arg(long)]
        user: String,
        #[arg(long)]
        hall: String,
        #[arg(long)]
        minutes: u32,
    },
}

#[derive(Subcommand)]
enum StationCommand {
    /// Points this station at the city's PostgreSQL database (postgres://HOST/DB, no password),
    /// for `--hall` and its `--window`, after checking the database answers and knows them.
    ///
    /// With `--user ADMIN` (their password typed or read with `--password-stdin`), also registers
    /// the station with the city for offline intake: a role of its own whose secret goes into the
    /// OS keyring, never into a file.
    Connect {
        url: String,
        #[arg(long)]
        hall: String,
        #[arg(long)]
        window: Option<String>,
        /// The city's admin who registers the station for offline intake.
        #[arg(long)]
        user: Option<String>,
        /// The station's name in the city (lower-case letters, digits and _); by default
        /// `station_` and the hall code and host name.
        #[arg(long)]
        name: Option<String>,
    },
    /// The station's configuration: data directory, database, hall and window (never a secret).
    Show,
    /// The offline outbox: intakes waiting to be handed in, conflicts, leased numbers left (JSON).
    Outbox,
    /// Hands in the offline outbox to the city database, as the station's own role (JSON report).
    Sync,
}

#[derive(Subcommand)]
enum HandoverCommand {
    Start {
        #[arg(long)]
        user: String,
        #[arg(long)]
        courier: String,
        #[arg(long)]
        company: String,
        #[arg(long)]
        contact: String,
    },
    Scan {
        #[arg(long)]
        user: String,
        #[arg(long)]
        id: i64,
        #[arg(long)]
        waybill: String,
    },
    /// Hands the scanned envelopes over and dispatches their cases, all at once.
    Close {
        #[arg(long)]
        user: String,
        #[arg(long)]
        id: i64,
    },
}

#[derive(Subcommand)]
enum RangesCommand {
    /// Imports a range as the admin: --first and --last, or --file with one number per line; every
    /// number checked (S10 check digits), all or none.
    Import {
        #[arg(long)]
        user: String,
        #[arg(long)]
        carrier: String,
        #[arg(long)]
        product: String,
        #[arg(long, value_parser = ["s10", "digits"])]
        format: String,
        #[arg(long)]
        first: Option<String>,
        #[arg(long)]
        last: Option<String>,
        #[arg(long, conflicts_with_all = ["first", "last"])]
        file: Option<PathBuf>,
    },
    /// Every range with its numbers used, cancelled and free; `low` when a product runs low.
    List {
        #[arg(long)]
        user: String,
    },
}

#[derive(Subcommand)]
enum ShipmentCommand {
    /// Packs an envelope: {"kind": "material_transfer"|"result_to_applicant", "cases": [N…],
    /// "papers"?: {N: [CODE…]}, "split_reason"?, "carrier"?, "product"?}.
    Create {
        #[arg(long)]
        user: String,
        #[arg(long)]
        request: PathBuf,
    },
    /// The envelopes of a case, oldest first.
    List {
        #[arg(long)]
        case: String,
    },
    /// Cancels an envelope before it leaves; its waybill is never used again.
    Cancel {
        #[arg(long)]
        user: String,
        #[arg(long)]
        waybill: String,
        #[arg(long)]
        reason: String,
    },
    /// Prints the labels of envelopes in one run (a batch label run), one JSON line per label on
    /// standard error as it goes; the run stops where a printer refuses, and `labels resume` goes on.
    Label {
        #[arg(long)]
        user: String,
        /// Each envelope's waybill, in printing order.
        #[arg(long = "waybill", required = true)]
        waybills: Vec<String>,
        #[arg(long)]
        profile: Option<String>,
        #[arg(long)]
        queue: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the chains (of one case, or all) and name the first event of each that does not match;
    /// exit 1 when any chain is broken.
    Verify {
        #[arg(long)]
        case: Option<String>,
    },
}

#[derive(Subcommand)]
enum WorkdaysCommand {
    /// The date N working days after DATE (counting from the day after).
    Add { date: NaiveDate, n: u32 },
    /// A due date: DAYS working days from FROM, moved by each pause (START:END; the start day
    /// counts, the clock restarts the working day after END) and an extension.
    Due {
        #[arg(long)]
        from: NaiveDate,
        #[arg(long)]
        days: u32,
        #[arg(long, value_parser = parse_pause)]
        pause: Vec<(NaiveDate, NaiveDate)>,
        #[arg(long, default_value_t = 0)]
        extend: u32,
    },
    /// The working days after FROM up to and including TO.
    Between { from: NaiveDate, to: NaiveDate },
}

#[derive(Subcommand)]
enum DbCommand {
    /// Create the database if needed and bring its schema up to date.
    Migrate,
    /// Copy this hall's SQLite history (cases, their events and audit chain, materials, findings,
    /// scans' records, print jobs) into the city database at `--to`, as its owner. Copying again
    /// copies nothing; a case the city holds with another history is reported, not overwritten.
    /// One JSON report; exit 1 when any case is in conflict or does not verify.
    Copy {
        /// The city database, `postgres://…` (its owner's URL).
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Seed the demo into an empty database (a database with data is left alone), with a page
    /// image for each received material of the cases in the back office.
    Seed {
        /// Only the data, no page images (faster, for scripts).
        #[arg(long)]
        without_scans: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    ResidentId,
    Uscc,
    Mobile,
    HkMacauPermit,
    ResidencePermit,
    TwPermit,
    Passport,
}

impl From<KindArg> for IdKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::ResidentId => IdKind::ResidentId,
            KindArg::Uscc => IdKind::Uscc,
            KindArg::Mobile => IdKind::Mobile,
            KindArg::HkMacauPermit => IdKind::HkMacauPermit,
            KindArg::ResidencePermit => IdKind::ResidencePermit,
            KindArg::TwPermit => IdKind::TwPermit,
            KindArg::Passport => IdKind::Passport,
        }
    }
}

fn parse_pause(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let (start, end) = text
        .split_once(':')
        .ok_or_else(|| format!("暂停应写作 开始:结束，如 2026-10-09:2026-10-13，而不是“{text}”"))?;
    let day =
        |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("“{s}”不是日期（年-月-日）"));
    let (start, end) = (day(start)?, day(end)?);
    if end < start {
        return Err(format!("暂停的结束日 {end} 早于开始日 {start}"));
    }
    Ok((start, end))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data_dir = StationConfig::resolve(cli.db.as_deref()).ok().map(|c| c.data_dir);
    onewindow_station::logging::init(data_dir.as_deref(), "onewindow", "off");
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            tracing::info!(error = format!("{e:#}"), "command refused");
            // A use case's refusal carries its code and the field it concerns.
            let out = match e.downcast_ref::<AppError>() {
                Some(app) => json!({ "error": app.to_string(), "code": app.code(), "field": app.field() }),
                None => json!({ "error": format!("{e:#}") }),
            };
            eprintln!("{out}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let sign_in = match StationConfig::resolve(cli.db.as_deref()) {
        Ok(config) => city_sign_in(&config, cli.password_stdin)?,
        Err(_) => None,
    };
    SIGN_IN.set(sign_in).expect("set once");
    match cli.command {
        Command::Validate { kind, values } => Ok(validate_values(kind.into(), &values)),
        Command::Catalog { command } => run_catalog(cli.db, command),
        Command::Render { document, out } => {
            let kind = document.kind()?;
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                let (pdf, profile) = app
                    .render_document(
                        kind,
                        document.case.as_deref(),
                        document.demo,
                        document.profile.as_deref(),
                        document.lang.as_deref(),
                        false,
                    )
                    .await?;
                std::fs::write(&out, &pdf)?;
                say!(
                    "{}",
                    json!({ "document": kind.as_str(), "profile": profile.name, "out": out, "bytes": pdf.len() })
                );
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Print { document, queue, user } => {
            let kind = document.kind()?;
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                let user = app.user(&user).await?;
                let request = PrintRequest {
                    document: kind,
                    case_number: document.case.clone(),
                    profile: document.profile.clone(),
                    lang: document.lang.clone(),
                    queue,
                    demo: document.demo,
                    handover: document.handover,
                    waybill: document.waybill.clone(),
                };
                let job = app.print(&user, &request).await?;
                say!("{}", serde_json::to_string(&job)?);
                Ok(if job.error.is_some() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
            })
        }
        Command::CommitmentDraft { user, request, profile } => {
            let request: IntakeRequest =
                serde_json::from_value(serde_json::Value::Object(read_object(Some(&request), "受理请求")?))
                    .context("受理请求的字段不正确")?;
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                let user = app.user(&user).await?;
                let job = app.print_commitment_draft(&user, &request, profile.as_deref()).await?;
                say!("{}", serde_json::to_string(&job)?);
                Ok(if job.error.is_some() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
            })
        }
        Command::Intake { user, request } => {
            let text = if request.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())?
            } else {
                std::fs::read_to_string(&request)
                    .with_context(|| format!("无法读取受理请求文件 {}", request.display()))?
            };
            let value: serde_json::Value = serde_json::from_str(&text).context("受理请求不是有效的 JSON")?;
            let station = station(cli.db.as_deref())?;
            block_on(async {
                // A city station signs the clerk in where it can: the city, else its offline outbox.
                let (app, user, offline) = match &station.sign_in {
                    Some(who) if station.city.is_some() => {
                        let session =
                            onewindow_station::sign_in_anywhere(&station, &who.username, &who.password).await?;
                        (session.app, session.user, session.offline)
                    }
                    _ => {
                        let app = onewindow_station::open(&station).await?;
                        let user = app.user(&user).await?;
                        (app, user, false)
                    }
                };
                let mut out = if value.get("bundle_code").is_some() {
                    let request: BundleIntakeRequest =
                        serde_json::from_value(value).context("一件事受理请求的字段不正确")?;
                    serde_json::to_value(app.intake_bundle(&user, &request).await?)?
                } else {
                    let request: IntakeRequest = serde_json::from_value(value).context("受理请求的字段不正确")?;
                    serde_json::to_value(app.intake(&user, &request).await?)?
                };
                if offline {
                    out["offline"] = json!(true);
                }
                say!("{out}");
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Workdays { command } => run_workdays(cli.db, command),
        Command::Case { command } => run_case(cli.db, command),
        Command::Followups { user, hall, due_within } => {
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                let user = app.user(&user).await?;
                let list = app.followups(&user, &FollowUpRequest { hall_code: hall, due_within }).await?;
                say!("{}", serde_json::to_string(&list)?);
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Courier { command } => run_courier(cli.db, command),
        Command::Station { command } => {
            let config = station(cli.db.as_deref())?;
            match command {
                StationCommand::Connect { url, hall, window, user, name } => {
                    let admin = match (user, SIGN_IN.get().cloned().flatten()) {
                        (Some(_), Some(signed_in)) => Some(signed_in),
                        (Some(username), None) => {
                            let password = read_password(&username, cli.password_stdin)?;
                            Some(SignIn { username, password })
                        }
                        (None, _) => None,
                    };
                    block_on(async {
                        let city = onewindow_station::CityStation { database: url, hall, window, station: None };
                        onewindow_station::connect(&config.data_dir, &city).await?;
                        if let Some(admin) = admin {
                            let name = name.unwrap_or_else(|| onewindow_station::default_station_name(&city.hall));
                            onewindow_station::outbox::register(&config.data_dir, &city, &name, &admin).await?;
                        }
                        say!("{}", station_json(&onewindow_station::StationConfig::resolve(cli.db.as_deref())?));
                        Ok(ExitCode::SUCCESS)
                    })
                }
                StationCommand::Show => {
                    say!("{}", station_json(&config));
                    Ok(ExitCode::SUCCESS)
                }
                StationCommand::Outbox => block_on(async {
                    let status = onewindow_station::outbox::status(&config).await?.ok_or_else(|| {
                        AppError::Forbidden("本站未登记离线受理（station connect --user 管理员）".into())
                    })?;
                    say!("{}", serde_json::to_string(&status)?);
                    Ok(ExitCode::SUCCESS)
                }),
                StationCommand::Sync => block_on(async {
                    let report = onewindow_station::outbox::hand_in(&config).await?;
                    let clean = report.conflicts.is_empty();
                    say!("{}", serde_json::to_string(&report)?);
                    Ok(if clean { ExitCode::SUCCESS } else { ExitCode::FAILURE })
                }),
            }
        }
        Command::Signin { command } => {
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                let out = match command {
                    SigninCommand::List { user } => serde_json::to_string(&app.staff(&app.user(&user).await?).await?)?,
                    SigninCommand::Status { user, username } => {
                        serde_json::to_string(&app.sign_in_status(&app.user(&user).await?, &username).await?)?
                    }
                    SigninCommand::Lift { user, username } => {
                        serde_json::to_string(&app.lift_lockout(&app.user(&user).await?, &username).await?)?
                    }
                    SigninCommand::Password { user, username } => {
                        let admin = app.user(&user).await?;
                        let password = new_password(&username)?;
                        serde_json::to_string(&app.reset_password(&admin, &username, &password).await?)?
                    }
                    SigninCommand::Add { user, username, name, role, hall, window, department } => {
                        let admin = app.user(&user).await?;
                        let role = onewindow_domain::Role::parse(&role).ok_or_else(|| {
                            AppError::invalid("role", format!("没有角色“{role}”（window_clerk、reviewer、department_lead、dispatcher、supervisor、admin）"))
                        })?;
                        let new = onewindow_domain::User {
                            username: username.trim().to_string(),
                            display_name: name.trim().to_string(),
                            role,
                            hall_code: hall,
                            window,
                            department_code: department,
                        };
                        let password = new_password(&new.username)?;
                        serde_json::to_string(&app.add_user(&admin, &new, &password).await?)?
                    }
                    SigninCommand::Disable { user, username } => {
                        app.disable_sign_in(&app.user(&user).await?, &username).await?;
                        json!({ "username": username.trim(), "active": false }).to_string()
                    }
                    SigninCommand::IdleLock { user, hall, minutes } => {
                        let minutes = app.set_idle_lock_minutes(&app.user(&user).await?, &hall, minutes).await?;
                        json!({ "hall": hall, "idle_lock_minutes": minutes }).to_string()
                    }
                };
                say!("{out}");
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Custody { case } => {
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                say!("{}", serde_json::to_string(&app.custody(&case).await?)?);
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Issuance { user } => {
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                let user = app.user(&user).await?;
                say!("{}", serde_json::to_string(&app.issuance_queue(&user).await?)?);
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Audit { command: AuditCommand::Verify { case } } => {
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                let report = app.verify_audit(case.as_deref()).await?;
                say!("{}", serde_json::to_string(&report)?);
                Ok(if report.broken.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
            })
        }
        Command::Scan { command } => run_scan(cli.db, command),
        Command::CaseFile { case, out } => {
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                let pdf = app.case_file(&case).await?;
                std::fs::write(&out, &pdf)?;
                say!("{}", json!({ "case": case, "out": out, "bytes": pdf.len() }));
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Shortfall { item, present, commitment_signed, dishonest, agent, org, e_certificate, hall, form } => {
            let mut forms = std::collections::BTreeMap::new();
            for entry in form.iter().filter(|f| !f.trim().is_empty()) {
                let (code, value) = entry
                    .split_once('=')
                    .ok_or_else(|| anyhow::anyhow!("--form 应为 材料编码=形式，如 M01=copy，而不是“{entry}”"))?;
                let value: MaterialForm = serde_json::from_value(json!(value.trim())).map_err(|_| {
                    anyhow::anyhow!("材料形式“{}”不正确，可选 original、copy、e_certificate", value.trim())
                })?;
                forms.insert(code.trim().to_string(), value);
            }
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                let request = ShortfallRequest {
                    service_item_code: item,
                    present_codes: present
                        .into_iter()
                        .filter(|c| !c.trim().is_empty())
                        .map(|c| c.trim().to_string())
                        .collect(),
                    applicant_kind: if org { ApplicantKind::Organisation } else { ApplicantKind::Person },
                    has_agent: agent,
                    commitment_signed,
                    dishonest,
                    e_certificates: e_certificate,
                    applicant: None,
                    forms,
                };
                let decision = app.check_shortfall(&request, hall.as_deref()).await?;
                say!("{}", serde_json::to_string(&decision)?);
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Db { command: DbCommand::Copy { to } } => {
            let station = station(cli.db.as_deref())?;
            let onewindow_station::Database::Sqlite(file) = &station.database else {
                return Err(AppError::invalid("db", "复制的来源须是本厅的 SQLite 数据库文件，而不是城市数据库").into());
            };
            block_on(async {
                let report = onewindow_station::copy::copy_to_city(file, &to).await?;
                say!("{}", serde_json::to_string(&report)?);
                Ok(if report.clean() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
            })
        }
        Command::Db { command: DbCommand::Migrate } => {
            let station = station(cli.db.as_deref())?;
            block_on(async {
                onewindow_station::open(&station).await?;
                say!("{}", json!({ "database": station.database.to_string(), "migrated": true }));
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Demo { command: DemoCommand::Seed { without_scans } } => {
            let station = station(cli.db.as_deref())?;
            block_on(async {
                let report = onewindow_station::seed_demo(&station, !without_scans).await?;
                let mut out = serde_json::to_value(&report)?;
                out["database"] = json!(station.database.to_string());
                say!("{out}");
                Ok(ExitCode::SUCCESS)
            })
        }
    }
}

fn read_files(paths: &[PathBuf]) -> anyhow::Result<Vec<(String, String)>> {
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", p.display()))?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

/// Prints catalog problems, one JSON line each.
fn print_problems(problems: &[FileError]) {
    for p in problems {
        say!("{}", json!({ "file": p.file, "line": p.line, "field": p.field, "code": p.code, "message": p.message }));
    }
}

fn run_catalog(db: Option<PathBuf>, command: CatalogCommand) -> anyhow::Result<ExitCode> {
    match command {
        CatalogCommand::Check { files } => {
            let files = read_files(&files)?;
            match check_catalog(&files) {
                Ok(catalog) => {
                    say!(
                        "{}",
                        json!({ "ok": true, "departments": catalog.departments.len(), "service_items": catalog.items.len(), "bundles": catalog.bundles.len() })
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(problems) => {
                    print_problems(&problems);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        CatalogCommand::Import { files } => {
            let files = read_files(&files)?;
            let station = station(db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                match app.import_catalog(&files, "onewindow catalog import").await {
                    Ok(report) => {
                        say!("{}", serde_json::to_string(&report)?);
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(AppError::InvalidCatalog(problems)) => {
                        print_problems(&problems);
                        Ok(ExitCode::FAILURE)
                    }
                    Err(e) => Err(e.into()),
                }
            })
        }
        CatalogCommand::Export { out } => {
            let station = station(db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                let (version, files) = app.export_catalog().await?;
                std::fs::create_dir_all(&out)?;
                for (name, text) in &files {
                    std::fs::write(out.join(name), text)?;
                }
                say!("{}", json!({ "catalog_version": version, "out": out, "files": files.len() }));
                Ok(ExitCode::SUCCESS)
            })
        }
        CatalogCommand::Remit { code, hall } => {
            let station = station(db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                say!("{}", serde_json::to_string(&app.item_remit(&code, &hall).await?)?);
                Ok(ExitCode::SUCCESS)
            })
        }
        CatalogCommand::Search { query, limit } => {
            let station = station(db.as_deref())?;
            block_on(async {
                let app = onewindow_station::open(&station).await?;
                for hit in app.search_catalog(&query, limit).await? {
                    say!("{}", serde_json::to_string(&hit)?);
                }
                Ok(ExitCode::SUCCESS)
            })
        }
    }
}

fn run_scan(db: Option<PathBuf>, command: ScanCommand) -> anyhow::Result<ExitCode> {
    use std::time::Duration;
    let station = station(db.as_deref())?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let app = runtime.block_on(onewindow_station::open(&station))?;
    match command {
        ScanCommand::Ingest { inbox, once, settle_ms, poll_ms, timeout_s } => {
            let settle = Duration::from_millis(settle_ms);
            let take = |file: &std::path::Path| match runtime.block_on(app.ingest_scan(file)) {
                Ok(outcome) => say!("{}", serde_json::to_string(&outcome).expect("plain data")),
                Err(e) => eprintln!("{}", json!({ "file": file, "error": e.to_string() })),
            };
            if once {
                for file in app.settled_inbox_files(&inbox, settle, Duration::from_secs(timeout_s))? {
                    take(&file);
                }
                return Ok(ExitCode::SUCCESS);
            }
            let config = WatchConfig { inbox, settle, poll: poll_ms.map(Duration::from_millis) };
            let (_watcher, ready) = app.watch_inbox(config)?;
            for file in ready {
                take(&file.path);
            }
            Ok(ExitCode::SUCCESS)
        }
        ScanCommand::Devices => {
            for d in app.sane_devices()? {
                say!("{}", json!({ "device": d.name, "description": d.description }));
            }
            Ok(ExitCode::SUCCESS)
        }
        ScanCommand::Acquire { device, inbox, resolution, mode, duplex, pages } => {
            let request = SaneScanRequest { device, resolution, mode, duplex, pages };
            for file in app.sane_scan_to(&request, &inbox)? {
                say!("{}", json!({ "file": file }));
            }
            Ok(ExitCode::SUCCESS)
        }
        ScanCommand::FileByCovers => {
            for filed in runtime.block_on(app.file_by_cover_sheets())? {
                say!("{}", serde_json::to_string(&filed)?);
            }
            Ok(ExitCode::SUCCESS)
        }
        ScanCommand::List { unassigned, limit } => {
            for scan in runtime.block_on(app.recent_scans(unassigned, limit))? {
                say!("{}", serde_json::to_string(&scan)?);
            }
            Ok(ExitCode::SUCCESS)
        }
        ScanCommand::Assign { case, material, sha256, rotate } => {
            runtime.block_on(app.assign_scan(&case, &material, &sha256, rotate))?;
            say!("{}", json!({ "case": case, "material": material, "sha256": sha256, "rotation": rotate }));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_workdays(db: Option<PathBuf>, command: WorkdaysCommand) -> anyhow::Result<ExitCode> {
    // The admin's calendar files sit beside the database.
    let data_dir = station(db.as_deref()).ok().map(|s| s.data_dir);
    let (calendar, problems) = load_calendar(data_dir.as_deref());
    for p in &problems {
        eprintln!("警告：{p}");
    }
    let warn = |year: i32| {
        if let Some(w) = missing_year_warning(&calendar, year) {
            eprintln!("{w}");
        }
    };
    match command {
        WorkdaysCommand::Add { date, n } => {
            let due = calendar.add_working_days(date, n);
            for year in date.year()..=due.year() {
                warn(year);
            }
            say!("{due}");
        }
        WorkdaysCommand::Due { from, days, pause, extend } => {
            let mut limit = TimeLimit::new(from, days, days);
            limit.pauses = pause.into_iter().map(|(start, end)| Pause { start, end: Some(end) }).collect();
            limit.extension_days = extend;
            let due = limit.due_date(&calendar);
            for year in from.year()..=due.year() {
                warn(year);
            }
            say!("{due}");
        }
        WorkdaysCommand::Between { from, to } => {
            for year in from.year().min(to.year())..=from.year().max(to.year()) {
                warn(year);
            }
            say!("{}", calendar.working_days_between(from, to));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A JSON object from a file or standard input; none is `{}`.
fn read_object(path: Option<&Path>, what: &str) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    let Some(path) = path else { return Ok(serde_json::Map::new()) };
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(path).with_context(|| format!("无法读取{what}文件 {}", path.display()))?
    };
    match serde_json::from_str(&text).with_context(|| format!("{what}不是有效的 JSON"))? {
        serde_json::Value::Object(map) => Ok(map),
        _ => anyhow::bail!("{what}应为 JSON 对象"),
    }
}

/// One label of a run done, as a JSON line on standard error (standard output keeps the result).
fn label_progress(p: onewindow_app::views::LabelRunProgress) {
    eprintln!("{}", serde_json::to_string(&p).unwrap_or_default());
}

/// The run as JSON; it fails (exit 1) when the run stopped before its end.
fn label_run_out(run: &onewindow_app::views::LabelRunView) -> anyhow::Result<ExitCode> {
    say!("{}", serde_json::to_string(run)?);
    Ok(if run.state == onewindow_domain::courier::LabelRunState::Finished {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn run_courier(db: Option<PathBuf>, command: CourierCommand) -> anyhow::Result<ExitCode> {
    let station = station(db.as_deref())?;
    block_on(async {
        let app = onewindow_station::open(&station).await?;
        let out = match command {
            CourierCommand::Ranges {
                command: RangesCommand::Import { user, carrier, product, format, first, last, file },
            } => {
                let user = app.user(&user).await?;
                let numbers = match file {
                    Some(path) => Some(
                        std::fs::read_to_string(&path)
                            .with_context(|| format!("读取号段文件{}失败", path.display()))?
                            .lines()
                            .map(str::to_string)
                            .collect(),
                    ),
                    None => None,
                };
                let format = serde_json::from_value(json!(format)).expect("clap checked the value");
                let request = WaybillRangeImport { carrier, product, format, first, last, numbers };
                serde_json::to_string(&app.import_waybill_range(&user, &request).await?)?
            }
            CourierCommand::Ranges { command: RangesCommand::List { user } } => {
                let user = app.user(&user).await?;
                for range in app.waybill_ranges(&user).await? {
                    say!("{}", serde_json::to_string(&range)?);
                }
                return Ok(ExitCode::SUCCESS);
            }
            CourierCommand::Work { user } => serde_json::to_string(&app.dispatch_work(&app.user(&user).await?).await?)?,
            CourierCommand::Shipment { command: ShipmentCommand::Create { user, request } } => {
                let user = app.user(&user).await?;
                let fields = read_object(Some(&request), "封装请求")?;
                let request: ShipmentRequest = serde_json::from_value(fields.into()).context("封装请求的字段不正确")?;
                serde_json::to_string(&app.create_shipment(&user, &request).await?)?
            }
            CourierCommand::Shipment { command: ShipmentCommand::List { case } } => {
                for shipment in app.case_shipments(&case).await? {
                    say!("{}", serde_json::to_string(&shipment)?);
                }
                return Ok(ExitCode::SUCCESS);
            }
            CourierCommand::Shipment { command: ShipmentCommand::Cancel { user, waybill, reason } } => {
                let user = app.user(&user).await?;
                serde_json::to_string(&app.cancel_shipment(&user, &waybill, &reason).await?)?
            }
            CourierCommand::Shipment { command: ShipmentCommand::Label { user, waybills, profile, queue } } => {
                let user = app.user(&user).await?;
                let request = onewindow_app::views::LabelRunRequest { waybills, profile, queue };
                let run = app.start_label_run(&user, &request).await?;
                let run = app.run_labels(&user, i64::from(run.id), &label_progress).await?;
                return label_run_out(&run);
            }
            CourierCommand::Labels { command } => match command {
                LabelsCommand::List { user } => {
                    for run in app.label_runs(&app.user(&user).await?).await? {
                        say!("{}", serde_json::to_string(&run)?);
                    }
                    return Ok(ExitCode::SUCCESS);
                }
                LabelsCommand::Resume { user, run } => {
                    let run = app.run_labels(&app.user(&user).await?, run, &label_progress).await?;
                    return label_run_out(&run);
                }
                LabelsCommand::Cancel { user, run } => {
                    serde_json::to_string(&app.cancel_label_run(&app.user(&user).await?, run).await?)?
                }
            },
            CourierCommand::Handover { command } => match command {
                HandoverCommand::Start { user, courier, company, contact } => {
                    let user = app.user(&user).await?;
                    let request =
                        HandoverRequest { courier_name: courier, courier_company: company, courier_contact: contact };
                    serde_json::to_string(&app.start_handover(&user, &request).await?)?
                }
                HandoverCommand::Scan { user, id, waybill } => {
                    serde_json::to_string(&app.scan_handover(&app.user(&user).await?, id, &waybill).await?)?
                }
                HandoverCommand::Close { user, id } => {
                    serde_json::to_string(&app.close_handover(&app.user(&user).await?, id).await?)?
                }
            },
            CourierCommand::Receive { user, waybill, outcome, reason } => {
                let user = app.user(&user).await?;
                let outcome = serde_json::from_value(json!(outcome)).expect("clap checked the value");
                let request = ReceiveRequest { waybill, outcome, reason: reason.unwrap_or_default() };
                serde_json::to_string(&app.receive(&user, &request).await?)?
            }
            CourierCommand::Track { user, file } => {
                let user = app.user(&user).await?;
                let text =
                    std::fs::read_to_string(&file).with_context(|| format!("读取轨迹文件{}失败", file.display()))?;
                serde_json::to_string(&app.import_tracking(&user, &text).await?)?
            }
        };
        say!("{out}");
        Ok(ExitCode::SUCCESS)
    })
}

fn run_case(db: Option<PathBuf>, command: CaseCommand) -> anyhow::Result<ExitCode> {
    let station = station(db.as_deref())?;
    block_on(async {
        let app = onewindow_station::open(&station).await?;
        let (action, on, extra) = match command {
            CaseCommand::Show { case, user } => {
                let out = match user {
                    Some(user) => serde_json::to_string(&app.review_view(&app.user(&user).await?, &case).await?)?,
                    None => serde_json::to_string(&app.case_detail(&case).await?)?,
                };
                say!("{out}");
                return Ok(ExitCode::SUCCESS);
            }
            CaseCommand::Progress { case, user } => {
                let user = app.user(&user).await?;
                say!("{}", serde_json::to_string(&app.progress(&user, &case).await?)?);
                return Ok(ExitCode::SUCCESS);
            }
            CaseCommand::Claim { case, user } => {
                let user = app.user(&user).await?;
                if let [one] = case.as_slice() {
                    let outcome = app.review(&user, one, &ReviewRequest::Claim).await?;
                    say!("{}", serde_json::to_string(&outcome)?);
                    return Ok(ExitCode::SUCCESS);
                }
                let results = app.claim_many(&user, &case).await?;
                for r in &results {
                    say!("{}", serde_json::to_string(r)?);
                }
                return Ok(if results.iter().all(|r| r.claimed) { ExitCode::SUCCESS } else { ExitCode::FAILURE });
            }
            CaseCommand::ClaimNext { user } => {
                let user = app.user(&user).await?;
                return Ok(match app.claim_next(&user).await? {
                    Some(outcome) => {
                        say!("{}", serde_json::to_string(&outcome)?);
                        ExitCode::SUCCESS
                    }
                    None => {
                        eprintln!("{}", json!({ "error": "本部门队列中没有待认领的办件" }));
                        ExitCode::FAILURE
                    }
                });
            }
            CaseCommand::Supply(on) => {
                let user = app.user(&on.user).await?;
                let mut fields = read_object(on.request.as_deref(), "补正请求")?;
                fields.insert("case".into(), json!(on.case));
                if let Some(reason) = on.reason {
                    fields.insert("note".into(), json!(reason));
                }
                app.check_move(&user, &on.case, onewindow_domain::CaseAction::SubmitCorrection).await?;
                let request: SupplyRequest = serde_json::from_value(fields.into()).context("补正请求的字段不正确")?;
                say!("{}", serde_json::to_string(&app.supply_correction(&user, &request).await?)?);
                return Ok(ExitCode::SUCCESS);
            }
            CaseCommand::SupplyShortfall(on) => {
                let user = app.user(&on.user).await?;
                let mut fields = read_object(on.request.as_deref(), "容缺补交请求")?;
                fields.insert("case".into(), json!(on.case));
                if let Some(reason) = on.reason {
                    fields.insert("note".into(), json!(reason));
                }
                let request: SupplyRequest =
                    serde_json::from_value(fields.into()).context("容缺补交请求的字段不正确")?;
                say!("{}", serde_json::to_string(&app.supply_shortfall(&user, &request).await?)?);
                return Ok(ExitCode::SUCCESS);
            }
            CaseCommand::Remind { on, channel } => {
                let user = app.user(&on.user).await?;
                let channel = ReminderChannel::parse(&channel).expect("clap checked the value");
                let request = RemindRequest { case: on.case, channel, note: on.reason.unwrap_or_default() };
                say!("{}", serde_json::to_string(&app.remind(&user, &request).await?)?);
                return Ok(ExitCode::SUCCESS);
            }
            CaseCommand::Hold(on) | CaseCommand::Terminate(on) if on.request.is_some() => {
                anyhow::bail!("此操作不需要 --request，理由请用 --reason（办件 {}）", on.case)
            }
            CaseCommand::Hold(on) => {
                let user = app.user(&on.user).await?;
                let request = SettleRequest { case: on.case, reason: on.reason.unwrap_or_default() };
                say!("{}", serde_json::to_string(&app.hold_shortfall(&user, &request).await?)?);
                return Ok(ExitCode::SUCCESS);
            }
            CaseCommand::Terminate(on) => {
                let user = app.user(&on.user).await?;
                let request = SettleRequest { case: on.case, reason: on.reason.unwrap_or_default() };
                say!("{}", serde_json::to_string(&app.terminate(&user, &request).await?)?);
                return Ok(ExitCode::SUCCESS);
            }
            CaseCommand::Issue(on) => {
                let user = app.user(&on.user).await?;
                let mut fields = read_object(on.request.as_deref(), "出件请求")?;
                fields.insert("case".into(), json!(on.case));
                let request: IssueRequest = serde_json::from_value(fields.into()).context("出件请求的字段不正确")?;
                say!("{}", serde_json::to_string(&app.issue(&user, &request).await?)?);
                return Ok(ExitCode::SUCCESS);
            }
            CaseCommand::Release(on) => ("release", on, None),
            CaseCommand::Reassign { on, to } => ("reassign", on, to.map(|to| ("to", to))),
            CaseCommand::Approve(on) => ("approve", on, None),
            CaseCommand::Deny(on) => ("deny", on, None),
            CaseCommand::RequestCorrection(on) => ("request_correction", on, None),
            CaseCommand::Pause(on) => ("start_special_procedure", on, None),
            CaseCommand::Resume(on) => ("end_special_procedure", on, None),
            CaseCommand::Extend(on) => ("extend", on, None),
            CaseCommand::ExtendCorrection(on) => ("extend_correction", on, None),
            CaseCommand::Withdraw(on) => ("withdraw", on, None),
        };
        let user = app.user(&on.user).await?;
        let mut fields = read_object(on.request.as_deref(), "审批请求")?;
        fields.insert("action".into(), json!(action));
        if let Some(reason) = on.reason {
            fields.insert("reason".into(), json!(reason));
        }
        if let Some((key, value)) = extra {
            fields.insert(key.into(), json!(value));
        }
        // The moves whose fields are all optional need no request at all.
        if matches!(action, "release" | "withdraw") {
            fields.entry("reason").or_insert(json!(""));
        }
        let action = serde_json::from_value(json!(action)).expect("the moves are case actions");
        app.check_move(&user, &on.case, action).await?;
        let request: ReviewRequest = serde_json::from_value(fields.into()).context("审批请求的字段不正确")?;
        say!("{}", serde_json::to_string(&app.review(&user, &on.case, &request).await?)?);
        Ok(ExitCode::SUCCESS)
    })
}

/// `station show`'s object: the same keys for both modes, `hall` and `window` null on SQLite.
fn station_json(config: &StationConfig) -> serde_json::Value {
    let backend = match config.database {
        onewindow_station::Database::Sqlite(_) => "sqlite",
        onewindow_station::Database::Postgres(_) => "postgres",
    };
    json!({
        "data_dir": config.data_dir,
        "backend": backend,
        "database": config.database.to_string(),
        "hall": config.city.as_ref().map(|c| &c.hall),
        "window": config.city.as_ref().and_then(|c| c.window.as_ref()),
        "station": config.city.as_ref().and_then(|c| c.station.as_ref()),
    })
}

/// Who this run signs in to the city database as: the command's `--user`, on a station connected
/// to the city (or with `--password-stdin`), with the password typed at the terminal or read from
/// standard input.
static SIGN_IN: std::sync::OnceLock<Option<SignIn>> = std::sync::OnceLock::new();

fn city_sign_in(config: &StationConfig, password_stdin: bool) -> anyhow::Result<Option<SignIn>> {
    if !matches!(config.database, onewindow_station::Database::Postgres(_))
        || (config.city.is_none() && !password_stdin)
    {
        return Ok(None);
    }
    let Some(username) = acting_user(std::env::args()) else { return Ok(None) };
    let password = read_password(&username, password_stdin)?;
    Ok(Some(SignIn { username, password }))
}

/// `username`'s password, typed at the terminal or the next line of standard input.
fn read_password(username: &str, password_stdin: bool) -> anyhow::Result<String> {
    if password_stdin {
        stdin_line("无法从标准输入读取密码")
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{username} 的密码：")).context("无法读取密码")
    } else {
        anyhow::bail!("城市数据库需要 {username} 的密码：请在终端输入，或用 --password-stdin 从标准输入读入");
    }
}

/// A new password for `username`: typed twice at the terminal, or the next line of standard input.
fn new_password(username: &str) -> anyhow::Result<String> {
    if !std::io::stdin().is_terminal() {
        return stdin_line("无法从标准输入读取新密码");
    }
    let first = rpassword::prompt_password(format!("{username} 的新密码：")).context("无法读取密码")?;
    let again = rpassword::prompt_password("再输入一次：").context("无法读取密码")?;
    if first != again {
        return Err(AppError::invalid("password", "两次输入的新密码不一致").into());
    }
    Ok(first)
}

/// The next line of standard input, without its line ending (a password, never an argument).
fn stdin_line(failed: &'static str) -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).context(failed)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// The value of the command's `--user`, whichever subcommand names it.
fn acting_user(args: impl Iterator<Item = String>) -> Option<String> {
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        if arg == "--user" {
            return args.next();
        }
        if let Some(value) = arg.strip_prefix("--user=") {
            return Some(value.to_string());
        }
    }
    None
}

fn station(db: Option<&Path>) -> anyhow::Result<StationConfig> {
    let mut config = StationConfig::resolve(db)?;
    config.sign_in = SIGN_IN.get().cloned().flatten();
    Ok(config)
}

fn block_on<T>(f: impl std::future::Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(f)
}

/// One line of `onewindow validate`, fields in the documented order.
#[derive(Serialize)]
struct Verdict<'a> {
    kind: &'static str,
    /// The normalised value when valid, else the value as given.
    value: &'a str,
    valid: bool,
    error: Option<VerdictError>,
}

#[derive(Serialize)]
struct VerdictError {
    code: &'static str,
    message: String,
}

fn validate_values(kind: IdKind, values: &[String]) -> ExitCode {
    let today = onewindow_app::today(&SystemClock);
    let mut all_valid = true;
    for value in values {
        let checked = onewindow_app::validate_identifier(kind, value, today);
        all_valid &= checked.is_ok();
        let verdict = match &checked {
            Ok(id) => Verdict { kind: kind.cli_name(), value: &id.value, valid: true, error: None },
            Err(e) => Verdict {
                kind: kind.cli_name(),
                value,
                valid: false,
                error: Some(VerdictError { code: e.code(), message: e.message_zh() }),
            },
        };
        say!("{}", serde_json::to_string(&verdict).expect("plain data serialises"));
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
