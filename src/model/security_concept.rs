//! `security_concept` (M 2.254, OPS.2.3.A6): the security concept of the outsourced network.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::parties::{Contact, Party};
use super::requirements::Requirement;
use super::strategy::System;
use super::types::{Date, DateSchema, Id};
use super::visit::{Ref, leaf, model};

model! {
    /// The security concept of the outsourced information network: domains,
    /// components, measures and residual risks.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct SecurityConcept {
        /// Overview of the outsourced information network (Markdown).
        #[serde(default)]
        pub overview: Option<String>,
        /// The information network split into client domain, provider domain and
        /// the interfaces between them.
        #[serde(default)]
        pub domains: Domains,
        /// The components of the information network (systems, networks,
        /// rooms, applications).
        #[serde(default)]
        pub components: Vec<Component>,
        /// The security measures, each protecting one component.
        #[serde(default)]
        pub measures: Vec<Measure>,
        /// Risks that remain after the measures, and who accepted them.
        #[serde(default)]
        pub residual_risks: Vec<ResidualRisk>,
    }
}

model! {
    /// The information network split into client domain, provider domain and
    /// interfaces.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Domains {
        /// What stays under the client's control (Markdown).
        #[serde(default)]
        pub client: Option<String>,
        /// What the provider operates (Markdown).
        #[serde(default)]
        pub provider: Option<String>,
        /// The links between the two (Markdown).
        #[serde(default)]
        pub interfaces: Option<String>,
        /// Party id of the network carrier that runs the interfaces.
        #[serde(default)]
        pub carrier: Option<Ref<Party>>,
    }
}

/// Where a component sits, or where a fault is looked for.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    /// The client's side, under the client's control.
    Client,
    /// The provider's side, operated by the provider.
    Provider,
    /// The links between client and provider, for example the carrier's
    /// network.
    Interface,
}

model! {
    item(Component)
    /// A component of the information network.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Component {
        /// Short unique id of the component, for example `CMP-PR-DB`; measures
        /// refer to it.
        pub id: Id,
        /// Name of the component.
        pub name: String,
        /// Where it sits: `client`, `provider` or `interface`.
        pub domain: Domain,
        /// What the component is and does (Markdown).
        pub text: String,
        /// Party id of the party that operates the component.
        pub operator: Ref<Party>,
        /// System ids the component belongs to.
        #[serde(default)]
        pub systems: Vec<Ref<System>>,
        /// `true` to show this component only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

/// How far a security measure has got.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureStatus {
    /// Agreed, not yet in place.
    Planned,
    /// In place.
    Implemented,
    /// In place and checked to be effective.
    Verified,
}

model! {
    item(Measure)
    /// A security measure.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Measure {
        /// Short unique id of the measure, for example `MS-01`.
        pub id: Id,
        /// Short title of the measure.
        pub title: String,
        /// What is done and how (Markdown).
        pub text: String,
        /// Component id the measure protects.
        pub component: Ref<Component>,
        /// Party id of the party responsible for the measure.
        pub responsible: Ref<Party>,
        /// Requirement ids the measure implements.
        #[serde(default)]
        pub implements: Vec<Ref<Requirement>>,
        /// How far it has got: `planned`, `implemented` or `verified`.
        pub status: MeasureStatus,
        /// Catalogue references such as `OPS.2.3.A6`.
        #[serde(default)]
        pub refs: Vec<Id>,
        /// `true` to show this measure only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(ResidualRisk)
    /// A risk that remains after the measures.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct ResidualRisk {
        /// Short unique id of the residual risk, for example `RR-01`.
        pub id: Id,
        /// Short title of the risk.
        pub title: String,
        /// What could still happen (Markdown).
        pub text: String,
        /// Why the risk is acceptable, or what limits it.
        #[serde(default)]
        pub treatment: Option<String>,
        /// Contact id of the person who accepted the risk.
        #[serde(default)]
        pub accepted_by: Option<Ref<Contact>>,
        /// Date the risk was accepted, written as `2027-03-01`.
        #[serde(default)]
        #[schemars(with = "Option<DateSchema>")]
        pub accepted_on: Option<Date>,
        /// `true` to show this risk only in internal documents, never to bidders
        /// or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

leaf!(Domain, MeasureStatus);
