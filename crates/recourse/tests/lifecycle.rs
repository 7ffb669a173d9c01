//! The claim's lifecycle: timestamps with offsets, dated events, the `process` block and the
//! decision's timeline, spans between timestamps and date parts. Every figure here was worked out
//! by hand from the dates in the test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use recourse::{Code, Policy};
use serde_json::{Value, json};

/// The process alone: its steps read the events a claim has, and wait for those it lacks.
const PROCESS: &str = r#"policy "Lifecycle" {
  currency USD
  calendar supplier
}

calendar supplier "Dongguan" {
  weekend sat, sun
  holiday 2026-03-16 to 2026-03-16 "Plant closed"
}

process "Q.8 Claim handling" {
  event notified: timestamp "Buyer notified the supplier"
  step acknowledged "Acknowledge the claim" within 24 to 48 hours after notified
  step findings "Initial findings" within 3 to 5 business days after acknowledged
  event approved "Buyer approved the replacement"
  step shipped "Replacement dispatched" within 7 to 14 days after approved
  step closed "Claim closed" within 30 days after claim.notified_on
}
"#;

/// The process with lets that read the events (so a claim must have them).
const POLICY: &str = r#"policy "Lifecycle" {
  currency USD
  calendar supplier
}

calendar supplier "Dongguan" {
  weekend sat, sun
  holiday 2026-03-16 to 2026-03-16 "Plant closed"
}

report let ack_started_hours = started hours between event.notified and event.acknowledged
report let ack_whole_hours = whole hours between event.notified and event.acknowledged
report let ack_started_days = started days between event.notified and event.acknowledged
report let ack_whole_days = whole days between event.notified and event.acknowledged
report let approval_days = whole days between claim.notified_on and event.approved
report let notice_year = year(event.notified)
report let notice_quarter = quarter(claim.notified_on)
report let notice_month = month(event.notified)
report let notice_weekday = weekday(event.notified)
report let notice_date = date(event.notified)
report let before_cutoff = event.acknowledged < 2026-03-07T12:00Z

process "Q.8 Claim handling" {
  event notified: timestamp "Buyer notified the supplier"
  step acknowledged "Acknowledge the claim" within 24 to 48 hours after notified
  step findings "Initial findings" within 3 to 5 business days after acknowledged
  event approved "Buyer approved the replacement"
  step shipped "Replacement dispatched" within 7 to 14 days after approved
  step closed "Claim closed" within 30 days after claim.notified_on
}
"#;

fn claim(as_of: &str, events: Value) -> Value {
    json!({
        "claim_id": "C-1", "as_of": as_of, "currency": "USD",
        "order": { "units": 10, "unit_price": "1.00", "delivered_on": "2026-03-02" },
        "affected_units": 1, "discovered_on": "2026-03-04", "notified_on": "2026-03-05",
        "events": events
    })
}

fn decide(policy: &str, claim: Value) -> Result<Value, recourse::EvalError> {
    let p = Policy::compile(policy).unwrap_or_else(|d| panic!("{d:?}"));
    p.evaluate_json(&claim.to_string()).map(|d| serde_json::to_value(d).unwrap())
}

fn reported(d: &Value, name: &str) -> String {
    d["reported"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap()["value"].as_str().unwrap().to_string()
}

fn step<'a>(d: &'a Value, name: &str) -> &'a Value {
    d["timeline"]["steps"].as_array().unwrap().iter().find(|s| s["step"] == name).unwrap()
}

fn events() -> Value {
    json!([
        { "kind": "notified", "at": "2026-03-05T16:30+08:00" },
        // 2 days 2 hours 30 minutes after the notice; written in another offset (11:00 UTC).
        { "kind": "acknowledged", "at": "2026-03-07T12:00+01:00" },
        { "kind": "findings", "at": "2026-03-13" },
        { "kind": "approved", "at": "2026-03-10" }
    ])
}

