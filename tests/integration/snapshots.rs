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
