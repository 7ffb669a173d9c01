//! Rounding against an independent oracle: the same rounding done on the scaled integer with
//! `i128` arithmetic (quotient, remainder, compare twice the remainder with the divisor), over
//! random values and over exact ties (`.5` at the first dropped digit) of both signs. The
//! properties in `properties.rs` hold by construction (breakdowns sum to totals) and would not
//! notice half-up rounding done as half-even; these would.
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
use recourse::domain::money::{self, RoundRule};
use recourse::terms::RoundingMode;
use rust_decimal::Decimal;

fn pow10(k: u32) -> i128 {
    10i128.pow(k)
}

/// `num / den` rounded to an integer by `rule`, in integers only.
fn oracle_div(num: i128, den: i128, rule: RoundRule) -> i128 {
    assert!(den != 0);
    let q = num / den; // truncated toward zero
    let r = num % den; // the sign of num
    if r == 0 {
        return q;
    }
    let negative = (num < 0) != (den < 0);
    let away = match rule {
        RoundRule::Floor => negative,
        RoundRule::Ceil => !negative,
        RoundRule::Nearest(mode) => {
            let (twice, d) = (2 * r.abs(), den.abs());
            if twice != d {
                twice > d
            } else {
                match mode {
                    RoundingMode::HalfUp => true,
                    RoundingMode::HalfEven => q % 2 != 0,
                }
            }
        }
    };
    match (away, negative) {
        (false, _) => q,
        (true, true) => q - 1,
        (true, false) => q + 1,
    }
}

/// `mantissa * 10^-scale` rounded to `places`, as the scaled integer (value * 10^places).
fn oracle_round(mantissa: i128, scale: u32, places: u32, mode: RoundingMode) -> i128 {
    if scale <= places { mantissa * pow10(places - scale) } else { oracle_div(mantissa, pow10(scale - places), RoundRule::Nearest(mode)) }
}

