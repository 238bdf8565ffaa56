//! `outsec answers import`: reads a questionnaire a bidder returned (the
//! `questionnaire.xlsx` or `questionnaire.csv` of the tender pack, filled
//! in), checks that it is the questionnaire that was sent, and writes the
//! answers as YAML into the input folder, in a file of its own per bidder
//! (`answers/<bidder>.yaml`, the `answers` section).
//!
//! A returned file is untrusted. Before a byte of it is unpacked, an XLSX
//! is refused when a part would unpack to more than [`MAX_PART_BYTES`] (or
//! all parts to more than [`MAX_UNPACKED_BYTES`]), when it links to other
//! workbooks or data sources, or when its sheet declares more rows or
//! columns than a questionnaire can have; its cells are read one by one
//! (never as a rectangle that a cell far out would make huge), and a
//! formula anywhere is refused rather than its cached value taken. A CSV
//! is text: a cell starting with `=` is kept as the text it is. Every
//! problem names the file, the sheet, the row and the column, and nothing
//! is written unless the whole file is good.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::suggest;
use crate::i18n::Messages;
use crate::model::Model;
use crate::model::answers::Compliance;
use crate::model::parties::Role;
use crate::model::project::Language;
use crate::questionnaire::{
    COL_ANSWER, COL_COMPLIANCE, COL_EVIDENCE, COL_ID, COLUMNS, FIXED, Row, fit_cell,
    parse_compliance, table,
};
use crate::report::{Notice, Notify};

/// Largest returned file read, XLSX or CSV.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest size one part of an XLSX (a sheet, the shared strings) may
/// unpack to. A questionnaire of 1 000 rows with long answers is some
/// 2 MiB.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Largest size all parts of an XLSX together may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;
/// Most parts (files in the zip) of an XLSX.
pub const MAX_PARTS: usize = 1_000;
/// Most columns a returned sheet may use or declare: the questionnaire's
/// eleven and room for a note or two.
pub const MAX_COLUMNS: u32 = 64;
/// Most rows beyond the questionnaire's own (the header and one per
/// question or requirement) that a returned sheet may declare.
pub const SPARE_ROWS: u32 = 10_000;
/// Most problems listed; the count of the others follows.
const MAX_PROBLEMS: usize = 25;

/// What to import.
pub struct ImportRequest<'a> {
    /// The input folder.
    pub inputs: &'a Path,
    /// The returned questionnaire.
    pub file: &'a Path,
    /// The party id of the bidder who returned it.
    pub bidder: &'a str,
    /// Replace `answers/<bidder>.yaml` even when outsec did not write it
    /// or it was edited since.
    pub force: bool,
}

/// What an import wrote.
#[derive(Debug)]
pub struct Imported {
    /// The file written.
    pub path: PathBuf,
    /// Whether it replaced an earlier import.
    pub replaced: bool,
    /// Rows answered `yes`, `partly`, `no`, and rows left empty.
    pub counts: [usize; 4],
    /// The SHA-256 of the returned file.
    pub sha256: String,
}

/// Where in a returned file: its name, the sheet, the row and the column
/// (1-based, as a spreadsheet shows them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub column: Option<u32>,
    /// The title of the column, when it is one of the questionnaire's.
    pub title: Option<String>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet {sheet}")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(col) = self.column {
            write!(f, ", column {}", column_name(col))?;
            if let Some(title) = &self.title {
                write!(f, " ({title})")?;
            }
        }
        Ok(())
    }
}

/// The letters of a 1-based column number: 1 is `A`, 27 is `AA`.
pub fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        name.push(b'A' + rem as u8);
        col = (col - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// One thing wrong with a returned file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub at: Place,
    pub message: String,
    pub help: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}\n  help: {}", self.at, self.message, self.help)
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The returned file is not the questionnaire sent, or not one outsec
    /// reads safely (exit 1).
    #[error("{}", problems(.0))]
    Invalid(Vec<Problem>),
    /// `--bidder` names no party (exit 2).
    #[error("there is no party `{id}`{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownBidder {
        id: String,
        suggestion: Option<String>,
        bidders: Vec<String>,
    },
    /// `--bidder` names a party that is no bidder (exit 2).
    #[error("the party `{id}` has the role `{role}`, not `bidder`")]
    NotABidder {
        id: String,
        role: String,
        bidders: Vec<String>,
    },
    /// The answers of this bidder are already in another input file (exit 2).
    #[error("the answers of `{bidder}` are already in `{elsewhere}`")]
    Elsewhere {
        bidder: String,
        elsewhere: String,
        target: PathBuf,
    },
    /// The target exists and outsec did not write it, or it was edited (exit 2).
    #[error("`{}` {why}; it was left as it is", path.display())]
    NotOurs { path: PathBuf, why: &'static str },
}

