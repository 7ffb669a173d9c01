//! `recourse`: the command-line tool for policy authors. See `recourse --help`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    // A bug is one line, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "error: internal error (a bug in recourse, please report it): {info}");
    }));
    let terminal = recourse_cli::Terminal {
        stdout_is_tty: std::io::stdout().is_terminal(),
        stderr_is_tty: std::io::stderr().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    };
    let outcome = recourse_cli::run(std::env::args_os(), terminal);
    // A closed pipe (`recourse sweep ... | head`) is not an error worth a message.
    let _ = std::io::stdout().lock().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stdout().lock().flush();
    let _ = std::io::stderr().lock().write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.code)
}
