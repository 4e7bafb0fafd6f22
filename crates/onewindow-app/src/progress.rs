//! Progress look-up at any window (过程追溯): a clerk scans the applicant's receipt and sees the
//! case as the applicant may see it. A number without its verification code shows nothing
//! personal; every look-up is logged with who looked and where.

use onewindow_domain::ReceivedMaterial;
use onewindow_domain::{CaseState, DeliveryMethod, EventDetail, User};
use onewindow_store::{CaseEventRow, CaseFindingRow, CaseRow, ProgressLookup};

use crate::followup::{still_missing, to_come};
use crate::review::case_reference;
use crate::views::{ProgressMissing, ProgressStep, ProgressView};
use crate::{App, AppError, Result};

/// A name as a stranger at the window may see it: the first character, the rest starred.
fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

/// The start of an address (province, city, district), the street and number starred.
fn mask_address(address: &str) -> String {
    let kept: String = address.chars().take(9).collect();
    if address.chars().count() > 9 {
        format!("{kept}****")
    } else {
        kept
    }
}

/// What the applicant still has to bring, and by when: tolerated materials not yet in, and an
/// open correction's papers. From what the caller already read of the case.
pub(crate) fn outstanding(
    row: &CaseRow,
    events: &[CaseEventRow],
    findings: &[CaseFindingRow],
    received: &[ReceivedMaterial],
) -> Vec<ProgressMissing> {
    let mut missing: Vec<ProgressMissing> = Vec::new();
    if row.shortfall_supplement_due.is_some() {
        missing.extend(still_missing(findings, received).into_iter().map(to_come));
    }
    if row.state == CaseState::CorrectionRequested {
        let asked = events.iter().rev().find_map(|e| match &e.detail {
            Some(EventDetail::CorrectionRequest { items, .. }) => Some(items.clone()),
            _ => None,
        });
        for item in asked.unwrap_or_default() {
            missing.push(ProgressMissing {
                name: item.name,
                until: row.correction_due.map(|d| d.to_string()),
                why: "补正".into(),
            });
        }
    }
    missing
}

impl App {
    /// Opens the case to the signed-in user with the code from its receipt or notice, where one
    /// was scanned: in the city database a case of another hall is hidden until then. What a wrong
    /// code means is the caller's to say, from the case it then reads (or does not).
    pub(crate) async fn open_with_code(&self, number: &str, code: Option<&str>) -> Result<()> {
        if let Some(code) = code.filter(|c| !c.is_empty()) {
            // Codes are printed in upper case; a clerk may type them in lower.
            self.store.open_case_with_code(number, &code.to_ascii_uppercase()).await?;
        }
        Ok(())
    }

    /// The progress of the case `reference` names (its number, or the receipt's QR text
    /// `OW:number:code`), looked up by `user`, and logged.
    pub async fn progress(&self, user: &User, reference: &str) -> Result<ProgressView> {
        let (number, code) = case_reference(reference)?;
        self.open_with_code(&number, code.as_deref()).await?;
        let row = self
            .store
            .case(&number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        let verified = match code {
            Some(code) if code.eq_ignore_ascii_case(&row.verification_code) => true,
            Some(_) => return Err(AppError::invalid("case", "二维码的查询码与办件不符，请核对回执")),
            None => false,
        };
        self.store
            .record_progress_lookup(&ProgressLookup {
                case_number: number.clone(),
                username: user.username.clone(),
                hall_code: user.hall_code.clone(),
                verified,
                at: self.now(),
            })
            .await?;
        let events = self.store.case_events(&number).await?;
        let findings = self.store.case_findings(&number).await?;
        let received = self.store.case_materials(&number).await?;
        let missing = outstanding(&row, &events, &findings, &received);
        let delivery = verified.then(|| match row.delivery {
            DeliveryMethod::Window => {
                format!("窗口领取：{}", row.pickup_hall_name.clone().unwrap_or_else(|| row.hall_name.clone()))
            }
            DeliveryMethod::Post => {
                format!("邮政寄递：{}", mask_address(row.delivery_address.as_deref().unwrap_or_default()))
            }
        });
        Ok(ProgressView {
            number: row.number.clone(),
            verified,
            service_item_name: row.service_item_name.clone(),
            department: row.department.name.clone(),
            state: row.state,
            steps: events
                .into_iter()
                .map(|e| ProgressStep {
                    at: e.at.to_rfc3339(),
                    action: e.action,
                    to_state: e.to_state,
                    hall: e.hall_name,
                })
                .collect(),
            due_date: row.due_date.map(|d| d.to_string()),
            paused: row.state.pauses_time_limit(),
            missing,
            applicant_masked: verified.then(|| mask_name(&row.applicant_name)),
            delivery,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_addresses_are_masked_for_the_window() {
        assert_eq!(mask_name("陈小明"), "陈**");
        assert_eq!(mask_name("阿依古丽·买买提"), "阿*******");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_address("广东省江门市新会区会城今古洲路88号"), "广东省江门市新会区****");
        assert_eq!(mask_address("江门市"), "江门市");
    }
}
