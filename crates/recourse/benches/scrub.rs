//! Redaction speed: `cargo bench -p recourse --bench scrub`. A note of 2, 4, 8 and 16 thousand
//! characters (below the cut at `MAX_FREE_TEXT_CHARS`) should take time in proportion to its
//! length, for plain prose and for the inputs that were quadratic before ("SHOP-SHOP-...",
//! business codes between phone numbers); then whole packets for a 321 KB and a 10 MB note
//! (scanned up to the cut).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use recourse::packet::{self, PseudonymOptions, Pseudonyms};

const POLICY: &str = include_str!("../../../policies/apparel-coats.policy");
const CLAIM: &str = include_str!("../../../policies/apparel-coats.claim.json");

const UNITS: [(&str, &str); 3] = [
    (
        "mixed",
        "Ana Lima called from +351 912 345 678 about lot L-2026-02-11-A and SHOP-100234; mail ana.lima@example.com, Rua Augusta 12. ",
    ),
    ("order-prefix", "SHOP-"),
    ("codes-and-phones", "L-2026-02-11-A 912345678 "),
];

fn note(unit: &str, chars: usize) -> String {
    unit.repeat(chars / unit.len() + 1).chars().take(chars).collect()
}

fn claim_with_note(n: &str) -> recourse::Claim {
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["customer_returns"][0]["note"] = n.into();
    recourse::Claim::from_value(v).unwrap()
}

fn bench(c: &mut Criterion) {
    let claim = recourse::Claim::from_json(CLAIM).unwrap();
    let ps = Pseudonyms::for_claim(&claim, &PseudonymOptions::default());
    for (name, unit) in UNITS {
        let mut g = c.benchmark_group(format!("scrub {name}"));
        for chars in [2_000, 4_000, 8_000, 16_000] {
            let text = note(unit, chars);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::from_parameter(chars), &text, |b, t| b.iter(|| ps.scrub(std::hint::black_box(t))));
        }
        g.finish();
    }
    let policy = recourse::Policy::compile(POLICY).unwrap();
    let mut g = c.benchmark_group("packet with a long note");
    g.sample_size(10);
    for (label, bytes) in [("321 KB", 321_000), ("10 MB", 10_000_000)] {
        let claim = claim_with_note(&note(UNITS[0].1, bytes));
        let decision = policy.evaluate(&claim).unwrap();
        g.bench_function(label, |b| b.iter(|| packet::packet(&policy, std::hint::black_box(&claim), &decision)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
