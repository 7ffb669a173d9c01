//! One printer per declaration: the items of its block, in source order where the AST keeps it.

use super::expressions::*;
use super::json::*;
use super::*;
use crate::terms::WeekdayWord;

pub(super) fn decl(d: &Node<Decl>, src: &str) -> Item {
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
            let mut text = format!("input {}: {}", i.name.node, i.ty.node.keyword());
            if let Some(d) = &i.default {
                text.push_str(" = ");
                text.push_str(&expr(&d.node));
            }
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
        Decl::Kinds(k) => block(
            "kinds".to_string(),
            k.kinds.iter().map(|x| Item::line(format!("{} {}", x.node.0.node, quote(&x.node.1.node)), vec![x.span])).collect(),
        ),
        Decl::Ineligible(x) => {
            let mut prefix = String::from("ineligible ");
            if let Some(c) = &x.clause {
                prefix.push_str(&quote(&c.node));
                prefix.push(' ');
            }
            prefix.push_str("when ");
            let text = expr_text(&prefix, &x.condition.node, &format!(" because {}", quote(&x.because.node)), 0);
            Item::line(text, vec![span])
        }
        Decl::Lever(l) => block(format!("withhold {} {}", l.kind.node.keyword(), quote(&l.clause.node)), lever_items(l)),
        Decl::CurrencyRisk(c) => Item::line(format!("currency risk {} {}", c.bearer.node.keyword(), quote(&c.clause.node)), vec![span]),
        Decl::Process(x) => block(format!("process {}", quote(&x.clause.node)), process_items(x)),
    }
}

/// Events and steps in source order, one per line.
pub(super) fn process_items(x: &ProcessDecl) -> Vec<Item> {
    let moment = |m: &Option<Node<TypeName>>| m.as_ref().map(|m| format!(": {}", m.node.keyword())).unwrap_or_default();
    x.items
        .iter()
        .map(|item| {
            let text = match &item.node {
                ProcessItem::Event(e) => format!("event {}{} {}", e.name.node, moment(&e.moment), quote(&e.description.node)),
                ProcessItem::Step(s) => {
                    let unit = s.unit.node.for_count(s.max.node);
                    let range = if s.min.node == s.max.node {
                        format!("{} {unit}", s.max.node)
                    } else {
                        format!("{} to {} {unit}", s.min.node, s.max.node)
                    };
                    let prefix = format!("step {}{} {} within {range} after ", s.name.node, moment(&s.moment), quote(&s.label.node));
                    expr_text(&prefix, &s.after.node, "", 1)
                }
            };
            Item::line(text, vec![item.span])
        })
        .collect()
}

