//! Hostile inputs, part two: ids, empty sections, YAML the user did not mean,
//! and the size of the input folder as a whole (issue 11, items 5, 8, 9 and
//! 10). As in `hostile.rs`, every case ends in the right exit code with one
//! clear, located diagnostic per mistake, without a panic, within bounded
//! time and 512 MiB of address space, and a refused build leaves the output
//! folder of an earlier build as it was.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::runner::*;
use crate::support::*;

/// The findings of `check --format json`.
trait Diagnostics {
    fn diagnostics(&self) -> Vec<serde_json::Value>;
}

impl Diagnostics for Outcome {
    /// The diagnostics of `check --format json`, but the catalogue-coverage
    /// warnings that every small project draws.
    fn diagnostics(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).expect("one JSON object per line")
            })
            .filter(|d| d["rule"] != "OS-CAT-002" && d["rule"] != "OS-CAT-003")
            .collect()
    }
}

/// A copy of the minimal project with an earlier successful build in its
/// output folder.
struct Project {
    _tmp: tempfile::TempDir,
    inputs: PathBuf,
    out: PathBuf,
    before: BTreeMap<String, Vec<u8>>,
}

impl Project {
    fn new() -> Self {
        let BuiltCopy { tmp, inputs, out } = BuiltCopy::new("valid/minimal");
        let before = snapshot_tree(&out);
        Project {
            _tmp: tmp,
            inputs,
            out,
            before,
        }
    }

    fn write(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.inputs.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.inputs.join(name)).unwrap()
    }

    fn check(&self, extra: &[&str]) -> Outcome {
        run(capped()
            .arg("check")
            .args(extra)
            .arg("-i")
            .arg(&self.inputs))
    }

    fn check_json(&self) -> Outcome {
        self.check(&["--format", "json"])
    }

    /// A failing build with `code`, the needles, in time, nothing written.
    fn refuses(&self, what: &str, code: i32, needles: &[&str]) {
        run(capped()
            .args(["build", "-i"])
            .arg(&self.inputs)
            .arg("-o")
            .arg(&self.out))
        .expect(what, code, needles);
        assert!(
            snapshot_tree(&self.out) == self.before,
            "{what}: the output folder changed"
        );
    }
}

/// Line and column (from 1, in characters) where `needle` starts in the
/// file `name` of the project, which holds it once.
fn position(p: &Project, name: &str, needle: &str) -> (u64, u64) {
    let text = p.read(name);
    assert_eq!(text.matches(needle).count(), 1, "`{needle}` once in {name}");
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() as u64 + 1;
    (line, col)
}

/// The diagnostics located at `file:line:col`.
fn at<'a>(
    diags: &'a [serde_json::Value],
    file: &str,
    (line, col): (u64, u64),
) -> Vec<&'a serde_json::Value> {
    diags
        .iter()
        .filter(|d| {
            d["file"].as_str().is_some_and(|f| f.ends_with(file))
                && d["line"] == line
                && d["column"] == col
        })
        .collect()
}

