//! pest pairs -> AST. One builder per grammar rule; pest's types never leave this file.
//! A tree shape the grammar cannot produce becomes an `E0000` diagnostic, never a panic.

use std::borrow::Cow;

use chrono::NaiveDate;
use pest::Parser as _;
use pest::iterators::{Pair, Pairs};
use rust_decimal::Decimal;

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::syntax::limits;
use crate::terms::{DeadlineStatus, EscalationStatus, InspectionState, Keyword, WeekdayWord};

#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/recourse.pest"]
struct PolicyParser;

/// A builder gave up on a subtree; the reason is already in the diagnostics.
#[derive(Debug)]
pub(crate) struct Bad;

type B<T> = Result<T, Bad>;

/// Parse a whole policy. Syntax errors are returned as diagnostics; literal errors (a date that
/// does not exist, a number out of range) are collected and parsing goes on.
pub(crate) fn parse_policy(src: &str) -> Result<(Ast, Vec<Diagnostic>), Diagnostic> {
    let pairs = PolicyParser::parse(Rule::policy, src).map_err(|e| syntax_error(src, e))?;
    let mut b = Builder { diags: Vec::new(), depth: 0 };
    let mut ast = Ast::default();
    for pair in pairs.flatten().take(1) {
        for decl in pair.into_inner() {
            if decl.as_rule() == Rule::EOI {
                continue;
            }
            if let Ok(d) = b.decl(decl) {
                ast.decls.push(d);
            }
        }
    }
    Ok((ast, b.diags))
}

fn syntax_error(src: &str, e: pest::error::Error<Rule>) -> Diagnostic {
    use pest::error::{ErrorVariant, InputLocation};
    let rule_at = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let positives = match &e.variant {
        ErrorVariant::CustomError { message } => {
            return Diagnostic::new(Code::Syntax, Span::new(rule_at, rule_at), message.clone());
        }
        ErrorVariant::ParsingError { positives, .. } => positives,
    };
    // pest's own error is good where it is as far as the parser got; past it, the detailed
    // attempts say what is wrong.
    let (at, mut wanted, deepest) = match furthest_attempt(src) {
        Some(furthest) if furthest.0 > rule_at => furthest,
        // After an escalation step pest names only the step's own items; the attempts also know
        // `then`, `}` and a missing `takes`.
        Some(furthest) if furthest.2.iter().any(|r| matches!(r, Rule::step_fee | Rule::step_when | Rule::step_unless)) => furthest,
        furthest => (rule_at, positives.iter().filter_map(|r| describe(*r)).collect(), furthest.map(|f| f.2).unwrap_or_default()),
    };
    let found = token_at(src, at);
    let span = Span::new(at, at.saturating_add(found.len()).min(src.len()));
    let found_text = if found.is_empty() { "end of file".to_string() } else { format!("`{found}`") };
    crate::sort::sort_dedup(&mut wanted);
    if wanted.iter().any(|w| w.starts_with("a remedy item")) {
        wanted.retain(|w| !w.starts_with("`supplier pays`"));
    }
    // What is there cannot be what was wanted: a phrase naming the found word (a remedy item
    // list naming `takes` when `takes` is there) only misleads.
    let quoted = format!("`{found}`");
    if wanted.len() > 1 && !found.is_empty() {
        wanted.retain(|w| !w.contains(&quoted));
    }
    let message = match wanted.split_last() {
        None => format!("unexpected {found_text}"),
        Some((only, [])) => format!("expected {only}, found {found_text}"),
        Some((last, rest)) => format!("expected {} or {last}, found {found_text}", rest.join(", ")),
    };
    let mut d = Diagnostic::new(Code::Syntax, span, message);
    if let Some(help) = reserved_word_help(src, at, &found, &deepest).or_else(|| rule_help(&deepest)).or_else(|| help_for(src, at)) {
        d = d.with_help(help);
    }
    d
}

/// Where the parser got furthest, what it wanted there and the rules it was in. pest's own error
/// names the start of the construct that failed (`takes` in `takes 14 to days`); its detailed
/// attempts name the token that is wrong (`days`, where a number was wanted). The detail costs
/// parsing time, so it is collected only for a policy that has a syntax error, by parsing it
/// again. (The switch is process-wide; another parse at the same moment only collects detail too.)
fn furthest_attempt(src: &str) -> Option<(usize, Vec<Cow<'static, str>>, Vec<Rule>)> {
    pest::set_error_detail(true);
    let again = PolicyParser::parse(Rule::policy, src);
    pest::set_error_detail(false);
    let attempts = again.err()?.parse_attempts()?;
    let deepest: Vec<Rule> = attempts.call_stacks().iter().filter_map(|s| s.deepest.get_rule().copied()).collect();
    let mut literals: Vec<Cow<'static, str>> = Vec::new();
    let mut open_class = false;
    // pest does not export its token type; its text is the literal, `a..z` for a character range
    // or `BUILTIN_RULE` (ASCII_DIGIT and the like).
    for token in attempts.expected_tokens().iter().map(ToString::to_string) {
        let chars: Vec<char> = token.chars().collect();
        let range = matches!(chars.as_slice(), [_, '.', '.', _]);
        if token.trim().is_empty() || token == "#" {
            // Whitespace and comments may come anywhere.
        } else if range || token == "BUILTIN_RULE" || token == "_" {
            open_class = true;
        } else {
            literals.push(Cow::Owned(format!("`{token}`")));
        }
    }
    // A name, a number or an expression was wanted: say it with the phrases of the rules the
    // parser was in. Too many words to list: the kind of item the block holds, and the words that
    // close or continue it (`}`, `after`, `then` ...).
    let wanted = if open_class {
        let mut phrases: Vec<Cow<'static, str>> = deepest.iter().filter_map(|r| describe(*r)).collect();
        phrases.extend(literals);
        phrases
    } else if literals.len() > 6 {
        let mut phrases: Vec<Cow<'static, str>> = deepest.iter().filter_map(|r| items_of(*r)).collect();
        literals.retain(|l| ["`}`", "`)`", "`,`", "`after`", "`then`", "`else`", "`=`"].contains(&l.as_ref()));
        phrases.extend(literals);
        phrases
    } else {
        literals
    };
    if wanted.is_empty() {
        return None;
    }
    let mut at = attempts.max_position;
    // A reserved word where a name was wanted fails in the name rule's look-ahead, at the end of
    // the word: point at the word.
    if deepest.iter().any(|r| matches!(r, Rule::ident | Rule::path)) {
        let before = src.get(..at).unwrap_or("");
        let word = before.len().saturating_sub(before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_').len());
        at = at.saturating_sub(word);
    }
    Some((at, wanted, deepest))
}

/// A reserved word where a name was wanted. (A word at the start of a line more likely begins
/// the next declaration after an unfinished one.)
fn reserved_word_help(src: &str, at: usize, found: &str, deepest: &[Rule]) -> Option<&'static str> {
    let line_before = src.get(..at).unwrap_or("").rsplit('\n').next().unwrap_or("");
    let wanted_name = deepest.iter().any(|r| matches!(r, Rule::ident | Rule::path)) && !line_before.trim().is_empty();
    let is_word = !found.is_empty() && found.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if wanted_name && is_word && PolicyParser::parse(Rule::ident, found).is_err() {
        return Some(
            "this is a reserved word of the language and cannot name anything; choose another name (e.g. add a suffix: `month_count`)",
        );
    }
    None
}

/// How the construct the parser was in is written.
fn rule_help(deepest: &[Rule]) -> Option<&'static str> {
    deepest.iter().find_map(|r| {
        Some(match r {
            Rule::input_decl => {
                "an input has a type and, unless the claim must give it, a default: `input stock_critical: bool = false \"description\"`"
            }
            Rule::escalate_decl => {
                "escalation steps are joined by `then`: `mediation \"ICC\" takes 4 to 12 weeks then arbitration \"ICC\"`"
            }
            Rule::takes_item => "a remedy's time reads `takes 14 days` or `takes 7 to 14 days`, optionally `after <date>`",
            Rule::escalation_step => {
                "a step reads `mediation \"forum\"`, optionally `takes 4 to 12 weeks`, `fee USD 1500.00 paid by shared`, `when ...`"
            }
            Rule::step_fee | Rule::step_when | Rule::step_unless => {
                "escalation steps are joined by `then`: `mediation \"ICC\" takes 4 to 12 weeks then arbitration \"ICC\"`; a step \
                 may also give `fee USD 1500.00 paid by shared`, `when ...` or `unless ... because \"...\"`"
            }
            Rule::lever_decl => "a lever reads `withhold payment \"clause\" { amount ...  when ...  release when ... }`",
            _ => return None,
        })
    })
}

/// The word or symbol at a byte offset, for "found `...`".
fn token_at(src: &str, at: usize) -> String {
    let rest = src.get(at..).unwrap_or("");
    let mut chars = rest.chars();
    let Some(first) = chars.next() else { return String::new() };
    if first.is_alphanumeric() || first == '_' {
        rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.').collect()
    } else if first == '"' {
        let body: String = rest.chars().skip(1).take_while(|c| *c != '"' && *c != '\n').collect();
        format!("\"{body}\"")
    } else {
        first.to_string()
    }
}

