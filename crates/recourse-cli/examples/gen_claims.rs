//! Generate N varied claims for the apparel policy as JSON lines (for `recourse batch`
//! throughput): `cargo run --release -p recourse-cli --example gen_claims -- 100000 > claims.jsonl`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a generator of benchmark claims, run by hand: a panic is the right report"
)]

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let base: serde_json::Value = serde_json::from_str(include_str!("../../../policies/apparel-coats.claim.json")).unwrap();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // A small linear congruential generator: the same file every run.
    let mut x: u64 = 42;
    let mut next = |m: u64| {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (x >> 33) % m
    };
    for i in 0..n {
        let mut c = base.clone();
        c["claim_id"] = format!("CLM-{i:06}").into();
        c["affected_units"] = (next(5000) + 1).into();
        c["order"]["unit_price"] = format!("{}.{:02}", 5 + next(95), next(100)).into();
        c["inspection"]["found"][0]["count"] = next(3).into();
        c["inspection"]["found"][1]["count"] = next(14).into();
        c["inspection"]["found"][2]["count"] = next(20).into();
        c["facts"]["stock_critical"] = (next(2) == 1).into();
        c["facts"]["next_order_value"] = format!("{}.00", next(200_000)).into();
        if i % 1000 == 999 {
            c["inspection"]["found"][1]["defect"] = "not_a_code".into(); // one bad claim in a thousand
        }
        use std::io::Write;
        writeln!(out, "{c}").unwrap();
    }
}