#[test]
fn spans_between_timestamps_count_started_and_whole_units() {
    let d = decide(POLICY, claim("2026-03-20", events())).unwrap();
    // 2026-03-05T08:30Z to 2026-03-07T11:00Z: 50 h 30 min.
    assert_eq!(reported(&d, "ack_started_hours"), "51");
    assert_eq!(reported(&d, "ack_whole_hours"), "50");
    assert_eq!(reported(&d, "ack_started_days"), "3");
    assert_eq!(reported(&d, "ack_whole_days"), "2");
    assert_eq!(reported(&d, "approval_days"), "5");
    assert_eq!(reported(&d, "before_cutoff"), "true");
}

#[test]
fn date_parts_read_the_timestamp_in_its_own_offset() {
    // 2026-03-05T16:30+08:00 is Thursday 5 March locally (08:30 UTC the same day).
    let d = decide(POLICY, claim("2026-03-20", events())).unwrap();
    assert_eq!(reported(&d, "notice_year"), "2026");
    assert_eq!(reported(&d, "notice_quarter"), "1");
    assert_eq!(reported(&d, "notice_month"), "3");
    assert_eq!(reported(&d, "notice_weekday"), "4");
    assert_eq!(reported(&d, "notice_date"), "2026-03-05");
    // 00:30 on 1 January at +14:00 is still 31 December in UTC: the local date counts.
    let early = json!([
        { "kind": "notified", "at": "2027-01-01T00:30+14:00" },
        { "kind": "acknowledged", "at": "2027-01-01T12:00+14:00" },
        { "kind": "approved", "at": "2027-01-01" }
    ]);
    let mut c = claim("2027-01-02", early);
    c["notified_on"] = json!("2026-12-31");
    let d = decide(POLICY, c).unwrap();
    assert_eq!(reported(&d, "notice_year"), "2027");
    assert_eq!(reported(&d, "notice_quarter"), "4");
    assert_eq!(reported(&d, "notice_month"), "1");
    assert_eq!(reported(&d, "notice_weekday"), "5");
}

#[test]
fn the_timeline_shows_each_step_late_on_time_or_open_with_both_bounds() {
    let d = decide(POLICY, claim("2026-03-20", events())).unwrap();
    let t = &d["timeline"];
    assert_eq!(t["clause"], "Q.8 Claim handling");
    let ack = step(&d, "acknowledged");
    assert_eq!(ack["status"], "late");
    assert_eq!(ack["rule"], "24 to 48 hours after notified");
    assert_eq!(ack["due_from"], "2026-03-06T16:30+08:00");
    assert_eq!(ack["due_by"], "2026-03-07T16:30+08:00");
    assert_eq!(ack["done"], "2026-03-07T12:00+01:00");
    assert_eq!(ack["late_by"], json!({ "unit": "hours", "whole": 2, "started": 3, "exact": "2 hours 30 minutes" }));
    // Acknowledged Sat 7 Mar 19:00 local: 3 business days is Wed 11, 5 is Fri 13.
    let findings = step(&d, "findings");
    assert_eq!(findings["started"], "2026-03-07T12:00+01:00");
    assert_eq!(findings["due_from"], "2026-03-11T12:00+01:00");
    assert_eq!(findings["due_by"], "2026-03-13T12:00+01:00");
    assert_eq!(findings["status"], "on_time");
    assert_eq!(findings["late_by"], Value::Null);
    let shipped = step(&d, "shipped");
    assert_eq!(
        (shipped["status"].as_str(), shipped["due_from"].as_str(), shipped["due_by"].as_str()),
        (Some("open"), Some("2026-03-17"), Some("2026-03-24"))
    );
    assert_eq!(step(&d, "closed")["due_by"], "2026-04-04");
    // Open: shipped (24 Mar) before closed (4 Apr).
    assert_eq!(t["next"], "shipped");
}

