//! The canonical formatter: round trips on every shipped policy, golden layouts, and property
//! tests over generated sources with random whitespace and comments.
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
use recourse::format;
use recourse::syntax::{Tree, tree as parse};

// ------------------------------------------------------------------ helpers

fn ast_of(src: &str) -> Tree {
    match parse(src) {
        Ok((ast, diags)) => {
            let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "errors in\n{src}\n{errors:#?}");
            ast
        }
        Err(d) => panic!("does not parse:\n{src}\n{d:#?}"),
    }
}

/// Every comment's text (from `#` to the end of the line, trailing whitespace removed), sorted.
/// An independent lexical scan: `#` inside a string does not start a comment.
fn comments(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' | '\n' => break,
                        _ => {}
                    }
                }
            }
            '#' => {
                let mut end = src.len();
                for (j, c) in chars.by_ref() {
                    if c == '\n' {
                        end = j;
                        break;
                    }
                }
                out.push(src[i..end].trim_end().to_string());
            }
            _ => {}
        }
    }
    out.sort();
    out
}

/// The formatter's contract on one source: it formats, the output parses to an equal tree,
/// formatting is idempotent, and the comments are the same multiset.
fn assert_round_trip(name: &str, src: &str) -> String {
    let ast = ast_of(src);
    let out = format(src).unwrap_or_else(|d| panic!("{name}: format failed: {d:#?}"));
    let again = format(&out).unwrap_or_else(|d| panic!("{name}: formatted output does not format: {d:#?}\n{out}"));
    assert_eq!(again, out, "{name}: not idempotent");
    assert!(ast_of(&out) == ast, "{name}: the formatted output parses to a different tree\n{out}");
    assert_eq!(comments(&out), comments(src), "{name}: comments lost or duplicated\n{out}");
    out
}

fn policies() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "policy")).collect();
    files.sort();
    files.into_iter().map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())).collect()
}

// ------------------------------------------------------------------ shipped policies

#[test]
fn every_policy_round_trips() {
    let all = policies();
    assert!(!all.is_empty(), "no policies found");
    for (name, src) in &all {
        assert!(!comments(src).is_empty() || !src.contains('#'), "{name}: comment scan");
        assert_round_trip(name, src);
    }
}

/// The house style: the formatted example policy is the file itself, up to runs of spaces
/// (the file aligns its two `not a defect` lines by hand, not quite consistently).
#[test]
fn apparel_coats_is_house_style() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/apparel-coats.policy");
    let src = std::fs::read_to_string(path).unwrap();
    let out = format(&src).unwrap();
    let squash = |s: &str| -> Vec<String> { s.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect() };
    assert_eq!(squash(&out), squash(&src));
    let differing: Vec<(&str, &str)> = out.lines().zip(src.lines()).filter(|(a, b)| a != b).collect();
    assert!(differing.iter().all(|(a, _)| a.trim_start().starts_with("not a defect")), "{differing:#?}");
}

// ------------------------------------------------------------------ golden layouts

#[test]
fn golden_messy_policy() {
    let src = r#"# top comment


policy   "Messy"{currency USD   # after currency
rounding half_even}
input b:money=USD 0.00   "B"
# about c
input c : bool=false
let x=a+b*(c -  d)   # x
report   let   y = min( a,b ) as "Y"
let z = round( x to 2 places half_even ) + floor(y)
remedy r "R" {   # opener
  # lead when
  when not a and b>=  USD 1
  supplier   pays 55%  of order.value as "line \"q\" # not a comment"
  takes 1 to 1 week after order.delivered_on
  risk low
  # end of remedy
}
deadline d "D" { missed: escalate
  met by claim.notified_on   due 5 business days after x }
flag f "F" { notify "n" when 2 or more earlier claims with the same defect on the same lot within 30 days }
example "E" { given claim {"b": [1,2,{}], "a": 1.50} with { x.y[0] = -0 }
expect r supplier total = USD 10.0 expect no flag f }
# eof 1

# eof 2
"#;
    let expected = r#"# top comment

policy "Messy" {
  currency USD  # after currency
  rounding half_even
}

input b: money = USD 0.00 "B"

# about c
input c: bool = false

let x = a + b * (c - d)  # x
report let y = min(a, b) as "Y"
let z = round(x to 2 places half_even) + floor(y)

remedy r "R" {  # opener
  # lead when
  when not a and b >= USD 1
  supplier pays 55% of order.value as "line \"q\" # not a comment"
  takes 1 week after order.delivered_on
  risk low
  # end of remedy
}

deadline d "D" {
  due 5 business days after x
  met by claim.notified_on
  missed: escalate
}

flag f "F" {
  when 2 or more earlier claims on the same lot with the same defect within 30 days
  notify "n"
}

example "E" {
  given claim { "b": [1, 2, {}], "a": 1.50 } with { x.y[0] = -0 }
  expect r supplier total = USD 10.0
  expect no flag f
}

# eof 1

# eof 2
"#;
    let out = assert_round_trip("messy", src);
    assert_eq!(out, expected, "got:\n{out}");
}

