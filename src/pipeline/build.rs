//! `build`: the documents rendered, printed to PDF when asked, and written
//! into the output folder, or compared with what is there (`--check`).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::documents::Document;
use crate::error::Error;
use crate::output::{self, Files};
use crate::pdf;
use crate::report::{Notice, Notify};

/// What to build, and where.
pub struct BuildRequest<'a> {
    /// The input folder.
    pub inputs: &'a Path,
    /// Read the inputs as this git revision has them (`--rev`).
    pub rev: Option<&'a str>,
    /// The output folder.
    pub out: &'a Path,
    /// The templates that override the built-in ones.
    pub templates: Option<&'a Path>,
    /// The documents to build; all when empty.
    pub only: &'a [&'static Document],
    /// Write nothing; compare the output folder with what a build would
    /// write.
    pub check: bool,
    /// Also every document as PDF.
    pub pdf: Option<PdfRequest<'a>>,
    /// Replace files outsec did not write or that were edited since.
    pub force: bool,
}

/// How to print the PDFs.
pub struct PdfRequest<'a> {
    /// The browser given with `--browser`; else one found on `PATH`.
    pub browser: Option<&'a Path>,
    /// How long the browser may take to print one document.
    pub timeout: Duration,
}

/// What a build did.
#[derive(Debug)]
pub enum Built {
    /// `--check`: the output folder holds what a build would write.
    Fresh { files: usize },
    /// The files were written.
    Written {
        files: usize,
        changed: usize,
        removed: usize,
    },
}

/// Runs `build`: checks the inputs, renders the documents, prints them to
/// PDF if asked, then writes them into the output folder, or, with
/// `check`, tells whether the folder holds what they would be
/// ([`Error::Stale`] when it does not).
pub fn build(request: &BuildRequest, notify: Notify) -> Result<Built, Error> {
    // Find the browser first: without one, checking the inputs is wasted
    // time. `--check` prints nothing and needs none.
    let browser = match &request.pdf {
        Some(p) if !request.check => Some(pdf::find_browser(p.browser)?),
        _ => None,
    };
    let ready = super::prepare(
        request.inputs,
        request.rev,
        request.out,
        request.templates,
        notify,
    )?;
    let files = super::render(&ready.model, &ready.catalogs, &ready.renderer, request.only)?;
    let partial = !request.only.is_empty();
    let files = if partial {
        // A partial build updates the manifest's entries of the documents
        // it writes and keeps the others (see `output::write`).
        files
            .into_iter()
            .filter(|(p, _)| p != output::MANIFEST)
            .collect()
    } else {
        files
    };
    let files = match (browser, &request.pdf) {
        (Some(browser), Some(p)) => {
            let options = pdf::Options {
                browser,
                timeout: p.timeout,
                date: ready.model.project.date.0,
                dates: crate::documents::DOCUMENTS
                    .iter()
                    .map(|d| {
                        let (control, _) = crate::derive::document_control(&ready.model, d);
                        (d.stem.to_string(), control.date.0)
                    })
                    .collect(),
            };
            with_printed_pdfs(request.out, files, &options, notify)?
        }
        (None, Some(_)) => pdfs_on_disk(request.out, files, notify),
        (_, None) => files,
    };
    // `--check --pdf` does not print: the PDFs on disk must be as outsec
    // wrote them.
    let opaque: Vec<String> = if request.check && request.pdf.is_some() {
        stems(&files).iter().map(|s| format!("{s}.pdf")).collect()
    } else {
        Vec::new()
    };
    let options = output::Options {
        record: output::BUILD,
        force: request.force,
        partial,
        opaque: &opaque,
    };
    if request.check {
        check(request.out, &files, options, request.pdf.is_some(), notify)
    } else {
        let written = output::write(request.out, &files, options, notify)?;
        crate::timings::stage("write");
        for note in written.notes {
            notify(Notice::Warning(note));
        }
        Ok(Built::Written {
            files: files.len(),
            changed: written.changed,
            removed: written.removed,
        })
    }
}

/// The stems of the documents among `files` (those with an HTML page).
fn stems(files: &Files) -> Vec<String> {
    files
        .keys()
        .filter_map(|p| p.strip_suffix(".html"))
        .filter(|s| !s.contains('/'))
        .map(str::to_string)
        .collect()
}

