//! New things to start from: a project (`init`) and copies of the built-in
//! templates (`templates export`). Neither overwrites anything.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::dir::{Dir, Kind, Rel};
use crate::render::BUILTIN;
use crate::report::{Notice, Notify};

/// The starter project, embedded at compile time. Every file is commented
/// and the whole passes `outsec check`.
const STARTER: &[(&str, &str)] = &[
    (
        "project.yaml",
        include_str!("../assets/starter/project.yaml"),
    ),
    (
        "strategy.yaml",
        include_str!("../assets/starter/strategy.yaml"),
    ),
    (
        "requirements.yaml",
        include_str!("../assets/starter/requirements.yaml"),
    ),
    ("tender.yaml", include_str!("../assets/starter/tender.yaml")),
    (
        "evaluation.yaml",
        include_str!("../assets/starter/evaluation.yaml"),
    ),
    (
        "contract.yaml",
        include_str!("../assets/starter/contract.yaml"),
    ),
    (
        "security-concept.yaml",
        include_str!("../assets/starter/security-concept.yaml"),
    ),
    (
        "migration.yaml",
        include_str!("../assets/starter/migration.yaml"),
    ),
    (
        "operations.yaml",
        include_str!("../assets/starter/operations.yaml"),
    ),
    (
        "contingency.yaml",
        include_str!("../assets/starter/contingency.yaml"),
    ),
];

/// Starts a new project in `dir`, which must not exist yet or be empty:
/// the starter inputs and their schema in `dir/inputs`.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .map_err(|source| Error::Read {
                path: dir.to_path_buf(),
                source,
            })?;
        if !empty {
            return Err(Error::NotEmpty(dir.to_path_buf()));
        }
    }
    write(dir).map_err(|(path, source)| Error::Write { path, source })
}

fn write(dir: &Path) -> Result<(), (PathBuf, std::io::Error)> {
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).map_err(|e| (inputs.clone(), e))?;
    for (name, text) in STARTER {
        let path = inputs.join(name);
        std::fs::write(&path, text).map_err(|e| (path, e))?;
    }
    // The schema the files' modelines point to, for completion in editors.
    let path = inputs.join(crate::schema::FILE_NAME);
    std::fs::write(&path, crate::schema::input_schema_text()).map_err(|e| (path, e))
}

/// Copies the built-in templates into `dir` (made if need be) and returns
/// how many it wrote. A file that is there already is kept, and `notify`
/// told so.
pub fn export_templates(dir: &Path, notify: Notify) -> Result<usize, Error> {
    // The folder is opened once; below it, nothing is followed: a link
    // named like a template is kept as it is, never written through.
    let folder = std::fs::create_dir_all(dir)
        .and_then(|()| Dir::open(dir))
        .map_err(|source| Error::WriteTo {
            path: dir.to_path_buf(),
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
    Ok(written)
}
