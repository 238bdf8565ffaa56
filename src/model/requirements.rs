//! `requirements` (M 2.251, OPS.2.3.A6): the security requirements of the project.

use serde::{Deserialize, Serialize};

use super::types::Id;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Infrastructure,
    Organisation,
    Personnel,
    Technology,
    Communication,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    Must,
    Should,
    May,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub id: Id,
    pub title: String,
    pub category: Category,
    pub priority: Priority,
    /// What is required (Markdown).
    pub text: String,
    /// Why it is required. Internal: never shown to bidders or the provider.
    #[serde(default)]
    pub rationale: Option<String>,
    /// Process and system ids the requirement applies to.
    #[serde(default)]
    pub scope: Vec<Id>,
    /// Evidence a bidder or provider must supply.
    #[serde(default)]
    pub evidence: Option<String>,
    /// Catalogue references such as `OPS.2.3.A4`.
    #[serde(default)]
    pub refs: Vec<Id>,
    #[serde(default)]
    pub internal: bool,
}
