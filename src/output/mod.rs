//! Output: write the rendered files into the output folder, keep the record
//! of what outsec wrote there (`manifest.json` for `build`,
//! `pack-manifest.json` for `pack`), and compare with what is on disk for
//! `build --check`.
//!
//! The rules, in the order a write applies them:
//!
//! 1. Nothing is followed: below the output folder, links are never
//!    followed, and only regular files are replaced or removed ([`dir`]).
//! 2. Nothing of the user's is lost: a file that has a generated file's name
//!    but is not in the previous record, or whose content no longer matches
//!    the record (the user edited it), stops the write unless `--force`
//!    says to replace it. The same holds for a file the record lists and the
//!    build no longer produces: it is removed only if it is still as outsec
//!    wrote it. A record entry that is not a plain path inside the folder,
//!    or leads through a link, is ignored with a note.
//! 3. One writer at a time, and the old set or the new one, never a mix
//!    ([`switch`]).

pub mod dir;
pub mod scratch;
pub mod switch;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use dir::{Dir, Kind, Read, Rel};

use crate::report::Notify;

pub const MANIFEST: &str = "manifest.json";

/// The files of one build, by path relative to the output folder
/// (always with `/` separators), in sorted order.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Where a command records the files it wrote in the output folder.
#[derive(Clone, Copy, Debug)]
pub struct Record {
    /// The record's file, in the output folder.
    pub file: &'static str,
    /// Its `generator`: a record with another one is not this command's.
    pub generator: &'static str,
    /// The paths the command writes: a record entry elsewhere (the other
    /// command's files, outsec's own, the user's sub-folders) is never
    /// removed on the record's say.
    pub owns: fn(&str) -> bool,
}

/// `build`'s record.
pub const BUILD: Record = Record {
    file: MANIFEST,
    generator: "outsec",
    owns: build_owns,
};

/// `build` writes files directly in the output folder, and none of the
/// pack's names nor outsec's own.
fn build_owns(path: &str) -> bool {
    !path.contains('/')
        && !path.starts_with("tender-pack")
        && !path.starts_with("participation-pack")
        && !path.starts_with(".outsec")
        && path != "pack-manifest.json"
}

/// `pack` writes into the pack folders and the archives beside them.
fn pack_owns(path: &str) -> bool {
    match path.split_once('/') {
        Some((folder, _)) => matches!(
            folder,
            "tender-pack" | "tender-pack-nda" | "participation-pack"
        ),
        None => {
            (path.starts_with("tender-pack-") || path.starts_with("participation-pack-"))
                && path.ends_with(".zip")
        }
    }
}

/// `pack`'s record: the pack folders and archives.
pub const PACK: Record = Record {
    file: "pack-manifest.json",
    generator: "outsec pack",
    owns: pack_owns,
};

/// The largest file in the output folder that is read whole (to compare it
/// with what a build would write, or to show a diff).
const READ_LIMIT: u64 = 256 * 1024 * 1024;
/// The largest file whose checksum is computed to tell whether outsec wrote
/// it; a larger one is not one of outsec's documents.
const HASH_LIMIT: u64 = 1024 * 1024 * 1024;
/// The largest record that is read.
const RECORD_LIMIT: u64 = 64 * 1024 * 1024;

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
    InTheWay { path: PathBuf, what: String },
    #[error(
        "another outsec run{} is still writing to `{out}` after {waited} s of waiting; try again when it has finished",
        holder.map(|p| format!(" (process {p})")).unwrap_or_default()
    )]
    Busy {
        out: PathBuf,
        holder: Option<u32>,
        waited: u64,
    },
    #[error("{}", refused(.0))]
    Refused(Vec<Refusal>),
    #[error(
        "`{path}` changed while outsec was switching the files of the output folder (someone else edited, replaced or created it)"
    )]
    Changed { path: PathBuf },
    #[error(
        "{cause}; and the earlier files could not all be put back: {}. The output folder holds some new and some earlier files; the earlier ones are kept in `{staging}`, and the next `outsec build` or `outsec pack` completes the switch",
        .files.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", ")
    )]
    Stuck {
        cause: Box<OutputError>,
        staging: PathBuf,
        files: Vec<PathBuf>,
    },
}

