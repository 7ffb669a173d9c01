//! The supplier claim packet, the closeout note and the defective log: golden files for the
//! design example, and proofs that no customer identifier of the input survives anywhere in them
//! (the design example, a hand-written hard case, and generated customers). Bless the golden
//! files with `INSTA_UPDATE=always` or `cargo insta review`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use proptest::prelude::*;
use recourse::packet::{self, LogEntry, PseudonymOptions};
use recourse::{Claim, Decision, Policy};

const APPAREL: &str = include_str!("../../../policies/apparel-coats.policy");
const CLAIM: &str = include_str!("../../../policies/apparel-coats.claim.json");

fn policy() -> Policy {
    Policy::compile(APPAREL).unwrap()
}

/// Everything the module renders for one claim, one string per output.
fn outputs(policy: &Policy, claim: &Claim, decision: &Decision, explanation: Option<&str>) -> Vec<(&'static str, String)> {
    let p = packet::packet(policy, claim, decision);
    let c = packet::closeout(policy, claim, decision, explanation);
    let rows = packet::log_rows(&[LogEntry { policy, claim, decision, remedy_given: explanation }], &PseudonymOptions::default());
    vec![
        ("packet.json", serde_json::to_string_pretty(&p).unwrap()),
        ("packet.md", packet::packet_markdown(&p)),
        ("closeout.json", serde_json::to_string_pretty(&c).unwrap()),
        ("closeout.txt", packet::closeout_text(&c)),
        ("log.json", serde_json::to_string_pretty(&rows).unwrap()),
        ("log.csv", packet::log_csv(&rows)),
    ]
}

/// The words of a name or street address (split at anything not a letter or digit) that are
/// made of letters.
fn words(s: &str, min_letters: usize) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= min_letters && w.chars().all(char::is_alphabetic))
        .map(str::to_string)
        .collect()
}

/// Is `needle` a whole word of `hay` (case-insensitive)?
fn has_word(hay: &str, needle: &str) -> bool {
    let hay = hay.to_lowercase();
    let needle = needle.to_lowercase();
    let mut from = 0;
    while let Some(i) = hay[from..].find(&needle) {
        let start = from + i;
        let end = start + needle.len();
        let before = hay[..start].chars().next_back().is_some_and(char::is_alphanumeric);
        let after = hay[end..].chars().next().is_some_and(char::is_alphanumeric);
        if !before && !after {
            return true;
        }
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The text with phone punctuation removed, so "+351 912 345 678" reads "351912345678".
fn digit_view(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '/' | '+' | '\u{a0}')).collect()
}

/// What must not survive: literal identifiers (substring, case-insensitive), words (whole word,
/// case-insensitive) and digit strings of phone numbers (in the digit view).
#[derive(Debug, Default, Clone)]
struct Secrets {
    literals: Vec<String>,
    words: Vec<String>,
    digits: Vec<String>,
}

impl Secrets {
    /// Every structured identifier of the claim's returns.
    fn of_claim(claim: &Claim) -> Secrets {
        let mut s = Secrets::default();
        for r in &claim.customer_returns {
            for v in [&r.customer_name, &r.email, &r.phone, &r.address, &r.order_id].into_iter().flatten() {
                s.literals.push(v.clone());
            }
            if let Some(n) = &r.customer_name {
                s.words.extend(words(n, 2));
            }
            if let Some(a) = &r.address {
                s.words.extend(words(a, 4));
            }
            if let Some(p) = &r.phone {
                s.phone(p);
            }
            if let Some(o) = &r.order_id {
                s.words.push(o.trim_start_matches(|c: char| !c.is_ascii_digit()).to_string());
            }
        }
        s
    }

    fn phone(&mut self, p: &str) {
        self.literals.push(p.to_string());
        let d: String = p.chars().filter(char::is_ascii_digit).collect();
        self.digits.push(d);
    }

    fn assert_absent(&self, outputs: &[(&str, String)]) {
        for (name, out) in outputs {
            let lower = out.to_lowercase();
            for l in &self.literals {
                assert!(!lower.contains(&l.to_lowercase()), "{name}: `{l}` survived:\n{out}");
            }
            for w in &self.words {
                assert!(!has_word(out, w), "{name}: the word `{w}` survived:\n{out}");
            }
            let view = digit_view(out);
            for d in &self.digits {
                assert!(!view.contains(d.as_str()), "{name}: the digits {d} survived:\n{out}");
            }
        }
    }
}

fn design() -> (Policy, Claim, Decision) {
    let policy = policy();
    let claim = Claim::from_json(CLAIM).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    (policy, claim, decision)
}

