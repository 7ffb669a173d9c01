//! The canonical formatter, the engine of `recourse fmt`: source -> AST -> one canonical layout.
//!
//! The printer walks the AST in source order and prints every token of an expression exactly
//! once, adding no parentheses of its own (`Expr::Paren` is printed as parentheses), so the
//! printed text is the same token sequence as the input and parses back to an equal tree.
//!
//! Layout (the house style of `policies/`):
//! - declarations are separated by one blank line, except that consecutive one-line `input`
//!   declarations, and consecutive one-line `let` declarations, form groups without blank lines;
//!   a declaration with leading comments, or printed on several lines, starts a new group;
//! - blocks open with ` {` on the declaration's line, hold one item per line indented by two
//!   spaces, and close with `}` on a line of its own; an empty block is written `{}`;
//! - operators are surrounded by single spaces (`a + b`, `55% of order.value`), arguments are
//!   separated by `, ` (`min(a, b)`, `round(x to 2 places)`), no space inside parentheses;
//! - literals are printed from their values: strings re-escaped, decimals, money and percents
//!   with their decimal scale (`USD 0.00`, `4.0`), dates as `YYYY-MM-DD`; a time unit (and
//!   `place`) is singular after exactly `1`;
//! - when an item's expression is an `if`, an `if` with `else if` branches is written one
//!   branch per line, and a one-branch `if` longer than `WIDTH` breaks before `then` and `else`;
//!   continuation lines are indented two more spaces;
//! - the columns of the `defects` catalogue (code, severity; code, description of exclusions)
//!   are aligned;
//! - `recommend` rules after the first start with `then`, except `prefer` rules before any rank
//!   criterion; escalation steps after the first start with `then`;
//! - inline JSON keeps its member order and number text (`{ "k": 1.50 }`, `[1, 2]`), on one line
//!   when it fits in `WIDTH` columns, else one member per line; one override with a plain value
//!   is written on the `given` line (`with { path = value }`), several one per line;
//! - items whose relative order the AST does not record are printed in a fixed order: header
//!   `currency`, `rounding`, `calendar`; calendar `weekend` (one line), holidays; defects `scale`
//!   (one line), defects, exclusions; sampling `iso2859`, `aql` (one line), `max defect rate` per
//!   class (one line), overall `max defect rate`; deadline `due`, `met`, `missed`; flag
//!   recurrences, `when`, `notify`. Remedy items keep their source order.
//!
//! Comments (silent in the grammar) are found by a lexical scan and attached to the item they
//! belong to: a comment on its own line leads the next item of its block (or stays at the end of
//! the block, or of the file); a comment after code on the same line trails that item (or the
//! line that opens the block); a comment between the tokens of one item leads that item. A blank
//! line after a comment is kept (several collapse to one). No comment is dropped or repeated.

use crate::diagnostics::{self, Code, Diagnostic};
use crate::syntax::ast::*;
use crate::terms::WeekdayWord;

/// Lines longer than this are broken where the layout allows it (inline JSON, `if` expressions).
const WIDTH: usize = 120;

/// Format a policy source in the canonical layout, keeping its comments. Syntax errors (and any
/// other error found while parsing) are returned, located.
pub fn format(source: &str) -> Result<String, Vec<Diagnostic>> {
    let (ast, diags) = crate::syntax::parse(source).map_err(|d| diagnostics::finish(d, source))?;
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        return Err(diagnostics::finish(errors, source));
    }
    let mut root = Block::new(None, ast.decls.iter().map(|d| decl(d, source)).collect());
    attach(&mut root, scan_comments(source), source);
    let out = render_root(&root);
    // The formatter must never change what a policy says (Cedar's soundness check): the output
    // is parsed again and compared with the input's tree. Property tests and fuzzing have not
    // found a difference; if one ever appears the source is left alone and the bug is reported.
    match crate::syntax::parse(&out) {
        Ok((again, _)) if again == ast => Ok(out),
        _ => Err(diagnostics::finish(
            vec![
                Diagnostic::new(
                    Code::Internal,
                    Span::new(0, 0),
                    "the formatter's output would not say the same as the source; the source is left as it is",
                )
                .with_help("this is a bug in Recourse: please report it with the policy"),
            ],
            source,
        )),
    }
}

// ------------------------------------------------------------------ the printed document

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Input,
    Let,
    Other,
}

/// One printed item: a line (possibly several, for laid-out JSON), optionally opening a block.
#[derive(Debug)]
struct Item {
    /// The item's text without indentation; for a block item, the text before ` {`.
    text: String,
    /// The source ranges this item was printed from; comments are attached by them.
    pieces: Vec<Span>,
    block: Option<Block>,
    kind: Kind,
    leading: Vec<Comment>,
    trailing: Vec<String>,
}

impl Item {
    fn line(text: String, pieces: Vec<Span>) -> Item {
        Item { text, pieces, block: None, kind: Kind::Other, leading: Vec::new(), trailing: Vec::new() }
    }

    fn multi_line(&self) -> bool {
        self.block.is_some() || self.text.contains('\n')
    }
}

#[derive(Debug)]
struct Block {
    /// Byte offsets of the block's `{` and `}` in the source (none for the whole file, or when
    /// not found).
    region: Option<(usize, usize)>,
    items: Vec<Item>,
    /// Comments after the `{` on its line.
    opener_trailing: Vec<String>,
    /// Comments after the last item.
    end: Vec<Comment>,
    /// A block of one single-line item without comments may be written on the opener's line:
    /// `with { path = value }`.
    inline: bool,
}

impl Block {
    fn new(region: Option<(usize, usize)>, items: Vec<Item>) -> Block {
        Block { region, items, opener_trailing: Vec::new(), end: Vec::new(), inline: false }
    }

    /// The single item to write on the opener's line, if this block may be written so.
    fn inline_item(&self) -> Option<&Item> {
        if !self.inline || !self.opener_trailing.is_empty() || !self.end.is_empty() {
            return None;
        }
        match self.items.as_slice() {
            [only] if only.block.is_none() && !only.text.contains('\n') && only.leading.is_empty() && only.trailing.is_empty() => {
                Some(only)
            }
            _ => None,
        }
    }

