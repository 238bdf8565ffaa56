//! Template overrides, template errors and `templates export`.

use crate::support::*;

#[test]
fn a_user_template_replaces_only_its_own_builtin() {
    let (tmp, assert) = with_templates(
        "build",
        &[("tender.md", "# Custom tender for {{ project.id }}\n")],
    );
    assert.code(0);
    let out = tmp.path().join("out");
    assert!(read(&out, "tender.md").starts_with("# Custom tender for "));
    let (_t, reference) = build(&example());
    for other in [
        "contract-annex.md",
        "security-concept.md",
        "contingency-plan.md",
    ] {
        assert_eq!(
            read(&out, other),
            read(&reference, other),
            "{other} keeps the built-in template"
        );
    }
}

#[test]
fn the_templates_folder_is_used_by_default_when_it_exists() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&example(), &tmp.path().join("inputs"));
    std::fs::create_dir_all(tmp.path().join("templates/partials")).unwrap();
    std::fs::write(
        tmp.path().join("templates/partials/document-control.md"),
        "# {{ doc.title }}\n\nCustom control block.\n",
    )
    .unwrap();
    outsec()
        .current_dir(tmp.path())
        .arg("build")
        .assert()
        .code(0);
    let annex = read(&tmp.path().join("output"), "contract-annex.md");
    assert!(
        annex.contains("Custom control block."),
        "the partial is overridden in every document"
    );
}

#[test]
fn a_template_error_names_template_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    // Beside the output folder: it may not lie inside the templates folder.
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("tender.md"), "# Tender\n\n{{ project.id \n").unwrap();
    let out = tmp.path().join("out");
    outsec()
        .args(["build", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .arg("-t")
        .arg(&templates)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("tender.md:3:"));
    assert!(!out.exists());

    std::fs::write(
        templates.join("tender.md"),
        "# Tender\n\n{{ project.no_such_field }}\n",
    )
    .unwrap();
    outsec()
        .args(["build", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .arg("-t")
        .arg(&templates)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("tender.md:3:"));
    assert!(!out.exists());
}

#[test]
fn input_text_that_looks_like_template_syntax_stays_literal() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    let text = read(tmp.path(), "project.yaml").replace(
        "Every backup is encrypted.",
        "Every backup {{ project.id }} {% raw %} is encrypted.",
    );
    std::fs::write(tmp.path().join("project.yaml"), text).unwrap();
    let (_t, out) = build(tmp.path());
    assert!(
        read(&out, "tender.md").contains("Every backup {{ project.id }} {% raw %} is encrypted.")
    );
}

#[test]
fn export_writes_every_builtin_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("t");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("tender.md"), "mine").unwrap();
    outsec()
        .args(["templates", "export"])
        .arg(&dir)
        .assert()
        .code(0);
    assert_eq!(read(&dir, "tender.md"), "mine");
    for (name, text) in outsec::render::BUILTIN {
        if *name != "tender.md" {
            assert_eq!(read(&dir, name), *text);
        }
    }
}

#[test]
fn a_layout_of_your_own_gets_the_body_however_it_uses_it() {
    // The built-in layout shows the body once, and the build puts it in
    // after rendering the layout; a layout that shows it twice, or not at
    // all, gets it through the template engine instead.
    let tmp = tempfile::tempdir().unwrap();
    let (_r, reference) = build(&example());
    // The first chapter heading, which only the body holds.
    let chapter = read(&reference, "tender.html")
        .lines()
        .find(|l| l.starts_with("<h2 id=\"1-"))
        .expect("a first chapter")
        .to_string();
    for (name, layout, times) in [
        (
            "twice",
            "<main>{{ body | safe }}</main>\n<aside>{{ body | safe }}</aside>\n",
            2,
        ),
        ("never", "<p>{{ body | length }}</p>\n", 0),
        ("once", "<main>\n{{ body | safe }}\n</main>\n", 1),
    ] {
        let templates = tmp.path().join(format!("templates-{name}"));
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("layout.html"), layout).unwrap();
        let out = tmp.path().join(format!("out-{name}"));
        outsec()
            .args(["build", "-i"])
            .arg(example())
            .arg("-o")
            .arg(&out)
            .arg("-t")
            .arg(&templates)
            .args(["--only", "tender"])
            .assert()
            .code(0);
        let page = read(&out, "tender.html");
        assert_eq!(page.matches(&chapter).count(), times, "{name}: {page:.400}");
        assert!(!page.contains('\u{E000}'), "{name}: the marker never shows");
    }
}

