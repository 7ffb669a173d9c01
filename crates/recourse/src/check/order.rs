//! The evaluation order of lets, deadlines and flags: which reads which, sorted so that each comes
//! after what it reads. Cycles are reported; their members are left out of the order.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::check::expr::Scope;
use crate::check::policy::{Checker, Decls};
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::*;

impl Checker<'_> {
    pub(super) fn evaluation_order(&mut self) -> Vec<NodeRef> {
        let decls = self.decls;
        let nodes = Nodes::new(decls, &self.scope);
        let deps = dependencies(decls, &nodes, &mut self.diags);
        let names: Vec<(String, Span)> = decls
            .lets
            .iter()
            .map(|l| (l.name.node.clone(), l.name.span))
            .chain(decls.deadlines.iter().map(|d| (d.name.node.clone(), d.name.span)))
            .chain(decls.flags.iter().map(|f| (f.name.node.clone(), f.name.span)))
            .collect();
        let topo = topological_order(&deps, &names, &mut self.diags);
        topo.iter().map(|id| nodes.node_ref(*id)).collect()
    }
}

/// Lets, deadlines and flags numbered as one list: lets first, then deadlines, then flags.
struct Nodes<'a> {
    scope: &'a Scope,
    count: usize,
    deadline_base: usize,
    flag_base: usize,
}

impl<'a> Nodes<'a> {
    fn new(decls: &Decls<'_>, scope: &'a Scope) -> Self {
        let deadline_base = decls.lets.len();
        let flag_base = deadline_base.saturating_add(decls.deadlines.len());
        Nodes { scope, count: flag_base.saturating_add(decls.flags.len()), deadline_base, flag_base }
    }

    fn let_id(&self, i: usize) -> usize {
        i
    }

    fn deadline_id(&self, i: usize) -> usize {
        self.deadline_base.saturating_add(i)
    }

    fn flag_id(&self, i: usize) -> usize {
        self.flag_base.saturating_add(i)
    }

    fn node_ref(&self, id: usize) -> NodeRef {
        if id < self.deadline_base {
            NodeRef::Let(id)
        } else if id < self.flag_base {
            NodeRef::Deadline(id.saturating_sub(self.deadline_base))
        } else {
            NodeRef::Flag(id.saturating_sub(self.flag_base))
        }
    }

    /// The node a path names: a let by its name, a deadline by one of its fields (`X.due`).
    fn named(&self, name: &str, field: Option<&str>) -> Option<usize> {
        if field.is_none()
            && let Some(i) = self.scope.lets.get(name)
        {
            return Some(self.let_id(*i));
        }
        if let Some(i) = self.scope.deadlines.get(name)
            && field.is_some()
        {
            return Some(self.deadline_id(*i));
        }
        None
    }

    /// Push the nodes an expression reads.
    fn read_by(&self, e: &Node<Expr>, out: &mut Vec<usize>) {
        walk(e, &mut |x| match &x.node {
            Expr::Path(names) => {
                let first = names.first().map(|n| n.node.as_str()).unwrap_or("");
                let field = names.get(1).map(|n| n.node.as_str());
                if let Some(id) = self.named(first, field) {
                    out.push(id);
                }
            }
            Expr::Flagged(name) => {
                if let Some(i) = self.scope.flags.get(&name.node) {
                    out.push(self.flag_id(*i));
                }
            }
            _ => {}
        });
    }
}

/// For each node, the nodes it reads. A due rule that reads its own deadline's due date is
/// reported here: it is a cycle of one that the sort would not see, as `met` may read `due`.
fn dependencies(decls: &Decls<'_>, nodes: &Nodes<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Vec<usize>> {
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); nodes.count];
    for (i, l) in decls.lets.iter().enumerate() {
        if let Some(d) = deps.get_mut(nodes.let_id(i)) {
            nodes.read_by(&l.value, d);
        }
    }
    for (i, dl) in decls.deadlines.iter().enumerate() {
        let id = nodes.deadline_id(i);
        let mut out = Vec::new();
        if let Some(due) = &dl.due {
            nodes.read_by(&due.node.length, &mut out);
            nodes.read_by(&due.node.after, &mut out);
            // The due rule computes `due`: reading it there (as `due` or `X.due`) can never end.
            let mut bare_due = false;
            for e in [&due.node.length, &due.node.after] {
                walk(e, &mut |x| {
                    bare_due |= matches!(&x.node, Expr::Path(n) if n.len() == 1 && n.first().is_some_and(|n| n.node == "due"))
                });
            }
            if bare_due || out.contains(&id) {
                diags.push(
                    Diagnostic::new(Code::Cycle, due.span, format!("the due date of `{}` depends on itself", dl.name.node))
                        .with_help("count the deadline from a claim date, e.g. `due 5 business days after claim.notified_on`"),
                );
            }
        }
        if let Some(met) = &dl.met {
            match &met.node {
                MetRule::When(e) | MetRule::By(e) => nodes.read_by(e, &mut out),
            }
        }
        // `met` may read the deadline's own `due`; that is not a cycle.
        out.retain(|x| *x != id);
        if let Some(d) = deps.get_mut(id) {
            *d = out;
        }
    }
    for (i, f) in decls.flags.iter().enumerate() {
        if let Some(d) = deps.get_mut(nodes.flag_id(i)) {
            for w in &f.when {
                nodes.read_by(w, d);
            }
        }
    }
    deps
}