    fn inner_contains(&self, pos: usize) -> bool {
        self.region.is_some_and(|(open, close)| open < pos && pos < close)
    }
}

#[derive(Debug, Clone)]
struct Comment {
    /// Byte offset of the `#`.
    pos: usize,
    /// From `#` to the end of the line, trailing whitespace removed.
    text: String,
    /// Code precedes the comment on its line.
    trailing: bool,
    /// A blank line follows the comment.
    blank_after: bool,
}

// ------------------------------------------------------------------ lexical scanning

/// The index after a string that opens at `i` (strings end at a newline too). Shared with the
/// nesting scan of `limits`.
pub(super) fn skip_string(b: &[u8], i: usize) -> usize {
    let mut j = i.saturating_add(1);
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => j = j.saturating_add(2),
            b'"' => return j.saturating_add(1),
            b'\n' => return j,
            _ => j = j.saturating_add(1),
        }
    }
    j.min(b.len())
}

/// The index of the newline ending a comment that starts at `i` (or the end of the source).
fn skip_comment(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while let Some(&c) = b.get(j) {
        if c == b'\n' {
            return j;
        }
        j = j.saturating_add(1);
    }
    b.len()
}

/// The first offset at or after `i` that is neither whitespace nor inside a comment.
fn skip_trivia(src: &str, i: usize) -> usize {
    let b = src.as_bytes();
    let mut j = i;
    while let Some(&c) = b.get(j) {
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => j = j.saturating_add(1),
            b'#' => j = skip_comment(b, j),
            _ => return j,
        }
    }
    b.len().min(j)
}

/// The first `{` in `from..to` outside strings and comments.
fn find_open(src: &str, from: usize, to: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut i = from;
    while i < to {
        match b.get(i)? {
            b'"' => i = skip_string(b, i),
            b'#' => i = skip_comment(b, i),
            b'{' => return Some(i),
            _ => i = i.saturating_add(1),
        }
    }
    None
}

/// The `}` matching the `{` at `open`.
fn find_close(src: &str, open: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    loop {
        match b.get(i)? {
            b'"' => i = skip_string(b, i),
            b'#' => i = skip_comment(b, i),
            b'{' => {
                depth = depth.saturating_add(1);
                i = i.saturating_add(1);
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
                i = i.saturating_add(1);
            }
            _ => i = i.saturating_add(1),
        }
    }
}

/// The end of the last token in `start..end`: a node's span can end with the whitespace and
/// comments that pest skipped before an optional part that did not match.
fn trim_trivia_end(src: &str, start: usize, end: usize) -> usize {
    let b = src.as_bytes();
    let mut i = start;
    let mut last = start;
    while i < end {
        match b.get(i) {
            None => break,
            Some(b'"') => {
                i = skip_string(b, i);
                last = i;
            }
            Some(b'#') => i = skip_comment(b, i),
            Some(c) if c.is_ascii_whitespace() => i = i.saturating_add(1),
            Some(_) => {
                i = i.saturating_add(1);
                last = i;
            }
        }
    }
    last.min(end)
}

fn block_region(src: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let open = find_open(src, from, to)?;
    let close = find_close(src, open)?;
    Some((open, close))
}

/// Every comment of the source, in order. `#` inside strings does not start a comment.
fn scan_comments(src: &str) -> Vec<Comment> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut line_has_code = false;
    let mut i = 0usize;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                line_has_code = true;
                i = skip_string(b, i);
            }
            b'#' => {
                let end = skip_comment(b, i);
                let text = src.get(i..end).unwrap_or("#").trim_end().to_string();
                out.push(Comment { pos: i, text, trailing: line_has_code, blank_after: blank_line_after(b, end) });
                i = end;
            }
            b'\n' => {
                line_has_code = false;
                i = i.saturating_add(1);
            }
            b' ' | b'\t' | b'\r' => i = i.saturating_add(1),
            _ => {
                line_has_code = true;
                i = i.saturating_add(1);
            }
        }
    }
    out
}

/// Whether the line after the newline at `nl` is blank.
fn blank_line_after(b: &[u8], nl: usize) -> bool {
    let mut j = nl.saturating_add(1);
    while let Some(&c) = b.get(j) {
        match c {
            b' ' | b'\t' | b'\r' => j = j.saturating_add(1),
            b'\n' => return nl < b.len(),
            _ => return false,
        }
    }
    false
}

// ------------------------------------------------------------------ comment attachment

struct Piece {
    /// Where the item's text starts: the first token after the previous piece, so that keywords
    /// the AST does not span (`when`, `currency`, `then`, `,`) belong to the item they start.
    ext: usize,
    end: usize,
    item: usize,
}

fn attach(block: &mut Block, comments: Vec<Comment>, src: &str) {
    if comments.is_empty() {
        return;
    }
    let mut spans: Vec<(usize, usize, usize)> = block
        .items
        .iter()
        .enumerate()
        .flat_map(|(i, it)| it.pieces.iter().map(move |p| (p.start, trim_trivia_end(src, p.start, p.end), i)))
        .collect();
    crate::sort::sort_dedup(&mut spans);
    let mut prev = block.region.map(|(open, _)| open.saturating_add(1)).unwrap_or(0);
    let pieces: Vec<Piece> = spans
        .into_iter()
        .map(|(start, end, item)| {
            let ext = skip_trivia(src, prev).min(start);
            prev = prev.max(end);
            Piece { ext, end, item }
        })
        .collect();

    let mut nested: Vec<Vec<Comment>> = block.items.iter().map(|_| Vec::new()).collect();
    for c in comments {
        let p = c.pos;
        let k = pieces.partition_point(|pc| pc.ext <= p);
        let before = k.checked_sub(1).and_then(|j| pieces.get(j));
        if let Some(pc) = before.filter(|pc| p < pc.end) {
            let inner = block.items.get(pc.item).and_then(|it| it.block.as_ref()).is_some_and(|b| b.inner_contains(p));
            if inner {
                if let Some(v) = nested.get_mut(pc.item) {
                    v.push(c);
                }
            } else if let Some(it) = block.items.get_mut(pc.item) {
                it.leading.push(c);
            }
            continue;
        }
        if c.trailing {
            if let Some(it) = before.and_then(|pc| block.items.get_mut(pc.item)) {
                // One trailing comment per printed line: a line merged from several source
                // items (`weekend`, `aql`) leads with the others.
                if it.trailing.is_empty() {
                    it.trailing.push(c.text);
                } else {
                    it.leading.push(c);
                }
                continue;
            }
            if block.region.is_some() {
                block.opener_trailing.push(c.text);
                continue;
            }
        }
        match pieces.get(k).and_then(|pc| block.items.get_mut(pc.item)) {
            Some(it) => it.leading.push(c),
            None => block.end.push(c),
        }
    }
    for (item, cs) in block.items.iter_mut().zip(nested) {
        if let Some(b) = item.block.as_mut() {
            attach(b, cs, src);
        } else {
            // Not reachable by construction (only block items receive nested comments); never
            // drop a comment all the same.
            item.leading.extend(cs);
        }
    }
}