#[test]
fn design_example_snapshots() {
    let (policy, claim, decision) = design();
    for (name, out) in outputs(&policy, &claim, &decision, None) {
        insta::assert_snapshot!(format!("design_{name}"), out);
    }
    let c = packet::closeout(
        &policy,
        &claim,
        &decision,
        Some("Zipper supplier changed in week 5; Ana Lima's coat (call +351 912 345 678) was from that batch."),
    );
    insta::assert_snapshot!("design_closeout_with_explanation.txt", packet::closeout_text(&c));
}

#[test]
fn design_example_keeps_no_identifier() {
    let (policy, claim, decision) = design();
    let mut secrets = Secrets::of_claim(&claim);
    // Found in the note.
    secrets.phone("+351 912 345 678");
    secrets.digits.push("912345678".into());
    assert!(secrets.words.contains(&"Ana".to_string()) && secrets.words.contains(&"Augusta".to_string()));
    secrets.assert_absent(&outputs(&policy, &claim, &decision, None));
    secrets.assert_absent(&outputs(
        &policy,
        &claim,
        &decision,
        Some("We spoke to ana.lima@example.com at 12 Rua Augusta, Lisboa about SHOP-100234."),
    ));
}

#[test]
fn design_example_packet_content() {
    let (policy, claim, decision) = design();
    let p = packet::packet(&policy, &claim, &decision);
    assert_eq!((p.po.as_deref(), p.sku.as_deref(), p.lot.as_deref()), (Some("PO-88121"), Some("PARKA-NAVY-M"), Some("L-2026-02-11-A")));
    let codes: Vec<_> = p.defects.iter().map(|d| (d.code.as_str(), d.found_in_inspection, d.returns.len())).collect();
    assert_eq!(codes, [("zipper_failure", 3, 1), ("stitching", 6, 0), ("shade", 4, 0)]);
    assert_eq!(p.defects[0].description.as_deref(), Some("Zipper fails the 50-cycle pull test"));
    let r = p.requested_remedy.as_ref().unwrap();
    assert_eq!((r.name.as_str(), r.supplier_total.as_str(), r.buyer_net_recovery.as_str()), ("replacement", "8930.00", "8580.00"));
    assert_eq!(p.photos.len(), 2);
    assert!(p.photos.iter().all(|ph| ph.return_id == "R-5512" && ph.lot.as_deref() == Some("L-2026-02-11-A")));
    let ret = &p.customer_returns[0];
    assert_eq!(ret.customer, "Customer A");
    assert_eq!(ret.email.as_deref(), Some("customer-a@example.invalid"));
    assert_eq!(ret.order.as_deref(), Some("Order 1"));
    assert_eq!(ret.address.as_deref(), Some("[address removed]"));
    assert_eq!(ret.note.as_deref(), Some("Zip split after two days; call me on [phone removed]"));
    assert_eq!(p.evidence.photos, Some(14));
    assert_eq!(p.evidence.third_party_report.as_deref(), Some("SGS-DG-2026-0311"));

    let c = packet::closeout(&policy, &claim, &decision, None);
    assert_eq!(packet::closeout_text(&c).lines().count(), 6);
    assert!(c.next_control.starts_with("QA audit and tightened inspection on the next lot"), "{}", c.next_control);
    assert!(c.supplier_explanation.starts_with("no explanation received by 2026-03-06"), "{}", c.supplier_explanation);
}

#[test]
fn closeout_without_flags_asks_for_normal_inspection() {
    let policy = policy();
    let mut claim = Claim::from_json(CLAIM).unwrap();
    claim.history.clear();
    let decision = policy.evaluate(&claim).unwrap();
    let c = packet::closeout(&policy, &claim, &decision, Some("Operator error on line 3; retrained."));
    assert!(c.next_control.starts_with("normal inspection on the next lot"), "{}", c.next_control);
    assert_eq!(c.supplier_explanation, "Operator error on line 3; retrained.");
}

/// The next control follows ISO 2859-1 switching when the policy has it: the conformance cases'
/// next states, as the closeout states them.
#[test]
fn closeout_next_control_follows_switching() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut lines = Vec::new();
    for case in [
        "switching-discontinued",
        "switching-flag-tightens-next-lot",
        "switching-normal-to-tightened",
        "switching-reduced-by-score",
        "switching-tightened-back-to-normal",
    ] {
        let policy = Policy::compile(&std::fs::read_to_string(dir.join(case).join("policy.policy")).unwrap()).unwrap();
        let claim = Claim::from_json(&std::fs::read_to_string(dir.join(case).join("claim.json")).unwrap()).unwrap();
        let decision = policy.evaluate(&claim).unwrap();
        let c = packet::closeout(&policy, &claim, &decision, None);
        lines.push(format!("{case}: {}", c.next_control));
    }
    insta::assert_snapshot!("closeout_next_control_switching", lines.join("\n"));
    assert!(lines[0].contains("discontinued"), "{}", lines[0]);
    assert!(lines[2].contains("tightened inspection on the next lot"), "{}", lines[2]);
    assert!(lines[3].contains("reduced inspection on the next lot"), "{}", lines[3]);
}

