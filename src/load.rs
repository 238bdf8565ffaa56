//! Load: walk the input folder, parse every YAML file into the typed model
//! and merge the files into one [`Model`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::check::rules;
use crate::diag::{Diagnostic, Sources, suggest};
use crate::model::types::{InvalidValue, ValueKind};
use crate::model::{self, InputFile, Join, Loc, Located, Mapping, Model, Section, Written};
use crate::source::Source;
use serde_saphyr::ExternalMessageSource;
use serde_saphyr::granit_parser::ErrorKind;

/// Largest input file outsec reads.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Largest size of all input files together, so that a folder of many
/// files, each below [`MAX_FILE_BYTES`], cannot exhaust memory. Memory grows
/// with the inputs: measured with synthetic projects (README, Inputs), a
/// build holds about 22 bytes per byte of YAML at its peak and a check
/// about 4, so a project at this size checks in some 550 MiB and builds
/// within 3 GiB.
pub const MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;

/// Most input files in one input folder.
pub const MAX_FILES: usize = 100_000;

/// Why loading could not even start: an I/O failure rather than bad input.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "the input folder `{0}` does not exist (give another with `-i DIR`, or create it with `outsec init`)"
    )]
    MissingFolder(PathBuf),
    #[error(
        "the input folder `{0}` is not a folder (give the folder that holds the project's YAML files with `-i DIR`)"
    )]
    NotAFolder(PathBuf),
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `--rev`: the input folder is in no git repository.
    #[error("`--rev` reads the inputs from git, but `{}` is not in a git repository (or not in its work tree)", folder.display())]
    NotARepository { folder: PathBuf },
    /// `--rev`: the revision names no commit.
    #[error("the revision `{rev}` names no commit in the git repository `{}`: {reason}", repo.display())]
    UnknownRevision {
        rev: String,
        repo: PathBuf,
        reason: String,
    },
    /// `--rev`: the input folder is not in that revision.
    #[error("the input folder `{folder}` {what} in the revision `{rev}`")]
    NotInRevision {
        rev: String,
        folder: String,
        what: &'static str,
    },
    /// `--rev`: the repository cannot be read.
    #[error("cannot read the revision `{rev}` from git: {message}")]
    Git { rev: String, message: String },
}

impl LoadError {
    /// What to do about it, for the errors that have a hint.
    pub fn help(&self) -> Option<String> {
        match self {
            LoadError::NotARepository { .. } => Some(
                "run outsec in a clone of the project's repository and give its input folder with `-i DIR`, or leave out `--rev` to read the folder as it is on disk".into(),
            ),
            LoadError::UnknownRevision { .. } => Some(
                "give a tag (`git tag` lists them, for example `tender-1.0`), a branch, or a commit hash, full or short (`git log --oneline -- INPUTS` lists the commits that changed the inputs); `HEAD~1` and the like work too. Fetch the tags first if the clone lacks them: `git fetch --tags`".into(),
            ),
            LoadError::NotInRevision { rev, .. } => Some(format!(
                "`-i` names the input folder by its path in the repository as it was at `{rev}` (`git ls-tree -d --name-only {rev}` lists the folders at its top)"
            )),
            _ => None,
        }
    }
}

/// The result of loading: the model when the inputs could be merged, and
/// every diagnostic found on the way.
pub struct Loaded {
    pub model: Option<Model>,
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why an entry named `*.yaml`/`*.yml` was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// A symbolic link: links are never followed.
    Link,
    /// A symbolic link to a folder, whatever its name: the files in that
    /// folder are not read.
    LinkedFolder,
    /// A named pipe, socket or device: reading it could block or never end.
    Special,
}

/// An entry named `*.yaml`/`*.yml` that was not read, and why.
pub type Unread = (PathBuf, Skipped);

/// Lists the `*.yaml`/`*.yml` files under `dir`, sorted by path, and the
/// entries with such names that are not read (symbolic links, which are not
/// followed, and anything else that is neither a file nor a folder), as well
/// as symbolic links to folders, whatever their names. Hidden files and
/// folders are skipped. Past [`MAX_FILES`] files, the listing stops (one
/// file more than the limit is listed, so that the caller can tell).
pub fn input_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Unread>), LoadError> {
    if !dir.is_dir() {
        return Err(if dir.exists() {
            LoadError::NotAFolder(dir.to_path_buf())
        } else {
            LoadError::MissingFolder(dir.to_path_buf())
        });
    }
    let mut files = Vec::new();
    let mut links = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| LoadError::Io {
            path: e.path().unwrap_or(dir).to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("walk failed")),
        })?;
        let path = entry.path();
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        // A linked folder would have been read had it been copied in: say
        // that it was not, whatever its name.
        if entry.path_is_symlink() && std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            links.push((path.to_path_buf(), Skipped::LinkedFolder));
            continue;
        }
        if !is_yaml {
            continue;
        }
        if entry.path_is_symlink() {
            links.push((path.to_path_buf(), Skipped::Link));
        } else if entry.file_type().is_file() {
            files.push(path.to_path_buf());
            if files.len() > MAX_FILES {
                // Enough to refuse the folder; the rest is not listed.
                break;
            }
        } else if !entry.file_type().is_dir() {
            links.push((path.to_path_buf(), Skipped::Special));
        }
    }
    Ok((files, links))
}

/// Loads and merges every input file under `dir`.
pub fn load(dir: &Path) -> Result<Loaded, LoadError> {
    load_from(&Source::Folder(dir.to_path_buf()))
}

/// Loads and merges every input file of `source`: a folder on disk or a git
/// revision of it, with the same limits and diagnostics.
pub fn load_from(source: &Source) -> Result<Loaded, LoadError> {
    let (paths, links) = source.list()?;
    let mut sources = Sources::default();
    let mut diagnostics = Vec::new();
    for (link, why) in &links {
        let link = source.name(link);
        let d = match why {
            Skipped::Link => Diagnostic::new(
                &rules::OS_FILE_004,
                format!("`{link}` is a symbolic link and was not read"),
            )
            .help("outsec reads only regular files so that the inputs are what git stores; copy the file into the input folder instead"),
            Skipped::LinkedFolder => Diagnostic::new(
                &rules::OS_FILE_004,
                format!("`{link}` is a symbolic link to a folder; the files in it were not read"),
            )
            .help("outsec reads only files inside the input folder so that the inputs are what git stores; copy the folder into the input folder instead of linking it"),
            Skipped::Special => Diagnostic::new(
                &rules::OS_FILE_004,
                format!(
                    "`{link}` is not a regular file (a named pipe, socket or device, or a git submodule) and was not read"
                ),
            )
            .help("outsec reads only regular files so that the inputs are what git stores; remove it or rename it so that it does not end in `.yaml` or `.yml`"),
        };
        diagnostics.push(d);
    }
    if paths.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                &rules::OS_FILE_001,
                format!(
                    "the input folder `{}` holds no `*.yaml` or `*.yml` file",
                    source.folder()
                ),
            )
            .help("add the project's YAML files, or run `outsec init DIR` to start a new project"),
        );
        return Ok(Loaded {
            model: None,
            sources,
            diagnostics,
        });
    }

    if let Some(refused) = over_budget(source, &paths, &mut sources) {
        diagnostics.push(refused);
        return Ok(Loaded {
            model: None,
            sources,
            diagnostics,
        });
    }

    let mut parsed = Vec::new();
    let mut to_parse = Vec::new();
    let mut total = 0u64;
    for path in &paths {
        let name = source.name(path);
        let bytes = source
            .read(path, MAX_FILE_BYTES)
            .map_err(|e| LoadError::Io {
                path: PathBuf::from(&name),
                source: e,
            })?;
        // A file that grew since its size was looked at.
        total += bytes.as_ref().map_or(0, |b| b.len() as u64);
        if total > MAX_TOTAL_BYTES {
            let file = sources.add(name, String::new());
            diagnostics.push(too_large_together(file, total));
            return Ok(Loaded {
                model: None,
                sources,
                diagnostics,
            });
        }
        let Some(bytes) = bytes else {
            let file = sources.add(name.clone(), String::new());
            diagnostics.push(
                Diagnostic::new(
                    &rules::OS_FILE_002,
                    format!("`{name}` is larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024),
                )
                .at(Loc { file, line: 0, col: 0 })
                .help("split the file into several smaller files: list sections such as `requirements`, and the lists of a mapping section such as `contract.clauses`, may be spread over many files"),
            );
            continue;
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let good = String::from_utf8_lossy(&bytes[..offset]).into_owned();
                let line = good.matches('\n').count() + 1;
                let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let file = sources.add(name.clone(), String::from_utf8_lossy(&bytes).into_owned());
                diagnostics.push(
                    Diagnostic::new(&rules::OS_FILE_003, format!("`{name}` is not valid UTF-8"))
                        .at(Loc { file, line: line as u32, col: col as u32 })
                        .help("save the file as UTF-8 (most editors offer this under \"Save with encoding\")"),
                );
                continue;
            }
        };
        // A byte-order mark is harmless: drop it so columns stay right.
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        to_parse.push(sources.add(name, text));
    }
    for (result, &file) in parse_all(&sources, &to_parse).into_iter().zip(&to_parse) {
        match result {
            Ok(input) if input.is_blank() => diagnostics.push(
                Diagnostic::new(
                    &rules::OS_MERGE_003,
                    "the file holds no section, so it adds nothing",
                )
                .at(Loc {
                    file,
                    line: 1,
                    col: 1,
                })
                .help("write sections such as `requirements:` into it, or delete the file"),
            ),
            Ok(input) => parsed.push(input),
            Err(found) => diagnostics.extend(found),
        }
    }

    let model = merge(parsed, &mut diagnostics);
    Ok(Loaded {
        model,
        sources,
        diagnostics,
    })
}

