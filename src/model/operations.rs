//! `operations` (M 2.256, OPS.2.3.A10–A12/A16/A18): running the outsourced service.

use serde::{Deserialize, Serialize};

use super::types::{Duration, Frequency, Id};

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operations {
    /// Contact id of the client's outsourcing manager.
    #[serde(default)]
    pub manager: Option<Id>,
    #[serde(default)]
    pub checks: Vec<Check>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    #[serde(default)]
    pub reports: Vec<Report>,
    #[serde(default)]
    pub audits: Vec<Audit>,
    #[serde(default)]
    pub change_notifications: Vec<ChangeNotification>,
    #[serde(default)]
    pub agreement_review: Option<AgreementReview>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub id: Id,
    pub title: String,
    /// What is checked and how (Markdown).
    pub text: String,
    pub frequency: Frequency,
    /// Party id of the party that performs the check.
    pub responsible: Id,
    /// Evidence the check leaves behind.
    pub evidence: String,
    /// Requirement ids the check verifies.
    #[serde(default)]
    pub requirements: Vec<Id>,
    #[serde(default)]
    pub refs: Vec<Id>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub id: Id,
    pub title: String,
    pub frequency: Frequency,
    /// Contact ids of the participants.
    #[serde(default)]
    pub participants: Vec<Id>,
    #[serde(default)]
    pub agenda: Vec<String>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub id: Id,
    pub title: String,
    pub frequency: Frequency,
    /// Party id of the party that writes the report.
    pub from: Id,
    /// Contact id of the recipient.
    pub to: Id,
    /// Key figures the report carries.
    #[serde(default)]
    pub kpis: Vec<String>,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    pub id: Id,
    pub title: String,
    pub frequency: Frequency,
    /// Party id of the auditor.
    pub auditor: Id,
    pub scope: String,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeNotification {
    pub id: Id,
    /// The kind of change the provider must announce.
    pub change: String,
    /// How far in advance.
    pub notice: Duration,
    #[serde(default)]
    pub internal: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementReview {
    pub frequency: Frequency,
    /// Contact id of the person who leads the review.
    pub responsible: Id,
    pub text: String,
}
