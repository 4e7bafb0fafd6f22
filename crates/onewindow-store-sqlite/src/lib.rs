//! The embedded SQLite backend: one file in the user's data directory, WAL journal, foreign keys
//! on, migrations from `migrations/sqlite/` embedded and run on open. Queries are checked at
//! compile time against that schema (offline data in `.sqlx/`).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use onewindow_domain::{
    case_number, transition, ApplicantKind, AppliesTo, Bundle, CaseAction, CaseState, Catalog, DeliveryMethod,
    Department, Eligibility, Guide, Hall, HallLevel, IdKind, ItemLevel, Material, MaterialForm, ReceivedMaterial, Role,
    ServiceItem, ShortfallPolicy, ShortfallRules, User,
};
use onewindow_store::{
    CaseEventRow, CaseRow, CaseScanRow, CaseTransition, DraftRow, EarlierMaterialRow, HallLoadRow, NewCase,
    NewPrintJob, NewScan, OnTimeCounts, PrintJobRow, Result, ScanRecorded, ScanRow, Store, StoreError,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqliteConnection, SqlitePool};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

pub struct SqliteStore {
    pool: SqlitePool,
}

fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} “{value}”"))
}

fn parse<T>(what: &str, value: &str, f: impl Fn(&str) -> Option<T>) -> Result<T> {
    f(value).ok_or_else(|| corrupt(what, value))
}

/// The states as a JSON array, the one way a list crosses into a checked query.
fn states_json(states: impl IntoIterator<Item = CaseState>) -> String {
    let names: Vec<&str> = states.into_iter().map(CaseState::as_str).collect();
    serde_json::to_string(&names).expect("strings serialise")
}

fn open_states() -> String {
    states_json(CaseState::ALL.into_iter().filter(|s| s.is_open()))
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        Self::connect(options, 4).await
    }

    /// A private in-memory database, for tests.
    pub async fn in_memory() -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:").map_err(backend)?.foreign_keys(true);
        // One connection: every connection to ":memory:" is a database of its own.
        Self::connect(options, 1).await
    }

    async fn connect(options: SqliteConnectOptions, connections: u32) -> Result<Self> {
        let pool =
            SqlitePoolOptions::new().max_connections(connections).connect_with(options).await.map_err(backend)?;
        MIGRATOR.run(&pool).await.map_err(|e| StoreError::Backend(Box::new(e)))?;
        Ok(Self { pool })
    }

    /// The connection pool, for the backend's own tests and maintenance.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Cases matching every given filter, soonest due first.
    async fn select_cases(
        &self,
        number: Option<&str>,
        department_code: Option<&str>,
        states: Option<String>,
        bundle_of: Option<&str>,
    ) -> Result<Vec<CaseRow>> {
        let rows = sqlx::query!(
            r#"SELECT c.number, c.verification_code, c.catalog_version_id, i.code AS item_code, i.name AS item_name,
                      d.code AS department_code, d.name AS department_name, d.area AS department_area,
                      a.kind AS applicant_kind, a.name AS applicant_name, a.id_kind, a.id_number,
                      a.phone, h.code AS hall_code, h.name AS hall_name, c.window_number,
                      u.username AS clerk, u.display_name AS clerk_name, c.agent_name, c.state,
                      c.delivery, p.name AS "pickup_hall_name?", c.delivery_address,
                      c.created_at AS "created_at: DateTime<Utc>",
                      c.accepted_at AS "accepted_at: DateTime<Utc>",
                      c.due_date AS "due_date: NaiveDate",
                      c.supplement_due AS "supplement_due: NaiveDate",
                      r.display_name AS "claimed_by?",
                      c.bundle_code, bl.number AS "bundle_lead?"
               FROM cases c
               JOIN service_items i ON i.id = c.service_item_id
               JOIN departments d ON d.id = i.department_id
               JOIN applicants a ON a.id = c.applicant_id
               JOIN halls h ON h.id = c.hall_id
               JOIN users u ON u.id = c.clerk_id
               LEFT JOIN users r ON r.id = c.claimed_by_id
               LEFT JOIN halls p ON p.id = c.pickup_hall_id
               LEFT JOIN cases bl ON bl.id = c.bundle_lead_id
               WHERE (?1 IS NULL OR c.number = ?1)
                 AND (?2 IS NULL OR d.code = ?2)
                 AND (?3 IS NULL OR c.state IN (SELECT value FROM json_each(?3)))
                 AND (?4 IS NULL OR c.bundle_lead_id = (SELECT bundle_lead_id FROM cases WHERE number = ?4))
               ORDER BY c.due_date IS NULL, c.due_date, c.number"#,
            number,
            department_code,
            states,
            bundle_of,
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(CaseRow {
                    number: r.number,
                    verification_code: r.verification_code,
                    catalog_version: r.catalog_version_id,
                    service_item_code: r.item_code,
                    service_item_name: r.item_name,
                    department: Department {
                        code: r.department_code,
                        name: r.department_name,
                        area: r.department_area,
                    },
                    applicant_kind: parse("applicant kind", &r.applicant_kind, ApplicantKind::parse)?,
                    applicant_name: r.applicant_name,
                    applicant_id_kind: parse("id kind", &r.id_kind, |s| s.parse::<IdKind>().ok())?,
                    applicant_id_number: r.id_number,
                    applicant_phone: r.phone,
                    hall_code: r.hall_code,
                    hall_name: r.hall_name,
                    window: r.window_number,
                    clerk_username: r.clerk,
                    clerk_name: r.clerk_name,
                    agent_name: r.agent_name,
                    state: parse("case state", &r.state, CaseState::parse)?,
                    delivery: parse("delivery", &r.delivery, DeliveryMethod::parse)?,
                    pickup_hall_name: r.pickup_hall_name,
                    delivery_address: r.delivery_address,
                    created_at: r.created_at,
                    accepted_at: r.accepted_at,
                    due_date: r.due_date,
                    supplement_due: r.supplement_due,
                    claimed_by: r.claimed_by,
                    bundle_code: r.bundle_code,
                    bundle_lead: r.bundle_lead,
                })
            })
            .collect()
    }

    async fn materials_of(&self, item_id: i64) -> Result<Vec<Material>> {
        let rows = sqlx::query!(
            "SELECT code, name, form, copies, pages, policy, supplement_days, e_certificate,
                    applies_to, note
             FROM materials WHERE service_item_id = ? ORDER BY position",
            item_id
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|m| {
                Ok(Material {
                    code: m.code,
                    name: m.name,
                    form: parse("material form", &m.form, MaterialForm::parse)?,
                    copies: m.copies as u32,
                    pages: m.pages as u32,
                    policy: parse("shortfall policy", &m.policy, ShortfallPolicy::parse)?,
                    supplement_days: m.supplement_days.map(|d| d as u32),
                    e_certificate: m.e_certificate,
                    applies_to: parse("applies to", &m.applies_to, AppliesTo::parse)?,
                    note: m.note,
                })
            })
            .collect()
    }
}

