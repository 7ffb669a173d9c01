//! The buyer's levers: withholding payment or holding shipments, with the amount withheld and
//! whether the release condition holds.

use crate::check::LeverInfo;
use crate::diagnostics::Code;
use crate::domain::money::Money;
use crate::model::decision::LeverOut;
use crate::value::Value;

use super::error::R;
use super::remedy::Amount;
use super::{State, concat, in_clause};

impl State<'_> {
    pub(super) fn levers(&mut self) -> R<Vec<LeverOut>> {
        let p = self.p;
        p.levers.iter().map(|l| self.lever(l)).collect()
    }

    fn lever(&mut self, l: &LeverInfo) -> R<LeverOut> {
        let p = self.p;
        let currency = p.currency;
        let what = l.kind.keyword();
        let mut applies = true;
        let mut reasons = Vec::new();
        for w in &l.when {
            let v = self
                .traced(w.span, || format!("withhold {what}: when"), Some(&l.clause), |st| st.eval(w))
                .map_err(|e| in_clause(e, &l.clause))?;
            let holds = v == Value::Bool(true);
            applies &= holds;
            reasons.push(concat(&["when ", self.text(w.span), if holds { ": yes" } else { ": no" }]));
        }
        let released = self
            .traced(l.release.span, || format!("withhold {what}: release when"), Some(&l.clause), |st| st.eval(&l.release))
            .map_err(|e| in_clause(e, &l.clause))?
            == Value::Bool(true);
        reasons.push(concat(&["release when ", self.text(l.release.span), if released { ": yes" } else { ": no" }]));
        let amount = match &l.amount {
            Some(a) => {
                let how = Amount { step: &format!("withhold {what}: amount"), trace_clause: Some(&l.clause), clause: &l.clause };
                Some(Money::new(self.amount_once(a, &how, Code::NegativeWithheld, "the amount withheld")?, currency))
            }
            None => None,
        };
        Ok(LeverOut {
            kind: l.kind,
            clause: l.clause.clone(),
            applies,
            released,
            in_force: applies && !released,
            amount,
            release: self.text(l.release.span).to_string(),
            reasons,
        })
    }
}
