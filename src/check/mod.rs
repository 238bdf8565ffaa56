//! Check: rules over the merged model. Each rule has a stable id; errors stop
//! the build, warnings do not.

pub mod catalog;
pub mod contingency;
pub mod contract;
pub mod coverage;
pub mod evaluation;
pub mod ids;
pub mod migration;
pub mod rules;
pub mod status;

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, suggest};
use crate::model::Model;
use ids::{Def, Kind};

/// Runs every rule and returns the findings in input order.
pub fn check(model: &Model, catalogs: &crate::catalog::Catalogs) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let defs = definitions_by_id(model, &mut out);
    references(model, &defs, &mut out);
    coverage::run(model, &mut out);
    evaluation::run(model, &mut out);
    migration::run(model, &mut out);
    contingency::run(model, &mut out);
    contract::run(model, &mut out);
    status::run(model, &mut out);
    catalog::run(model, catalogs, &mut out);
    out
}

/// OS-ID-001: ids are unique across the whole project.
fn definitions_by_id<'m>(
    model: &'m Model,
    out: &mut Vec<Diagnostic>,
) -> BTreeMap<&'m str, Def<'m>> {
    let mut by_id: BTreeMap<&str, Def<'_>> = BTreeMap::new();
    for def in ids::definitions(model) {
        if let Some(first) = by_id.get(def.id.as_str()) {
            out.push(
                Diagnostic::error(
                    "OS-ID-001",
                    format!("the id `{}` is used twice: for a {} and for a {}", def.id.value, first.kind.name(), def.kind.name()),
                )
                .at(def.id.loc)
                .related(first.id.loc, "first used here")
                .help("ids must be unique across all input files, because every document refers to items by id; rename one of the two"),
            );
            continue;
        }
        by_id.insert(def.id.as_str(), def);
    }
    by_id
}

/// OS-REF-001: every reference names an existing item of the right kind.
/// OS-REF-002: an item shown outside the organisation never refers to an internal one.
fn references(model: &Model, defs: &BTreeMap<&str, Def<'_>>, out: &mut Vec<Diagnostic>) {
    for r in ids::references(model) {
        let wanted = kinds_text(r.expects);
        match defs.get(r.id.as_str()) {
            None => {
                let candidates = defs
                    .values()
                    .filter(|d| r.expects.contains(&d.kind))
                    .map(|d| d.id.as_str());
                let mut d = Diagnostic::error(
                    "OS-REF-001",
                    format!("`{}` in `{}` names no {wanted}", r.id.value, r.field),
                )
                .at(r.id.loc);
                d = match suggest(r.id.as_str(), candidates) {
                    Some(best) => d.help(format!("did you mean `{best}`?")),
                    None => d.help(format!("define a {wanted} with this id, or correct the reference")),
                };
                out.push(d);
            }
            Some(def) if !r.expects.contains(&def.kind) => out.push(
                Diagnostic::error(
                    "OS-REF-001",
                    format!(
                        "`{}` in `{}` must name a {wanted}, but it names a {}",
                        r.id.value,
                        r.field,
                        def.kind.name()
                    ),
                )
                .at(r.id.loc)
                .related(def.id.loc, "defined here")
                .help(format!("give the id of a {wanted} here")),
            ),
            Some(def) if def.internal && !r.from_internal => out.push(
                Diagnostic::error(
                    "OS-REF-002",
                    format!(
                        "`{}` in `{}` refers to the internal {} `{}`, but the referring item is shown to bidders or the provider",
                        r.id.value,
                        r.field,
                        def.kind.name(),
                        def.id.value
                    ),
                )
                .at(r.id.loc)
                .related(def.id.loc, "marked internal here")
                .help("mark the referring item `internal: true` as well, or remove `internal: true` from the item it refers to"),
            ),
            Some(_) => {}
        }
    }
}

fn kinds_text(kinds: &[Kind]) -> String {
    kinds
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(" or ")
}
