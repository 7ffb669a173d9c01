//! Recourse: contract remedy policies for defective goods.
//!
//! The data flows one way: source text -> `syntax` (AST with spans) -> `check` (names
//! resolved, types known, lets ordered) -> `eval` (claim -> [`Decision`]). Below the pipeline
//! sit the language's words ([`terms`]), the diagnostics ([`diagnostics`]), the domain
//! ([`domain`]: money, calendars, ISO 2859-1 tables) and the model ([`model`]: the claim and the
//! decision). Above it: [`api`] (every tagged result the surfaces return), [`packet`] and
//! [`scorecard`]. No I/O, no clock, no floats.
//!
//! ```
//! let policy = recourse::Policy::compile(r#"
//!     policy "Minimal" { currency USD }
//!     remedy refund "R.1 Refund" {
//!       supplier pays claim.affected_units * order.unit_price as "Refund"
//!     }
//! "#).unwrap();
//! let claim = recourse::Claim::from_json(r#"{
//!     "claim_id": "C-1", "as_of": "2026-03-06", "currency": "USD",
//!     "order": { "units": 10, "unit_price": "4.25", "delivered_on": "2026-03-02" },
//!     "affected_units": 3, "discovered_on": "2026-03-04", "notified_on": "2026-03-05"
//! }"#).unwrap();
//! let decision = policy.evaluate(&claim).unwrap();
//! assert_eq!(decision.recommendation.remedy.as_deref(), Some("refund"));
//! assert_eq!(decision.remedies[0].supplier_total.to_string(), "12.75");
//! ```

#![deny(missing_docs)]

pub mod api;
pub(crate) mod check;
pub mod diagnostics;
pub mod diff;
pub mod domain;
pub(crate) mod embedded_tests;
pub(crate) mod eval;
pub mod glossary;
pub mod model;
pub mod packet;
pub mod schema;
pub mod scorecard;
mod sort;
pub mod syntax;
pub mod terms;
pub(crate) mod value;
pub mod vary;

pub use diagnostics::{Code, Diagnostic, Severity, Span};
pub use embedded_tests::{ExampleOutcome, Mismatch};
pub use eval::EvalError;
pub use model::claim::{Amount, Claim, ClaimError};
pub use model::decision::{Decision, DecisionSummary, ENGINE_VERSION};
pub use syntax::format::format;

use check::CheckedPolicy;
use diagnostics::LineIndex;

/// A compiled policy: parsed, checked, ready to evaluate many claims.
#[derive(Debug, Clone)]
pub struct Policy {
    source: String,
    index: LineIndex,
    hash: String,
    checked: CheckedPolicy,
    warnings: Vec<Diagnostic>,
}

impl Policy {
    /// Parse and check. On errors, returns every diagnostic (errors and warnings), sorted by
    /// position.
    pub fn compile(source: &str) -> Result<Policy, Vec<Diagnostic>> {
        let (checked, diags) = analyse(source);
        match checked {
            Some(checked) => {
                Ok(Policy { source: source.to_string(), index: LineIndex::new(source), hash: fnv1a_hex(source), checked, warnings: diags })
            }
            None => Err(diags),
        }
    }

