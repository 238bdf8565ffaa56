//! Catalogues: references, applicability, `outsec coverage`, external OSCAL
//! catalogues and profiles.

use std::path::Path;

use crate::support::*;

fn coverage_json(inputs: &Path, extra: &[&str]) -> serde_json::Value {
    let assert = outsec()
        .args(["coverage", "--format", "json", "-i"])
        .arg(inputs)
        .args(extra)
        .assert()
        .code(0);
    serde_json::from_slice(&assert.get_output().stdout).expect("coverage --format json parses")
}

fn applicable(json: &serde_json::Value, catalog: &str) -> Vec<String> {
    json.as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == catalog)
        .flat_map(|c| {
            c["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_string())
        })
        .collect()
}

/// A copy of the minimal fixture with `extra` appended to its project file.
fn minimal_plus(extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    let project = tmp.path().join("project.yaml");
    let text = std::fs::read_to_string(&project).unwrap();
    std::fs::write(&project, format!("{text}{extra}")).unwrap();
    tmp
}

#[test]
fn the_example_coverage_is_complete_and_snapshot_tested() {
    let json = coverage_json(&example(), &[]);
    for c in json.as_array().unwrap() {
        assert_eq!(c["covered"], c["applicable"], "{} has gaps", c["id"]);
    }
    let ops = applicable(&json, "OPS.2.3");
    assert_eq!(
        ops.len(),
        25,
        "the example has high protection needs, so erhöht applies"
    );
    insta::assert_snapshot!(
        "example-coverage",
        serde_json::to_string_pretty(&json).unwrap()
    );
    let human = outsec()
        .current_dir(root())
        .arg("coverage")
        .assert()
        .code(0);
    insta::assert_snapshot!(
        "example-coverage-human",
        String::from_utf8_lossy(&human.get_output().stdout)
    );
}

#[test]
fn elevated_items_apply_once_a_process_has_a_high_protection_need() {
    let normal = "strategy:\n  scope:\n    processes:\n      - id: PRC-1\n        name: Case work\n        protection: { confidentiality: normal, integrity: normal, availability: normal }\n";
    let tmp = minimal_plus(normal);
    let ops = applicable(&coverage_json(tmp.path(), &[]), "OPS.2.3");
    assert_eq!(ops.len(), 20, "Basis and Standard only: {ops:?}");
    assert!(!ops.contains(&"OPS.2.3.A21".to_string()));

    let tmp = minimal_plus(&normal.replace("availability: normal", "availability: very-high"));
    let ops = applicable(&coverage_json(tmp.path(), &[]), "OPS.2.3");
    assert_eq!(ops.len(), 25);
    assert!(ops.contains(&"OPS.2.3.A21".to_string()) && ops.contains(&"OPS.2.3.A25".to_string()));
}

#[test]
fn dora_and_iso_items_apply_when_the_project_names_them() {
    let tmp = minimal_plus("");
    let json = coverage_json(tmp.path(), &[]);
    assert!(applicable(&json, "DORA-30").is_empty());
    assert!(applicable(&json, "ISO27001").is_empty());

    let with = |frameworks: &str, critical: bool| {
        let tmp = tempfile::tempdir().unwrap();
        copy_tree(&fixture("valid/minimal"), tmp.path());
        let project = tmp.path().join("project.yaml");
        let text = std::fs::read_to_string(&project).unwrap().replace(
            "  authors: [isb]\n",
            &format!(
                "  authors: [isb]\n  frameworks: [{frameworks}]\n  critical_function: {critical}\n"
            ),
        );
        std::fs::write(&project, text).unwrap();
        coverage_json(tmp.path(), &[])
    };
    let dora = applicable(&with("dora", false), "DORA-30");
    assert_eq!(dora.len(), 9, "Art. 30(2) only: {dora:?}");
    let dora = applicable(&with("dora", true), "DORA-30");
    assert_eq!(
        dora.len(),
        15,
        "30(3) too for a critical or important function"
    );
    assert_eq!(applicable(&with("iso27001", false), "ISO27001").len(), 5);
}

#[test]
fn an_unknown_reference_is_an_error_with_a_suggestion_and_the_misprint_is_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    let project = tmp.path().join("project.yaml");
    let text = std::fs::read_to_string(&project).unwrap().replace(
        "    rationale: internal reasoning\n",
        "    rationale: internal reasoning\n    refs: [OPS.2.3A22, OPS.2.3.A44, GSPP:DLS.3.1]\n",
    );
    std::fs::write(&project, text).unwrap();
    let assert = outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        !err.contains("`OPS.2.3A22`"),
        "the misprint is accepted: {err}"
    );
    assert!(
        err.contains("`OPS.2.3.A44` in the refs of requirement `REQ-1`"),
        "{err}"
    );
    assert!(err.contains("did you mean `OPS.2.3.A4`?"), "{err}");
    assert!(
        err.contains("no catalogue with the prefix `GSPP` is loaded"),
        "{err}"
    );
    assert!(err.contains("project.yaml:24:"), "located: {err}");
}

