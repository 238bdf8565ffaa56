//! `outsec answers import`

use std::path::PathBuf;

use crate::answers::{self, ImportRequest};
use crate::report::Notify;
use crate::{Error, Outcome};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Read a questionnaire a bidder returned (the pack's XLSX or CSV,
    /// filled in), check that it is the one sent, and write the answers to
    /// `DIR/answers/<bidder>.yaml`.
    Import(ImportArgs),
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The returned questionnaire: `questionnaire.xlsx` or `questionnaire.csv`
    /// as the bidder filled it in.
    file: PathBuf,
    /// Party id of the bidder who returned it (a party with `role: bidder`).
    #[arg(long, value_name = "ID")]
    bidder: String,
    /// Folder with the project's YAML files.
    #[arg(short, long, default_value = "inputs", value_name = "DIR")]
    inputs: PathBuf,
    /// Replace `answers/<bidder>.yaml` even when outsec did not write it or
    /// it was edited since (without it, such a file stops the import).
    #[arg(long)]
    force: bool,
}

pub fn run(cmd: &Command, notify: Notify) -> Result<Outcome, Error> {
    let Command::Import(args) = cmd;
    let imported = answers::import(
        &ImportRequest {
            inputs: &args.inputs,
            file: &args.file,
            bidder: &args.bidder,
            force: args.force,
        },
        notify,
    )?;
    let [yes, partly, no, empty] = imported.counts;
    Ok(Outcome::default().stderr(format!(
        "{} {}: {} rows ({yes} yes, {partly} partly, {no} no, {empty} not answered) from `{}` (SHA-256 {})\nnext: `outsec check -i {}` compares them with the evaluation\n",
        if imported.replaced { "replaced" } else { "wrote" },
        imported.path.display(),
        yes + partly + no + empty,
        args.file.display(),
        imported.sha256,
        args.inputs.display(),
    )))
}
