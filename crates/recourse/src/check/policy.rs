//! The policy checker: declarations -> `CheckedPolicy`, with every error and warning collected.

use std::collections::{HashMap, HashSet};

use crate::calendar::{Calendar, Holiday};
use crate::check::expr::{Scope, constant, fits, suggest};
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::money::Currency;
use crate::sampling::{Aql, InspectionLevel, InspectionState};
use crate::syntax::ast::*;
use crate::value::{Ty, Value};

/// Names with a built-in meaning; declarations may not reuse them.
const RESERVED: &[&str] = &[
    "critical",
    "major",
    "minor",
    "none",
    "due",
    "today",
    "worst_severity",
    "claim",
    "order",
    "lot",
    "costs",
    "evidence",
    "facts",
    "defects",
];

/// Check a parsed policy. Returns the checked policy when there is no error, and all diagnostics
/// (errors and warnings) either way.
pub fn check(ast: &Ast, mut diags: Vec<Diagnostic>) -> (Option<CheckedPolicy>, Vec<Diagnostic>) {
    let mut headers = vec![];
    let mut calendars = vec![];
    let mut defect_blocks = vec![];
    let mut samplings = vec![];
    let mut inputs = vec![];
    let mut lets = vec![];
    let mut deadlines = vec![];
    let mut remedies = vec![];
    let mut caps = vec![];
    let mut recommends = vec![];
    let mut escalates = vec![];
    let mut flags = vec![];
    let mut examples = vec![];
    let mut scorecards = vec![];
    for d in &ast.decls {
        match &d.node {
            Decl::Header(h) => headers.push((h, d.span)),
            Decl::Calendar(c) => calendars.push(c),
            Decl::Defects(x) => defect_blocks.push(x),
            Decl::Sampling(s) => samplings.push((s, d.span)),
            Decl::Input(i) => inputs.push(i),
            Decl::Let(l) => lets.push(l),
            Decl::Deadline(x) => deadlines.push(x),
            Decl::Remedy(r) => remedies.push(r),
            Decl::Cap(c) => caps.push(c),
            Decl::Recommend(r) => recommends.push((r, d.span)),
            Decl::Escalate(e) => escalates.push((e, d.span)),
            Decl::Flag(f) => flags.push(f),
            Decl::Example(e) => examples.push(e),
            Decl::Scorecard(s) => scorecards.push((s, d.span)),
        }
    }

    // ---------------------------------------------------------------- header
    let header = headers.first().map(|(h, _)| *h);
    if header.is_none() {
        diags.push(
            Diagnostic::new(Code::MissingHeader, Span::new(0, 0), "the policy has no header")
                .with_help("start with `policy \"Title\" { currency USD }`"),
        );
    }
    for (_, span) in headers.iter().skip(1) {
        diags.push(Diagnostic::new(Code::MissingHeader, *span, "a policy has one header; this is a second one"));
    }
    let title = header.map(|h| h.title.node.clone()).unwrap_or_default();
    let currency = match header.and_then(|h| h.currency.as_ref()) {
        Some(code) => match Currency::from_code(&code.node) {
            Some(c) => Some(c),
            None => {
                diags.push(
                    Diagnostic::new(Code::UnknownCurrency, code.span, format!("unknown currency `{}`", code.node))
                        .with_help("use an ISO 4217 code such as `USD`, `EUR`, `CNY`"),
                );
                None
            }
        },
        None => {
            if let Some((h, span)) = headers.first() {
                let _ = h;
                diags.push(
                    Diagnostic::new(Code::MissingHeader, *span, "the header does not name a currency").with_help("add `currency USD`"),
                );
            }
            None
        }
    };
    let rounding = header.and_then(|h| h.rounding.as_ref()).map(|r| r.node).unwrap_or(RoundingMode::HalfUp);

    // ---------------------------------------------------------------- namespace
    let mut taken: HashMap<String, Span> = HashMap::new();
    let mut declare = |name: &Name, diags: &mut Vec<Diagnostic>| -> bool {
        if RESERVED.contains(&name.node.as_str()) {
            diags.push(
                Diagnostic::new(Code::DuplicateName, name.span, format!("`{}` is a built-in name", name.node))
                    .with_help("choose another name"),
            );
            return false;
        }
        if taken.contains_key(&name.node) {
            diags.push(
                Diagnostic::new(Code::DuplicateName, name.span, format!("`{}` is declared twice", name.node))
                    .with_help("inputs, lets, deadlines, remedies and flags share one namespace; rename one"),
            );
            return false;
        }
        taken.insert(name.node.clone(), name.span);
        true
    };

    // ---------------------------------------------------------------- calendars
    let mut calendar_names: HashMap<String, usize> = HashMap::new();
    let mut built_calendars = Vec::new();
    for (i, c) in calendars.iter().enumerate() {
        if calendar_names.insert(c.name.node.clone(), i).is_some() {
            diags.push(Diagnostic::new(Code::DuplicateName, c.name.span, format!("calendar `{}` is declared twice", c.name.node)));
        }
        let weekend: Vec<chrono::Weekday> = c.weekend.iter().map(|w| w.node).collect();
        let distinct: HashSet<chrono::Weekday> = weekend.iter().copied().collect();
        if distinct.len() >= 7 {
            diags.push(
                Diagnostic::new(Code::InvalidCalendar, c.name.span, format!("calendar `{}` has no business day in the week", c.name.node))
                    .with_help("a weekend of at most six days"),
            );
        }
        let mut holidays = Vec::new();
        for h in &c.holidays {
            let to = h.node.to.as_ref().map(|t| t.node).unwrap_or(h.node.from.node);
            if to < h.node.from.node {
                diags.push(
                    Diagnostic::new(Code::InvalidCalendar, h.span, format!("holiday `{}` ends before it starts", h.node.name.node))
                        .with_help("write the earlier date first: `holiday 2026-02-16 to 2026-02-22 \"Spring Festival\"`"),
                );
                continue;
            }
            holidays.push(Holiday { from: h.node.from.node, to, name: h.node.name.node.clone() });
        }
        let base = Calendar::new(&weekend, holidays);
        let mut workdays = Vec::new();
        for w in &c.workdays {
            let day = w.node.date.node;
            if let Some(h) = base.holiday_on(day) {
                diags.push(
                    Diagnostic::new(Code::InvalidCalendar, w.span, format!("workday {day} falls in the holiday `{}`", h.name))
                        .with_help("a make-up working day bridges a closure; it cannot lie inside one"),
                );
            } else if !base.is_weekend(day) {
                diags.push(
                    Diagnostic::new(Code::InvalidCalendar, w.span, format!("{day} is already a working day"))
                        .with_help("`workday` names a weekend day that is worked"),
                );
            } else {
                workdays.push(day);
            }
        }
        built_calendars.push(base.with_workdays(&workdays));
    }
    let calendar_name = header.and_then(|h| h.calendar.as_ref());
    let calendar = match calendar_name {
        Some(name) => match calendar_names.get(&name.node).and_then(|i| built_calendars.get(*i)) {
            Some(c) => c.clone(),
            None => {
                let mut d = Diagnostic::new(Code::UnknownCalendar, name.span, format!("unknown calendar `{}`", name.node));
                d = d.with_help(match suggest(&name.node, diags.len(), || calendar_names.keys().map(|s| s.as_str())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("declare it: `calendar {} \"...\" {{ weekend sat, sun }}`", name.node),
                });
                diags.push(d);
                Calendar::default()
            }
        },
        // Without a named calendar, business days are Monday to Friday.
        None => Calendar::new(&[chrono::Weekday::Sat, chrono::Weekday::Sun], vec![]),
    };

    // ---------------------------------------------------------------- defects
    let mut scale: HashMap<i64, Option<SeverityClass>> = HashMap::new();
    let mut defects = Vec::new();
    let mut exclusions = Vec::new();
    let mut codes: HashSet<String> = HashSet::new();
    for block in &defect_blocks {
        for s in &block.scale {
            if scale.insert(s.node.0, s.node.1).is_some() {
                diags.push(Diagnostic::new(Code::InvalidSeverity, s.span, format!("scale level {} is mapped twice", s.node.0)));
            }
        }
    }
    for block in &defect_blocks {
        for d in &block.defects {
            let code = &d.node.code;
            if !declare_code(&mut codes, code, &mut diags) {
                continue;
            }
            let severity = match &d.node.severity.node {
                SeverityRef::Class(c) => Some(*c),
                SeverityRef::Level(n) => match scale.get(n) {
                    Some(Some(c)) => Some(*c),
                    Some(None) => {
                        diags.push(
                            Diagnostic::new(
                                Code::InvalidSeverity,
                                d.node.severity.span,
                                format!("level {n} is `none` on the scale, so `{}` is not a defect", code.node),
                            )
                            .with_help("list it as `not a defect` instead"),
                        );
                        None
                    }
                    None => {
                        diags.push(
                            Diagnostic::new(Code::InvalidSeverity, d.node.severity.span, format!("level {n} is not on the scale"))
                                .with_help(format!("map it: `scale {n} = major`")),
                        );
                        None
                    }
                },
            };
            if let Some(severity) = severity {
                defects.push(DefectInfo { code: code.node.clone(), severity, description: d.node.description.node.clone() });
            }
        }
        for e in &block.exclusions {
            if declare_code(&mut codes, &e.node.code, &mut diags) {
                exclusions.push(ExclusionInfo {
                    code: e.node.code.node.clone(),
                    description: e.node.description.node.clone(),
                    route: e.node.route.node.clone(),
                });
            }
        }
    }

    // ---------------------------------------------------------------- sampling
    for (_, span) in samplings.iter().skip(1) {
        diags.push(Diagnostic::new(Code::InvalidSampling, *span, "a policy has at most one sampling block"));
    }
    let sampling = samplings.first().and_then(|(s, span)| sampling_rule(s, *span, &mut diags));

    // ---------------------------------------------------------------- scope
    let mut scope = Scope { currency: currency.map(|c| c.code().to_string()).unwrap_or_default(), ..Scope::default() };
    if currency.is_none() {
        // Without a valid currency every money literal would be reported; report the header only.
        scope.currency.clear();
    }
    for code in &codes {
        scope.defect_codes.insert(code.clone(), ());
    }
    for (i, r) in remedies.iter().enumerate() {
        if declare(&r.name, &mut diags) {
            scope.remedies.insert(r.name.node.clone(), i);
        }
    }
    for (i, input) in inputs.iter().enumerate() {
        if declare(&input.name, &mut diags) {
            scope.inputs.insert(input.name.node.clone(), i);
        }
        scope.input_types.push(Ty::from_name(input.ty.node));
        scope.used_inputs.push(false);
    }
    for (i, l) in lets.iter().enumerate() {
        if declare(&l.name, &mut diags) {
            scope.lets.insert(l.name.node.clone(), i);
        }
        scope.let_types.push(Ty::Error);
        scope.used_lets.push(false);
    }
    for (i, d) in deadlines.iter().enumerate() {
        if declare(&d.name, &mut diags) {
            scope.deadlines.insert(d.name.node.clone(), i);
        }
    }
    for (i, f) in flags.iter().enumerate() {
        if declare(&f.name, &mut diags) {
            scope.flags.insert(f.name.node.clone(), i);
        }
    }

    // ---------------------------------------------------------------- inputs
    let mut input_infos = Vec::new();
    for input in &inputs {
        let want = Ty::from_name(input.ty.node);
        let c = scope.check(&input.default);
        let value = match (&c.kind, want) {
            (CKind::Const(Value::Int(i)), Ty::Decimal) => Some(Value::Decimal(rust_decimal::Decimal::from(*i))),
            (CKind::Const(v), _) if fits(c.ty, want) && c.ty != Ty::Error => Some(v.clone()),
            (CKind::Duration(amount, unit), Ty::Duration) => match &amount.kind {
                CKind::Const(Value::Int(n)) => Some(Value::Duration(*n, *unit)),
                _ => None,
            },
            _ => None,
        };
        let value = match value {
            Some(v) => v,
            None => {
                if c.ty != Ty::Error {
                    diags.push(
                        Diagnostic::new(
                            Code::InputDefault,
                            input.default.span,
                            format!("the default of `{}` must be a constant {}", input.name.node, want.name()),
                        )
                        .with_help(default_example(want)),
                    );
                }
                Value::Bool(false)
            }
        };
        input_infos.push(InputInfo {
            name: input.name.node.clone(),
            ty: want,
            default: value,
            description: input.description.as_ref().map(|d| d.node.clone()),
        });
    }

    // ---------------------------------------------------------------- order: lets, deadlines, flags
    let node_count = lets.len().saturating_add(deadlines.len()).saturating_add(flags.len());
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    let let_base = 0usize;
    let deadline_base = lets.len();
    let flag_base = deadline_base.saturating_add(deadlines.len());
    let node_id = |name: &str, field: Option<&str>| -> Option<usize> {
        if field.is_none()
            && let Some(i) = scope.lets.get(name)
        {
            return Some(let_base.saturating_add(*i));
        }
        if let Some(i) = scope.deadlines.get(name)
            && field.is_some()
        {
            return Some(deadline_base.saturating_add(*i));
        }
        None
    };
    let collect = |e: &Node<Expr>, out: &mut Vec<usize>| {
        walk(e, &mut |x| match &x.node {
            Expr::Path(names) => {
                let first = names.first().map(|n| n.node.as_str()).unwrap_or("");
                let field = names.get(1).map(|n| n.node.as_str());
                if let Some(id) = node_id(first, field) {
                    out.push(id);
                }
            }
            Expr::Flagged(name) => {
                if let Some(i) = scope.flags.get(&name.node) {
                    out.push(flag_base.saturating_add(*i));
                }
            }
            _ => {}
        });
    };
    for (i, l) in lets.iter().enumerate() {
        if let Some(d) = deps.get_mut(let_base.saturating_add(i)) {
            collect(&l.value, d);
        }
    }
    for (i, dl) in deadlines.iter().enumerate() {
        let id = deadline_base.saturating_add(i);
        let mut out = Vec::new();
        if let Some(due) = &dl.due {
            collect(&due.node.length, &mut out);
            collect(&due.node.after, &mut out);
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
                MetRule::When(e) | MetRule::By(e) => collect(e, &mut out),
            }
        }
        // `met` may read the deadline's own `due`; that is not a cycle.
        out.retain(|x| *x != id);
        if let Some(d) = deps.get_mut(id) {
            *d = out;
        }
    }
    for (i, f) in flags.iter().enumerate() {
        if let Some(d) = deps.get_mut(flag_base.saturating_add(i)) {
            for w in &f.when {
                collect(w, d);
            }
        }
    }
    let node_names: Vec<(String, Span)> = lets
        .iter()
        .map(|l| (l.name.node.clone(), l.name.span))
        .chain(deadlines.iter().map(|d| (d.name.node.clone(), d.name.span)))
        .chain(flags.iter().map(|f| (f.name.node.clone(), f.name.span)))
        .collect();
    let topo = topological_order(&deps, &node_names, &mut diags);
    let to_ref = |id: usize| -> NodeRef {
        if id < deadline_base {
            NodeRef::Let(id)
        } else if id < flag_base {
            NodeRef::Deadline(id.saturating_sub(deadline_base))
        } else {
            NodeRef::Flag(id.saturating_sub(flag_base))
        }
    };
    let order: Vec<NodeRef> = topo.iter().map(|id| to_ref(*id)).collect();

    // ---------------------------------------------------------------- lets (in dependency order)
    let mut let_exprs: Vec<Option<CExpr>> = vec![None; lets.len()];
    for r in &order {
        if let NodeRef::Let(i) = r
            && let Some(l) = lets.get(*i)
        {
            let c = scope.check(&l.value);
            if let Some(t) = scope.let_types.get_mut(*i) {
                *t = c.ty;
            }
            if let Some(slot) = let_exprs.get_mut(*i) {
                *slot = Some(c);
            }
        }
    }
    let mut let_infos = Vec::new();
    for (i, l) in lets.iter().enumerate() {
        let value = match let_exprs.get_mut(i).and_then(|x| x.take()) {
            Some(v) => v,
            None => scope.check(&l.value), // in a cycle: still report its other mistakes
        };
        let_infos.push(LetInfo {
            name: l.name.node.clone(),
            report: l.report,
            label: l.label.as_ref().map(|s| s.node.clone()),
            value,
            span: l.name.span,
        });
    }

    // ---------------------------------------------------------------- deadlines
    let mut deadline_infos = Vec::new();
    for (i, d) in deadlines.iter().enumerate() {
        scope.current_deadline = Some(i);
        let (length, after) = match &d.due {
            Some(due) => (
                scope.require(&due.node.length, Ty::Duration, "a deadline's length"),
                scope.require(&due.node.after, Ty::Date, "the start of a deadline"),
            ),
            None => {
                diags.push(
                    Diagnostic::new(Code::InvalidDeadline, d.name.span, format!("deadline `{}` has no `due` rule", d.name.node))
                        .with_help("add `due 10 days after order.delivered_on`"),
                );
                let zero = CExpr { kind: CKind::Const(Value::Duration(0, TimeUnit::Days)), ty: Ty::Duration, span: d.name.span };
                let date = CExpr { kind: CKind::Field(Field::AsOf), ty: Ty::Date, span: d.name.span };
                (zero, date)
            }
        };
        let met = d.met.as_ref().map(|m| match &m.node {
            MetRule::When(e) => MetInfo::When(scope.require(e, Ty::Bool, "`met when`")),
            MetRule::By(e) => MetInfo::By(scope.require(e, Ty::Date, "`met by`")),
        });
        scope.current_deadline = None;
        let mut effects = Vec::new();
        for m in &d.missed {
            effects.push(match &m.node {
                MissedEffect::Ineligible(r) => EffectInfo::Ineligible(r.node.clone()),
                MissedEffect::RemediesLost { remedies: names, reason } => {
                    let idx = names.iter().filter_map(|n| resolve_remedy(&scope, n, &mut diags)).collect();
                    EffectInfo::Lost(idx, reason.node.clone())
                }
                MissedEffect::Escalate(r) => EffectInfo::Escalate(r.as_ref().map(|s| s.node.clone())),
            });
        }
        deadline_infos.push(DeadlineInfo {
            name: d.name.node.clone(),
            clause: d.clause.node.clone(),
            span: d.name.span,
            due_span: d.due.as_ref().map(|x| x.span).unwrap_or(d.name.span),
            length,
            after,
            met,
            effects,
        });
    }

    // ---------------------------------------------------------------- flags
    let mut flag_infos = Vec::new();
    for f in &flags {
        let when = f.when.iter().map(|w| scope.require(w, Ty::Bool, "a flag's condition")).collect();
        for r in &f.recurrence {
            if r.node.at_least.node < 1 {
                diags.push(Diagnostic::new(Code::InvalidRange, r.node.at_least.span, "a recurrence needs at least 1 earlier claim"));
            }
        }
        if f.recurrence.is_empty() && f.when.is_empty() {
            diags.push(
                Diagnostic::new(Code::InvalidRange, f.name.span, format!("flag `{}` has no condition", f.name.node))
                    .with_help("add `when 1 or more earlier claims on the same sku within 30 days` or `when <condition>`"),
            );
        }
        flag_infos.push(FlagInfo {
            name: f.name.node.clone(),
            clause: f.clause.node.clone(),
            span: f.name.span,
            recurrence: f.recurrence.iter().map(|r| r.node.clone()).collect(),
            when,
            notify: f.notify.iter().map(|n| n.node.clone()).collect(),
            tighten: f.tighten.is_some(),
        });
    }

    // ---------------------------------------------------------------- remedies
    let mut remedy_infos = Vec::new();
    for r in &remedies {
        let when: Vec<CExpr> = r.when.iter().map(|w| scope.require(w, Ty::Bool, "a remedy's `when`")).collect();
        let unless: Vec<(CExpr, String)> = r
            .unless
            .iter()
            .map(|u| (scope.require(&u.node.condition, Ty::Bool, "a remedy's `unless`"), u.node.because.node.clone()))
            .collect();
        let lines = r
            .lines
            .iter()
            .map(|l| LineInfo {
                payer: l.node.payer,
                amount: scope.require(&l.node.amount, Ty::Money, "a cost line"),
                label: l.node.label.node.clone(),
                span: l.span,
            })
            .collect();
        let caps_here: Vec<CExpr> = r.caps.iter().map(|c| scope.require(c, Ty::Money, "a cap")).collect();
        for c in &caps_here {
            refuse_negative_cap(c, &mut scope.diags);
        }
        let takes = r.takes.as_ref().map(|t| {
            check_range(t.node.min.node, t.node.max.node, t.span, &mut diags);
            TakesInfo {
                min: t.node.min.node,
                max: t.node.max.node,
                unit: t.node.unit.node,
                after: t.node.after.as_ref().map(|a| scope.require(a, Ty::Date, "the start of `takes`")),
            }
        });
        if when.iter().any(|w| constant(w) == Some(Value::Bool(false)))
            || unless.iter().any(|(u, _)| constant(u) == Some(Value::Bool(true)))
        {
            diags.push(
                Diagnostic::new(Code::NeverAvailable, r.name.span, format!("remedy `{}` can never be available", r.name.node))
                    .with_help("one of its conditions is always false"),
            );
        }
        remedy_infos.push(RemedyInfo {
            name: r.name.node.clone(),
            clause: r.clause.node.clone(),
            span: r.name.span,
            when,
            unless,
            lines,
            caps: caps_here,
            takes,
            risk: r.risk.as_ref().map(|x| x.node),
        });
    }

    // ---------------------------------------------------------------- caps
    let mut cap_infos = Vec::new();
    for c in &caps {
        for limit in &c.limits {
            let amount = scope.require(&limit.node.amount, Ty::Money, "a cap");
            refuse_negative_cap(&amount, &mut diags);
            if let Expr::Binary(BinaryOp::Of, pct, base) = &limit.node.amount.node
                && let (Expr::Lit(Literal::Percent(p)), Expr::Path(names)) = (&pct.node, &base.node)
            {
                let is_order_value = names.len() == 2
                    && names.first().map(|n| n.node == "order").unwrap_or(false)
                    && names.get(1).map(|n| n.node == "value").unwrap_or(false);
                if is_order_value && *p >= rust_decimal::Decimal::ONE_HUNDRED {
                    diags.push(
                        Diagnostic::new(Code::CapNeverBinds, limit.span, format!("a cap of {p}% of the order value never binds"))
                            .with_help(
                                "no remedy in a claim about one order pays more than the order; lower the percent or remove the cap",
                            ),
                    );
                }
            }
            let idx = limit.node.remedies.iter().filter_map(|n| resolve_remedy(&scope, n, &mut diags)).collect();
            cap_infos.push(CapInfo { clause: c.clause.node.clone(), amount, remedies: idx });
        }
    }

    // ---------------------------------------------------------------- recommendation
    for (_, span) in recommends.iter().skip(1) {
        diags.push(Diagnostic::new(Code::RecommendationMissing, *span, "a policy has at most one `recommend` block"));
    }
    let mut prefer = Vec::new();
    let mut ranking = Vec::new();
    let mut unconditional: HashSet<String> = HashSet::new();
    if let Some((rec, _)) = recommends.first() {
        for rule in &rec.rules {
            match &rule.node {
                RecommendRule::Prefer { remedy, when } => {
                    let target = if let Some(i) = scope.remedies.get(&remedy.node) {
                        Some(PreferTarget::Remedy(*i))
                    } else if let Some(i) = scope.inputs.get(&remedy.node).copied() {
                        if scope.input_types.get(i) == Some(&Ty::Remedy) {
                            if let Some(u) = scope.used_inputs.get_mut(i) {
                                *u = true;
                            }
                            Some(PreferTarget::Input(i))
                        } else {
                            diags.push(
                                Diagnostic::new(Code::TypeMismatch, remedy.span, format!("input `{}` is not of type remedy", remedy.node))
                                    .with_help("`prefer` names a remedy, or an input of type `remedy` that the claim fills in"),
                            );
                            None
                        }
                    } else {
                        resolve_remedy(&scope, remedy, &mut diags);
                        None
                    };
                    let when_c = when.as_ref().map(|w| scope.require(w, Ty::Bool, "a `prefer` condition"));
                    let never = when_c.as_ref().and_then(constant) == Some(Value::Bool(false))
                        || matches!(target, Some(PreferTarget::Remedy(i)) if remedy_infos.get(i).map(never_available).unwrap_or(false));
                    if never {
                        diags.push(
                            Diagnostic::new(Code::RuleNeverApplies, rule.span, format!("`prefer {}` can never apply", remedy.node))
                                .with_help("its condition is always false or the remedy is never available"),
                        );
                    } else if unconditional.contains(&remedy.node) {
                        diags.push(
                            Diagnostic::new(Code::RuleNeverApplies, rule.span, format!("`prefer {}` is never reached", remedy.node))
                                .with_help("an earlier rule already prefers it unconditionally"),
                        );
                    }
                    if when.is_none() {
                        unconditional.insert(remedy.node.clone());
                    }
                    if let Some(target) = target {
                        prefer.push(PreferInfo { target, when: when_c, text: rule_text(remedy, when.as_ref()), span: rule.span });
                    }
                }
                RecommendRule::Rank(c) => ranking.push(*c),
            }
        }
    }
    if ranking.is_empty() {
        ranking = vec![RankCriterion::HighestBuyerNetRecovery, RankCriterion::ShortestTime];
    }

    // ---------------------------------------------------------------- escalation
    for (_, span) in escalates.iter().skip(1) {
        diags.push(Diagnostic::new(Code::RecommendationMissing, *span, "a policy has at most one `escalate` block"));
    }
    let mut escalation = Vec::new();
    if let Some((esc, _)) = escalates.first() {
        for s in &esc.steps {
            if let Some((a, b, _)) = &s.node.takes {
                check_range(a.node, b.node, s.span, &mut diags);
            }
            escalation.push(StepInfo {
                name: s.node.name.node.clone(),
                forum: s.node.forum.node.clone(),
                takes: s.node.takes.as_ref().map(|(a, b, u)| (a.node, b.node, u.node)),
            });
        }
    }

    // ---------------------------------------------------------------- scorecard
    for (_, span) in scorecards.iter().skip(1) {
        diags.push(Diagnostic::new(Code::RecommendationMissing, *span, "a policy has at most one `scorecard` block"));
    }
    let scorecard = scorecards.first().map(|(s, _)| {
        let response_deadline = s.response_deadline.as_ref().and_then(|n| match scope.deadlines.get(&n.node) {
            Some(i) => Some(*i),
            None => {
                diags.push(Diagnostic::new(Code::UnknownDeadline, n.span, format!("unknown deadline `{}`", n.node)));
                None
            }
        });
        let thresholds = |list: &[Node<Threshold>], diags: &mut Vec<Diagnostic>| -> Vec<Threshold> {
            for t in list {
                let t = &t.node;
                if t.metric.is_percent() != t.percent {
                    let want = if t.metric.is_percent() { "a percent such as `95%`" } else { "a number" };
                    diags.push(Diagnostic::new(
                        Code::TypeMismatch,
                        list.iter().find(|x| x.node == *t).map(|x| x.span).unwrap_or_default(),
                        format!("`{}` compares with {want}", t.metric.name()),
                    ));
                }
            }
            list.iter().map(|t| t.node.clone()).collect()
        };
        let statuses = s.statuses.iter().map(|st| (st.node.0.node.clone(), thresholds(&st.node.1, &mut diags))).collect();
        let triggers = s
            .triggers
            .iter()
            .filter_map(|tr| {
                let ts = thresholds(&tr.node.1, &mut diags);
                resolve_remedy(&scope, &tr.node.0, &mut diags).map(|i| (i, ts))
            })
            .collect();
        ScorecardRule { clause: s.clause.node.clone(), response_deadline, statuses, triggers }
    });

    // ---------------------------------------------------------------- examples
    for ex in &examples {
        check_example(ex, &scope, &lets, &codes, currency, &mut diags);
    }

    // ---------------------------------------------------------------- unused
    for (i, input) in inputs.iter().enumerate() {
        if !scope.used_inputs.get(i).copied().unwrap_or(true) {
            diags.push(
                Diagnostic::new(Code::UnusedInput, input.name.span, format!("input `{}` is never used", input.name.node))
                    .with_help("remove it, or read it in a condition or amount"),
            );
        }
    }
    for (i, l) in lets.iter().enumerate() {
        if !l.report && !scope.used_lets.get(i).copied().unwrap_or(true) {
            diags.push(
                Diagnostic::new(Code::UnusedLet, l.name.span, format!("let `{}` is never used", l.name.node))
                    .with_help("mark it `report let` to show it in the decision, or remove it"),
            );
        }
    }

    diags.append(&mut scope.diags);
    if diags.iter().any(|d| d.is_error()) {
        return (None, diags);
    }
    let Some(currency) = currency else { return (None, diags) };
    let policy = CheckedPolicy {
        title,
        currency,
        rounding,
        calendar_name: calendar_name.map(|c| c.node.clone()),
        calendar,
        defects,
        exclusions,
        sampling,
        inputs: input_infos,
        lets: let_infos,
        deadlines: deadline_infos,
        flags: flag_infos,
        order,
        remedies: remedy_infos,
        caps: cap_infos,
        prefer,
        ranking,
        escalation,
        examples: examples.into_iter().cloned().collect(),
        scorecard,
    };
    (Some(policy), diags)
}

