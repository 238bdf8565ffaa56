//! Property tests (proptest), through the library for speed; the library
//! must never panic either.
//!
//! - Random valid projects, shaped like `tests/fixtures/valid/minimal`, with
//!   random numbers of requirements, clauses and measures and random texts
//!   (Unicode, Markdown syntax, `<script>`, template syntax), always check
//!   clean and build, to the same bytes twice and from any path, and no text
//!   reaches the HTML as markup.
//! - Random mutations of the example's files (byte flips, deleted, doubled
//!   or truncated lines, inserted tabs, quotes and colons) never panic, and
//!   every failure names a file, and for a YAML error a line.
//!
//! The case counts keep `cargo test` fast; `PROPTEST_CASES=1000 cargo test
//! props` runs more. Failures are not persisted to files: proptest prints
//! the smallest failing case, which then belongs in a fixture.

use std::collections::BTreeMap;
use std::path::Path;

use outsec::check::rules;
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::support::*;

fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// A piece of text that is hard on every later stage: Markdown and HTML
/// syntax, template syntax, YAML syntax, scripts, right-to-left overrides,
/// combining marks and characters outside the Basic Multilingual Plane.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z]{1,12}",
        2 => "\\PC{1,16}",
        1 => prop::sample::select(vec![
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "</p><iframe>",
            "javascript:alert(1)",
            "[link](javascript:alert(1))",
            "![img](http://example.org/x.png)",
            "**bold** _em_ `code` ~~del~~",
            "# heading",
            "| a | b |\n|---|---|",
            "> quote",
            "1. item",
            "- item",
            "* item",
            "---",
            "```\ncode\n```",
            "\\",
            "&amp; &lt; &#x3c;",
            "{{ project.id }}",
            "{% raw %}",
            "{# comment #}",
            "key: value",
            "\"quoted\" 'single'",
            "# not a comment",
            "ä ö ü ß Ä Ö Ü",
            "日本語のテキスト",
            "🙂🚀",
            "\u{202e}override\u{202c}",
            "e\u{301}",
            "\u{a0}nbsp",
            "tab\there",
            "line\nbreak",
            "para\n\npara",
            "trailing  ",
        ])
        .prop_map(str::to_string),
    ]
}

/// A non-empty text: a word first, so that it is never blank.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..6).prop_map(|parts| {
        let mut t = String::from("Text");
        for p in parts {
            t.push(' ');
            t.push_str(&p);
        }
        t
    })
}

/// A YAML double-quoted scalar: JSON's escapes are YAML's.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[derive(Debug, Clone)]
struct Req {
    title: String,
    text: String,
    category: &'static str,
    priority: &'static str,
}

#[derive(Debug, Clone)]
struct Project {
    title: String,
    requirements: Vec<Req>,
    clauses: Vec<(String, String)>,
    measures: Vec<(String, String)>,
}

fn project() -> impl Strategy<Value = Project> {
    let req = (
        text(),
        text(),
        prop::sample::select(vec![
            "infrastructure",
            "organisation",
            "personnel",
            "technology",
            "communication",
            "control",
        ]),
        prop::sample::select(vec!["must", "should", "may"]),
    )
        .prop_map(|(title, text, category, priority)| Req {
            title,
            text,
            category,
            priority,
        });
    (
        text(),
        prop::collection::vec(req, 1..7),
        prop::collection::vec((text(), text()), 1..4),
        prop::collection::vec((text(), text()), 1..4),
    )
        .prop_map(|(title, requirements, clauses, measures)| Project {
            title,
            requirements,
            clauses,
            measures,
        })
}

