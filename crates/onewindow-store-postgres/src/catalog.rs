//! The catalog: every version stored whole, read back as imported.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use onewindow_domain::{
    AppliesTo, Bundle, Catalog, DeliveryMethod, Department, Eligibility, Guide, ItemLevel, Material, MaterialForm,
    ServiceItem, ShortfallPolicy, ShortfallRules,
};
use onewindow_store::{CatalogStore, Result, StoreError};

use crate::{backend, corrupt, parse, PgStore};

impl PgStore {
    /// The materials of every item of `version`, by item, each item's in order: one query for the
    /// whole version rather than one per item, each a round trip to the server.
    async fn materials_of(&self, version: i64) -> Result<HashMap<i64, Vec<Material>>> {
        let rows = sqlx::query!(
            "SELECT m.service_item_id, m.code, m.name, m.form, m.copies, m.pages, m.policy, m.supplement_days,
                    m.e_certificate, m.applies_to, m.note
             FROM materials m JOIN service_items i ON i.id = m.service_item_id
             WHERE i.catalog_version_id = $1 ORDER BY m.service_item_id, m.position",
            version
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut materials: HashMap<i64, Vec<Material>> = HashMap::new();
        for m in rows {
            materials.entry(m.service_item_id).or_default().push(Material {
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
            });
        }
        Ok(materials)
    }
}

/// The materials of a whole import, column by column, for one multi-row insert: they are most
/// of a catalog's rows, and one statement per material would be one round trip each.
#[derive(Default)]
struct MaterialColumns<'a> {
    item_id: Vec<i64>,
    position: Vec<i64>,
    code: Vec<&'a str>,
    name: Vec<&'a str>,
    form: Vec<&'static str>,
    copies: Vec<i64>,
    pages: Vec<i64>,
    policy: Vec<&'static str>,
    supplement_days: Vec<Option<i64>>,
    e_certificate: Vec<Option<&'a str>>,
    applies_to: Vec<&'static str>,
    note: Vec<&'a str>,
}

