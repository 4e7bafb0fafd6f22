//! The catalog: every version stored whole, read back as imported.

use chrono::{DateTime, Utc};
use onewindow_domain::{
    AppliesTo, Bundle, Catalog, DeliveryMethod, Department, Eligibility, Guide, ItemLevel, Material, MaterialForm,
    ServiceItem, ShortfallPolicy, ShortfallRules,
};
use onewindow_store::{CatalogStore, Result, StoreError};

use crate::{backend, corrupt, parse, SqliteStore};

impl SqliteStore {
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

/// A list of words as the JSON array the column holds.
fn terms_json(terms: &[String]) -> String {
    serde_json::to_string(terms).expect("strings serialise")
}

fn parse_terms(json: &str) -> Result<Vec<String>> {
    serde_json::from_str(json).map_err(|_| corrupt("term list", json))
}

fn join_delivery(methods: &[DeliveryMethod]) -> String {
    methods.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(",")
}

fn split_delivery(text: &str) -> Result<Vec<DeliveryMethod>> {
    text.split(',').filter(|s| !s.is_empty()).map(|s| parse("delivery", s, DeliveryMethod::parse)).collect()
}

#[async_trait::async_trait]
impl CatalogStore for SqliteStore {
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
                "INSERT INTO catalog_departments
                     (catalog_version_id, department_id, position, name, area, review_authority, court)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
                version,
                department_id,
                position,
                d.name,
                d.area,
                d.review_authority,
                d.court
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
            let keywords = terms_json(&item.keywords);
            let results = terms_json(&item.results);
            let review = serde_json::to_string(&item.review).expect("review rules serialise");
            let followup = serde_json::to_string(&item.followup).expect("follow-up rules serialise");
            let item_id = sqlx::query_scalar!(
                "INSERT INTO service_items (catalog_version_id, code, name, department_id, level, kind,
                     statutory_days, promised_days, on_the_spot, fee, delivery, citywide,
                     commitment_approval, applicants, max_missing, commitment_required,
                     dishonest_excluded, guide_conditions, guide_basis, guide_process, guide_faq,
                     keywords, results, review, followup)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                item.guide.faq,
                keywords,
                results,
                review,
                followup
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
        // As the newest catalog version that lists it describes it.
        sqlx::query_as!(
            Department,
            r#"SELECT d.code, COALESCE(cd.name, d.name) AS "name!: String", COALESCE(cd.area, d.area) AS "area!: String",
                      COALESCE(cd.review_authority, '') AS "review_authority!: String", COALESCE(cd.court, '') AS "court!: String"
               FROM departments d
               LEFT JOIN catalog_departments cd ON cd.department_id = d.id
                   AND cd.catalog_version_id = (SELECT MAX(catalog_version_id) FROM catalog_departments
                                                WHERE department_id = d.id)
               WHERE d.code = ?"#,
            code
        )
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
            "SELECT d.code, cd.name, cd.area, cd.review_authority, cd.court FROM catalog_departments cd
             JOIN departments d ON d.id = cd.department_id
             WHERE cd.catalog_version_id = ? ORDER BY cd.position",
            version
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|r| Department {
            code: r.code,
            name: r.name,
            area: r.area,
            review_authority: r.review_authority,
            court: r.court,
        })
        .collect();
        let rows = sqlx::query!(
            r#"SELECT i.id AS "id!", i.code, i.name, d.code AS department_code, i.level, i.kind,
                      i.statutory_days, i.promised_days, i.on_the_spot AS "on_the_spot: bool", i.fee,
                      i.delivery, i.citywide AS "citywide: bool",
                      i.commitment_approval AS "commitment_approval: bool", i.applicants,
                      i.max_missing, i.commitment_required AS "commitment_required: bool",
                      i.dishonest_excluded AS "dishonest_excluded: bool",
                      i.guide_conditions, i.guide_basis, i.guide_process, i.guide_faq, i.keywords, i.results,
                      i.review, i.followup
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
                keywords: parse_terms(&r.keywords)?,
                results: parse_terms(&r.results)?,
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
                review: serde_json::from_str(&r.review).map_err(|_| corrupt("review rules", &r.review))?,
                followup: serde_json::from_str(&r.followup).map_err(|_| corrupt("follow-up rules", &r.followup))?,
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
}
