//! The page's editor highlights the language's words from `web/src/words.generated.ts`, which this
//! test writes from the grammar's literals and the core's word sets (`recourse::terms`), so a word
//! added to the language is highlighted without a second, hand-kept list. The same file carries
//! what each word means and the claim fields a policy reads (`recourse::glossary`, whose fields are
//! the checker's own table), for the editor's hover and completion. It fails when the committed
//! file is stale; bless with `RECOURSE_BLESS=1 cargo test -p recourse --test editor_words`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use std::collections::{BTreeMap, BTreeSet};

use recourse::glossary::{DEADLINE_FIELDS, WORDS, claim_fields, meaning};
use recourse::terms::{Keyword, TypeName, value_words};

/// Every double-quoted literal of the grammar that the editor's tokenizer reads as one word
/// (`[A-Za-z_][A-Za-z0-9_-]*`), longer than one letter (single letters are escapes and code
/// prefixes; a one-letter word of a set comes from the set).
fn grammar_words(grammar: &str) -> BTreeSet<String> {
    grammar_words_by_rule(grammar).into_keys().collect()
}

/// Each word of [`grammar_words`] with the first grammar rule that spells it.
fn grammar_words_by_rule(grammar: &str) -> BTreeMap<String, String> {
    let mut words = BTreeMap::new();
    let mut rule = String::new();
    for line in grammar.lines() {
        if let Some((name, _)) = line.split_once('=')
            && !line.starts_with(char::is_whitespace)
            && !line.starts_with("//")
        {
            rule = name.trim().to_string();
        }
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '/' if chars.as_str().starts_with('/') => break,
                '"' => {
                    let mut literal = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => {
                                chars.next();
                                literal.push('\\');
                            }
                            '"' => break,
                            c => literal.push(c),
                        }
                    }
                    let mut cs = literal.chars();
                    let starts = cs.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
                    if starts && literal.len() > 1 && cs.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                        words.entry(literal).or_insert_with(|| rule.clone());
                    }
                }
                _ => {}
            }
        }
    }
    words
}

fn ts_list(name: &str, doc: &str, words: &BTreeSet<String>) -> String {
    let mut out = format!("/** {doc} */\nexport const {name}: readonly string[] = [\n");
    for w in words {
        out.push_str(&format!("  \"{w}\",\n"));
    }
    out.push_str("];\n");
    out
}

/// A TypeScript string literal (the glossary's sentences quote code in backticks and strings in
/// double quotes).
fn ts_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// What each word means: the glossary's sentence, or, for a word the glossary does not have yet,
/// where the grammar uses it.
fn ts_meanings(words: &BTreeMap<String, String>) -> String {
    let mut out = String::from(
        "/** What each word means (recourse::glossary; a word it lacks: the grammar rule that spells it). */\n\
         export const MEANINGS: Readonly<Record<string, string>> = {\n",
    );
    for (w, rule) in words {
        let m = meaning(w).map(str::to_string).unwrap_or_else(|| format!("A word of the policy language (grammar rule `{rule}`)."));
        out.push_str(&format!("  {}: {},\n", ts_string(w), ts_string(&m)));
    }
    out.push_str("};\n");
    out
}

fn ts_claim_fields() -> String {
    let mut out = String::from(
        "/** The claim fields a policy reads (the checker's table): the path as a policy writes it, its type,\n\
         * where the claim's JSON holds it and what it is. */\n\
         export const CLAIM_FIELDS: readonly { path: string; type: string; json: string; meaning: string }[] = [\n",
    );
    for f in claim_fields() {
        out.push_str(&format!(
            "  {{ path: {}, type: {}, json: {}, meaning: {} }},\n",
            ts_string(f.path),
            ts_string(f.ty),
            ts_string(f.json),
            ts_string(f.meaning)
        ));
    }
    out.push_str("];\n\n/** A deadline's fields: `notice.due`, `notice.met`, `notice.missed`. */\n");
    out.push_str("export const DEADLINE_FIELDS: readonly { name: string; type: string; meaning: string }[] = [\n");
    for (name, ty, m) in DEADLINE_FIELDS {
        out.push_str(&format!("  {{ name: {}, type: {}, meaning: {} }},\n", ts_string(name), ts_string(ty), ts_string(m)));
    }
    out.push_str("];\n");
    out
}

