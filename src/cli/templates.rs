//! `outsec templates export DIR`

use std::path::PathBuf;

use super::exit;
use crate::render::BUILTIN;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Copy the built-in templates into DIR, to customise them. Existing
    /// files are never overwritten.
    Export {
        /// Folder to write the templates to.
        dir: PathBuf,
    },
}

pub fn run(cmd: &Command) -> i32 {
    let Command::Export { dir } = cmd;
    let mut written = 0;
    for (name, text) in BUILTIN {
        let path = dir.join(name);
        if path.exists() {
            eprintln!("kept {} (already exists)", path.display());
            continue;
        }
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(e) = result {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            return exit::FAILURE;
        }
        written += 1;
    }
    eprintln!(
        "exported {written} templates to {}; edit them and build with `-t {}`",
        dir.display(),
        dir.display()
    );
    exit::OK
}
