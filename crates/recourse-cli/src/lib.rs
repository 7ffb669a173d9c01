//! The `recourse` command-line tool for policy authors, built only on the core's public API.
//!
//! Every command renders into strings ([`Outcome`]); `main` writes them out. Exit codes: 0 for
//! success, 1 when the policy has errors (or an example fails, or a file is not formatted), 2 for
//! bad command-line input (a missing file, invalid JSON, a claim field of the wrong type).

mod batch;
mod check;
pub mod codes;
mod diff;
mod eval;
mod explain;
mod flips;
mod fmt;
mod input;
mod packet;
mod render;
mod sweep;
mod table;
mod test;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// What a step of a command gives: its value, or the exit code after it reported why not.
pub(crate) enum Step<T> {
    Done(T),
    Reported(u8),
}

/// The value of a step that returns `Result<Outcome<T>, InputError>`; returns the exit code from
/// the command when the step reported instead (as `?` returns an error).
macro_rules! done {
    ($step:expr) => {
        match $step? {
            $crate::Step::Done(value) => value,
            $crate::Step::Reported(code) => return Ok(code),
        }
    };
}

/// Appends a line to a `String` (writing to a `String` cannot fail).
macro_rules! outln {
    ($out:expr) => {{
        $out.push('\n');
    }};
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}
pub(crate) use done;
pub(crate) use outln;

/// What the process is attached to, for choosing colour.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    pub stdout_is_tty: bool,
    pub stderr_is_tty: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
}

/// What a command printed and its exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

/// Bad command-line input: printed as one `error: ...` line, exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InputError(pub String);

impl InputError {
    pub(crate) fn new(message: impl Into<String>) -> InputError {
        InputError(message.into())
    }
}