// ------------------------------------------------------------------ rendering

fn render_root(root: &Block) -> String {
    let mut out = String::new();
    let mut prev: Option<&Item> = None;
    for item in &root.items {
        if let Some(p) = prev {
            // Consecutive one-line inputs (or lets) form a group; a comment or a multi-line
            // declaration starts a new one.
            let grouped = p.kind == item.kind && p.kind != Kind::Other && item.leading.is_empty() && !p.multi_line() && !item.multi_line();
            if !grouped {
                out.push('\n');
            }
        }
        render_item(&mut out, item, 0);
        prev = Some(item);
    }
    if !root.end.is_empty() {
        if !root.items.is_empty() {
            out.push('\n');
        }
        render_end_comments(&mut out, &root.end, 0);
    }
    // A top-level block has no opener; keep anything that landed there all the same.
    for t in &root.opener_trailing {
        out.push_str(t);
        out.push('\n');
    }
    out
}

fn push_indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn push_trailing(out: &mut String, trailing: &[String]) {
    for t in trailing {
        out.push_str("  ");
        out.push_str(t);
    }
}

fn render_end_comments(out: &mut String, comments: &[Comment], depth: usize) {
    let last = comments.len().saturating_sub(1);
    for (i, c) in comments.iter().enumerate() {
        push_indent(out, depth);
        out.push_str(&c.text);
        out.push('\n');
        if c.blank_after && i < last {
            out.push('\n');
        }
    }
}

/// Push `text` (possibly several lines), each line indented; no newline after the last.
fn push_text(out: &mut String, text: &str, depth: usize) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        push_indent(out, depth);
        out.push_str(line);
    }
}

fn render_item(out: &mut String, item: &Item, depth: usize) {
    for c in &item.leading {
        push_indent(out, depth);
        out.push_str(&c.text);
        out.push('\n');
        if c.blank_after {
            out.push('\n');
        }
    }
    push_text(out, &item.text, depth);
    let inline = item.block.as_ref().and_then(Block::inline_item).filter(|only| {
        let width = depth.saturating_mul(2).saturating_add(item.text.chars().count()).saturating_add(only.text.chars().count());
        !item.text.contains('\n') && width.saturating_add(6) <= WIDTH
    });
    match &item.block {
        Some(_) if inline.is_some() => {
            out.push_str(" { ");
            out.push_str(inline.map(|only| only.text.as_str()).unwrap_or(""));
            out.push_str(" }");
        }
        Some(b) if !(b.items.is_empty() && b.end.is_empty() && b.opener_trailing.is_empty()) => {
            out.push_str(" {");
            push_trailing(out, &b.opener_trailing);
            out.push('\n');
            let inner = depth.saturating_add(1);
            for it in &b.items {
                render_item(out, it, inner);
            }
            render_end_comments(out, &b.end, inner);
            push_indent(out, depth);
            out.push('}');
        }
        Some(_) => out.push_str(" {}"),
        None => {}
    }
    push_trailing(out, &item.trailing);
    out.push('\n');
}

// ------------------------------------------------------------------ declarations

fn decl(d: &Node<Decl>, src: &str) -> Item {
    let span = d.span;
    let block = |opener: String, items: Vec<Item>| {
        let region = block_region(src, span.start, span.end);
        Item { block: Some(Block::new(region, items)), ..Item::line(opener, vec![span]) }
    };
    match &d.node {
        Decl::Header(h) => block(format!("policy {}", quote(&h.title.node)), header_items(h)),
        Decl::Calendar(c) => {
            let mut opener = format!("calendar {}", c.name.node);
            if let Some(desc) = &c.description {
                opener.push(' ');
                opener.push_str(&quote(&desc.node));
            }
            block(opener, calendar_items(c))
        }
        Decl::Defects(x) => block("defects".to_string(), defects_items(x)),
        Decl::Sampling(s) => block(format!("sampling {}", quote(&s.clause.node)), sampling_items(s)),
        Decl::Input(i) => {
            let mut text = format!("input {}: {} = {}", i.name.node, i.ty.node.keyword(), expr(&i.default.node));
            if let Some(desc) = &i.description {
                text.push(' ');
                text.push_str(&quote(&desc.node));
            }
            Item { kind: Kind::Input, ..Item::line(text, vec![span]) }
        }
        Decl::Let(l) => {
            let mut text = String::new();
            if l.report {
                text.push_str("report ");
            }
            text.push_str(&format!("let {} = ", l.name.node));
            let suffix = l.label.as_ref().map(|label| format!(" as {}", quote(&label.node))).unwrap_or_default();
            let text = expr_text(&text, &l.value.node, &suffix, 0);
            Item { kind: Kind::Let, ..Item::line(text, vec![span]) }
        }
        Decl::Deadline(x) => block(format!("deadline {} {}", x.name.node, quote(&x.clause.node)), deadline_items(x)),
        Decl::Remedy(r) => block(format!("remedy {} {}", r.name.node, quote(&r.clause.node)), remedy_items(r)),
        Decl::Cap(c) => block(format!("cap {}", quote(&c.clause.node)), cap_items(c)),
        Decl::Recommend(r) => block("recommend".to_string(), recommend_items(r)),
        Decl::Escalate(e) => block("escalate".to_string(), escalate_items(e)),
        Decl::Flag(f) => block(format!("flag {} {}", f.name.node, quote(&f.clause.node)), flag_items(f)),
        Decl::Scorecard(s) => block(format!("scorecard {}", quote(&s.clause.node)), scorecard_items(s)),
        Decl::Example(e) => block(format!("example {}", quote(&e.name.node)), example_items(e, src)),
    }
}