/// OS-FILE-005: too many input files, or all of them together larger than
/// [`MAX_TOTAL_BYTES`], told by their sizes before any of them is read.
/// Files over [`MAX_FILE_BYTES`] do not count: they are not read.
fn over_budget(source: &Source, paths: &[PathBuf], sources: &mut Sources) -> Option<Diagnostic> {
    if paths.len() > MAX_FILES {
        return Some(
            Diagnostic::new(
                &rules::OS_FILE_005,
                format!(
                    "the input folder holds more than {} `*.yaml` and `*.yml` files, more than outsec reads",
                    thousands(MAX_FILES)
                ),
            )
            .help("check that `-i` names the project's input folder; a project keeps its inputs in tens of files, not in hundreds of thousands"),
        );
    }
    let mut total = 0u64;
    for (n, path) in paths.iter().enumerate() {
        let size = source.size(path);
        if size <= MAX_FILE_BYTES {
            total += size;
        }
        if total > MAX_TOTAL_BYTES {
            let rest: u64 = paths[n + 1..]
                .iter()
                .map(|p| source.size(p))
                .filter(|&size| size <= MAX_FILE_BYTES)
                .sum();
            let file = sources.add(source.name(path), String::new());
            return Some(too_large_together(file, total + rest));
        }
    }
    None
}

/// OS-FILE-005 at the file with which the inputs pass [`MAX_TOTAL_BYTES`].
fn too_large_together(file: u32, total: u64) -> Diagnostic {
    let mib = |bytes: u64| bytes.div_ceil(1024 * 1024);
    Diagnostic::new(
        &rules::OS_FILE_005,
        format!(
            "the input files together are {} MiB, more than the {} MiB outsec reads; with this file they pass the limit",
            mib(total),
            MAX_TOTAL_BYTES / 1024 / 1024
        ),
    )
    .at(Loc { file, line: 0, col: 0 })
    .help("check that `-i` names the project's input folder and that no exported data or generated files lie in it; a project of 50 000 requirements and everything around them is some 45 MiB of YAML")
}

/// Parses the files on every core; the results come back in the order of
/// `files`, so the model and the diagnostics do not depend on the threads.
fn parse_all(sources: &Sources, files: &[u32]) -> Vec<Result<InputFile, Vec<Diagnostic>>> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|&f| parse_file(f, sources.text(f)))
        .collect()
}

/// Reads at most `limit` bytes of a regular file, or returns `None` when the
/// file is larger. A file whose size on disk is over the limit is refused
/// before a byte of it is read; one that grows while it is read is cut off
/// one byte past the limit. Anything but a regular file (a named pipe, a
/// device such as `/dev/zero`, a folder) is an error, so that reading can
/// neither block nor go on forever. Other readers of user-named files (such
/// as external catalogues) can use this too.
pub fn read_capped(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    // Look before opening: opening a named pipe blocks until a writer comes.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "is a folder, not a file"
        } else {
            "is not a regular file"
        };
        return Err(std::io::Error::other(what));
    }
    if meta.len() > limit {
        return Ok(None);
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// The most YAML values (keys, list items, texts: the parser's nodes) one
/// file may hold. A file of real content reaches [`MAX_FILE_BYTES`] long
/// before this (10 MiB of requirements are some 400 000 values); a file of
/// a million tiny values is not a project.
pub const MAX_NODES: usize = 1_000_000;

/// Parser options. The budgets are far above what a project needs (the
/// example uses no anchors at all) and far below what makes the parser slow:
/// at the library's defaults a merge-key bomb of 40 lines took 0.7 s in a
/// release build before it was refused. The parser's event budget is left
/// four times the node budget, so that the node budget, which a message can
/// explain, is the one a large file meets.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_merge_keys: 1_000,
            max_nodes: MAX_NODES,
            max_events: 4 * MAX_NODES,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
        },
    }
}

/// Parses one file's text into its sections, reporting every error found.
///
/// A valid file is parsed in one pass. A YAML parser stops at the first
/// error, so a file with errors is parsed again piece by piece: each
/// top-level section on its own and each item of a list section on its own,
/// every piece at its original line. Three typos in three requirements give
/// three diagnostics. Files whose layout does not allow the split (flow
/// style at the top, several documents, anchors used across pieces), files
/// so long that the pieces would cost far more than the file itself, and
/// errors about the file as a whole (a budget, several documents, an alias)
/// report only the first error.
pub fn parse_file(file: u32, text: &str) -> Result<InputFile, Vec<Diagnostic>> {
    // Only comments, document markers and a null: as empty as an empty
    // file (a warning, not an error about the shape of the file).
    if holds_nothing(text) {
        return Ok(InputFile::default());
    }
    let first = parse_piece(file, text);
    let Some(layout) = Layout::of(text) else {
        return first.map_err(|(d, _)| vec![d]);
    };
    let first = match first {
        Ok(mut input) => {
            // A section as a whole is located at its key, not at its first entry.
            for &start in &layout.starts {
                place_section(&mut input, layout.key(start), header_loc(file, start));
            }
            return Ok(input);
        }
        Err((d, Reach::File)) => return Err(vec![d]),
        Err((d, Reach::Value)) => d,
    };
    let Some(pieces) = layout.pieces() else {
        return Err(vec![first]);
    };
    let mut errors = Vec::new();
    for piece in &pieces {
        match parse_piece(file, piece) {
            Ok(_) => {}
            // Such as an alias whose anchor is in another piece.
            Err((_, Reach::File)) => return Err(vec![first]),
            Err((d, Reach::Value)) => errors.push(d),
        }
    }
    if errors.is_empty() {
        // Every piece parses, yet the whole does not: report the whole's error.
        errors.push(first);
    }
    Err(errors)
}

/// Whether a file holds nothing but comments, blank lines, one document's
/// markers (`---`, `...`) and perhaps a null (`~`, `null`).
fn holds_nothing(text: &str) -> bool {
    let mut documents = 0;
    let mut values = 0;
    // YAML ends a line at a line feed, a carriage return or both.
    for line in text.split(['\n', '\r']) {
        let line = line.trim();
        let content = if line.starts_with('#') { "" } else { line };
        let bare = |marker: &str| {
            content == marker
                || content
                    .strip_prefix(marker)
                    .is_some_and(|rest| rest.trim_start().starts_with('#'))
        };
        if content.is_empty() || bare("...") {
            continue;
        }
        if bare("---") {
            documents += 1;
        } else if ["~", "null", "Null", "NULL"].contains(&content) {
            values += 1;
        } else {
            return false;
        }
    }
    documents <= 1 && values <= 1
}

/// How far a parse error reaches: one value (a typo in a key, a wrong
/// type), which parsing the file piece by piece can report beside others,
/// or the file as a whole (a budget, several documents, an alias), which
/// parsing pieces of the file cannot judge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    Value,
    File,
}

fn header_loc(file: u32, start: usize) -> Loc {
    Loc {
        file,
        line: u32::try_from(start + 1).unwrap_or(u32::MAX),
        col: 1,
    }
}

fn parse_piece(file: u32, text: &str) -> Result<InputFile, (Diagnostic, Reach)> {
    // Tracking the key path of every value costs a sixth of the parse; it
    // is needed only to describe an error about a value, so a piece that
    // fails so is parsed again with it.
    let fast = model::types::with_file(file, || {
        serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
            InputFile::deserialize(de)
        })
    });
    let err = match fast {
        Ok(input) => return Ok(input),
        Err(e) => e,
    };
    if let Some(d) = structural_diagnostic(text, &err, location(file, &err)) {
        return Err((d, Reach::File));
    }
    // The keys of mapping sections pass through unrecorded, so that the
    // path names them; the value read so only serves to describe the error.
    let mut path = String::new();
    let tracked = model::join::with_plain_keys(|| {
        model::types::with_file(file, || {
            serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
                serde_path_to_error::deserialize::<_, InputFile>(de).map_err(|e| {
                    path = e.path().to_string();
                    e.into_inner()
                })
            })
        })
    });
    // Both parses read the same text the same way; should the second pass
    // all the same, the first one's error stands, without a path.
    let e = tracked.err().unwrap_or(err);
    let reach = if matches!(e, serde_saphyr::Error::AliasError { .. }) {
        Reach::File
    } else {
        Reach::Value
    };
    Err((yaml_diagnostic(file, &e, &path), reach))
}

