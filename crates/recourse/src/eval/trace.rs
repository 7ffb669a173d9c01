//! The trace recorder: every traced condition and amount as a step, with the names it read.

use crate::check::CheckedPolicy;
use crate::diagnostics::Span;
use crate::model::decision::{Trace, TraceRead, TraceStep};
use crate::value::Value;

use super::error::R;
use super::expr::show_value;
use super::{Source, State};

/// The steps recorded so far and the reads of the step being evaluated.
#[derive(Debug, Default)]
pub(crate) struct Tracer {
    reads: Vec<TraceRead>,
    pub(super) steps: Vec<TraceStep>,
}

impl Tracer {
    /// The finished trace of one evaluation.
    pub(super) fn finish(self, source: &Source<'_>, as_of: chrono::NaiveDate) -> Trace {
        Trace { engine: crate::model::decision::ENGINE_VERSION.to_string(), policy_hash: source.hash.to_string(), as_of, steps: self.steps }
    }
}

/// How a traced result is shown.
pub(crate) trait TraceShow {
    fn show(&self, p: &CheckedPolicy) -> String;
}

impl TraceShow for Value {
    fn show(&self, p: &CheckedPolicy) -> String {
        show_value(p, self)
    }
}

impl State<'_> {
    /// Evaluate with the reads recorded as one trace step.
    pub(super) fn traced<T>(
        &mut self,
        span: Span,
        what: impl FnOnce() -> String,
        clause: Option<&str>,
        f: impl FnOnce(&mut Self) -> R<T>,
    ) -> R<T>
    where
        T: TraceShow,
    {
        let Some(tracer) = self.tracer.as_mut() else { return f(self) };
        let saved = std::mem::take(&mut tracer.reads);
        let out = f(self);
        let Some(tracer) = self.tracer.as_mut() else { return out };
        let mut reads = std::mem::replace(&mut tracer.reads, saved);
        // A name read twice is listed once.
        let mut seen = std::collections::HashSet::new();
        reads.retain(|r| seen.insert((r.name.clone(), r.value.clone())));
        if let Ok(v) = &out {
            let source = &self.source;
            tracer.steps.push(TraceStep {
                what: what(),
                clause: clause.map(|c| c.to_string()),
                source: source.text.get(span.start..span.end).unwrap_or("").to_string(),
                span,
                line: source.index.position(source.text, span.start).line,
                result: v.show(self.p),
                reads,
                rounding: None,
            });
        }
        out
    }

    /// Record that a name was read, when tracing.
    pub(super) fn read(&mut self, name: impl FnOnce() -> String, value: &Value) {
        let p = self.p;
        self.note_read(|| TraceRead { name: name(), value: show_value(p, value) });
    }

    /// Record a read built only when tracing.
    pub(super) fn note_read(&mut self, read: impl FnOnce() -> TraceRead) {
        if let Some(t) = self.tracer.as_mut() {
            t.reads.push(read());
        }
    }

    /// Note how the last step's amount was rounded, when tracing.
    pub(super) fn note_rounding(&mut self, text: impl FnOnce() -> String) {
        if let Some(step) = self.tracer.as_mut().and_then(|t| t.steps.last_mut()) {
            step.rounding = Some(text());
        }
    }
}