impl OutputError {
    /// Whether the output folder is as it was before the run.
    pub fn untouched(&self) -> bool {
        !matches!(self, OutputError::Stuck { .. })
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            OutputError::Refused(items) if items.iter().all(|r| r.force) => Some(
                "keep a copy of your version elsewhere (or rename it), or run again with `--force` to replace it"
                    .into(),
            ),
            OutputError::Refused(_) => Some(
                "remove or rename what is in the way (outsec never replaces or removes links, folders or special files in the output folder), or choose another output folder with `-o DIR`"
                    .into(),
            ),
            OutputError::Changed { .. } => Some(
                "nothing was lost: the switch was undone; run outsec again when nobody else writes into the output folder".into(),
            ),
            OutputError::Busy { .. } => Some(
                "if no other outsec run is going on, the lock is held by a process that hangs; `OUTSEC_LOCK_WAIT=SECONDS` sets how long to wait".into(),
            ),
            _ => None,
        }
    }
}

/// A file in the output folder that a write would lose or cannot replace.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// The path as the user knows it.
    pub path: PathBuf,
    /// The path inside the output folder.
    pub rel: String,
    pub why: String,
    /// Whether `--force` replaces (or removes) it.
    pub force: bool,
}

fn refused(items: &[Refusal]) -> String {
    let mut text = if items.iter().all(|r| r.force) {
        "the output folder holds files that outsec did not write or that were changed since; writing would lose them:".to_string()
    } else {
        "the output folder holds something outsec may not replace:".to_string()
    };
    for r in items {
        text.push_str(&format!("\n  `{}`: {}", r.path.display(), r.why));
    }
    text
}

/// A record of the files a command wrote, with their SHA-256.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub files: Vec<ManifestEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    pub sha256: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Adds `manifest.json` listing every file with its SHA-256.
pub fn with_manifest(files: Files) -> Files {
    with_record(files, BUILD)
}

/// Adds `record`'s file listing every file with its SHA-256.
pub fn with_record(mut files: Files, record: Record) -> Files {
    use rayon::prelude::*;
    // Hashing tens of megabytes is worth every core; the entries stay in
    // the order of the paths.
    let entries = files
        .par_iter()
        .filter(|(path, _)| path.as_str() != record.file)
        .map(|(path, bytes)| ManifestEntry {
            path: path.clone(),
            sha256: sha256_hex(bytes),
        })
        .collect();
    files.insert(record.file.to_string(), record_bytes(record, entries));
    files
}

fn record_bytes(record: Record, files: Vec<ManifestEntry>) -> Vec<u8> {
    let manifest = Manifest {
        generator: record.generator.to_string(),
        files,
    };
    let mut json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    json.push(b'\n');
    json
}

/// What the previous run left as its record.
#[derive(Debug, Default)]
pub struct Previous {
    /// The record file is there and is this command's: outsec may replace it.
    pub ours: bool,
    pub files: Vec<ManifestEntry>,
    /// Taken from the `MANIFEST.sha256` of pack folders written before
    /// `pack-manifest.json` (see [`legacy_pack_record`]).
    pub legacy: bool,
}

impl Previous {
    fn sha256(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|e| e.path == path)
            .map(|e| e.sha256.as_str())
    }
}

/// Reads the record a previous run left, if any, without following links.
/// An unreadable or foreign record counts as none, so no file is ever
/// replaced or removed on its say.
fn previous(dir: &Dir, record: Record) -> Previous {
    let parsed = Rel::new(record.file)
        .and_then(|rel| match dir.read(rel, RECORD_LIMIT) {
            Ok(Read::Bytes(bytes)) => serde_json::from_slice::<Manifest>(&bytes).ok(),
            _ => None,
        })
        .filter(|m| m.generator == record.generator);
    match parsed {
        Some(m) => Previous {
            ours: true,
            files: m.files,
            legacy: false,
        },
        None if record.file == PACK.file => legacy_pack_record(dir),
        None => Previous::default(),
    }
}

