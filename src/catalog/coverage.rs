//! Coverage: which applicable catalogue items the inputs address, where, and
//! which they miss.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Catalog, Catalogs, Item, Level, applies, display_id, elevated};
use crate::model::contract::Topic;
use crate::model::{Id, Model};

/// An input item that cites a catalogue item in its `refs`.
#[derive(Clone, Debug, Serialize)]
pub struct Citation {
    /// What kind of input item: `requirement`, `clause`, `measure`, …
    pub kind: &'static str,
    pub id: String,
}

#[derive(Debug, Serialize)]
pub struct ItemCoverage {
    pub id: String,
    pub title: String,
    pub title_de: String,
    pub level: Option<Level>,
    pub covered: bool,
    /// Inputs that cite the item.
    pub cited_by: Vec<Citation>,
    /// Contract clauses whose topic addresses the item.
    pub clauses: Vec<String>,
    /// Input sections that address the item.
    pub sections: Vec<String>,
    /// Where the project says the item is addressed outside the inputs.
    pub elsewhere: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CatalogCoverage {
    pub id: String,
    pub title: String,
    pub title_de: String,
    pub source: String,
    pub applicable: usize,
    pub covered: usize,
    /// The applicable items only.
    pub items: Vec<ItemCoverage>,
}

/// Every input item with catalogue references, with the references.
pub fn citations(m: &Model) -> Vec<(&'static str, &Id, &[Id])> {
    let mut out: Vec<(&'static str, &Id, &[Id])> = Vec::new();
    out.extend(
        m.requirements
            .iter()
            .map(|x| ("requirement", &x.id, x.refs.as_slice())),
    );
    out.extend(
        m.tender
            .suitability_criteria
            .iter()
            .map(|x| ("suitability criterion", &x.id, x.refs.as_slice())),
    );
    out.extend(
        m.contract
            .clauses
            .iter()
            .map(|x| ("clause", &x.id, x.refs.as_slice())),
    );
    out.extend(
        m.security_concept
            .measures
            .iter()
            .map(|x| ("measure", &x.id, x.refs.as_slice())),
    );
    out.extend(
        m.operations
            .checks
            .iter()
            .map(|x| ("operations check", &x.id, x.refs.as_slice())),
    );
    out.extend(
        m.contingency
            .scenarios
            .iter()
            .map(|x| ("scenario", &x.id, x.refs.as_slice())),
    );
    out
}

/// Whether a named part of the inputs is filled in.
pub fn section_present(m: &Model, name: &str) -> bool {
    let s = &m.strategy;
    let t = &m.tender;
    let c = &m.contract;
    let k = &m.security_concept;
    let g = &m.migration;
    let o = &m.operations;
    let n = &m.contingency;
    match name {
        "strategy" => !s.objectives.is_empty() || !s.reasons.is_empty(),
        "strategy.scope" => !s.scope.processes.is_empty() || !s.scope.systems.is_empty(),
        "strategy.legal_constraints" => !s.legal_constraints.is_empty(),
        "strategy.risks" => !s.risks.is_empty(),
        "strategy.retained_capabilities" => !s.retained_capabilities.is_empty(),
        "strategy.exit_strategy" => s.exit_strategy.is_some(),
        "strategy.security_analysis" => s.security_analysis.is_some(),
        "requirements" => !m.requirements.is_empty(),
        "tender.suitability_criteria" => !t.suitability_criteria.is_empty(),
        "tender.award_criteria" => !t.award_criteria.is_empty(),
        "tender.questions" => !t.questions.is_empty(),
        "tender.nda_items" => !t.nda_items.is_empty(),
        "evaluation" => !m.evaluation.bids.is_empty(),
        "contract.clauses" => !c.clauses.is_empty(),
        "contract.services" => !c.services.is_empty(),
        "contract.service_levels" => !c.service_levels.is_empty(),
        "contract.incident_priorities" => !c.incident_priorities.is_empty(),
        "contract.incident_notification" => c.incident_notification.is_some(),
        "contract.data_locations" => !c.data_locations.is_empty(),
        "contract.term" => c.term.is_some(),
        "contract.contacts" => !c.contacts.is_empty(),
        "security_concept.domains" => {
            k.domains.client.is_some()
                || k.domains.provider.is_some()
                || k.domains.interfaces.is_some()
        }
        "security_concept.components" => !k.components.is_empty(),
        "security_concept.measures" => !k.measures.is_empty(),
        "security_concept.residual_risks" => !k.residual_risks.is_empty(),
        "migration.team" => !g.team.is_empty(),
        "migration.phases" => !g.phases.is_empty(),
        "migration.test_data" => g.test_data.is_some(),
        "migration.fallback" => g.fallback.is_some(),
        "migration.exceptions" => !g.exceptions.is_empty(),
        "operations.manager" => o.manager.is_some(),
        "operations.checks" => !o.checks.is_empty(),
        "operations.meetings" => !o.meetings.is_empty(),
        "operations.reports" => !o.reports.is_empty(),
        "operations.audits" => !o.audits.is_empty(),
        "operations.change_notifications" => !o.change_notifications.is_empty(),
        "operations.agreement_review" => o.agreement_review.is_some(),
        "contingency.roles" => !n.roles.is_empty(),
        "contingency.escalation" => !n.escalation.is_empty(),
        "contingency.fault_localisation" => !n.fault_localisation.is_empty(),
        "contingency.scenarios" => !n.scenarios.is_empty(),
        "contingency.backups" => !n.backups.is_empty(),
        "contingency.exercises" => !n.exercises.is_empty(),
        _ => false,
    }
}

/// The coverage of every catalogue in use; `only` limits it to catalogues
/// whose id is listed (all when empty).
pub fn coverage(m: &Model, catalogs: &Catalogs, only: &[String]) -> Vec<CatalogCoverage> {
    let cites = citations(m);
    // Every reference resolved once, not once per catalogue item: the
    // citations of each item, in input order.
    let mut cited: BTreeMap<(&str, &str), Vec<Citation>> = BTreeMap::new();
    for (kind, id, refs) in &cites {
        let mut items: Vec<(&str, &str)> = refs
            .iter()
            .filter_map(|r| catalogs.find(r))
            .map(|(c, i)| (c.id.as_str(), i.id.as_str()))
            .collect();
        // An input that cites an item twice is listed once.
        items.sort_unstable();
        items.dedup();
        for key in items {
            cited.entry(key).or_default().push(Citation {
                kind,
                id: id.value.clone(),
            });
        }
    }
    catalogs
        .list
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|o| o.eq_ignore_ascii_case(&c.id)))
        .map(|catalog| {
            let items: Vec<ItemCoverage> = catalog
                .items
                .iter()
                .filter(|item| applies(catalog, item, m))
                .map(|item| {
                    let cited_by = cited
                        .get(&(catalog.id.as_str(), item.id.as_str()))
                        .cloned()
                        .unwrap_or_default();
                    item_coverage(m, catalog, item, cited_by, catalogs)
                })
                .collect();
            CatalogCoverage {
                id: catalog.id.clone(),
                title: catalog.title.en.clone(),
                title_de: catalog.title.de.clone(),
                source: catalog.source.clone(),
                applicable: items.len(),
                covered: items.iter().filter(|i| i.covered).count(),
                items,
            }
        })
        .filter(|c| c.applicable > 0 || catalogs.list.len() == 1)
        .collect()
}

