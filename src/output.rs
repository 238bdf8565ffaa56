//! Output: write the rendered files all or nothing, keep `manifest.json`, and
//! compare with what is on disk for `build --check`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const MANIFEST: &str = "manifest.json";

/// The files of one build, by path relative to the output folder
/// (always with `/` separators), in sorted order.
pub type Files = BTreeMap<String, Vec<u8>>;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write to `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the output folder `{out}` is the input folder or lies inside it; choose another with `-o DIR`"
    )]
    InsideInputs { out: PathBuf },
    #[error(
        "the output folder `{out}` is the templates folder `{templates}` or lies inside it; choose another with `-o DIR`"
    )]
    InsideTemplates { out: PathBuf, templates: PathBuf },
    #[error(
        "the templates folder `{templates}` lies inside the output folder `{out}`; choose another output folder with `-o DIR`, or move the templates out of it (and give them with `-t DIR`)"
    )]
    HoldsTemplates { out: PathBuf, templates: PathBuf },
    #[error("cannot write to `{path}`: {what}; choose another output folder with `-o DIR`")]
    InTheWay { path: PathBuf, what: &'static str },
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub files: Vec<ManifestEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    pub sha256: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Adds `manifest.json` listing every file with its SHA-256.
pub fn with_manifest(mut files: Files) -> Files {
    use rayon::prelude::*;
    let manifest = Manifest {
        generator: "outsec".to_string(),
        // Hashing tens of megabytes is worth every core; the entries stay
        // in the order of the paths.
        files: files
            .par_iter()
            .map(|(path, bytes)| ManifestEntry {
                path: path.clone(),
                sha256: sha256_hex(bytes),
            })
            .collect(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    json.push(b'\n');
    files.insert(MANIFEST.to_string(), json);
    files
}

/// Reads the manifest a previous build left, if any. An unreadable or
/// foreign `manifest.json` counts as none, so no file is ever removed on its say.
pub fn previous_manifest(out: &Path) -> Manifest {
    read_regular(&out.join(MANIFEST))
        .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
        .filter(|m| m.generator == "outsec")
        .unwrap_or_default()
}

/// The bytes of `path` if it is a regular file (or a link to one). Anything
/// else, such as a named pipe that would block or a device that never ends,
/// counts as absent.
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .and_then(|_| std::fs::read(path).ok())
}

/// Refuses an output folder that is the input folder or inside it.
pub fn guard(inputs: &Path, out: &Path) -> Result<(), OutputError> {
    let i = resolve(inputs);
    let o = resolve(out);
    if o.starts_with(&i) {
        return Err(OutputError::InsideInputs {
            out: out.to_path_buf(),
        });
    }
    Ok(())
}

/// Refuses an output folder that is the templates folder, lies inside it or
/// holds it: a build would overwrite the templates with its documents (they
/// share names such as `tender.md`), or remove them as obsolete.
pub fn guard_templates(templates: &Path, out: &Path) -> Result<(), OutputError> {
    let t = resolve(templates);
    let o = resolve(out);
    let (out, templates) = (out.to_path_buf(), templates.to_path_buf());
    if o.starts_with(&t) {
        return Err(OutputError::InsideTemplates { out, templates });
    }
    if t.starts_with(&o) {
        return Err(OutputError::HoldsTemplates { out, templates });
    }
    Ok(())
}

/// The absolute path that `p` names once the folders up to it exist, with
/// symbolic links resolved. Component by component, as the system would:
/// as long as the path exists it is canonicalised, so `link/..` is the
/// parent of the link's target, not the folder that holds the link (a
/// lexical `..` would let `-o link-into-inputs/..` write into the input
/// folder). From the first part that does not exist yet, `.` and `..` are
/// applied lexically, as `create_dir_all` will create real folders there.
fn resolve(p: &Path) -> PathBuf {
    use std::path::Component;
    let Ok(abs) = std::path::absolute(p) else {
        return p.to_path_buf();
    };
    let mut out = PathBuf::new();
    let mut exists = true;
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c),
            Component::CurDir => {}
            // `out` is canonical while it exists, so its parent is its real parent.
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if exists {
                    match std::fs::canonicalize(&out) {
                        Ok(real) => out = real,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    out
}

/// What `--check` found: files that would change, appear or disappear.
#[derive(Debug, Default)]
pub struct Staleness {
    pub changed: Vec<(String, String)>,
    pub missing: Vec<String>,
    pub obsolete: Vec<String>,
}

impl Staleness {
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.obsolete.is_empty()
    }
}

/// Compares the files a build would write with the output folder.
/// Only files listed in `files` or in the previous manifest are considered.
pub fn compare(out: &Path, files: &Files, only_listed: bool) -> Staleness {
    let mut s = Staleness::default();
    for (path, bytes) in files {
        match read_regular(&out.join(path)) {
            None => s.missing.push(path.clone()),
            Some(old) if old != *bytes => s.changed.push((path.clone(), diff(&old, bytes))),
            Some(_) => {}
        }
    }
    if !only_listed {
        for entry in previous_manifest(out).files {
            if !files.contains_key(&entry.path) && out.join(&entry.path).exists() {
                s.obsolete.push(entry.path);
            }
        }
    }
    s
}

fn diff(old: &[u8], new: &[u8]) -> String {
    match (std::str::from_utf8(old), std::str::from_utf8(new)) {
        (Ok(a), Ok(b)) => similar::TextDiff::from_lines(a, b)
            .unified_diff()
            .context_radius(2)
            .header("on disk", "would be written")
            .to_string(),
        _ => "binary content differs\n".to_string(),
    }
}

/// Writes every file, all or nothing: each file first goes to a temporary
/// file beside its destination; only when all of them are written are they
/// renamed into place. Files that the previous manifest listed and this
/// build no longer produces are removed; nothing else is touched.
/// Returns the number of files that changed.
pub fn write(out: &Path, files: &Files) -> Result<usize, OutputError> {
    let previous = previous_manifest(out);
    let changed = write_files(out, files)?;
    for entry in previous.files {
        if !files.contains_key(&entry.path) && is_plain_relative(&entry.path) {
            let path = out.join(&entry.path);
            if path.is_file() {
                std::fs::remove_file(&path).map_err(|e| OutputError::Io {
                    path: path.clone(),
                    source: e,
                })?;
            }
        }
    }
    Ok(changed)
}

/// Writes every file, all or nothing (see [`write`]), and nothing else.
/// Returns the number of files that changed.
///
/// Nothing in the folder changes before every new file has been written
/// beside its destination. Then each is renamed into place; should one of
/// those renames fail, the files already replaced get their old content
/// back and the new ones are removed, so the folder is as it was.
pub fn write_files(out: &Path, files: &Files) -> Result<usize, OutputError> {
    let io = |path: &Path, source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    in_the_way(out, "it exists and is not a folder")?;
    std::fs::create_dir_all(out).map_err(|e| match first_file_on(out) {
        Some(file) => OutputError::InTheWay {
            path: out.to_path_buf(),
            what: if file == out {
                "it exists and is not a folder"
            } else {
                "a file stands where a folder on its path would be"
            },
        },
        None => io(out, e),
    })?;

    // Every destination must be replaceable before anything is staged.
    for rel in files.keys() {
        let dest = out.join(rel);
        if std::fs::symlink_metadata(&dest).is_ok_and(|m| m.is_dir()) {
            return Err(OutputError::InTheWay {
                path: dest,
                what: "a folder of that name is in the way",
            });
        }
    }

    // Stage every changed file, on every core: the disk flushes (`sync_all`)
    // of tens of megabytes then overlap. Nothing is renamed yet, so a
    // failure leaves the output folder as it was (the temporary files are
    // removed as they drop).
    use rayon::prelude::*;
    let staged: Vec<Option<Staged>> = files
        .par_iter()
        .map(|(rel, bytes)| {
            let dest = out.join(rel);
            let old = read_regular(&dest);
            if old.as_deref() == Some(bytes.as_slice()) {
                return Ok(None);
            }
            let dir = dest.parent().unwrap_or(out);
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
            let mut tmp = new_file(dir).map_err(|e| io(dir, e))?;
            tmp.write_all(bytes).map_err(|e| io(&dest, e))?;
            tmp.as_file().sync_all().map_err(|e| io(&dest, e))?;
            Ok(Some((tmp, dest, old)))
        })
        .collect::<Result<_, OutputError>>()?;
    let staged: Vec<_> = staged.into_iter().flatten().collect();
    let changed = staged.len();
    let mut done: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    for (tmp, dest, old) in staged {
        if let Err(e) = tmp.persist(&dest) {
            roll_back(&done);
            return Err(io(&dest, e.error));
        }
        done.push((dest, old));
    }
    Ok(changed)
}

/// A file written beside its destination, the destination, and what the
/// destination held before (to roll back).
type Staged = (tempfile::NamedTempFile, PathBuf, Option<Vec<u8>>);

/// A temporary file beside the destination, created with the permissions a
/// new file gets (0666 less the umask), not the 0600 of a temporary file, so
/// that the documents are as readable as any other file the user writes.
fn new_file(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".outsec-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Puts back what [`write_files`] replaced: old content where there was a
/// file, nothing where there was none. Best effort: the write has already
/// failed, and its error is the one reported.
fn roll_back(done: &[(PathBuf, Option<Vec<u8>>)]) {
    for (dest, old) in done.iter().rev() {
        match old {
            Some(bytes) => {
                let dir = dest.parent().unwrap_or(Path::new("."));
                if let Ok(mut tmp) = new_file(dir)
                    && tmp.write_all(bytes).is_ok()
                {
                    let _ = tmp.persist(dest);
                }
            }
            None => {
                let _ = std::fs::remove_file(dest);
            }
        }
    }
}

/// An error when `path` exists and is not a folder (or a link to one).
fn in_the_way(path: &Path, what: &'static str) -> Result<(), OutputError> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_dir() => Err(OutputError::InTheWay {
            path: path.to_path_buf(),
            what,
        }),
        _ => Ok(()),
    }
}

/// The first existing entry on the way to `path` (from the root) that is not
/// a folder, if any: the reason a folder cannot be created there.
fn first_file_on(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter(|p| !p.as_os_str().is_empty())
        .find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()))
        .map(Path::to_path_buf)
}

/// A manifest path that stays inside the output folder.
fn is_plain_relative(path: &str) -> bool {
    let p = Path::new(path);
    p.is_relative()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}