fn problems(list: &[Problem]) -> String {
    let mut text = match list {
        [one] => return format!("the returned questionnaire cannot be imported: {one}"),
        _ => format!(
            "the returned questionnaire cannot be imported ({} problems):",
            list.len()
        ),
    };
    for p in list.iter().take(MAX_PROBLEMS) {
        text.push_str(&format!("\n{p}"));
    }
    if list.len() > MAX_PROBLEMS {
        text.push_str(&format!(
            "\n… and {} more problems of the same kinds",
            list.len() - MAX_PROBLEMS
        ));
    }
    text
}

impl ImportError {
    pub fn exit_code(&self) -> u8 {
        match self {
            ImportError::Invalid(_) => crate::error::exit::INVALID,
            _ => crate::error::exit::FAILURE,
        }
    }

    pub fn help(&self) -> Option<String> {
        match self {
            ImportError::Invalid(_) => Some(
                "nothing was written; ask the bidder for a corrected file (or correct a copy as said above) and import that".to_string(),
            ),
            ImportError::UnknownBidder { bidders, .. } | ImportError::NotABidder { bidders, .. } => {
                Some(if bidders.is_empty() {
                    "no party has the role `bidder` yet: add the bidder to `parties` (`role: bidder`)".to_string()
                } else {
                    format!("give the id of a bidder with `--bidder`: {}", bidders.join(", "))
                })
            }
            ImportError::Elsewhere { target, .. } => Some(format!(
                "remove them there: outsec keeps each bidder's answers in `{}`",
                target.display()
            )),
            ImportError::NotOurs { .. } => Some(
                "move it away, or replace it with `outsec answers import … --force`".to_string(),
            ),
        }
    }
}

/// A cell value as read.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Text(String),
    /// A value that is no text (a date, an error value), described.
    Other(String),
}

/// A returned sheet: its cells by (row, column), 1-based.
struct Sheet {
    place: Place,
    cells: BTreeMap<(u32, u32), Cell>,
    /// CSV: the questionnaire sent put `'` in front of cells that a
    /// spreadsheet would read as a formula; a spreadsheet may have dropped it.
    csv: bool,
}

impl Sheet {
    fn at(&self, row: u32, column: u32) -> Place {
        Place {
            row: Some(row),
            column: Some(column),
            title: None,
            ..self.place.clone()
        }
    }

    fn text(&self, row: u32, column: u32) -> Option<&Cell> {
        self.cells.get(&(row, column))
    }
}

/// Runs `answers import`.
pub fn import(request: &ImportRequest, notify: Notify) -> Result<Imported, crate::Error> {
    let loaded = crate::load::load(request.inputs)?;
    let Some(model) = loaded.model else {
        notify(Notice::Diagnostics(crate::diag::render_human(
            &loaded.diagnostics,
            &loaded.sources,
        )));
        return Err(crate::Error::Invalid);
    };
    bidder(&model, request.bidder)?;
    let target = request
        .inputs
        .join("answers")
        .join(format!("{}.yaml", request.bidder));
    if let Some(a) = model
        .answers
        .iter()
        .find(|a| a.bidder.value == request.bidder)
    {
        let file = loaded.sources.name(a.bidder.loc.file);
        if Path::new(file) != target {
            return Err(ImportError::Elsewhere {
                bidder: request.bidder.to_string(),
                elsewhere: format!("{file}:{}", a.bidder.loc.line),
                target,
            }
            .into());
        }
    }
    let replaced = may_replace(&target, request.force)?;
    let bytes = match crate::load::read_capped(request.file, MAX_FILE_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Err(invalid(
                place(request.file),
                format!(
                    "the file is larger than {} MiB",
                    MAX_FILE_BYTES / 1024 / 1024
                ),
                "a returned questionnaire is a few hundred KiB: check that this is the right file",
            ));
        }
        Err(source) => {
            return Err(crate::Error::Read {
                path: request.file.to_path_buf(),
                source,
            });
        }
    };
    let messages = Messages::builtin(model.project.language);
    let (header, rows) = table(&model, &messages);
    let sheet =
        read(&bytes, place(request.file), rows.len() as u32 + 1).map_err(|e| titled(e, &header))?;
    let answers = compare(&sheet, &header, &rows, &messages, notify)?;
    let sha256 = crate::output::sha256_hex(&bytes);
    let file_name = request
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let yaml = to_yaml(request.bidder, &file_name, &sha256, &answers);
    if let Err(d) = crate::load::parse_file(0, &yaml) {
        // Never expected: every text is quoted and escaped.
        return Err(crate::Error::Write {
            path: target,
            source: std::io::Error::other(format!(
                "the answers would not read back as YAML ({})",
                d.first().map(|d| d.message.clone()).unwrap_or_default()
            )),
        });
    }
    write(&target, yaml.as_bytes())?;
    let mut counts = [0; 4];
    for a in &answers {
        counts[match a.compliance {
            Some(Compliance::Yes) => 0,
            Some(Compliance::Partly) => 1,
            Some(Compliance::No) => 2,
            None => 3,
        }] += 1;
    }
    Ok(Imported {
        path: target,
        replaced,
        counts,
        sha256,
    })
}