fn header_items(h: &Header) -> Vec<Item> {
    let mut v = Vec::new();
    if let Some(c) = &h.currency {
        v.push(Item::line(format!("currency {}", c.node), vec![c.span]));
    }
    if let Some(r) = &h.rounding {
        v.push(Item::line(format!("rounding {}", r.node.keyword()), vec![r.span]));
    }
    if let Some(c) = &h.calendar {
        v.push(Item::line(format!("calendar {}", c.node), vec![c.span]));
    }
    if let Some(s) = &h.side {
        v.push(Item::line(format!("for {}", s.node.keyword()), vec![s.span]));
    }
    v
}

fn calendar_items(c: &CalendarDecl) -> Vec<Item> {
    let mut v = Vec::new();
    if !c.weekend.is_empty() {
        let days: Vec<&str> = c.weekend.iter().map(|d| WeekdayWord::of(d.node).keyword()).collect();
        v.push(Item::line(format!("weekend {}", days.join(", ")), c.weekend.iter().map(|d| d.span).collect()));
    }
    for h in &c.holidays {
        let mut text = format!("holiday {}", h.node.from.node);
        if let Some(to) = &h.node.to {
            text.push_str(&format!(" to {}", to.node));
        }
        text.push(' ');
        text.push_str(&quote(&h.node.name.node));
        v.push(Item::line(text, vec![h.span]));
    }
    for w in &c.workdays {
        v.push(Item::line(format!("workday {} {}", w.node.date.node, quote(&w.node.name.node)), vec![w.span]));
    }
    v
}

fn defects_items(d: &DefectsDecl) -> Vec<Item> {
    let mut v = Vec::new();
    if !d.scale.is_empty() {
        let entries: Vec<String> =
            d.scale.iter().map(|e| format!("{} = {}", e.node.0, e.node.1.map(SeverityClass::keyword).unwrap_or("none"))).collect();
        v.push(Item::line(format!("scale {}", entries.join(", ")), d.scale.iter().map(|e| e.span).collect()));
    }
    let severities: Vec<String> = d
        .defects
        .iter()
        .map(|x| match &x.node.severity.node {
            SeverityRef::Class(c) => c.keyword().to_string(),
            SeverityRef::Level(n) => format!("level {n}"),
        })
        .collect();
    let code_w = d.defects.iter().map(|x| x.node.code.node.chars().count()).max().unwrap_or(0);
    let sev_w = severities.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    for (x, sev) in d.defects.iter().zip(&severities) {
        let text = format!("{:<code_w$}  {:<sev_w$}  {}", x.node.code.node, sev, quote(&x.node.description.node));
        v.push(Item::line(text, vec![x.span]));
    }
    let code_w = d.exclusions.iter().map(|x| x.node.code.node.chars().count()).max().unwrap_or(0);
    let descriptions: Vec<String> = d.exclusions.iter().map(|x| quote(&x.node.description.node)).collect();
    let desc_w = descriptions.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    for (x, desc) in d.exclusions.iter().zip(&descriptions) {
        let text = format!("not a defect {:<code_w$} {:<desc_w$} -> {}", x.node.code.node, desc, quote(&x.node.route.node));
        v.push(Item::line(text, vec![x.span]));
    }
    v
}

fn sampling_items(s: &SamplingDecl) -> Vec<Item> {
    let mut v = Vec::new();
    if let Some(iso) = &s.iso {
        let (level, state) = iso.node;
        v.push(Item::line(format!("iso2859 level {} {}", level.keyword(), state.keyword()), vec![iso.span]));
    }
    if !s.aql.is_empty() {
        let entries: Vec<String> = s.aql.iter().map(|e| format!("{} {}", e.node.0.keyword(), e.node.1)).collect();
        v.push(Item::line(format!("aql {}", entries.join(", ")), s.aql.iter().map(|e| e.span).collect()));
    }
    if let Some(sw) = &s.switching {
        v.push(Item::line(format!("switching {}", sw.node.keyword()), vec![sw.span]));
    }
    if !s.max_rate.is_empty() {
        let entries: Vec<String> = s.max_rate.iter().map(|e| format!("{} {}%", e.node.0.keyword(), e.node.1)).collect();
        v.push(Item::line(format!("max defect rate {}", entries.join(", ")), s.max_rate.iter().map(|e| e.span).collect()));
    }
    if let Some(all) = &s.max_rate_all {
        v.push(Item::line(format!("max defect rate {}%", all.node), vec![all.span]));
    }
    v
}

fn deadline_items(d: &DeadlineDecl) -> Vec<Item> {
    let mut v = Vec::new();
    if let Some(due) = &d.due {
        let text = format!("due {} after {}", expr(&due.node.length.node), expr(&due.node.after.node));
        v.push(Item::line(text, vec![due.span]));
    }
    if let Some(met) = &d.met {
        let text = match &met.node {
            MetRule::When(e) => expr_text("met when ", &e.node, "", 1),
            MetRule::By(e) => expr_text("met by ", &e.node, "", 1),
        };
        v.push(Item::line(text, vec![met.span]));
    }
    for m in &d.missed {
        let text = match &m.node {
            MissedEffect::Ineligible(reason) => format!("missed: claim ineligible {}", quote(&reason.node)),
            MissedEffect::RemediesLost { remedies, reason } => {
                let names: Vec<&str> = remedies.iter().map(|r| r.node.as_str()).collect();
                format!("missed: remedy {} lost {}", names.join(", "), quote(&reason.node))
            }
            MissedEffect::Escalate(None) => "missed: escalate".to_string(),
            MissedEffect::Escalate(Some(reason)) => format!("missed: escalate {}", quote(&reason.node)),
        };
        v.push(Item::line(text, vec![m.span]));
    }
    v
}

