//! Cases: numbers, the lifecycle moves as the domain computed them, events, queues and counts,
//! applicants and their earlier materials.

use chrono::{DateTime, NaiveDate, Utc};
use onewindow_domain::audit::{event_hash, EventFacts};
use onewindow_domain::shortfall::BrokenCommitment;
use onewindow_domain::{case_number, CaseAction, CaseState, EventDetail, IdKind, MaterialForm, ReceivedMaterial};
use onewindow_store::{
    claimable_states, CaseChainRow, CaseEventRow, CaseFindingRow, CaseRow, CaseStore, CaseTransition, ClaimMove,
    EarlierMaterialRow, FollowUpQuery, FollowUpRow, HallLoadRow, IssuanceRow, NewCase, OnTimeCounts, QueuePage,
    QueueQuery, Result, StoreError,
};
use sqlx::SqliteConnection;

use crate::scans::assign_in;
use crate::{backend, corrupt, open_states, parse, states_json, SqliteStore};

/// The cases a query's `WHERE … ORDER BY …` tail selects, as [`CaseRow`]s: one column list and one
/// conversion for every case query, each still checked at compile time with its own tail.
macro_rules! select_cases {
    ($executor:expr, $tail:tt $(, $arg:expr)* $(,)?) => {{
        let rows = sqlx::query_as!(
            onewindow_store::CaseColumns,
            r#"SELECT c.number, c.verification_code, c.catalog_version_id, i.code AS item_code, i.name AS item_name,
                      d.code AS department_code, d.name AS department_name, d.area AS department_area,
                      a.kind AS applicant_kind, a.name AS applicant_name, a.id_kind, a.id_number,
                      a.phone, h.code AS hall_code, h.name AS hall_name, c.window_number,
                      u.username AS clerk, u.display_name AS clerk_name, c.agent_name, c.agent_id_kind,
                      c.agent_id_number, c.state,
                      c.delivery, p.code AS "pickup_hall_code?", p.name AS "pickup_hall_name?", c.delivery_address,
                      c.created_at AS "created_at: chrono::DateTime<chrono::Utc>",
                      c.accepted_at AS "accepted_at: chrono::DateTime<chrono::Utc>",
                      c.due_date AS "due_date: chrono::NaiveDate",
                      c.shortfall_supplement_due AS "shortfall_supplement_due: chrono::NaiveDate",
                      c.statutory_due AS "statutory_due: chrono::NaiveDate",
                      c.correction_due AS "correction_due: chrono::NaiveDate",
                      c.extension_days, c.shortfall_broken_on AS "shortfall_broken_on: chrono::NaiveDate",
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
               "# + $tail
            $(, $arg)*
        )
        .fetch_all($executor)
        .await
        .map_err(crate::backend)?;
        rows.into_iter().map(onewindow_store::CaseColumns::into_row).collect::<onewindow_store::Result<Vec<_>>>()
    }};
}
pub(crate) use select_cases;

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
    let sequence = crate::outbox::leased(tx, hall_id, &case.hall_code, &day, sequence).await?;
    let number = case_number(&case.hall_code, case.local_day, u32::try_from(sequence).unwrap_or(u32::MAX))?;
    let agent_name = case.agent.as_ref().map(|a| a.name.as_str());
    let agent_id_kind = case.agent.as_ref().map(|a| a.id.kind.cli_name());
    let agent_id_number = case.agent.as_ref().map(|a| a.id.value.as_str());
    let draft = CaseState::Draft.as_str();
    let delivery = case.delivery.as_str();
    let case_id = sqlx::query_scalar!(
        "INSERT INTO cases (number, catalog_version_id, service_item_id, applicant_id, agent_name,
                 agent_id_kind, agent_id_number, hall_id, window_number, clerk_id, state, delivery,
                 pickup_hall_id, delivery_address, created_at, verification_code, department_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                     (SELECT department_id FROM service_items WHERE id = ?))
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
        case.verification_code,
        item_id
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
    let id = case_id.ok_or_else(|| StoreError::Corrupt("a new case without an id".into()))?;
    let created = EventFacts {
        case_number: &number,
        seq: 1,
        at: case.at,
        action: None,
        from_state: None,
        to_state: CaseState::Draft,
        actor_username: &case.clerk_username,
        hall_code: &case.hall_code,
        window: case.window.as_deref(),
        reason: "",
        detail: None,
    };
    append_event(tx, id, None, &created, clerk_id, hall_id).await?;
    Ok(number)
}

