//! `project`: document control shared by every document.

use serde::{Deserialize, Serialize};

use super::types::{Date, Id, Located};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    En,
    De,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    Review,
    Approved,
    Released,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    Dora,
    Iso27001,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub id: Id,
    pub title: String,
    /// Party id of the outsourcing client.
    pub client: Id,
    #[serde(default = "default_language")]
    pub language: Language,
    pub version: String,
    pub date: Date,
    pub status: Status,
    /// Default classification marking, printed on every document.
    pub classification: String,
    /// Contact ids of the authors.
    #[serde(default)]
    pub authors: Vec<Id>,
    /// Contact ids of the approvers.
    #[serde(default)]
    pub approvers: Vec<Id>,
    #[serde(default)]
    pub revisions: Vec<Revision>,
    /// Short description of the outsourcing project (Markdown).
    #[serde(default)]
    pub summary: Option<String>,
    /// Frameworks that apply besides IT-Grundschutz.
    #[serde(default)]
    pub frameworks: Vec<Located<Framework>>,
    /// Whether the outsourced service supports a critical or important function
    /// (DORA Art. 30(3)).
    #[serde(default)]
    pub critical_function: bool,
    /// Paths of extra OSCAL catalogues and profiles.
    #[serde(default)]
    pub catalogs: Vec<String>,
}

fn default_language() -> Language {
    Language::En
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub version: String,
    pub date: Date,
    /// Contact id of the person who made the change.
    pub author: Id,
    pub changes: String,
}
