//! The courier desk: the carriers' waybill ranges, what is to be packed at a hall (paper originals
//! for departments in other districts, results to mail), shipments with their real waybill
//! numbers, and cancelling one. Labels and the 交接清单 print from shipments (`printing.rs`).

use std::collections::BTreeMap;

use onewindow_domain::courier::{
    expand_range, low_water_mark, shipment_transition, validate_waybill, ShipmentAction, ShipmentKind, ShipmentState,
};
use onewindow_domain::{CaseState, DeliveryMethod, MaterialForm, Role, User};
use onewindow_store::{CaseRow, Destination, NewShipment, NewWaybillRange, ShipmentMove, ShipmentRow};

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

/// Where a posted result goes and who receives it: the address's receiver where the clerk wrote
/// one (with their phone, which the label masks), else the applicant.
pub(crate) fn result_receiver(row: &CaseRow) -> (String, String, Option<String>) {
    let (address, receiver) = crate::intake::postal_receiver(row.delivery_address.as_deref().unwrap_or_default());
    match receiver {
        Some((name, phone)) => (address, name, Some(phone)),
        None => (address, row.applicant_name.clone(), row.applicant_phone.clone()),
    }
}

fn live(s: &ShipmentRow) -> bool {
    !matches!(s.state, ShipmentState::Cancelled | ShipmentState::Returned)
}

