//! The command line: one file per subcommand.

mod build;
mod check;
mod coverage;
mod explain;
mod init;
mod pack;
mod schema;
mod templates;

use clap::{Parser, Subcommand};

/// Exit codes, as DESIGN.md fixes them.
pub mod exit {
    pub const OK: i32 = 0;
    /// The inputs have errors, or `--check` found stale output.
    pub const INVALID: i32 = 1;
    /// Usage error or I/O failure.
    pub const FAILURE: i32 = 2;
}

#[derive(Parser)]
#[command(
    name = "outsec",
    version,
    about = "Turns the YAML description of an outsourcing project into the security documents of IT-Grundschutz (B 1.11 / OPS.2.3)",
    max_term_width = 100
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the inputs, then render every document as Markdown and HTML.
    Build(build::Args),
    /// Load and check the inputs only; print every diagnostic.
    Check(check::Args),
    /// Start a new project in DIR: commented inputs that pass `check`.
    Init(init::Args),
    /// Which catalogue items the inputs address, and which applicable ones they miss.
    Coverage(coverage::Args),
    /// Explain a rule: what it checks, why, and how to fix a finding.
    Explain(explain::Args),
    /// Cut the tender pack for bidders: folder, checksums and reproducible zip,
    /// and the NDA part separately.
    Pack(pack::Args),
    /// Print the JSON Schema (draft-07) of the input files, for editor
    /// completion and inline errors through yaml-language-server.
    Schema(schema::Args),
    /// Work with the built-in templates.
    #[command(subcommand)]
    Templates(templates::Command),
}

/// What `build` and `pack` need before they render: checked inputs without
/// errors, and the templates. On failure, the exit code, after the reason
/// has been printed.
struct Ready {
    checked: crate::pipeline::Checked,
    renderer: crate::render::Renderer,
}

fn prepare(
    inputs: &std::path::Path,
    out: &std::path::Path,
    templates: Option<&std::path::Path>,
) -> Result<Ready, i32> {
    if let Some(dir) = templates
        && !dir.is_dir()
    {
        eprintln!(
            "error: the templates folder `{}` does not exist",
            dir.display()
        );
        return Err(exit::FAILURE);
    }
    // Without `-t`, a `templates` folder in the working directory overrides.
    let default = std::path::PathBuf::from("templates");
    let templates = templates.or_else(|| default.is_dir().then_some(default.as_path()));
    let guarded = crate::output::guard(inputs, out)
        .and_then(|()| templates.map_or(Ok(()), |t| crate::output::guard_templates(t, out)));
    if let Err(e) = guarded {
        eprintln!("error: {e}");
        return Err(exit::FAILURE);
    }
    let checked = crate::pipeline::load_and_check(inputs, &[]).map_err(|e| {
        eprintln!("error: {e}");
        exit::FAILURE
    })?;
    eprint!(
        "{}",
        crate::diag::render_human(&checked.diagnostics, &checked.sources)
    );
    if checked.model.is_none() || checked.has_errors() {
        eprintln!("error: nothing was written, because the inputs have errors");
        return Err(exit::INVALID);
    }
    let lang = checked
        .model
        .as_ref()
        .map_or(crate::model::project::Language::En, |m| m.project.language);
    let renderer =
        crate::render::Renderer::new(templates, lang).map_err(|e| template_failure(&e))?;
    Ok(Ready { checked, renderer })
}

/// Reports a template error; a broken template is an input error (exit 1),
/// an unreadable templates folder an I/O failure (exit 2).
fn template_failure(e: &crate::render::TemplateError) -> i32 {
    eprintln!("error: {e}");
    eprintln!("error: nothing was written, because a template failed");
    match e {
        crate::render::TemplateError::Io { .. } => exit::FAILURE,
        crate::render::TemplateError::Tera(_) => exit::INVALID,
    }
}

/// Reports a failure to write the output folder (exit 2): the reason, what
/// to do, and that the folder is as it was.
fn output_failure(e: &crate::output::OutputError) -> i32 {
    eprintln!("error: {e}");
    if let Some(help) = e.help() {
        eprintln!("help: {help}");
    }
    if e.untouched() {
        eprintln!("error: nothing was written; the output folder is as it was");
    }
    exit::FAILURE
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit::FAILURE
            } else {
                exit::OK
            };
        }
    };
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Coverage(args) => coverage::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Pack(args) => pack::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Templates(cmd) => templates::run(&cmd),
    }
}
