//! `recommend`: the first `prefer` rule that applies, else the ranking of the available remedies.

use std::cmp::Ordering;

use crate::check::PreferTarget;
use crate::domain::money::Money;
use crate::model::decision::{Recommendation, RemedyResult};
use crate::terms::RankCriterion;
use crate::value::Value;

use super::error::R;
use super::{State, in_clause};

impl State<'_> {
    pub(super) fn recommend(&mut self, remedies: &[RemedyResult]) -> R<Recommendation> {
        let p = self.p;
        let mut reasons = Vec::new();
        let ranking = p.ranking.clone();
        let available: Vec<usize> = remedies.iter().enumerate().filter(|(_, r)| r.available).map(|(i, _)| i).collect();
        if available.is_empty() {
            reasons.push("no remedy is available".to_string());
            return Ok(Recommendation { remedy: None, reasons, ranking, side: p.side });
        }
        for rule in &p.prefer {
            let target = match rule.target {
                PreferTarget::Remedy(i) => Some(i),
                PreferTarget::Input(i) => match self.inputs.get(i) {
                    Some(Value::Remedy(r)) => Some(*r),
                    _ => None,
                },
            };
            let holds = match &rule.when {
                Some(w) => {
                    self.traced(w.span, || format!("recommend: {}", rule.text), None, |st| st.eval(w))
                        .map_err(|e| in_clause(e, "recommend"))?
                        == Value::Bool(true)
                }
                None => true,
            };
            let cond_text = rule.when.as_ref().map(|w| self.text(w.span).to_string());
            let Some(t) = target else { continue };
            let name = remedies.get(t).map(|r| r.name.clone()).unwrap_or_default();
            if !holds {
                reasons.push(format!("`prefer {name}` does not apply: {} is false", cond_text.unwrap_or_default()));
                continue;
            }
            if !available.contains(&t) {
                reasons.push(format!("`prefer {name}` skipped: {name} is not available"));
                continue;
            }
            reasons.push(match (cond_text, rule.target.clone()) {
                (Some(c), _) => format!("{name} preferred because {c}"),
                (None, PreferTarget::Input(i)) => {
                    format!("{name} preferred: it is the choice given in `{}`", p.inputs.get(i).map(|x| x.name.as_str()).unwrap_or(""))
                }
                (None, _) => format!("{name} preferred by the policy"),
            });
            return Ok(Recommendation { remedy: Some(name), reasons, ranking, side: p.side });
        }
        let mut ranked = available.clone();
        crate::sort::sort_by(&mut ranked, |a, b| {
            for c in &ranking {
                let o = compare_by(*c, *a, *b, remedies);
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
            }
            a.cmp(b)
        });
        let Some(best) = ranked.first().copied() else { return Ok(Recommendation { remedy: None, reasons, ranking, side: p.side }) };
        let best_r = remedies.get(best);
        let name = best_r.map(|r| r.name.clone()).unwrap_or_default();
        let criteria: Vec<&str> = ranking.iter().map(|c| p.side.criterion(*c)).collect();
        let mut why = format!("{name} ranks first by {}", criteria.join(", then "));
        if let Some(&second_i) = ranked.get(1)
            && let (Some(b), Some(second)) = (best_r, remedies.get(second_i))
        {
            why.push_str(&format!(" ({})", self.decided_by(&ranking, best, second_i, b, second, remedies)));
        }
        reasons.push(why);
        Ok(Recommendation { remedy: Some(name), reasons, ranking, side: p.side })
    }
}

impl State<'_> {
    /// Which criterion put `b` before `second`, with the values it compared: the first criterion
    /// on which they differ (the ones before it are named as equal).
    fn decided_by(
        &self,
        ranking: &[RankCriterion],
        best: usize,
        second_i: usize,
        b: &RemedyResult,
        second: &RemedyResult,
        remedies: &[RemedyResult],
    ) -> String {
        let decider = ranking.iter().position(|c| compare_by(*c, best, second_i, remedies) != Ordering::Equal);
        let Some(at) = decider else {
            return format!("equal to {} on every criterion; first in the policy's order", second.name);
        };
        let code = self.p.currency.code();
        let against = |what: &str, x: Money, y: Money| format!("{what} {code} {x} against {code} {y} for {}", second.name);
        let values = match ranking.get(at).copied().unwrap_or(RankCriterion::HighestBuyerNetRecovery) {
            RankCriterion::HighestBuyerNetRecovery | RankCriterion::LowestBuyerNetRecovery => {
                against("buyer net recovery", b.buyer_net_recovery, second.buyer_net_recovery)
            }
            RankCriterion::HighestSupplierTotal | RankCriterion::LowestSupplierTotal => {
                against(self.p.side.supplier_total(), b.supplier_total, second.supplier_total)
            }
            RankCriterion::HighestBuyerPays | RankCriterion::LowestBuyerPays => against("buyer cost", b.buyer_pays, second.buyer_pays),
            RankCriterion::ShortestTime | RankCriterion::LongestTime => {
                let done = |r: &RemedyResult| r.window.map_or("no time given".to_string(), |w| format!("done {} to {}", w.from, w.to));
                format!("{} against {} for {}", done(b), done(second), second.name)
            }
            RankCriterion::LowestRisk => {
                let risk = |r: &RemedyResult| r.risk.map_or("no risk given", |x| x.keyword());
                format!("risk {} against {} for {}", risk(b), risk(second), second.name)
            }
        };
        let equal: Vec<&str> = ranking.iter().take(at).map(|c| self.p.side.criterion(*c)).collect();
        if equal.is_empty() { values } else { format!("equal on {}; {values}", equal.join(", ")) }
    }
}

fn compare_by(c: RankCriterion, a: usize, b: usize, remedies: &[RemedyResult]) -> Ordering {
    let (ra, rb) = (remedies.get(a), remedies.get(b));
    let by = |of: fn(&RemedyResult) -> Money| {
        let amount = |r: Option<&RemedyResult>| r.map(|r| of(r).amount()).unwrap_or_default();
        amount(ra).cmp(&amount(rb))
    };
    let net = by(|r| r.buyer_net_recovery);
    let supplier = by(|r| r.supplier_total);
    let buyer = by(|r| r.buyer_pays);
    let window = |r: Option<&RemedyResult>| r.and_then(|r| r.window).map(|w| (w.to, w.from));
    match c {
        RankCriterion::HighestBuyerNetRecovery => net.reverse(),
        RankCriterion::LowestBuyerNetRecovery => net,
        RankCriterion::HighestSupplierTotal => supplier.reverse(),
        RankCriterion::LowestSupplierTotal => supplier,
        RankCriterion::HighestBuyerPays => buyer.reverse(),
        RankCriterion::LowestBuyerPays => buyer,
        // A remedy without a time is ranked after those with one.
        RankCriterion::ShortestTime => match (window(ra), window(rb)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        RankCriterion::LongestTime => match (window(ra), window(rb)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        RankCriterion::LowestRisk => {
            let risk = |r: Option<&RemedyResult>| r.and_then(|r| r.risk).map(|x| x as u8).unwrap_or(u8::MAX);
            risk(ra).cmp(&risk(rb))
        }
    }
}
