//! The contract diff (`recourse::diff`): clauses compared by meaning, decisions compared field by
//! field with exact changes, and a summary that matches a plain recount of every claim.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use recourse::diff::{self, ChangeKind, ClaimStatus, DeclKind};
use recourse::{Claim, Policy};
use rust_decimal::Decimal;
use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn source(name: &str) -> String {
    std::fs::read_to_string(root().join("policies").join(name)).unwrap()
}

fn apparel() -> String {
    source("apparel-coats.policy")
}

fn edited(src: &str, from: &str, to: &str) -> Policy {
    assert!(src.contains(from), "the policy has no `{from}`");
    Policy::compile(&src.replace(from, to)).unwrap()
}

fn design_claim() -> Value {
    serde_json::from_str(&source("apparel-coats.claim.json")).unwrap()
}

fn claim(v: &Value) -> Claim {
    Claim::from_json(&v.to_string()).unwrap()
}

/// `n` claims of the design example with varied units, prices, defects and stock, the same every run.
fn generated(n: u64) -> Vec<Value> {
    let base = design_claim();
    let mut x: u64 = 7;
    let mut next = |m: u64| {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (x >> 33) % m
    };
    (0..n)
        .map(|i| {
            let mut c = base.clone();
            c["claim_id"] = format!("G-{i:04}").into();
            c["affected_units"] = (next(5000) + 1).into();
            c["order"]["unit_price"] = format!("{}.{:02}", 5 + next(95), next(100)).into();
            c["inspection"]["found"][0]["count"] = next(3).into();
            c["facts"]["stock_critical"] = (next(2) == 1).into();
            c
        })
        .collect()
}

