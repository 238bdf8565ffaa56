//! The tender as procurement writes it: the kind of contracting entity
//! decides how the documents name the client and which rules they cite,
//! the answers to bidders' questions go into the pack, and German documents
//! write numbers the German way.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::*;

fn pack(inputs: &Path, out: &Path) {
    outsec()
        .args(["pack", "-i"])
        .arg(inputs)
        .arg("-o")
        .arg(out)
        .assert()
        .code(0);
}

/// Every file of both packs (the public one and the NDA part), as text.
fn pack_texts(inputs: &Path) -> BTreeMap<String, String> {
    let tmp = tempfile::tempdir().unwrap();
    pack(inputs, tmp.path());
    let mut out = BTreeMap::new();
    for folder in ["tender-pack", "tender-pack-nda"] {
        for (name, bytes) in snapshot_tree(&tmp.path().join(folder)) {
            out.insert(
                format!("{folder}/{name}"),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
        }
    }
    out
}

/// A copy of a fixture with `from` replaced by `to` in one of its files.
fn edited(fixture_name: &str, file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture(fixture_name), tmp.path());
    let text = read(tmp.path(), file);
    assert!(text.contains(from), "{fixture_name}/{file} has no `{from}`");
    std::fs::write(tmp.path().join(file), text.replacen(from, to, 1)).unwrap();
    tmp
}

/// What no bidder document of a private client may say: the names of the
/// public procurement rules and of public contracting authorities, and the
/// terms that only a procedure under them has.
const PUBLIC_PROCUREMENT_DE: &[&str] = &[
    "GWB",
    "VgV",
    "SektVO",
    "UVgO",
    "VOL/B",
    "§",
    "öffentlicher Auftraggeber",
    "Öffentlicher Auftraggeber",
    "Sektorenauftraggeber",
    "Vergabeunterlagen",
    "Vergabeverfahren",
    "Vergabenummer",
    "Vergabeplattform",
    "Bekanntmachung",
    "Wartefrist",
];

const PUBLIC_PROCUREMENT_EN: &[&str] = &[
    "GWB",
    "VgV",
    "SektVO",
    "UVgO",
    "§",
    "contracting authority",
    "Contracting authority",
    "contracting entity",
    "Contracting entity",
    "contract notice",
    "procurement platform",
    "standstill",
];

#[test]
fn a_private_client_is_no_contracting_authority_in_any_bidder_file() {
    let inputs = fixture("valid/private-entity");
    let files = pack_texts(&inputs);
    assert!(files.contains_key("tender-pack/tender.md"));
    assert!(files.contains_key("tender-pack/clarifications.md"));
    assert!(files.contains_key("tender-pack-nda/tender-nda.md"));
    for (name, text) in &files {
        for word in PUBLIC_PROCUREMENT_DE {
            assert!(!text.contains(word), "{name} says `{word}`");
        }
    }
    let tender = &files["tender-pack/tender.md"];
    assert!(tender.contains("| Auftraggeber | Sparkasse Musterstadt, Marktplatz 1"));
    assert!(tender.contains("| Referenznummer | **SPK-2027-01** |"));
    assert!(tender.contains("| Verfahren | Zweistufige Anfrage mit Verhandlung |"));
    assert!(
        tender.contains("Sie begründet keinen Anspruch auf Abschluss eines Vertrags"),
        "the request for proposals creates no entitlement"
    );
    assert!(tender.contains("das Verfahren jederzeit ohne Auftragserteilung zu beenden"));
    assert!(tender.contains("Der Auftraggeber beabsichtigt, den Auftrag auf das Angebot"));
    let cover = &files["tender-pack/cover.md"];
    assert!(cover.starts_with("# Ausschreibungsunterlagen: Deckblatt für Bieter"));
    assert!(cover.contains("| Auftraggeber | Sparkasse Musterstadt"));
    assert!(cover.contains("im Dokument „Bieterfragen und Antworten“"));
    assert!(cover.contains("Sie begründet keinen Anspruch auf Abschluss eines Vertrags"));

    // The same project in English.
    let english = edited(
        "valid/private-entity",
        "project.yaml",
        "language: de",
        "language: en",
    );
    let files = pack_texts(english.path());
    for (name, text) in &files {
        for word in PUBLIC_PROCUREMENT_EN {
            assert!(!text.contains(word), "{name} says `{word}`");
        }
    }
    let tender = &files["tender-pack/tender.md"];
    assert!(tender.contains("| Client | Sparkasse Musterstadt"));
    assert!(tender.contains("It creates no entitlement to a contract"));
    assert!(tender.contains("Sparkasse Musterstadt requests proposals for the service"));
}

