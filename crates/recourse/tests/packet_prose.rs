//! The supplier packet's Markdown is read by a supplier, often as plain text in a mail: engine
//! messages that quote names and rules in backticks (`` `prefer refund` does not apply``) reach it
//! as plain words, never as raw backticks or code spans.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use recourse::{Claim, Policy, packet};

fn markdown(policy: &str, claim: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies");
    let policy = Policy::compile(&std::fs::read_to_string(format!("{root}/{policy}")).unwrap()).unwrap();
    let claim: Claim = serde_json::from_str(&std::fs::read_to_string(format!("{root}/{claim}")).unwrap()).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    packet::packet_markdown(&packet::packet(&policy, &claim, &decision))
}

#[test]
fn no_example_packet_has_a_backtick() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies");
    let mut policies: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".policy"))
        .collect();
    policies.sort();
    let mut checked = 0;
    for entry in std::fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".claim.json") {
            continue;
        }
        // The policy is the longest policy name the claim's file name starts with.
        let Some(policy) = policies.iter().filter(|p| name.starts_with(p.trim_end_matches(".policy"))).max_by_key(|p| p.len()) else {
            continue;
        };
        let md = markdown(policy, &name);
        assert!(
            !md.contains('`'),
            "{name}: a backtick in the packet:\n{}",
            md.lines().filter(|l| l.contains('`')).collect::<Vec<_>>().join("\n")
        );
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} example claims found");
}

#[test]
fn quoted_rules_and_names_read_as_words_and_the_escalation_names_its_deadline_s_clause() {
    let md = markdown("electronics-run.policy", "electronics-run.claim.json");
    assert!(md.contains("Why: prefer refund does not apply: worst_severity = critical is false;"), "{md}");
    let md = markdown("apparel-coats.policy", "apparel-coats.claim.json");
    assert!(md.contains("Status: pending (deadline response, Q.5.2 Supplier response), opens 2026-03-13\n"), "{md}");
    assert!(md.contains("next lot: tightened (flag recurring raised (Q.8 Recurring defect): the next lot is inspected tightened)"), "{md}");
}
