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
    let manifest = Manifest {
        generator: "outsec".to_string(),
        files: files
            .iter()
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
    std::fs::read(out.join(MANIFEST))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
        .filter(|m| m.generator == "outsec")
        .unwrap_or_default()
}

/// Refuses an output folder that is the input folder or inside it.
pub fn guard(inputs: &Path, out: &Path) -> Result<(), OutputError> {
    let abs = |p: &Path| {
        std::path::absolute(p)
            .map(|a| normalise(&a))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (i, o) = (abs(inputs), abs(out));
    let (i, o) = (std::fs::canonicalize(&i).unwrap_or(i), canonical_prefix(&o));
    if o.starts_with(&i) {
        return Err(OutputError::InsideInputs {
            out: out.to_path_buf(),
        });
    }
    Ok(())
}

/// Lexically removes `.` and `..` components.
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Canonicalises the longest existing prefix of `p` and appends the rest.
fn canonical_prefix(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(ToOwned::to_owned),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return p.to_path_buf(),
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
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
        match std::fs::read(out.join(path)) {
            Err(_) => s.missing.push(path.clone()),
            Ok(old) if old != *bytes => s.changed.push((path.clone(), diff(&old, bytes))),
            Ok(_) => {}
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
pub fn write_files(out: &Path, files: &Files) -> Result<usize, OutputError> {
    let io = |path: &Path, source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;

    let mut staged = Vec::new();
    for (rel, bytes) in files {
        let dest = out.join(rel);
        if std::fs::read(&dest).is_ok_and(|old| old == *bytes) {
            continue;
        }
        let dir = dest.parent().unwrap_or(out);
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".outsec-")
            .tempfile_in(dir)
            .map_err(|e| io(dir, e))?;
        tmp.write_all(bytes).map_err(|e| io(&dest, e))?;
        tmp.as_file().sync_all().map_err(|e| io(&dest, e))?;
        staged.push((tmp, dest));
    }
    let changed = staged.len();
    for (tmp, dest) in staged {
        tmp.persist(&dest).map_err(|e| io(&dest, e.error))?;
    }
    Ok(changed)
}

/// A manifest path that stays inside the output folder.
fn is_plain_relative(path: &str) -> bool {
    let p = Path::new(path);
    p.is_relative()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}
