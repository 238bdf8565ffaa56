//! The command line: one file per subcommand, which maps its arguments to
//! a call into the library and what comes back to an [`Outcome`] or an
//! [`Error`]. [`main`] alone prints and decides the exit code.

mod answers;
mod build;
mod check;
mod coverage;
mod explain;
mod init;
mod pack;
mod schema;
mod templates;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{Error, exit};
use crate::report::{Notice, Outcome, Part};

#[derive(Parser)]
#[command(
    name = "outsec",
    version,
    about = "Turns the YAML description of an outsourcing project into the security documents of IT-Grundschutz (B 1.11 / OPS.2.3)",
    max_term_width = 100
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the inputs, then render every document as Markdown and HTML.
    Build(build::Args),
    /// Load and check the inputs only; print every diagnostic.
    Check(check::Args),
    /// Start a new project in DIR: commented inputs that pass `check`.
    Init(init::Args),
    /// Which catalogue items the inputs address, and which applicable ones they miss.
    Coverage(coverage::Args),
    /// Explain a rule: what it checks, why, and how to fix a finding.
    Explain(explain::Args),
    /// Cut the tender pack for bidders: folder, checksums and reproducible zip,
    /// and the NDA part separately.
    Pack(pack::Args),
    /// Print the JSON Schema (draft-07) of the input files, for editor
    /// completion and inline errors through yaml-language-server.
    Schema(schema::Args),
    /// Work with the questionnaires bidders return.
    #[command(subcommand)]
    Answers(answers::Command),
    /// Work with the built-in templates.
    #[command(subcommand)]
    Templates(templates::Command),
}

/// Runs the command line and returns the process's exit code. The one
/// place that writes to stdout and stderr: the notices of a command as it
/// runs, then its outcome or its error.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::FAILURE
            } else {
                exit::OK
            });
        }
    };
    crate::timings::start();
    let notify = |notice: Notice| eprint!("{notice}");
    let result = match cli.command {
        Command::Answers(cmd) => answers::run(&cmd, &notify),
        Command::Build(args) => build::run(&args, &notify),
        Command::Check(args) => check::run(&args),
        Command::Coverage(args) => coverage::run(&args, &notify),
        Command::Explain(args) => explain::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Pack(args) => pack::run(&args, &notify),
        Command::Schema(args) => Ok(schema::run(&args)),
        Command::Templates(cmd) => templates::run(&cmd, &notify),
    };
    show_timings();
    match result {
        Ok(outcome) => {
            show(&outcome);
            ExitCode::from(exit::OK)
        }
        Err(e) => {
            fail(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// With `OUTSEC_TIMINGS` set: how long each stage took, on stderr.
fn show_timings() {
    const MB: u64 = 1024 * 1024;
    for s in crate::timings::stages() {
        eprintln!(
            "timing: {:>8.1} ms  {:<10} resident {:>5} MB, peak {:>5} MB",
            s.took.as_secs_f64() * 1000.0,
            s.name,
            s.resident / MB,
            s.peak / MB
        );
    }
    for (name, took) in crate::timings::parts() {
        eprintln!(
            "timing: {:>8.1} ms    {name} (all documents together)",
            took.as_secs_f64() * 1000.0
        );
    }
}

fn show(outcome: &Outcome) {
    for part in outcome.parts() {
        match part {
            Part::Stdout(text) => print!("{text}"),
            Part::Stderr(text) => eprint!("{text}"),
        }
    }
}

/// Shows an error: what went wrong, what to do about it, and what became
/// of the output folder. `check`'s report is all it says.
fn fail(e: &Error) {
    if let Error::Findings(report) = e {
        show(report);
        return;
    }
    if let Error::Stale { report, .. } = e {
        eprint!("{report}");
    }
    eprintln!("error: {e}");
    if let Some(help) = e.help() {
        eprintln!("help: {help}");
    }
    if let Some(aftermath) = e.aftermath() {
        eprintln!("error: {aftermath}");
    }
}
