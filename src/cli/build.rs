//! `outsec build`

use std::path::PathBuf;
use std::time::Duration;

use crate::documents::{self, Document};
use crate::pdf;
use crate::pipeline::{self, BuildRequest, Built, PdfRequest};
use crate::report::Notify;
use crate::{Error, Outcome};

#[derive(clap::Args)]
pub struct Args {
    /// Folder with the project's YAML files.
    #[arg(short, long, default_value = "inputs", value_name = "DIR")]
    inputs: PathBuf,
    /// Read the inputs as they were at this git revision (a tag such as
    /// `tender-1.0`, a branch, a commit hash, `HEAD~1`) of the repository
    /// that holds the input folder, without touching the work tree.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
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

pub fn run(args: &Args, notify: Notify) -> Result<Outcome, Error> {
    let only: Vec<&'static Document> = args
        .only
        .iter()
        .filter_map(|s| documents::find(s))
        .collect();
    let request = BuildRequest {
        inputs: &args.inputs,
        rev: args.rev.as_deref(),
        out: &args.out,
        templates: args.templates.as_deref(),
        only: &only,
        check: args.check,
        pdf: args.pdf.then(|| PdfRequest {
            browser: args.browser.as_deref(),
            timeout: Duration::from_secs(args.pdf_timeout),
        }),
        force: args.force,
    };
    let out = args.out.display();
    let summary = match pipeline::build(&request, notify)? {
        Built::Fresh { files } => format!("{out} is up to date ({files} files)\n"),
        Built::Written {
            files,
            changed,
            removed,
        } => {
            let removed = if removed > 0 {
                format!(", {removed} removed")
            } else {
                String::new()
            };
            format!("wrote {out} ({files} files, {changed} changed{removed})\n")
        }
    };
    Ok(Outcome::default().stderr(summary))
}