fn never_available(r: &RemedyInfo) -> bool {
    r.when.iter().any(|w| constant(w) == Some(Value::Bool(false))) || r.unless.iter().any(|(u, _)| constant(u) == Some(Value::Bool(true)))
}

fn rule_text(remedy: &Name, when: Option<&Node<Expr>>) -> String {
    match when {
        Some(_) => format!("prefer {} when ...", remedy.node),
        None => format!("prefer {}", remedy.node),
    }
}

fn declare_code(codes: &mut HashSet<String>, code: &Name, diags: &mut Vec<Diagnostic>) -> bool {
    if RESERVED.contains(&code.node.as_str()) {
        diags.push(Diagnostic::new(
            Code::DuplicateName,
            code.span,
            format!("`{}` is a built-in name and cannot be a defect code", code.node),
        ));
        return false;
    }
    if !codes.insert(code.node.clone()) {
        diags.push(Diagnostic::new(Code::DuplicateName, code.span, format!("defect code `{}` is declared twice", code.node)));
        return false;
    }
    true
}

fn resolve_remedy(scope: &Scope, name: &Name, diags: &mut Vec<Diagnostic>) -> Option<usize> {
    match scope.remedies.get(&name.node) {
        Some(i) => Some(*i),
        None => {
            let mut d = Diagnostic::new(Code::UnknownRemedy, name.span, format!("unknown remedy `{}`", name.node));
            if let Some(s) = suggest(&name.node, diags.len(), || scope.remedies.keys().map(|s| s.as_str())) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            diags.push(d);
            None
        }
    }
}