/// The top-level layout of a file in plain block style: its lines and the
/// lines that start a top-level key.
struct Layout<'a> {
    lines: Vec<&'a str>,
    starts: Vec<usize>,
}

/// The most bytes of padding (empty lines that keep line numbers) that the
/// pieces of one file may add up to. Each piece is padded to its first line,
/// so a list of many short items would otherwise cost time and memory
/// quadratic in the file's length.
const PADDING_BUDGET: usize = 8 * 1024 * 1024;

impl<'a> Layout<'a> {
    /// `None` when the file is not in plain block style, or a top-level key
    /// is written twice (the whole-file parse reports that).
    fn of(text: &'a str) -> Option<Self> {
        let lines: Vec<&str> = text.lines().collect();
        if lines.iter().any(|l| {
            l.starts_with("---")
                || l.starts_with("...")
                || l.starts_with('%')
                || (is_key(l) && !l.contains(':'))
        }) || lines.iter().any(|l| {
            matches!(
                l.chars().next(),
                Some('{' | '[' | '&' | '*' | '!' | '"' | '\'')
            )
        }) {
            return None;
        }
        let starts: Vec<usize> = (0..lines.len()).filter(|&i| is_key(lines[i])).collect();
        let layout = Layout { lines, starts };
        let mut keys = std::collections::BTreeSet::new();
        if !layout.starts.iter().all(|&i| keys.insert(layout.key(i))) {
            return None;
        }
        Some(layout)
    }

    /// The key on line `start`.
    fn key(&self, start: usize) -> &'a str {
        self.lines[start].split(':').next().unwrap_or("").trim()
    }

    /// The pieces that each parse on their own, padded with empty lines so
    /// that every line keeps its number. `None` when the padding would
    /// exceed [`PADDING_BUDGET`].
    ///
    /// A list section is cut into its items, each under a copy of the
    /// section's key. A mapping section that may be continued in other
    /// files is cut likewise: each item of a list it holds (`clauses:`
    /// followed by `- ` lines) under copies of the section's key and the
    /// list's key, and the rest of the section as one piece. Any other
    /// section is one piece.
    fn pieces(&self) -> Option<Vec<String>> {
        let lines = &self.lines;
        let mut plan = Vec::new();
        let mut padding = 0usize;
        for (n, &start) in self.starts.iter().enumerate() {
            let end = self.starts.get(n + 1).copied().unwrap_or(lines.len());
            let header = lines[start];
            let key = self.key(start);
            let rest = header[key.len()..].trim_start_matches(':').trim();
            let block = rest.is_empty() || rest.starts_with('#');
            let cut = if !block {
                Cut::Whole
            } else if matches!(key, "parties" | "contacts" | "requirements" | "answers") {
                Cut::Items(list_items(lines, start + 1, end))
            } else {
                Cut::Lists(self.mapping_lists(key, start + 1, end))
            };
            padding = padding.saturating_add(start);
            let under_copies: Vec<usize> = match &cut {
                Cut::Whole => Vec::new(),
                // Each item after the first sits under a copy of the header.
                Cut::Items(items) => items.iter().skip(1).map(|&(from, _)| from).collect(),
                Cut::Lists(lists) => lists
                    .iter()
                    .flat_map(|list| list.items.iter().map(|&(from, _)| from))
                    .collect(),
            };
            for from in under_copies {
                padding = padding.saturating_add(from);
            }
            if padding > PADDING_BUDGET {
                return None;
            }
            plan.push((start, end, cut));
        }
        let mut pieces = Vec::new();
        for (start, end, cut) in plan {
            let header = lines[start];
            match cut {
                Cut::Items(items) if !items.is_empty() => {
                    // The header with whatever precedes the first item, then each item under a copy of the header.
                    for (k, &(from, to)) in items.iter().enumerate() {
                        let mut piece = pad(from - 1, &[header]);
                        if k == 0 {
                            piece = pad(start, &lines[start..from]);
                        }
                        piece.push_str(&lines[from..to].join("\n"));
                        piece.push('\n');
                        pieces.push(piece);
                    }
                }
                Cut::Lists(lists) if !lists.is_empty() => {
                    // The section without its lists, line numbers kept.
                    let mut rest: Vec<&str> = lines[start..end].to_vec();
                    for list in &lists {
                        for line in &mut rest[list.key - start..list.end - start] {
                            *line = "";
                        }
                    }
                    pieces.push(pad(start, &rest));
                    // Each item under copies of the section's and the list's key.
                    for list in lists {
                        for (from, to) in list.items {
                            let mut piece = pad(from - 2, &[header, lines[list.key]]);
                            piece.push_str(&lines[from..to].join("\n"));
                            piece.push('\n');
                            pieces.push(piece);
                        }
                    }
                }
                _ => pieces.push(pad(start, &lines[start..end])),
            }
        }
        Some(pieces)
    }

    /// The lists written in block style (a key alone on its line, then
    /// `- ` lines) in the mapping section `section` between the lines
    /// `from` and `to`. None when the section is not a mapping or
    /// cannot be continued in another file (a piece without its required
    /// keys would not parse); a key is taken only when it holds a list.
    /// Both are told by parsing a tiny file, so by the types.
    fn mapping_lists(&self, section: &str, from: usize, to: usize) -> Vec<BlockList> {
        let lines = &self.lines;
        let content = |l: &str| {
            let t = l.trim_start_matches(' ');
            !t.is_empty() && !t.starts_with('#')
        };
        let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
        let Some(first) = (from..to).find(|&i| content(lines[i])) else {
            return Vec::new();
        };
        let depth = indent(lines[first]);
        let keys: Vec<usize> = (first..to)
            .filter(|&i| {
                let l = lines[i];
                content(l) && indent(l) == depth && !l[depth..].starts_with('-')
            })
            .collect();
        if depth == 0 || keys.first() != Some(&first) || !parses(&format!("{section}: {{}}\n")) {
            return Vec::new();
        }
        let mut lists = Vec::new();
        for (n, &k) in keys.iter().enumerate() {
            let next = keys.get(n + 1).copied().unwrap_or(to);
            let key = lines[k][depth..].split(':').next().unwrap_or("").trim();
            let rest = lines[k][depth + key.len()..].trim_start_matches(':').trim();
            let opens_list = (k + 1..next).find(|&i| content(lines[i])).is_some_and(|i| {
                let t = lines[i].trim_start_matches(' ');
                t.starts_with("- ") || t == "-"
            });
            if !(rest.is_empty() || rest.starts_with('#')) || !opens_list {
                continue;
            }
            if !parses(&format!("{section}:\n  {key}: []\n")) {
                continue;
            }
            let items = list_items(lines, k + 1, next);
            if !items.is_empty() {
                lists.push(BlockList {
                    key: k,
                    end: next,
                    items,
                });
            }
        }
        lists
    }
}

/// How [`Layout::pieces`] cuts a top-level section.
enum Cut {
    /// One piece.
    Whole,
    /// A list section, by its items (one piece if it has none).
    Items(Vec<(usize, usize)>),
    /// A mapping section, by the items of its lists (one piece if none).
    Lists(Vec<BlockList>),
}

/// A list of a mapping section, written in block style: the line of its
/// key, the line after its last item, and the line ranges of its items.
struct BlockList {
    key: usize,
    end: usize,
    items: Vec<(usize, usize)>,
}

/// Whether `text` parses as an input file.
fn parses(text: &str) -> bool {
    parse_piece(0, text).is_ok()
}

/// A line that starts a top-level key.
fn is_key(l: &str) -> bool {
    let first = l.chars().next();
    first.is_some_and(|c| !c.is_whitespace() && !matches!(c, '#' | '-'))
}

/// The line ranges of the items of a block sequence between `from` and `to`.
fn list_items(lines: &[&str], from: usize, to: usize) -> Vec<(usize, usize)> {
    // YAML indents with spaces only; counting in bytes of ASCII spaces keeps
    // every slice on a character boundary, whatever the other lines hold.
    let item_indent = lines[from..to].iter().find_map(|l| {
        let t = l.trim_start_matches(' ');
        (t.starts_with("- ") || t == "-").then(|| l.len() - t.len())
    });
    let Some(indent) = item_indent else {
        return Vec::new();
    };
    let starts: Vec<usize> = (from..to)
        .filter(|&i| {
            let l = lines[i];
            l.len() > indent
                && l.as_bytes()[..indent].iter().all(|&b| b == b' ')
                && (l[indent..].starts_with("- ") || &l[indent..] == "-")
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &s)| (s, starts.get(n + 1).copied().unwrap_or(to)))
        .collect()
}

