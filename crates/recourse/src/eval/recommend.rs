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
            return Ok(Recommendation { remedy: None, reasons, ranking });
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
                    self.traced(w.span, format!("recommend: {}", rule.text), None, |st| st.eval(w))
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
            return Ok(Recommendation { remedy: Some(name), reasons, ranking });
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
        let Some(best) = ranked.first().copied() else { return Ok(Recommendation { remedy: None, reasons, ranking }) };
        let best_r = remedies.get(best);
        let name = best_r.map(|r| r.name.clone()).unwrap_or_default();
        let criteria: Vec<&str> = ranking.iter().map(|c| c.display()).collect();
        let mut why = format!("{name} ranks first by {}", criteria.join(", then "));
        if let Some(second) = ranked.get(1).and_then(|i| remedies.get(*i))
            && let Some(b) = best_r
        {
            why.push_str(&format!(
                " (buyer net recovery {} {} against {} {} for {})",
                p.currency.code(),
                b.buyer_net_recovery,
                p.currency.code(),
                second.buyer_net_recovery,
                second.name
            ));
        }
        reasons.push(why);
        Ok(Recommendation { remedy: Some(name), reasons, ranking })
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
