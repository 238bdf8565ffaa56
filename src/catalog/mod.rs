//! Reference catalogues: the built-in ones (IT-Grundschutz B 1.11, OPS.2.3,
//! DORA Art. 30, ISO/IEC 27001 Annex A 5.19–5.23), kept as data files in
//! `assets/catalogs/` and embedded at compile time, and external OSCAL catalogues
//! with their profiles.

pub mod coverage;
pub mod oscal;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Model;
use crate::model::project::Framework;
use crate::model::types::Protection;

const BUILTIN: [(&str, &str); 4] = [
    (
        "bsi-b111.yaml",
        include_str!("../../assets/catalogs/bsi-b111.yaml"),
    ),
    (
        "ops23.yaml",
        include_str!("../../assets/catalogs/ops23.yaml"),
    ),
    (
        "dora30.yaml",
        include_str!("../../assets/catalogs/dora30.yaml"),
    ),
    (
        "iso27001.yaml",
        include_str!("../../assets/catalogs/iso27001.yaml"),
    ),
];

/// A text in English and German.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    #[serde(default)]
    pub de: String,
}

/// The level of an OPS.2.3 requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Basis,
    Standard,
    /// erhöht: for high protection needs.
    Elevated,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Points {
    #[serde(default)]
    pub en: Vec<String>,
    #[serde(default)]
    pub de: Vec<String>,
}

/// The parts of the inputs that address an item without citing it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AddressedBy {
    #[serde(default)]
    pub topics: Vec<crate::model::contract::Topic>,
    #[serde(default)]
    pub sections: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub level: Option<Level>,
    #[serde(default)]
    pub points: Option<Points>,
    #[serde(default)]
    pub addressed_by: Option<AddressedBy>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub id: String,
    pub title: Text,
    pub source: String,
}

/// Which built-in catalogue, for the applicability rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    B111,
    Ops23,
    Dora,
    Iso27001,
    /// An OSCAL catalogue given by the user.
    External,
}

#[derive(Clone, Debug, Serialize)]
pub struct Catalog {
    pub id: String,
    pub title: Text,
    pub source: String,
    pub kind: Kind,
    /// For external catalogues: the prefix that references use (`GSPP:DLS.3.1`).
    pub prefix: Option<String>,
    pub items: Vec<Item>,
    /// For external catalogues with a profile: the selected control ids
    /// (upper case). Coverage is computed for these only.
    pub selected: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    catalog: Header,
    items: Vec<Item>,
}

/// The built-in catalogues.
pub fn builtin() -> Vec<Catalog> {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            let file: File = serde_saphyr::from_str(text)
                .unwrap_or_else(|e| panic!("built-in catalogue {name} is invalid: {e}"));
            let kind = match file.catalog.id.as_str() {
                "OPS.2.3" => Kind::Ops23,
                "DORA-30" => Kind::Dora,
                "ISO27001" => Kind::Iso27001,
                _ => Kind::B111,
            };
            Catalog {
                id: file.catalog.id,
                title: file.catalog.title,
                source: file.catalog.source,
                kind,
                prefix: None,
                items: file.items,
                selected: None,
            }
        })
        .collect()
}

/// A reference written in the inputs, normalised for lookup: upper case,
/// no spaces, and the Kompendium's misprint `OPS.2.3A22` read as `OPS.2.3.A22`.
pub fn normalise(reference: &str) -> String {
    let mut s: String = reference
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if let Some(rest) = s.strip_prefix("OPS.2.3A") {
        s = format!("OPS.2.3.A{rest}");
    }
    s
}

/// Every catalogue in use, with an index from normalised reference to item.
pub struct Catalogs {
    pub list: Vec<Catalog>,
    index: BTreeMap<String, (usize, usize)>,
}

impl Catalogs {
    pub fn new(list: Vec<Catalog>) -> Self {
        let mut index = BTreeMap::new();
        for (c, catalog) in list.iter().enumerate() {
            for (i, item) in catalog.items.iter().enumerate() {
                index.insert(key(catalog, &item.id), (c, i));
            }
        }
        Catalogs { list, index }
    }

    /// The built-in catalogues only.
    pub fn builtin() -> Self {
        Catalogs::new(builtin())
    }

    pub fn find(&self, reference: &str) -> Option<(&Catalog, &Item)> {
        let (c, i) = *self.index.get(&normalise(reference))?;
        Some((&self.list[c], &self.list[c].items[i]))
    }

    /// The written form of every known item, for suggestions.
    pub fn ids(&self) -> impl Iterator<Item = String> + '_ {
        self.list
            .iter()
            .flat_map(|c| c.items.iter().map(move |i| display_id(c, &i.id)))
    }

    pub fn prefixes(&self) -> impl Iterator<Item = &str> {
        self.list.iter().filter_map(|c| c.prefix.as_deref())
    }
}

fn key(catalog: &Catalog, id: &str) -> String {
    normalise(&display_id(catalog, id))
}

/// How an item is cited: `OPS.2.3.A4`, or `PREFIX:ID` for external catalogues.
pub fn display_id(catalog: &Catalog, id: &str) -> String {
    match &catalog.prefix {
        Some(p) => format!("{p}:{id}"),
        None => id.to_string(),
    }
}

/// Whether an item applies to the project, following the inputs:
/// OPS.2.3 Basis and Standard always, erhöht when a process in scope has a
/// high or very high protection need; DORA 30(2) when the project names
/// DORA, 30(3) too when the service supports a critical or important
/// function; ISO when the project names ISO 27001; B 1.11 always; an
/// external catalogue's controls when its profile selects them.
pub fn applies(catalog: &Catalog, item: &Item, m: &Model) -> bool {
    let has = |f: Framework| m.project.frameworks.iter().any(|x| x.value == f);
    match catalog.kind {
        Kind::B111 => true,
        Kind::Ops23 => item.level != Some(Level::Elevated) || elevated(m),
        Kind::Dora => {
            has(Framework::Dora)
                && (!item.id.starts_with("DORA.30.3") || m.project.critical_function)
        }
        Kind::Iso27001 => has(Framework::Iso27001),
        Kind::External => catalog
            .selected
            .as_ref()
            .is_some_and(|s| s.contains(&item.id.to_uppercase())),
    }
}

/// Whether the erhöht (elevated) requirements apply.
pub fn elevated(m: &Model) -> bool {
    m.strategy
        .scope
        .processes
        .iter()
        .any(|p| p.protection.max() >= Protection::High)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogues_parse_and_have_unique_ids() {
        let all = Catalogs::builtin();
        assert_eq!(all.list.len(), 4);
        let total: usize = all.list.iter().map(|c| c.items.len()).sum();
        assert_eq!(all.index.len(), total, "ids are unique");
        assert!(all.find("OPS.2.3.A4").is_some());
        assert!(
            all.find("ops.2.3a22").is_some(),
            "the Kompendium's misprint is accepted"
        );
        assert!(all.find("M 2.253").is_some());
        assert!(all.find("DORA.30.2.h").is_some());
        assert!(all.find("ISO27001.A.5.20").is_some());
        assert_eq!(all.list[1].items.len(), 25);
    }
}
