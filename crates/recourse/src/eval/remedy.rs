//! `remedy` clauses: whether a remedy is available, its cost lines rounded once, the caps that
//! limit the supplier's total, and how long it takes.

use rust_decimal::Decimal;

use crate::check::{CExpr, RemedyInfo};
use crate::diagnostics::Code;
use crate::domain::money::{Checked, Currency, Money};
use crate::model::decision::{CostLine, LineKind, PayerOut, Reason, RemedyResult, Window};
use crate::terms::Payer;
use crate::value::Value;

use super::error::{EvalError, R};
use super::{State, concat, in_clause};

/// The running totals of a remedy's lines.
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    supplier: Decimal,
    credited: Decimal,
    buyer: Decimal,
}

/// The names under which a remedy's trace steps and errors are filed.
struct Names<'n> {
    clause: &'n str,
    /// The remedy's name: trace steps are labelled `remedy NAME: ...` (built only when tracing).
    name: &'n str,
}

fn too_long() -> EvalError {
    EvalError::new(Code::Overflow, "a total needs more than 28 significant digits")
}

fn add(a: Decimal, b: Decimal) -> R<Decimal> {
    a.plus(b).ok_or_else(too_long)
}

impl State<'_> {
    pub(super) fn remedy(&mut self, i: usize, eligible: bool, lost: Option<String>) -> R<RemedyResult> {
        let p = self.p;
        let Some(info) = p.remedies.get(i) else { return Err(EvalError::new(Code::Internal, "remedy out of range")) };
        let clause = info.clause.clone();
        let names = Names { clause: &clause, name: &info.name };
        let (available, mut reasons) = self.availability(info, &names, eligible, lost)?;
        let (mut lines, mut totals) = self.lines(info, &names)?;
        let currency = p.currency;
        let mut capped = false;
        if let Some((l, cap_clause)) = self.limit(i, info, &names)?
            && totals.supplier > l
        {
            let cut =
                l.minus(totals.supplier).ok_or_else(|| EvalError::new(Code::Overflow, "a cap needs more than 28 significant digits"))?;
            lines.push(CostLine {
                label: format!("Cap: supplier total at most {}", currency.format(l)),
                payer: PayerOut::Supplier,
                kind: LineKind::Cap,
                amount: Money::new(cut, currency),
                clause: cap_clause.clone(),
                conversions: Vec::new(),
            });
            totals.supplier = l;
            totals.credited = totals.credited.min(totals.supplier.max(Decimal::ZERO));
            capped = true;
            reasons.push(Reason { clause: cap_clause, text: format!("capped at {}", currency.format(l)), holds: true });
        }
        let reserve = self.reserves(info, &names, &mut lines)?;
        let Totals { supplier, credited, buyer } = totals;
        let net = supplier.minus(buyer).ok_or_else(too_long)?;
        let window = self.window(info, &clause)?;
        Ok(RemedyResult {
            name: info.name.clone(),
            clause,
            available,
            reasons,
            lines,
            supplier_total: Money::new(supplier, currency),
            buyer_pays: Money::new(buyer, currency),
            buyer_net_recovery: Money::new(net, currency),
            credited: Money::new(credited, currency),
            reserve: reserve.map(|r| Money::new(r, currency)),
            capped,
            window,
            risk: info.risk,
        })
    }

    /// Whether the remedy is available: the claim is eligible, no missed deadline took it, every
    /// `when` holds and no `unless` applies. Each condition becomes a reason.
    fn availability(&mut self, info: &RemedyInfo, n: &Names<'_>, eligible: bool, lost: Option<String>) -> R<(bool, Vec<Reason>)> {
        let clause = n.clause;
        let mut reasons = Vec::new();
        let mut available = true;
        if !eligible {
            available = false;
            reasons.push(Reason { clause: clause.to_string(), text: "the claim is ineligible".to_string(), holds: false });
        }
        if let Some(l) = lost {
            available = false;
            reasons.push(Reason { clause: clause.to_string(), text: format!("lost: {l}"), holds: false });
        }
        for w in &info.when {
            let v = self
                .traced(w.span, || format!("remedy {}: when", n.name), Some(clause), |st| st.eval(w))
                .map_err(|e| in_clause(e, clause))?;
            let holds = v == Value::Bool(true);
            available &= holds;
            reasons.push(Reason {
                clause: clause.to_string(),
                text: concat(&["when ", self.text(w.span), if holds { ": yes" } else { ": no" }]),
                holds,
            });
        }
        for (u, because) in &info.unless {
            let v = self
                .traced(u.span, || format!("remedy {}: unless", n.name), Some(clause), |st| st.eval(u))
                .map_err(|e| in_clause(e, clause))?;
            let applies = v == Value::Bool(true);
            if applies {
                available = false;
                reasons.push(Reason { clause: clause.to_string(), text: because.clone(), holds: false });
            } else {
                reasons.push(Reason { clause: clause.to_string(), text: concat(&["unless ", self.text(u.span), ": no"]), holds: true });
            }
        }
        Ok((available, reasons))
    }

    /// The cost lines, each rounded once by the policy's rule, and their totals.
    fn lines(&mut self, info: &RemedyInfo, n: &Names<'_>) -> R<(Vec<CostLine>, Totals)> {
        let p = self.p;
        let currency = p.currency;
        let mut lines = Vec::new();
        let mut t = Totals::default();
        for line in &info.lines {
            let saved = std::mem::take(&mut self.conversions_read);
            let v = self
                .traced(line.amount.span, || format!("remedy {}: {}", n.name, line.label), Some(n.clause), |st| st.eval(&line.amount))
                .map_err(|e| in_clause(e, n.clause))?;
            let conversions = self.take_conversions(saved);
            let Value::Money(exact) = v else { return Err(EvalError::new(Code::Internal, "a cost line is not money")) };
            let rounded = currency.round(exact, p.rounding);
            if rounded != exact {
                self.note_rounding(|| format!("{} rounded {} to {}", exact, p.rounding.display(), currency.format(rounded)));
            }
            let (payer, kind) = PayerOut::from_payer(line.payer);
            match line.payer {
                Payer::SupplierPays => t.supplier = add(t.supplier, rounded)?,
                Payer::SupplierCredits => {
                    t.supplier = add(t.supplier, rounded)?;
                    t.credited = add(t.credited, rounded)?;
                }
                Payer::BuyerPays => t.buyer = add(t.buyer, rounded)?,
            }
            lines.push(CostLine {
                label: line.label.clone(),
                payer,
                kind,
                amount: Money::new(rounded, currency),
                clause: n.clause.to_string(),
                conversions,
            });
        }
        Ok((lines, t))
    }

    /// The `reserve` lines, each rounded once, after the cost and cap lines; their sum, or `None`
    /// when the remedy has none. A reserve is charged to nobody, so it is in neither total.
    fn reserves(&mut self, info: &RemedyInfo, n: &Names<'_>, lines: &mut Vec<CostLine>) -> R<Option<Decimal>> {
        if info.reserves.is_empty() {
            return Ok(None);
        }
        let currency = self.p.currency;
        let mut sum = Decimal::ZERO;
        for (amount, label) in &info.reserves {
            let saved = std::mem::take(&mut self.conversions_read);
            let what = Amount { step: &format!("remedy {}: {label}", n.name), trace_clause: Some(n.clause), clause: n.clause };
            let rounded = self.amount_once(amount, &what, Code::NegativeReserve, &format!("the reserve `{label}`"))?;
            let conversions = self.take_conversions(saved);
            sum = add(sum, rounded)?;
            lines.push(CostLine {
                label: label.clone(),
                payer: PayerOut::Nobody,
                kind: LineKind::Reserve,
                amount: Money::new(rounded, currency),
                clause: n.clause.to_string(),
                conversions,
            });
        }
        Ok(Some(sum))
    }

    /// The lowest cap on the supplier's total and the clause that sets it: the remedy's own
    /// `at most`, then the policy's caps that apply to remedy `i`.
    fn limit(&mut self, i: usize, info: &RemedyInfo, n: &Names<'_>) -> R<Option<(Decimal, String)>> {
        let p = self.p;
        let currency = p.currency;
        let mut limit: Option<(Decimal, String)> = None;
        for c in &info.caps {
            let v = self
                .traced(c.span, || format!("remedy {}: at most", n.name), Some(n.clause), |st| st.eval(c))
                .map_err(|e| in_clause(e, n.clause))?;
            if let Value::Money(a) = v {
                let a = non_negative_cap(currency.round(a, p.rounding), currency, n.clause)?;
                if limit.as_ref().map(|(l, _)| a < *l).unwrap_or(true) {
                    limit = Some((a, n.clause.to_string()));
                }
            }
        }
        for cap in p.caps.iter().filter(|c| c.remedies.is_empty() || c.remedies.contains(&i)) {
            let v = self
                .traced(cap.amount.span, || format!("cap {}", cap.clause), Some(&cap.clause), |st| st.eval(&cap.amount))
                .map_err(|e| in_clause(e, &cap.clause))?;
            if let Value::Money(a) = v {
                let a = non_negative_cap(currency.round(a, p.rounding), currency, &cap.clause)?;
                if limit.as_ref().map(|(l, _)| a < *l).unwrap_or(true) {
                    limit = Some((a, cap.clause.clone()));
                }
            }
        }
        Ok(limit)
    }

    /// When the remedy would be done: `takes` from its start (`as_of` unless given).
    fn window(&mut self, info: &RemedyInfo, clause: &str) -> R<Option<Window>> {
        let Some(t) = &info.takes else { return Ok(None) };
        let start = match &t.after {
            Some(a) => match self.eval(a).map_err(|e| in_clause(e, clause))? {
                Value::Date(d) => d,
                _ => return Err(EvalError::new(Code::Internal, "takes start is not a date")),
            },
            None => self.claim.as_of,
        };
        let from = self.shift(start, t.min, t.unit).map_err(|e| in_clause(e, clause))?;
        let to = self.shift(start, t.max, t.unit).map_err(|e| in_clause(e, clause))?;
        Ok(Some(Window { from, to }))
    }
}

