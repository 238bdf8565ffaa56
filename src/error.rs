//! What ends a command before its end, and how: the one error type of the
//! commands. `cli::main` prints it (`error: …`, then the help and what
//! became of the output folder) and turns it into the exit code
//! (README, Errors and exit codes): 1 when the inputs or a template have
//! errors or the output is stale, 2 for everything else.

use std::path::PathBuf;

use crate::load::LoadError;
use crate::output::OutputError;
use crate::pdf::PdfError;
use crate::render::TemplateError;
use crate::report::Outcome;

/// Exit codes, as the README's table fixes them.
pub mod exit {
    pub const OK: u8 = 0;
    /// The inputs (or a template) have errors, or `--check` found stale output.
    pub const INVALID: u8 = 1;
    /// Usage error, I/O failure, a refusal to overwrite, a busy folder.
    pub const FAILURE: u8 = 2;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input folder cannot be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The inputs have errors; their diagnostics have been shown.
    #[error("nothing was written, because the inputs have errors")]
    Invalid,
    /// `check` found errors (or warnings, with `--deny-warnings`): its
    /// report is all it says.
    #[error("the inputs have findings")]
    Findings(Outcome),
    /// `coverage` cannot tell: the inputs do not load, or catalogue
    /// references do not resolve; the diagnostics that say why have been
    /// shown.
    #[error("coverage needs inputs that load and catalogue references that resolve")]
    Uncovered,
    /// `build --check`: the output folder is not what a build would write.
    /// `report` lists what differs, and `blocked` whether a build would stop
    /// at some of it.
    #[error("{}", stale(out, *blocked))]
    Stale {
        out: PathBuf,
        report: String,
        blocked: bool,
    },
    /// A template failed: it is broken (exit 1) or cannot be read (exit 2).
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("the templates folder `{}` does not exist", .0.display())]
    NoTemplates(PathBuf),
    /// The output folder is where it must not be (in the inputs, in the
    /// templates or around them); nothing was touched.
    #[error(transparent)]
    Placement(OutputError),
    /// Writing the output folder failed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Printing the PDFs failed, or there is no browser to print them.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// `pack`: the inputs are not the tender as it was released.
    #[error("no tender pack was cut, because {reason}{}", rev.as_ref().map(|r| format!(" at `{r}`")).unwrap_or_default())]
    NotReleased { reason: String, rev: Option<String> },
    /// `pack --stage participation` for a tender without a participation
    /// stage (no deadline of kind `requests`): a usage error.
    #[error(
        "`--stage participation` asks for the participation pack, but this tender has no participation stage (no deadline of kind `requests` under `tender.deadlines`)"
    )]
    NoParticipationStage,
    #[error("cannot build the zip archive: {0}")]
    Zip(String),
    #[error("cannot build the spreadsheet: {0}")]
    Xlsx(String),
    /// `answers import` wrote nothing: the returned file is not the
    /// questionnaire sent (exit 1), or the bidder or the target is wrong (exit 2).
    #[error(transparent)]
    Answers(crate::answers::ImportError),
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("there is no rule `{id}`.{} `outsec explain` lists every rule.", suggestion.as_ref().map(|s| format!(" Did you mean `{s}`?")).unwrap_or_default())]
    UnknownRule {
        id: String,
        suggestion: Option<&'static str>,
    },
    #[error("`{}` is not empty; give a new or empty folder so that no file is overwritten", .0.display())]
    NotEmpty(PathBuf),
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file cannot be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A folder cannot be made or opened to write into.
    #[error("cannot write to `{}`: {source}", path.display())]
    WriteTo {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn stale(out: &std::path::Path, blocked: bool) -> String {
    if blocked {
        format!(
            "{} is stale, and `outsec build` would stop at the files marked above: move them out of the way (or replace them with `outsec build --force`), build, and commit the result",
            out.display()
        )
    } else {
        format!(
            "{} is stale; run `outsec build` and commit the result",
            out.display()
        )
    }
}

impl Error {
    /// The process's exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Answers(e) => e.exit_code(),
            Error::Invalid
            | Error::Findings(_)
            | Error::Uncovered
            | Error::Stale { .. }
            | Error::NotReleased { .. }
            | Error::Template(TemplateError::Tera(_) | TemplateError::Messages { .. }) => {
                exit::INVALID
            }
            Error::Load(_)
            | Error::Template(TemplateError::Io { .. })
            | Error::NoTemplates(_)
            | Error::Placement(_)
            | Error::Output(_)
            | Error::Pdf(_)
            | Error::Zip(_)
            | Error::Xlsx(_)
            | Error::Json(_)
            | Error::NoParticipationStage
            | Error::UnknownRule { .. }
            | Error::NotEmpty(_)
            | Error::Read { .. }
            | Error::Write { .. }
            | Error::WriteTo { .. } => exit::FAILURE,
        }
    }

    /// What to do about it, for the errors that have a hint.
    pub fn help(&self) -> Option<String> {
        match self {
            Error::Output(e) => e.help(),
            Error::Load(e) => e.help(),
            Error::NotReleased { rev: None, .. } => Some(
                "cut the pack from the inputs as they were when the tender was released: `outsec pack --rev TAG` with the git tag or commit of that state (for example `tender-1.0`). To release a new version of the tender before the award, give it its own version and date under `project.documents.tender`".into(),
            ),
            Error::NotReleased { rev: Some(rev), .. } => Some(format!(
                "`{rev}` is not the state in which the tender was released: give `--rev` the tag or commit of that state (`git log --oneline -- INPUTS` lists the commits that changed the inputs)"
            )),
            Error::NoParticipationStage => Some(
                "cut the tender pack with `outsec pack` (or `--stage bids`); a procedure with a participation stage (Teilnahmewettbewerb) gives the deadline for requests to participate `kind: requests`".into(),
            ),
            Error::Pdf(e) => e.help().map(str::to_string),
            Error::Answers(e) => e.help(),
            _ => None,
        }
    }

    /// What became of the output, said after the error and its help, for
    /// the errors that stop a command before it wrote.
    pub fn aftermath(&self) -> Option<&'static str> {
        match self {
            Error::Template(_) => Some("nothing was written, because a template failed"),
            Error::Output(e) if e.untouched() => {
                Some("nothing was written; the output folder is as it was")
            }
            Error::Pdf(_) | Error::NotReleased { .. } | Error::NoParticipationStage => {
                Some("nothing was written")
            }
            _ => None,
        }
    }
}
