//! `evaluation` (M 2.252): the bids and the award decision. Internal as a whole.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::answers::QuestionnaireItem;
use super::parties::Party;
use super::tender::{AwardCriterion, SuitabilityCriterion};
use super::types::{Date, DateSchema};
use super::visit::{Ref, leaf, model};

model! {
    /// The evaluation of the bids and the award decision. Internal as a whole:
    /// never shown to bidders or the provider.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Evaluation {
        /// The bids received, one per bidder.
        #[serde(default)]
        pub bids: Vec<Bid>,
        /// Party id of the chosen provider.
        #[serde(default)]
        pub chosen: Option<Ref<Party>>,
        /// Why the chosen provider was chosen (Markdown).
        #[serde(default)]
        pub justification: Option<String>,
    }
}

model! {
    /// One bid and how it was assessed.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Bid {
        /// Party id of the bidder.
        pub bidder: Ref<Party>,
        /// Date the bid was received, written as `2027-03-01`.
        #[serde(default)]
        #[schemars(with = "Option<DateSchema>")]
        pub received: Option<Date>,
        /// Result of each suitability (knock-out) criterion for this bid.
        #[serde(default)]
        pub knockout: Vec<KnockoutResult>,
        /// The bid's exclusion besides a failed knock-out criterion, for
        /// example for a `must` requirement its questionnaire answers `no`.
        /// An excluded bid is not scored.
        #[serde(default)]
        pub excluded: Option<Exclusion>,
        /// Points for each award criterion for this bid; none for a bid
        /// excluded at the knock-out stage or by `excluded`.
        #[serde(default)]
        pub scores: Vec<Score>,
        /// The evaluators' notes on the bidder's answers in the
        /// questionnaire (`answers`): every `partly` of a bid that is not
        /// excluded needs one, saying what is missing and why the bid stays.
        #[serde(default)]
        pub compliance_notes: Vec<ComplianceNote>,
        /// Remarks on the bid (Markdown).
        #[serde(default)]
        pub notes: Option<String>,
    }
}

/// Whether a bid meets a suitability (knock-out) criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KnockoutOutcome {
    /// The bid meets the criterion.
    Passed,
    /// The bid does not meet the criterion.
    Failed,
    /// The bidder did not submit the evidence.
    Missing,
}

model! {
    /// The result of one suitability (knock-out) criterion for a bid.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct KnockoutResult {
        /// Suitability criterion id.
        pub criterion: Ref<SuitabilityCriterion>,
        /// `passed`, `failed` or `missing` (evidence not submitted).
        pub result: KnockoutOutcome,
        /// Remark on the result.
        #[serde(default)]
        pub note: Option<String>,
    }
}

model! {
    /// The points a bid scored on one award criterion.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Score {
        /// Award criterion id.
        pub criterion: Ref<AwardCriterion>,
        /// Points awarded, within the tender's scoring scale (`tender.scoring`,
        /// 0 to 10 unless set otherwise).
        pub score: super::types::Located<f64>,
        /// Reason for the score.
        #[serde(default)]
        pub note: Option<String>,
    }
}

model! {
    /// Why and when a bid was excluded.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Exclusion {
        /// The reason, for example `REQ-COM-02 (MUST) not met: answered no` (Markdown).
        pub reason: String,
        /// Date of the decision, written as `2027-03-01`.
        #[serde(default)]
        #[schemars(with = "Option<DateSchema>")]
        pub date: Option<Date>,
    }
}

model! {
    /// The evaluators' note on a bidder's answer to one row of the questionnaire.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct ComplianceNote {
        /// Id of the question or requirement.
        pub id: Ref<QuestionnaireItem>,
        /// How the answer was assessed (Markdown).
        pub note: String,
    }
}

leaf!(KnockoutOutcome);