fn item_coverage(
    m: &Model,
    catalog: &Catalog,
    item: &Item,
    cited_by: Vec<Citation>,
    catalogs: &Catalogs,
) -> ItemCoverage {
    let shown = display_id(catalog, &item.id);
    let by = item.addressed_by.clone().unwrap_or_default();
    let clauses: Vec<String> = m
        .contract
        .clauses
        .iter()
        .filter(|c| by.topics.contains(&c.topic))
        .map(|c| c.id.value.clone())
        .collect();
    let sections: Vec<String> = by
        .sections
        .iter()
        .filter(|s| section_present(m, s))
        .cloned()
        .collect();
    let elsewhere = m
        .project
        .addressed_elsewhere
        .iter()
        .find(|e| {
            catalogs
                .find(&e.item)
                .is_some_and(|(c, i)| c.id == catalog.id && i.id == item.id)
        })
        .map(|e| e.text.clone());
    ItemCoverage {
        id: shown,
        title: item.title.en.clone(),
        title_de: item.title.de.clone(),
        level: item.level,
        covered: !cited_by.is_empty()
            || !clauses.is_empty()
            || !sections.is_empty()
            || elsewhere.is_some(),
        cited_by,
        clauses,
        sections,
        elsewhere,
    }
}

/// The clause topics a contract must settle: every topic, escrow only where
/// the erhöht requirements apply (OPS.2.3.A21).
pub fn required_topics(m: &Model) -> Vec<Topic> {
    Topic::ALL
        .iter()
        .copied()
        .filter(|t| *t != Topic::Escrow || elevated(m))
        .collect()
}
