//! OS-CTR and OS-PROT: what the contract must settle, and what a high
//! protection need demands of contract and contingency plan.

use crate::check::rules;
use crate::diag::Diagnostic;
use crate::model::Model;
use crate::model::contract::Topic;
use crate::model::types::Protection;

pub fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    let at = |d: Diagnostic| match m.sections.get("contract") {
        Some(loc) => d.at(*loc),
        None => d,
    };
    if m.contract.incident_notification.is_none() {
        out.push(at(Diagnostic::new(&rules::OS_CTR_001, "the contract sets no deadline for reporting security incidents")
            .help("add `incident_notification:` with `deadline:` (for example `4h`) under `contract` (OPS.2.3.A14, DORA Art. 30)")));
    }
    if m.contract.data_locations.is_empty() {
        out.push(at(Diagnostic::new(&rules::OS_CTR_002, "the contract names no data locations")
            .help("list under `contract.data_locations` where the client's data is stored and processed (country and site)")));
    }
    protection(m, out);
}

/// OS-PROT-001/002: processes with a high or very high protection need.
fn protection(m: &Model, out: &mut Vec<Diagnostic>) {
    const TOPICS: [(Topic, &str); 3] = [
        (Topic::AuditRights, "audit-rights"),
        (Topic::Subcontracting, "subcontracting"),
        (Topic::ExitAndDataReturn, "exit-and-data-return"),
    ];
    let high: Vec<_> = m
        .strategy
        .scope
        .processes
        .iter()
        .filter(|p| p.protection.max() >= Protection::High)
        .collect();
    let Some(first) = high.first() else { return };
    for (topic, name) in TOPICS {
        if !m.contract.clauses.iter().any(|c| c.topic == topic) {
            out.push(
                Diagnostic::new(
                    &rules::OS_PROT_001,
                    format!("the process `{}` has a {} protection need, but the contract has no `{name}` clause", first.id.value, level(first.protection.max())),
                )
                .at(first.id.loc)
                .help(format!("add a clause with `topic: {name}` to `contract.clauses` (OPS.2.3.A4, A7)")),
            );
        }
    }
    let mut reported = std::collections::BTreeSet::new();
    for p in high {
        for sys in &p.systems {
            if !reported.insert(sys.as_str()) {
                continue;
            }
            let covered = m
                .contingency
                .scenarios
                .iter()
                .any(|s| s.systems.iter().any(|x| x.value == sys.value));
            if !covered {
                out.push(
                    Diagnostic::new(
                        &rules::OS_PROT_002,
                        format!(
                            "the system `{}` serves the process `{}` ({} protection need), but no contingency scenario covers it",
                            sys.value,
                            p.id.value,
                            level(p.protection.max())
                        ),
                    )
                    .at(sys.loc)
                    .help(format!("add `{}` to the `systems:` of the contingency scenario that handles its failure (M 6.83)", sys.value)),
                );
            }
        }
    }
}

fn level(p: Protection) -> &'static str {
    match p {
        Protection::Normal => "normal",
        Protection::High => "high",
        Protection::VeryHigh => "very high",
    }
}
