//! `migration` (M 2.255): the move to the provider.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::parties::{Contact, Party};
use super::requirements::Requirement;
use super::types::{Date, DateSchema, Id};
use super::visit::{Ref, model};

model! {
    /// The migration to the provider: team, phases, test data, fallback and
    /// temporary exceptions.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Migration {
        /// The migration team and each member's role.
        #[serde(default)]
        pub team: Vec<TeamMember>,
        /// The phases of the migration, in order.
        #[serde(default)]
        pub phases: Vec<Phase>,
        /// How test data is produced and protected (Markdown).
        #[serde(default)]
        pub test_data: Option<String>,
        /// How to return to the previous state if the migration fails (Markdown).
        #[serde(default)]
        pub fallback: Option<String>,
        /// Temporary departures from requirements during the migration, each
        /// with an expiry date.
        #[serde(default)]
        pub exceptions: Vec<Exception>,
    }
}

model! {
    /// A member of the migration team.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct TeamMember {
        /// Contact id.
        pub contact: Ref<Contact>,
        /// The member's role in the migration, for example `migration lead`.
        pub role: String,
    }
}

model! {
    item(Phase)
    /// A phase of the migration.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Phase {
        /// Short unique id of the phase, for example `PH-1`.
        pub id: Id,
        /// Short title of the phase.
        pub title: String,
        /// First day of the phase, written as `2027-03-01`.
        #[schemars(with = "DateSchema")]
        pub start: Located<Date>,
        /// Last day of the phase, written as `2027-03-01`; not before `start`.
        #[schemars(with = "DateSchema")]
        pub end: Located<Date>,
        /// Whether the phase may overlap the previous one.
        #[serde(default)]
        pub parallel: bool,
        /// What happens in the phase (Markdown).
        #[serde(default)]
        pub text: Option<String>,
        /// The tasks of the phase and who does them.
        #[serde(default)]
        pub tasks: Vec<PhaseTask>,
        /// Security checks and acceptance criteria that close the phase.
        #[serde(default)]
        pub checks: Vec<AcceptanceCheck>,
        /// `true` to show this phase only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

use super::types::Located;

model! {
    /// A task in a migration phase.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct PhaseTask {
        /// What is to be done.
        pub title: String,
        /// Party id of the party that does the task.
        pub responsible: Ref<Party>,
    }
}

model! {
    item(AcceptanceCheck)
    /// A security check or acceptance criterion that closes a phase.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct AcceptanceCheck {
        /// Short unique id of the check, for example `ACC-1-CONCEPT`.
        pub id: Id,
        /// Short title of the check.
        pub title: String,
        /// What must be true for the check to pass.
        pub acceptance: String,
        /// Requirement ids the check verifies.
        #[serde(default)]
        pub requirements: Vec<Ref<Requirement>>,
    }
}

model! {
    item(Exception)
    /// A temporary departure from requirements during the migration.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Exception {
        /// Short unique id of the exception, for example `EXC-01`.
        pub id: Id,
        /// Short title of the exception.
        pub title: String,
        /// What departs from the requirements, why, and how the risk is limited
        /// meanwhile (Markdown).
        pub text: String,
        /// Requirement ids the exception departs from.
        #[serde(default)]
        pub requirements: Vec<Ref<Requirement>>,
        /// Contact id of the approver.
        #[serde(default)]
        pub approver: Option<Ref<Contact>>,
        /// Date the exception ends, written as `2027-03-01`.
        #[schemars(with = "DateSchema")]
        pub expires: Located<Date>,
        /// `true` to show this exception only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}
