//! The tender pack: what bidders receive, as a folder with `MANIFEST.sha256`
//! and as a byte-reproducible zip; the NDA part likewise, separately. A
//! tender with a participation stage (a deadline for requests to
//! participate) also has a participation pack for candidates, cut on its
//! own (`pack --stage participation`).
//!
//! Only bidder documents go in, rendered from inputs from which everything
//! internal has been removed (see `derive`); the NDA part holds the material
//! marked for release under the non-disclosure agreement, which the public
//! pack never contains.
//!
//! [`write()`] runs the `pack` command: inputs checked, packs cut ([`build`])
//! and written into the output folder.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::catalog::Catalogs;
use crate::documents::{self, Document};
use crate::error::Error;
use crate::model::Model;
use crate::model::project::DocumentName;
use crate::model::tender::Stage;
use crate::model::types::Date;
use crate::output::{self, Files, sha256_hex};
use crate::pipeline::{self, render_document, stylesheet};
use crate::render::Renderer;
use crate::report::{Notice, Notify};

/// One pack: its folder name, its files and its zip.
pub struct Pack {
    /// `tender-pack`, `tender-pack-nda` or `participation-pack`.
    pub name: &'static str,
    /// `<name>-<project-id>-<version>.zip`.
    pub zip_name: String,
    pub files: Files,
    pub zip: Vec<u8>,
}

/// What to pack, and where.
pub struct PackRequest<'a> {
    /// The input folder.
    pub inputs: &'a Path,
    /// Read the inputs as this git revision has them (`--rev`).
    pub rev: Option<&'a str>,
    /// The output folder.
    pub out: &'a Path,
    /// The templates that override the built-in ones.
    pub templates: Option<&'a Path>,
    /// Replace files outsec did not write or that were edited since.
    pub force: bool,
    /// The stage whose pack is cut: `bids` (the tender pack and its NDA
    /// part) or `participation` (the participation pack).
    pub stage: Stage,
}

/// What `pack` wrote.
#[derive(Debug)]
pub struct Packed {
    /// Every pack, public first.
    pub packs: Vec<Shipped>,
    /// Files of an earlier pack that this one no longer has, removed.
    pub removed: usize,
}

/// One pack as written.
#[derive(Debug)]
pub struct Shipped {
    /// `tender-pack`, `tender-pack-nda` or `participation-pack`.
    pub name: &'static str,
    /// Its zip in the output folder.
    pub zip: PathBuf,
    /// The zip's SHA-256, hex.
    pub sha256: String,
}

/// Runs `pack`: checks the inputs, cuts the packs and writes them into the
/// output folder, all or nothing (see `output::write`).
pub fn write(request: &PackRequest, notify: Notify) -> Result<Packed, Error> {
    let ready = pipeline::prepare(
        request.inputs,
        request.rev,
        request.out,
        request.templates,
        notify,
    )?;
    if request.stage == Stage::Participation && !ready.model.tender.has_participation_stage() {
        return Err(Error::NoParticipationStage);
    }
    if let Some(reason) = after_release(&ready.model) {
        return Err(Error::NotReleased {
            reason,
            rev: request.rev.map(str::to_string),
        });
    }
    let packs = build(
        &ready.model,
        &ready.catalogs,
        &ready.renderer,
        request.stage,
    )?;
    // Every file of every pack, written together: all or nothing. The
    // record `pack-manifest.json` lists them, so that the next pack removes
    // what it no longer produces (an archive of an earlier version, an NDA
    // part that is gone) and nothing else. The packs of the other stage
    // stay: they are carried over from the record as they are.
    let mut files = carried_over(request.out, request.stage);
    for p in &packs {
        for (path, bytes) in &p.files {
            files.insert(format!("{}/{path}", p.name), bytes.clone());
        }
        files.insert(p.zip_name.clone(), p.zip.clone());
    }
    let files = output::with_record(files, output::PACK);
    let options = output::Options {
        record: output::PACK,
        force: request.force,
        partial: false,
        opaque: &[],
    };
    let written = output::write(request.out, &files, options, notify)?;
    for note in written.notes {
        notify(Notice::Warning(note));
    }
    Ok(Packed {
        packs: packs
            .iter()
            .map(|p| Shipped {
                name: p.name,
                zip: request.out.join(&p.zip_name),
                sha256: sha256_hex(&p.zip),
            })
            .collect(),
        removed: written.removed,
    })
}

/// The document whose version and date the public tender pack carries: of
/// the tender and the parts that go out with it (the questionnaire, and the
/// answers to clarification questions when there are any), the one with the
/// latest date; the tender on a tie. Answers published after the tender
/// make a new pack, named with the clarifications' own version.
pub fn public_release(model: &Model) -> DocumentName {
    let p = &model.project;
    let mut parts = vec![
        DocumentName::Tender,
        DocumentName::Instructions,
        DocumentName::Forms,
        DocumentName::Questionnaire,
    ];
    if !model.tender.clarifications.is_empty() {
        parts.push(DocumentName::Clarifications);
    }
    let mut latest = DocumentName::Tender;
    for doc in parts {
        if p.control(doc).date > p.control(latest).date {
            latest = doc;
        }
    }
    latest
}

