//! The order remedies are costed in: a remedy that reads another's total (`credit.supplier_total`)
//! comes after it. A remedy that reads its own total, directly, through a cap or through other
//! remedies, is a cycle (`E0111`) with its path.

use crate::check::order::topological_order;
use crate::check::policy::Checker;
use crate::check::*;
use crate::syntax::ast::Span;

/// Push the remedies an expression reads a total or availability of.
fn remedies_read(e: &CExpr, out: &mut Vec<usize>) {
    match &e.kind {
        CKind::RemedyTotal(i, _) | CKind::RemedyAvailable(i) => out.push(*i),
        CKind::Const(_)
        | CKind::Field(_)
        | CKind::Cost(_)
        | CKind::Input(_)
        | CKind::Let(_)
        | CKind::Due(_)
        | CKind::Met(_)
        | CKind::Missed(_)
        | CKind::Flagged(_)
        | CKind::Count(_)
        | CKind::Present(_)
        | CKind::Event(_)
        | CKind::PresentEvent(_) => {}
        CKind::Unary(_, a) | CKind::Duration(a, _) | CKind::DatePart(_, a) => remedies_read(a, out),
        CKind::Round { arg, .. } => remedies_read(arg, out),
        CKind::Binary(_, l, r) | CKind::DaysBetween { from: l, to: r, .. } | CKind::SpanBetween { from: l, to: r, .. } => {
            remedies_read(l, out);
            remedies_read(r, out);
        }
        CKind::Chain(first, rest) => {
            remedies_read(first, out);
            for (_, x) in rest {
                remedies_read(x, out);
            }
        }
        CKind::If(branches, otherwise) => {
            for (c, v) in branches {
                remedies_read(c, out);
                remedies_read(v, out);
            }
            remedies_read(otherwise, out);
        }
        CKind::MinMax(_, args) => {
            for a in args {
                remedies_read(a, out);
            }
        }
    }
}

impl Checker<'_> {
    pub(super) fn remedy_order(&mut self, remedies: &[RemedyInfo], caps: &[CapInfo]) -> Vec<usize> {
        let mut deps: Vec<Vec<usize>> = Vec::with_capacity(remedies.len());
        for (i, r) in remedies.iter().enumerate() {
            let mut out = Vec::new();
            let own = r.when.iter().chain(r.unless.iter().map(|(u, _)| u)).chain(r.lines.iter().map(|l| &l.amount)).chain(&r.caps);
            for e in own.chain(r.takes.as_ref().and_then(|t| t.after.as_ref())) {
                remedies_read(e, &mut out);
            }
            for c in caps.iter().filter(|c| c.remedies.is_empty() || c.remedies.contains(&i)) {
                remedies_read(&c.amount, &mut out);
            }
            crate::sort::sort_dedup(&mut out);
            deps.push(out);
        }
        let names: Vec<(String, Span)> = self.decls.remedies.iter().map(|r| (r.name.node.clone(), r.name.span)).collect();
        topological_order(&deps, &names, &mut self.diags)
    }
}
