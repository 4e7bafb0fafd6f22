//! A hall's history copied in from its SQLite file (`db copy`), by the owner. Every reference is
//! found by its natural key; what the city lacks is named, never invented (the city seeds its
//! halls, departments, windows, staff and catalog, and gives staff their login roles).
//!
//! One transaction per case: the city serves other halls while a copy runs, so no long
//! transaction holds their rows, and a copy cut off leaves whole cases only; running it again
//! goes on from there, since a case already present is left alone.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use onewindow_domain::Catalog;
use onewindow_store::history::{CaseHistory, CaseImport, CaseImported, HallHistory, MissingReference};
use onewindow_store::{CatalogStore, Result, StoreError};
use sqlx::PgConnection;

use crate::{backend, PgStore};

/// The city's rows for the natural keys a page of history names.
#[derive(Default)]
struct CityKeys {
    halls: HashMap<String, i64>,
    users: HashMap<String, i64>,
    departments: HashMap<String, i64>,
    /// (the hall's catalog version, item code) → (the city's version, its item's row).
    items: HashMap<(i64, String), (i64, i64)>,
    missing: BTreeSet<MissingReference>,
}

impl PgStore {
    /// What `history` names that the city database lacks, each once.
    pub async fn missing_for_history(&self, history: &HallHistory) -> Result<Vec<MissingReference>> {
        Ok(self.city_keys(history).await?.missing.into_iter().collect())
    }

    /// Copies each case of `history` the city does not hold yet, each in its own transaction, and
    /// says what became of every one. Refused whole (`InvalidReference`) when the city lacks
    /// anything the page names: see [`PgStore::missing_for_history`].
    pub async fn import_history(&self, history: &HallHistory) -> Result<Vec<CaseImported>> {
        let keys = self.city_keys(history).await?;
        if let Some(first) = keys.missing.first() {
            return Err(StoreError::InvalidReference(first.to_string()));
        }
        let mut outcomes = Vec::with_capacity(history.cases.len());
        for case in &history.cases {
            let mut tx = self.pool.begin().await.map_err(backend)?;
            let outcome = import_case(&mut tx, &keys, case).await?;
            if matches!(outcome, CaseImport::Copied { .. }) {
                tx.commit().await.map_err(backend)?;
            } else {
                tx.rollback().await.map_err(backend)?;
            }
            outcomes.push(CaseImported { number: case.case.number.clone(), outcome });
        }
        Ok(outcomes)
    }

    async fn city_keys(&self, history: &HallHistory) -> Result<CityKeys> {
        let mut halls = BTreeSet::new();
        let mut users = BTreeSet::new();
        let mut departments = BTreeSet::new();
        let mut windows = BTreeSet::new();
        let mut items = BTreeSet::new();
        for c in &history.cases {
            let row = &c.case;
            halls.insert(row.hall_code.clone());
            halls.extend(row.pickup_hall_code.clone());
            users.insert(row.clerk_username.clone());
            users.extend(row.claimed_by_username.clone());
            departments.insert(row.department.code.clone());
            if let Some(w) = &row.window {
                windows.insert((row.hall_code.clone(), w.clone()));
            }
            items.insert((row.catalog_version, row.service_item_code.clone()));
            for e in &c.events {
                halls.insert(e.hall_code.clone());
                users.insert(e.actor_username.clone());
                if let Some(w) = &e.window {
                    windows.insert((e.hall_code.clone(), w.clone()));
                }
            }
            users.extend(c.print_jobs.iter().map(|j| j.username.clone()));
        }
        let mut keys = CityKeys::default();
        let wanted: Vec<String> = halls.iter().cloned().collect();
        for r in sqlx::query!("SELECT id, code FROM halls WHERE code = ANY($1)", &wanted[..])
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
        {
            keys.halls.insert(r.code, r.id);
        }
        let wanted: Vec<String> = users.iter().cloned().collect();
        for r in sqlx::query!("SELECT id, username FROM users WHERE username = ANY($1)", &wanted[..])
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
        {
            keys.users.insert(r.username, r.id);
        }
        let wanted: Vec<String> = departments.iter().cloned().collect();
        for r in sqlx::query!("SELECT id, code FROM departments WHERE code = ANY($1)", &wanted[..])
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
        {
            keys.departments.insert(r.code, r.id);
        }
        keys.missing.extend(halls.into_iter().filter(|h| !keys.halls.contains_key(h)).map(MissingReference::Hall));
        keys.missing.extend(users.into_iter().filter(|u| !keys.users.contains_key(u)).map(MissingReference::User));
        keys.missing.extend(
            departments.into_iter().filter(|d| !keys.departments.contains_key(d)).map(MissingReference::Department),
        );
        let (window_halls, window_numbers): (Vec<String>, Vec<String>) = windows.iter().cloned().unzip();
        let known: BTreeSet<(String, String)> = sqlx::query!(
            r#"SELECT h.code, w.number
               FROM UNNEST($1::text[], $2::text[]) AS wanted (hall_code, number)
               JOIN halls h ON h.code = wanted.hall_code
               JOIN windows w ON w.hall_id = h.id AND w.number = wanted.number"#,
            &window_halls[..],
            &window_numbers[..]
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|r| (r.code, r.number))
        .collect();
        keys.missing.extend(
            windows
                .into_iter()
                .filter(|w| !known.contains(w))
                .map(|(hall_code, window)| MissingReference::Window { hall_code, window }),
        );
        self.match_items(history, items, &mut keys).await?;
        Ok(keys)
    }

