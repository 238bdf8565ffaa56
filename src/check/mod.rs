//! Check: rules over the merged model. Each rule has a stable id; errors stop
//! the build, warnings do not.

pub mod catalog;
pub mod clarifications;
pub mod contingency;
pub mod contract;
pub mod coverage;
pub mod evaluation;
pub mod ids;
pub mod migration;
pub mod rules;
pub mod status;
pub mod tender;

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, suggest};
use crate::model::{Id, Loc, Model};
use ids::{Def, Kind};

/// Runs every rule and returns the findings in input order.
pub fn check(model: &Model, catalogs: &crate::catalog::Catalogs) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ids = definitions_by_id(model, &mut out);
    references(model, &ids, &mut out);
    coverage::run(model, &mut out);
    evaluation::run(model, &mut out);
    clarifications::run(model, &mut out);
    tender::run(model, &mut out);
    migration::run(model, &mut out);
    contingency::run(model, &mut out);
    contract::run(model, &mut out);
    status::run(model, &mut out);
    catalog::run(model, catalogs, &mut out);
    ids.quieten_cascades(&mut out);
    out
}

/// What the id checks found: the valid definitions by id, and what is
/// known about the invalid ones, so that one bad id gives one error.
struct Ids<'m> {
    by_id: BTreeMap<&'m str, Def<'m>>,
    /// The valid definitions by id folded to lower case.
    folded: BTreeMap<String, Def<'m>>,
    /// The valid ids of each kind, for suggestions.
    by_kind: BTreeMap<Kind, Vec<&'m str>>,
    /// Invalid ids as written, and the valid ids they would become: a
    /// reference to either is about the item already reported, not a
    /// mistake of its own.
    quiet: BTreeSet<String>,
    /// Where each invalid id of an item is written, and the id.
    invalid: Vec<(Loc, &'m str)>,
}

impl Ids<'_> {
    /// Leaves out the findings of the other rules about an item whose id
    /// is invalid (located at that id, or naming it): they follow from the
    /// one error about the id and come back, if still true, once it is fixed.
    fn quieten_cascades(&self, out: &mut Vec<Diagnostic>) {
        if self.invalid.is_empty() {
            return;
        }
        let locs: BTreeSet<Loc> = self.invalid.iter().map(|(loc, _)| *loc).collect();
        let named: BTreeSet<&str> = self.invalid.iter().map(|(_, id)| *id).collect();
        // What a message quotes in backticks.
        let quoted = |m: &str| m.split('`').skip(1).step_by(2).any(|q| named.contains(q));
        out.retain(|d| {
            [&rules::OS_ID_001, &rules::OS_ID_002].contains(&d.rule)
                || !(d.loc.is_some_and(|l| locs.contains(&l)) || quoted(&d.message))
        });
    }
}

/// OS-ID-001: ids are unique across the whole project, ignoring case.
/// OS-ID-002: every id keeps to the id syntax ([`ids::ID_SYNTAX`]).
fn definitions_by_id<'m>(model: &'m Model, out: &mut Vec<Diagnostic>) -> Ids<'m> {
    let defs = ids::definitions(model);
    let taken: BTreeSet<String> = defs
        .iter()
        .filter(|d| ids::is_valid(d.id))
        .map(|d| ids::fold(d.id))
        .collect();
    let mut found = Ids {
        by_id: BTreeMap::new(),
        folded: BTreeMap::new(),
        by_kind: BTreeMap::new(),
        quiet: BTreeSet::new(),
        invalid: Vec::new(),
    };
    let project = &model.project.id;
    if let Some(why) = ids::problem(project) {
        out.push(invalid_id(
            format!(
                "the project id `{}` is not valid: {why}",
                ids::shown(project)
            ),
            project,
            &BTreeSet::new(),
            "; the project id also names the tender pack's files",
        ));
    }
    let mut folded: BTreeMap<String, Def<'_>> = BTreeMap::new();
    for def in defs {
        if let Some(why) = ids::problem(def.id) {
            out.push(invalid_id(
                format!(
                    "the {} id `{}` is not valid: {why}",
                    def.kind.name(),
                    ids::shown(def.id)
                ),
                def.id,
                &taken,
                ", and the same in every reference to it",
            ));
            found.quiet.insert(def.id.value.clone());
            if let Some(clean) = ids::cleaned(def.id) {
                found.quiet.insert(clean);
            }
            found.invalid.push((def.id.loc, def.id.as_str()));
            continue;
        }
        match folded.entry(ids::fold(def.id)) {
            Entry::Occupied(first) => {
                let first = first.get();
                let d = if first.id.value == def.id.value {
                    Diagnostic::new(
                        &rules::OS_ID_001,
                        format!("the id `{}` is used twice: for a {} and for a {}", def.id.value, first.kind.name(), def.kind.name()),
                    )
                    .at(def.id.loc)
                    .related(first.id.loc, "first used here")
                    .help("ids must be unique across all input files, because every document refers to items by id; rename one of the two")
                } else {
                    Diagnostic::new(
                        &rules::OS_ID_001,
                        format!(
                            "the id `{}` differs from `{}` only in upper and lower case, so it is used twice: for a {} and for a {}",
                            def.id.value,
                            first.id.value,
                            first.kind.name(),
                            def.kind.name()
                        ),
                    )
                    .at(def.id.loc)
                    .related(first.id.loc, format!("`{}` first used here", first.id.value))
                    .help(format!(
                        "rename one of the two: ids that differ only in case count as the same id, because readers, links and file systems do not reliably tell `{}` from `{}`",
                        first.id.value, def.id.value
                    ))
                };
                out.push(d);
            }
            Entry::Vacant(slot) => {
                found.by_id.insert(def.id.as_str(), def);
                found
                    .by_kind
                    .entry(def.kind)
                    .or_default()
                    .push(def.id.as_str());
                slot.insert(def);
            }
        }
    }
    found.folded = folded;
    found
}