impl From<ImportError> for crate::Error {
    fn from(e: ImportError) -> Self {
        crate::Error::Answers(e)
    }
}

/// The problems of `e` with the titles of the questionnaire's columns.
fn titled(e: crate::Error, header: &[String]) -> crate::Error {
    match e {
        crate::Error::Answers(ImportError::Invalid(mut problems)) => {
            for p in &mut problems {
                if let Some(col) = p.at.column {
                    p.at.title = header.get(col as usize - 1).cloned();
                }
            }
            ImportError::Invalid(problems).into()
        }
        e => e,
    }
}

fn place(file: &Path) -> Place {
    Place {
        file: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.display().to_string()),
        ..Place::default()
    }
}

fn invalid(at: Place, message: impl Into<String>, help: impl Into<String>) -> crate::Error {
    ImportError::Invalid(vec![Problem {
        at,
        message: message.into(),
        help: help.into(),
    }])
    .into()
}

/// The party `id` exists and bids (or is the provider a bid became).
fn bidder(model: &Model, id: &str) -> Result<(), ImportError> {
    let bidders: Vec<String> = model
        .parties
        .iter()
        .filter(|p| p.role == Role::Bidder)
        .map(|p| p.id.value.clone())
        .collect();
    match model.parties.iter().find(|p| p.id.value == id) {
        None => Err(ImportError::UnknownBidder {
            id: id.to_string(),
            suggestion: suggest(
                id,
                model
                    .parties
                    .iter()
                    .filter(|p| matches!(p.role, Role::Bidder | Role::Provider))
                    .map(|p| p.id.as_str()),
            )
            .map(str::to_string),
            bidders,
        }),
        // The provider of a finished tender was one of its bidders.
        Some(p) if matches!(p.role, Role::Bidder | Role::Provider) => Ok(()),
        Some(p) => Err(ImportError::NotABidder {
            id: id.to_string(),
            role: serde_plain(&p.role),
            bidders,
        }),
    }
}

fn serde_plain<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The first line of a file `answers import` wrote: the marker and the
/// SHA-256 of everything after it.
const MARK: &str = "# outsec answers import, sha256:";

/// Whether `target` may be written: it does not exist, or outsec wrote it
/// and nobody changed it since, or `force`. Returns whether it exists.
fn may_replace(target: &Path, force: bool) -> Result<bool, crate::Error> {
    let meta = match std::fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(crate::Error::Read {
                path: target.to_path_buf(),
                source,
            });
        }
    };
    if !meta.is_file() {
        return Err(ImportError::NotOurs {
            path: target.to_path_buf(),
            why: "is not a regular file (a folder or a symbolic link)",
        }
        .into());
    }
    if force {
        return Ok(true);
    }
    let text = match crate::load::read_capped(target, crate::load::MAX_FILE_BYTES) {
        Ok(Some(bytes)) => String::from_utf8(bytes).unwrap_or_default(),
        Ok(None) => String::new(),
        Err(source) => {
            return Err(crate::Error::Read {
                path: target.to_path_buf(),
                source,
            });
        }
    };
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with(MARK) => {
            if first[MARK.len()..] == crate::output::sha256_hex(rest.as_bytes()) {
                Ok(true)
            } else {
                Err(ImportError::NotOurs {
                    path: target.to_path_buf(),
                    why: "was edited since outsec wrote it",
                }
                .into())
            }
        }
        _ => Err(ImportError::NotOurs {
            path: target.to_path_buf(),
            why: "exists and was not written by `outsec answers import`",
        }
        .into()),
    }
}

