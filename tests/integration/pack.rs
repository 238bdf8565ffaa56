//! `outsec pack`: reproducible archives, checksums, the questionnaire CSV,
//! the NDA part, and no internal text in any file of any pack.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use crate::support::*;

fn pack(inputs: &Path, out: &Path) -> String {
    let assert = outsec()
        .args(["pack", "-i"])
        .arg(inputs)
        .arg("-o")
        .arg(out)
        .assert()
        .code(0);
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// Every entry of a zip archive, decompressed.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.insert(entry.name().unwrap().to_string(), bytes);
    }
    out
}

#[test]
fn two_packs_are_the_same_bytes_and_their_manifests_verify() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (_released, inputs) = released_example();
    let printed = pack(&inputs, a.path());
    pack(&inputs, b.path());
    let zip = "tender-pack-SWW-CIS-2026-1.0.zip";
    let bytes = std::fs::read(a.path().join(zip)).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(b.path().join(zip)).unwrap(),
        "byte-reproducible"
    );
    assert!(
        printed.contains(&outsec::output::sha256_hex(&bytes)),
        "pack prints the zip's SHA-256: {printed}"
    );

    for folder in ["tender-pack", "tender-pack-nda"] {
        let dir = a.path().join(folder);
        let manifest = read(&dir, "MANIFEST.sha256");
        let files: Vec<&str> = manifest
            .lines()
            .map(|l| l.split_once("  ").unwrap().1)
            .collect();
        assert!(files.len() >= 4, "{folder}: {files:?}");
        // The format `sha256sum -c` reads: hash, two spaces, file name.
        for line in manifest.lines() {
            let (hash, file) = line.split_once("  ").unwrap();
            assert_eq!(
                hash,
                outsec::output::sha256_hex(&std::fs::read(dir.join(file)).unwrap()),
                "{folder}/{file}"
            );
        }
        if std::process::Command::new("sha256sum")
            .arg("--version")
            .output()
            .is_ok()
        {
            let status = std::process::Command::new("sha256sum")
                .args(["-c", "--quiet", "MANIFEST.sha256"])
                .current_dir(&dir)
                .status()
                .unwrap();
            assert!(status.success(), "sha256sum -c passes in {folder}");
        }
    }
    // The zip holds exactly the folder's files, with fixed metadata.
    let entries = unzip(&a.path().join(zip));
    let on_disk = snapshot_tree(&a.path().join("tender-pack"));
    assert_eq!(entries.len(), on_disk.len());
    for (name, bytes) in &on_disk {
        assert_eq!(&entries[&format!("tender-pack/{name}")], bytes);
    }
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(a.path().join(zip)).unwrap()).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries in sorted order");
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        assert_eq!(entry.unix_mode(), Some(0o100644));
        let t = entry.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2026, 1, 9, 0, 0),
            "the date of the tender's version"
        );
    }
}

#[test]
fn the_questionnaire_csv_has_one_row_per_question_and_must_or_should_requirement() {
    let tmp = tempfile::tempdir().unwrap();
    let (_released, inputs) = released_example();
    pack(&inputs, tmp.path());
    let checked = outsec::pipeline::load_and_check(&example(), &[]).unwrap();
    let m = checked.model.unwrap();
    use outsec::model::requirements::Priority;
    let expected = m.tender.questions.iter().filter(|q| !q.internal).count()
        + m.requirements
            .iter()
            .filter(|r| !r.internal && r.priority != Priority::May)
            .count();
    let bytes = std::fs::read(tmp.path().join("tender-pack/questionnaire.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark for spreadsheet programs"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "No.");
    assert!(header.iter().any(|h| h.starts_with("Compliance")));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), expected);
    for row in &rows {
        assert_eq!(row.len(), header.len());
    }
    let ids: Vec<&str> = rows.iter().map(|r| r.get(1).unwrap()).collect();
    for r in m
        .requirements
        .iter()
        .filter(|r| !r.internal && r.priority == Priority::Must)
    {
        assert!(ids.contains(&r.id.as_str()), "{}", r.id.value);
    }
    // The Markdown questionnaire has the same rows.
    let md = read(&tmp.path().join("tender-pack"), "questionnaire.md");
    for id in ids {
        assert!(md.contains(&format!("| {id} |")), "{id}");
    }
}

