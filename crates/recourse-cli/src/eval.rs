//! `recourse eval POLICY CLAIM.json [--json]`: the decision, for people or as the tagged JSON.

use std::path::Path;

use recourse::api::{CompileResult, EvaluateResult};
use recourse::model::decision::{
    ClassResult, CostLine, DeadlineStatus, Disposition, EscalationStatus, LineKind, PayerOut, PlanOut, SamplingMethodOut,
};
use recourse::{Decision, Policy};

use crate::table::{Align, Table};
use crate::{Ctx, EXIT_FAILED, EXIT_INPUT, EXIT_OK, InputError, done, input, outln, serde_name};

pub(crate) fn run(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path, json: bool) -> Result<u8, InputError> {
    if json {
        return run_json(ctx, policy_path, claim_path);
    }
    let (_, _, decision) = done!(input::decide(ctx, policy_path, claim_path, Policy::evaluate));
    ctx.out.push_str(&render(&decision));
    Ok(EXIT_OK)
}

/// The tagged result exactly as `recourse::api` serializes it; the exit code still tells.
fn run_json(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path) -> Result<u8, InputError> {
    let src = input::read_text(policy_path)?;
    let (text, code) = match Policy::compile(&src) {
        Err(errors) => (serde_json::to_string_pretty(&CompileResult::Failed { ok: false, errors }), EXIT_FAILED),
        Ok(policy) => {
            let claim_text = input::read_text(claim_path)?;
            // Not JSON at all: one line, as for every bad input (the core's E0301 says the same
            // without the file name).
            serde_json::from_str::<serde_json::Value>(&claim_text)
                .map_err(|e| InputError::new(format!("{}: invalid JSON: {e}", claim_path.display())))?;
            let result = policy.evaluate_json(&claim_text);
            let code = match &result {
                Ok(_) => EXIT_OK,
                Err(e) if e.field.is_some() => {
                    crate::outln!(
                        ctx.err,
                        "error: {}: {}: {} ({})",
                        claim_path.display(),
                        e.field.as_deref().unwrap_or(""),
                        e.message,
                        e.code
                    );
                    EXIT_INPUT
                }
                Err(_) => EXIT_FAILED,
            };
            (serde_json::to_string_pretty(&EvaluateResult::from(result)), code)
        }
    };
    match text {
        Ok(t) => {
            outln!(ctx.out, "{t}");
            Ok(code)
        }
        Err(e) => Err(InputError::new(format!("cannot serialize the result: {e}"))),
    }
}

fn date_range<T: std::fmt::Display + PartialEq>(from: Option<T>, to: Option<T>) -> String {
    match (from, to) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("from {a}"),
        (None, Some(b)) => format!("until {b}"),
        (None, None) => "-".to_string(),
    }
}

fn words(snake: &str) -> String {
    snake.replace('_', " ")
}

pub(crate) fn line_kind(l: &CostLine) -> &'static str {
    match (l.payer, l.kind) {
        (PayerOut::Supplier, LineKind::Pays) => "supplier pays",
        (PayerOut::Supplier, LineKind::Credits) => "supplier credits",
        (PayerOut::Supplier, LineKind::Cap) => "cap",
        (PayerOut::Buyer, LineKind::Pays) => "buyer pays",
        (PayerOut::Buyer, LineKind::Credits) => "buyer credits",
        (PayerOut::Buyer, LineKind::Cap) => "cap",
        (_, LineKind::Reserve) => "reserve",
        (PayerOut::Nobody, _) => "reserve",
    }
}

/// The decision for a person to read.
pub(crate) fn render(d: &Decision) -> String {
    let mut out = String::new();
    outln!(out, "Claim {} under {:?}", d.claim_id, d.policy);
    outln!(
        out,
        "as of {}; amounts in {}; {}",
        d.as_of,
        d.currency,
        if d.eligible { "the claim is eligible" } else { "THE CLAIM IS INELIGIBLE: no remedy is available" }
    );
    out.push('\n');
    recommendation(&mut out, d);
    remedies(&mut out, d);
    deadlines(&mut out, d);
    flags(&mut out, d);
    lot(&mut out, d);
    escalation(&mut out, d);
    timeline(&mut out, d);
    if !d.reported.is_empty() {
        outln!(out, "Reported");
        let mut t = Table::bare(&[Align::Left, Align::Right, Align::Left]);
        for r in &d.reported {
            let name = match &r.label {
                Some(label) => format!("{label} ({})", r.name),
                None => r.name.clone(),
            };
            t.row(vec![name, r.value.clone(), r.ty.clone()]);
        }
        out.push_str(&t.render(2));
        out.push('\n');
        // Reported values are what the clause computed, never rounded: say so when one has more
        // places than the currency's minor unit, so `0.00525` does not read as a typo.
        let places = recourse::domain::money::Currency::from_code(&d.currency).map_or(2, |c| c.minor_units());
        let finer = d
            .reported
            .iter()
            .any(|r| r.ty == "money" && r.value.split_once('.').is_some_and(|(_, f)| u32::try_from(f.len()).unwrap_or(u32::MAX) > places));
        if finer {
            outln!(out, "  (amounts as computed: a reported value is not rounded to {}'s minor unit)", d.currency);
        }
    }
    if !d.findings.is_empty() {
        outln!(out, "Findings");
        for f in &d.findings {
            outln!(out, "  {}: {} [{}]", words(&serde_name(&f.kind)), f.message, f.clause);
        }
    }
    out
}

