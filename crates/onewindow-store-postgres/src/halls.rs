//! The hall network and its people.

use onewindow_domain::org::DEFAULT_IDLE_LOCK_MINUTES;
use onewindow_domain::signin::{AttemptKind, AttemptOutcome};
use onewindow_domain::{Hall, HallLevel, Role, User};
use onewindow_store::{AttemptRow, HallStore, NewAttempt, Result, StaffMember, StoreError};

use crate::{backend, parse, PgStore};

impl PgStore {
    /// Every hall, or the one with `code`.
    async fn select_halls(&self, code: Option<&str>) -> Result<Vec<Hall>> {
        let rows = sqlx::query!(
            r#"SELECT h.code, h.name, h.level, h.area, h.address, h.phone, h.uncollected_days, h.idle_lock_minutes,
                      (SELECT string_agg(w.number, ',' ORDER BY w.number) FROM windows w WHERE w.hall_id = h.id)
                          AS "windows"
               FROM halls h WHERE ($1::text IS NULL OR h.code = $1) ORDER BY h.code"#,
            code
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
                    uncollected_days: u32::try_from(r.uncollected_days).unwrap_or(0),
                    idle_lock_minutes: u32::try_from(r.idle_lock_minutes).unwrap_or(DEFAULT_IDLE_LOCK_MINUTES),
                })
            })
            .collect()
    }
}

