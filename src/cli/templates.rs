//! `outsec templates export DIR`

use std::path::PathBuf;

use crate::render::BUILTIN;
use crate::report::{Notice, Notify};
use crate::{Error, Outcome};

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
    use crate::output::dir::{Dir, Kind, Rel};
    let Command::Export { dir } = cmd;
    // The folder is opened once; below it, nothing is followed: a link
    // named like a template is kept as it is, never written through.
    let folder = std::fs::create_dir_all(dir)
        .and_then(|()| Dir::open(dir))
        .map_err(|source| Error::WriteTo {
            path: dir.clone(),
            source,
        })?;
    let mut written = 0;
    for (name, text) in BUILTIN {
        let Some(rel) = Rel::new(name) else { continue };
        let path = dir.join(name);
        match folder.kind(rel) {
            Kind::Missing => {}
            Kind::File(_) => {
                notify(Notice::Kept { path, why: None });
                continue;
            }
            other => {
                notify(Notice::Kept {
                    path,
                    why: Some(other.refusal().unwrap_or_default()),
                });
                continue;
            }
        }
        folder
            .create_file(rel, text.as_bytes())
            .map_err(|source| Error::Write { path, source })?;
        written += 1;
    }
    Ok(Outcome::default().stderr(format!(
        "exported {written} templates to {}; edit them and build with `-t {}`\n",
        dir.display(),
        dir.display()
    )))
}
