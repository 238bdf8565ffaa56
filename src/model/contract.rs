//! `contract` (M 2.253, OPS.2.3.A4/A7/A14, DORA Art. 30): the security annex of the contract.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::parties::{Contact, Party};
use super::requirements::Requirement;
use super::strategy::System;
use super::types::{Date, DateSchema, Duration, Frequency, Id, Target};
use super::visit::{Ref, leaf, model};

model! {
    /// The security annex of the outsourcing contract: term, services, service
    /// levels, incident handling, data locations and clauses.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Contract {
        /// Reference of the main contract this annex belongs to.
        #[serde(default)]
        pub reference: Option<String>,
        /// Start, minimum term, notice period and transition period of the
        /// contract.
        #[serde(default)]
        pub term: Option<Term>,
        /// The services the provider delivers.
        #[serde(default)]
        pub services: Vec<Service>,
        /// Service levels: what is measured, the target, and the consequence of
        /// missing it.
        #[serde(default)]
        pub service_levels: Vec<ServiceLevel>,
        /// Incident priorities with their response and resolution times.
        #[serde(default)]
        pub incident_priorities: Vec<IncidentPriority>,
        /// How fast the provider reports a security incident to the client.
        #[serde(default)]
        pub incident_notification: Option<IncidentNotification>,
        /// Where client data is kept or processed.
        #[serde(default)]
        pub data_locations: Vec<DataLocation>,
        /// The clauses of the security annex, each on one topic.
        #[serde(default)]
        pub clauses: Vec<Clause>,
        /// Contractual contacts of both sides.
        #[serde(default)]
        pub contacts: Vec<ContractContact>,
    }
}

model! {
    /// The term of the contract.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Term {
        /// Start date of the contract, written as `2027-03-01`.
        #[schemars(with = "DateSchema")]
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
}

model! {
    item(Service)
    /// A service the provider delivers.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Service {
        /// Short unique id of the service, for example `SVC-HOST`; service
        /// levels refer to it.
        pub id: Id,
        /// Short title of the service.
        pub title: String,
        /// What the service includes (Markdown).
        pub text: String,
        /// System ids the service operates.
        #[serde(default)]
        pub systems: Vec<Ref<System>>,
        /// `true` to show this service only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(ServiceLevel)
    /// A service level: a measured value with its target.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct ServiceLevel {
        /// Short unique id of the service level, for example `SL-AVAIL`.
        pub id: Id,
        /// Service id the level applies to.
        #[serde(default)]
        pub service: Option<Ref<Service>>,
        /// What is measured, for example `availability`.
        pub metric: String,
        /// Target: a percentage (`99.8%`), a duration (`4h`) or text.
        pub target: Target,
        /// Measurement period, for example `1 month`.
        pub period: Duration,
        /// How the value is measured.
        pub measurement: String,
        /// How often and to whom it is reported.
        ///
        /// Write how often: `continuous`, `daily`, `weekly`, `monthly`,
        /// `quarterly`, `semi-annually`, `annually`, `biennially` or `on-event`.
        pub reporting: Frequency,
        /// Consequence when the target is missed. Name the instrument: a
        /// service credit (a reduction of the fee, owed without fault;
        /// German „Gutschrift“ or „Minderung“) or a contractual penalty
        /// (owed only for a breach the provider is responsible for; German
        /// „Vertragsstrafe“), the same in every language of the project.
        pub penalty: String,
        /// `true` to show this service level only in internal documents, never
        /// to bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
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

model! {
    item(IncidentPriority)
    /// An incident priority with its response and resolution times.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct IncidentPriority {
        /// Short unique id of the priority, for example `P1`; contingency
        /// scenarios refer to it.
        pub id: Id,
        /// Name of the priority, for example `Critical`.
        pub name: String,
        /// Which incidents get this priority.
        pub text: String,
        /// Time within which the provider starts working on the incident, for
        /// example `30min`.
        pub response: Duration,
        /// Time within which the incident must be resolved, for example `4h`.
        pub resolution: Duration,
        /// `true` to show this priority only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    /// The duty to report security incidents to the client.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct IncidentNotification {
        /// Time from detection to the first report to the client.
        pub deadline: Duration,
        /// Contact id that receives the report on the client side.
        #[serde(default)]
        pub to: Option<Ref<Contact>>,
        /// What the report must contain and how it is sent (Markdown).
        #[serde(default)]
        pub text: Option<String>,
    }
}

model! {
    item(DataLocation)
    /// A place where client data is kept or processed.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct DataLocation {
        /// Short unique id of the location, for example `LOC-FRA`.
        pub id: Id,
        /// Which data is kept or processed there.
        pub data: String,
        /// Country or region.
        pub country: String,
        /// Site, for example a data centre and city.
        pub site: String,
        /// Party id of the operator of the site.
        #[serde(default)]
        pub party: Option<Ref<Party>>,
        /// `true` to show this location only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

/// The clause topics a contract security annex must settle.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// The client's (and its auditors' and regulators') rights to audit and
    /// inspect the provider.
    AuditRights,
    /// Whether and how the provider may use subcontractors.
    Subcontracting,
    /// Confidentiality of client data and information.
    Confidentiality,
    /// Where data may be kept and processed.
    DataLocation,
    /// Separation of the client's data and systems from other customers'.
    TenantSeparation,
    /// Access to the client's network and systems.
    NetworkAccess,
    /// Vetting, training and obligations of the provider's staff.
    ProviderStaff,
    /// How changes are agreed, announced and made.
    ChangeManagement,
    /// Reporting of security incidents to the client.
    IncidentReporting,
    /// Compliance with laws and regulations.
    ComplianceWithLaw,
    /// Adapting the security requirements as they change.
    Adaptation,
    /// Termination of the contract.
    Termination,
    /// Exit support and return of the client's data.
    ExitAndDataReturn,
    /// Secure deletion of client data.
    Deletion,
    /// Ownership of data, software and results.
    Ownership,
    /// What happens on the provider's insolvency or a change of control.
    InsolvencyAndChangeOfControl,
    /// Liability and contractual penalties.
    Liability,
    /// Escrow of source code or documentation.
    Escrow,
    /// The provider's duty to keep a security concept.
    SecurityConceptDuty,
    /// The provider's duty to plan and exercise for contingencies.
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

model! {
    item(Clause)
    /// A clause of the security annex.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Clause {
        /// Short unique id of the clause, for example `CL-AUDIT`.
        pub id: Id,
        /// The topic the clause settles, for example `audit-rights`; the annex
        /// has one section per topic.
        pub topic: Topic,
        /// Short title of the clause.
        pub title: String,
        /// The clause wording (Markdown).
        pub text: String,
        /// Requirement ids the clause covers.
        #[serde(default)]
        pub covers: Vec<Ref<Requirement>>,
        /// Catalogue references.
        #[serde(default)]
        pub refs: Vec<Id>,
        /// `true` to show this clause only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    /// A contractual contact of one side.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct ContractContact {
        /// The role in the contract, for example `contract manager`.
        pub role: String,
        /// Contact id.
        pub contact: Ref<Contact>,
    }
}

leaf!(Topic);
