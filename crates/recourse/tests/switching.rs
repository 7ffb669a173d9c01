//! ISO 2859-1 / ANSI Z1.4 switching rules, each pinned by a lot history replayed through the
//! public API (`recourse::api::evaluate_to_json`): the inspection state the history leads to
//! (`decision.lot.inspection.state`), its reason and the ISO switching score. The rules are those
//! of `/work/shared/reference/iso2859-1-tables.md` ("Switching rules").
//!
//! The plans used (lot of 5000 units, level II, code letter L): normal n = 200 with major 2.5
//! Ac 10 / Re 11 (one step tighter, 1.5: Ac 7) and minor 4.0 Ac 14 / Re 15 (tighter, 2.5: Ac 10);
//! reduced n = 80 with major 2.5 Ac 5 / Re 8. So a lot with 3 cracks earns 3 points, one with 8
//! cracks is accepted but would fail one step tighter, one with 11 is not accepted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use serde_json::{Value, json};

const POLICY: &str = r#"policy "Switching" {
  currency USD
  rounding half_up
}

defects {
  crack  major "Crack in housing"
  smudge minor "Smudge"
  not a defect transit_damage "Damage in transit" -> "carrier claim"
}
sampling "S.9 Sampling with switching" {
  iso2859 level II START
  aql major MAJOR_AQL, minor 4.0
  switching RULES
}
remedy replace "R.1" {
  when lot.rejected
  supplier pays claim.affected_units * order.unit_price as "Replacement"
}
"#;

/// One earlier lot: its outcome only, or its defect counts on a lot of 5000.
#[derive(Clone, Copy)]
enum Lot {
    Accepted,
    Rejected,
    Cracks(u64),
    /// Minor defects (smudges) only.
    Smudges(u64),
    /// Cracks, and that many units damaged in transit (not a defect).
    CracksAndTransit(u64, u64),
}
use Lot::{Accepted, Rejected};

fn cracks(n: u64) -> Lot {
    Lot::Cracks(n)
}

/// `n` copies of `lot`.
fn times(n: usize, lot: Lot) -> Vec<Lot> {
    vec![lot; n]
}

fn seq(parts: &[Vec<Lot>]) -> Vec<Lot> {
    parts.concat()
}

struct Setup {
    rules: &'static str,
    start: &'static str,
    major_aql: &'static str,
    steady: bool,
    approved: bool,
}

const ISO: Setup = Setup { rules: "iso2859-1", start: "normal", major_aql: "2.5", steady: true, approved: true };
const Z14: Setup = Setup { rules: "z1.4", start: "normal", major_aql: "2.5", steady: true, approved: true };

/// The lot history's own `lot_history` entries, a day apart, named H01, H02, ...
fn history(lots: &[Lot]) -> Value {
    let entries: Vec<Value> = lots
        .iter()
        .enumerate()
        .map(|(i, lot)| {
            let name = format!("H{:02}", i + 1);
            let received = format!("2025-{:02}-{:02}", 1 + i / 28, 1 + i % 28);
            match lot {
                Accepted => json!({ "lot": name, "received_on": received, "accepted": true }),
                Rejected => json!({ "lot": name, "received_on": received, "accepted": false }),
                Lot::Cracks(n) => json!({
                    "lot": name, "received_on": received, "lot_size": 5000,
                    "found": [{ "defect": "crack", "count": n }]
                }),
                Lot::Smudges(n) => json!({
                    "lot": name, "received_on": received, "lot_size": 5000,
                    "found": [{ "defect": "smudge", "count": n }]
                }),
                Lot::CracksAndTransit(n, t) => json!({
                    "lot": name, "received_on": received, "lot_size": 5000,
                    "found": [{ "defect": "crack", "count": n }, { "defect": "transit_damage", "count": t }]
                }),
            }
        })
        .collect();
    Value::Array(entries)
}

/// `decision.lot.inspection` after replaying `lots` (the claim's own lot has no defects).
fn inspection(setup: &Setup, lots: &[Lot]) -> Value {
    let out = evaluate(setup, history(lots));
    assert_eq!(out["ok"], true, "{out:#}");
    out["decision"]["lot"]["inspection"].clone()
}