#[test]
fn a_step_not_done_is_overdue_once_its_late_bound_has_passed() {
    let mut ev = events();
    ev.as_array_mut().unwrap().retain(|e| e["kind"] != "findings");
    const POLICY: &str = PROCESS;
    // Findings due by Fri 13 Mar at 12:00+01:00; as of that evening they are overdue.
    let mut c = claim("2026-03-13", ev.clone());
    c["as_of_time"] = json!("2026-03-13T12:00:01+01:00");
    let d = decide(POLICY, c).unwrap();
    assert_eq!(step(&d, "findings")["status"], "overdue");
    assert_eq!(d["timeline"]["next"], "findings");
    // One second before: still open.
    let mut c = claim("2026-03-13", ev.clone());
    c["as_of_time"] = json!("2026-03-13T12:00+01:00");
    assert_eq!(step(&decide(POLICY, c).unwrap(), "findings")["status"], "open");
    // Without a time, a step due at a time on the as_of date is still open; the next day overdue.
    assert_eq!(step(&decide(POLICY, claim("2026-03-13", ev.clone())).unwrap(), "findings")["status"], "open");
    assert_eq!(step(&decide(POLICY, claim("2026-03-14", ev)).unwrap(), "findings")["status"], "overdue");
}

#[test]
fn late_by_counts_business_days_over_the_calendar_and_days_between_dates() {
    let ev = json!([
        { "kind": "notified", "at": "2026-03-05T16:30+08:00" },
        { "kind": "acknowledged", "at": "2026-03-06T09:00+08:00" },
        // Due by Fri 13 Mar 09:00; done Tue 17 Mar (Mon 16 is a holiday): 1 business day late.
        { "kind": "findings", "at": "2026-03-17" },
        { "kind": "approved", "at": "2026-03-01" },
        // Due by 15 Mar; shipped 18 Mar: 3 days late.
        { "kind": "shipped", "at": "2026-03-18" }
    ]);
    let d = decide(PROCESS, claim("2026-03-20", ev)).unwrap();
    assert_eq!(step(&d, "acknowledged")["status"], "on_time");
    assert_eq!(step(&d, "findings")["late_by"], json!({ "unit": "business_days", "whole": 1, "started": 1, "exact": "1 business day" }));
    assert_eq!(step(&d, "shipped")["late_by"], json!({ "unit": "days", "whole": 3, "started": 3, "exact": "3 days" }));
    assert_eq!(d["timeline"]["next"], "closed");
}

#[test]
fn a_step_waits_until_the_event_it_counts_from_happens() {
    let ev = json!([{ "kind": "notified", "at": "2026-03-05T16:30+08:00" }]);
    let d = decide(PROCESS, claim("2026-03-06", ev)).unwrap();
    let s = step(&d, "findings");
    assert_eq!((s["status"].as_str(), s["started"].clone(), s["due_by"].clone()), (Some("waiting"), Value::Null, Value::Null));
    assert_eq!(step(&d, "acknowledged")["status"], "open");
    // Reading an event the claim lacks is E0304, naming it.
    let e = decide(POLICY, claim("2026-03-06", json!([]))).unwrap_err();
    assert_eq!(e.code, Code::MissingField);
    assert_eq!(e.field.as_deref(), Some("events[kind=notified]"));
}

