//! The typed input model: one file per input section, as DESIGN.md lists them.
//!
//! Every struct rejects unknown keys. Ids and references are [`Located`] so
//! that checks can point at the line that is wrong.

pub mod contingency;
pub mod contract;
pub mod evaluation;
pub mod migration;
pub mod operations;
pub mod parties;
pub mod project;
pub mod requirements;
pub mod security_concept;
pub mod strategy;
pub mod tender;
pub mod types;

use serde::{Deserialize, Serialize};

pub use contingency::Contingency;
pub use contract::Contract;
pub use evaluation::Evaluation;
pub use migration::Migration;
pub use operations::Operations;
pub use parties::{Contact, Party};
pub use project::Project;
pub use requirements::Requirement;
pub use security_concept::SecurityConcept;
pub use strategy::Strategy;
pub use tender::Tender;
pub use types::{Id, Loc, Located};

/// What one input file may hold: any subset of the sections.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputFile {
    pub project: Option<Located<Project>>,
    pub parties: Option<Vec<Party>>,
    pub contacts: Option<Vec<Contact>>,
    pub strategy: Option<Located<Strategy>>,
    pub requirements: Option<Vec<Requirement>>,
    pub tender: Option<Located<Tender>>,
    pub evaluation: Option<Located<Evaluation>>,
    pub contract: Option<Located<Contract>>,
    pub security_concept: Option<Located<SecurityConcept>>,
    pub migration: Option<Located<Migration>>,
    pub operations: Option<Located<Operations>>,
    pub contingency: Option<Located<Contingency>>,
}

/// The names of the top-level sections, for suggestions.
pub const SECTIONS: [&str; 12] = [
    "project",
    "parties",
    "contacts",
    "strategy",
    "requirements",
    "tender",
    "evaluation",
    "contract",
    "security_concept",
    "migration",
    "operations",
    "contingency",
];

/// The whole project after every input file has been merged.
#[derive(Clone, Debug, Serialize)]
pub struct Model {
    pub project: Project,
    pub parties: Vec<Party>,
    pub contacts: Vec<Contact>,
    pub strategy: Strategy,
    pub requirements: Vec<Requirement>,
    pub tender: Tender,
    pub evaluation: Evaluation,
    pub contract: Contract,
    pub security_concept: SecurityConcept,
    pub migration: Migration,
    pub operations: Operations,
    pub contingency: Contingency,
    /// Where each mapping section was written, for diagnostics about a
    /// section as a whole.
    #[serde(skip)]
    pub sections: std::collections::BTreeMap<&'static str, Loc>,
}
