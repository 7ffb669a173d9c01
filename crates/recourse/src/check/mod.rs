//! AST -> checked policy: names resolved, types known, lets, deadlines and flags ordered (cycles
//! rejected), currencies and defect codes verified. Everything the evaluator needs is decided here.
//!
//! Where things are:
//! - `policy`: [`check`] itself: groups the declarations, runs the passes below in order and
//!   assembles the [`CheckedPolicy`].
//! - `catalogue`: the header, calendars, defect catalogue and sampling rule.
//! - `clauses`: inputs, lets, deadlines, flags, remedies and caps.
//! - `order`: which lets, deadlines and flags read which; their evaluation order; cycles.
//! - `recommend`: the recommendation, escalation and scorecard.
//! - `examples`: the names the policy's embedded examples refer to.
//! - `money`: who bears the currency risk, reserves, escalation fees and the buyer's levers.
//! - `lints`: the warnings (W0201-W0205): what is legal but cannot be meant.
//! - `expr`: expressions: names resolved, types inferred.
//! - `checked`: the output types, read by the evaluator.

mod catalogue;
mod checked;
mod clauses;
mod examples;
mod expr;
mod lints;
mod money;
mod never_holds;
mod order;
mod policy;
mod presence;
mod process;
mod recommend;
mod remedy_order;

pub use checked::*;
pub use policy::check;

pub(crate) use expr::article;
pub(crate) use expr::binary_type;