/// How many candidate ids the "did you mean" suggestions of one check may
/// compare in all. Each unknown reference is compared with every id of the
/// kinds it may name, so thousands of unknown references into a project of
/// many thousand items would otherwise take hours; past the budget, the
/// remaining unknown references are reported without a suggestion.
const SUGGESTION_BUDGET: usize = 5_000_000;

/// OS-ID-002 at `id`, with a cleaned-up id to use instead when there is
/// one that no other item has.
fn invalid_id(message: String, id: &Id, taken: &BTreeSet<String>, tail: &str) -> Diagnostic {
    let d = Diagnostic::new(&rules::OS_ID_002, message).at(id.loc);
    match ids::cleaned(id).filter(|c| !taken.contains(&ids::fold(c))) {
        Some(clean) => d.help(format!("write `{clean}` instead{tail}; {}", ids::ID_SYNTAX)),
        None => d.help(format!("give it a valid id; {}", ids::ID_SYNTAX)),
    }
}

/// OS-REF-001: every reference names an existing item of the right kind.
/// OS-REF-002: an item shown outside the organisation never refers to an internal one.
/// OS-ID-002: a reference that is not a valid id.
fn references(model: &Model, ids: &Ids<'_>, out: &mut Vec<Diagnostic>) {
    let defs = &ids.by_id;
    let mut budget = SUGGESTION_BUDGET;
    for r in ids::references(model) {
        let wanted = kinds_text(r.expects);
        match defs.get(r.id.as_str()) {
            None if ids.quiet.contains(r.id.as_str()) => {}
            None => {
                // The id of the right kind that differs only in case.
                let same = |id: &str| {
                    ids.folded
                        .get(&ids::fold(id))
                        .filter(|d| r.expects.contains(&d.kind))
                        .map(|d| d.id.as_str())
                };
                // The closest id of the right kind, while the budget lasts.
                let mut near = |id: &str| {
                    let lists: Vec<&Vec<&str>> =
                        r.expects.iter().filter_map(|k| ids.by_kind.get(k)).collect();
                    budget = budget.checked_sub(lists.iter().map(|l| l.len()).sum())?;
                    let mut candidates: Vec<&str> = lists.into_iter().flatten().copied().collect();
                    candidates.sort_unstable();
                    suggest(id, candidates)
                };
                if let Some(why) = ids::problem(r.id) {
                    let clean = ids::cleaned(r.id);
                    let near = clean
                        .as_deref()
                        .and_then(same)
                        .or_else(|| near(clean.as_deref().unwrap_or(r.id)));
                    let d = Diagnostic::new(
                        &rules::OS_ID_002,
                        format!(
                            "`{}` in `{}` is not a valid id, so it names no {wanted}: {why}",
                            ids::shown(r.id),
                            r.field
                        ),
                    )
                    .at(r.id.loc);
                    out.push(match near {
                        Some(best) => d.help(format!("did you mean `{best}`?")),
                        None => d.help(format!(
                            "give the id of a {wanted} here; {}",
                            ids::ID_SYNTAX
                        )),
                    });
                    continue;
                }
                let mut d = Diagnostic::new(
                    &rules::OS_REF_001,
                    format!("`{}` in `{}` names no {wanted}", r.id.value, r.field),
                )
                .at(r.id.loc);
                d = match same(r.id) {
                    Some(same) => d.help(format!(
                        "did you mean `{same}`? A reference must spell the id with the same upper and lower case"
                    )),
                    None => match near(r.id) {
                        Some(best) => d.help(format!("did you mean `{best}`?")),
                        None => d.help(format!(
                            "define a {wanted} with this id, or correct the reference"
                        )),
                    },
                };
                out.push(d);
            }
            Some(def) if !r.expects.contains(&def.kind) => out.push(
                Diagnostic::new(
                    &rules::OS_REF_001,
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
                Diagnostic::new(
                    &rules::OS_REF_002,
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
