//! Nothing rounds silently: sums, differences and products are exact or refused (E0305), decimal
//! text is read exactly whatever its leading zeros, and computed dates stay within 0001-9999.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use proptest::prelude::*;
use recourse::domain::money::{Checked, DecimalTextError, parse_decimal};
use rust_decimal::Decimal;

const CLAIM: &str = include_str!("../../../policies/apparel-coats.claim.json");

fn d(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

/// The value `m / 10^s` as a Decimal when it is representable exactly, by an oracle that knows
/// only integers: strip trailing zeros, then the mantissa must fit 96 bits and the scale 28.
fn representable(mut m: i128, mut s: u32) -> Option<Decimal> {
    while s > 0 && m % 10 == 0 {
        m /= 10;
        s -= 1;
    }
    (m.unsigned_abs() < (1u128 << 96) && s <= 28).then(|| Decimal::from_i128_with_scale(m, s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_sum_is_exact_or_refused(ma in any::<i128>(), sa in 0u32..=28, mb in any::<i128>(), apart in 0u32..=9) {
        // The oracle needs both mantissas aligned in an i128: scales at most 9 apart.
        let a = Decimal::from_i128_with_scale(ma % (1i128 << 96), sa);
        let b = Decimal::from_i128_with_scale(mb % (1i128 << 96), (sa + apart).min(28));
        let s = a.scale().max(b.scale());
        let align = |x: Decimal| x.mantissa() * 10i128.pow(s - x.scale());
        let exact = representable(align(a) + align(b), s);
        prop_assert_eq!(a.plus(b), exact);
        let exact = representable(align(a) - align(b), s);
        prop_assert_eq!(a.minus(b), exact);
    }

    #[test]
    fn a_product_is_exact_or_refused(ma in -(10i128.pow(19))..10i128.pow(19), sa in 0u32..=28, mb in -(10i128.pow(19))..10i128.pow(19), sb in 0u32..=28) {
        let (a, b) = (Decimal::from_i128_with_scale(ma, sa), Decimal::from_i128_with_scale(mb, sb));
        let exact = if ma == 0 || mb == 0 { Some(Decimal::ZERO) } else { representable(ma * mb, sa + sb) };
        prop_assert_eq!(a.times(b), exact);
    }

    #[test]
    fn leading_zeros_never_change_a_value(digits in "[1-9][0-9]{0,14}(\\.[0-9]{1,10})?", zeros in 0usize..5000) {
        let padded = format!("{}{digits}", "0".repeat(zeros));
        prop_assert_eq!(parse_decimal(&padded), parse_decimal(&digits));
        prop_assert_eq!(parse_decimal(&format!("-{padded}")), parse_decimal(&format!("-{digits}")));
    }
}

#[test]
fn zero_times_a_price_with_cents_is_zero() {
    // Was E0305: the product's digit count came from the operands' scales.
    assert_eq!(Decimal::ZERO.times(d("16.85")), Some(Decimal::ZERO));
    let mut claim: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    claim["affected_units"] = 0.into();
    claim["order"]["unit_price"] = "16.85".into();
    claim["order"].as_object_mut().unwrap().remove("value");
    let policy = recourse::Policy::compile(include_str!("../../../policies/apparel-coats.policy")).unwrap();
    let decision = policy.evaluate_json(&claim.to_string()).unwrap();
    let replacement = decision.remedies.iter().find(|r| r.name == "replacement").unwrap();
    // The goods line is zero; the freight stays.
    assert_eq!(replacement.supplier_total.to_string(), "950.00");
}

#[test]
fn sums_past_28_digits_are_an_error_not_a_rounded_number() {
    // 1e27 + 0.01 needs 30 digits: rust_decimal alone gives 1e27, so `a + b > a` was false.
    assert_eq!(d("1000000000000000000000000000").plus(d("0.01")), None);
    assert_eq!(d("1000000000000000000000000000").minus(d("0.01")), None);
    // Trailing zeros that are cut lose nothing: exact.
    assert_eq!(d("79228162514264337593543950.330").plus(d("0.005")), Some(d("79228162514264337593543950.335")));
    let src = "policy \"P\" { currency USD }\nreport let total = costs.a + costs.b\n";
    let policy = recourse::Policy::compile(src).unwrap();
    let mut claim: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    claim["facts"] = serde_json::json!({});
    claim.as_object_mut().unwrap().remove("inspection");
    claim["costs"] = serde_json::json!({ "a": "1000000000000000000000000000", "b": "0.01" });
    let e = policy.evaluate_json(&claim.to_string()).unwrap_err();
    assert_eq!(e.code, recourse::Code::Overflow);
    assert_eq!(e.message, "a sum needs more than 28 significant digits");
    claim["costs"] = serde_json::json!({ "a": "1000000000000000000000000", "b": "0.01" });
    let ok = policy.evaluate_json(&claim.to_string()).unwrap();
    assert_eq!(ok.reported[0].value, "1000000000000000000000000.01");
}

#[test]
fn decimal_text_is_bounded_before_it_is_parsed() {
    let zeros = "0".repeat(5000);
    assert_eq!(parse_decimal(&format!("{zeros}42.10")).unwrap().to_string(), "42.10");
    assert_eq!(parse_decimal(&format!("0.{zeros}1")), Err(DecimalTextError::Range));
    assert_eq!(parse_decimal(&format!("1.{zeros}")), Err(DecimalTextError::Range));
    assert_eq!(parse_decimal(&"9".repeat(30)), Err(DecimalTextError::Range));
    assert_eq!(parse_decimal("79228162514264337593543950335").unwrap(), Decimal::MAX);
    assert_eq!(parse_decimal("79228162514264337593543950336"), Err(DecimalTextError::Range));
    assert_eq!(parse_decimal("0.0000000000000000000000000001").unwrap(), Decimal::from_i128_with_scale(1, 28));
    for bad in ["", "-", ".5", "5.", "1e3", "+1", "1.2.3", " 1", "--1", "1_000", "١٢"] {
        assert_eq!(parse_decimal(bad), Err(DecimalTextError::Shape), "{bad:?}");
    }
    // In a claim: the message quotes the text, cut short.
    let mut claim: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    claim["order"]["unit_price"] = format!("{zeros}42.00").into();
    let policy = recourse::Policy::compile(include_str!("../../../policies/apparel-coats.policy")).unwrap();
    assert!(policy.evaluate_json(&claim.to_string()).is_ok());
    claim["order"]["unit_price"] = format!("1.{zeros}1").into();
    let e = policy.evaluate_json(&claim.to_string()).unwrap_err();
    assert_eq!(e.code, recourse::Code::InvalidClaim);
    assert!(e.message.starts_with("`order.unit_price`: `1.000"), "{}", e.message);
    assert!(e.message.len() < 200, "{}", e.message);
    // In a policy: a number literal with thousands of leading zeros is its value.
    let src = format!("policy \"P\" {{ currency USD }}\nreport let x = {zeros}2.50 * 2\n");
    let policy = recourse::Policy::compile(&src).unwrap();
    claim["order"]["unit_price"] = "42.00".into();
    claim["facts"] = serde_json::json!({});
    claim.as_object_mut().unwrap().remove("inspection");
    assert_eq!(policy.evaluate_json(&claim.to_string()).unwrap().reported[0].value, "5");
}

#[test]
fn computed_dates_stay_within_the_years_0001_to_9999() {
    let src = "policy \"P\" { currency USD }\nreport let late = claim.notified_on + 3000000 days\nreport let early = claim.notified_on - 800000 days\n";
    let policy = recourse::Policy::compile(src).unwrap();
    let mut claim: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    claim["facts"] = serde_json::json!({});
    claim.as_object_mut().unwrap().remove("inspection");
    let e = policy.evaluate_json(&claim.to_string()).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("E0305", "a date fell outside the years 0001 to 9999"));
    // The last day that fits is fine.
    let src = "policy \"P\" { currency USD }\nreport let last = claim.notified_on + 2912379 days\n";
    let policy = recourse::Policy::compile(src).unwrap();
    assert_eq!(policy.evaluate_json(&claim.to_string()).unwrap().reported[0].value, "9999-12-31");
}

#[test]
fn a_product_exact_only_at_fewer_places_than_its_factors_have_is_kept() {
    // 2 x 10^27 (one decimal place) x 0.5 = 10^27: at the 2 places of the factors it needs 30
    // digits, so rust_decimal gives it with fewer, and it is still the exact product (its
    // mantissas have the factors of 10 that the places dropped).
    assert_eq!(d("2000000000000000000000000000.0").times(d("0.5")), Some(d("1000000000000000000000000000")));
    assert_eq!(d("-2000000000000000000000000000.0").times(d("0.25")), Some(d("-500000000000000000000000000")));
}

#[test]
fn an_amount_is_zero_only_at_zero_whatever_its_places() {
    let usd = recourse::domain::money::Currency::from_code("USD").unwrap();
    let money = |s: &str| recourse::domain::money::Money::new(d(s), usd);
    assert!(money("0").is_zero());
    assert!(money("0.00").is_zero());
    assert!(money("-0.00").is_zero());
    assert!(!money("0.01").is_zero());
    assert!(!money("-0.01").is_zero());
}