/// How an amount that is not a cost line is filed: its trace step, the clause the trace names
/// (escalation steps have none) and the clause its errors name.
pub(super) struct Amount<'a> {
    pub step: &'a str,
    pub trace_clause: Option<&'a str>,
    pub clause: &'a str,
}

impl State<'_> {
    /// A money expression evaluated as a trace step and rounded once by the policy's rule (the
    /// rounding noted in the trace); below zero it is the error `code`, naming `what` and the amount.
    /// Reserves, escalation fees and withheld amounts are computed so.
    pub(super) fn amount_once(&mut self, e: &CExpr, how: &Amount<'_>, code: Code, what: &str) -> R<Decimal> {
        let p = self.p;
        let currency = p.currency;
        let v =
            self.traced(e.span, || how.step.to_string(), how.trace_clause, |st| st.eval(e)).map_err(|err| in_clause(err, how.clause))?;
        let Value::Money(exact) = v else { return Err(EvalError::new(Code::Internal, format!("{what} is not money"))) };
        let rounded = currency.round(exact, p.rounding);
        if rounded != exact {
            self.note_rounding(|| format!("{} rounded {} to {}", exact, p.rounding.display(), currency.format(rounded)));
        }
        if rounded.is_sign_negative() && !rounded.is_zero() {
            return Err(in_clause(
                EvalError::new(code, format!("{what} comes out at {} {}", currency.code(), currency.format(rounded))).at(e.span),
                how.clause,
            ));
        }
        Ok(rounded)
    }
}

/// A cap computed from the claim that comes out below zero would turn the supplier's total
/// negative (a refund the buyer pays): an error of the clause, not a number.
fn non_negative_cap(a: Decimal, currency: Currency, clause: &str) -> R<Decimal> {
    if a.is_sign_negative() && !a.is_zero() {
        return Err(in_clause(
            EvalError::new(
                Code::NegativeCapValue,
                format!("the cap comes out at {} {} for this claim", currency.code(), currency.format(a)),
            ),
            clause,
        ));
    }
    Ok(a)
}
