//! Scratch folders inside the output folder, for work that needs files on
//! disk before the switch (the pages a browser prints to PDF).
//!
//! A scratch folder is `.outsec-pdf-XXXXXX` directly in the output folder,
//! readable by the user alone (0700), and holds a file `busy` that its run
//! keeps locked. It is removed when the run is done with it; one that a
//! killed run left behind (its `busy` file no longer locked) is removed by
//! the next `build` or `pack`, under the output folder's lock. Nothing is
//! written outside the output folder.

use std::fs::File;
use std::path::Path;

use super::dir::{Dir, Kind, Rel};
use super::{OutputError, open_or_create};

/// The name every scratch folder starts with.
pub const PREFIX: &str = ".outsec-pdf-";
/// The file a run keeps locked in its scratch folder.
const BUSY: &str = "busy";

/// A scratch folder, removed when dropped.
pub struct Scratch {
    folder: tempfile::TempDir,
    _busy: File,
}

impl Scratch {
    pub fn path(&self) -> &Path {
        self.folder.path()
    }
}

/// Makes a scratch folder in the output folder `out` (made if need be).
pub fn scratch(out: &Path) -> Result<Scratch, OutputError> {
    let dir = open_or_create(out)?;
    let io = |source| OutputError::Io {
        path: out.to_path_buf(),
        source,
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    // In the folder opened once: the path of `out` is not walked again.
    let folder = builder.tempdir_in(dir.path()).map_err(io)?;
    let busy = File::create_new(folder.path().join(BUSY)).map_err(io)?;
    busy.lock().map_err(io)?;
    Ok(Scratch {
        folder,
        _busy: busy,
    })
}

/// Removes the scratch folders that killed runs left in the output folder
/// (those whose `busy` file nobody holds). A name of the kind that is not a
/// folder of outsec's is left alone.
pub fn remove_stale(dir: &Dir) {
    let Ok(names) = dir.list(None) else {
        return;
    };
    for name in names.iter().filter(|n| n.starts_with(PREFIX)) {
        let Some(folder) = Rel::new(name) else {
            continue;
        };
        if dir.kind(folder) != Kind::Folder {
            continue;
        }
        let busy = format!("{name}/{BUSY}");
        let Some(busy) = Rel::new(&busy) else {
            continue;
        };
        let stale = match dir.open_regular(busy) {
            Ok(Some((file, _))) => file.try_lock().is_ok(),
            _ => false,
        };
        if stale {
            let _ = dir.remove_tree(folder);
        }
    }
}
