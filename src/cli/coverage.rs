//! `outsec coverage`

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::catalog::coverage::CatalogCoverage;
use crate::report::Notify;
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
    /// A built-in catalogue to show (`BSI-B1.11`, `OPS.2.3`, `DORA-30`,
    /// `ISO27001`), or an OSCAL catalogue file to load, as `PREFIX=FILE` or
    /// `FILE`. Repeatable.
    #[arg(long, value_name = "NAME|FILE")]
    catalog: Vec<String>,
    /// An OSCAL profile that selects the controls of a loaded catalogue.
    /// Repeatable.
    #[arg(long, value_name = "FILE")]
    profile: Vec<PathBuf>,
    /// `human` for a table, `json` for tools.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

pub fn run(args: &Args, notify: Notify) -> Result<Outcome, Error> {
    let covered = pipeline::coverage(&args.inputs, &args.catalog, &args.profile, notify)?;
    let mut outcome = Outcome::default();
    if covered.other_errors > 0 {
        outcome = outcome.stderr(format!(
            "note: the inputs have {} other error(s); `outsec check` lists them\n",
            covered.other_errors
        ));
    }
    Ok(match args.format {
        Format::Json => outcome.stdout(serde_json::to_string_pretty(&covered.catalogs)? + "\n"),
        Format::Human => outcome.stdout(human(&covered.catalogs)),
    })
}

fn human(result: &[CatalogCoverage]) -> String {
    let mut out = String::new();
    for c in result {
        let _ = writeln!(out, "{} – {} ({})", c.id, c.title, c.source);
        for i in &c.items {
            let mark = if i.covered { "covered" } else { "GAP    " };
            let mut by: Vec<String> = i.cited_by.iter().map(|x| x.id.clone()).collect();
            by.extend(i.clauses.iter().cloned());
            by.extend(i.sections.iter().cloned());
            by.extend(i.elsewhere.iter().map(|e| format!("elsewhere: {e}")));
            let mut seen = std::collections::BTreeSet::new();
            by.retain(|x| seen.insert(x.clone()));
            let _ = writeln!(
                out,
                "  {mark}  {:<18} {}{}",
                i.id,
                i.title,
                if by.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", by.join(", "))
                }
            );
        }
        let _ = writeln!(
            out,
            "  {} of {} applicable items covered\n",
            c.covered, c.applicable
        );
    }
    out
}
