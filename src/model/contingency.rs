//! `contingency` (M 6.83, OPS.2.3.A20/A22): contingency planning across client,
//! provider and interfaces.

use serde::{Deserialize, Serialize};

use super::security_concept::Domain;
use super::types::{Date, Duration, Frequency, Id};

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contingency {
    #[serde(default)]
    pub roles: Vec<ContingencyRole>,
    #[serde(default)]
    pub escalation: Vec<EscalationLevel>,
    #[serde(default)]
    pub fault_localisation: Vec<FaultArea>,
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
    #[serde(default)]
    pub backups: Vec<Backup>,
    #[serde(default)]
    pub exercises: Vec<Exercise>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContingencyRole {
    pub id: Id,
    pub title: String,
    /// Contact id of the role holder; the contact's deputy stands in.
    pub contact: Id,
    pub duties: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationLevel {
    pub level: super::types::Located<u32>,
    pub name: String,
    /// When this level is reached.
    pub criteria: String,
    /// Contact ids alerted at this level, in calling order.
    pub contacts: Vec<Id>,
    /// Time within which the contacts must be reached.
    pub within: Duration,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FaultArea {
    pub domain: Domain,
    /// Symptoms that point to this area.
    pub symptoms: String,
    /// First checks, in order.
    pub checks: Vec<String>,
    /// Contact id to call for this area.
    pub contact: Id,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: Id,
    pub title: String,
    pub trigger: String,
    /// Escalation level raised by the scenario.
    pub level: super::types::Located<u32>,
    /// Incident priority id the scenario corresponds to.
    #[serde(default)]
    pub priority: Option<Id>,
    /// System ids affected.
    #[serde(default)]
    pub systems: Vec<Id>,
    pub immediate: Vec<String>,
    pub recovery: Vec<String>,
    /// Recovery time objective.
    pub rto: Duration,
    /// Recovery point objective (maximum tolerable data loss).
    pub rpo: Duration,
    /// Contact id of the person who owns the scenario.
    pub owner: Id,
    /// Requirement ids the scenario serves.
    #[serde(default)]
    pub requirements: Vec<Id>,
    #[serde(default)]
    pub refs: Vec<Id>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    pub id: Id,
    /// What is backed up.
    pub data: String,
    pub frequency: Frequency,
    pub retention: Duration,
    /// Where the copies are kept, separate per client.
    pub location: String,
    /// How and how often restores are tested.
    pub restore_test: String,
    /// Party id of the party that runs the backup.
    pub responsible: Id,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: Id,
    pub title: String,
    /// Kind of exercise, for example `tabletop` or `failover test`.
    pub kind: String,
    pub frequency: Frequency,
    /// Scenario ids exercised.
    #[serde(default)]
    pub scenarios: Vec<Id>,
    /// Party ids taking part.
    #[serde(default)]
    pub participants: Vec<Id>,
    #[serde(default)]
    pub next: Option<Date>,
    #[serde(default)]
    pub internal: bool,
}
