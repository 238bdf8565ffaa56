//! `outsec templates export DIR`

use std::path::PathBuf;

use crate::report::Notify;
use crate::{Error, Outcome, scaffold};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Copy the built-in templates into DIR, to customise them. Existing
    /// files are never overwritten.
    Export {
        /// Folder to write the templates to.
        dir: PathBuf,
    },
}

pub fn run(cmd: &Command, notify: Notify) -> Result<Outcome, Error> {
    let Command::Export { dir } = cmd;
    let written = scaffold::export_templates(dir, notify)?;
    Ok(Outcome::default().stderr(format!(
        "exported {written} templates to {}; edit them and build with `-t {}`\n",
        dir.display(),
        dir.display()
    )))
}
