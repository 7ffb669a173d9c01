//! Why an evaluation stopped, and the date errors every clause shares.

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostics::Code;
use crate::domain::calendar::DateError;

/// Why an evaluation stopped: a stable code, the clause being evaluated, and the claim field
/// involved when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EvalError {
    /// Stable code such as `E0304`; `Code::explanation` says what it means and how to fix it.
    #[schemars(with = "String")]
    pub code: Code,
    /// What went wrong, in one line; names and values from the policy or claim in backticks.
    pub message: String,
    /// The clause being evaluated: the clause a deadline, remedy, flag or cap cites, `let NAME` for a
    /// let, `recommend` for a rule; absent when the claim itself is at fault before any clause ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The claim's JSON path, e.g. `order.due_on`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Byte offsets in the policy source of the innermost expression that failed; absent when no
    /// expression did (e.g. a claim field that is wrong by itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<crate::diagnostics::Span>,
}

impl EvalError {
    /// An error with a code and a message, no clause, field or span yet.
    pub fn new(code: Code, message: impl Into<String>) -> EvalError {
        EvalError { code, message: message.into(), clause: None, field: None, span: None }
    }

    /// Names the claim field at fault by its JSON path, e.g. `inspection.sample_size`.
    pub fn field(mut self, field: impl Into<String>) -> EvalError {
        self.field = Some(field.into());
        self
    }

    /// Places the error at an expression of the policy, unless it already has a place (the innermost
    /// expression wins).
    pub fn at(mut self, span: crate::diagnostics::Span) -> EvalError {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    /// Whether the error has this code.
    pub fn is(&self, code: Code) -> bool {
        self.code == code
    }
}

pub(crate) type R<T> = Result<T, EvalError>;

/// A computed date a decision can show: years 0001 to 9999, as claims and policies write them
/// (`YYYY-MM-DD`). The calendar arithmetic itself goes on to chrono's range (`+10239-11-21`).
pub(crate) fn decision_date(d: NaiveDate) -> R<NaiveDate> {
    if (1..=9999).contains(&chrono::Datelike::year(&d)) { Ok(d) } else { Err(date_error(DateError::OutOfRange)) }
}

pub(crate) fn date_error(e: DateError) -> EvalError {
    match e {
        DateError::OutOfRange => EvalError::new(Code::Overflow, "a date fell outside the years 0001 to 9999"),
        DateError::NoBusinessDays => EvalError::new(Code::Overflow, "the calendar has no business days to count"),
    }
}
