//! The courier desk: the carriers' waybill ranges, what is to be packed at a hall (paper originals
//! for departments in other districts, results to mail), shipments with their real waybill
//! numbers, and cancelling one. Labels and the 交接清单 print from shipments (`printing.rs`).

use std::collections::BTreeMap;

use onewindow_domain::courier::{
    expand_range, low_water_mark, shipment_transition, validate_waybill, ShipmentAction, ShipmentKind, ShipmentState,
};
use onewindow_domain::{CaseState, DeliveryMethod, MaterialForm, Role, User};
use onewindow_store::{CaseRow, Destination, NewShipment, NewWaybillRange, ShipmentMove, ShipmentRow};

use crate::followup::release_blocker;
use crate::views::{
    DispatchGroupView, DispatchItemView, DispatchWorkView, ShipmentRequest, ShipmentView, WaybillRangeImport,
    WaybillRangeView,
};
use crate::{case_summary, App, AppError, Result};

/// The carrier the demo and a new station use until the admin names another.
pub const DEFAULT_CARRIER: &str = "中国邮政 EMS";

fn range_view(r: &onewindow_store::WaybillRangeRow, low: bool) -> WaybillRangeView {
    WaybillRangeView {
        id: r.id,
        carrier: r.carrier.clone(),
        product: r.product.clone(),
        format: r.format,
        first: r.first.clone(),
        last: r.last.clone(),
        total: r.total,
        used: r.used,
        cancelled: r.cancelled,
        free: r.free(),
        low,
        imported_at: r.imported_at.to_rfc3339(),
    }
}

pub(crate) fn shipment_view(s: &ShipmentRow) -> ShipmentView {
    ShipmentView {
        waybill: s.waybill.clone(),
        kind: s.kind,
        state: s.state,
        from_hall: s.from_hall_name.clone(),
        destination: s.to_name.clone(),
        receiver_name: s.receiver_name.clone(),
        carrier: s.carrier.clone(),
        product: s.product.clone(),
        cases: s.cases.iter().map(|(n, _)| n.clone()).collect(),
        papers: s.cases.iter().map(|(n, p)| (n.clone(), p.clone())).collect(),
        split_reason: s.split_reason.clone(),
        created_at: s.created_at.to_rfc3339(),
        created_by: s.created_by.clone(),
    }
}

fn live(s: &ShipmentRow) -> bool {
    !matches!(s.state, ShipmentState::Cancelled | ShipmentState::Returned)
}

/// The dispatcher's hall: only a dispatcher packs, at their own hall.
fn dispatch_hall(user: &User) -> Result<String> {
    match (user.role, &user.hall_code) {
        (Role::Dispatcher, Some(hall)) => Ok(hall.clone()),
        _ => Err(AppError::Forbidden("只有寄递调度员可以封装和寄递邮件".into())),
    }
}