fn when_line(e: &Node<Expr>) -> Item {
    Item::line(expr_text("when ", &e.node, "", 1), vec![e.span])
}

fn unless_line(u: &Node<UnlessRule>) -> Item {
    let suffix = format!(" because {}", quote(&u.node.because.node));
    Item::line(expr_text("unless ", &u.node.condition.node, &suffix, 1), vec![u.span])
}

fn cost_line(l: &Node<CostLineDecl>) -> Item {
    let payer = l.node.payer.keyword();
    let suffix = format!(" as {}", quote(&l.node.label.node));
    Item::line(expr_text(&format!("{payer} "), &l.node.amount.node, &suffix, 1), vec![l.span])
}

fn cap_line(e: &Node<Expr>) -> Item {
    Item::line(expr_text("at most ", &e.node, "", 1), vec![e.span])
}

fn takes_text(t: &TakesRule) -> String {
    let mut text = format!("takes {}", time_range(&t.min, &t.max, &t.unit));
    if let Some(after) = &t.after {
        text.push_str(" after ");
        text.push_str(&expr(&after.node));
    }
    text
}

/// Remedy items in source order (`order`). `takes` and `risk` are kept once in the AST (the last
/// one wins); a repeated item is printed again with the kept value, which parses back to the same
/// tree. Items the order does not mention (not produced by the parser) follow at the end.
fn remedy_items(r: &RemedyDecl) -> Vec<Item> {
    let mut v = Vec::new();
    let (mut w, mut u, mut l, mut c) = (0usize, 0usize, 0usize, 0usize);
    let last_takes = r.order.iter().rposition(|k| *k == RemedyItemKind::Takes);
    let last_risk = r.order.iter().rposition(|k| *k == RemedyItemKind::Risk);
    for (i, kind) in r.order.iter().enumerate() {
        match kind {
            RemedyItemKind::When => {
                if let Some(e) = r.when.get(w) {
                    v.push(when_line(e));
                    w = w.saturating_add(1);
                }
            }
            RemedyItemKind::Unless => {
                if let Some(x) = r.unless.get(u) {
                    v.push(unless_line(x));
                    u = u.saturating_add(1);
                }
            }
            RemedyItemKind::Line => {
                if let Some(x) = r.lines.get(l) {
                    v.push(cost_line(x));
                    l = l.saturating_add(1);
                }
            }
            RemedyItemKind::Cap => {
                if let Some(x) = r.caps.get(c) {
                    v.push(cap_line(x));
                    c = c.saturating_add(1);
                }
            }
            RemedyItemKind::Takes => {
                if let Some(t) = &r.takes {
                    let pieces = if last_takes == Some(i) { vec![t.span] } else { Vec::new() };
                    v.push(Item::line(takes_text(&t.node), pieces));
                }
            }
            RemedyItemKind::Risk => {
                if let Some(x) = &r.risk {
                    let pieces = if last_risk == Some(i) { vec![x.span] } else { Vec::new() };
                    v.push(Item::line(format!("risk {}", x.node.keyword()), pieces));
                }
            }
        }
    }
    v.extend(r.when.iter().skip(w).map(when_line));
    v.extend(r.unless.iter().skip(u).map(unless_line));
    v.extend(r.lines.iter().skip(l).map(cost_line));
    v.extend(r.caps.iter().skip(c).map(cap_line));
    if let (None, Some(t)) = (last_takes, &r.takes) {
        v.push(Item::line(takes_text(&t.node), vec![t.span]));
    }
    if let (None, Some(x)) = (last_risk, &r.risk) {
        v.push(Item::line(format!("risk {}", x.node.keyword()), vec![x.span]));
    }
    v
}

fn cap_items(c: &CapDecl) -> Vec<Item> {
    c.limits
        .iter()
        .map(|lim| {
            let mut suffix = String::new();
            if !lim.node.remedies.is_empty() {
                let names: Vec<&str> = lim.node.remedies.iter().map(|r| r.node.as_str()).collect();
                suffix.push_str(" for ");
                suffix.push_str(&names.join(", "));
            }
            Item::line(expr_text("supplier total at most ", &lim.node.amount.node, &suffix, 1), vec![lim.span])
        })
        .collect()
}

/// Recommendation rules; `then` introduces every rule after the first, except the `prefer` rules
/// that lead the block (`prefer a` / `prefer b when c` / `then highest ...`).
fn recommend_items(r: &RecommendDecl) -> Vec<Item> {
    let mut ranked = false;
    r.rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let is_rank = matches!(rule.node, RecommendRule::Rank(_));
            let then = if i > 0 && (ranked || is_rank) { "then " } else { "" };
            ranked = ranked || is_rank;
            let text = match &rule.node {
                RecommendRule::Prefer { remedy, when: Some(w) } => {
                    expr_text(&format!("{then}prefer {} when ", remedy.node), &w.node, "", 1)
                }
                RecommendRule::Prefer { remedy, when: None } => format!("{then}prefer {}", remedy.node),
                RecommendRule::Rank(c) => format!("{then}{}", c.keyword()),
            };
            Item::line(text, vec![rule.span])
        })
        .collect()
}

fn escalate_items(e: &EscalateDecl) -> Vec<Item> {
    e.steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let mut text = if i == 0 { String::new() } else { "then ".to_string() };
            text.push_str(&format!("{} {}", step.node.name.node, quote(&step.node.forum.node)));
            if let Some((min, max, unit)) = &step.node.takes {
                text.push_str(&format!(" takes {}", time_range(min, max, unit)));
            }
            Item::line(text, vec![step.span])
        })
        .collect()
}