fn help_for(src: &str, at: usize) -> Option<&'static str> {
    let before = src.get(..at)?.trim_end();
    if at >= src.trim_end().len() {
        return Some("the file ends inside a declaration: is a closing `}` missing?");
    }
    let line_start = before.rfind('\n').map(|i| i.saturating_add(1)).unwrap_or(0);
    let line = before.get(line_start..).unwrap_or("").trim_start();
    if ["supplier pays", "buyer pays", "supplier credits"].iter().any(|p| line.starts_with(p)) {
        return Some("a cost line reads `supplier pays <amount> as \"label\"`");
    }
    let word = token_at(src, at);
    if ["EUR", "USD", "GBP", "CNY"].iter().any(|c| word.starts_with(c)) || word.starts_with('$') {
        return Some("money is written with its currency code first: `USD 1500.00`");
    }
    None
}

/// The words of a set as alternatives: "`low`, `moderate` or `high`".
fn alternatives<W: Keyword>() -> Cow<'static, str> {
    let words: Vec<String> = W::ALL.iter().map(|w| format!("`{}`", w.keyword())).collect();
    Cow::Owned(match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => words.join(""),
    })
}

/// The words of a set as a list: "`days`, `business days`, `weeks`, `months`".
fn list<W: Keyword>() -> String {
    W::ALL.iter().map(|w| format!("`{}`", w.keyword())).collect::<Vec<_>>().join(", ")
}

/// What a block holds, for a block that could go on with any of its items.
fn items_of(block: Rule) -> Option<Cow<'static, str>> {
    describe(match block {
        Rule::remedy_decl => Rule::when_item,
        Rule::deadline_decl => Rule::due_item,
        Rule::header => Rule::currency_item,
        Rule::calendar_decl => Rule::weekend_item,
        Rule::sampling_decl => Rule::iso_item,
        Rule::scorecard_decl => Rule::status_rule,
        Rule::flag_decl => Rule::recurrence,
        Rule::example_decl => Rule::expectation,
        other => other,
    })
}

/// Rule names as a person reads them (pest's `renamed_rules` idea). The rules that read one
/// word of a set list the set's words.
fn describe(rule: Rule) -> Option<Cow<'static, str>> {
    Some(match rule {
        Rule::rounding_mode => alternatives::<RoundingMode>(),
        Rule::switching_rules => alternatives::<SwitchingRules>(),
        Rule::inspection_state => alternatives::<InspectionState>(),
        Rule::type_name => Cow::Owned(format!("a type ({})", list::<TypeName>())),
        Rule::payer | Rule::supplier_pays | Rule::buyer_pays | Rule::supplier_credits => alternatives::<Payer>(),
        Rule::risk_level => alternatives::<Risk>(),
        Rule::history_key => alternatives::<HistoryKey>(),
        Rule::deadline_status => alternatives::<DeadlineStatus>(),
        Rule::escalation_status => alternatives::<EscalationStatus>(),
        Rule::remedy_measure | Rule::measure_supplier_total | Rule::measure_buyer_pays | Rule::measure_net | Rule::measure_reserve => {
            alternatives::<Measure>()
        }
        Rule::time_unit => Cow::Owned(format!("a unit ({})", list::<TimeUnit>())),
        _ => return phrase(rule).map(Cow::Borrowed),
    })
}

/// The phrase for a rule that is not one word of a set.
fn phrase(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::header
        | Rule::calendar_decl
        | Rule::defects_decl
        | Rule::sampling_decl
        | Rule::input_decl
        | Rule::let_decl
        | Rule::deadline_decl
        | Rule::remedy_decl
        | Rule::cap_decl
        | Rule::recommend_decl
        | Rule::escalate_decl
        | Rule::flag_decl
        | Rule::example_decl
        | Rule::ineligible_decl
        | Rule::ineligible_kw
        | Rule::kinds_decl
        | Rule::kinds_kw
        | Rule::report_kw
        | Rule::process_decl => "a declaration (`policy`, `remedy`, `deadline`, `let`, ...)",
        Rule::event_item | Rule::step_item => "`event` or `step`",
        Rule::moment_type | Rule::moment_kind => "`: timestamp` or `: date`",
        Rule::step_unit => "a unit (`hours`, `days`, `business days`, `weeks`)",
        Rule::currency_item | Rule::rounding_item | Rule::calendar_item | Rule::side_item => {
            "`currency`, `rounding`, `calendar` or `for buyer|supplier`"
        }
        Rule::side => "`buyer` or `supplier`",
        Rule::weekend_item | Rule::holiday_item | Rule::workday_item => "`weekend`, `holiday` or `workday`",
        Rule::weekday => "a weekday (`mon` ... `sun`)",
        Rule::scale_item | Rule::exclusion | Rule::defect => "a defect (`code severity \"description\"`)",
        Rule::severity_ref | Rule::severity_class => "a severity (`critical`, `major`, `minor` or `level N`)",
        Rule::scale_entry => "a scale entry (`5 = critical`)",
        Rule::none_kw => "`none`",
        Rule::iso_item | Rule::aql_item | Rule::max_rate_item | Rule::switching_item => {
            "`iso2859`, `aql`, `switching` or `max defect rate`"
        }
        Rule::tighten_item => "`switch inspection to tightened`",
        Rule::inspection_level => "an inspection level (`S-1`..`S-4`, `I`, `II`, `III`)",
        Rule::aql_entry | Rule::rate_entry => "a severity class and its limit",
        Rule::due_item | Rule::met_when | Rule::met_by | Rule::missed_item => "`due`, `met` or `missed`",
        Rule::ineligible_effect | Rule::lost_effect | Rule::escalate_effect => "`claim ineligible`, `remedy ... lost` or `escalate`",
        Rule::when_item
        | Rule::unless_item
        | Rule::cost_line
        | Rule::remedy_cap
        | Rule::takes_item
        | Rule::risk_item
        | Rule::reserve_line => {
            "a remedy item (`when`, `unless`, `supplier pays`, `buyer pays`, `supplier credits`, `at most`, `takes`, `risk`, \
             `reserve`)"
        }
        Rule::as_kw => "`as \"label\"`",
        Rule::because_kw => "`because \"reason\"`",
        Rule::cap_item => "`supplier total at most ...`",
        Rule::prefer_rule | Rule::rank_rule | Rule::rank_criterion => {
            "a recommendation rule (`prefer X when ...`, `highest buyer_net_recovery`, `shortest time`)"
        }
        Rule::rank_direction => "`highest` or `lowest`",
        Rule::rank_measure => "`buyer_net_recovery`, `supplier_total` or `buyer_pays`",
        Rule::time_order | Rule::risk_order => "`shortest time`, `longest time` or `lowest risk`",
        Rule::escalation_step => "an escalation step (`mediation \"forum\" takes 4 to 12 weeks`)",
        Rule::step_fee | Rule::step_when | Rule::step_unless => "a step item (`fee`, `when`, `unless`)",
        Rule::fee_payer => "`supplier`, `buyer` or `shared`",
        Rule::lever_decl => "a declaration (`policy`, `remedy`, `deadline`, `let`, ...)",
        Rule::lever_kind => "`payment` or `shipments`",
        Rule::lever_amount | Rule::release_item => "a lever item (`amount`, `when`, `release when`)",
        Rule::currency_risk_decl => "a declaration (`policy`, `remedy`, `deadline`, `let`, ...)",
        Rule::recurrence | Rule::notify_item => "`when`, `notify` or `switch inspection to tightened`",
        Rule::same_key => "`on the same sku|supplier|lot` or `with the same defect`",
        Rule::given => "`given claim \"file.json\"`",
        Rule::override_ | Rule::json_path => "an override (`path = value`)",
        Rule::expectation => "`expect ...`",
        Rule::expect_lot
        | Rule::expect_eligibility
        | Rule::expect_recommend
        | Rule::expect_deadline
        | Rule::expect_flag
        | Rule::expect_no_flag
        | Rule::expect_report
        | Rule::expect_error
        | Rule::expect_remedy
        | Rule::expect_step
        | Rule::expect_next
        | Rule::step_late_by
        | Rule::step_due => "an expectation",
        Rule::step_status => "a step status (`on_time`, `late`, `open`, `overdue`, `waiting`)",
        Rule::lot_verdict => "`accepted` or `rejected`",
        Rule::availability => "`available`, `unavailable`, `capped` or `uncapped`",
        Rule::expect_escalation => "an expectation",
        Rule::error_code => "an error code (`E0304`)",
        Rule::scorecard_decl => "a declaration (`policy`, `remedy`, `deadline`, `let`, ...)",
        Rule::response_deadline | Rule::status_rule | Rule::trigger_rule => "`response deadline`, `status` or `trigger`",
        Rule::threshold | Rule::metric => "a scorecard figure (`ppm`, `lots_rejected`, `recovery_rate`, ...)",
        Rule::comparison => "a comparison (`<`, `<=`, `>`, `>=`, `=`, `!=`)",
        Rule::json_object
        | Rule::json_member
        | Rule::json_array
        | Rule::json_number
        | Rule::json_true
        | Rule::json_false
        | Rule::json_null => "a JSON value",
        _ => return expression_phrase(rule),
    })
}

