//! `tender` (M 2.252, OPS.2.3.A3): the call for bids.

use serde::{Deserialize, Serialize};

use super::types::{Date, Id};

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tender {
    /// Award procedure, for example `open procedure under VgV`.
    #[serde(default)]
    pub procedure: Option<String>,
    /// Reference number of the procedure.
    #[serde(default)]
    pub reference: Option<String>,
    /// Contact id for bidders' questions.
    #[serde(default)]
    pub contact: Option<Id>,
    #[serde(default)]
    pub deadlines: Vec<Deadline>,
    #[serde(default)]
    pub task_split: Vec<Task>,
    /// Required quality level of the service (Markdown).
    #[serde(default)]
    pub quality_level: Option<String>,
    #[serde(default)]
    pub suitability_criteria: Vec<SuitabilityCriterion>,
    #[serde(default)]
    pub award_criteria: Vec<AwardCriterion>,
    #[serde(default)]
    pub scoring: Scoring,
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Material released to bidders only after they sign a non-disclosure agreement.
    #[serde(default)]
    pub nda_items: Vec<NdaItem>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub id: Id,
    pub title: String,
    pub date: Date,
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: Id,
    pub title: String,
    /// Party id of the party that carries the task (client, provider, carrier).
    pub responsible: Id,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SuitabilityCriterion {
    pub id: Id,
    pub title: String,
    pub text: String,
    /// Evidence the bidder must submit.
    pub evidence: String,
    #[serde(default)]
    pub refs: Vec<Id>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AwardCriterion {
    pub id: Id,
    pub title: String,
    pub text: String,
    /// Weight in percent; the weights add up to 100.
    pub weight: u32,
    /// Requirement ids the criterion assesses.
    #[serde(default)]
    pub requirements: Vec<Id>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    #[serde(default)]
    pub min: u32,
    #[serde(default = "default_max")]
    pub max: u32,
    /// What the points mean (Markdown).
    #[serde(default)]
    pub text: Option<String>,
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

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: Id,
    pub text: String,
    /// Requirement ids the answer gives evidence for.
    #[serde(default)]
    pub requirements: Vec<Id>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NdaItem {
    pub id: Id,
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub internal: bool,
}
