//! The rule registry and `outsec explain` stay in step with the code: every
//! registered rule can be reached by an input, and `explain` describes it.

use std::collections::BTreeMap;
use std::path::Path;

use outsec::check::rules::{self, RULES, Rule};

use crate::support::*;

/// The rules whose findings the library reports for the input folder `inputs`.
fn reported(inputs: &Path) -> Vec<&'static Rule> {
    let checked = outsec::pipeline::load_and_check(inputs, &[])
        .unwrap_or_else(|e| panic!("{}: {e}", inputs.display()));
    checked.diagnostics.iter().map(|d| d.rule).collect()
}

/// A copy of the `valid/minimal` fixture in a temporary folder.
fn minimal() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    tmp
}

/// A sparse file of `len` bytes: that large to the file system, without
/// taking the disk space. outsec refuses such files by their size alone.
fn sparse(path: &Path, len: u64) {
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

/// The rules that no committed fixture can reach, each with why not and an
/// input folder made here that reaches it.
fn made_here() -> Vec<(&'static Rule, &'static str, tempfile::TempDir)> {
    let mut made = Vec::new();

    let big = minimal();
    sparse(
        &big.path().join("big.yaml"),
        outsec::load::MAX_FILE_BYTES + 1,
    );
    made.push((
        &rules::OS_FILE_002,
        "needs a file over 10 MiB, too large to commit",
        big,
    ));

    let many = minimal();
    for n in 0..14 {
        sparse(
            &many.path().join(format!("big-{n:02}.yaml")),
            outsec::load::MAX_FILE_BYTES,
        );
    }
    made.push((
        &rules::OS_FILE_005,
        "needs more than 128 MiB of input files, too large to commit",
        many,
    ));

    #[cfg(unix)]
    {
        let linked = minimal();
        std::os::unix::fs::symlink("project.yaml", linked.path().join("linked.yaml")).unwrap();
        made.push((
            &rules::OS_FILE_004,
            "needs a symbolic link, which git does not check out as one on every system",
            linked,
        ));
    }
    made
}

/// Every registered rule is reported for one of the invalid fixtures (each
/// named after a rule it reaches; `merge.rs` keeps their diagnostics as
/// snapshots), or, where a fixture cannot hold the input, for a folder
/// this test makes. A rule that nothing reaches is dead or untested.
#[test]
fn every_registered_rule_is_reached_by_an_invalid_fixture_or_a_folder_made_here() {
    let mut by_fixtures: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(fixture("invalid")).unwrap() {
        let entry = entry.unwrap();
        let case = entry.file_name().to_string_lossy().into_owned();
        for rule in reported(&entry.path()) {
            by_fixtures.entry(rule.id).or_default().push(case.clone());
        }
    }
    let made = made_here();
    for (rule, why, folder) in &made {
        assert!(
            !by_fixtures.contains_key(rule.id),
            "{rule} is reached by the fixtures {:?}: remove it from the rules made here ({why})",
            by_fixtures[rule.id]
        );
        assert!(
            reported(folder.path()).contains(rule),
            "the folder made for {rule} does not reach it"
        );
    }
    #[cfg(not(unix))]
    let untested = [&rules::OS_FILE_004];
    #[cfg(unix)]
    let untested: [&Rule; 0] = [];
    let unreached: Vec<&str> = RULES
        .iter()
        .filter(|r| !by_fixtures.contains_key(r.id))
        .filter(|r| !made.iter().any(|(m, _, _)| m == *r))
        .filter(|r| !untested.contains(r))
        .map(|r| r.id)
        .collect();
    assert!(
        unreached.is_empty(),
        "no input reaches {unreached:?}: add a fixture under tests/fixtures/invalid named after the rule"
    );
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
    assert_eq!(text.lines().count(), RULES.len());
    // Every rule is listed, in the registry's order.
    for (line, rule) in text.lines().zip(RULES) {
        assert!(line.starts_with(&format!("{} ", rule.id)), "{line}");
    }
}
