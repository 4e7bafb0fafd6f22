//! Cases: numbers, the lifecycle moves as the domain computed them, events, queues and counts,
//! applicants and their earlier materials.
//!
//! Many stations move cases at once here. A move holds its case's row from before it reads the
//! case's state, holder and last event until it commits: two reviewers claiming one case queue up
//! on the row, and the second reads what the first committed (and is refused), instead of both
//! deciding on the same old state. The event's sequence number and the chain's head are read under
//! that same hold, so no two events of a case take one number or chain to one head.

use chrono::{DateTime, NaiveDate, Utc};
use onewindow_domain::audit::{event_hash, EventFacts};
use onewindow_domain::shortfall::BrokenCommitment;
use onewindow_domain::{case_number, CaseAction, CaseState, EventDetail, IdKind, MaterialForm, ReceivedMaterial};
use onewindow_store::{
    claimable_states, CaseChainRow, CaseEventRow, CaseFindingRow, CaseRow, CaseStore, CaseTransition, ClaimMove,
    EarlierMaterialRow, FollowUpQuery, FollowUpRow, HallLoadRow, IssuanceRow, NewCase, OnTimeCounts, QueuePage,
    QueueQuery, QueueWakeup, Result, StoreError,
};
use sqlx::PgConnection;

use crate::scans::assign_in;
use crate::{backend, corrupt, open_states, parse, states, PgStore};

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
                      c.created_at, c.accepted_at, c.due_date, c.shortfall_supplement_due, c.statutory_due,
                      c.correction_due, c.extension_days, c.shortfall_broken_on,
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

/// A new case and the moves it makes in its own transaction (accepted and handed off at the
/// window, say). Nobody else can see the case before the commit, so the moves are checked as
/// [`apply_in`] checks one, in memory, and their state and progress go into the case's one INSERT,
/// their events after it: no lock, read and UPDATE per move (an update of a row new in its
/// transaction runs all its foreign-key checks again). A move that brings materials takes
/// [`apply_in`]'s way.
async fn create_in(tx: &mut PgConnection, case: &NewCase, transitions: &[CaseTransition]) -> Result<String> {
    let supplies = |t: &CaseTransition| {
        matches!(t.detail, Some(EventDetail::CorrectionSupplied { .. } | EventDetail::ShortfallSupplied { .. }))
    };
    if !transitions.iter().any(supplies) {
        return insert_case(tx, case, transitions).await;
    }
    let number = insert_case(tx, case, &[]).await?;
    apply_moves_in(tx, &number, transitions).await?;
    Ok(number)
}

/// Checks the moves of a new case in memory, as [`apply_in`] checks each on the stored case:
/// allowed, from the state the one before left, by the holder it left, after its last event.
fn check_new_moves(transitions: &[CaseTransition]) -> Result<()> {
    let (mut state, mut holder, mut seq) = (CaseState::Draft, None::<&str>, 1);
    for t in transitions {
        t.check_allowed()?;
        t.check_against("a new case", state, seq, holder)?;
        let change = &t.change;
        (state, holder, seq) = (change.to, change.progress.claimed_by.as_deref(), seq + 1);
    }
    Ok(())
}

