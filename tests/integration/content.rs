//! What the documents must contain, read off the example's own inputs.

use std::collections::BTreeMap;

use outsec::model::Model;
use outsec::model::requirements::Priority;

use crate::support::*;

fn model() -> Model {
    let checked = outsec::pipeline::load_and_check(&example(), &[]).unwrap();
    assert!(!checked.has_errors());
    checked.model.unwrap()
}

#[test]
fn the_tender_names_every_requirement_that_is_not_internal() {
    let m = model();
    let (_tmp, out) = build(&example());
    let tender = read(&out, "tender.md");
    for r in &m.requirements {
        if r.internal {
            assert!(
                !tender.contains(r.id.as_str()),
                "internal {} leaked into the tender",
                r.id.value
            );
        } else {
            assert!(
                tender.contains(&format!("#### {} ", r.id.value)),
                "{} missing from the tender",
                r.id.value
            );
        }
    }
}

#[test]
fn the_contract_annex_names_every_must_requirement() {
    let m = model();
    let (_tmp, out) = build(&example());
    let annex = read(&out, "contract-annex.md");
    let musts: Vec<_> = m
        .requirements
        .iter()
        .filter(|r| r.priority == Priority::Must && !r.internal)
        .collect();
    assert!(!musts.is_empty());
    for r in musts {
        assert!(
            annex.contains(&format!("| {} |", r.id.value)),
            "{} missing from the annex",
            r.id.value
        );
    }
}

#[test]
fn the_security_concept_names_every_requirement_a_measure_implements() {
    let m = model();
    let (_tmp, out) = build(&example());
    let concept = read(&out, "security-concept.md");
    let mut seen = 0;
    for measure in m.security_concept.measures.iter().filter(|x| !x.internal) {
        assert!(
            concept.contains(&format!("#### {} ", measure.id.value)),
            "measure {}",
            measure.id.value
        );
        for r in &measure.implements {
            seen += 1;
            assert!(
                concept.contains(&format!("| {} |", r.value)),
                "{} missing from the concept",
                r.value
            );
        }
    }
    assert!(seen >= 20);
}

#[test]
fn internal_fields_and_the_evaluation_stay_out_of_bidder_and_provider_documents() {
    let m = model();
    let (_tmp, out) = build(&example());
    let outward = [
        "tender.md",
        "contract-annex.md",
        "security-concept.md",
        "contingency-plan.md",
    ];
    // The free texts under every field declared internal on the model.
    fn texts(v: &serde_json::Value, names: &[&str], out: &mut Vec<String>) {
        match (v, names) {
            (serde_json::Value::Array(a), _) => a.iter().for_each(|x| texts(x, names, out)),
            (serde_json::Value::String(s), []) if s.split_whitespace().count() >= 4 => {
                out.push(s.clone())
            }
            (serde_json::Value::Object(o), []) => o.values().for_each(|x| texts(x, names, out)),
            (serde_json::Value::Object(o), [first, rest @ ..]) => {
                if let Some(x) = o.get(*first) {
                    texts(x, rest, out)
                }
            }
            _ => {}
        }
    }
    let value = serde_json::to_value(&m).unwrap();
    let mut secrets: Vec<String> = Vec::new();
    for path in outsec::model::visit::internal_fields() {
        let names: Vec<&str> = path.split('.').collect();
        texts(&value, &names, &mut secrets);
    }
    secrets.extend(
        m.contacts
            .iter()
            .filter(|c| c.internal)
            .map(|c| c.name.clone()),
    );
    assert!(secrets.len() > 20, "{} secrets", secrets.len());
    for doc in outward {
        let text = read(&out, doc);
        for s in &secrets {
            let probe: String = s.trim().chars().take(60).collect();
            assert!(!text.contains(&probe), "{doc} leaks internal text: {probe}");
        }
    }
}

