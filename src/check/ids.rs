//! Every id the project defines and every reference to one, with the kind
//! of item each reference expects.

use crate::model::{Id, Model};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Party,
    Contact,
    Process,
    System,
    LegalConstraint,
    Risk,
    Requirement,
    Deadline,
    Task,
    SuitabilityCriterion,
    AwardCriterion,
    Question,
    NdaItem,
    Service,
    ServiceLevel,
    IncidentPriority,
    DataLocation,
    Clause,
    Component,
    Measure,
    ResidualRisk,
    Phase,
    AcceptanceCheck,
    Exception,
    Check,
    Meeting,
    Report,
    Audit,
    ChangeNotification,
    ContingencyRole,
    Scenario,
    Backup,
    Exercise,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Party => "party",
            Kind::Contact => "contact",
            Kind::Process => "process",
            Kind::System => "system",
            Kind::LegalConstraint => "legal constraint",
            Kind::Risk => "risk",
            Kind::Requirement => "requirement",
            Kind::Deadline => "deadline",
            Kind::Task => "task",
            Kind::SuitabilityCriterion => "suitability criterion",
            Kind::AwardCriterion => "award criterion",
            Kind::Question => "bidder question",
            Kind::NdaItem => "NDA item",
            Kind::Service => "service",
            Kind::ServiceLevel => "service level",
            Kind::IncidentPriority => "incident priority",
            Kind::DataLocation => "data location",
            Kind::Clause => "contract clause",
            Kind::Component => "component",
            Kind::Measure => "measure",
            Kind::ResidualRisk => "residual risk",
            Kind::Phase => "migration phase",
            Kind::AcceptanceCheck => "acceptance check",
            Kind::Exception => "temporary exception",
            Kind::Check => "operations check",
            Kind::Meeting => "meeting",
            Kind::Report => "report",
            Kind::Audit => "audit",
            Kind::ChangeNotification => "change notification",
            Kind::ContingencyRole => "contingency role",
            Kind::Scenario => "contingency scenario",
            Kind::Backup => "backup rule",
            Kind::Exercise => "exercise",
        }
    }
}

/// An id definition: the id, what it names, and whether the item is internal.
pub struct Def<'a> {
    pub id: &'a Id,
    pub kind: Kind,
    pub internal: bool,
}

/// A reference: the id written, the kinds it may name, what holds it, and
/// whether that holder is itself internal (seen only in internal documents).
pub struct Ref<'a> {
    pub id: &'a Id,
    pub expects: &'static [Kind],
    pub field: &'static str,
    pub from_internal: bool,
}

pub fn definitions(m: &Model) -> Vec<Def<'_>> {
    let mut d = Vec::new();
    let mut def = |id, kind, internal| d.push(Def { id, kind, internal });
    macro_rules! each {
        ($list:expr, $kind:expr) => {
            for x in &$list {
                def(&x.id, $kind, x.internal);
            }
        };
        ($list:expr, $kind:expr, always $internal:expr) => {
            for x in &$list {
                def(&x.id, $kind, $internal);
            }
        };
    }
    each!(m.parties, Kind::Party);
    each!(m.contacts, Kind::Contact);
    each!(m.strategy.scope.processes, Kind::Process);
    each!(m.strategy.scope.systems, Kind::System);
    each!(m.strategy.legal_constraints, Kind::LegalConstraint, always true);
    each!(m.strategy.risks, Kind::Risk, always true);
    each!(m.requirements, Kind::Requirement);
    each!(m.tender.deadlines, Kind::Deadline);
    each!(m.tender.task_split, Kind::Task);
    each!(m.tender.suitability_criteria, Kind::SuitabilityCriterion);
    each!(m.tender.award_criteria, Kind::AwardCriterion);
    each!(m.tender.questions, Kind::Question);
    each!(m.tender.nda_items, Kind::NdaItem);
    each!(m.contract.services, Kind::Service);
    each!(m.contract.service_levels, Kind::ServiceLevel);
    each!(m.contract.incident_priorities, Kind::IncidentPriority);
    each!(m.contract.data_locations, Kind::DataLocation);
    each!(m.contract.clauses, Kind::Clause);
    each!(m.security_concept.components, Kind::Component);
    each!(m.security_concept.measures, Kind::Measure);
    each!(m.security_concept.residual_risks, Kind::ResidualRisk);
    each!(m.migration.phases, Kind::Phase);
    for p in &m.migration.phases {
        each!(p.checks, Kind::AcceptanceCheck, always p.internal);
    }
    each!(m.migration.exceptions, Kind::Exception);
    each!(m.operations.checks, Kind::Check);
    each!(m.operations.meetings, Kind::Meeting);
    each!(m.operations.reports, Kind::Report);
    each!(m.operations.audits, Kind::Audit);
    each!(m.operations.change_notifications, Kind::ChangeNotification);
    each!(m.contingency.roles, Kind::ContingencyRole, always false);
    each!(m.contingency.scenarios, Kind::Scenario);
    each!(m.contingency.backups, Kind::Backup);
    each!(m.contingency.exercises, Kind::Exercise);
    d
}