/// Adds `<stem>.pdf` to `files` and lists it in the manifest, if `files`
/// has one (a partial build leaves the manifest alone).
fn add_pdfs(mut files: Files, pdfs: Vec<(String, Vec<u8>)>) -> Files {
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

/// `files` with every HTML page printed to PDF, in memory: the output
/// folder is written only after every PDF has been printed. The pages are
/// printed in a scratch folder inside the output folder, removed afterwards
/// (or by the next run, should this one be killed): nothing goes outside
/// it. An output folder made only to print in goes again when printing
/// fails.
fn with_printed_pdfs(
    out: &Path,
    files: Files,
    options: &pdf::Options,
    notify: Notify,
) -> Result<Files, Error> {
    let existed = out.exists();
    let scratch = output::scratch::scratch(out)?;
    let pages: Vec<(String, Vec<u8>)> = stems(&files)
        .into_iter()
        .map(|stem| {
            let html = files[&format!("{stem}.html")].clone();
            (stem, html)
        })
        .collect();
    notify(Notice::Printing {
        count: pages.len(),
        browser: options.browser.clone(),
    });
    let start = Instant::now();
    let pdfs = match pdf::print(&pages, options, scratch.path()) {
        Ok(pdfs) => pdfs,
        Err(e) => {
            drop(scratch);
            if !existed {
                let _ = std::fs::remove_dir(out);
            }
            return Err(e.into());
        }
    };
    notify(Notice::Printed(start.elapsed()));
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
fn pdfs_on_disk(out: &Path, files: Files, notify: Notify) -> Files {
    let pdfs = stems(&files)
        .into_iter()
        .map(|stem| {
            // An empty placeholder for a missing PDF: the check reports it.
            let bytes =
                output::read_existing(out, &format!("{stem}.pdf"), PDF_LIMIT).unwrap_or_default();
            (stem, bytes)
        })
        .collect();
    notify(Notice::PdfPresenceOnly);
    add_pdfs(files, pdfs)
}

/// `build --check`: [`Built::Fresh`], or [`Error::Stale`] with what
/// differs (and the diffs). `pdf`: the build would print PDFs.
fn check(
    out: &Path,
    files: &Files,
    options: output::Options,
    pdf: bool,
    notify: Notify,
) -> Result<Built, Error> {
    let plan = output::check(out, files, options);
    for note in plan.notes.iter().cloned() {
        notify(Notice::Warning(note));
    }
    if plan.is_fresh() {
        return Ok(Built::Fresh { files: files.len() });
    }
    let mut report = String::new();
    let r = &mut report;
    if plan.interrupted {
        line(
            r,
            "interrupted: an earlier `outsec build` or `outsec pack` was stopped while it switched the files; the next one completes it",
        );
    }
    for change in plan.changes.iter().filter(|c| c.exists) {
        line(r, format_args!("stale: {}", change.path));
        if let Some(new) = files.get(&change.path) {
            diff(r, change.old.as_deref(), new);
        }
    }
    // Files a build would not replace without `--force`: their diff too.
    for refusal in plan.refusals.iter().filter(|x| x.force) {
        let Some(new) = files.get(&refusal.rel) else {
            continue;
        };
        line(
            r,
            format_args!(
                "stale: {} ({}; `outsec build` stops here, `outsec build --force` replaces it)",
                refusal.rel, refusal.why
            ),
        );
        let old = output::read_existing(out, &refusal.rel, DIFF_LIMIT);
        diff(r, old.as_deref(), new);
    }
    for change in plan.changes.iter().filter(|c| !c.exists) {
        line(r, format_args!("missing: {}", change.path));
    }
    for entry in &plan.removals {
        line(
            r,
            format_args!("obsolete: {} (a build would remove it)", entry.path),
        );
    }
    for refusal in plan
        .refusals
        .iter()
        .filter(|x| !files.contains_key(&x.rel) || !x.force)
    {
        let what = if refusal.force {
            "`outsec build` stops here, `outsec build --force` removes it"
        } else {
            "`outsec build` stops here"
        };
        line(
            r,
            format_args!("blocked: {} ({}; {what})", refusal.rel, refusal.why),
        );
    }
    if !pdf && plan.removals.iter().any(|e| e.path.ends_with(".pdf")) {
        line(
            r,
            "help: the folder was built with `--pdf`; check it with `outsec build --check --pdf`",
        );
    }
    Err(Error::Stale {
        out: out.to_path_buf(),
        report,
        blocked: !plan.refusals.is_empty(),
    })
}

/// The largest file `--check` shows a diff of.
const DIFF_LIMIT: u64 = 64 * 1024 * 1024;

/// Adds `text` and a line break to `report`.
fn line(report: &mut String, text: impl std::fmt::Display) {
    use std::fmt::Write as _;
    let _ = writeln!(report, "{text}");
}

/// Adds the first lines of the diff between a file on disk and what a
/// build would write to `report`.
fn diff(report: &mut String, old: Option<&[u8]>, new: &[u8]) {
    let diff = match old {
        Some(old) => output::diff(old, new),
        None => "content differs (the file is too large to show)\n".to_string(),
    };
    let lines: Vec<&str> = diff.lines().collect();
    for text in lines.iter().take(60) {
        line(report, text);
    }
    if lines.len() > 60 {
        line(
            report,
            format_args!("... ({} more diff lines)", lines.len() - 60),
        );
    }
}
