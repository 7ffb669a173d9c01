//! Sweeps and flip points (`recourse::vary`): the columns equal one evaluation per value, and the
//! flip points equal brute force over every value of small ranges, for every policy in
//! `policies/` and each kind of variable (count, amount, date, numeric input).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use chrono::NaiveDate;
use recourse::vary::{FlipKind, VarValue, Variable, VariableKind};
use recourse::{Claim, Decision, EvalError, Policy};
use rust_decimal::Decimal;
use serde_json::Value as J;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn policy(name: &str) -> Policy {
    Policy::compile(&std::fs::read_to_string(root().join("policies").join(name)).unwrap()).unwrap()
}

fn claim_json(name: &str) -> J {
    serde_json::from_str(&std::fs::read_to_string(root().join("policies").join(name)).unwrap()).unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

#[test]
fn variables_have_the_kind_of_their_field() {
    let p = policy("apparel-coats.policy");
    for (path, kind) in [
        ("affected_units", VariableKind::Count),
        ("order.units", VariableKind::Count),
        ("order.unit_price", VariableKind::Amount),
        ("order.value", VariableKind::Amount),
        ("inspection.lot_size", VariableKind::Count),
        ("inspection.found[0].count", VariableKind::Count),
        ("costs.outbound_freight", VariableKind::Amount),
        ("evidence.photos", VariableKind::Count),
        ("facts.next_order_value", VariableKind::Amount),
        ("notified_on", VariableKind::Date),
        ("order.delivered_on", VariableKind::Date),
        ("facts.stock_critical", VariableKind::Bool),
    ] {
        assert_eq!(Variable::parse(&p, path).unwrap().kind(), kind, "{path}");
    }
    for (path, message) in [
        (
            "claim_id",
            "the claim has no such field, or it is not a number, date or yes/no; a count, an amount, a date or a yes/no value can be varied",
        ),
        ("facts.nope", "`nope` is not an input of the policy"),
        (
            "order.nope",
            "the claim has no such field, or it is not a number, date or yes/no; a count, an amount, a date or a yes/no value can be varied",
        ),
        ("inspection.found[x].count", "a defect count is written `inspection.found[N].count`"),
    ] {
        assert_eq!(Variable::parse(&p, path).unwrap_err().message, message, "{path}");
    }
    let e = Variable::parse(&policy("food-brand.policy"), "facts.customer_choice").unwrap_err().to_eval_error("facts.customer_choice");
    assert_eq!(e.code.as_str(), "E0401");
    assert_eq!(
        e.message,
        "`facts.customer_choice`: the input `customer_choice` is a remedy; a count, an amount, a date or a yes/no value can be varied"
    );
}

#[test]
fn a_sweep_is_one_evaluation_per_value_in_columns() {
    let p = policy("apparel-coats.policy");
    let base = Claim::from_value(claim_json("apparel-coats.claim.json")).unwrap();
    let var = Variable::parse(&p, "affected_units").unwrap();
    // 5001 affected units of 5000 ordered contradicts the order: an error in its row only.
    let values = var.points(Some("4999"), Some("5001"), Some("1")).unwrap();
    let sweep = p.sweep(base.clone(), &var, &values).unwrap();
    assert_eq!(sweep.values, ["4999", "5000", "5001"]);
    for (i, n) in [4999u64, 5000].into_iter().enumerate() {
        let mut c = base.clone();
        c.affected_units = recourse::model::claim::Count(n);
        let dn = p.evaluate(&c).unwrap();
        assert_eq!(sweep.recommended[i], dn.recommendation.remedy);
        for (col, r) in sweep.remedies.iter().zip(&dn.remedies) {
            assert_eq!(col.name, r.name);
            assert_eq!(col.available[i], Some(r.available));
            assert_eq!(col.supplier_total[i], Some(r.supplier_total));
            assert_eq!(col.buyer_net_recovery[i], Some(r.buyer_net_recovery));
        }
        assert_eq!(sweep.deadlines[0].due[i], Some(dn.deadlines[0].due));
        assert!(sweep.errors[i].is_none());
    }
    let replacement = sweep.remedies.iter().find(|r| r.name == "replacement").unwrap();
    // 4999 x 42.00 + 950.00 freight, capped at 55 % of 210000.00.
    assert_eq!(replacement.supplier_total[0].unwrap().to_string(), "115500.00");
    assert!(replacement.capped[0].unwrap());
    let err = sweep.errors[2].as_ref().unwrap();
    assert_eq!(err.code.as_str(), "E0310", "{err:?}");
    assert_eq!((sweep.recommended[2].as_ref(), replacement.available[2]), (None, None));

    // Too many values: a coded error before anything is evaluated.
    let e = var.points(Some("0"), Some("20000"), Some("1")).unwrap_err();
    assert_eq!(e.to_eval_error("affected_units").code.as_str(), "E0402");
}

#[test]
fn a_defect_count_flips_the_remedy_at_one_zipper_failure() {
    let p = policy("apparel-coats.policy");
    let base = Claim::from_value(claim_json("apparel-coats.claim.json")).unwrap();
    let var = Variable::parse(&p, "inspection.found[0].count").unwrap();
    let flips = p.flips(base.clone(), &var, Some("0"), Some("5")).unwrap();
    assert_eq!((flips.evaluated, flips.unit.as_str(), flips.method.as_str()), (6, "1", "exhaustive"));
    assert_eq!(flips.points.len(), 1, "{flips:#?}");
    let point = &flips.points[0];
    assert_eq!((point.below.as_str(), point.above.as_str()), ("0", "1"));
    let rec = point.changes.iter().find(|c| c.kind == FlipKind::Recommended).unwrap();
    assert_eq!((rec.before.as_str(), rec.after.as_str()), ("credit_offset", "replacement"));
    let lot = point.changes.iter().find(|c| c.kind == FlipKind::Lot).unwrap();
    assert_eq!((lot.before.as_str(), lot.after.as_str(), lot.clause.as_deref()), ("accepted", "rejected", Some("Q.3 Acceptance sampling")));
    let avail = point.changes.iter().find(|c| c.kind == FlipKind::Available && c.name.as_deref() == Some("replacement")).unwrap();
    assert_eq!((avail.before.as_str(), avail.after.as_str()), ("false", "true"));
    assert_eq!(flips.intervals.len(), 2);
    assert_eq!((flips.intervals[0].from.as_str(), flips.intervals[0].to.as_str()), ("0", "0"));
    assert_eq!((flips.intervals[1].from.as_str(), flips.intervals[1].to.as_str()), ("1", "5"));
    assert_eq!(flips.intervals[1].outcome.recommended.as_deref(), Some("replacement"));
}

#[test]
fn a_range_beyond_the_bound_is_refused_not_sampled() {
    let p = policy("apparel-coats.policy");
    let base = Claim::from_value(claim_json("apparel-coats.claim.json")).unwrap();
    let var = Variable::parse(&p, "order.unit_price").unwrap();
    let e = p.flips(base.clone(), &var, Some("0"), Some("5000")).unwrap_err();
    assert!(e.too_many);
    let e = e.to_eval_error("order.unit_price");
    assert_eq!(e.code.as_str(), "E0402");
    assert_eq!(e.message, "`to`: the range has 500001 values; an exact search evaluates each, at most 100000: narrow `from` and `to`");
    let backwards = p.flips(base.clone(), &var, Some("5"), Some("4")).unwrap_err();
    assert_eq!(backwards.to_eval_error("x").code.as_str(), "E0401");
}

// ------------------------------------------------------------------ brute force

/// The parts of a decision a flip is about, computed here from the decision independently.
#[derive(Debug, PartialEq, Eq, Clone)]
struct Seen {
    recommended: Option<String>,
    available: Vec<String>,
    capped: Vec<String>,
    lot: Option<String>,
    deadlines: Vec<(String, String)>,
    escalation: Option<String>,
    error: Option<String>,
}

fn seen(r: &Result<Decision, EvalError>) -> Seen {
    let kw = |v: &dyn Erased| v.text();
    match r {
        Ok(d) => Seen {
            recommended: d.recommendation.remedy.clone(),
            available: d.remedies.iter().filter(|r| r.available).map(|r| r.name.clone()).collect(),
            capped: d.remedies.iter().filter(|r| r.capped).map(|r| r.name.clone()).collect(),
            lot: Some(kw(&d.lot.disposition)),
            deadlines: d.deadlines.iter().map(|x| (x.name.clone(), kw(&x.status))).collect(),
            escalation: Some(kw(&d.escalation.status)),
            error: None,
        },
        Err(e) => Seen {
            recommended: None,
            available: vec![],
            capped: vec![],
            lot: None,
            deadlines: vec![],
            escalation: None,
            error: Some(e.code.as_str().to_string()),
        },
    }
}

trait Erased {
    fn text(&self) -> String;
}
impl<T: serde::Serialize> Erased for T {
    fn text(&self) -> String {
        serde_json::to_value(self).unwrap().as_str().unwrap().to_string()
    }
}

fn seen_of(o: &recourse::vary::Outcome) -> Seen {
    Seen {
        recommended: o.recommended.clone(),
        available: o.available.clone(),
        capped: o.capped.clone(),
        lot: o.lot.map(|l| l.text()),
        deadlines: o.deadlines.iter().map(|x| (x.name.clone(), x.status.text())).collect(),
        escalation: o.escalation.map(|e| e.text()),
        error: o.error.clone(),
    }
}

/// The values of a range as the claim's JSON writes them, and their text.
fn brute_values(kind: VariableKind, from: &str, to: &str) -> Vec<(J, String)> {
    match kind {
        VariableKind::Count | VariableKind::Integer => {
            let (a, b): (i64, i64) = (from.parse().unwrap(), to.parse().unwrap());
            (a..=b).map(|n| (J::from(n), n.to_string())).collect()
        }
        VariableKind::Amount | VariableKind::Decimal => {
            let (a, b) = (d(from), d(to));
            let (ca, cb) = (i64::try_from(a * Decimal::ONE_HUNDRED).unwrap(), i64::try_from(b * Decimal::ONE_HUNDRED).unwrap());
            (ca..=cb)
                .map(|c| {
                    let t = Decimal::new(c, 2).to_string();
                    (J::String(t.clone()), t)
                })
                .collect()
        }
        VariableKind::Date => {
            let (a, b) = (NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap(), NaiveDate::parse_from_str(to, "%Y-%m-%d").unwrap());
            a.iter_days().take_while(|x| *x <= b).map(|x| (J::String(x.to_string()), x.to_string())).collect()
        }
        VariableKind::Bool => vec![(J::Bool(false), "false".into()), (J::Bool(true), "true".into())],
    }
}

/// Every value of the range evaluated through the claim's JSON (not through `Variable::set`);
/// the flips must be exactly the neighbours whose outcomes differ, and every interval's outcome
/// the outcome of each of its values. Returns the number of flips.
fn agrees_with_brute_force(p: &Policy, claim: &J, path: &str, from: &str, to: &str) -> usize {
    let var = Variable::parse(p, path).unwrap();
    let base = Claim::from_value(claim.clone()).unwrap();
    let flips = p.flips(base.clone(), &var, Some(from), Some(to)).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    let values = brute_values(var.kind(), from, to);
    assert_eq!(flips.evaluated, values.len() as u64, "{path}");
    let outcomes: Vec<(String, Seen)> = values
        .into_iter()
        .map(|(json, text)| {
            let mut c = claim.clone();
            // A linked variable (`notified_on,as_of`) writes the same value into each field.
            for field in path.split(',') {
                recourse::model::claim_path::set_path(&mut c, field, json.clone()).unwrap();
            }
            let r = Claim::from_value(c).map_err(recourse::claim_error).and_then(|c| p.evaluate(&c));
            (text, seen(&r))
        })
        .collect();
    let expected: Vec<(String, String)> =
        outcomes.windows(2).filter(|w| w[0].1 != w[1].1).map(|w| (w[0].0.clone(), w[1].0.clone())).collect();
    let got: Vec<(String, String)> = flips.points.iter().map(|f| (f.below.clone(), f.above.clone())).collect();
    assert_eq!(got, expected, "{path} from {from} to {to}");
    assert!(flips.points.iter().all(|f| !f.changes.is_empty()), "{path}: a flip names what changed");
    // The intervals cover the range in order, each with the outcome of every value in it.
    let mut i = 0;
    for interval in &flips.intervals {
        assert_eq!(outcomes[i].0, interval.from, "{path}");
        loop {
            assert_eq!(outcomes[i].1, seen_of(&interval.outcome), "{path} at {}", outcomes[i].0);
            i += 1;
            if outcomes[i - 1].0 == interval.to {
                break;
            }
        }
    }
    assert_eq!(i, outcomes.len(), "{path}: the intervals cover the range");
    flips.points.len()
}

#[test]
fn flips_equal_brute_force_for_every_policy_and_kind() {
    // (policy, claim, [(path, from, to)]): counts, amounts (by the cent), dates (by the day) and
    // the policies' numeric inputs.
    type Ranges<'a> = &'a [(&'a str, &'a str, &'a str)];
    let cases: &[(&str, &str, Ranges)] = &[
        (
            "apparel-coats.policy",
            "apparel-coats.claim.json",
            &[
                ("affected_units", "0", "400"),
                ("inspection.found[0].count", "0", "12"),
                ("inspection.found[1].count", "0", "30"),
                ("inspection.found[2].count", "0", "30"),
                ("order.value", "16230.00", "16240.00"),
                ("costs.outbound_freight", "0.00", "12.00"),
                ("notified_on", "2026-02-20", "2026-03-06"),
                ("as_of", "2026-03-06", "2026-04-20"),
                ("facts.next_order_value", "0.00", "10.00"),
                ("facts.stock_critical", "false", "true"),
            ],
        ),
        (
            "cisg-default.policy",
            "cisg-default.claim.json",
            &[
                ("affected_units", "0", "60"),
                ("order.unit_price", "0.00", "15.00"),
                ("notified_on", "2025-11-10", "2026-01-30"),
                ("facts.value_as_delivered", "89990.00", "90010.00"),
                ("facts.conforming_value", "69990.00", "70010.00"),
            ],
        ),
        (
            "electronics-run.policy",
            "electronics-run.claim.json",
            &[
                ("affected_units", "0", "400"),
                ("inspection.found[0].count", "0", "10"),
                ("inspection.found[2].count", "0", "40"),
                ("order.unit_price", "16.00", "17.00"),
                ("notified_on", "2026-02-02", "2026-03-10"),
                ("facts.next_order_value", "0.00", "10.00"),
            ],
        ),
        (
            "electronics-run.policy",
            "electronics-run-autumn.claim.json",
            &[("inspection.found[1].count", "0", "40"), ("affected_units", "150", "400"), ("notified_on", "2026-09-21", "2026-10-20")],
        ),
        (
            "food-brand.policy",
            "food-brand.claim.json",
            &[("affected_units", "0", "3"), ("order.unit_price", "0.00", "10.00"), ("notified_on", "2026-03-28", "2026-05-10")],
        ),
        (
            "food-brand.policy",
            "food-brand-repeat.claim.json",
            &[("costs.parcel", "0.00", "8.00"), ("notified_on", "2026-05-27", "2026-06-30")],
        ),
    ];
    // Flips found per kind (inputs apart): a kind whose ranges cross no flip would prove little.
    let mut found = std::collections::BTreeMap::<String, usize>::new();
    for (policy_file, claim_file, vars) in cases {
        let p = policy(policy_file);
        let claim = claim_json(claim_file);
        for (path, from, to) in *vars {
            let n = agrees_with_brute_force(&p, &claim, path, from, to);
            let kind = Variable::parse(&p, path).unwrap().kind();
            let key = if path.starts_with("facts.") { format!("input {kind:?}") } else { format!("{kind:?}") };
            *found.entry(key).or_default() += n;
        }
    }
    for kind in ["Count", "Amount", "Date", "input Amount", "input Bool"] {
        assert!(found.get(kind).copied().unwrap_or(0) > 0, "no flip of a {kind} variable: {found:?}");
    }
}

#[test]
fn flips_of_int_and_percent_inputs_equal_brute_force() {
    let p = Policy::compile(
        r#"
        policy "Inputs" { currency USD }
        input threshold: int = 10 "Units above which the supplier replaces"
        input share: percent = 50% "Share refunded"
        let refund_value = round(share of (claim.affected_units * order.unit_price) to 2 places)
        remedy replacement "R.1 Replacement" {
          when claim.affected_units > threshold
          supplier pays claim.affected_units * order.unit_price as "Goods"
        }
        remedy refund "R.2 Refund" {
          supplier pays refund_value as "Refund"
        }
        cap "R.3 Cap" { supplier total at most 20% of order.value }
        recommend { then highest buyer_net_recovery }
    "#,
    )
    .unwrap();
    let claim: J = serde_json::json!({
        "claim_id": "C-1", "as_of": "2026-03-10", "currency": "USD",
        "order": { "units": 100, "unit_price": "4.25", "delivered_on": "2026-03-02" },
        "affected_units": 12, "discovered_on": "2026-03-04", "notified_on": "2026-03-05",
        "facts": { "threshold": 5, "share": "50" }
    });
    let n = agrees_with_brute_force(&p, &claim, "facts.threshold", "0", "30")
        + agrees_with_brute_force(&p, &claim, "facts.share", "0.00", "100.00")
        + agrees_with_brute_force(&p, &claim, "affected_units", "0", "100");
    assert!(n >= 3, "{n}");
    // The exact point where the refund's cap starts to bind: 20 % of 425.00 = 85.00, reached by
    // share x 12 x 4.25 = 51.00 x share at share = 166.67 %... beyond the range; by units instead.
    let var = Variable::parse(&p, "affected_units").unwrap();
    let flips = p.flips(Claim::from_value(claim).unwrap(), &var, Some("0"), Some("100")).unwrap();
    let capped: Vec<(&str, &str)> = flips
        .points
        .iter()
        .filter(|f| f.changes.iter().any(|c| c.kind == FlipKind::Capped && c.name.as_deref() == Some("replacement")))
        .map(|f| (f.below.as_str(), f.above.as_str()))
        .collect();
    // replacement's 4.25 x n reaches the cap of 85.00 at n = 20; above it, it binds.
    assert_eq!(capped, [("20", "21")]);
    let _ = VarValue::Int(0);
}

/// Fields varied together (`notified_on,as_of`: a notice later than "today" moves "today" with
/// it, as the page's what-if does) equal brute force, each value written into both fields of the
/// claim's JSON; kinds must agree, a field may not be named twice.
#[test]
fn linked_fields_vary_together_and_equal_brute_force() {
    let p = policy("apparel-coats.policy");
    let claim = claim_json("apparel-coats.claim.json");
    // From the day before delivery's notice window closes to well past the response deadline:
    // the notice turns missed (ineligible) after 2026-03-12, and the response and cure
    // deadlines' statuses move with "today".
    let flips = agrees_with_brute_force(&p, &claim, "notified_on,as_of", "2026-03-04", "2026-04-20");
    assert!(flips >= 2, "the notice window and the response deadline: {flips}");
    let var = Variable::parse(&p, "notified_on, as_of").unwrap();
    assert_eq!((var.path(), var.kind()), ("notified_on,as_of", VariableKind::Date));
    let out = p.flips(Claim::from_value(claim.clone()).unwrap(), &var, Some("2026-03-12"), Some("2026-03-13")).unwrap();
    let notice = out.points[0].changes.iter().find(|c| c.name.as_deref() == Some("notice")).unwrap();
    assert_eq!((out.points[0].below.as_str(), out.points[0].above.as_str()), ("2026-03-12", "2026-03-13"));
    assert_eq!((notice.before.as_str(), notice.after.as_str()), ("met", "missed"));
    let err = |path: &str| Variable::parse(&p, path).unwrap_err().message;
    assert_eq!(
        err("notified_on,affected_units"),
        "`notified_on` and `affected_units` are of different kinds: fields varied together must be"
    );
    assert_eq!(err("as_of,as_of"), "`as_of` is named twice");
    assert_eq!(err("as_of,notified_on,discovered_on,order.due_on,order.delivered_on"), "at most 4 fields can be varied together");
    assert!(err("notified_on,").contains("no such field"), "{}", err("notified_on,"));
}