/// Several customers, one of them twice under different spellings, and notes that mix
/// everything: known values in other layouts, other people's identifiers, nobody's identifiers.
#[test]
fn hard_case_is_scrubbed_and_stable() {
    let policy = policy();
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["customer_returns"] = serde_json::json!([
        {
            "return_id": "R-1", "order_id": "SHOP-100234", "customer_name": "José María O'Neil-Sousa",
            "email": "jm.oneil@correo.example.es", "phone": "+34 612 34 56 78", "address": "Calle Mayor 5, 3º B, 28013 Madrid",
            "defect": "zipper_failure", "photos": ["jose-maria-oneil-sousa_1.jpg"],
            "note": "Sr. JOSE MARIA O'NEIL-SOUSA (tel. 612 345 678, alt 0034-612-345-678) wrote from JM.ONEIL@correo.example.es; lives at calle mayor 5 in MADRID; see shop #100234 and SHOP-100777."
        },
        {
            "return_id": "R-2", "order_id": "SHOP-100235", "customer_name": "Jose Maria O'Neil-Sousa",
            "email": "JM.ONEIL@correo.example.es",
            "defect": "stitching",
            "note": "Second coat of O'Neil-Sousa, Jose; husband Bob on (555) 123-4567, bob@home.example.net"
        },
        {
            "return_id": "R-3", "customer_name": "Li Wu", "address": "Flat 4, 88 Nathan Road, Kowloon", "phone": "0049 89 1234567",
            "defect": "shade",
            "note": "Wu, Li: 089 1234567 / +49 (0)89 1234567. Mentions José María O'Neil-Sousa too. Order 2026-03-01, 4.3.26, 5000 units, USD 1234567.50, PO-88121, lot L-2026-02-11-A."
        }
    ]);
    let claim = Claim::from_value(v).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    let p = packet::packet(&policy, &claim, &decision);
    let who: Vec<&str> = p.customer_returns.iter().map(|r| r.customer.as_str()).collect();
    assert_eq!(who, ["Customer A", "Customer A", "Customer B"]);
    let orders: Vec<_> = p.customer_returns.iter().map(|r| r.order.clone()).collect();
    assert_eq!(orders, [Some("Order 1".into()), Some("Order 2".into()), None]);

    let notes: Vec<&str> = p.customer_returns.iter().map(|r| r.note.as_deref().unwrap()).collect();
    insta::assert_snapshot!("hard_case_notes", notes.join("\n"));
    // Known values in other layouts get the person's pseudonym, not just a blank.
    assert!(
        notes[0].contains("Phone A") && notes[0].contains("customer-a@example.invalid") && notes[0].contains("Order 1"),
        "{}",
        notes[0]
    );
    assert!(notes[0].contains("Order 3"), "an order of nobody known is numbered after the known ones: {}", notes[0]);
    assert!(notes[2].contains("Phone B") && notes[2].contains("Customer A"), "{}", notes[2]);
    // Business references and dates stay.
    for keep in ["2026-03-01", "4.3.26", "5000 units", "1234567.50", "PO-88121", "L-2026-02-11-A"] {
        assert!(notes[2].contains(keep), "`{keep}` should stay: {}", notes[2]);
    }

    let mut secrets = Secrets::of_claim(&claim);
    for extra in ["612 345 678", "0034-612-345-678", "(555) 123-4567", "089 1234567", "+49 (0)89 1234567"] {
        secrets.phone(extra);
    }
    secrets.literals.extend(["bob@home.example.net".to_string(), "SHOP-100777".to_string(), "100234".to_string(), "oneil".to_string()]);
    secrets.words.extend(["Jose".to_string(), "Maria".to_string(), "Neil".to_string(), "Sousa".to_string()]);
    secrets.assert_absent(&outputs(
        &policy,
        &claim,
        &decision,
        Some("We called Li Wu on 089 1234567 and wrote to jm.oneil@correo.example.es."),
    ));
}

