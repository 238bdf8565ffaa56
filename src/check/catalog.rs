//! OS-CAT: catalogue references resolve, applicable catalogue items are
//! addressed, and the contract settles every required clause topic.

use crate::catalog::Catalogs;
use crate::catalog::coverage::{citations, coverage, required_topics};
use crate::diag::{Diagnostic, suggest};
use crate::model::{Id, Model};

pub fn run(m: &Model, catalogs: &Catalogs, out: &mut Vec<Diagnostic>) {
    references(m, catalogs, out);
    let at_project = |d: Diagnostic| match m.sections.get("project") {
        Some(loc) => d.at(*loc),
        None => d,
    };
    for c in coverage(m, catalogs, &[]) {
        for item in c.items.iter().filter(|i| !i.covered) {
            out.push(at_project(
                Diagnostic::warning("OS-CAT-002", format!("{} `{}` ({}) applies to this project, but no input addresses it", c.id, item.id, item.title))
                    .help(format!("cite it with `refs: [{}]` on the requirement, clause, measure, scenario or check that meets it, or record under `project.addressed_elsewhere` where it is addressed; `outsec coverage` shows every item and what addresses it", item.id)),
            ));
        }
    }
    let at_contract = |d: Diagnostic| match m.sections.get("contract") {
        Some(loc) => d.at(*loc),
        None => d,
    };
    for topic in required_topics(m) {
        if !m.contract.clauses.iter().any(|c| c.topic == topic) {
            let name = serde_json::to_value(topic)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            out.push(at_contract(
                Diagnostic::warning("OS-CAT-003", format!("the contract has no clause on `{name}` ({})", crate::render::label(&name)))
                    .help(format!("add a clause with `topic: {name}` under `contract.clauses` (M 2.253, OPS.2.3.A4/A7/A14)")),
            ));
        }
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
        let mut d = Diagnostic::error(
            "OS-CAT-001",
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