/// Visit every node of an expression (iteratively bounded by the nesting limit).
fn walk(e: &Node<Expr>, f: &mut dyn FnMut(&Node<Expr>)) {
    f(e);
    match &e.node {
        Expr::Lit(_) | Expr::Path(_) | Expr::Count(_) | Expr::Flagged(_) | Expr::Present(_) | Expr::Kind(_) => {}
        Expr::Unary(_, a) | Expr::Paren(a) | Expr::Duration(a, _) | Expr::DatePart(_, a) => walk(a, f),
        Expr::Round { arg, .. } => walk(arg, f),
        Expr::Binary(_, a, b) => {
            walk(a, f);
            walk(b, f);
        }
        Expr::Chain(first, rest) => {
            walk(first, f);
            for (_, x) in rest {
                walk(x, f);
            }
        }
        Expr::DaysBetween { from, to, .. } | Expr::SpanBetween { from, to, .. } => {
            walk(from, f);
            walk(to, f);
        }
        Expr::If(branches, otherwise) => {
            for (c, v) in branches {
                walk(c, f);
                walk(v, f);
            }
            walk(otherwise, f);
        }
        Expr::Call(_, args) => {
            for a in args {
                walk(a, f);
            }
        }
    }
}

/// Kahn's algorithm, keeping source order among ready nodes. Nodes on a cycle are reported and
/// left out.
pub(super) fn topological_order(deps: &[Vec<usize>], names: &[(String, Span)], diags: &mut Vec<Diagnostic>) -> Vec<usize> {
    let n = deps.len();
    let mut remaining: Vec<usize> = deps.iter().map(|d| d.len()).collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (node, ds) in deps.iter().enumerate() {
        for d in ds {
            if let Some(u) = users.get_mut(*d) {
                u.push(node);
            }
        }
    }
    let mut ready = BTreeSet::new();
    for i in (0..n).filter(|i| remaining.get(*i) == Some(&0)) {
        ready.insert(i);
    }
    let mut order = Vec::with_capacity(n);
    while let Some(next) = ready.pop_first() {
        order.push(next);
        for u in users.get(next).cloned().unwrap_or_default() {
            if let Some(r) = remaining.get_mut(u) {
                *r = r.saturating_sub(1);
                if *r == 0 {
                    ready.insert(u);
                }
            }
        }
    }
    if order.len() < n {
        report_cycles(deps, names, &order, diags);
    }
    order
}

/// Report each cycle among the nodes the sort left out (`done` are the sorted ones), once.
fn report_cycles(deps: &[Vec<usize>], names: &[(String, Span)], done: &[usize], diags: &mut Vec<Diagnostic>) {
    let done: HashSet<usize> = done.iter().copied().collect();
    let mut reported: HashSet<usize> = HashSet::new();
    for start in 0..deps.len() {
        if done.contains(&start) || reported.contains(&start) {
            continue;
        }
        let Some(cycle) = cycle_from(deps, &done, start) else { continue };
        if cycle.iter().any(|c| reported.contains(c)) {
            continue;
        }
        reported.extend(cycle.iter().copied());
        let mut chain: Vec<&str> = cycle.iter().filter_map(|i| names.get(*i).map(|(n, _)| n.as_str())).collect();
        if let Some(first) = chain.first().copied() {
            chain.push(first);
        }
        let span = cycle.first().and_then(|i| names.get(*i)).map(|(_, s)| *s).unwrap_or_default();
        let name = chain.first().copied().unwrap_or("");
        diags.push(
            Diagnostic::new(Code::Cycle, span, format!("`{name}` depends on itself: {}", chain.join(" -> ")))
                .with_help("break the cycle by computing one of them from claim facts only"),
        );
    }
}

/// Walk dependencies that are themselves unfinished from `start` until a node repeats; the nodes
/// from its first visit on are a cycle.
fn cycle_from(deps: &[Vec<usize>], done: &HashSet<usize>, start: usize) -> Option<Vec<usize>> {
    let mut path = vec![start];
    let mut seen: HashMap<usize, usize> = HashMap::from([(start, 0)]);
    let mut cur = start;
    loop {
        let next = deps.get(cur).and_then(|d| d.iter().copied().find(|x| !done.contains(x)))?;
        if let Some(&pos) = seen.get(&next) {
            return Some(path.get(pos..).map(|p| p.to_vec()).unwrap_or_default());
        }
        seen.insert(next, path.len());
        path.push(next);
        cur = next;
    }
}
