//! `--rev`: the inputs read from a git revision of the repository that
//! holds them, without touching the work tree; the pack published with a
//! tag cut again byte for byte; `pack` refusing inputs after the tender's
//! release; per-document versions; no later or internal revision in any
//! bidder file.

use std::collections::BTreeMap;
use std::path::Path;

use crate::history::{self, git};
use crate::support::*;

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

/// `outsec SUB -i INPUTS -o OUT [--rev REV]`.
fn run(sub: &str, inputs: &Path, out: &Path, rev: Option<&str>) -> assert_cmd::assert::Assert {
    let mut cmd = outsec();
    cmd.args([sub, "-i"]).arg(inputs).arg("-o").arg(out);
    if let Some(rev) = rev {
        cmd.args(["--rev", rev]);
    }
    cmd.assert()
}

/// The example's history: the tender released (tag `tender-1.0`), then the
/// award recorded.
fn example_history() -> (tempfile::TempDir, history::History) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let h = history::make(&example(), &repo).unwrap();
    assert_eq!(h.tag, "tender-1.0");
    (tmp, h)
}

/// Every file of the output folder, zips opened, for comparisons.
fn files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot_tree(out)
}

#[test]
fn a_pack_cut_with_rev_is_the_pack_of_a_checkout_of_that_tag() {
    let (tmp, h) = example_history();
    let inputs = h.repo.join("inputs");
    let status_before = git(
        &h.repo,
        &["status", "--porcelain", "--ignored"],
        "2026-08-01",
    );
    let work_before = snapshot_tree(&h.repo.join("inputs"));
    let index_before = std::fs::read(h.repo.join(".git/index")).unwrap();

    let by_rev = tmp.path().join("by-rev");
    let a = run("pack", &inputs, &by_rev, Some(&h.tag)).code(0);
    // Diagnostics name the files as the revision has them.
    assert!(
        stderr(&a).contains("tender-1.0:inputs/contingency.yaml:"),
        "{}",
        stderr(&a)
    );

    // A checkout of the tag, packed as a folder on disk.
    let checkout = tmp.path().join("checkout");
    git(
        tmp.path(),
        &["clone", "-q", h.repo.to_str().unwrap(), "checkout"],
        "2026-08-01",
    );
    git(&checkout, &["checkout", "-q", &h.tag], "2026-08-01");
    let by_checkout = tmp.path().join("by-checkout");
    let b = run("pack", &checkout.join("inputs"), &by_checkout, None).code(0);
    assert_eq!(stdout(&a), stdout(&b).replace("by-checkout", "by-rev"));
    let packed = files(&by_rev);
    assert!(packed.contains_key("tender-pack-SWW-CIS-2026-1.0.zip"));
    assert!(packed.contains_key("tender-pack-nda-SWW-CIS-2026-1.0.zip"));
    assert_eq!(
        packed,
        files(&by_checkout),
        "the same bytes, file for file, zips included"
    );

    // Every way of naming that commit gives the same pack.
    let short = &h.released[..8];
    for rev in [
        h.released.as_str(),
        short,
        "HEAD~1",
        "main~1",
        "tender-1.0^{commit}",
    ] {
        let again = tmp
            .path()
            .join(format!("again-{}", rev.replace(['~', '^', '{', '}'], "-")));
        run("pack", &inputs, &again, Some(rev)).code(0);
        assert_eq!(files(&again), packed, "--rev {rev}");
    }

    // The repository is as it was: work tree, index, references.
    assert_eq!(
        git(
            &h.repo,
            &["status", "--porcelain", "--ignored"],
            "2026-08-01"
        ),
        status_before
    );
    assert_eq!(snapshot_tree(&h.repo.join("inputs")), work_before);
    assert_eq!(
        std::fs::read(h.repo.join(".git/index")).unwrap(),
        index_before
    );
    assert_eq!(
        git(&h.repo, &["rev-parse", "HEAD"], "2026-08-01"),
        h.awarded
    );

    // `build --rev` is the build of the checkout too.
    let built_rev = tmp.path().join("built-rev");
    run("build", &inputs, &built_rev, Some(&h.tag)).code(0);
    let built_checkout = tmp.path().join("built-checkout");
    run("build", &checkout.join("inputs"), &built_checkout, None).code(0);
    assert_eq!(files(&built_rev), files(&built_checkout));
}