#[test]
fn log_has_one_row_per_return_or_per_claim() {
    let policy = policy();
    let with = Claim::from_json(CLAIM).unwrap();
    let mut without = with.clone();
    without.claim_id = "CLM-2026-0143".into();
    without.customer_returns.clear();
    let (d1, d2) = (policy.evaluate(&with).unwrap(), policy.evaluate(&without).unwrap());
    let entries = [
        LogEntry { policy: &policy, claim: &with, decision: &d1, remedy_given: Some("Replacement shipped, \"190 coats\"") },
        LogEntry { policy: &policy, claim: &without, decision: &d2, remedy_given: None },
    ];
    let rows = packet::log_rows(&entries, &PseudonymOptions::default());
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].customer_reference.as_str(), rows[0].status.as_str()), ("Customer A", "closed"));
    assert_eq!(
        (rows[1].customer_reference.as_str(), rows[1].defect_code.as_str(), rows[1].status.as_str()),
        ("", "zipper_failure", "awaiting supplier")
    );
    let csv = packet::log_csv(&rows);
    insta::assert_snapshot!("log_two_claims.csv", csv);
    assert!(csv.split_terminator('\n').all(|l| l.ends_with('\r')), "CRLF line ends");
}

// ---- generated customers ----

const FIRST: &[&str] =
    &["Ana", "João", "Maria", "Wei", "Olga", "Kwame", "Priya", "Lars", "Fatima", "Tomás", "Ingrid", "Yuki", "Anne-Marie"];
const LAST: &[&str] =
    &["Lima", "Okafor", "Nakamura", "Kowalski", "Haddad", "Schmidt", "Fernández", "Nguyen", "Lindqvist", "Moreau", "O'Brien", "Petrov"];
const STREETS: &[&str] =
    &["Rua Augusta", "Rosenweg", "Kastanienallee", "Maple Avenue", "Birchwood Lane", "Avenida Liberdade", "Nørrebrogade", "Harbour Street"];
const CITIES: &[&str] = &["Lisboa", "Hamburg", "Leipzig", "Osaka", "Accra", "Toronto", "Valencia", "København"];
const FILLER: &[&str] =
    &["zip broke", "customer is upset", "wants a refund", "arrived torn", "seam opened after washing", "please call back"];
const DEFECTS: &[&str] = &["zipper_failure", "open_seam", "stitching", "shade"];

#[derive(Debug, Clone)]
struct Person {
    name: String,
    email: String,
    /// As written, digits, and the digits a national caller dials (no country code).
    phone: (String, String),
    address: String,
    orders: Vec<String>,
}

/// A phone number in one of several layouts from 10 random digits.
fn phone(fmt: usize, d: &[u8]) -> (String, String) {
    let s = |r: std::ops::Range<usize>| d[r].iter().map(|x| char::from(b'0' + x)).collect::<String>();
    let text = match fmt % 8 {
        0 => format!("+351 9{} {} {}", s(0..2), s(2..5), s(5..8)),
        1 => format!("({}) {}-{}", s(0..3), s(3..6), s(6..10)),
        2 => format!("0049 89 {}", s(0..7)),
        3 => format!("+1-{}-{}-{}", s(0..3), s(3..6), s(6..10)),
        4 => format!("0{}/{}", s(0..3), s(3..10)),
        5 => format!("+44 (0)20 {} {}", s(0..4), s(4..8)),
        6 => format!("9{}.{}.{}", s(0..2), s(2..5), s(5..8)),
        _ => format!("9{}", s(0..9)),
    };
    let digits = text.chars().filter(char::is_ascii_digit).collect();
    (text, digits)
}

fn person_strategy() -> impl Strategy<Value = Person> {
    (
        0..FIRST.len(),
        0..LAST.len(),
        0usize..8,
        proptest::collection::vec(0u8..10, 10),
        0..STREETS.len(),
        1u32..300,
        0..CITIES.len(),
        proptest::collection::vec(100_001u32..499_999, 1..3),
        0usize..3,
    )
        .prop_map(|(f, l, fmt, digits, st, no, city, orders, email_style)| {
            let (first, last) = (FIRST[f], LAST[l]);
            let ascii = |s: &str| s.to_lowercase().chars().filter(char::is_ascii_alphabetic).collect::<String>();
            let email = match email_style {
                0 => format!("{}.{}@mail.example.com", ascii(first), ascii(last)),
                1 => format!("{}{}{}@post.example.org", ascii(first).chars().next().unwrap(), ascii(last), no),
                _ => format!("{}_{}+shop@inbox.example.net", ascii(last), ascii(first)),
            };
            Person {
                name: format!("{first} {last}"),
                email,
                phone: phone(fmt, &digits),
                address: if no % 2 == 0 {
                    format!("{no} {}, {}", STREETS[st], CITIES[city])
                } else {
                    format!("{}, {no}, {}", STREETS[st], CITIES[city])
                },
                orders: orders.iter().filter(|o| *o % 1000 != 0).map(|o| format!("SHOP-{o}")).collect(),
            }
        })
}