/// The phrase for a rule of expressions and literals.
fn expression_phrase(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::expr
        | Rule::if_expr
        | Rule::op_expr
        | Rule::term
        | Rule::paren
        | Rule::call
        | Rule::round_call
        | Rule::unit_call
        | Rule::days_between
        | Rule::span_between
        | Rule::span_count
        | Rule::span_unit
        | Rule::part_call
        | Rule::date_part
        | Rule::count_expr
        | Rule::flagged_expr
        | Rule::present_call
        | Rule::present_fn
        | Rule::kind_expr
        | Rule::kind_kw
        | Rule::operand
        | Rule::not_op
        | Rule::neg
        | Rule::function
        | Rule::round_fn
        | Rule::business_kw => "an expression",
        Rule::else_if => "`else`",
        Rule::or_op
        | Rule::and_op
        | Rule::le
        | Rule::ge
        | Rule::ne
        | Rule::eq
        | Rule::lt
        | Rule::gt
        | Rule::add
        | Rule::sub
        | Rule::mul
        | Rule::div
        | Rule::of_op => "an operator",
        Rule::money => "an amount (`USD 1500.00`)",
        Rule::currency_code => "a currency code (`USD`)",
        Rule::percent => "a percent (`2.5%`)",
        Rule::date => "a date (`2026-03-12`)",
        Rule::timestamp => "a timestamp (`2026-03-05T16:30+08:00`)",
        Rule::number | Rule::int => "a number",
        Rule::bool_lit => "`true` or `false`",
        Rule::string | Rule::string_inner => "a quoted string",
        Rule::path | Rule::ident | Rule::field => "a name",
        _ => return None,
    })
}

struct Builder {
    diags: Vec<Diagnostic>,
    /// Expressions and JSON values being built, one inside the other.
    depth: usize,
}

/// The pair's span without trailing whitespace (an optional part that did not match can leave
/// it inside the pair).
fn span_of(p: &Pair<'_, Rule>) -> Span {
    let s = p.as_span();
    let trimmed = trim_trailing_trivia(p.as_str()).len();
    Span::new(s.start(), s.start().saturating_add(trimmed))
}

/// Drop trailing whitespace and comments (outside strings) from a pair's text.
fn trim_trailing_trivia(text: &str) -> &str {
    let mut t = text.trim_end();
    loop {
        let line_start = t.rfind('\n').map(|i| i.saturating_add(1)).unwrap_or(0);
        let line = t.get(line_start..).unwrap_or("");
        let mut in_string = false;
        let mut escaped = false;
        let mut comment_at = None;
        for (i, c) in line.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '#' if !in_string => {
                    comment_at = Some(i);
                    break;
                }
                _ => {}
            }
        }
        match comment_at {
            Some(i) => t = t.get(..line_start.saturating_add(i)).unwrap_or(t).trim_end(),
            None => return t,
        }
    }
}

impl Builder {
    fn bad(&mut self, span: Span, what: &str) -> Bad {
        self.diags.push(Diagnostic::new(Code::Internal, span, format!("unexpected syntax tree at {what}")));
        Bad
    }

    /// The word of a closed set that an atomic rule matched; the grammar admits only the set's
    /// keywords, so anything else is a grammar edit the set does not know.
    fn word<W: Keyword>(&mut self, p: &Pair<'_, Rule>, what: &str) -> B<W> {
        match W::from_keyword(p.as_str()) {
            Some(w) => Ok(w),
            None => Err(self.bad(span_of(p), what)),
        }
    }

    /// A duration unit, singular or plural.
    fn time_unit(&mut self, p: &Pair<'_, Rule>) -> B<TimeUnit> {
        match TimeUnit::from_text(p.as_str()) {
            Some(u) => Ok(u),
            None => Err(self.bad(span_of(p), "time unit")),
        }
    }