pub(super) fn header_items(h: &Header) -> Vec<Item> {
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

pub(super) fn calendar_items(c: &CalendarDecl) -> Vec<Item> {
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

pub(super) fn defects_items(d: &DefectsDecl) -> Vec<Item> {
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

pub(super) fn sampling_items(s: &SamplingDecl) -> Vec<Item> {
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

pub(super) fn deadline_items(d: &DeadlineDecl) -> Vec<Item> {
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

pub(super) fn when_line(e: &Node<Expr>) -> Item {
    Item::line(expr_text("when ", &e.node, "", 1), vec![e.span])
}

pub(super) fn unless_line(u: &Node<UnlessRule>) -> Item {
    let suffix = format!(" because {}", quote(&u.node.because.node));
    Item::line(expr_text("unless ", &u.node.condition.node, &suffix, 1), vec![u.span])
}

pub(super) fn cost_line(l: &Node<CostLineDecl>) -> Item {
    let payer = l.node.payer.keyword();
    let suffix = format!(" as {}", quote(&l.node.label.node));
    Item::line(expr_text(&format!("{payer} "), &l.node.amount.node, &suffix, 1), vec![l.span])
}

pub(super) fn reserve_line(l: &Node<ReserveDecl>) -> Item {
    let suffix = format!(" as {}", quote(&l.node.label.node));
    Item::line(expr_text("reserve ", &l.node.amount.node, &suffix, 1), vec![l.span])
}

pub(super) fn cap_line(e: &Node<Expr>) -> Item {
    Item::line(expr_text("at most ", &e.node, "", 1), vec![e.span])
}

pub(super) fn takes_text(t: &TakesRule) -> String {
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
pub(super) fn remedy_items(r: &RemedyDecl) -> Vec<Item> {
    let mut v = Vec::new();
    let (mut w, mut u, mut l, mut c, mut rs) = (0usize, 0usize, 0usize, 0usize, 0usize);
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
            RemedyItemKind::Reserve => {
                if let Some(x) = r.reserves.get(rs) {
                    v.push(reserve_line(x));
                    rs = rs.saturating_add(1);
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
    v.extend(r.reserves.iter().skip(rs).map(reserve_line));
    if let (None, Some(t)) = (last_takes, &r.takes) {
        v.push(Item::line(takes_text(&t.node), vec![t.span]));
    }
    if let (None, Some(x)) = (last_risk, &r.risk) {
        v.push(Item::line(format!("risk {}", x.node.keyword()), vec![x.span]));
    }
    v
}

pub(super) fn cap_items(c: &CapDecl) -> Vec<Item> {
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
pub(super) fn recommend_items(r: &RecommendDecl) -> Vec<Item> {
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

pub(super) fn escalate_items(e: &EscalateDecl) -> Vec<Item> {
    e.steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let mut text = if i == 0 { String::new() } else { "then ".to_string() };
            text.push_str(&format!("{} {}", step.node.name.node, quote(&step.node.forum.node)));
            if let Some((min, max, unit)) = &step.node.takes {
                text.push_str(&format!(" takes {}", time_range(min, max, unit)));
            }
            for f in &step.node.fees {
                text = expr_text(&format!("{text} fee "), &f.node.amount.node, &format!(" paid by {}", f.node.paid_by.node.keyword()), 1);
            }
            for w in &step.node.when {
                text = expr_text(&format!("{text} when "), &w.node, "", 1);
            }
            for u in &step.node.unless {
                let suffix = format!(" because {}", quote(&u.node.because.node));
                text = expr_text(&format!("{text} unless "), &u.node.condition.node, &suffix, 1);
            }
            Item::line(text, vec![step.span])
        })
        .collect()
}

/// A lever's items in a fixed order: `amount`, `when`, `release when`.
pub(super) fn lever_items(l: &LeverDecl) -> Vec<Item> {
    let mut v: Vec<Item> = l.amounts.iter().map(|a| Item::line(expr_text("amount ", &a.node, "", 1), vec![a.span])).collect();
    v.extend(l.when.iter().map(when_line));
    v.extend(l.release.iter().map(|r| Item::line(expr_text("release when ", &r.node, "", 1), vec![r.span])));
    v
}

pub(super) fn scorecard_items(s: &ScorecardDecl) -> Vec<Item> {
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

pub(super) fn flag_items(f: &FlagDecl) -> Vec<Item> {
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
    if let Some(t) = &f.tighten {
        v.push(Item::line("switch inspection to tightened".to_string(), vec![t.span]));
    }
    v
}

pub(super) fn example_items(e: &ExampleDecl, src: &str) -> Vec<Item> {
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

pub(super) fn expectation(x: &Expectation) -> String {
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
        Expectation::Step { step, check: StepCheck::Status(status) } => format!("step {} {}", step.node, status.keyword()),
        Expectation::Step { step, check: StepCheck::Due(due) } => format!("step {} due {due}", step.node),
        Expectation::Step { step, check: StepCheck::LateBy(by) } => format!("step {} late by {}", step.node, quote(by)),
        Expectation::Next(Some(step)) => format!("next {}", step.node),
        Expectation::Next(None) => "next none".to_string(),
        Expectation::Amount { remedy, measure, currency, amount } => {
            format!("{} {} = {currency} {amount}", remedy.node, measure.keyword())
        }
        Expectation::StepAvailable { step, available } => {
            format!("escalation step {} {}", step.node, if *available { "available" } else { "unavailable" })
        }
        Expectation::StepFee { step, currency, amount } => format!("escalation step {} fee = {currency} {amount}", step.node),
        Expectation::Lever { kind, state } => format!("withhold {} {}", kind.node.keyword(), state.keyword()),
        Expectation::LeverAmount { kind, currency, amount } => format!("withhold {} = {currency} {amount}", kind.node.keyword()),
    }
}