#[test]
fn the_kind_of_contracting_entity_names_the_client_as_procurement_law_does() {
    let cases = [
        (
            "de",
            "public",
            "| Öffentlicher Auftraggeber | Sparkasse Musterstadt",
        ),
        (
            "de",
            "sector",
            "| Sektorenauftraggeber | Sparkasse Musterstadt",
        ),
        ("de", "private", "| Auftraggeber | Sparkasse Musterstadt"),
        (
            "en",
            "public",
            "| Contracting authority | Sparkasse Musterstadt",
        ),
        (
            "en",
            "sector",
            "| Contracting entity | Sparkasse Musterstadt",
        ),
        ("en", "private", "| Client | Sparkasse Musterstadt"),
    ];
    for (lang, kind, row) in cases {
        let tmp = edited(
            "valid/private-entity",
            "tender.yaml",
            "contracting_entity: private",
            &format!("contracting_entity: {kind}"),
        );
        let project =
            read(tmp.path(), "project.yaml").replace("language: de", &format!("language: {lang}"));
        std::fs::write(tmp.path().join("project.yaml"), project).unwrap();
        let (_out, out) = build(tmp.path());
        let tender = read(&out, "tender.md");
        assert!(tender.contains(row), "{lang} {kind}: {row}");
        let private_notice = ["begründet keinen Anspruch", "creates no entitlement"];
        assert_eq!(
            private_notice.iter().any(|n| tender.contains(n)),
            kind == "private",
            "{lang} {kind}: the notice of a private request for proposals"
        );
    }
    // Left out, the documents claim no kind of contracting authority.
    let tmp = edited(
        "valid/private-entity",
        "tender.yaml",
        "  contracting_entity: private\n",
        "",
    );
    let (_out, out) = build(tmp.path());
    let tender = read(&out, "tender.md");
    assert!(tender.contains("| Auftraggeber | Sparkasse Musterstadt"));
    assert!(!tender.contains("begründet keinen Anspruch"));
}

#[test]
fn an_unknown_kind_of_contracting_entity_is_a_located_error_naming_the_kinds() {
    let tmp = edited(
        "valid/private-entity",
        "tender.yaml",
        "contracting_entity: private",
        "contracting_entity: publik",
    );
    let out = outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("error[OS-YAML-006]: `publik` is not an allowed value here"),
        "{text}"
    );
    assert!(text.contains("tender.yaml:2:23"), "{text}");
    assert!(
        text.contains("did you mean `public`? Allowed: public, sector, private"),
        "{text}"
    );
}

/// The rules found for an input folder, as `rule: message` lines.
fn findings(inputs: &Path) -> Vec<String> {
    let checked = outsec::pipeline::load_and_check(inputs, &[]).unwrap();
    checked
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect()
}

