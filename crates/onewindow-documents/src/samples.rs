//! Sample data for `--demo` renders, the test page and the tests: every field filled, including
//! the names that test a printer (𠮷, ·) and a long address.

use crate::documents::*;

pub fn hall() -> HallInfo {
    HallInfo {
        name: "江门市政务服务中心".into(),
        address: "江门市蓬江区建设三路139号江门市民服务中心1-3楼".into(),
        phone: "0750-3502345".into(),
    }
}

pub fn case_info() -> CaseInfo {
    CaseInfo {
        number: "4407000002026112800001".into(),
        verification_code: "K7Q2M9".into(),
        hall: hall(),
        item_name: "个体工商户设立登记".into(),
        department: "江门市蓬江区市场监督管理局".into(),
        applicant_name: "𠮷祥云".into(),
        applicant_id_masked: "4407**********123X".into(),
        applicant_phone_masked: "138****5678".into(),
        agent_name: Some("阿依古丽·买买提".into()),
        accepted_at: "2026-11-28 10:05".into(),
        window: "A01号窗口".into(),
        clerk: "李敏".into(),
        promised_date: Some("2026-11-30".into()),
        delivery: "邮政寄递：广东省江门市新会区会城今古洲路88号华侨新村12座1802室 陈𠮷娣 收".into(),
        materials: vec![
            MaterialLine {
                name: "个体工商户登记（备案）申请书".into(), form: "原件".into(), copies: 1, pages: 2
            },
            MaterialLine { name: "居民身份证".into(), form: "原件".into(), copies: 1, pages: 1 },
            MaterialLine { name: "授权委托书".into(), form: "原件".into(), copies: 1, pages: 1 },
            MaterialLine { name: "代理人身份证明".into(), form: "原件".into(), copies: 1, pages: 1 },
        ],
        tolerated: vec![ListedMaterial {
            name: "经营场所使用证明".into(), note: "须于2026-11-30前补齐".into()
        }],
        shortfall_supplement_due: Some("2026-11-30".into()),
        missing: vec![
            ListedMaterial { name: "居民身份证".into(), note: "原件1份，共1页；请补齐".into() },
            ListedMaterial {
                name: "经营场所使用证明".into(),
                note: "原件1份，共1页；请补齐；或到窗口签署容缺受理承诺书，可先予容缺受理、限期补交".into(),
            },
        ],
        refusal_reason: Some("“个体工商户设立登记”未纳入全城通办，须向蓬江区的政务服务中心申请，本大厅不予受理".into()),
        authority: hall().name,
        issued_on: "2026年11月28日".into(),
        applicant_is_organisation: false,
        review_authority: "江门市蓬江区人民政府".into(),
        court: "江门市蓬江区人民法院".into(),
        bundle: Some(BundleInfo {
            name: "开办餐饮店一件事".into(),
            members: vec![
                BundleMemberLine {
                    number: "4407000002026112800001".into(),
                    item_name: "个体工商户设立登记".into(),
                    department: "江门市蓬江区市场监督管理局".into(),
                    outcome: "受理".into(),
                    promised_date: Some("2026-11-30".into()),
                },
                BundleMemberLine {
                    number: "4407000002026112800002".into(),
                    item_name: "食品经营许可（新办）".into(),
                    department: "江门市蓬江区市场监督管理局".into(),
                    outcome: "容缺受理".into(),
                    promised_date: Some("2026-12-10".into()),
                },
                BundleMemberLine {
                    number: "4407000002026112800003".into(),
                    item_name: "公众聚集场所投入使用、营业前消防安全检查".into(),
                    department: "江门市消防救援支队".into(),
                    outcome: "一次性告知".into(),
                    promised_date: None,
                },
            ],
        }),
        review: Some(review_info()),
        progress: Some(progress_info()),
        instant: false,
        collection: Some(collection_info()),
        continues: None,
        seals: Vec::new(),
        reprint: false,
        lang: Lang::ZhCn,
    }
}

/// The sample case's progress, for the 办件进度查询单.
pub fn progress_info() -> ProgressInfo {
    ProgressInfo {
        state: "待补正".into(),
        paused: true,
        steps: vec![
            ("2026-11-28 10:05".into(), "江门市政务服务中心".into(), "受理".into()),
            ("2026-11-28 10:06".into(), "江门市政务服务中心".into(), "移交审批部门".into()),
            ("2026-12-01 09:30".into(), "江门市政务服务中心".into(), "要求补正".into()),
        ],
        outstanding: vec![ListedMaterial {
            name: "租赁合同".into(), note: "补正，须于2026-12-15前提交".into()
        }],
        printed_at: "2026年12月2日 15:20".into(),
    }
}