fn recommendation(out: &mut String, d: &Decision) {
    let r = &d.recommendation;
    match &r.remedy {
        Some(name) => {
            let clause = d.remedies.iter().find(|x| &x.name == name).map(|x| format!(" ({})", x.clause)).unwrap_or_default();
            outln!(out, "Recommended: {name}{clause}");
        }
        None => outln!(out, "Recommended: none (no remedy is available)"),
    }
    for why in &r.reasons {
        outln!(out, "  why: {why}");
    }
    if !r.ranking.is_empty() {
        let ranking: Vec<String> = r.ranking.iter().map(|c| words(&serde_name(c))).collect();
        outln!(out, "  ranking: {}", ranking.join(", then "));
    }
    out.push('\n');
}

fn remedies(out: &mut String, d: &Decision) {
    outln!(out, "Remedies");
    let mut t = Table::new(&[
        ("remedy", Align::Left),
        ("available", Align::Left),
        ("supplier total", Align::Right),
        ("buyer pays", Align::Right),
        ("buyer net recovery", Align::Right),
        ("window", Align::Left),
        ("risk", Align::Left),
    ]);
    for r in &d.remedies {
        let total = if r.capped { format!("{} (capped)", r.supplier_total) } else { r.supplier_total.to_string() };
        t.row(vec![
            r.name.clone(),
            if r.available { "yes".into() } else { "no".into() },
            total,
            r.buyer_pays.to_string(),
            r.buyer_net_recovery.to_string(),
            date_range(r.window.map(|w| w.from), r.window.map(|w| w.to)),
            r.risk.map(|x| serde_name(&x)).unwrap_or_else(|| "-".into()),
        ]);
    }
    out.push_str(&t.render(2));
    for r in &d.remedies {
        out.push('\n');
        outln!(out, "  {}: {}", r.name, r.clause);
        let why: Vec<&str> = r.reasons.iter().map(|x| x.text.as_str()).collect();
        let verdict = if r.available { "available" } else { "not available" };
        if why.is_empty() {
            outln!(out, "    {verdict}");
        } else {
            outln!(out, "    {verdict}: {}", why.join("; "));
        }
        let mut lines = Table::bare(&[Align::Left, Align::Right, Align::Left]);
        for l in &r.lines {
            let clause = if l.clause == r.clause { String::new() } else { format!(" [{}]", l.clause) };
            lines.row(vec![line_kind(l).to_string(), l.amount.to_string(), format!("{}{clause}", l.label)]);
        }
        out.push_str(&lines.render(4));
        for l in &r.lines {
            for c in &l.conversions {
                outln!(
                    out,
                    "    {}: {} {} x {} (rate of {}) = {} -> {}",
                    c.field,
                    c.currency,
                    c.amount,
                    c.rate,
                    c.rate_on,
                    c.exact,
                    c.converted
                );
            }
        }
        if let Some(reserve) = r.reserve {
            outln!(out, "    reserve set aside, charged to nobody: {reserve}");
        }
        if !r.credited.is_zero() {
            if r.credited == r.supplier_total {
                outln!(out, "    the supplier total is given as credit, not paid");
            } else {
                outln!(out, "    of the supplier total, {} is given as credit, not paid", r.credited);
            }
        }
    }
    out.push('\n');
}