fn scorecard_items(s: &ScorecardDecl) -> Vec<Item> {
    let mut v = Vec::new();
    if let Some(d) = &s.response_deadline {
        v.push(Item::line(format!("response deadline {}", d.node), vec![d.span]));
    }
    let thresholds = |ts: &[Node<Threshold>]| -> String {
        ts.iter()
            .map(|t| {
                format!("{} {} {}{}", t.node.metric.keyword(), t.node.op.symbol(), t.node.value, if t.node.percent { "%" } else { "" })
            })
            .collect::<Vec<_>>()
            .join(" and ")
    };
    for st in &s.statuses {
        v.push(Item::line(format!("status {} when {}", quote(&st.node.0.node), thresholds(&st.node.1)), vec![st.span]));
    }
    for tr in &s.triggers {
        v.push(Item::line(format!("trigger {} when {}", tr.node.0.node, thresholds(&tr.node.1)), vec![tr.span]));
    }
    v
}

fn flag_items(f: &FlagDecl) -> Vec<Item> {
    let mut v = Vec::new();
    for r in &f.recurrence {
        let mut text = format!("when {} or more earlier claims", r.node.at_least.node);
        for key in &r.node.same {
            text.push_str(" on the same ");
            text.push_str(key.keyword());
        }
        if r.node.same_defect {
            text.push_str(" with the same defect");
        }
        text.push_str(&format!(" within {} days", r.node.within_days.node));
        v.push(Item::line(text, vec![r.span]));
    }
    v.extend(f.when.iter().map(when_line));
    for n in &f.notify {
        v.push(Item::line(format!("notify {}", quote(&n.node)), vec![n.span]));
    }
    if let Some(span) = f.tighten {
        v.push(Item::line("switch inspection to tightened".to_string(), vec![span]));
    }
    v
}

fn example_items(e: &ExampleDecl, src: &str) -> Vec<Item> {
    const GIVEN: &str = "given claim ";
    let sspan = e.claim.span;
    let claim = match &e.claim.node {
        ClaimSource::File(f) => quote(f),
        ClaimSource::Inline(v) => Json::read(src, sspan.start, sspan.end, v).layout(0, 2usize.saturating_add(GIVEN.len()), 2),
    };
    // The `with { ... }` block after the claim, if the source has one.
    let after = skip_trivia(src, sspan.end);
    let with_region = match src.get(after..) {
        Some(rest) if rest.starts_with("with") => {
            let open_at = skip_trivia(src, after.saturating_add(4));
            block_region(src, open_at, open_at.saturating_add(1))
        }
        _ => None,
    };
    let piece_end = with_region.map(|(_, close)| close.saturating_add(1)).unwrap_or(sspan.end);
    let mut given = Item::line(format!("{GIVEN}{claim}"), vec![Span::new(sspan.start, piece_end)]);
    if !e.overrides.is_empty() {
        given.text.push_str(" with");
        let overrides = e
            .overrides
            .iter()
            .map(|o| {
                let (path, value) = &o.node;
                let prefix = format!("{path} = ");
                // The value follows `path =` in the source.
                let eq = skip_trivia(src, o.span.start.saturating_add(path.len()));
                let value_start = if src.as_bytes().get(eq) == Some(&b'=') { eq.saturating_add(1) } else { o.span.end };
                let json = Json::read(src, value_start, o.span.end, value);
                let json = json.layout(0, 4usize.saturating_add(prefix.chars().count()), 4);
                Item::line(format!("{prefix}{json}"), vec![o.span])
            })
            .collect();
        let mut block = Block::new(with_region, overrides);
        // One override with a plain value may share the `given` line.
        block.inline =
            matches!(e.overrides.as_slice(), [o] if !matches!(o.node.1, serde_json::Value::Array(_) | serde_json::Value::Object(_)));
        given.block = Some(block);
    }
    let mut v = vec![given];
    for x in &e.expectations {
        v.push(Item::line(format!("expect {}", expectation(&x.node)), vec![x.span]));
    }
    v
}

fn expectation(x: &Expectation) -> String {
    match x {
        Expectation::Lot { rejected } => format!("lot {}", if *rejected { "rejected" } else { "accepted" }),
        Expectation::Eligible(true) => "eligible".to_string(),
        Expectation::Eligible(false) => "ineligible".to_string(),
        Expectation::Recommend(Some(r)) => format!("recommend {}", r.node),
        Expectation::Recommend(None) => "recommend none".to_string(),
        Expectation::DeadlineDate { deadline, due } => format!("deadline {} = {}", deadline.node, due),
        Expectation::DeadlineStatus { deadline, status } => format!("deadline {} {}", deadline.node, status.keyword()),
        Expectation::Flag { flag, raised: true } => format!("flag {}", flag.node),
        Expectation::Flag { flag, raised: false } => format!("no flag {}", flag.node),
        Expectation::Report { name, value } => format!("report {} = {}", name.node, expr(&value.node)),
        Expectation::Error(code) => format!("error {code}"),
        Expectation::Available { remedy, available } => {
            format!("{} {}", remedy.node, if *available { "available" } else { "unavailable" })
        }
        Expectation::Capped { remedy, capped } => format!("{} {}", remedy.node, if *capped { "capped" } else { "uncapped" }),
        Expectation::Escalation(status) => format!("escalation {}", status.keyword()),
        Expectation::EscalationOpens(date) => format!("escalation opens {date}"),
        Expectation::Amount { remedy, measure, currency, amount } => {
            format!("{} {} = {currency} {amount}", remedy.node, measure.keyword())
        }
    }
}

// ------------------------------------------------------------------ expressions

/// An item's text: `prefix`, the expression, `suffix`. When the expression is an `if`, an `if`
/// with `else if` branches is written one branch per line, and an `if` with one branch that
/// would make the line longer than `WIDTH` is broken before `then` and `else`; continuation
/// lines are indented by two spaces. `depth` is the item's indentation level.
fn expr_text(prefix: &str, e: &Expr, suffix: &str, depth: usize) -> String {
    let Expr::If(branches, otherwise) = e else {
        return format!("{prefix}{}{suffix}", expr(e));
    };
    if branches.len() >= 2 {
        let mut s = String::from(prefix);
        for (i, (cond, value)) in branches.iter().enumerate() {
            s.push_str(if i == 0 { "if " } else { "\n  else if " });
            write_expr(&mut s, &cond.node);
            s.push_str(" then ");
            write_expr(&mut s, &value.node);
        }
        s.push_str("\n  else ");
        write_expr(&mut s, &otherwise.node);
        s.push_str(suffix);
        return s;
    }
    let one = format!("{prefix}{}{suffix}", expr(e));
    match branches.as_slice() {
        [(cond, value)] if depth.saturating_mul(2).saturating_add(one.chars().count()) > WIDTH => {
            format!("{prefix}if {}\n  then {}\n  else {}{suffix}", expr(&cond.node), expr(&value.node), expr(&otherwise.node))
        }
        _ => one,
    }
}

fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e);
    out
}

fn is_one(e: &Expr) -> bool {
    matches!(e, Expr::Lit(Literal::Int(1)))
}

/// Print an expression token by token, in source order. Left spines of binary operators
/// and runs of prefix operators are walked iteratively rather than recursively.
fn write_expr(out: &mut String, e: &Expr) {
    match e {
        Expr::Lit(l) => out.push_str(&literal(l)),
        Expr::Path(names) => {
            for (i, n) in names.iter().enumerate() {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(&n.node);
            }
        }
        Expr::Unary(..) => write_prefixes(out, e),
        Expr::Binary(..) => write_left_spine(out, e),
        Expr::Chain(first, rest) => {
            write_expr(out, &first.node);
            for (op, r) in rest {
                out.push(' ');
                out.push_str(op.symbol());
                out.push(' ');
                write_expr(out, &r.node);
            }
        }
        Expr::If(branches, otherwise) => {
            for (i, (cond, value)) in branches.iter().enumerate() {
                out.push_str(if i == 0 { "if " } else { " else if " });
                write_expr(out, &cond.node);
                out.push_str(" then ");
                write_expr(out, &value.node);
            }
            if !branches.is_empty() {
                out.push_str(" else ");
            }
            write_expr(out, &otherwise.node);
        }
        Expr::Call(func, args) => write_call(out, func.keyword(), args),
        Expr::Round { func, arg, places, mode } => write_round(out, *func, arg, places.as_ref(), *mode),
        Expr::DaysBetween { business, from, to } => {
            out.push_str(if *business { "business days between " } else { "days between " });
            write_expr(out, &from.node);
            out.push_str(" and ");
            write_expr(out, &to.node);
        }
        Expr::Count(n) => {
            out.push_str("count ");
            out.push_str(&n.node);
        }
        Expr::Flagged(n) => {
            out.push_str("flagged ");
            out.push_str(&n.node);
        }
        Expr::Duration(amount, unit) => {
            write_expr(out, &amount.node);
            out.push(' ');
            out.push_str(if is_one(&amount.node) { unit.singular() } else { unit.keyword() });
        }
        Expr::Paren(inner) => {
            out.push('(');
            write_expr(out, &inner.node);
            out.push(')');
        }
    }
}

/// `14 days` when the least and the most are equal, else `7 to 14 days`.
fn time_range(min: &Node<i64>, max: &Node<i64>, unit: &Node<TimeUnit>) -> String {
    let unit_word = unit.node.for_count(max.node);
    if min.node == max.node { format!("{} {unit_word}", max.node) } else { format!("{} to {} {unit_word}", min.node, max.node) }
}

/// A run of prefix operators, walked iteratively.
fn write_prefixes(out: &mut String, e: &Expr) {
    let mut cur = e;
    while let Expr::Unary(op, inner) = cur {
        out.push_str(op.keyword());
        if *op == UnaryOp::Not {
            out.push(' ');
        }
        cur = &inner.node;
    }
    write_expr(out, cur);
}

/// A left spine of binary operators, walked iteratively.
fn write_left_spine(out: &mut String, e: &Expr) {
    let mut rights = Vec::new();
    let mut cur = e;
    while let Expr::Binary(op, l, r) = cur {
        rights.push((*op, &r.node));
        cur = &l.node;
    }
    write_expr(out, cur);
    for (op, r) in rights.into_iter().rev() {
        out.push(' ');
        out.push_str(op.symbol());
        out.push(' ');
        write_expr(out, r);
    }
}

fn write_call(out: &mut String, name: &str, args: &[Node<Expr>]) {
    out.push_str(name);
    out.push('(');
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(out, &a.node);
    }
    out.push(')');
}

fn write_round(out: &mut String, func: RoundFunc, arg: &Node<Expr>, places: Option<&Node<i64>>, mode: Option<RoundingMode>) {
    out.push_str(func.keyword());
    out.push('(');
    write_expr(out, &arg.node);
    if let Some(p) = places {
        out.push_str(&format!(" to {} {}", p.node, if p.node == 1 { "place" } else { "places" }));
        if let Some(m) = mode {
            out.push(' ');
            out.push_str(m.keyword());
        }
    }
    out.push(')');
}

fn literal(l: &Literal) -> String {
    match l {
        Literal::Money { currency, amount } => format!("{currency} {amount}"),
        Literal::Percent(p) => format!("{p}%"),
        Literal::Date(d) => d.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::Decimal(d) => {
            let s = d.to_string();
            // A decimal printed without a point would read back as a whole number.
            if s.contains('.') { s } else { format!("{s}.0") }
        }
        Literal::Bool(b) => b.to_string(),
        Literal::Text(t) => quote(t),
    }
}

/// A string literal, escaped the way the grammar reads it.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len().saturating_add(2));
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ------------------------------------------------------------------ JSON

/// A JSON value as the source writes it: members in their order, numbers with their text.
/// (`serde_json::Value` sorts object keys and reads numbers as `f64`, so `1.50` would print as
/// `1.5`; it is only the fallback.)
enum Json {
    /// A number, `true`, `false` or `null`, as written.
    Raw(String),
    /// A string, unescaped.
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn from_value(v: &serde_json::Value) -> Json {
        use serde_json::Value;
        match v {
            Value::Null => Json::Raw("null".to_string()),
            Value::Bool(b) => Json::Raw(b.to_string()),
            Value::Number(n) => Json::Raw(json_number(n)),
            Value::String(s) => Json::Str(s.clone()),
            Value::Array(xs) => Json::Array(xs.iter().map(Json::from_value).collect()),
            Value::Object(map) => Json::Object(map.iter().map(|(k, x)| (k.clone(), Json::from_value(x))).collect()),
        }
    }