/// Writes `bytes` to `target` through a temporary file in the same folder,
/// so that the file is either the old one or the whole new one.
fn write(target: &Path, bytes: &[u8]) -> Result<(), crate::Error> {
    use std::io::Write as _;
    let dir = target.parent().unwrap_or(Path::new("."));
    let failed = |source| crate::Error::Write {
        path: target.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|source| crate::Error::WriteTo {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
    tmp.write_all(bytes).map_err(failed)?;
    tmp.as_file().sync_all().map_err(failed)?;
    tmp.persist(target).map_err(|e| failed(e.error))?;
    Ok(())
}

/// Reads a returned file as a sheet of cells: an XLSX by its content, else
/// CSV text. `rows` is the questionnaire's own row count, header included.
fn read(bytes: &[u8], at: Place, rows: u32) -> Result<Sheet, crate::Error> {
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx(bytes, at, rows);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(invalid(
            at,
            "this is an Excel 97–2003 workbook (`.xls`) or a workbook protected with a password, which outsec does not read",
            "save it as an Excel workbook (`.xlsx`) without a password, or as CSV, and import that",
        ));
    }
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    match std::str::from_utf8(text) {
        Ok(text) if !text.contains('\0') => csv(text, at, rows),
        _ => Err(invalid(
            at,
            "this is neither an XLSX workbook nor a CSV file in UTF-8",
            "import the `questionnaire.xlsx` or `questionnaire.csv` of the tender pack as the bidder filled it in; a CSV from a spreadsheet program must be saved as \"CSV UTF-8\"",
        )),
    }
}

/// An XLSX: the zip looked at first (sizes, parts), then the sheet's cells
/// one by one.
fn xlsx(bytes: &[u8], mut at: Place, rows: u32) -> Result<Sheet, crate::Error> {
    use calamine::Reader as _;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        invalid(
            at.clone(),
            format!("the file starts like an XLSX workbook (a zip archive), but cannot be read as one ({e})"),
            "ask the bidder to save the workbook again (`.xlsx`) and send it anew",
        )
    })?;
    if zip.len() > MAX_PARTS {
        return Err(invalid(
            at,
            format!(
                "the workbook has {} parts; a questionnaire has about a dozen, and outsec reads at most {MAX_PARTS}",
                zip.len()
            ),
            "save only the questionnaire's sheet as a new workbook and import that",
        ));
    }
    let mut total = 0u64;
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| {
            invalid(
                at.clone(),
                format!("part {} of the workbook cannot be read ({e})", i + 1),
                "ask the bidder to save the workbook again and send it anew",
            )
        })?;
        let name = part
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("part {}", i + 1));
        if part.encrypted() {
            return Err(invalid(
                at,
                format!("the part `{name}` of the workbook is encrypted"),
                "save the workbook without a password and import that",
            ));
        }
        if part.size() > MAX_PART_BYTES {
            return Err(invalid(
                at,
                format!(
                    "the part `{name}` would unpack to {} from {} in the file (more than the {} outsec unpacks): the file may be a zip bomb",
                    size(part.size()),
                    size(part.compressed_size()),
                    size(MAX_PART_BYTES)
                ),
                "import only a questionnaire as the tender pack holds it; a real one unpacks to a few MiB at most",
            ));
        }
        total += part.size();
        if total > MAX_UNPACKED_BYTES {
            return Err(invalid(
                at,
                format!(
                    "the parts of the workbook would unpack to more than {} together: the file may be a zip bomb",
                    size(MAX_UNPACKED_BYTES)
                ),
                "import only a questionnaire as the tender pack holds it; a real one unpacks to a few MiB at most",
            ));
        }
        names.push(name);
    }
    if names.iter().any(|n| n == "mimetype") {
        return Err(invalid(
            at,
            "this is an OpenDocument spreadsheet (`.ods`), not an XLSX workbook",
            "save it as an Excel workbook (`.xlsx`) or as CSV and import that",
        ));
    }
    if let Some(link) = names.iter().find(|n| n.starts_with("xl/externalLinks/")) {
        return Err(invalid(
            at,
            format!(
                "the workbook links to other workbooks (`{link}`), whose values it would fetch when opened"
            ),
            "remove the links (in Excel: Data, Edit Links, Break Link; in LibreOffice: Edit, External Links, Break Link), save, and import that",
        ));
    }
    if names
        .iter()
        .any(|n| n == "xl/connections.xml" || n.starts_with("xl/queryTables/"))
    {
        return Err(invalid(
            at,
            "the workbook has data connections (`xl/connections.xml`), which fetch data from elsewhere when it is opened",
            "remove the connections (in Excel: Data, Queries & Connections), save, and import that",
        ));
    }
    if !names.iter().any(|n| n == "xl/workbook.xml") {
        return Err(invalid(
            at,
            "the file is a zip archive, but no XLSX workbook (it has no `xl/workbook.xml`)",
            "import the `questionnaire.xlsx` of the tender pack as the bidder filled it in",
        ));
    }
    drop(zip);
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        invalid(
            at.clone(),
            format!("the workbook cannot be read ({e})"),
            "ask the bidder to save the workbook again (`.xlsx`) and send it anew",
        )
    })?;
    let sheets = book.sheet_names();
    let known = [
        crate::i18n::Messages::builtin(Language::En)
            .text("q.sheet")
            .to_string(),
        crate::i18n::Messages::builtin(Language::De)
            .text("q.sheet")
            .to_string(),
    ];
    let name = match sheets.iter().find(|s| known.contains(s)) {
        Some(name) => name.clone(),
        None if sheets.len() == 1 => sheets[0].clone(),
        None => {
            return Err(invalid(
                at,
                format!(
                    "the workbook has no sheet named {} or {}, but {}",
                    known[0],
                    known[1],
                    sheets.join(", ")
                ),
                "keep the questionnaire's sheet under the name it was sent with",
            ));
        }
    };
    at.sheet = Some(name.clone());
    let max_row = rows + SPARE_ROWS;
    let mut reader = book.worksheet_cells_reader(&name).map_err(|e| {
        invalid(
            at.clone(),
            format!("the sheet cannot be read ({e})"),
            "ask the bidder to save the workbook again (`.xlsx`) and send it anew",
        )
    })?;
    let dims = reader.dimensions();
    if dims.end.0 >= max_row || dims.end.1 >= MAX_COLUMNS {
        return Err(invalid(
            at,
            format!(
                "the sheet declares {} rows and {} columns (up to cell {}{}); the questionnaire has {rows} rows and {} columns, and outsec reads at most {max_row} rows and {MAX_COLUMNS} columns",
                u64::from(dims.end.0) + 1,
                u64::from(dims.end.1) + 1,
                column_name(dims.end.1.saturating_add(1)),
                u64::from(dims.end.0) + 1,
                COLUMNS.len()
            ),
            "delete the rows and columns outside the questionnaire, save, and import that",
        ));
    }
    let mut cells = BTreeMap::new();
    let mut formulas = Vec::new();
    loop {
        let cell = reader.next_cell_with_formula().map_err(|e| {
            invalid(
                at.clone(),
                format!("the sheet cannot be read ({e})"),
                "ask the bidder to save the workbook again (`.xlsx`) and send it anew",
            )
        })?;
        let Some(cell) = cell else { break };
        let (row, col) = (cell.pos.0.saturating_add(1), cell.pos.1.saturating_add(1));
        if row > max_row || col > MAX_COLUMNS {
            return Err(invalid(
                Place {
                    row: Some(row),
                    column: Some(col),
                    ..at
                },
                format!(
                    "a cell lies outside the questionnaire's rows and columns (outsec reads at most {max_row} rows and {MAX_COLUMNS} columns)"
                ),
                "delete the rows and columns outside the questionnaire, save, and import that",
            ));
        }
        if let Some(formula) = cell.formula.filter(|f| !f.is_empty()) {
            formulas.push(Problem {
                at: Place {
                    row: Some(row),
                    column: Some(col),
                    ..at.clone()
                },
                message: format!(
                    "the cell holds a formula (`={}`); outsec takes no formulas, nor the values they last computed",
                    shorten(&formula, 60)
                ),
                help: "type the answer as text (the questionnaire's answer cells are formatted as text, so what is typed there stays text)".to_string(),
            });
            continue;
        }
        let value = match cell.value {
            calamine::DataRef::Empty => continue,
            calamine::DataRef::String(s) => Cell::Text(s),
            calamine::DataRef::SharedString(s) => Cell::Text(s.to_string()),
            calamine::DataRef::Int(i) => Cell::Text(i.to_string()),
            calamine::DataRef::Float(f) => Cell::Text(number(f)),
            calamine::DataRef::Bool(b) => Cell::Text(b.to_string()),
            calamine::DataRef::DateTime(d) => {
                Cell::Other(format!("a date or time ({})", number(d.as_f64())))
            }
            calamine::DataRef::DateTimeIso(s) | calamine::DataRef::DurationIso(s) => {
                Cell::Other(format!("a date or time ({s})"))
            }
            calamine::DataRef::Error(e) => Cell::Other(format!("an error value ({e})")),
        };
        cells.insert((row, col), value);
    }
    if !formulas.is_empty() {
        return Err(ImportError::Invalid(formulas).into());
    }
    Ok(Sheet {
        place: at,
        cells,
        csv: false,
    })
}