fn deadlines(out: &mut String, d: &Decision) {
    if d.deadlines.is_empty() {
        return;
    }
    outln!(out, "Deadlines");
    let mut t = Table::new(&[
        ("deadline", Align::Left),
        ("due", Align::Left),
        ("status", Align::Left),
        ("rule", Align::Left),
        ("clause", Align::Left),
    ]);
    for x in &d.deadlines {
        let days = x.due.signed_duration_since(d.as_of).num_days();
        let status = match x.status {
            DeadlineStatus::Met => "met".to_string(),
            DeadlineStatus::Missed => "MISSED".to_string(),
            DeadlineStatus::Open if days == 0 => "open, due today".to_string(),
            DeadlineStatus::Open if days == 1 => "open, 1 day left".to_string(),
            DeadlineStatus::Open if days > 1 => format!("open, {days} days left"),
            DeadlineStatus::Open => "open".to_string(),
        };
        t.row(vec![x.name.clone(), x.due.to_string(), status, x.rule.clone(), x.clause.clone()]);
    }
    out.push_str(&t.render(2));
    for x in d.deadlines.iter().filter(|x| !x.if_missed.is_empty()) {
        outln!(out, "  if {} is missed: {}", x.name, x.if_missed.join("; "));
    }
    out.push('\n');
}

fn flags(out: &mut String, d: &Decision) {
    if d.flags.is_empty() {
        return;
    }
    outln!(out, "Flags");
    for f in &d.flags {
        outln!(out, "  {}: {} [{}]", f.name, if f.raised { "RAISED" } else { "not raised" }, f.clause);
        if f.raised && !f.notify.is_empty() {
            outln!(out, "    notify: {}", f.notify.join(", "));
        }
        for why in &f.reasons {
            outln!(out, "    {why}");
        }
        if !f.matches.is_empty() {
            match f.more_matches {
                Some(more) => outln!(out, "    earlier claims: {} and {more} more", f.matches.join(", ")),
                None => outln!(out, "    earlier claims: {}", f.matches.join(", ")),
            }
        }
    }
    out.push('\n');
}

fn plan_text(p: &PlanOut) -> String {
    let letter = if p.plan_letter == p.code_letter { p.code_letter.clone() } else { format!("{} -> {}", p.code_letter, p.plan_letter) };
    let mut s = format!("{letter} n={} Ac {} Re {}", p.sample_size, p.accept, p.reject);
    if p.hundred_percent {
        s.push_str(" (inspect every unit)");
    }
    s
}

fn class_row(c: &ClassResult) -> Vec<String> {
    let tolerance = match (&c.aql, &c.max_rate) {
        (Some(aql), _) => format!("AQL {aql}"),
        (None, Some(rate)) => format!("at most {rate}%"),
        (None, None) => "-".to_string(),
    };
    let observed = match &c.rate {
        Some(rate) => format!("{} ({rate}%)", c.defects),
        None => c.defects.to_string(),
    };
    let codes: Vec<String> = c.codes.iter().map(|x| format!("{} {}", x.code, x.count)).collect();
    vec![
        serde_name(&c.severity),
        tolerance,
        observed,
        c.plan.as_ref().map(plan_text).unwrap_or_else(|| "-".into()),
        if c.accepted { "accepted".into() } else { "REJECTED".into() },
        if codes.is_empty() { "-".into() } else { codes.join(", ") },
    ]
}

fn lot(out: &mut String, d: &Decision) {
    let l = &d.lot;
    let disposition = match l.disposition {
        Disposition::Accepted => "accepted",
        Disposition::Rejected => "REJECTED",
        Disposition::NotInspected => "not inspected",
    };
    let clause = l.clause.as_ref().map(|c| format!(" [{c}]")).unwrap_or_default();
    outln!(out, "Lot: {disposition}{clause}");
    outln!(out, "  {}", l.reason);
    let method = match &l.method {
        Some(SamplingMethodOut::Iso2859 { level, state }) => {
            Some(format!("ISO 2859-1 single sampling, inspection level {level}, {state} inspection"))
        }
        Some(SamplingMethodOut::MaxRate) => Some("maximum defect rate".to_string()),
        None => None,
    };
    let sizes = match (l.lot_size, l.sample_size) {
        (Some(lot), Some(sample)) => Some(format!("lot of {lot}, sample of {sample}")),
        (Some(lot), None) => Some(format!("lot of {lot}")),
        (None, Some(sample)) => Some(format!("sample of {sample}")),
        (None, None) => None,
    };
    let about: Vec<String> = method.into_iter().chain(sizes).collect();
    if !about.is_empty() {
        outln!(out, "  {}", about.join("; "));
    }
    if let Some(ins) = &l.inspection {
        let edition = |r: recourse::terms::SwitchingRules| match r {
            recourse::terms::SwitchingRules::Iso2859_1 => "ISO 2859-1:1999",
            recourse::terms::SwitchingRules::Z14 => "ANSI/ASQ Z1.4",
        };
        let rules = ins.rules.map(|r| format!(" ({} switching over {} earlier lots)", edition(r), ins.lots_considered)).unwrap_or_default();
        outln!(out, "  inspection state: {}{rules}: {}", serde_name(&ins.state), ins.reason);
        if let Some(score) = ins.switching_score {
            outln!(out, "  switching score: {score}");
        }
        outln!(out, "  next lot: {}: {}", serde_name(&ins.next_state), ins.next_reason);
    }
    if !l.classes.is_empty() {
        let mut t = Table::new(&[
            ("class", Align::Left),
            ("tolerance", Align::Left),
            ("defects", Align::Right),
            ("sampling plan", Align::Left),
            ("verdict", Align::Left),
            ("found", Align::Left),
        ]);
        for c in &l.classes {
            t.row(class_row(c));
        }
        out.push_str(&t.render(2));
    }
    for x in &l.excluded {
        outln!(out, "  not a defect: {} {} ({}) -> {}", x.code, x.count, x.description, x.route);
    }
    out.push('\n');
}

