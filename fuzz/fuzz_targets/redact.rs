//! Redaction: a note made of fuzzer text with a listed customer's identifiers spliced in, in
//! variant spellings. Whatever the text around them, none of the listed identifiers survives as a
//! whole word (or, for the phone, as a whole number), nothing panics, and the output stays within
//! a constant factor of the input (time linear in the input is watched by libFuzzer's
//! `-timeout` and `-report_slow_units`, with long inputs: see scripts/fuzz).
#![no_main]

use libfuzzer_sys::fuzz_target;
use recourse::Claim;
use recourse::packet::{PseudonymOptions, Pseudonyms};

const CLAIM: &str = include_str!("../../policies/apparel-coats.claim.json");

/// Spellings of the listed customer's identifiers to splice in.
const SPLICES: &[&str] = &[
    "Ana Lima",
    "ANA LIMA",
    "Lima, Ana",
    "A\u{301}na Li\u{200b}ma",
    "ana.lima@example.com",
    "ana dot lima at example dot com",
    "ana.lima(at)example(dot)com",
    "@ana_lima",
    "+351 912 345 678",
    "912345678",
    "٩١٢٣٤٥٦٧٨",
    "９１２３４５６７８",
    "0351-912-345-678",
    "12 Rua Augusta, Lisboa",
    "Rua Augusta 12",
    "SHOP-100234",
    "ＡＮＡ ＬＩＭＡ",
    "Jürgen Müller",
    "Juergen Mueller",
    "王小明",
];

/// Lower case, with the chars a reader does not see (combining marks, zero-width chars) left
/// out and full-width forms read as ASCII, so "Li\u{200b}ma" reads "lima".
fn seen(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !matches!(*c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0xAD | 0x200B..=0x200F | 0x2060..=0x2064 | 0xFEFF | 0x180E))
        .map(|c| {
            let u = c as u32;
            let c = if (0xFF01..=0xFF5E).contains(&u) { char::from_u32(u - 0xFEE0).unwrap_or(c) } else { c };
            let c = match u {
                0x0660..=0x0669 => char::from_u32(u - 0x0660 + 48).unwrap_or(c),
                _ => c,
            };
            c.to_lowercase().next().unwrap_or(c)
        })
        .collect()
}

fn dense(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x0E00..=0x0EFF)
}

/// Does `word` occur in `hay` with no letter or digit of a spaced script right before or after?
fn whole(hay: &[char], word: &str, boundary: impl Fn(char) -> bool) -> bool {
    let w: Vec<char> = word.chars().collect();
    hay.windows(w.len()).enumerate().any(|(i, win)| {
        win == w.as_slice()
            && i.checked_sub(1).and_then(|j| hay.get(j)).is_none_or(|c| !boundary(*c))
            && hay.get(i + w.len()).is_none_or(|c| !boundary(*c))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    // Splice one identifier in the middle of the fuzzer's text (at a char boundary).
    let mid = text.char_indices().map(|(i, _)| i).nth(text.chars().count() / 2).unwrap_or(text.len());
    let splice = SPLICES[usize::from(pick) % SPLICES.len()];
    let note = format!("{}{splice}{}", &text[..mid], &text[mid..]);

    let mut v: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    v["customer_returns"][0]["phone"] = "+351 912 345 678".into();
    v["customer_returns"].as_array_mut().unwrap().push(serde_json::json!({
        "return_id": "R-2", "customer_name": "Jürgen Müller", "email": "jm@example.de", "address": "Rosenweg 3, Berlin",
    }));
    v["customer_returns"].as_array_mut().unwrap().push(serde_json::json!({ "return_id": "R-3", "customer_name": "王小明", "email": "w@example.cn" }));
    let claim = Claim::from_value(v).unwrap();
    let ps = Pseudonyms::for_claim(&claim, &PseudonymOptions::default());
    let out = ps.scrub(&note);

    assert!(out.len() <= 16 * note.len() + 64, "output grew: {} -> {}", note.len(), out.len());
    let hay = seen(&out);
    let word = |c: char| c.is_alphanumeric() && !dense(c);
    for w in ["ana", "lima", "augusta", "lisboa", "jurgen", "juergen", "muller", "mueller", "rosenweg"] {
        assert!(!whole(&hay, w, word), "`{w}` survived: {note:?} -> {out:?}");
    }
    assert!(!hay.iter().collect::<String>().contains("王小明"), "王小明 survived: {note:?} -> {out:?}");
    assert!(!whole(&hay, "912345678", |c| c.is_ascii_digit()), "the phone survived: {note:?} -> {out:?}");
    assert!(!whole(&hay, "100234", |c| c.is_ascii_digit()), "the order survived: {note:?} -> {out:?}");
});
