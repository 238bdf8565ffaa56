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
        /// Version, date and status of single documents, where they differ
        /// from the project's: for example the tender as it was released to
        /// bidders, while the other documents move on. Keyed by the
        /// document's file stem (`tender`, `contract-annex`, …).
        #[serde(default)]
        pub documents: Documents,
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

/// A document outsec writes, by its file stem. The same names as
/// `documents::DOCUMENTS` (a test keeps them together).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentName {
    /// The tender (bidders).
    Tender,
    /// The contract's security annex (client and provider).
    ContractAnnex,
    /// The security concept (client and provider).
    SecurityConcept,
    /// The contingency plan (client and provider).
    ContingencyPlan,
    /// The migration plan (client and provider).
    MigrationPlan,
    /// The operations plan (client and provider).
    OperationsPlan,
    /// The outsourcing strategy (internal).
    Strategy,
    /// The instructions to bidders (bidders).
    Instructions,
    /// The forms bidders sign (bidders).
    Forms,
    /// The bidder questionnaire (bidders).
    Questionnaire,
    /// The answers to bidders' clarification questions (bidders).
    Clarifications,
    /// The NDA part of the tender (bidders under NDA).
    TenderNda,
    /// The provider evaluation and award decision (internal).
    ProviderEvaluation,
    /// The traceability matrix (internal).
    Traceability,
}

impl DocumentName {
    /// Every document, in the order of `documents::DOCUMENTS`.
    pub const ALL: [DocumentName; 14] = [
        DocumentName::Tender,
        DocumentName::ContractAnnex,
        DocumentName::SecurityConcept,
        DocumentName::ContingencyPlan,
        DocumentName::MigrationPlan,
        DocumentName::OperationsPlan,
        DocumentName::Strategy,
        DocumentName::Instructions,
        DocumentName::Forms,
        DocumentName::Questionnaire,
        DocumentName::Clarifications,
        DocumentName::TenderNda,
        DocumentName::ProviderEvaluation,
        DocumentName::Traceability,
    ];

    /// The file stem, as written in the inputs.
    pub fn stem(self) -> &'static str {
        match self {
            DocumentName::Tender => "tender",
            DocumentName::ContractAnnex => "contract-annex",
            DocumentName::SecurityConcept => "security-concept",
            DocumentName::ContingencyPlan => "contingency-plan",
            DocumentName::MigrationPlan => "migration-plan",
            DocumentName::OperationsPlan => "operations-plan",
            DocumentName::Strategy => "strategy",
            DocumentName::Instructions => "instructions",
            DocumentName::Forms => "forms",
            DocumentName::Questionnaire => "questionnaire",
            DocumentName::Clarifications => "clarifications",
            DocumentName::TenderNda => "tender-nda",
            DocumentName::ProviderEvaluation => "provider-evaluation",
            DocumentName::Traceability => "traceability",
        }
    }

    pub fn from_stem(stem: &str) -> Option<DocumentName> {
        DocumentName::ALL.into_iter().find(|d| d.stem() == stem)
    }

    /// The document whose version a part of the tender takes when it has
    /// none of its own: the instructions, the forms, the questionnaire and the NDA part go out with the
    /// tender.
    pub fn part_of(self) -> Option<DocumentName> {
        match self {
            DocumentName::Instructions
            | DocumentName::Forms
            | DocumentName::Questionnaire
            | DocumentName::Clarifications
            | DocumentName::TenderNda => Some(DocumentName::Tender),
            _ => None,
        }
    }
}

model! {
    /// Version, date and status of single documents, each where it differs
    /// from the project's (`project.version`, `date`, `status`). The
    /// instructions, forms, questionnaire and NDA part without an entry of their own take the
    /// tender's.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    pub struct Documents {
        /// The tender, as released to bidders (with the questionnaire and the
        /// NDA part, unless they have entries of their own).
        #[serde(default)]
        pub tender: Option<DocumentControl>,
        /// The contract annex.
        #[serde(default)]
        pub contract_annex: Option<DocumentControl>,
        /// The security concept.
        #[serde(default)]
        pub security_concept: Option<DocumentControl>,
        /// The contingency plan.
        #[serde(default)]
        pub contingency_plan: Option<DocumentControl>,
        /// The migration plan.
        #[serde(default)]
        pub migration_plan: Option<DocumentControl>,
        /// The operations plan.
        #[serde(default)]
        pub operations_plan: Option<DocumentControl>,
        /// The outsourcing strategy.
        #[serde(default)]
        pub strategy: Option<DocumentControl>,
        /// The instructions to bidders (else the tender's).
        #[serde(default)]
        pub instructions: Option<DocumentControl>,
        /// The forms bidders sign (else the tender's).
        #[serde(default)]
        pub forms: Option<DocumentControl>,
        /// The bidder questionnaire (else the tender's).
        #[serde(default)]
        pub questionnaire: Option<DocumentControl>,
        /// The answers to bidders' clarification questions (else the
        /// tender's; give it its own version and date when answers are
        /// published after the tender).
        #[serde(default)]
        pub clarifications: Option<DocumentControl>,
        /// The NDA part of the tender (else the tender's).
        #[serde(default)]
        pub tender_nda: Option<DocumentControl>,
        /// The provider evaluation.
        #[serde(default)]
        pub provider_evaluation: Option<DocumentControl>,
        /// The traceability matrix.
        #[serde(default)]
        pub traceability: Option<DocumentControl>,
    }
}

