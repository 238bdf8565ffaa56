//! `outsec build`

use std::path::{Path, PathBuf};

use super::exit;
use crate::documents::{self, Document};
use crate::output;
use crate::pdf;
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
    /// Also write every document as PDF (`<stem>.pdf`), printed from its
    /// HTML by a locally installed Chromium or Chrome in headless mode.
    #[arg(long)]
    pdf: bool,
    /// The browser that prints the PDFs [default: the first of chromium,
    /// chromium-browser, google-chrome, google-chrome-stable, chrome on PATH].
    #[arg(long, value_name = "PATH", requires = "pdf")]
    browser: Option<PathBuf>,
    /// Seconds the browser may take to print one document before it is stopped.
    #[arg(long, value_name = "SECS", requires = "pdf", default_value_t = pdf::DEFAULT_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pdf_timeout: u64,
    /// Replace files in the output folder that outsec did not write or that
    /// were edited since (without it, such a file stops the build).
    #[arg(long, conflicts_with = "check")]
    force: bool,
}

pub fn run(args: &Args) -> i32 {
    // Find the browser first: without one, checking the inputs is wasted time.
    // `--check` prints nothing and needs none.
    let browser = if args.pdf && !args.check {
        match pdf::find_browser(args.browser.as_deref()) {
            Ok(b) => Some(b),
            Err(e) => return pdf_failure(&e),
        }
    } else {
        None
    };
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
        // A partial build updates the manifest's entries of the documents
        // it writes and keeps the others (see `output::write`).
        files
            .into_iter()
            .filter(|(p, _)| p != output::MANIFEST)
            .collect()
    };
    let files = match (&browser, args.pdf) {
        (Some(browser), _) => {
            let options = pdf::Options {
                browser: browser.clone(),
                timeout: std::time::Duration::from_secs(args.pdf_timeout),
                date: model.project.date.0,
            };
            // The pages are printed in a folder inside the output folder,
            // removed afterwards (or by the next run, should this one be
            // killed): nothing goes outside it.
            let existed = args.out.exists();
            let scratch = match output::scratch::scratch(&args.out) {
                Ok(s) => s,
                Err(e) => return super::output_failure(&e),
            };
            match print_pdfs(files, &options, scratch.path()) {
                Ok(f) => f,
                Err(e) => {
                    drop(scratch);
                    // An output folder made only to print in goes again.
                    if !existed {
                        let _ = std::fs::remove_dir(&args.out);
                    }
                    return pdf_failure(&e);
                }
            }
        }
        (None, true) => pdfs_on_disk(&args.out, files),
        (None, false) => files,
    };
    // `--check --pdf` does not print: the PDFs on disk must be as outsec
    // wrote them.
    let opaque: Vec<String> = if args.check && args.pdf {
        stems(&files).iter().map(|s| format!("{s}.pdf")).collect()
    } else {
        Vec::new()
    };
    let options = output::Options {
        record: output::BUILD,
        force: args.force,
        partial: !only.is_empty(),
        opaque: &opaque,
    };
    if args.check {
        check_only(&args.out, &files, options, args.pdf)
    } else {
        write(&args.out, &files, options)
    }
}

/// The stems of the documents among `files` (those with an HTML page).
fn stems(files: &output::Files) -> Vec<String> {
    files
        .keys()
        .filter_map(|p| p.strip_suffix(".html"))
        .filter(|s| !s.contains('/'))
        .map(str::to_string)
        .collect()
}

/// Adds `<stem>.pdf` to `files` and lists it in the manifest, if `files`
/// has one (a partial build leaves the manifest alone).
fn add_pdfs(mut files: output::Files, pdfs: Vec<(String, Vec<u8>)>) -> output::Files {
    let manifest = files.remove(output::MANIFEST).is_some();
    for (stem, bytes) in pdfs {
        files.insert(format!("{stem}.pdf"), bytes);
    }
    if manifest {
        output::with_manifest(files)
    } else {
        files
    }
}

/// Prints every HTML page of `files` to PDF, in memory: the output folder
/// is written only after every PDF has been printed.
fn print_pdfs(
    files: output::Files,
    options: &pdf::Options,
    scratch: &Path,
) -> Result<output::Files, pdf::PdfError> {
    let pages: Vec<(String, Vec<u8>)> = stems(&files)
        .into_iter()
        .map(|stem| {
            let html = files[&format!("{stem}.html")].clone();
            (stem, html)
        })
        .collect();
    eprintln!(
        "printing {} documents to PDF with {}",
        pages.len(),
        options.browser.display()
    );
    let start = std::time::Instant::now();
    let pdfs = pdf::print(&pages, options, scratch)?;
    eprintln!("printed in {:.1}s", start.elapsed().as_secs_f64());
    let printed = pages.into_iter().map(|(stem, _)| stem).zip(pdfs).collect();
    Ok(add_pdfs(files, printed))
}