#[test]
fn pack_refuses_inputs_that_hold_the_award_or_later_revisions() {
    let (tmp, h) = example_history();
    let inputs = h.repo.join("inputs");
    let out = tmp.path().join("out");
    for rev in [None, Some("HEAD"), Some("main")] {
        let a = run("pack", &inputs, &out, rev).code(1);
        let err = stderr(&a);
        assert!(
            err.contains("error: no tender pack was cut, because the inputs already hold the award decision (`evaluation.chosen: UTC`)"),
            "{err}"
        );
        assert!(err.contains("help: "), "{err}");
        match rev {
            None => assert!(err.contains("`outsec pack --rev TAG`"), "{err}"),
            Some(r) => assert!(
                err.contains(&format!("at `{r}`"))
                    && err.contains("is not the state in which the tender was released"),
                "{err}"
            ),
        }
        assert!(!out.exists(), "nothing written");
    }
    // Without the award, a revision after the tender's release is refused
    // too: the inputs are no longer those the bidders were sent.
    let later = tmp.path().join("later");
    released_copy(&example(), &later);
    edit_input(&later.join("project.yaml"), |v| {
        v["project"]["revisions"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "version": "0.6", "date": "2026-02-02", "author": "C-ISO",
                "documents": ["security-concept"], "changes": "Concept reworked."
            }));
    });
    let a = run("pack", &later, &out, None).code(1);
    assert!(
        stderr(&a).contains("the inputs hold revisions dated after the tender's release on 2026-01-09 (0.6 of 2026-02-02)"),
        "{}",
        stderr(&a)
    );
    // `build` is not a pack: it renders the state after the award.
    run("build", &inputs, &tmp.path().join("built"), None).code(0);
}

#[test]
fn unknown_revisions_missing_folders_and_folders_outside_git_are_clear_errors() {
    let (tmp, h) = example_history();
    let inputs = h.repo.join("inputs");
    let out = tmp.path().join("out");
    let a = run("pack", &inputs, &out, Some("tender-1.1")).code(2);
    let err = stderr(&a);
    assert!(
        err.contains("error: the revision `tender-1.1` names no commit in the git repository"),
        "{err}"
    );
    assert!(
        err.contains("help: give a tag (`git tag` lists them"),
        "{err}"
    );

    let a = run("build", &h.repo.join("inputs-old"), &out, Some("HEAD")).code(2);
    let err = stderr(&a);
    assert!(
        err.contains("error: the input folder `inputs-old` does not exist in the revision `HEAD`"),
        "{err}"
    );
    assert!(err.contains("git ls-tree -d --name-only HEAD"), "{err}");

    let outside = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), outside.path());
    let a = run("build", outside.path(), &out, Some("HEAD")).code(2);
    assert!(
        stderr(&a).contains("is not in a git repository"),
        "{}",
        stderr(&a)
    );
    assert!(!out.exists(), "nothing written");
}

/// A repository whose `inputs/` is the minimal project, with `change`
/// applied before the first commit.
fn minimal_repo(change: impl FnOnce(&Path)) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let inputs = repo.join("inputs");
    copy_tree(&fixture("valid/minimal"), &inputs);
    change(&repo);
    git(&repo, &["init", "-q"], "2027-01-10");
    git(&repo, &["add", "-A"], "2027-01-10");
    git(&repo, &["commit", "-q", "-m", "inputs"], "2027-01-10");
    (tmp, repo)
}

