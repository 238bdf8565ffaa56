//! `parties` and `contacts`: the organisations and people of the project.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::types::Id;
use super::visit::{Ref, leaf, model};

/// The part an organisation plays in the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The organisation that outsources (your own).
    Client,
    /// The outsourcing provider that runs the service.
    Provider,
    /// A company bidding in the tender.
    Bidder,
    /// The network carrier that links client and provider.
    Carrier,
    /// An external auditor.
    Auditor,
    /// A regulator or supervisory authority.
    Authority,
    /// A subcontractor of the provider.
    Subcontractor,
}

model! {
    item(Party)
    /// An organisation taking part in the project.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Party {
        /// Short unique id of the organisation, for example `client` or `host`;
        /// other sections refer to the party by this id.
        pub id: Id,
        /// Full name of the organisation.
        pub name: String,
        /// The part it plays: `client`, `provider`, `bidder`, `carrier`,
        /// `auditor`, `authority` or `subcontractor`.
        pub role: Role,
        /// Postal address.
        #[serde(default)]
        pub address: Option<String>,
        /// What the organisation does in the project (Markdown).
        #[serde(default)]
        pub description: Option<String>,
        /// `true` to show this party only in internal documents, never to bidders
        /// or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

model! {
    item(Contact)
    /// A person taking part in the project.
    #[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Contact {
        /// Short unique id of the person, for example `isb`; other sections refer
        /// to the person by this id.
        pub id: Id,
        /// Full name.
        pub name: String,
        /// Job title or function, for example `Information security officer`.
        pub function: String,
        /// Party id of the organisation the person works for.
        pub party: Ref<Party>,
        /// Telephone number, for example `+49 30 5550 100`.
        #[serde(default)]
        pub phone: Option<String>,
        /// E-mail address.
        #[serde(default)]
        pub email: Option<String>,
        /// Contact id of the deputy.
        #[serde(default)]
        pub deputy: Option<Ref<Contact>>,
        /// `true` to show this person only in internal documents, never to
        /// bidders or the provider.
        #[serde(default)]
        pub internal: bool,
    }
}

leaf!(Role);
