//! Evaluation of generated well-formed policies with generated claims: the fuzzer's bytes choose
//! expressions (from a small grammar of the language: amounts, claim fields, costs, percents,
//! `min`, `max`, `round`, `if`, comparisons) for a remedy's cost lines, its condition and a cap,
//! and the claim's numbers. Every policy generated compiles; every evaluation gives a decision
//! whose lines add up to its totals, or a coded error; nothing panics.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use recourse::Policy;

const CLAIM: &str = include_str!("../../policies/apparel-coats.claim.json");

#[derive(Debug)]
enum Money {
    Literal(u32, u8),
    UnitPrice,
    OrderValue,
    Cost(u8),
    Times(Box<Money>, Number),
    Plus(Box<Money>, Box<Money>),
    Minus(Box<Money>, Box<Money>),
    Share(u16, Box<Money>),
    Min(Box<Money>, Box<Money>),
    Max(Box<Money>, Box<Money>),
    Round(Box<Money>, u8),
    If(Condition, Box<Money>, Box<Money>),
}

#[derive(Debug)]
enum Number {
    Literal(u16),
    Affected,
    Count(u8),
}

#[derive(Debug)]
enum Condition {
    Rejected,
    Less(Number, Number),
    MoreMoney(Box<Money>, Box<Money>),
    Not(Box<Condition>),
    And(Box<Condition>, Box<Condition>),
}

const COSTS: [&str; 4] = ["outbound_freight", "return_freight", "inspection_fee", "restocking_fee"];
const DEFECTS: [&str; 3] = ["zipper_failure", "stitching", "shade"];

/// Depth-bounded generation: past the depth, only leaves.
fn money(u: &mut Unstructured<'_>, depth: u8) -> arbitrary::Result<Money> {
    let choice = if depth == 0 { u.int_in_range(0..=3)? } else { u.int_in_range(0..=11)? };
    let d = depth.saturating_sub(1);
    Ok(match choice {
        0 => Money::Literal(u.arbitrary()?, u.int_in_range(0..=2)?),
        1 => Money::UnitPrice,
        2 => Money::OrderValue,
        3 => Money::Cost(u.int_in_range(0..=3)?),
        4 => Money::Times(Box::new(money(u, d)?), number(u)?),
        5 => Money::Plus(Box::new(money(u, d)?), Box::new(money(u, d)?)),
        6 => Money::Minus(Box::new(money(u, d)?), Box::new(money(u, d)?)),
        7 => Money::Share(u.int_in_range(0..=20000)?, Box::new(money(u, d)?)),
        8 => Money::Min(Box::new(money(u, d)?), Box::new(money(u, d)?)),
        9 => Money::Max(Box::new(money(u, d)?), Box::new(money(u, d)?)),
        10 => Money::Round(Box::new(money(u, d)?), u.int_in_range(0..=4)?),
        _ => Money::If(condition(u, d)?, Box::new(money(u, d)?), Box::new(money(u, d)?)),
    })
}

fn number(u: &mut Unstructured<'_>) -> arbitrary::Result<Number> {
    Ok(match u.int_in_range(0..=2)? {
        0 => Number::Literal(u.arbitrary()?),
        1 => Number::Affected,
        _ => Number::Count(u.int_in_range(0..=2)?),
    })
}

fn condition(u: &mut Unstructured<'_>, depth: u8) -> arbitrary::Result<Condition> {
    let d = depth.saturating_sub(1);
    Ok(match if depth == 0 { u.int_in_range(0..=1)? } else { u.int_in_range(0..=4)? } {
        0 => Condition::Rejected,
        1 => Condition::Less(number(u)?, number(u)?),
        2 => Condition::MoreMoney(Box::new(money(u, d)?), Box::new(money(u, d)?)),
        3 => Condition::Not(Box::new(condition(u, d)?)),
        _ => Condition::And(Box::new(condition(u, d)?), Box::new(condition(u, d)?)),
    })
}