#[async_trait::async_trait]
impl HallStore for PgStore {
    async fn save_halls(&self, halls: &[Hall]) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        for hall in halls {
            let level = hall.level.as_str();
            let hall_id = sqlx::query_scalar!(
                r#"INSERT INTO halls (code, name, level, area, address, phone, uncollected_days, idle_lock_minutes)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                   ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,
                       area = excluded.area, address = excluded.address, phone = excluded.phone,
                       uncollected_days = excluded.uncollected_days, idle_lock_minutes = excluded.idle_lock_minutes
                   RETURNING id AS "id!""#,
                hall.code,
                hall.name,
                level,
                hall.area,
                hall.address,
                hall.phone,
                i64::from(hall.uncollected_days),
                i64::from(hall.idle_lock_minutes)
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            for window in &hall.windows {
                sqlx::query!(
                    "INSERT INTO windows (hall_id, number) VALUES ($1, $2) ON CONFLICT DO NOTHING",
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
        self.select_halls(None).await
    }

    async fn hall(&self, code: &str) -> Result<Option<Hall>> {
        Ok(self.select_halls(Some(code)).await?.pop())
    }

    async fn save_user(&self, user: &User, password_hash: &str) -> Result<()> {
        // The look-ups lock nothing: halls, windows and departments are never deleted and their
        // codes never change, so what they found still holds when the user is written.
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let hall_id = match &user.hall_code {
            Some(code) => Some(
                sqlx::query_scalar!(r#"SELECT id AS "id!" FROM halls WHERE code = $1"#, code)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?
                    .ok_or_else(|| StoreError::InvalidReference(format!("hall {code}")))?,
            ),
            None => None,
        };
        if let (Some(hall_id), Some(window)) = (hall_id, &user.window) {
            sqlx::query_scalar!(
                r#"SELECT id AS "id!" FROM windows WHERE hall_id = $1 AND number = $2"#,
                hall_id,
                window
            )
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::InvalidReference(format!("window {window}")))?;
        }
        let department_id = match &user.department_code {
            Some(code) => Some(
                sqlx::query_scalar!(r#"SELECT id AS "id!" FROM departments WHERE code = $1"#, code)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?
                    .ok_or_else(|| StoreError::InvalidReference(format!("department {code}")))?,
            ),
            None => None,
        };
        let role = user.role.as_str();
        // `active` is left as it is: saving a user again never revives one switched off. An
        // update, else an insert, not an upsert: an admin signed in as their own role may not read
        // the password hashes an upsert's conflict clause reads (migration 0002).
        let updated = sqlx::query!(
            "UPDATE users SET display_name = $2, role = $3, password_hash = $4, hall_id = $5, window_number = $6,
                 department_id = $7
             WHERE username = $1",
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
        .map_err(backend)?
        .rows_affected();
        if updated == 0 {
            sqlx::query!(
                "INSERT INTO users (username, display_name, role, password_hash, hall_id, window_number, department_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
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
        }
        tx.commit().await.map_err(backend)
    }

    async fn user_credentials(&self, username: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query!(
            r#"SELECT u.username, u.display_name, u.role, u.password_hash, h.code AS "hall_code?",
                      u.window_number, d.code AS "department_code?"
               FROM users u
               LEFT JOIN halls h ON h.id = u.hall_id
               LEFT JOIN departments d ON d.id = u.department_id
               WHERE u.username = $1 AND u.active"#,
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

    /// Without the password hash: a member of staff signed in as their own login role may not
    /// read hashes (migration 0002), and needs only who someone is.
    async fn user(&self, username: &str) -> Result<Option<User>> {
        let row = sqlx::query!(
            r#"SELECT u.username, u.display_name, u.role, h.code AS "hall_code?", u.window_number,
                      d.code AS "department_code?"
               FROM users u
               LEFT JOIN halls h ON h.id = u.hall_id
               LEFT JOIN departments d ON d.id = u.department_id
               WHERE u.username = $1 AND u.active"#,
            username
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|r| {
            Ok(User {
                username: r.username,
                display_name: r.display_name,
                role: parse("role", &r.role, Role::parse)?,
                hall_code: r.hall_code,
                window: r.window_number,
                department_code: r.department_code,
            })
        })
        .transpose()
    }

    async fn staff(&self) -> Result<Vec<StaffMember>> {
        let rows = sqlx::query!(
            r#"SELECT u.username, u.display_name, u.role, h.code AS "hall_code?", u.window_number,
                      d.code AS "department_code?", u.active AS "active!"
               FROM users u
               LEFT JOIN halls h ON h.id = u.hall_id
               LEFT JOIN departments d ON d.id = u.department_id
               WHERE u.username <> 'system'
               ORDER BY h.code NULLS LAST, d.code NULLS LAST, u.username"#
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                let user = User {
                    username: r.username,
                    display_name: r.display_name,
                    role: parse("role", &r.role, Role::parse)?,
                    hall_code: r.hall_code,
                    window: r.window_number,
                    department_code: r.department_code,
                };
                Ok(StaffMember { user, active: r.active })
            })
            .collect()
    }

    async fn department_reviewers(&self, department_code: &str) -> Result<Vec<User>> {
        let rows = sqlx::query!(
            r#"SELECT u.username, u.display_name, u.role, u.window_number
               FROM users u JOIN departments d ON d.id = u.department_id
               WHERE d.code = $1 AND u.active AND u.role IN ('reviewer', 'department_lead')
               ORDER BY u.display_name, u.username"#,
            department_code
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(User {
                    username: r.username,
                    display_name: r.display_name,
                    role: parse("role", &r.role, Role::parse)?,
                    hall_code: None,
                    window: r.window_number,
                    department_code: Some(department_code.to_string()),
                })
            })
            .collect()
    }

    async fn record_attempt(&self, attempt: &NewAttempt) -> Result<()> {
        insert_attempt(&self.pool, attempt).await
    }

    async fn attempts_since_reset(&self, username: &str) -> Result<Vec<AttemptRow>> {
        let rows = sqlx::query!(
            // Through the function a station's role may call too (migration 0009).
            r#"SELECT kind AS "kind!", outcome AS "outcome!", station AS "station!", by_username, at AS "at!"
               FROM onewindow_attempts_since_reset($1)"#,
            username
        )
        .fetch_all(&self.pool)
        .await
        .map_err(crate::refused)?;
        rows.into_iter()
            .map(|r| {
                Ok(AttemptRow {
                    kind: parse("attempt kind", &r.kind, AttemptKind::parse)?,
                    outcome: parse("attempt outcome", &r.outcome, AttemptOutcome::parse)?,
                    station: r.station,
                    by_username: r.by_username,
                    at: r.at,
                })
            })
            .collect()
    }

    async fn reset_password(
        &self,
        username: &str,
        password: &str,
        password_hash: &str,
        lifted: &NewAttempt,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let changed = sqlx::query!(
            "UPDATE users SET password_hash = $1 WHERE username = $2 AND username <> 'system'",
            password_hash,
            username
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?
        .rows_affected();
        if changed == 0 {
            return Ok(false);
        }
        // The sign-in the server checks: the user's own login role (made if it is the first).
        sqlx::query!("SELECT onewindow_set_login($1, $2)", username, password)
            .execute(&mut *tx)
            .await
            .map_err(crate::refused)?;
        insert_attempt(&mut *tx, lifted).await?;
        tx.commit().await.map_err(backend)?;
        Ok(true)
    }

    async fn disable_user(&self, username: &str) -> Result<bool> {
        let known = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM users WHERE username = $1 AND username <> 'system') AS "known!""#,
            username
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        if known {
            sqlx::query!("SELECT onewindow_disable_login($1)", username)
                .execute(&self.pool)
                .await
                .map_err(crate::refused)?;
        }
        Ok(known)
    }
}

async fn insert_attempt<'e>(executor: impl sqlx::PgExecutor<'e>, attempt: &NewAttempt) -> Result<()> {
    let kind = attempt.kind.as_str();
    let outcome = attempt.outcome.as_str();
    sqlx::query!(
        "INSERT INTO sign_in_attempts (username, kind, outcome, station, by_username, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        attempt.username,
        kind,
        outcome,
        attempt.station,
        attempt.by_username,
        attempt.at
    )
    .execute(executor)
    .await
    .map_err(backend)?;
    Ok(())
}
