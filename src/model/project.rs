//! `project`: document control shared by every document.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::parties::{Contact, Party};
use super::types::{Date, DateSchema, Id, Located};
use super::visit::{Ref, leaf, model};

/// Language of the generated documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    /// English.
    En,
    /// German.
    De,
}

/// Approval status of the documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Work in progress.
    Draft,
    /// Complete and under review.
    Review,
    /// Approved by the approvers.
    Approved,
    /// Approved and handed out to bidders or the provider.
    Released,
}

/// A framework that applies besides IT-Grundschutz.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    /// EU Digital Operational Resilience Act (financial entities); adds the
    /// DORA Art. 30 table to the contract annex.
    Dora,
    /// ISO/IEC 27001.
    Iso27001,
}

model! {
    /// Document control shared by every document: title, version, status,
    /// authors and approvers. Written once, in one input file.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Project {
        /// Short unique id of the project, for example `HR-OUT-2027`. Printed in
        /// every document.
        pub id: Id,
        /// Title of the outsourcing project, printed on every document.
        pub title: String,
        /// Party id of the outsourcing client.
        pub client: Ref<Party>,
        /// Language of the documents: `en` (English, the default) or `de` (German).
        #[serde(default = "default_language")]
        pub language: Language,
        /// Version of the document set, in quotes, for example `"1.0"`.
        pub version: String,
        /// Date of this version, written as `2027-03-01`.
        #[schemars(with = "DateSchema")]
        pub date: Date,
        /// Approval status: `draft`, `review`, `approved` or `released`.
        pub status: Located<Status>,
        /// Default classification marking, printed on every document.
        pub classification: String,
        /// A different marking for the documents of one audience, where the
        /// default does not fit: for example an unclassified public tender and a
        /// `VS – NUR FÜR DEN DIENSTGEBRAUCH` NDA part.
        #[serde(default)]
        pub classifications: Classifications,
        /// Contact ids of the authors.
        #[serde(default)]
        pub authors: Vec<Ref<Contact>>,
        /// Contact ids of the approvers.
        #[serde(default)]
        pub approvers: Vec<Ref<Contact>>,
        /// Revision history, oldest first: one entry per released version.
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
        /// Extra OSCAL catalogues and profiles in JSON, such as Grundschutz++,
        /// each as `PREFIX=path` (for example `GSPP=catalogs/gspp-catalog.json`)
        /// or just the path; paths are relative to the input folder. Inputs then
        /// cite their controls as `PREFIX:ID` in `refs`. Whether a file is a
        /// catalogue or a profile is read from the file.
        #[serde(default)]
        @internal pub catalogs: Vec<String>,
        /// Catalogue items that this project addresses outside these inputs (for
        /// example in the institution's outsourcing policy or register), each
        /// with a statement of where. They count as covered, with that statement.
        #[serde(default)]
        @internal pub addressed_elsewhere: Vec<AddressedElsewhere>,
    }
}

model! {
    /// Classification markings per audience; each one left out uses
    /// `project.classification`.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Classifications {
        /// Marking of the documents for bidders (tender, questionnaire, pack cover).
        #[serde(default)]
        pub bidder: Option<String>,
        /// Marking of the NDA part of the tender.
        #[serde(default)]
        pub bidder_nda: Option<String>,
        /// Marking of the documents for client and provider (contract annex,
        /// security concept, contingency plan, migration and operations plans).
        #[serde(default)]
        pub provider: Option<String>,
        /// Marking of the internal documents (strategy, evaluation, traceability).
        #[serde(default)]
        pub internal: Option<String>,
    }
}

model! {
    /// A catalogue item addressed outside the project's inputs.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct AddressedElsewhere {
        /// The catalogue item, for example `OPS.2.3.A11`.
        #[serde(rename = "ref")]
        pub item: Id,
        /// Where and how it is addressed, for example `Outsourcing register in the GRC tool, entry 2027-04`.
        pub text: String,
    }
}

fn default_language() -> Language {
    Language::En
}

model! {
    /// One entry of the revision history.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Revision {
        /// Version number of the revision, for example `"0.9"`.
        pub version: String,
        /// Date of the revision, written as `2027-03-01`.
        #[schemars(with = "DateSchema")]
        pub date: Date,
        /// Contact id of the person who made the change.
        pub author: Ref<Contact>,
        /// What changed in this revision.
        pub changes: String,
        /// `true` shows this entry only in internal documents, for changes that
        /// bidders and the provider must not read about.
        #[serde(default)]
        pub internal: bool,
    }
}

leaf!(Language, Status, Framework);