/// `lines`, preceded by as many empty lines as put the first at line `at + 1`.
fn pad(at: usize, lines: &[&str]) -> String {
    let mut out = "\n".repeat(at);
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Sets the location of the section `key`, if the file has it: of a
/// mapping section, and of any section written with no value, which the
/// parser places at the value it did not find.
fn place_section(input: &mut InputFile, key: &str, loc: Loc) {
    fn at<T>(section: &mut Section<Located<T>>, loc: Loc) {
        match section {
            Section::Given(s) => s.loc = loc,
            Section::Empty(at) => *at = loc,
            Section::Absent => {}
        }
    }
    fn empty_at<T>(section: &mut Section<T>, loc: Loc) {
        if let Section::Empty(at) = section {
            *at = loc;
        }
    }
    match key {
        "project" => at(&mut input.project, loc),
        "strategy" => at(&mut input.strategy, loc),
        "tender" => at(&mut input.tender, loc),
        "evaluation" => at(&mut input.evaluation, loc),
        "contract" => at(&mut input.contract, loc),
        "security_concept" => at(&mut input.security_concept, loc),
        "migration" => at(&mut input.migration, loc),
        "operations" => at(&mut input.operations, loc),
        "contingency" => at(&mut input.contingency, loc),
        "parties" => empty_at(&mut input.parties, loc),
        "contacts" => empty_at(&mut input.contacts, loc),
        "requirements" => empty_at(&mut input.requirements, loc),
        "answers" => empty_at(&mut input.answers, loc),
        _ => {}
    }
}

/// Where a parser error is, in `file`.
fn location(file: u32, err: &serde_saphyr::Error) -> Loc {
    err.location().map_or(
        Loc {
            file,
            line: 0,
            col: 0,
        },
        |l| Loc {
            file,
            line: u32::try_from(l.line()).unwrap_or(0),
            col: u32::try_from(l.column()).unwrap_or(0),
        },
    )
}

/// Turns a parser error about a value into a located diagnostic with a fix.
///
/// Each case is told by the error's variant (for an error of the YAML
/// parser, by its [`ErrorKind`]; for an error of outsec's own value
/// parsers, by the [`InvalidValue`] it carries), never by its English text:
/// serde-saphyr's words are shown where outsec has none of its own, and
/// never read. `path` is where the error is, as serde names it
/// (`requirements[2].title`).
///
/// [`ErrorKind`]: serde_saphyr::granit_parser::ErrorKind
fn yaml_diagnostic(file: u32, err: &serde_saphyr::Error, path: &str) -> Diagnostic {
    use serde_saphyr::Error;
    let loc = location(file, err);
    let err = original_error(err);
    let key = key_path(path);
    let d = match err {
        Error::SerdeUnknownField {
            field, expected, ..
        } => unknown_key(&escaped(field), expected),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let value = escaped(variant);
            let d = Diagnostic::new(
                &rules::OS_YAML_006,
                format!("`{value}` is not an allowed value here"),
            );
            let allowed = expected.join(", ");
            match suggest(&value, expected.iter().copied()) {
                Some(best) => d.help(format!("did you mean `{best}`? Allowed: {allowed}")),
                None => d.help(format!("use one of: {allowed}")),
            }
        }
        Error::DuplicateMappingKey { key: written, .. } => {
            let message = match written {
                Some(k) => format!(
                    "the key `{}` is written twice in the same mapping",
                    escaped(k)
                ),
                None => "a key is written twice in the same mapping".to_string(),
            };
            Diagnostic::new(&rules::OS_YAML_003, message)
                .help("keep one of the two entries; YAML does not allow a key twice, and outsec will not guess which one you meant")
        }
        Error::SerdeMissingField { field, .. } => Diagnostic::new(
            &rules::OS_YAML_004,
            format!("the required key `{field}` is missing"),
        )
        .help(format!("add `{field}:` with a value to this entry")),
        Error::Unexpected { expected, .. } => match shape(expected) {
            Some(shape) => {
                let item = path.trim_end().ends_with(']');
                let message = match &key {
                    Some(key) if item => format!("each entry of `{key}` must be {shape}"),
                    Some(key) => format!("`{key}` must be {shape}"),
                    None if item => format!("each entry must be {shape}"),
                    None => "an input file must be a mapping of sections such as `project:` and `requirements:`".to_string(),
                };
                Diagnostic::new(&rules::OS_YAML_001, message).help(
                    "check the indentation and the value at this place; `outsec schema` describes every key",
                )
            }
            None => syntax(err),
        },
        Error::InvalidScalar { ty, .. } => match (scalar(ty), &key) {
            (Some(expected), Some(key)) => wrong_type(key, expected),
            _ => about_value(err, key.as_deref()),
        },
        Error::InvalidBooleanStrict { .. } => match &key {
            Some(key) => wrong_type(key, "`true` or `false`"),
            None => about_value(err, None),
        },
        Error::Message { msg, .. } => match InvalidValue::from_message(msg) {
            Some(invalid) => invalid_value(key.as_deref(), &invalid),
            None => about_value(err, key.as_deref()),
        },
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => match scan.kind() {
                ErrorKind::UnexpectedCharacter { character } if not_allowed(*character) => {
                    unprintable(*character)
                }
                // The YAML parser's own limit on nesting (255 flow
                // collections), met while it scans ahead, before the depth
                // budget (64) counts the levels.
                ErrorKind::RecursionLimitExceeded => too_deep(),
                _ => syntax(err),
            },
            _ => syntax(err),
        },
        Error::NullIntoString { .. }
        | Error::InvalidCharNull { .. }
        | Error::InvalidBinaryBase64 { .. }
        | Error::BinaryNotUtf8 { .. }
        | Error::BytesNotSupportedMissingBinaryTag { .. }
        | Error::TaggedScalarCannotDeserializeIntoString { .. }
        | Error::MergeValueNotMapOrSeqOfMaps { .. }
        | Error::UnsupportedTag { .. }
        | Error::NonFiniteFloat { .. }
        | Error::TaggedEnumMismatch { .. } => about_value(err, key.as_deref()),
        // The YAML's syntax or structure: the parser's errors above, and
        // serde-saphyr's about what it expected to come next (the `Serde…`
        // type errors, ends of lists and mappings, enum forms, …).
        _ => syntax(err),
    };
    d.at(loc)
}

/// An error about the value at `key`, in serde-saphyr's words; without a
/// key (at the top of a file), an error in the syntax.
fn about_value(err: &serde_saphyr::Error, key: Option<&str>) -> Diagnostic {
    match key {
        Some(key) => Diagnostic::new(&rules::OS_YAML_001, format!("`{key}`: {}", upstream(err)))
            .help("check the YAML syntax and the value's type at this place; `outsec schema` describes every key"),
        None => syntax(err),
    }
}

/// A scalar at `key` that is not of the type the key takes.
fn wrong_type(key: &str, expected: &str) -> Diagnostic {
    Diagnostic::new(&rules::OS_YAML_001, format!("`{key}` must be {expected}")).help(format!(
        "write {expected} here; `outsec schema` describes every key"
    ))
}

/// How a value of the shape that serde-saphyr's [`Error::Unexpected`]
/// expected is described. That variant names what it expected in a field
/// of its own, the narrowest there is: these are the shapes of outsec's
/// inputs (a mapping, a list, a text).
///
/// [`Error::Unexpected`]: serde_saphyr::Error::Unexpected
fn shape(expected: &str) -> Option<&'static str> {
    match expected {
        "mapping start" => Some("a mapping (`key: value` lines)"),
        "sequence start" => Some("a list (`- item` lines)"),
        "string scalar" => Some("a text"),
        _ => None,
    }
}

/// What a scalar of the Rust type `ty` that serde-saphyr could not read
/// ([`Error::InvalidScalar`]) must be written as.
///
/// [`Error::InvalidScalar`]: serde_saphyr::Error::InvalidScalar
fn scalar(ty: &str) -> Option<&'static str> {
    match ty {
        "u8" | "u16" | "u32" | "u64" | "u128" | "i8" | "i16" | "i32" | "i64" | "i128" => {
            Some("a whole number")
        }
        "floating point" => Some("a number"),
        "boolean" => Some("`true` or `false`"),
        _ => None,
    }
}

/// An unknown key, or an unknown section at the top of a file, with the
/// keys allowed in its place.
fn unknown_key(field: &str, expected: &[&str]) -> Diagnostic {
    let is_section = expected.len() == model::SECTIONS.len()
        && expected.iter().all(|c| model::SECTIONS.contains(c));
    let what = if is_section { "section" } else { "key" };
    let d = Diagnostic::new(&rules::OS_YAML_002, format!("unknown {what} `{field}`"));
    if field.contains(' ') {
        return d.help(
            "this looks like text, not a key: inside `{ … }` a comma ends a value, so put text that contains commas in quotes",
        );
    }
    match suggest(field, expected.iter().copied()) {
        Some(best) => d.help(format!("did you mean `{best}`?")),
        None if expected.is_empty() => d.help("remove this key: nothing is allowed here"),
        None => d.help(format!("remove it, or use one of: {}", expected.join(", "))),
    }
}

/// A duration, percentage or date that outsec's own parser did not accept.
fn invalid_value(key: Option<&str>, invalid: &InvalidValue) -> Diagnostic {
    let why = escaped(&invalid.message);
    let message = match (key, invalid.kind) {
        (Some(key), ValueKind::Date) => format!("`{key}` is not a valid date: {why}"),
        (Some(key), _) => format!("`{key}`: {why}"),
        (None, _) => why.into_owned(),
    };
    let help = match invalid.kind {
        ValueKind::Date => "write dates as `YYYY-MM-DD`, for example `2027-03-01`",
        ValueKind::Duration | ValueKind::Percent => {
            "durations are written like `30min`, `4h`, `2d`, `6 months`; percentages like `99.8%`"
        }
    };
    Diagnostic::new(&rules::OS_YAML_001, message).help(help)
}