#[derive(Debug, Clone)]
enum Bit {
    OwnName,
    OwnNameReversed,
    OwnNameUpper,
    OwnPhoneDigits,
    OwnOrderNumber,
    OwnEmail,
    OwnPhone,
    OwnAddress,
    OwnOrder,
    OtherName(usize),
    OtherPhone(usize),
    UnknownPhone(usize, Vec<u8>),
    UnknownEmail(String),
    UnknownOrder(u32),
    Filler(usize),
}

fn bit_strategy() -> impl Strategy<Value = Bit> {
    prop_oneof![
        Just(Bit::OwnName),
        Just(Bit::OwnNameReversed),
        Just(Bit::OwnNameUpper),
        Just(Bit::OwnPhoneDigits),
        Just(Bit::OwnOrderNumber),
        Just(Bit::OwnEmail),
        Just(Bit::OwnPhone),
        Just(Bit::OwnAddress),
        Just(Bit::OwnOrder),
        (0usize..8).prop_map(Bit::OtherName),
        (0usize..8).prop_map(Bit::OtherPhone),
        (0usize..8, proptest::collection::vec(0u8..10, 10)).prop_map(|(f, d)| Bit::UnknownPhone(f, d)),
        "[a-z]{3,8}".prop_map(Bit::UnknownEmail),
        (500_001u32..999_999).prop_map(Bit::UnknownOrder),
        (0..FILLER.len()).prop_map(Bit::Filler),
    ]
}

#[derive(Debug, Clone)]
struct Ret {
    person: usize,
    /// Which structured fields the return carries: name, email, phone, address, order.
    fields: [bool; 5],
    defect: usize,
    bits: Vec<Bit>,
}

fn ret_strategy() -> impl Strategy<Value = Ret> {
    (0usize..8, proptest::array::uniform5(any::<bool>()), 0..DEFECTS.len(), proptest::collection::vec(bit_strategy(), 0..6)).prop_map(
        |(person, mut fields, defect, bits)| {
            // Identifiable: an e-mail, or a name and an address.
            if !(fields[1] || (fields[0] && fields[3])) {
                fields[1] = true;
            }
            Ret { person, fields, defect, bits }
        },
    )
}

fn distinct_people(people: &[Person]) -> bool {
    let mut names: Vec<_> = people.iter().map(|p| p.name.clone()).collect();
    let mut emails: Vec<_> = people.iter().map(|p| p.email.clone()).collect();
    let mut orders: Vec<_> = people.iter().flat_map(|p| p.orders.clone()).collect();
    let mut phones: Vec<_> = people.iter().map(|p| p.phone.1.clone()).collect();
    let n = (names.len(), emails.len(), orders.len(), phones.len());
    names.sort();
    names.dedup();
    emails.sort();
    emails.dedup();
    orders.sort();
    orders.dedup();
    phones.sort();
    phones.dedup();
    n == (names.len(), emails.len(), orders.len(), phones.len()) && people.iter().all(|p| !p.orders.is_empty())
}