fn check_range(min: i64, max: i64, span: Span, diags: &mut Vec<Diagnostic>) {
    if min < 0 || max < min {
        diags.push(
            Diagnostic::new(Code::InvalidRange, span, format!("`{min} to {max}` is not a valid range"))
                .with_help("write the shorter time first, both non-negative: `takes 7 to 14 days`"),
        );
    }
}

fn default_example(t: Ty) -> String {
    match t {
        Ty::Money => "e.g. `= USD 0.00`".into(),
        Ty::Decimal => "e.g. `= 0.5`".into(),
        Ty::Percent => "e.g. `= 10%`".into(),
        Ty::Int => "e.g. `= 0`".into(),
        Ty::Bool => "e.g. `= false`".into(),
        Ty::Date => "e.g. `= 2026-01-01`".into(),
        Ty::Duration => "e.g. `= 10 days`".into(),
        Ty::Text => "e.g. `= \"\"`".into(),
        Ty::Severity => "e.g. `= minor`".into(),
        Ty::Remedy => "name one of the policy's remedies, e.g. `= refund`".into(),
        Ty::Error => String::new(),
    }
}

fn sampling_rule(s: &SamplingDecl, span: Span, diags: &mut Vec<Diagnostic>) -> Option<SamplingRule> {
    let has_rate = !s.max_rate.is_empty() || s.max_rate_all.is_some();
    match (&s.iso, has_rate) {
        (Some(_), true) => {
            diags.push(Diagnostic::new(Code::InvalidSampling, span, "use either `iso2859` with `aql`, or `max defect rate`, not both"));
            None
        }
        (Some(iso), false) => {
            if s.aql.is_empty() {
                diags.push(
                    Diagnostic::new(Code::InvalidSampling, iso.span, "`iso2859` needs an `aql` line")
                        .with_help("e.g. `aql critical 0, major 2.5, minor 4.0`"),
                );
                return None;
            }
            let mut seen = HashSet::new();
            let mut aql = Vec::new();
            for entry in &s.aql {
                let (class, value) = entry.node;
                if !seen.insert(class) {
                    diags.push(Diagnostic::new(Code::InvalidSampling, entry.span, "this severity class already has an AQL"));
                    continue;
                }
                match Aql::from_decimal(value) {
                    Some(a) => aql.push((class, a)),
                    None => diags.push(
                        Diagnostic::new(Code::InvalidAql, entry.span, format!("`{value}` is not an ISO 2859-1 AQL"))
                            .with_help("use 0 or a preferred value: 0.010 0.015 0.025 0.040 0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5 10 15 25 40 65 100 150 250 400 650 1000"),
                    ),
                }
            }
            let (level, state) = iso.node;
            let level = match level {
                InspectionLevelAst::S1 => InspectionLevel::S1,
                InspectionLevelAst::S2 => InspectionLevel::S2,
                InspectionLevelAst::S3 => InspectionLevel::S3,
                InspectionLevelAst::S4 => InspectionLevel::S4,
                InspectionLevelAst::I => InspectionLevel::I,
                InspectionLevelAst::II => InspectionLevel::II,
                InspectionLevelAst::III => InspectionLevel::III,
            };
            let state = match state {
                InspectionStateAst::Normal => InspectionState::Normal,
                InspectionStateAst::Tightened => InspectionState::Tightened,
                InspectionStateAst::Reduced => InspectionState::Reduced,
            };
            let switching = s.switching.as_ref().map(|x| x.node);
            Some(SamplingRule { clause: s.clause.node.clone(), method: SamplingMethod::Iso { level, state, aql, switching } })
        }
        (None, true) => {
            if !s.aql.is_empty() {
                diags.push(Diagnostic::new(
                    Code::InvalidSampling,
                    span,
                    "`aql` needs `iso2859 level ...`; with `max defect rate` leave it out",
                ));
            }
            if let Some(sw) = &s.switching {
                diags.push(
                    Diagnostic::new(Code::InvalidSampling, sw.span, "switching rules need `iso2859` sampling")
                        .with_help("ISO 2859-1 switching changes the sampling plan; a maximum defect rate has none"),
                );
            }
            let mut seen = HashSet::new();
            let mut per_class = Vec::new();
            for entry in &s.max_rate {
                if !seen.insert(entry.node.0) {
                    diags.push(Diagnostic::new(Code::InvalidSampling, entry.span, "this severity class already has a rate"));
                    continue;
                }
                if entry.node.1 > rust_decimal::Decimal::ONE_HUNDRED {
                    diags.push(Diagnostic::new(Code::InvalidSampling, entry.span, "a defect rate is at most 100%"));
                }
                per_class.push(entry.node);
            }
            Some(SamplingRule {
                clause: s.clause.node.clone(),
                method: SamplingMethod::MaxRate { per_class, all: s.max_rate_all.as_ref().map(|n| n.node) },
            })
        }
        (None, false) => {
            diags.push(
                Diagnostic::new(Code::InvalidSampling, span, "the sampling block has no rule")
                    .with_help("add `iso2859 level II normal` with `aql ...`, or `max defect rate 2.5%`"),
            );
            None
        }
    }
}

