//! Native speed of sweeps and flip searches on the design example: `cargo bench -p recourse
//! --bench sweep`. Issue 12's target: 10 000 points in at most 20 ms.
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
use recourse::vary::Variable;

const POLICY: &str = include_str!("../../../policies/apparel-coats.policy");
const CLAIM: &str = include_str!("../../../policies/apparel-coats.claim.json");

fn bench(c: &mut Criterion) {
    let policy = recourse::Policy::compile(POLICY).unwrap();
    let claim = recourse::Claim::from_json(CLAIM).unwrap();
    let mut group = c.benchmark_group("vary");
    group.sample_size(10);
    // The baseline under the same load: one evaluation, times 10 000 for the sweep's share.
    group.bench_function("evaluate the design claim once", |b| b.iter(|| policy.evaluate(std::hint::black_box(&claim)).unwrap()));
    // 10 000 points: the unit price from 0.01 to 100.00 by the cent.
    let price = Variable::parse(&policy, "order.unit_price").unwrap();
    let values = price.points(Some("0.01"), Some("100.00"), Some("0.01")).unwrap();
    assert_eq!(values.len(), 10_000);
    group.bench_function("sweep 10000 unit prices", |b| {
        b.iter(|| policy.sweep(std::hint::black_box(claim.clone()), &price, &values).unwrap())
    });
    // 5 001 points: every affected unit count of the order, searched for flips.
    let units = Variable::parse(&policy, "affected_units").unwrap();
    group.bench_function("flips over 5001 affected-unit counts", |b| {
        b.iter(|| policy.flips(std::hint::black_box(claim.clone()), &units, Some("0"), Some("5000")).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