impl Documents {
    /// The entry written for `doc`, if any (not what it takes from the tender).
    pub fn get(&self, doc: DocumentName) -> Option<&DocumentControl> {
        match doc {
            DocumentName::Tender => self.tender.as_ref(),
            DocumentName::ContractAnnex => self.contract_annex.as_ref(),
            DocumentName::SecurityConcept => self.security_concept.as_ref(),
            DocumentName::ContingencyPlan => self.contingency_plan.as_ref(),
            DocumentName::MigrationPlan => self.migration_plan.as_ref(),
            DocumentName::OperationsPlan => self.operations_plan.as_ref(),
            DocumentName::Strategy => self.strategy.as_ref(),
            DocumentName::Instructions => self.instructions.as_ref(),
            DocumentName::Forms => self.forms.as_ref(),
            DocumentName::Questionnaire => self.questionnaire.as_ref(),
            DocumentName::Clarifications => self.clarifications.as_ref(),
            DocumentName::TenderNda => self.tender_nda.as_ref(),
            DocumentName::ProviderEvaluation => self.provider_evaluation.as_ref(),
            DocumentName::Traceability => self.traceability.as_ref(),
        }
    }
}

model! {
    /// A document's own version, date and status.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct DocumentControl {
        /// Version of this document, in quotes, for example `"1.0"`.
        pub version: Located<String>,
        /// Date of this version (for a tender: the day it was released to
        /// bidders), written as `2027-03-01`.
        #[schemars(with = "DateSchema")]
        pub date: Date,
        /// Approval status of this document: `draft`, `review`, `approved` or
        /// `released`; the project's when left out.
        #[serde(default)]
        pub status: Option<Located<Status>>,
    }
}

/// What one document shows as its version, date and status, and where that
/// came from.
#[derive(Clone, Copy, Debug)]
pub struct Control<'a> {
    pub version: &'a str,
    pub date: Date,
    pub status: Status,
    /// The entry the values come from: the document's own, the tender's (for
    /// a part of the tender), or none (the project's).
    pub entry: Option<(DocumentName, &'a DocumentControl)>,
}

impl Project {
    /// The version, date and status `doc` shows: its own entry in
    /// `project.documents`, else (for the parts of the tender) the
    /// tender's, else the project's. A status left out is the project's.
    pub fn control(&self, doc: DocumentName) -> Control<'_> {
        let entry = self.documents.get(doc).map(|e| (doc, e)).or_else(|| {
            doc.part_of()
                .and_then(|p| self.documents.get(p).map(|e| (p, e)))
        });
        match entry {
            Some((_, e)) => Control {
                version: &e.version.value,
                date: e.date,
                status: e.status.as_ref().map_or(self.status.value, |s| s.value),
                entry,
            },
            None => Control {
                version: &self.version,
                date: self.date,
                status: self.status.value,
                entry: None,
            },
        }
    }

    /// Whether the revision `r` concerns `doc`: it names no documents, or
    /// names `doc`, or names the tender while `doc` is a part of the tender
    /// (questionnaire, NDA part) without an entry of its own.
    pub fn concerns(&self, r: &Revision, doc: DocumentName) -> bool {
        let Some(named) = &r.documents else {
            return true;
        };
        let parent = self
            .documents
            .get(doc)
            .is_none()
            .then(|| doc.part_of())
            .flatten();
        named
            .iter()
            .any(|d| d.value == doc || Some(d.value) == parent)
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
        /// The documents this revision concerns, by file stem (`tender`,
        /// `contract-annex`, …); every document when left out. A document
        /// shows only the revisions that concern it (and a document for
        /// bidders none dated after its own date).
        #[serde(default)]
        pub documents: Option<Vec<Located<DocumentName>>>,
        /// `true` shows this entry only in internal documents, for changes that
        /// bidders and the provider must not read about.
        #[serde(default)]
        pub internal: bool,
    }
}

leaf!(Language, Status, Framework, DocumentName);
