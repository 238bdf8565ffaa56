//! `outsec check`

use std::path::PathBuf;

use super::exit;
use crate::diag::{render_human, render_json};
use crate::pipeline;

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

pub fn run(args: &Args) -> i32 {
    let checked = match pipeline::load_and_check(&args.inputs, &[]) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::FAILURE;
        }
    };
    match args.format {
        Format::Human => eprint!("{}", render_human(&checked.diagnostics, &checked.sources)),
        Format::Json => print!("{}", render_json(&checked.diagnostics, &checked.sources)),
    }
    let failed = checked.has_errors() || (args.deny_warnings && !checked.diagnostics.is_empty());
    if failed {
        exit::INVALID
    } else {
        if matches!(args.format, Format::Human) {
            eprintln!("{}: no errors", args.inputs.display());
        }
        exit::OK
    }
}
