//! OS-COV: every `must` requirement is settled by a contract clause and
//! implemented by a measure; every `should` one ought to be.

use std::collections::BTreeSet;

use crate::check::rules;
use crate::diag::Diagnostic;
use crate::model::Model;
use crate::model::requirements::Priority;

pub fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    let covered: BTreeSet<&str> = m
        .contract
        .clauses
        .iter()
        .flat_map(|c| c.covers.iter().map(|r| r.as_str()))
        .collect();
    let implemented: BTreeSet<&str> = m
        .security_concept
        .measures
        .iter()
        .flat_map(|x| x.implements.iter().map(|r| r.as_str()))
        .collect();
    // Internal requirements are the client's own duties: no clause or
    // provider measure can refer to them (OS-REF-002), so they are not checked here.
    for r in m.requirements.iter().filter(|r| !r.internal) {
        let (clause_rule, measure_rule) = match r.priority {
            Priority::Must => (&rules::OS_COV_001, &rules::OS_COV_002),
            Priority::Should => (&rules::OS_COV_003, &rules::OS_COV_004),
            Priority::May => continue,
        };
        let level = if r.priority == Priority::Must {
            "MUST"
        } else {
            "SHOULD"
        };
        if !covered.contains(r.id.as_str()) {
            out.push(
                Diagnostic::new(clause_rule, format!("the {level} requirement `{}` is not covered by any contract clause", r.id.value))
                    .at(r.id.loc)
                    .help(format!("add `{}` to the `covers:` list of the contract clause that makes it binding (M 2.253)", r.id.value)),
            );
        }
        if !implemented.contains(r.id.as_str()) {
            out.push(
                Diagnostic::new(measure_rule, format!("the {level} requirement `{}` is not implemented by any security-concept measure", r.id.value))
                    .at(r.id.loc)
                    .help(format!("add `{}` to the `implements:` list of the measure that puts it into practice (M 2.254)", r.id.value)),
            );
        }
    }
}