/// The dispatcher's hall: only a dispatcher packs, at their own hall.
pub(crate) fn dispatch_hall(user: &User) -> Result<String> {
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
        let mut items: Vec<DispatchItemView> = Vec::new();
        for (number, department) in self.store.pending_transfers().await? {
            let Some(row) = self.store.case(&number).await? else { continue };
            if row.hall_code != hall || self.packed_already(&number, ShipmentKind::MaterialTransfer).await? {
                continue;
            }
            items.push(DispatchItemView {
                kind: ShipmentKind::MaterialTransfer,
                case: case_summary(&row),
                destination: department,
                papers: self.originals(&row).await?,
                blocked: None,
            });
        }
        for row in self.store.cases_in_state(CaseState::AwaitingDispatch).await? {
            if row.hall_code != hall
                || row.delivery != DeliveryMethod::Post
                || self.packed_already(&row.number, ShipmentKind::ResultToApplicant).await?
            {
                continue;
            }
            let (destination, _, _) = result_receiver(&row);
            items.push(self.result_item(&row, ShipmentKind::ResultToApplicant, destination).await?);
        }
        // Results collected at another hall travel there first, several to one hall in an envelope.
        for row in self.store.cases_in_state(CaseState::ReadyForIssuance).await? {
            let Some(pickup) = row.pickup_hall_code.as_deref() else { continue };
            if row.hall_code != hall
                || pickup == hall
                || self.packed_already(&row.number, ShipmentKind::ResultToHall).await?
            {
                continue;
            }
            let destination = row.pickup_hall_name.clone().unwrap_or_else(|| pickup.to_string());
            items.push(self.result_item(&row, ShipmentKind::ResultToHall, destination).await?);
        }
        let mut groups: BTreeMap<(ShipmentKind, String), Vec<DispatchItemView>> = BTreeMap::new();
        for item in items {
            groups.entry((item.kind, item.destination.clone())).or_default().push(item);
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

    /// Whether the case already went into a live envelope of this kind.
    async fn packed_already(&self, number: &str, kind: ShipmentKind) -> Result<bool> {
        Ok(self.store.case_shipments(number).await?.iter().any(|s| s.kind == kind && live(s)))
    }

    /// A result to pack for `destination`, with why it may not leave yet if it may not.
    async fn result_item(&self, row: &CaseRow, kind: ShipmentKind, destination: String) -> Result<DispatchItemView> {
        Ok(DispatchItemView {
            kind,
            blocked: self.release_blocker_of(row).await?,
            case: case_summary(row),
            destination,
            papers: Vec::new(),
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
                if let Some(why) = self.release_blocker_of(row).await? {
                    return Err(AppError::Conflict(why));
                }
                let (address, name, phone) = result_receiver(row);
                (Destination::Address(address), name, phone, vec![(row.number.clone(), Vec::new())])
            }
            ShipmentKind::ResultToHall => {
                let pickup = rows[0].pickup_hall_code.clone().unwrap_or_default();
                let mut cases = Vec::with_capacity(rows.len());
                for row in &rows {
                    let to_another_hall = row.pickup_hall_code.as_deref().is_some_and(|p| p != hall);
                    if row.state != CaseState::ReadyForIssuance || !to_another_hall {
                        return Err(AppError::invalid(
                            "cases",
                            format!("办件{}当前为“{}”，没有要送往其他大厅领取的结果", row.number, row.state.label_zh()),
                        ));
                    }
                    if row.pickup_hall_code.as_deref() != Some(pickup.as_str()) {
                        return Err(AppError::invalid(
                            "cases",
                            format!(
                                "办件{}在另一大厅领取，与{}不是同一收件大厅，请分开封装",
                                row.number, rows[0].number
                            ),
                        ));
                    }
                    if let Some(why) = self.release_blocker_of(row).await? {
                        return Err(AppError::Conflict(why));
                    }
                    cases.push((row.number.clone(), Vec::new()));
                }
                let name = rows[0].pickup_hall_name.clone().unwrap_or_else(|| pickup.clone());
                (Destination::Hall(pickup), name, None, cases)
            }
            // Originals going back to the applicant leave from the department, which has no desk here.
            ShipmentKind::Return => {
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
        let row =
            self.carrier(Some(carrier))?.order_waybill(self.store.as_ref(), &shipment).await.map_err(|e| match e {
                onewindow_store::StoreError::Conflict(why) if why.contains("already in shipment") => AppError::invalid(
                    "split_reason",
                    format!(
                        "办件的材料已装入另一个邮件（{}），如需分装请说明原因",
                        why.rsplit(' ').next().unwrap_or("")
                    ),
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
        let moved = match action {
            ShipmentAction::Cancel => {
                self.carrier(Some(&row.carrier))?.cancel(self.store.as_ref(), &row.waybill, &movement).await
            }
            _ => self.store.apply_shipment_move(&row.waybill, &movement).await,
        };
        match moved {
            Ok(state) => Ok(state),
            Err(onewindow_store::StoreError::Conflict(_)) => {
                Err(AppError::Conflict(format!("邮件{}刚刚有变化，请刷新后再试", row.waybill)))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The carrier of that name (the default one when none is named).
    pub(crate) fn carrier(&self, name: Option<&str>) -> Result<std::sync::Arc<dyn crate::carrier::Carrier>> {
        let name = name.unwrap_or(DEFAULT_CARRIER);
        self.carriers.iter().find(|c| c.name() == name).cloned().ok_or_else(|| {
            AppError::invalid("carrier", format!("未配置承运商“{name}”：请管理员在数据目录的 carriers/ 中添加其路由表"))
        })
    }

    /// The shipments a case is in, oldest first.
    pub async fn case_shipments(&self, number: &str) -> Result<Vec<ShipmentView>> {
        Ok(self.store.case_shipments(number.trim()).await?.iter().map(shipment_view).collect())
    }
}

/// A time in a carrier's file: RFC 3339, or the halls' local `YYYY-MM-DD HH:MM[:SS]`.
impl App {
    fn handover_view(&self, h: &onewindow_store::HandoverRow, shipments: &[ShipmentRow]) -> crate::views::HandoverView {
        let scanned: Vec<ShipmentView> =
            h.waybills.iter().filter_map(|w| shipments.iter().find(|s| &s.waybill == w)).map(shipment_view).collect();
        let missing = if h.closed_at.is_some() {
            Vec::new()
        } else {
            shipments
                .iter()
                .filter(|s| {
                    s.state == ShipmentState::Labelled
                        && s.carrier == h.courier_company
                        && !h.waybills.contains(&s.waybill)
                })
                .map(shipment_view)
                .collect()
        };
        crate::views::HandoverView {
            id: h.id,
            hall: h.hall_name.clone(),
            courier_name: h.courier_name.clone(),
            courier_company: h.courier_company.clone(),
            courier_contact: h.courier_contact.clone(),
            started_at: h.started_at.to_rfc3339(),
            started_by: h.started_by.clone(),
            closed_at: h.closed_at.map(|t| t.to_rfc3339()),
            scanned,
            missing,
        }
    }

    async fn load_handover(&self, user: &User, id: i64) -> Result<(onewindow_store::HandoverRow, Vec<ShipmentRow>)> {
        let hall = dispatch_hall(user)?;
        let h =
            self.store.handover(id).await?.ok_or_else(|| AppError::invalid("handover", format!("未找到交接单{id}")))?;
        if h.hall_code != hall {
            return Err(AppError::Forbidden(format!("交接单{id}属于{}", h.hall_name)));
        }
        let shipments = self.store.shipments(Some(&hall), 5000).await?;
        Ok((h, shipments))
    }

    /// A courier arrives: a handover of the hall's labelled envelopes for their carrier begins.
    pub async fn start_handover(
        &self,
        user: &User,
        request: &crate::views::HandoverRequest,
    ) -> Result<crate::views::HandoverView> {
        let hall = dispatch_hall(user)?;
        let text = |field: &'static str, label: &str, value: &str| -> Result<String> {
            let v = value.trim();
            if v.is_empty() {
                return Err(AppError::invalid(field, format!("请填写{label}")));
            }
            if v.chars().count() > 40 {
                return Err(AppError::invalid(field, format!("{label}不能超过40个字")));
            }
            Ok(v.to_string())
        };
        let h = self
            .store
            .start_handover(&onewindow_store::NewHandover {
                hall_code: hall.clone(),
                courier_name: text("courier_name", "揽收员姓名", &request.courier_name)?,
                courier_company: text("courier_company", "承运商", &request.courier_company)?,
                courier_contact: text("courier_contact", "揽收员电话或工号", &request.courier_contact)?,
                username: user.username.clone(),
                at: self.now(),
            })
            .await?;
        let shipments = self.store.shipments(Some(&hall), 5000).await?;
        Ok(self.handover_view(&h, &shipments))
    }

    pub async fn handover(&self, user: &User, id: i64) -> Result<crate::views::HandoverView> {
        let (h, shipments) = self.load_handover(user, id).await?;
        Ok(self.handover_view(&h, &shipments))
    }

    /// One envelope scanned into the handover, checked: this hall's, labelled, not handed over
    /// yet, for this courier's carrier. A scan that does not belong is refused with why.
    pub async fn scan_handover(&self, user: &User, id: i64, waybill: &str) -> Result<crate::views::HandoverView> {
        let (h, shipments) = self.load_handover(user, id).await?;
        if h.closed_at.is_some() {
            return Err(AppError::Conflict(format!("交接单{id}已交接完毕，不能再扫描")));
        }
        let number = waybill.trim().to_ascii_uppercase();
        let s = match shipments.iter().find(|s| s.waybill == number) {
            Some(s) => s.clone(),
            None => {
                let elsewhere = self.store.shipment(&number).await?;
                return Err(AppError::invalid(
                    "waybill",
                    match elsewhere {
                        Some(o) => format!("运单{number}是{}的邮件，不属于本大厅", o.from_hall_name),
                        None => format!("运单号“{number}”不是本系统封装的邮件，请核对"),
                    },
                ));
            }
        };
        if h.waybills.contains(&s.waybill) {
            return Err(AppError::invalid("waybill", format!("运单{number}已扫描")));
        }
        let why = match s.state {
            ShipmentState::Labelled if s.carrier != h.courier_company => {
                Some(format!("运单{number}由{}承运，不交给{}", s.carrier, h.courier_company))
            }
            ShipmentState::Labelled => None,
            ShipmentState::Packed => Some(format!("运单{number}尚未打印面单")),
            other => Some(format!("运单{number}当前为“{}”，不能交寄", other.label_zh())),
        };
        if let Some(why) = why {
            return Err(AppError::invalid("waybill", why));
        }
        match self.store.add_to_handover(id, &number, self.now()).await {
            Ok(()) => {}
            Err(onewindow_store::StoreError::Conflict(_)) => {
                return Err(AppError::invalid("waybill", format!("运单{number}已在另一张交接单中")))
            }
            Err(e) => return Err(e.into()),
        }
        self.handover(user, id).await
    }

    /// Closes the handover: every scanned envelope handed over, and each result's case dispatched,
    /// all at once; the 交接清单 of the handover then prints.
    pub async fn close_handover(&self, user: &User, id: i64) -> Result<crate::views::HandoverView> {
        let (h, shipments) = self.load_handover(user, id).await?;
        if h.closed_at.is_some() {
            return Err(AppError::Conflict(format!("交接单{id}已交接完毕")));
        }
        if h.waybills.is_empty() {
            return Err(AppError::invalid("waybill", "请先扫描要交寄的邮件"));
        }
        let now = self.now();
        let reason = format!("交{}揽收员{}（{}）", h.courier_company, h.courier_name, h.courier_contact);
        let mut moves = Vec::new();
        let mut cases = Vec::new();
        for w in &h.waybills {
            let s = shipments.iter().find(|s| &s.waybill == w).ok_or_else(|| AppError::NotFound(w.clone()))?;
            let to = shipment_transition(s.state, ShipmentAction::HandOver)
                .map_err(|e| AppError::Conflict(e.to_string()))?;
            moves.push((
                w.clone(),
                ShipmentMove {
                    action: ShipmentAction::HandOver,
                    from: s.state,
                    to,
                    username: user.username.clone(),
                    hall_code: user.hall_code.clone(),
                    at: now,
                    reason: reason.clone(),
                },
            ));
            if s.kind == ShipmentKind::ResultToApplicant {
                for (number, _) in &s.cases {
                    let row = self.store.case(number).await?.ok_or_else(|| AppError::NotFound(number.clone()))?;
                    let step =
                        onewindow_domain::CaseStep::new(onewindow_domain::CaseAction::Dispatch, &user.username, now);
                    let change = onewindow_domain::advance(row.state, &row.progress(), &step)
                        .map_err(|e| AppError::Conflict(e.to_string()))?;
                    let why = format!("交{}，运单{}", h.courier_company, s.waybill);
                    cases.push((
                        number.clone(),
                        onewindow_store::CaseTransition {
                            held_by: row.claimed_by_username.clone(),
                            ..onewindow_store::CaseTransition::new(change, &user.username, &s.from_hall_code, now, &why)
                        },
                    ));
                }
            }
        }
        match self.store.close_handover(id, &user.username, now, &moves, &cases).await {
            Ok(()) => {}
            Err(onewindow_store::StoreError::Conflict(_)) => {
                return Err(AppError::Conflict("交接单或其中的邮件刚刚有变化，请刷新后再试".into()))
            }
            Err(e) => return Err(e.into()),
        }
        self.handover(user, id).await
    }

    /// The receiving end scans an envelope: received, or missing or damaged with why (a task for
    /// the sender: the envelope shows as an exception on their desk).
    pub async fn receive(&self, user: &User, request: &crate::views::ReceiveRequest) -> Result<ShipmentView> {
        let s = self.shipment_row(&request.waybill).await?;
        let allowed = match &s.to {
            Destination::Department(code) => {
                matches!(user.role, Role::Reviewer | Role::DepartmentLead)
                    && user.department_code.as_deref() == Some(code)
            }
            Destination::Hall(code) => user.role == Role::WindowClerk && user.hall_code.as_deref() == Some(code),
            Destination::Address(_) => false,
        };
        if !allowed {
            return Err(AppError::Forbidden(format!("邮件{}寄往{}，应由收件单位签收", s.waybill, s.to_name)));
        }
        let reason = request.reason.trim();
        let (action, reason) = match request.outcome {
            crate::views::ReceiveOutcome::Received => (ShipmentAction::Receive, "签收入库".to_string()),
            outcome => {
                if reason.is_empty() {
                    return Err(AppError::invalid("reason", "请写明缺失或破损的情况"));
                }
                let what = if outcome == crate::views::ReceiveOutcome::Missing { "缺件" } else { "破损" };
                (ShipmentAction::Exception, format!("{what}：{reason}"))
            }
        };
        self.move_shipment(user, &s, action, &reason).await?;
        Ok(shipment_view(&self.shipment_row(&request.waybill).await?))
    }

    /// Imports a carrier's tracking file (one event per line: `waybill,time,code,location,signer`),
    /// each event once: a delivery delivers the envelope and closes its case; a return or an
    /// exception puts it on the dispatcher's list; an unknown code is kept and flagged.
    pub async fn import_tracking(&self, user: &User, text: &str) -> Result<crate::views::TrackingReport> {
        if !matches!(user.role, Role::Dispatcher | Role::Admin) {
            return Err(AppError::Forbidden("只有寄递调度员和管理员可以导入物流轨迹".into()));
        }
        let mut report = crate::views::TrackingReport {
            lines: 0,
            new: 0,
            duplicates: 0,
            unknown_codes: Vec::new(),
            delivered: Vec::new(),
            attention: Vec::new(),
            problems: Vec::new(),
        };
        let file = self.carrier(None)?.read_tracking(text);
        report.lines = file.lines;
        report.problems = file.problems;
        for e in &file.events {
            if e.status == onewindow_domain::courier::TrackingStatus::Unknown && !report.unknown_codes.contains(&e.code)
            {
                report.unknown_codes.push(e.code.clone());
            }
        }
        let events = file.events;
        let new = self.store.record_tracking(&events, self.now()).await?;
        report.new = new.len() as u32;
        report.duplicates = events.len() as u32 - report.new;
        for e in new {
            let Some(action) = e.status.shipment_action() else { continue };
            let Some(s) = self.store.shipment(&e.waybill).await? else { continue };
            let Ok(to) = shipment_transition(s.state, action) else { continue };
            let why = match &e.signer {
                Some(signer) => format!("{}：{}（{}签收）", e.status.label_zh(), e.location, signer),
                None => format!("{}：{}", e.status.label_zh(), e.location),
            };
            let movement = ShipmentMove {
                action,
                from: s.state,
                to,
                username: user.username.clone(),
                hall_code: None,
                at: e.at,
                reason: why.clone(),
            };
            let mut cases = Vec::new();
            if action == ShipmentAction::Deliver && s.kind == ShipmentKind::ResultToApplicant {
                for (number, _) in &s.cases {
                    let row = self.store.case(number).await?.ok_or_else(|| AppError::NotFound(number.clone()))?;
                    let steps = [
                        onewindow_domain::CaseStep::new(onewindow_domain::CaseAction::Deliver, &user.username, e.at),
                        onewindow_domain::CaseStep::new(onewindow_domain::CaseAction::Close, &user.username, e.at),
                    ];
                    let Ok(changes) = onewindow_domain::advance_all(row.state, &row.progress(), &steps) else {
                        continue;
                    };
                    for (change, reason) in changes.into_iter().zip([why.as_str(), "结果已妥投，办件归档"]) {
                        cases.push((
                            number.clone(),
                            onewindow_store::CaseTransition {
                                held_by: row.claimed_by_username.clone(),
                                ..onewindow_store::CaseTransition::new(
                                    change,
                                    &user.username,
                                    &s.from_hall_code,
                                    e.at,
                                    reason,
                                )
                            },
                        ));
                    }
                }
            }
            self.store.apply_shipment_moves(&[(s.waybill.clone(), movement)], &cases).await?;
            match action {
                ShipmentAction::Deliver => report.delivered.push(s.waybill.clone()),
                _ => report.attention.push(s.waybill.clone()),
            }
        }
        Ok(report)
    }

    /// The whole chain of custody of a case's papers and result, with a gap wherever a step that
    /// should have happened did not.
    pub async fn custody(&self, number: &str) -> Result<crate::views::CustodyView> {
        use crate::views::CustodyStep;
        let number = number.trim();
        let row = self
            .store
            .case(number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        let events = self.store.case_events(number).await?;
        // Milliseconds, always three digits: the steps sort by this text in the order they happened.
        let local = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut steps = Vec::new();
        if let Some(e) = events.iter().find(|e| {
            matches!(
                e.action,
                Some(onewindow_domain::CaseAction::Accept | onewindow_domain::CaseAction::AcceptWithShortfall)
            )
        }) {
            steps.push(CustodyStep {
                at: Some(local(e.at)),
                what: "窗口收取材料".into(),
                who: e.actor_name.clone(),
                place: e.hall_name.clone(),
                waybill: None,
                gap: false,
            });
        }
        let shipments = self.store.case_shipments(number).await?;
        let needs_transfer = self.store.pending_transfers().await?.iter().any(|(n, _)| n == number);
        if needs_transfer && !shipments.iter().any(|s| s.kind == ShipmentKind::MaterialTransfer && live(s)) {
            steps.push(CustodyStep {
                at: None,
                what: "原件尚未封装寄往审批部门".into(),
                who: String::new(),
                place: row.hall_name.clone(),
                waybill: None,
                gap: true,
            });
        }
        for s in &shipments {
            let history = self.store.shipment_events(&s.waybill).await?;
            for e in &history {
                // The reasons of the other moves say what happened already (打印面单, 签收入库, 已妥投：…).
                let what = match e.action {
                    None => format!("封装（{}，寄往{}）", s.kind.label_zh(), s.to_name),
                    Some(ShipmentAction::HandOver) => format!("交寄：{}", e.reason),
                    Some(ShipmentAction::Cancel) => format!("{}：{}", e.to_state.label_zh(), e.reason),
                    Some(_) => e.reason.clone(),
                };
                // A department's reviewer signs at no hall: the place is where the envelope went.
                let place = match (&e.hall_name, e.action) {
                    (Some(hall), _) => hall.clone(),
                    (None, Some(ShipmentAction::Receive)) => s.to_name.clone(),
                    (None, _) => String::new(),
                };
                steps.push(CustodyStep {
                    at: Some(local(e.at)),
                    what,
                    who: e.actor_name.clone(),
                    place,
                    waybill: Some(s.waybill.clone()),
                    gap: false,
                });
            }
            // Handed over and never received or delivered: the chain breaks here.
            if s.state == ShipmentState::HandedOver {
                let expected = match s.kind {
                    ShipmentKind::MaterialTransfer => "审批部门尚未签收",
                    ShipmentKind::ResultToHall => "领取大厅尚未签收",
                    _ => "尚未妥投",
                };
                steps.push(CustodyStep {
                    at: None,
                    what: expected.into(),
                    who: String::new(),
                    place: s.to_name.clone(),
                    waybill: Some(s.waybill.clone()),
                    gap: true,
                });
            }
        }
        if let Some(e) = events.iter().rev().find(|e| {
            matches!(
                e.action,
                Some(
                    onewindow_domain::CaseAction::Approve
                        | onewindow_domain::CaseAction::InstantApprove
                        | onewindow_domain::CaseAction::Deny
                )
            )
        }) {
            steps.push(CustodyStep {
                at: Some(local(e.at)),
                what: format!("审批结果：{}", e.to_state.label_zh()),
                who: e.actor_name.clone(),
                place: row.department.name.clone(),
                waybill: None,
                gap: false,
            });
        }
        if let Some(e) = events.iter().rev().find(|e| e.action == Some(onewindow_domain::CaseAction::Collect)) {
            steps.push(CustodyStep {
                at: Some(local(e.at)),
                what: "结果窗口领取".into(),
                who: e.actor_name.clone(),
                place: e.hall_name.clone(),
                waybill: None,
                gap: false,
            });
        }
        let post_result = row.delivery == DeliveryMethod::Post
            && matches!(row.state, CaseState::AwaitingDispatch | CaseState::Dispatched);
        if post_result && !shipments.iter().any(|s| s.kind == ShipmentKind::ResultToApplicant && live(s)) {
            steps.push(CustodyStep {
                at: None,
                what: "结果尚未封装寄出".into(),
                who: String::new(),
                place: row.hall_name.clone(),
                waybill: None,
                gap: true,
            });
        }
        steps.sort_by(|a, b| (a.at.is_none(), &a.at).cmp(&(b.at.is_none(), &b.at)));
        let unbroken = !steps.iter().any(|s| s.gap);
        Ok(crate::views::CustodyView { number: row.number.clone(), steps, unbroken })
    }
}