#[test]
fn every_document_opens_with_document_control_and_revision_history() {
    let m = model();
    let (_tmp, out) = build(&example());
    for doc in outsec::documents::DOCUMENTS {
        let md = read(&out, &format!("{}.md", doc.stem));
        assert!(
            md.starts_with(&format!("# {}\n", doc.title)),
            "{}",
            doc.stem
        );
        for field in [
            "| Project |",
            "| Version |",
            "| Date |",
            "| Status |",
            "| Classification |",
            "| Authors |",
            "| Approvers |",
        ] {
            assert!(md.contains(field), "{} lacks {field}", doc.stem);
        }
        assert!(md.contains("## Revision history"));
        assert!(md.contains(&m.project.classification));
        let html = read(&out, &format!("{}.html", doc.stem));
        assert!(html.contains(&format!(
            "<html lang=\"{}\">",
            if m.project.language == outsec::model::project::Language::De {
                "de"
            } else {
                "en"
            }
        )));
        assert!(html.contains("<nav class=\"toc\""), "table of contents");
        assert!(
            html.contains("<h2 id=\"document-control\">"),
            "heading anchors"
        );
        assert!(!html.contains("<script"), "no scripts");
        assert!(
            !html.contains("http://") && !html.contains("https://") || !html.contains("<link"),
            "no external resources"
        );
    }
}

/// The `href="#…"` links and the `id="…"` targets of an HTML page, with the
/// text of each link and of each element an id names.
fn links_and_targets(html: &str) -> (Vec<(String, String)>, BTreeMap<String, String>) {
    let text_after = |rest: &str| {
        let start = rest.find('>').map_or(0, |i| i + 1);
        rest[start..]
            .split('<')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let mut links = Vec::new();
    for piece in html.split("href=\"#").skip(1) {
        let (target, rest) = piece.split_once('"').unwrap();
        links.push((target.to_string(), text_after(rest)));
    }
    let mut targets = BTreeMap::new();
    for piece in html.split(" id=\"").skip(1) {
        let (id, rest) = piece.split_once('"').unwrap();
        assert!(
            targets.insert(id.to_string(), text_after(rest)).is_none(),
            "two elements have the id {id}"
        );
    }
    (links, targets)
}

#[test]
fn every_link_in_a_document_leads_to_the_heading_it_names() {
    // Two ids that differ only in punctuation, with the same title, have
    // the same slug; an item whose id and title read as a chapter heading
    // too. Each link must still reach its own heading, in the Markdown (as
    // GitHub numbers repeated headings) and in the HTML.
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    copy_tree(&fixture("valid/minimal"), &inputs);
    let project = inputs.join("project.yaml");
    let mut text = std::fs::read_to_string(&project).unwrap();
    text.push_str(
        "  - { id: REQ-PER-1.1, title: Backup, category: technology, priority: should, text: One. }\n\
         \x20 - { id: REQ-PER-11, title: Backup, category: technology, priority: should, text: Two. }\n\
         \x20 - { id: \"1\", title: The project, category: technology, priority: should, text: Three. }\n",
    );
    std::fs::write(&project, text).unwrap();
    for (inputs, expect) in [(inputs.as_path(), 4), (example().as_path(), 0)] {
        let (_tmp, out) = build(inputs);
        let mut checked = 0;
        for entry in std::fs::read_dir(&out).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let html = std::fs::read_to_string(&path).unwrap();
            let (links, targets) = links_and_targets(&html);
            for (target, text) in links {
                let Some(heading) = targets.get(&target) else {
                    panic!("{}: a link to #{target} leads nowhere", path.display());
                };
                // A link written as an item's id leads to that item.
                if text.contains('-') || text.chars().all(|c| c.is_ascii_digit()) {
                    assert!(
                        *heading == text || heading.starts_with(&format!("{text} ")),
                        "{}: the link {text} leads to {heading:?}",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked >= expect, "{checked} links checked");
    }
    // The Markdown says the same: GitHub numbers the second heading with
    // the same slug `-1`.
    let (_tmp, out) = build(&inputs);
    let tender = read(&out, "tender.md");
    for line in [
        "| [REQ-PER-1.1](#req-per-11-backup) |",
        "| [REQ-PER-11](#req-per-11-backup-1) |",
        "| [1](#1-the-project-1) |",
    ] {
        assert!(tender.contains(line), "{line} in\n{tender}");
    }
}