#[test]
fn bad_events_get_coded_errors_naming_the_field() {
    let cases: Vec<(Value, &str, Code, &str)> = vec![
        (json!([{ "kind": "shipment", "at": "2026-03-05" }]), "2026-03-20", Code::UnknownEventKind, "events[0].kind"),
        (
            json!([{ "kind": "approved", "at": "2026-03-05" }, { "kind": "approved", "at": "2026-03-06" }]),
            "2026-03-20",
            Code::RepeatedEvent,
            "events[1]",
        ),
        (json!([{ "kind": "approved", "at": "2026-03-21" }]), "2026-03-20", Code::EventAfterAsOf, "events[0].at"),
        (json!([{ "kind": "notified", "at": "2026-03-05" }]), "2026-03-20", Code::EventNeedsTime, "events[0].at"),
    ];
    for (events, as_of, code, field) in cases {
        let e = decide(POLICY, claim(as_of, events.clone())).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (code, Some(field)), "{events}");
    }
    let many: Vec<Value> = (0..1001).map(|_| json!({ "kind": "approved", "at": "2026-03-05" })).collect();
    assert_eq!(decide(POLICY, claim("2026-03-20", json!(many))).unwrap_err().code, Code::TooManyEvents);
    let mut c = claim("2026-03-20", json!([]));
    c["as_of_time"] = json!("2026-03-21T01:00+08:00");
    assert_eq!(decide(POLICY, c).unwrap_err().code, Code::AsOfTimeDate);
    // A timestamp later on as_of than as_of_time is after "now".
    let mut c = claim("2026-03-20", json!([{ "kind": "notified", "at": "2026-03-20T18:00+08:00" }]));
    c["as_of_time"] = json!("2026-03-20T09:00+08:00");
    assert_eq!(decide(POLICY, c).unwrap_err().code, Code::EventAfterAsOf);
}

#[test]
fn untrusted_timestamps_are_refused_not_panicked_on() {
    for bad in ["2026-03-05T16:30:60+08:00", "2026-03-05T16:30+24:00", "+99999-01-01T00:00Z", "2026-03-05T16:30", "2026-13-01T00:00Z"] {
        let e = Policy::compile(POLICY)
            .unwrap()
            .evaluate_json(&claim("2026-03-20", json!([{ "kind": "notified", "at": bad }])).to_string())
            .unwrap_err();
        assert_eq!(e.code, Code::InvalidClaim, "{bad}");
        assert_eq!(e.field.as_deref(), Some("events[0].at"), "{bad}");
    }
    // 48 hours after the last hours of year 9999 is out of range: E0326, not a panic.
    let ev = json!([{ "kind": "notified", "at": "9999-12-31T23:00+00:00" }, { "kind": "approved", "at": "9999-12-31" }]);
    let mut c = claim("9999-12-31", ev);
    c["notified_on"] = json!("9999-12-31");
    c["discovered_on"] = json!("9999-12-31");
    assert_eq!(decide(PROCESS, c).unwrap_err().code, Code::TimestampOutOfRange);
}

#[test]
fn a_policy_without_a_process_has_no_timeline_and_accepts_no_events() {
    let plain = "policy \"Plain\" {\n  currency USD\n}\n";
    let d = decide(plain, claim("2026-03-20", json!([]))).unwrap();
    assert!(d.get("timeline").is_none());
    let e = decide(plain, claim("2026-03-20", json!([{ "kind": "approved", "at": "2026-03-05" }]))).unwrap_err();
    assert_eq!(e.code, Code::UnknownEventKind);
}

fn codes(source: &str) -> Vec<(Code, String)> {
    recourse::check(source)
        .into_iter()
        .filter(|d| d.code != Code::UnusedEvent || source.contains("closed"))
        .map(|d| (d.code, source[d.span.start..d.span.end].to_string()))
        .collect()
}

#[test]
fn the_checker_points_at_timestamp_mistakes() {
    let head = "policy \"P\" {\n  currency USD\n}\nprocess \"Q.8\" {\n  event notified: timestamp \"n\"\n  event approved \"a\"\n}\n";
    let with = |line: &str| format!("{head}report let x = {line}\n");
    assert_eq!(codes(&with("2026-03-05T16:30+25:00")), vec![(Code::BadTimestamp, "2026-03-05T16:30+25:00".to_string())]);
    assert_eq!(codes(&with("2026-03-05T16:30:60Z")), vec![(Code::BadTimestamp, "2026-03-05T16:30:60Z".to_string())]);
    assert_eq!(
        codes(&with("started hours between claim.notified_on and event.approved")),
        vec![(Code::HoursNeedTimestamps, "started hours between claim.notified_on and event.approved".to_string())]
    );
    assert_eq!(
        codes(&with("whole days between claim.notified_on and event.notified")),
        vec![(Code::DateAndTimestamp, "claim.notified_on".to_string())]
    );
    assert_eq!(
        codes(&with("event.notified < claim.notified_on")),
        vec![(Code::DateAndTimestamp, "event.notified < claim.notified_on".to_string())]
    );
    assert_eq!(
        codes(&with("days between event.notified and event.notified")),
        vec![(Code::SpanCountUnstated, "days between event.notified and event.notified".to_string())]
    );
    assert_eq!(codes(&with("event.shiped")), vec![(Code::UnknownEvent, "event.shiped".to_string())]);
    assert_eq!(codes(&with("year(order.value)")), vec![(Code::TypeMismatch, "order.value".to_string())]);
}

