//! `contract` (M 2.253, OPS.2.3.A4/A7/A14, DORA Art. 30): the security annex of the contract.

use serde::{Deserialize, Serialize};

use super::types::{Date, Duration, Frequency, Id, Target};

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// Reference of the main contract this annex belongs to.
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub term: Option<Term>,
    #[serde(default)]
    pub services: Vec<Service>,
    #[serde(default)]
    pub service_levels: Vec<ServiceLevel>,
    #[serde(default)]
    pub incident_priorities: Vec<IncidentPriority>,
    /// How fast the provider reports a security incident to the client.
    #[serde(default)]
    pub incident_notification: Option<IncidentNotification>,
    #[serde(default)]
    pub data_locations: Vec<DataLocation>,
    #[serde(default)]
    pub clauses: Vec<Clause>,
    /// Contractual contacts of both sides.
    #[serde(default)]
    pub contacts: Vec<ContractContact>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub start: Date,
    /// Minimum term, for example `5 years`.
    #[serde(default)]
    pub minimum: Option<Duration>,
    /// Notice period for ordinary termination.
    #[serde(default)]
    pub notice: Option<Duration>,
    /// Transition period the provider must support after termination.
    #[serde(default)]
    pub transition: Option<Duration>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: Id,
    pub title: String,
    pub text: String,
    /// System ids the service operates.
    #[serde(default)]
    pub systems: Vec<Id>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceLevel {
    pub id: Id,
    /// Service id the level applies to.
    #[serde(default)]
    pub service: Option<Id>,
    /// What is measured, for example `availability`.
    pub metric: String,
    /// Target: a percentage (`99.8%`), a duration (`4h`) or text.
    pub target: Target,
    /// Measurement period, for example `1 month`.
    pub period: Duration,
    /// How the value is measured.
    pub measurement: String,
    /// How often and to whom it is reported.
    pub reporting: Frequency,
    /// Consequence when the target is missed.
    pub penalty: String,
    #[serde(default)]
    pub internal: bool,
}

impl ServiceLevel {
    pub fn target_text(&self) -> String {
        match &self.target {
            Target::Percent(p) => p.to_string(),
            Target::Duration(d) => d.to_string(),
            Target::Text(t) => t.clone(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentPriority {
    pub id: Id,
    pub name: String,
    /// Which incidents get this priority.
    pub text: String,
    pub response: Duration,
    pub resolution: Duration,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentNotification {
    /// Time from detection to the first report to the client.
    pub deadline: Duration,
    /// Contact id that receives the report on the client side.
    #[serde(default)]
    pub to: Option<Id>,
    /// What the report must contain and how it is sent (Markdown).
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataLocation {
    pub id: Id,
    /// Which data is kept or processed there.
    pub data: String,
    /// Country or region.
    pub country: String,
    /// Site, for example a data centre and city.
    pub site: String,
    /// Party id of the operator of the site.
    #[serde(default)]
    pub party: Option<Id>,
    #[serde(default)]
    pub internal: bool,
}

/// The clause topics a contract security annex must settle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    AuditRights,
    Subcontracting,
    Confidentiality,
    DataLocation,
    TenantSeparation,
    NetworkAccess,
    ProviderStaff,
    ChangeManagement,
    IncidentReporting,
    ComplianceWithLaw,
    Adaptation,
    Termination,
    ExitAndDataReturn,
    Deletion,
    Ownership,
    InsolvencyAndChangeOfControl,
    Liability,
    Escrow,
    SecurityConceptDuty,
    ContingencyDuty,
}

impl Topic {
    /// Every topic, in the order the contract annex presents them.
    pub const ALL: [Topic; 20] = [
        Topic::SecurityConceptDuty,
        Topic::ComplianceWithLaw,
        Topic::Confidentiality,
        Topic::DataLocation,
        Topic::TenantSeparation,
        Topic::NetworkAccess,
        Topic::ProviderStaff,
        Topic::Subcontracting,
        Topic::ChangeManagement,
        Topic::IncidentReporting,
        Topic::ContingencyDuty,
        Topic::AuditRights,
        Topic::Adaptation,
        Topic::Ownership,
        Topic::Liability,
        Topic::Escrow,
        Topic::InsolvencyAndChangeOfControl,
        Topic::Termination,
        Topic::ExitAndDataReturn,
        Topic::Deletion,
    ];
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: Id,
    pub topic: Topic,
    pub title: String,
    /// The clause wording (Markdown).
    pub text: String,
    /// Requirement ids the clause covers.
    #[serde(default)]
    pub covers: Vec<Id>,
    /// Catalogue references.
    #[serde(default)]
    pub refs: Vec<Id>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContractContact {
    /// The role in the contract, for example `contract manager`.
    pub role: String,
    /// Contact id.
    pub contact: Id,
}
