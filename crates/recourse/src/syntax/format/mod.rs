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

mod comments;
mod declarations;
mod expressions;
mod json;
mod partial;

pub(crate) use partial::format_keeping_unparsable;

use crate::diagnostics::{self, Code, Diagnostic};
use crate::syntax::ast::*;
use crate::syntax::trivia::*;
use comments::{attach, scan_comments};
use declarations::decl;

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

/// An expression as the formatter prints it (one line).
pub(crate) fn expression(e: &Expr) -> String {
    expressions::expr(e)
}

/// One declaration in the canonical layout, without its comments: how `recourse diff` shows a
/// clause that changed, so that layout and comments never show as a change.
pub(crate) fn declaration(d: &Node<Decl>, source: &str) -> String {
    let mut out = String::new();
    render_item(&mut out, &decl(d, source), 0);
    out
}

/// An expression in the canonical layout (a process step's anchor, as the decision shows it).
pub(crate) fn expression_text(e: &Expr) -> String {
    expressions::expr(e)
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
