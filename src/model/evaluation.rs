//! `evaluation` (M 2.252): the bids and the award decision. Internal as a whole.

use serde::{Deserialize, Serialize};

use super::types::{Date, Id};

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    #[serde(default)]
    pub bids: Vec<Bid>,
    /// Party id of the chosen provider.
    #[serde(default)]
    pub chosen: Option<Id>,
    /// Why the chosen provider was chosen (Markdown).
    #[serde(default)]
    pub justification: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Bid {
    /// Party id of the bidder.
    pub bidder: Id,
    #[serde(default)]
    pub received: Option<Date>,
    #[serde(default)]
    pub knockout: Vec<KnockoutResult>,
    #[serde(default)]
    pub scores: Vec<Score>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KnockoutOutcome {
    Passed,
    Failed,
    Missing,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnockoutResult {
    /// Suitability criterion id.
    pub criterion: Id,
    pub result: KnockoutOutcome,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// Award criterion id.
    pub criterion: Id,
    pub score: super::types::Located<f64>,
    #[serde(default)]
    pub note: Option<String>,
}
