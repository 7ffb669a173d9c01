//! Claim JSON: any text read as a claim and evaluated against the design example's policy.
//! Nothing panics; a claim that reads evaluates to a decision or a coded error; a decision's
//! cost lines add up to its totals; the same claim gives the same bytes twice.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use recourse::Policy;

fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| match Policy::compile(include_str!("../../policies/apparel-coats.policy")) {
        Ok(p) => p,
        Err(d) => panic!("the apparel policy does not compile: {d:?}"),
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let first = policy().evaluate_json(text);
    match &first {
        Ok(d) => recourse_fuzz::assert_sums(d),
        Err(e) => assert!(e.code.as_str().starts_with('E') && e.code.as_str().len() == 5, "{e:?}"),
    }
    let again = policy().evaluate_json(text);
    assert_eq!(format!("{first:?}"), format!("{again:?}"));
});
