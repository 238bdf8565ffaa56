//! `migration` (M 2.255): the move to the provider.

use serde::{Deserialize, Serialize};

use super::types::{Date, Id};

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    #[serde(default)]
    pub team: Vec<TeamMember>,
    #[serde(default)]
    pub phases: Vec<Phase>,
    /// How test data is produced and protected (Markdown).
    #[serde(default)]
    pub test_data: Option<String>,
    /// How to return to the previous state if the migration fails (Markdown).
    #[serde(default)]
    pub fallback: Option<String>,
    #[serde(default)]
    pub exceptions: Vec<Exception>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    /// Contact id.
    pub contact: Id,
    pub role: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: Id,
    pub title: String,
    pub start: Located<Date>,
    pub end: Located<Date>,
    /// Whether the phase may overlap the previous one.
    #[serde(default)]
    pub parallel: bool,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub tasks: Vec<PhaseTask>,
    /// Security checks and acceptance criteria that close the phase.
    #[serde(default)]
    pub checks: Vec<AcceptanceCheck>,
    #[serde(default)]
    pub internal: bool,
}

use super::types::Located;

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseTask {
    pub title: String,
    /// Party id of the party that does the task.
    pub responsible: Id,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptanceCheck {
    pub id: Id,
    pub title: String,
    /// What must be true for the check to pass.
    pub acceptance: String,
    /// Requirement ids the check verifies.
    #[serde(default)]
    pub requirements: Vec<Id>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub id: Id,
    pub title: String,
    pub text: String,
    /// Requirement ids the exception departs from.
    #[serde(default)]
    pub requirements: Vec<Id>,
    /// Contact id of the approver.
    #[serde(default)]
    pub approver: Option<Id>,
    pub expires: Located<Date>,
    #[serde(default)]
    pub internal: bool,
}