/// Before `pack-manifest.json`, each pack folder listed its files in its
/// `MANIFEST.sha256`; those files (and that list itself) count as outsec's.
fn legacy_pack_record(dir: &Dir) -> Previous {
    let mut files = Vec::new();
    for folder in ["tender-pack", "tender-pack-nda"] {
        let list = format!("{folder}/MANIFEST.sha256");
        let Some(rel) = Rel::new(&list) else { continue };
        let Ok(Read::Bytes(bytes)) = dir.read(rel, RECORD_LIMIT) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let entries: Option<Vec<ManifestEntry>> = text
            .lines()
            .map(|line| {
                let (hash, file) = line.split_once("  ")?;
                let plain = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
                plain.then(|| ManifestEntry {
                    path: format!("{folder}/{file}"),
                    sha256: hash.to_ascii_lowercase(),
                })
            })
            .collect();
        if let Some(entries) = entries {
            files.extend(entries);
            files.push(ManifestEntry {
                path: list,
                sha256: sha256_hex(&bytes),
            });
        }
    }
    Previous {
        ours: false,
        files,
        legacy: true,
    }
}

/// Whether `bytes` is a pack archive that an earlier `pack` wrote beside
/// its folder: a zip whose entries all lie in one pack folder, and whose
/// `MANIFEST.sha256` is the one that folder's list vouches for.
fn legacy_pack_zip(bytes: &[u8], previous: &Previous) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    let Ok(names) = zip
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<Result<Vec<String>, _>>()
    else {
        return false;
    };
    let Some(folder) = ["tender-pack-nda", "tender-pack"]
        .into_iter()
        .find(|f| names.iter().all(|n| n.starts_with(&format!("{f}/"))))
    else {
        return false;
    };
    let list = format!("{folder}/MANIFEST.sha256");
    let Ok(mut entry) = zip.by_name(&list) else {
        return false;
    };
    let mut text = Vec::new();
    use std::io::Read as _;
    if (&mut entry)
        .take(RECORD_LIMIT)
        .read_to_end(&mut text)
        .is_err()
    {
        return false;
    }
    previous.sha256(&list) == Some(sha256_hex(&text).as_str())
}

/// One file a write replaces or adds.
#[derive(Debug)]
pub struct Change {
    pub path: String,
    /// Whether a file is there now.
    pub exists: bool,
    /// The SHA-256 of the file there now.
    pub old_sha256: Option<String>,
    /// Its content, when the plan was made for `--check` and it is not too
    /// large to show.
    pub old: Option<Vec<u8>>,
}

/// What a write would do in the output folder.
#[derive(Debug, Default)]
pub struct Plan {
    /// Files to write: new ones and changed ones.
    pub changes: Vec<Change>,
    /// Files the record lists, the command no longer produces, and that are
    /// still as outsec wrote them: they go.
    pub removals: Vec<ManifestEntry>,
    /// Files that stop the write.
    pub refusals: Vec<Refusal>,
    /// Record entries that were ignored, and why.
    pub notes: Vec<String>,
    /// A switch that a killed run left unfinished (`--check` only).
    pub interrupted: bool,
}

impl Plan {
    /// Whether the folder is as the command would leave it.
    pub fn is_fresh(&self) -> bool {
        self.changes.is_empty()
            && self.removals.is_empty()
            && self.refusals.is_empty()
            && !self.interrupted
    }
}

/// How a command writes.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    pub record: Record,
    /// Replace (or remove) files outsec did not write or that were changed.
    pub force: bool,
    /// `build --only`: the files are some of the documents; the record
    /// keeps its other entries and nothing is removed.
    pub partial: bool,
    /// For `--check`: files whose new content is not known (PDFs, which
    /// `--check` does not print); the files given for them are the ones on
    /// disk, which must be as outsec wrote them.
    pub opaque: &'a [String],
}

impl Options<'_> {
    fn opaque(&self, path: &str) -> bool {
        self.opaque.iter().any(|p| p == path)
    }
}

/// The record after a partial write: the previous entries, with those of the
/// files written replaced.
fn merged_record(files: &Files, previous: &Previous, record: Record) -> Vec<u8> {
    let mut entries: BTreeMap<String, String> = previous
        .files
        .iter()
        .filter(|e| Rel::new(&e.path).is_some() && e.path != record.file)
        .map(|e| (e.path.clone(), e.sha256.clone()))
        .collect();
    for (path, bytes) in files {
        if path != record.file {
            entries.insert(path.clone(), sha256_hex(bytes));
        }
    }
    record_bytes(
        record,
        entries
            .into_iter()
            .map(|(path, sha256)| ManifestEntry { path, sha256 })
            .collect(),
    )
}