#[test]
fn csv_cells_that_look_like_formulas_are_defused() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    let p = tmp.path().join("project.yaml");
    let text = read(tmp.path(), "project.yaml").replace(
        "    text: Every backup is encrypted.",
        "    text: \"=HYPERLINK(\\\"http://x\\\",\\\"click\\\")\"",
    );
    std::fs::write(&p, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    pack(tmp.path(), out.path());
    let csv = std::fs::read_to_string(out.path().join("tender-pack/questionnaire.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
}

#[test]
fn nda_material_goes_only_into_the_nda_part() {
    let tmp = tempfile::tempdir().unwrap();
    let (_released, inputs) = released_example();
    pack(&inputs, tmp.path());
    let public = snapshot_tree(&tmp.path().join("tender-pack"));
    let nda = snapshot_tree(&tmp.path().join("tender-pack-nda"));
    let secret = "192.168.250.0/24"; // from the content of NDA-NETWORK
    let nda_req = "The WAN connection between each SWW site"; // REQ-COM-01 is `nda: true`
    let in_any = |files: &BTreeMap<String, Vec<u8>>, s: &str| {
        files
            .values()
            .any(|b| String::from_utf8_lossy(b).contains(s))
    };
    assert!(in_any(&nda, secret), "the NDA part carries the material");
    assert!(!in_any(&public, secret), "the public pack never does");
    let checked = outsec::pipeline::load_and_check(&example(), &[]).unwrap();
    let text = checked
        .model
        .unwrap()
        .requirements
        .into_iter()
        .find(|r| r.id.value == "REQ-COM-01")
        .unwrap()
        .text;
    let probe: String = text.trim().chars().take(40).collect();
    assert!(
        in_any(&nda, &probe),
        "the NDA part carries the requirement's text"
    );
    assert!(
        !in_any(&public, &probe),
        "the public pack names the requirement only"
    );
    let _ = nda_req;
    let tender = String::from_utf8_lossy(&public["tender.md"]).to_string();
    assert!(tender.contains("#### REQ-COM-01 Redundant, encrypted WAN connection"));
    let zip = unzip(&tmp.path().join("tender-pack-SWW-CIS-2026-1.0.zip"));
    assert!(
        !zip.values()
            .any(|b| String::from_utf8_lossy(b).contains(secret))
    );
}

/// Keys whose string values are free text (never ids or references).
const TEXT_KEYS: [&str; 40] = [
    "title",
    "text",
    "name",
    "function",
    "rationale",
    "notes",
    "note",
    "justification",
    "changes",
    "description",
    "mitigation",
    "treatment",
    "duties",
    "criteria",
    "symptoms",
    "evidence",
    "content",
    "objectives",
    "reasons",
    "retained_capabilities",
    "cost_benefit",
    "exit_strategy",
    "security_analysis",
    "summary",
    "phone",
    "email",
    "address",
    "acceptance",
    "measurement",
    "penalty",
    "data",
    "site",
    "location",
    "restore_test",
    "agenda",
    "kpis",
    "immediate",
    "recovery",
    "change",
    "answer",
];

/// Writes a unique canary into every free-text value of `v`.
fn poison(v: &mut serde_json::Value, key: &str, n: &mut usize, canaries: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) if TEXT_KEYS.contains(&key) => {
            *n += 1;
            let canary = format!("CANARY{:04}xINTERNALxLEAKxPROBE", *n);
            *s = canary.clone();
            canaries.push(canary);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| poison(x, key, n, canaries)),
        serde_json::Value::Object(o) => o.iter_mut().for_each(|(k, x)| poison(x, k, n, canaries)),
        _ => {}
    }
}

