//! `outsec build`: exit codes, determinism, all-or-nothing output, manifest.

use std::path::Path;

use crate::support::*;

#[test]
fn committed_output_is_up_to_date() {
    outsec()
        .current_dir(root())
        .args(["build", "--check"])
        .assert()
        .code(0);
}

#[test]
fn check_reports_stale_output_with_a_diff_and_exit_1() {
    let (_tmp, out) = build(&example());
    let tender = out.join("tender.md");
    let text = std::fs::read_to_string(&tender).unwrap();
    std::fs::write(
        &tender,
        text.replacen("## 1 The project", "## 1 The projekt", 1),
    )
    .unwrap();
    std::fs::remove_file(out.join("contingency-plan.html")).unwrap();
    let before = snapshot_tree(&out);
    let assert = outsec()
        .args(["build", "--check", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("stale: tender.md"), "{err}");
    assert!(err.contains("-## 1 The projekt"), "{err}");
    assert!(err.contains("+## 1 The project"), "{err}");
    assert!(err.contains("missing: contingency-plan.html"), "{err}");
    assert_eq!(before, snapshot_tree(&out), "--check must write nothing");
}

#[test]
fn two_builds_from_different_paths_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let deep = b.path().join("some/other/place");
    copy_tree(&example(), &a.path().join("inputs"));
    copy_tree(&example(), &deep.join("inputs"));
    let (_t1, out1) = build(&a.path().join("inputs"));
    let (_t2, out2) = build(&deep.join("inputs"));
    let (_t3, out3) = build(&a.path().join("inputs"));
    let first = snapshot_tree(&out1);
    assert!(
        first.len() >= 9,
        "expected the documents and the manifest, got {:?}",
        first.keys()
    );
    assert_eq!(first, snapshot_tree(&out2));
    assert_eq!(first, snapshot_tree(&out3));
}

#[test]
fn a_broken_input_leaves_the_output_folder_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    copy_tree(&example(), &inputs);
    let out = tmp.path().join("out");
    outsec()
        .args(["build", "-i"])
        .arg(&inputs)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = snapshot_tree(&out);

    // Change the content so a successful build would rewrite files, then break one file.
    let project = inputs.join("project.yaml");
    let text = std::fs::read_to_string(&project).unwrap();
    std::fs::write(&project, format!("{text}\n  bogus_key: [unclosed\n")).unwrap();
    let assert = outsec()
        .args(["build", "-i"])
        .arg(&inputs)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        err.contains("project.yaml:"),
        "the error names the file and line: {err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(before, snapshot_tree(&out));
}

#[test]
fn foreign_files_survive_and_only_files_of_the_previous_manifest_are_removed() {
    let (_tmp, out) = build(&example());
    std::fs::write(out.join("README.txt"), "kept").unwrap();
    std::fs::create_dir_all(out.join("extra")).unwrap();
    std::fs::write(out.join("extra/mine.md"), "kept").unwrap();
    // Pretend an earlier build wrote `retired.md` (e.g. a document since removed).
    std::fs::write(out.join("retired.md"), "old").unwrap();
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let manifest = manifest.replacen(
        "\"files\": [",
        &format!(
            "\"files\": [\n    {{\n      \"path\": \"retired.md\",\n      \"sha256\": \"{}\"\n    }},",
            outsec::output::sha256_hex(b"old")
        ),
        1,
    );
    std::fs::write(out.join("manifest.json"), manifest).unwrap();

    outsec()
        .args(["build", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    assert_eq!(read(&out, "README.txt"), "kept");
    assert_eq!(read(&out, "extra/mine.md"), "kept");
    assert!(
        !out.join("retired.md").exists(),
        "a file of the previous manifest is removed"
    );
}

#[test]
fn manifest_lists_every_file_with_its_sha256() {
    let (_tmp, out) = build(&example());
    let manifest: serde_json::Value = serde_json::from_str(&read(&out, "manifest.json")).unwrap();
    let files = manifest["files"].as_array().unwrap();
    let on_disk = snapshot_tree(&out);
    assert_eq!(
        files.len() + 1,
        on_disk.len(),
        "every file but the manifest itself is listed"
    );
    for f in files {
        let path = f["path"].as_str().unwrap();
        let bytes = &on_disk[path];
        assert_eq!(
            f["sha256"].as_str().unwrap(),
            outsec::output::sha256_hex(bytes),
            "{path}"
        );
    }
}

#[test]
fn only_builds_the_named_documents_and_keeps_the_manifest() {
    let (_tmp, out) = build(&example());
    let before = read(&out, "manifest.json");
    std::fs::remove_file(out.join("tender.md")).unwrap();
    outsec()
        .args(["build", "--only", "tender", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    assert!(out.join("tender.md").exists());
    assert_eq!(before, read(&out, "manifest.json"));
}

#[test]
fn exit_code_2_for_usage_errors_and_io_failures() {
    outsec().args(["build", "--no-such-flag"]).assert().code(2);
    outsec()
        .args(["build", "--only", "no-such-document"])
        .assert()
        .code(2);
    let tmp = tempfile::tempdir().unwrap();
    outsec()
        .args(["build", "-i"])
        .arg(tmp.path().join("missing"))
        .arg("-o")
        .arg(tmp.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("does not exist"));
    // The output folder cannot be created because a file is in the way.
    let blocked = tmp.path().join("blocked");
    std::fs::write(&blocked, "a file").unwrap();
    outsec()
        .args(["build", "-i"])
        .arg(example())
        .arg("-o")
        .arg(blocked.join("out"))
        .assert()
        .code(2);
}

#[test]
fn output_inside_the_input_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    copy_tree(&fixture("valid/minimal"), &inputs);
    for out in [inputs.clone(), inputs.join("out")] {
        outsec()
            .args(["build", "-i"])
            .arg(&inputs)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("inside it"));
    }
    assert!(!inputs.join("out").exists());
}

#[test]
fn exit_code_1_for_input_errors() {
    outsec()
        .args(["check", "-i"])
        .arg(fixture("invalid/os-ref-001-unknown-reference"))
        .assert()
        .code(1);
    let tmp = tempfile::tempdir().unwrap();
    outsec()
        .args(["build", "-i"])
        .arg(fixture("invalid/os-ref-001-unknown-reference"))
        .arg("-o")
        .arg(tmp.path().join("out"))
        .assert()
        .code(1);
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn the_example_checks_clean() {
    outsec()
        .args(["check", "-i"])
        .arg(example())
        .assert()
        .code(0);
}

/// The ids that the YAML file at `path` defines (the values of `id` keys).
fn ids_in(path: &Path, ids: &mut std::collections::BTreeSet<String>) {
    fn walk(v: &serde_json::Value, ids: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, ids)),
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::String(id)) = o.get("id") {
                    ids.insert(id.clone());
                }
                o.values().for_each(|v| walk(v, ids));
            }
            _ => {}
        }
    }
    let text = std::fs::read_to_string(path).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    walk(&value, ids);
}