const PARTY: &[Kind] = &[Kind::Party];
const CONTACT: &[Kind] = &[Kind::Contact];
const SYSTEM: &[Kind] = &[Kind::System];
const REQUIREMENT: &[Kind] = &[Kind::Requirement];
const SCOPE: &[Kind] = &[Kind::Process, Kind::System];

pub fn references(m: &Model) -> Vec<Ref<'_>> {
    let mut r = Vec::new();
    let mut add = |id, expects, field, from_internal| {
        r.push(Ref {
            id,
            expects,
            field,
            from_internal,
        });
    };
    let p = &m.project;
    add(&p.client, PARTY, "project.client", false);
    p.authors
        .iter()
        .for_each(|id| add(id, CONTACT, "project.authors", false));
    p.approvers
        .iter()
        .for_each(|id| add(id, CONTACT, "project.approvers", false));
    p.revisions
        .iter()
        .for_each(|rv| add(&rv.author, CONTACT, "project.revisions.author", false));
    for c in &m.contacts {
        add(&c.party, PARTY, "contacts.party", c.internal);
        if let Some(d) = &c.deputy {
            add(d, CONTACT, "contacts.deputy", c.internal);
        }
    }
    for x in &m.strategy.scope.processes {
        if let Some(o) = &x.owner {
            add(o, CONTACT, "strategy.scope.processes.owner", x.internal);
        }
        x.systems
            .iter()
            .for_each(|id| add(id, SYSTEM, "strategy.scope.processes.systems", x.internal));
    }
    for x in &m.strategy.legal_constraints {
        if let Some(reg) = &x.regulator {
            add(reg, PARTY, "strategy.legal_constraints.regulator", true);
        }
    }
    for x in &m.requirements {
        x.scope
            .iter()
            .for_each(|id| add(id, SCOPE, "requirements.scope", x.internal));
    }
    let t = &m.tender;
    if let Some(c) = &t.contact {
        add(c, CONTACT, "tender.contact", false);
    }
    t.task_split.iter().for_each(|x| {
        add(
            &x.responsible,
            PARTY,
            "tender.task_split.responsible",
            x.internal,
        )
    });
    for x in &t.award_criteria {
        x.requirements.iter().for_each(|id| {
            add(
                id,
                REQUIREMENT,
                "tender.award_criteria.requirements",
                x.internal,
            )
        });
    }
    for x in &t.questions {
        x.requirements
            .iter()
            .for_each(|id| add(id, REQUIREMENT, "tender.questions.requirements", x.internal));
    }
    let e = &m.evaluation;
    for b in &e.bids {
        add(&b.bidder, PARTY, "evaluation.bids.bidder", true);
        b.knockout.iter().for_each(|k| {
            add(
                &k.criterion,
                &[Kind::SuitabilityCriterion],
                "evaluation.bids.knockout.criterion",
                true,
            )
        });
        b.scores.iter().for_each(|s| {
            add(
                &s.criterion,
                &[Kind::AwardCriterion],
                "evaluation.bids.scores.criterion",
                true,
            )
        });
    }
    if let Some(c) = &e.chosen {
        add(c, PARTY, "evaluation.chosen", true);
    }
    let c = &m.contract;
    for x in &c.services {
        x.systems
            .iter()
            .for_each(|id| add(id, SYSTEM, "contract.services.systems", x.internal));
    }
    for x in &c.service_levels {
        if let Some(s) = &x.service {
            add(
                s,
                &[Kind::Service],
                "contract.service_levels.service",
                x.internal,
            );
        }
    }
    if let Some(to) = c.incident_notification.as_ref().and_then(|n| n.to.as_ref()) {
        add(to, CONTACT, "contract.incident_notification.to", false);
    }
    for x in &c.data_locations {
        if let Some(pid) = &x.party {
            add(pid, PARTY, "contract.data_locations.party", x.internal);
        }
    }
    for x in &c.clauses {
        x.covers
            .iter()
            .for_each(|id| add(id, REQUIREMENT, "contract.clauses.covers", x.internal));
    }
    c.contacts
        .iter()
        .for_each(|x| add(&x.contact, CONTACT, "contract.contacts.contact", false));
    let s = &m.security_concept;
    if let Some(carrier) = &s.domains.carrier {
        add(carrier, PARTY, "security_concept.domains.carrier", false);
    }
    for x in &s.components {
        add(
            &x.operator,
            PARTY,
            "security_concept.components.operator",
            x.internal,
        );
        x.systems.iter().for_each(|id| {
            add(
                id,
                SYSTEM,
                "security_concept.components.systems",
                x.internal,
            )
        });
    }
    for x in &s.measures {
        add(
            &x.component,
            &[Kind::Component],
            "security_concept.measures.component",
            x.internal,
        );
        add(
            &x.responsible,
            PARTY,
            "security_concept.measures.responsible",
            x.internal,
        );
        x.implements.iter().for_each(|id| {
            add(
                id,
                REQUIREMENT,
                "security_concept.measures.implements",
                x.internal,
            )
        });
    }
    for x in &s.residual_risks {
        if let Some(a) = &x.accepted_by {
            add(
                a,
                CONTACT,
                "security_concept.residual_risks.accepted_by",
                x.internal,
            );
        }
    }
    let mg = &m.migration;
    mg.team
        .iter()
        .for_each(|x| add(&x.contact, CONTACT, "migration.team.contact", false));
    for ph in &mg.phases {
        ph.tasks.iter().for_each(|x| {
            add(
                &x.responsible,
                PARTY,
                "migration.phases.tasks.responsible",
                ph.internal,
            )
        });
        for ck in &ph.checks {
            ck.requirements.iter().for_each(|id| {
                add(
                    id,
                    REQUIREMENT,
                    "migration.phases.checks.requirements",
                    ph.internal,
                )
            });
        }
    }
    for x in &mg.exceptions {
        x.requirements.iter().for_each(|id| {
            add(
                id,
                REQUIREMENT,
                "migration.exceptions.requirements",
                x.internal,
            )
        });
        if let Some(a) = &x.approver {
            add(a, CONTACT, "migration.exceptions.approver", x.internal);
        }
    }
    let o = &m.operations;
    if let Some(mgr) = &o.manager {
        add(mgr, CONTACT, "operations.manager", false);
    }
    for x in &o.checks {
        add(
            &x.responsible,
            PARTY,
            "operations.checks.responsible",
            x.internal,
        );
        x.requirements.iter().for_each(|id| {
            add(
                id,
                REQUIREMENT,
                "operations.checks.requirements",
                x.internal,
            )
        });
    }
    for x in &o.meetings {
        x.participants
            .iter()
            .for_each(|id| add(id, CONTACT, "operations.meetings.participants", x.internal));
    }
    for x in &o.reports {
        add(&x.from, PARTY, "operations.reports.from", x.internal);
        add(&x.to, CONTACT, "operations.reports.to", x.internal);
    }
    o.audits
        .iter()
        .for_each(|x| add(&x.auditor, PARTY, "operations.audits.auditor", x.internal));
    if let Some(rv) = &o.agreement_review {
        add(
            &rv.responsible,
            CONTACT,
            "operations.agreement_review.responsible",
            false,
        );
    }
    let k = &m.contingency;
    k.roles
        .iter()
        .for_each(|x| add(&x.contact, CONTACT, "contingency.roles.contact", false));
    for x in &k.escalation {
        x.contacts
            .iter()
            .for_each(|id| add(id, CONTACT, "contingency.escalation.contacts", false));
    }
    k.fault_localisation.iter().for_each(|x| {
        add(
            &x.contact,
            CONTACT,
            "contingency.fault_localisation.contact",
            false,
        )
    });
    for x in &k.scenarios {
        if let Some(pr) = &x.priority {
            add(
                pr,
                &[Kind::IncidentPriority],
                "contingency.scenarios.priority",
                x.internal,
            );
        }
        x.systems
            .iter()
            .for_each(|id| add(id, SYSTEM, "contingency.scenarios.systems", x.internal));
        add(&x.owner, CONTACT, "contingency.scenarios.owner", x.internal);
        x.requirements.iter().for_each(|id| {
            add(
                id,
                REQUIREMENT,
                "contingency.scenarios.requirements",
                x.internal,
            )
        });
    }
    k.backups.iter().for_each(|x| {
        add(
            &x.responsible,
            PARTY,
            "contingency.backups.responsible",
            x.internal,
        )
    });
    for x in &k.exercises {
        x.scenarios.iter().for_each(|id| {
            add(
                id,
                &[Kind::Scenario],
                "contingency.exercises.scenarios",
                x.internal,
            )
        });
        x.participants
            .iter()
            .for_each(|id| add(id, PARTY, "contingency.exercises.participants", x.internal));
    }
    r
}