/// Poisons every item marked `internal: true` in one input document.
fn poison_internal_items(
    v: &mut serde_json::Value,
    key: &str,
    n: &mut usize,
    canaries: &mut Vec<String>,
) {
    match v {
        serde_json::Value::Object(o) => {
            if o.get("internal") == Some(&serde_json::Value::Bool(true)) {
                return poison(v, key, n, canaries);
            }
            for (k, x) in o.iter_mut() {
                poison_internal_items(x, k, n, canaries);
            }
        }
        serde_json::Value::Array(a) => a
            .iter_mut()
            .for_each(|x| poison_internal_items(x, key, n, canaries)),
        _ => {}
    }
}

/// Poisons what one input document holds under the internal field at
/// `names` (field names from the model's root; lists add none): the field's
/// own text, or each free text inside it. Returns how many canaries it
/// planted.
fn poison_field(
    v: &mut serde_json::Value,
    names: &[&str],
    key: &str,
    n: &mut usize,
    canaries: &mut Vec<String>,
) -> usize {
    match (v, names) {
        (serde_json::Value::Array(a), _) => a
            .iter_mut()
            .map(|x| poison_field(x, names, key, n, canaries))
            .sum(),
        (v @ serde_json::Value::String(_), []) => {
            let before = canaries.len();
            // The field is text itself, whatever its name.
            poison(v, TEXT_KEYS[0], n, canaries);
            canaries.len() - before
        }
        (v, []) => {
            let before = canaries.len();
            poison(v, key, n, canaries);
            canaries.len() - before
        }
        (serde_json::Value::Object(o), [first, rest @ ..]) => match o.get_mut(*first) {
            Some(x) => poison_field(x, rest, first, n, canaries),
            None => 0,
        },
        _ => 0,
    }
}

/// A file's text, and for a workbook (a zip itself) the text of each of
/// its parts, which the file's own bytes hold only deflated.
fn unpacked(path: String, bytes: &[u8]) -> Vec<(String, String)> {
    let mut out = vec![(path.clone(), String::from_utf8_lossy(bytes).into_owned())];
    if path.ends_with(".xlsx") {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for i in 0..archive.len() {
            let mut part = archive.by_index(i).unwrap();
            let mut b = Vec::new();
            part.read_to_end(&mut b).unwrap();
            out.push((
                format!("{path}!{}", part.name().unwrap()),
                String::from_utf8_lossy(&b).into_owned(),
            ));
        }
    }
    out
}