/// The input files of a project shaped like the minimal fixture. Every
/// requirement is covered by one clause and implemented by one measure, in
/// turn, so the project is valid whatever the numbers.
fn files(p: &Project) -> Vec<(&'static str, String)> {
    let mut project = format!(
        "project:
  id: PROP-1
  title: {}
  client: client
  version: \"0.1\"
  date: 2027-01-10
  status: draft
  classification: Internal
  authors: [isb]
parties:
  - {{ id: client, name: Client Authority, role: client }}
  - {{ id: host, name: Host GmbH, role: provider }}
contacts:
  - {{ id: isb, name: Ida Sommer, function: ISO, party: client, deputy: cio, phone: \"+49 30 5550 100\" }}
  - {{ id: cio, name: Carl Ort, function: CIO, party: client, phone: \"+49 30 5550 101\" }}
requirements:
",
        q(&p.title)
    );
    for (i, r) in p.requirements.iter().enumerate() {
        project.push_str(&format!(
            "  - id: REQ-{i}\n    title: {}\n    category: {}\n    priority: {}\n    text: {}\n    rationale: {}\n",
            q(&r.title),
            r.category,
            r.priority,
            q(&r.text),
            q(&r.text),
        ));
    }
    let covering = |n: usize, k: usize| -> String {
        let ids: Vec<String> = (0..p.requirements.len())
            .filter(|i| i % n == k)
            .map(|i| format!("REQ-{i}"))
            .collect();
        ids.join(", ")
    };
    let mut contract = String::from(
        "contract:
  incident_notification:
    deadline: 4h
    to: isb
  data_locations:
    - { id: DL-1, data: All client data, country: Germany, site: Berlin, party: host }
  clauses:
",
    );
    let n = p.clauses.len().min(p.requirements.len());
    for (k, (title, text)) in p.clauses.iter().take(n).enumerate() {
        contract.push_str(&format!(
            "    - id: CL-{k}\n      topic: confidentiality\n      title: {}\n      text: {}\n      covers: [{}]\n",
            q(title),
            q(text),
            covering(n, k)
        ));
    }
    contract.push_str(
        "security_concept:
  components:
    - { id: CMP-1, name: Backup system, domain: provider, text: Servers., operator: host }
  measures:
",
    );
    let n = p.measures.len().min(p.requirements.len());
    for (k, (title, text)) in p.measures.iter().take(n).enumerate() {
        contract.push_str(&format!(
            "    - id: MSR-{k}\n      title: {}\n      text: {}\n      component: CMP-1\n      responsible: host\n      implements: [{}]\n      status: planned\n",
            q(title),
            q(text),
            covering(n, k)
        ));
    }
    vec![("project.yaml", project), ("contract.yaml", contract)]
}

/// The tags of an HTML page (`<name …>`), as written; text shown as
/// `&lt;script&gt;` is not a tag.
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices('<').filter_map(|(i, _)| {
        let rest = &html[i..];
        let name = rest[1..].chars().next()?;
        if !name.is_ascii_alphabetic() {
            return None;
        }
        Some(&rest[..rest.find('>').map_or(rest.len(), |e| e + 1)])
    })
}

/// Whether a tag has an event-handler attribute such as `onerror=`.
fn has_handler(tag: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '/')
        .skip(1)
        .any(|attr| {
            attr.starts_with("on")
                && attr[2..]
                    .split('=')
                    .next()
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphabetic()))
                && attr.contains('=')
        })
}

/// Loads, checks and renders every document in memory.
fn build_in_memory(inputs: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let checked = outsec::pipeline::load_and_check(inputs, &[]).map_err(|e| e.to_string())?;
    if checked.has_errors() {
        return Err(outsec::diag::render_human(
            &checked.diagnostics,
            &checked.sources,
        ));
    }
    let model = checked.model.as_ref().ok_or("no model")?;
    let renderer =
        outsec::render::Renderer::new(None, model.project.language).map_err(|e| e.to_string())?;
    outsec::pipeline::render(model, &checked.catalogs, &renderer, &[]).map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn random_valid_projects_build_to_the_same_bytes_twice(p in project()) {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let b = b.path().join("elsewhere/inputs");
        for dir in [a.path(), b.as_path()] {
            std::fs::create_dir_all(dir).unwrap();
            for (name, text) in files(&p) {
                std::fs::write(dir.join(name), text).unwrap();
            }
        }
        let first = build_in_memory(a.path());
        prop_assert!(first.is_ok(), "a valid project failed: {}", first.unwrap_err());
        let first = first.unwrap();
        let second = build_in_memory(&b).unwrap();
        prop_assert!(first.len() > 10);
        prop_assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
        for (path, bytes) in &first {
            prop_assert!(second[path] == *bytes, "{} differs between two builds", path);
            if path.ends_with(".html") {
                let html = String::from_utf8_lossy(bytes).to_lowercase();
                for tag in tags(&html) {
                    prop_assert!(
                        !tag.starts_with("<script") && !tag.starts_with("<iframe"),
                        "{} carries {}", path, tag
                    );
                    prop_assert!(!has_handler(tag), "{} carries an event handler: {}", path, tag);
                    prop_assert!(!tag.contains("javascript:"), "{} carries {}", path, tag);
                }
            }
        }
    }
}

