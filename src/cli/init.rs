//! `outsec init DIR`

use std::path::PathBuf;

use crate::{Error, Outcome, scaffold};

#[derive(clap::Args)]
pub struct Args {
    /// Folder for the new project; it must not exist yet or be empty.
    dir: PathBuf,
}

pub fn run(args: &Args) -> Result<Outcome, Error> {
    scaffold::init(&args.dir)?;
    let dir = args.dir.display();
    Ok(Outcome::default().stderr(format!(
        "created a new outsec project in {dir}\n\
         next steps:\n  \
         cd {dir}\n  \
         outsec check      # every input passes; edit inputs/*.yaml and check again\n  \
         outsec build      # writes the documents into output/\n"
    )))
}