/// A number as a spreadsheet shows it: whole numbers without a fraction.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

fn shorten(text: &str, max: usize) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !crate::text::forbidden(*c))
        .take(max)
        .collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= 1024 * MIB {
        format!("{:.1} GiB", bytes as f64 / (1024 * MIB) as f64)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// A CSV in either language's form: comma or semicolon, told by which one
/// splits the first line into the questionnaire's columns.
fn csv(text: &str, at: Place, rows: u32) -> Result<Sheet, crate::Error> {
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let max_row = rows + SPARE_ROWS;
    let mut cells = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let row = i as u32 + 1;
        let record = record.map_err(|e| {
            invalid(
                Place {
                    row: Some(row),
                    ..at.clone()
                },
                format!("the line cannot be read as CSV ({e})"),
                "save the questionnaire again as CSV (UTF-8) from the spreadsheet program",
            )
        })?;
        if row > max_row {
            return Err(invalid(
                Place {
                    row: Some(row),
                    ..at
                },
                format!(
                    "the file has more rows than the questionnaire ({rows}) and outsec reads ({max_row})"
                ),
                "delete the rows below the questionnaire, save, and import that",
            ));
        }
        if record.len() as u32 > MAX_COLUMNS {
            return Err(invalid(
                Place {
                    row: Some(row),
                    ..at
                },
                format!(
                    "the row has {} columns; the questionnaire has {} and outsec reads at most {MAX_COLUMNS}",
                    record.len(),
                    COLUMNS.len()
                ),
                "delete the columns right of the questionnaire's, save, and import that",
            ));
        }
        for (c, field) in record.iter().enumerate() {
            if !field.is_empty() {
                cells.insert((row, c as u32 + 1), Cell::Text(field.to_string()));
            }
        }
    }
    Ok(Sheet {
        place: at,
        cells,
        csv: true,
    })
}