#[cfg(unix)]
#[test]
fn a_link_or_an_oversized_file_in_the_revision_is_refused_as_on_disk() {
    use std::os::unix::fs::symlink;
    let (tmp, repo) = minimal_repo(|repo| {
        symlink("project.yaml", repo.join("inputs/link.yaml")).unwrap();
        std::fs::create_dir_all(repo.join("elsewhere")).unwrap();
        std::fs::write(repo.join("elsewhere/more.yaml"), "requirements:\n").unwrap();
        symlink("../elsewhere", repo.join("inputs/more")).unwrap();
    });
    let inputs = repo.join("inputs");
    // The links are in the commit, as links.
    let tree = git(&repo, &["ls-tree", "HEAD", "inputs/"], "2027-01-10");
    assert!(tree.contains("120000 blob"), "{tree}");
    // Now gone from the work tree: only the revision has them.
    std::fs::remove_file(inputs.join("link.yaml")).unwrap();
    std::fs::remove_file(inputs.join("more")).unwrap();
    let out = tmp.path().join("out");
    let a = run("build", &inputs, &out, Some("HEAD")).code(0);
    let err = stderr(&a);
    assert!(
        err.contains(
            "warning[OS-FILE-004]: `HEAD:inputs/link.yaml` is a symbolic link and was not read"
        ),
        "{err}"
    );
    assert!(
        err.contains("warning[OS-FILE-004]: `HEAD:inputs/more` is a symbolic link to a folder; the files in it were not read"),
        "{err}"
    );

    // A file over 10 MiB is refused before it is read, as on disk.
    let big = "# filler\n".repeat(1_200_000);
    assert!(big.len() as u64 > outsec::load::MAX_FILE_BYTES);
    std::fs::write(inputs.join("big.yaml"), big).unwrap();
    git(&repo, &["add", "-A"], "2027-01-11");
    git(&repo, &["commit", "-q", "-m", "big"], "2027-01-11");
    std::fs::remove_file(inputs.join("big.yaml")).unwrap();
    let a = run("build", &inputs, &out, Some("HEAD")).code(1);
    let err = stderr(&a);
    assert!(
        err.contains("error[OS-FILE-002]: `HEAD:inputs/big.yaml` is larger than 10 MiB"),
        "{err}"
    );
    // The revision before it still builds.
    run("build", &inputs, &out, Some("HEAD~1")).code(0);
}

#[test]
fn project_catalogs_are_read_from_the_revision() {
    let (tmp, repo) = minimal_repo(|repo| {
        let inputs = repo.join("inputs");
        std::fs::create_dir_all(repo.join("catalogs")).unwrap();
        std::fs::copy(
            fixture("oscal/gspp-catalog.json"),
            repo.join("catalogs/gspp-catalog.json"),
        )
        .unwrap();
        let project = inputs.join("project.yaml");
        let text = std::fs::read_to_string(&project)
            .unwrap()
            .replace(
                "  authors: [isb]\n",
                "  authors: [isb]\n  catalogs: [GSPP=../catalogs/gspp-catalog.json]\n",
            )
            .replace(
                "    rationale: internal reasoning\n",
                "    rationale: internal reasoning\n    refs: [GSPP:DLS.3.1]\n",
            );
        std::fs::write(&project, text).unwrap();
    });
    let inputs = repo.join("inputs");
    // The catalogue is gone from disk, and another is in its place.
    std::fs::write(repo.join("catalogs/gspp-catalog.json"), "not json").unwrap();
    let out = tmp.path().join("out");
    let a = run("build", &inputs, &out, None).code(1);
    assert!(stderr(&a).contains("is not valid JSON"), "{}", stderr(&a));
    run("build", &inputs, &out, Some("HEAD")).code(0);
    assert!(read(&out, "traceability.md").contains("GSPP:DLS.3.1"));
    // A catalogue that the revision lacks is named as the revision's.
    git(
        &repo,
        &["rm", "-q", "-f", "catalogs/gspp-catalog.json"],
        "2027-01-11",
    );
    git(&repo, &["commit", "-q", "-m", "no catalogue"], "2027-01-11");
    let a = run("build", &inputs, &out, Some("HEAD")).code(1);
    assert!(
        stderr(&a).contains("HEAD:catalogs/gspp-catalog.json: is not in the revision `HEAD`"),
        "{}",
        stderr(&a)
    );
}

