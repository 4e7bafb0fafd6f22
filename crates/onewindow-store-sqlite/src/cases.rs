//! Cases: numbers, the lifecycle moves as the domain computed them, events, queues and counts,
//! applicants and their earlier materials.

use chrono::{DateTime, NaiveDate, Utc};
use onewindow_domain::{
    case_number, transition, ApplicantKind, CaseAction, CaseState, DeliveryMethod, Department, IdKind,
    IllegalTransition, MaterialForm, ReceivedMaterial,
};
use onewindow_store::{
    CaseEventRow, CaseFindingRow, CaseRow, CaseStore, CaseTransition, EarlierMaterialRow, HallLoadRow, NewCase,
    OnTimeCounts, Result, StoreError,
};
use sqlx::SqliteConnection;

use crate::scans::assign_in;
use crate::{backend, corrupt, open_states, parse, states_json, SqliteStore};

impl SqliteStore {
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
                      c.shortfall_supplement_due AS "shortfall_supplement_due: NaiveDate",
                      r.display_name AS "claimed_by?", r.username AS "claimed_by_username?",
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
                        ..Department::default()
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
                    shortfall_supplement_due: r.shortfall_supplement_due,
                    claimed_by: r.claimed_by,
                    claimed_by_username: r.claimed_by_username,
                    bundle_code: r.bundle_code,
                    bundle_lead: r.bundle_lead,
                })
            })
            .collect()
    }
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
    let hall_id = hall_row_id(tx, &case.hall_code).await?;
    let clerk_id = user_row_id(tx, &case.clerk_username).await?;
    let pickup_hall_id = match &case.pickup_hall_code {
        Some(code) => Some(hall_row_id(tx, code).await?),
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
    let number = case_number(&case.hall_code, case.local_day, u32::try_from(sequence).unwrap_or(u32::MAX))?;
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
    for (position, f) in case.findings.iter().enumerate() {
        let position = position as i64;
        let finding = serde_json::to_string(&f.finding).map_err(|e| StoreError::Backend(Box::new(e)))?;
        sqlx::query!(
            "INSERT INTO case_findings (case_id, position, material_code, material_name, finding, rule, message)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            case_id,
            position,
            f.material_code,
            f.material_name,
            finding,
            f.rule,
            f.message
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

async fn apply_in(tx: &mut SqliteConnection, number: &str, t: &CaseTransition) -> Result<CaseState> {
    let change = &t.change;
    // The move itself must be one the state machine allows, whoever computed it.
    if transition(change.from, change.action) != Ok(change.to) {
        return Err(IllegalTransition { from: change.from, action: change.action }.into());
    }
    let current = sqlx::query!(
        r#"SELECT id AS "id!", state,
                  (SELECT COALESCE(MAX(seq), 0) FROM case_events e WHERE e.case_id = cases.id) AS "last_seq!: i64"
           FROM cases WHERE number = ?"#,
        number
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(backend)?
    .ok_or_else(|| StoreError::NotFound(format!("case {number}")))?;
    let state = parse("case state", &current.state, CaseState::parse)?;
    if state != change.from {
        return Err(StoreError::Conflict(format!(
            "case {number} is {} now, not {}",
            state.as_str(),
            change.from.as_str()
        )));
    }
    let actor_id = user_row_id(tx, &t.actor_username).await?;
    let hall_id = hall_row_id(tx, &t.hall_code).await?;
    let progress = &change.progress;
    let claimed_by = match &progress.claimed_by {
        Some(username) => Some(user_row_id(tx, username).await?),
        None => None,
    };
    let (from_name, to_name, action) = (change.from.as_str(), change.to.as_str(), change.action.as_str());
    sqlx::query!(
        "UPDATE cases SET state = ?, claimed_by_id = ?, accepted_at = ?, due_date = ?, shortfall_supplement_due = ?
         WHERE id = ?",
        to_name,
        claimed_by,
        progress.accepted_at,
        progress.due_date,
        progress.shortfall_supplement_due,
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
    Ok(change.to)
}

async fn hall_row_id(tx: &mut SqliteConnection, code: &str) -> Result<i64> {
    sqlx::query_scalar!(r#"SELECT id AS "id!" FROM halls WHERE code = ?"#, code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::InvalidReference(format!("hall {code}")))
}

async fn user_row_id(tx: &mut SqliteConnection, username: &str) -> Result<i64> {
    sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE username = ?"#, username)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::InvalidReference(format!("user {username}")))
}

#[async_trait::async_trait]
impl CaseStore for SqliteStore {
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
                    // The first event records the creation, which is no lifecycle action.
                    action: match r.action.as_str() {
                        "create" => None,
                        name => Some(parse("case action", name, CaseAction::parse)?),
                    },
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

    async fn case_findings(&self, number: &str) -> Result<Vec<CaseFindingRow>> {
        let rows = sqlx::query!(
            "SELECT f.material_code, f.material_name, f.finding, f.rule, f.message
             FROM case_findings f JOIN cases c ON c.id = f.case_id
             WHERE c.number = ? ORDER BY f.position",
            number
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(CaseFindingRow {
                    finding: serde_json::from_str(&r.finding).map_err(|_| corrupt("finding", &r.finding))?,
                    material_code: r.material_code,
                    material_name: r.material_name,
                    rule: r.rule,
                    message: r.message,
                })
            })
            .collect()
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
            r#"SELECT m.name AS material_name, cm.form, c.number AS case_number,
                      c.accepted_at AS "accepted_at!: DateTime<Utc>"
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
        rows.into_iter()
            .map(|r| {
                Ok(EarlierMaterialRow {
                    form: parse("material form", &r.form, MaterialForm::parse)?,
                    material_name: r.material_name,
                    case_number: r.case_number,
                    accepted_at: r.accepted_at,
                })
            })
            .collect()
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
