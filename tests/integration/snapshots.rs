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
    let html = String::from_utf8(files["tender.html"].clone()).unwrap();
    assert!(html.contains("<html lang=\"de\">"));
    // The public tender carries its own marking, the NDA part the default one.
    let marking = |name: &str| String::from_utf8(files[name].clone()).unwrap();
    assert!(marking("tender.md").contains("| Einstufung | Öffentlich |"));
    assert!(marking("tender-nda.md").contains("| Einstufung | VS – NUR FÜR DEN DIENSTGEBRAUCH |"));
    assert!(html.contains("class=\"marking\"><span>Öffentlich</span>"));
    insta::assert_snapshot!("example-de-tender.html", html);
}