/// Marks that must never reach a bidder: revisions dated after the tender's
/// release, and internal ones.
fn plant_revisions(project: &Path) -> (Vec<String>, Vec<String>) {
    let mut later = Vec::new();
    let mut internal = Vec::new();
    edit_input(project, |v| {
        let revs = v["project"]["revisions"].as_array_mut().unwrap();
        for (n, (date, docs, is_internal)) in [
            ("2026-01-10", None, false),
            ("2026-03-01", Some(vec!["contract-annex"]), false),
            ("2026-09-30", None, false),
            ("2025-12-01", None, true),
            ("2026-01-09", Some(vec!["tender"]), true),
            (
                "2026-05-05",
                Some(vec!["tender-nda", "questionnaire"]),
                true,
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let canary = format!("REVCANARY{n}xAFTERxRELEASE");
            let mut r = serde_json::json!({
                "version": format!("9.{n}"), "date": date, "author": "C-ISO",
                "changes": canary, "internal": is_internal,
            });
            if let Some(docs) = docs {
                r["documents"] = serde_json::json!(docs);
            }
            revs.push(r);
            if is_internal {
                internal.push(canary);
            } else {
                later.push(canary);
            }
        }
    });
    (later, internal)
}

#[test]
fn no_later_or_internal_revision_reaches_a_bidder_file() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    copy_tree(&example(), &inputs);
    let (later, internal) = plant_revisions(&inputs.join("project.yaml"));
    let (_t, built) = build(&inputs);
    let bidder = [
        "tender",
        "instructions",
        "forms",
        "questionnaire",
        "tender-nda",
    ];
    for (path, bytes) in snapshot_tree(&built) {
        let stem = path.split('.').next().unwrap();
        let text = String::from_utf8_lossy(&bytes);
        if bidder.contains(&stem) {
            for c in later.iter().chain(&internal) {
                assert!(!text.contains(c.as_str()), "{c} in {path}");
            }
        }
        if ["contract-annex", "security-concept", "contingency-plan"].contains(&stem) {
            for c in &internal {
                assert!(!text.contains(c.as_str()), "{c} in {path}");
            }
        }
    }
    // The marks are real: the provider reads the later revisions that
    // concern it, internal documents read the internal ones.
    let annex = read(&built, "contract-annex.md");
    assert!(annex.contains(&later[0]) && annex.contains(&later[1]) && annex.contains(&later[2]));
    assert!(!read(&built, "security-concept.md").contains(&later[1]));
    assert!(read(&built, "strategy.md").contains(&internal[0]));

    // The pack from a tag before the later revisions: none of them, and no
    // internal one either, in any file or in either zip.
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let h = history::make(&inputs, &repo).unwrap();
    let released = git(
        &repo,
        &["show", &format!("{}:inputs/project.yaml", h.tag)],
        "2026-10-01",
    );
    assert!(
        released.contains(&internal[1]),
        "the tag holds an internal revision"
    );
    let out = tmp.path().join("pack");
    run("pack", &repo.join("inputs"), &out, Some(&h.tag)).code(0);
    let mut searched = 0;
    for (path, bytes) in snapshot_tree(&out) {
        let mut texts = Vec::new();
        readable_texts(&path, &bytes, &mut texts);
        for (name, text) in texts {
            searched += 1;
            for c in later.iter().chain(&internal) {
                assert!(!text.contains(c.as_str()), "{c} in {name}");
            }
            assert!(!text.contains("supervisory board"), "{name}");
            assert!(!text.contains("contract signature"), "{name}");
        }
    }
    assert!(searched > 20, "{searched} files searched");
}