async fn insert_case(tx: &mut PgConnection, case: &NewCase, transitions: &[CaseTransition]) -> Result<String> {
    check_new_moves(transitions)?;
    let invalid = |what: String| StoreError::InvalidReference(what);
    let item_id = sqlx::query_scalar!(
        "SELECT id FROM service_items WHERE catalog_version_id = $1 AND code = $2",
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
    // The number first: one upsert takes it, and holds the hall's day row until the commit, so
    // stations of one hall number their cases one after another, never twice the same. Taken
    // before the applicant's row, so that every intake waits on the two rows in the same order
    // (a bundle's later cases come back to both) and none waits on another in a circle.
    //
    // The intakes of a busy hall wait in line on a transaction lock named by the hall, rather
    // than on the day's row itself: that one gets a new version with every number, and all its
    // waiters would wake at each commit to retry on it (200 stations: a quarter of the speed).
    // An advisory lock, not a lock on the hall's row: a clerk signed in as their own role may not
    // lock rows only an admin may change (migration 0002), and nothing else is held up.
    sqlx::query!("SELECT pg_advisory_xact_lock($1)", hall_id).execute(&mut *tx).await.map_err(backend)?;
    let sequence = sqlx::query_scalar!(
        "INSERT INTO case_number_sequences AS s (hall_id, day, last) VALUES ($1, $2, 1)
             ON CONFLICT (hall_id, day) DO UPDATE SET last = s.last + 1
             RETURNING last",
        hall_id,
        case.local_day
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    let number = case_number(&case.hall_code, case.local_day, u32::try_from(sequence).unwrap_or(u32::MAX))?;
    let applicant = &case.applicant;
    let kind = applicant.kind.as_str();
    let id_kind = applicant.id.kind.cli_name();
    let phone = applicant.phone.as_ref().map(|p| p.value.as_str());
    // Through the function, not an upsert here: a clerk signed in as their own role brings the
    // phone of an applicant another hall took in first up to date without seeing that hall's
    // cases (migration 0002).
    let applicant_id = sqlx::query_scalar!(
        r#"SELECT onewindow_applicant($1, $2, $3, $4, $5) AS "id!""#,
        kind,
        applicant.name,
        id_kind,
        applicant.id.value,
        phone
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    let agent_name = case.agent.as_ref().map(|a| a.name.as_str());
    let agent_id_kind = case.agent.as_ref().map(|a| a.id.kind.cli_name());
    let agent_id_number = case.agent.as_ref().map(|a| a.id.value.as_str());
    let delivery = case.delivery.as_str();
    // The creation's event hash is known before the row is written, so the row is written with
    // its head: each later update of a row new in its transaction runs every foreign-key check
    // of the case again.
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
    let created_hash = event_hash(None, &created);
    // The moves' events, chained on from the creation's; the row is written as the last left it.
    let details: Vec<Option<String>> = transitions
        .iter()
        .map(|t| t.detail.as_ref().map(|d| serde_json::to_string(d).expect("details serialise")))
        .collect();
    let mut moves = Vec::with_capacity(transitions.len());
    let mut head = created_hash.clone();
    for (i, (t, detail)) in transitions.iter().zip(&details).enumerate() {
        let event = EventFacts {
            case_number: &number,
            seq: i as i64 + 2,
            at: t.at,
            action: Some(t.change.action),
            from_state: Some(t.change.from),
            to_state: t.change.to,
            actor_username: &t.actor_username,
            hall_code: &t.hall_code,
            window: t.window.as_deref(),
            reason: &t.reason,
            detail: detail.as_deref(),
        };
        head = event_hash(Some(&head), &event);
        let actor_id =
            if t.actor_username == case.clerk_username { clerk_id } else { user_row_id(tx, &t.actor_username).await? };
        let move_hall_id = if t.hall_code == case.hall_code { hall_id } else { hall_row_id(tx, &t.hall_code).await? };
        moves.push((head.clone(), event, actor_id, move_hall_id));
    }
    let (state, progress) = match transitions.last() {
        Some(t) => (t.change.to, t.change.progress.clone()),
        None => (CaseState::Draft, Default::default()),
    };
    let claimed_by = match &progress.claimed_by {
        Some(username) => Some(user_row_id(tx, username).await?),
        None => None,
    };
    let state = state.as_str();
    let case_id = sqlx::query_scalar!(
        "INSERT INTO cases (number, catalog_version_id, service_item_id, applicant_id, agent_name,
                 agent_id_kind, agent_id_number, hall_id, window_number, clerk_id, state, delivery,
                 pickup_hall_id, delivery_address, created_at, verification_code, department_id, chain_head,
                 claimed_by_id, accepted_at, due_date, shortfall_supplement_due, statutory_due, correction_due,
                 extension_days, shortfall_broken_on)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                     (SELECT department_id FROM service_items WHERE id = $3), $17,
                     $18, $19, $20, $21, $22, $23, $24, $25)
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
        state,
        delivery,
        pickup_hall_id,
        case.delivery_address,
        case.at,
        case.verification_code,
        head,
        claimed_by,
        progress.accepted_at,
        progress.due_date,
        progress.shortfall_supplement_due,
        progress.statutory_due,
        progress.correction_due,
        i64::from(progress.extension_days),
        progress.shortfall_broken_on
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    for m in &case.materials {
        let form = m.form.as_str();
        sqlx::query!(
            "INSERT INTO case_materials (case_id, material_code, form, copies, pages)
                 VALUES ($1, $2, $3, $4, $5)",
            case_id,
            m.material_code,
            form,
            i64::from(m.copies),
            i64::from(m.pages)
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
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
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
    // The case is new in this transaction: no other station sees it, let alone orders its scans.
    for (material_code, sha256) in &case.scans {
        assign_in(&mut *tx, case_id, material_code, sha256, 0).await?;
    }
    if case.material_transfer {
        sqlx::query!(
            "INSERT INTO material_transfers (case_id, from_hall_id, department_id, state, created_at)
                 SELECT $1::bigint, $2::bigint, department_id, 'pending', $3::timestamptz
                 FROM service_items WHERE id = $4",
            case_id,
            hall_id,
            case.at,
            item_id
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    insert_event(tx, case_id, &created_hash, &created, clerk_id, hall_id).await?;
    for (hash, event, actor_id, move_hall_id) in &moves {
        insert_event(tx, case_id, hash, event, *actor_id, *move_hall_id).await?;
    }
    Ok(number)
}

/// Appends an event whose `hash` chains it to the case's head before it; the caller has moved the
/// head to `hash` in the same statement as its own write of the case's row.
///
/// The caller holds the case's row (locked, or new in its own transaction): the previous head and
/// the event's `seq` were read under that hold and are still the case's last when this writes.
async fn insert_event(
    tx: &mut PgConnection,
    case_id: i64,
    hash: &str,
    event: &EventFacts<'_>,
    actor_id: i64,
    hall_id: i64,
) -> Result<()> {
    // The creation is no lifecycle action: its row says so in words.
    let action = event.action.map_or("create", CaseAction::as_str);
    let from_state = event.from_state.map(CaseState::as_str);
    let to_state = event.to_state.as_str();
    sqlx::query!(
        "INSERT INTO case_events (case_id, seq, at, action, from_state, to_state, actor_id,
                 hall_id, window_number, reason, detail, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
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
    Ok(())
}

/// A case's row as this transaction holds it: what its next move is checked against and chains to.
struct Held {
    id: i64,
    state: CaseState,
    head: Option<String>,
    holder: Option<String>,
    last_seq: i64,
}

/// The rows a move names, as read beside the case: who takes it, at which hall, who holds the case
/// after it (None where a name is unknown: the move is refused for it once the case's own checks pass).
#[derive(Clone, Copy)]
struct Named {
    actor_id: Option<i64>,
    hall_id: Option<i64>,
    holder_id: Option<i64>,
}

pub(crate) async fn apply_in(tx: &mut PgConnection, number: &str, t: &CaseTransition) -> Result<CaseState> {
    apply_moves_in(tx, number, std::slice::from_ref(t)).await
}

/// A case's moves in order, in the caller's transaction. The case is held and read once, before the
/// first: each later move is checked against what the one before it wrote, which nobody else can
/// change while the row is held, and reads the rows it names only when they differ from the last.
pub(crate) async fn apply_moves_in(tx: &mut PgConnection, number: &str, moves: &[CaseTransition]) -> Result<CaseState> {
    for t in moves {
        t.check_allowed()?;
    }
    let Some(first) = moves.first() else {
        return Err(StoreError::NotFound(format!("no move for case {number}")));
    };
    let (mut held, mut named) = hold(tx, number, first).await?;
    let mut names = names_of(first);
    for t in moves {
        if names_of(t) != names {
            named = read_named(tx, t).await?;
            names = names_of(t);
        }
        write_move(tx, number, &mut held, named, t).await?;
    }
    Ok(held.state)
}

fn names_of(t: &CaseTransition) -> (&str, &str, Option<&str>) {
    (&t.actor_username, &t.hall_code, t.change.progress.claimed_by.as_deref())
}

/// Holds the case's row, then reads what its first move is checked against and the rows it names.
async fn hold(tx: &mut PgConnection, number: &str, t: &CaseTransition) -> Result<(Held, Named)> {
    // Hold the case's row before reading anything the move is checked against: a station moving
    // it already makes this one wait for its commit. `NO KEY`: rows that only refer to the case
    // (a print job, a look-up, a scan) are not held up by it; two moves still exclude each other.
    let id = sqlx::query_scalar!("SELECT id FROM cases WHERE number = $1 FOR NO KEY UPDATE", number)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("case {number}")))?;
    // A statement of its own, after the lock: under READ COMMITTED it sees what the station that
    // held the row committed, its event included (the locking statement's own snapshot may not).
    let current = sqlx::query!(
        r#"SELECT c.state, c.chain_head, r.username AS "holder?",
                  (SELECT COALESCE(MAX(seq), 0) FROM case_events e WHERE e.case_id = c.id) AS "last_seq!",
                  (SELECT id FROM users WHERE username = $2) AS actor_id,
                  (SELECT id FROM halls WHERE code = $3) AS hall_id,
                  (SELECT id FROM users WHERE username = $4) AS holder_id
           FROM cases c LEFT JOIN users r ON r.id = c.claimed_by_id WHERE c.id = $1"#,
        id,
        t.actor_username,
        t.hall_code,
        t.change.progress.claimed_by
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    let held = Held {
        id,
        state: parse("case state", &current.state, CaseState::parse)?,
        head: current.chain_head,
        holder: current.holder,
        last_seq: current.last_seq,
    };
    Ok((held, Named { actor_id: current.actor_id, hall_id: current.hall_id, holder_id: current.holder_id }))
}

async fn read_named(tx: &mut PgConnection, t: &CaseTransition) -> Result<Named> {
    let row = sqlx::query!(
        "SELECT (SELECT id FROM users WHERE username = $1) AS actor_id,
                (SELECT id FROM halls WHERE code = $2) AS hall_id,
                (SELECT id FROM users WHERE username = $3) AS holder_id",
        t.actor_username,
        t.hall_code,
        t.change.progress.claimed_by
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    Ok(Named { actor_id: row.actor_id, hall_id: row.hall_id, holder_id: row.holder_id })
}

/// Checks one move against the held case, then writes it: the case's row and its event in one
/// statement, and the materials a supply brings.
async fn write_move(
    tx: &mut PgConnection,
    number: &str,
    held: &mut Held,
    named: Named,
    t: &CaseTransition,
) -> Result<()> {
    let change = &t.change;
    t.check_against(&format!("case {number}"), held.state, held.last_seq, held.holder.as_deref())?;
    let unknown = |what: &str, name: &str| StoreError::InvalidReference(format!("{what} {name}"));
    let actor_id = named.actor_id.ok_or_else(|| unknown("user", &t.actor_username))?;
    let hall_id = named.hall_id.ok_or_else(|| unknown("hall", &t.hall_code))?;
    let progress = &change.progress;
    let claimed_by = match &progress.claimed_by {
        Some(username) => Some(named.holder_id.ok_or_else(|| unknown("user", username))?),
        None => None,
    };
    let detail = t.detail.as_ref().map(|d| serde_json::to_string(d).expect("details serialise"));
    let seq = held.last_seq + 1;
    let event = EventFacts {
        case_number: number,
        seq,
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
    // The move, the new head and the event it chains to in one write (see `insert_case`).
    let head = event_hash(held.head.as_deref(), &event);
    let written = sqlx::query!(
        "WITH moved AS (
             UPDATE cases SET state = $1, claimed_by_id = $2, accepted_at = $3, due_date = $4,
                    shortfall_supplement_due = $5, statutory_due = $6, correction_due = $7, extension_days = $8,
                    shortfall_broken_on = $9, chain_head = $11
             WHERE id = $10 RETURNING id)
         INSERT INTO case_events (case_id, seq, at, action, from_state, to_state, actor_id,
                 hall_id, window_number, reason, detail, hash)
         SELECT id, $12, $13, $14, $15, $1, $16, $17, $18, $19, $20, $11 FROM moved",
        change.to.as_str(),
        claimed_by,
        progress.accepted_at,
        progress.due_date,
        progress.shortfall_supplement_due,
        progress.statutory_due,
        progress.correction_due,
        i64::from(progress.extension_days),
        progress.shortfall_broken_on,
        held.id,
        head,
        seq,
        t.at,
        change.action.as_str(),
        change.from.as_str(),
        actor_id,
        hall_id,
        t.window,
        t.reason,
        detail
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    // The row is held by this transaction: only a policy could have kept the update from it.
    if written.rows_affected() != 1 {
        return Err(StoreError::NotFound(format!("case {number}")));
    }
    if let Some(EventDetail::CorrectionSupplied { materials } | EventDetail::ShortfallSupplied { materials }) =
        &t.detail
    {
        for m in materials {
            let form = m.form.as_str();
            sqlx::query!(
                "INSERT INTO case_materials (case_id, material_code, form, copies, pages) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (case_id, material_code)
                 DO UPDATE SET form = excluded.form, copies = excluded.copies, pages = excluded.pages",
                held.id,
                m.material_code,
                form,
                i64::from(m.copies),
                i64::from(m.pages)
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
    }
    *held =
        Held { id: held.id, state: change.to, head: Some(head), holder: progress.claimed_by.clone(), last_seq: seq };
    Ok(())
}

async fn hall_row_id(tx: &mut PgConnection, code: &str) -> Result<i64> {
    sqlx::query_scalar!(r#"SELECT id AS "id!" FROM halls WHERE code = $1"#, code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::InvalidReference(format!("hall {code}")))
}

async fn user_row_id(tx: &mut PgConnection, username: &str) -> Result<i64> {
    sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE username = $1"#, username)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::InvalidReference(format!("user {username}")))
}

#[async_trait::async_trait]
impl CaseStore for PgStore {
    async fn create_case(&self, case: &NewCase) -> Result<String> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let number = insert_case(&mut tx, case, &[]).await?;
        tx.commit().await.map_err(backend)?;
        Ok(number)
    }

    async fn create_case_with(&self, case: &NewCase, transitions: &[CaseTransition]) -> Result<String> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let number = create_in(&mut tx, case, transitions).await?;
        tx.commit().await.map_err(backend)?;
        Ok(number)
    }

    async fn create_bundle_cases(
        &self,
        bundle_code: &str,
        cases: &[(NewCase, Vec<CaseTransition>)],
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut numbers = Vec::with_capacity(cases.len());
        for (case, transitions) in cases {
            let number = create_in(&mut tx, case, transitions).await?;
            let lead = numbers.first().unwrap_or(&number);
            sqlx::query!(
                "UPDATE cases SET bundle_code = $1, bundle_lead_id = (SELECT id FROM cases WHERE number = $2)
                 WHERE number = $3",
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
            "WHERE c.bundle_lead_id = (SELECT bundle_lead_id FROM cases WHERE number = $1) ORDER BY c.number",
            number
        )
    }

    async fn apply_action(&self, number: &str, t: &CaseTransition) -> Result<CaseState> {
        self.apply_actions(number, std::slice::from_ref(t)).await
    }

    async fn apply_actions(&self, number: &str, transitions: &[CaseTransition]) -> Result<CaseState> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let to = apply_moves_in(&mut tx, number, transitions).await?;
        tx.commit().await.map_err(backend)?;
        Ok(to)
    }

    async fn claim_next(&self, department_code: &str, claim: &ClaimMove<'_>) -> Result<Option<String>> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        // `SKIP LOCKED`: a case another station is claiming (or moving) now is passed over, not
        // waited for, so reviewers taking their next case at once take different ones. A row
        // claimed and committed since this statement's snapshot fails the conditions when it is
        // locked and is passed over too.
        let next = sqlx::query_scalar!(
            "SELECT c.number FROM cases c
             WHERE c.department_id = (SELECT id FROM departments WHERE code = $1)
               AND c.state = ANY($2) AND c.claimed_by_id IS NULL
             ORDER BY c.due_date NULLS FIRST, c.number
             LIMIT 1 FOR NO KEY UPDATE OF c SKIP LOCKED",
            department_code,
            &states(claimable_states())
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let Some(number) = next else { return Ok(None) };
        let rows = select_cases!(&mut *tx, "WHERE c.number = $1", &number)?;
        let row = rows.into_iter().next().ok_or_else(|| StoreError::NotFound(format!("case {number}")))?;
        apply_in(&mut tx, &number, &claim(&row)?).await?;
        tx.commit().await.map_err(backend)?;
        Ok(Some(number))
    }

    async fn case(&self, number: &str) -> Result<Option<CaseRow>> {
        let rows = select_cases!(&self.pool, "WHERE c.number = $1", number)?;
        Ok(rows.into_iter().next())
    }

    async fn open_case_with_code(&self, number: &str, code: &str) -> Result<bool> {
        sqlx::query_scalar!(r#"SELECT onewindow_open_case($1, $2) AS "opened!""#, number, code)
            .fetch_one(&self.pool)
            .await
            .map_err(|e| match &e {
                sqlx::Error::Database(d) if d.code().as_deref() == Some("OW429") => {
                    StoreError::TooManyAttempts(d.message().into())
                }
                _ => backend(e),
            })
    }

    async fn case_events(&self, number: &str) -> Result<Vec<CaseEventRow>> {
        let rows = sqlx::query!(
            r#"SELECT e.seq, e.at, e.action, e.from_state, e.to_state,
                      u.username, u.display_name, h.code AS hall_code, h.name AS hall_name,
                      e.window_number, e.reason, e.detail
               FROM case_events e
               JOIN cases c ON c.id = e.case_id
               JOIN users u ON u.id = e.actor_id
               JOIN halls h ON h.id = e.hall_id
               WHERE c.number = $1
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
        let states = states(CaseState::ALL.into_iter().filter(|s| s.is_in_dispatch_queue()));
        select_cases!(&self.pool, "WHERE c.state = ANY($1) ORDER BY c.due_date IS NULL, c.due_date, c.number", &states)
    }

    async fn cases_in_state(&self, state: CaseState) -> Result<Vec<CaseRow>> {
        let state = state.as_str();
        select_cases!(&self.pool, "WHERE c.state = $1 ORDER BY c.due_date IS NULL, c.due_date, c.number", state)
    }

    async fn case_count(&self) -> Result<i64> {
        sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!" FROM cases"#).fetch_one(&self.pool).await.map_err(backend)
    }

    async fn state_counts(&self) -> Result<Vec<(CaseState, i64)>> {
        let rows = sqlx::query!(r#"SELECT state, COUNT(*) AS "n!" FROM cases GROUP BY state ORDER BY state"#)
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
        sqlx::query_scalar!(r#"SELECT MIN(created_at) AS "at" FROM cases"#).fetch_one(&self.pool).await.map_err(backend)
    }

    async fn hall_loads(&self, today: NaiveDate) -> Result<Vec<HallLoadRow>> {
        let open = open_states();
        let rows = sqlx::query!(
            r#"SELECT h.code, h.name,
                      COUNT(c.id) AS "total!",
                      COUNT(*) FILTER (WHERE c.state = ANY($1)) AS "open!",
                      COUNT(*) FILTER (WHERE c.state = ANY($1) AND c.due_date < $2) AS "overdue!"
               FROM halls h LEFT JOIN cases c ON c.hall_id = h.id
               GROUP BY h.id ORDER BY h.code"#,
            &open,
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
        // time zone, UTC+8 all year as SQLite's '+8 hours' has it) on or before its due date.
        let row = sqlx::query!(
            r#"SELECT COUNT(*) AS "finished!",
                      COUNT(*) FILTER (WHERE ((e.at AT TIME ZONE 'UTC') + INTERVAL '8 hours')::date <= c.due_date)
                          AS "on_time!"
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
             JOIN cases c ON c.id = m.case_id
             WHERE c.number = $1 ORDER BY m.received",
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
             WHERE c.number = $1 ORDER BY f.position",
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
            "WHERE c.applicant_id = (SELECT id FROM applicants WHERE id_kind = $1 AND id_number = $2)
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
            r#"SELECT m.name AS material_name, cm.form, c.number AS case_number, c.accepted_at AS "accepted_at!"
               FROM case_materials cm
               JOIN cases c ON c.id = cm.case_id
               JOIN applicants a ON a.id = c.applicant_id
               JOIN materials m ON m.service_item_id = c.service_item_id AND m.code = cm.material_code
               WHERE a.id_kind = $1 AND a.id_number = $2 AND c.accepted_at IS NOT NULL AND c.accepted_at >= $3
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

    async fn queue_wakeups(&self) -> Result<Option<tokio::sync::mpsc::Receiver<QueueWakeup>>> {
        crate::queue::queue_wakeups(&self.pool).await.map(Some)
    }
}
