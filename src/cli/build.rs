//! `outsec build`

use std::path::{Path, PathBuf};

use super::exit;
use crate::documents::{self, Document};
use crate::output;
use crate::pipeline;

#[derive(clap::Args)]
pub struct Args {
    /// Folder with the project's YAML files.
    #[arg(short, long, default_value = "inputs", value_name = "DIR")]
    inputs: PathBuf,
    /// Folder the documents are written to.
    #[arg(short, long, default_value = "output", value_name = "DIR")]
    out: PathBuf,
    /// Folder with templates that override the built-in ones, file by file
    /// [default: `templates` when that folder exists].
    #[arg(short, long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Build only these documents (file stems, for example `tender`).
    #[arg(long, value_name = "DOC", num_args = 1.., value_parser = clap::builder::PossibleValuesParser::new(documents::stems().collect::<Vec<_>>()))]
    only: Vec<String>,
    /// Write nothing; exit 1 with a diff when the output folder is not what
    /// a build would write.
    #[arg(long)]
    check: bool,
}

pub fn run(args: &Args) -> i32 {
    let ready = match super::prepare(&args.inputs, &args.out, args.templates.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (checked, renderer) = (&ready.checked, &ready.renderer);
    let Some(model) = checked.model.as_ref() else {
        return exit::INVALID;
    };
    let only: Vec<&Document> = args
        .only
        .iter()
        .filter_map(|s| documents::find(s))
        .collect();
    let files = match pipeline::render(model, &checked.catalogs, renderer, &only) {
        Ok(f) => f,
        Err(e) => return super::template_failure(&e),
    };
    let files = if only.is_empty() {
        files
    } else {
        // A partial build leaves the manifest of the full build alone.
        files
            .into_iter()
            .filter(|(p, _)| p != output::MANIFEST)
            .collect()
    };
    if args.check {
        check_only(&args.out, &files, !only.is_empty())
    } else {
        write(&args.out, &files)
    }
}

fn check_only(out: &Path, files: &output::Files, partial: bool) -> i32 {
    let s = output::compare(out, files, partial);
    if s.is_fresh() {
        eprintln!("{} is up to date ({} files)", out.display(), files.len());
        return exit::OK;
    }
    for (path, diff) in &s.changed {
        eprintln!("stale: {}", path);
        let lines: Vec<&str> = diff.lines().collect();
        for line in lines.iter().take(60) {
            eprintln!("{line}");
        }
        if lines.len() > 60 {
            eprintln!("... ({} more diff lines)", lines.len() - 60);
        }
    }
    for path in &s.missing {
        eprintln!("missing: {path}");
    }
    for path in &s.obsolete {
        eprintln!("obsolete: {path} (a build would remove it)");
    }
    eprintln!(
        "error: {} is stale; run `outsec build` and commit the result",
        out.display()
    );
    exit::INVALID
}

fn write(out: &Path, files: &output::Files) -> i32 {
    match output::write(out, files) {
        Ok(changed) => {
            eprintln!(
                "wrote {} ({} files, {changed} changed)",
                out.display(),
                files.len()
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::FAILURE
        }
    }
}
