//! OS-MIG: the migration phases form a timeline; temporary exceptions are
//! approved and end with the migration at the latest.

use crate::check::rules;
use crate::diag::Diagnostic;
use crate::model::Model;

pub fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    let phases = &m.migration.phases;
    for p in phases {
        if p.start.value > p.end.value {
            out.push(
                Diagnostic::new(
                    &rules::OS_MIG_001,
                    format!(
                        "the phase `{}` ends ({}) before it starts ({})",
                        p.id.value, p.end.value, p.start.value
                    ),
                )
                .at(p.end.loc)
                .related(p.start.loc, "start")
                .help("swap the dates, or correct the one that is wrong"),
            );
        }
    }
    // Each phase starts after every earlier phase has ended, unless it is
    // declared parallel; phases are listed in the order they start.
    let mut latest: Option<&crate::model::migration::Phase> = None;
    for pair in phases.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        if next.start.value < prev.start.value {
            out.push(
                Diagnostic::new(
                    &rules::OS_MIG_002,
                    format!(
                        "the phase `{}` starts ({}) before the phase listed before it, `{}` ({})",
                        next.id.value, next.start.value, prev.id.value, prev.start.value
                    ),
                )
                .at(next.start.loc)
                .related(prev.start.loc, "the earlier-listed phase starts here")
                .help("list the phases in the order they happen"),
            );
        }
    }
    for p in phases {
        if let Some(l) = latest
            && p.start.value <= l.end.value
            && !p.parallel
            && p.start.value >= l.start.value
        {
            let when = if p.start.value == l.end.value {
                "on the day"
            } else {
                "before"
            };
            out.push(
                Diagnostic::new(
                    &rules::OS_MIG_003,
                    format!("the phase `{}` starts ({}) {when} the phase `{}` ends ({})", p.id.value, p.start.value, l.id.value, l.end.value),
                )
                .at(p.start.loc)
                .related(l.end.loc, "the earlier phase ends here")
                .help("start the phase after the earlier one ends, or declare the overlap with `parallel: true`"),
            );
        }
        if latest.is_none_or(|l| p.end.value > l.end.value) {
            latest = Some(p);
        }
    }
    let end = phases.iter().map(|p| p.end.value).max();
    for e in &m.migration.exceptions {
        if e.approver.is_none() {
            out.push(
                Diagnostic::new(&rules::OS_MIG_004, format!("the temporary exception `{}` has no approver", e.id.value))
                    .at(e.id.loc)
                    .help("add `approver:` with the contact id of the person who accepted the exception (M 2.255)"),
            );
        }
        if let Some(end) = end
            && e.expires.value > end
        {
            out.push(
                Diagnostic::new(
                    &rules::OS_MIG_005,
                    format!("the temporary exception `{}` expires on {}, after the migration ends on {end}", e.id.value, e.expires.value),
                )
                .at(e.expires.loc)
                .help("temporary exceptions are revoked when the migration ends: set `expires:` to the end of the migration or earlier"),
            );
        }
    }
}