/// The claim, what must not survive, and the person of each return.
fn build(people: &[Person], rets: &[Ret]) -> (Claim, Secrets, Vec<usize>) {
    let mut secrets = Secrets::default();
    for p in people {
        secrets.literals.extend([p.name.clone(), p.email.clone(), p.address.clone(), p.phone.0.clone()]);
        secrets.literals.extend(p.orders.iter().cloned());
        secrets.words.extend(words(&p.name, 2));
        secrets.words.extend(words(&p.address, 4));
        secrets.words.extend(p.orders.iter().map(|o| o.trim_start_matches("SHOP-").to_string()));
        secrets.digits.push(p.phone.1.clone());
    }
    // Only identifiers the claim states somewhere can be recognised in free text, and a person's
    // returns must be linkable (all with the e-mail, or all with name and address): the name is
    // always given, an address mentioned in a note is given, and a person with a return without
    // e-mail gives name and address on every return.
    let owners: Vec<usize> = rets.iter().map(|r| r.person % people.len()).collect();
    let mut fields: Vec<[bool; 5]> = rets.iter().map(|r| r.fields).collect();
    for (f, r) in fields.iter_mut().zip(rets) {
        f[0] = true;
        if r.bits.iter().any(|b| matches!(b, Bit::OwnAddress)) {
            f[3] = true;
        }
        // A bare order number is recognised only when the order ID is known.
        if r.bits.iter().any(|b| matches!(b, Bit::OwnOrderNumber)) {
            f[4] = true;
        }
    }
    for (i, &o) in owners.iter().enumerate() {
        if owners.iter().zip(&fields).any(|(&o2, f)| o2 == o && !f[1]) {
            fields[i][3] = true;
        }
    }
    let owner_of = |j: usize| owners[j % owners.len()];
    let mut returns = Vec::new();
    for (i, r) in rets.iter().enumerate() {
        let pi = owners[i];
        let p = &people[pi];
        let f = fields[i];
        let order = &p.orders[i % p.orders.len()];
        let mut note = Vec::new();
        for b in &r.bits {
            note.push(match b {
                Bit::OwnName => format!("I am {}", p.name),
                Bit::OwnNameReversed => {
                    let (first, last) = p.name.split_once(' ').unwrap();
                    format!("signed {last}, {first}")
                }
                Bit::OwnNameUpper => format!("FROM {}", p.name.to_uppercase()),
                Bit::OwnPhoneDigits => format!("mobile:{}", p.phone.1),
                Bit::OwnOrderNumber => format!("order no. {}", order.trim_start_matches("SHOP-")),
                Bit::OwnEmail => format!("write to {}", p.email.to_uppercase()),
                Bit::OwnPhone => format!("call {}", p.phone.0),
                Bit::OwnAddress => format!("deliver to {}", p.address),
                Bit::OwnOrder => format!("order {order}"),
                Bit::OtherName(j) => format!("my neighbour {} has one too", people[owner_of(*j)].name),
                Bit::OtherPhone(j) => format!("or ring {}", people[owner_of(*j)].phone.0),
                Bit::UnknownPhone(f, d) => {
                    let (text, digits) = phone(*f, d);
                    secrets.literals.push(text.clone());
                    secrets.digits.push(digits);
                    format!("her sister: {text}")
                }
                Bit::UnknownEmail(local) => {
                    let e = format!("{local}.x@elsewhere.example.io");
                    secrets.literals.push(e.clone());
                    format!("cc {e}")
                }
                Bit::UnknownOrder(n) => {
                    let o = format!("SHOP-{n}");
                    secrets.literals.push(o.clone());
                    format!("also {o}")
                }
                Bit::Filler(k) => FILLER[*k].to_string(),
            });
        }
        let slug = p.name.to_lowercase().replace(' ', "-");
        let opt = |on: bool, v: &str| on.then(|| serde_json::Value::String(v.to_string()));
        returns.push(serde_json::json!({
            "return_id": format!("R-{}", 7000 + i),
            "customer_name": opt(f[0], &p.name),
            "email": opt(f[1], &p.email),
            "phone": opt(f[2], &p.phone.0),
            "address": opt(f[3], &p.address),
            "order_id": opt(f[4], order),
            "defect": DEFECTS[r.defect],
            "photos": [format!("{slug}-{i}.jpg")],
            "note": note.join(". "),
        }));
    }
    // Nulls are not in the schema: drop them.
    for r in &mut returns {
        r.as_object_mut().unwrap().retain(|_, v| !v.is_null());
    }
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["customer_returns"] = serde_json::Value::Array(returns);
    (Claim::from_value(v).unwrap(), secrets, owners)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_customers_leave_no_trace_and_keep_their_pseudonyms(
        people in proptest::collection::vec(person_strategy(), 1..5).prop_filter("distinct people", |p| distinct_people(p)),
        rets in proptest::collection::vec(ret_strategy(), 1..7),
        explain_about in 0usize..8,
    ) {
        let policy = policy();
        let (claim, secrets, owners) = build(&people, &rets);
        let decision = policy.evaluate(&claim).unwrap();
        let about = &people[owners[explain_about % owners.len()]];
        let explanation = format!("Checked with {} ({}, {}).", about.name, about.phone.0, about.email);
        let outs = outputs(&policy, &claim, &decision, Some(&explanation));
        secrets.assert_absent(&outs);

        // Same person -> same pseudonym; different people -> different pseudonyms.
        let p = packet::packet(&policy, &claim, &decision);
        let mut of_person: std::collections::BTreeMap<usize, String> = std::collections::BTreeMap::new();
        for (r, &owner) in p.customer_returns.iter().zip(&owners) {
            let seen = of_person.entry(owner).or_insert_with(|| r.customer.clone());
            prop_assert_eq!(&*seen, &r.customer, "person {} got two pseudonyms", owner);
        }
        let mut distinct: Vec<&String> = of_person.values().collect();
        distinct.sort();
        distinct.dedup();
        prop_assert_eq!(distinct.len(), of_person.len(), "two people share a pseudonym: {:?}", of_person);

        // In notes, a person's full name becomes that person's pseudonym.
        for ((r, ret), &owner) in p.customer_returns.iter().zip(&rets).zip(&owners) {
            let note = r.note.as_deref().unwrap_or("");
            for b in &ret.bits {
                let named = match b {
                    Bit::OwnName | Bit::OwnNameReversed | Bit::OwnNameUpper => Some(owner),
                    Bit::OtherName(j) => Some(owners[j % owners.len()]),
                    _ => None,
                };
                if let Some(who) = named && let Some(ps) = of_person.get(&who) {
                    prop_assert!(note.contains(ps.as_str()), "note should name {}: {}", ps, note);
                }
            }
        }

        // The log agrees with the packet.
        let rows = packet::log_rows(&[LogEntry { policy: &policy, claim: &claim, decision: &decision, remedy_given: None }], &PseudonymOptions::default());
        let log_refs: Vec<&str> = rows.iter().map(|r| r.customer_reference.as_str()).collect();
        let packet_refs: Vec<&str> = p.customer_returns.iter().map(|r| r.customer.as_str()).collect();
        prop_assert_eq!(log_refs, packet_refs);
    }
}

