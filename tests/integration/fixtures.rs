//! The valid fixtures: each one passes every rule without a single warning,
//! most of them right at the boundary of the rules of one area, and builds.
//! (The invalid fixtures, one or more per rule, are run in `merge.rs`.)

use crate::support::*;

/// The folder names under `tests/fixtures/valid`, sorted.
fn valid_fixtures() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixture("valid"))
        .unwrap()
        .map(Result::unwrap)
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_valid_fixture_checks_clean_and_builds() {
    let cases = valid_fixtures();
    for expected in [
        "minimal",
        "evaluation-boundaries",
        "migration-boundaries",
        "contingency-boundaries",
        "protection-high",
        "approved-project",
        "coverage-boundaries",
    ] {
        assert!(
            cases.iter().any(|c| c == expected),
            "fixture `{expected}` is missing: {cases:?}"
        );
    }
    for case in &cases {
        // The fixtures are small on purpose, so the catalogue-coverage
        // warnings (OS-CAT-002/003) are expected; nothing else may be reported.
        let assert = outsec()
            .current_dir(fixture("valid"))
            .args(["check", "--format", "json", "-i", case])
            .assert();
        let out = assert.get_output();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{case} must check without errors"
        );
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let d: serde_json::Value = serde_json::from_str(line).unwrap();
            let rule = d["rule"].as_str().unwrap();
            assert!(
                d["severity"] == "warning" && (rule == "OS-CAT-002" || rule == "OS-CAT-003"),
                "{case} must check without any diagnostic but catalogue coverage: {line}"
            );
        }
        let assert = outsec()
            .current_dir(fixture("valid"))
            .args(["check", "-i", case])
            .assert()
            .code(0);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(
            stderr.ends_with(&format!("{case}: no errors\n")),
            "{case}: {stderr}"
        );

        // Build into a fresh temporary folder: every document, as Markdown and HTML.
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("out");
        let assert = outsec()
            .args(["build", "-i"])
            .arg(fixture("valid").join(case))
            .arg("-o")
            .arg(&dest)
            .assert();
        let out = assert.get_output();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{case} must build:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for stem in outsec::documents::stems() {
            for ext in ["md", "html"] {
                let file = dest.join(format!("{stem}.{ext}"));
                let len = std::fs::metadata(&file)
                    .unwrap_or_else(|e| panic!("{case}: {}: {e}", file.display()))
                    .len();
                assert!(len > 0, "{case}: {} is empty", file.display());
            }
        }
        assert!(
            dest.join("manifest.json").is_file(),
            "{case}: manifest.json"
        );
    }
}
