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
    use crate::output::dir::{Dir, Kind, Rel};
    let Command::Export { dir } = cmd;
    // The folder is opened once; below it, nothing is followed: a link
    // named like a template is kept as it is, never written through.
    let opened = std::fs::create_dir_all(dir).and_then(|()| Dir::open(dir));
    let folder = match opened {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: cannot write to `{}`: {e}", dir.display());
            return exit::FAILURE;
        }
    };
    let mut written = 0;
    for (name, text) in BUILTIN {
        let Some(rel) = Rel::new(name) else { continue };
        let path = dir.join(name);
        match folder.kind(rel) {
            Kind::Missing => {}
            Kind::File(_) => {
                eprintln!("kept {} (already exists)", path.display());
                continue;
            }
            other => {
                eprintln!(
                    "kept {} ({})",
                    path.display(),
                    other.refusal().unwrap_or_default()
                );
                continue;
            }
        }
        if let Err(e) = folder.create_file(rel, text.as_bytes()) {
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