#[test]
fn golden_comments_inside_items_move_above_them() {
    let src = "let total = a +   # first part\n  b   # second part\n\nremedy r \"R\" {\n  when a\n    # between\n    or b\n  supplier pays x as \"y\"  # cost\n}  # after the block\n";
    let expected = "# first part\nlet total = a + b  # second part\n\nremedy r \"R\" {\n  # between\n  when a or b\n  supplier pays x as \"y\"  # cost\n}  # after the block\n";
    let out = assert_round_trip("inside", src);
    assert_eq!(out, expected, "got:\n{out}");
}

#[test]
fn golden_long_if_and_recommend() {
    let src = r#"let rate = if s = critical then 15% else if s = major then 10% else 0% as "Rate"
let short = if a then 1 else 2
recommend { prefer a prefer b when c highest buyer_net_recovery prefer d lowest risk }
escalate { }
example "Overrides" {
  given claim "c.json" with { a = 1  b.c = "x" }
}
"#;
    let expected = r#"let rate = if s = critical then 15%
  else if s = major then 10%
  else 0% as "Rate"

let short = if a then 1 else 2

recommend {
  prefer a
  prefer b when c
  then highest buyer_net_recovery
  then prefer d
  then lowest risk
}

escalate {}

example "Overrides" {
  given claim "c.json" with {
    a = 1
    b.c = "x"
  }
}
"#;
    let out = assert_round_trip("if", src);
    assert_eq!(out, expected, "got:\n{out}");
}

#[test]
fn golden_line_broken_chains_and_groups_of_lets_keep_their_shape() {
    // Issue 17: a line-broken `if ... else` chain stays one branch per line wherever it stands,
    // and a single blank line between groups of `let`s stays.
    let src = r#"input tier: int = 1
let base = order.value * 10%
let extra = order.value * 5%


let rate = if tier = 1 then 10%
                         else if tier = 2 then 15%
                         else 25%
remedy refund "R" {
  supplier pays
    if tier = 1 then order.value
    else if tier = 2 then order.value * 50%
    else order.value * 10%
    as "Refund"
}
"#;
    let expected = r#"input tier: int = 1

let base = order.value * 10%
let extra = order.value * 5%

let rate = if tier = 1 then 10%
  else if tier = 2 then 15%
  else 25%

remedy refund "R" {
  supplier pays if tier = 1 then order.value
    else if tier = 2 then order.value * 50%
    else order.value * 10% as "Refund"
}
"#;
    let out = assert_round_trip("chains", src);
    assert_eq!(out, expected, "got:\n{out}");
}

#[test]
fn golden_literals_keep_their_scale() {
    let src = "input n: money = USD 0.00\ninput d: decimal = 4.0\ninput p: percent = 2.50%\nlet s = \"tab\there \\\\ \\\" \\n\"\nlet when_ = 2026-03-01 + 1 day\n";
    let expected = "input n: money = USD 0.00\ninput d: decimal = 4.0\ninput p: percent = 2.50%\n\nlet s = \"tab\\there \\\\ \\\" \\n\"\nlet when_ = 2026-03-01 + 1 day\n";
    let out = assert_round_trip("literals", src);
    assert_eq!(out, expected, "got:\n{out}");
}

#[test]
fn syntax_errors_are_returned_located() {
    let err = format("policy \"P\" {\n  currency USD\n}\n\nremedy r \"R\" {\n  supplier pays x\n}\n").unwrap_err();
    assert!(!err.is_empty());
    assert!(err.iter().all(|d| d.is_error() && d.line > 0 && d.column > 0), "{err:#?}");
    assert_eq!(err[0].code, recourse::Code::Syntax);
    assert_eq!(err[0].line, 7);
}

