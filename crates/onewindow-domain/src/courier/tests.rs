use super::*;

#[test]
fn s10_check_digits_follow_the_upu_weights() {
    // UPU S10 examples: RR473124829GB, EE876543214CN; 10 is written 0, 11 is written 5.
    assert_eq!(validate_waybill(WaybillFormat::S10, "RR473124829GB").unwrap(), "RR473124829GB");
    assert_eq!(validate_waybill(WaybillFormat::S10, " ee876543216cn ").unwrap(), "EE876543216CN");
    assert_eq!(s10_check_digit(&[4, 7, 3, 1, 2, 4, 8, 2]), 9);
    // A sum of 0: 11 - 0 = 11, written 5.
    assert_eq!(s10_check_digit(&[0; 8]), 5);
    // Sum 1 (×8 would be 8…): find a serial whose remainder is 1, so 11 - 1 = 10, written 0.
    let ten = (0..100_000_000u32)
        .step_by(7919)
        .map(|n| {
            let s = format!("{n:08}");
            std::array::from_fn::<u8, 8, _>(|i| s.as_bytes()[i] - b'0')
        })
        .find(|d| {
            let sum: u32 = d.iter().zip([8, 6, 4, 2, 3, 5, 9, 7]).map(|(d, w)| u32::from(*d) * w).sum();
            sum % 11 == 1
        })
        .unwrap();
    assert_eq!(s10_check_digit(&ten), 0);
    let e = validate_waybill(WaybillFormat::S10, "RR473124828GB").unwrap_err();
    assert!(e.to_string().contains("应为“9”"), "{e}");
    for bad in ["RR47312482GB", "R1473124829GB", "RR47312482XGB", ""] {
        assert!(validate_waybill(WaybillFormat::S10, bad).is_err(), "{bad}");
    }
}

#[test]
fn domestic_numbers_are_digits_only() {
    assert_eq!(validate_waybill(WaybillFormat::Digits, "1189243057712").unwrap(), "1189243057712");
    assert!(validate_waybill(WaybillFormat::Digits, "11892430577A2").is_err());
    assert!(validate_waybill(WaybillFormat::Digits, "123").is_err());
}

#[test]
fn a_range_expands_in_order_with_its_check_digits() {
    let all = expand_range(WaybillFormat::S10, "EA000000014CN", "EA000000045CN").unwrap();
    assert_eq!(all.len(), 4);
    for n in &all {
        validate_waybill(WaybillFormat::S10, n).unwrap();
    }
    assert_eq!(all[0], "EA000000014CN");
    assert!(all[1].starts_with("EA00000002"));
    let digits = expand_range(WaybillFormat::Digits, "1189000000098", "1189000000101").unwrap();
    assert_eq!(digits, ["1189000000098", "1189000000099", "1189000000100", "1189000000101"]);
    assert!(expand_range(WaybillFormat::S10, "EA000000045CN", "EA000000014CN").is_err(), "backwards");
    assert!(expand_range(WaybillFormat::S10, "EA000000014CN", "EB000000045CN").is_err(), "another prefix");
    assert!(expand_range(WaybillFormat::Digits, "1000000000", "9999999999").is_err(), "too many");
    assert_eq!(low_water_mark(1000), 100);
    assert_eq!(low_water_mark(20), 5);
    assert_eq!(low_water_mark(100_000), 200);
}

#[test]
fn a_shipment_moves_only_forward_and_a_cancelled_one_never_again() {
    use ShipmentAction as A;
    use ShipmentState as S;
    let walk = |actions: &[ShipmentAction]| actions.iter().try_fold(S::Packed, |s, &a| shipment_transition(s, a));
    assert_eq!(walk(&[A::PrintLabel, A::PrintLabel, A::HandOver, A::Receive]), Ok(S::Received));
    assert_eq!(walk(&[A::PrintLabel, A::HandOver, A::Exception, A::Deliver]), Ok(S::Delivered));
    assert_eq!(walk(&[A::Cancel]), Ok(S::Cancelled));
    let e = walk(&[A::Cancel, A::PrintLabel]).unwrap_err();
    assert_eq!(e.to_string(), "邮件当前状态为“已作废”，不能打印面单");
    assert!(walk(&[A::HandOver]).is_err(), "not without a label");
    assert!(walk(&[A::PrintLabel, A::HandOver, A::Cancel]).is_err(), "not once it has left");
    let allowed: usize = ShipmentState::ALL
        .iter()
        .map(|&s| {
            [A::PrintLabel, A::HandOver, A::Receive, A::Deliver, A::Return, A::Exception, A::Cancel]
                .iter()
                .filter(|&&a| shipment_transition(s, a).is_ok())
                .count()
        })
        .sum();
    assert_eq!(allowed, 12);
    for s in ShipmentState::ALL {
        assert_eq!(ShipmentState::parse(s.as_str()), Some(s));
    }
}

#[test]
fn tracking_codes_map_and_unknown_ones_are_kept_as_unknown() {
    assert_eq!(TrackingStatus::from_code("50"), TrackingStatus::Delivered);
    assert_eq!(TrackingStatus::from_code("Delivered"), TrackingStatus::Delivered);
    assert_eq!(TrackingStatus::from_code("99"), TrackingStatus::Unknown);
    assert_eq!(TrackingStatus::Delivered.shipment_action(), Some(ShipmentAction::Deliver));
    assert_eq!(TrackingStatus::InTransit.shipment_action(), None);
}

#[test]
fn a_label_run_stops_resumes_and_finishes_and_nothing_else() {
    use LabelRunAction as A;
    use LabelRunState as S;
    let states = [S::Printing, S::Stopped, S::Finished];
    let actions = [A::Stop, A::Resume, A::Finish];
    let table: Vec<(S, A, Option<S>)> =
        states.iter().flat_map(|&s| actions.iter().map(move |&a| (s, a, label_run_transition(s, a).ok()))).collect();
    assert_eq!(
        table,
        vec![
            (S::Printing, A::Stop, Some(S::Stopped)),
            (S::Printing, A::Resume, Some(S::Printing)),
            (S::Printing, A::Finish, Some(S::Finished)),
            (S::Stopped, A::Stop, None),
            (S::Stopped, A::Resume, Some(S::Printing)),
            (S::Stopped, A::Finish, None),
            (S::Finished, A::Stop, None),
            (S::Finished, A::Resume, None),
            (S::Finished, A::Finish, None),
        ]
    );
    assert_eq!(
        label_run_transition(S::Finished, A::Resume).unwrap_err().to_string(),
        "批量打印当前为“已完成”，不能续打"
    );
    for s in states {
        assert_eq!(LabelRunState::parse(s.as_str()), Some(s));
    }
    let items = [LabelItemState::Pending, LabelItemState::Sending, LabelItemState::Printed, LabelItemState::Failed];
    assert_eq!(items.map(LabelItemState::needs_printing), [true, true, false, true]);
    for i in items {
        assert_eq!(LabelItemState::parse(i.as_str()), Some(i));
    }
}