/// The whole result for a claim with this `lot_history`.
fn evaluate(setup: &Setup, lot_history: Value) -> Value {
    let policy = POLICY.replace("START", setup.start).replace("MAJOR_AQL", setup.major_aql).replace("RULES", setup.rules);
    let claim = json!({
        "claim_id": "C-1",
        "as_of": "2026-03-06",
        "currency": "USD",
        "sku": "SKU-1",
        "supplier": "Acme",
        "order": { "units": 1000, "unit_price": "0.125", "delivered_on": "2026-01-31", "due_on": "2026-01-25" },
        "affected_units": 3,
        "discovered_on": "2026-02-02",
        "notified_on": "2026-02-03",
        "lot": "L-NOW",
        "inspection": { "lot_size": 5000, "sample_size": 200, "found": [] },
        "lot_history": lot_history,
        "switching": { "production_steady": setup.steady, "reduced_approved": setup.approved }
    });
    serde_json::from_str(&recourse::api::evaluate_to_json(&policy, &claim.to_string())).unwrap()
}

fn state(setup: &Setup, lots: &[Lot]) -> String {
    inspection(setup, lots)["state"].as_str().unwrap().to_string()
}

fn score(lots: &[Lot]) -> u64 {
    let i = inspection(&ISO, lots);
    assert_eq!(i["state"], "normal", "the score is reported on normal inspection: {i:#}");
    i["switching_score"].as_u64().unwrap()
}

// --- normal -> tightened: 2 lots not accepted within 5 or fewer consecutive lots ---------------

#[test]
fn two_rejections_within_five_consecutive_lots_tighten() {
    for lots in [
        vec![Rejected, Rejected],
        vec![Rejected, Accepted, Rejected],
        seq(&[vec![Rejected], times(3, Accepted), vec![Rejected]]),
        seq(&[times(7, Accepted), vec![Rejected], times(3, Accepted), vec![Rejected]]),
    ] {
        let i = inspection(&ISO, &lots);
        assert_eq!(i["state"], "tightened", "{i:#}");
        assert!(i["reason"].as_str().unwrap().contains("not accepted"), "{i:#}");
    }
}

#[test]
fn two_rejections_spread_over_six_to_ten_lots_do_not_tighten() {
    // The rule's window is 5 consecutive lots: rejections 5 to 9 lots apart are outside it.
    for between in 4..=8 {
        let lots = seq(&[vec![Rejected], times(between, Accepted), vec![Rejected]]);
        assert_eq!(state(&ISO, &lots), "normal", "2 rejections in {} lots", between + 2);
        assert_eq!(state(&Z14, &lots), "normal", "Z1.4, 2 rejections in {} lots", between + 2);
    }
}

#[test]
fn one_rejection_does_not_tighten() {
    assert_eq!(state(&ISO, &[Rejected]), "normal");
    assert_eq!(state(&ISO, &seq(&[times(4, Accepted), vec![Rejected], times(4, Accepted)])), "normal");
}

// --- tightened -> normal: 5 consecutive lots accepted ------------------------------------------

#[test]
fn five_consecutive_accepted_lots_on_tightened_return_to_normal() {
    let tightened = vec![Rejected, Rejected];
    assert_eq!(state(&ISO, &seq(&[tightened.clone(), times(4, Accepted)])), "tightened");
    let i = inspection(&ISO, &seq(&[tightened.clone(), times(5, Accepted)]));
    assert_eq!(i["state"], "normal", "{i:#}");
    assert!(i["reason"].as_str().unwrap().contains("5 consecutive lots accepted"), "{i:#}");
    // Consecutive: a rejection on tightened starts the count again.
    assert_eq!(state(&ISO, &seq(&[tightened.clone(), times(4, Accepted), vec![Rejected], times(4, Accepted)])), "tightened");
    assert_eq!(state(&ISO, &seq(&[tightened, times(4, Accepted), vec![Rejected], times(5, Accepted)])), "normal");
}