fn join_delivery(methods: &[DeliveryMethod]) -> String {
    methods.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(",")
}

fn split_delivery(text: &str) -> Result<Vec<DeliveryMethod>> {
    text.split(',').filter(|s| !s.is_empty()).map(|s| parse("delivery", s, DeliveryMethod::parse)).collect()
}

async fn insert_case(tx: &mut SqliteConnection, case: &NewCase) -> Result<String> {
    let invalid = |what: String| StoreError::InvalidReference(what);
    let item_id = sqlx::query_scalar!(
        "SELECT id FROM service_items WHERE catalog_version_id = ? AND code = ?",
        case.catalog_version,
        case.service_item_code
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(backend)?
    .ok_or_else(|| invalid(format!("service item {}", case.service_item_code)))?;
    let hall_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM halls WHERE code = ?"#, case.hall_code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| invalid(format!("hall {}", case.hall_code)))?;
    let clerk_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE username = ?"#, case.clerk_username)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| invalid(format!("user {}", case.clerk_username)))?;
    let pickup_hall_id = match &case.pickup_hall_code {
        Some(code) => Some(
            sqlx::query_scalar!(r#"SELECT id AS "id!" FROM halls WHERE code = ?"#, code)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or_else(|| invalid(format!("hall {code}")))?,
        ),
        None => None,
    };
    let applicant = &case.applicant;
    let kind = applicant.kind.as_str();
    let id_kind = applicant.id.kind.cli_name();
    let phone = applicant.phone.as_ref().map(|p| p.value.as_str());
    let applicant_id = sqlx::query_scalar!(
        "INSERT INTO applicants (kind, name, id_kind, id_number, phone) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (id_kind, id_number) DO UPDATE SET name = excluded.name,
                 phone = COALESCE(excluded.phone, applicants.phone)
             RETURNING id",
        kind,
        applicant.name,
        id_kind,
        applicant.id.value,
        phone
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    let day = case.local_day.format("%Y-%m-%d").to_string();
    let sequence = sqlx::query_scalar!(
        "INSERT INTO case_number_sequences (hall_id, day, last) VALUES (?, ?, 1)
             ON CONFLICT (hall_id, day) DO UPDATE SET last = last + 1
             RETURNING last",
        hall_id,
        day
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    let number = case_number(&case.hall_code, case.local_day, sequence as u32);
    let agent_name = case.agent.as_ref().map(|a| a.name.as_str());
    let agent_id_kind = case.agent.as_ref().map(|a| a.id.kind.cli_name());
    let agent_id_number = case.agent.as_ref().map(|a| a.id.value.as_str());
    let draft = CaseState::Draft.as_str();
    let delivery = case.delivery.as_str();
    let case_id = sqlx::query_scalar!(
        "INSERT INTO cases (number, catalog_version_id, service_item_id, applicant_id, agent_name,
                 agent_id_kind, agent_id_number, hall_id, window_number, clerk_id, state, delivery,
                 pickup_hall_id, delivery_address, created_at, verification_code)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             RETURNING id",
        number,
        case.catalog_version,
        item_id,
        applicant_id,
        agent_name,
        agent_id_kind,
        agent_id_number,
        hall_id,
        case.window,
        clerk_id,
        draft,
        delivery,
        pickup_hall_id,
        case.delivery_address,
        case.at,
        case.verification_code
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    for m in &case.materials {
        let form = m.form.as_str();
        sqlx::query!(
            "INSERT INTO case_materials (case_id, material_code, form, copies, pages)
                 VALUES (?, ?, ?, ?, ?)",
            case_id,
            m.material_code,
            form,
            m.copies,
            m.pages
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    for (material_code, sha256) in &case.scans {
        let id = case_id.ok_or_else(|| StoreError::Corrupt("a new case without an id".into()))?;
        assign_in(&mut *tx, id, material_code, sha256, 0).await?;
    }
    if case.material_transfer {
        sqlx::query!(
            "INSERT INTO material_transfers (case_id, from_hall_id, department_id, state, created_at)
                 SELECT ?, ?, department_id, 'pending', ? FROM service_items WHERE id = ?",
            case_id,
            hall_id,
            case.at,
            item_id
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    sqlx::query!(
        "INSERT INTO case_events (case_id, seq, at, action, from_state, to_state, actor_id,
                 hall_id, window_number, reason)
             VALUES (?, 1, ?, 'create', NULL, ?, ?, ?, ?, '')",
        case_id,
        case.at,
        draft,
        clerk_id,
        hall_id,
        case.window
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    Ok(number)
}

/// Puts a stored scan under a material of a case, after the case's other scans.
async fn assign_in(
    tx: &mut SqliteConnection,
    case_id: i64,
    material_code: &str,
    sha256: &str,
    rotation: u16,
) -> Result<()> {
    let scan_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM scans WHERE sha256 = ?"#, sha256)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("scan {sha256}")))?;
    let rotation = i64::from(rotation);
    sqlx::query!(
        "INSERT INTO case_scans (case_id, scan_id, material_code, position, rotation)
         VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM case_scans WHERE case_id = ?1), ?4)
         ON CONFLICT (case_id, scan_id) DO UPDATE SET material_code = excluded.material_code, rotation = excluded.rotation",
        case_id,
        scan_id,
        material_code,
        rotation
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    Ok(())
}

async fn apply_in(tx: &mut SqliteConnection, number: &str, t: &CaseTransition) -> Result<CaseState> {
    let current = sqlx::query!(
        r#"SELECT id, state, claimed_by_id,
                      (SELECT COALESCE(MAX(seq), 0) FROM case_events e WHERE e.case_id = cases.id) AS "last_seq!: i64"
               FROM cases WHERE number = ?"#,
        number
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(backend)?
    .ok_or_else(|| StoreError::NotFound(format!("case {number}")))?;
    let from = parse("case state", &current.state, CaseState::parse)?;
    let to = transition(from, t.action)?;
    let actor_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE username = ?"#, t.actor_username)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::InvalidReference(format!("user {}", t.actor_username)))?;
    let hall_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM halls WHERE code = ?"#, t.hall_code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::InvalidReference(format!("hall {}", t.hall_code)))?;
    let claimed_by = match t.action {
        CaseAction::Claim => Some(actor_id),
        CaseAction::Release => None,
        _ => current.claimed_by_id,
    };
    let accepted_at = matches!(t.action, CaseAction::Accept | CaseAction::AcceptWithShortfall).then_some(t.at);
    let (from_name, to_name, action) = (from.as_str(), to.as_str(), t.action.as_str());
    sqlx::query!(
        "UPDATE cases SET state = ?, claimed_by_id = ?,
                 accepted_at = COALESCE(?, accepted_at),
                 due_date = COALESCE(?, due_date),
                 supplement_due = COALESCE(?, supplement_due)
             WHERE id = ?",
        to_name,
        claimed_by,
        accepted_at,
        t.due_date,
        t.supplement_due,
        current.id
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    let seq = current.last_seq + 1;
    sqlx::query!(
        "INSERT INTO case_events (case_id, seq, at, action, from_state, to_state, actor_id,
                 hall_id, window_number, reason)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        current.id,
        seq,
        t.at,
        action,
        from_name,
        to_name,
        actor_id,
        hall_id,
        t.window,
        t.reason
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    Ok(to)
}

#[async_trait::async_trait]
impl Store for SqliteStore {
    async fn save_halls(&self, halls: &[Hall]) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        for hall in halls {
            let level = hall.level.as_str();
            let hall_id = sqlx::query_scalar!(
                "INSERT INTO halls (code, name, level, area, address, phone) VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,
                     area = excluded.area, address = excluded.address, phone = excluded.phone
                 RETURNING id",
                hall.code,
                hall.name,
                level,
                hall.area,
                hall.address,
                hall.phone
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            for window in &hall.windows {
                sqlx::query!(
                    "INSERT INTO windows (hall_id, number) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    hall_id,
                    window
                )
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            }
        }
        tx.commit().await.map_err(backend)
    }

    async fn halls(&self) -> Result<Vec<Hall>> {
        let rows = sqlx::query!(
            r#"SELECT h.code, h.name, h.level, h.area, h.address, h.phone,
                      (SELECT group_concat(number, ',') FROM
                          (SELECT number FROM windows w WHERE w.hall_id = h.id ORDER BY number))
                          AS "windows: String"
               FROM halls h ORDER BY h.code"#
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(Hall {
                    level: parse("hall level", &r.level, |s| match s {
                        "city" => Some(HallLevel::City),
                        "district" => Some(HallLevel::District),
                        "town" => Some(HallLevel::Town),
                        _ => None,
                    })?,
                    code: r.code,
                    name: r.name,
                    area: r.area,
                    address: r.address,
                    phone: r.phone,
                    windows: r
                        .windows
                        .unwrap_or_default()
                        .split(',')
                        .filter(|w| !w.is_empty())
                        .map(str::to_string)
                        .collect(),
                })
            })
            .collect()
    }

    async fn save_user(&self, user: &User, password_hash: &str) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let hall_id = match &user.hall_code {
            Some(code) => Some(
                sqlx::query_scalar!(r#"SELECT id AS "id!" FROM halls WHERE code = ?"#, code)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?
                    .ok_or_else(|| StoreError::InvalidReference(format!("hall {code}")))?,
            ),
            None => None,
        };
        if let (Some(hall_id), Some(window)) = (hall_id, &user.window) {
            sqlx::query_scalar!(r#"SELECT id AS "id!" FROM windows WHERE hall_id = ? AND number = ?"#, hall_id, window)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or_else(|| StoreError::InvalidReference(format!("window {window}")))?;
        }
        let department_id = match &user.department_code {
            Some(code) => Some(
                sqlx::query_scalar!(r#"SELECT id AS "id!" FROM departments WHERE code = ?"#, code)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?
                    .ok_or_else(|| StoreError::InvalidReference(format!("department {code}")))?,
            ),
            None => None,
        };
        let role = user.role.as_str();
        sqlx::query!(
            "INSERT INTO users (username, display_name, role, password_hash, hall_id, window_number, department_id)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,
                 role = excluded.role, password_hash = excluded.password_hash,
                 hall_id = excluded.hall_id, window_number = excluded.window_number,
                 department_id = excluded.department_id",
            user.username,
            user.display_name,
            role,
            password_hash,
            hall_id,
            user.window,
            department_id
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn user_credentials(&self, username: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query!(
            r#"SELECT u.username, u.display_name, u.role, u.password_hash, h.code AS "hall_code?",
                      u.window_number, d.code AS "department_code?"
               FROM users u
               LEFT JOIN halls h ON h.id = u.hall_id
               LEFT JOIN departments d ON d.id = u.department_id
               WHERE u.username = ? AND u.active = 1"#,
            username
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|r| {
            let user = User {
                username: r.username,
                display_name: r.display_name,
                role: parse("role", &r.role, Role::parse)?,
                hall_code: r.hall_code,
                window: r.window_number,
                department_code: r.department_code,
            };
            Ok((user, r.password_hash))
        })
        .transpose()
    }

    async fn user(&self, username: &str) -> Result<Option<User>> {
        Ok(self.user_credentials(username).await?.map(|(user, _)| user))
    }

    async fn import_catalog(&self, catalog: &Catalog, source: &str, at: DateTime<Utc>) -> Result<i64> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let version = sqlx::query_scalar!(
            "INSERT INTO catalog_versions (imported_at, source) VALUES (?, ?) RETURNING id",
            at,
            source
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        for (position, d) in catalog.departments.iter().enumerate() {
            let position = position as i64;
            let department_id = sqlx::query_scalar!(
                r#"INSERT INTO departments (code, name, area) VALUES (?, ?, ?)
                   ON CONFLICT (code) DO UPDATE SET name = excluded.name, area = excluded.area
                   RETURNING id AS "id!""#,
                d.code,
                d.name,
                d.area
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            sqlx::query!(
                "INSERT INTO catalog_departments (catalog_version_id, department_id, position, name, area)
                 VALUES (?, ?, ?, ?, ?)",
                version,
                department_id,
                position,
                d.name,
                d.area
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        for item in &catalog.items {
            let department_id =
                sqlx::query_scalar!(r#"SELECT id AS "id!" FROM departments WHERE code = ?"#, item.department_code)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?
                    .ok_or_else(|| StoreError::InvalidReference(format!("department {}", item.department_code)))?;
            let level = item.level.as_str();
            let applicants = item.applicants.as_str();
            let delivery = join_delivery(&item.delivery);
            let item_id = sqlx::query_scalar!(
                "INSERT INTO service_items (catalog_version_id, code, name, department_id, level, kind,
                     statutory_days, promised_days, on_the_spot, fee, delivery, citywide,
                     commitment_approval, applicants, max_missing, commitment_required,
                     dishonest_excluded, guide_conditions, guide_basis, guide_process, guide_faq)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 RETURNING id",
                version,
                item.code,
                item.name,
                department_id,
                level,
                item.kind,
                item.statutory_days,
                item.promised_days,
                item.on_the_spot,
                item.fee,
                delivery,
                item.citywide,
                item.commitment_approval,
                applicants,
                item.shortfall.max_missing,
                item.shortfall.commitment_required,
                item.shortfall.dishonest_excluded,
                item.guide.conditions,
                item.guide.basis,
                item.guide.process,
                item.guide.faq
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            for (position, m) in item.materials.iter().enumerate() {
                let position = position as i64;
                let form = m.form.as_str();
                let policy = m.policy.as_str();
                let applies_to = m.applies_to.as_str();
                sqlx::query!(
                    "INSERT INTO materials (service_item_id, position, code, name, form, copies, pages,
                         policy, supplement_days, e_certificate, applies_to, note)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    item_id,
                    position,
                    m.code,
                    m.name,
                    form,
                    m.copies,
                    m.pages,
                    policy,
                    m.supplement_days,
                    m.e_certificate,
                    applies_to,
                    m.note
                )
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            }
        }
        for b in &catalog.bundles {
            let bundle_id = sqlx::query_scalar!(
                "INSERT INTO bundles (catalog_version_id, code, name, description) VALUES (?, ?, ?, ?)
                 RETURNING id",
                version,
                b.code,
                b.name,
                b.description
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            for (position, code) in b.item_codes.iter().enumerate() {
                let position = position as i64;
                sqlx::query!(
                    "INSERT INTO bundle_items (bundle_id, position, service_item_code) VALUES (?, ?, ?)",
                    bundle_id,
                    position,
                    code
                )
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            }
        }
        tx.commit().await.map_err(backend)?;
        Ok(version)
    }

    async fn current_catalog_version(&self) -> Result<Option<i64>> {
        sqlx::query_scalar!(r#"SELECT MAX(id) AS "id: i64" FROM catalog_versions"#)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn department(&self, code: &str) -> Result<Option<Department>> {
        sqlx::query_as!(Department, "SELECT code, name, area FROM departments WHERE code = ?", code)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }

    async fn catalog(&self, version: i64) -> Result<Catalog> {
        let exists = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM catalog_versions WHERE id = ?"#, version)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("catalog version {version}")));
        }
        let departments = sqlx::query!(
            "SELECT d.code, cd.name, cd.area FROM catalog_departments cd
             JOIN departments d ON d.id = cd.department_id
             WHERE cd.catalog_version_id = ? ORDER BY cd.position",
            version
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|r| Department { code: r.code, name: r.name, area: r.area })
        .collect();
        let rows = sqlx::query!(
            r#"SELECT i.id AS "id!", i.code, i.name, d.code AS department_code, i.level, i.kind,
                      i.statutory_days, i.promised_days, i.on_the_spot AS "on_the_spot: bool", i.fee,
                      i.delivery, i.citywide AS "citywide: bool",
                      i.commitment_approval AS "commitment_approval: bool", i.applicants,
                      i.max_missing, i.commitment_required AS "commitment_required: bool",
                      i.dishonest_excluded AS "dishonest_excluded: bool",
                      i.guide_conditions, i.guide_basis, i.guide_process, i.guide_faq
               FROM service_items i JOIN departments d ON d.id = i.department_id
               WHERE i.catalog_version_id = ? ORDER BY i.id"#,
            version
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            items.push(ServiceItem {
                materials: self.materials_of(r.id).await?,
                code: r.code,
                name: r.name,
                department_code: r.department_code,
                level: parse("item level", &r.level, ItemLevel::parse)?,
                kind: r.kind,
                statutory_days: r.statutory_days as u32,
                promised_days: r.promised_days as u32,
                on_the_spot: r.on_the_spot,
                fee: r.fee,
                delivery: split_delivery(&r.delivery)?,
                citywide: r.citywide,
                commitment_approval: r.commitment_approval,
                applicants: parse("applicants", &r.applicants, Eligibility::parse)?,
                shortfall: ShortfallRules {
                    max_missing: r.max_missing as u32,
                    commitment_required: r.commitment_required,
                    dishonest_excluded: r.dishonest_excluded,
                },
                guide: Guide {
                    conditions: r.guide_conditions,
                    basis: r.guide_basis,
                    process: r.guide_process,
                    faq: r.guide_faq,
                },
            });
        }
        let bundle_rows = sqlx::query!(
            r#"SELECT b.code, b.name, b.description, bi.service_item_code
               FROM bundles b JOIN bundle_items bi ON bi.bundle_id = b.id
               WHERE b.catalog_version_id = ? ORDER BY b.id, bi.position"#,
            version
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut bundles: Vec<Bundle> = Vec::new();
        for r in bundle_rows {
            match bundles.last_mut() {
                Some(b) if b.code == r.code => b.item_codes.push(r.service_item_code),
                _ => bundles.push(Bundle {
                    code: r.code,
                    name: r.name,
                    description: r.description,
                    item_codes: vec![r.service_item_code],
                }),
            }
        }
        Ok(Catalog { departments, items, bundles })
    }

    async fn create_case(&self, case: &NewCase) -> Result<String> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let number = insert_case(&mut tx, case).await?;
        tx.commit().await.map_err(backend)?;
        Ok(number)
    }

    async fn create_case_with(&self, case: &NewCase, transitions: &[CaseTransition]) -> Result<String> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let number = insert_case(&mut tx, case).await?;
        for t in transitions {
            apply_in(&mut tx, &number, t).await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(number)
    }

    async fn create_bundle_cases(
        &self,
        bundle_code: &str,
        cases: &[(NewCase, Vec<CaseTransition>)],
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let mut numbers = Vec::with_capacity(cases.len());
        for (case, transitions) in cases {
            let number = insert_case(&mut tx, case).await?;
            for t in transitions {
                apply_in(&mut tx, &number, t).await?;
            }
            let lead = numbers.first().unwrap_or(&number);
            sqlx::query!(
                "UPDATE cases SET bundle_code = ?, bundle_lead_id = (SELECT id FROM cases WHERE number = ?) WHERE number = ?",
                bundle_code,
                lead,
                number
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            numbers.push(number);
        }
        tx.commit().await.map_err(backend)?;
        Ok(numbers)
    }

    async fn bundle_cases(&self, number: &str) -> Result<Vec<CaseRow>> {
        let mut rows = self.select_cases(None, None, None, Some(number)).await?;
        // Numbers of one intake share hall and day; their sequence is the order of creation.
        rows.sort_by(|a, b| a.number.cmp(&b.number));
        Ok(rows)
    }

    async fn apply_action(&self, number: &str, t: &CaseTransition) -> Result<CaseState> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let to = apply_in(&mut tx, number, t).await?;
        tx.commit().await.map_err(backend)?;
        Ok(to)
    }

    async fn case(&self, number: &str) -> Result<Option<CaseRow>> {
        Ok(self.select_cases(Some(number), None, None, None).await?.into_iter().next())
    }

    async fn case_events(&self, number: &str) -> Result<Vec<CaseEventRow>> {
        let rows = sqlx::query!(
            r#"SELECT e.seq, e.at AS "at: DateTime<Utc>", e.action, e.from_state, e.to_state,
                      u.username, u.display_name, h.code AS hall_code, h.name AS hall_name,
                      e.window_number, e.reason
               FROM case_events e
               JOIN cases c ON c.id = e.case_id
               JOIN users u ON u.id = e.actor_id
               JOIN halls h ON h.id = e.hall_id
               WHERE c.number = ?
               ORDER BY e.seq"#,
            number
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(CaseEventRow {
                    seq: r.seq,
                    at: r.at,
                    action: r.action,
                    from_state: r
                        .from_state
                        .as_deref()
                        .map(|s| parse("case state", s, CaseState::parse))
                        .transpose()?,
                    to_state: parse("case state", &r.to_state, CaseState::parse)?,
                    actor_username: r.username,
                    actor_name: r.display_name,
                    hall_code: r.hall_code,
                    hall_name: r.hall_name,
                    window: r.window_number,
                    reason: r.reason,
                })
            })
            .collect()
    }

    async fn department_queue(&self, department_code: &str) -> Result<Vec<CaseRow>> {
        let states = states_json(CaseState::ALL.into_iter().filter(|s| s.is_in_department_queue()));
        self.select_cases(None, Some(department_code), Some(states), None).await
    }

    async fn dispatch_queue(&self) -> Result<Vec<CaseRow>> {
        let states = states_json(CaseState::ALL.into_iter().filter(|s| s.is_in_dispatch_queue()));
        self.select_cases(None, None, Some(states), None).await
    }

    async fn cases_in_state(&self, state: CaseState) -> Result<Vec<CaseRow>> {
        self.select_cases(None, None, Some(states_json([state])), None).await
    }

    async fn case_count(&self) -> Result<i64> {
        sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM cases"#).fetch_one(&self.pool).await.map_err(backend)
    }

    async fn state_counts(&self) -> Result<Vec<(CaseState, i64)>> {
        let rows = sqlx::query!(r#"SELECT state, COUNT(*) AS "n!: i64" FROM cases GROUP BY state ORDER BY state"#)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let mut counts = rows
            .into_iter()
            .map(|r| Ok((parse("case state", &r.state, CaseState::parse)?, r.n)))
            .collect::<Result<Vec<_>>>()?;
        counts.sort();
        Ok(counts)
    }

    async fn hall_loads(&self, today: NaiveDate) -> Result<Vec<HallLoadRow>> {
        let open = open_states();
        let rows = sqlx::query!(
            r#"SELECT h.code, h.name,
                      COUNT(c.id) AS "total!: i64",
                      COALESCE(SUM(c.state IN (SELECT value FROM json_each(?1))), 0) AS "open!: i64",
                      COALESCE(SUM(c.state IN (SELECT value FROM json_each(?1)) AND c.due_date < ?2), 0)
                          AS "overdue!: i64"
               FROM halls h LEFT JOIN cases c ON c.hall_id = h.id
               GROUP BY h.id ORDER BY h.code"#,
            open,
            today
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| HallLoadRow {
                hall_code: r.code,
                hall_name: r.name,
                total: r.total,
                open: r.open,
                overdue: r.overdue,
            })
            .collect())
    }

    async fn on_time_counts(&self) -> Result<OnTimeCounts> {
        // A case is decided by its approve or deny event; on time when that falls (in China's
        // time zone) on or before its due date.
        let row = sqlx::query!(
            r#"SELECT COUNT(*) AS "finished!: i64",
                      COALESCE(SUM(date(e.at, '+8 hours') <= c.due_date), 0) AS "on_time!: i64"
               FROM case_events e JOIN cases c ON c.id = e.case_id
               WHERE e.action IN ('approve', 'deny')"#
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(OnTimeCounts { finished: row.finished, on_time: row.on_time })
    }

    async fn case_materials(&self, number: &str) -> Result<Vec<ReceivedMaterial>> {
        let rows = sqlx::query!(
            "SELECT m.material_code, m.form, m.copies, m.pages FROM case_materials m
             JOIN cases c ON c.id = m.case_id WHERE c.number = ? ORDER BY m.rowid",
            number
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(ReceivedMaterial {
                    material_code: r.material_code,
                    form: parse("material form", &r.form, MaterialForm::parse)?,
                    copies: r.copies as u32,
                    pages: r.pages as u32,
                })
            })
            .collect()
    }

    async fn record_print_job(&self, job: &NewPrintJob) -> Result<i64> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let user_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE username = ?"#, job.username)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::InvalidReference(format!("user {}", job.username)))?;
        let case_id = match &job.case_number {
            Some(number) => Some(
                sqlx::query_scalar!(r#"SELECT id AS "id!" FROM cases WHERE number = ?"#, number)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?
                    .ok_or_else(|| StoreError::NotFound(format!("case {number}")))?,
            ),
            None => None,
        };
        let id = sqlx::query_scalar!(
            r#"INSERT INTO print_jobs (case_id, document_kind, profile, queue, cups_job, state, error, reprint,
                   user_id, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
            case_id,
            job.document_kind,
            job.profile,
            job.queue,
            job.cups_job,
            job.state,
            job.error,
            job.reprint,
            user_id,
            job.at,
            job.at
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn update_print_job(
        &self,
        id: i64,
        state: &str,
        cups_job: Option<&str>,
        error: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query!(
            "UPDATE print_jobs SET state = ?, cups_job = COALESCE(?, cups_job), error = ?, updated_at = ? WHERE id = ?",
            state,
            cups_job,
            error,
            at,
            id
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("print job {id}")));
        }
        Ok(())
    }

    async fn print_job(&self, id: i64) -> Result<Option<PrintJobRow>> {
        Ok(self.select_print_jobs(Some(id), None, 1).await?.into_iter().next())
    }

    async fn print_jobs(&self, case_number: Option<&str>, limit: u32) -> Result<Vec<PrintJobRow>> {
        self.select_print_jobs(None, case_number, limit).await
    }

    async fn print_count(&self, case_number: &str, kind: &str) -> Result<i64> {
        sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM print_jobs j JOIN cases c ON c.id = j.case_id
               WHERE c.number = ? AND j.document_kind = ?"#,
            case_number,
            kind
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)
    }

    async fn record_scan(&self, scan: &NewScan) -> Result<ScanRecorded> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let existing = sqlx::query!(r#"SELECT id AS "id!", source_key FROM scans WHERE sha256 = ?"#, scan.sha256)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        if let Some(row) = existing {
            return Ok(if row.source_key == scan.source_key {
                ScanRecorded::SameSource(row.id)
            } else {
                ScanRecorded::Duplicate(row.id)
            });
        }
        let (pages, bytes) = (i64::from(scan.pages), scan.bytes as i64);
        let id = sqlx::query_scalar!(
            r#"INSERT INTO scans (sha256, media_type, pages, bytes, original_name, source_key, received_at)
               VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
            scan.sha256,
            scan.media_type,
            pages,
            bytes,
            scan.original_name,
            scan.source_key,
            scan.at
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(ScanRecorded::New(id))
    }

    async fn record_quarantine(
        &self,
        original_name: &str,
        code: &str,
        reason: &str,
        moved_to: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query!(
            "INSERT INTO quarantined_files (original_name, code, reason, moved_to, at) VALUES (?, ?, ?, ?, ?)",
            original_name,
            code,
            reason,
            moved_to,
            at
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn scans(&self, unassigned: bool, limit: u32) -> Result<Vec<ScanRow>> {
        self.select_scans(None, unassigned, limit).await
    }

    async fn scan(&self, sha256: &str) -> Result<Option<ScanRow>> {
        Ok(self.select_scans(Some(sha256), false, 1).await?.into_iter().next())
    }

    async fn assign_scan(&self, case_number: &str, material_code: &str, sha256: &str, rotation: u16) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let case_id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM cases WHERE number = ?"#, case_number)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::NotFound(format!("case {case_number}")))?;
        assign_in(&mut tx, case_id, material_code, sha256, rotation).await?;
        tx.commit().await.map_err(backend)
    }

    async fn move_scan(&self, case_number: &str, sha256: &str, up: bool) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let me = sqlx::query!(
            r#"SELECT cs.case_id AS "case_id!", cs.scan_id AS "scan_id!", cs.material_code, cs.position
               FROM case_scans cs JOIN cases c ON c.id = cs.case_id JOIN scans s ON s.id = cs.scan_id
               WHERE c.number = ? AND s.sha256 = ?"#,
            case_number,
            sha256
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("scan {sha256} on case {case_number}")))?;
        // The neighbour within the same material, if there is one: the two swap places.
        let neighbour = sqlx::query!(
            r#"SELECT scan_id AS "scan_id!", position FROM case_scans
               WHERE case_id = ?1 AND material_code = ?2
                 AND CASE WHEN ?3 THEN position < ?4 ELSE position > ?4 END
               ORDER BY CASE WHEN ?3 THEN -position ELSE position END LIMIT 1"#,
            me.case_id,
            me.material_code,
            up,
            me.position
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .map(|r| (r.scan_id, r.position));
        if let Some((other, other_position)) = neighbour {
            sqlx::query!(
                "UPDATE case_scans SET position = ? WHERE case_id = ? AND scan_id = ?",
                other_position,
                me.case_id,
                me.scan_id
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            sqlx::query!(
                "UPDATE case_scans SET position = ? WHERE case_id = ? AND scan_id = ?",
                me.position,
                me.case_id,
                other
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn mark_cover(&self, sha256: &str, case_number: &str, material_code: &str) -> Result<()> {
        let cover = format!("{case_number}|{material_code}");
        let done = sqlx::query!("UPDATE scans SET cover_for = ? WHERE sha256 = ?", cover, sha256)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("scan {sha256}")));
        }
        Ok(())
    }

    async fn unassign_scan(&self, case_number: &str, sha256: &str) -> Result<()> {
        let done = sqlx::query!(
            "DELETE FROM case_scans WHERE case_id = (SELECT id FROM cases WHERE number = ?)
                 AND scan_id = (SELECT id FROM scans WHERE sha256 = ?)",
            case_number,
            sha256
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("scan {sha256} on case {case_number}")));
        }
        Ok(())
    }

    async fn case_scans(&self, case_number: &str) -> Result<Vec<CaseScanRow>> {
        let rows = sqlx::query!(
            r#"SELECT cs.material_code, cs.position, cs.rotation, s.id AS "id!", s.sha256, s.media_type, s.pages,
                      s.bytes, s.original_name, s.received_at AS "received_at: DateTime<Utc>"
               FROM case_scans cs JOIN cases c ON c.id = cs.case_id JOIN scans s ON s.id = cs.scan_id
               WHERE c.number = ? ORDER BY cs.position"#,
            case_number
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| CaseScanRow {
                material_code: r.material_code.clone(),
                position: r.position,
                rotation: r.rotation as u16,
                scan: ScanRow {
                    id: r.id,
                    sha256: r.sha256,
                    media_type: r.media_type,
                    pages: r.pages as u32,
                    bytes: r.bytes as u64,
                    original_name: r.original_name,
                    received_at: r.received_at,
                    case_number: Some(case_number.to_string()),
                    material_code: Some(r.material_code),
                },
            })
            .collect())
    }

    async fn save_draft(
        &self,
        username: &str,
        id: Option<i64>,
        title: &str,
        payload: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let clerk = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE username = ?"#, username)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::InvalidReference(format!("user {username}")))?;
        let id = match id {
            Some(id) => {
                let done = sqlx::query!(
                    "UPDATE intake_drafts SET title = ?, payload = ?, updated_at = ? WHERE id = ? AND clerk_id = ?",
                    title,
                    payload,
                    at,
                    id,
                    clerk
                )
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound(format!("draft {id}")));
                }
                id
            }
            None => sqlx::query_scalar!(
                r#"INSERT INTO intake_drafts (clerk_id, title, payload, updated_at) VALUES (?, ?, ?, ?) RETURNING id AS "id!""#,
                clerk,
                title,
                payload,
                at
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?,
        };
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn drafts(&self, username: &str) -> Result<Vec<DraftRow>> {
        let rows = sqlx::query!(
            r#"SELECT d.id AS "id!", d.title, d.payload, d.updated_at AS "updated_at: DateTime<Utc>"
               FROM intake_drafts d JOIN users u ON u.id = d.clerk_id WHERE u.username = ? ORDER BY d.updated_at DESC"#,
            username
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| DraftRow { id: r.id, title: r.title, payload: r.payload, updated_at: r.updated_at })
            .collect())
    }

    async fn delete_draft(&self, username: &str, id: i64) -> Result<()> {
        let done = sqlx::query!(
            "DELETE FROM intake_drafts WHERE id = ? AND clerk_id = (SELECT id FROM users WHERE username = ?)",
            id,
            username
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("draft {id}")));
        }
        Ok(())
    }

    async fn applicant_cases(&self, id_kind: IdKind, id_number: &str) -> Result<Vec<CaseRow>> {
        let kind = id_kind.cli_name();
        let numbers = sqlx::query_scalar!(
            "SELECT c.number FROM cases c JOIN applicants a ON a.id = c.applicant_id
             WHERE a.id_kind = ? AND a.id_number = ? ORDER BY c.created_at DESC LIMIT 50",
            kind,
            id_number
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut rows = Vec::with_capacity(numbers.len());
        for number in numbers {
            rows.extend(self.select_cases(Some(&number), None, None, None).await?);
        }
        Ok(rows)
    }

    async fn applicant_materials(
        &self,
        id_kind: IdKind,
        id_number: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<EarlierMaterialRow>> {
        let kind = id_kind.cli_name();
        let rows = sqlx::query!(
            r#"SELECT m.name AS material_name, c.number AS case_number, c.accepted_at AS "accepted_at!: DateTime<Utc>"
               FROM case_materials cm
               JOIN cases c ON c.id = cm.case_id
               JOIN applicants a ON a.id = c.applicant_id
               JOIN materials m ON m.service_item_id = c.service_item_id AND m.code = cm.material_code
               WHERE a.id_kind = ? AND a.id_number = ? AND c.accepted_at IS NOT NULL AND c.accepted_at >= ?
               ORDER BY c.accepted_at DESC"#,
            kind,
            id_number,
            since
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| EarlierMaterialRow {
                material_name: r.material_name,
                case_number: r.case_number,
                accepted_at: r.accepted_at,
            })
            .collect())
    }

    async fn pending_transfers(&self) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query!(
            "SELECT c.number, d.name FROM material_transfers t JOIN cases c ON c.id = t.case_id
             JOIN departments d ON d.id = t.department_id WHERE t.state = 'pending' ORDER BY t.id"
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(|r| (r.number, r.name)).collect())
    }
}

impl SqliteStore {
    async fn select_scans(&self, sha256: Option<&str>, unassigned: bool, limit: u32) -> Result<Vec<ScanRow>> {
        let limit = i64::from(limit);
        let rows = sqlx::query!(
            r#"SELECT s.id AS "id!", s.sha256, s.media_type, s.pages, s.bytes, s.original_name,
                      s.received_at AS "received_at: DateTime<Utc>", c.number AS "case_number?",
                      cs.material_code AS "material_code?"
               FROM scans s LEFT JOIN case_scans cs ON cs.scan_id = s.id LEFT JOIN cases c ON c.id = cs.case_id
               WHERE (?1 IS NULL OR s.sha256 = ?1) AND (?2 = 0 OR (cs.scan_id IS NULL AND s.cover_for IS NULL))
               ORDER BY s.id DESC LIMIT ?3"#,
            sha256,
            unassigned,
            limit
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| ScanRow {
                id: r.id,
                sha256: r.sha256,
                media_type: r.media_type,
                pages: r.pages as u32,
                bytes: r.bytes as u64,
                original_name: r.original_name,
                received_at: r.received_at,
                case_number: r.case_number,
                material_code: r.material_code,
            })
            .collect())
    }

    async fn select_print_jobs(
        &self,
        id: Option<i64>,
        case_number: Option<&str>,
        limit: u32,
    ) -> Result<Vec<PrintJobRow>> {
        let limit = i64::from(limit);
        let rows = sqlx::query!(
            r#"SELECT j.id AS "id!", c.number AS "case_number?", j.document_kind, j.profile, j.queue, j.cups_job,
                      j.state, j.error, j.reprint AS "reprint: bool", u.username,
                      j.created_at AS "created_at: DateTime<Utc>", j.updated_at AS "updated_at: DateTime<Utc>"
               FROM print_jobs j JOIN users u ON u.id = j.user_id LEFT JOIN cases c ON c.id = j.case_id
               WHERE (?1 IS NULL OR j.id = ?1) AND (?2 IS NULL OR c.number = ?2)
               ORDER BY j.id DESC LIMIT ?3"#,
            id,
            case_number,
            limit
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| PrintJobRow {
                id: r.id,
                case_number: r.case_number,
                document_kind: r.document_kind,
                profile: r.profile,
                queue: r.queue,
                cups_job: r.cups_job,
                state: r.state,
                error: r.error,
                reprint: r.reprint,
                username: r.username,
                created_at: r.created_at,
                updated_at: r.updated_at,
            })
            .collect())
    }
}
