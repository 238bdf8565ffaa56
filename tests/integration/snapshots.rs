//! Insta snapshots of every document the example produces. Review each
//! change as the document's reader would.

use crate::support::*;

#[test]
fn example_documents() {
    let (_tmp, out) = build(&example());
    let files = snapshot_tree(&out);
    for doc in outsec::documents::DOCUMENTS {
        for ext in ["md", "html"] {
            let name = format!("{}.{ext}", doc.stem);
            let text = String::from_utf8(files[&name].clone()).unwrap();
            insta::assert_snapshot!(format!("example-{name}"), text);
        }
    }
}

/// The German example project: every document in German, snapshot-tested.
#[test]
fn german_example_documents() {
    let (_tmp, out) = build(&root().join("example-de/inputs"));
    let files = snapshot_tree(&out);
    for doc in outsec::documents::DOCUMENTS {
        let name = format!("{}.md", doc.stem);
        let text = String::from_utf8(files[&name].clone()).unwrap();
        assert!(!text.contains("Open point"), "{name} has English text");
        insta::assert_snapshot!(format!("example-de-{name}"), text);
    }
    // Durations and percentages as German writes them, in tables and in
    // the messages' placeholders: the model serialises them in English.
    let doc = |name: &str| String::from_utf8(files[name].clone()).unwrap();
    for (name, phrase) in [
        (
            "contingency-plan.md",
            "| Wiederanlaufzeit (RTO) | 1 Stunde |",
        ),
        (
            "contingency-plan.md",
            "(Kritisch: Reaktionszeit 15 Minuten, Wiederherstellungszeit 4 Stunden)",
        ),
        ("contract-annex.md", "| 99,5 % | 1 Monat | monatlich |"),
        (
            "contract-annex.md",
            "Frist für die Erstmeldung: **4 Stunden** ab Erkennung",
        ),
    ] {
        assert!(doc(name).contains(phrase), "{name} lacks `{phrase}`");
    }
    let html = String::from_utf8(files["tender.html"].clone()).unwrap();
    assert!(html.contains("<html lang=\"de\">"));
    // The public tender carries its own marking, the NDA part the default one.
    assert!(doc("tender.md").contains("| Einstufung | Öffentlich |"));
    assert!(doc("tender-nda.md").contains("| Einstufung | VS – NUR FÜR DEN DIENSTGEBRAUCH |"));
    assert!(html.contains("class=\"marking\"><span>Öffentlich</span>"));
    insta::assert_snapshot!("example-de-tender.html", html);
}
