//! Native speed of the engine on the design example: `cargo bench -p recourse`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use criterion::{Criterion, criterion_group, criterion_main};

const POLICY: &str = include_str!("../../../policies/apparel-coats.policy");
const CLAIM: &str = include_str!("../../../policies/apparel-coats.claim.json");

fn bench(c: &mut Criterion) {
    c.bench_function("compile the apparel policy", |b| b.iter(|| recourse::Policy::compile(std::hint::black_box(POLICY)).unwrap()));
    let policy = recourse::Policy::compile(POLICY).unwrap();
    let claim = recourse::Claim::from_json(CLAIM).unwrap();
    c.bench_function("read the design claim (JSON)", |b| b.iter(|| recourse::Claim::from_json(std::hint::black_box(CLAIM)).unwrap()));
    c.bench_function("evaluate the design claim", |b| b.iter(|| policy.evaluate(std::hint::black_box(&claim)).unwrap()));
    c.bench_function("evaluate the design claim with trace", |b| b.iter(|| policy.evaluate_traced(std::hint::black_box(&claim)).unwrap()));
    c.bench_function("check the apparel policy", |b| b.iter(|| recourse::check(std::hint::black_box(POLICY))));
    c.bench_function("format the apparel policy", |b| b.iter(|| recourse::format(std::hint::black_box(POLICY)).unwrap()));
}

criterion_group!(benches, bench);
criterion_main!(benches);