    /// `14 days` or `7 to 14 days`: the least and the most (equal for one duration) and the unit.
    fn time_range<'i>(&mut self, it: &mut std::iter::Peekable<Pairs<'i, Rule>>, parent: Span) -> B<(Node<i64>, Node<i64>, Node<TimeUnit>)> {
        let min = self.take(it, Rule::int, parent)?;
        let min = self.int(min);
        let max = match it.next_if(|p| p.as_rule() == Rule::int) {
            Some(max) => self.int(max),
            None => min.clone(),
        };
        let unit = self.take(it, Rule::time_unit, parent)?;
        let unit = Node::new(self.time_unit(&unit)?, span_of(&unit));
        Ok((min, max, unit))
    }

    /// The next child, which must have the given rule.
    fn take<'i>(&mut self, it: &mut impl Iterator<Item = Pair<'i, Rule>>, rule: Rule, parent: Span) -> B<Pair<'i, Rule>> {
        match it.next() {
            Some(p) if p.as_rule() == rule => Ok(p),
            Some(p) => Err(self.bad(span_of(&p), &format!("{rule:?}"))),
            None => Err(self.bad(parent, &format!("{rule:?}"))),
        }
    }

    fn decl(&mut self, p: Pair<'_, Rule>) -> B<Node<Decl>> {
        let span = span_of(&p);
        let d = match p.as_rule() {
            Rule::header => Decl::Header(self.header(p)?),
            Rule::calendar_decl => Decl::Calendar(self.calendar(p)?),
            Rule::defects_decl => Decl::Defects(self.defects(p)?),
            Rule::sampling_decl => Decl::Sampling(self.sampling(p)?),
            Rule::input_decl => Decl::Input(self.input(p)?),
            Rule::let_decl => Decl::Let(self.let_decl(p)?),
            Rule::deadline_decl => Decl::Deadline(self.deadline(p)?),
            Rule::remedy_decl => Decl::Remedy(self.remedy(p)?),
            Rule::cap_decl => Decl::Cap(self.cap(p)?),
            Rule::recommend_decl => Decl::Recommend(self.recommend(p)?),
            Rule::escalate_decl => Decl::Escalate(self.escalate(p)?),
            Rule::flag_decl => Decl::Flag(self.flag(p)?),
            Rule::example_decl => Decl::Example(self.example(p)?),
            Rule::scorecard_decl => Decl::Scorecard(self.scorecard(p)?),
            Rule::ineligible_decl => Decl::Ineligible(self.ineligible(p)?),
            Rule::currency_risk_decl => Decl::CurrencyRisk(self.currency_risk(p)?),
            Rule::lever_decl => Decl::Lever(self.lever(p)?),
            Rule::process_decl => Decl::Process(self.process(p)?),
            Rule::kinds_decl => Decl::Kinds(self.kinds(p)?),
            _ => return Err(self.bad(span, "declaration")),
        };
        Ok(Node::new(d, span))
    }

    fn name(&mut self, p: Pair<'_, Rule>) -> Name {
        Node::new(p.as_str().to_string(), span_of(&p))
    }

    fn string(&mut self, p: Pair<'_, Rule>) -> Node<String> {
        let span = span_of(&p);
        let raw = p.as_str();
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
        Node::new(unescape(inner), span)
    }

    fn int(&mut self, p: Pair<'_, Rule>) -> Node<i64> {
        let span = span_of(&p);
        match p.as_str().parse::<i64>() {
            Ok(v) => Node::new(v, span),
            Err(_) => {
                self.diags.push(
                    Diagnostic::new(Code::BadNumber, span, format!("`{}` is too large for a whole number", p.as_str()))
                        .with_help("whole numbers go up to 9223372036854775807"),
                );
                Node::new(0, span)
            }
        }
    }

    fn decimal(&mut self, p: &Pair<'_, Rule>, text: &str) -> Decimal {
        match crate::domain::money::parse_decimal(text) {
            Ok(d) => d,
            Err(_) => {
                self.diags.push(
                    Diagnostic::new(Code::BadNumber, span_of(p), format!("`{text}` does not fit in 28 significant digits"))
                        .with_help("decimals are exact up to 28 significant digits"),
                );
                Decimal::ZERO
            }
        }
    }

    fn date(&mut self, p: Pair<'_, Rule>) -> Node<NaiveDate> {
        let span = span_of(&p);
        match crate::domain::calendar::parse_date(p.as_str()) {
            Some(d) => Node::new(d, span),
            None => {
                self.diags.push(
                    Diagnostic::new(Code::BadDate, span, format!("`{}` is not a calendar date", p.as_str()))
                        .with_help("dates are written YYYY-MM-DD and must exist, e.g. `2026-02-28`"),
                );
                Node::new(NaiveDate::MIN, span)
            }
        }
    }

    fn timestamp(&mut self, p: &Pair<'_, Rule>) -> crate::domain::timestamp::Timestamp {
        match crate::domain::timestamp::parse_timestamp(p.as_str()) {
            Ok(t) => t,
            Err(e) => {
                self.diags.push(
                    Diagnostic::new(Code::BadTimestamp, span_of(p), e.0)
                        .with_help("timestamps are written YYYY-MM-DDTHH:MM with an offset below 24 hours, e.g. `2026-03-05T16:30+08:00`"),
                );
                chrono::DateTime::UNIX_EPOCH.fixed_offset()
            }
        }
    }

    // ------------------------------------------------------------ header, calendars, defects

    fn header(&mut self, p: Pair<'_, Rule>) -> B<Header> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let title = self.take(&mut it, Rule::string, span)?;
        let mut h = Header { title: self.string(title), currency: None, rounding: None, calendar: None, side: None };
        for item in it {
            let ispan = span_of(&item);
            let Some(value) = item.clone().into_inner().next() else { return Err(self.bad(ispan, "header item")) };
            match item.as_rule() {
                Rule::currency_item => h.currency = Some(self.name(value)),
                Rule::rounding_item => h.rounding = Some(Node::new(self.word(&value, "rounding mode")?, span_of(&value))),
                Rule::calendar_item => h.calendar = Some(self.name(value)),
                Rule::side_item => h.side = Some(Node::new(self.word(&value, "side")?, span_of(&value))),
                _ => return Err(self.bad(ispan, "header item")),
            }
        }
        Ok(h)
    }

    fn calendar(&mut self, p: Pair<'_, Rule>) -> B<CalendarDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let name = self.take(&mut it, Rule::ident, span)?;
        let mut c = CalendarDecl { name: self.name(name), description: None, weekend: vec![], holidays: vec![], workdays: vec![] };
        for item in it {
            let ispan = span_of(&item);
            match item.as_rule() {
                Rule::string => c.description = Some(self.string(item)),
                Rule::weekend_item => {
                    for day in item.into_inner() {
                        let wd = self.word::<WeekdayWord>(&day, "weekday")?.weekday();
                        c.weekend.push(Node::new(wd, span_of(&day)));
                    }
                }
                Rule::holiday_item => {
                    let mut parts: Vec<Pair<'_, Rule>> = item.into_inner().collect();
                    let Some(name) = parts.pop() else { return Err(self.bad(ispan, "holiday")) };
                    let mut dates = parts.into_iter();
                    let Some(from) = dates.next() else { return Err(self.bad(ispan, "holiday")) };
                    let from = self.date(from);
                    let to = dates.next().map(|d| self.date(d));
                    let name = self.string(name);
                    c.holidays.push(Node::new(HolidayDecl { from, to, name }, ispan));
                }
                Rule::workday_item => {
                    let mut e = item.into_inner();
                    let date = self.take(&mut e, Rule::date, ispan)?;
                    let name = self.take(&mut e, Rule::string, ispan)?;
                    let wd = WorkdayDecl { date: self.date(date), name: self.string(name) };
                    c.workdays.push(Node::new(wd, ispan));
                }
                _ => return Err(self.bad(ispan, "calendar item")),
            }
        }
        Ok(c)
    }

    fn defects(&mut self, p: Pair<'_, Rule>) -> B<DefectsDecl> {
        let mut d = DefectsDecl::default();
        for item in p.into_inner() {
            let ispan = span_of(&item);
            match item.as_rule() {
                Rule::scale_item => {
                    for entry in item.into_inner() {
                        let espan = span_of(&entry);
                        let mut e = entry.into_inner();
                        let level = self.take(&mut e, Rule::int, espan)?;
                        let level = self.int(level).node;
                        let class = match e.next() {
                            Some(c) if c.as_rule() == Rule::severity_class => Some(self.word(&c, "severity class")?),
                            _ => None,
                        };
                        d.scale.push(Node::new((level, class), espan));
                    }
                }
                Rule::defect => {
                    let mut e = item.into_inner();
                    let code = self.take(&mut e, Rule::ident, ispan)?;
                    let sev = self.take(&mut e, Rule::severity_ref, ispan)?;
                    let sev_span = span_of(&sev);
                    let severity = match sev.clone().into_inner().next() {
                        Some(inner) if inner.as_rule() == Rule::int => SeverityRef::Level(self.int(inner).node),
                        _ => SeverityRef::Class(self.word(&sev, "severity")?),
                    };
                    let desc = self.take(&mut e, Rule::string, ispan)?;
                    d.defects.push(Node::new(
                        DefectDecl { code: self.name(code), severity: Node::new(severity, sev_span), description: self.string(desc) },
                        ispan,
                    ));
                }
                Rule::exclusion => {
                    let mut e = item.into_inner();
                    let code = self.take(&mut e, Rule::ident, ispan)?;
                    let desc = self.take(&mut e, Rule::string, ispan)?;
                    let route = self.take(&mut e, Rule::string, ispan)?;
                    d.exclusions.push(Node::new(
                        ExclusionDecl { code: self.name(code), description: self.string(desc), route: self.string(route) },
                        ispan,
                    ));
                }
                _ => return Err(self.bad(ispan, "defects item")),
            }
        }
        Ok(d)
    }

    fn sampling(&mut self, p: Pair<'_, Rule>) -> B<SamplingDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let clause = self.take(&mut it, Rule::string, span)?;
        let mut s =
            SamplingDecl { clause: self.string(clause), iso: None, aql: vec![], max_rate: vec![], max_rate_all: None, switching: None };
        for item in it {
            let ispan = span_of(&item);
            match item.as_rule() {
                Rule::iso_item => {
                    let mut e = item.into_inner();
                    let level = self.take(&mut e, Rule::inspection_level, ispan)?;
                    let state = self.take(&mut e, Rule::inspection_state, ispan)?;
                    let level = self.word(&level, "inspection level")?;
                    let state = self.word(&state, "inspection state")?;
                    s.iso = Some(Node::new((level, state), ispan));
                }
                Rule::aql_item => {
                    for entry in item.into_inner() {
                        let espan = span_of(&entry);
                        let mut e = entry.into_inner();
                        let class = self.take(&mut e, Rule::severity_class, espan)?;
                        let num = self.take(&mut e, Rule::number, espan)?;
                        let value = self.decimal(&num, num.as_str());
                        let class = self.word(&class, "aql")?;
                        s.aql.push(Node::new((class, value), espan));
                    }
                }
                Rule::switching_item => {
                    let mut e = item.into_inner();
                    let rules = self.take(&mut e, Rule::switching_rules, ispan)?;
                    let rules: SwitchingRules = self.word(&rules, "switching rules")?;
                    s.switching = Some(Node::new(rules, ispan));
                }
                Rule::max_rate_item => {
                    for entry in item.into_inner() {
                        let espan = span_of(&entry);
                        match entry.as_rule() {
                            Rule::percent => {
                                let v = self.percent_value(&entry);
                                s.max_rate_all = Some(Node::new(v, espan));
                            }
                            _ => {
                                let mut e = entry.into_inner();
                                let class = self.take(&mut e, Rule::severity_class, espan)?;
                                let pct = self.take(&mut e, Rule::percent, espan)?;
                                let v = self.percent_value(&pct);
                                let class = self.word(&class, "rate")?;
                                s.max_rate.push(Node::new((class, v), espan));
                            }
                        }
                    }
                }
                _ => return Err(self.bad(ispan, "sampling item")),
            }
        }
        Ok(s)
    }

    fn percent_value(&mut self, p: &Pair<'_, Rule>) -> Decimal {
        let text = p.as_str().trim_end_matches('%');
        self.decimal(p, text)
    }

    // ------------------------------------------------------------ inputs, lets, deadlines

    fn input(&mut self, p: Pair<'_, Rule>) -> B<InputDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let name = self.take(&mut it, Rule::ident, span)?;
        let ty = self.take(&mut it, Rule::type_name, span)?;
        let ty_node = Node::new(self.word(&ty, "type name")?, span_of(&ty));
        let mut it = it.peekable();
        let default = match it.next_if(|x| x.as_rule() == Rule::term) {
            Some(d) => Some(self.term(d)?),
            None => None,
        };
        let description = it.next().map(|d| self.string(d));
        Ok(InputDecl { name: self.name(name), ty: ty_node, default, description })
    }

    fn let_decl(&mut self, p: Pair<'_, Rule>) -> B<LetDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner().peekable();
        let report = it.peek().map(|p| p.as_rule() == Rule::report_kw).unwrap_or(false);
        if report {
            it.next();
        }
        let Some(name) = it.next() else { return Err(self.bad(span, "let")) };
        let Some(value) = it.next() else { return Err(self.bad(span, "let")) };
        let value = self.expr(value)?;
        let label = it.next().map(|l| self.string(l));
        Ok(LetDecl { report, name: self.name(name), value, label })
    }

    fn deadline(&mut self, p: Pair<'_, Rule>) -> B<DeadlineDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let name = self.take(&mut it, Rule::ident, span)?;
        let clause = self.take(&mut it, Rule::string, span)?;
        let mut d = DeadlineDecl { name: self.name(name), clause: self.string(clause), due: None, met: None, missed: vec![] };
        for item in it {
            let ispan = span_of(&item);
            match item.as_rule() {
                Rule::due_item => {
                    let mut e = item.into_inner();
                    let length = self.take(&mut e, Rule::term, ispan)?;
                    let length = self.term(length)?;
                    let Some(after) = e.next() else { return Err(self.bad(ispan, "due")) };
                    let after = self.expr(after)?;
                    d.due = Some(Node::new(DueRule { length, after }, ispan));
                }
                Rule::met_when | Rule::met_by => {
                    let by = item.as_rule() == Rule::met_by;
                    let Some(e) = item.into_inner().next() else { return Err(self.bad(ispan, "met")) };
                    let e = self.expr(e)?;
                    d.met = Some(Node::new(if by { MetRule::By(e) } else { MetRule::When(e) }, ispan));
                }
                Rule::missed_item => {
                    let Some(effect) = item.into_inner().next() else { return Err(self.bad(ispan, "missed")) };
                    let espan = span_of(&effect);
                    let eff = match effect.as_rule() {
                        Rule::ineligible_effect => {
                            let mut e = effect.into_inner();
                            let reason = self.take(&mut e, Rule::string, espan)?;
                            MissedEffect::Ineligible(self.string(reason))
                        }
                        Rule::lost_effect => {
                            let mut parts: Vec<Pair<'_, Rule>> = effect.into_inner().collect();
                            let Some(reason) = parts.pop() else { return Err(self.bad(espan, "lost")) };
                            let remedies = parts.into_iter().map(|r| self.name(r)).collect();
                            MissedEffect::RemediesLost { remedies, reason: self.string(reason) }
                        }
                        _ => MissedEffect::Escalate(effect.into_inner().next().map(|s| self.string(s))),
                    };
                    d.missed.push(Node::new(eff, ispan));
                }
                _ => return Err(self.bad(ispan, "deadline item")),
            }
        }
        Ok(d)
    }

    // ------------------------------------------------------------ remedies, caps, recommendation

    fn remedy(&mut self, p: Pair<'_, Rule>) -> B<RemedyDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let name = self.take(&mut it, Rule::ident, span)?;
        let clause = self.take(&mut it, Rule::string, span)?;
        let mut r = RemedyDecl {
            name: self.name(name),
            clause: self.string(clause),
            when: vec![],
            unless: vec![],
            lines: vec![],
            caps: vec![],
            takes: None,
            risk: None,
            reserves: vec![],
            order: vec![],
        };
        for item in it {
            let ispan = span_of(&item);
            match item.as_rule() {
                Rule::when_item => {
                    let Some(e) = item.into_inner().next() else { return Err(self.bad(ispan, "when")) };
                    r.when.push(self.expr(e)?);
                    r.order.push(RemedyItemKind::When);
                }
                Rule::unless_item => {
                    let mut e = item.into_inner().filter(|x| x.as_rule() != Rule::because_kw);
                    let Some(cond) = e.next() else { return Err(self.bad(ispan, "unless")) };
                    let condition = self.expr(cond)?;
                    let Some(because) = e.next() else { return Err(self.bad(ispan, "because")) };
                    r.unless.push(Node::new(UnlessRule { condition, because: self.string(because) }, ispan));
                    r.order.push(RemedyItemKind::Unless);
                }
                Rule::cost_line => {
                    let mut e = item.into_inner().filter(|x| x.as_rule() != Rule::as_kw);
                    let payer = match e.next() {
                        Some(p) if p.as_rule() == Rule::payer => p,
                        _ => return Err(self.bad(ispan, "payer")),
                    };
                    let payer = match payer.into_inner().next().map(|p| p.as_rule()) {
                        Some(Rule::supplier_pays) => Payer::SupplierPays,
                        Some(Rule::buyer_pays) => Payer::BuyerPays,
                        Some(Rule::supplier_credits) => Payer::SupplierCredits,
                        _ => return Err(self.bad(ispan, "payer")),
                    };
                    let Some(amount) = e.next() else { return Err(self.bad(ispan, "cost line")) };
                    let amount = self.expr(amount)?;
                    let Some(label) = e.next() else { return Err(self.bad(ispan, "label")) };
                    r.lines.push(Node::new(CostLineDecl { payer, amount, label: self.string(label) }, ispan));
                    r.order.push(RemedyItemKind::Line);
                }
                Rule::remedy_cap => {
                    let Some(e) = item.into_inner().next() else { return Err(self.bad(ispan, "at most")) };
                    r.caps.push(self.expr(e)?);
                    r.order.push(RemedyItemKind::Cap);
                }
                Rule::takes_item => {
                    let mut e = item.into_inner().peekable();
                    let (min, max, unit) = self.time_range(&mut e, ispan)?;
                    let after = match e.next() {
                        Some(a) => Some(self.expr(a)?),
                        None => None,
                    };
                    let t = TakesRule { min, max, unit, after };
                    r.takes = Some(Node::new(t, ispan));
                    r.order.push(RemedyItemKind::Takes);
                }
                Rule::reserve_line => {
                    let mut e = item.into_inner().filter(|x| x.as_rule() != Rule::as_kw);
                    let Some(amount) = e.next() else { return Err(self.bad(ispan, "reserve")) };
                    let amount = self.expr(amount)?;
                    let Some(label) = e.next() else { return Err(self.bad(ispan, "label")) };
                    r.reserves.push(Node::new(ReserveDecl { amount, label: self.string(label) }, ispan));
                    r.order.push(RemedyItemKind::Reserve);
                }
                Rule::risk_item => {
                    let mut e = item.into_inner();
                    let level = self.take(&mut e, Rule::risk_level, ispan)?;
                    let risk: Risk = self.word(&level, "risk")?;
                    r.risk = Some(Node::new(risk, ispan));
                    r.order.push(RemedyItemKind::Risk);
                }
                _ => return Err(self.bad(ispan, "remedy item")),
            }
        }
        Ok(r)
    }

    fn cap(&mut self, p: Pair<'_, Rule>) -> B<CapDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let clause = self.take(&mut it, Rule::string, span)?;
        let mut c = CapDecl { clause: self.string(clause), limits: vec![] };
        for item in it {
            let ispan = span_of(&item);
            let mut e = item.into_inner();
            let Some(amount) = e.next() else { return Err(self.bad(ispan, "cap")) };
            let amount = self.expr(amount)?;
            let remedies = e.map(|r| self.name(r)).collect();
            c.limits.push(Node::new(CapLimit { amount, remedies }, ispan));
        }
        Ok(c)
    }

    fn recommend(&mut self, p: Pair<'_, Rule>) -> B<RecommendDecl> {
        let mut r = RecommendDecl::default();
        for rule in p.into_inner() {
            let rspan = span_of(&rule);
            match rule.as_rule() {
                Rule::prefer_rule => {
                    let mut e = rule.into_inner();
                    let remedy = self.take(&mut e, Rule::ident, rspan)?;
                    let when = match e.next() {
                        Some(w) => Some(self.expr(w)?),
                        None => None,
                    };
                    r.rules.push(Node::new(RecommendRule::Prefer { remedy: self.name(remedy), when }, rspan));
                }
                Rule::rank_rule => {
                    // The words of the atomic parts only: a comment may sit between them.
                    let words: Vec<String> = rule
                        .clone()
                        .into_inner()
                        .flat_map(|c| c.into_inner())
                        .flat_map(|atom| atom.as_str().split_whitespace().map(str::to_string).collect::<Vec<_>>())
                        .collect();
                    let Some(c) = RankCriterion::from_keyword(&words.join(" ")) else {
                        return Err(self.bad(rspan, "rank rule"));
                    };
                    r.rules.push(Node::new(RecommendRule::Rank(c), rspan));
                }
                _ => return Err(self.bad(rspan, "recommend rule")),
            }
        }
        Ok(r)
    }

    fn escalate(&mut self, p: Pair<'_, Rule>) -> B<EscalateDecl> {
        let mut e = EscalateDecl::default();
        for step in p.into_inner() {
            let sspan = span_of(&step);
            let mut it = step.into_inner().peekable();
            let name = self.take(&mut it, Rule::ident, sspan)?;
            let forum = self.take(&mut it, Rule::string, sspan)?;
            let takes = if it.peek().is_some_and(|p| p.as_rule() == Rule::int) { Some(self.time_range(&mut it, sspan)?) } else { None };
            let mut s =
                EscalationStep { name: self.name(name), forum: self.string(forum), takes, fees: vec![], when: vec![], unless: vec![] };
            for item in it {
                let ispan = span_of(&item);
                match item.as_rule() {
                    Rule::step_fee => {
                        let mut f = item.into_inner();
                        let Some(amount) = f.next() else { return Err(self.bad(ispan, "fee")) };
                        let amount = self.expr(amount)?;
                        let payer = self.take(&mut f, Rule::fee_payer, ispan)?;
                        let paid_by = Node::new(self.word(&payer, "fee payer")?, span_of(&payer));
                        s.fees.push(Node::new(StepFee { amount, paid_by }, ispan));
                    }
                    Rule::step_when => {
                        let Some(c) = item.into_inner().next() else { return Err(self.bad(ispan, "when")) };
                        s.when.push(self.expr(c)?);
                    }
                    Rule::step_unless => {
                        let mut u = item.into_inner().filter(|x| x.as_rule() != Rule::because_kw);
                        let Some(cond) = u.next() else { return Err(self.bad(ispan, "unless")) };
                        let condition = self.expr(cond)?;
                        let Some(because) = u.next() else { return Err(self.bad(ispan, "because")) };
                        s.unless.push(Node::new(UnlessRule { condition, because: self.string(because) }, ispan));
                    }
                    _ => return Err(self.bad(ispan, "escalation step item")),
                }
            }
            e.steps.push(Node::new(s, sspan));
        }
        Ok(e)
    }

    fn lever(&mut self, p: Pair<'_, Rule>) -> B<LeverDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let kind = self.take(&mut it, Rule::lever_kind, span)?;
        let kind = Node::new(self.word(&kind, "lever")?, span_of(&kind));
        let clause = self.take(&mut it, Rule::string, span)?;
        let mut l = LeverDecl { kind, clause: self.string(clause), amounts: vec![], when: vec![], release: vec![] };
        for item in it {
            let ispan = span_of(&item);
            let rule = item.as_rule();
            let Some(e) = item.into_inner().next() else { return Err(self.bad(ispan, "lever item")) };
            let e = self.expr(e)?;
            match rule {
                Rule::lever_amount => l.amounts.push(e),
                Rule::when_item => l.when.push(e),
                Rule::release_item => l.release.push(e),
                _ => return Err(self.bad(ispan, "lever item")),
            }
        }
        Ok(l)
    }

    fn currency_risk(&mut self, p: Pair<'_, Rule>) -> B<CurrencyRiskDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let side = self.take(&mut it, Rule::side, span)?;
        let bearer = Node::new(self.word(&side, "side")?, span_of(&side));
        let clause = self.take(&mut it, Rule::string, span)?;
        Ok(CurrencyRiskDecl { bearer, clause: self.string(clause) })
    }

    fn flag(&mut self, p: Pair<'_, Rule>) -> B<FlagDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let name = self.take(&mut it, Rule::ident, span)?;
        let clause = self.take(&mut it, Rule::string, span)?;
        let mut f = FlagDecl {
            name: self.name(name),
            clause: self.string(clause),
            recurrence: vec![],
            when: vec![],
            notify: vec![],
            tighten: None,
        };
        for item in it {
            let ispan = span_of(&item);
            match item.as_rule() {
                Rule::recurrence => {
                    let mut e = item.into_inner();
                    let at_least = self.take(&mut e, Rule::int, ispan)?;
                    let at_least = self.int(at_least);
                    let mut same = vec![];
                    let mut same_defect = false;
                    let mut within = None;
                    for part in e {
                        match part.as_rule() {
                            Rule::same_key => match part.into_inner().next() {
                                Some(k) => same.push(self.word(&k, "history key")?),
                                None => same_defect = true,
                            },
                            Rule::int => within = Some(self.int(part)),
                            _ => return Err(self.bad(ispan, "recurrence")),
                        }
                    }
                    let Some(within_days) = within else { return Err(self.bad(ispan, "recurrence")) };
                    f.recurrence.push(Node::new(Recurrence { at_least, same, same_defect, within_days }, ispan));
                }
                Rule::when_item => {
                    let Some(e) = item.into_inner().next() else { return Err(self.bad(ispan, "when")) };
                    f.when.push(self.expr(e)?);
                }
                Rule::tighten_item => f.tighten = Some(Node::new((), ispan)),
                Rule::notify_item => {
                    let Some(s) = item.into_inner().next() else { return Err(self.bad(ispan, "notify")) };
                    f.notify.push(self.string(s));
                }
                _ => return Err(self.bad(ispan, "flag item")),
            }
        }
        Ok(f)
    }

    // ------------------------------------------------------------ scorecard

    fn scorecard(&mut self, p: Pair<'_, Rule>) -> B<ScorecardDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let clause = self.take(&mut it, Rule::string, span)?;
        let mut s = ScorecardDecl { clause: self.string(clause), response_deadline: None, statuses: vec![], triggers: vec![] };
        for item in it {
            let ispan = span_of(&item);
            let rule = item.as_rule();
            let mut parts = item.into_inner().filter(|x| x.as_rule() != Rule::and_op);
            match rule {
                Rule::response_deadline => {
                    let Some(name) = parts.next() else { return Err(self.bad(ispan, "response deadline")) };
                    s.response_deadline = Some(self.name(name));
                }
                Rule::status_rule | Rule::trigger_rule => {
                    let Some(head) = parts.next() else { return Err(self.bad(ispan, "scorecard rule")) };
                    let mut thresholds = Vec::new();
                    for t in parts {
                        thresholds.push(self.threshold(t)?);
                    }
                    if rule == Rule::status_rule {
                        let status = self.string(head);
                        s.statuses.push(Node::new((status, thresholds), ispan));
                    } else {
                        let remedy = self.name(head);
                        s.triggers.push(Node::new((remedy, thresholds), ispan));
                    }
                }
                _ => return Err(self.bad(ispan, "scorecard item")),
            }
        }
        Ok(s)
    }

    fn process(&mut self, p: Pair<'_, Rule>) -> B<ProcessDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let clause = self.take(&mut it, Rule::string, span)?;
        let clause = self.string(clause);
        let mut items = Vec::new();
        for item in it {
            let ispan = span_of(&item);
            let rule = item.as_rule();
            let mut e = item.into_inner().peekable();
            let name = self.take(&mut e, Rule::ident, ispan)?;
            let name = self.name(name);
            let moment = match e.next_if(|x| x.as_rule() == Rule::moment_type) {
                Some(m) => {
                    let mspan = span_of(&m);
                    let kind = self.take(&mut m.into_inner(), Rule::moment_kind, mspan)?;
                    Some(Node::new(self.word::<TypeName>(&kind, "moment type")?, mspan))
                }
                None => None,
            };
            let text = self.take(&mut e, Rule::string, ispan)?;
            let text = self.string(text);
            let node = match rule {
                Rule::event_item => ProcessItem::Event(EventDecl { name, moment, description: text }),
                Rule::step_item => {
                    let min = self.take(&mut e, Rule::int, ispan)?;
                    let min = self.int(min);
                    let max = match e.next_if(|x| x.as_rule() == Rule::int) {
                        Some(max) => self.int(max),
                        None => min.clone(),
                    };
                    let unit = self.take(&mut e, Rule::step_unit, ispan)?;
                    let unit = match StepUnit::from_text(unit.as_str()) {
                        Some(u) => Node::new(u, span_of(&unit)),
                        None => return Err(self.bad(span_of(&unit), "step unit")),
                    };
                    let Some(after) = e.next() else { return Err(self.bad(ispan, "step anchor")) };
                    let after = self.expr(after)?;
                    ProcessItem::Step(StepDecl { name, moment, label: text, min, max, unit, after })
                }
                _ => return Err(self.bad(ispan, "process item")),
            };
            items.push(Node::new(node, ispan));
        }
        Ok(ProcessDecl { clause, items })
    }

    fn threshold(&mut self, p: Pair<'_, Rule>) -> B<Node<Threshold>> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let metric = self.take(&mut it, Rule::metric, span)?;
        let metric: Metric = self.word(&metric, "metric")?;
        let cmp = self.take(&mut it, Rule::comparison, span)?;
        let op = match cmp.into_inner().next().map(|x| x.as_rule()).and_then(infix_op) {
            Some(op) => op,
            None => return Err(self.bad(span, "comparison")),
        };
        let Some(value) = it.next() else { return Err(self.bad(span, "threshold")) };
        let percent = value.as_rule() == Rule::percent;
        let value = if percent { self.percent_value(&value) } else { self.decimal(&value, value.as_str()) };
        Ok(Node::new(Threshold { metric, op, value, percent }, span))
    }

    // ------------------------------------------------------------ examples

    fn example(&mut self, p: Pair<'_, Rule>) -> B<ExampleDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let name = self.take(&mut it, Rule::string, span)?;
        let given = self.take(&mut it, Rule::given, span)?;
        let gspan = span_of(&given);
        let mut g = given.into_inner();
        let Some(source) = g.next() else { return Err(self.bad(gspan, "given")) };
        let sspan = span_of(&source);
        let claim = match source.as_rule() {
            Rule::string => ClaimSource::File(self.string(source).node),
            _ => ClaimSource::Inline(self.json(source)?),
        };
        let mut overrides = vec![];
        for o in g {
            let ospan = span_of(&o);
            let mut e = o.into_inner();
            let path = self.take(&mut e, Rule::json_path, ospan)?;
            let Some(value) = e.next() else { return Err(self.bad(ospan, "override")) };
            overrides.push(Node::new((path.as_str().to_string(), self.json(value)?), ospan));
        }
        let mut expectations = vec![];
        for x in it {
            let xspan = span_of(&x);
            let Some(what) = x.into_inner().next() else { return Err(self.bad(xspan, "expect")) };
            expectations.push(Node::new(self.expectation(what)?, xspan));
        }
        Ok(ExampleDecl { name: self.string(name), claim: Node::new(claim, sspan), overrides, expectations })
    }

    fn expectation(&mut self, p: Pair<'_, Rule>) -> B<Expectation> {
        let span = span_of(&p);
        let rule = p.as_rule();
        let text = p.as_str();
        let mut it = p.into_inner();
        Ok(match rule {
            Rule::expect_lot => Expectation::Lot { rejected: text.trim_end().ends_with("rejected") },
            Rule::expect_eligibility => Expectation::Eligible(text == "eligible"),
            Rule::expect_recommend => match it.next() {
                Some(n) if n.as_rule() == Rule::ident => Expectation::Recommend(Some(self.name(n))),
                _ => Expectation::Recommend(None),
            },
            Rule::expect_deadline => {
                let name = self.take(&mut it, Rule::ident, span)?;
                let deadline = self.name(name);
                match it.next() {
                    Some(d) if d.as_rule() == Rule::date => Expectation::DeadlineDate { deadline, due: self.date(d).node },
                    Some(s) => Expectation::DeadlineStatus { deadline, status: self.word(&s, "deadline status")? },
                    None => return Err(self.bad(span, "expect deadline")),
                }
            }
            Rule::expect_flag | Rule::expect_no_flag => {
                let name = self.take(&mut it, Rule::ident, span)?;
                Expectation::Flag { flag: self.name(name), raised: rule == Rule::expect_flag }
            }
            Rule::expect_report => {
                let name = self.take(&mut it, Rule::ident, span)?;
                let Some(value) = it.next() else { return Err(self.bad(span, "expect report")) };
                Expectation::Report { name: self.name(name), value: self.term(value)? }
            }
            Rule::expect_error => Expectation::Error(text.split_whitespace().last().unwrap_or("").to_string()),
            Rule::expect_escalation => match it.next() {
                Some(d) if d.as_rule() == Rule::date => Expectation::EscalationOpens(self.date(d).node),
                Some(s) => Expectation::Escalation(self.word(&s, "escalation status")?),
                None => return Err(self.bad(span, "expect escalation")),
            },
            Rule::expect_escalation_step => {
                let name = self.take(&mut it, Rule::ident, span)?;
                let step = self.name(name);
                match it.next() {
                    Some(a) if a.as_rule() == Rule::availability && matches!(a.as_str(), "available" | "unavailable") => {
                        Expectation::StepAvailable { step, available: a.as_str() == "available" }
                    }
                    Some(m) if m.as_rule() == Rule::money => match self.literal(m)? {
                        Literal::Money { currency, amount } => Expectation::StepFee { step, currency, amount },
                        _ => return Err(self.bad(span, "expect step fee")),
                    },
                    // `capped` or `uncapped` of a step: a step is available or not.
                    Some(a) => {
                        self.diags.push(
                            Diagnostic::new(Code::InvalidExample, span_of(&a), format!("an escalation step is not `{}`", a.as_str()))
                                .with_help("expect a step `available`, `unavailable` or its `fee = USD ...`"),
                        );
                        Expectation::StepAvailable { step, available: true }
                    }
                    None => return Err(self.bad(span, "expect step")),
                }
            }
            Rule::expect_lever => {
                let kind = self.take(&mut it, Rule::lever_kind, span)?;
                let kind = Node::new(self.word(&kind, "lever")?, span_of(&kind));
                match it.next() {
                    Some(s) if s.as_rule() == Rule::lever_state => Expectation::Lever { kind, state: self.word(&s, "lever state")? },
                    Some(m) if m.as_rule() == Rule::money => match self.literal(m)? {
                        Literal::Money { currency, amount } => Expectation::LeverAmount { kind, currency, amount },
                        _ => return Err(self.bad(span, "expect lever amount")),
                    },
                    _ => return Err(self.bad(span, "expect lever")),
                }
            }
            Rule::expect_step => {
                let name = self.take(&mut it, Rule::ident, span)?;
                let step = self.name(name);
                let Some(c) = it.next() else { return Err(self.bad(span, "step expectation")) };
                let check = match c.as_rule() {
                    Rule::step_status => StepCheck::Status(self.word(&c, "step status")?),
                    Rule::step_due => {
                        let cspan = span_of(&c);
                        match c.into_inner().next() {
                            Some(m) if m.as_rule() == Rule::date => StepCheck::Due(self.date(m).node.to_string()),
                            Some(m) => StepCheck::Due(crate::domain::timestamp::format_timestamp(&self.timestamp(&m))),
                            None => return Err(self.bad(cspan, "step due")),
                        }
                    }
                    _ => {
                        let cspan = span_of(&c);
                        let text = self.take(&mut c.into_inner(), Rule::string, cspan)?;
                        StepCheck::LateBy(self.string(text).node)
                    }
                };
                Expectation::Step { step, check }
            }
            Rule::expect_next => match it.next() {
                Some(n) if n.as_rule() == Rule::ident => Expectation::Next(Some(self.name(n))),
                _ => Expectation::Next(None),
            },
            Rule::expect_remedy => {
                let name = self.take(&mut it, Rule::ident, span)?;
                let remedy = self.name(name);
                match it.next() {
                    Some(a) if a.as_rule() == Rule::availability => match a.as_str() {
                        "capped" | "uncapped" => Expectation::Capped { remedy, capped: a.as_str() == "capped" },
                        other => Expectation::Available { remedy, available: other == "available" },
                    },
                    Some(m) if m.as_rule() == Rule::remedy_measure => {
                        let measure = match m.into_inner().next().map(|x| x.as_rule()) {
                            Some(Rule::measure_supplier_total) => Measure::SupplierTotal,
                            Some(Rule::measure_buyer_pays) => Measure::BuyerPays,
                            Some(Rule::measure_net) => Measure::BuyerNetRecovery,
                            Some(Rule::measure_reserve) => Measure::Reserve,
                            _ => return Err(self.bad(span, "remedy measure")),
                        };
                        let money = self.take(&mut it, Rule::money, span)?;
                        match self.literal(money)? {
                            Literal::Money { currency, amount } => Expectation::Amount { remedy, measure, currency, amount },
                            _ => return Err(self.bad(span, "expect amount")),
                        }
                    }
                    _ => return Err(self.bad(span, "expect remedy")),
                }
            }
            _ => return Err(self.bad(span, "expectation")),
        })
    }

    fn json(&mut self, p: Pair<'_, Rule>) -> B<serde_json::Value> {
        self.nested(span_of(&p), |b| b.json_value(p))
    }

    /// Builds one nesting level deeper, refusing to go past the limit the source scan enforces:
    /// every later walk of the tree (checker, evaluator, formatter) recurses no deeper than this.
    fn nested<T>(&mut self, span: Span, build: impl FnOnce(&mut Builder) -> B<T>) -> B<T> {
        // The top-level expression or value is one level more than the scan counts.
        if self.depth > limits::MAX_NESTING {
            self.diags.push(
                Diagnostic::new(Code::NestingTooDeep, span, format!("expressions nest more than {} levels deep here", limits::MAX_NESTING))
                    .with_help("name intermediate values with `let` to flatten the expression"),
            );
            return Err(Bad);
        }
        self.depth = self.depth.saturating_add(1);
        let built = build(self);
        self.depth = self.depth.saturating_sub(1);
        built
    }

    fn json_value(&mut self, p: Pair<'_, Rule>) -> B<serde_json::Value> {
        use serde_json::Value;
        let span = span_of(&p);
        Ok(match p.as_rule() {
            Rule::json_object => {
                let mut map = serde_json::Map::new();
                for m in p.into_inner() {
                    let mspan = span_of(&m);
                    let mut e = m.into_inner();
                    let key = self.take(&mut e, Rule::string, mspan)?;
                    let Some(v) = e.next() else { return Err(self.bad(mspan, "json member")) };
                    let key = self.string(key).node;
                    map.insert(key, self.json(v)?);
                }
                Value::Object(map)
            }
            Rule::json_array => {
                let mut items = vec![];
                for v in p.into_inner() {
                    items.push(self.json(v)?);
                }
                Value::Array(items)
            }
            Rule::string => Value::String(self.string(p).node),
            // Keep the exact text of numbers: the claim reader takes amounts from their decimal text.
            Rule::json_number => match serde_json::from_str::<Value>(p.as_str()) {
                Ok(v) => v,
                Err(_) => return Err(self.bad(span, "json number")),
            },
            Rule::json_true => Value::Bool(true),
            Rule::json_false => Value::Bool(false),
            Rule::json_null => Value::Null,
            _ => return Err(self.bad(span, "json value")),
        })
    }

    fn kinds(&mut self, p: Pair<'_, Rule>) -> B<KindsDecl> {
        let mut k = KindsDecl::default();
        for item in p.into_inner().filter(|x| x.as_rule() == Rule::kind_item) {
            let ispan = span_of(&item);
            let mut e = item.into_inner();
            let name = self.take(&mut e, Rule::ident, ispan)?;
            let description = self.take(&mut e, Rule::string, ispan)?;
            k.kinds.push(Node::new((self.name(name), self.string(description)), ispan));
        }
        Ok(k)
    }

    fn ineligible(&mut self, p: Pair<'_, Rule>) -> B<IneligibleDecl> {
        let span = span_of(&p);
        let mut it = p.into_inner().filter(|x| !matches!(x.as_rule(), Rule::ineligible_kw | Rule::because_kw)).peekable();
        let clause = it.next_if(|x| x.as_rule() == Rule::string).map(|c| self.string(c));
        let Some(condition) = it.next() else { return Err(self.bad(span, "ineligible condition")) };
        let condition = self.expr(condition)?;
        let because = self.take(&mut it, Rule::string, span)?;
        Ok(IneligibleDecl { clause, condition, because: self.string(because) })
    }

    // ------------------------------------------------------------ expressions

    fn expr(&mut self, p: Pair<'_, Rule>) -> B<Node<Expr>> {
        let span = span_of(&p);
        match p.as_rule() {
            Rule::expr => {
                let Some(inner) = p.into_inner().next() else { return Err(self.bad(span, "expression")) };
                self.nested(span, |b| b.expr(inner))
            }
            Rule::if_expr => {
                let parts: Vec<Pair<'_, Rule>> = p.into_inner().filter(|x| x.as_rule() != Rule::else_if).collect();
                let mut exprs = Vec::with_capacity(parts.len());
                for part in parts {
                    exprs.push(self.expr(part)?);
                }
                let Some(last) = exprs.pop() else { return Err(self.bad(span, "if")) };
                if exprs.len() % 2 != 0 || exprs.is_empty() {
                    return Err(self.bad(span, "if"));
                }
                let mut branches = Vec::with_capacity(exprs.len() / 2);
                let mut it = exprs.into_iter();
                while let (Some(c), Some(v)) = (it.next(), it.next()) {
                    branches.push((c, v));
                }
                Ok(Node::new(Expr::If(branches, Box::new(last)), span))
            }
            Rule::op_expr => self.op_expr(p),
            _ => self.primary(p),
        }
    }

    /// Precedence climbing over the flat `prefix* term (infix prefix* term)*` sequence. Recursion is
    /// bounded by the number of precedence levels, not by the length of the expression.
    fn op_expr(&mut self, p: Pair<'_, Rule>) -> B<Node<Expr>> {
        let span = span_of(&p);
        let mut items = Vec::new();
        for x in p.into_inner() {
            let xs = span_of(&x);
            let item = match x.as_rule() {
                Rule::not_op => Item::Prefix(UnaryOp::Not, xs),
                Rule::neg => Item::Prefix(UnaryOp::Neg, xs),
                Rule::term => Item::Term(self.term(x)?),
                r => match infix_op(r) {
                    Some(op) => Item::Infix(op),
                    None => return Err(self.bad(xs, "operator")),
                },
            };
            items.push(item);
        }
        let mut pos = 0;
        let e = match climb(&items, &mut pos, 0) {
            Ok(e) => e,
            Err(Some(at)) => {
                self.diags.push(
                    Diagnostic::new(Code::NestingTooDeep, at, format!("more than {MAX_PREFIX_RUN} prefix operators in a row"))
                        .with_help("`not not x` is `x`: write the condition directly"),
                );
                return Err(Bad);
            }
            Err(None) => return Err(self.bad(span, "expression")),
        };
        if pos != items.len() {
            return Err(self.bad(span, "expression"));
        }
        Ok(e)
    }

    fn term(&mut self, p: Pair<'_, Rule>) -> B<Node<Expr>> {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let Some(primary) = it.next() else { return Err(self.bad(span, "term")) };
        let e = self.primary(primary)?;
        Ok(match it.next() {
            Some(unit) => Node::new(Expr::Duration(Box::new(e), self.time_unit(&unit)?), span),
            None => e,
        })
    }

    fn primary(&mut self, p: Pair<'_, Rule>) -> B<Node<Expr>> {
        let span = span_of(&p);
        let rule = p.as_rule();
        let e = match rule {
            Rule::paren => {
                let Some(inner) = p.into_inner().next() else { return Err(self.bad(span, "parenthesis")) };
                Expr::Paren(Box::new(self.expr(inner)?))
            }
            Rule::operand => {
                let Some(inner) = p.into_inner().next() else { return Err(self.bad(span, "operand")) };
                return self.primary(inner);
            }
            Rule::call => {
                let mut it = p.into_inner();
                let f = self.take(&mut it, Rule::function, span)?;
                let func: Func = self.word(&f, "function")?;
                let mut args = vec![];
                for a in it {
                    args.push(self.expr(a)?);
                }
                Expr::Call(func, args)
            }
            Rule::round_call | Rule::unit_call => {
                let mut it = p.into_inner();
                let f = self.take(&mut it, Rule::round_fn, span)?;
                let func: RoundFunc = self.word(&f, "rounding function")?;
                let Some(arg) = it.next() else { return Err(self.bad(span, "round")) };
                let arg = Box::new(self.expr(arg)?);
                let places = it.next().map(|n| self.int(n));
                let mode = match it.next() {
                    Some(m) => Some(self.word(&m, "rounding mode")?),
                    None => None,
                };
                Expr::Round { func, arg, places, mode }
            }
            Rule::days_between => {
                let mut it = p.into_inner().peekable();
                let business = it.peek().map(|x| x.as_rule() == Rule::business_kw).unwrap_or(false);
                if business {
                    it.next();
                }
                let (Some(a), Some(b)) = (it.next(), it.next()) else { return Err(self.bad(span, "days between")) };
                Expr::DaysBetween { business, from: Box::new(self.primary(a)?), to: Box::new(self.primary(b)?) }
            }
            Rule::span_between => {
                let mut it = p.into_inner();
                let count = self.take(&mut it, Rule::span_count, span)?;
                let count: SpanCount = self.word(&count, "span count")?;
                let unit = self.take(&mut it, Rule::span_unit, span)?;
                let unit: SpanUnit = self.word(&unit, "span unit")?;
                let (Some(a), Some(b)) = (it.next(), it.next()) else { return Err(self.bad(span, "between")) };
                Expr::SpanBetween { count, unit, from: Box::new(self.primary(a)?), to: Box::new(self.primary(b)?) }
            }
            Rule::part_call => {
                let mut it = p.into_inner();
                let part = self.take(&mut it, Rule::date_part, span)?;
                let part: DatePart = self.word(&part, "date part")?;
                let Some(arg) = it.next() else { return Err(self.bad(span, "date part")) };
                Expr::DatePart(part, Box::new(self.expr(arg)?))
            }
            Rule::count_expr | Rule::flagged_expr => {
                let Some(n) = p.into_inner().next() else { return Err(self.bad(span, "name")) };
                let n = self.name(n);
                if rule == Rule::count_expr { Expr::Count(n) } else { Expr::Flagged(n) }
            }
            Rule::path => {
                let names = p.into_inner().map(|n| self.name(n)).collect();
                Expr::Path(names)
            }
            Rule::kind_expr => {
                let mut it = p.into_inner().filter(|x| x.as_rule() != Rule::kind_kw);
                let name = self.take(&mut it, Rule::ident, span)?;
                Expr::Kind(self.name(name))
            }
            Rule::present_call => {
                let mut it = p.into_inner().filter(|x| x.as_rule() != Rule::present_fn);
                let path = self.take(&mut it, Rule::path, span)?;
                Expr::Present(path.into_inner().map(|n| self.name(n)).collect())
            }
            Rule::expr | Rule::if_expr | Rule::op_expr => return self.expr(p),
            Rule::term => return self.term(p),
            _ => Expr::Lit(self.literal(p)?),
        };
        Ok(Node::new(e, span))
    }

    fn literal(&mut self, p: Pair<'_, Rule>) -> B<Literal> {
        let span = span_of(&p);
        Ok(match p.as_rule() {
            Rule::money => {
                let mut it = p.clone().into_inner();
                let code = self.take(&mut it, Rule::currency_code, span)?;
                let num = self.take(&mut it, Rule::number, span)?;
                let negative = p.as_str().contains('-');
                let mut amount = self.decimal(&num, num.as_str());
                if negative {
                    amount.set_sign_negative(true);
                }
                Literal::Money { currency: code.as_str().to_string(), amount }
            }
            Rule::percent => Literal::Percent(self.percent_value(&p)),
            Rule::date => Literal::Date(self.date(p).node),
            Rule::timestamp => Literal::Timestamp(self.timestamp(&p)),
            Rule::number => {
                if p.as_str().contains('.') {
                    Literal::Decimal(self.decimal(&p, p.as_str()))
                } else {
                    Literal::Int(self.int(p).node)
                }
            }
            Rule::int => Literal::Int(self.int(p).node),
            Rule::bool_lit => Literal::Bool(p.as_str() == "true"),
            Rule::string => Literal::Text(self.string(p).node),
            _ => return Err(self.bad(span, "literal")),
        })
    }
}

