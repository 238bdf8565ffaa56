//! `tender` (M 2.252, OPS.2.3.A3): the call for bids.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::parties::{Contact, Party};
use super::requirements::Requirement;
use super::types::{Date, DateSchema, Id, Located};
use super::visit::{Ref, leaf, model};

/// The kind of organisation that runs the tender, which decides how the
/// documents name it and which procurement rules they refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ContractingEntity {
    /// A public contracting authority (öffentlicher Auftraggeber, § 99 GWB):
    /// public procurement law applies.
    Public,
    /// A sector contracting entity (Sektorenauftraggeber, § 100 GWB), for
    /// example a municipal utility buying for its energy or water supply:
    /// the sector rules (SektVO) apply.
    Sector,
    /// A private client not bound by public procurement law, for example a
    /// bank, or a savings bank that is not a contracting authority: the
    /// documents are a private request for proposals, which creates no
    /// entitlement and reserves changes and the end of the process.
    Private,
}

/// What a date of the tender procedure is, where outsec needs to know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineKind {
    /// The last day for bidders' clarification questions.
    Questions,
    /// The deadline for requests to participate.
    Requests,
    /// A deadline for bids (initial or final); answers to clarification
    /// questions are checked against it.
    Bids,
    /// The award.
    Award,
    /// The end of the bid validity period.
    Validity,
}

/// A document that the answer to a clarification question changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChangedDocument {
    /// The tender document (`tender`).
    Tender,
    /// The bidder questionnaire (`questionnaire`).
    Questionnaire,
    /// The material released under the non-disclosure agreement (`tender-nda`).
    TenderNda,
    /// The contract annex (`contract-annex`).
    ContractAnnex,
    /// The instructions to bidders (`instructions`).
    Instructions,
    /// The forms bidders sign (`forms`).
    Forms,
}

impl ChangedDocument {
    /// The document's file stem.
    pub fn stem(self) -> &'static str {
        match self {
            ChangedDocument::Tender => "tender",
            ChangedDocument::Questionnaire => "questionnaire",
            ChangedDocument::TenderNda => "tender-nda",
            ChangedDocument::ContractAnnex => "contract-annex",
            ChangedDocument::Instructions => "instructions",
            ChangedDocument::Forms => "forms",
        }
    }
}

model! {
    /// The call for bids: procedure, deadlines, division of tasks, criteria and
    /// questions for the bidders.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Tender {
        /// Who runs the tender: `public` (a public contracting authority,
        /// § 99 GWB), `sector` (a sector contracting entity, § 100 GWB) or
        /// `private` (a client not bound by public procurement law, such as
        /// a bank). It decides how the documents name the client and which
        /// procurement rules they cite. Left out, the documents call the
        /// client just "client" and cite no procurement rules.
        #[serde(default)]
        pub contracting_entity: Option<Located<ContractingEntity>>,
        /// Award procedure, for example `open procedure under VgV`.
        #[serde(default)]
        pub procedure: Option<String>,
        /// Reference number of the procedure.
        #[serde(default)]
        pub reference: Option<String>,
        /// Contact id for bidders' questions.
        #[serde(default)]
        pub contact: Option<Ref<Contact>>,
        /// Dates of the procedure: questions, submission, award, start.
        #[serde(default)]
        pub deadlines: Vec<Deadline>,
        /// Division of tasks: who (client, provider, carrier) carries which task.
        #[serde(default)]
        pub task_split: Vec<Task>,
        /// Required quality level of the service (Markdown).
        #[serde(default)]
        pub quality_level: Option<String>,
        /// Suitability (knock-out) criteria: a bidder that fails one is excluded.
        #[serde(default)]
        pub suitability_criteria: Vec<SuitabilityCriterion>,
        /// Award criteria with their weights, used to score the bids.
        #[serde(default)]
        pub award_criteria: Vec<AwardCriterion>,
        /// The points scale for scoring the bids on the award criteria
        /// (0 to 10 unless set otherwise).
        #[serde(default)]
        pub scoring: Scoring,
        /// Questions the bidders must answer in their bids.
        #[serde(default)]
        pub questions: Vec<Question>,
        /// Material released to bidders only after they sign a non-disclosure agreement.
        #[serde(default)]
        pub nda_items: Vec<NdaItem>,
        /// How and where bids are submitted: platform, format, language, what a
        /// bid must contain (Markdown). Printed on the cover page of the tender pack.
        #[serde(default)]
        pub submission: Option<String>,
        /// Bidders' clarification questions with their answers, as published
        /// to every bidder in the clarifications document of the tender pack.
        #[serde(default)]
        pub clarifications: Vec<Clarification>,
        /// The rules of the procedure for candidates and bidders, printed in
        /// the instructions to bidders (`instructions`): how to communicate,
        /// the form and contents of bids, subcontractors, consortia, the price
        /// formula and more. Every key is optional where a standard wording
        /// is right.
        #[serde(default)]
        pub instructions: Instructions,
        /// The forms that candidates and bidders sign (bid letter,
        /// self-declarations), printed in the forms document (`forms`). A
        /// form with the id of a built-in one (`DECL-BID`, `DECL-EXCLUSION`)
        /// replaces it; others are added.
        #[serde(default)]
        pub declarations: Vec<Declaration>,
    }
}