/// What writing `files` into the folder would do. `dir`: the output folder,
/// `None` when it does not exist yet. `keep_old`: keep the content of
/// changed files, to show diffs.
fn plan(
    dir: Option<&Dir>,
    files: &Files,
    previous: &Previous,
    options: Options,
    keep_old: bool,
) -> Plan {
    use rayon::prelude::*;
    let record = options.record;
    let shown = |path: &str| match dir {
        Some(d) => d.path().join(path),
        None => PathBuf::from(path),
    };
    let outcomes: Vec<Result<Option<Change>, Refusal>> = files
        .par_iter()
        .map(|(path, bytes)| {
            let Some(dir) = dir else {
                return Ok(Some(Change {
                    path: path.clone(),
                    exists: false,
                    old_sha256: None,
                    old: None,
                }));
            };
            let Some(rel) = Rel::new(path) else {
                return Err(Refusal {
                    path: shown(path),
                    rel: path.clone(),
                    why: "not a plain path inside the output folder".into(),
                    force: false,
                });
            };
            let kind = dir.kind(rel);
            if let Some(why) = kind.refusal() {
                return Err(Refusal {
                    path: shown(path),
                    rel: path.clone(),
                    why,
                    force: false,
                });
            }
            let Kind::File(len) = kind else {
                return Ok(Some(Change {
                    path: path.clone(),
                    exists: false,
                    old_sha256: None,
                    old: None,
                }));
            };
            // Content outsec does not know (a PDF that `--check` does not
            // print): it is fine as long as it is what outsec wrote.
            if options.opaque(path) {
                let listed = previous.sha256(path);
                let on_disk = dir.sha256(rel, HASH_LIMIT).ok().flatten();
                return match listed {
                    Some(_) if listed == on_disk.as_deref() => Ok(None),
                    _ => Err(Refusal {
                        path: shown(path),
                        rel: path.clone(),
                        why: not_ours(record, listed.is_some()),
                        force: true,
                    }),
                };
            }
            // Same size: probably unchanged, which reading tells.
            let old = if len == bytes.len() as u64 || keep_old {
                match dir.read(rel, READ_LIMIT) {
                    Ok(Read::Bytes(old)) if old == *bytes => return Ok(None),
                    Ok(Read::Bytes(old)) => Some(old),
                    _ => None,
                }
            } else {
                None
            };
            let old_sha256 = match &old {
                Some(b) => Some(sha256_hex(b)),
                None => dir.sha256(rel, HASH_LIMIT).ok().flatten(),
            };
            // Replaced with `--force`: the switch checks that it is still
            // this file, whatever its size.
            let old_sha256 = old_sha256.or_else(|| {
                options
                    .force
                    .then(|| dir.sha256(rel, u64::MAX).ok().flatten())
                    .flatten()
            });
            let listed = previous.sha256(path);
            let ours = if path == record.file {
                previous.ours
            } else if listed.is_none() && previous.legacy && path.ends_with(".zip") {
                match &old {
                    Some(bytes) => legacy_pack_zip(bytes, previous),
                    None => matches!(dir.read(rel, READ_LIMIT), Ok(Read::Bytes(b)) if legacy_pack_zip(&b, previous)),
                }
            } else {
                listed.is_some() && listed == old_sha256.as_deref()
            };
            if !ours && !options.force {
                let why = if path == record.file {
                    format!(
                        "outsec did not write it (it is not the record of `{}`)",
                        command(record)
                    )
                } else {
                    not_ours(record, listed.is_some())
                };
                return Err(Refusal {
                    path: shown(path),
                    rel: path.clone(),
                    why,
                    force: true,
                });
            }
            Ok(Some(Change {
                path: path.clone(),
                exists: true,
                old_sha256,
                old: old.filter(|_| keep_old),
            }))
        })
        .collect();
    let mut plan = Plan::default();
    for o in outcomes {
        match o {
            Ok(Some(change)) => plan.changes.push(change),
            Ok(None) => {}
            Err(refusal) => plan.refusals.push(refusal),
        }
    }
    if options.partial {
        return plan;
    }
    let Some(dir) = dir else {
        return plan;
    };
    let mut seen = BTreeSet::new();
    for entry in &previous.files {
        if files.contains_key(&entry.path) || !seen.insert(entry.path.as_str()) {
            continue;
        }
        let ignored = |why: String| {
            format!(
                "ignored the entry `{}` of `{}`: {why}",
                shown_entry(&entry.path),
                record.file
            )
        };
        let Some(rel) = Rel::new(&entry.path) else {
            plan.notes.push(ignored(
                "it is not a plain path inside the output folder (absolute, with `..`, or empty parts)".into(),
            ));
            continue;
        };
        match dir.kind(rel) {
            Kind::Missing => {}
            Kind::File(_) if !(record.owns)(&entry.path) || entry.path == record.file => {
                plan.notes.push(ignored(format!(
                    "`{}` never writes a file there",
                    command(record)
                )));
            }
            Kind::File(_) => {
                let limit = if options.force { u64::MAX } else { HASH_LIMIT };
                let sha = dir.sha256(rel, limit).ok().flatten();
                if sha.as_deref() == Some(entry.sha256.as_str()) || options.force {
                    plan.removals.push(ManifestEntry {
                        path: entry.path.clone(),
                        sha256: sha.unwrap_or_default(),
                    });
                } else {
                    plan.refusals.push(Refusal {
                        path: dir.display(rel),
                        rel: entry.path.clone(),
                        why: format!(
                            "it was changed since outsec wrote it, and `{}` no longer produces it (it would be removed)",
                            command(record)
                        ),
                        force: true,
                    });
                }
            }
            other => plan
                .notes
                .push(ignored(other.refusal().unwrap_or_default())),
        }
    }
    plan
}