/// A flag with more earlier claims than the decision lists tells the supplier how many more
/// there were, in the packet's data and in its Markdown (it used to drop the count).
#[test]
fn a_packet_flag_says_how_many_more_earlier_claims_matched() {
    let policy = policy();
    let mut claim = Claim::from_json(CLAIM).unwrap();
    let first = claim.history[0].clone();
    claim.history = (0..25)
        .map(|i| {
            let mut h = first.clone();
            h.claim_id = format!("CLM-2026-{:04}", 100 + i);
            h
        })
        .collect();
    let decision = policy.evaluate(&claim).unwrap();
    let p = packet::packet(&policy, &claim, &decision);
    let flag = p.flags.iter().find(|f| f.name == "recurring").unwrap();
    assert_eq!((flag.matches.len(), flag.more_matches), (20, Some(5)));
    assert_eq!(flag.matches[0], "CLM-2026-0100");
    let md = packet::packet_markdown(&p);
    assert!(md.contains("CLM-2026-0119 and 5 more"), "{md}");
}

#[test]
fn a_return_that_is_not_a_defect_keeps_its_code_and_says_where_it_goes() {
    // The first return names `transit_damage`, a `not a defect` of the catalogue routed to a
    // carrier claim: its code stays, the packet gives the route and no severity, the log says
    // "not a defect". The defect found in inspection has no route.
    let policy = policy();
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["customer_returns"][0]["defect"] = "transit_damage".into();
    let claim = Claim::from_value(v).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    let p = packet::packet(&policy, &claim, &decision);
    let transit = p.defects.iter().find(|g| g.code == "transit_damage").unwrap_or_else(|| panic!("{:#?}", p.defects));
    assert_eq!(
        (transit.severity, transit.description.as_deref(), transit.not_a_defect.as_deref()),
        (None, Some("Damage in transit"), Some("carrier claim"))
    );
    let zipper = p.defects.iter().find(|g| g.code == "zipper_failure").unwrap();
    assert_eq!(zipper.not_a_defect, None);
    let rows = packet::log_rows(
        &[LogEntry { policy: &policy, claim: &claim, decision: &decision, remedy_given: None }],
        &PseudonymOptions::default(),
    );
    let row =
        |code: &str| rows.iter().find(|r| r.defect_code == code).unwrap_or_else(|| panic!("no row {code}: {rows:#?}")).severity.clone();
    assert_eq!(row("transit_damage"), "not a defect");
}

#[test]
fn a_defect_found_zero_times_is_not_listed() {
    // `mislabel` is recorded with a count of 0: the packet lists only the defects found.
    let policy = policy();
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["inspection"]["found"].as_array_mut().unwrap().push(serde_json::json!({ "defect": "mislabel", "count": 0 }));
    let claim = Claim::from_value(v).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    let p = packet::packet(&policy, &claim, &decision);
    assert!(p.defects.iter().all(|g| g.code != "mislabel"), "{:#?}", p.defects);
    assert!(p.defects.iter().any(|g| g.code == "stitching" && g.found_in_inspection == 6), "{:#?}", p.defects);
}

#[test]
fn a_log_row_without_a_defect_has_no_severity() {
    // No customer returns and nothing found: the claim's one row names no defect and no
    // severity (not "not a defect", which is for the catalogue's exclusions).
    let policy = policy();
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["customer_returns"] = serde_json::json!([]);
    v["inspection"]["found"] = serde_json::json!([]);
    let claim = Claim::from_value(v).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    let rows = packet::log_rows(
        &[LogEntry { policy: &policy, claim: &claim, decision: &decision, remedy_given: None }],
        &PseudonymOptions::default(),
    );
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].defect_code.as_str(), rows[0].severity.as_str()), ("", ""));
}

#[test]
fn a_closeout_without_customer_returns_does_not_count_them() {
    // The issue line counts customer returns only when there are some: no "0 customer returns".
    let policy = policy();
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["customer_returns"] = serde_json::json!([]);
    let claim = Claim::from_value(v).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    let c = packet::closeout(&policy, &claim, &decision, None);
    assert!(!c.issue.contains("customer return"), "{}", c.issue);
    let (policy, claim, decision) = design();
    let c = packet::closeout(&policy, &claim, &decision, None);
    assert_eq!(claim.customer_returns.len(), 1);
    assert!(c.issue.ends_with("; 1 customer return reporting zipper_failure"), "{}", c.issue);
}