#[test]
fn a_late_answer_asks_for_a_longer_bid_period_only_under_procurement_law() {
    // BF-01 is answered 2 days before the bid deadline.
    let late = |f: &Vec<String>| {
        f.iter()
            .filter(|l| l.starts_with("OS-CLAR-002"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(late(&findings(&fixture("valid/private-entity"))).is_empty());
    for (kind, rule) in [("public", "§ 20 (3) VgV"), ("sector", "§ 16 (3) SektVO")] {
        let tmp = edited(
            "valid/private-entity",
            "tender.yaml",
            "contracting_entity: private",
            &format!("contracting_entity: {kind}"),
        );
        let found = late(&findings(tmp.path()));
        assert_eq!(found.len(), 1, "{kind}: {found:?}");
        assert!(found[0].contains("`BF-01`"), "{}", found[0]);
        assert!(
            found[0].contains("2 days before the deadline for bids `DL-BIDS`"),
            "{}",
            found[0]
        );
        assert!(found[0].contains(rule), "{}", found[0]);
    }
    // Left out, outsec cannot tell which rules apply, and says nothing.
    let tmp = edited(
        "valid/private-entity",
        "tender.yaml",
        "  contracting_entity: private\n",
        "",
    );
    assert!(late(&findings(tmp.path())).is_empty());
}

#[test]
fn the_clarifications_go_into_the_pack_without_naming_a_bidder() {
    // As the answers were published (`project.documents.clarifications`).
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    copy_as_of(&example(), &inputs, "2026-03-23");
    let files = pack_texts(&inputs);
    let doc = &files["tender-pack/clarifications.md"];
    assert!(doc.starts_with("# Clarifications: bidders' questions and answers"));
    assert!(files["tender-pack/MANIFEST.sha256"].contains("  clarifications.md\n"));
    assert!(files["tender-pack/MANIFEST.sha256"].contains("  clarifications.html\n"));
    assert!(files["tender-pack/cover.md"].contains("(`clarifications.md`)"));
    for (n, id) in ["CQ-01", "CQ-02"].iter().enumerate() {
        assert!(
            doc.contains(&format!("### Question {} ({id})", n + 1)),
            "{id} numbered in order"
        );
    }
    assert!(doc.contains(
        "| 2 | CQ-02 | 2026-03-23 | \"Tender: security requirements and award criteria\" |"
    ));
    // No bidder is named: neither a party that bids nor one of its people.
    let checked = outsec::pipeline::load_and_check(&example(), &[]).unwrap();
    let m = checked.model.unwrap();
    let bidding: Vec<&outsec::model::Party> = m
        .parties
        .iter()
        .filter(|p| {
            p.role == outsec::model::parties::Role::Bidder
                || m.evaluation
                    .bids
                    .iter()
                    .any(|b| b.bidder.value == p.id.value)
        })
        .collect();
    assert!(bidding.len() >= 3, "the example has bidders");
    for p in &bidding {
        assert!(!doc.contains(p.name.as_str()), "{} named", p.name);
    }
    for c in m
        .contacts
        .iter()
        .filter(|c| bidding.iter().any(|p| p.id.value == c.party.value))
    {
        assert!(!doc.contains(c.name.as_str()), "{} named", c.name);
    }

    // A tender without clarifications has no such document in its pack.
    let files = pack_texts(&fixture("valid/minimal"));
    assert!(!files.contains_key("tender-pack/clarifications.md"));
    assert!(!files["tender-pack/cover.md"].contains("clarifications.md"));
}

#[test]
fn german_documents_write_numbers_the_german_way() {
    let (_tmp, out) = build(&root().join("example-de/inputs"));
    let eval = read(&out, "provider-evaluation.md");
    for expected in [
        "höchstens 1.000 Punkte",
        "| ZK-PREIS | Preis | 40 % |",
        "| ZK-PREIS (40 %) |",
        "| 8,6 → 344 |",
        "| **844** | 84,4 % |",
        "| **780** | 78 % |",
    ] {
        assert!(eval.contains(expected), "provider-evaluation: {expected}");
    }
    for english in ["8.6", "84.4", "40%", "1000"] {
        assert!(!eval.contains(english), "provider-evaluation: {english}");
    }
    let tender = read(&out, "tender.md");
    for expected in ["(höchstens 1.000 Punkte)", "| 40 % |", "| **100 %** |"] {
        assert!(tender.contains(expected), "tender: {expected}");
    }

    // The English example as before.
    let (_tmp, out) = build(&example());
    let eval = read(&out, "provider-evaluation.md");
    assert!(eval.contains("at most 1000 points"));
    assert!(eval.contains("(35%)"));

    // Thousands are grouped in German wherever a number is computed.
    let tmp = edited(
        "valid/private-entity",
        "tender.yaml",
        "  award_criteria:",
        "  scoring: { min: 0, max: 100 }\n  award_criteria:",
    );
    let (_out, out) = build(tmp.path());
    assert!(read(&out, "tender.md").contains("(höchstens 10.000 Punkte)"));
}
