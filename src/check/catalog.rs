//! OS-CAT: catalogue references resolve, applicable catalogue items are
//! addressed, and the contract settles every required clause topic.

use crate::catalog::Catalogs;
use crate::catalog::coverage::{citations, coverage, required_topics};
use crate::check::rules;
use crate::diag::{Diagnostic, suggest};
use crate::model::{Id, Model};

pub fn run(m: &Model, catalogs: &Catalogs, out: &mut Vec<Diagnostic>) {
    references(m, catalogs, out);
    let at_project = |d: Diagnostic| match m.sections.get("project") {
        Some(loc) => d.at(*loc),
        None => d,
    };
    // One warning per catalogue and one for the clause topics, each listing
    // what is missing: `outsec coverage` shows the details.
    for c in coverage(m, catalogs, &[]) {
        let gaps: Vec<&str> = c
            .items
            .iter()
            .filter(|i| !i.covered)
            .map(|i| i.id.as_str())
            .collect();
        if gaps.is_empty() {
            continue;
        }
        out.push(at_project(
            Diagnostic::new(
                &rules::OS_CAT_002,
                format!("{} of {} applicable {} items are not addressed by any input: {}", gaps.len(), c.applicable, c.id, gaps.join(", ")),
            )
            .help("cite each item with `refs: [...]` on the requirement, clause, measure, scenario or check that meets it, or record under `project.addressed_elsewhere` where it is addressed; `outsec coverage` shows every item and what addresses it"),
        ));
    }
    let at_contract = |d: Diagnostic| match m.sections.get("contract") {
        Some(loc) => d.at(*loc),
        None => d,
    };
    let missing: Vec<String> = required_topics(m)
        .into_iter()
        .filter(|t| !m.contract.clauses.iter().any(|c| c.topic == *t))
        .filter_map(|t| {
            serde_json::to_value(t)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
        })
        .collect();
    if !missing.is_empty() {
        out.push(at_contract(
            Diagnostic::new(&rules::OS_CAT_003, format!("the contract has no clause on {} of the topics it must settle: {}", missing.len(), missing.join(", ")))
                .help("add a clause with each missing `topic:` under `contract.clauses` (M 2.253, OPS.2.3.A4, A7, A14)"),
        ));
    }
}

/// OS-CAT-001: every `refs:` entry, and every item listed under
/// `project.addressed_elsewhere`, names a known catalogue item.
fn references(m: &Model, catalogs: &Catalogs, out: &mut Vec<Diagnostic>) {
    let mut all: Vec<(String, &Id)> = citations(m)
        .into_iter()
        .flat_map(|(kind, owner, refs)| {
            refs.iter()
                .map(move |r| (format!("the refs of {kind} `{}`", owner.value), r))
        })
        .collect();
    all.extend(
        m.project
            .addressed_elsewhere
            .iter()
            .map(|e| ("`project.addressed_elsewhere`".to_string(), &e.item)),
    );
    for (place, r) in all {
        if catalogs.find(r).is_some() {
            continue;
        }
        let mut d = Diagnostic::new(
            &rules::OS_CAT_001,
            format!("`{}` in {place} is no known catalogue item", r.value),
        )
        .at(r.loc);
        if let Some((prefix, _)) = r.split_once(':')
            && !catalogs.prefixes().any(|p| p.eq_ignore_ascii_case(prefix))
        {
            d = d.help(format!(
                    "no catalogue with the prefix `{prefix}` is loaded: add `{prefix}=path/to/catalog.json` to `project.catalogs` (paths relative to the input folder), or give it with `--catalog`"
                ));
        } else if let Some(best) = suggest(
            &r.value,
            catalogs
                .ids()
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
        )
        .map(str::to_string)
        {
            d = d.help(format!("did you mean `{best}`?"));
        } else {
            d = d.help("built-in catalogues: B 1.11 measures (`M2.250`…`M6.83`), OPS.2.3 (`OPS.2.3.A1`…`A25`), DORA Art. 30 (`DORA.30.2.a`…`DORA.30.3.f`), ISO/IEC 27001 (`ISO27001.A.5.19`…`A.5.23`)");
        }
        out.push(d);
    }
}
