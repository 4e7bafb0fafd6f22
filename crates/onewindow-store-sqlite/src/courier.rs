//! The courier desk: waybill ranges with each number used once, and shipments with their events.

use chrono::{DateTime, Utc};
use onewindow_domain::courier::{
    shipment_transition, ShipmentAction, ShipmentKind, ShipmentState, TrackingStatus, WaybillFormat,
};
use onewindow_store::{
    CaseTransition, CourierStore, Destination, HandoverRow, NewHandover, NewShipment, NewWaybillRange, Result,
    ShipmentEventRow, ShipmentMove, ShipmentRow, StoreError, TrackingEventRow, WaybillRangeRow,
};
use sqlx::SqliteConnection;

use crate::{backend, corrupt, parse, SqliteStore};

pub(crate) async fn user_id(tx: &mut SqliteConnection, username: &str) -> Result<i64> {
    sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE username = ?"#, username)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::InvalidReference(format!("user {username}")))
}

pub(crate) async fn hall_id(tx: &mut SqliteConnection, code: &str) -> Result<i64> {
    sqlx::query_scalar!(r#"SELECT id AS "id!" FROM halls WHERE code = ?"#, code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::InvalidReference(format!("hall {code}")))
}

async fn range_row(pool: &mut SqliteConnection, id: i64) -> Result<WaybillRangeRow> {
    let rows = ranges_where(pool, Some(id)).await?;
    rows.into_iter().next().ok_or_else(|| StoreError::NotFound(format!("waybill range {id}")))
}

async fn ranges_where(conn: &mut SqliteConnection, id: Option<i64>) -> Result<Vec<WaybillRangeRow>> {
    let rows = sqlx::query!(
        r#"SELECT r.id AS "id!", r.carrier, r.product, r.format, r.first_number, r.last_number, r.total,
                  r.imported_at AS "imported_at: DateTime<Utc>",
                  (SELECT COUNT(*) FROM waybills w WHERE w.range_id = r.id AND w.state = 'used') AS "used!: i64",
                  (SELECT COUNT(*) FROM waybills w WHERE w.range_id = r.id AND w.state = 'cancelled') AS "cancelled!: i64"
           FROM waybill_ranges r WHERE (?1 IS NULL OR r.id = ?1) ORDER BY r.id"#,
        id
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    rows.into_iter()
        .map(|r| {
            Ok(WaybillRangeRow {
                id: r.id,
                carrier: r.carrier,
                product: r.product,
                format: parse("waybill format", &r.format, WaybillFormat::parse)?,
                first: r.first_number,
                last: r.last_number,
                total: r.total,
                used: r.used,
                cancelled: r.cancelled,
                imported_at: r.imported_at,
            })
        })
        .collect()
}

/// The shipments a `WHERE …` selects, with their cases.
async fn shipments_where(
    conn: &mut SqliteConnection,
    waybill: Option<&str>,
    hall: Option<&str>,
    case: Option<&str>,
    limit: i64,
) -> Result<Vec<ShipmentRow>> {
    let rows = sqlx::query!(
        r#"SELECT s.id AS "id!", s.kind, s.state, fh.code AS from_code, fh.name AS from_name,
                  th.code AS "to_hall_code?", th.name AS "to_hall_name?", d.code AS "to_department_code?",
                  d.name AS "to_department_name?", s.to_address, s.receiver_name, s.receiver_phone,
                  r.carrier, r.product, w.number AS waybill, s.split_reason,
                  s.created_at AS "created_at: DateTime<Utc>", u.display_name AS created_by
           FROM shipments s
           JOIN halls fh ON fh.id = s.from_hall_id
           LEFT JOIN halls th ON th.id = s.to_hall_id
           LEFT JOIN departments d ON d.id = s.to_department_id
           JOIN waybills w ON w.id = s.waybill_id
           JOIN waybill_ranges r ON r.id = w.range_id
           JOIN users u ON u.id = s.created_by_id
           WHERE (?1 IS NULL OR w.number = ?1) AND (?2 IS NULL OR fh.code = ?2)
             AND (?3 IS NULL OR s.id IN (SELECT sc.shipment_id FROM shipment_cases sc JOIN cases c ON c.id = sc.case_id
                                         WHERE c.number = ?3))
           ORDER BY s.id DESC LIMIT ?4"#,
        waybill,
        hall,
        case,
        limit
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let cases = sqlx::query!(
            "SELECT c.number, sc.papers FROM shipment_cases sc JOIN cases c ON c.id = sc.case_id
             WHERE sc.shipment_id = ? ORDER BY c.number",
            r.id
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|c| Ok((c.number, serde_json::from_str(&c.papers).map_err(|_| corrupt("shipment papers", &c.papers))?)))
        .collect::<Result<Vec<(String, Vec<String>)>>>()?;
        let (to, to_name) = match (r.to_department_code, r.to_hall_code, &r.to_address) {
            (Some(code), _, _) => (Destination::Department(code), r.to_department_name.unwrap_or_default()),
            (None, Some(code), _) => (Destination::Hall(code), r.to_hall_name.unwrap_or_default()),
            (None, None, Some(address)) => (Destination::Address(address.clone()), address.clone()),
            _ => return Err(corrupt("shipment destination", &r.id.to_string())),
        };
        out.push(ShipmentRow {
            id: r.id,
            kind: parse("shipment kind", &r.kind, ShipmentKind::parse)?,
            state: parse("shipment state", &r.state, ShipmentState::parse)?,
            from_hall_code: r.from_code,
            from_hall_name: r.from_name,
            to,
            to_name,
            receiver_name: r.receiver_name,
            receiver_phone: r.receiver_phone,
            carrier: r.carrier,
            product: r.product,
            waybill: r.waybill,
            split_reason: r.split_reason,
            cases,
            created_at: r.created_at,
            created_by: r.created_by,
        });
    }
    Ok(out)
}

/// One event of a shipment as it is appended: no action for the packing that created it.
struct Event<'a> {
    action: Option<ShipmentAction>,
    from: Option<ShipmentState>,
    to: ShipmentState,
    username: &'a str,
    hall_code: Option<&'a str>,
    at: DateTime<Utc>,
    reason: &'a str,
}

async fn append_event(tx: &mut SqliteConnection, shipment_id: i64, e: &Event<'_>) -> Result<()> {
    let actor = user_id(tx, e.username).await?;
    let hall = match e.hall_code {
        Some(code) => Some(hall_id(tx, code).await?),
        None => None,
    };
    let action = e.action.map_or("pack", ShipmentAction::as_str);
    let from = e.from.map(ShipmentState::as_str);
    let to = e.to.as_str();
    sqlx::query!(
        "INSERT INTO shipment_events (shipment_id, seq, at, action, from_state, to_state, actor_id, hall_id, reason)
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM shipment_events WHERE shipment_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        shipment_id,
        e.at,
        action,
        from,
        to,
        actor,
        hall,
        e.reason
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    Ok(())
}

/// One move of a shipment inside the caller's transaction.
async fn move_in(tx: &mut SqliteConnection, waybill: &str, m: &ShipmentMove) -> Result<ShipmentState> {
    if shipment_transition(m.from, m.action) != Ok(m.to) {
        return Err(StoreError::Conflict(format!("{:?} from {:?} is not a shipment move", m.action, m.from)));
    }
    let current = sqlx::query!(
        r#"SELECT s.id AS "id!", s.state, w.id AS "waybill_id!" FROM shipments s JOIN waybills w ON w.id = s.waybill_id
           WHERE w.number = ?"#,
        waybill
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(backend)?
    .ok_or_else(|| StoreError::NotFound(format!("shipment {waybill}")))?;
    let state = parse("shipment state", &current.state, ShipmentState::parse)?;
    if state != m.from {
        return Err(StoreError::Conflict(format!("shipment {waybill} is {} now", state.as_str())));
    }
    let to = m.to.as_str();
    sqlx::query!("UPDATE shipments SET state = ? WHERE id = ?", to, current.id)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    if m.action == ShipmentAction::Cancel {
        sqlx::query!("UPDATE waybills SET state = 'cancelled' WHERE id = ?", current.waybill_id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
    }
    let event = Event {
        action: Some(m.action),
        from: Some(m.from),
        to: m.to,
        username: &m.username,
        hall_code: m.hall_code.as_deref(),
        at: m.at,
        reason: &m.reason,
    };
    append_event(tx, current.id, &event).await?;
    Ok(m.to)
}

async fn handovers_where(
    conn: &mut SqliteConnection,
    id: Option<i64>,
    hall: Option<&str>,
    waybill: Option<&str>,
) -> Result<Vec<HandoverRow>> {
    let rows = sqlx::query!(
        r#"SELECT ho.id AS "id!", h.code AS hall_code, h.name AS hall_name, ho.courier_name, ho.courier_company,
                  ho.courier_contact, ho.started_at AS "started_at: DateTime<Utc>", u.display_name AS started_by,
                  ho.closed_at AS "closed_at: DateTime<Utc>"
           FROM handovers ho JOIN halls h ON h.id = ho.hall_id JOIN users u ON u.id = ho.started_by_id
           WHERE (?1 IS NULL OR ho.id = ?1) AND (?2 IS NULL OR h.code = ?2)
             AND (?3 IS NULL OR ho.id IN (SELECT hi.handover_id FROM handover_items hi JOIN shipments s ON s.id = hi.shipment_id
                                          JOIN waybills w ON w.id = s.waybill_id WHERE w.number = ?3))
           ORDER BY ho.id"#,
        id,
        hall,
        waybill
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let waybills = sqlx::query_scalar!(
            "SELECT w.number FROM handover_items hi JOIN shipments s ON s.id = hi.shipment_id
             JOIN waybills w ON w.id = s.waybill_id WHERE hi.handover_id = ? ORDER BY hi.scanned_at, w.number",
            r.id
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        out.push(HandoverRow {
            id: r.id,
            hall_code: r.hall_code,
            hall_name: r.hall_name,
            courier_name: r.courier_name,
            courier_company: r.courier_company,
            courier_contact: r.courier_contact,
            started_at: r.started_at,
            started_by: r.started_by,
            closed_at: r.closed_at,
            waybills,
        });
    }
    Ok(out)
}

#[async_trait::async_trait]
impl CourierStore for SqliteStore {
    async fn import_waybill_range(&self, range: &NewWaybillRange) -> Result<WaybillRangeRow> {
        let (Some(first), Some(last)) = (range.numbers.first(), range.numbers.last()) else {
            return Err(StoreError::InvalidReference("an empty waybill range".into()));
        };
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let by = user_id(&mut tx, &range.username).await?;
        let format = range.format.as_str();
        let total = range.numbers.len() as i64;
        let id = sqlx::query_scalar!(
            r#"INSERT INTO waybill_ranges (carrier, product, format, first_number, last_number, total, imported_at, imported_by_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
            range.carrier,
            range.product,
            format,
            first,
            last,
            total,
            range.at,
            by
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        for (position, number) in range.numbers.iter().enumerate() {
            let position = position as i64;
            let inserted = sqlx::query!(
                "INSERT INTO waybills (range_id, position, number) VALUES (?, ?, ?) ON CONFLICT (number) DO NOTHING",
                id,
                position,
                number
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 0 {
                return Err(StoreError::Conflict(format!("waybill {number} is already in a range")));
            }
        }
        let row = range_row(&mut tx, id).await?;
        tx.commit().await.map_err(backend)?;
        Ok(row)
    }

    async fn waybill_ranges(&self) -> Result<Vec<WaybillRangeRow>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        ranges_where(&mut conn, None).await
    }

    async fn create_shipment(&self, s: &NewShipment) -> Result<ShipmentRow> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let by = user_id(&mut tx, &s.username).await?;
        let from = hall_id(&mut tx, &s.from_hall_code).await?;
        let (to_hall, to_department, to_address) = match &s.to {
            Destination::Hall(code) => (Some(hall_id(&mut tx, code).await?), None, None),
            Destination::Department(code) => {
                let id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM departments WHERE code = ?"#, code)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?
                    .ok_or_else(|| StoreError::InvalidReference(format!("department {code}")))?;
                (None, Some(id), None)
            }
            Destination::Address(address) => (None, None, Some(address.clone())),
        };
        let kind = s.kind.as_str();
        let mut case_ids = Vec::with_capacity(s.cases.len());
        for (number, _) in &s.cases {
            let id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM cases WHERE number = ?"#, number)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or_else(|| StoreError::NotFound(format!("case {number}")))?;
            let live = sqlx::query_scalar!(
                r#"SELECT w.number AS "number!" FROM shipment_cases sc JOIN shipments sh ON sh.id = sc.shipment_id
                   JOIN waybills w ON w.id = sh.waybill_id
                   WHERE sc.case_id = ? AND sh.kind = ? AND sh.state NOT IN ('cancelled', 'returned') LIMIT 1"#,
                id,
                kind
            )
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
            if let (Some(waybill), None) = (live, &s.split_reason) {
                return Err(StoreError::Conflict(format!("case {number} is already in shipment {waybill}")));
            }
            case_ids.push(id);
        }
        let waybill = sqlx::query!(
            r#"SELECT w.id AS "id!" FROM waybills w JOIN waybill_ranges r ON r.id = w.range_id
               WHERE r.carrier = ? AND r.product = ? AND w.state = 'free'
               ORDER BY r.id, w.position LIMIT 1"#,
            s.carrier,
            s.product
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::WaybillsExhausted { carrier: s.carrier.clone(), product: s.product.clone() })?;
        // Taken only if still free: the number is never handed out twice.
        let taken = sqlx::query!("UPDATE waybills SET state = 'used' WHERE id = ? AND state = 'free'", waybill.id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if taken.rows_affected() != 1 {
            return Err(StoreError::Conflict("waybill taken meanwhile".into()));
        }
        let state = ShipmentState::Packed.as_str();
        let id = sqlx::query_scalar!(
            r#"INSERT INTO shipments (kind, state, from_hall_id, to_hall_id, to_department_id, to_address, receiver_name,
                   receiver_phone, waybill_id, split_reason, created_at, created_by_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
            kind,
            state,
            from,
            to_hall,
            to_department,
            to_address,
            s.receiver_name,
            s.receiver_phone,
            waybill.id,
            s.split_reason,
            s.at,
            by
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        for ((_, papers), case_id) in s.cases.iter().zip(case_ids) {
            let papers = serde_json::to_string(papers).expect("strings serialise");
            sqlx::query!(
                "INSERT INTO shipment_cases (shipment_id, case_id, papers) VALUES (?, ?, ?)",
                id,
                case_id,
                papers
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        let reason = format!("封装{}件办件", s.cases.len());
        let packed = Event {
            action: None,
            from: None,
            to: ShipmentState::Packed,
            username: &s.username,
            hall_code: Some(&s.from_hall_code),
            at: s.at,
            reason: &reason,
        };
        append_event(&mut tx, id, &packed).await?;
        let number = sqlx::query_scalar!("SELECT number FROM waybills WHERE id = ?", waybill.id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let row = shipments_where(&mut tx, Some(&number), None, None, 1).await?.remove(0);
        tx.commit().await.map_err(backend)?;
        Ok(row)
    }

    async fn shipment(&self, waybill: &str) -> Result<Option<ShipmentRow>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        Ok(shipments_where(&mut conn, Some(waybill), None, None, 1).await?.into_iter().next())
    }

    async fn shipments(&self, hall_code: Option<&str>, limit: u32) -> Result<Vec<ShipmentRow>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        shipments_where(&mut conn, None, hall_code, None, i64::from(limit.clamp(1, 5000))).await
    }

    async fn case_shipments(&self, case_number: &str) -> Result<Vec<ShipmentRow>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        let mut rows = shipments_where(&mut conn, None, None, Some(case_number), 1000).await?;
        rows.reverse();
        Ok(rows)
    }

    async fn apply_shipment_move(&self, waybill: &str, m: &ShipmentMove) -> Result<ShipmentState> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let to = move_in(&mut tx, waybill, m).await?;
        tx.commit().await.map_err(backend)?;
        Ok(to)
    }

    async fn apply_shipment_moves(
        &self,
        moves: &[(String, ShipmentMove)],
        cases: &[(String, CaseTransition)],
    ) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        for (waybill, m) in moves {
            move_in(&mut tx, waybill, m).await?;
        }
        for (number, t) in cases {
            crate::cases::apply_in(&mut tx, number, t).await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn start_handover(&self, h: &NewHandover) -> Result<HandoverRow> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let hall = hall_id(&mut tx, &h.hall_code).await?;
        let by = user_id(&mut tx, &h.username).await?;
        let id = sqlx::query_scalar!(
            r#"INSERT INTO handovers (hall_id, courier_name, courier_company, courier_contact, started_at, started_by_id)
               VALUES (?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
            hall,
            h.courier_name,
            h.courier_company,
            h.courier_contact,
            h.at,
            by
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let row = handovers_where(&mut tx, Some(id), None, None).await?.remove(0);
        tx.commit().await.map_err(backend)?;
        Ok(row)
    }

    async fn handover(&self, id: i64) -> Result<Option<HandoverRow>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        Ok(handovers_where(&mut conn, Some(id), None, None).await?.into_iter().next())
    }

    async fn open_handovers(&self, hall_code: &str) -> Result<Vec<HandoverRow>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        Ok(handovers_where(&mut conn, None, Some(hall_code), None)
            .await?
            .into_iter()
            .filter(|h| h.closed_at.is_none())
            .collect())
    }

    async fn handover_of(&self, waybill: &str) -> Result<Option<HandoverRow>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        Ok(handovers_where(&mut conn, None, None, Some(waybill)).await?.into_iter().next())
    }

    async fn add_to_handover(&self, id: i64, waybill: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let open = sqlx::query_scalar!(r#"SELECT closed_at IS NULL AS "open!: bool" FROM handovers WHERE id = ?"#, id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::NotFound(format!("handover {id}")))?;
        if !open {
            return Err(StoreError::Conflict(format!("handover {id} is closed")));
        }
        let shipment = sqlx::query_scalar!(
            r#"SELECT s.id AS "id!" FROM shipments s JOIN waybills w ON w.id = s.waybill_id WHERE w.number = ?"#,
            waybill
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("shipment {waybill}")))?;
        let added = sqlx::query!(
            "INSERT INTO handover_items (handover_id, shipment_id, scanned_at) VALUES (?, ?, ?)
             ON CONFLICT (shipment_id) DO NOTHING",
            id,
            shipment,
            at
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if added.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!("shipment {waybill} is in a handover already")));
        }
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn close_handover(
        &self,
        id: i64,
        username: &str,
        at: DateTime<Utc>,
        moves: &[(String, ShipmentMove)],
        cases: &[(String, CaseTransition)],
    ) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let by = user_id(&mut tx, username).await?;
        let closed = sqlx::query!(
            "UPDATE handovers SET closed_at = ?, closed_by_id = ? WHERE id = ? AND closed_at IS NULL",
            at,
            by,
            id
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if closed.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!("handover {id} is closed or unknown")));
        }
        for (waybill, m) in moves {
            move_in(&mut tx, waybill, m).await?;
        }
        for (number, t) in cases {
            crate::cases::apply_in(&mut tx, number, t).await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn record_tracking(&self, events: &[TrackingEventRow], at: DateTime<Utc>) -> Result<Vec<TrackingEventRow>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let mut new = Vec::new();
        for e in events {
            let status = e.status.as_str();
            let added = sqlx::query!(
                "INSERT INTO tracking_events (waybill, at, code, status, location, signer, imported_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (waybill, at, code) DO NOTHING",
                e.waybill,
                e.at,
                e.code,
                status,
                e.location,
                e.signer,
                at
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            if added.rows_affected() == 1 {
                new.push(e.clone());
            }
        }
        tx.commit().await.map_err(backend)?;
        Ok(new)
    }

    async fn tracking_events(&self, waybill: &str) -> Result<Vec<TrackingEventRow>> {
        let rows = sqlx::query!(
            r#"SELECT waybill, at AS "at: DateTime<Utc>", code, status, location, signer FROM tracking_events
               WHERE waybill = ? ORDER BY at, id"#,
            waybill
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(TrackingEventRow {
                    status: parse("tracking status", &r.status, TrackingStatus::parse)?,
                    waybill: r.waybill,
                    at: r.at,
                    code: r.code,
                    location: r.location,
                    signer: r.signer,
                })
            })
            .collect()
    }

    async fn shipment_events(&self, waybill: &str) -> Result<Vec<ShipmentEventRow>> {
        let rows = sqlx::query!(
            r#"SELECT e.seq, e.at AS "at: DateTime<Utc>", e.action, e.from_state, e.to_state, u.display_name,
                      h.name AS "hall_name?", e.reason
               FROM shipment_events e JOIN shipments s ON s.id = e.shipment_id JOIN waybills w ON w.id = s.waybill_id
               JOIN users u ON u.id = e.actor_id LEFT JOIN halls h ON h.id = e.hall_id
               WHERE w.number = ? ORDER BY e.seq"#,
            waybill
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(ShipmentEventRow {
                    seq: r.seq,
                    at: r.at,
                    action: match r.action.as_str() {
                        "pack" => None,
                        name => Some(parse("shipment action", name, ShipmentAction::parse)?),
                    },
                    from_state: r
                        .from_state
                        .as_deref()
                        .map(|s| parse("shipment state", s, ShipmentState::parse))
                        .transpose()?,
                    to_state: parse("shipment state", &r.to_state, ShipmentState::parse)?,
                    actor_name: r.display_name,
                    hall_name: r.hall_name,
                    reason: r.reason,
                })
            })
            .collect()
    }
}