/// One row's answer as read.
#[derive(Debug)]
struct Answered {
    id: String,
    compliance: Option<Compliance>,
    answer: Option<String>,
    evidence: Option<String>,
}

/// The header of either language (or the project's own wording).
fn headers(messages: &Messages) -> Vec<Vec<String>> {
    let mut all = vec![
        COLUMNS
            .iter()
            .map(|k| messages.text(k).to_string())
            .collect::<Vec<_>>(),
    ];
    for lang in [Language::En, Language::De] {
        let m = Messages::builtin(lang);
        let h: Vec<String> = COLUMNS.iter().map(|k| m.text(k).to_string()).collect();
        if !all.contains(&h) {
            all.push(h);
        }
    }
    all
}

/// Compares the returned sheet with the questionnaire sent: the header, the
/// ids row by row (an error when they differ), the texts (a warning), and
/// reads the three answer columns.
fn compare(
    sheet: &Sheet,
    header: &[String],
    rows: &[Row],
    messages: &Messages,
    notify: Notify,
) -> Result<Vec<Answered>, crate::Error> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let title = |col: u32| header.get(col as usize - 1).cloned();
    let text_of = |row: u32, col: u32| -> Option<String> {
        match sheet.text(row, col) {
            Some(Cell::Text(t)) => Some(t.clone()),
            _ => None,
        }
    };
    // Cells outside the questionnaire's columns and rows.
    let last_row = rows.len() as u32 + 1;
    for (&(row, col), _) in sheet.cells.iter() {
        if col > COLUMNS.len() as u32 || row > last_row {
            problems.push(Problem {
                at: sheet.at(row, col),
                message: if row > last_row {
                    format!("the cell lies below the questionnaire, whose last row is {last_row}")
                } else {
                    format!(
                        "the cell lies right of the questionnaire, whose last column is {}",
                        column_name(COLUMNS.len() as u32)
                    )
                },
                help: "delete what is outside the questionnaire's rows and columns: answers go into its last three columns".to_string(),
            });
        }
    }
    // The header, in either language.
    let known = headers(messages);
    for col in 1..=COLUMNS.len() as u32 {
        let found = text_of(1, col).unwrap_or_default();
        let found = found.trim();
        if !known.iter().any(|h| h[col as usize - 1].trim() == found) {
            problems.push(Problem {
                at: sheet.at(1, col),
                message: format!(
                    "the header is `{}`, not `{}`",
                    shorten(found, 60),
                    header[col as usize - 1]
                ),
                help: "keep the questionnaire's columns as they were sent; answers go into its last three columns".to_string(),
            });
        }
    }
    let mut misplaced = std::collections::BTreeSet::new();
    for (i, expected) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        let id_col = COL_ID as u32 + 1;
        let found = text_of(row, id_col).unwrap_or_default();
        let found = found.trim();
        if found != expected.id {
            misplaced.insert(i);
            let moved = rows.iter().position(|r| r.id == found);
            problems.push(Problem {
                at: Place {
                    title: title(id_col),
                    ..sheet.at(row, id_col)
                },
                message: match (found.is_empty(), moved) {
                    (true, _) => format!("the id is missing; the questionnaire sent has `{}` here", expected.id),
                    (false, Some(n)) => format!(
                        "the id is `{found}`, which the questionnaire sent has in row {}; here it has `{}`",
                        n + 2,
                        expected.id
                    ),
                    (false, None) => format!(
                        "the id is `{}`, which the questionnaire sent does not have; here it has `{}`",
                        shorten(found, 40),
                        expected.id
                    ),
                },
                help: "keep the rows as they were sent, in their order, none added or deleted: sort the sheet by column A (No.) if it was sorted otherwise".to_string(),
            });
            continue;
        }
        for col in 1..=FIXED as u32 {
            if col == id_col {
                continue;
            }
            let sent = &expected.cells[col as usize - 1];
            let got = match sheet.text(row, col) {
                Some(Cell::Text(t)) => t.clone(),
                Some(Cell::Other(what)) => what.clone(),
                None => String::new(),
            };
            if !same(sent, &got, sheet.csv) {
                warnings.push(format!(
                    "{}: the text differs from the questionnaire sent for `{}`; the bidder may have answered a changed text",
                    Place {
                        title: title(col),
                        ..sheet.at(row, col)
                    },
                    expected.id
                ));
            }
        }
    }
    let mut answers = Vec::new();
    {
        for (i, expected) in rows.iter().enumerate() {
            if misplaced.contains(&i) {
                continue;
            }
            let row = i as u32 + 2;
            let mut value = |col: usize| -> Option<String> {
                let col = col as u32 + 1;
                match sheet.text(row, col) {
                    None => None,
                    Some(Cell::Other(what)) => {
                        problems.push(Problem {
                            at: Place {
                                title: title(col),
                                ..sheet.at(row, col)
                            },
                            message: format!("the cell holds {what}, not text"),
                            help: "type the answer as text".to_string(),
                        });
                        None
                    }
                    Some(Cell::Text(t)) => {
                        let t = crate::text::clean(t);
                        let t = t.trim();
                        if t.chars().map(char::len_utf16).sum::<usize>()
                            > crate::questionnaire::MAX_CELL_CHARS
                        {
                            problems.push(Problem {
                                at: Place {
                                    title: title(col),
                                    ..sheet.at(row, col)
                                },
                                message: format!(
                                    "the text is longer than a spreadsheet cell holds ({} characters)",
                                    crate::questionnaire::MAX_CELL_CHARS
                                ),
                                help: "shorten it and refer to the document of the bid that has the rest".to_string(),
                            });
                            return None;
                        }
                        (!t.is_empty()).then(|| t.to_string())
                    }
                }
            };
            let compliance_text = value(COL_COMPLIANCE);
            let answer = value(COL_ANSWER);
            let evidence = value(COL_EVIDENCE);
            let compliance = match compliance_text {
                None => {
                    warnings.push(format!(
                        "{}: no compliance stated for `{}`",
                        Place {
                            title: title(COL_COMPLIANCE as u32 + 1),
                            ..sheet.at(row, COL_COMPLIANCE as u32 + 1)
                        },
                        expected.id
                    ));
                    None
                }
                Some(text) => match parse_compliance(&text, messages) {
                    Some(c) => Some(c),
                    None => {
                        let col = COL_COMPLIANCE as u32 + 1;
                        problems.push(Problem {
                            at: Place {
                                title: title(col),
                                ..sheet.at(row, col)
                            },
                            message: format!("`{}` is no compliance value", shorten(&text, 40)),
                            help: format!(
                                "write one of {} (or {})",
                                crate::questionnaire::compliance_values(messages).join(", "),
                                crate::questionnaire::compliance_values(&Messages::builtin(
                                    match messages.lang() {
                                        Language::En => Language::De,
                                        Language::De => Language::En,
                                    }
                                ))
                                .join(", ")
                            ),
                        });
                        None
                    }
                },
            };
            answers.push(Answered {
                id: expected.id.clone(),
                compliance,
                answer,
                evidence,
            });
        }
    }
    for w in &warnings {
        notify(Notice::Warning(w.clone()));
    }
    // Top to bottom, left to right, as a person goes through the sheet.
    problems.sort_by_key(|p| (p.at.row, p.at.column));
    if problems.is_empty() {
        Ok(answers)
    } else {
        Err(ImportError::Invalid(problems).into())
    }
}