#[test]
fn the_checker_points_at_process_mistakes() {
    let head = "policy \"P\" {\n  currency USD\n}\n";
    let process = |body: &str| format!("{head}process \"Q.8\" {{\n  event notified: timestamp \"n\"\n{body}}}\n");
    assert_eq!(
        codes(&process("  step a \"A\" within 5 to 3 days after notified\n")),
        vec![(Code::InvalidTimeframe, "5 to 3 days".to_string())]
    );
    assert_eq!(codes(&process("  step a \"A\" within 1 day after a\n")), vec![(Code::InvalidTimeframe, "a".to_string())]);
    assert_eq!(
        codes(&process("  step a \"A\" within 2 hours after claim.notified_on\n")),
        vec![(Code::HoursNeedTimestamps, "claim.notified_on".to_string())]
    );
    assert_eq!(codes(&process("  step a \"A\" within 2 days after order.value\n")), vec![(Code::TypeMismatch, "order.value".to_string())]);
    assert_eq!(codes(&process("  step notified \"A\" within 2 days after claim.notified_on\n"))[0].0, Code::DuplicateName);
    let two = format!("{}process \"again\" {{}}\n", process("  step a \"A\" within 1 day after notified\n"));
    assert_eq!(codes(&two), vec![(Code::RepeatedProcess, "process \"again\" {}".to_string())]);
    assert_eq!(
        codes(&process("  step a \"A\" within 1 day after notified\n  event closed \"c\"\n")),
        vec![(Code::UnusedEvent, "closed".to_string())]
    );
}

#[test]
fn the_formatter_round_trips_the_process_and_timestamps() {
    let messy = "policy \"P\" { currency USD }\nreport let a = started   hours between 2026-03-05T16:30Z and 2026-03-06T16:30:15-05:30\nreport let b = weekday( 2026-03-05 )\nprocess \"Q.8\" {\n event notified : timestamp \"n\"\n step ack \"Ack\" within 24 to 48 hour after notified\n step one : date \"One\" within 1 business  day after ack\n}\n";
    let formatted = recourse::format(messy).unwrap();
    assert_eq!(
        formatted,
        "policy \"P\" {\n  currency USD\n}\n\nreport let a = started hours between 2026-03-05T16:30+00:00 and 2026-03-06T16:30:15-05:30\nreport let b = weekday(2026-03-05)\n\nprocess \"Q.8\" {\n  event notified: timestamp \"n\"\n  step ack \"Ack\" within 24 to 48 hours after notified\n  step one: date \"One\" within 1 business day after ack\n}\n"
    );
    assert_eq!(recourse::format(&formatted).unwrap(), formatted);
    // 2026-03-05T16:30Z to 2026-03-06T22:00:15Z: 29 h 30 min 15 s, 30 started hours.
    let d = decide(&formatted, claim("2026-03-20", json!([]))).unwrap();
    assert_eq!(reported(&d, "a"), "30");
    assert_eq!(reported(&d, "b"), "4");
}