/// What the back office of the sample case decided, for its decisions and notices.
pub fn review_info() -> ReviewInfo {
    ReviewInfo {
        authority: "江门市蓬江区市场监督管理局".into(),
        decided_on: "2026年12月1日".into(),
        reason: "经营场所与登记住所不一致".into(),
        approval_title: "准予行政许可决定书".into(),
        licence: true,
        result_name: "营业执照".into(),
        certificate_number: "92440703MA5XXXXX1K".into(),
        valid_until: None,
        note: String::new(),
        ground: "申请材料内容与实际情况不符".into(),
        corrections: vec![
            ListedMaterial {
                name: "经营场所使用证明".into(), note: "产权人签章不清晰，请重新提供".into()
            },
            ListedMaterial { name: "租赁合同".into(), note: "缺少第3页".into() },
        ],
        correction_deadline: Some("2026-12-15".into()),
        correction_requested_on: "2026年12月1日".into(),
        procedure: "现场核查".into(),
        procedure_limit_days: 5,
        extension_days: 10,
        new_due: Some("2026-12-14".into()),
        overdue_missing: vec!["经营场所使用证明".into()],
        shortfall_due: Some("2026-11-30".into()),
    }
}

/// The sample case's result as handed out at the window, taken by the agent.
pub fn collection_info() -> CollectionInfo {
    CollectionInfo {
        result: "营业执照（92440703MA5XXXXX1K）".into(),
        collector_name: "阿依古丽·买买提".into(),
        collector_id_masked: "6501**********2021".into(),
        as_agent: true,
        collected_at: "2026年12月3日 10:20".into(),
        hall: "江门市政务服务中心".into(),
    }
}

/// A refusal as the demo really gives one: 残疾人证新办 is the city's and not handled city-wide, asked
/// for at the 江海区 hall.
pub fn refusal_info() -> CaseInfo {
    let hall = HallInfo {
        name: "江门市江海区政务服务中心".into(),
        address: "江门市江海区东海路金瓯路口".into(),
        phone: "0750-3869000".into(),
    };
    CaseInfo {
        number: "4407040002026112800003".into(),
        item_name: "残疾人证新办".into(),
        department: "江门市残疾人联合会".into(),
        agent_name: None,
        window: "B02号窗口".into(),
        clerk: "黄嘉怡".into(),
        promised_date: None,
        materials: Vec::new(),
        tolerated: Vec::new(),
        shortfall_supplement_due: None,
        missing: Vec::new(),
        refusal_reason: Some("“残疾人证新办”未纳入全城通办，须向江门市的政务服务中心申请，本大厅不予受理".into()),
        authority: hall.name.clone(),
        review_authority: "江门市人民政府".into(),
        court: "江门市蓬江区人民法院".into(),
        bundle: None,
        hall,
        ..case_info()
    }
}

pub fn label_info() -> LabelInfo {
    LabelInfo {
        carrier: "中国邮政 EMS".into(),
        product: "标准快递".into(),
        sorting_code: "江门-新会 C08".into(),
        package_centre: "江门中心".into(),
        waybill: "1189243057712".into(),
        receiver_name: "陈𠮷娣".into(),
        receiver_phone_masked: "139****0021".into(),
        receiver_address: "广东省江门市新会区会城街道今古洲路88号华侨新村12座1802室（近新会学宫）".into(),
        sender: hall(),
        case_number: "4407000002026112800001".into(),
        date: "2026-11-28".into(),
        reprint: false,
    }
}

pub fn manifest_info(rows: usize) -> ManifestInfo {
    let places = ["江门市蓬江区", "江门市新会区", "台山市台城街道", "开平市赤坎镇", "鹤山市沙坪街道", "恩平市恩城街道"];
    ManifestInfo {
        hall: hall(),
        batch: "JJ-20261128-03".into(),
        carrier: "中国邮政 EMS".into(),
        date: "2026-11-28".into(),
        rows: (0..rows)
            .map(|i| ManifestRow {
                waybill: format!("11892430{:05}", 57712 + i),
                case_number: format!("440700000202611280{:04}", i + 1),
                receiver: if i % 5 == 0 { "陈𠮷娣".into() } else { format!("收件人{}", i + 1) },
                destination: places[i % places.len()].into(),
            })
            .collect(),
    }
}

pub fn test_page_info(profile: &str, queue: &str) -> TestPageInfo {
    TestPageInfo { profile: profile.into(), queue: queue.into(), date: "2026-11-28".into() }
}

pub fn cover_sheet_info() -> CoverSheetInfo {
    CoverSheetInfo {
        case_number: "4407000002026112800001".into(),
        item_name: "个体工商户设立登记".into(),
        applicant_name: "𠮷祥云".into(),
        materials: vec![
            ("M01".into(), "个体工商户登记（备案）申请书".into()),
            ("M02".into(), "居民身份证".into()),
            ("M03".into(), "经营场所使用证明".into()),
        ],
    }
}
