//! What reaches the supplier (packet, closeout) and the log, by leak class: for each case, the
//! identifiers that must be gone from every output and the business codes that must stay.
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
use recourse::packet::{self, LogEntry, PseudonymOptions, Pseudonyms};
use recourse::{Claim, Policy};

const APPAREL: &str = include_str!("../../../policies/apparel-coats.policy");
const CLAIM: &str = include_str!("../../../policies/apparel-coats.claim.json");

/// The design claim with `returns` as its customer returns and `edit` applied to it.
fn claim_with(returns: serde_json::Value, edit: impl FnOnce(&mut serde_json::Value)) -> Claim {
    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["customer_returns"] = returns;
    edit(&mut v);
    Claim::from_value(v).unwrap()
}

/// Every output, one string each: packet JSON and Markdown, closeout with `explanation`, log
/// JSON and CSV (with `explanation` as the remedy given).
fn outputs(claim: &Claim, explanation: &str) -> Vec<(&'static str, String)> {
    let policy = Policy::compile(APPAREL).unwrap();
    let decision = policy.evaluate(claim).unwrap();
    let p = packet::packet(&policy, claim, &decision);
    let c = packet::closeout(&policy, claim, &decision, Some(explanation));
    let rows = packet::log_rows(
        &[LogEntry { policy: &policy, claim, decision: &decision, remedy_given: Some(explanation) }],
        &PseudonymOptions::default(),
    );
    vec![
        ("packet.json", serde_json::to_string(&p).unwrap()),
        ("packet.md", packet::packet_markdown(&p)),
        ("closeout.txt", packet::closeout_text(&c)),
        ("log.json", serde_json::to_string(&rows).unwrap()),
        ("log.csv", packet::log_csv(&rows)),
    ]
}

/// Lower case, without the zero-width chars an attacker may slip in: what a reader sees.
fn seen(s: &str) -> String {
    s.chars().filter(|c| !matches!(*c as u32, 0x200B..=0x200F | 0x2060 | 0xFEFF | 0xAD)).collect::<String>().to_lowercase()
}

fn assert_gone(outs: &[(&str, String)], secrets: &[&str]) {
    for (name, out) in outs {
        // JSON escapes non-ASCII text only as itself, so a plain search is enough.
        let hay = seen(out);
        for s in secrets {
            assert!(!hay.contains(&seen(s)), "{name}: `{s}` survived:\n{out}");
        }
    }
}

fn assert_kept(outs: &[(&str, String)], names: &[&str], keep: &[&str]) {
    for (name, out) in outs.iter().filter(|(n, _)| names.contains(n)) {
        for k in keep {
            assert!(out.contains(k), "{name}: `{k}` should stay:\n{out}");
        }
    }
}

/// One return by a listed customer, with a note.
fn listed(name: &str, email: &str, phone: &str, address: &str, note: &str) -> serde_json::Value {
    serde_json::json!([{
        "return_id": "R-5512", "order_id": "SHOP-100234", "customer_name": name, "email": email, "phone": phone,
        "address": address, "defect": "zipper_failure", "photos": ["r5512-1.jpg"], "note": note
    }])
}

/// One return by a customer with an e-mail only; the note is about people nobody listed.
fn unlisted(note: &str) -> serde_json::Value {
    serde_json::json!([{ "return_id": "R-5512", "email": "x.y@example.com", "defect": "zipper_failure", "note": note }])
}