fn check_example(
    ex: &ExampleDecl,
    scope: &Scope,
    lets: &[&LetDecl],
    codes: &HashSet<String>,
    currency: Option<Currency>,
    diags: &mut Vec<Diagnostic>,
) {
    let _ = codes;
    for x in &ex.expectations {
        match &x.node {
            Expectation::Recommend(Some(r)) | Expectation::Available { remedy: r, .. } | Expectation::Capped { remedy: r, .. } => {
                resolve_remedy(scope, r, diags);
            }
            Expectation::Amount { remedy, currency: c, .. } => {
                resolve_remedy(scope, remedy, diags);
                if let Some(cur) = currency
                    && cur.code() != c
                {
                    diags.push(Diagnostic::new(Code::CurrencyMismatch, x.span, format!("`{c}` amount in a `{}` policy", cur.code())));
                }
            }
            Expectation::DeadlineDate { deadline, .. } | Expectation::DeadlineStatus { deadline, .. } => {
                if !scope.deadlines.contains_key(&deadline.node) {
                    diags.push(Diagnostic::new(Code::UnknownDeadline, deadline.span, format!("unknown deadline `{}`", deadline.node)));
                }
            }
            Expectation::Flag { flag, .. } => {
                if !scope.flags.contains_key(&flag.node) {
                    diags.push(Diagnostic::new(Code::UnknownDeadline, flag.span, format!("unknown flag `{}`", flag.node)));
                }
            }
            Expectation::Report { name, .. } => match lets.iter().find(|l| l.name.node == name.node) {
                Some(l) if l.report => {}
                Some(_) => diags.push(
                    Diagnostic::new(Code::InvalidExample, name.span, format!("let `{}` is not reported", name.node))
                        .with_help("mark it `report let` so the decision carries it"),
                ),
                None => diags.push(Diagnostic::new(Code::InvalidExample, name.span, format!("unknown let `{}`", name.node))),
            },
            Expectation::Error(code) => {
                if Code::parse(code).is_none() {
                    diags.push(Diagnostic::new(Code::InvalidExample, x.span, format!("unknown error code `{code}`")));
                }
            }
            Expectation::Lot { .. }
            | Expectation::Eligible(_)
            | Expectation::Recommend(None)
            | Expectation::Escalation(_)
            | Expectation::EscalationOpens(_) => {}
        }
    }
}

