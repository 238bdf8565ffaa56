//! OS-STAT: what an approved or released project must have, and document
//! control that agrees with the revision history, document by document.

use crate::check::rules;
use crate::diag::Diagnostic;
use crate::model::Model;
use crate::model::project::{DocumentName, Status};

fn word(status: Status) -> &'static str {
    match status {
        Status::Draft => "a draft",
        Status::Review => "in review",
        Status::Approved => "approved",
        Status::Released => "released",
    }
}

fn signed(status: Status) -> bool {
    matches!(status, Status::Approved | Status::Released)
}

pub fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    project(m, out);
    documents(m, out);
    for r in &m.project.revisions {
        if let Some(named) = &r.documents
            && named.is_empty()
        {
            out.push(
                Diagnostic::new(
                    &rules::OS_STAT_005,
                    format!(
                        "the revision {} of {} names no document, so no document shows it",
                        r.version, r.date
                    ),
                )
                .at(r.author.loc)
                .help("leave out `documents` for a revision that concerns every document, or name the documents it concerns, for example `documents: [tender]`"),
            );
        }
    }
}

fn project(m: &Model, out: &mut Vec<Diagnostic>) {
    let p = &m.project;
    if !signed(p.status.value) {
        return;
    }
    let status = word(p.status.value);
    let at = |d: Diagnostic| d.at(p.status.loc);
    if m.evaluation.chosen.is_none() {
        out.push(at(Diagnostic::new(&rules::OS_STAT_001, format!("the project is {status}, but the evaluation names no chosen provider"))
            .help("set `evaluation.chosen` to the party id of the provider, or set `project.status` back to `draft` or `review`")));
    }
    if p.approvers.is_empty() {
        out.push(at(Diagnostic::new(&rules::OS_STAT_002, format!("the project is {status}, but no approver is named"))
            .help("list the contact ids of the people who approved the documents under `project.approvers`")));
    }
    // The documents that show the project's version: those without one of
    // their own. When every document has its own, the project's is shown
    // nowhere.
    let shown: Vec<DocumentName> = DocumentName::ALL
        .into_iter()
        .filter(|&d| p.control(d).entry.is_none())
        .collect();
    if shown.is_empty() {
        return;
    }
    if !p
        .revisions
        .iter()
        .any(|r| r.version == p.version && shown.iter().any(|&d| p.concerns(r, d)))
    {
        out.push(at(Diagnostic::new(
            &rules::OS_STAT_003,
            format!("the project is {status} as version {}, but the revision history has no entry for that version", p.version),
        )
        .help(format!("add a revision with `version: \"{}\"`, its date, author and changes under `project.revisions`", p.version))));
    }
}

/// Each document with a version of its own: a revision for that version and
/// date that concerns it, and no revision naming it after its date.
fn documents(m: &Model, out: &mut Vec<Diagnostic>) {
    let p = &m.project;
    for doc in DocumentName::ALL {
        let Some(entry) = p.documents.get(doc) else {
            continue;
        };
        let stem = doc.stem();
        let status = entry.status.as_ref().map_or(p.status.value, |s| s.value);
        let loc = entry.version.loc;
        let version = &entry.version.value;
        let concerning: Vec<_> = p.revisions.iter().filter(|r| p.concerns(r, doc)).collect();
        let same: Vec<_> = concerning
            .iter()
            .filter(|r| &r.version == version)
            .collect();
        if same.is_empty() {
            let d = if signed(status) {
                Diagnostic::new(
                    &rules::OS_STAT_003,
                    format!(
                        "the {stem} is {} as version {version}, but no revision that concerns it has that version",
                        word(status)
                    ),
                )
            } else {
                Diagnostic::new(
                    &rules::OS_STAT_004,
                    format!(
                        "the {stem} is version {version} of {}, but no revision that concerns it has that version",
                        entry.date
                    ),
                )
            };
            out.push(d.at(loc).help(format!(
                "add a revision with `version: \"{version}\"`, `date: {}` and `documents: [{stem}]` under `project.revisions`, or correct `project.documents.{stem}.version`",
                entry.date
            )));
        } else if !same.iter().any(|r| r.date == entry.date) {
            out.push(
                Diagnostic::new(
                    &rules::OS_STAT_004,
                    format!(
                        "the {stem} is version {version} of {}, but its revision for that version is dated {}",
                        entry.date, same[0].date
                    ),
                )
                .at(loc)
                .help(format!(
                    "give `project.documents.{stem}.date` and the revision the same date: the day this version was released"
                )),
            );
        }
        for r in concerning {
            let naming = r.documents.iter().flatten().find(|d| d.value == doc);
            if let Some(naming) = naming
                && r.date > entry.date
            {
                out.push(
                    Diagnostic::new(
                        &rules::OS_STAT_004,
                        format!(
                            "the revision {} of {} names the {stem}, but the {stem} is still version {version} of {}",
                            r.version, r.date, entry.date
                        ),
                    )
                    .at(naming.loc)
                    .help(format!(
                        "when the {stem} changed, give it the new version and date under `project.documents.{stem}`; otherwise take `{stem}` out of the revision's `documents`"
                    )),
                );
            }
        }
    }
}