enum Item {
    Prefix(UnaryOp, Span),
    Term(Node<Expr>),
    Infix(BinaryOp),
}

const NOT_BP: u8 = 3;
const NEG_BP: u8 = 7;

fn binding_power(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => 4,
        BinaryOp::Add | BinaryOp::Sub => 5,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Of => 6,
    }
}

/// At most this many prefix operators in a row (`not not x`); more is refused, not nested.
const MAX_PREFIX_RUN: usize = 8;

fn climb(items: &[Item], pos: &mut usize, min_bp: u8) -> Result<Node<Expr>, Option<Span>> {
    // A run of prefix operators applies to one operand: the tightest operand when all are `-`,
    // everything down to comparisons when one is `not`.
    let mut prefixes = Vec::new();
    while let Some(Item::Prefix(op, span)) = items.get(*pos) {
        prefixes.push((*op, *span));
        *pos = pos.saturating_add(1);
    }
    if prefixes.len() > MAX_PREFIX_RUN {
        return Err(prefixes.first().map(|(_, s)| *s));
    }
    let mut lhs = if prefixes.iter().any(|(op, _)| *op == UnaryOp::Not) {
        climb(items, pos, NOT_BP)?
    } else {
        match items.get(*pos) {
            Some(Item::Term(t)) => {
                *pos = pos.saturating_add(1);
                t.clone()
            }
            _ => return Err(None),
        }
    };
    const { assert!(NEG_BP > NOT_BP) };
    for (op, span) in prefixes.into_iter().rev() {
        let s = Span::new(span.start, lhs.span.end);
        lhs = Node::new(Expr::Unary(op, Box::new(lhs)), s);
    }
    // Operators of one level fold left into a flat chain.
    let mut level: Option<u8> = None;
    let mut rest: Vec<(BinaryOp, Node<Expr>)> = Vec::new();
    while let Some(Item::Infix(op)) = items.get(*pos) {
        let bp = binding_power(*op);
        if bp < min_bp {
            break;
        }
        if level.is_some_and(|l| l != bp) {
            lhs = join(lhs, std::mem::take(&mut rest));
        }
        level = Some(bp);
        *pos = pos.saturating_add(1);
        let rhs = climb(items, pos, bp.saturating_add(1))?;
        rest.push((*op, rhs));
    }
    Ok(join(lhs, rest))
}