#[test]
fn back_on_normal_the_rejection_window_starts_afresh() {
    // The rejections that tightened inspection do not count again once back on normal.
    let lots = seq(&[vec![Rejected, Rejected], times(5, Accepted), vec![Rejected]]);
    assert_eq!(state(&ISO, &lots), "normal");
}

// --- tightened -> discontinued: 5 lots not accepted on tightened -------------------------------

#[test]
fn five_lots_not_accepted_on_tightened_discontinue_inspection() {
    let tightened = vec![Rejected, Rejected];
    assert_eq!(state(&ISO, &seq(&[tightened.clone(), times(4, Rejected)])), "tightened");
    assert_eq!(state(&ISO, &seq(&[tightened.clone(), times(5, Rejected)])), "discontinued");
    // Not necessarily consecutive: 5 rejections in the sequence on tightened.
    let scattered =
        seq(&[tightened.clone(), vec![Rejected, Accepted, Rejected, Accepted, Rejected, Accepted, Rejected, Accepted, Rejected]]);
    assert_eq!(state(&ISO, &scattered), "discontinued");
    // Discontinuation stays: accepted lots afterwards do not resume inspection by themselves.
    assert_eq!(state(&ISO, &seq(&[tightened, times(5, Rejected), times(6, Accepted)])), "discontinued");
}

// --- normal -> reduced (ISO 2859-1:1999): switching score >= 30 --------------------------------

#[test]
fn an_accepted_lot_that_would_pass_one_step_tighter_adds_three() {
    assert_eq!(score(&[cracks(3)]), 3);
    assert_eq!(score(&[cracks(0), cracks(7)]), 6, "7 cracks: Ac 7 one step tighter still passes");
    assert_eq!(score(&times(9, cracks(3))), 27);
}

#[test]
fn an_accepted_lot_that_would_fail_one_step_tighter_resets_the_score() {
    assert_eq!(score(&seq(&[times(4, cracks(3)), vec![cracks(8)]])), 0, "8 cracks: accepted (Ac 10), not at 1.5 (Ac 7)");
    assert_eq!(score(&seq(&[times(9, cracks(3)), vec![cracks(8)], times(9, cracks(3))])), 27);
}

#[test]
fn a_lot_not_accepted_resets_the_score() {
    assert_eq!(score(&seq(&[times(4, cracks(3)), vec![cracks(11)]])), 0, "11 cracks: Re 11");
    // 9 + 9 good lots around one rejected lot: the score never reaches 30.
    let lots = seq(&[times(9, cracks(3)), vec![cracks(11)], times(9, cracks(3))]);
    assert_eq!(score(&lots), 27);
    assert_eq!(state(&ISO, &seq(&[lots, vec![cracks(3)]])), "reduced");
}

#[test]
fn a_class_with_ac_0_or_1_adds_two() {
    // Major AQL 0.25 at code letter L: Ac 1 / Re 2, so an accepted lot earns 2 points.
    let setup = Setup { major_aql: "0.25", ..ISO };
    let i = inspection(&setup, &[cracks(1)]);
    assert_eq!(i["switching_score"], 2, "{i:#}");
    let i = inspection(&setup, &times(14, cracks(0)));
    assert_eq!((i["state"].as_str(), i["switching_score"].as_u64()), (Some("normal"), Some(28)), "{i:#}");
    assert_eq!(inspection(&setup, &times(15, cracks(0)))["state"], "reduced", "15 x 2 = 30");
    assert_eq!(inspection(&setup, &seq(&[times(14, cracks(0)), vec![cracks(2)]]))["switching_score"], 0, "2 cracks: Re 2");
}

#[test]
fn a_score_of_thirty_switches_to_reduced_with_steady_production_and_approval() {
    let i = inspection(&ISO, &times(10, cracks(3)));
    assert_eq!(i["state"], "reduced", "{i:#}");
    assert!(i["reason"].as_str().unwrap().contains("switching score reached 30"), "{i:#}");
    for setup in [Setup { steady: false, ..ISO }, Setup { approved: false, ..ISO }] {
        let i = inspection(&setup, &times(12, cracks(3)));
        assert_eq!(i["state"], "normal", "{i:#}");
        assert!(i["reason"].as_str().unwrap().contains("also needs steady production and approval"), "{i:#}");
    }
}