/// Whether YAML allows the character `c` nowhere in a file: control
/// characters but tab and line ends, and the non-characters U+FFFE, U+FFFF.
fn not_allowed(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// A character that YAML does not allow in a file.
fn unprintable(c: char) -> Diagnostic {
    let name = match c {
        '\0' => " (NUL)",
        '\u{1b}' => " (escape)",
        '\u{7f}' => " (delete)",
        _ => "",
    };
    let help = if c == '\0' {
        "remove it: YAML files are plain text, and a NUL byte usually means a binary file, or text saved as UTF-16 (save it as UTF-8)"
    } else {
        "remove it, or write it as an escape such as `\\x1b` inside double quotes; YAML does not allow control characters in a file"
    };
    Diagnostic::new(
        &rules::OS_YAML_001,
        format!(
            "the file contains the character U+{:04X}{name}, which YAML does not allow",
            u32::from(c)
        ),
    )
    .help(help)
}

/// The YAML nests deeper than the parser's budget ([`Budget::max_depth`],
/// 64 by default) allows.
///
/// [`Budget::max_depth`]: serde_saphyr::Budget::max_depth
fn too_deep() -> Diagnostic {
    Diagnostic::new(
        &rules::OS_YAML_005,
        "the YAML nests deeper than outsec allows (64 levels)",
    )
    .help("flatten the structure: no input of outsec nests more than a few levels deep")
}

/// An error in the YAML's syntax, in the parser's words.
fn syntax(err: &serde_saphyr::Error) -> Diagnostic {
    Diagnostic::new(&rules::OS_YAML_001, upstream(err))
        .help("check the YAML syntax at this place (indentation, colons, quotes and brackets)")
}

/// serde-saphyr's words for `err`, without its location, as its `Display`
/// shows them: control characters escaped, as [`escaped`] does.
fn upstream(err: &serde_saphyr::Error) -> String {
    use serde_saphyr::MessageFormatter;
    let text = serde_saphyr::DefaultMessageFormatter.format_message(err);
    escaped(&text).into_owned()
}

/// `text` with each control character (and U+2028, U+2029) written as a
/// Rust escape (`\u{1b}`), as serde-saphyr writes a message it renders, so
/// that a key or value quoted from the input reads the same whichever way
/// it reaches a diagnostic.
fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    let escape = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !text.chars().any(escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The error beneath the wrappers that add a snippet or the place of an
/// alias.
fn original_error(err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    use serde_saphyr::Error;
    let mut err = err;
    while let Error::WithSnippet { error, .. } | Error::AliasError { error, .. } = err {
        err = error;
    }
    err
}

/// The parser errors about the file as a whole, which parsing it piece by
/// piece cannot judge: several documents in one file, an alias without its
/// anchor, and the budgets (how many values, how deep, how many aliases).
fn structural_diagnostic(text: &str, err: &serde_saphyr::Error, loc: Loc) -> Option<Diagnostic> {
    use serde_saphyr::Error;
    use serde_saphyr::budget::BudgetBreach;
    let err = original_error(err);
    const ALIASES: &str = "the YAML expands more aliases (`*name`) than outsec allows";
    const ALIAS_HELP: &str = "an alias repeats the value its anchor (`&name`) marks; write the values out plainly instead of through aliases of aliases";
    let limit = |message: &str, help: &str| {
        Diagnostic::new(&rules::OS_YAML_005, message)
            .at(loc)
            .help(help)
    };
    Some(match err {
        Error::MultipleDocuments { .. }
        | Error::Budget {
            breach: BudgetBreach::Documents { .. },
            ..
        } => {
            let (line, marker) = document_marker(text, loc.line);
            let at = Loc {
                line,
                col: 1,
                ..loc
            };
            Diagnostic::new(
                &rules::OS_YAML_001,
                format!("the file holds more than one YAML document: the `{marker}` on line {line} ends the first"),
            )
            .at(at)
            .help("outsec reads one YAML document per file: delete the document markers (`---`, `...`) between the sections, so that they form one document, or move what follows into a file of its own")
        }
        Error::UnknownAnchor { .. } => {
            let (alias, value) = alias_at(text, loc);
            let name = alias.trim_start_matches('*');
            Diagnostic::new(
                &rules::OS_YAML_001,
                format!("the alias `{alias}` refers to no anchor: nothing before it in this file is marked `&{name}`"),
            )
            .at(loc)
            .help(format!("a value that starts with `*` repeats the value marked with the same name after `&` earlier in the same file; mark that value `&{name}`, or, if `{value}` is meant as text, put it in quotes: {}", quoted(&value)))
        }
        Error::Budget { breach, .. } => match breach {
            BudgetBreach::Nodes { .. }
            | BudgetBreach::Events { .. }
            | BudgetBreach::ScalarBytes { .. } => {
                let what = match breach {
                    BudgetBreach::ScalarBytes { .. } => "more text".to_string(),
                    _ => format!(
                        "more than {} values (keys, list items and texts), more",
                        thousands(MAX_NODES)
                    ),
                };
                limit(
                    &format!(
                        "the file holds {what} than outsec reads from one file (the limit is passed here)"
                    ),
                    "split it into several files: list sections such as `requirements`, and the lists of a mapping section such as `contract.clauses`, may be spread over many files, and each file is read on its own",
                )
            }
            BudgetBreach::Depth { .. } => too_deep().at(loc),
            BudgetBreach::MergeKeys { .. } => limit(
                "the YAML merges more keys with `<<` than outsec allows",
                "write the keys out plainly instead of merging them in with `<<`",
            ),
            BudgetBreach::Aliases { .. }
            | BudgetBreach::Anchors { .. }
            | BudgetBreach::AliasAnchorRatio { .. } => limit(ALIASES, ALIAS_HELP),
            // Budgets a file within the size limit does not reach with
            // these options (such as the bytes recorded for anchors).
            _ => limit(
                &format!("the file exceeds a safety limit ({})", upstream(err)),
                "the YAML nests too deeply or expands too many aliases; write the values out plainly",
            ),
        },
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => limit(ALIASES, ALIAS_HELP),
        _ => return None,
    })
}

/// The line (counted from 1) and text of the document marker (`---` or
/// `...`) at or before `line` that ends the file's first document, or the
/// first one in the file when there is none before `line`.
fn document_marker(text: &str, line: u32) -> (u32, &'static str) {
    let mut found = None;
    let mut content = false;
    for (n, l) in text.lines().enumerate() {
        let n = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let marker = if l.starts_with("---") {
            Some("---")
        } else if l.starts_with("...") {
            Some("...")
        } else {
            None
        };
        match marker {
            // A `---` before any content starts the first document.
            Some("---") if !content => {}
            Some(m) => {
                found = Some((n, m));
                break;
            }
            None => {
                let t = l.trim();
                content |= !t.is_empty() && !t.starts_with('#') && !t.starts_with('%');
            }
        }
        if line > 0 && n >= line {
            break;
        }
    }
    found.unwrap_or((line.max(1), "---"))
}

/// The alias (`*name`) that starts at `loc` in `text`, as written, and
/// the whole plain value it starts (`*2 sites in Berlin`): up to a comment,
/// or in a flow collection up to the next `,`, `]` or `}`.
fn alias_at(text: &str, loc: Loc) -> (String, String) {
    let line = text
        .lines()
        .nth((loc.line.max(1) - 1) as usize)
        .unwrap_or("");
    let col = line
        .char_indices()
        .nth(loc.col.max(1) as usize - 1)
        .map_or(line.len(), |(i, _)| i);
    let before = &line[..col];
    let rest = &line[col..];
    let rest = &rest[rest.find('*').unwrap_or(rest.len())..];
    let alias: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
        .take(80)
        .collect();
    if !alias.starts_with('*') {
        return ("*".to_string(), "*".to_string());
    }
    let end = if before.contains(['{', '[']) {
        rest.find([',', ']', '}'])
    } else {
        rest.find(" #")
    };
    let value: String = rest[..end.unwrap_or(rest.len())]
        .trim_end()
        .chars()
        .take(80)
        .collect();
    (alias, value)
}

/// `value` in YAML quotes: double, or single when it holds a `"` or `\`.
fn quoted(value: &str) -> String {
    if value.contains(['"', '\\']) {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    }
}

/// `1000000` as `1 000 000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A serde path such as `tender.award_criteria[0].weight` without list
/// indexes (which count within the parsed piece, not the file).
fn key_path(path: &str) -> Option<String> {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    // `value` segments come from the located wrappers, not from the input.
    let parts: Vec<&str> = out
        .split('.')
        .filter(|p| !p.is_empty() && *p != "value" && *p != "?")
        .collect();
    (!parts.is_empty()).then(|| parts.join("."))
}

/// Joins the files in path order: the items of each list section, and each
/// mapping section's definitions, whose lists are joined too (see
/// [`continued`]).
fn merge(files: Vec<InputFile>, diagnostics: &mut Vec<Diagnostic>) -> Option<Model> {
    let mut project = Defined::new("project");
    let mut parties = Vec::new();
    let mut contacts = Vec::new();
    let mut requirements = Vec::new();
    let mut answers = Vec::new();
    let mut strategy = Defined::new("strategy");
    let mut tender = Defined::new("tender");
    let mut evaluation = Defined::new("evaluation");
    let mut contract = Defined::new("contract");
    let mut security_concept = Defined::new("security_concept");
    let mut migration = Defined::new("migration");
    let mut operations = Defined::new("operations");
    let mut contingency = Defined::new("contingency");

    // Sections written with no value: (name, where).
    let mut empty: Vec<(&'static str, Loc)> = Vec::new();
    for f in files {
        list("parties", &mut parties, f.parties, &mut empty);
        list("contacts", &mut contacts, f.contacts, &mut empty);
        list(
            "requirements",
            &mut requirements,
            f.requirements,
            &mut empty,
        );
        list("answers", &mut answers, f.answers, &mut empty);
        let (e, d) = (&mut empty, &mut *diagnostics);
        project.add(f.project, e, d);
        strategy.add(f.strategy, e, d);
        tender.add(f.tender, e, d);
        evaluation.add(f.evaluation, e, d);
        contract.add(f.contract, e, d);
        security_concept.add(f.security_concept, e, d);
        migration.add(f.migration, e, d);
        operations.add(f.operations, e, d);
        contingency.add(f.contingency, e, d);
    }

    // Where each mapping section is first defined, and its lists.
    let mut sections = std::collections::BTreeMap::new();
    let mut lists = std::collections::BTreeMap::new();
    for (name, loc, keys) in [
        project.place(),
        strategy.place(),
        tender.place(),
        evaluation.place(),
        contract.place(),
        security_concept.place(),
        migration.place(),
        operations.place(),
        contingency.place(),
    ] {
        if let Some(loc) = loc {
            sections.insert(name, loc);
        }
        lists.insert(name, keys);
    }
    let empty_project = empty
        .iter()
        .find(|(name, _)| *name == "project")
        .map(|&(_, loc)| loc);
    for &(name, loc) in &empty {
        if name == "project" && project.first.is_none() && Some(loc) == empty_project {
            // Reported below, as the missing project it is.
            continue;
        }
        let mut d = Diagnostic::new(
            &rules::OS_MERGE_003,
            format!("the section `{name}` has no value, so it adds nothing"),
        )
        .at(loc);
        d = match (sections.get(name), lists.get(name)) {
            (Some(&defined), Some(Continued::Lists(keys))) => d.related(defined, "the section is defined here").help(format!(
                "delete this `{name}:` line, or write under it, indented, more entries of the section's lists ({}): a mapping section may be continued in other files, but only its lists",
                listed(keys)
            )),
            (Some(&defined), _) => d.related(defined, "the section is defined here").help(format!(
                "delete this `{name}:` line: `{name}` has keys that every definition of it must write, so it is written in one file"
            )),
            (None, _) => d.help(format!(
                "write the section's entries under `{name}:`, indented, or delete the line; a key with nothing after it (or `~`, `null`) is an empty value"
            )),
        };
        diagnostics.push(d);
    }
    let Some(project) = project.first else {
        if !diagnostics.iter().any(Diagnostic::is_error) {
            let help = "add a `project:` section with id, title, client, version, date, status and classification; `outsec init` writes an example";
            diagnostics.push(match empty_project {
                Some(loc) => {
                    Diagnostic::new(&rules::OS_MERGE_002, "the `project` section has no value")
                        .at(loc)
                        .help(format!(
                            "write its keys under `project:`, indented: {}",
                            help.trim_start_matches("add a `project:` section with ")
                        ))
                }
                None => Diagnostic::new(
                    &rules::OS_MERGE_002,
                    "no input file has a `project` section",
                )
                .help(help),
            });
        }
        return None;
    };
    Some(Model {
        project: project.value.value,
        parties,
        contacts,
        strategy: strategy.value(),
        requirements,
        tender: tender.value(),
        evaluation: evaluation.value(),
        answers,
        contract: contract.value(),
        security_concept: security_concept.value(),
        migration: migration.value(),
        operations: operations.value(),
        contingency: contingency.value(),
        sections,
    })
}

/// Joins a list section, or notes that the file writes it with no value.
fn list<T>(
    name: &'static str,
    into: &mut Vec<T>,
    next: Section<Vec<T>>,
    empty: &mut Vec<(&'static str, Loc)>,
) {
    match next {
        Section::Given(items) => into.extend(items),
        Section::Empty(loc) => empty.push((name, loc)),
        Section::Absent => {}
    }
}

/// A mapping section as the files read so far define it: the first
/// definition (its location is the section's), with every later one joined
/// into it.
struct Defined<T> {
    name: &'static str,
    first: Option<Mapping<T>>,
    /// Whether a definition may leave out every key (see [`continuable`]).
    continuable: bool,
}

/// How a mapping section may be continued in another file, for the help of
/// a diagnostic: by which of its keys, or not at all.
enum Continued {
    /// By its list keys, named here.
    Lists(Vec<&'static str>),
    /// Not at all: it has keys that every definition must write.
    Never,
}

impl<T: Join + serde::de::DeserializeOwned> Defined<T> {
    fn new(name: &'static str) -> Self {
        Defined {
            name,
            first: None,
            continuable: continuable::<T>(),
        }
    }

    /// Joins one file's definition, or notes that the file writes the
    /// section with no value.
    fn add(
        &mut self,
        next: Section<Mapping<T>>,
        empty: &mut Vec<(&'static str, Loc)>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let name = self.name;
        match next {
            Section::Given(next) => match &mut self.first {
                None => self.first = Some(next),
                Some(first) if self.continuable => {
                    continued(name, &mut first.value, next.value, diagnostics);
                }
                // Each definition writes the required keys, so a second
                // one clashes in all of them: one error says it.
                Some(first) => diagnostics.push(
                    Diagnostic::new(&rules::OS_MERGE_001, format!("the `{name}` section is defined twice"))
                        .at(next.loc)
                        .related(first.loc, "first defined here")
                        .help(format!("`{name}` has keys that every definition of it must write, so it is written in one file: move what this definition adds into the first one and delete this one")),
                ),
            },
            Section::Empty(loc) => empty.push((name, loc)),
            Section::Absent => {}
        }
    }

    /// The section's name, where it is first defined, and how it may be
    /// continued.
    fn place(&self) -> (&'static str, Option<Loc>, Continued) {
        let how = if self.continuable {
            Continued::Lists(T::lists())
        } else {
            Continued::Never
        };
        (self.name, self.first.as_ref().map(|s| s.loc), how)
    }
}

/// Whether a mapping of type `T` may be written with none of its keys, so
/// that a definition in another file can write only what it continues. A
/// struct with a required key (`project.id`) cannot: each definition would
/// write that key again.
fn continuable<T: serde::de::DeserializeOwned>() -> bool {
    use serde::de::value::{Error, MapDeserializer};
    let none = MapDeserializer::<_, Error>::new(std::iter::empty::<(&str, &str)>());
    T::deserialize(none).is_ok()
}

impl<T: Join + Default> Defined<T> {
    /// The joined value, or an empty one when no file defines the section.
    fn value(self) -> T {
        self.first.map(|s| s.value.value).unwrap_or_default()
    }
}

/// Joins a later definition of the mapping section `name` (in a later file)
/// into the earlier ones: the items of each list it writes follow those
/// written before; any other key it writes is taken when no earlier
/// definition writes it, and is OS-MERGE-001 at its place when one does
/// (even with the same value, or a default one such as `~`).
fn continued<T: Join>(
    name: &str,
    into: &mut Written<T>,
    next: Written<T>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Written { value, keys } = next;
    let mut clashes = Vec::new();
    for key in &keys {
        if T::is_list(&key.name) {
            continue;
        }
        if let Some(earlier) = into.keys.iter().find(|k| k.name == key.name) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::OS_MERGE_001,
                    format!(
                        "`{name}.{}` is written in two files",
                        key.name
                    ),
                )
                .at(key.loc)
                .related(earlier.loc, "first written here")
                .help(format!(
                    "a mapping section may be continued in other files, but only its lists ({}); write `{}` in one definition of `{name}` and delete it from the other",
                    listed(&T::lists()),
                    key.name
                )),
            );
            clashes.push(key.name.as_str());
        }
    }
    into.value.join(value, &|k: &str| {
        !clashes.contains(&k) && keys.iter().any(|w| w.name == k)
    });
    for key in keys {
        if !into.wrote(&key.name) {
            into.keys.push(key);
        }
    }
}

/// `a`, `b` and `c` as `` `a`, `b`, `c` ``, or "none" for no key.
fn listed(keys: &[&str]) -> String {
    if keys.is_empty() {
        return "it has none".to_string();
    }
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_error(text: &str) -> Diagnostic {
        let mut errors = parse_file(0, text).expect_err("an error");
        assert_eq!(errors.len(), 1, "{:?}", errors);
        errors.remove(0)
    }

    #[test]
    fn only_comments_markers_and_a_null_hold_nothing_whatever_the_line_ends() {
        for end in ["\n", "\r\n", "\r"] {
            let empty = ["# c", "---", "~", "..."].join(end);
            assert!(holds_nothing(&empty), "{end:?}");
            let full = ["# c", "project:", "  id: X"].join(end);
            assert!(!holds_nothing(&full), "{end:?}: a section after a comment");
        }
        assert!(!holds_nothing("---\n~\n---\n~\n"), "two documents");
    }

    #[test]
    fn a_second_document_is_named_at_its_marker() {
        let d = only_error("parties: []\n# more\n---\nrequirements: []\n");
        assert_eq!(d.rule, &rules::OS_YAML_001);
        assert_eq!(d.loc.map(|l| (l.line, l.col)), Some((3, 1)));
        assert!(
            d.message.contains("more than one YAML document"),
            "{}",
            d.message
        );
        assert!(!d.message.contains("from_str"), "no Rust API in messages");
        // A `---` that starts the first document is fine; `...` ends it.
        assert!(parse_file(0, "# c\n---\nparties: []\n").is_ok());
        let d = only_error("---\nparties: []\n...\n---\nrequirements: []\n");
        assert_eq!(d.loc.map(|l| l.line), Some(3), "{}", d.message);
    }

    #[test]
    fn an_alias_without_anchor_is_named_as_written() {
        let d = only_error("parties:\n  - {id: p, name: *nothere, role: bidder}\n");
        assert_eq!(d.rule, &rules::OS_YAML_001);
        assert!(
            d.message.contains("`*nothere` refers to no anchor"),
            "{}",
            d.message
        );
        assert_eq!(d.loc.map(|l| (l.line, l.col)), Some((2, 19)));
        assert!(d.help.unwrap().contains("put it in quotes: \"*nothere\""));
        let d = only_error("parties:\n  - id: p\n    address: *2 sites # c\n");
        let help = d.help.unwrap();
        assert!(
            help.contains("if `*2 sites` is meant as text, put it in quotes: \"*2 sites\""),
            "{help}"
        );
    }

    /// The rule, message and help of the only error in `text`.
    fn told(text: &str) -> (&'static rules::Rule, String, String) {
        let d = only_error(text);
        (d.rule, d.message, d.help.unwrap_or_default())
    }

    #[test]
    fn durations_percentages_and_dates_are_named_with_their_key_whatever_their_words() {
        // Words such as `block`, `expected` or `depth` in the value do not
        // make it a syntax error or a budget.
        for (value, why) in [
            ("4 blocks", "`4 blocks` has no known unit"),
            ("5 depths", "`5 depths` has no known unit"),
            ("soon", "`soon` is not a duration"),
        ] {
            let (rule, message, help) = told(&format!(
                "contract:\n  incident_notification:\n    deadline: {value}\n    to: isb\n"
            ));
            assert_eq!(rule, &rules::OS_YAML_001);
            assert!(
                message.starts_with(&format!(
                    "`contract.incident_notification.deadline`: {why}: write a whole number"
                )),
                "{message}"
            );
            assert!(help.starts_with("durations are written like"), "{help}");
        }
        let (_, message, help) =
            told("contract:\n  service_levels:\n    - id: S\n      target: flow block%\n");
        assert_eq!(
            message,
            "`contract.service_levels.target`: `flow block%` is not a percentage: write a number followed by `%`, for example `99.8%`"
        );
        assert!(help.contains("percentages like `99.8%`"), "{help}");
        for value in ["2027-13-01", "tomorrow", "27"] {
            let (rule, message, help) = told(&format!("project:\n  date: {value}\n"));
            assert_eq!(rule, &rules::OS_YAML_001);
            assert!(
                message.starts_with("`project.date` is not a valid date: "),
                "{value}: {message}"
            );
            assert_eq!(
                help,
                "write dates as `YYYY-MM-DD`, for example `2027-03-01`"
            );
        }
    }

    #[test]
    fn unknown_keys_sections_and_values_are_quoted_as_written() {
        let (rule, message, help) = told("projct:\n  id: x\n");
        assert_eq!(
            (rule, message.as_str(), help.as_str()),
            (
                &rules::OS_YAML_002,
                "unknown section `projct`",
                "did you mean `project`?"
            )
        );
        // A backtick and a control character in a key.
        let (_, message, help) = told("project:\n  x`y: 1\n");
        assert_eq!(message, "unknown key `x`y`");
        assert!(help.starts_with("remove it, or use one of: id, title, client,"));
        let (_, message, _) = told("project:\n  \"a\\u001bb\": 1\n");
        assert_eq!(message, "unknown key `a\\u{1b}b`");
        let (rule, message, help) = told(
            "requirements:\n  - {id: R, title: T, category: technology, priority: muss, text: X}\n",
        );
        assert_eq!(rule, &rules::OS_YAML_006);
        assert_eq!(message, "`muss` is not an allowed value here");
        assert_eq!(help, "did you mean `must`? Allowed: must, should, may");
        let (rule, message, _) = told("project:\n  id: A\n  id: B\n");
        assert_eq!(
            (rule, message.as_str()),
            (
                &rules::OS_YAML_003,
                "the key `id` is written twice in the same mapping"
            )
        );
        let (rule, message, _) = told("requirements:\n  - {id: R, title: T}\n");
        assert_eq!(
            (rule, message.as_str()),
            (
                &rules::OS_YAML_004,
                "the required key `category` is missing"
            )
        );
    }

    #[test]
    fn values_of_the_wrong_shape_or_type_name_the_key_and_what_it_takes() {
        let cases = [
            (
                "requirements: x\n",
                "`requirements` must be a list (`- item` lines)",
            ),
            (
                "requirements:\n  - x\n",
                "each entry of `requirements` must be a mapping (`key: value` lines)",
            ),
            ("project:\n  title: [a]\n", "`project.title` must be a text"),
            (
                "[1, 2]\n",
                "an input file must be a mapping of sections such as `project:` and `requirements:`",
            ),
            (
                "tender:\n  scoring:\n    min: x\n",
                "`tender.scoring.min` must be a whole number",
            ),
            (
                "requirements:\n  - {id: R, internal: yes}\n",
                "`requirements.internal` must be `true` or `false`",
            ),
        ];
        for (text, expected) in cases {
            let (rule, message, _) = told(text);
            assert_eq!(
                (rule, message.as_str()),
                (&rules::OS_YAML_001, expected),
                "{text}"
            );
        }
    }

    #[test]
    fn syntax_errors_are_the_parsers_words_without_a_key() {
        let syntax =
            "check the YAML syntax at this place (indentation, colons, quotes and brackets)";
        for (text, expected) in [
            (
                "parties:\n  - { id: p, name: n, role: bidder\n",
                "unclosed bracket '{'",
            ),
            ("project:\n  title: \"open\n", "unclosed quote"),
            // Not an alias budget: an anchor or alias without a name.
            (
                "project:\n  id: *\n",
                "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
            ),
        ] {
            let (rule, message, help) = told(text);
            assert_eq!(
                (rule, message.as_str(), help.as_str()),
                (&rules::OS_YAML_001, expected, syntax),
                "{text}"
            );
        }
    }

    #[test]
    fn characters_yaml_forbids_are_named_by_code_point() {
        for (c, name) in [
            ('\0', "U+0000 (NUL)"),
            ('\u{1b}', "U+001B (escape)"),
            ('\u{7f}', "U+007F (delete)"),
            ('\u{1}', "U+0001,"),
            ('\u{fffe}', "U+FFFE,"),
        ] {
            let (rule, message, _) = told(&format!("project:\n  id: a{c}b\n"));
            assert_eq!(rule, &rules::OS_YAML_001);
            assert!(
                message.starts_with(&format!("the file contains the character {name}")),
                "{message}"
            );
        }
    }

    #[test]
    fn nesting_past_either_limit_is_one_budget_error() {
        // 200 levels in the fixture meet the depth budget; 1000 in a flow
        // value, the parser's own limit.
        let deep = include_str!(
            "../tests/fixtures/invalid/os-yaml-005-nesting-too-deep/requirements.yaml"
        );
        for (n, text) in [
            (200, deep.to_string()),
            (
                1000,
                format!("requirements: {}{}\n", "[".repeat(1000), "]".repeat(1000)),
            ),
        ] {
            let (rule, message, help) = told(&text);
            assert_eq!(
                (rule, message.as_str(), help.as_str()),
                (
                    &rules::OS_YAML_005,
                    "the YAML nests deeper than outsec allows (64 levels)",
                    "flatten the structure: no input of outsec nests more than a few levels deep"
                ),
                "{n} levels"
            );
        }
    }

    #[test]
    fn errors_in_several_items_of_a_mapping_sections_list_are_each_reported() {
        let text = "contract:\n  reference: [x]\n  clauses:\n    - { id: CL-1, topic: escrow, title: T, txt: X }\n    # a comment\n    - id: CL-2\n      topic: escrw\n      title: T\n      text: X\n  data_locations:\n    - { id: L, data: d, country: c, site: s, party: [p] }\n  incident_notification: { deadline: soon }\nrequirements:\n  - { id: R, title: T, category: technology, priority: muss, text: X }\n";
        let errors = parse_file(0, text).unwrap_err();
        let found: Vec<(&str, u32)> = errors
            .iter()
            .map(|d| (d.rule.id, d.loc.map_or(0, |l| l.line)))
            .collect();
        assert_eq!(
            found,
            [
                // The rest of the section is one piece: its first error.
                ("OS-YAML-001", 2),
                ("OS-YAML-002", 4),
                ("OS-YAML-006", 7),
                ("OS-YAML-001", 11),
                ("OS-YAML-006", 14)
            ],
            "{errors:#?}"
        );
        // A section a piece cannot continue (`project` requires keys), a
        // list written in flow style, and a mapping holding a list are not
        // cut into items.
        let pieces = |text: &str| Layout::of(text).and_then(|l| l.pieces()).map(|p| p.len());
        assert_eq!(
            pieces("project:\n  id: P\n  authors:\n    - a\n    - b\n"),
            Some(1)
        );
        assert_eq!(
            pieces("contract:\n  id: P\n  clauses:\n    - a\n    - b\n"),
            Some(3)
        );
        assert_eq!(pieces("contract:\n  clauses: [a, b]\n"), Some(1));
        assert_eq!(
            pieces("strategy:\n  scope:\n    processes:\n      - a\n      - b\n"),
            Some(1)
        );
        // Not a list of `contract`: not cut either.
        assert_eq!(
            pieces("contract:\n  reference:\n    - a\n    - b\n"),
            Some(1)
        );
    }

    /// The files parsed (file `n` is `texts[n]`) and merged: the model, if
    /// any, and the diagnostics.
    fn merged(texts: &[&str]) -> (Option<Model>, Vec<Diagnostic>) {
        let files = texts
            .iter()
            .enumerate()
            .map(|(n, t)| parse_file(n as u32, t).expect("parses"))
            .collect();
        let mut diagnostics = Vec::new();
        let model = merge(files, &mut diagnostics);
        (model, diagnostics)
    }

    const PROJECT: &str = "project:\n  id: P\n  title: T\n  client: c\n  version: '1'\n  date: 2027-01-01\n  status: draft\n  classification: Internal\n";

    fn at(loc: Option<Loc>) -> (u32, u32, u32) {
        let l = loc.expect("located");
        (l.file, l.line, l.col)
    }

    #[test]
    fn the_lists_of_a_mapping_section_are_joined_across_files_in_path_order() {
        let clause = |id: &str| format!("    - {{ id: {id}, topic: escrow, title: T, text: X }}\n");
        let first = format!(
            "{PROJECT}contract:\n  reference: C-1\n  clauses:\n{}{}",
            clause("CL-1"),
            clause("CL-2")
        );
        let second = format!(
            "# more clauses\ncontract:\n  clauses:\n{}  term:\n    start: 2027-03-01\n",
            clause("CL-3")
        );
        let third = format!(
            "security_concept:\n  measures: []\ncontract:\n  clauses:\n{}",
            clause("CL-4")
        );
        let (model, diagnostics) = merged(&[&first, &second, &third]);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let model = model.unwrap();
        let ids: Vec<(&str, u32, u32)> = model
            .contract
            .clauses
            .iter()
            .map(|c| (c.id.as_str(), c.id.loc.file, c.id.loc.line))
            .collect();
        assert_eq!(
            ids,
            [
                ("CL-1", 0, 12),
                ("CL-2", 0, 13),
                ("CL-3", 1, 4),
                ("CL-4", 2, 5)
            ]
        );
        // A key only a later file writes is taken from there.
        assert_eq!(model.contract.reference.as_deref(), Some("C-1"));
        assert!(model.contract.term.is_some());
        // The section is where it is first defined.
        assert_eq!(
            model.sections["contract"],
            Loc {
                file: 0,
                line: 9,
                col: 1
            }
        );
        assert_eq!(model.sections["security_concept"].file, 2);
    }

    #[test]
    fn any_other_key_written_in_two_files_is_an_error_at_the_second_even_with_a_default_value() {
        let first = format!("{PROJECT}contract:\n  reference: C-1\n  clauses: []\n");
        let second = "contract:\n  clauses: []\n  term: { start: 2027-03-01 }\n  reference: ~\n";
        let third = "contract:\n  term:\n    start: 2027-04-01\n  data_locations: []\n";
        let (_, diagnostics) = merged(&[&first, second, third]);
        let errors: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.rule.id, d.message.as_str(), at(d.loc), d.related.clone()))
            .collect();
        assert_eq!(errors.len(), 2, "{diagnostics:#?}");
        let (rule, message, loc, related) = &errors[0];
        assert_eq!(*rule, "OS-MERGE-001");
        assert_eq!(*message, "`contract.reference` is written in two files");
        assert_eq!(*loc, (1, 4, 3));
        assert_eq!(
            related,
            &[(
                Loc {
                    file: 0,
                    line: 10,
                    col: 3
                },
                "first written here".to_string()
            )]
        );
        // A key first written by a later definition is related to it.
        let (_, message, loc, related) = &errors[1];
        assert!(
            message.starts_with("`contract.term` is written in two files"),
            "{message}"
        );
        assert_eq!(*loc, (2, 2, 3));
        assert_eq!(
            related[0].0,
            Loc {
                file: 1,
                line: 3,
                col: 3
            }
        );
        let help = diagnostics[0].help.as_deref().unwrap();
        assert!(
            help.starts_with("a mapping section may be continued in other files, but only its lists (`services`, `service_levels`, `incident_priorities`, `data_locations`, `clauses`, `contacts`); write `reference` in one definition of `contract`"),
            "{help}"
        );
    }

    #[test]
    fn a_section_with_required_keys_is_written_in_one_file() {
        assert!(continuable::<model::Contract>());
        assert!(continuable::<model::SecurityConcept>());
        assert!(!continuable::<model::Project>());
        let (_, diagnostics) = merged(&[PROJECT, &format!("# again\n{PROJECT}")]);
        assert_eq!(
            diagnostics.len(),
            1,
            "one error, not one per key: {diagnostics:#?}"
        );
        let d = &diagnostics[0];
        assert_eq!(d.rule.id, "OS-MERGE-001");
        assert_eq!(d.message, "the `project` section is defined twice");
        assert_eq!(at(d.loc), (1, 2, 1));
        assert_eq!(
            d.related[0].0,
            Loc {
                file: 0,
                line: 1,
                col: 1
            }
        );
    }

    #[test]
    fn an_empty_continuation_adds_nothing_and_says_what_may_continue() {
        let (_, diagnostics) = merged(&[
            &format!("{PROJECT}operations:\n  checks: []\n"),
            "operations:\nproject:\nrequirements:\n",
        ]);
        let helps: Vec<(&str, &str)> = diagnostics
            .iter()
            .map(|d| (d.rule.id, d.help.as_deref().unwrap_or_default()))
            .collect();
        assert_eq!(helps.len(), 3, "{diagnostics:#?}");
        assert!(helps.iter().all(|(rule, _)| *rule == "OS-MERGE-003"));
        assert!(
            helps[0]
                .1
                .starts_with("write the section's entries under `requirements:`")
        );
        assert!(
            helps[1].1.starts_with("delete this `project:` line: `project` has keys that every definition of it must write"),
            "{}", helps[1].1
        );
        assert!(
            helps[2].1.starts_with("delete this `operations:` line, or write under it, indented, more entries of the section's lists (`checks`, `meetings`, `reports`, `audits`, `change_notifications`)"),
            "{}", helps[2].1
        );
    }

    #[test]
    fn the_keys_of_every_mapping_section_are_those_its_schema_names() {
        fn keys<T: Join + schemars::JsonSchema>() -> (Vec<&'static str>, Vec<String>) {
            let schema = schemars::schema_for!(T).to_value();
            let mut named: Vec<String> = schema["properties"]
                .as_object()
                .expect("properties")
                .keys()
                .cloned()
                .collect();
            named.sort();
            let mut own: Vec<&str> = T::KEYS.iter().map(|(k, _)| *k).collect();
            own.sort_unstable();
            (own, named)
        }
        for (own, named) in [
            keys::<model::Project>(),
            keys::<model::Strategy>(),
            keys::<model::Tender>(),
            keys::<model::Evaluation>(),
            keys::<model::Contract>(),
            keys::<model::SecurityConcept>(),
            keys::<model::Migration>(),
            keys::<model::Operations>(),
            keys::<model::Contingency>(),
        ] {
            assert_eq!(own, named);
        }
        assert_eq!(
            model::Contract::lists(),
            [
                "services",
                "service_levels",
                "incident_priorities",
                "data_locations",
                "clauses",
                "contacts"
            ]
        );
    }

    #[test]
    fn large_numbers_are_grouped_by_thousands() {
        assert_eq!(thousands(1_000_000), "1 000 000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1 000");
    }
}
