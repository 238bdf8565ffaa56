//! `outsec coverage`

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::catalog::coverage::{CatalogCoverage, coverage};
use crate::catalog::oscal::CatalogSpec;
use crate::check::rules;
use crate::diag::render_human;
use crate::report::{Notice, Notify};
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
    let builtin: Vec<String> = crate::catalog::builtin()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let (names, files): (Vec<&String>, Vec<&String>) = args
        .catalog
        .iter()
        .partition(|c| builtin.iter().any(|b| b.eq_ignore_ascii_case(c)));
    let mut extra: Vec<CatalogSpec> = files.iter().map(|f| CatalogSpec::parse(f)).collect();
    extra.extend(args.profile.iter().map(|p| CatalogSpec {
        path: p.clone(),
        prefix: String::new(),
    }));
    let checked = pipeline::load_and_check(&args.inputs, &extra)?;
    // Coverage needs the inputs loaded and every catalogue reference
    // resolved (no OS-CAT-001 or OS-CAT-004, the catalogue rules that are
    // errors); other errors do not change it, so it is shown while drafting.
    let catalogue = [&rules::OS_CAT_001, &rules::OS_CAT_004];
    let blocking: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && (catalogue.contains(&d.rule) || checked.model.is_none()))
        .cloned()
        .collect();
    let Some(model) = checked.model.as_ref().filter(|_| blocking.is_empty()) else {
        notify(Notice::Diagnostics(render_human(
            &blocking,
            &checked.sources,
        )));
        return Err(Error::Uncovered);
    };
    let mut outcome = Outcome::default();
    let other = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    if other > 0 {
        outcome = outcome.stderr(format!(
            "note: the inputs have {other} other error(s); `outsec check` lists them\n"
        ));
    }
    let mut only: Vec<String> = names.into_iter().cloned().collect();
    if !only.is_empty() {
        only.extend(
            extra
                .iter()
                .filter(|s| !s.prefix.is_empty())
                .map(|s| s.prefix.clone()),
        );
    }
    let result = coverage(model, &checked.catalogs, &only);
    Ok(match args.format {
        Format::Json => outcome.stdout(serde_json::to_string_pretty(&result)? + "\n"),
        Format::Human => outcome.stdout(human(&result)),
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
