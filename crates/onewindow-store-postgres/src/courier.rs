//! The courier desk: waybill ranges with each number used once, and shipments with their events.
//!
//! Many stations pack at once here: a number is taken by the shipment's own transaction with
//! `FOR UPDATE SKIP LOCKED`, so two stations never take the same one and never wait for each other;
//! a shipment's move locks the shipment it decides on.

use chrono::{DateTime, Utc};
use onewindow_domain::courier::{
    shipment_transition, ShipmentAction, ShipmentKind, ShipmentState, TrackingStatus, WaybillFormat,
};
use onewindow_store::{
    CaseTransition, CourierStore, Destination, HandoverRow, NewHandover, NewShipment, NewWaybillRange, Result,
    ShipmentEventRow, ShipmentMove, ShipmentRow, StoreError, TrackingEventRow, WaybillRangeRow,
};
use sqlx::PgConnection;

use crate::{backend, corrupt, parse, PgStore};

pub(crate) async fn user_id(tx: &mut PgConnection, username: &str) -> Result<i64> {
    sqlx::query_scalar!(r#"SELECT id AS "id!" FROM users WHERE username = $1"#, username)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::InvalidReference(format!("user {username}")))
}

pub(crate) async fn hall_id(tx: &mut PgConnection, code: &str) -> Result<i64> {
    sqlx::query_scalar!(r#"SELECT id AS "id!" FROM halls WHERE code = $1"#, code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::InvalidReference(format!("hall {code}")))
}

async fn range_row(pool: &mut PgConnection, id: i64) -> Result<WaybillRangeRow> {
    let rows = ranges_where(pool, Some(id)).await?;
    rows.into_iter().next().ok_or_else(|| StoreError::NotFound(format!("waybill range {id}")))
}

async fn ranges_where(conn: &mut PgConnection, id: Option<i64>) -> Result<Vec<WaybillRangeRow>> {
    let rows = sqlx::query!(
        r#"SELECT r.id AS "id!", r.carrier, r.product, r.format, r.first_number, r.last_number, r.total, r.imported_at,
                  (SELECT COUNT(*) FROM waybills w WHERE w.range_id = r.id AND w.state = 'used') AS "used!",
                  (SELECT COUNT(*) FROM waybills w WHERE w.range_id = r.id AND w.state = 'cancelled') AS "cancelled!"
           FROM waybill_ranges r WHERE ($1::bigint IS NULL OR r.id = $1) ORDER BY r.id"#,
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
    conn: &mut PgConnection,
    waybill: Option<&str>,
    hall: Option<&str>,
    case: Option<&str>,
    limit: i64,
) -> Result<Vec<ShipmentRow>> {
    let rows = sqlx::query!(
        r#"SELECT s.id AS "id!", s.kind, s.state, fh.code AS from_code, fh.name AS from_name,
                  th.code AS "to_hall_code?", th.name AS "to_hall_name?", d.code AS "to_department_code?",
                  d.name AS "to_department_name?", s.to_address, s.receiver_name, s.receiver_phone,
                  r.carrier, r.product, w.number AS waybill, s.split_reason, s.created_at, u.display_name AS created_by
           FROM shipments s
           JOIN halls fh ON fh.id = s.from_hall_id
           LEFT JOIN halls th ON th.id = s.to_hall_id
           LEFT JOIN departments d ON d.id = s.to_department_id
           JOIN waybills w ON w.id = s.waybill_id
           JOIN waybill_ranges r ON r.id = w.range_id
           JOIN users u ON u.id = s.created_by_id
           WHERE ($1::text IS NULL OR w.number = $1) AND ($2::text IS NULL OR fh.code = $2)
             AND ($3::text IS NULL OR s.id IN (SELECT sc.shipment_id FROM shipment_cases sc JOIN cases c ON c.id = sc.case_id
                                               WHERE c.number = $3))
           ORDER BY s.id DESC LIMIT $4"#,
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
             WHERE sc.shipment_id = $1 ORDER BY c.number",
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

/// Appends with seq = max + 1: the caller holds the shipment (it created it, or locked it in
/// `move_in`), so no other transaction appends to the same shipment meanwhile.
async fn append_event(tx: &mut PgConnection, shipment_id: i64, e: &Event<'_>) -> Result<()> {
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
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM shipment_events WHERE shipment_id = $1), $2, $3, $4, $5, $6, $7, $8)",
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
async fn move_in(tx: &mut PgConnection, waybill: &str, m: &ShipmentMove) -> Result<ShipmentState> {
    if shipment_transition(m.from, m.action) != Ok(m.to) {
        return Err(StoreError::Conflict(format!("{:?} from {:?} is not a shipment move", m.action, m.from)));
    }
    // Locked until the commit: a second station moving the same envelope waits here, then reads
    // the state this move left and is refused, and the event's seq is never taken twice.
    let current = sqlx::query!(
        r#"SELECT s.id AS "id!", s.state, w.id AS "waybill_id!" FROM shipments s JOIN waybills w ON w.id = s.waybill_id
           WHERE w.number = $1 FOR UPDATE OF s"#,
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
    sqlx::query!("UPDATE shipments SET state = $1 WHERE id = $2", to, current.id)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    if m.action == ShipmentAction::Cancel {
        sqlx::query!("UPDATE waybills SET state = 'cancelled' WHERE id = $1", current.waybill_id)
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
    conn: &mut PgConnection,
    id: Option<i64>,
    hall: Option<&str>,
    waybill: Option<&str>,
) -> Result<Vec<HandoverRow>> {
    let rows = sqlx::query!(
        r#"SELECT ho.id AS "id!", h.code AS hall_code, h.name AS hall_name, ho.courier_name, ho.courier_company,
                  ho.courier_contact, ho.started_at, u.display_name AS started_by, ho.closed_at
           FROM handovers ho JOIN halls h ON h.id = ho.hall_id JOIN users u ON u.id = ho.started_by_id
           WHERE ($1::bigint IS NULL OR ho.id = $1) AND ($2::text IS NULL OR h.code = $2)
             AND ($3::text IS NULL OR ho.id IN (SELECT hi.handover_id FROM handover_items hi JOIN shipments s ON s.id = hi.shipment_id
                                                JOIN waybills w ON w.id = s.waybill_id WHERE w.number = $3))
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
             JOIN waybills w ON w.id = s.waybill_id WHERE hi.handover_id = $1 ORDER BY hi.scanned_at, w.number",
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
impl CourierStore for PgStore {
    async fn import_waybill_range(&self, range: &NewWaybillRange) -> Result<WaybillRangeRow> {
        let (Some(first), Some(last)) = (range.numbers.first(), range.numbers.last()) else {
            return Err(StoreError::InvalidReference("an empty waybill range".into()));
        };
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let by = user_id(&mut tx, &range.username).await?;
        let format = range.format.as_str();
        let total = range.numbers.len() as i64;
        let id = sqlx::query_scalar!(
            r#"INSERT INTO waybill_ranges (carrier, product, format, first_number, last_number, total, imported_at, imported_by_id)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id AS "id!""#,
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
        // All numbers in one statement: a range is thousands of them, and the server may be across
        // the city. A number already taken (by a committed range, by one being imported at the
        // same moment once it commits, or twice in this one) is skipped by the unique index, never
        // stored twice; any skipped refuses the range whole.
        let inserted = sqlx::query!(
            "INSERT INTO waybills (range_id, position, number)
             SELECT $1::bigint, t.i - 1, t.n FROM UNNEST($2::text[]) WITH ORDINALITY AS t(n, i)
             ON CONFLICT (number) DO NOTHING",
            id,
            &range.numbers
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if inserted.rows_affected() != total as u64 {
            let number = sqlx::query_scalar!(
                r#"SELECT t.n AS "n!" FROM UNNEST($2::text[]) WITH ORDINALITY AS t(n, i)
                   WHERE NOT EXISTS (SELECT 1 FROM waybills w WHERE w.range_id = $1 AND w.position = t.i - 1)
                   ORDER BY t.i LIMIT 1"#,
                id,
                &range.numbers
            )
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .unwrap_or_default();
            return Err(StoreError::Conflict(format!("waybill {number} is already in a range")));
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let by = user_id(&mut tx, &s.username).await?;
        let from = hall_id(&mut tx, &s.from_hall_code).await?;
        let (to_hall, to_department, to_address) = match &s.to {
            Destination::Hall(code) => (Some(hall_id(&mut tx, code).await?), None, None),
            Destination::Department(code) => {
                let id = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM departments WHERE code = $1"#, code)
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
            // Without a split reason the case may be in no other live envelope of this kind: the
            // case is locked so two stations packing it at once cannot both see none. With one,
            // nothing is checked and nothing waits (the foreign key only shares the row).
            let id = match s.split_reason {
                None => {
                    sqlx::query_scalar!(r#"SELECT id AS "id!" FROM cases WHERE number = $1 FOR NO KEY UPDATE"#, number)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(backend)?
                }
                Some(_) => sqlx::query_scalar!(r#"SELECT id AS "id!" FROM cases WHERE number = $1"#, number)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?,
            }
            .ok_or_else(|| StoreError::NotFound(format!("case {number}")))?;
            let live = sqlx::query_scalar!(
                r#"SELECT w.number AS "number!" FROM shipment_cases sc JOIN shipments sh ON sh.id = sc.shipment_id
                   JOIN waybills w ON w.id = sh.waybill_id
                   WHERE sc.case_id = $1 AND sh.kind = $2 AND sh.state NOT IN ('cancelled', 'returned') LIMIT 1"#,
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
        // The lowest free number, taken only if still free: the row is locked by the sub-select,
        // and numbers other stations hold locked right now are skipped, not waited for. Only the
        // waybill row is locked (`OF w`): locking its range would make every station wait.
        let waybill = sqlx::query!(
            r#"UPDATE waybills SET state = 'used'
               WHERE state = 'free' AND id = (
                   SELECT w.id FROM waybills w JOIN waybill_ranges r ON r.id = w.range_id
                   WHERE r.carrier = $1 AND r.product = $2 AND w.state = 'free'
                   ORDER BY r.id, w.position LIMIT 1 FOR UPDATE OF w SKIP LOCKED)
               RETURNING id AS "id!", number"#,
            s.carrier,
            s.product
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let Some(waybill) = waybill else {
            // None taken: exhausted, unless the free ones left are all being taken by other
            // stations at this moment (they may still roll back).
            let free = sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM waybills w JOIN waybill_ranges r ON r.id = w.range_id
                                  WHERE r.carrier = $1 AND r.product = $2 AND w.state = 'free') AS "free!""#,
                s.carrier,
                s.product
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            return Err(if free {
                StoreError::Conflict("waybill taken meanwhile".into())
            } else {
                StoreError::WaybillsExhausted { carrier: s.carrier.clone(), product: s.product.clone() }
            });
        };
        let state = ShipmentState::Packed.as_str();
        let id = sqlx::query_scalar!(
            r#"INSERT INTO shipments (kind, state, from_hall_id, to_hall_id, to_department_id, to_address, receiver_name,
                   receiver_phone, waybill_id, split_reason, created_at, created_by_id)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id AS "id!""#,
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
                "INSERT INTO shipment_cases (shipment_id, case_id, papers) VALUES ($1, $2, $3)",
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
        let row = shipments_where(&mut tx, Some(&waybill.number), None, None, 1).await?.remove(0);
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let to = move_in(&mut tx, waybill, m).await?;
        tx.commit().await.map_err(backend)?;
        Ok(to)
    }

    async fn apply_shipment_moves(
        &self,
        moves: &[(String, ShipmentMove)],
        cases: &[(String, CaseTransition)],
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let hall = hall_id(&mut tx, &h.hall_code).await?;
        let by = user_id(&mut tx, &h.username).await?;
        let id = sqlx::query_scalar!(
            r#"INSERT INTO handovers (hall_id, courier_name, courier_company, courier_contact, started_at, started_by_id)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id AS "id!""#,
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
        // Shared until the commit: a close of this handover waits for the scan (and then takes the
        // envelope along), while scans into the same handover do not wait for each other.
        let open =
            sqlx::query_scalar!(r#"SELECT closed_at IS NULL AS "open!" FROM handovers WHERE id = $1 FOR SHARE"#, id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or_else(|| StoreError::NotFound(format!("handover {id}")))?;
        if !open {
            return Err(StoreError::Conflict(format!("handover {id} is closed")));
        }
        let shipment = sqlx::query_scalar!(
            r#"SELECT s.id AS "id!" FROM shipments s JOIN waybills w ON w.id = s.waybill_id WHERE w.number = $1"#,
            waybill
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("shipment {waybill}")))?;
        // No conflict target: the envelope's unique index and the (handover, envelope) key both
        // mean "in a handover already", so even two scans of one envelope that pass the check at
        // the same instant end as a conflict here, never as a unique violation of the other index.
        let added = sqlx::query!(
            "INSERT INTO handover_items (handover_id, shipment_id, scanned_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let by = user_id(&mut tx, username).await?;
        // Conditional: of two stations closing it at once, one closes it and the other is refused.
        let closed = sqlx::query!(
            "UPDATE handovers SET closed_at = $1, closed_by_id = $2 WHERE id = $3 AND closed_at IS NULL",
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut new = Vec::new();
        for e in events {
            let status = e.status.as_str();
            // The same event imported by two stations at once: the second waits for the first on
            // the unique index and then keeps nothing, so it is new once.
            let added = sqlx::query!(
                "INSERT INTO tracking_events (waybill, at, code, status, location, signer, imported_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (waybill, at, code) DO NOTHING",
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
            r#"SELECT waybill, at, code, status, location, signer FROM tracking_events
               WHERE waybill = $1 ORDER BY at, id"#,
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
            r#"SELECT e.seq, e.at, e.action, e.from_state, e.to_state, u.display_name, h.name AS "hall_name?", e.reason
               FROM shipment_events e JOIN shipments s ON s.id = e.shipment_id JOIN waybills w ON w.id = s.waybill_id
               JOIN users u ON u.id = e.actor_id LEFT JOIN halls h ON h.id = e.hall_id
               WHERE w.number = $1 ORDER BY e.seq"#,
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
