//! `requirements` (M 2.251, OPS.2.3.A6): the security requirements of the project.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::types::Id;
use super::visit::{Ref, ScopeItem, leaf, model};

/// The area a requirement belongs to; the tender groups requirements by it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Buildings, rooms, power, physical protection.
    Infrastructure,
    /// Processes, rules, responsibilities.
    Organisation,
    /// Staff: vetting, training, confidentiality obligations.
    Personnel,
    /// IT systems, software, encryption, backups.
    Technology,
    /// Networks, interfaces and data exchange.
    Communication,
    /// Monitoring, reporting, audits and controls.
    Control,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Infrastructure,
        Category::Organisation,
        Category::Personnel,
        Category::Technology,
        Category::Communication,
        Category::Control,
    ];
}

/// How binding a requirement is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    /// Mandatory: the provider has to meet it.
    Must,
    /// Recommended: to be met unless there is a justified reason not to.
    Should,
    /// Optional: desirable, but not required.
    May,
}

model! {
    item(Requirement)
    /// A security requirement on the outsourced service.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Requirement {
        /// Short unique id of the requirement, for example `REQ-TEC-01`. It stays
        /// the same in every document, from the tender to the contingency plan.
        pub id: Id,
        /// Short title of the requirement.
        pub title: String,
        /// Area: `infrastructure`, `organisation`, `personnel`, `technology`,
        /// `communication` or `control`.
        pub category: Category,
        /// How binding it is: `must`, `should` or `may`.
        pub priority: Priority,
        /// What is required (Markdown).
        pub text: String,
        /// Why it is required. Internal: never shown to bidders or the provider.
        #[serde(default)]
        @internal pub rationale: Option<String>,
        /// Process and system ids the requirement applies to.
        #[serde(default)]
        pub scope: Vec<Ref<ScopeItem>>,
        /// Evidence a bidder or provider must supply.
        #[serde(default)]
        pub evidence: Option<String>,
        /// Catalogue references such as `OPS.2.3.A4`.
        #[serde(default)]
        pub refs: Vec<Id>,
        /// `true` to show this requirement only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
        /// `true` when the requirement's text may be released only under the
        /// non-disclosure agreement: the public tender then names the
        /// requirement and says where its text is, and the text goes into the
        /// NDA part of the tender pack.
        #[serde(default)]
        pub nda: bool,
    }
}

leaf!(Category, Priority);