#[test]
fn no_internal_text_reaches_any_file_of_either_pack() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    copy_tree(&example(), &inputs);
    // Besides the example's own internal items, add an internal revision
    // and an internal bidder question.
    let mut n = 0;
    let mut canaries = Vec::new();
    // Every field marked `@internal` on the model, from the same
    // declaration that drives the redaction.
    let declared = outsec::model::visit::internal_fields();
    let mut planted: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&inputs).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file()
            || entry.path().extension().and_then(|e| e.to_str()) != Some("yaml")
        {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let mut value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        if let Some(serde_json::Value::Array(revs)) = value.pointer_mut("/project/revisions") {
            let mut internal = revs[0].clone();
            internal["internal"] = serde_json::Value::Bool(true);
            internal["version"] = serde_json::Value::String("0.95".into());
            revs.insert(revs.len() - 1, internal);
        }
        if let Some(serde_json::Value::Array(qs)) = value.pointer_mut("/tender/questions") {
            let mut q = qs[0].clone();
            q["id"] = serde_json::Value::String("Q-INTERNAL".into());
            q["internal"] = serde_json::Value::Bool(true);
            qs.push(q);
        }
        // `project.catalogs` names files: each canary there becomes the
        // name of a copy of a catalogue.
        if let Some(project) = value.get_mut("project") {
            project["catalogs"] = serde_json::json!(["catalogue"]);
        }
        for path in &declared {
            let names: Vec<&str> = path.split('.').collect();
            let before = canaries.len();
            *planted.entry(path.as_str()).or_default() +=
                poison_field(&mut value, &names, "", &mut n, &mut canaries);
            if path == "project.catalogs" {
                for c in &canaries[before..] {
                    std::fs::copy(fixture("oscal/gspp-catalog.json"), inputs.join(c)).unwrap();
                }
            }
        }
        poison_internal_items(&mut value, "", &mut n, &mut canaries);
        std::fs::write(entry.path(), serde_json::to_string_pretty(&value).unwrap()).unwrap();
    }
    // Every field declared internal holds a canary: a new one needs an
    // example value (in the example inputs, or added above).
    for path in &declared {
        assert!(
            planted.get(path.as_str()).copied().unwrap_or(0) > 0,
            "no canary under the internal field {path}: give it a value in the example inputs"
        );
    }
    assert!(canaries.len() > 100, "{} canaries", canaries.len());

    // What the templates of the provider and the bidders receive holds no
    // canary either, printed or not (a user's template may print any of it).
    let checked = outsec::pipeline::load_and_check(&inputs, &[]).unwrap();
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let model = checked.model.unwrap();
    let outward = [
        outsec::documents::Audience::Bidder,
        outsec::documents::Audience::BidderNda,
        outsec::documents::Audience::Provider,
    ];
    let contexts = outsec::derive::template_contexts(&model, &checked.catalogs, &outward).unwrap();
    assert_eq!(contexts.len(), 3);
    for (audience, ctx) in &contexts {
        let text = format!("{ctx:?}");
        for c in &canaries {
            assert!(
                !text.contains(c.as_str()),
                "{c} is in the {audience:?} context"
            );
        }
    }

    // The pack is cut from the inputs as the tender was released: no award,
    // no revision after it (`pack` refuses the rest).
    let released = tmp.path().join("released");
    released_copy(&inputs, &released);
    let out = tmp.path().join("out");
    pack(&released, &out);
    let mut texts: Vec<(String, String)> = Vec::new();
    for (path, bytes) in snapshot_tree(&out) {
        if path.ends_with(".zip") {
            for (entry, b) in unzip(&out.join(&path)) {
                texts.extend(unpacked(format!("{path}!{entry}"), &b));
            }
        } else {
            texts.extend(unpacked(path, &bytes));
        }
    }
    assert!(
        texts.len() >= 12,
        "both folders and both archives were searched"
    );
    assert!(
        texts
            .iter()
            .any(|(p, _)| p.ends_with("questionnaire.xlsx!xl/sharedStrings.xml")),
        "the workbook's parts were searched"
    );
    for (path, text) in &texts {
        for c in &canaries {
            assert!(!text.contains(c.as_str()), "{c} leaked into {path}");
        }
    }
    // The canaries are real: the internal documents do show them.
    let (_t, built) = build(&inputs);
    let internal = read(&built, "provider-evaluation.md") + &read(&built, "traceability.md");
    assert!(canaries.iter().any(|c| internal.contains(c.as_str())));
    // The same build's documents for the provider and the bidders hold none.
    let mut outward = 0;
    for (path, bytes) in snapshot_tree(&built) {
        let stem = path.split('.').next().unwrap_or_default();
        if [
            "strategy",
            "provider-evaluation",
            "traceability",
            "manifest",
        ]
        .contains(&stem)
        {
            continue;
        }
        outward += 1;
        let text = String::from_utf8_lossy(&bytes);
        for c in &canaries {
            assert!(!text.contains(c.as_str()), "{c} leaked into {path}");
        }
    }
    assert!(outward >= 16, "{outward} outward files searched");
}