#[test]
fn dense_scripts_phone_numbers_and_names_against_other_chars() {
    let claim = claim_with(
        listed(
            "王小明",
            "wxm@example.cn",
            "+86 138 1234 5678",
            "北京市朝阳区建国路88号",
            "王小明的电话13812345678，住在建国路88号。小明说拉链坏了。他在朝阳区工作",
        ),
        |_| {},
    );
    let outs = outputs(&claim, "联系了王小明先生，电话：13812345678");
    assert_gone(&outs, &["王小明", "小明", "13812345678", "建国路", "88号", "朝阳区"]);

    let claim = claim_with(
        unlisted("山田太郎さんは090-1234-5678に電話。김민수 씨가 010-9876-5432로 전화. คุณสมชาย ใจดี โทร0812345678. 李先生电话13900001111"),
        |_| {},
    );
    let outs = outputs(&claim, "田中さんの電話は０９０１２３４５６７８");
    assert_gone(
        &outs,
        &[
            "山田",
            "090-1234-5678",
            "김민수",
            "010-9876-5432",
            "สมชาย",
            "ใจดี",
            "0812345678",
            "李先生",
            "13900001111",
            "田中",
            "０９０１２３４５６７８",
        ],
    );
}

#[test]
fn a_listed_customer_in_other_spellings() {
    let claim = claim_with(
        listed(
            "Jürgen Müller",
            "anna.kowalski@example.com",
            "+49 151 2345 6789",
            "Lindwurmstraße 12, 80337 München",
            "JUERGEN MUELLER, Juergen Muller (Lindwurmstrasse 12, Muenchen); write anna dot kowalski at example dot com or \
             anna.kowalski(at)example(dot)com; insta @jmueller_88; Ju\u{308}rgen Mu\u{308}ller; Jür\u{200b}gen",
        ),
        |_| {},
    );
    let outs = outputs(&claim, "Spoke to Mr Mueller at Lindwurmstr. 12");
    assert_gone(
        &outs,
        &[
            "jurgen",
            "juergen",
            "muller",
            "mueller",
            "müller",
            "lindwurm",
            "munchen",
            "muenchen",
            "kowalski",
            "jmueller",
            "strasse 12",
            "str. 12",
            "12, m",
        ],
    );
    // House numbers beside a listed street go with it.
    let claim =
        claim_with(listed("Ana Lima", "ana@example.com", "", "Rosenweg 17, 10115 Berlin", "deliver to Rosenweg 17 or 17 Rosenweg"), |_| {});
    let outs = outputs(&claim, "ok");
    assert_gone(&outs, &["rosenweg", "10115", "berlin"]);
    assert_kept(&outs, &["packet.md", "log.csv"], &["deliver to [address removed] or [address removed]"]);
}

#[test]
fn people_nobody_listed() {
    let claim = claim_with(
        unlisted(
            "Mr. John Smith at 221B Baker Street, London, tel 020 7946 0958; his wife Mary; Frau Dr. Schneider, Hauptstraße 5, \
             80331 München; Mme Dupont; Sra. García; also ordered on Amazon, order 302-1234567-1234567 and Zalando #10203040506, \
             order no. AB-7781; refund to DE89370400440532013000 or DE89 3704 0044 0532 0130 00; passport no. C01X00T47; born \
             12.03.1985, DOB: 5 April 1990; ٠٥٠١٢٣٤٥٦٧; mail bob@home.example.net; see instagram.com/jsmith.ldn, IG: \
             marysmith_88, London NW1 6XE; call0151-234-5678now",
        ),
        |_| {},
    );
    let outs = outputs(&claim, "Herr Weber confirmed");
    assert_gone(
        &outs,
        &[
            "john",
            "smith",
            "221b",
            "baker",
            "7946",
            "mary",
            "schneider",
            "hauptstra",
            "80331",
            "dupont",
            "garcía",
            "garcia",
            "1234567",
            "10203040506",
            "jsmith",
            "marysmith",
            "nw1",
            "6xe",
            "234-5678",
            "ab-7781",
            "de89",
            "3704",
            "c01x00t47",
            "1985",
            "1990",
            "april",
            "٠٥٠١٢٣٤٥٦٧",
            "bob@",
            "weber",
        ],
    );
}

