//! OS-STAT: what an approved or released project must have.

use crate::check::rules;
use crate::diag::Diagnostic;
use crate::model::Model;
use crate::model::project::Status;

pub fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    let p = &m.project;
    if !matches!(p.status.value, Status::Approved | Status::Released) {
        return;
    }
    let status = if p.status.value == Status::Approved {
        "approved"
    } else {
        "released"
    };
    let at = |d: Diagnostic| d.at(p.status.loc);
    if m.evaluation.chosen.is_none() {
        out.push(at(Diagnostic::new(&rules::OS_STAT_001, format!("the project is {status}, but the evaluation names no chosen provider"))
            .help("set `evaluation.chosen` to the party id of the provider, or set `project.status` back to `draft` or `review`")));
    }
    if p.approvers.is_empty() {
        out.push(at(Diagnostic::new(&rules::OS_STAT_002, format!("the project is {status}, but no approver is named"))
            .help("list the contact ids of the people who approved the documents under `project.approvers`")));
    }
    if !p.revisions.iter().any(|r| r.version == p.version) {
        out.push(at(Diagnostic::new(
            &rules::OS_STAT_003,
            format!("the project is {status} as version {}, but the revision history has no entry for that version", p.version),
        )
        .help(format!("add a revision with `version: \"{}\"`, its date, author and changes under `project.revisions`", p.version))));
    }
}
