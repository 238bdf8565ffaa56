//! Load: walk the input folder, parse every YAML file into the typed model
//! and merge the files into one [`Model`].

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Sources, suggest};
use crate::model::{self, InputFile, Loc, Located, Model};

/// Largest input file outsec reads.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Why loading could not even start: an I/O failure rather than bad input.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "the input folder `{0}` does not exist (give another with `-i DIR`, or create it with `outsec init`)"
    )]
    MissingFolder(PathBuf),
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The result of loading: the model when the inputs could be merged, and
/// every diagnostic found on the way.
pub struct Loaded {
    pub model: Option<Model>,
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lists the `*.yaml`/`*.yml` files under `dir`, sorted by path. Hidden files
/// and folders are skipped; symbolic links are not followed.
pub fn input_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), LoadError> {
    if !dir.is_dir() {
        return Err(LoadError::MissingFolder(dir.to_path_buf()));
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
        if !is_yaml {
            continue;
        }
        if entry.path_is_symlink() {
            links.push(path.to_path_buf());
        } else if entry.file_type().is_file() {
            files.push(path.to_path_buf());
        }
    }
    Ok((files, links))
}

/// Loads and merges every input file under `dir`.
pub fn load(dir: &Path) -> Result<Loaded, LoadError> {
    let (paths, links) = input_files(dir)?;
    let mut sources = Sources::default();
    let mut diagnostics = Vec::new();
    for link in &links {
        diagnostics.push(
            Diagnostic::warning(
                "OS-FILE-004",
                format!("`{}` is a symbolic link and was not read", link.display()),
            )
            .help("outsec reads only regular files so that the inputs are what git stores; copy the file into the input folder instead"),
        );
    }
    if paths.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                "OS-FILE-001",
                format!(
                    "the input folder `{}` holds no `*.yaml` or `*.yml` file",
                    dir.display()
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

    let mut parsed = Vec::new();
    for path in &paths {
        let name = path.display().to_string();
        let bytes = read_limited(path)?;
        let Some(bytes) = bytes else {
            let file = sources.add(name.clone(), String::new());
            diagnostics.push(
                Diagnostic::error(
                    "OS-FILE-002",
                    format!("`{name}` is larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024),
                )
                .at(Loc { file, line: 0, col: 0 })
                .help("split the file into several smaller files; list sections such as `requirements` may be spread over many files"),
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
                    Diagnostic::error("OS-FILE-003", format!("`{name}` is not valid UTF-8"))
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
        let file = sources.add(name, text);
        match parse_file(file, sources.text(file)) {
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

/// Reads a file, or returns `None` when it is over the size limit.
fn read_limited(path: &Path) -> Result<Option<Vec<u8>>, LoadError> {
    use std::io::Read;
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    }
}

/// Parses one file's text into its sections, reporting every error found.
///
/// A YAML parser stops at the first error, so a file is parsed piece by
/// piece: each top-level section on its own and each item of a list section
/// on its own, every piece at its original line. Three typos in three
/// requirements give three diagnostics. Files whose layout does not allow
/// the split (flow style at the top, several documents, anchors used across
/// pieces) are parsed whole.
pub fn parse_file(file: u32, text: &str) -> Result<InputFile, Vec<Diagnostic>> {
    let whole = || parse_piece(file, text).map_err(|d| vec![d]);
    let Some(pieces) = split(text) else {
        return whole();
    };
    let mut merged = InputFile::default();
    let mut errors = Vec::new();
    for (header, piece) in &pieces {
        match parse_piece(file, piece) {
            Ok(mut part) => {
                // A section as a whole is located at its key, not at its first entry.
                if let Some(line) = header {
                    place_sections(
                        &mut part,
                        Loc {
                            file,
                            line: *line as u32 + 1,
                            col: 1,
                        },
                    );
                }
                absorb(&mut merged, part);
            }
            Err(d) if d.message.contains("anchor") || d.message.contains("alias") => {
                return whole();
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(merged)
    } else {
        Err(errors)
    }
}

fn parse_piece(file: u32, text: &str) -> Result<InputFile, Diagnostic> {
    let mut path = String::new();
    model::types::with_file(file, || {
        serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
            serde_path_to_error::deserialize(de).map_err(|e| {
                path = e.path().to_string();
                e.into_inner()
            })
        })
    })
    .map_err(|e| yaml_diagnostic(file, &e, &path))
}

/// Splits a file into pieces that each parse on their own, padded with empty
/// lines so that every line keeps its number. `None` when the file is not in
/// plain block style.
fn split(text: &str) -> Option<Vec<(Option<usize>, String)>> {
    let lines: Vec<&str> = text.lines().collect();
    let is_key = |l: &str| {
        let first = l.chars().next();
        first.is_some_and(|c| !c.is_whitespace() && !matches!(c, '#' | '-'))
    };
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
    let mut keys = std::collections::BTreeSet::new();
    if !starts
        .iter()
        .all(|&i| keys.insert(lines[i].split(':').next().unwrap_or("").trim()))
    {
        // A key written twice: the whole-file parse reports it as such.
        return None;
    }
    let mut pieces = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let header = lines[start];
        let key = header.split(':').next().unwrap_or("").trim();
        let rest = header[key.len()..].trim_start_matches(':').trim();
        let items = if matches!(key, "parties" | "contacts" | "requirements")
            && (rest.is_empty() || rest.starts_with('#'))
        {
            list_items(&lines, start + 1, end)
        } else {
            Vec::new()
        };
        if items.is_empty() {
            pieces.push((Some(start), pad(start, &lines[start..end])));
            continue;
        }
        // The header with whatever precedes the first item, then each item under a copy of the header.
        for (k, &(from, to)) in items.iter().enumerate() {
            let mut piece = pad(from - 1, &[header]);
            if k == 0 {
                piece = pad(start, &lines[start..from]);
            }
            piece.push_str(&lines[from..to].join("\n"));
            piece.push('\n');
            pieces.push((None, piece));
        }
    }
    Some(pieces)
}

/// The line ranges of the items of a block sequence between `from` and `to`.
fn list_items(lines: &[&str], from: usize, to: usize) -> Vec<(usize, usize)> {
    let item_indent = lines[from..to].iter().find_map(|l| {
        let t = l.trim_start();
        (t.starts_with("- ") || t == "-").then(|| l.len() - t.len())
    });
    let Some(indent) = item_indent else {
        return Vec::new();
    };
    let starts: Vec<usize> = (from..to)
        .filter(|&i| {
            let l = lines[i];
            l.len() > indent
                && l[..indent].trim().is_empty()
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

/// Sets the location of every mapping section of a piece.
fn place_sections(part: &mut InputFile, loc: Loc) {
    fn at<T>(section: &mut Option<Located<T>>, loc: Loc) {
        if let Some(s) = section {
            s.loc = loc;
        }
    }
    at(&mut part.project, loc);
    at(&mut part.strategy, loc);
    at(&mut part.tender, loc);
    at(&mut part.evaluation, loc);
    at(&mut part.contract, loc);
    at(&mut part.security_concept, loc);
    at(&mut part.migration, loc);
    at(&mut part.operations, loc);
    at(&mut part.contingency, loc);
}

/// Adds the sections of one piece to the file's sections. Every top-level
/// key occurs once per file (`split` makes sure), so nothing is overwritten.
fn absorb(into: &mut InputFile, part: InputFile) {
    fn list<T>(slot: &mut Option<Vec<T>>, more: Option<Vec<T>>) {
        if let Some(more) = more {
            slot.get_or_insert_with(Vec::new).extend(more);
        }
    }
    fn map<T>(slot: &mut Option<T>, more: Option<T>) {
        if more.is_some() {
            *slot = more;
        }
    }
    list(&mut into.parties, part.parties);
    list(&mut into.contacts, part.contacts);
    list(&mut into.requirements, part.requirements);
    map(&mut into.project, part.project);
    map(&mut into.strategy, part.strategy);
    map(&mut into.tender, part.tender);
    map(&mut into.evaluation, part.evaluation);
    map(&mut into.contract, part.contract);
    map(&mut into.security_concept, part.security_concept);
    map(&mut into.migration, part.migration);
    map(&mut into.operations, part.operations);
    map(&mut into.contingency, part.contingency);
}

/// Turns a parser error into a located diagnostic with a fix.
fn yaml_diagnostic(file: u32, err: &serde_saphyr::Error, path: &str) -> Diagnostic {
    let loc = err.location().map_or(
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
    );
    let raw = err.without_snippet().to_string();
    let message = strip_location_suffix(&raw).to_string();

    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty() && !s.starts_with("there are no fields"))
            .collect();
        let is_section = candidates.len() == model::SECTIONS.len()
            && candidates.iter().all(|c| model::SECTIONS.contains(c));
        let what = if is_section { "section" } else { "key" };
        let mut d = Diagnostic::error("OS-YAML-002", format!("unknown {what} `{field}`")).at(loc);
        if field.contains(' ') {
            return d.help(
                "this looks like text, not a key: inside `{ … }` a comma ends a value, so put text that contains commas in quotes",
            );
        }
        d = match suggest(field, candidates.iter().copied()) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None if candidates.is_empty() => d.help("remove this key: nothing is allowed here"),
            None => d.help(format!(
                "remove it, or use one of: {}",
                candidates.join(", ")
            )),
        };
        return d;
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect();
        let d = Diagnostic::error(
            "OS-YAML-006",
            format!("`{value}` is not an allowed value here"),
        )
        .at(loc);
        return match suggest(value, allowed.iter().copied()) {
            Some(best) => d.help(format!(
                "did you mean `{best}`? Allowed: {}",
                allowed.join(", ")
            )),
            None => d.help(format!("use one of: {}", allowed.join(", "))),
        };
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest);
        return Diagnostic::error("OS-YAML-003", format!("the key `{key}` is written twice in the same mapping"))
            .at(loc)
            .help("keep one of the two entries; YAML does not allow a key twice, and outsec will not guess which one you meant");
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return Diagnostic::error(
            "OS-YAML-004",
            format!("the required key `{field}` is missing"),
        )
        .at(loc)
        .help(format!("add `{field}:` with a value to this entry"));
    }
    if ["budget", "depth", "alias", "recursion", "limit exceeded"]
        .iter()
        .any(|w| message.contains(w))
    {
        let what = if message.contains("epth") || message.contains("recursion") {
            "the YAML nests deeper than outsec allows (64 levels)".to_string()
        } else if message.contains("lias") {
            "the YAML expands more aliases than outsec allows".to_string()
        } else {
            format!("the file exceeds a safety limit ({message})")
        };
        return Diagnostic::error("OS-YAML-005", what).at(loc).help(
            "the YAML nests too deeply or expands too many aliases; write the values out plainly",
        );
    }
    // A value of the wrong type: name the key and what it takes.
    let syntax = [
        "quote",
        "scanning",
        "expected",
        "indent",
        "not allowed",
        "unexpected",
        "block",
        "flow",
    ]
    .iter()
    .any(|w| message.contains(w));
    let key = key_path(path).filter(|_| !syntax);
    let expected = match message.as_str() {
        m if m.starts_with("invalid u") || m.starts_with("invalid i") => Some("a whole number"),
        m if m.starts_with("invalid f") => Some("a number"),
        m if m.starts_with("invalid bool") => Some("`true` or `false`"),
        m if m.starts_with("invalid type") || m.starts_with("expected") => None,
        _ => None,
    };
    match (key, expected) {
        (Some(key), Some(expected)) => Diagnostic::error("OS-YAML-001", format!("`{key}` must be {expected}"))
            .at(loc)
            .help(format!("write {expected} here; `outsec schema` describes every key")),
        (Some(key), None) if message.contains("not a duration") || message.contains("not a percentage") || message.contains("no known unit") || message.contains("outside 0%") => {
            Diagnostic::error("OS-YAML-001", format!("`{key}`: {message}"))
                .at(loc)
                .help("durations are written like `30min`, `4h`, `2d`, `6 months`; percentages like `99.8%`")
        }
        (Some(key), None) if message.contains("month") || message.contains("day") || message.contains("date") => {
            Diagnostic::error("OS-YAML-001", format!("`{key}` is not a valid date: {message}"))
                .at(loc)
                .help("write dates as `YYYY-MM-DD`, for example `2027-03-01`")
        }
        (Some(key), None) => Diagnostic::error("OS-YAML-001", format!("`{key}`: {message}"))
            .at(loc)
            .help("check the YAML syntax and the value's type at this place; `outsec schema` describes every key"),
        (None, _) => Diagnostic::error("OS-YAML-001", message)
            .at(loc)
            .help("check the YAML syntax at this place (indentation, colons, quotes and brackets)"),
    }
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

fn strip_location_suffix(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
}

/// Joins list sections in file order; a mapping section may appear only once.
fn merge(files: Vec<InputFile>, diagnostics: &mut Vec<Diagnostic>) -> Option<Model> {
    let mut project = None;
    let mut parties = Vec::new();
    let mut contacts = Vec::new();
    let mut requirements = Vec::new();
    let mut strategy = None;
    let mut tender = None;
    let mut evaluation = None;
    let mut contract = None;
    let mut security_concept = None;
    let mut migration = None;
    let mut operations = None;
    let mut contingency = None;

    for f in files {
        parties.extend(f.parties.unwrap_or_default());
        contacts.extend(f.contacts.unwrap_or_default());
        requirements.extend(f.requirements.unwrap_or_default());
        once("project", &mut project, f.project, diagnostics);
        once("strategy", &mut strategy, f.strategy, diagnostics);
        once("tender", &mut tender, f.tender, diagnostics);
        once("evaluation", &mut evaluation, f.evaluation, diagnostics);
        once("contract", &mut contract, f.contract, diagnostics);
        once(
            "security_concept",
            &mut security_concept,
            f.security_concept,
            diagnostics,
        );
        once("migration", &mut migration, f.migration, diagnostics);
        once("operations", &mut operations, f.operations, diagnostics);
        once("contingency", &mut contingency, f.contingency, diagnostics);
    }

    let mut sections = std::collections::BTreeMap::new();
    for (name, loc) in [
        ("project", project.as_ref().map(|s: &Located<_>| s.loc)),
        ("strategy", strategy.as_ref().map(|s: &Located<_>| s.loc)),
        ("tender", tender.as_ref().map(|s: &Located<_>| s.loc)),
        (
            "evaluation",
            evaluation.as_ref().map(|s: &Located<_>| s.loc),
        ),
        ("contract", contract.as_ref().map(|s: &Located<_>| s.loc)),
        (
            "security_concept",
            security_concept.as_ref().map(|s: &Located<_>| s.loc),
        ),
        ("migration", migration.as_ref().map(|s: &Located<_>| s.loc)),
        (
            "operations",
            operations.as_ref().map(|s: &Located<_>| s.loc),
        ),
        (
            "contingency",
            contingency.as_ref().map(|s: &Located<_>| s.loc),
        ),
    ] {
        if let Some(loc) = loc {
            sections.insert(name, loc);
        }
    }
    let Some(project) = project else {
        if !diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.push(
                Diagnostic::error("OS-MERGE-002", "no input file has a `project` section")
                    .help("add a `project:` section with id, title, client, version, date, status and classification; `outsec init` writes an example"),
            );
        }
        return None;
    };
    Some(Model {
        project: project.value,
        parties,
        contacts,
        strategy: value(strategy),
        requirements,
        tender: value(tender),
        evaluation: value(evaluation),
        contract: value(contract),
        security_concept: value(security_concept),
        migration: value(migration),
        operations: value(operations),
        contingency: value(contingency),
        sections,
    })
}

/// The section's value, or an empty one when no file defines it.
fn value<T: Default>(section: Option<Located<T>>) -> T {
    section.map(|s| s.value).unwrap_or_default()
}

fn once<T>(
    name: &str,
    slot: &mut Option<Located<T>>,
    next: Option<Located<T>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(next) = next else { return };
    match slot {
        None => *slot = Some(next),
        Some(first) => diagnostics.push(
            Diagnostic::error("OS-MERGE-001", format!("the `{name}` section is defined twice"))
                .at(next.loc)
                .related(first.loc, "first defined here")
                .help(format!("`{name}` is a mapping and must be written in one file: move its keys into the first definition and delete this one")),
        ),
    }
}