impl App {
    /// Imports a carrier's range (号段): every number checked (the S10 check digit), all or none.
    pub async fn import_waybill_range(&self, user: &User, request: &WaybillRangeImport) -> Result<WaybillRangeView> {
        if user.role != Role::Admin {
            return Err(AppError::Forbidden("只有系统管理员可以导入运单号段".into()));
        }
        let carrier = request.carrier.trim();
        let product = request.product.trim();
        if carrier.is_empty() {
            return Err(AppError::invalid("carrier", "请填写承运商"));
        }
        if product.is_empty() {
            return Err(AppError::invalid("product", "请填写产品（如 标准快递）"));
        }
        let numbers = match (&request.numbers, &request.first, &request.last) {
            (Some(list), None, None) => {
                let mut out = Vec::with_capacity(list.len());
                for n in list.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
                    let n =
                        validate_waybill(request.format, n).map_err(|e| AppError::invalid("numbers", e.to_string()))?;
                    if out.contains(&n) {
                        return Err(AppError::invalid("numbers", format!("运单号“{n}”重复")));
                    }
                    out.push(n);
                }
                out
            }
            (None, Some(first), Some(last)) => {
                expand_range(request.format, first, last).map_err(|e| AppError::invalid("first", e.to_string()))?
            }
            _ => return Err(AppError::invalid("first", "请给出号段的首号和末号，或逐个列出运单号")),
        };
        if numbers.is_empty() {
            return Err(AppError::invalid("numbers", "号段中没有运单号"));
        }
        let row = self
            .store
            .import_waybill_range(&NewWaybillRange {
                carrier: carrier.to_string(),
                product: product.to_string(),
                format: request.format,
                numbers,
                username: user.username.clone(),
                at: self.now(),
            })
            .await
            .map_err(|e| match e {
                onewindow_store::StoreError::Conflict(_) => {
                    AppError::invalid("first", "号段中有运单号已在此前导入的号段中，未导入任何号码")
                }
                other => other.into(),
            })?;
        Ok(range_view(&row, false))
    }

    /// Every range, each carrier product's marked when its free numbers run low.
    pub async fn waybill_ranges(&self, user: &User) -> Result<Vec<WaybillRangeView>> {
        if !matches!(user.role, Role::Admin | Role::Dispatcher | Role::Supervisor) {
            return Err(AppError::Forbidden("只有寄递调度员和管理员可以查看运单号段".into()));
        }
        let rows = self.store.waybill_ranges().await?;
        let mut totals: BTreeMap<(&str, &str), (i64, i64)> = BTreeMap::new();
        for r in &rows {
            let e = totals.entry((r.carrier.as_str(), r.product.as_str())).or_default();
            e.0 += r.total;
            e.1 += r.free();
        }
        Ok(rows
            .iter()
            .map(|r| {
                let (total, free) = totals[&(r.carrier.as_str(), r.product.as_str())];
                range_view(r, free as u64 <= low_water_mark(total as u64))
            })
            .collect())
    }

    /// What is to be packed at the dispatcher's hall, grouped by destination.
    pub async fn dispatch_work(&self, user: &User) -> Result<DispatchWorkView> {
        let hall = dispatch_hall(user)?;
        let mut items: Vec<(String, DispatchItemView)> = Vec::new();
        for (number, department) in self.store.pending_transfers().await? {
            let Some(row) = self.store.case(&number).await? else { continue };
            if row.hall_code != hall {
                continue;
            }
            let shipments = self.store.case_shipments(&number).await?;
            if shipments.iter().any(|s| s.kind == ShipmentKind::MaterialTransfer && live(s)) {
                continue;
            }
            let papers = self.originals(&row).await?;
            items.push((
                department.clone(),
                DispatchItemView {
                    kind: ShipmentKind::MaterialTransfer,
                    case: case_summary(&row),
                    destination: department,
                    papers,
                    blocked: None,
                },
            ));
        }
        for row in self.store.cases_in_state(CaseState::AwaitingDispatch).await? {
            if row.hall_code != hall || row.delivery != DeliveryMethod::Post {
                continue;
            }
            let shipments = self.store.case_shipments(&row.number).await?;
            if shipments.iter().any(|s| s.kind == ShipmentKind::ResultToApplicant && live(s)) {
                continue;
            }
            let findings = self.store.case_findings(&row.number).await?;
            let received = self.store.case_materials(&row.number).await?;
            let destination = row.delivery_address.clone().unwrap_or_default();
            items.push((
                destination.clone(),
                DispatchItemView {
                    kind: ShipmentKind::ResultToApplicant,
                    blocked: release_blocker(&row, &findings, &received),
                    case: case_summary(&row),
                    destination,
                    papers: Vec::new(),
                },
            ));
        }
        let mut groups: BTreeMap<(ShipmentKind, String), Vec<DispatchItemView>> = BTreeMap::new();
        for (destination, item) in items {
            groups.entry((item.kind, destination)).or_default().push(item);
        }
        let groups: Vec<DispatchGroupView> = groups
            .into_iter()
            .map(|((kind, destination), items)| DispatchGroupView {
                kind,
                destination,
                count: items.len() as u32,
                items,
            })
            .collect();
        let shipments = self.store.shipments(Some(&hall), 500).await?;
        Ok(DispatchWorkView {
            total: groups.iter().map(|g| g.count).sum(),
            groups,
            shipments: shipments.iter().filter(|s| live(s)).map(shipment_view).collect(),
        })
    }

    /// The case's paper originals, by material code: what travels to the department.
    async fn originals(&self, row: &CaseRow) -> Result<Vec<String>> {
        Ok(self
            .store
            .case_materials(&row.number)
            .await?
            .into_iter()
            .filter(|m| m.form == MaterialForm::Original)
            .map(|m| m.material_code)
            .collect())
    }

    /// Packs an envelope: its cases (several to one department, or one result to its applicant),
    /// its papers, and a waybill number taken from the carrier's range in the same transaction.
    pub async fn create_shipment(&self, user: &User, request: &ShipmentRequest) -> Result<ShipmentView> {
        let hall = dispatch_hall(user)?;
        let mut numbers: Vec<String> =
            request.cases.iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
        numbers.dedup();
        if numbers.is_empty() {
            return Err(AppError::invalid("cases", "请选择要封装的办件"));
        }
        if numbers.len() > 200 {
            return Err(AppError::invalid("cases", "一个邮件最多封装200件办件"));
        }
        let split_reason = request.split_reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
        let mut rows = Vec::with_capacity(numbers.len());
        for n in &numbers {
            let row = self
                .store
                .case(n)
                .await?
                .ok_or_else(|| AppError::invalid("cases", format!("未找到办件编号为“{n}”的办件")))?;
            if row.hall_code != hall {
                return Err(AppError::invalid("cases", format!("办件{n}不是本大厅受理的，不能在本大厅封装")));
            }
            rows.push(row);
        }
        let (to, receiver_name, receiver_phone, cases) = match request.kind {
            ShipmentKind::MaterialTransfer => {
                let pending = self.store.pending_transfers().await?;
                let department = rows[0].department.clone();
                let mut cases = Vec::with_capacity(rows.len());
                for row in &rows {
                    if !pending.iter().any(|(n, _)| *n == row.number) {
                        return Err(AppError::invalid("cases", format!("办件{}没有待流转的纸质原件", row.number)));
                    }
                    if row.department.code != department.code {
                        return Err(AppError::invalid(
                            "cases",
                            format!(
                                "办件{}送{}，与{}不是同一收件部门，请分开封装",
                                row.number, row.department.name, department.name
                            ),
                        ));
                    }
                    let originals = self.originals(row).await?;
                    let papers = match request.papers.get(&row.number) {
                        None => originals,
                        Some(chosen) => {
                            for code in chosen {
                                if !originals.contains(code) {
                                    return Err(AppError::invalid(
                                        "papers",
                                        format!("办件{}的材料“{code}”不是窗口收取的原件，不能装入", row.number),
                                    ));
                                }
                            }
                            chosen.clone()
                        }
                    };
                    if papers.is_empty() {
                        return Err(AppError::invalid("papers", format!("办件{}没有要流转的原件", row.number)));
                    }
                    cases.push((row.number.clone(), papers));
                }
                (Destination::Department(department.code.clone()), department.name.clone(), None, cases)
            }
            ShipmentKind::ResultToApplicant => {
                let [row] = rows.as_slice() else {
                    return Err(AppError::invalid("cases", "寄给申请人的结果每件单独封装"));
                };
                if row.state != CaseState::AwaitingDispatch || row.delivery != DeliveryMethod::Post {
                    return Err(AppError::invalid(
                        "cases",
                        format!("办件{}当前为“{}”，不在待寄递之列", row.number, row.state.label_zh()),
                    ));
                }
                let findings = self.store.case_findings(&row.number).await?;
                let received = self.store.case_materials(&row.number).await?;
                if let Some(why) = release_blocker(row, &findings, &received) {
                    return Err(AppError::Conflict(why));
                }
                let address = row.delivery_address.clone().unwrap_or_default();
                (
                    Destination::Address(address),
                    row.applicant_name.clone(),
                    row.applicant_phone.clone(),
                    vec![(row.number.clone(), Vec::new())],
                )
            }
            ShipmentKind::ResultToHall | ShipmentKind::Return => {
                return Err(AppError::invalid("kind", format!("“{}”邮件暂不能在寄递台封装", request.kind.label_zh())))
            }
        };
        let carrier = request.carrier.as_deref().map(str::trim).filter(|c| !c.is_empty()).unwrap_or(DEFAULT_CARRIER);
        let product = request.product.as_deref().map(str::trim).filter(|p| !p.is_empty()).unwrap_or("标准快递");
        let shipment = NewShipment {
            kind: request.kind,
            from_hall_code: hall,
            to,
            receiver_name,
            receiver_phone,
            carrier: carrier.to_string(),
            product: product.to_string(),
            cases,
            split_reason,
            username: user.username.clone(),
            at: self.now(),
        };
        let row = self.store.create_shipment(&shipment).await.map_err(|e| match e {
            onewindow_store::StoreError::Conflict(why) if why.contains("already in shipment") => AppError::invalid(
                "split_reason",
                format!("办件的材料已装入另一个邮件（{}），如需分装请说明原因", why.rsplit(' ').next().unwrap_or("")),
            ),
            other => other.into(),
        })?;
        Ok(shipment_view(&row))
    }

    /// Cancels an envelope before it leaves: its waybill is recorded as cancelled, never reused.
    pub async fn cancel_shipment(&self, user: &User, waybill: &str, reason: &str) -> Result<ShipmentView> {
        let hall = dispatch_hall(user)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid("reason", "请填写作废原因"));
        }
        let row = self.shipment_row(waybill).await?;
        if row.from_hall_code != hall {
            return Err(AppError::Forbidden(format!(
                "邮件{}由{}封装，不能在本大厅作废",
                row.waybill, row.from_hall_name
            )));
        }
        self.move_shipment(user, &row, ShipmentAction::Cancel, reason).await?;
        Ok(shipment_view(&self.shipment_row(waybill).await?))
    }

    pub(crate) async fn shipment_row(&self, waybill: &str) -> Result<ShipmentRow> {
        let number = waybill.trim().to_ascii_uppercase();
        self.store
            .shipment(&number)
            .await?
            .ok_or_else(|| AppError::invalid("waybill", format!("未找到运单号为“{number}”的邮件")))
    }

    pub(crate) async fn move_shipment(
        &self,
        user: &User,
        row: &ShipmentRow,
        action: ShipmentAction,
        reason: &str,
    ) -> Result<ShipmentState> {
        let to = shipment_transition(row.state, action).map_err(|e| AppError::Conflict(e.to_string()))?;
        let movement = ShipmentMove {
            action,
            from: row.state,
            to,
            username: user.username.clone(),
            hall_code: user.hall_code.clone(),
            at: self.now(),
            reason: reason.to_string(),
        };
        match self.store.apply_shipment_move(&row.waybill, &movement).await {
            Ok(state) => Ok(state),
            Err(onewindow_store::StoreError::Conflict(_)) => {
                Err(AppError::Conflict(format!("邮件{}刚刚有变化，请刷新后再试", row.waybill)))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The shipments a case is in, oldest first.
    pub async fn case_shipments(&self, number: &str) -> Result<Vec<ShipmentView>> {
        Ok(self.store.case_shipments(number.trim()).await?.iter().map(shipment_view).collect())
    }
}
