//! What a policy states before any rule: its header, business calendars, defect catalogue and
//! sampling rule.

use std::collections::{HashMap, HashSet};

use crate::check::expr::suggest;
use crate::check::policy::{Checker, RESERVED};
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::domain::calendar::{Calendar, Holiday};
use crate::domain::money::Currency;
use crate::domain::sampling::{Aql, InspectionLevel, InspectionState};
use crate::syntax::ast::*;

/// The header, checked. `decl` is the first header, if any; later ones are reported.
pub(super) struct PolicyHeader<'a> {
    pub decl: Option<&'a Header>,
    pub title: String,
    /// `None` when missing or unknown (reported).
    pub currency: Option<Currency>,
    pub rounding: RoundingMode,
    /// Whose side the policy is evaluated for.
    pub side: Side,
}

/// The defect catalogue: defects and exclusions, and every code either declares.
pub(super) struct Catalogue {
    pub defects: Vec<DefectInfo>,
    pub exclusions: Vec<ExclusionInfo>,
    pub codes: HashSet<String>,
}

impl<'a> Checker<'a> {
    pub(super) fn header(&mut self) -> PolicyHeader<'a> {
        let decls = self.decls;
        let headers = &decls.headers;
        let header = headers.first().map(|(h, _)| *h);
        if header.is_none() {
            self.diags.push(
                Diagnostic::new(Code::MissingHeader, Span::new(0, 0), "the policy has no header")
                    .with_help("start with `policy \"Title\" { currency USD }`"),
            );
        }
        for (_, span) in headers.iter().skip(1) {
            self.diags.push(Diagnostic::new(Code::MissingHeader, *span, "a policy has one header; this is a second one"));
        }
        let title = header.map(|h| h.title.node.clone()).unwrap_or_default();
        let currency = match header.and_then(|h| h.currency.as_ref()) {
            Some(code) => match Currency::from_code(&code.node) {
                Some(c) => Some(c),
                None => {
                    self.diags.push(
                        Diagnostic::new(Code::UnknownCurrency, code.span, format!("unknown currency `{}`", code.node))
                            .with_help("use an ISO 4217 code such as `USD`, `EUR`, `CNY`"),
                    );
                    None
                }
            },
            None => {
                if let Some((_, span)) = headers.first() {
                    self.diags.push(
                        Diagnostic::new(Code::MissingHeader, *span, "the header does not name a currency").with_help("add `currency USD`"),
                    );
                }
                None
            }
        };
        let rounding = header.and_then(|h| h.rounding.as_ref()).map(|r| r.node).unwrap_or(RoundingMode::HalfUp);
        let side = header.and_then(|h| h.side.as_ref()).map(|s| s.node).unwrap_or_default();
        PolicyHeader { decl: header, title, currency, rounding, side }
    }

    /// Build every declared calendar; return the one the header names (with its name), or Monday
    /// to Friday when it names none.
    pub(super) fn calendar(&mut self, header: Option<&Header>) -> (Option<String>, Calendar) {
        let decls = self.decls;
        let mut calendar_names: HashMap<String, usize> = HashMap::new();
        let mut built_calendars = Vec::new();
        for (i, c) in decls.calendars.iter().enumerate() {
            if calendar_names.insert(c.name.node.clone(), i).is_some() {
                self.diags.push(Diagnostic::new(Code::DuplicateName, c.name.span, format!("calendar `{}` is declared twice", c.name.node)));
            }
            built_calendars.push(self.build_calendar(c));
        }
        let calendar_name = header.and_then(|h| h.calendar.as_ref());
        let calendar = match calendar_name {
            Some(name) => match calendar_names.get(&name.node).and_then(|i| built_calendars.get(*i)) {
                Some(c) => c.clone(),
                None => {
                    let mut d = Diagnostic::new(Code::UnknownCalendar, name.span, format!("unknown calendar `{}`", name.node));
                    d = d.with_help(match suggest(&name.node, self.diags.len(), || calendar_names.keys().map(|s| s.as_str())) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("declare it: `calendar {} \"...\" {{ weekend sat, sun }}`", name.node),
                    });
                    self.diags.push(d);
                    Calendar::default()
                }
            },
            // Without a named calendar, business days are Monday to Friday.
            None => Calendar::new(&[chrono::Weekday::Sat, chrono::Weekday::Sun], vec![]),
        };
        (calendar_name.map(|c| c.node.clone()), calendar)
    }

    /// One calendar: its weekend, its holidays and the weekend days worked. Impossible parts are
    /// reported and left out.
    fn build_calendar(&mut self, c: &CalendarDecl) -> Calendar {
        let weekend: Vec<chrono::Weekday> = c.weekend.iter().map(|w| w.node).collect();
        let distinct: HashSet<chrono::Weekday> = weekend.iter().copied().collect();
        if distinct.len() >= 7 {
            self.diags.push(
                Diagnostic::new(Code::InvalidCalendar, c.name.span, format!("calendar `{}` has no business day in the week", c.name.node))
                    .with_help("a weekend of at most six days"),
            );
        }
        let mut holidays = Vec::new();
        for h in &c.holidays {
            let to = h.node.to.as_ref().map(|t| t.node).unwrap_or(h.node.from.node);
            if to < h.node.from.node {
                self.diags.push(
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
                self.diags.push(
                    Diagnostic::new(Code::InvalidCalendar, w.span, format!("workday {day} falls in the holiday `{}`", h.name))
                        .with_help("a make-up working day bridges a closure; it cannot lie inside one"),
                );
            } else if !base.is_weekend(day) {
                self.diags.push(
                    Diagnostic::new(Code::InvalidCalendar, w.span, format!("{day} is already a working day"))
                        .with_help("`workday` names a weekend day that is worked"),
                );
            } else {
                workdays.push(day);
            }
        }
        base.with_workdays(&workdays)
    }

    /// The defect blocks: the severity scale first (a defect may use a level mapped in a later
    /// block), then defects and exclusions, each code declared once.
    pub(super) fn defect_catalogue(&mut self) -> Catalogue {
        let decls = self.decls;
        let mut scale: HashMap<i64, Option<SeverityClass>> = HashMap::new();
        let mut catalogue = Catalogue { defects: Vec::new(), exclusions: Vec::new(), codes: HashSet::new() };
        for block in &decls.defect_blocks {
            for s in &block.scale {
                if scale.insert(s.node.0, s.node.1).is_some() {
                    self.diags.push(Diagnostic::new(Code::InvalidSeverity, s.span, format!("scale level {} is mapped twice", s.node.0)));
                }
            }
        }
        for block in &decls.defect_blocks {
            for d in &block.defects {
                let code = &d.node.code;
                if !declare_code(&mut catalogue.codes, code, &mut self.diags) {
                    continue;
                }
                if let Some(severity) = self.severity(&d.node, &scale) {
                    catalogue.defects.push(DefectInfo { code: code.node.clone(), severity, description: d.node.description.node.clone() });
                }
            }
            for e in &block.exclusions {
                if declare_code(&mut catalogue.codes, &e.node.code, &mut self.diags) {
                    catalogue.exclusions.push(ExclusionInfo {
                        code: e.node.code.node.clone(),
                        description: e.node.description.node.clone(),
                        route: e.node.route.node.clone(),
                    });
                }
            }
        }
        catalogue
    }

    /// A defect's severity class: named, or a level of the scale.
    fn severity(&mut self, d: &DefectDecl, scale: &HashMap<i64, Option<SeverityClass>>) -> Option<SeverityClass> {
        match &d.severity.node {
            SeverityRef::Class(c) => Some(*c),
            SeverityRef::Level(n) => match scale.get(n) {
                Some(Some(c)) => Some(*c),
                Some(None) => {
                    self.diags.push(
                        Diagnostic::new(
                            Code::InvalidSeverity,
                            d.severity.span,
                            format!("level {n} is `none` on the scale, so `{}` is not a defect", d.code.node),
                        )
                        .with_help("list it as `not a defect` instead"),
                    );
                    None
                }
                None => {
                    self.diags.push(
                        Diagnostic::new(Code::InvalidSeverity, d.severity.span, format!("level {n} is not on the scale"))
                            .with_help(format!("map it: `scale {n} = major`")),
                    );
                    None
                }
            },
        }
    }

    pub(super) fn sampling(&mut self) -> Option<SamplingRule> {
        let decls = self.decls;
        let samplings = &decls.samplings;
        for (_, span) in samplings.iter().skip(1) {
            self.diags.push(Diagnostic::new(Code::InvalidSampling, *span, "a policy has at most one sampling block"));
        }
        let (s, span) = samplings.first()?;
        let has_rate = !s.max_rate.is_empty() || s.max_rate_all.is_some();
        match (&s.iso, has_rate) {
            (Some(_), true) => {
                self.diags.push(Diagnostic::new(
                    Code::InvalidSampling,
                    *span,
                    "use either `iso2859` with `aql`, or `max defect rate`, not both",
                ));
                None
            }
            (Some(iso), false) => self.iso_sampling(s, iso),
            (None, true) => Some(self.max_rate_sampling(s, *span)),
            (None, false) => {
                self.diags.push(
                    Diagnostic::new(Code::InvalidSampling, *span, "the sampling block has no rule")
                        .with_help("add `iso2859 level II normal` with `aql ...`, or `max defect rate 2.5%`"),
                );
                None
            }
        }
    }

    /// `iso2859 level ...` with its `aql` line.
    fn iso_sampling(&mut self, s: &SamplingDecl, iso: &Node<(InspectionLevel, InspectionState)>) -> Option<SamplingRule> {
        if s.aql.is_empty() {
            self.diags.push(
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
                self.diags.push(Diagnostic::new(Code::InvalidSampling, entry.span, "this severity class already has an AQL"));
                continue;
            }
            match Aql::from_decimal(value) {
                Some(a) => aql.push((class, a)),
                None => self.diags.push(
                    Diagnostic::new(Code::InvalidAql, entry.span, format!("`{value}` is not an ISO 2859-1 AQL"))
                        .with_help("use 0 or a preferred value: 0.010 0.015 0.025 0.040 0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5 10 15 25 40 65 100 150 250 400 650 1000"),
                ),
            }
        }
        let (level, state) = iso.node;
        let switching = s.switching.as_ref().map(|x| x.node);
        Some(SamplingRule { clause: s.clause.node.clone(), method: SamplingMethod::Iso { level, state, aql, switching } })
    }

    /// `max defect rate ...`: no AQL, no switching.
    fn max_rate_sampling(&mut self, s: &SamplingDecl, span: Span) -> SamplingRule {
        if !s.aql.is_empty() {
            self.diags.push(Diagnostic::new(
                Code::InvalidSampling,
                span,
                "`aql` needs `iso2859 level ...`; with `max defect rate` leave it out",
            ));
        }
        if let Some(sw) = &s.switching {
            self.diags.push(
                Diagnostic::new(Code::InvalidSampling, sw.span, "switching rules need `iso2859` sampling")
                    .with_help("ISO 2859-1 switching changes the sampling plan; a maximum defect rate has none"),
            );
        }
        let mut seen = HashSet::new();
        let mut per_class = Vec::new();
        for entry in &s.max_rate {
            if !seen.insert(entry.node.0) {
                self.diags.push(Diagnostic::new(Code::InvalidSampling, entry.span, "this severity class already has a rate"));
                continue;
            }
            if entry.node.1 > rust_decimal::Decimal::ONE_HUNDRED {
                self.diags.push(Diagnostic::new(Code::InvalidSampling, entry.span, "a defect rate is at most 100%"));
            }
            per_class.push(entry.node);
        }
        SamplingRule {
            clause: s.clause.node.clone(),
            method: SamplingMethod::MaxRate { per_class, all: s.max_rate_all.as_ref().map(|n| n.node) },
        }
    }
}

/// Claim a defect or exclusion code. Codes have their own namespace, apart from the other names,
/// but may not be built-in names.
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