/// Why the inputs are not the tender as it was released to bidders, if they
/// are not: they hold the award decision, or revisions dated after the
/// release of the pack (the latest date of the tender and its parts, see
/// [`public_release`] and `Project::control`). A pack cut from them would
/// tell bidders what happened after the tender, or differ from the pack
/// they were sent.
pub fn after_release(model: &Model) -> Option<String> {
    let p = &model.project;
    let released = p.control(public_release(model));
    if let Some(chosen) = &model.evaluation.chosen {
        return Some(format!(
            "the inputs already hold the award decision (`evaluation.chosen: {}`)",
            chosen.value
        ));
    }
    let later: Vec<String> = p
        .revisions
        .iter()
        .filter(|r| r.date > released.date)
        .map(|r| format!("{} of {}", r.version, r.date))
        .collect();
    if later.is_empty() {
        return None;
    }
    let shown = if later.len() > 3 {
        format!("{}, and {} more", later[..3].join(", "), later.len() - 3)
    } else {
        later.join(", ")
    };
    Some(format!(
        "the inputs hold revisions dated after the tender's release on {} ({shown})",
        released.date
    ))
}

/// The folder names of the packs of `stage`.
pub fn pack_names(stage: Stage) -> &'static [&'static str] {
    match stage {
        Stage::Participation => &["participation-pack"],
        Stage::Bids => &["tender-pack", "tender-pack-nda"],
    }
}

/// Whether a file of the output folder belongs to a pack of `stage`: its
/// folder, or its zip.
fn of_stage(path: &str, stage: Stage) -> bool {
    pack_names(stage).iter().any(|name| {
        path.strip_prefix(name).is_some_and(|rest| {
            rest.starts_with('/')
                || (rest.starts_with('-') && rest.ends_with(".zip") && !rest.contains('/'))
        }) && !(*name == "tender-pack" && path.starts_with("tender-pack-nda"))
    })
}

/// The files of the other stage's packs that the record of the last pack
/// lists and that are still in the output folder unchanged: a pack of one
/// stage leaves the other stage's in place. Whatever cannot be read stays
/// out (and is then removed, or reported, as any file of an earlier pack).
fn carried_over(out: &Path, stage: Stage) -> Files {
    let other = match stage {
        Stage::Participation => Stage::Bids,
        Stage::Bids => Stage::Participation,
    };
    output::recorded_unchanged(out, output::PACK, |path| of_stage(path, other))
}

/// Builds the packs of `stage`: for `bids` the public tender pack and, when
/// the tender has NDA material, the NDA part; for `participation` the
/// participation pack (cover, instructions to candidates with the
/// suitability criteria, and the forms of the participation stage).
pub fn build(
    model: &Model,
    catalogs: &Catalogs,
    renderer: &Renderer,
    stage: Stage,
) -> Result<Vec<Pack>, Error> {
    let css = stylesheet(renderer)?;
    if stage == Stage::Participation {
        let has_forms = crate::derive::forms(model)
            .iter()
            .any(|f| f.stage == Stage::Participation);
        let mut files = Files::new();
        for d in [
            Some(documents::PARTICIPATION_COVER),
            Some(documents::PARTICIPATION_INSTRUCTIONS),
            Some(documents::PARTICIPATION_FORMS).filter(|_| has_forms),
        ]
        .into_iter()
        .flatten()
        {
            add(&mut files, model, catalogs, renderer, &d, &css)?;
        }
        return Ok(vec![finish(
            "participation-pack",
            DocumentName::Tender,
            model,
            files,
        )?]);
    }
    let doc = |stem: &str| documents::find(stem).copied();
    let has_forms = bid_forms(model)
        || crate::derive::forms(model)
            .iter()
            .any(|f| f.stage == Stage::Bids);
    let mut public = Files::new();
    for d in [
        Some(documents::PACK_COVER),
        doc("instructions"),
        doc("forms").filter(|_| has_forms),
        doc("tender"),
        doc("questionnaire"),
        doc("clarifications").filter(|_| !model.tender.clarifications.is_empty()),
    ]
    .into_iter()
    .flatten()
    {
        add(&mut public, model, catalogs, renderer, &d, &css)?;
    }
    public.insert(
        "questionnaire.csv".to_string(),
        questionnaire_csv(model, renderer.messages()),
    );
    public.insert(
        "questionnaire.xlsx".to_string(),
        crate::questionnaire::xlsx(
            model,
            renderer.messages(),
            crate::derive::marking(model, documents::Audience::Bidder),
        )
        .map_err(|e| Error::Xlsx(e.to_string()))?,
    );
    let mut packs = vec![finish("tender-pack", public_release(model), model, public)?];

    if has_nda(model) {
        let mut nda = Files::new();
        for d in [Some(documents::NDA_COVER), doc("tender-nda")]
            .into_iter()
            .flatten()
        {
            add(&mut nda, model, catalogs, renderer, &d, &css)?;
        }
        packs.push(finish(
            "tender-pack-nda",
            DocumentName::TenderNda,
            model,
            nda,
        )?);
    }
    Ok(packs)
}

