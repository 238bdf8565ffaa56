//! `outsec init DIR`

use std::path::{Path, PathBuf};

use crate::{Error, Outcome};

/// The starter project, embedded at compile time. Every file is commented
/// and the whole passes `outsec check`.
const STARTER: &[(&str, &str)] = &[
    ("project.yaml", include_str!("../../starter/project.yaml")),
    ("strategy.yaml", include_str!("../../starter/strategy.yaml")),
    (
        "requirements.yaml",
        include_str!("../../starter/requirements.yaml"),
    ),
    ("tender.yaml", include_str!("../../starter/tender.yaml")),
    (
        "evaluation.yaml",
        include_str!("../../starter/evaluation.yaml"),
    ),
    ("contract.yaml", include_str!("../../starter/contract.yaml")),
    (
        "security-concept.yaml",
        include_str!("../../starter/security-concept.yaml"),
    ),
    (
        "migration.yaml",
        include_str!("../../starter/migration.yaml"),
    ),
    (
        "operations.yaml",
        include_str!("../../starter/operations.yaml"),
    ),
    (
        "contingency.yaml",
        include_str!("../../starter/contingency.yaml"),
    ),
];

#[derive(clap::Args)]
pub struct Args {
    /// Folder for the new project; it must not exist yet or be empty.
    dir: PathBuf,
}

pub fn run(args: &Args) -> Result<Outcome, Error> {
    let dir = &args.dir;
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .map_err(|source| Error::Read {
                path: dir.clone(),
                source,
            })?;
        if !empty {
            return Err(Error::NotEmpty(dir.clone()));
        }
    }
    write(dir).map_err(|(path, source)| Error::Write { path, source })?;
    let dir = dir.display();
    Ok(Outcome::default().stderr(format!(
        "created a new outsec project in {dir}\n\
         next steps:\n  \
         cd {dir}\n  \
         outsec check      # every input passes; edit inputs/*.yaml and check again\n  \
         outsec build      # writes the documents into output/\n"
    )))
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