/// Hostile spellings of ids, each in another kind of item: (file, the id
/// as the YAML writes it, a part of the message that says what is wrong).
/// Zero-width and bidirectional characters are written raw, as a paste
/// would bring them; line break and tab as YAML escapes.
const BAD_IDS: &[(&str, &str, &str)] = &[
    ("items.yaml", r#""REQ|1""#, "it contains `|`"),
    ("items.yaml", r#""REQ\n2""#, "it contains a line break"),
    ("items.yaml", r#""P]1""#, "it contains `]`"),
    ("items.yaml", r#""   ""#, "it holds only blank characters"),
    ("items.yaml", r#""""#, "it is empty"),
    (
        "contract.yaml",
        "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
        "it is 65 characters long, more than 64",
    ),
    ("contract.yaml", r#""-M1""#, "it starts with `-`"),
    ("items.yaml", r#"".S1""#, "it starts with `.`"),
    ("items.yaml", "AW\u{200b}1", "U+200B (zero-width space)"),
    (
        "items.yaml",
        "SC\u{202e}1",
        "U+202E (right-to-left override)",
    ),
    ("items.yaml", "Frage-Größe", "`ö` (U+00F6) and `ß` (U+00DF)"),
    ("items.yaml", "../x", "it contains `/`"),
    ("items.yaml", r#""CHK 1""#, "it contains a space"),
    ("items.yaml", r#""NDA\t1""#, "it contains a tab"),
    ("items.yaml", r#""AC#1""#, "it contains `#`"),
];

/// Writes the project of [`BAD_IDS`]: every id-bearing kind of item, one
/// hostile id each, and references to them as written and as the id the
/// message suggests (which must stay quiet).
fn write_bad_ids(p: &Project) {
    let id = |n: usize| BAD_IDS[n].1;
    let contract = format!(
        r#"contract:
  incident_notification:
    deadline: 4h
    to: isb
  data_locations:
    - {{ id: DL-1, data: All client data, country: Germany, site: Berlin, party: host }}
  clauses:
    - id: CL-1
      topic: confidentiality
      title: Encrypted backups
      text: The provider encrypts every backup of client data.
      covers: [REQ-1, "REQ|1", REQ-2]
    - id: {}
      topic: audit-rights
      title: Audits
      text: The client may audit the provider.
      covers: [REQ-1]
security_concept:
  components:
    - {{ id: CMP-1, name: Backup system, domain: provider, text: Backup servers., operator: host }}
  measures:
    - id: MSR-1
      title: Backup encryption
      text: Backups are encrypted.
      component: CMP-1
      responsible: host
      implements: [REQ-1, REQ-1, REQ-2]
      status: planned
    - id: {}
      title: Logging
      text: Every access is logged.
      component: CMP-1
      responsible: host
      implements: [REQ-1]
      status: planned
"#,
        id(5),
        id(6)
    );
    p.write("contract.yaml", contract);
    let items = format!(
        r#"requirements:
  - id: {}
    title: Log every access
    category: control
    priority: must
    text: Every access is logged.
  - id: {}
    title: Keep the logs
    category: control
    priority: must
    text: Logs are kept for a year.
parties:
  - {{ id: {}, name: Pipe AG, role: bidder }}
  - {{ id: {}, name: Blank AG, role: bidder }}
contacts:
  - {{ id: {}, name: Nobody, function: Sales, party: client }}
  - {{ id: vendor, name: Vera Ende, function: Sales, party: "host " }}
tender:
  suitability_criteria:
    - id: {}
      title: Certificate
      text: ISO 27001 certificate.
      evidence: Copy of the certificate.
  award_criteria:
    - {{ id: {}, title: Price, text: Total price., weight: 50 }}
    - {{ id: AW-2, title: Security, text: Security concept., weight: 50 }}
  questions:
    - id: {}
      text: How large is your data centre?
      requirements: ["REQ|1"]
  nda_items:
    - {{ id: {}, title: Network plan, text: The network plan. }}
migration:
  phases:
    - id: {}
      title: Move
      start: 2027-02-01
      end: 2027-03-01
      checks:
        - {{ id: {}, title: Restore test, acceptance: A restore works., requirements: [REQ-2] }}
operations:
  checks:
    - id: {}
      title: Log review
      text: The logs are reviewed.
      frequency: monthly
      responsible: host
      evidence: Review minutes.
      requirements: [REQ-2]
contingency:
  escalation:
    - {{ level: 1, name: Alert, criteria: Any outage., contacts: [isb], within: 1h }}
  scenarios:
    - id: {}
      title: Outage
      trigger: The service is down.
      level: 1
      immediate: [Call the provider.]
      recovery: [Restore from backup.]
      rto: 4h
      rpo: 1h
      owner: isb
"#,
        id(0),
        id(1),
        id(2),
        id(3),
        id(4),
        id(9),
        id(8),
        id(10),
        id(13),
        id(11),
        id(14),
        id(12),
        id(7),
    );
    p.write("items.yaml", items);
    // Differs from `REQ-1` in project.yaml only in case.
    p.write(
        "more/cases.yaml",
        "parties:\n  - { id: req-1, name: Case AG, role: bidder }\n",
    );
    let project = p
        .read("project.yaml")
        .replace("id: MINI-1", "id: \"MINI 1|x\"");
    p.write("project.yaml", project);
}

#[test]
fn hostile_ids_are_one_located_error_each_and_their_references_stay_quiet() {
    let p = Project::new();
    write_bad_ids(&p);
    let outcome = p.check_json();
    outcome.expect("hostile ids", 1, &[]);
    let diags = outcome.diagnostics();
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();

    // One OS-ID-002 at each bad id, saying what is wrong with it.
    for (file, written, why) in BAD_IDS {
        // Located at the value, which starts four columns after `id:`.
        let (line, col) = position(&p, file, &format!("id: {written}"));
        let found = at(&diags, file, (line, col + 4));
        assert_eq!(
            found.len(),
            1,
            "{written}: one diagnostic at {file}:{line}:{}:\n{diags:#?}",
            col + 4
        );
        let d = found[0];
        assert_eq!(d["rule"], "OS-ID-002", "{written}: {d}");
        let message = d["message"].as_str().unwrap();
        assert!(message.contains(why), "{written}: {message}");
        // Nothing invisible reaches the message as it is.
        assert!(
            !message.contains(['\u{200b}', '\u{202e}', '\n', '\t']),
            "{written}: {message:?}"
        );
        assert!(
            d["help"].as_str().unwrap().contains("1 to 64 characters"),
            "{d}"
        );
    }
    // The project id, with the cleaned-up id as the fix.
    let project = at(
        &diags,
        "project.yaml",
        position(&p, "project.yaml", "\"MINI 1|x\""),
    );
    assert_eq!(project.len(), 1, "{diags:#?}");
    assert!(
        project[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("the project id `MINI 1|x` is not valid: it contains a space and `|`")
    );
    assert!(
        project[0]["help"]
            .as_str()
            .unwrap()
            .starts_with("write `MINI-1-x` instead")
    );
    // A reference that is not a valid id, with the id it likely means.
    let reference = at(
        &diags,
        "items.yaml",
        position(&p, "items.yaml", "\"host \""),
    );
    assert_eq!(reference.len(), 1, "{diags:#?}");
    assert_eq!(reference[0]["rule"], "OS-ID-002");
    assert_eq!(reference[0]["help"], "did you mean `host`?");
    // Ids that differ only in case: one error naming both (at the
    // requirement, as parties are defined before requirements).
    let case = at(
        &diags,
        "project.yaml",
        position(&p, "project.yaml", "REQ-1"),
    );
    assert_eq!(case.len(), 1, "{diags:#?}");
    assert_eq!(case[0]["rule"], "OS-ID-001");
    assert!(
        case[0]["message"]
            .as_str()
            .unwrap()
            .contains("the id `REQ-1` differs from `req-1` only in upper and lower case"),
        "{}",
        case[0]
    );

    // Nothing else: the references to the bad ids (as written, and as the
    // suggested `REQ-2`) and the coverage of the bad MUST requirements stay
    // quiet.
    assert_eq!(
        errors.len(),
        BAD_IDS.len() + 3,
        "one error per mistake, no cascade:\n{errors:#?}"
    );
    let human = p.check(&[]);
    human.expect(
        "hostile ids, for people",
        1,
        &[
            "items.yaml:",
            "error[OS-ID-002]: the award criterion id `AW\\u{200b}1` is not valid",
            "error[OS-ID-002]: the suitability criterion id `SC\\u{202e}1` is not valid",
            "write `Frage-Groesse` instead",
            "contract.yaml:13:11",
            "error[OS-ID-001]: the id `REQ-1` differs from `req-1`",
            "cases.yaml:2:11",
            "`req-1` first used here",
        ],
    );
    assert!(
        !human.stderr.contains(['\u{200b}', '\u{202e}']),
        "invisible characters are shown, not passed to the terminal"
    );
    p.refuses("hostile ids", 1, &["OS-ID-002"]);
}

#[test]
fn every_example_and_fixture_keeps_to_the_id_syntax() {
    let mut folders = vec![
        example(),
        root().join("example-de/inputs"),
        root().join("assets/starter"),
    ];
    for kind in ["valid", "invalid"] {
        for entry in std::fs::read_dir(fixture(kind)).unwrap() {
            folders.push(entry.unwrap().path());
        }
    }
    for folder in folders {
        let out = outsec()
            .args(["check", "--format", "json", "-i"])
            .arg(&folder)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let id_errors: Vec<&str> = stdout
            .lines()
            .filter(|l| l.contains("\"OS-ID-002\""))
            .collect();
        let expected = folder.ends_with("os-id-002-invalid-id");
        assert_eq!(
            !id_errors.is_empty(),
            expected,
            "{}: {id_errors:#?}",
            folder.display()
        );
    }
}

#[test]
fn nothing_is_silently_empty() {
    let p = Project::new();
    // A list section with no value: its entries are missing.
    p.write("more.yaml", "requirements:\n# - id: REQ-2\n");
    p.check(&[]).expect(
        "`requirements:` alone",
        0,
        &[
            "warning[OS-MERGE-003]: the section `requirements` has no value",
            "more.yaml:1:1",
        ],
    );
    p.check(&["--deny-warnings"]).expect(
        "`requirements:` alone, warnings denied",
        1,
        &["OS-MERGE-003"],
    );
    // A second, empty `project:`: named, with the real one.
    p.write("more.yaml", "parties: []\nproject: ~\n");
    p.check(&[]).expect(
        "second empty `project:`",
        0,
        &[
            "the section `project` has no value",
            "more.yaml:2:1",
            "project.yaml:2:1",
            "the section is defined here",
        ],
    );
    // A file with nothing but comments.
    p.write("more.yaml", "# operations:\n#   checks: []\n");
    p.check(&[]).expect(
        "file with no section",
        0,
        &["the file holds no section", "more.yaml:1:1"],
    );
    // Only a document marker, or a null: as empty as an empty file.
    for text in ["---\n", "--- # draft\n...\n", "~\n", "---\nnull\n"] {
        p.write("more.yaml", text);
        p.check(&[]).expect(
            &format!("file holding {text:?}"),
            0,
            &["the file holds no section", "more.yaml:1:1"],
        );
    }
    std::fs::remove_file(p.inputs.join("more.yaml")).unwrap();
    // A line break in a file name is shown as a symbol, not printed.
    #[cfg(unix)]
    {
        p.write("a\nb.yaml", "requirements:\n");
        p.check(&[])
            .expect("line break in a file name", 0, &["a\u{240a}b.yaml:1:1"]);
        std::fs::remove_file(p.inputs.join("a\nb.yaml")).unwrap();
    }

    // The only `project:` is empty: the missing project, located.
    let lone = tempfile::tempdir().unwrap();
    std::fs::write(lone.path().join("p.yaml"), "project:\n").unwrap();
    let outcome = run(capped().args(["check", "-i"]).arg(lone.path()));
    outcome.expect(
        "only an empty `project:`",
        1,
        &[
            "error[OS-MERGE-002]: the `project` section has no value",
            "p.yaml:1:1",
        ],
    );
    assert_eq!(
        outcome.stderr.matches("OS-MERGE").count(),
        1,
        "{}",
        outcome.stderr
    );

    // An award criterion marked internal: the published weights would not
    // add up.
    p.write(
        "tender.yaml",
        "tender:\n  award_criteria:\n    - { id: AW-1, title: Price, text: Price., weight: 60 }\n    - { id: AW-2, title: Lock-in, text: Exit cost., weight: 40, internal: true }\n",
    );
    p.refuses(
        "internal award criterion",
        1,
        &[
            "error[OS-EVAL-009]: the award criterion `AW-2` is marked `internal: true`",
            "tender.yaml:4:13",
        ],
    );
    std::fs::remove_file(p.inputs.join("tender.yaml")).unwrap();

    // A folder linked into the input folder is skipped like a linked file,
    // whatever its name, and what it holds is not read.
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(
            elsewhere.path().join("extra.yaml"),
            "parties:\n  - { id: extra, name: Extra AG, role: bidder }\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), p.inputs.join("shared")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), p.inputs.join("more.yaml")).unwrap();
        let outcome = p.check(&[]);
        outcome.expect(
            "linked folders",
            0,
            &[
                "warning[OS-FILE-004]: ",
                "shared` is a symbolic link to a folder; the files in it were not read",
                "more.yaml` is a symbolic link to a folder",
            ],
        );
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        run(capped()
            .args(["build", "-i"])
            .arg(&p.inputs)
            .arg("-o")
            .arg(&out))
        .expect("linked folders, build", 0, &[]);
        assert_eq!(
            snapshot_tree(&out),
            p.before,
            "the linked folder's party changes nothing"
        );
    }
}

#[test]
fn yaml_the_author_did_not_mean_is_explained_in_their_terms() {
    let p = Project::new();
    let no_api = |o: &Outcome, what: &str| {
        for word in [
            "from_str",
            "Rust",
            "budget breached",
            "nests too deeply",
            "expands more aliases",
        ] {
            assert!(
                !o.stderr.contains(word),
                "{what}: `{word}` in\n{}",
                o.stderr
            );
        }
    };

    p.write(
        "more.yaml",
        "parties:\n  - { id: rival, name: Rival AG, role: bidder }\n---\ncontacts: []\n",
    );
    let o = p.check(&[]);
    o.expect(
        "two documents",
        1,
        &[
            "error[OS-YAML-001]: the file holds more than one YAML document: the `---` on line 3 ends the first",
            "more.yaml:3:1",
        ],
    );
    no_api(&o, "two documents");

    p.write(
        "more.yaml",
        "parties:\n  - { id: rival, name: *nothere, role: bidder }\n",
    );
    let o = p.check(&[]);
    o.expect(
        "unknown alias",
        1,
        &[
            "error[OS-YAML-001]: the alias `*nothere` refers to no anchor",
            "more.yaml:2:24",
            "put it in quotes: \"*nothere\"",
        ],
    );
    no_api(&o, "unknown alias");

    // A plain file of 3 MiB, far below the size limit, with more values
    // than one file may hold. The debug build parses a million values in
    // some 15 s on a loaded machine (the release build in under a second).
    let mut many = String::from("strategy:\n  objectives: [");
    for _ in 0..1_100_000 {
        many.push_str("a, ");
    }
    many.push_str("a]\n");
    p.write("more.yaml", many);
    let o = run(capped().args(["check", "-i"]).arg(&p.inputs));
    o.expect_within(
        "more values than a file may hold",
        1,
        &[
            "error[OS-YAML-005]: the file holds more than 1 000 000 values (keys, list items and texts), more than outsec reads from one file",
            "more.yaml:2:",
            "split it into several files",
        ],
        Duration::from_secs(120),
    );
    no_api(&o, "node budget");
    assert_eq!(o.stderr.matches("error[").count(), 1, "{}", o.stderr);
}

#[test]
fn all_input_files_together_have_a_budget() {
    let p = Project::new();
    // Fourteen files of 10 MiB each, every one within the limit of one
    // file: 140 MiB together. Sparse, so they take no disk, and never read:
    // the sizes alone refuse them.
    for n in 0..14 {
        let big = p.inputs.join(format!("big-{n:02}.yaml"));
        std::fs::File::create(&big)
            .unwrap()
            .set_len(10 * 1024 * 1024)
            .unwrap();
    }
    p.refuses(
        "140 MiB in 14 files",
        1,
        &[
            "error[OS-FILE-005]: the input files together are 141 MiB, more than the 128 MiB outsec reads",
            "--> ",
            "big-12.yaml",
        ],
    );
    let o = p.check(&[]);
    o.expect("140 MiB in 14 files, check", 1, &["OS-FILE-005"]);
    assert_eq!(o.stderr.matches("error[").count(), 1, "{}", o.stderr);
    // The same exit code as a file over the limit of one file.
    p.write("huge.yaml", "");
    std::fs::File::create(p.inputs.join("huge.yaml"))
        .unwrap()
        .set_len(11 * 1024 * 1024)
        .unwrap();
    for n in 0..14 {
        std::fs::remove_file(p.inputs.join(format!("big-{n:02}.yaml"))).unwrap();
    }
    p.check(&[])
        .expect("one file over 10 MiB", 1, &["OS-FILE-002"]);
    std::fs::remove_file(p.inputs.join("huge.yaml")).unwrap();

    // Too many files: refused from the listing, before any is read.
    let files = p.inputs.join("many");
    std::fs::create_dir_all(&files).unwrap();
    for n in 0..=100_000 {
        std::fs::File::create(files.join(format!("{n:06}.yaml"))).unwrap();
    }
    p.check(&[]).expect_within(
        "100 001 files",
        1,
        &["error[OS-FILE-005]: the input folder holds more than 100 000 `*.yaml` and `*.yml` files"],
        Duration::from_secs(30),
    );
}
