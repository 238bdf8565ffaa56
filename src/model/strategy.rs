//! `strategy` (M 2.250, OPS.2.3.A8): why and what to outsource.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::parties::{Contact, Party};
use super::types::{Id, ProtectionNeeds};
use super::visit::{Ref, model};

model! {
    /// The outsourcing strategy: why and what to outsource, and what stays
    /// in-house.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Strategy {
        /// Goals of the outsourcing, one sentence each.
        #[serde(default)]
        @internal pub objectives: Vec<String>,
        /// The business processes and systems to outsource, with their
        /// protection needs.
        #[serde(default)]
        pub scope: Scope,
        /// Reasons for outsourcing, one each.
        #[serde(default)]
        @internal pub reasons: Vec<String>,
        /// Laws, regulations and rules that constrain the outsourcing.
        #[serde(default)]
        @internal pub legal_constraints: Vec<LegalConstraint>,
        /// Cost/benefit estimate (Markdown).
        #[serde(default)]
        @internal pub cost_benefit: Option<String>,
        /// Risks and dependencies that the outsourcing brings.
        #[serde(default)]
        @internal pub risks: Vec<Risk>,
        /// Skills and resources kept in-house to stay in control and avoid lock-in.
        #[serde(default)]
        @internal pub retained_capabilities: Vec<String>,
        /// Exit and insourcing strategy (Markdown).
        #[serde(default)]
        @internal pub exit_strategy: Option<String>,
        /// High-level security analysis of how processes and systems can be cut apart (Markdown).
        #[serde(default)]
        @internal pub security_analysis: Option<String>,
    }
}

model! {
    /// What is outsourced: business processes and IT systems.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Scope {
        /// Business processes affected by the outsourcing.
        #[serde(default)]
        pub processes: Vec<Process>,
        /// IT systems affected by the outsourcing.
        #[serde(default)]
        pub systems: Vec<System>,
    }
}

model! {
    item(Process)
    /// A business process in scope.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Process {
        /// Short unique id of the process, for example `PRC-BILL`;
        /// requirements refer to it in `scope`.
        pub id: Id,
        /// Name of the process.
        pub name: String,
        /// What the process does (Markdown).
        #[serde(default)]
        pub description: Option<String>,
        /// Contact id of the process owner on the client side.
        #[serde(default)]
        pub owner: Option<Ref<Contact>>,
        /// System ids the process runs on.
        #[serde(default)]
        pub systems: Vec<Ref<System>>,
        /// Protection needs of the process for confidentiality, integrity and
        /// availability.
        pub protection: ProtectionNeeds,
        /// `true` to show this process only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(System)
    /// An IT system in scope.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct System {
        /// Short unique id of the system, for example `SYS-ARCH`; processes,
        /// requirements, services and scenarios refer to it.
        pub id: Id,
        /// Name of the system.
        pub name: String,
        /// What the system is and does (Markdown).
        #[serde(default)]
        pub description: Option<String>,
        /// Protection needs of the system for confidentiality, integrity and
        /// availability.
        pub protection: ProtectionNeeds,
        /// `true` to show this system only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(LegalConstraint)
    /// A law, regulation or rule that constrains the outsourcing.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct LegalConstraint {
        /// Short unique id of the constraint, for example `LC-BSIG`.
        pub id: Id,
        /// The law, regulation or rule, for example `BSIG § 8a` or `GDPR Art. 28`.
        pub title: String,
        /// What it demands of the outsourcing (Markdown).
        pub text: String,
        /// Party id of the regulator or authority to involve, if any.
        #[serde(default)]
        pub regulator: Option<Ref<Party>>,
        /// `true` to show this constraint only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(Risk)
    /// A risk or dependency that the outsourcing brings.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Risk {
        /// Short unique id of the risk, for example `RSK-CONC`.
        pub id: Id,
        /// Short title of the risk.
        pub title: String,
        /// What could happen and why (Markdown).
        pub text: String,
        /// How the risk is reduced (Markdown).
        #[serde(default)]
        pub mitigation: Option<String>,
        /// `true` to show this risk only in internal documents, never to bidders
        /// or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}