    /// Warnings found while checking (the policy compiled).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The policy's source text, as compiled.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub(crate) fn checked(&self) -> &CheckedPolicy {
        &self.checked
    }

    /// The policy's title, as its header names it (`policy "Schedule Q" { ... }`).
    pub fn title(&self) -> &str {
        &self.checked.title
    }

    /// FNV-1a 64 of the source, hex; recorded in traces.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Evaluate a claim: the decision, or the error that stopped the evaluation (e.g. a claim in
    /// another currency, or a field a clause reads that the claim lacks). Reads no clock: today is
    /// the claim's `as_of`.
    pub fn evaluate(&self, claim: &Claim) -> Result<Decision, EvalError> {
        eval::evaluate(&self.checked, claim, self.eval_source(), None)
    }

    /// Evaluate a claim and keep what a what-if view needs: the recommendation, each remedy's
    /// availability and totals, each deadline's due date and status. The same evaluation as
    /// [`Policy::evaluate`], its decision cut down, so the figures cannot differ.
    pub fn evaluate_summary(&self, claim: &Claim) -> Result<DecisionSummary, EvalError> {
        self.evaluate(claim).map(DecisionSummary::from)
    }

    /// Evaluate and record a trace: every condition with the values it read, every amount with
    /// its rounding, with source spans.
    pub fn evaluate_traced(&self, claim: &Claim) -> Result<Decision, EvalError> {
        eval::evaluate(&self.checked, claim, self.eval_source(), Some(eval::Tracer::default()))
    }

    /// Parse claim JSON and evaluate; a malformed claim is an `E0301` error naming the field.
    pub fn evaluate_json(&self, claim_json: &str) -> Result<Decision, EvalError> {
        self.evaluate(&Claim::from_json(claim_json).map_err(claim_error)?)
    }

    /// [`Policy::evaluate_json`] with a trace, as [`Policy::evaluate_traced`].
    pub fn evaluate_json_traced(&self, claim_json: &str) -> Result<Decision, EvalError> {
        self.evaluate_traced(&Claim::from_json(claim_json).map_err(claim_error)?)
    }

    fn eval_source(&self) -> eval::Source<'_> {
        eval::Source { text: &self.source, index: &self.index, hash: &self.hash }
    }

    /// 1-based line of a byte offset in the source.
    pub(crate) fn index_line(&self, offset: usize) -> usize {
        self.index.position(&self.source, offset).line
    }

    /// The examples embedded in the policy, in source order: what a runner needs to load their
    /// claims and report them before [`Policy::run_example`].
    pub fn examples(&self) -> Vec<ExampleInfo<'_>> {
        self.checked
            .examples
            .iter()
            .map(|ex| ExampleInfo {
                name: &ex.name.node,
                line: self.index_line(ex.name.span.start),
                claim_file: match &ex.claim.node {
                    syntax::ast::ClaimSource::File(f) => Some(f),
                    syntax::ast::ClaimSource::Inline(_) => None,
                },
            })
            .collect()
    }

    /// Run example `i`. `base` is the claim the example names when it names a file (the caller
    /// loads it; the core does no I/O); inline claims need none.
    pub fn run_example(&self, i: usize, base: Option<serde_json::Value>) -> ExampleOutcome {
        embedded_tests::run(self, i, base)
    }
}

/// An example embedded in a policy (`example "..." { given claim ... expect ... }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExampleInfo<'a> {
    /// Its title.
    pub name: &'a str,
    /// The 1-based line of its title.
    pub line: usize,
    /// The claim file it names, relative to the policy file; `None` for a claim written inline.
    /// The caller loads it (the core does no I/O).
    pub claim_file: Option<&'a str>,
}

/// An `EvalError` for a claim that did not deserialize.
pub fn claim_error(e: ClaimError) -> EvalError {
    let at = if e.path.is_empty() { String::new() } else { format!("`{}`: ", e.path) };
    let mut err = EvalError::new(Code::InvalidClaim, format!("{at}{}", e.message));
    if !e.path.is_empty() {
        err = err.field(e.path);
    }
    err
}

/// Every diagnostic of a policy source (errors and warnings), sorted by position.
pub fn check(source: &str) -> Vec<Diagnostic> {
    analyse(source).1
}

fn analyse(source: &str) -> (Option<CheckedPolicy>, Vec<Diagnostic>) {
    match syntax::parse(source) {
        Ok((ast, diags)) => {
            let (checked, diags) = check::check(&ast, diags);
            (checked, diagnostics::finish(diags, source))
        }
        Err(diags) => (None, diagnostics::finish(diags, source)),
    }
}

fn fnv1a_hex(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}
