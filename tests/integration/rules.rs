//! The rule registry and `outsec explain` stay in step with the code.

use std::collections::BTreeSet;

use crate::support::*;

/// Every rule id that the source code can emit.
fn emitted() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root().join("src")) {
        let entry = entry.unwrap();
        if entry.path().ends_with("rules.rs") || !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (i, _) in text.match_indices("\"OS-") {
            let rest = &text[i + 1..];
            let id = &rest[..rest.find('"').unwrap_or(0)];
            if id.len() <= 12 && id[3..].contains('-') {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

#[test]
fn every_emitted_rule_is_registered_and_every_registered_rule_is_emitted() {
    let registered: BTreeSet<String> = outsec::check::rules::RULES
        .iter()
        .map(|r| r.id.to_string())
        .collect();
    let emitted = emitted();
    assert!(emitted.len() > 30);
    assert_eq!(emitted, registered);
}

#[test]
fn explain_prints_what_why_and_fix_and_rejects_unknown_rules() {
    outsec()
        .args(["explain", "OS-REF-001"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("What it checks"))
        .stdout(predicates::str::contains("Why"))
        .stdout(predicates::str::contains("How to fix"));
    outsec()
        .args(["explain", "OS-REF-01"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("Did you mean `OS-REF-001`?"));
    let list = outsec().arg("explain").assert().code(0);
    let text = String::from_utf8_lossy(&list.get_output().stdout).to_string();
    assert_eq!(text.lines().count(), outsec::check::rules::RULES.len());
}