/// Whether something is allowed in the bids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Allowed {
    /// Allowed.
    Allowed,
    /// Not allowed.
    NotAllowed,
}

/// Whether documents missing from a bid or request are requested later
/// (Nachforderung).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MissingDocuments {
    /// Missing or incomplete documents may be requested later, with a
    /// deadline, except documents that affect the scoring of the bid and
    /// prices other than immaterial ones.
    MayBeRequested,
    /// Missing documents are not requested later: an incomplete bid or
    /// request is excluded.
    NotRequested,
}

/// How price points are computed from the evaluation price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PriceMethod {
    /// Points = highest points × lowest price ÷ price of the bid.
    Ratio,
    /// Points fall in a straight line from the highest points for the lowest
    /// price to the lowest points for a price `zero_at` percent of the
    /// lowest, and stay there above.
    Linear,
}

/// Who signs a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Signer {
    /// The candidate or bidder (for a consortium, its lead member on behalf
    /// of all members).
    Bidder,
    /// Each member of a consortium, separately.
    ConsortiumMember,
    /// Each subcontractor named in the bid, separately.
    Subcontractor,
    /// Each firm whose capacities the bidder relies on, separately.
    CapacityLender,
}

/// The stage of a two-stage procedure at which a form is submitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// With the request to participate (only in a tender with a deadline of
    /// kind `requests`).
    Participation,
    /// With the bid.
    Bids,
}

model! {
    /// The rules of the procedure that the instructions to bidders set out.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Instructions {
        /// How candidates and bidders communicate with the client: the
        /// e-procurement platform or the address, for example
        /// `the procurement platform https://vergabe.example.de`. Left
        /// out, the platform named in the contract notice (private: the
        /// channel named in the invitation).
        #[serde(default)]
        pub communication: Option<String>,
        /// The language of requests, bids and all communication, for
        /// example `German`; the language of the documents when left out.
        #[serde(default)]
        pub bid_language: Option<String>,
        /// The form of requests and bids (Markdown); left out, text form
        /// through the communication channel, no e-mail or paper.
        #[serde(default)]
        pub bid_form: Option<String>,
        /// What a bid must contain besides the forms, the questionnaire and
        /// the evidence for the criteria, one item a line, for example
        /// `Operations concept of at most 20 pages`.
        #[serde(default)]
        pub bid_contents: Vec<String>,
        /// Whether variants (alternative bids) are admitted; not when left out.
        #[serde(default)]
        pub variants: Option<Located<Allowed>>,
        /// How the contract is divided into lots, or why it is not
        /// (Markdown); left out, one contract without lots.
        #[serde(default)]
        pub lots: Option<String>,
        /// Whether subcontractors may be used; allowed when left out, with
        /// the parts and firms named in the bid.
        #[serde(default)]
        pub subcontracting: Option<Located<Allowed>>,
        /// Whether consortia may bid; allowed when left out.
        #[serde(default)]
        pub consortia: Option<Located<Allowed>>,
        /// Whether a bidder may rely on the capacities of other firms for
        /// suitability; allowed when left out.
        #[serde(default)]
        pub capacity_lending: Option<Located<Allowed>>,
        /// Whether missing documents are requested later; left out, they may
        /// be requested.
        #[serde(default)]
        pub missing_documents: Option<Located<MissingDocuments>>,
        /// The review body (Vergabekammer) with its address, for a public or
        /// sector contracting entity.
        #[serde(default)]
        pub review_body: Option<String>,
        /// The data protection notice (Markdown); left out, a standard
        /// notice that names the client as controller.
        #[serde(default)]
        pub data_protection: Option<String>,
        /// How price points are computed, published before bids are due.
        #[serde(default)]
        pub price_formula: Option<PriceFormula>,
        /// How many candidates at most are invited to bid in a procedure with
        /// a participation stage, and how they are chosen (Markdown).
        #[serde(default)]
        pub selection: Option<String>,
        /// The protection level of the material released under the
        /// non-disclosure declaration, for example `VS-NfD` or
        /// `confidential`; the NDA part's marking when left out.
        #[serde(default)]
        pub nda_protection: Option<String>,
        /// How many years the non-disclosure declaration binds after the
        /// procedure ends (5 when left out).
        #[serde(default)]
        pub nda_years: Option<u32>,
    }
}