#[test]
fn an_oscal_catalogue_and_profile_select_nested_controls_without_fetching() {
    let cat = fixture("oscal/gspp-catalog.json");
    let profile = fixture("oscal/outsourcing-profile.json");
    let json = coverage_json(
        &fixture("valid/minimal"),
        &[
            "--catalog",
            &format!("GSPP={}", cat.display()),
            "--profile",
            profile.to_str().unwrap(),
        ],
    );
    let selected = applicable(&json, "GSPP");
    assert_eq!(
        selected,
        [
            "GSPP:DLS.3.1",
            "GSPP:DLS.3.1.1",
            "GSPP:DLS.3.1.2",
            "GSPP:DLS.3.2",
            "GSPP:NOT.4.13"
        ],
        "with-ids with child controls, a matching pattern, minus an exclusion"
    );
    // The profile's import is a remote URL: it resolves to the only catalogue loaded.
    let back = coverage_json(
        &fixture("valid/minimal"),
        &[
            "--catalog",
            &format!("GSPP={}", cat.display()),
            "--profile",
            fixture("oscal/back-matter-profile.json").to_str().unwrap(),
        ],
    );
    assert_eq!(
        applicable(&back, "GSPP").len(),
        7,
        "include-all through the back matter"
    );
    // Only the named catalogue when one is named.
    let only = coverage_json(&fixture("valid/minimal"), &["--catalog", "OPS.2.3"]);
    assert_eq!(only.as_array().unwrap().len(), 1);
}

#[test]
fn project_catalogs_make_prefixed_references_resolve_and_count() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    std::fs::create_dir_all(tmp.path().join("catalogs")).unwrap();
    std::fs::copy(
        fixture("oscal/gspp-catalog.json"),
        tmp.path().join("catalogs/gspp-catalog.json"),
    )
    .unwrap();
    std::fs::copy(
        fixture("oscal/outsourcing-profile.json"),
        tmp.path().join("catalogs/profile.json"),
    )
    .unwrap();
    let project = tmp.path().join("project.yaml");
    let text = std::fs::read_to_string(&project)
        .unwrap()
        .replace("  authors: [isb]\n", "  authors: [isb]\n  catalogs: [GSPP=catalogs/gspp-catalog.json, catalogs/profile.json]\n")
        .replace("    rationale: internal reasoning\n", "    rationale: internal reasoning\n    refs: [GSPP:DLS.3.1, gspp:not.4.13]\n");
    std::fs::write(&project, text).unwrap();
    outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(0);
    let json = coverage_json(tmp.path(), &[]);
    let gspp = json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "GSPP")
        .unwrap();
    assert_eq!(gspp["covered"], 2);
    assert_eq!(gspp["applicable"], 5);
    let (_t, out) = build(tmp.path());
    let trace = read(&out, "traceability.md");
    assert!(
        trace.contains("GSPP:DLS.3.1"),
        "the traceability matrix lists the external catalogue"
    );
}

#[test]
fn broken_oscal_files_give_clear_errors() {
    let cases = [
        ("malformed.json", "is not valid JSON"),
        (
            "outsourcing-profile.json",
            "matches none of the catalogues loaded (none)",
        ),
    ];
    for (file, message) in cases {
        let assert = outsec()
            .args(["coverage", "-i"])
            .arg(fixture("valid/minimal"))
            .arg("--catalog")
            .arg(fixture(&format!("oscal/{file}")))
            .assert()
            .code(1);
        let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(
            err.contains("OS-CAT-004") && err.contains(message),
            "{file}: {err}"
        );
    }
    let cat = format!("GSPP={}", fixture("oscal/gspp-catalog.json").display());
    let run = |profile: &str| {
        let assert = outsec()
            .args(["coverage", "-i"])
            .arg(fixture("valid/minimal"))
            .args([
                "--catalog",
                &cat,
                "--catalog",
                &cat.replace("GSPP=", "OTHER="),
            ])
            .arg("--profile")
            .arg(fixture(&format!("oscal/{profile}")))
            .assert()
            .code(1);
        String::from_utf8_lossy(&assert.get_output().stderr).to_string()
    };
    let err = run("outsourcing-profile.json");
    assert!(
        err.contains("matches none of the catalogues loaded") && err.contains("never downloads"),
        "{err}"
    );
    let assert = outsec()
        .args(["coverage", "-i"])
        .arg(fixture("valid/minimal"))
        .args(["--catalog", &cat, "--profile"])
        .arg(fixture("oscal/unknown-control-profile.json"))
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("selects the control `DLS.9.9`"), "{err}");
    let assert = outsec()
        .args(["coverage", "-i"])
        .arg(fixture("valid/minimal"))
        .args(["--catalog", "missing.json"])
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("cannot read the file"));
}

#[test]
fn the_traceability_matrix_lists_every_requirement_with_its_clauses_and_measures() {
    let checked = outsec::pipeline::load_and_check(&example(), &[]).unwrap();
    let m = checked.model.unwrap();
    let (_t, out) = build(&example());
    let trace = read(&out, "traceability.md");
    for r in &m.requirements {
        let row = trace
            .lines()
            .find(|l| {
                l.starts_with(&format!("| {} ", r.id.value))
                    || l.starts_with(&format!("| {} (internal)", r.id.value))
            })
            .unwrap_or_else(|| panic!("{} missing from the matrix", r.id.value));
        for c in m
            .contract
            .clauses
            .iter()
            .filter(|c| c.covers.iter().any(|x| x.value == r.id.value))
        {
            assert!(
                row.contains(c.id.as_str()),
                "{}: clause {}",
                r.id.value,
                c.id.value
            );
        }
        for x in m
            .security_concept
            .measures
            .iter()
            .filter(|x| x.implements.iter().any(|y| y.value == r.id.value))
        {
            assert!(
                row.contains(x.id.as_str()),
                "{}: measure {}",
                r.id.value,
                x.id.value
            );
        }
    }
    assert!(
        trace.contains("Covered: **25 of 25**"),
        "summary line per catalogue"
    );
}
