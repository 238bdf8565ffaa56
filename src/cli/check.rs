//! `outsec check`

use std::path::PathBuf;

use crate::diag::{render_human, render_json};
use crate::{Error, Outcome, pipeline};

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// Folder with the project's YAML files.
    #[arg(short, long, default_value = "inputs", value_name = "DIR")]
    inputs: PathBuf,
    /// `human` for people, `json` for one JSON object per line (CI).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: &Args) -> Result<Outcome, Error> {
    let checked = pipeline::load_and_check(&args.inputs, &[])?;
    let report = match args.format {
        Format::Human => {
            Outcome::default().stderr(render_human(&checked.diagnostics, &checked.sources))
        }
        Format::Json => {
            Outcome::default().stdout(render_json(&checked.diagnostics, &checked.sources))
        }
    };
    let failed = checked.has_errors() || (args.deny_warnings && !checked.diagnostics.is_empty());
    if failed {
        return Err(Error::Findings(report));
    }
    Ok(match args.format {
        Format::Human => report.stderr(format!("{}: no errors\n", args.inputs.display())),
        Format::Json => report,
    })
}