fn join(first: Node<Expr>, mut rest: Vec<(BinaryOp, Node<Expr>)>) -> Node<Expr> {
    let end = rest.last().map(|(_, n)| n.span.end).unwrap_or(first.span.end);
    let span = Span::new(first.span.start, end);
    match rest.len() {
        0 => first,
        1 => match rest.pop() {
            Some((op, rhs)) => Node::new(Expr::Binary(op, Box::new(first), Box::new(rhs)), span),
            None => first,
        },
        _ => Node::new(Expr::Chain(Box::new(first), rest), span),
    }
}

fn infix_op(rule: Rule) -> Option<BinaryOp> {
    Some(match rule {
        Rule::or_op => BinaryOp::Or,
        Rule::and_op => BinaryOp::And,
        Rule::eq => BinaryOp::Eq,
        Rule::ne => BinaryOp::Ne,
        Rule::lt => BinaryOp::Lt,
        Rule::le => BinaryOp::Le,
        Rule::gt => BinaryOp::Gt,
        Rule::ge => BinaryOp::Ge,
        Rule::add => BinaryOp::Add,
        Rule::sub => BinaryOp::Sub,
        Rule::mul => BinaryOp::Mul,
        Rule::div => BinaryOp::Div,
        Rule::of_op => BinaryOp::Of,
        _ => return None,
    })
}

/// A string literal's text with its escapes (`\"`, `\\`, `\n`, `\t`) resolved.
pub(crate) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
