//! [`Policy::sweep`]: one claim evaluated at every value of a range, as columns (one entry per
//! value), so that a host crosses its boundary with the engine once for the whole range.

use chrono::NaiveDate;
use serde::Serialize;

use super::{VarValue, Variable, VariableKind, VaryError};
use crate::domain::money::Money;
use crate::model::decision::Decision;
use crate::terms::{DeadlineStatus, Disposition, EscalationStatus};
use crate::{Claim, EvalError, Policy};

/// The most values one sweep evaluates: a typo in a step should not evaluate a million claims.
pub const MAX_SWEEP_POINTS: usize = 10_000;

/// A claim evaluated across a range of one variable: every column has one entry per value, in the
/// range's order; an entry is `null` where that value's evaluation failed (see `errors`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Sweep {
    /// The variable's path, e.g. `affected_units`.
    pub variable: String,
    /// Its kind.
    pub kind: VariableKind,
    /// The values, as the claim would write them (counts as whole numbers, amounts with the range's
    /// places, dates `YYYY-MM-DD`, `true`/`false`).
    pub values: Vec<String>,
    /// The recommended remedy at each value; `null` when none is available or the value failed.
    pub recommended: Vec<Option<String>>,
    /// Each remedy of the policy, in declaration order.
    pub remedies: Vec<RemedyColumn>,
    /// Each reported let, in the policy's order (as the decisions list them).
    pub reported: Vec<ReportedColumn>,
    /// Each deadline, in declaration order.
    pub deadlines: Vec<DeadlineColumn>,
    /// The lot's disposition at each value.
    pub lot: Vec<Option<Disposition>>,
    /// The escalation ladder's status at each value.
    pub escalation: Vec<Option<EscalationStatus>>,
    /// Each flag, in declaration order.
    pub flags: Vec<FlagColumn>,
    /// The error that stopped the evaluation at each value; `null` where it succeeded.
    pub errors: Vec<Option<EvalError>>,
}

/// One remedy across the range.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RemedyColumn {
    /// The remedy's name.
    pub name: String,
    /// Whether the buyer can claim it.
    pub available: Vec<Option<bool>>,
    /// The supplier's total, exact to the minor unit.
    #[schemars(with = "Vec<Option<String>>")]
    pub supplier_total: Vec<Option<Money>>,
    /// The buyer's costs.
    #[schemars(with = "Vec<Option<String>>")]
    pub buyer_pays: Vec<Option<Money>>,
    /// The supplier's total less the buyer's costs.
    #[schemars(with = "Vec<Option<String>>")]
    pub buyer_net_recovery: Vec<Option<Money>>,
    /// Whether a cap bound.
    pub capped: Vec<Option<bool>>,
}

/// One reported let across the range.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ReportedColumn {
    /// The let's name.
    pub name: String,
    /// Its value as the decision writes it.
    pub values: Vec<Option<String>>,
}

/// One deadline across the range.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DeadlineColumn {
    /// The deadline's name.
    pub name: String,
    /// Its due date.
    pub due: Vec<Option<NaiveDate>>,
    /// Its status on `as_of`.
    pub status: Vec<Option<DeadlineStatus>>,
}

/// One flag across the range.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FlagColumn {
    /// The flag's name.
    pub name: String,
    /// Whether it is raised.
    pub raised: Vec<Option<bool>>,
}

impl Policy {
    /// Evaluates `claim` with `variable` set to each of `values`, into columns. The claim (taken,
    /// not cloned) is changed in place, one field at a time: nothing is read from JSON again. A
    /// value whose evaluation fails has its error in `errors` and `null` in the other columns.
    pub fn sweep(&self, mut claim: Claim, variable: &Variable, values: &[VarValue]) -> Result<Sweep, VaryError> {
        variable.check_claim(&claim)?;
        if values.len() > MAX_SWEEP_POINTS {
            return Err(VaryError {
                too_many: true,
                ..VaryError::new(super::VaryPart::Step, format!("the range has more than {MAX_SWEEP_POINTS} values; use a larger step"))
            });
        }
        let info = self.describe();
        let n = values.len();
        let mut out = Sweep {
            variable: variable.path().to_string(),
            kind: variable.kind(),
            values: Vec::with_capacity(n),
            recommended: Vec::with_capacity(n),
            remedies: info
                .remedies
                .into_iter()
                .map(|r| RemedyColumn {
                    name: r.name,
                    available: Vec::with_capacity(n),
                    supplier_total: Vec::with_capacity(n),
                    buyer_pays: Vec::with_capacity(n),
                    buyer_net_recovery: Vec::with_capacity(n),
                    capped: Vec::with_capacity(n),
                })
                .collect(),
            reported: Vec::new(),
            deadlines: info
                .deadlines
                .into_iter()
                .map(|d| DeadlineColumn { name: d.name, due: Vec::with_capacity(n), status: Vec::with_capacity(n) })
                .collect(),
            lot: Vec::with_capacity(n),
            escalation: Vec::with_capacity(n),
            flags: info.flags.into_iter().map(|f| FlagColumn { name: f.name, raised: Vec::with_capacity(n) }).collect(),
            errors: Vec::with_capacity(n),
        };
        for (i, value) in values.iter().enumerate() {
            out.values.push(value.to_string());
            let result = variable.set(&mut claim, *value).and_then(|()| self.evaluate(&claim));
            out.push(i, result);
        }
        Ok(out)
    }
}

impl Sweep {
    /// Appends the entries of value `i` (the `i`-th in every column).
    fn push(&mut self, i: usize, result: Result<Decision, EvalError>) {
        let d = match result {
            Ok(d) => d,
            Err(e) => {
                self.recommended.push(None);
                for r in &mut self.remedies {
                    r.available.push(None);
                    r.supplier_total.push(None);
                    r.buyer_pays.push(None);
                    r.buyer_net_recovery.push(None);
                    r.capped.push(None);
                }
                for r in &mut self.reported {
                    r.values.push(None);
                }
                for x in &mut self.deadlines {
                    x.due.push(None);
                    x.status.push(None);
                }
                self.lot.push(None);
                self.escalation.push(None);
                for f in &mut self.flags {
                    f.raised.push(None);
                }
                self.errors.push(Some(e));
                return;
            }
        };
        self.recommended.push(d.recommendation.remedy);
        for col in &mut self.remedies {
            let r = d.remedies.iter().find(|r| r.name == col.name);
            col.available.push(r.map(|r| r.available));
            col.supplier_total.push(r.map(|r| r.supplier_total));
            col.buyer_pays.push(r.map(|r| r.buyer_pays));
            col.buyer_net_recovery.push(r.map(|r| r.buyer_net_recovery));
            col.capped.push(r.map(|r| r.capped));
        }
        // Reported lets appear in the order the decisions first list them; a column that starts
        // late is `null` before.
        for r in &d.reported {
            if !self.reported.iter().any(|c| c.name == r.name) {
                self.reported.push(ReportedColumn { name: r.name.clone(), values: vec![None; i] });
            }
        }
        for col in &mut self.reported {
            col.values.push(d.reported.iter().find(|r| r.name == col.name).map(|r| r.value.clone()));
        }
        for col in &mut self.deadlines {
            let x = d.deadlines.iter().find(|x| x.name == col.name);
            col.due.push(x.map(|x| x.due));
            col.status.push(x.map(|x| x.status));
        }
        self.lot.push(Some(d.lot.disposition));
        self.escalation.push(Some(d.escalation.status));
        for col in &mut self.flags {
            col.raised.push(d.flags.iter().find(|f| f.name == col.name).map(|f| f.raised));
        }
        self.errors.push(None);
    }
}
