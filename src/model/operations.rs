//! `operations` (M 2.256, OPS.2.3.A10–A12/A16/A18): running the outsourced service.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::parties::{Contact, Party};
use super::requirements::Requirement;
use super::types::{Duration, Frequency, Id};
use super::visit::{Ref, model};

model! {
    /// Running the outsourced service: recurring checks, meetings, reports,
    /// audits, change notifications and the review of the agreements.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Operations {
        /// Contact id of the client's outsourcing manager.
        #[serde(default)]
        pub manager: Option<Ref<Contact>>,
        /// Recurring checks that the service meets the requirements.
        #[serde(default)]
        pub checks: Vec<Check>,
        /// Regular coordination meetings between client and provider.
        #[serde(default)]
        pub meetings: Vec<Meeting>,
        /// Regular reports and the key figures they carry.
        #[serde(default)]
        pub reports: Vec<Report>,
        /// Audits of the provider.
        #[serde(default)]
        pub audits: Vec<Audit>,
        /// Changes the provider must announce in advance.
        #[serde(default)]
        pub change_notifications: Vec<ChangeNotification>,
        /// How often and by whom the agreements are reviewed.
        #[serde(default)]
        pub agreement_review: Option<AgreementReview>,
    }
}

model! {
    item(Check)
    /// A recurring check.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Check {
        /// Short unique id of the check, for example `OC-AUDITS`.
        pub id: Id,
        /// Short title of the check.
        pub title: String,
        /// What is checked and how (Markdown).
        pub text: String,
        /// How often: `continuous`, `daily`, `weekly`, `monthly`, `quarterly`,
        /// `semi-annually`, `annually`, `biennially` or `on-event`.
        pub frequency: Frequency,
        /// Party id of the party that performs the check.
        pub responsible: Ref<Party>,
        /// Evidence the check leaves behind.
        pub evidence: String,
        /// Requirement ids the check verifies.
        #[serde(default)]
        pub requirements: Vec<Ref<Requirement>>,
        /// Catalogue references such as `OPS.2.3.A10`.
        #[serde(default)]
        pub refs: Vec<Id>,
        /// `true` to show this check only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(Meeting)
    /// A regular meeting.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Meeting {
        /// Short unique id of the meeting, for example `MTG-SECURITY`.
        pub id: Id,
        /// Name of the meeting.
        pub title: String,
        /// How often it takes place: `weekly`, `monthly`, `quarterly`, … or
        /// `on-event`.
        pub frequency: Frequency,
        /// Contact ids of the participants.
        #[serde(default)]
        pub participants: Vec<Ref<Contact>>,
        /// Standing agenda items, one each.
        #[serde(default)]
        pub agenda: Vec<String>,
        /// `true` to show this meeting only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(Report)
    /// A regular report.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Report {
        /// Short unique id of the report, for example `RPT-MGMT`.
        pub id: Id,
        /// Name of the report.
        pub title: String,
        /// How often it is written: `daily`, `weekly`, `monthly`, `quarterly`, …
        /// or `on-event`.
        pub frequency: Frequency,
        /// Party id of the party that writes the report.
        pub from: Ref<Party>,
        /// Contact id of the recipient.
        pub to: Ref<Contact>,
        /// Key figures the report carries.
        #[serde(default)]
        pub kpis: Vec<String>,
        /// `true` to show this report only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(Audit)
    /// An audit of the provider.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Audit {
        /// Short unique id of the audit, for example `AUD-ISMS`.
        pub id: Id,
        /// Name of the audit.
        pub title: String,
        /// How often it takes place: `annually`, `biennially`, … or `on-event`.
        pub frequency: Frequency,
        /// Party id of the auditor.
        pub auditor: Ref<Party>,
        /// What the audit covers.
        pub scope: String,
        /// `true` to show this audit only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(ChangeNotification)
    /// A kind of change the provider must announce in advance.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct ChangeNotification {
        /// Short unique id of the duty, for example `CN-SUBCONTRACTOR`.
        pub id: Id,
        /// The kind of change the provider must announce.
        pub change: String,
        /// How far in advance.
        pub notice: Duration,
        /// `true` to show this duty only in internal documents, never to bidders
        /// or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    /// The regular review of the agreements.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct AgreementReview {
        /// How often the agreements are reviewed, for example `annually`.
        pub frequency: Frequency,
        /// Contact id of the person who leads the review.
        pub responsible: Ref<Contact>,
        /// What is reviewed and what follows from it (Markdown).
        pub text: String,
    }
}