#[test]
fn an_ineligible_closeout_gives_the_ineligible_findings_only() {
    // Notice on 2026-03-20, after the 10-day window from delivery on 2026-03-02: the buyer's
    // decision quotes each finding that made the claim ineligible, with its clause, and nothing else.
    let policy = policy();
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["notified_on"] = serde_json::json!("2026-03-20");
    v["as_of"] = serde_json::json!("2026-03-21");
    let claim = Claim::from_value(v).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    assert!(!decision.eligible);
    let c = packet::closeout(&policy, &claim, &decision, None);
    assert_eq!(c.buyer_decision, "claim ineligible: Notice was given after the 10-day window (Q.5.1 Notice of non-conformity)");
    // The evidence counts the customer returns there are, and none when there are none.
    assert!(c.evidence_reviewed.contains("1 customer return ("), "{}", c.evidence_reviewed);
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["customer_returns"] = serde_json::json!([]);
    let claim = Claim::from_value(v).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    let c = packet::closeout(&policy, &claim, &decision, None);
    assert!(!c.evidence_reviewed.contains("customer return"), "{}", c.evidence_reviewed);
}

#[test]
fn a_closeout_after_a_missed_response_says_the_escalation_is_open() {
    // As of June the supplier's response deadline has passed: the escalation ladder is open, and
    // the closeout's next control says from when and at which step.
    let policy = policy();
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["as_of"] = serde_json::json!("2026-06-01");
    let claim = Claim::from_value(v).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    let on = decision.escalation.opens_on.expect("the ladder opens on a date");
    let first = decision.escalation.steps.first().map(|s| s.forum.clone()).expect("a first step");
    let c = packet::closeout(&policy, &claim, &decision, None);
    assert!(c.next_control.ends_with(&format!("; escalation open: {first} from {on}")), "{}", c.next_control);
}

#[test]
fn a_raised_flag_that_tightens_asks_for_tightened_inspection_even_without_an_inspection_state() {
    // The flag is raised on the same SKU alone (not the same defect) and the claim has no
    // inspection of its own, so the decision has no inspection state for the flag to move: the
    // closeout still asks for a QA audit and tightened inspection on the next lot, as the flag says.
    let policy = Policy::compile(&APPAREL.replace(" with the same defect", "")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v.as_object_mut().unwrap().remove("inspection");
    let claim = Claim::from_value(v).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    assert!(decision.lot.inspection.is_none());
    assert_eq!(decision.flags.iter().map(|f| (f.name.as_str(), f.raised)).collect::<Vec<_>>(), [("recurring", true)]);
    let c = packet::closeout(&policy, &claim, &decision, None);
    assert!(
        c.next_control
            .starts_with("QA audit and tightened inspection on the next lot (recurring: Q.8 Recurring defect; notify CS team lead)"),
        "{}",
        c.next_control
    );
}

#[test]
fn a_raised_flag_that_does_not_tighten_leaves_the_next_lot_as_switching_says() {
    // Without `switch inspection to tightened` the flag asks for a QA audit, and the next lot is
    // inspected as the decision says (normal here), not tightened.
    let src = APPAREL.replace("  switch inspection to tightened\n", "");
    assert_ne!(src, APPAREL, "the policy's flag tightens");
    let policy = Policy::compile(&src).unwrap();
    let claim = Claim::from_json(CLAIM).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    assert_eq!(decision.flags.iter().map(|f| (f.name.as_str(), f.raised)).collect::<Vec<_>>(), [("recurring", true)]);
    assert_eq!(decision.lot.inspection.as_ref().map(|i| i.next_state), Some(recourse::model::decision::InspectionStateOut::Normal));
    let c = packet::closeout(&policy, &claim, &decision, None);
    assert!(
        c.next_control.starts_with("QA audit and normal inspection on the next lot (recurring: Q.8 Recurring defect"),
        "{}",
        c.next_control
    );
}

#[test]
fn a_packet_without_customer_returns_does_not_count_them_as_evidence() {
    // The evidence lists customer returns only when there are some: no "0 customer returns".
    let policy = policy();
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["customer_returns"] = serde_json::json!([]);
    let claim = Claim::from_value(v).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    let p = packet::packet(&policy, &claim, &decision);
    assert_eq!(
        p.evidence.items(),
        ["inspection: 200 of 5000 units sampled by third party", "14 photos", "lot traceable", "third-party report SGS-DG-2026-0311"]
    );
}