model! {
    /// The published formula that turns a bid's price into points.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct PriceFormula {
        /// The award criterion that scores the price, for example `AW-PRICE`.
        pub criterion: Ref<AwardCriterion>,
        /// `ratio` (points = highest points × lowest price ÷ price) or
        /// `linear` (see `zero_at`).
        pub method: Located<PriceMethod>,
        /// For `linear`: the price, in percent of the lowest price, that
        /// earns the lowest points (for example 200: twice the lowest price).
        #[serde(default)]
        pub zero_at: Option<u32>,
        /// What the evaluation price is, for example `the total of all
        /// prices over the minimum term of 60 months at the quantities of
        /// the price sheet, net of VAT`.
        pub basis: String,
    }
}

model! {
    item(Declaration)
    /// A form that candidates or bidders sign and submit.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Declaration {
        /// Short unique id of the form, for example `DECL-SANCTIONS`; the id
        /// of a built-in form (`DECL-BID`, `DECL-EXCLUSION`) replaces it.
        pub id: Id,
        /// Title of the form, for example `Self-declaration on the
        /// sanctions against Russia`.
        pub title: String,
        /// What the signer declares, in the first person plural, as the form
        /// prints it (Markdown).
        pub text: String,
        /// Who must sign it: `bidder`, `consortium-member`,
        /// `subcontractor`, `capacity-lender` (the bidder when left out).
        #[serde(default)]
        pub signers: Vec<Located<Signer>>,
        /// `participation` (with the request to participate) or `bids`
        /// (with the bid, the default). Only a tender with a deadline of
        /// kind `requests` has a participation stage.
        #[serde(default)]
        pub stage: Option<Located<Stage>>,
    }
}

model! {
    item(Clarification)
    /// A bidder's clarification question and its answer, published to every
    /// bidder without naming who asked. Clarifications are never internal:
    /// every bidder receives the same answers.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Clarification {
        /// Short unique id of the clarification, for example `CQ-01`.
        pub id: Id,
        /// The question as received, anonymised: it must not name or
        /// identify the bidder that asked (Markdown).
        pub question: String,
        /// The answer, as published to every bidder (Markdown).
        pub answer: String,
        /// The day the answer was sent to the bidders, written as `2027-03-01`.
        #[schemars(with = "DateSchema")]
        pub answered: Located<Date>,
        /// The day the question was received, written as `2027-03-01`.
        #[serde(default)]
        #[schemars(with = "Option<DateSchema>")]
        pub received: Option<Date>,
        /// `true` when the answer changes the tender documents; `documents`
        /// then names which.
        #[serde(default)]
        pub changes_documents: bool,
        /// The documents the answer changes: `tender`, `questionnaire`,
        /// `tender-nda`, `contract-annex`, `instructions`, `forms`.
        #[serde(default)]
        pub documents: Vec<Located<ChangedDocument>>,
    }
}

impl Tender {
    /// The wording variant of the messages for this kind of contracting
    /// entity (see `i18n::Messages::with_variant`): none for a public
    /// contracting authority, whose wording is the catalogue's own.
    pub fn wording_variant(&self) -> Option<&'static str> {
        match self.contracting_entity.as_deref() {
            Some(ContractingEntity::Public) => None,
            Some(ContractingEntity::Sector) => Some("sector"),
            Some(ContractingEntity::Private) => Some("private"),
            None => Some("unset"),
        }
    }
}

