//! `outsec explain [RULE]`

use super::exit;
use crate::check::rules::{self, RULES};
use crate::diag::{Severity, suggest};

#[derive(clap::Args)]
pub struct Args {
    /// Rule id, for example `OS-REF-001`. Without it, every rule is listed.
    rule: Option<String>,
}

pub fn run(args: &Args) -> i32 {
    let Some(id) = &args.rule else {
        for r in RULES {
            println!("{:<13} {:<8} {}", r.id, severity(r.severity), r.title);
        }
        return exit::OK;
    };
    match rules::find(id) {
        Some(r) => {
            println!("{} ({}): {}\n", r.id, severity(r.severity), r.title);
            println!("What it checks\n  {}\n", r.checks);
            println!("Why\n  {}\n", r.why);
            println!("How to fix\n  {}", r.fix);
            exit::OK
        }
        None => {
            let hint = suggest(&id.to_uppercase(), RULES.iter().map(|r| r.id))
                .map(|s| format!(" Did you mean `{s}`?"))
                .unwrap_or_default();
            eprintln!("error: there is no rule `{id}`.{hint} `outsec explain` lists every rule.");
            exit::FAILURE
        }
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