/// The process's steps: status, the window (early and late bound), when done, how late.
fn timeline(out: &mut String, d: &Decision) {
    let Some(t) = &d.timeline else { return };
    match &t.next {
        Some(next) => outln!(out, "Timeline ({}): next `{next}`", t.clause),
        None => outln!(out, "Timeline ({}): no step open", t.clause),
    }
    let mut table = Table::new(&[
        ("step", Align::Left),
        ("status", Align::Left),
        ("window", Align::Left),
        ("due", Align::Left),
        ("done", Align::Left),
        ("late by", Align::Left),
    ]);
    for s in &t.steps {
        let due = match (&s.due_from, &s.due_by) {
            (Some(a), Some(b)) if a == b => b.clone(),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "-".to_string(),
        };
        table.row(vec![
            s.step.clone(),
            s.status.display().to_string(),
            s.rule.clone(),
            due,
            s.done.clone().unwrap_or_else(|| "-".into()),
            s.late_by.as_ref().map(|l| l.exact.clone()).unwrap_or_else(|| "-".into()),
        ]);
    }
    out.push_str(&table.render(2));
    out.push('\n');
}

fn escalation(out: &mut String, d: &Decision) {
    let e = &d.escalation;
    let trigger = e.trigger.as_deref().unwrap_or("a deadline");
    let opens = e.opens_on.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
    match e.status {
        EscalationStatus::None => {
            outln!(out, "Escalation: none");
            out.push('\n');
            return;
        }
        EscalationStatus::NotTriggered => outln!(out, "Escalation: not triggered (every deadline that escalates was met)"),
        EscalationStatus::Pending => outln!(out, "Escalation: pending: opens {opens} if `{trigger}` passes unanswered"),
        EscalationStatus::Open => outln!(out, "Escalation: OPEN: `{trigger}` was missed; the first step starts {opens}"),
    }
    if !e.steps.is_empty() {
        let mut t = Table::new(&[("step", Align::Left), ("forum", Align::Left), ("starts", Align::Left), ("ends", Align::Left)]);
        for s in &e.steps {
            t.row(vec![
                s.name.clone(),
                s.forum.clone(),
                date_range(s.earliest_start, s.latest_start),
                date_range(s.earliest_end, s.latest_end),
            ]);
        }
        out.push_str(&t.render(2));
        for s in &e.steps {
            if s.available == Some(false) {
                outln!(out, "  {}: not available: {}", s.name, s.reasons.join("; "));
            }
            if let Some(f) = &s.fee {
                outln!(
                    out,
                    "  {}: fee {} paid by {} (supplier {}, buyer {})",
                    s.name,
                    f.amount,
                    serde_name(&f.paid_by),
                    f.supplier_pays,
                    f.buyer_pays
                );
            }
        }
        if let Some(f) = &e.fees {
            outln!(out, "  fees of the available steps: supplier {}, buyer {}", f.supplier, f.buyer);
        }
    }
    out.push('\n');
    levers(out, d);
}

fn levers(out: &mut String, d: &Decision) {
    if d.levers.is_empty() {
        return;
    }
    outln!(out, "Levers");
    for l in &d.levers {
        let state = if l.in_force {
            "IN FORCE"
        } else if l.released {
            "released"
        } else {
            "does not apply"
        };
        let amount = l.amount.map(|a| format!(" {a}")).unwrap_or_default();
        outln!(out, "  withhold {}{amount}: {state} (release when {}) [{}]", serde_name(&l.kind), l.release, l.clause);
        for why in &l.reasons {
            outln!(out, "    {why}");
        }
    }
    out.push('\n');
}