/// Whether a cell as returned is the text sent: the same after line ends
/// and spaces around are evened out, and, in a CSV, with or without the
/// `'` that kept it from being read as a formula.
fn same(sent: &str, got: &str, csv: bool) -> bool {
    let norm = |t: &str| {
        crate::text::clean(t)
            .replace("\r\n", "\n")
            .trim()
            .to_string()
    };
    let sent_xlsx = fit_cell(sent);
    let got = norm(got);
    if norm(&sent_xlsx) == got || norm(sent) == got {
        return true;
    }
    csv && norm(&crate::pack::defuse(sent)) == got
}

/// The answers as the YAML of an input file, with the marker line that
/// says outsec wrote it and the hash that tells whether it was edited.
fn to_yaml(bidder: &str, file: &str, sha256: &str, answers: &[Answered]) -> String {
    let mut body = String::new();
    body.push_str(
        "# Written by `outsec answers import`: the questionnaire as the bidder returned it.\n",
    );
    body.push_str("# A new import replaces this file; once it is edited, only `--force` does.\n");
    body.push_str("# The evaluators' notes go into `evaluation.bids[].compliance_notes`.\n");
    body.push_str("answers:\n");
    body.push_str(&format!("  - bidder: {}\n", quoted(bidder)));
    body.push_str(&format!("    file: {}\n", quoted(file)));
    body.push_str(&format!("    sha256: {}\n", quoted(sha256)));
    if answers.is_empty() {
        body.push_str("    rows: []\n");
    } else {
        body.push_str("    rows:\n");
    }
    for a in answers {
        body.push_str(&format!("      - id: {}\n", quoted(&a.id)));
        if let Some(c) = a.compliance {
            body.push_str(&format!("        compliance: {}\n", quoted(c.key())));
        }
        if let Some(t) = &a.answer {
            body.push_str(&format!("        answer: {}\n", quoted(t)));
        }
        if let Some(t) = &a.evidence {
            body.push_str(&format!("        evidence: {}\n", quoted(t)));
        }
    }
    format!(
        "{MARK}{}\n{body}",
        crate::output::sha256_hex(body.as_bytes())
    )
}