/// The example's input files, by path relative to the input folder.
fn example_files() -> &'static [(String, Vec<u8>)] {
    static FILES: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        snapshot_tree(&example())
            .into_iter()
            .filter(|(path, _)| path.ends_with(".yaml"))
            .collect()
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    FlipByte { at: usize, bit: u8 },
    DeleteLine { at: usize },
    DoubleLine { at: usize },
    Truncate { at: usize },
    Insert { at: usize, what: &'static str },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        (at, 0u8..8).prop_map(|(at, bit)| Mutation::FlipByte { at, bit }),
        at.prop_map(|at| Mutation::DeleteLine { at }),
        at.prop_map(|at| Mutation::DoubleLine { at }),
        at.prop_map(|at| Mutation::Truncate { at }),
        (
            at,
            prop::sample::select(vec![
                "\t", "\"", "'", ":", ": ", " :", "- ", "#", "{", "[", "&a ", "*a", "\n", "\r",
                "\u{feff}", "ä", "\u{0}",
            ])
        )
            .prop_map(|(at, what)| Mutation::Insert { at, what }),
    ]
}

/// Byte offsets of line starts.
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .filter(|&i| i < bytes.len())
        .collect()
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let lines = line_starts(bytes);
    let line = |at: usize| {
        let k = at % lines.len();
        let end = lines.get(k + 1).copied().unwrap_or(bytes.len());
        (lines[k], end)
    };
    match *m {
        Mutation::FlipByte { at, bit } => {
            let i = at % bytes.len();
            bytes[i] ^= 1 << bit;
        }
        Mutation::DeleteLine { at } => {
            let (s, e) = line(at);
            bytes.drain(s..e);
        }
        Mutation::DoubleLine { at } => {
            let (s, e) = line(at);
            let copy = bytes[s..e].to_vec();
            bytes.splice(e..e, copy);
        }
        Mutation::Truncate { at } => bytes.truncate(at % bytes.len()),
        Mutation::Insert { at, what } => {
            let i = at % (bytes.len() + 1);
            bytes.splice(i..i, what.bytes());
        }
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn mutated_example_files_never_panic_and_every_failure_is_located(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let files = example_files();
        let (name, original) = &files[file.index(files.len())];
        let mut bytes = original.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let tmp = tempfile::tempdir().unwrap();
        for (path, content) in files {
            let dest = tmp.path().join(path);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::write(dest, if path == name { &bytes } else { content }).unwrap();
        }
        let checked = match outsec::pipeline::load_and_check(tmp.path(), &[]) {
            // Exit 2: the message names the path.
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.contains(&tmp.path().display().to_string()), "{}", message);
                return Ok(());
            }
            Ok(c) => c,
        };
        // What the binary prints must not panic either.
        let human = outsec::diag::render_human(&checked.diagnostics, &checked.sources);
        let _ = outsec::diag::render_json(&checked.diagnostics, &checked.sources);
        if !checked.has_errors() {
            // Exit 0: some mutations keep the file valid (a doubled comment line, say).
            return Ok(());
        }
        let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).collect();
        // Only a missing `project` section (say, the file cut before it) has
        // no file to name: its message names the section instead.
        prop_assert!(
            errors.iter().any(|d| d.loc.is_some() || d.rule == &rules::OS_MERGE_002),
            "no error names a file:\n{}", human
        );
        for d in &errors {
            if d.rule.id.starts_with("OS-YAML") || d.rule == &rules::OS_FILE_003 {
                let loc = d.loc;
                prop_assert!(
                    loc.is_some_and(|l| l.line >= 1),
                    "{} without a line:\n{}", d.rule, human
                );
            }
        }
        prop_assert!(
            human.contains(".yaml:") || human.contains("no input file has a `project` section"),
            "{}", human
        );
    }
}