#[test]
fn the_trace_records_each_step_with_the_events_it_read() {
    let p = Policy::compile(POLICY).unwrap();
    let d = p.evaluate_json_traced(&claim("2026-03-20", events()).to_string()).unwrap();
    let trace = serde_json::to_value(d.trace.unwrap()).unwrap();
    let step = trace["steps"].as_array().unwrap().iter().find(|s| s["what"] == "step acknowledged").unwrap();
    assert_eq!(step["result"], "late, due by 2026-03-07T16:30+08:00, late by 2 hours 30 minutes");
    assert_eq!(step["clause"], "Q.8 Claim handling");
    let reads: Vec<(String, String)> = step["reads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_string(), r["value"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        reads,
        vec![
            ("event.notified".to_string(), "2026-03-05T16:30+08:00".to_string()),
            ("event.acknowledged".to_string(), "2026-03-07T12:00+01:00".to_string())
        ]
    );
}

#[test]
fn an_example_can_expect_a_step_and_says_what_it_found() {
    let source = format!(
        "{PROCESS}\nexample \"timeline\" {{\n  given claim {{ \"claim_id\": \"C\", \"as_of\": \"2026-03-20\", \"currency\": \"USD\", \"order\": {{ \"units\": 1, \"unit_price\": \"1.00\", \"delivered_on\": \"2026-03-02\" }}, \"affected_units\": 0, \"discovered_on\": \"2026-03-04\", \"notified_on\": \"2026-03-05\", \"events\": [{{ \"kind\": \"notified\", \"at\": \"2026-03-05T16:30+08:00\" }}, {{ \"kind\": \"acknowledged\", \"at\": \"2026-03-07T19:00+08:00\" }}] }}\n  expect step acknowledged late by \"2 hours 30 minutes\"\n  expect step acknowledged due 2026-03-07T16:30+08:00\n  expect step findings overdue\n  expect step shipped waiting\n  expect next findings\n  expect step acknowledged on_time\n  expect next none\n}}\n"
    );
    let p = Policy::compile(&source).unwrap_or_else(|d| panic!("{d:?}"));
    let outcome = p.run_example(0, None);
    let failed: Vec<(String, String)> = outcome.mismatches.iter().map(|m| (m.expected.clone(), m.actual.clone())).collect();
    assert_eq!(failed, vec![("on_time".to_string(), "late".to_string()), ("next none".to_string(), "next findings".to_string())]);
    // The formatter writes the expectations back as written.
    let formatted = recourse::format(&source).unwrap();
    assert!(
        formatted
            .contains("  expect step acknowledged late by \"2 hours 30 minutes\"\n  expect step acknowledged due 2026-03-07T16:30+08:00\n")
    );
    assert_eq!(recourse::format(&formatted).unwrap(), formatted);
    // An unknown step is a check error.
    let bad = source.replace("expect step shipped waiting", "expect step shiped waiting");
    assert!(codes(&bad).contains(&(Code::InvalidExample, "shiped".to_string())));
}

#[test]
fn the_conformance_cases_pin_the_penalty_and_the_coats_timeline() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let read = |p: &str| std::fs::read_to_string(repo.join(p)).unwrap();
    let case = "tests/conformance/lifecycle-late-delivery-penalty/";
    let d = decide(&read(&format!("{case}policy.policy")), serde_json::from_str(&read(&format!("{case}claim.json"))).unwrap()).unwrap();
    // Slot Wed 1 Apr 12:00, delivered Fri 3 Apr 09:15 (+02:00): 45 h 15 min, 2 started days.
    assert_eq!(reported(&d, "days_late"), "2");
    assert_eq!(reported(&d, "whole_days_late"), "1");
    assert_eq!(reported(&d, "hours_late"), "46");
    assert_eq!(reported(&d, "delivered_weekday"), "5");
    assert_eq!(d["remedies"][0]["supplier_total"], "480.00");
    assert_eq!(step(&d, "delivered")["late_by"]["exact"], "45 hours 15 minutes");
    assert_eq!(step(&d, "invoice_checked")["due_by"], "2026-04-08T09:15+02:00");
    let case = "tests/conformance/lifecycle-coats-timeline/";
    let d = decide(&read("policies/apparel-coats.policy"), serde_json::from_str(&read(&format!("{case}claim.json"))).unwrap()).unwrap();
    let statuses: Vec<(&str, &str)> =
        d["timeline"]["steps"].as_array().unwrap().iter().map(|s| (s["step"].as_str().unwrap(), s["status"].as_str().unwrap())).collect();
    assert_eq!(
        statuses,
        vec![
            ("acknowledged", "late"),
            ("findings", "on_time"),
            ("responded", "late"),
            ("replacement_shipped", "open"),
            ("replacement_received", "waiting"),
            ("reinspected", "waiting"),
            ("credit_issued", "waiting"),
            ("capa_submitted", "open"),
            ("closed", "waiting"),
        ]
    );
    assert_eq!(d["timeline"]["next"], "replacement_shipped");
    // The date-only claim of the same policy decides as before: no timeline.
    let plain =
        decide(&read("policies/apparel-coats.policy"), serde_json::from_str(&read("policies/apparel-coats.claim.json")).unwrap()).unwrap();
    assert!(plain.get("timeline").is_none());
}

