//! The documents outsec writes, with their audience.

use serde::Serialize;

/// Who may read a document. Internal items appear only in internal documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Bidder,
    /// Bidders who have signed the non-disclosure agreement.
    #[serde(rename = "bidder-nda")]
    BidderNda,
    Provider,
    Internal,
}

#[derive(Clone, Copy, Debug)]
pub struct Document {
    /// File stem in the output folder and name of the template (`<stem>.md`).
    pub stem: &'static str,
    pub title: &'static str,
    pub audience: Audience,
    /// The guidance the document serves.
    pub serves: &'static str,
    /// `true` for the documents of the participation pack (the first stage
    /// of a procedure with a participation stage), which address candidates
    /// and their requests to participate rather than bidders and bids.
    pub participation: bool,
}

/// The cover page of the public tender pack.
pub const PACK_COVER: Document = Document {
    stem: "cover",
    title: "Tender pack: cover page for bidders",
    audience: Audience::Bidder,
    serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
    participation: false,
};

/// The cover page of the NDA part of the tender pack.
pub const NDA_COVER: Document = Document {
    stem: "cover",
    title: "Tender pack, NDA part: cover page for bidders",
    audience: Audience::BidderNda,
    serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
    participation: false,
};

/// The cover page of the participation pack.
pub const PARTICIPATION_COVER: Document = Document {
    stem: "cover",
    title: "Participation pack: cover page for candidates",
    audience: Audience::Bidder,
    serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
    participation: true,
};

/// The instructions to candidates in the participation pack.
pub const PARTICIPATION_INSTRUCTIONS: Document = Document {
    stem: "instructions",
    title: "Instructions to candidates",
    audience: Audience::Bidder,
    serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
    participation: true,
};

/// The forms of the participation stage.
pub const PARTICIPATION_FORMS: Document = Document {
    stem: "forms",
    title: "Forms for the request to participate",
    audience: Audience::Bidder,
    serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
    participation: true,
};

pub const DOCUMENTS: [Document; 14] = [
    Document {
        stem: "tender",
        title: "Tender: security requirements and award criteria",
        audience: Audience::Bidder,
        serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
        participation: false,
    },
    Document {
        stem: "contract-annex",
        title: "Contract annex: information security",
        audience: Audience::Provider,
        serves: "IT-Grundschutz M 2.253, OPS.2.3.A4, A7, A14",
        participation: false,
    },
    Document {
        stem: "security-concept",
        title: "Security concept for the outsourced service",
        audience: Audience::Provider,
        serves: "IT-Grundschutz M 2.254, M 2.255, M 2.256, OPS.2.3.A6",
        participation: false,
    },
    Document {
        stem: "contingency-plan",
        title: "Contingency plan",
        audience: Audience::Provider,
        serves: "IT-Grundschutz M 6.83, OPS.2.3.A20, A22",
        participation: false,
    },
    Document {
        stem: "migration-plan",
        title: "Migration plan",
        audience: Audience::Provider,
        serves: "IT-Grundschutz M 2.255, OPS.2.1.A13",
        participation: false,
    },
    Document {
        stem: "operations-plan",
        title: "Operations plan",
        audience: Audience::Provider,
        serves: "IT-Grundschutz M 2.256, OPS.2.3.A10–A12, A16, A18",
        participation: false,
    },
    Document {
        stem: "strategy",
        title: "Outsourcing strategy",
        audience: Audience::Internal,
        serves: "IT-Grundschutz M 2.250, OPS.2.3.A8",
        participation: false,
    },
    Document {
        stem: "instructions",
        title: "Instructions to bidders",
        audience: Audience::Bidder,
        serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
        participation: false,
    },
    Document {
        stem: "forms",
        title: "Forms for the bid",
        audience: Audience::Bidder,
        serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
        participation: false,
    },
    Document {
        stem: "questionnaire",
        title: "Bidder questionnaire",
        audience: Audience::Bidder,
        serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
        participation: false,
    },
    Document {
        stem: "clarifications",
        title: "Clarifications: bidders' questions and answers",
        audience: Audience::Bidder,
        serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
        participation: false,
    },
    Document {
        stem: "tender-nda",
        title: "Tender: material released under the non-disclosure agreement",
        audience: Audience::BidderNda,
        serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
        participation: false,
    },
    Document {
        stem: "provider-evaluation",
        title: "Provider evaluation and award decision",
        audience: Audience::Internal,
        serves: "IT-Grundschutz M 2.252, OPS.2.3.A3",
        participation: false,
    },
    Document {
        stem: "traceability",
        title: "Traceability matrix and catalogue coverage",
        audience: Audience::Internal,
        serves: "IT-Grundschutz B 1.11, OPS.2.3, and the frameworks the project names",
        participation: false,
    },
];

pub fn find(stem: &str) -> Option<&'static Document> {
    DOCUMENTS.iter().find(|d| d.stem == stem)
}

pub fn stems() -> impl Iterator<Item = &'static str> {
    DOCUMENTS.iter().map(|d| d.stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project::{DocumentName, Documents};

    #[test]
    fn the_names_of_the_inputs_are_the_documents_stems() {
        let names: Vec<&str> = DocumentName::ALL.iter().map(|d| d.stem()).collect();
        assert_eq!(names, stems().collect::<Vec<_>>());
        for d in DocumentName::ALL {
            assert_eq!(DocumentName::from_stem(d.stem()), Some(d));
            assert_eq!(
                serde_json::to_value(d).unwrap(),
                serde_json::Value::from(d.stem()),
                "written in the inputs as its stem"
            );
        }
        // `project.documents` has one key per document, named by its stem.
        let schema = serde_json::to_value(schemars::schema_for!(Documents)).unwrap();
        let mut keys: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut expected = names.clone();
        expected.sort_unstable();
        assert_eq!(keys, expected);
        let all: Documents = serde_json::from_value(serde_json::Value::Object(
            names
                .iter()
                .map(|n| {
                    (
                        n.to_string(),
                        serde_json::json!({ "version": *n, "date": "2027-01-01" }),
                    )
                })
                .collect(),
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        for d in DocumentName::ALL {
            assert_eq!(all.get(d).unwrap().version.value, d.stem());
        }
    }
}
