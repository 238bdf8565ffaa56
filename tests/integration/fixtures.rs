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
        // Human format: nothing on stderr but the final "no errors" line.
        let assert = outsec()
            .current_dir(fixture("valid"))
            .args(["check", "--deny-warnings", "-i", case])
            .assert();
        let out = assert.get_output();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{case} must pass `check --deny-warnings`:\n{stderr}"
        );
        assert_eq!(
            stderr,
            format!("{case}: no errors\n"),
            "{case} must check without any diagnostic"
        );
        assert!(out.stdout.is_empty(), "{case}: nothing on stdout");

        // JSON format: not a single diagnostic.
        let assert = outsec()
            .current_dir(fixture("valid"))
            .args(["check", "--deny-warnings", "--format", "json", "-i", case])
            .assert();
        let out = assert.get_output();
        assert_eq!(out.status.code(), Some(0), "{case} (json)");
        assert!(
            out.stdout.is_empty(),
            "{case}: no JSON diagnostics expected:\n{}",
            String::from_utf8_lossy(&out.stdout)
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