#[test]
fn empty_and_comment_only_sources() {
    assert_eq!(format("").unwrap(), "");
    assert_eq!(format("  \n\n").unwrap(), "");
    assert_eq!(assert_round_trip("only comments", "  # a\n\n\n# b\n"), "# a\n\n# b\n");
}

// ------------------------------------------------------------------ generated sources

type Toks = Vec<String>;

fn cat(parts: Vec<Toks>) -> Toks {
    parts.into_iter().flatten().collect()
}

fn t(s: &str) -> Toks {
    vec![s.to_string()]
}

fn pick(options: &[&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(options.to_vec()).prop_map(str::to_string).boxed()
}

fn ident() -> BoxedStrategy<String> {
    pick(&["a", "b", "x1", "net_value", "_tmp", "order", "units"])
}

fn string_lit() -> BoxedStrategy<String> {
    pick(&["\"\"", "\"plain\"", "\"with # hash\"", r#""esc \" \\ \n \t""#, "\"ünïcødé ✓\"", "\"raw\ttab\"", "\"{ braces } [\""])
}

fn literal() -> BoxedStrategy<String> {
    prop_oneof![
        4 => pick(&[
            "0", "7", "1", "42", "4.0", "0.00", "12.345", "USD 0.00", "USD 1500.00", "USD -5", "EUR 3", "30%", "2.5%",
            "0%", "2026-03-12", "true", "false",
        ]),
        1 => string_lit(),
    ]
    .boxed()
}

fn path() -> BoxedStrategy<String> {
    pick(&["a", "b.c", "order.value", "claim.affected_units", "costs.inspection_fee", "x1"])
}

fn unit() -> BoxedStrategy<String> {
    pick(&["days", "day", "business days", "business day", "weeks", "week", "months", "month"])
}

fn paren(e: Toks) -> Toks {
    cat(vec![t("("), e, t(")")])
}

/// `if c then v (else if c then v)* else e` from op-expressions.
fn if_expr(inner: BoxedStrategy<Toks>) -> BoxedStrategy<Toks> {
    (prop::collection::vec((inner.clone(), inner.clone()), 1..3), inner)
        .prop_map(|(branches, otherwise)| {
            let mut v = Vec::new();
            for (i, (c, x)) in branches.into_iter().enumerate() {
                v.push(t(if i == 0 { "if" } else { "else if" }));
                v.push(c);
                v.push(t("then"));
                v.push(x);
            }
            v.push(t("else"));
            v.push(otherwise);
            cat(v)
        })
        .boxed()
}

fn expr_from(inner: BoxedStrategy<Toks>) -> BoxedStrategy<Toks> {
    prop_oneof![3 => inner.clone(), 1 => if_expr(inner)].boxed()
}

fn primary_from(inner: BoxedStrategy<Toks>) -> BoxedStrategy<Toks> {
    let expr = expr_from(inner.clone());
    let operand = prop_oneof![literal().prop_map(|l| t(&l)), path().prop_map(|p| t(&p)), inner.clone().prop_map(paren)];
    prop_oneof![
        expr.clone().prop_map(paren),
        (pick(&["min", "max"]), prop::collection::vec(expr.clone(), 1..4)).prop_map(|(f, args)| {
            let mut v = vec![t(&f), t("(")];
            for (i, a) in args.into_iter().enumerate() {
                if i > 0 {
                    v.push(t(","));
                }
                v.push(a);
            }
            v.push(t(")"));
            cat(v)
        }),
        (
            pick(&["round", "floor", "ceil"]),
            expr,
            prop::option::of((0i64..4, any::<bool>(), prop::option::of(pick(&["half_up", "half_even"]))))
        )
            .prop_map(|(f, arg, places)| {
                let mut v = vec![t(&f), t("("), arg];
                if let Some((n, plural, mode)) = places {
                    v.push(vec!["to".into(), n.to_string(), if plural { "places" } else { "place" }.into()]);
                    v.extend(mode.map(|m| t(&m)));
                }
                v.push(t(")"));
                cat(v)
            }),
        path().prop_map(|p| cat(vec![t("present"), t("("), t(&p), t(")")])),
        ident().prop_map(|k| cat(vec![t("kind"), t(&k)])),
        (any::<bool>(), operand.clone(), operand).prop_map(|(business, a, b)| {
            let mut v = Vec::new();
            if business {
                v.push(t("business"));
            }
            v.extend([t("days"), t("between"), a, t("and"), b]);
            cat(v)
        }),
    ]
    .boxed()
}

/// `prefix* term (infix prefix* term)*`, built from valid pieces.
fn op_expr() -> BoxedStrategy<Toks> {
    let leaf = prop_oneof![
        4 => literal().prop_map(|l| t(&l)),
        4 => path().prop_map(|p| t(&p)),
        1 => ident().prop_map(|i| cat(vec![t("count"), t(&i)])),
        1 => ident().prop_map(|i| cat(vec![t("flagged"), t(&i)])),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        let primary = primary_from(inner.clone());
        prop_oneof![
            3 => (inner.clone(), pick(&["or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "of"]), inner.clone())
                .prop_map(|(a, op, b)| cat(vec![a, t(&op), b])),
            1 => (pick(&["not", "-"]), inner.clone()).prop_map(|(p, e)| cat(vec![t(&p), e])),
            2 => primary.clone(),
            1 => (primary, unit()).prop_map(|(p, u)| cat(vec![p, t(&u)])),
        ]
    })
    .boxed()
}

fn expr() -> BoxedStrategy<Toks> {
    expr_from(op_expr())
}

/// A term: a primary, optionally with a unit.
fn term() -> BoxedStrategy<Toks> {
    let primary = prop_oneof![literal().prop_map(|l| t(&l)), path().prop_map(|p| t(&p)), primary_from(op_expr())];
    (primary, prop::option::of(unit())).prop_map(|(p, u)| cat(vec![p, u.map(|u| t(&u)).unwrap_or_default()])).boxed()
}

fn opt(s: Option<Toks>) -> Toks {
    s.unwrap_or_default()
}

fn block(head: Toks, items: Vec<Toks>) -> Toks {
    cat(vec![head, t("{"), cat(items), t("}")])
}

fn int() -> BoxedStrategy<String> {
    pick(&["0", "1", "2", "14", "30"])
}

fn header() -> BoxedStrategy<Toks> {
    let item = prop_oneof![
        pick(&["USD", "EUR"]).prop_map(|c| cat(vec![t("currency"), t(&c)])),
        pick(&["half_up", "half_even"]).prop_map(|m| cat(vec![t("rounding"), t(&m)])),
        ident().prop_map(|c| cat(vec![t("calendar"), t(&c)])),
    ];
    (string_lit(), prop::collection::vec(item, 0..4)).prop_map(|(title, items)| block(cat(vec![t("policy"), t(&title)]), items)).boxed()
}

fn calendar() -> BoxedStrategy<Toks> {
    let day = pick(&["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    let date = pick(&["2026-02-16", "2026-05-01", "2026-10-07"]);
    let item = prop_oneof![
        prop::collection::vec(day, 1..3).prop_map(|days| {
            let mut v = vec![t("weekend")];
            for (i, d) in days.into_iter().enumerate() {
                if i > 0 {
                    v.push(t(","));
                }
                v.push(t(&d));
            }
            cat(v)
        }),
        (date.clone(), prop::option::of(date), string_lit())
            .prop_map(|(from, to, name)| { cat(vec![t("holiday"), t(&from), opt(to.map(|d| cat(vec![t("to"), t(&d)]))), t(&name)]) }),
    ];
    (ident(), prop::option::of(string_lit()), prop::collection::vec(item, 0..4))
        .prop_map(|(name, desc, items)| block(cat(vec![t("calendar"), t(&name), opt(desc.map(|d| t(&d)))]), items))
        .boxed()
}

fn defects() -> BoxedStrategy<Toks> {
    let class = pick(&["critical", "major", "minor"]);
    let code = pick(&["zip", "open_seam", "shade", "x1"]);
    let item = prop_oneof![
        prop::collection::vec((int(), prop_oneof![class.clone(), Just("none".to_string())]), 1..3).prop_map(|entries| {
            let mut v = vec![t("scale")];
            for (i, (n, c)) in entries.into_iter().enumerate() {
                if i > 0 {
                    v.push(t(","));
                }
                v.extend([t(&n), t("="), t(&c)]);
            }
            cat(v)
        }),
        (code.clone(), prop_oneof![class.prop_map(|c| t(&c)), int().prop_map(|n| cat(vec![t("level"), t(&n)]))], string_lit())
            .prop_map(|(c, sev, d)| cat(vec![t(&c), sev, t(&d)])),
        (code, string_lit(), string_lit()).prop_map(|(c, d, r)| cat(vec![t("not"), t("a"), t("defect"), t(&c), t(&d), t("->"), t(&r)])),
    ];
    prop::collection::vec(item, 0..5).prop_map(|items| block(t("defects"), items)).boxed()
}

fn sampling() -> BoxedStrategy<Toks> {
    let class = pick(&["critical", "major", "minor"]);
    let pct = pick(&["0%", "2.5%", "10%"]);
    let item = prop_oneof![
        (pick(&["S-1", "S-4", "I", "II", "III"]), pick(&["normal", "tightened", "reduced"])).prop_map(|(l, s)| cat(vec![
            t("iso2859"),
            t("level"),
            t(&l),
            t(&s)
        ])),
        prop::collection::vec((class.clone(), pick(&["0", "2.5", "4.0", "0.010"])), 1..3).prop_map(|entries| {
            let mut v = vec![t("aql")];
            for (i, (c, n)) in entries.into_iter().enumerate() {
                if i > 0 {
                    v.push(t(","));
                }
                v.extend([t(&c), t(&n)]);
            }
            cat(v)
        }),
        prop::collection::vec((class, pct.clone()), 1..3).prop_map(|entries| {
            let mut v = vec![t("max"), t("defect"), t("rate")];
            for (i, (c, p)) in entries.into_iter().enumerate() {
                if i > 0 {
                    v.push(t(","));
                }
                v.extend([t(&c), t(&p)]);
            }
            cat(v)
        }),
        pct.prop_map(|p| cat(vec![t("max"), t("defect"), t("rate"), t(&p)])),
    ];
    (string_lit(), prop::collection::vec(item, 0..4)).prop_map(|(c, items)| block(cat(vec![t("sampling"), t(&c)]), items)).boxed()
}

fn input() -> BoxedStrategy<Toks> {
    let ty = pick(&["money", "decimal", "percent", "int", "bool", "date", "duration", "text", "severity", "remedy"]);
    (ident(), ty, prop::option::of(term()), prop::option::of(string_lit()))
        .prop_map(|(n, ty, d, desc)| {
            cat(vec![t("input"), t(&n), t(":"), t(&ty), opt(d.map(|d| cat(vec![t("="), d]))), opt(desc.map(|s| t(&s)))])
        })
        .boxed()
}

fn ineligible() -> BoxedStrategy<Toks> {
    (prop::option::of(string_lit()), expr(), string_lit())
        .prop_map(|(c, e, why)| cat(vec![t("ineligible"), opt(c.map(|c| t(&c))), t("when"), e, t("because"), t(&why)]))
        .boxed()
}

fn kinds() -> BoxedStrategy<Toks> {
    prop::collection::vec((ident(), string_lit()).prop_map(|(k, d)| cat(vec![t(&k), t(&d)])), 0..4)
        .prop_map(|items| block(t("kinds"), items))
        .boxed()
}

fn let_decl() -> BoxedStrategy<Toks> {
    (any::<bool>(), ident(), expr(), prop::option::of(string_lit()))
        .prop_map(|(report, n, e, label)| {
            cat(vec![if report { t("report") } else { vec![] }, t("let"), t(&n), t("="), e, opt(label.map(|l| cat(vec![t("as"), t(&l)])))])
        })
        .boxed()
}

fn deadline() -> BoxedStrategy<Toks> {
    let simple_primary = prop_oneof![literal().prop_map(|l| t(&l)), path().prop_map(|p| t(&p)), op_expr().prop_map(paren)];
    let item = prop_oneof![
        (simple_primary, unit(), expr()).prop_map(|(a, u, e)| cat(vec![t("due"), a, t(&u), t("after"), e])),
        (pick(&["when", "by"]), expr()).prop_map(|(w, e)| cat(vec![t("met"), t(&w), e])),
        string_lit().prop_map(|s| cat(vec![t("missed"), t(":"), t("claim"), t("ineligible"), t(&s)])),
        (prop::collection::vec(ident(), 1..3), string_lit()).prop_map(|(names, s)| {
            let mut v = vec![t("missed"), t(":"), t("remedy")];
            for (i, n) in names.into_iter().enumerate() {
                if i > 0 {
                    v.push(t(","));
                }
                v.push(t(&n));
            }
            v.extend([t("lost"), t(&s)]);
            cat(v)
        }),
        prop::option::of(string_lit()).prop_map(|s| cat(vec![t("missed"), t(":"), t("escalate"), opt(s.map(|s| t(&s)))])),
    ];
    (ident(), string_lit(), prop::collection::vec(item, 0..4))
        .prop_map(|(n, c, items)| block(cat(vec![t("deadline"), t(&n), t(&c)]), items))
        .boxed()
}

fn remedy() -> BoxedStrategy<Toks> {
    let item = prop_oneof![
        expr().prop_map(|e| cat(vec![t("when"), e])),
        (expr(), string_lit()).prop_map(|(e, s)| cat(vec![t("unless"), e, t("because"), t(&s)])),
        (pick(&["supplier pays", "buyer pays", "supplier credits"]), expr(), string_lit())
            .prop_map(|(p, e, s)| { cat(vec![p.split(' ').map(str::to_string).collect(), e, t("as"), t(&s)]) }),
        expr().prop_map(|e| cat(vec![t("at"), t("most"), e])),
        (int(), prop::option::of(int()), unit(), prop::option::of(expr())).prop_map(|(a, b, u, after)| cat(vec![
            t("takes"),
            t(&a),
            opt(b.map(|b| cat(vec![t("to"), t(&b)]))),
            t(&u),
            opt(after.map(|e| cat(vec![t("after"), e])))
        ])),
        pick(&["low", "moderate", "high"]).prop_map(|r| cat(vec![t("risk"), t(&r)])),
    ];
    (ident(), string_lit(), prop::collection::vec(item, 0..6))
        .prop_map(|(n, c, items)| block(cat(vec![t("remedy"), t(&n), t(&c)]), items))
        .boxed()
}

fn cap() -> BoxedStrategy<Toks> {
    let limit = (expr(), prop::option::of(prop::collection::vec(ident(), 1..3))).prop_map(|(e, names)| {
        let mut v = vec![t("supplier"), t("total"), t("at"), t("most"), e];
        if let Some(names) = names {
            v.push(t("for"));
            for (i, n) in names.into_iter().enumerate() {
                if i > 0 {
                    v.push(t(","));
                }
                v.push(t(&n));
            }
        }
        cat(v)
    });
    (string_lit(), prop::collection::vec(limit, 0..3)).prop_map(|(c, items)| block(cat(vec![t("cap"), t(&c)]), items)).boxed()
}

fn recommend() -> BoxedStrategy<Toks> {
    let rule = prop_oneof![
        (any::<bool>(), ident(), prop::option::of(expr())).prop_map(|(then, n, when)| {
            cat(vec![if then { t("then") } else { vec![] }, t("prefer"), t(&n), opt(when.map(|e| cat(vec![t("when"), e])))])
        }),
        (
            any::<bool>(),
            prop_oneof![
                // One token with its `then`: the parser reads a rank rule from its text, so a
                // comment inside one (`then # c` / `highest ...`) is an E0000 (parser limitation).
                pick(&[
                    "highest buyer_net_recovery",
                    "lowest supplier_total",
                    "highest buyer_pays",
                    "shortest time",
                    "longest time",
                    "lowest risk"
                ])
                .prop_map(|s| t(&s)),
            ]
        )
            .prop_map(|(then, c)| if then { t(&format!("then {}", c.concat())) } else { c }),
    ];
    prop::collection::vec(rule, 0..4).prop_map(|rules| block(t("recommend"), rules)).boxed()
}

fn escalate() -> BoxedStrategy<Toks> {
    let step = (ident(), string_lit(), prop::option::of((int(), prop::option::of(int()), unit()))).prop_map(|(n, f, takes)| {
        cat(vec![t(&n), t(&f), opt(takes.map(|(a, b, u)| cat(vec![t("takes"), t(&a), opt(b.map(|b| cat(vec![t("to"), t(&b)]))), t(&u)])))])
    });
    prop::collection::vec(step, 0..3)
        .prop_map(|steps| {
            let mut v = Vec::new();
            for (i, s) in steps.into_iter().enumerate() {
                if i > 0 {
                    v.push(t("then"));
                }
                v.push(s);
            }
            block(t("escalate"), v)
        })
        .boxed()
}

fn flag() -> BoxedStrategy<Toks> {
    let key = prop_oneof![
        pick(&["sku", "supplier", "lot"]).prop_map(|k| cat(vec![t("on"), t("the"), t("same"), t(&k)])),
        Just(cat(vec![t("with"), t("the"), t("same"), t("defect")])),
    ];
    let item = prop_oneof![
        (int(), prop::collection::vec(key, 0..3), int()).prop_map(|(n, keys, d)| {
            cat(vec![
                cat(vec![t("when"), t(&n), t("or"), t("more"), t("earlier"), t("claims")]),
                cat(keys),
                cat(vec![t("within"), t(&d), t("days")]),
            ])
        }),
        expr().prop_map(|e| cat(vec![t("when"), e])),
        string_lit().prop_map(|s| cat(vec![t("notify"), t(&s)])),
    ];
    (ident(), string_lit(), prop::collection::vec(item, 0..4))
        .prop_map(|(n, c, items)| block(cat(vec![t("flag"), t(&n), t(&c)]), items))
        .boxed()
}

fn json_value() -> BoxedStrategy<Toks> {
    let leaf = pick(&["0", "-1", "1.50", "-0", "12345678901234567890123", "0.0000001", "true", "false", "null", "\"s\"", "\"a # b\""])
        .prop_map(|s| t(&s));
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|xs| {
                let mut v = vec![t("[")];
                for (i, x) in xs.into_iter().enumerate() {
                    if i > 0 {
                        v.push(t(","));
                    }
                    v.push(x);
                }
                v.push(t("]"));
                cat(v)
            }),
            prop::collection::vec((pick(&["\"a\"", "\"b\"", "\"c d\""]), inner), 0..3).prop_map(|members| {
                let mut v = vec![t("{")];
                for (i, (k, x)) in members.into_iter().enumerate() {
                    if i > 0 {
                        v.push(t(","));
                    }
                    v.extend([t(&k), t(":"), x]);
                }
                v.push(t("}"));
                cat(v)
            }),
        ]
    })
    .boxed()
}

fn example() -> BoxedStrategy<Toks> {
    let claim =
        prop_oneof![string_lit().prop_map(|s| t(&s)), json_value().prop_map(|v| cat(vec![t("{"), t("\"claim\""), t(":"), v, t("}")])),];
    let over = (pick(&["as_of", "facts.x", "inspection.found[0].defect", "history[0].opened_on"]), json_value())
        .prop_map(|(p, v)| cat(vec![t(&p), t("="), v]));
    let expectation = prop_oneof![
        pick(&["lot rejected", "lot accepted", "eligible", "ineligible", "recommend none", "error E0304"])
            .prop_map(|s| s.split(' ').map(str::to_string).collect::<Toks>()),
        ident().prop_map(|n| cat(vec![t("recommend"), t(&n)])),
        (ident(), pick(&["= 2026-03-12", "met", "missed", "open"])).prop_map(|(n, s)| cat(vec![
            t("deadline"),
            t(&n),
            s.split(' ').map(str::to_string).collect()
        ])),
        (any::<bool>(), ident()).prop_map(|(raised, n)| cat(vec![if raised { vec![] } else { t("no") }, t("flag"), t(&n)])),
        (ident(), literal()).prop_map(|(n, l)| cat(vec![t("report"), t(&n), t("="), t(&l)])),
        (ident(), ident()).prop_map(|(n, w)| cat(vec![t("report"), t(&n), t("="), t(&w)])),
        (ident(), pick(&["available", "unavailable"])).prop_map(|(n, a)| cat(vec![t(&n), t(&a)])),
        (ident(), pick(&["supplier total", "buyer pays", "buyer net recovery"]), pick(&["USD 1.00", "USD -2.50", "USD 0"]))
            .prop_map(|(n, m, v)| cat(vec![t(&n), m.split(' ').map(str::to_string).collect(), t("="), t(&v)])),
    ]
    .prop_map(|x| cat(vec![t("expect"), x]));
    (string_lit(), claim, prop::option::of(prop::collection::vec(over, 0..3)), prop::collection::vec(expectation, 0..4))
        .prop_map(|(name, claim, overrides, expectations)| {
            let with = overrides.map(|o| cat(vec![t("with"), t("{"), cat(o), t("}")])).unwrap_or_default();
            block(cat(vec![t("example"), t(&name)]), vec![t("given"), t("claim"), claim, with, cat(expectations)])
        })
        .boxed()
}

fn declaration() -> BoxedStrategy<Toks> {
    prop_oneof![
        1 => header(),
        1 => calendar(),
        1 => defects(),
        1 => sampling(),
        2 => input(),
        3 => let_decl(),
        1 => deadline(),
        3 => remedy(),
        1 => cap(),
        1 => recommend(),
        1 => escalate(),
        1 => flag(),
        1 => example(),
        1 => ineligible(),
        1 => kinds(),
    ]
    .boxed()
}

/// Join tokens with separators chosen by `seps` (cycled): spaces, newlines, blank lines, tabs
/// and comments, each comment with a distinct text.
fn layout(tokens: &[String], seps: &[u8]) -> String {
    let mut out = String::new();
    let mut n = 0usize;
    let mut sep = |i: usize, out: &mut String| {
        let choice = seps.get(i % seps.len().max(1)).copied().unwrap_or(0);
        let s = match choice {
            0..=2 => " ",
            3 => "  ",
            4 => "\n",
            5 => "\n\n    ",
            6 => "\t",
            7 => " #C\n",
            10 => "#C\n",
            8 => "\n  #C\n",
            _ => "\n#C\n\n",
        };
        if s.contains("#C") {
            n += 1;
            out.push_str(&s.replace("#C", &format!("# note {n}; \"q\" # h")));
        } else {
            out.push_str(s);
        }
    };
    for (i, tok) in tokens.iter().enumerate() {
        sep(i, &mut out);
        out.push_str(tok);
    }
    sep(tokens.len(), &mut out);
    out
}

fn check(src: &str) -> Result<(), TestCaseError> {
    let ast = match parse(src) {
        Ok((ast, diags)) if !diags.iter().any(|d| d.is_error()) => ast,
        other => return Err(TestCaseError::fail(format!("generated source does not parse:\n{src}\n{other:#?}"))),
    };
    let out = format(src).map_err(|d| TestCaseError::fail(format!("format failed on\n{src}\n{d:#?}")))?;
    let ast2 = match parse(&out) {
        Ok((ast, _)) => ast,
        Err(d) => return Err(TestCaseError::fail(format!("output does not parse:\n{src}\n---\n{out}\n{d:#?}"))),
    };
    prop_assert!(ast2 == ast, "different tree:\n{}\n---\n{}", src, out);
    let again = format(&out).map_err(|d| TestCaseError::fail(format!("{d:#?}")))?;
    prop_assert_eq!(&again, &out, "not idempotent; input:\n{}", src);
    prop_assert_eq!(comments(&out), comments(src), "comments differ:\n{}\n---\n{}", src, out);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn expressions_round_trip(e in expr(), seps in prop::collection::vec(0u8..11, 1..64)) {
        let tokens = cat(vec![t("let"), t("v"), t("="), e, t("as"), t("\"label\"")]);
        check(&layout(&tokens, &seps))?;
    }

    #[test]
    fn policies_round_trip(decls in prop::collection::vec(declaration(), 0..7), seps in prop::collection::vec(0u8..11, 1..200)) {
        check(&layout(&cat(decls), &seps))?;
    }
}

#[test]
fn golden_crlf_long_json_and_ifs_in_blocks() {
    let src = "example \"Big { brace\" {\r\n  given claim { \"claim_id\": \"C-1\", \"as_of\": \"2026-03-06\", \"currency\": \"USD\", \"order\": { \"units\": 10, \"unit_price\": \"4.25\", \"delivered_on\": \"2026-03-02\" }, \"affected_units\": 3, \"found\": [1, 2, 3] } with {  # open\r\n    facts.x = { \"a\": 1 }\r\n  }\r\n  expect eligible  # crlf\r\n}\r\nremedy r \"x\" {\r\n  supplier pays if a then USD 1 else if b then USD 2 else USD 3 as \"amount\"\r\n  when if very_long_condition_name_number_one and another_quite_long_condition then something_long else something_else_long\r\n}\r\n";
    let expected = r#"example "Big { brace" {
  given claim {
    "claim_id": "C-1",
    "as_of": "2026-03-06",
    "currency": "USD",
    "order": { "units": 10, "unit_price": "4.25", "delivered_on": "2026-03-02" },
    "affected_units": 3,
    "found": [1, 2, 3]
  } with {  # open
    facts.x = { "a": 1 }
  }
  expect eligible  # crlf
}

remedy r "x" {
  supplier pays if a then USD 1
    else if b then USD 2
    else USD 3 as "amount"
  when if very_long_condition_name_number_one and another_quite_long_condition
    then something_long
    else something_else_long
}
"#;
    let out = assert_round_trip("crlf", src);
    assert_eq!(out, expected, "got:\n{out}");
}

/// Long operator chains are printed without deep recursion.
#[test]
fn long_chains() {
    let terms: Vec<String> = (0..5000).map(|i| format!("a{i}")).collect();
    let src = format!("let x = {}\nlet y = {}\n", terms.join(" + "), terms.join(" and not "));
    let out = assert_round_trip("chains", &src);
    assert_eq!(out, src);
}