#[test]
fn personal_data_in_business_fields_is_withheld() {
    let claim = claim_with(
        serde_json::json!([
            { "return_id": "+49 151 2345 6789", "email": "a@example.com", "defect": "zipper_failure" },
            { "return_id": "Anna Kowalski", "customer_name": "Anna Kowalski", "address": "Rosenweg 1, Berlin", "defect": "anna_kowalski" },
            { "return_id": "R-9", "email": "z@example.com", "defect": "JohnSmith", "note": "Herrn Weber and Frl. Huber" },
            { "return_id": "R-10", "email": "y@example.com", "defect": "loose_button" },
        ]),
        |v| {
            v["evidence"]["third_party_report"] = "Dr. Hans Weber 0151 2345678".into();
            v["history"][0]["claim_id"] = "call 0151 9999999".into();
        },
    );
    let outs = outputs(&claim, "ok");
    assert_gone(&outs, &["2345", "kowalski", "hans", "weber", "9999999", "johnsmith", "huber"]);
    assert_kept(
        &outs,
        &["packet.md"],
        &["[withheld]", "PO-88121", "L-2026-02-11-A", "PARKA-NAVY-M", "CLM-2026-0142", "| loose_button |", "R-10"],
    );
}

#[test]
fn business_codes_stay() {
    let claim = claim_with(
        unlisted(
            "lot L-2026-02-11-A of PO-88121 (SKU PARKA-NAVY-M, claim CLM-2026-0142, see CLM-2026-0117 and SGS-DG-2026-0311), 5000 units, delivered 2026-03-01, USD 1234567.50, photo r5512-1.jpg",
        ),
        |_| {},
    );
    let outs = outputs(&claim, "Lot L-2026-02-11-A reworked; report SGS-DG-2026-0311");
    let keep = [
        "L-2026-02-11-A",
        "PO-88121",
        "PARKA-NAVY-M",
        "CLM-2026-0142",
        "CLM-2026-0117",
        "SGS-DG-2026-0311",
        "5000 units",
        "2026-03-01",
        "1234567.50",
        "r5512-1.jpg",
    ];
    assert_kept(&outs, &["packet.md", "log.csv"], &keep);
    let p = &outs[1].1;
    assert!(p.contains("| R-5512 |"), "{p}");
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a CR: no cell of the
/// log may, whatever column it comes from.
#[test]
fn log_csv_cells_never_start_a_formula() {
    let claim = claim_with(
        serde_json::json!([
            { "return_id": "R-1", "email": "a@example.com", "defect": "=HYPERLINK(\"http://x\")", "note": "-2+3" },
            { "return_id": "R-2", "email": "b@example.com", "defect": "@SUM(A1)", "note": "=cmd|' /C calc'!A0" },
            { "return_id": "R-3", "email": "c@example.com", "defect": "+1", "note": "\tTAB" },
        ]),
        |v| {
            v["sku"] = "=1+1".into();
            v["lot"] = "+SUM(A1)".into();
        },
    );
    let outs = outputs(&claim, "@remedy");
    let csv = &outs[4].1;
    let mut cells = 0;
    for line in csv.split("\r\n").skip(1).filter(|l| !l.is_empty()) {
        for cell in split_csv(line) {
            cells += 1;
            let number = cell.parse::<i64>().is_ok() || cell.replace('.', "").parse::<i64>().is_ok();
            assert!(number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "cell `{cell}` in:\n{csv}");
        }
    }
    assert_eq!(cells, 33, "{csv}");
    assert!(csv.contains(",[withheld],[withheld],'-2+3,[withheld],"), "{csv}");
}

/// The fields of one CSV record (RFC 4180, quotes undone).
fn split_csv(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted, mut chars) = (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// A note of several megabytes is scanned up to the limit and cut with its length stated; what
/// is shown is scrubbed like any note.
#[test]
fn a_note_of_megabytes_is_cut_and_scrubbed() {
    let unit = "Ana Lima called from +351 912 345 678 about lot L-2026-02-11-A; mail ana.lima@example.com, Rua Augusta 12. ";
    let note = unit.repeat(4 * 1024 * 1024 / unit.len());
    let claim = claim_with(listed("Ana Lima", "ana.lima@example.com", "+351 912 345 678", "12 Rua Augusta, Lisboa", &note), |_| {});
    let policy = Policy::compile(APPAREL).unwrap();
    let decision = policy.evaluate(&claim).unwrap();
    let p = packet::packet(&policy, &claim, &decision);
    let shown = p.customer_returns[0].note.as_deref().unwrap();
    let first = "Customer A called from Phone A about lot L-2026-02-11-A; mail customer-a@example.invalid, [address removed]. ";
    assert!(shown.starts_with(&first.repeat(3)), "{}", &shown[..300]);
    let total = note.chars().count();
    let cut = total - packet::MAX_FREE_TEXT_CHARS;
    assert!(shown.ends_with(" more characters not shown]"), "{}", &shown[shown.len() - 200..]);
    let stated: usize = shown.rsplit("[… ").next().unwrap().split(' ').next().unwrap().parse().unwrap();
    // The cut is at the limit or just after an identifier that spans it.
    assert!(stated <= cut && stated + 100 > cut, "{stated} vs {cut}");
    for secret in ["Ana", "Lima", "912", "Augusta"] {
        assert!(!shown.contains(secret), "{secret}");
    }
    let rows = packet::log_rows(
        &[LogEntry { policy: &policy, claim: &claim, decision: &decision, remedy_given: Some(&note) }],
        &PseudonymOptions::default(),
    );
    assert!(rows[0].complaint.len() < 3 * packet::MAX_FREE_TEXT_CHARS && rows[0].remedy_given.ends_with("not shown]"));
}

// ---- generated spellings of listed customers ----

const GIVEN: &[&str] =
    &["Jürgen", "José", "François", "Søren", "Łukasz", "Zoë", "Ærin", "Björn", "Renée", "Małgorzata", "Dvořák", "Ångström"];
const FAMILY: &[&str] = &["Müller", "Gonçalves", "Ødegård", "Straßer", "Lindqvist", "Fernández", "Nuñez", "Jäger", "Kövesi", "Øberg"];

/// German and Nordic transliteration.
fn translit(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ü' => "ue".to_string(),
            'Ü' => "Ue".to_string(),
            'ö' | 'ø' => "oe".to_string(),
            'Ö' | 'Ø' => "Oe".to_string(),
            'ä' | 'æ' => "ae".to_string(),
            'Ä' | 'Æ' => "Ae".to_string(),
            'å' => "aa".to_string(),
            'Å' => "Aa".to_string(),
            'ß' => "ss".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Accents dropped (the letter kept).
fn plain(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ü' | 'ú' => 'u',
            'ö' | 'ø' | 'ó' => 'o',
            'ä' | 'å' | 'á' | 'æ' => 'a',
            'é' | 'ë' | 'è' => 'e',
            'ç' => 'c',
            'ñ' => 'n',
            'ł' => 'l',
            'ř' => 'r',
            'Ø' | 'Ö' => 'O',
            'Å' | 'Æ' | 'Ä' => 'A',
            'Ł' => 'L',
            'ß' => 's',
            c => c,
        })
        .collect()
}

/// Decomposed accents (NFD) where a combining mark exists.
fn nfd(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ü' => "u\u{308}".to_string(),
            'ö' => "o\u{308}".to_string(),
            'ä' => "a\u{308}".to_string(),
            'é' => "e\u{301}".to_string(),
            'ç' => "c\u{327}".to_string(),
            'ñ' => "n\u{303}".to_string(),
            'ř' => "r\u{30c}".to_string(),
            'å' => "a\u{30a}".to_string(),
            'Å' => "A\u{30a}".to_string(),
            'ë' => "e\u{308}".to_string(),
            'á' => "a\u{301}".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A zero-width space after the first char.
fn zero_width(s: &str) -> String {
    let mut it = s.chars();
    it.next().map(|c| format!("{c}\u{200b}{}", it.as_str())).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A listed customer's name, e-mail and phone never survive in a note, whatever the
    /// spelling: transliterated, without accents, decomposed, upper case, with a zero-width
    /// char, e-mail spelled out, phone in other digits or layouts.
    #[test]
    fn a_listed_identifier_never_survives_in_any_spelling(
        g in 0..GIVEN.len(), f in 0..FAMILY.len(), form in 0usize..6, upper in any::<bool>(),
        digits in proptest::collection::vec(0u32..10, 9), layout in 0usize..4,
    ) {
        let (given, family) = (GIVEN[g], FAMILY[f]);
        let name = format!("{given} {family}");
        let local = format!("{}.{}", plain(given).to_lowercase(), plain(family).to_lowercase());
        let email = format!("{local}@example.com");
        let d: String = digits.iter().map(|x| char::from_digit(*x, 10).unwrap()).collect();
        let phone = format!("+49 15{} {}", &d[..1], &d[1..]);
        let claim = claim_with(listed(&name, &email, &phone, "", ""), |_| {});
        let ps = Pseudonyms::for_claim(&claim, &PseudonymOptions::default());
        let spell = |s: &str| {
            let v = match form {
                0 => translit(s),
                1 => plain(s),
                2 => nfd(s),
                3 => zero_width(s),
                4 => zero_width(&translit(s)),
                _ => s.to_string(),
            };
            if upper { v.to_uppercase() } else { v }
        };
        let written_phone = match layout {
            0 => format!("015{}{}", &d[..1], &d[1..]),
            1 => format!("0049-15{}-{}", &d[..1], &d[1..]),
            2 => format!("+４９ １５{} {}", &d[..1], d[1..].chars().map(|c| char::from_u32(c as u32 - 48 + 0xFF10).unwrap()).collect::<String>()),
            _ => format!("+49 15{} {}", &d[..1], d[1..].chars().map(|c| char::from_u32(c as u32 - 48 + 0x0660).unwrap()).collect::<String>()),
        };
        let spelled_email = format!("{} at example dot com", local.replace('.', " dot "));
        let note = format!(
            "{} wrote; {}, {} called from {written_phone}; reach {spelled_email} or {local}(at)example(dot)com; {}{}.",
            spell(&name), spell(family), spell(given), spell(family), "様",
        );
        let out = seen(&ps.scrub(&note));
        let variants = [translit(given), translit(family), plain(given), plain(family), given.to_string(), family.to_string()];
        for v in variants.iter().filter(|v| v.chars().count() >= 3) {
            prop_assert!(!out.contains(&v.to_lowercase()), "`{}` survived: {} -> {}", v, note, out);
        }
        prop_assert!(!out.contains(&d[1..]), "phone digits survived: {} -> {}", note, out);
        prop_assert!(!out.contains("example dot com") && !out.contains("example(dot)com"), "e-mail survived: {}", out);
    }
}

// ---- crashes the fuzz target `redact` found (fuzz/fuzz_targets/redact.rs), as regression tests ----

/// The listed customer's identifiers the fuzz target splices into its text, and the claim it
/// builds: Ana Lima (design claim, phone added), Jürgen Müller, 王小明.
fn fuzz_table() -> Pseudonyms {
    let claim = claim_with(
        serde_json::json!([
            { "return_id": "R-5512", "order_id": "SHOP-100234", "customer_name": "Ana Lima", "email": "ana.lima@example.com",
              "phone": "+351 912 345 678", "address": "12 Rua Augusta, Lisboa" },
            { "return_id": "R-2", "customer_name": "Jürgen Müller", "email": "jm@example.de", "address": "Rosenweg 3, Berlin" },
            { "return_id": "R-3", "customer_name": "王小明", "email": "w@example.cn" },
        ]),
        |_| {},
    );
    Pseudonyms::for_claim(&claim, &PseudonymOptions::default())
}

#[test]
fn fuzz_regressions() {
    let ps = fuzz_table();
    // A dense name touching Latin letters on both sides.
    assert_eq!(ps.scrub("t王小明ax"), "t Customer C ax");
    // A pseudonym glued to the rest of a word would spell a name: "Phone A" + "na".
    assert_eq!(ps.scrub("\u{fffd}a+351 912 345 678na\n0"), "\u{fffd}a+Phone A na\n0");
}