impl<'a> MaterialColumns<'a> {
    fn push(&mut self, item_id: i64, position: usize, m: &'a Material) {
        self.item_id.push(item_id);
        self.position.push(position as i64);
        self.code.push(&m.code);
        self.name.push(&m.name);
        self.form.push(m.form.as_str());
        self.copies.push(i64::from(m.copies));
        self.pages.push(i64::from(m.pages));
        self.policy.push(m.policy.as_str());
        self.supplement_days.push(m.supplement_days.map(i64::from));
        self.e_certificate.push(m.e_certificate.as_deref());
        self.applies_to.push(m.applies_to.as_str());
        self.note.push(&m.note);
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
impl CatalogStore for PgStore {
    async fn import_catalog(&self, catalog: &Catalog, source: &str, at: DateTime<Utc>) -> Result<i64> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let version = sqlx::query_scalar!(
            r#"INSERT INTO catalog_versions (imported_at, source) VALUES ($1, $2) RETURNING id AS "id!""#,
            at,
            source
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        // A department's id never changes once it has one, so each code is looked up at most once
        // per import: the catalog's own departments are known from their upsert.
        let mut department_ids: HashMap<&str, i64> = HashMap::new();
        for (position, d) in catalog.departments.iter().enumerate() {
            let position = position as i64;
            let department_id = sqlx::query_scalar!(
                r#"INSERT INTO departments (code, name, area) VALUES ($1, $2, $3)
                   ON CONFLICT (code) DO UPDATE SET name = excluded.name, area = excluded.area
                   RETURNING id AS "id!""#,
                d.code,
                d.name,
                d.area
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            department_ids.insert(&d.code, department_id);
            sqlx::query!(
                "INSERT INTO catalog_departments
                     (catalog_version_id, department_id, position, name, area, review_authority, court)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
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
        let mut materials = MaterialColumns::default();
        for item in &catalog.items {
            let department_id = match department_ids.get(item.department_code.as_str()) {
                Some(id) => *id,
                None => {
                    let id = sqlx::query_scalar!(
                        r#"SELECT id AS "id!" FROM departments WHERE code = $1"#,
                        item.department_code
                    )
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?
                    .ok_or_else(|| StoreError::InvalidReference(format!("department {}", item.department_code)))?;
                    department_ids.insert(&item.department_code, id);
                    id
                }
            };
            let level = item.level.as_str();
            let applicants = item.applicants.as_str();
            let delivery = join_delivery(&item.delivery);
            let keywords = terms_json(&item.keywords);
            let results = terms_json(&item.results);
            let review = serde_json::to_string(&item.review).expect("review rules serialise");
            let followup = serde_json::to_string(&item.followup).expect("follow-up rules serialise");
            // One item at a time, in the catalog's order: its id is that order when it is read back.
            let item_id = sqlx::query_scalar!(
                r#"INSERT INTO service_items (catalog_version_id, code, name, department_id, level, kind,
                       statutory_days, promised_days, on_the_spot, fee, delivery, citywide,
                       commitment_approval, applicants, max_missing, commitment_required,
                       dishonest_excluded, guide_conditions, guide_basis, guide_process, guide_faq,
                       keywords, results, review, followup)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                           $21, $22, $23, $24, $25)
                   RETURNING id AS "id!""#,
                version,
                item.code,
                item.name,
                department_id,
                level,
                item.kind,
                i64::from(item.statutory_days),
                i64::from(item.promised_days),
                item.on_the_spot,
                item.fee,
                delivery,
                item.citywide,
                item.commitment_approval,
                applicants,
                i64::from(item.shortfall.max_missing),
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
                materials.push(item_id, position, m);
            }
        }
        sqlx::query!(
            "INSERT INTO materials (service_item_id, position, code, name, form, copies, pages,
                 policy, supplement_days, e_certificate, applies_to, note)
             SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[],
                                  $7::bigint[], $8::text[], $9::bigint[], $10::text[], $11::text[], $12::text[])",
            &materials.item_id,
            &materials.position,
            &materials.code as &[&str],
            &materials.name as &[&str],
            &materials.form as &[&str],
            &materials.copies,
            &materials.pages,
            &materials.policy as &[&str],
            &materials.supplement_days as &[Option<i64>],
            &materials.e_certificate as &[Option<&str>],
            &materials.applies_to as &[&str],
            &materials.note as &[&str]
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        for b in &catalog.bundles {
            let bundle_id = sqlx::query_scalar!(
                r#"INSERT INTO bundles (catalog_version_id, code, name, description) VALUES ($1, $2, $3, $4)
                   RETURNING id AS "id!""#,
                version,
                b.code,
                b.name,
                b.description
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            sqlx::query!(
                "INSERT INTO bundle_items (bundle_id, position, service_item_code)
                 SELECT $1, t.position - 1, t.code FROM UNNEST($2::text[]) WITH ORDINALITY AS t (code, position)",
                bundle_id,
                &b.item_codes
            )
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(version)
    }

    async fn current_catalog_version(&self) -> Result<Option<i64>> {
        sqlx::query_scalar!(r#"SELECT MAX(id) AS "id" FROM catalog_versions"#)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn department(&self, code: &str) -> Result<Option<Department>> {
        // As the newest catalog version that lists it describes it.
        sqlx::query_as!(
            Department,
            r#"SELECT d.code, COALESCE(cd.name, d.name) AS "name!", COALESCE(cd.area, d.area) AS "area!",
                      COALESCE(cd.review_authority, '') AS "review_authority!", COALESCE(cd.court, '') AS "court!"
               FROM departments d
               LEFT JOIN catalog_departments cd ON cd.department_id = d.id
                   AND cd.catalog_version_id = (SELECT MAX(catalog_version_id) FROM catalog_departments
                                                WHERE department_id = d.id)
               WHERE d.code = $1"#,
            code
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)
    }

    async fn catalog(&self, version: i64) -> Result<Catalog> {
        // Several statements, no transaction: a version is visible only once its import has
        // committed it whole, and nothing changes it after.
        let exists = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM catalog_versions WHERE id = $1"#, version)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("catalog version {version}")));
        }
        let departments = sqlx::query!(
            "SELECT d.code, cd.name, cd.area, cd.review_authority, cd.court FROM catalog_departments cd
             JOIN departments d ON d.id = cd.department_id
             WHERE cd.catalog_version_id = $1 ORDER BY cd.position",
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
            r#"SELECT i.id, i.code, i.name, d.code AS department_code, i.level, i.kind,
                      i.statutory_days, i.promised_days, i.on_the_spot, i.fee,
                      i.delivery, i.citywide, i.commitment_approval, i.applicants,
                      i.max_missing, i.commitment_required, i.dishonest_excluded,
                      i.guide_conditions, i.guide_basis, i.guide_process, i.guide_faq, i.keywords, i.results,
                      i.review, i.followup
               FROM service_items i JOIN departments d ON d.id = i.department_id
               WHERE i.catalog_version_id = $1 ORDER BY i.id"#,
            version
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut materials = self.materials_of(version).await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            items.push(ServiceItem {
                materials: materials.remove(&r.id).unwrap_or_default(),
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
               WHERE b.catalog_version_id = $1 ORDER BY b.id, bi.position"#,
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
