//! `strategy` (M 2.250, OPS.2.3.A8): why and what to outsource.

use serde::{Deserialize, Serialize};

use super::types::{Id, ProtectionNeeds};

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub legal_constraints: Vec<LegalConstraint>,
    /// Cost/benefit estimate (Markdown).
    #[serde(default)]
    pub cost_benefit: Option<String>,
    #[serde(default)]
    pub risks: Vec<Risk>,
    /// Skills and resources kept in-house to stay in control and avoid lock-in.
    #[serde(default)]
    pub retained_capabilities: Vec<String>,
    /// Exit and insourcing strategy (Markdown).
    #[serde(default)]
    pub exit_strategy: Option<String>,
    /// High-level security analysis of how processes and systems can be cut apart (Markdown).
    #[serde(default)]
    pub security_analysis: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    #[serde(default)]
    pub processes: Vec<Process>,
    #[serde(default)]
    pub systems: Vec<System>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Contact id of the process owner on the client side.
    #[serde(default)]
    pub owner: Option<Id>,
    /// System ids the process runs on.
    #[serde(default)]
    pub systems: Vec<Id>,
    pub protection: ProtectionNeeds,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub protection: ProtectionNeeds,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LegalConstraint {
    pub id: Id,
    /// The law, regulation or rule, for example `BSIG § 8a` or `GDPR Art. 28`.
    pub title: String,
    pub text: String,
    /// Party id of the regulator or authority to involve, if any.
    #[serde(default)]
    pub regulator: Option<Id>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub id: Id,
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub mitigation: Option<String>,
    #[serde(default)]
    pub internal: bool,
}
