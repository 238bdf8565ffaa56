//! `security_concept` (M 2.254, OPS.2.3.A6): the security concept of the outsourced network.

use serde::{Deserialize, Serialize};

use super::types::{Date, Id};

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityConcept {
    /// Overview of the outsourced information network (Markdown).
    #[serde(default)]
    pub overview: Option<String>,
    #[serde(default)]
    pub domains: Domains,
    #[serde(default)]
    pub components: Vec<Component>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub residual_risks: Vec<ResidualRisk>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
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
    pub carrier: Option<Id>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    Client,
    Provider,
    Interface,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub id: Id,
    pub name: String,
    pub domain: Domain,
    pub text: String,
    /// Party id of the party that operates the component.
    pub operator: Id,
    /// System ids the component belongs to.
    #[serde(default)]
    pub systems: Vec<Id>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureStatus {
    Planned,
    Implemented,
    Verified,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: Id,
    pub title: String,
    pub text: String,
    /// Component id the measure protects.
    pub component: Id,
    /// Party id of the party responsible for the measure.
    pub responsible: Id,
    /// Requirement ids the measure implements.
    #[serde(default)]
    pub implements: Vec<Id>,
    pub status: MeasureStatus,
    #[serde(default)]
    pub refs: Vec<Id>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResidualRisk {
    pub id: Id,
    pub title: String,
    pub text: String,
    /// Why the risk is acceptable, or what limits it.
    #[serde(default)]
    pub treatment: Option<String>,
    /// Contact id of the person who accepted the risk.
    #[serde(default)]
    pub accepted_by: Option<Id>,
    #[serde(default)]
    pub accepted_on: Option<Date>,
    #[serde(default)]
    pub internal: bool,
}
