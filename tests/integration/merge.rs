//! Loading and merging: list sections join across files, mapping sections are
//! defined once, ids are unique, references resolve, unknown keys are caught.
//! Each invalid fixture's diagnostics are kept as a snapshot, human and JSON.

use crate::support::*;

fn check_output(case: &str, format: &str) -> (i32, String) {
    let assert = outsec()
        .current_dir(root().join("tests/fixtures/invalid"))
        .args(["check", "--deny-warnings", "--format", format, "-i", case])
        .assert();
    let out = assert.get_output();
    let text = if format == "json" {
        &out.stdout
    } else {
        &out.stderr
    };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(text).into_owned(),
    )
}

/// The fixtures are deliberately small, so every one of them also draws the
/// catalogue-coverage warnings (OS-CAT-002/003); the snapshots leave those
/// out to show the rule each fixture is about.
fn without_coverage(human: &str) -> String {
    human
        .split("\n\n")
        .filter(|block| {
            !block.starts_with("warning[OS-CAT-002]") && !block.starts_with("warning[OS-CAT-003]")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn every_invalid_fixture_fails_with_its_expected_diagnostics() {
    let mut cases: Vec<String> = std::fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 8);
    for case in cases {
        let (code, human) = check_output(&case, "human");
        assert_eq!(code, 1, "{case} must fail with exit 1:\n{human}");
        // The folder name starts with the rule it demonstrates, e.g. `os-ref-001-…`.
        let rule = case
            .split('-')
            .take(3)
            .collect::<Vec<_>>()
            .join("-")
            .to_uppercase();
        assert!(
            human.contains(&format!("[{rule}]")),
            "{case} must report {rule}:\n{human}"
        );
        insta::assert_snapshot!(format!("invalid-{case}"), without_coverage(&human));
        let (code, json) = check_output(&case, "json");
        assert_eq!(code, 1);
        for line in json.lines() {
            let v: serde_json::Value =
                serde_json::from_str(line).expect("one JSON object per line");
            for key in [
                "rule", "severity", "file", "line", "column", "message", "help",
            ] {
                assert!(v.get(key).is_some(), "{case}: `{key}` missing in {line}");
            }
        }
        let json: String = json
            .lines()
            .filter(|l| !l.contains("\"OS-CAT-002\"") && !l.contains("\"OS-CAT-003\""))
            .map(|l| format!("{l}\n"))
            .collect();
        insta::assert_snapshot!(format!("invalid-{case}-json"), json);
    }
}

#[test]
fn list_sections_are_joined_across_files_in_path_order() {
    let (_tmp, out) = build(&fixture("valid/split-lists"));
    let tender = read(&out, "tender.md");
    let a = tender
        .find("REQ-A")
        .expect("REQ-A from requirements/a.yaml");
    let b = tender
        .find("REQ-B")
        .expect("REQ-B from requirements/b.yaml");
    assert!(a < b, "files are joined in path order");
    let plan = read(&out, "contingency-plan.md");
    assert!(
        plan.contains("Eva Xu"),
        "contacts from a second file are joined"
    );
    assert!(plan.contains("Ida Sommer"));
}

#[test]
fn a_mapping_section_defined_twice_names_both_places() {
    let (_, human) = check_output("os-merge-001-mapping-twice", "human");
    assert!(human.contains("OS-MERGE-001"));
    // `project` requires keys, so a second definition is one error at its key.
    assert!(
        human.contains("os-merge-001-mapping-twice/zz-second.yaml:6:1"),
        "{human}"
    );
    assert!(
        human.contains("os-merge-001-mapping-twice/project.yaml:2:1"),
        "{human}"
    );
    // `contract` may be continued, but only its lists: the mapping
    // `incident_notification` is named at both places it is written.
    assert!(
        human.contains("os-merge-001-mapping-twice/zz-second.yaml:15:3"),
        "{human}"
    );
    assert!(
        human.contains("os-merge-001-mapping-twice/contract.yaml:2:3"),
        "{human}"
    );
    assert!(human.contains("2 errors"), "{human}");
}

#[test]
fn the_lists_of_a_mapping_section_are_joined_across_files_in_path_order() {
    let (_tmp, out) = build(&fixture("valid/split-mappings"));
    let annex = read(&out, "contract-annex.md");
    let order = |text: &str, words: &[&str]| {
        let at: Vec<usize> = words
            .iter()
            .map(|w| {
                text.find(w)
                    .unwrap_or_else(|| panic!("{w} missing:\n{text}"))
            })
            .collect();
        assert!(at.is_sorted(), "{words:?} in path order: {at:?}");
    };
    order(&annex, &["Berlin data centre", "Leipzig data centre"]);
    assert!(annex.contains("Encrypted backups") && annex.contains("Access logs on request"));
    // `term` is written only in the second file, `reference` only in the first.
    assert!(annex.contains("SEC-ANNEX-1"), "{annex}");
    assert!(annex.contains("5 years"), "{annex}");
    let concept = read(&out, "security-concept.md");
    order(
        &concept,
        &["Backup encryption", "Logged administrator sessions"],
    );
    order(&concept, &["Backup system", "Jump host"]);
}

#[test]
fn a_diagnostic_in_a_continued_list_names_the_file_that_continues_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/split-mappings"), tmp.path());
    let path = tmp.path().join("contract/b.yaml");
    let text = read(tmp.path(), "contract/b.yaml").replace("covers: [REQ-2]", "covers: [REQ-3]");
    std::fs::write(&path, text).unwrap();
    let assert = outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("OS-REF-001"), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:12:16", path.display())),
        "the clause's reference in contract/b.yaml: {stderr}"
    );
}

