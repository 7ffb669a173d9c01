//! Expressions, token by token in source order, and literals from their values.

use super::*;

/// An item's text: `prefix`, the expression, `suffix`. When the expression is an `if`, an `if`
/// with `else if` branches is written one branch per line, and an `if` with one branch that
/// would make the line longer than `WIDTH` is broken before `then` and `else`; continuation
/// lines are indented by two spaces. `depth` is the item's indentation level.
pub(super) fn expr_text(prefix: &str, e: &Expr, suffix: &str, depth: usize) -> String {
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

pub(super) fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e);
    out
}

pub(super) fn is_one(e: &Expr) -> bool {
    matches!(e, Expr::Lit(Literal::Int(1)))
}

/// Print an expression token by token, in source order. Left spines of binary operators
/// and runs of prefix operators are walked iteratively rather than recursively.
pub(super) fn write_expr(out: &mut String, e: &Expr) {
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
        Expr::Kind(n) => {
            out.push_str("kind ");
            out.push_str(&n.node);
        }
        Expr::Present(names) => {
            out.push_str("present(");
            let parts: Vec<&str> = names.iter().map(|n| n.node.as_str()).collect();
            out.push_str(&parts.join("."));
            out.push(')');
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
        Expr::SpanBetween { count, unit, from, to } => {
            out.push_str(count.keyword());
            out.push(' ');
            out.push_str(unit.keyword());
            out.push_str(" between ");
            write_expr(out, &from.node);
            out.push_str(" and ");
            write_expr(out, &to.node);
        }
        Expr::DatePart(part, arg) => {
            out.push_str(part.keyword());
            out.push('(');
            write_expr(out, &arg.node);
            out.push(')');
        }
    }
}

/// `14 days` when the least and the most are equal, else `7 to 14 days`.
pub(super) fn time_range(min: &Node<i64>, max: &Node<i64>, unit: &Node<TimeUnit>) -> String {
    let unit_word = unit.node.for_count(max.node);
    if min.node == max.node { format!("{} {unit_word}", max.node) } else { format!("{} to {} {unit_word}", min.node, max.node) }
}

/// A run of prefix operators, walked iteratively.
pub(super) fn write_prefixes(out: &mut String, e: &Expr) {
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
pub(super) fn write_left_spine(out: &mut String, e: &Expr) {
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

pub(super) fn write_call(out: &mut String, name: &str, args: &[Node<Expr>]) {
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

pub(super) fn write_round(out: &mut String, func: RoundFunc, arg: &Node<Expr>, places: Option<&Node<i64>>, mode: Option<RoundingMode>) {
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

pub(super) fn literal(l: &Literal) -> String {
    match l {
        Literal::Money { currency, amount } => format!("{currency} {amount}"),
        Literal::Percent(p) => format!("{p}%"),
        Literal::Date(d) => d.to_string(),
        Literal::Timestamp(t) => crate::domain::timestamp::format_timestamp(t),
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
pub(super) fn quote(s: &str) -> String {
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