/// Visit every node of an expression (iteratively bounded by the nesting limit).
fn walk(e: &Node<Expr>, f: &mut dyn FnMut(&Node<Expr>)) {
    f(e);
    match &e.node {
        Expr::Lit(_) | Expr::Path(_) | Expr::Count(_) | Expr::Flagged(_) => {}
        Expr::Unary(_, a) | Expr::Paren(a) | Expr::Duration(a, _) => walk(a, f),
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
        Expr::DaysBetween { from, to, .. } => {
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

/// A cap that is negative whatever the claim: a negative constant, or a negative share
/// (`-10% of order.value`). Caps computed from the claim are checked when evaluated (E0312).
fn refuse_negative_cap(amount: &CExpr, diags: &mut Vec<Diagnostic>) {
    let negative = |e: &CExpr| match super::expr::constant(e) {
        Some(Value::Money(a) | Value::Percent(a) | Value::Decimal(a)) => a.is_sign_negative() && !a.is_zero(),
        Some(Value::Int(i)) => i < 0,
        _ => false,
    };
    let surely = negative(amount) || matches!(&amount.kind, CKind::Binary(BinaryOp::Of, share, _) if negative(share));
    if surely {
        diags.push(
            Diagnostic::new(Code::NegativeCap, amount.span, "a cap must not be negative")
                .with_help("the supplier's total is capped at zero or more; write the limit without a minus sign"),
        );
    }
}

/// Kahn's algorithm, keeping source order among ready nodes. Nodes on a cycle are reported and
/// left out.
fn topological_order(deps: &[Vec<usize>], names: &[(String, Span)], diags: &mut Vec<Diagnostic>) -> Vec<usize> {
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
    let mut ready = std::collections::BTreeSet::new();
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
        let done: HashSet<usize> = order.iter().copied().collect();
        let mut reported: HashSet<usize> = HashSet::new();
        for start in 0..n {
            if done.contains(&start) || reported.contains(&start) {
                continue;
            }
            // Walk dependencies that are themselves unfinished until a node repeats.
            let mut path = vec![start];
            let mut seen: HashMap<usize, usize> = HashMap::from([(start, 0)]);
            let mut cur = start;
            let cycle = loop {
                let Some(next) = deps.get(cur).and_then(|d| d.iter().copied().find(|x| !done.contains(x))) else { break None };
                if let Some(&pos) = seen.get(&next) {
                    break Some(path.get(pos..).map(|p| p.to_vec()).unwrap_or_default());
                }
                seen.insert(next, path.len());
                path.push(next);
                cur = next;
            };
            if let Some(cycle) = cycle {
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
    }
    order
}