#[test]
fn an_input_can_be_a_timestamp_with_a_default_and_a_fact() {
    let source = "policy \"P\" {\n  currency USD\n}\ninput cutoff: timestamp = 2026-03-05T17:00+08:00 \"Daily cut-off\"\nreport let hours_to_cutoff = whole hours between 2026-03-05T09:00+08:00 and cutoff\n";
    let d = decide(source, claim("2026-03-20", json!([]))).unwrap();
    assert_eq!(reported(&d, "hours_to_cutoff"), "8");
    let mut c = claim("2026-03-20", json!([]));
    c["facts"] = json!({ "cutoff": "2026-03-05T01:00Z" });
    assert_eq!(reported(&decide(source, c).unwrap(), "hours_to_cutoff"), "0");
    let mut c = claim("2026-03-20", json!([]));
    c["facts"] = json!({ "cutoff": "2026-03-05T17:00+24:00" });
    let e = decide(source, c).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (Code::FactType, Some("facts.cutoff")));
    assert!(e.message.contains("less than 24 hours"), "{}", e.message);
}

#[test]
fn steps_that_count_from_each_other_are_a_warning() {
    let head = "policy \"P\" {\n  currency USD\n}\n";
    let source = format!(
        "{head}process \"Q.8\" {{\n  event notified \"n\"\n  step a \"A\" within 2 days after b\n  step b \"B\" within 3 days after c\n  step c \"C\" within 1 day after a\n  step d \"D\" within 1 day after a\n  step e \"E\" within 1 day after notified\n}}\n"
    );
    let found: Vec<(Code, String)> = recourse::check(&source).into_iter().map(|d| (d.code, d.message)).collect();
    assert_eq!(found, vec![(Code::StepsWaitOnEachOther, "steps count from each other: a -> b -> c".to_string())]);
}

/// The process with lets that guard their event reads with `present(event.NAME)`.
fn guarded_policy() -> String {
    format!(
        "{PROCESS}\nreport let ack_hours = if present(event.notified) and present(event.acknowledged) then whole hours between event.notified and event.acknowledged else 0 as \"Hours to acknowledge\"\n\
         report let approved_late = present(event.approved) and event.approved > 2026-03-09 as \"Approved after the 9th\"\n\
         report let ship_open = not present(event.shipped) or event.shipped > claim.as_of as \"Replacement not shipped\"\n"
    )
}

