//! `outsec pack`

use std::path::PathBuf;

use std::fmt::Write as _;

use crate::output;
use crate::pack::{self, PackRequest};
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
    /// Folder the packs are written to.
    #[arg(short, long, default_value = "output", value_name = "DIR")]
    out: PathBuf,
    /// Folder with templates that override the built-in ones
    /// [default: `templates` when that folder exists].
    #[arg(short, long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Replace files in the output folder that outsec did not write or that
    /// were edited since (without it, such a file stops the pack).
    #[arg(long)]
    force: bool,
    /// The stage whose pack is cut: `bids` (the tender pack and its NDA
    /// part) or `participation` (the participation pack for candidates, for
    /// a tender with a deadline of kind `requests`).
    #[arg(long, value_enum, default_value = "bids", value_name = "STAGE")]
    stage: StageArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum StageArg {
    Participation,
    Bids,
}

pub fn run(args: &Args, notify: Notify) -> Result<Outcome, Error> {
    let request = PackRequest {
        inputs: &args.inputs,
        rev: args.rev.as_deref(),
        out: &args.out,
        templates: args.templates.as_deref(),
        force: args.force,
        stage: match args.stage {
            StageArg::Participation => crate::model::tender::Stage::Participation,
            StageArg::Bids => crate::model::tender::Stage::Bids,
        },
    };
    let packed = pack::write(&request, notify)?;
    let mut outcome = Outcome::default();
    if packed.removed > 0 {
        outcome = outcome.stderr(format!(
            "removed {} files of an earlier pack that this pack no longer has (see `{}`)\n",
            packed.removed,
            output::PACK.file
        ));
    }
    let mut sums = String::new();
    for p in &packed.packs {
        let _ = writeln!(sums, "{}  {}", p.sha256, p.zip.display());
    }
    let names: Vec<&str> = packed.packs.iter().map(|p| p.name).collect();
    let readers = match request.stage {
        crate::model::tender::Stage::Participation => "candidates",
        crate::model::tender::Stage::Bids => "bidders",
    };
    Ok(outcome.stdout(sums).stderr(format!(
        "wrote {} in {} ({readers} check a pack with `sha256sum -c MANIFEST.sha256` inside its folder)\n",
        names.join(" and "),
        args.out.display()
    )))
}