#[test]
fn each_document_shows_its_own_version_date_and_status() {
    let (_t, built) = build(&example());
    let control = |stem: &str| {
        let md = read(&built, &format!("{stem}.md"));
        let start = md.find("## Document control").unwrap();
        let history = start + md[start..].find("## Revision history").unwrap();
        let end = md[history..]
            .find("\n## ")
            .map_or(md.len(), |e| history + e);
        md[start..end].to_string()
    };
    for stem in [
        "tender",
        "instructions",
        "forms",
        "questionnaire",
        "tender-nda",
    ] {
        let c = control(stem);
        assert!(
            c.contains("| Version | 1.0 |\n| Date | 2026-01-09 |\n| Status | Released |"),
            "{stem}:\n{c}"
        );
        assert!(
            c.contains(
                "| 1.0 | 2026-01-09 | Florian Wiegand | Tender released with the EU contract notice"
            ),
            "{stem}:\n{c}"
        );
        assert_eq!(
            c.matches("\n| 0.").count() + c.matches("\n| 1.").count(),
            1,
            "{stem}:\n{c}"
        );
    }
    let annex = control("contract-annex");
    assert!(
        annex.contains("| Version | 1.0 |\n| Date | 2026-07-31 |\n| Status | Approved |"),
        "{annex}"
    );
    assert!(annex.contains("| 0.9 | 2026-06-26 |"), "{annex}");
    assert!(!annex.contains("Tender released"), "{annex}");
    assert!(!annex.contains("supervisory board"), "internal: {annex}");
    let strategy = control("strategy");
    assert!(strategy.contains("supervisory board"), "{strategy}");
    // The page header of the HTML says the same.
    let html = read(&built, "tender.html");
    assert!(
        html.contains("· version 1.0 · 2026-01-09</span>"),
        "{}",
        &html[..2000]
    );
}

#[test]
fn a_misspelt_document_is_an_error_with_a_suggestion() {
    for (block, expected) in [
        (
            "  documents:\n    tendr: { version: \"1.0\", date: 2027-01-10 }\n",
            [
                "error[OS-YAML-002]: unknown key `tendr`",
                "did you mean `tender`?",
            ],
        ),
        (
            "  revisions:\n    - { version: \"0.1\", date: 2027-01-10, author: isb, changes: First draft., documents: [contract-anex] }\n",
            [
                "error[OS-YAML-006]: `contract-anex` is not an allowed value here",
                "did you mean `contract-annex`?",
            ],
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        copy_tree(&fixture("valid/minimal"), tmp.path());
        let project = tmp.path().join("project.yaml");
        let text = std::fs::read_to_string(&project)
            .unwrap()
            .replace("  authors: [isb]\n", &format!("  authors: [isb]\n{block}"));
        std::fs::write(&project, text).unwrap();
        let a = outsec()
            .args(["check", "-i"])
            .arg(tmp.path())
            .assert()
            .code(1);
        let err = stderr(&a);
        for e in expected {
            assert!(err.contains(e), "{err}");
        }
    }
}

/// The texts in a file of a pack, to search: the file itself, and where it
/// is a zip (the pack's archive, an XLSX workbook, also inside the archive)
/// every part of it, as text.
fn readable_texts(name: &str, bytes: &[u8], texts: &mut Vec<(String, String)>) {
    if name.ends_with(".zip") || name.ends_with(".xlsx") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut part = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut part).unwrap();
            readable_texts(&format!("{name}!{}", entry.name().unwrap()), &part, texts);
        }
    } else {
        texts.push((
            name.to_string(),
            String::from_utf8_lossy(bytes).into_owned(),
        ));
    }
}
