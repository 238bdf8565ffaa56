//! OS-CONT: the contingency plan agrees with the contract and its alert
//! chain can be carried out.

use crate::check::rules;
use crate::diag::Diagnostic;
use crate::model::Model;
use crate::model::contingency::Scenario;
use crate::model::types::Target;

pub fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    escalation(m, out);
    for s in &m.contingency.scenarios {
        rto_against_priority(m, s, out);
        rto_against_availability(m, s, out);
        if !m.contingency.escalation.is_empty()
            && !m
                .contingency
                .escalation
                .iter()
                .any(|e| e.level.value == s.level.value)
        {
            let levels: Vec<String> = m
                .contingency
                .escalation
                .iter()
                .map(|e| e.level.value.to_string())
                .collect();
            out.push(
                Diagnostic::new(
                    &rules::OS_CONT_005,
                    format!(
                        "the scenario `{}` raises escalation level {}, which is not defined",
                        s.id.value, s.level.value
                    ),
                )
                .at(s.level.loc)
                .help(format!(
                    "use one of the defined levels: {}",
                    levels.join(", ")
                )),
            );
        }
    }
}

/// OS-CONT-003/004: every level has contacts, each reachable and with a deputy.
fn escalation(m: &Model, out: &mut Vec<Diagnostic>) {
    // A contact alerted at several levels is reported once.
    let mut seen = std::collections::BTreeSet::new();
    for e in &m.contingency.escalation {
        if e.contacts.is_empty() {
            out.push(
                Diagnostic::new(
                    &rules::OS_CONT_004,
                    format!("escalation level {} names no contact", e.level.value),
                )
                .at(e.level.loc)
                .help("list under `contacts:` the people alerted at this level, in calling order"),
            );
        }
        for id in &e.contacts {
            let Some(c) = m.contacts.iter().find(|c| c.id.value == id.value) else {
                continue;
            };
            if !seen.insert(id.as_str()) {
                continue;
            }
            if c.deputy.is_none() {
                out.push(
                    Diagnostic::new(&rules::OS_CONT_003, format!("`{}`, alerted at escalation level {}, has no deputy", id.value, e.level.value))
                        .at(id.loc)
                        .related(c.id.loc, "contact defined here")
                        .help(format!("add `deputy:` to the contact `{}`, so that the alert chain holds when they are away (M 6.83)", id.value)),
                );
            }
            if c.phone.is_none() && c.email.is_none() {
                out.push(
                    Diagnostic::new(
                        &rules::OS_CONT_003,
                        format!(
                            "`{}`, alerted at escalation level {}, has neither phone nor e-mail",
                            id.value, e.level.value
                        ),
                    )
                    .at(id.loc)
                    .related(c.id.loc, "contact defined here")
                    .help(format!(
                        "add `phone:` (and `email:`) to the contact `{}`",
                        id.value
                    )),
                );
            }
        }
    }
}

/// OS-CONT-001: the RTO fits the resolution time of the scenario's incident priority.
fn rto_against_priority(m: &Model, s: &Scenario, out: &mut Vec<Diagnostic>) {
    let Some(pid) = &s.priority else { return };
    let Some(p) = m
        .contract
        .incident_priorities
        .iter()
        .find(|p| p.id.value == pid.value)
    else {
        return;
    };
    if s.rto.minutes() > p.resolution.minutes() {
        out.push(
            Diagnostic::new(
                &rules::OS_CONT_001,
                format!(
                    "the scenario `{}` allows {} to recover (RTO), but the contract requires priority `{}` incidents to be resolved within {}",
                    s.id.value, s.rto, p.id.value, p.resolution
                ),
            )
            .at(pid.loc)
            .related(p.id.loc, "priority defined here")
            .help("shorten the RTO, choose the priority that matches the scenario, or renegotiate the resolution time"),
        );
    }
}

/// OS-CONT-002: the RTO fits the outage the availability target allows.
fn rto_against_availability(m: &Model, s: &Scenario, out: &mut Vec<Diagnostic>) {
    let applies = |service: Option<&str>| match service {
        None => true,
        // A scenario without systems is held only to levels for all services.
        Some(id) => m.contract.services.iter().any(|sv| {
            sv.id.value == id
                && sv
                    .systems
                    .iter()
                    .any(|x| s.systems.iter().any(|y| y.value == x.value))
        }),
    };
    let strictest = m
        .contract
        .service_levels
        .iter()
        .filter(|l| {
            let metric = l.metric.to_lowercase();
            metric.contains("availab") || metric.contains("verfügbar")
        })
        .filter(|l| applies(l.service.as_ref().map(|x| x.as_str())))
        .filter_map(|l| match l.target {
            Target::Percent(p) if p.0 < 100.0 => {
                let allowed = (100.0 - p.0) / 100.0 * l.period.minutes() as f64;
                Some((allowed, l))
            }
            _ => None,
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let Some((allowed, level)) = strictest else {
        return;
    };
    if s.rto.minutes() as f64 > allowed {
        out.push(
            Diagnostic::new(
                &rules::OS_CONT_002,
                format!(
                    "the scenario `{}` allows {} to recover (RTO), but the availability target {} of `{}` permits only {} of outage per {}",
                    s.id.value,
                    s.rto,
                    level.target_text(),
                    level.id.value,
                    minutes_text(allowed),
                    level.period
                ),
            )
            .at(s.id.loc)
            .related(level.id.loc, "service level defined here")
            .help("shorten the RTO, or record why this scenario may exceed the service level (for example a catastrophe the contract treats separately) and accept the warning"),
        );
    }
}

fn minutes_text(minutes: f64) -> String {
    if minutes >= 120.0 {
        format!("{:.1} hours", minutes / 60.0)
    } else {
        format!("{minutes:.0} minutes")
    }
}