/// Every layout and comment change the formatter undoes: deeper indentation, comments before and
/// after declarations, extra blank lines, `4.0` written `4.00`.
fn reformatted(src: &str) -> String {
    let mut out = String::from("# a redline that changes nothing\n\n");
    for line in src.lines() {
        let starts = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if starts {
            out.push_str("# ---- next clause ----\n\n\n");
        }
        match line.strip_prefix("  ") {
            Some(rest) => {
                out.push_str("        ");
                out.push_str(&rest.replace("minor 4.0", "minor 4.00"));
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[test]
fn a_reformatted_and_recommented_policy_has_no_changes() {
    for name in ["apparel-coats", "food-brand", "electronics-run", "cisg-default"] {
        let src = source(&format!("{name}.policy"));
        let variant = reformatted(&src);
        assert_ne!(variant, src);
        // The formatter keeps what the variant says (a flag's `switch inspection to tightened` once
        // compared by its position, and a moved one failed to format).
        assert!(recourse::format(&variant).is_ok(), "{name}");
        let (old, new) = (Policy::compile(&src).unwrap(), Policy::compile(&variant).unwrap());
        assert_eq!(diff::clause_changes(&old, &new), vec![], "{name}");
        let c = claim(&serde_json::from_str(&source(&format!("{name}.claim.json"))).unwrap());
        let d = diff::diff_claim(&old, &new, &c);
        assert_eq!(d.status, ClaimStatus::Unchanged, "{name}: {d:?}");
        let report = diff::diff(&old, &new, [Ok(c)], 10);
        assert!(!report.changed(), "{name}");
    }
    // The title is a clause of its own, but renaming the policy changes no decision.
    let src = apparel();
    let renamed = edited(&src, "Agreement 2026", "Agreement 2027");
    let old = Policy::compile(&src).unwrap();
    let changes = diff::clause_changes(&old, &renamed);
    assert_eq!(changes.len(), 1);
    assert_eq!((changes[0].kind, changes[0].change), (DeclKind::Policy, ChangeKind::Changed));
    assert_eq!(diff::diff_claim(&old, &renamed, &claim(&design_claim())).status, ClaimStatus::Unchanged);
}

#[test]
fn raising_the_cap_from_55_to_70_percent_changes_capped_claims_by_exact_amounts() {
    let src = apparel();
    let old = Policy::compile(&src).unwrap();
    let new = edited(&src, "at most 55% of order.value", "at most 70% of order.value");
    let changes = diff::clause_changes(&old, &new);
    assert_eq!(changes.len(), 1);
    let cap = &changes[0];
    assert_eq!((cap.kind, cap.name.as_str(), cap.clause.as_deref()), (DeclKind::Cap, "Q.7 Limitation", Some("Q.7 Limitation")));
    assert_eq!(cap.old.as_deref(), Some("cap \"Q.7 Limitation\" {\n  supplier total at most 55% of order.value\n}\n"));
    assert_eq!(cap.new.as_deref(), Some("cap \"Q.7 Limitation\" {\n  supplier total at most 70% of order.value\n}\n"));

    // The policy's own capped example: all 5000 coats on an order booked at 50,000.00.
    let mut c = design_claim();
    c["affected_units"] = 5000.into();
    c["order"]["value"] = "50000.00".into();
    c["facts"]["stock_critical"] = false.into();
    let d = diff::diff_claim(&old, &new, &claim(&c));
    assert_eq!(d.status, ClaimStatus::Changed);
    let v = serde_json::to_value(d.changes.as_ref().unwrap()).unwrap();
    assert_eq!(v["recommended_supplier_total"], json!({ "old": "27500.00", "new": "35000.00", "change": "7500.00" }));
    assert!(v.get("recommended").is_none(), "return_to_origin both times: {v}");
    let remedies: Vec<(&str, &Value)> = v["remedies"].as_array().unwrap().iter().map(|r| (r["name"].as_str().unwrap(), r)).collect();
    let names: Vec<&str> = remedies.iter().map(|(n, _)| *n).collect();
    // credit_offset's 24,000.00 is under both caps; qa_audit's 1,500.00 too.
    assert_eq!(names, ["replacement", "price_reduction", "return_to_origin"]);
    for (_, r) in &remedies {
        assert_eq!(r["supplier_total"], json!({ "old": "27500.00", "new": "35000.00", "change": "7500.00" }));
        assert!(r.get("capped").is_none(), "capped under both: {r}");
    }
    assert_eq!(remedies[0].1["buyer_net_recovery"], json!({ "old": "27150.00", "new": "34650.00", "change": "7500.00" }));
    assert_eq!(
        v["clauses"],
        json!([
            "Q.6.1 Replacement of non-conforming goods",
            "Q.7 Limitation",
            "Q.6.2 Price reduction",
            "Q.6.4 Return to origin",
            "recommend"
        ])
    );

    // The design claim itself (7,980.00 of 210,000.00) is far under both caps.
    assert_eq!(diff::diff_claim(&old, &new, &claim(&design_claim())).status, ClaimStatus::Unchanged);
}

/// The summary against a plain recount over every claim: per-remedy sums, the recommended total's
/// sum, the counts, and the largest changes against a full sort.
#[test]
fn the_summary_equals_a_recount_of_every_claim() {
    let src = apparel();
    let old = Policy::compile(&src).unwrap();
    let new = edited(&src, "at most 55% of order.value", "at most 70% of order.value");
    let claims = generated(400);
    let mut bad = claims.clone();
    bad[17]["inspection"]["found"][0]["defect"] = "not_a_code".into();
    let report = diff::diff(&old, &new, bad.iter().map(|c| Claim::from_json(&c.to_string()).map_err(recourse::claim_error)), 5);

    let mut per_remedy: BTreeMap<String, (u64, Decimal)> = BTreeMap::new();
    let (mut total, mut changed, mut unchanged) = (Decimal::ZERO, 0u64, 0u64);
    let mut moves: Vec<(Decimal, usize)> = Vec::new();
    for (i, c) in bad.iter().enumerate() {
        let Ok(c) = Claim::from_json(&c.to_string()) else { continue };
        let (Ok(o), Ok(n)) = (old.evaluate(&c), new.evaluate(&c)) else { continue };
        let rec = |d: &recourse::Decision| {
            d.recommendation
                .remedy
                .as_ref()
                .map(|r| d.remedies.iter().find(|x| &x.name == r).unwrap().supplier_total.amount())
                .unwrap_or_default()
        };
        let mut any = false;
        for (a, b) in o.remedies.iter().zip(&n.remedies) {
            let delta = b.supplier_total.amount() - a.supplier_total.amount();
            if !delta.is_zero() {
                let e = per_remedy.entry(a.name.clone()).or_default();
                e.0 += 1;
                e.1 += delta;
                any = true;
            }
        }
        let delta = rec(&n) - rec(&o);
        total += delta;
        if !delta.is_zero() {
            moves.push((delta.abs(), i));
        }
        if any || o.recommendation != n.recommendation { changed += 1 } else { unchanged += 1 }
    }
    let s = &report.summary;
    assert_eq!((s.claims, s.changed, s.unchanged, s.failed), (400, changed, unchanged, 1));
    assert!(changed > 100, "the cap binds for many generated claims: {changed}");
    assert_eq!(s.supplier_change.unwrap().amount(), total);
    assert!(total > Decimal::ZERO);
    let got: BTreeMap<String, (u64, Decimal)> =
        s.remedies.iter().map(|r| (r.name.clone(), (r.claims, r.supplier_change.unwrap().amount()))).collect();
    assert_eq!(got, per_remedy);
    moves.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let want: Vec<(Decimal, u64)> = moves.iter().take(5).map(|(d, i)| (*d, *i as u64 + 1)).collect();
    let largest: Vec<(Decimal, u64)> = s.largest.iter().map(|l| (l.supplier_total.change.amount().abs(), l.line.unwrap())).collect();
    assert_eq!(largest, want);
    // The bad claim is its own line's error, under both versions.
    let failed: Vec<_> = report.claims.iter().filter(|c| c.status == ClaimStatus::Failed).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].line, Some(18));
    assert_eq!(failed[0].old_error.as_ref().unwrap().code.as_str(), "E0303");
    assert_eq!(s.clauses.iter().find(|c| c.clause == "Q.7 Limitation").map(|c| c.claims), Some(changed));
}

#[test]
fn shortening_the_notice_window_from_10_to_7_days_makes_late_notices_ineligible() {
    let src = apparel();
    let old = Policy::compile(&src).unwrap();
    let new = Policy::compile(
        &src.replace("due 10 days after order.delivered_on", "due 7 days after order.delivered_on")
            .replace("after the 10-day window", "after the 7-day window"),
    )
    .unwrap();
    let changes = diff::clause_changes(&old, &new);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!((changes[0].kind, changes[0].name.as_str()), (DeclKind::Deadline, "notice"));
    // Delivered on 2 March, found on the 4th: notice on each day from the 4th to the 14th, decided
    // the day after.
    let claims: Vec<Value> = (4..=14)
        .map(|day| {
            let mut c = design_claim();
            c["claim_id"] = format!("N-{day:02}").into();
            c["notified_on"] = format!("2026-03-{day:02}").into();
            c["as_of"] = format!("2026-03-{:02}", day + 1).into();
            c
        })
        .collect();
    let report = diff::diff(&old, &new, claims.iter().map(|c| Ok(claim(c))), 10);
    // Every claim's notice deadline moves from 12 to 9 March; notices on the 10th, 11th and 12th
    // were in time and are now late: the claim becomes ineligible and replacement (8,930.00) goes.
    assert_eq!((report.summary.changed, report.summary.failed), (11, 0));
    let lost: Vec<&str> =
        report.claims.iter().filter(|c| c.changes.as_ref().unwrap().eligible.is_some()).map(|c| c.claim_id.as_deref().unwrap()).collect();
    assert_eq!(lost, ["N-10", "N-11", "N-12"]);
    let v = serde_json::to_value(&report.claims[6]).unwrap();
    assert_eq!(v["claim_id"], "N-10");
    assert_eq!(v["changes"]["eligible"], json!({ "old": true, "new": false }));
    assert_eq!(v["changes"]["recommended"], json!({ "old": "replacement" }));
    assert_eq!(v["changes"]["recommended_supplier_total"], json!({ "old": "8930.00", "new": "0.00", "change": "-8930.00" }));
    assert_eq!(
        v["changes"]["deadlines"],
        json!([{ "name": "notice", "clause": "Q.5.1 Notice of non-conformity", "due": { "old": "2026-03-12", "new": "2026-03-09" }, "status": { "old": "met", "new": "missed" } }])
    );
    // Ineligible: every available remedy goes (price_reduction never was: the defects are critical),
    // though each one's figures are still computed.
    let lost: Vec<(&str, &Value)> =
        v["changes"]["remedies"].as_array().unwrap().iter().map(|r| (r["name"].as_str().unwrap(), &r["available"])).collect();
    let gone = json!({ "old": true, "new": false });
    assert_eq!(lost, [("replacement", &gone), ("credit_offset", &gone), ("return_to_origin", &gone), ("qa_audit", &gone)]);
    assert!(v["changes"]["remedies"][0].get("supplier_total").is_none());
    assert_eq!(v["changes"]["clauses"][0], "Q.5.1 Notice of non-conformity");
    let s = &report.summary;
    assert_eq!(s.supplier_change.unwrap().to_string(), "-26790.00"); // 3 × 8,930.00
    assert_eq!(s.recommendations.len(), 1);
    assert_eq!(
        (s.recommendations[0].from.as_deref(), s.recommendations[0].to.as_deref(), s.recommendations[0].claims),
        (Some("replacement"), None, 3)
    );
    assert_eq!(s.largest.iter().map(|l| l.claim_id.as_deref().unwrap()).collect::<Vec<_>>(), ["N-10", "N-11", "N-12"]);
    // A claim on the 9th stays in time: only the due date moved.
    let ninth = serde_json::to_value(&report.claims[5]).unwrap();
    assert_eq!(
        ninth["changes"],
        json!({ "deadlines": [{ "name": "notice", "clause": "Q.5.1 Notice of non-conformity", "due": { "old": "2026-03-12", "new": "2026-03-09" } }], "clauses": ["Q.5.1 Notice of non-conformity"] })
    );
}

#[test]
fn a_removed_remedy_counts_as_zero_and_a_claim_only_one_version_decides_has_changed() {
    let src = apparel();
    let old = Policy::compile(&src).unwrap();
    let start = src.find("remedy qa_audit").unwrap();
    let end = start + src[start..].find("}\n").unwrap() + 2;
    let without = format!("{}{}", &src[..start], &src[end..])
        .replace("  trigger qa_audit when rejection_rate >= 50%\n", "")
        .replace("  expect qa_audit available\n", "");
    let new = Policy::compile(&without).unwrap();
    let changes: Vec<(DeclKind, String, ChangeKind)> =
        diff::clause_changes(&old, &new).into_iter().map(|c| (c.kind, c.name, c.change)).collect();
    assert_eq!(
        changes,
        [
            (DeclKind::Scorecard, "scorecard".to_string(), ChangeKind::Changed),
            (DeclKind::Remedy, "qa_audit".to_string(), ChangeKind::Removed)
        ]
    );
    let d = diff::diff_claim(&old, &new, &claim(&design_claim()));
    let v = serde_json::to_value(d.changes.unwrap()).unwrap();
    assert_eq!(
        v["remedies"],
        json!([{ "name": "qa_audit", "clause": "Q.8.1 Joint QA audit and corrective action plan", "available": { "old": true }, "capped": { "old": false },
                 "supplier_total": { "old": "1500.00", "new": "0.00", "change": "-1500.00" },
                 "buyer_net_recovery": { "old": "1500.00", "new": "0.00", "change": "-1500.00" },
                 "window": { "old": { "from": "2026-03-20", "to": "2026-04-03" } } }])
    );

    // A new version that reads a fact the claim lacks: decided before, an error now.
    let strict =
        edited(&src, "when next_order_value > USD 0", "when next_order_value > USD 0 and claim.supplier_responded_on > order.delivered_on");
    let d = diff::diff_claim(&old, &strict, &claim(&design_claim()));
    assert_eq!(d.status, ClaimStatus::Changed);
    assert!(d.old_error.is_none() && d.changes.is_none());
    assert_eq!(d.new_error.unwrap().field.as_deref(), Some("supplier_responded_on"));
}

#[test]
fn the_report_validates_against_its_schema() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/diff.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
    let src = apparel();
    let old = Policy::compile(&src).unwrap();
    for new in [
        edited(&src, "at most 55% of order.value", "at most 70% of order.value"),
        edited(&src, "due 10 days after order.delivered_on", "due 7 days after order.delivered_on"),
        edited(&src, "when next_order_value > USD 0", "when claim.supplier_responded_on > order.delivered_on"),
    ] {
        let mut claims: Vec<Result<Claim, recourse::EvalError>> = generated(50).iter().map(|c| Ok(claim(c))).collect();
        claims.push(Claim::from_json("{").map_err(recourse::claim_error));
        let report = diff::diff(&old, &new, claims, 3);
        assert!(report.changed());
        let v = serde_json::to_value(&report).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }
}

/// A changed clause is placed in both sources: the declaration's lines and, inside it, the lines
/// whose text the other version lacks; an added or removed one in its own source only, every
/// non-blank, non-comment line of it marked.
#[test]
fn changed_clauses_are_placed_in_both_sources_with_the_lines_that_differ() {
    let src = apparel();
    let cap_line = src.lines().position(|l| l.starts_with("cap \"Q.7 Limitation\"")).unwrap() + 1;
    // A comment inserted above the cap moves it one line down in the new source.
    let new_src = src.replace(
        "cap \"Q.7 Limitation\" {\n  supplier total at most 55%",
        "# raised in the 2027 round\ncap \"Q.7 Limitation\" {\n  supplier total at most 70%",
    );
    let (old, new) = (Policy::compile(&src).unwrap(), Policy::compile(&new_src).unwrap());
    let changes = diff::clause_changes(&old, &new);
    assert_eq!(changes.len(), 1);
    let at = |l: &Option<diff::ClauseLines>| l.as_ref().map(|l| (l.line, l.end_line, l.changed.clone())).unwrap();
    assert_eq!(at(&changes[0].old_lines), (cap_line, cap_line + 2, vec![cap_line + 1]));
    assert_eq!(at(&changes[0].new_lines), (cap_line + 1, cap_line + 3, vec![cap_line + 2]));
    assert_eq!(new_src.lines().nth(cap_line + 1).unwrap(), "  supplier total at most 70% of order.value");

    // The notice window: two lines of the deadline differ, its `met when` line does not.
    let notice = src.lines().position(|l| l.starts_with("deadline notice")).unwrap() + 1;
    let new = edited(&src, "due 10 days after order.delivered_on", "due 7 days after order.delivered_on");
    let new = Policy::compile(&new.source().replace("after the 10-day window", "after the 7-day window")).unwrap();
    let changes = diff::clause_changes(&old, &new);
    assert_eq!(changes.len(), 1);
    assert_eq!(at(&changes[0].old_lines), (notice, notice + 4, vec![notice + 1, notice + 3]));
    assert_eq!(at(&changes[0].new_lines), (notice, notice + 4, vec![notice + 1, notice + 3]));

    // A declaration added (a multi-line `let` with a comment inside), then the same removed: placed
    // in its own source only, every line of it but the comment.
    let extra = "let spare_units = max(\n  # coats the buyer keeps in reserve\n  claim.affected_units - 10,\n  0)\n\n";
    let at_let = src.find("let affected_value").unwrap();
    let added_src = format!("{}{extra}{}", &src[..at_let], &src[at_let..]);
    let added = Policy::compile(&added_src).unwrap();
    let first = src[..at_let].lines().count() + 1;
    for (from, to, change) in [(&old, &added, ChangeKind::Added), (&added, &old, ChangeKind::Removed)] {
        let changes = diff::clause_changes(from, to);
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        assert_eq!((c.kind, c.name.as_str(), c.change), (DeclKind::Let, "spare_units", change));
        let (placed, absent) = if change == ChangeKind::Added { (&c.new_lines, &c.old_lines) } else { (&c.old_lines, &c.new_lines) };
        assert!(absent.is_none());
        assert_eq!(at(placed), (first, first + 3, vec![first, first + 2, first + 3]));
    }
}

/// A JSON-lines text is read as `recourse diff` reads a file: blank lines skipped, each claim at
/// its own line, a line that is not a claim that line's E0301; the rest compared as `diff` compares
/// them.
#[test]
fn a_json_lines_text_reports_each_claim_at_its_line_and_a_bad_line_as_its_error() {
    let src = apparel();
    let old = Policy::compile(&src).unwrap();
    let new = edited(&src, "at most 55% of order.value", "at most 70% of order.value");
    let claims = generated(6);
    let mut text = String::new();
    for (i, c) in claims.iter().enumerate() {
        text.push_str(&c.to_string());
        text.push('\n');
        if i == 2 {
            text.push_str("\n{ \"claim_id\": \"BROKEN\", \n");
        }
    }
    let report = diff::diff_json_lines(&old, &new, &text, 10);
    let listed = diff::diff(&old, &new, claims.iter().map(|c| Ok(claim(c))), 10);
    assert_eq!(report.summary.claims, 7);
    assert_eq!(report.summary.failed, 1);
    let bad = report.claims.iter().find(|c| c.status == ClaimStatus::Failed).unwrap();
    assert_eq!(bad.line, Some(5));
    assert_eq!(bad.old_error.as_ref().unwrap().code, recourse::Code::InvalidClaim);
    // The good claims: the same changes as the list, at their lines (1, 2, 3, then 6, 7, 8).
    let line_of = |position: u64| if position <= 3 { position } else { position + 2 };
    let good: Vec<_> = report.claims.iter().filter(|c| c.status != ClaimStatus::Failed).collect();
    assert_eq!(good.len(), listed.claims.len());
    for (g, l) in good.iter().zip(&listed.claims) {
        assert_eq!(g.line, Some(line_of(l.line.unwrap())));
        assert_eq!((&g.claim_id, &g.changes), (&l.claim_id, &l.changes));
    }
    assert_eq!(report.summary.supplier_change, listed.summary.supplier_change);
    assert_eq!(report.summary.changed, listed.summary.changed);
    assert!(listed.summary.changed > 0, "some generated claims are capped");
    let lines: Vec<(u64, bool)> = diff::json_lines("\r\n{}\n  \n").map(|(l, c)| (l, c.is_ok())).collect();
    assert_eq!(lines, [(2, false)]);
}