pub(crate) const EXIT_OK: u8 = 0;
pub(crate) const EXIT_FAILED: u8 = 1;
pub(crate) const EXIT_INPUT: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "recourse",
    version,
    about = "Check, format, test and evaluate contract remedy policies",
    long_about = "Check, format, test and evaluate contract remedy policies.\n\nExit codes: 0 success; 1 the policy has errors, an example failed or a file is not formatted; 2 bad command-line input (missing file, invalid JSON, a claim field of the wrong type). `diff`: 0 nothing changed, 1 something changed, 2 bad input."
)]
struct Cli {
    /// When to colour diagnostics: auto colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// Rendered like rustc: code, message, file:line:col, the source line underlined, help.
    Human,
    /// One JSON array: per file, `{ "file", "ok", "diagnostics": [...] }`.
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Report every error and warning of policy files (directories: every *.policy inside).
    Check {
        /// Policy files, or directories of them.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
    },
    /// Rewrite policy files in the canonical layout (directories: every *.policy inside).
    Fmt {
        /// Change nothing: list the files that would change and exit 1 if there are any.
        #[arg(long)]
        check: bool,
        /// Policy files, or directories of them.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Run the examples embedded in policies (default: policies/ in the current directory).
    Test {
        /// Policy files, or directories of them.
        #[arg(value_name = "FILE|DIR")]
        paths: Vec<PathBuf>,
    },
    /// Evaluate a claim: the recommended remedy, every remedy, deadlines, flags, the lot.
    Eval {
        /// The policy file.
        policy: PathBuf,
        /// The claim, a JSON file.
        claim: PathBuf,
        /// Print the tagged result JSON (`{ "ok": true, "decision": ... }`) instead.
        #[arg(long)]
        json: bool,
    },
    /// Evaluate a claim and print the trace: every condition with the values it read, every
    /// amount with its rounding, with clause and line references.
    Explain {
        /// The policy file.
        policy: PathBuf,
        /// The claim, a JSON file.
        claim: PathBuf,
    },
    /// Evaluate a claim across a range of one field's values; prints CSV.
    Sweep {
        /// The policy file.
        policy: PathBuf,
        /// The claim, a JSON file: every row is this claim with one field changed.
        claim: PathBuf,
        /// The claim field to vary: a count or an amount (`affected_units`, `order.unit_price`,
        /// `inspection.found[0].count`), a date (`notified_on`), or a policy input's value in
        /// `facts` of any of these kinds or yes/no (`facts.next_order_value`, `facts.stock_critical`).
        #[arg(long, value_name = "PATH")]
        vary: String,
        /// The first value (a number or a date; for a yes/no field, default false).
        #[arg(long, value_name = "A", allow_negative_numbers = true)]
        from: Option<String>,
        /// The last value (included when a step lands on it; for a yes/no field, default true).
        #[arg(long, value_name = "B", allow_negative_numbers = true)]
        to: Option<String>,
        /// The increment: an exact decimal such as `50` or `0.25`; for dates a number of days
        /// (default 1); not used for a yes/no field.
        #[arg(long, value_name = "S", allow_negative_numbers = true)]
        step: Option<String>,
    },
    /// The exact values of one claim input where the decision turns (the recommended remedy, a
    /// remedy's availability, a cap binding, the lot, a deadline's status, the escalation), each
    /// with the values on either side and the clause responsible, and the intervals between.
    /// Every value of the range is evaluated (each unit, cent or day; at most 100 000), so no
    /// flip is missed.
    Flips {
        /// The policy file.
        policy: PathBuf,
        /// The claim, a JSON file.
        claim: PathBuf,
        /// The input to vary, as for `sweep`: a count, an amount, a date, a yes/no value or a
        /// numeric policy input (`facts.NAME`).
        #[arg(long, value_name = "PATH")]
        vary: String,
        /// The first value (default: 0 for numbers, 30 days before the claim's date, false).
        #[arg(long, value_name = "A", allow_negative_numbers = true)]
        from: Option<String>,
        /// The last value, included (default: the units ordered for `affected_units`, the sample
        /// for a defect count, twice the claim's value for other numbers, 30 days after for dates).
        #[arg(long, value_name = "B", allow_negative_numbers = true)]
        to: Option<String>,
        /// Print the tagged JSON result (schema: crates/recourse/schema/flips-result.schema.json).
        #[arg(long)]
        json: bool,
    },
    /// Evaluate many claims (one JSON object per line) on all cores; prints one JSON result per
    /// line, in input order: `{"line": N, "ok": true, "decision": ...}` or `{"line": N, "ok":
    /// false, "errors": [...]}`. A summary goes to stderr; exit 1 when any claim failed.
    Batch {
        /// The policy file.
        policy: PathBuf,
        /// Claims as JSON lines (`-` reads standard input).
        claims: PathBuf,
        /// Worker threads (default: one per core).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
    },
    /// Compare two versions of a policy over claims: the clauses that changed (by meaning, not
    /// layout or comments), each claim decided differently (eligibility, the recommendation,
    /// remedies' availability and totals with the exact change, deadlines, flags, the lot) with the
    /// clauses whose reasons differ, then a summary. Exit 0 when nothing changed, 1 when something
    /// did, 2 on bad input (a policy with errors, a missing file, a claim neither version decides).
    Diff {
        /// The old version of the policy.
        old: PathBuf,
        /// The new version of the policy.
        new: PathBuf,
        /// Claim files (`*.json`, one claim each) and JSON-lines files (any other name; `-` reads
        /// standard input).
        #[arg(required = true, value_name = "CLAIMS")]
        claims: Vec<PathBuf>,
        /// Print one JSON document (the schema is crates/recourse/schema/diff.schema.json).
        #[arg(long)]
        json: bool,
        /// How many of the largest changes the summary lists.
        #[arg(long, default_value_t = 10, value_name = "K")]
        top: usize,
        /// Worker threads (default: one per core).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
    },
    /// The supplier claim packet: defects by type, photos, the requested remedy with its cost
    /// lines and deadlines, the evidence, customer returns with pseudonyms (Markdown or JSON).
    Packet {
        /// The policy file.
        policy: PathBuf,
        /// The claim, a JSON file.
        claim: PathBuf,
        /// Print JSON instead of Markdown.
        #[arg(long)]
        json: bool,
    },
    /// The six-line closeout note: issue, affected field, supplier explanation, evidence
    /// reviewed, buyer decision, next control.
    Closeout {
        /// The policy file.
        policy: PathBuf,
        /// The claim, a JSON file.
        claim: PathBuf,
        /// What the supplier answered, if it has.
        #[arg(long, value_name = "TEXT")]
        explanation: Option<String>,
    },
    /// The defective log as CSV: one row per customer return (or per claim), pseudonymised.
    Log {
        /// The policy file.
        policy: PathBuf,
        /// Claim JSON files.
        #[arg(required = true, value_name = "CLAIM")]
        claims: Vec<PathBuf>,
    },
    /// The supplier scorecard over claims and lot receipts: lots rejected, PPM, defect rates,
    /// response times, recovery rate, and the status and remedies the policy's thresholds give.
    Scorecard {
        /// The policy file.
        policy: PathBuf,
        /// Claim JSON files.
        #[arg(value_name = "CLAIM")]
        claims: Vec<PathBuf>,
        /// A JSON array of lot receipts (`{ "lot", "received_on", "accepted" }` or with
        /// `lot_size`, `sample_size` and `found`).
        #[arg(long, value_name = "FILE")]
        receipts: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Explain a diagnostic code, e.g. `recourse explain-code E0103`.
    ExplainCode {
        /// A code such as `E0103` or `W0202`.
        #[arg(value_name = "CODE", required_unless_present = "all")]
        code: Option<String>,
        /// Print the whole diagnostics index (grammar/DIAGNOSTICS.md).
        #[arg(long, conflicts_with = "code")]
        all: bool,
    },
}

/// Output buffers and the colour decision, passed to every command.
pub(crate) struct Ctx {
    pub out: String,
    pub err: String,
    pub color_out: bool,
    pub color_err: bool,
}

/// Run the command line `args` (the first item is the program name).
pub fn run<I, T>(args: I, terminal: Terminal) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            let code = u8::try_from(e.exit_code()).unwrap_or(EXIT_INPUT);
            return if e.use_stderr() {
                Outcome { stdout: String::new(), stderr: text, code }
            } else {
                Outcome { stdout: text, stderr: String::new(), code }
            };
        }
    };
    let colour = |tty: bool| match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && !terminal.no_color,
    };
    let mut ctx = Ctx {
        out: String::new(),
        err: String::new(),
        color_out: colour(terminal.stdout_is_tty),
        color_err: colour(terminal.stderr_is_tty),
    };
    let result = match cli.command {
        Command::Check { files, format } => check::run(&mut ctx, &files, format == CheckFormat::Json),
        Command::Fmt { check, files } => fmt::run(&mut ctx, &files, check),
        Command::Test { paths } => test::run(&mut ctx, paths),
        Command::Eval { policy, claim, json } => eval::run(&mut ctx, &policy, &claim, json),
        Command::Explain { policy, claim } => explain::run(&mut ctx, &policy, &claim),
        Command::Sweep { policy, claim, vary, from, to, step } => {
            sweep::run(&mut ctx, &policy, &claim, &sweep::Range { path: vary, from, to, step })
        }
        Command::Flips { policy, claim, vary, from, to, json } => {
            flips::run(&mut ctx, &policy, &claim, &flips::Request { path: vary, from, to, json })
        }
        Command::ExplainCode { code, all } => codes::run(&mut ctx, code.as_deref(), all),
        Command::Packet { policy, claim, json } => packet::run_packet(&mut ctx, &policy, &claim, json),
        Command::Closeout { policy, claim, explanation } => packet::run_closeout(&mut ctx, &policy, &claim, explanation.as_deref()),
        Command::Log { policy, claims } => packet::run_log(&mut ctx, &policy, &claims),
        Command::Scorecard { policy, claims, receipts, json } => {
            packet::run_scorecard(&mut ctx, &policy, &claims, receipts.as_deref(), json)
        }
        Command::Diff { old, new, claims, json, top, jobs } => {
            // Streams: claims are written as they are compared.
            let opts = diff::Options { json, top, jobs };
            diff::run(&mut ctx, &old, &new, &claims, &mut std::io::stdout().lock(), &opts)
        }
        Command::Batch { policy, claims, jobs } => {
            // Streams: decisions go straight to stdout as they are made.
            let opts = batch::Options { jobs, progress: terminal.stderr_is_tty };
            batch::run(&mut ctx, &policy, &claims, &mut std::io::stdout().lock(), &opts)
        }
    };
    let code = match result {
        Ok(code) => code,
        Err(InputError(message)) => {
            outln!(ctx.err, "error: {message}");
            EXIT_INPUT
        }
    };
    Outcome { stdout: ctx.out, stderr: ctx.err, code }
}

/// `1 error`, `2 errors`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// The serde name of a unit enum value (`"rejected"`, `"low"`, `"highest_buyer_net_recovery"`).
pub(crate) fn serde_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::from("?"),
    }
}