model! {
    item(Deadline)
    /// A date in the tender procedure.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Deadline {
        /// Short unique id of the deadline, for example `DL-AWARD`.
        pub id: Id,
        /// What is due, for example `Submission of bids`.
        pub title: String,
        /// The date, written as `2027-03-01`.
        #[schemars(with = "DateSchema")]
        pub date: Date,
        /// Time of day, if any, for example `12:00 CET`.
        #[serde(default)]
        pub time: Option<String>,
        /// What the date is, where outsec checks against it: `questions`,
        /// `requests`, `bids`, `award` or `validity`. Answers to clarification
        /// questions are checked against the deadlines of kind `bids`.
        #[serde(default)]
        pub kind: Option<Located<DeadlineKind>>,
        /// `true` to show this deadline only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(Task)
    /// A task and the party that carries it.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Task {
        /// Short unique id of the task, for example `TASK-PR-OPS`.
        pub id: Id,
        /// Short title of the task.
        pub title: String,
        /// Party id of the party that carries the task (client, provider, carrier).
        pub responsible: Ref<Party>,
        /// What the task includes (Markdown).
        #[serde(default)]
        pub text: Option<String>,
        /// `true` to show this task only in internal documents, never to bidders
        /// or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(SuitabilityCriterion)
    /// A suitability (knock-out) criterion: a bidder that does not meet it is
    /// excluded.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct SuitabilityCriterion {
        /// Short unique id of the criterion, for example `SC-ISMS`; the
        /// evaluation refers to it.
        pub id: Id,
        /// Short title of the criterion.
        pub title: String,
        /// What the bidder must fulfil (Markdown).
        pub text: String,
        /// Evidence the bidder must submit.
        pub evidence: String,
        /// Catalogue references such as `OPS.2.3.A3`.
        #[serde(default)]
        pub refs: Vec<Id>,
        /// Must be `false` (or left out): bidders are told every knock-out
        /// criterion, so `internal: true` is an error (`OS-EVAL-010`).
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(AwardCriterion)
    /// An award criterion, used to score the bids that pass the suitability
    /// criteria.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct AwardCriterion {
        /// Short unique id of the criterion, for example `AW-SECURITY`; the
        /// evaluation refers to it.
        pub id: Id,
        /// Short title of the criterion.
        pub title: String,
        /// What is assessed and how (Markdown).
        pub text: String,
        /// Weight in percent; the weights add up to 100.
        pub weight: u32,
        /// Requirement ids the criterion assesses.
        #[serde(default)]
        pub requirements: Vec<Ref<Requirement>>,
        /// Must be `false` (or left out): bidders are told every award criterion
        /// and its weight, so `internal: true` is an error (`OS-EVAL-009`).
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    /// The points scale for scoring bids on the award criteria.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Scoring {
        /// Lowest number of points (default 0).
        #[serde(default)]
        pub min: u32,
        /// Highest number of points (default 10).
        #[serde(default = "default_max")]
        pub max: u32,
        /// What the points mean (Markdown).
        #[serde(default)]
        pub text: Option<String>,
    }
}

fn default_max() -> u32 {
    10
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            min: 0,
            max: default_max(),
            text: None,
        }
    }
}

model! {
    item(Question)
    /// A question the bidders must answer.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Question {
        /// Short unique id of the question, for example `Q-BACKUP`.
        pub id: Id,
        /// The question (Markdown).
        pub text: String,
        /// Requirement ids the answer gives evidence for.
        #[serde(default)]
        pub requirements: Vec<Ref<Requirement>>,
        /// `true` to show this question only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(NdaItem)
    /// Material released to bidders only under a non-disclosure agreement.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct NdaItem {
        /// Short unique id of the item, for example `NDA-NETWORK`.
        pub id: Id,
        /// Short title of the material, for example `Network plan`.
        pub title: String,
        /// What the material contains, as the public tender describes it (Markdown).
        pub text: String,
        /// The material itself (Markdown). It goes only into the NDA part of the
        /// tender pack, `tender-pack-nda`, never into the public pack.
        #[serde(default)]
        pub content: Option<String>,
        /// `true` to show this item only in internal documents, never to bidders
        /// or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

impl Tender {
    /// Whether the tender has a participation stage (Teilnahmewettbewerb):
    /// a deadline for requests to participate.
    pub fn has_participation_stage(&self) -> bool {
        self.deadlines
            .iter()
            .any(|d| !d.internal && d.kind.as_deref() == Some(&DeadlineKind::Requests))
    }
}

leaf!(
    ContractingEntity,
    DeadlineKind,
    ChangedDocument,
    Allowed,
    MissingDocuments,
    PriceMethod,
    Signer,
    Stage
);
