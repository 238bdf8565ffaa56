//! What the documents must contain, read off the example's own inputs.

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
    let mut secrets: Vec<String> = m
        .requirements
        .iter()
        .filter_map(|r| r.rationale.clone())
        .collect();
    secrets.extend(m.evaluation.justification.clone());
    secrets.extend(m.evaluation.bids.iter().filter_map(|b| b.notes.clone()));
    secrets.extend(
        m.contacts
            .iter()
            .filter(|c| c.internal)
            .map(|c| c.name.clone()),
    );
    assert!(secrets.len() > 5);
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
