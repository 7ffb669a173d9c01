//! The policy checker: declarations -> `CheckedPolicy`, with every error and warning collected.
//!
//! [`check`] runs one pass per kind of declaration, each in its own file. The order of the passes
//! is fixed: later ones read what earlier ones decided (the scope, the evaluation order, the
//! checked remedies), and diagnostics at the same position are listed in the order found.

use std::collections::HashSet;

use crate::check::expr::{Scope, suggest};
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::domain::money::Currency;
use crate::syntax::ast::*;
use crate::value::Ty;

/// Names with a built-in meaning; declarations may not reuse them.
pub(super) const RESERVED: &[&str] = &[
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
    "event",
];

/// A policy's declarations by kind, each kind in source order. Blocks a policy has at most one of
/// keep their span, to point at the second one.
#[derive(Default)]
pub(super) struct Decls<'a> {
    pub headers: Vec<(&'a Header, Span)>,
    pub calendars: Vec<&'a CalendarDecl>,
    pub defect_blocks: Vec<&'a DefectsDecl>,
    pub samplings: Vec<(&'a SamplingDecl, Span)>,
    pub inputs: Vec<&'a InputDecl>,
    pub lets: Vec<&'a LetDecl>,
    pub deadlines: Vec<&'a DeadlineDecl>,
    pub remedies: Vec<&'a RemedyDecl>,
    pub caps: Vec<&'a CapDecl>,
    pub recommends: Vec<(&'a RecommendDecl, Span)>,
    pub escalates: Vec<(&'a EscalateDecl, Span)>,
    pub flags: Vec<&'a FlagDecl>,
    pub examples: Vec<&'a ExampleDecl>,
    pub scorecards: Vec<(&'a ScorecardDecl, Span)>,
    pub ineligible: Vec<&'a IneligibleDecl>,
    pub currency_risks: Vec<(&'a CurrencyRiskDecl, Span)>,
    pub levers: Vec<(&'a LeverDecl, Span)>,
    pub processes: Vec<(&'a ProcessDecl, Span)>,
    pub kinds: Vec<&'a KindsDecl>,
}

impl<'a> Decls<'a> {
    fn group(ast: &'a Ast) -> Self {
        let mut decls = Decls::default();
        for d in &ast.decls {
            match &d.node {
                Decl::Header(h) => decls.headers.push((h, d.span)),
                Decl::Calendar(c) => decls.calendars.push(c),
                Decl::Defects(x) => decls.defect_blocks.push(x),
                Decl::Sampling(s) => decls.samplings.push((s, d.span)),
                Decl::Input(i) => decls.inputs.push(i),
                Decl::Let(l) => decls.lets.push(l),
                Decl::Deadline(x) => decls.deadlines.push(x),
                Decl::Remedy(r) => decls.remedies.push(r),
                Decl::Cap(c) => decls.caps.push(c),
                Decl::Recommend(r) => decls.recommends.push((r, d.span)),
                Decl::Escalate(e) => decls.escalates.push((e, d.span)),
                Decl::Flag(f) => decls.flags.push(f),
                Decl::Example(e) => decls.examples.push(e),
                Decl::Scorecard(s) => decls.scorecards.push((s, d.span)),
                Decl::Ineligible(x) => decls.ineligible.push(x),
                Decl::CurrencyRisk(c) => decls.currency_risks.push((c, d.span)),
                Decl::Lever(l) => decls.levers.push((l, d.span)),
                Decl::Process(x) => decls.processes.push((x, d.span)),
                Decl::Kinds(k) => decls.kinds.push(k),
            }
        }
        decls
    }
}

/// What the passes share.
pub(super) struct Checker<'a> {
    pub decls: &'a Decls<'a>,
    /// Mistakes in declarations. Mistakes in expressions collect in `scope.diags` and come after
    /// these.
    pub diags: Vec<Diagnostic>,
    pub scope: Scope,
}

/// Check a parsed policy. Returns the checked policy when there is no error, and all diagnostics
/// (errors and warnings) either way.
pub fn check(ast: &Ast, diags: Vec<Diagnostic>) -> (Option<CheckedPolicy>, Vec<Diagnostic>) {
    let decls = Decls::group(ast);
    let mut ck = Checker { decls: &decls, diags, scope: Scope::default() };
    let header = ck.header();
    let (calendar_name, calendar) = ck.calendar(header.decl);
    let catalogue = ck.defect_catalogue();
    let sampling = ck.sampling();
    ck.declare_names(header.currency, &catalogue.codes);
    ck.declare_events();
    let kinds = ck.declare_kinds();
    let inputs = ck.inputs();
    let order = ck.evaluation_order();
    let lets = ck.lets(&order);
    let deadlines = ck.deadlines();
    let flags = ck.flags();
    let ineligible = ck.ineligible_rules();
    // Remedies are costed after lets, deadlines, flags and `ineligible`: from here on expressions
    // may read remedy totals.
    ck.scope.remedy_totals = true;
    let remedies = ck.remedies();
    let caps = ck.caps();
    let remedy_order = ck.remedy_order(&remedies, &caps);
    let (prefer, ranking) = ck.recommendation(&remedies, header.side);
    let escalation = ck.escalation();
    let scorecard = ck.scorecard();
    let read = read_by_evaluation(&lets, &deadlines, &flags, &ineligible, &remedies, &caps, &prefer);
    ck.lint_unguarded_reads(&read);
    ck.lint_inner_conditions(&read, &lets);
    let currency_risk = ck.currency_risk();
    let levers = ck.levers();
    let process = ck.process();
    ck.examples(header.currency);
    ck.unused_declarations();
    ck.unused_events();

    let Checker { mut diags, mut scope, .. } = ck;
    diags.append(&mut scope.diags);
    if diags.iter().any(|d| d.is_error()) {
        return (None, diags);
    }
    let Some(currency) = header.currency else { return (None, diags) };
    let mut policy = CheckedPolicy {
        title: header.title,
        currency,
        rounding: header.rounding,
        side: header.side,
        calendar_name,
        calendar,
        defects: catalogue.defects,
        exclusions: catalogue.exclusions,
        sampling,
        inputs,
        lets,
        deadlines,
        flags,
        ineligible,
        kinds,
        order,
        remedies,
        remedy_order,
        caps,
        prefer,
        ranking,
        escalation,
        examples: decls.examples.iter().map(|e| (*e).clone()).collect(),
        scorecard,
        currency_risk,
        levers,
        process,
    };
    let if_missed: Vec<Vec<String>> = policy.deadlines.iter().map(|d| if_missed(&policy, d)).collect();
    for (d, texts) in policy.deadlines.iter_mut().zip(if_missed) {
        d.if_missed = texts;
    }
    (Some(policy), diags)
}

impl Checker<'_> {
    /// Fill the scope expressions are checked in: the currency, the defect codes, and the names of
    /// remedies, inputs, lets, deadlines and flags (one namespace, reserved names refused).
    fn declare_names(&mut self, currency: Option<Currency>, codes: &HashSet<String>) {
        let decls = self.decls;
        // Without a valid currency every money literal would be reported; report the header only.
        self.scope.currency = currency.map(|c| c.code().to_string()).unwrap_or_default();
        self.scope.defect_codes.extend(codes.iter().cloned());
        let mut taken: HashSet<String> = HashSet::new();
        for (i, r) in decls.remedies.iter().enumerate() {
            if declare(&mut taken, &r.name, &mut self.diags) {
                self.scope.remedies.insert(r.name.node.clone(), i);
            }
        }
        for (i, input) in decls.inputs.iter().enumerate() {
            if declare(&mut taken, &input.name, &mut self.diags) {
                self.scope.inputs.insert(input.name.node.clone(), i);
            }
            self.scope.input_types.push(Ty::from_name(input.ty.node));
            self.scope.used_inputs.push(false);
        }
        for (i, l) in decls.lets.iter().enumerate() {
            if declare(&mut taken, &l.name, &mut self.diags) {
                self.scope.lets.insert(l.name.node.clone(), i);
            }
            self.scope.let_types.push(Ty::Error);
            self.scope.used_lets.push(false);
        }
        for (i, d) in decls.deadlines.iter().enumerate() {
            if declare(&mut taken, &d.name, &mut self.diags) {
                self.scope.deadlines.insert(d.name.node.clone(), i);
            }
        }
        for (i, f) in decls.flags.iter().enumerate() {
            if declare(&mut taken, &f.name, &mut self.diags) {
                self.scope.flags.insert(f.name.node.clone(), i);
            }
        }
    }

    /// The claim kinds of the `kinds` blocks, each once; `defect` is built in.
    fn declare_kinds(&mut self) -> Vec<(String, String)> {
        let decls = self.decls;
        self.scope.kinds.insert("defect".to_string());
        let mut out = Vec::new();
        for (name, description) in decls.kinds.iter().flat_map(|k| &k.kinds).map(|k| &k.node) {
            if !self.scope.kinds.insert(name.node.clone()) && name.node != "defect" {
                self.diags.push(
                    Diagnostic::new(Code::DuplicateName, name.span, format!("claim kind `{}` is declared twice", name.node))
                        .with_help("declare each kind once"),
                );
                continue;
            }
            out.push((name.node.clone(), description.node.clone()));
        }
        out
    }

    /// The index of a declared remedy; an unknown one is reported.
    pub(super) fn resolve_remedy(&mut self, name: &Name) -> Option<usize> {
        match self.scope.remedies.get(&name.node) {
            Some(i) => Some(*i),
            None => {
                let mut d = Diagnostic::new(Code::UnknownRemedy, name.span, format!("unknown remedy `{}`", name.node));
                if let Some(s) = suggest(&name.node, self.diags.len(), || self.scope.remedies.keys().map(|s| s.as_str())) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// `takes min to max`: both non-negative, the shorter first.
    pub(super) fn check_range(&mut self, min: i64, max: i64, span: Span) {
        if min < 0 || max < min {
            self.diags.push(
                Diagnostic::new(Code::InvalidRange, span, format!("`{min} to {max}` is not a valid range"))
                    .with_help("write the shorter time first, both non-negative: `takes 7 to 14 days`"),
            );
        }
    }
}

/// Every expression an evaluation reads, but the deadlines' `met` rules, in source order by kind.
fn read_by_evaluation<'a>(
    lets: &'a [LetInfo],
    deadlines: &'a [DeadlineInfo],
    flags: &'a [FlagInfo],
    ineligible: &'a [IneligibleInfo],
    remedies: &'a [RemedyInfo],
    caps: &'a [CapInfo],
    prefer: &'a [PreferInfo],
) -> Vec<&'a CExpr> {
    let mut out: Vec<&CExpr> = lets.iter().map(|l| &l.value).collect();
    for d in deadlines {
        out.push(&d.length);
        out.push(&d.after);
    }
    out.extend(flags.iter().flat_map(|f| &f.when));
    out.extend(ineligible.iter().map(|x| &x.condition));
    for r in remedies {
        out.extend(&r.when);
        out.extend(r.unless.iter().map(|(u, _)| u));
        out.extend(r.lines.iter().map(|l| &l.amount));
        out.extend(&r.caps);
        out.extend(r.takes.as_ref().and_then(|t| t.after.as_ref()));
    }
    out.extend(caps.iter().map(|c| &c.amount));
    out.extend(prefer.iter().filter_map(|p| p.when.as_ref()));
    out
}

/// Claim a name in the namespace of inputs, lets, deadlines, remedies and flags. A built-in or
/// already taken name is reported and not declared.
fn declare(taken: &mut HashSet<String>, name: &Name, diags: &mut Vec<Diagnostic>) -> bool {
    if RESERVED.contains(&name.node.as_str()) {
        diags.push(
            Diagnostic::new(Code::DuplicateName, name.span, format!("`{}` is a built-in name", name.node)).with_help("choose another name"),
        );
        return false;
    }
    if taken.contains(&name.node) {
        diags.push(
            Diagnostic::new(Code::DuplicateName, name.span, format!("`{}` is declared twice", name.node))
                .with_help("inputs, lets, deadlines, remedies and flags share one namespace; rename one"),
        );
        return false;
    }
    taken.insert(name.node.clone());
    true
}

/// What missing the deadline costs, in words.
fn if_missed(p: &CheckedPolicy, info: &DeadlineInfo) -> Vec<String> {
    info.effects
        .iter()
        .map(|e| match e {
            EffectInfo::Ineligible(r) => format!("claim ineligible: {r}"),
            EffectInfo::Lost(rs, r) => {
                let names: Vec<String> = rs.iter().filter_map(|x| p.remedies.get(*x).map(|y| y.name.clone())).collect();
                format!("{} lost: {r}", names.join(", "))
            }
            EffectInfo::Escalate(r) => match r {
                Some(r) => format!("escalation opens: {r}"),
                None => "escalation opens".to_string(),
            },
        })
        .collect()
}