/// The largest PDF `--check --pdf` reads.
const PDF_LIMIT: u64 = 512 * 1024 * 1024;

/// For `--check --pdf`: the PDFs as they are in the output folder. Their
/// bytes depend on the browser's version and the fonts installed, so they
/// are not compared; a missing PDF is still reported, and the manifest must
/// list the PDFs as they are. Only regular files of at most [`PDF_LIMIT`]
/// bytes are read, never through a link: a link to `/dev/zero` or a named
/// pipe counts as missing.
fn pdfs_on_disk(out: &Path, files: output::Files) -> output::Files {
    let pdfs = stems(&files)
        .into_iter()
        .map(|stem| {
            // An empty placeholder for a missing PDF: the check reports it.
            let bytes =
                output::read_existing(out, &format!("{stem}.pdf"), PDF_LIMIT).unwrap_or_default();
            (stem, bytes)
        })
        .collect();
    eprintln!(
        "note: PDFs are checked for presence only; their content depends on the browser and fonts"
    );
    add_pdfs(files, pdfs)
}

fn pdf_failure(e: &pdf::PdfError) -> i32 {
    eprintln!("error: {e}");
    if let Some(help) = e.help() {
        eprintln!("help: {help}");
    }
    eprintln!("error: nothing was written");
    exit::FAILURE
}

fn check_only(out: &Path, files: &output::Files, options: output::Options, pdf: bool) -> i32 {
    let plan = output::check(out, files, options);
    for note in &plan.notes {
        eprintln!("warning: {note}");
    }
    if plan.is_fresh() {
        eprintln!("{} is up to date ({} files)", out.display(), files.len());
        return exit::OK;
    }
    if plan.interrupted {
        eprintln!(
            "interrupted: an earlier `outsec build` or `outsec pack` was stopped while it switched the files; the next one completes it"
        );
    }
    for change in plan.changes.iter().filter(|c| c.exists) {
        eprintln!("stale: {}", change.path);
        show_diff(change.old.as_deref(), files.get(&change.path));
    }
    // Files a build would not replace without `--force`: their diff too.
    for r in plan.refusals.iter().filter(|r| r.force) {
        let Some(new) = files.get(&r.rel) else {
            continue;
        };
        eprintln!(
            "stale: {} ({}; `outsec build` stops here, `outsec build --force` replaces it)",
            r.rel, r.why
        );
        show_diff(
            output::read_existing(out, &r.rel, DIFF_LIMIT).as_deref(),
            Some(new),
        );
    }
    for change in plan.changes.iter().filter(|c| !c.exists) {
        eprintln!("missing: {}", change.path);
    }
    for entry in &plan.removals {
        eprintln!("obsolete: {} (a build would remove it)", entry.path);
    }
    for r in plan
        .refusals
        .iter()
        .filter(|r| !files.contains_key(&r.rel) || !r.force)
    {
        let what = if r.force {
            "`outsec build` stops here, `outsec build --force` removes it"
        } else {
            "`outsec build` stops here"
        };
        eprintln!("blocked: {} ({}; {what})", r.rel, r.why);
    }
    if !pdf && plan.removals.iter().any(|e| e.path.ends_with(".pdf")) {
        eprintln!(
            "help: the folder was built with `--pdf`; check it with `outsec build --check --pdf`"
        );
    }
    if plan.refusals.is_empty() {
        eprintln!(
            "error: {} is stale; run `outsec build` and commit the result",
            out.display()
        );
    } else {
        eprintln!(
            "error: {} is stale, and `outsec build` would stop at the files marked above: move them out of the way (or replace them with `outsec build --force`), build, and commit the result",
            out.display()
        );
    }
    exit::INVALID
}

/// The largest file `--check` shows a diff of.
const DIFF_LIMIT: u64 = 64 * 1024 * 1024;

/// Prints the first lines of the diff between a file on disk and what a
/// build would write.
fn show_diff(old: Option<&[u8]>, new: Option<&Vec<u8>>) {
    let Some(new) = new else {
        return;
    };
    let diff = match old {
        Some(old) => output::diff(old, new),
        None => "content differs (the file is too large to show)\n".to_string(),
    };
    let lines: Vec<&str> = diff.lines().collect();
    for line in lines.iter().take(60) {
        eprintln!("{line}");
    }
    if lines.len() > 60 {
        eprintln!("... ({} more diff lines)", lines.len() - 60);
    }
}

fn write(out: &Path, files: &output::Files, options: output::Options) -> i32 {
    match output::write(out, files, options) {
        Ok(written) => {
            for note in &written.notes {
                eprintln!("warning: {note}");
            }
            let removed = if written.removed > 0 {
                format!(", {} removed", written.removed)
            } else {
                String::new()
            };
            eprintln!(
                "wrote {} ({} files, {} changed{removed})",
                out.display(),
                files.len(),
                written.changed
            );
            exit::OK
        }
        Err(e) => super::output_failure(&e),
    }
}