    /// Finds, for each item a case was decided under, the city's newest catalog version that holds
    /// the item exactly as the hall's version did: the case keeps the rules it was decided by. A
    /// hall's version the city never had is not imported here, since importing makes a version the
    /// city's current one.
    async fn match_items(
        &self,
        history: &HallHistory,
        items: BTreeSet<(i64, String)>,
        keys: &mut CityKeys,
    ) -> Result<()> {
        let mut city: HashMap<i64, Catalog> = HashMap::new();
        for (version, code) in items {
            let hall_item = history.catalogs.get(&version).and_then(|c| c.item(&code));
            let candidates = sqlx::query!(
                "SELECT catalog_version_id, id FROM service_items WHERE code = $1 ORDER BY catalog_version_id DESC",
                code
            )
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
            let mut found = None;
            for candidate in candidates {
                let Some(hall_item) = hall_item else { break };
                if let Entry::Vacant(slot) = city.entry(candidate.catalog_version_id) {
                    slot.insert(self.catalog(candidate.catalog_version_id).await?);
                }
                if city[&candidate.catalog_version_id].item(&code) == Some(hall_item) {
                    found = Some((candidate.catalog_version_id, candidate.id));
                    break;
                }
            }
            match found {
                Some(city_item) => {
                    keys.items.insert((version, code), city_item);
                }
                None => {
                    keys.missing.insert(MissingReference::ServiceItem { catalog_version: version, code });
                }
            }
        }
        Ok(())
    }
}

/// The sequence a case number carries and the day it names (hall code, `YYYYMMDD`, five digits).
fn number_parts(number: &str, hall_code: &str) -> Option<(NaiveDate, i64)> {
    let rest = number.strip_prefix(hall_code)?;
    if rest.len() != 13 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day = NaiveDate::parse_from_str(&rest[..8], "%Y%m%d").ok()?;
    Some((day, rest[8..].parse().ok()?))
}