#[test]
fn lots_known_only_as_accepted_earn_no_points() {
    // Without counts the lot's score contribution is unknown: the code resets the score.
    assert_eq!(score(&seq(&[times(9, cracks(3)), vec![Accepted]])), 0);
}

// --- normal -> reduced (Z1.4): 10 consecutive lots accepted, steady production, approval -------

#[test]
fn z14_ten_consecutive_accepted_lots_switch_to_reduced_once_approved() {
    assert_eq!(state(&Z14, &times(9, Accepted)), "normal");
    let i = inspection(&Z14, &times(10, Accepted));
    assert_eq!(i["state"], "reduced", "{i:#}");
    assert!(i["reason"].as_str().unwrap().contains("10 consecutive lots accepted"), "{i:#}");
    assert_eq!(state(&Setup { approved: false, ..Z14 }, &times(10, Accepted)), "normal");
    assert_eq!(state(&Setup { steady: false, ..Z14 }, &times(10, Accepted)), "normal");
    // Consecutive: a rejection starts the count again.
    assert_eq!(state(&Z14, &seq(&[times(9, Accepted), vec![Rejected], times(9, Accepted)])), "normal");
    assert_eq!(state(&Z14, &seq(&[times(9, Accepted), vec![Rejected], times(10, Accepted)])), "reduced");
}

// --- reduced -> normal ---------------------------------------------------------------------------

#[test]
fn a_lot_not_accepted_on_reduced_reinstates_normal() {
    let reduced = times(10, cracks(3));
    assert_eq!(state(&ISO, &seq(&[reduced.clone(), vec![cracks(5)]])), "reduced", "5 cracks: reduced Ac 5");
    let i = inspection(&ISO, &seq(&[reduced.clone(), vec![cracks(8)]]));
    assert_eq!(i["state"], "normal", "8 cracks: reduced Re 8: {i:#}");
    assert!(i["reason"].as_str().unwrap().contains("was not accepted on reduced inspection"), "{i:#}");
    assert_eq!(state(&ISO, &seq(&[reduced, vec![Rejected]])), "normal");
    assert_eq!(state(&Z14, &seq(&[times(10, Accepted), vec![Rejected]])), "normal");
}

#[test]
fn a_lot_accepted_between_ac_and_re_on_reduced_reinstates_normal() {
    let i = inspection(&ISO, &seq(&[times(10, cracks(3)), vec![cracks(6)]]));
    assert_eq!(i["state"], "normal", "6 cracks: reduced Ac 5 < 6 < Re 8: {i:#}");
    assert!(i["reason"].as_str().unwrap().contains("Ac < d < Re"), "{i:#}");
}

#[test]
fn reduced_without_steady_production_reinstates_normal() {
    // Starting on reduced (the policy's state) with production not steady.
    let setup = Setup { start: "reduced", steady: false, ..ISO };
    let i = inspection(&setup, &[cracks(0)]);
    assert_eq!(i["state"], "normal", "{i:#}");
    assert!(i["reason"].as_str().unwrap().contains("production is not steady"), "{i:#}");
    assert_eq!(state(&Setup { steady: true, ..setup }, &[cracks(0)]), "reduced");
}

#[test]
fn the_score_starts_again_after_a_return_from_reduced() {
    // Back on normal, the score that led to reduced is gone.
    let lots = seq(&[times(10, cracks(3)), vec![Rejected], times(9, cracks(3))]);
    assert_eq!(score(&lots), 27);
}

// --- each class judged by its own plan ----------------------------------------------------------