#[test]
fn a_tie_is_broken_openly_and_a_fragile_award_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    std::fs::write(
        tmp.path().join("bids.yaml"),
        r#"parties:
  - { id: alpha, name: Alpha Hosting AG, role: bidder }
  - { id: beta, name: Beta Rechenzentrum GmbH, role: bidder }
tender:
  suitability_criteria:
    - { id: SC-1, title: Certificate, text: ISO 27001 certificate., evidence: Copy of the certificate. }
  award_criteria:
    - { id: AC-1, title: Security, text: Security concept., weight: 50 }
    - { id: AC-2, title: Price, text: Total price., weight: 50 }
evaluation:
  bids:
    - bidder: alpha
      knockout: [{ criterion: SC-1, result: passed }]
      scores: [{ criterion: AC-1, score: 10 }, { criterion: AC-2, score: 5 }]
    - bidder: beta
      knockout: [{ criterion: SC-1, result: passed }]
      scores: [{ criterion: AC-1, score: 5 }, { criterion: AC-2, score: 10 }]
  chosen: alpha
"#,
    )
    .unwrap();
    let assert = outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(0);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        err.contains("warning[OS-EVAL-008]: the award is fragile"),
        "{err}"
    );
    assert!(err.contains("AC-1 -5 → beta"), "{err}");
    let (_t, out) = build(tmp.path());
    let eval = read(&out, "provider-evaluation.md");
    assert!(eval.contains("alpha and beta have the same weighted total (750); the tie is broken by the score on AC-1"), "{eval}");
    assert!(eval.contains("**The decision is fragile:**"), "{eval}");
    assert!(
        eval.contains("| 1 | Alpha Hosting AG | 750 | best bid |"),
        "{eval}"
    );
    assert!(
        eval.contains("| AC-1 | -5 | 45 | Beta Rechenzentrum GmbH | **yes** |"),
        "{eval}"
    );
}

#[test]
fn a_name_that_looks_like_a_placeholder_is_printed_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    released_copy(&example(), tmp.path());
    let p = tmp.path().join("parties.yaml");
    let text = read(tmp.path(), "parties.yaml").replace(
        "name: Stadtwerke Westerbrück GmbH",
        "name: \"ACME {procedure} {client} Stadtwerke\"",
    );
    std::fs::write(&p, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    pack(tmp.path(), out.path());
    let mut seen = 0;
    for name in [
        "tender-pack/cover.md",
        "tender-pack-nda/cover.md",
        "tender-pack-nda/tender-nda.md",
    ] {
        let text = read(out.path(), name);
        let written = text.matches("ACME {procedure} {client} Stadtwerke").count();
        assert_eq!(
            written,
            text.matches("ACME").count(),
            "{name}: a placeholder in a name was filled:\n{text}"
        );
        seen += written;
    }
    assert!(seen > 0, "the client's name is in the pack");
}

#[test]
fn a_german_questionnaire_csv_is_german_and_opens_in_a_german_spreadsheet() {
    let tmp = tempfile::tempdir().unwrap();
    let released = tempfile::tempdir().unwrap();
    released_copy(&root().join("example-de/inputs"), released.path());
    pack(released.path(), tmp.path());
    let bytes = std::fs::read(tmp.path().join("tender-pack/questionnaire.csv")).unwrap();
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    // German spreadsheets split at semicolons: the comma is the decimal sign.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "Nr.");
    assert!(
        header
            .iter()
            .any(|h| h.starts_with("Erfüllung (ja/teilweise/nein)")),
        "{header:?}"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    let mut kinds = std::collections::BTreeSet::new();
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
        kinds.insert(row[2].to_string());
        if !row[3].is_empty() {
            assert!(["MUSS", "SOLLTE"].contains(&&row[3]), "{row:?}");
        }
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["Anforderung", "Frage"],
        "kinds as the German documents name them"
    );
    for english in [
        "Question",
        "Requirement",
        "Title",
        "Answer",
        "NDA part",
        "MUST",
    ] {
        assert!(
            !text.contains(english),
            "{english} in the German CSV:\n{text}"
        );
    }
}