#[test]
fn unknown_reference_names_file_and_line_and_suggests_the_near_miss() {
    let (_, human) = check_output("os-ref-001-unknown-reference", "human");
    assert!(
        human.contains("os-ref-001-unknown-reference/contract.yaml:12:16"),
        "{human}"
    );
    assert!(
        human.contains("os-ref-001-unknown-reference/contract.yaml:4:9"),
        "{human}"
    );
    assert!(human.contains("did you mean `REQ-1`?"), "{human}");
    assert!(human.contains("did you mean `isb`?"), "{human}");
    assert!(
        human.contains("3 errors"),
        "every error is reported, not only the first: {human}"
    );
}

#[test]
fn duplicate_ids_and_unknown_keys_are_errors() {
    let (_, human) = check_output("os-id-001-duplicate-id", "human");
    assert!(
        human.contains("OS-ID-001") && human.contains("os-id-001-duplicate-id/project.yaml:15:11"),
        "{human}"
    );
    let (_, human) = check_output("os-yaml-002-unknown-key", "human");
    assert!(
        human.contains("unknown key `txet`") && human.contains("did you mean `text`?"),
        "{human}"
    );
    let (_, human) = check_output("os-yaml-002-unknown-section", "human");
    assert!(
        human.contains("unknown section `requirments`")
            && human.contains("did you mean `requirements`?"),
        "{human}"
    );
}

#[test]
fn duplicate_keys_in_a_mapping_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    let path = tmp.path().join("project.yaml");
    let text = read(tmp.path(), "project.yaml").replace(
        "  version: \"0.1\"\n",
        "  version: \"0.1\"\n  version: \"0.2\"\n",
    );
    std::fs::write(&path, text).unwrap();
    outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("OS-YAML-003"))
        .stderr(predicates::str::contains("project.yaml:7:3"));
}

#[test]
fn byte_order_mark_and_crlf_line_ends_are_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    let text = read(tmp.path(), "project.yaml").replace('\n', "\r\n");
    std::fs::write(tmp.path().join("project.yaml"), format!("\u{feff}{text}")).unwrap();
    outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(0);
}

#[test]
fn non_utf8_and_empty_input_folders_are_located_errors() {
    let tmp = tempfile::tempdir().unwrap();
    outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("OS-FILE-001"));
    copy_tree(&fixture("valid/minimal"), tmp.path());
    std::fs::write(
        tmp.path().join("latin1.yaml"),
        b"parties:\n  - id: caf\xe9\n",
    )
    .unwrap();
    outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("OS-FILE-003"))
        .stderr(predicates::str::contains("latin1.yaml:2:12"));
}

/// A copy of the minimal fixture plus one extra file, in a temporary folder.
fn minimal_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    std::fs::write(tmp.path().join(name), bytes).unwrap();
    tmp
}

#[test]
fn an_alias_bomb_is_a_located_error_not_a_hang() {
    let mut yaml =
        String::from("parties:\n  - id: bomb\n    name: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        yaml.push_str(&format!("    n{i}: &a{i} [{refs}]\n"));
    }
    let tmp = minimal_with("bomb.yaml", yaml.as_bytes());
    let started = std::time::Instant::now();
    let assert = outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(1);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("bomb.yaml:3:"), "{err}");
}

#[test]
fn very_deep_nesting_hits_the_depth_budget() {
    let yaml = format!(
        "requirements:\n  - {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let tmp = minimal_with("deep.yaml", yaml.as_bytes());
    outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("OS-YAML-005"))
        .stderr(predicates::str::contains("deep.yaml:2:"));
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it_whole() {
    let big = format!("# {}\n", "x".repeat(11 * 1024 * 1024));
    let tmp = minimal_with("big.yaml", big.as_bytes());
    outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("OS-FILE-002"))
        .stderr(predicates::str::contains("big.yaml"));
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let tmp = minimal_with("unused.txt", b"");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("extra.yaml"),
        "parties:\n  - { id: x, name: X, role: client }\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("extra.yaml"),
        tmp.path().join("linked.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(tmp.path(), tmp.path().join("loop")).unwrap();
    outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(0)
        .stderr(predicates::str::contains("OS-FILE-004"));
}
