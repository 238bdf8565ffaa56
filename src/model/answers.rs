//! `answers`: the questionnaires the bidders returned, one entry per
//! bidder, as `outsec answers import` writes them (`answers/<bidder>.yaml`).
//! Internal as a whole, like the evaluation that uses them.
//!
//! A list section of its own rather than `evaluation.bids[].answers`:
//! `evaluation` is a mapping written in one file, so answers kept there
//! could not come in a file per bidder, and an import would have to
//! rewrite the file the evaluators write. Each entry names its bidder, so
//! the files join like every other list section.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::parties::Party;
use super::visit::{Kind, Ref, RefTarget, leaf, model};

/// What a questionnaire row names: a tender question or a requirement.
pub enum QuestionnaireItem {}

impl RefTarget for QuestionnaireItem {
    const KINDS: &'static [Kind] = &[Kind::Question, Kind::Requirement];
}

/// How far a bid meets a requirement or question, as the bidder states it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Compliance {
    /// Met in full.
    Yes,
    /// Met in part: the answer says how far.
    Partly,
    /// Not met.
    No,
}

impl Compliance {
    pub const ALL: [Compliance; 3] = [Compliance::Yes, Compliance::Partly, Compliance::No];

    /// The value as the input writes it, and the key of its label.
    pub fn key(self) -> &'static str {
        match self {
            Compliance::Yes => "yes",
            Compliance::Partly => "partly",
            Compliance::No => "no",
        }
    }
}

model! {
    /// The questionnaire one bidder returned.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Answers {
        /// Party id of the bidder.
        pub bidder: Ref<Party>,
        /// The name of the file the answers were imported from.
        #[serde(default)]
        pub file: Option<String>,
        /// The SHA-256 of that file, as 64 hex digits: which of the files a
        /// bidder sent was read.
        #[serde(default)]
        pub sha256: Option<Sha256>,
        /// One entry per row of the questionnaire, in its order.
        #[serde(default)]
        pub rows: Vec<Answer>,
    }
}

model! {
    /// The bidder's answer on one row of the questionnaire.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Answer {
        /// Id of the question or requirement of the row.
        pub id: Ref<QuestionnaireItem>,
        /// `yes`, `partly` or `no`; left out when the bidder left the cell empty.
        #[serde(default)]
        pub compliance: Option<Compliance>,
        /// The bidder's answer: how the bid meets it.
        #[serde(default)]
        pub answer: Option<String>,
        /// Where in the bid the evidence is.
        #[serde(default)]
        pub evidence: Option<String>,
    }
}

/// A SHA-256 written as 64 lower-case hex digits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Sha256(pub String);

impl<'de> Deserialize<'de> for Sha256 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(Sha256(text))
        } else {
            Err(serde::de::Error::custom(
                "a SHA-256 is written as 64 hex digits (0-9, a-f)",
            ))
        }
    }
}

impl JsonSchema for Sha256 {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Sha256".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
            "description": "A SHA-256 written as 64 lower-case hex digits."
        })
    }
}

leaf!(Compliance, Sha256);