/// Why a file is not outsec's to replace: `listed` in the record with
/// other content (edited), or not listed at all.
fn not_ours(record: Record, listed: bool) -> String {
    if listed {
        format!(
            "it was changed since outsec wrote it (it no longer matches `{}`)",
            record.file
        )
    } else {
        format!(
            "outsec did not write it (it is not listed in `{}`)",
            record.file
        )
    }
}

/// A record entry as a message shows it: control characters (line breaks
/// too) visible, and cut after 120 characters.
fn shown_entry(path: &str) -> String {
    let one_line = path.replace('\n', "\u{240a}");
    let clean = crate::diag::clean(&one_line);
    if clean.chars().count() > 120 {
        format!("{}...", clean.chars().take(117).collect::<String>())
    } else {
        clean.into_owned()
    }
}

/// The command that keeps `record`.
fn command(record: Record) -> &'static str {
    if record.file == PACK.file {
        "outsec pack"
    } else {
        "outsec build"
    }
}

/// What `--check` found; see [`Plan`].
pub fn check(out: &Path, files: &Files, options: Options) -> Plan {
    let dir = Dir::open(out).ok();
    let previous = dir
        .as_ref()
        .map(|d| previous(d, options.record))
        .unwrap_or_default();
    let mut files_owned;
    let mut files = files;
    if options.partial && dir.is_some() {
        files_owned = files.clone();
        files_owned.insert(
            options.record.file.to_string(),
            merged_record(files, &previous, options.record),
        );
        files = &files_owned;
    }
    let mut plan = plan(dir.as_ref(), files, &previous, options, true);
    if let Some(dir) = &dir {
        match switch::staging(dir) {
            switch::Staging::Ours { journal } => plan.interrupted = journal,
            switch::Staging::Foreign(why) => plan.refusals.push(Refusal {
                path: dir.path().join(switch::STAGING),
                rel: switch::STAGING.to_string(),
                why: format!("outsec's name for its staging folder, but not outsec's: {why}"),
                force: false,
            }),
            switch::Staging::Absent => {}
        }
    }
    plan
}

/// What a write did.
#[derive(Debug, Default)]
pub struct Written {
    /// Files written (new or changed).
    pub changed: usize,
    /// Files removed.
    pub removed: usize,
    /// Record entries that were ignored, and why.
    pub notes: Vec<String>,
}