/// Runs `outsec COMMAND` on the example into `out/`, with a templates
/// folder that holds `files`; returns the temporary folder (kept alive)
/// and the command's result.
fn with_templates(
    command: &str,
    files: &[(&str, &str)],
) -> (tempfile::TempDir, assert_cmd::assert::Assert) {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("templates");
    for (name, text) in files {
        let path = templates.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    // `pack` cuts the tender as it was released.
    let inputs = tmp.path().join("inputs");
    released_copy(&example(), &inputs);
    let assert = outsec()
        .args([command, "-i"])
        .arg(if command == "pack" { inputs } else { example() })
        .arg("-o")
        .arg(tmp.path().join("out"))
        .arg("-t")
        .arg(&templates)
        .assert();
    (tmp, assert)
}

fn with_phrases(name: &str, text: &str) -> (tempfile::TempDir, assert_cmd::assert::Assert) {
    with_templates("pack", &[(name, text)])
}

#[test]
fn a_project_replaces_single_phrases_in_every_document_and_the_csv() {
    let (tmp, assert) = with_phrases(
        "messages.en.yaml",
        "# Our house style\ntender.intro: '{client} asks for bids, in our words.'\n\
         label.must: 'MANDATORY'\nq.answer: 'Your answer'\ndoc.tender: 'Call for bids'\n",
    );
    assert.code(0);
    let pack = tmp.path().join("out/tender-pack");
    let tender = read(&pack, "tender.md");
    assert!(
        tender.contains("Stadtwerke Westerbrück GmbH asks for bids, in our words."),
        "{tender}"
    );
    assert!(tender.contains("Priority: **MANDATORY**"), "labels too");
    assert!(!tender.contains("Priority: **MUST**"));
    assert!(tender.starts_with("# Call for bids"), "document titles too");
    let csv = read(&pack, "questionnaire.csv");
    assert!(
        csv.contains(",Your answer,") && csv.contains(",MANDATORY,"),
        "{csv}"
    );
    // The phrase file is no template: it is not rendered anywhere.
    assert!(!tmp.path().join("out/messages.en.yaml").exists());
}

#[test]
fn a_phrase_file_with_an_unknown_key_or_placeholder_is_an_error_that_names_it() {
    let (_tmp, assert) = with_phrases("messages.en.yaml", "tender.intor: 'x'\n");
    let err = String::from_utf8_lossy(&assert.code(1).get_output().stderr).into_owned();
    assert!(err.contains("messages.en.yaml"), "{err}");
    assert!(err.contains("`tender.intor` is no message"), "{err}");
    assert!(err.contains("did you mean `tender.intro`?"), "{err}");
    let (_tmp, assert) = with_phrases(
        "messages.en.yaml",
        "tender.intro: '{bidder} and {client}'\n",
    );
    let err = String::from_utf8_lossy(&assert.code(1).get_output().stderr).into_owned();
    assert!(
        err.contains("uses `{bidder}`, which that message does not fill (it fills `{client}`)"),
        "{err}"
    );
    let (_tmp, assert) = with_phrases("messages.en.yaml", "tender.intro: [a, b]\n");
    let err = String::from_utf8_lossy(&assert.code(1).get_output().stderr).into_owned();
    assert!(err.contains("is not a list of `key: text` lines"), "{err}");
    // The German phrases do not touch an English project.
    let (_tmp, assert) = with_phrases("messages.de.yaml", "tender.intor: 'x'\n");
    assert.code(0);
}

#[test]
fn a_user_template_extends_a_builtin_and_replaces_one_chapter() {
    let (tmp, assert) = with_templates(
        "build",
        &[(
            "tender.md",
            "{% extends \"builtin:tender.md\" %}\n\
             {% block quality %}## 3 Our quality chapter\n\nWritten by {{ project.id }}.\n{% endblock quality %}\n",
        )],
    );
    assert.code(0);
    let out = tmp.path().join("out");
    let (_t, reference) = build(&example());
    let mine = read(&out, "tender.md");
    let builtin = read(&reference, "tender.md");
    let chapter = |text: &str, n: &str| -> String {
        let start = text.find(&format!("\n## {n} ")).unwrap();
        let end = text[start + 1..]
            .find("\n## ")
            .map_or(text.len(), |e| start + 1 + e);
        text[start..end].to_string()
    };
    assert!(
        chapter(&mine, "3").contains("Our quality chapter"),
        "{mine}"
    );
    assert!(chapter(&mine, "3").contains("Written by SWW-CIS-2026."));
    for n in ["1", "2", "4", "5", "6", "7", "8", "9", "10"] {
        assert_eq!(
            chapter(&mine, n),
            chapter(&builtin, n),
            "chapter {n} is the built-in one"
        );
    }
}

#[test]
fn every_chapter_of_every_document_is_a_block_a_template_can_replace() {
    for (name, text) in outsec::render::BUILTIN {
        if !name.ends_with(".md") || name.contains('/') {
            continue;
        }
        for line in text
            .lines()
            .filter(|l| l.contains("## ") && !l.starts_with("###"))
        {
            let chapter = line.trim_start_matches(|c| c != '#');
            if chapter.starts_with("## ") && !line.starts_with("## ") {
                assert!(line.contains("{% block "), "{name}: {line}");
            }
        }
        let blocks = text.matches("{% block ").count();
        assert!(blocks > 0, "{name} has chapter blocks");
        assert_eq!(blocks, text.matches("{% endblock ").count(), "{name}");
    }
}