#[test]
fn present_event_is_true_for_the_events_the_claim_gives_and_guards_their_reads() {
    let source = guarded_policy();
    let p = Policy::compile(&source).unwrap();
    assert!(p.warnings().is_empty(), "{:#?}", p.warnings());
    // notified 08:30Z on the 5th, acknowledged 11:00Z on the 7th: 50 whole hours.
    let d = decide(&source, claim("2026-03-20", events())).unwrap();
    assert_eq!(reported(&d, "ack_hours"), "50");
    assert_eq!(reported(&d, "approved_late"), "true");
    assert_eq!(reported(&d, "ship_open"), "true");
    // No events yet: every guarded read is skipped instead of stopping the evaluation.
    let d = decide(&source, claim("2026-03-20", json!([]))).unwrap();
    assert_eq!(reported(&d, "ack_hours"), "0");
    assert_eq!(reported(&d, "approved_late"), "false");
    assert_eq!(reported(&d, "ship_open"), "true");
    // Shipped on the 19th, before as_of: no longer open.
    let mut shipped = events();
    shipped.as_array_mut().unwrap().push(json!({ "kind": "shipped", "at": "2026-03-19" }));
    let d = decide(&source, claim("2026-03-20", shipped)).unwrap();
    assert_eq!(reported(&d, "ship_open"), "false");
}

#[test]
fn the_trace_records_present_event_reads() {
    let p = Policy::compile(&guarded_policy()).unwrap();
    let only_notice = json!([{ "kind": "notified", "at": "2026-03-05T16:30+08:00" }]);
    let d = p.evaluate_json_traced(&claim("2026-03-20", only_notice).to_string()).unwrap();
    let trace = serde_json::to_value(d.trace.unwrap()).unwrap();
    let step = trace["steps"].as_array().unwrap().iter().find(|s| s["what"] == "let ack_hours").unwrap();
    assert_eq!(
        step["reads"],
        json!([{ "name": "present(event.notified)", "value": "true" }, { "name": "present(event.acknowledged)", "value": "false" }])
    );
}

#[test]
fn an_unguarded_event_read_is_warned_about_and_stops_a_claim_without_the_event() {
    let source = format!("{PROCESS}\nreport let approval_days = whole days between claim.notified_on and event.approved\n");
    let warnings: Vec<(Code, String)> =
        recourse::check(&source).into_iter().map(|d| (d.code, source[d.span.start..d.span.end].to_string())).collect();
    assert_eq!(warnings, vec![(Code::UnguardedOptional, "event.approved".to_string())]);
    let w = recourse::check(&source).into_iter().next().unwrap();
    assert_eq!(w.message, "`event.approved` is read without `present(event.approved)`");
    let e = decide(&source, claim("2026-03-20", json!([]))).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (Code::MissingField, Some("events[kind=approved]")));
    // The same read under `if present(...)` is not warned about.
    let guarded = format!(
        "{PROCESS}\nreport let approval_days = if present(event.approved) then whole days between claim.notified_on and event.approved else 0\n"
    );
    assert!(recourse::check(&guarded).is_empty(), "{:#?}", recourse::check(&guarded));
}

#[test]
fn present_takes_event_kinds_of_the_process_and_uses_them() {
    let head = "policy \"P\" {\n  currency USD\n}\nprocess \"Q.8\" {\n  event notified: timestamp \"n\"\n  event closed \"c\"\n}\n";
    // Reading `closed` only through `present` still counts as using it (no W0210).
    assert_eq!(codes(&format!("{head}report let a = present(event.closed) and present(event.notified)\n")), vec![]);
    assert_eq!(
        codes(&format!("{head}report let a = present(event.clsed)\n")),
        vec![
            (Code::UnusedEvent, "notified".to_string()),
            (Code::UnusedEvent, "closed".to_string()),
            (Code::UnknownEvent, "event.clsed".to_string())
        ]
    );
    let plain = "policy \"P\" {\n  currency USD\n}\nreport let a = present(event.notified)\n";
    assert_eq!(codes(plain), vec![(Code::UnknownEvent, "event.notified".to_string())]);
}

#[test]
fn present_event_round_trips_through_the_formatter() {
    let src = format!("{PROCESS}\nreport let a = present( event.approved )and event.approved>2026-03-09\n");
    let out = recourse::format(&src).unwrap();
    assert!(out.contains("report let a = present(event.approved) and event.approved > 2026-03-09\n"), "{out}");
    assert_eq!(recourse::format(&out).unwrap(), out);
}