/// A YAML double-quoted scalar holding exactly `text`: `"` and `\` escaped,
/// and every character that YAML does not allow in a file, or that would
/// end the line, as an escape.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// The characters YAML allows as they are (its `c-printable`), less the
/// line breaks and the byte-order mark.
fn printable(c: char) -> bool {
    matches!(c as u32,
        0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD | 0x10000..=0x10FFFF)
        && !matches!(c, '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_name(1), "A");
        assert_eq!(column_name(11), "K");
        assert_eq!(column_name(26), "Z");
        assert_eq!(column_name(27), "AA");
        assert_eq!(column_name(16_384), "XFD");
    }

    #[test]
    fn quoted_text_reads_back_as_written() {
        for text in [
            "plain",
            "=cmd|' /C calc'!A0",
            "- a list\n- of two",
            "\"quotes\" and \\ backslash",
            "tab\there, NEL\u{85}, LS\u{2028}, BOM\u{feff}, DEL\u{7f}, emoji 😀",
            "yes",
            "{a: b}, [c], &anchor *alias !tag %percent @at `tick` #hash",
        ] {
            let yaml = format!("x: {}\n", quoted(text));
            let back: BTreeMap<String, String> = serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(back["x"], text, "{yaml}");
        }
    }

    #[test]
    fn places_read_as_a_person_would_say_them() {
        let at = Place {
            file: "q.xlsx".into(),
            sheet: Some("Fragebogen".into()),
            row: Some(12),
            column: Some(3),
            title: Some("Art".into()),
        };
        assert_eq!(
            at.to_string(),
            "q.xlsx, sheet Fragebogen, row 12, column C (Art)"
        );
    }
}
