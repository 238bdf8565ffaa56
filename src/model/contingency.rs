//! `contingency` (M 6.83, OPS.2.3.A20/A22): contingency planning across client,
//! provider and interfaces.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::contract::IncidentPriority;
use super::parties::{Contact, Party};
use super::requirements::Requirement;
use super::security_concept::Domain;
use super::strategy::System;
use super::types::{Date, DateSchema, Duration, Frequency, Id};
use super::visit::{Ref, model};

model! {
    /// Contingency planning across client, provider and interfaces: roles,
    /// escalation, fault localisation, scenarios, backups and exercises.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Contingency {
        /// Roles in an emergency and who holds them.
        #[serde(default)]
        pub roles: Vec<ContingencyRole>,
        /// Escalation levels, lowest first: who is alerted when, and how fast.
        #[serde(default)]
        pub escalation: Vec<EscalationLevel>,
        /// Where to look for a fault first: client, provider or interface.
        #[serde(default)]
        pub fault_localisation: Vec<FaultArea>,
        /// Emergency scenarios with immediate actions and recovery.
        #[serde(default)]
        pub scenarios: Vec<Scenario>,
        /// Backup rules.
        #[serde(default)]
        pub backups: Vec<Backup>,
        /// The programme of contingency exercises and tests.
        #[serde(default)]
        pub exercises: Vec<Exercise>,
    }
}

model! {
    item(ContingencyRole)
    /// A role in an emergency.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct ContingencyRole {
        /// Short unique id of the role, for example `ROLE-LEAD`.
        pub id: Id,
        /// Name of the role, for example `Crisis manager`.
        pub title: String,
        /// Contact id of the role holder; the contact's deputy stands in.
        pub contact: Ref<Contact>,
        /// What the role holder does in an emergency (Markdown).
        pub duties: String,
    }
}

model! {
    /// An escalation level of the alert chain.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct EscalationLevel {
        /// Number of the level, from 1 (lowest) upwards; scenarios refer to it.
        pub level: super::types::Located<u32>,
        /// Name of the level, for example `Emergency`.
        pub name: String,
        /// When this level is reached.
        pub criteria: String,
        /// Contact ids alerted at this level, in calling order.
        pub contacts: Vec<Ref<Contact>>,
        /// Time within which the contacts must be reached.
        pub within: Duration,
    }
}

model! {
    /// Where to look for a fault, and whom to call.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct FaultArea {
        /// The area: `client`, `provider` or `interface`.
        pub domain: Domain,
        /// Symptoms that point to this area.
        pub symptoms: String,
        /// First checks, in order.
        pub checks: Vec<String>,
        /// Contact id to call for this area.
        pub contact: Ref<Contact>,
    }
}

model! {
    item(Scenario)
    /// An emergency scenario.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Scenario {
        /// Short unique id of the scenario, for example `SCN-BREACH`; exercises
        /// refer to it.
        pub id: Id,
        /// Short title of the scenario.
        pub title: String,
        /// What starts the scenario, as it is noticed.
        pub trigger: String,
        /// Escalation level raised by the scenario.
        pub level: super::types::Located<u32>,
        /// Incident priority id the scenario corresponds to.
        #[serde(default)]
        pub priority: Option<Ref<IncidentPriority>>,
        /// System ids affected.
        #[serde(default)]
        pub systems: Vec<Ref<System>>,
        /// Immediate actions, in order.
        pub immediate: Vec<String>,
        /// Recovery steps, in order.
        pub recovery: Vec<String>,
        /// Recovery time objective.
        pub rto: Duration,
        /// Recovery point objective (maximum tolerable data loss).
        pub rpo: Duration,
        /// Contact id of the person who owns the scenario.
        pub owner: Ref<Contact>,
        /// Requirement ids the scenario serves.
        #[serde(default)]
        pub requirements: Vec<Ref<Requirement>>,
        /// Catalogue references such as `OPS.2.3.A20`.
        #[serde(default)]
        pub refs: Vec<Id>,
        /// `true` to show this scenario only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(Backup)
    /// A backup rule.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Backup {
        /// Short unique id of the backup rule, for example `BAK-DB`.
        pub id: Id,
        /// What is backed up.
        pub data: String,
        /// How often a backup is taken, for example `daily`.
        pub frequency: Frequency,
        /// How long the copies are kept, for example `30 days`.
        pub retention: Duration,
        /// Where the copies are kept, separate per client.
        pub location: String,
        /// How and how often restores are tested.
        pub restore_test: String,
        /// Party id of the party that runs the backup.
        pub responsible: Ref<Party>,
        /// `true` to show this rule only in internal documents, never to bidders
        /// or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(Exercise)
    /// A contingency exercise or test.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Exercise {
        /// Short unique id of the exercise, for example `EXR-ALERT`.
        pub id: Id,
        /// Short title of the exercise.
        pub title: String,
        /// Kind of exercise, for example `tabletop` or `failover test`.
        pub kind: String,
        /// How often it is held, for example `annually`.
        pub frequency: Frequency,
        /// Scenario ids exercised.
        #[serde(default)]
        pub scenarios: Vec<Ref<Scenario>>,
        /// Party ids taking part.
        #[serde(default)]
        pub participants: Vec<Ref<Party>>,
        /// Date of the next exercise, written as `2027-03-01`.
        #[serde(default)]
        #[schemars(with = "Option<DateSchema>")]
        pub next: Option<Date>,
        /// `true` to show this exercise only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}
