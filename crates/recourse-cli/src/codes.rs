//! The diagnostics index: every code with its title, severity and explanation, generated from
//! `recourse::Code::ALL`. `grammar/DIAGNOSTICS.md` is [`index`]; `recourse explain-code CODE`
//! prints that code's section of it, [`section`].

use recourse::{Code, Severity};

use crate::{Ctx, EXIT_OK, InputError};

/// One code's section of the index (a Markdown heading, the severity, the explanation).
pub fn section(code: Code) -> String {
    let severity = match code.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("## {}: {}\n\nSeverity: {severity}\n\n{}\n", code.as_str(), code.title(), code.explanation().trim_end())
}

/// GitHub's anchor for a heading.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The whole index, `grammar/DIAGNOSTICS.md`.
pub fn index() -> String {
    let mut out = String::new();
    out.push_str("# Recourse diagnostics\n\n");
    out.push_str(
        "Every code the checker and the evaluator report, with what it means and how to fix it. Codes are \
         stable: `E00xx` syntax and limits, `E01xx` policy errors, `W02xx` warnings, `E03xx` claim and \
         evaluation errors. `recourse explain-code CODE` prints a code's section.\n\n",
    );
    out.push_str(
        "<!-- Generated from `recourse::Code::ALL`; do not edit. Regenerate with \
         `RECOURSE_BLESS=1 cargo test -p recourse-cli --test diagnostics_index`. -->\n\n",
    );
    out.push_str("| Code | Severity | Title |\n| --- | --- | --- |\n");
    for code in Code::ALL {
        let heading = format!("{}: {}", code.as_str(), code.title());
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("| [{}](#{}) | {severity} | {} |\n", code.as_str(), anchor(&heading), code.title().replace('|', "\\|")));
    }
    for code in Code::ALL {
        out.push('\n');
        out.push_str(&section(*code));
    }
    out
}

pub(crate) fn run(ctx: &mut Ctx, code: Option<&str>, all: bool) -> Result<u8, InputError> {
    if all {
        ctx.out.push_str(&index());
        return Ok(EXIT_OK);
    }
    let text = code.unwrap_or("");
    match Code::parse(text) {
        Some(c) => {
            ctx.out.push_str(&section(c));
            Ok(EXIT_OK)
        }
        None => {
            let first = Code::ALL.first().map(|c| c.as_str()).unwrap_or("");
            let last = Code::ALL.last().map(|c| c.as_str()).unwrap_or("");
            Err(InputError::new(format!(
                "`{text}` is not a diagnostic code (codes run from {first} to {last}; `recourse explain-code --all` lists them)"
            )))
        }
    }
}