fn generated() -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let grammar = std::fs::read_to_string(format!("{root}/grammar/recourse.pest")).expect("grammar");
    let values: BTreeSet<String> = value_words().into_iter().map(str::to_string).collect();
    let types: BTreeSet<String> = TypeName::ALL.iter().map(|t| t.keyword().to_string()).collect();
    let by_rule = grammar_words_by_rule(&grammar);
    let keywords: BTreeSet<String> = grammar_words(&grammar).into_iter().filter(|w| !values.contains(w) && !types.contains(w)).collect();
    let mut all: BTreeMap<String, String> = by_rule;
    for w in values.iter().chain(&types) {
        all.entry(w.clone()).or_insert_with(|| "terms".to_string());
    }
    let mut out = String::from(
        "// Generated by crates/recourse/tests/editor_words.rs from grammar/recourse.pest and the word\n\
         // sets of crates/recourse/src/terms.rs. Do not edit: change the grammar or the sets, then run\n\
         // `RECOURSE_BLESS=1 cargo test -p recourse --test editor_words`.\n\n",
    );
    out.push_str(&ts_list("KEYWORDS", "Structure words of the grammar.", &keywords));
    out.push('\n');
    out.push_str(&ts_list("VALUES", "Words that are values: severity classes, rounding modes, statuses, weekdays ...", &values));
    out.push('\n');
    out.push_str(&ts_list("TYPES", "The type names of inputs.", &types));
    out.push('\n');
    out.push_str(&ts_meanings(&all));
    out.push('\n');
    out.push_str(&ts_claim_fields());
    out
}

/// Every word the glossary explains is a word of the language (so it does not keep words the
/// grammar dropped), and every word the language has today is explained.
#[test]
fn the_glossary_explains_the_languages_words_and_no_others() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let grammar = std::fs::read_to_string(format!("{root}/grammar/recourse.pest")).expect("grammar");
    let mut words = grammar_words(&grammar);
    words.extend(value_words().into_iter().map(str::to_string));
    words.extend(TypeName::ALL.iter().map(|t| t.keyword().to_string()));
    let stray: Vec<&str> = WORDS.iter().map(|(w, _)| *w).filter(|w| !words.contains(*w)).collect();
    assert!(stray.is_empty(), "the glossary explains words the language does not have: {stray:?}");
    let unexplained: Vec<&String> = words.iter().filter(|w| meaning(w).is_none()).collect();
    assert!(unexplained.is_empty(), "add a sentence to crates/recourse/src/glossary.rs for: {unexplained:?}");
}

/// The claim fields and deadline fields the editor offers are what the checker reads: a policy
/// that reads each of them compiles, and one that reads a field off the list does not.
#[test]
fn the_claim_fields_offered_are_the_ones_the_checker_reads() {
    let mut src = String::from("policy \"Fields\" { currency USD }\ndeadline notice \"N\" { due 10 days after order.delivered_on }\n");
    for (i, f) in claim_fields().iter().enumerate() {
        src.push_str(&format!("report let f{i} = {}\n", f.path));
    }
    for (i, (name, _, _)) in DEADLINE_FIELDS.iter().enumerate() {
        src.push_str(&format!("report let d{i} = notice.{name}\n"));
    }
    let compiled = recourse::Policy::compile(&src);
    assert!(compiled.is_ok(), "{:?}", compiled.err());
    let wrong = recourse::Policy::compile("policy \"Fields\" { currency USD }\nreport let x = order.colour\n");
    assert_eq!(wrong.err().map(|d| d.iter().any(|d| d.code == recourse::Code::UnknownName)), Some(true));
}

#[test]
fn the_editors_word_lists_are_generated_from_the_grammar_and_the_word_sets() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/src/words.generated.ts");
    let want = generated();
    // Guards against an extraction that silently finds nothing.
    for (word, list) in [("remedy", "TYPES"), ("supplier", "KEYWORDS"), ("business", "KEYWORDS"), ("critical", "VALUES")] {
        let section = want.split("export const ").find(|s| s.starts_with(list)).expect("section");
        assert!(section.contains(&format!("\"{word}\"")), "{word} missing from {list}");
    }
    let bless = std::env::var_os("RECOURSE_BLESS").is_some_and(|v| v == "1");
    if bless {
        std::fs::write(path, &want).expect("write");
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(have == want, "{path} is stale: run `RECOURSE_BLESS=1 cargo test -p recourse --test editor_words` and commit");
}
