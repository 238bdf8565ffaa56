//! `outsec explain [RULE]`

use std::fmt::Write as _;

use crate::check::rules::{self, RULES};
use crate::diag::{Severity, suggest};
use crate::{Error, Outcome};

#[derive(clap::Args)]
pub struct Args {
    /// Rule id, for example `OS-REF-001`. Without it, every rule is listed.
    rule: Option<String>,
}

pub fn run(args: &Args) -> Result<Outcome, Error> {
    let mut text = String::new();
    let Some(id) = &args.rule else {
        for r in RULES {
            let _ = writeln!(text, "{:<13} {:<8} {}", r.id, severity(r.severity), r.title);
        }
        return Ok(Outcome::default().stdout(text));
    };
    let Some(r) = rules::find(id) else {
        return Err(Error::UnknownRule {
            id: id.clone(),
            suggestion: suggest(&id.to_uppercase(), RULES.iter().map(|r| r.id)),
        });
    };
    let _ = writeln!(text, "{} ({}): {}\n", r.id, severity(r.severity), r.title);
    let _ = writeln!(text, "What it checks\n  {}\n", r.checks);
    let _ = writeln!(text, "Why\n  {}\n", r.why);
    let _ = writeln!(text, "How to fix\n  {}", r.fix);
    Ok(Outcome::default().stdout(text))
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