/// Appends an event chained to `previous` (the case's head) and moves the head to it.
async fn append_event(
    tx: &mut SqliteConnection,
    case_id: i64,
    previous: Option<&str>,
    event: &EventFacts<'_>,
    actor_id: i64,
    hall_id: i64,
) -> Result<()> {
    let hash = event_hash(previous, event);
    // The creation is no lifecycle action: its row says so in words.
    let action = event.action.map_or("create", CaseAction::as_str);
    let from_state = event.from_state.map(CaseState::as_str);
    let to_state = event.to_state.as_str();
    sqlx::query!(
        "INSERT INTO case_events (case_id, seq, at, action, from_state, to_state, actor_id,
                 hall_id, window_number, reason, detail, hash)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        case_id,
        event.seq,
        event.at,
        action,
        from_state,
        to_state,
        actor_id,
        hall_id,
        event.window,
        event.reason,
        event.detail,
        hash
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    sqlx::query!("UPDATE cases SET chain_head = ? WHERE id = ?", hash, case_id)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(())
}

pub(crate) async fn apply_in(tx: &mut SqliteConnection, number: &str, t: &CaseTransition) -> Result<CaseState> {
    let change = &t.change;
    t.check_allowed()?;
    let current = sqlx::query!(
        r#"SELECT c.id AS "id!", c.state, c.chain_head, r.username AS "holder?",
                  (SELECT COALESCE(MAX(seq), 0) FROM case_events e WHERE e.case_id = c.id) AS "last_seq!: i64"
           FROM cases c LEFT JOIN users r ON r.id = c.claimed_by_id WHERE c.number = ?"#,
        number
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(backend)?
    .ok_or_else(|| StoreError::NotFound(format!("case {number}")))?;
    let state = parse("case state", &current.state, CaseState::parse)?;
    t.check_against(&format!("case {number}"), state, current.last_seq, current.holder.as_deref())?;
    let actor_id = user_row_id(tx, &t.actor_username).await?;
    let hall_id = hall_row_id(tx, &t.hall_code).await?;
    let progress = &change.progress;
    let claimed_by = match &progress.claimed_by {
        Some(username) => Some(user_row_id(tx, username).await?),
        None => None,
    };
    let to_name = change.to.as_str();
    sqlx::query!(
        "UPDATE cases SET state = ?, claimed_by_id = ?, accepted_at = ?, due_date = ?, shortfall_supplement_due = ?,
                statutory_due = ?, correction_due = ?, extension_days = ?, shortfall_broken_on = ?
         WHERE id = ?",
        to_name,
        claimed_by,
        progress.accepted_at,
        progress.due_date,
        progress.shortfall_supplement_due,
        progress.statutory_due,
        progress.correction_due,
        progress.extension_days,
        progress.shortfall_broken_on,
        current.id
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    if let Some(EventDetail::CorrectionSupplied { materials } | EventDetail::ShortfallSupplied { materials }) =
        &t.detail
    {
        for m in materials {
            let form = m.form.as_str();
            sqlx::query!(
                "INSERT INTO case_materials (case_id, material_code, form, copies, pages) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (case_id, material_code)
                 DO UPDATE SET form = excluded.form, copies = excluded.copies, pages = excluded.pages",
                current.id,
                m.material_code,
                form,
                m.copies,
                m.pages
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
    }
    let detail = t.detail.as_ref().map(|d| serde_json::to_string(d).expect("details serialise"));
    let event = EventFacts {
        case_number: number,
        seq: current.last_seq + 1,
        at: t.at,
        action: Some(change.action),
        from_state: Some(change.from),
        to_state: change.to,
        actor_username: &t.actor_username,
        hall_code: &t.hall_code,
        window: t.window.as_deref(),
        reason: &t.reason,
        detail: detail.as_deref(),
    };
    append_event(tx, current.id, current.chain_head.as_deref(), &event, actor_id, hall_id).await?;
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
        // Numbers of one intake share hall and day; their sequence is the order of creation.
        select_cases!(
            &self.pool,
            "WHERE c.bundle_lead_id = (SELECT bundle_lead_id FROM cases WHERE number = ?1) ORDER BY c.number",
            number
        )
    }

    async fn apply_action(&self, number: &str, t: &CaseTransition) -> Result<CaseState> {
        self.apply_actions(number, std::slice::from_ref(t)).await
    }

    async fn apply_actions(&self, number: &str, transitions: &[CaseTransition]) -> Result<CaseState> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let mut to = None;
        for t in transitions {
            to = Some(apply_in(&mut tx, number, t).await?);
        }
        let to = to.ok_or_else(|| StoreError::NotFound(format!("no move for case {number}")))?;
        tx.commit().await.map_err(backend)?;
        Ok(to)
    }

    async fn claim_next(&self, department_code: &str, claim: &ClaimMove<'_>) -> Result<Option<String>> {
        // The one writer: nobody moves a case between choosing it and claiming it.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let claimable = states_json(claimable_states());
        let next = sqlx::query_scalar!(
            "SELECT c.number FROM cases c
             WHERE c.department_id = (SELECT id FROM departments WHERE code = ?1)
               AND c.state IN (SELECT value FROM json_each(?2)) AND c.claimed_by_id IS NULL
             ORDER BY c.due_date, c.number
             LIMIT 1",
            department_code,
            claimable
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let Some(number) = next else { return Ok(None) };
        let chosen = number.as_str();
        let rows = select_cases!(&mut *tx, "WHERE c.number = ?1", chosen)?;
        let row = rows.into_iter().next().ok_or_else(|| StoreError::NotFound(format!("case {number}")))?;
        apply_in(&mut tx, chosen, &claim(&row)?).await?;
        tx.commit().await.map_err(backend)?;
        Ok(Some(number))
    }

    async fn case(&self, number: &str) -> Result<Option<CaseRow>> {
        let rows = select_cases!(&self.pool, "WHERE c.number = ?1", number)?;
        Ok(rows.into_iter().next())
    }

    async fn open_case_with_code(&self, number: &str, code: &str) -> Result<bool> {
        let found = sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n: i64" FROM cases WHERE number = ?1 AND verification_code = ?2 AND ?2 <> ''"#,
            number,
            code
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(found > 0)
    }

    async fn case_events(&self, number: &str) -> Result<Vec<CaseEventRow>> {
        let rows = sqlx::query!(
            r#"SELECT e.seq, e.at AS "at: DateTime<Utc>", e.action, e.from_state, e.to_state,
                      u.username, u.display_name, h.code AS hall_code, h.name AS hall_name,
                      e.window_number, e.reason, e.detail
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
                    detail: r
                        .detail
                        .as_deref()
                        .map(|d| serde_json::from_str(d).map_err(|_| corrupt("event detail", d)))
                        .transpose()?,
                })
            })
            .collect()
    }

    async fn followups(&self, query: &FollowUpQuery) -> Result<Vec<FollowUpRow>> {
        crate::followups::followups(&self.pool, query).await
    }

    async fn issuance_queue(&self, hall_code: &str) -> Result<Vec<IssuanceRow>> {
        crate::followups::issuance_queue(&self.pool, hall_code).await
    }

    async fn broken_commitments(&self, id_kind: IdKind, id_number: &str) -> Result<Vec<BrokenCommitment>> {
        crate::followups::broken_commitments(&self.pool, id_kind, id_number).await
    }

    async fn action_count(&self, action: CaseAction) -> Result<i64> {
        crate::followups::action_count(&self.pool, action).await
    }

    async fn department_queue(&self, query: &QueueQuery, me: &str, today: NaiveDate) -> Result<QueuePage> {
        crate::queue::department_queue(&self.pool, query, me, today).await
    }

    async fn dispatch_queue(&self) -> Result<Vec<CaseRow>> {
        let states = states_json(CaseState::ALL.into_iter().filter(|s| s.is_in_dispatch_queue()));
        select_cases!(
            &self.pool,
            "WHERE c.state IN (SELECT value FROM json_each(?1)) ORDER BY c.due_date IS NULL, c.due_date, c.number",
            states
        )
    }

    async fn cases_in_state(&self, state: CaseState) -> Result<Vec<CaseRow>> {
        let state = state.as_str();
        select_cases!(&self.pool, "WHERE c.state = ?1 ORDER BY c.due_date IS NULL, c.due_date, c.number", state)
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

    async fn first_case_at(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        sqlx::query_scalar!(r#"SELECT MIN(created_at) AS "at: chrono::DateTime<chrono::Utc>" FROM cases"#)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
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
        select_cases!(
            &self.pool,
            "WHERE c.applicant_id = (SELECT id FROM applicants WHERE id_kind = ?1 AND id_number = ?2)
             ORDER BY c.created_at DESC LIMIT 50",
            kind,
            id_number
        )
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

    async fn case_chain(&self, number: &str) -> Result<Option<CaseChainRow>> {
        crate::audit::case_chain(&self.pool, number).await
    }

    async fn record_progress_lookup(&self, lookup: &onewindow_store::ProgressLookup) -> Result<()> {
        crate::lookups::record(&self.pool, lookup).await
    }

    async fn progress_lookups(&self, case_number: &str) -> Result<Vec<onewindow_store::ProgressLookup>> {
        crate::lookups::of_case(&self.pool, case_number).await
    }

    async fn case_chains(&self, after: Option<&str>, limit: u32) -> Result<Vec<CaseChainRow>> {
        crate::audit::case_chains(&self.pool, after, limit).await
    }
}
