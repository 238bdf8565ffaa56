//! `parties` and `contacts`: the organisations and people of the project.

use serde::{Deserialize, Serialize};

use super::types::Id;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Client,
    Provider,
    Bidder,
    Carrier,
    Auditor,
    Authority,
    Subcontractor,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: Id,
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: Id,
    pub name: String,
    pub function: String,
    /// Party id of the organisation the person works for.
    pub party: Id,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Contact id of the deputy.
    #[serde(default)]
    pub deputy: Option<Id>,
    #[serde(default)]
    pub internal: bool,
}