#[test]
fn minor_defects_are_judged_on_the_minor_plan() {
    // 11 smudges: within minor 4.0 (Ac 14) though above major 2.5's Re 11; one step tighter (2.5,
    // Ac 10) they fail, so the score resets but the lot is accepted: two such lots do not tighten.
    assert_eq!(score(&[Lot::Smudges(11), Lot::Smudges(11)]), 0);
    assert_eq!(score(&[Lot::Smudges(10)]), 3, "10 smudges pass minor 2.5 (Ac 10)");
    assert_eq!(state(&ISO, &[Lot::Smudges(15), Lot::Smudges(15)]), "tightened", "minor Re 15");
}

#[test]
fn a_class_with_ac_exactly_2_earns_three_points() {
    // Major AQL 0.40 at code letter L: Ac 2 / Re 3; one step tighter (0.25) Ac 1.
    let setup = Setup { major_aql: "0.40", ..ISO };
    let plan = |lots: &[Lot]| inspection(&setup, lots)["switching_score"].as_u64().unwrap();
    assert_eq!(plan(&[cracks(1)]), 3, "1 crack passes 0.25's Ac 1");
    assert_eq!(plan(&[cracks(1), cracks(2)]), 0, "2 cracks: accepted at Ac 2, not one step tighter");
}

#[test]
fn defects_the_policy_excludes_do_not_count_in_earlier_lots() {
    // 40 units damaged in transit would reject any plan; they are not defects.
    assert_eq!(score(&[Lot::CracksAndTransit(3, 40)]), 3);
}

#[test]
fn an_unknown_defect_or_an_incomplete_earlier_lot_is_an_error() {
    let unknown = json!([{ "lot": "H01", "received_on": "2025-01-01", "lot_size": 5000, "found": [{ "defect": "dent", "count": 1 }] }]);
    let out = evaluate(&ISO, unknown);
    assert_eq!(out["ok"], false, "{out:#}");
    assert_eq!(out["errors"][0]["code"], "E0303", "{out:#}");
    let incomplete = json!([{ "lot": "H01", "received_on": "2025-01-01", "lot_size": 5000 }]);
    let out = evaluate(&ISO, incomplete);
    assert_eq!(out["ok"], false, "{out:#}");
    assert!(out["errors"][0]["message"].as_str().unwrap().contains("needs either `lot_size` and `found`, or `accepted`"), "{out:#}");
}

#[test]
fn earlier_lots_are_replayed_in_the_order_received_not_listed() {
    let reorder = |lots: &[Lot], order: &[usize]| {
        let h = history(lots);
        Value::Array(order.iter().map(|i| h[*i].clone()).collect())
    };
    let state_of = |h: Value| evaluate(&ISO, h)["decision"]["lot"]["inspection"]["state"].as_str().unwrap().to_string();
    // Received: R A A A A R (6 lots apart, no tightening); listed with the two rejections adjacent.
    let apart = seq(&[vec![Rejected], times(4, Accepted), vec![Rejected]]);
    assert_eq!(state_of(reorder(&apart, &[0, 5, 1, 2, 3, 4])), "normal");
    // Received: A A A A A R R (tightened); listed with the rejections 6 apart.
    let together = seq(&[times(5, Accepted), vec![Rejected, Rejected]]);
    assert_eq!(state_of(reorder(&together, &[5, 0, 1, 2, 3, 4, 6])), "tightened");
}

#[test]
fn the_smallest_aql_never_has_ac_2_so_it_needs_no_step_tighter() {
    // The score's "+3" test looks one AQL step tighter only for a class with Ac >= 2. AQL 0.010
    // (the first column) has no tighter step, and no plan of it, in any state at any code letter,
    // reaches Ac 2: the guard `*i > 0` in switching::judge is never decisive (an equivalent
    // mutant, excluded in .cargo/mutants.toml on the strength of this test).
    use recourse::domain::sampling::{Aql, InspectionState, plan_for_letter};
    let smallest = Aql::preferred(0).unwrap();
    assert_eq!(smallest.to_decimal().to_string(), "0.010");
    for letter in 'A'..='R' {
        for state in [InspectionState::Normal, InspectionState::Tightened, InspectionState::Reduced] {
            if let Some(plan) = plan_for_letter(letter, state, smallest) {
                assert!(plan.accept < 2, "{letter} {state:?}: Ac {}", plan.accept);
            }
        }
    }
}