    /// The JSON value that is exactly `src[start..end]` (comments and whitespace around tokens
    /// allowed), or the fallback.
    fn read(src: &str, start: usize, end: usize, fallback: &serde_json::Value) -> Json {
        let mut reader = JsonReader { text: src.get(..end).unwrap_or(""), i: start };
        match reader.value(0) {
            Some(v) if skip_trivia(reader.text, reader.i) >= end => v,
            _ => Json::from_value(fallback),
        }
    }

    fn compact(&self, out: &mut String) {
        match self {
            Json::Raw(r) => out.push_str(r),
            Json::Str(s) => out.push_str(&quote(s)),
            Json::Array(xs) => {
                out.push('[');
                for (i, x) in xs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    x.compact(out);
                }
                out.push(']');
            }
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Object(members) => {
                out.push_str("{ ");
                for (i, (k, x)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&quote(k));
                    out.push_str(": ");
                    x.compact(out);
                }
                out.push_str(" }");
            }
        }
    }

    /// On one line when it fits in `WIDTH` columns from `column`, else one member or element
    /// per line. `rel` is the indentation of the value's first line relative to the item, `base`
    /// the item's own indentation.
    fn layout(&self, rel: usize, column: usize, base: usize) -> String {
        let mut compact = String::new();
        self.compact(&mut compact);
        if column.saturating_add(compact.chars().count()) <= WIDTH {
            return compact;
        }
        let inner = rel.saturating_add(2);
        let inner_col = base.saturating_add(inner);
        let pad = " ".repeat(inner);
        let (open, close, members): (char, char, Vec<String>) = match self {
            Json::Array(xs) if !xs.is_empty() => {
                ('[', ']', xs.iter().map(|x| format!("{pad}{}", x.layout(inner, inner_col, base))).collect())
            }
            Json::Object(members) if !members.is_empty() => (
                '{',
                '}',
                members
                    .iter()
                    .map(|(k, x)| {
                        let key = format!("{}: ", quote(k));
                        let col = inner_col.saturating_add(key.chars().count());
                        format!("{pad}{key}{}", x.layout(inner, col, base))
                    })
                    .collect(),
            ),
            _ => return compact,
        };
        format!("{open}\n{}\n{}{close}", members.join(",\n"), " ".repeat(rel))
    }
}

/// Reads the grammar's JSON subset back from the source text.
struct JsonReader<'a> {
    text: &'a str,
    i: usize,
}

impl JsonReader<'_> {
    fn peek(&mut self) -> Option<u8> {
        self.i = skip_trivia(self.text, self.i);
        self.text.as_bytes().get(self.i).copied()
    }

    fn bump(&mut self) {
        self.i = self.i.saturating_add(1);
    }

    fn string(&mut self) -> Option<String> {
        if self.peek()? != b'"' {
            return None;
        }
        let end = skip_string(self.text.as_bytes(), self.i);
        let raw = self.text.get(self.i.saturating_add(1)..end.saturating_sub(1))?;
        if end <= self.i.saturating_add(1) || self.text.as_bytes().get(end.saturating_sub(1)) != Some(&b'"') {
            return None;
        }
        self.i = end;
        Some(unescape(raw))
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > 64 {
            return None;
        }
        match self.peek()? {
            b'{' => {
                self.bump();
                let mut members = Vec::new();
                if self.peek()? == b'}' {
                    self.bump();
                    return Some(Json::Object(members));
                }
                loop {
                    let key = self.string()?;
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.bump();
                    members.push((key, self.value(depth.saturating_add(1))?));
                    match self.peek()? {
                        b',' => self.bump(),
                        b'}' => {
                            self.bump();
                            return Some(Json::Object(members));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.bump();
                let mut items = Vec::new();
                if self.peek()? == b']' {
                    self.bump();
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth.saturating_add(1))?);
                    match self.peek()? {
                        b',' => self.bump(),
                        b']' => {
                            self.bump();
                            return Some(Json::Array(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(Json::Str),
            _ => {
                let start = self.i;
                let b = self.text.as_bytes();
                while let Some(&c) = b.get(self.i) {
                    if c.is_ascii_whitespace() || b"{}[],:\"#".contains(&c) {
                        break;
                    }
                    self.bump();
                }
                let raw = self.text.get(start..self.i)?;
                if raw.is_empty() { None } else { Some(Json::Raw(raw.to_string())) }
            }
        }
    }
}

/// The text of a string literal, unescaped as the grammar reads it.
fn unescape(s: &str) -> String {
    super::parse::unescape(s)
}

/// A JSON number as the grammar reads it: without an exponent (`1e+20` -> `100000000000000000000.0`,
/// kept a float so that it reads back as the same `serde_json` number).
fn json_number(n: &serde_json::Number) -> String {
    let s = n.to_string();
    if s.contains(['e', 'E']) { expand_exponent(&s).unwrap_or(s) } else { s }
}

fn expand_exponent(s: &str) -> Option<String> {
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", s),
    };
    let (mantissa, exp) = body.split_once(['e', 'E'])?;
    let exp: i64 = exp.parse().ok()?;
    if exp.unsigned_abs() > 4096 {
        return None;
    }
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let len = i64::try_from(digits.len()).ok()?;
    let point = i64::try_from(int.len()).ok()?.checked_add(exp)?;
    let (ip, fp) = if point <= 0 {
        (String::new(), format!("{}{digits}", "0".repeat(usize::try_from(point.checked_neg()?).ok()?)))
    } else if point >= len {
        (format!("{digits}{}", "0".repeat(usize::try_from(point.checked_sub(len)?).ok()?)), String::new())
    } else {
        let at = usize::try_from(point).ok()?;
        (digits.get(..at)?.to_string(), digits.get(at..)?.to_string())
    };
    let ip = ip.trim_start_matches('0');
    let fp = fp.trim_end_matches('0');
    Some(format!("{sign}{}.{}", if ip.is_empty() { "0" } else { ip }, if fp.is_empty() { "0" } else { fp }))
}