async fn import_case(tx: &mut PgConnection, keys: &CityKeys, history: &CaseHistory) -> Result<CaseImport> {
    let case = &history.case;
    let existing = sqlx::query!("SELECT chain_head FROM cases WHERE number = $1 FOR NO KEY UPDATE", case.number)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
    if let Some(existing) = existing {
        // The head is the hash of the whole chain: the same head is the same history.
        return Ok(if existing.chain_head.is_some() && existing.chain_head == history.chain_head {
            CaseImport::Present
        } else {
            CaseImport::Conflict("城市数据库中已有该编号的办件，但其记录与本厅不同，未覆盖".into())
        });
    }
    let Some(head) = history.chain_head.as_deref() else {
        return Ok(CaseImport::Conflict("本厅的办件记录未封存（没有链头），未复制".into()));
    };
    let hall = |code: &str| keys.halls.get(code).copied().ok_or_else(|| StoreError::InvalidReference(code.into()));
    let user = |name: &str| keys.users.get(name).copied().ok_or_else(|| StoreError::InvalidReference(name.into()));
    let hall_id = hall(&case.hall_code)?;
    let (catalog_version_id, item_id) = keys
        .items
        .get(&(case.catalog_version, case.service_item_code.clone()))
        .copied()
        .ok_or_else(|| StoreError::InvalidReference(case.service_item_code.clone()))?;
    let department_id = keys
        .departments
        .get(&case.department.code)
        .copied()
        .ok_or_else(|| StoreError::InvalidReference(case.department.code.clone()))?;
    let pickup_hall_id = case.pickup_hall_code.as_deref().map(hall).transpose()?;
    let clerk_id = user(&case.clerk_username)?;
    let claimed_by_id = case.claimed_by_username.as_deref().map(user).transpose()?;

    // The city numbers the hall's next cases after the copied ones: its day's sequence is
    // raised, never lowered, under the lock intakes of the hall take their numbers by.
    if let Some((day, sequence)) = number_parts(&case.number, &case.hall_code) {
        sqlx::query!("SELECT pg_advisory_xact_lock($1)", hall_id).execute(&mut *tx).await.map_err(backend)?;
        sqlx::query!(
            "INSERT INTO case_number_sequences AS s (hall_id, day, last) VALUES ($1, $2, $3)
                 ON CONFLICT (hall_id, day) DO UPDATE SET last = GREATEST(s.last, excluded.last)",
            hall_id,
            day,
            sequence
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }

    // The applicant the city knows by the same ID keeps the name and phone the city has: those
    // may be newer than the hall's.
    let kind = case.applicant_kind.as_str();
    let id_kind = case.applicant_id_kind.cli_name();
    sqlx::query!(
        "INSERT INTO applicants (kind, name, id_kind, id_number, phone) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id_kind, id_number) DO NOTHING",
        kind,
        case.applicant_name,
        id_kind,
        case.applicant_id_number,
        case.applicant_phone
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    let applicant_id = sqlx::query_scalar!(
        "SELECT id FROM applicants WHERE id_kind = $1 AND id_number = $2",
        id_kind,
        case.applicant_id_number
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;

    let agent_id_kind = case.agent_id_kind.map(|k| k.cli_name());
    let state = case.state.as_str();
    let delivery = case.delivery.as_str();
    let extension_days = i64::from(case.extension_days);
    let case_id = sqlx::query_scalar!(
        "INSERT INTO cases (number, verification_code, catalog_version_id, service_item_id, department_id,
                 applicant_id, agent_name, agent_id_kind, agent_id_number, hall_id, window_number, clerk_id,
                 state, delivery, pickup_hall_id, delivery_address, created_at, accepted_at, due_date,
                 shortfall_supplement_due, statutory_due, correction_due, extension_days, shortfall_broken_on,
                 claimed_by_id, chain_head, bundle_code)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                     $21, $22, $23, $24, $25, $26, $27)
             RETURNING id",
        case.number,
        case.verification_code,
        catalog_version_id,
        item_id,
        department_id,
        applicant_id,
        case.agent_name,
        agent_id_kind,
        case.agent_id_number,
        hall_id,
        case.window,
        clerk_id,
        state,
        delivery,
        pickup_hall_id,
        case.delivery_address,
        case.created_at,
        case.accepted_at,
        case.due_date,
        case.shortfall_supplement_due,
        case.statutory_due,
        case.correction_due,
        extension_days,
        case.shortfall_broken_on,
        claimed_by_id,
        head,
        case.bundle_code
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    // After the insert: a bundle's lead names itself.
    if let Some(lead) = &case.bundle_lead {
        sqlx::query!(
            "UPDATE cases SET bundle_lead_id = (SELECT id FROM cases WHERE number = $2) WHERE id = $1",
            case_id,
            lead
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }

    for m in &history.materials {
        sqlx::query!(
            "INSERT INTO case_materials (case_id, material_code, form, copies, pages) VALUES ($1, $2, $3, $4, $5)",
            case_id,
            m.material_code,
            m.form,
            m.copies,
            m.pages
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    for f in &history.findings {
        sqlx::query!(
            "INSERT INTO case_findings (case_id, position, material_code, material_name, finding, rule, message)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            case_id,
            f.position,
            f.material_code,
            f.material_name,
            f.finding,
            f.rule,
            f.message
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    // Each event as the hall stored it, hash and all: the chain hashes natural keys only (case
    // number, username, hall code), so it verifies here unchanged.
    for e in &history.events {
        let Some(hash) = e.hash.as_deref() else {
            return Ok(CaseImport::Conflict(format!("本厅第{}条记录未封存，未复制", e.seq)));
        };
        let action = e.action.map_or("create", |a| a.as_str());
        let from_state = e.from_state.map(|s| s.as_str());
        let to_state = e.to_state.as_str();
        sqlx::query!(
            "INSERT INTO case_events (case_id, seq, at, action, from_state, to_state, actor_id, hall_id,
                     window_number, reason, detail, hash)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            case_id,
            e.seq,
            e.at,
            action,
            from_state,
            to_state,
            user(&e.actor_username)?,
            hall(&e.hall_code)?,
            e.window,
            e.reason,
            e.detail,
            hash
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    let mut new_scans = 0;
    for s in &history.scans {
        let scan = &s.scan;
        let inserted = sqlx::query_scalar!(
            "INSERT INTO scans (sha256, media_type, pages, bytes, original_name, source_key, received_at, cover_for)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (sha256) DO NOTHING RETURNING id",
            scan.sha256,
            scan.media_type,
            scan.pages,
            scan.bytes,
            scan.original_name,
            scan.source_key,
            scan.received_at,
            scan.cover_for
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let scan_id = match inserted {
            Some(id) => {
                new_scans += 1;
                id
            }
            None => sqlx::query_scalar!("SELECT id FROM scans WHERE sha256 = $1", scan.sha256)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?,
        };
        sqlx::query!(
            "INSERT INTO case_scans (case_id, scan_id, material_code, position, rotation) VALUES ($1, $2, $3, $4, $5)",
            case_id,
            scan_id,
            s.material_code,
            s.position,
            s.rotation
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    // A label's link to its envelope is not kept: shipments are not part of the copy.
    for j in &history.print_jobs {
        sqlx::query!(
            "INSERT INTO print_jobs (case_id, document_kind, profile, queue, cups_job, state, error, reprint,
                     user_id, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            case_id,
            j.document_kind,
            j.profile,
            j.queue,
            j.cups_job,
            j.state,
            j.error,
            j.reprint,
            user(&j.username)?,
            j.created_at,
            j.updated_at
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    Ok(CaseImport::Copied { new_scans })
}
