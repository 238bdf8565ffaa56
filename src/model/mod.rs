//! The typed input model: one file per input section, as DESIGN.md lists them.
//!
//! Every struct rejects unknown keys. Ids and references are [`Located`] so
//! that checks can point at the line that is wrong.

pub mod answers;
pub mod contingency;
pub mod contract;
pub mod evaluation;
pub mod join;
pub mod migration;
pub mod operations;
pub mod parties;
pub mod project;
pub mod requirements;
pub mod security_concept;
pub mod strategy;
pub mod tender;
pub mod types;
pub mod visit;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use answers::Answers;
pub use contingency::Contingency;
pub use contract::Contract;
pub use evaluation::Evaluation;
pub use join::{Join, Key, Written};
pub use migration::Migration;
pub use operations::Operations;
pub use parties::{Contact, Party};
pub use project::Project;
pub use requirements::Requirement;
pub use security_concept::SecurityConcept;
pub use strategy::Strategy;
pub use tender::Tender;
pub use types::{Id, Loc, Located};
pub use visit::{Kind, Ref, ScopeItem, Visit};

use visit::model;

/// What one input file may hold: any subset of the sections.
///
/// A list section's items are joined across files in path order. A mapping
/// section is read as [`Mapping`], with the keys each file writes, so that
/// its definitions in several files can be joined: the lists it holds (the
/// keys whose type is a `Vec`) in path order, any other key from the one
/// definition that writes it (see [`join`]).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "outsec input file",
    description = "One input file of an outsec project. It holds one or more top-level sections. A list section (`parties`, `contacts`, `requirements`) may be split over several files, joined in path order. A mapping section (all the others) may be written in several files too, but only its lists continue there (such as `contract.clauses`, joined in path order); any other key is written in one of them, and `project`, whose keys are required, in one file. Ids are unique across the project, and every reference must name an existing id of the right kind. Free text is Markdown."
)]
pub struct InputFile {
    /// Document control: id, title, client, language, version, date, status,
    /// classification, authors, approvers, revision history, frameworks.
    /// Written in one file: its keys are required, so a second definition
    /// would write them again.
    #[serde(default)]
    pub project: Section<Mapping<Project>>,
    /// The organisations of the project (client, provider, bidders, carrier,
    /// auditors, authorities, subcontractors). May be split over several files.
    #[serde(default)]
    pub parties: Section<Vec<Party>>,
    /// The people of the project, each working for a party. May be split
    /// over several files.
    #[serde(default)]
    pub contacts: Section<Vec<Contact>>,
    /// Outsourcing strategy (M 2.250, OPS.2.3.A8): objectives, scope with
    /// protection needs, reasons, legal constraints, risks, exit strategy.
    /// May be continued in other files by its lists (such as `risks`); any
    /// other key is written in one file.
    #[serde(default)]
    pub strategy: Section<Mapping<Strategy>>,
    /// Security requirements (M 2.251, OPS.2.3.A6), each with an id that
    /// every document keeps. May be split over several files.
    #[serde(default)]
    pub requirements: Section<Vec<Requirement>>,
    /// The call for bids (M 2.252, OPS.2.3.A3): deadlines, task split,
    /// suitability and award criteria, questions. May be continued in other
    /// files by its lists (such as `questions`); any other key is written in
    /// one file.
    #[serde(default)]
    pub tender: Section<Mapping<Tender>>,
    /// Evaluation of the bids and the award decision (M 2.252). Always
    /// internal. May be continued in other files by its lists (`bids`); any
    /// other key is written in one file.
    #[serde(default)]
    pub evaluation: Section<Mapping<Evaluation>>,
    /// The questionnaires the bidders returned, one entry per bidder, as
    /// `outsec answers import` writes them (`answers/<bidder>.yaml`).
    /// Always internal. May be split over several files.
    #[serde(default)]
    pub answers: Section<Vec<Answers>>,
    /// Security annex of the contract (M 2.253, OPS.2.3.A4/A7/A14, DORA
    /// Art. 30): services, service levels, incidents, data locations,
    /// clauses. May be continued in other files by its lists (such as
    /// `clauses`); any other key is written in one file.
    #[serde(default)]
    pub contract: Section<Mapping<Contract>>,
    /// Security concept (M 2.254, OPS.2.3.A6): domains, components, measures,
    /// residual risks. May be continued in other files by its lists (such as
    /// `measures`); any other key is written in one file.
    #[serde(default)]
    pub security_concept: Section<Mapping<SecurityConcept>>,
    /// Migration plan (M 2.255): team, phases, test data, fallback,
    /// exceptions. May be continued in other files by its lists (such as
    /// `phases`); any other key is written in one file.
    #[serde(default)]
    pub migration: Section<Mapping<Migration>>,
    /// Operations (M 2.256, OPS.2.3.A10–A18): checks, meetings, reports,
    /// audits, change notifications, agreement review. May be continued in
    /// other files by its lists (such as `checks`); any other key is written
    /// in one file.
    #[serde(default)]
    pub operations: Section<Mapping<Operations>>,
    /// Contingency plan (M 6.83, OPS.2.3.A20/A22): roles, escalation, fault
    /// localisation, scenarios, backups, exercises. May be continued in
    /// other files by its lists (such as `scenarios`); any other key is
    /// written in one file.
    #[serde(default)]
    pub contingency: Section<Mapping<Contingency>>,
}