/// Writes `files` into the output folder `out` under the rules of the
/// module documentation: all or nothing, one run at a time, nothing
/// followed, nothing of the user's lost. With `options.partial`, the record
/// is merged and nothing is removed; otherwise `files` must hold the record.
/// `notify` hears of a wait for another run and of the completion of a
/// switch a killed run left.
pub fn write(
    out: &Path,
    files: &Files,
    options: Options,
    notify: Notify,
) -> Result<Written, OutputError> {
    let dir = open_or_create(out)?;
    let lock = match switch::lock(&dir, notify) {
        Ok(lock) => lock,
        // A folder outsec may not write to is fine as long as nothing in
        // it would change (and no switch waits to be finished).
        Err(e @ OutputError::Io { .. }) => {
            let plan = check(out, files, options);
            return if plan.is_fresh() {
                Ok(Written {
                    notes: plan.notes,
                    ..Written::default()
                })
            } else {
                Err(e)
            };
        }
        Err(e) => return Err(e),
    };
    switch::recover(&dir, &lock, notify)?;
    let previous = previous(&dir, options.record);
    let mut files_owned;
    let mut files = files;
    if options.partial {
        files_owned = files.clone();
        files_owned.insert(
            options.record.file.to_string(),
            merged_record(files, &previous, options.record),
        );
        files = &files_owned;
    }
    let plan = plan(Some(&dir), files, &previous, options, false);
    if !plan.refusals.is_empty() {
        return Err(OutputError::Refused(plan.refusals));
    }
    let journal = switch::Journal {
        generator: options.record.generator.to_string(),
        write: plan
            .changes
            .iter()
            .map(|c| switch::Entry {
                path: c.path.clone(),
                old: c.old_sha256.clone(),
                new: files.get(&c.path).map(|b| sha256_hex(b)),
            })
            .collect(),
        remove: plan
            .removals
            .iter()
            .map(|e| switch::Entry {
                path: e.path.clone(),
                old: Some(e.sha256.clone()),
                new: None,
            })
            .collect(),
    };
    switch::switch(&dir, &lock, files, &journal)?;
    Ok(Written {
        changed: plan.changes.len(),
        removed: plan.removals.len(),
        notes: plan.notes,
    })
}

/// Makes the output folder if it does not exist, and opens it.
pub(crate) fn open_or_create(out: &Path) -> Result<Dir, OutputError> {
    let in_the_way = |what: &str| OutputError::InTheWay {
        path: out.to_path_buf(),
        what: what.to_string(),
    };
    if std::fs::metadata(out).is_ok_and(|m| !m.is_dir()) {
        return Err(in_the_way("it exists and is not a folder"));
    }
    std::fs::create_dir_all(out).map_err(|e| match dir::first_file_on(out) {
        Some(file) if file == out => in_the_way("it exists and is not a folder"),
        Some(_) => in_the_way("a file stands where a folder on its path would be"),
        None => OutputError::Io {
            path: out.to_path_buf(),
            source: e,
        },
    })?;
    Dir::open(out).map_err(|source| OutputError::Io {
        path: out.to_path_buf(),
        source,
    })
}

/// A unified diff of two versions of a file, for `--check`.
pub fn diff(old: &[u8], new: &[u8]) -> String {
    match (std::str::from_utf8(old), std::str::from_utf8(new)) {
        (Ok(a), Ok(b)) => similar::TextDiff::from_lines(a, b)
            .unified_diff()
            .context_radius(2)
            .header("on disk", "would be written")
            .to_string(),
        _ => "binary content differs\n".to_string(),
    }
}

/// The files that `record` lists in the output folder `out` for which
/// `keep` holds, each read without following links and only if it is
/// still the bytes the record lists: what an earlier run wrote and nobody
/// changed since.
pub fn recorded_unchanged(out: &Path, record: Record, keep: impl Fn(&str) -> bool) -> Files {
    let mut files = Files::new();
    let Ok(dir) = Dir::open(out) else {
        return files;
    };
    let previous = previous(&dir, record);
    if !previous.ours {
        return files;
    }
    for entry in previous.files.iter().filter(|e| keep(&e.path)) {
        if let Some(rel) = Rel::new(&entry.path)
            && let Ok(Read::Bytes(bytes)) = dir.read(rel, READ_LIMIT)
            && sha256_hex(&bytes) == entry.sha256
        {
            files.insert(entry.path.clone(), bytes);
        }
    }
    files
}

/// The bytes of the regular file `rel` in the output folder `out`, if it is
/// one of at most `limit` bytes, reached without following links.
pub fn read_existing(out: &Path, rel: &str, limit: u64) -> Option<Vec<u8>> {
    let dir = Dir::open(out).ok()?;
    match dir.read(Rel::new(rel)?, limit).ok()? {
        Read::Bytes(bytes) => Some(bytes),
        _ => None,
    }
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
