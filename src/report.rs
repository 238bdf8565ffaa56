//! What commands tell the user. No module but `cli` prints: a command
//! returns an [`Outcome`] (or an [`Error`](crate::Error)), and what it has
//! to say while it runs (warnings, progress, the diagnostics before it
//! stops) it hands, as a [`Notice`], to the [`Notify`] it was given, which
//! `cli::main` shows at once on stderr.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// What a command that ran to its end shows: its product on stdout (a
/// schema, a table, checksums) and its summary on stderr, in this order.
#[derive(Debug, Default)]
pub struct Outcome {
    parts: Vec<Part>,
}

/// A piece of an [`Outcome`].
#[derive(Debug)]
pub enum Part {
    Stdout(String),
    Stderr(String),
}

impl Outcome {
    /// Adds `text` for stdout.
    #[must_use]
    pub fn stdout(mut self, text: impl Into<String>) -> Self {
        self.parts.push(Part::Stdout(text.into()));
        self
    }

    /// Adds `text` for stderr.
    #[must_use]
    pub fn stderr(mut self, text: impl Into<String>) -> Self {
        self.parts.push(Part::Stderr(text.into()));
        self
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }
}

/// Where a command's [`Notice`]s go.
pub type Notify<'a> = &'a dyn Fn(Notice);

/// Something a command says while it runs, before it ends: shown at once,
/// on stderr, as [`fmt::Display`] writes it (whole lines).
#[derive(Debug)]
pub enum Notice {
    /// The diagnostics of the inputs, rendered (`diag::render_human`).
    Diagnostics(String),
    /// Something that does not stop the command, such as an entry of the
    /// output folder's record that is ignored.
    Warning(String),
    /// Another run holds the output folder's lock; this one waits.
    Waiting { out: PathBuf, holder: Option<u32> },
    /// A switch that a killed run left unfinished is being completed.
    Completing { out: PathBuf },
    /// That switch could not be completed, and was undone instead.
    PutBack { cause: String },
    /// The documents go to the browser to be printed to PDF.
    Printing { count: usize, browser: PathBuf },
    /// They were printed, in this time.
    Printed(Duration),
    /// `build --check --pdf` does not compare the PDFs' content.
    PdfPresenceOnly,
    /// `templates export` left a file that is there as it was (`why`, if it
    /// is not a regular file).
    Kept { path: PathBuf, why: Option<String> },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Diagnostics(text) => f.write_str(text),
            Notice::Warning(text) => writeln!(f, "warning: {text}"),
            Notice::Waiting { out, holder } => writeln!(
                f,
                "waiting for another outsec run{} that is writing to `{}` ...",
                holder
                    .map(|p| format!(" (process {p})"))
                    .unwrap_or_default(),
                out.display()
            ),
            Notice::Completing { out } => writeln!(
                f,
                "note: completing the switch of an earlier outsec run in `{}` that was stopped",
                out.display()
            ),
            Notice::PutBack { cause } => writeln!(
                f,
                "note: could not complete it ({cause}); the earlier files were put back instead"
            ),
            Notice::Printing { count, browser } => writeln!(
                f,
                "printing {count} documents to PDF with {}",
                browser.display()
            ),
            Notice::Printed(time) => writeln!(f, "printed in {:.1}s", time.as_secs_f64()),
            Notice::PdfPresenceOnly => writeln!(
                f,
                "note: PDFs are checked for presence only; their content depends on the browser and fonts"
            ),
            Notice::Kept { path, why: None } => {
                writeln!(f, "kept {} (already exists)", path.display())
            }
            Notice::Kept {
                path,
                why: Some(why),
            } => writeln!(f, "kept {} ({why})", path.display()),
        }
    }
}