impl InputFile {
    /// Whether the file has no section at all (only comments, or nothing).
    pub fn is_blank(&self) -> bool {
        [
            matches!(self.project, Section::Absent),
            matches!(self.parties, Section::Absent),
            matches!(self.contacts, Section::Absent),
            matches!(self.strategy, Section::Absent),
            matches!(self.requirements, Section::Absent),
            matches!(self.tender, Section::Absent),
            matches!(self.evaluation, Section::Absent),
            matches!(self.answers, Section::Absent),
            matches!(self.contract, Section::Absent),
            matches!(self.security_concept, Section::Absent),
            matches!(self.migration, Section::Absent),
            matches!(self.operations, Section::Absent),
            matches!(self.contingency, Section::Absent),
        ]
        .into_iter()
        .all(|absent| absent)
    }
}

/// A mapping section as one file writes it: its value and the keys it
/// writes, located at the section's key.
pub type Mapping<T> = Located<Written<T>>;

/// A top-level section as one file writes it. A key with no value
/// (`requirements:` alone) is told apart from a key that is not there, so
/// that it can be reported instead of silently adding nothing. Its schema is
/// that of `Option<T>`: the schema describes what parses.
#[derive(Debug, Default)]
pub enum Section<T> {
    /// The file does not have the section.
    #[default]
    Absent,
    /// The section's key with no value (nothing, `~` or `null`), and where
    /// the parser saw the missing value.
    Empty(Loc),
    /// The section's value.
    Given(T),
}

impl<T> Section<T> {
    /// The value, when the file gives one.
    pub fn given(self) -> Option<T> {
        match self {
            Section::Given(value) => Some(value),
            Section::Absent | Section::Empty(_) => None,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Section<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Located { value, loc } = Located::<Option<T>>::deserialize(d)?;
        Ok(match value {
            Some(value) => Section::Given(value),
            None => Section::Empty(loc),
        })
    }
}

impl<T: JsonSchema> JsonSchema for Section<T> {
    fn inline_schema() -> bool {
        Option::<T>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        Option::<T>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        Option::<T>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Option::<T>::json_schema(generator)
    }
}

/// The names of the top-level sections, for suggestions.
pub const SECTIONS: [&str; 13] = [
    "project",
    "parties",
    "contacts",
    "strategy",
    "requirements",
    "tender",
    "evaluation",
    "answers",
    "contract",
    "security_concept",
    "migration",
    "operations",
    "contingency",
];

model! {
    /// The whole project after every input file has been merged.
    #[derive(Clone, Debug, Serialize)]
    pub struct Model {
        pub project: Project,
        pub parties: Vec<Party>,
        pub contacts: Vec<Contact>,
        pub strategy: Strategy,
        pub requirements: Vec<Requirement>,
        pub tender: Tender,
        @internal pub evaluation: Evaluation,
        @internal pub answers: Vec<Answers>,
        pub contract: Contract,
        pub security_concept: SecurityConcept,
        pub migration: Migration,
        pub operations: Operations,
        pub contingency: Contingency,
        /// Where each mapping section was written (its first definition, in
        /// path order, when several files continue it), for diagnostics
        /// about a section as a whole.
        #[serde(skip)]
        pub sections: std::collections::BTreeMap<&'static str, Loc>,
    }
}