/// Appends a `<script>` to every string of a YAML file except enumerated
/// values, dates, durations and percentages (which would no longer parse)
/// and the project's `ids` and the references to them, which keep to the id
/// syntax (hostile ids are refused: `hostile_input.rs`).
fn inject(path: &Path, ids: &std::collections::BTreeSet<String>) {
    const ENUMS: [&str; 96] = [
        "must",
        "should",
        "may",
        "infrastructure",
        "organisation",
        "personnel",
        "technology",
        "communication",
        "control",
        "draft",
        "review",
        "approved",
        "released",
        "client",
        "provider",
        "bidder",
        "carrier",
        "auditor",
        "authority",
        "subcontractor",
        "interface",
        "planned",
        "implemented",
        "verified",
        "continuous",
        "daily",
        "weekly",
        "monthly",
        "quarterly",
        "semi-annually",
        "annually",
        "biennially",
        "on-event",
        "audit-rights",
        "subcontracting",
        "confidentiality",
        "data-location",
        "tenant-separation",
        "network-access",
        "provider-staff",
        "change-management",
        "incident-reporting",
        "compliance-with-law",
        "adaptation",
        "termination",
        "exit-and-data-return",
        "deletion",
        "ownership",
        "insolvency-and-change-of-control",
        "liability",
        "escrow",
        "security-concept-duty",
        "contingency-duty",
        "passed",
        "failed",
        "missing",
        "yes",
        "partly",
        "no",
        "normal",
        "high",
        "very-high",
        "dora",
        "iso27001",
        "en",
        // Documents, as revisions and `project.documents` name them.
        "tender",
        "contract-annex",
        "security-concept",
        "contingency-plan",
        "migration-plan",
        "operations-plan",
        "strategy",
        "instructions",
        "forms",
        "clarifications",
        "questionnaire",
        "tender-nda",
        "provider-evaluation",
        "traceability",
        // Contracting entities and deadline kinds.
        "public",
        "sector",
        "private",
        "questions",
        "requests",
        "bids",
        "award",
        "validity",
        // The rules of the procedure and the forms (`tender.instructions`,
        // `tender.declarations`).
        "allowed",
        "not-allowed",
        "may-be-requested",
        "not-requested",
        "ratio",
        "linear",
        "consortium-member",
        "capacity-lender",
        "participation",
    ];
    static CATALOGS: std::sync::OnceLock<outsec::catalog::Catalogs> = std::sync::OnceLock::new();
    fn typed(s: &str) -> bool {
        ENUMS.contains(&s)
            || s == "de"
            // A file's SHA-256 (`answers[].sha256`).
            || (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
            || s.parse::<outsec::model::types::Duration>().is_ok()
            || s.parse::<outsec::model::types::Percent>().is_ok()
            || s.parse::<jiff::civil::Date>().is_ok()
            || CATALOGS
                .get_or_init(outsec::catalog::Catalogs::builtin)
                .find(s)
                .is_some()
    }
    fn walk(v: &mut serde_json::Value, ids: &std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::String(s) if !typed(s) && !ids.contains(s.as_str()) => {
                s.push_str("<script>alert(1)</script>")
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|v| walk(v, ids)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|v| walk(v, ids)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(path).unwrap();
    let mut value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    walk(&mut value, ids);
    // JSON is YAML: write the changed document back as JSON.
    std::fs::write(path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}

#[test]
fn script_injected_into_every_string_never_reaches_html_as_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    copy_tree(&example(), &inputs);
    let files: Vec<_> = walkdir::WalkDir::new(&inputs)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    for file in &files {
        ids_in(file, &mut ids);
    }
    for file in &files {
        inject(file, &ids);
    }
    let out = tmp.path().join("out");
    outsec()
        .args(["build", "-i"])
        .arg(&inputs)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let files = snapshot_tree(&out);
    let mut html = 0;
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            html += 1;
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.to_lowercase().contains("<script"),
                "{path} contains <script"
            );
            assert!(
                text.contains("&lt;script&gt;"),
                "{path} shows the injected text literally"
            );
        }
    }
    assert!(html >= 4);
}