/// Whether the tender has material released only under the
/// non-disclosure declaration.
pub fn has_nda(model: &Model) -> bool {
    model.tender.nda_items.iter().any(|n| !n.internal)
        || model.requirements.iter().any(|r| r.nda && !r.internal)
}

/// Whether the bid pack's forms document has a form besides the project's
/// declarations: the non-disclosure declaration.
fn bid_forms(model: &Model) -> bool {
    has_nda(model)
}

fn add(
    files: &mut Files,
    model: &Model,
    catalogs: &Catalogs,
    renderer: &Renderer,
    doc: &Document,
    css: &str,
) -> Result<(), Error> {
    let (md, html) = render_document(model, catalogs, renderer, doc, css)?;
    files.insert(format!("{}.md", doc.stem), md.into_bytes());
    files.insert(format!("{}.html", doc.stem), html.into_bytes());
    Ok(())
}

/// Adds `MANIFEST.sha256` and builds the zip, named and dated with the
/// version and date of `doc` (see [`public_release`], or the NDA part).
fn finish(
    name: &'static str,
    doc: DocumentName,
    model: &Model,
    mut files: Files,
) -> Result<Pack, Error> {
    let control = model.project.control(doc);
    let manifest: String = files
        .iter()
        .map(|(path, bytes)| format!("{}  {path}\n", sha256_hex(bytes)))
        .collect();
    files.insert("MANIFEST.sha256".to_string(), manifest.into_bytes());
    let zip_name = format!(
        "{name}-{}-{}.zip",
        file_safe(&model.project.id),
        file_safe(control.version)
    );
    let zip = zip(name, control.date, &files).map_err(|e| Error::Zip(e.to_string()))?;
    Ok(Pack {
        name,
        zip_name,
        files,
        zip,
    })
}

/// Most characters of a project id or version in the name of a zip: the
/// whole name stays far below the 255 bytes file systems allow.
const MAX_NAME_PART: usize = 64;

/// Keeps a project id or version usable in a file name on every system:
/// ASCII letters, digits and `.-_` only, at most [`MAX_NAME_PART`] of them.
fn file_safe(text: &str) -> String {
    text.chars()
        .take(MAX_NAME_PART)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// A zip that is the same bytes on every run and machine: entries in
/// sorted order under one folder, each with the date of the tender's
/// version as its timestamp and the permissions 0644.
fn zip(folder: &str, date: Date, files: &Files) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let year = u16::try_from(date.year()).unwrap_or(1980).clamp(1980, 2107);
    let time =
        zip::DateTime::from_date_and_time(year, date.month() as u8, date.day() as u8, 0, 0, 0)
            .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, bytes) in files {
        writer.start_file(format!("{folder}/{path}"), options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// The questionnaire as CSV (RFC 4180: CRLF, quotes doubled), UTF-8 with a
/// byte-order mark so that spreadsheet programs detect the encoding, in the
/// project's language: headers, kinds and priorities as the documents name
/// them, and the separator that spreadsheets set up for that language expect
/// (a comma in English, a semicolon in German, where the comma is the
/// decimal sign). Cells lose the characters that documents lose (control,
/// bidi and zero-width characters, see [`crate::text::forbidden`])
/// before a cell that a spreadsheet would read as a formula is prefixed
/// with `'`, so that no invisible character in front hides a formula.
pub fn questionnaire_csv(model: &Model, messages: &crate::i18n::Messages) -> Vec<u8> {
    use crate::model::project::Language;
    let lang = messages.lang();
    let mut out = "\u{feff}".as_bytes().to_vec();
    let mut w = csv::WriterBuilder::new()
        .delimiter(match lang {
            Language::En => b',',
            Language::De => b';',
        })
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let (header, rows) = crate::questionnaire::table(model, messages);
    let _ = w.write_record(&header);
    for row in rows {
        let empty = [String::new(), String::new(), String::new()];
        let _ = w.write_record(row.cells.iter().chain(&empty).map(|c| defuse(c)));
    }
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// Cells starting with `=`, `+`, `-`, `@`, tab or carriage return are
/// formulas to a spreadsheet; a leading `'` shows them as text.
pub fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-5"), "'-5");
        assert_eq!(defuse("plain"), "plain");
    }

    #[test]
    fn file_names_stay_portable() {
        assert_eq!(file_safe("SWW/CIS 2026"), "SWW-CIS-2026");
        assert_eq!(file_safe("1.0"), "1.0");
        assert_eq!(file_safe(&"1.0 <b>".repeat(100)).len(), MAX_NAME_PART);
    }
}