/// The text of `scaled * 10^-places` with exactly `places` decimals, no sign on zero.
fn oracle_text(scaled: i128, places: u32) -> String {
    let digits = scaled.unsigned_abs().to_string();
    let p = places as usize;
    let padded = format!("{digits:0>width$}", width = p + 1);
    let (int, frac) = padded.split_at(padded.len() - p);
    let sign = if scaled < 0 { "-" } else { "" };
    if p == 0 { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") }
}

fn mode() -> impl Strategy<Value = RoundingMode> {
    prop_oneof![Just(RoundingMode::HalfUp), Just(RoundingMode::HalfEven)]
}

/// A value `mantissa * 10^-scale` with `places < scale` whose first dropped digit is an exact
/// tie: `k + 0.5` units of the last kept place, for either sign.
fn tie() -> impl Strategy<Value = (i128, u32, u32)> {
    (-10_000_000i64..10_000_000, 0u32..=4, 1u32..=6).prop_map(|(k, places, extra)| {
        let unit = pow10(extra); // one unit of the last kept place, in the value's scale
        let half = unit / 2;
        let k = i128::from(k);
        let mantissa = if k < 0 { k * unit - half } else { k * unit + half };
        (mantissa, places + extra, places)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn round_to_agrees_with_the_integer_oracle(m in any::<i64>(), scale in 0u32..=12, places in 0u32..=4, mode in mode()) {
        let amount = Decimal::from_i128_with_scale(i128::from(m), scale);
        let expected = Decimal::from_i128_with_scale(oracle_round(i128::from(m), scale, places, mode), places);
        prop_assert_eq!(money::round_to(amount, places, mode), expected, "{} to {} places, {:?}", amount, places, mode);
    }

    #[test]
    fn ties_round_half_up_away_from_zero_and_half_even_to_even((m, scale, places) in tie(), mode in mode()) {
        let amount = Decimal::from_i128_with_scale(m, scale);
        let expected = oracle_round(m, scale, places, mode);
        prop_assert_eq!(money::round_to(amount, places, mode), Decimal::from_i128_with_scale(expected, places), "{}", amount);
        // A tie always has two candidates; the modes differ exactly when the truncation is even.
        let truncated = m / pow10(scale - places);
        let up = oracle_round(m, scale, places, RoundingMode::HalfUp);
        prop_assert_eq!(up, truncated + m.signum(), "half-up moves a tie away from zero");
        let even = oracle_round(m, scale, places, RoundingMode::HalfEven);
        prop_assert_eq!(even % 2, 0, "half-even lands on an even last digit");
    }

    #[test]
    fn currency_round_uses_its_minor_units(m in any::<i64>(), scale in 0u32..=8, mode in mode(), code in prop::sample::select(vec!["USD", "JPY", "BHD", "EUR"])) {
        let currency = money::Currency::from_code(code).unwrap();
        let places = currency.minor_units();
        let amount = Decimal::from_i128_with_scale(i128::from(m), scale);
        let scaled = oracle_round(i128::from(m), scale, places, mode);
        prop_assert_eq!(currency.round(amount, mode), Decimal::from_i128_with_scale(scaled, places));
        // Formatting a rounded amount shows exactly the minor unit's places.
        prop_assert_eq!(currency.format(currency.round(amount, mode)), oracle_text(scaled, places));
    }

    #[test]
    fn format_places_rounds_half_up_and_pads(m in any::<i64>(), scale in 0u32..=12, places in 0u32..=6) {
        let amount = Decimal::from_i128_with_scale(i128::from(m), scale);
        let scaled = oracle_round(i128::from(m), scale, places, RoundingMode::HalfUp);
        prop_assert_eq!(money::format_places(amount, places), oracle_text(scaled, places), "{}", amount);
    }

    #[test]
    fn divide_with_agrees_with_the_integer_oracle(
        a in -2_000_000_000i64..2_000_000_000, b in -50_000i64..50_000, sa in 0u32..=4, sb in 0u32..=4, places in 0u32..=4,
        rule in prop_oneof![
            Just(RoundRule::Nearest(RoundingMode::HalfUp)), Just(RoundRule::Nearest(RoundingMode::HalfEven)),
            Just(RoundRule::Floor), Just(RoundRule::Ceil)
        ],
    ) {
        prop_assume!(b != 0);
        let (n, d) = (Decimal::from_i128_with_scale(i128::from(a), sa), Decimal::from_i128_with_scale(i128::from(b), sb));
        // (a 10^-sa) / (b 10^-sb) * 10^places = a 10^(sb + places) / (b 10^sa).
        let expected = oracle_div(i128::from(a) * pow10(sb + places), i128::from(b) * pow10(sa), rule);
        let got = money::divide_with(n, d, places, rule).unwrap();
        prop_assert_eq!(got, Decimal::from_i128_with_scale(expected, places), "{} / {} to {} places, {:?}", n, d, places, rule);
        prop_assert_eq!(got.scale(), places, "the quotient carries exactly `places` decimals");
        if let RoundRule::Nearest(mode) = rule {
            prop_assert_eq!(money::divide_rounded(n, d, places, mode), Some(got));
        }
    }

    #[test]
    fn divide_with_ties_of_both_signs(k in -1_000_000i64..1_000_000, places in 0u32..=3, negate in any::<bool>(), mode in mode()) {
        // (2k + 1) / 2 at `places` = 0 is k + 0.5 exactly; scaled down by 10^places it is a tie
        // at the last kept place.
        let num = Decimal::from_i128_with_scale(i128::from(2 * k + 1), places);
        let den = if negate { Decimal::NEGATIVE_ONE * Decimal::TWO } else { Decimal::TWO };
        let expected = oracle_div(i128::from(2 * k + 1), if negate { -2 } else { 2 }, RoundRule::Nearest(mode));
        prop_assert_eq!(money::divide_rounded(num, den, places, mode), Some(Decimal::from_i128_with_scale(expected, places)));
    }
}

#[test]
fn the_oracle_itself_rounds_known_cases() {
    // 2.5 -> 3 / 2, -2.5 -> -3 / -2, 3.5 -> 4 / 4, 2.51 -> 3 / 3, -0.004 -> 0.00.
    assert_eq!(oracle_round(25, 1, 0, RoundingMode::HalfUp), 3);
    assert_eq!(oracle_round(25, 1, 0, RoundingMode::HalfEven), 2);
    assert_eq!(oracle_round(-25, 1, 0, RoundingMode::HalfUp), -3);
    assert_eq!(oracle_round(-25, 1, 0, RoundingMode::HalfEven), -2);
    assert_eq!(oracle_round(35, 1, 0, RoundingMode::HalfEven), 4);
    assert_eq!(oracle_round(251, 2, 0, RoundingMode::HalfEven), 3);
    assert_eq!(oracle_text(oracle_round(-4, 3, 2, RoundingMode::HalfUp), 2), "0.00");
    assert_eq!(oracle_text(-5, 2), "-0.05");
    assert_eq!(oracle_text(1200, 0), "1200");
    assert_eq!(oracle_div(7, -2, RoundRule::Floor), -4);
    assert_eq!(oracle_div(7, -2, RoundRule::Ceil), -3);
    assert_eq!(oracle_div(-7, 2, RoundRule::Nearest(RoundingMode::HalfEven)), -4);
}

#[test]
fn a_policy_s_rounding_mode_reaches_the_amounts() {
    // 3 units at 0.125 = 0.375 -> 0.38 either way; 5 units at 0.125 = 0.625 -> 0.63 half up,
    // 0.62 half even.
    let claim = |units: u32| {
        format!(
            r#"{{"claim_id":"C","as_of":"2026-03-06","currency":"USD","order":{{"units":1000,"unit_price":"0.125","delivered_on":"2026-01-31","due_on":"2026-01-25"}},"affected_units":{units},"discovered_on":"2026-02-02","notified_on":"2026-02-03"}}"#
        )
    };
    let policy = |mode: &str| {
        format!(
            "policy \"R\" {{\n  currency USD\n  rounding {mode}\n}}\nremedy credit \"R.1\" {{\n  supplier pays claim.affected_units * order.unit_price as \"Credit\"\n}}\n"
        )
    };
    let amount = |mode: &str, units: u32| -> String {
        let out: serde_json::Value = serde_json::from_str(&recourse::api::evaluate_to_json(&policy(mode), &claim(units))).unwrap();
        assert_eq!(out["ok"], true, "{out:#}");
        out["decision"]["remedies"][0]["lines"][0]["amount"].as_str().unwrap().to_string()
    };
    assert_eq!(amount("half_up", 5), "0.63");
    assert_eq!(amount("half_even", 5), "0.62");
    assert_eq!(amount("half_even", 3), "0.38");
    assert_eq!(amount("half_up", 3), "0.38");
}

/// `numerator / denominator` (integers) by `rule` to 0 places, checked against the oracle.
fn check_division(numerator: i128, denominator: i128, rule: RoundRule) {
    let got = money::divide_with(Decimal::from_i128_with_scale(numerator, 0), Decimal::from_i128_with_scale(denominator, 0), 0, rule);
    let expected = Decimal::from_i128_with_scale(oracle_div(numerator, denominator, rule), 0);
    assert_eq!(got, Some(expected), "{numerator} / {denominator}, {rule:?}");
}

const RULES: [RoundRule; 4] =
    [RoundRule::Floor, RoundRule::Ceil, RoundRule::Nearest(RoundingMode::HalfUp), RoundRule::Nearest(RoundingMode::HalfEven)];

#[test]
fn a_quotient_that_decimal_division_rounds_up_to_an_integer_is_corrected() {
    // 79228162514264337593543950334 / 9 = 8803129168251593065949327814.888...: the integer part
    // has 28 digits and Decimal's 96-bit mantissa holds no digit after it, so Decimal division
    // rounds it up to ...815 and truncating that overshoots by one. The remainder then has the
    // wrong sign and the quotient must step back toward zero, for either sign of numerator and
    // denominator.
    let n = 79_228_162_514_264_337_593_543_950_334i128;
    for (a, b) in [(n, 9), (-n, 9), (n, -9), (-n, -9)] {
        for rule in RULES {
            check_division(a, b, rule);
        }
    }
    assert_eq!(
        money::divide_with(Decimal::from_i128_with_scale(n, 0), Decimal::from(9), 0, RoundRule::Floor),
        Some(Decimal::from_i128_with_scale(8_803_129_168_251_593_065_949_327_814, 0))
    );
}

#[test]
fn the_largest_decimals_divide_without_overflowing() {
    // The quotient of Decimal::MAX by 1 is Decimal::MAX: no correction step may go past it.
    let max = Decimal::MAX.mantissa();
    for rule in RULES {
        check_division(max, 1, rule);
        check_division(-max, 1, rule);
        check_division(max, -1, rule);
        check_division(max, 7, rule);
    }
}