fn money_text(m: &Money) -> String {
    match m {
        Money::Literal(cents, places) => {
            let v = rust_decimal::Decimal::new(i64::from(*cents), u32::from(*places));
            format!("USD {v}")
        }
        Money::UnitPrice => "order.unit_price".into(),
        Money::OrderValue => "order.value".into(),
        Money::Cost(i) => format!("costs.{}", COSTS[usize::from(*i) % COSTS.len()]),
        Money::Times(a, n) => format!("({} * {})", money_text(a), number_text(n)),
        Money::Plus(a, b) => format!("({} + {})", money_text(a), money_text(b)),
        Money::Minus(a, b) => format!("({} - {})", money_text(a), money_text(b)),
        Money::Share(p, a) => format!("({}% of {})", rust_decimal::Decimal::new(i64::from(*p), 2), money_text(a)),
        Money::Min(a, b) => format!("min({}, {})", money_text(a), money_text(b)),
        Money::Max(a, b) => format!("max({}, {})", money_text(a), money_text(b)),
        Money::Round(a, places) => format!("round({} to {places} places)", money_text(a)),
        Money::If(c, a, b) => format!("(if {} then {} else {})", condition_text(c), money_text(a), money_text(b)),
    }
}

fn number_text(n: &Number) -> String {
    match n {
        Number::Literal(v) => v.to_string(),
        Number::Affected => "claim.affected_units".into(),
        Number::Count(i) => format!("count {}", DEFECTS[usize::from(*i) % DEFECTS.len()]),
    }
}

fn condition_text(c: &Condition) -> String {
    match c {
        Condition::Rejected => "lot.rejected".into(),
        Condition::Less(a, b) => format!("{} < {}", number_text(a), number_text(b)),
        Condition::MoreMoney(a, b) => format!("{} > {}", money_text(a), money_text(b)),
        Condition::Not(c) => format!("not ({})", condition_text(c)),
        Condition::And(a, b) => format!("({}) and ({})", condition_text(a), condition_text(b)),
    }
}

struct Case {
    policy: String,
    claim: String,
}

impl<'a> Arbitrary<'a> for Case {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Case> {
        let (goods, freight, cap) = (money(u, 4)?, money(u, 3)?, money(u, 2)?);
        let when = condition(u, 2)?;
        let rounding = *u.choose(&["half_up", "half_even"])?;
        let policy = format!(
            "policy \"Fuzz\" {{\n  currency USD\n  rounding {rounding}\n}}\n\
             defects {{\n  zipper_failure critical \"Z\"\n  stitching major \"S\"\n  shade minor \"H\"\n}}\n\
             sampling \"Q\" {{\n  iso2859 level II normal\n  aql critical 0, major 2.5, minor 4.0\n}}\n\
             remedy refund \"R\" {{\n  when {}\n  supplier pays {} as \"Goods\"\n  buyer pays {} as \"Freight\"\n  at most {}\n}}\n",
            condition_text(&when),
            money_text(&goods),
            money_text(&freight),
            money_text(&cap),
        );
        let mut claim: serde_json::Value = serde_json::from_str(CLAIM).map_err(|_| arbitrary::Error::IncorrectFormat)?;
        let units: u32 = u.int_in_range(1..=1_000_000)?;
        claim["order"]["units"] = units.into();
        claim["order"]["unit_price"] = rust_decimal::Decimal::new(i64::from(u.arbitrary::<u32>()?), u.int_in_range(0..=4)?).to_string().into();
        if u.arbitrary()? {
            claim["order"].as_object_mut().map(|o| o.remove("value"));
        }
        claim["affected_units"] = u.int_in_range(0..=units)?.into();
        for (i, _) in DEFECTS.iter().enumerate() {
            claim["inspection"]["found"][i]["count"] = u.int_in_range(0..=50u32)?.into();
        }
        for c in COSTS {
            claim["costs"][c] = rust_decimal::Decimal::new(i64::from(u.arbitrary::<u32>()?), 2).to_string().into();
        }
        claim["facts"] = serde_json::json!({});
        claim["history"] = serde_json::json!([]);
        Ok(Case { policy, claim: claim.to_string() })
    }
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n{}", self.policy, self.claim)
    }
}

fuzz_target!(|case: Case| {
    let policy = match Policy::compile(&case.policy) {
        Ok(p) => p,
        // A generated cap or price may be refused as negative; nothing else may fail.
        Err(d) if d.iter().filter(|d| d.is_error()).all(|d| d.code == recourse::Code::NegativeCap) => return,
        Err(d) => panic!("a generated policy does not compile: {d:?}\n{}", case.policy),
    };
    match policy.evaluate_json_traced(&case.claim) {
        Ok(d) => recourse_fuzz::assert_sums(&d),
        Err(e) => assert!(matches!(e.code.as_str(), "E0305" | "E0306" | "E0307" | "E0310" | "E0312"), "{e:?}"),
    }
});
