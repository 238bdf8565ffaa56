//! The output folder is sacred (issue 11, items 1 to 5): outsec writes and
//! deletes only regular files strictly below it, never through a link; it
//! never overwrites or removes a file it did not write or that the user
//! changed (unless `--force`); one run writes at a time; a run killed at
//! any step leaves the old set or the new one; packs leave nothing stale;
//! special files are never read.
//!
//! Every case also checks that a victim folder beside the output folder is
//! byte for byte as it was.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::*;

/// A copy of the minimal project, built once into `out`; its title is
/// changed afterwards, so that the next build changes every document. A
/// user's own file lies in the output folder, and a victim folder with a
/// precious file lies beside it.
struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    inputs: PathBuf,
    out: PathBuf,
    victim: PathBuf,
    victim_before: BTreeMap<String, Vec<u8>>,
}

impl Site {
    fn new() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        let inputs = root.join("inputs");
        copy_tree(&fixture("valid/minimal"), &inputs);
        let out = root.join("out");
        let victim = root.join("victim");
        std::fs::create_dir_all(victim.join("sub")).unwrap();
        std::fs::write(victim.join("precious.txt"), "precious").unwrap();
        std::fs::write(victim.join("tender.md"), "the victim's tender").unwrap();
        std::fs::write(victim.join("sub/deep.txt"), "deep").unwrap();
        let site = Site {
            victim_before: snapshot_tree(&victim),
            _tmp: tmp,
            root,
            inputs,
            out,
            victim,
        };
        site.build(&[]).code(0);
        std::fs::write(site.out.join("notes.txt"), "the user's notes").unwrap();
        site.change_title("Minimal project, changed");
        site
    }

    fn change_title(&self, to: &str) {
        let project = self.inputs.join("project.yaml");
        let text = std::fs::read_to_string(&project).unwrap();
        let text: String = text
            .lines()
            .map(|line| {
                if line.starts_with("  title: ") {
                    format!("  title: {to}\n")
                } else {
                    format!("{line}\n")
                }
            })
            .collect();
        std::fs::write(&project, text).unwrap();
    }

    fn cmd(&self, sub: &str, extra: &[&str]) -> assert_cmd::Command {
        let mut cmd = outsec();
        cmd.arg(sub)
            .arg("-i")
            .arg(&self.inputs)
            .arg("-o")
            .arg(&self.out)
            .args(extra)
            .timeout(Duration::from_secs(60));
        cmd
    }

    fn build(&self, extra: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd("build", extra).assert()
    }

    fn pack(&self, extra: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd("pack", extra).assert()
    }

    fn assert_victim_untouched(&self, what: &str) {
        assert_eq!(
            self.victim_before,
            snapshot_tree(&self.victim),
            "{what}: a file outside the output folder changed"
        );
    }

    /// Adds entries to a record (`manifest.json` or `pack-manifest.json`).
    fn add_to_record(&self, record: &str, entries: &[(&str, &str)]) {
        let path = self.out.join(record);
        let mut m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (p, sha) in entries {
            m["files"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({ "path": p, "sha256": sha }));
        }
        std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    }
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// Asserts that the run's stderr holds `needle`.
fn says(a: &assert_cmd::assert::Assert, needle: &str) {
    let err = stderr(a);
    assert!(err.contains(needle), "stderr lacks `{needle}`:\n{err}");
}

fn sha(bytes: &[u8]) -> String {
    outsec::output::sha256_hex(bytes)
}

/// Every entry under `dir` (files, links, folders), for "nothing else
/// appeared" checks.
fn entries(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    out.sort();
    out
}

/// The issue's own case: a link in the output folder and a manifest entry
/// through it; and every other way to name a file outside.
#[test]
fn no_manifest_entry_reaches_outside_the_output_folder() {
    let s = Site::new();
    symlink("../victim", s.out.join("docs")).unwrap();
    symlink(s.victim.join("precious.txt"), s.out.join("linked.md")).unwrap();
    std::fs::create_dir_all(s.out.join("real")).unwrap();
    symlink("../../victim/sub", s.out.join("real/inner")).unwrap();
    let precious = sha(b"precious");
    let victim_abs = s.victim.join("precious.txt");
    let victim_abs = victim_abs.to_string_lossy();
    s.add_to_record(
        "manifest.json",
        &[
            ("docs/precious.txt", &precious),
            ("linked.md", &precious),
            ("real/inner/deep.txt", &sha(b"deep")),
            ("../victim/precious.txt", &precious),
            ("./../victim/precious.txt", &precious),
            ("real/../../victim/precious.txt", &precious),
            (&victim_abs, &precious),
            ("docs", ""),
            ("", ""),
            (".outsec-staging/new/x", ""),
        ],
    );
    let check = s.build(&["--check"]).code(1);
    let err = stderr(&check);
    assert!(!err.contains("obsolete: docs"), "{err}");
    assert!(!err.contains("obsolete: linked.md"), "{err}");
    assert!(!err.contains("obsolete: real/inner"), "{err}");
    assert!(!err.contains("obsolete: ../"), "{err}");
    assert!(
        err.contains("ignored the entry `docs/precious.txt` of `manifest.json`: `docs` on its way is a symbolic link"),
        "{err}"
    );
    let ok = s.build(&[]).code(0);
    let err = stderr(&ok);
    for needle in [
        "warning: ignored the entry `docs/precious.txt`",
        "warning: ignored the entry `linked.md` of `manifest.json`: it is a symbolic link",
        "warning: ignored the entry `real/inner/deep.txt`",
        "warning: ignored the entry `../victim/precious.txt`",
        "not a plain path inside the output folder",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    s.assert_victim_untouched("manifest entries through links");
    // The links themselves are the user's: they stay.
    assert!(s.out.join("docs").symlink_metadata().is_ok());
    assert!(s.out.join("linked.md").symlink_metadata().is_ok());
    assert!(s.out.join("real/inner").symlink_metadata().is_ok());
    assert_eq!(read(&s.out, "notes.txt"), "the user's notes");
}

/// A repository that commits links into the output folder (as a clone
/// would bring them): a build writes through none of them, with or without
/// `--force`.
#[test]
fn links_where_documents_go_stop_the_build_and_are_never_written_through() {
    for (name, target) in [
        ("tender.md", "../victim/tender.md"),
        ("manifest.json", "../victim/precious.txt"),
        ("strategy.html", "../victim/missing.html"),
    ] {
        let s = Site::new();
        std::fs::remove_file(s.out.join(name)).unwrap();
        symlink(target, s.out.join(name)).unwrap();
        let before = snapshot_tree(&s.out);
        for force in [false, true] {
            let args: &[&str] = if force { &["--force"] } else { &[] };
            let a = s.build(args).code(2);
            let err = stderr(&a);
            assert!(
                err.contains(&format!("{name}`: it is a symbolic link")),
                "{name}: {err}"
            );
            assert!(err.contains("nothing was written"), "{err}");
            assert_eq!(before, snapshot_tree(&s.out), "{name}: output changed");
            s.assert_victim_untouched(name);
        }
        assert!(!s.victim.join("missing.html").exists());
        let check = s.build(&["--check"]).code(1);
        says(&check, &format!("blocked: {name} (it is a symbolic link"));
    }
}

#[test]
fn the_pack_writes_and_removes_nothing_through_links() {
    // `tender-pack/evil -> ../../victim` and a line for it in MANIFEST.sha256.
    let s = Site::new();
    s.pack(&[]).code(0);
    symlink("../../victim", s.out.join("tender-pack/evil")).unwrap();
    let list = s.out.join("tender-pack/MANIFEST.sha256");
    let mut text = std::fs::read_to_string(&list).unwrap();
    text.push_str(&format!("{}  evil/precious.txt\n", sha(b"precious")));
    std::fs::write(&list, text).unwrap();
    s.add_to_record(
        "pack-manifest.json",
        &[("tender-pack/evil/precious.txt", &sha(b"precious"))],
    );
    // The edited list is the user's now: the pack stops.
    let a = s.pack(&[]).code(2);
    says(&a, "MANIFEST.sha256`: it was changed since outsec wrote it");
    s.assert_victim_untouched("tender-pack/evil");
    let a = s.pack(&["--force"]).code(0);
    says(&a, "ignored the entry `tender-pack/evil/precious.txt`");
    s.assert_victim_untouched("tender-pack/evil, --force");
    assert!(s.out.join("tender-pack/evil").symlink_metadata().is_ok());

    // `output/tender-pack` itself a link: nothing is written into it.
    let s = Site::new();
    std::fs::create_dir_all(s.root.join("elsewhere")).unwrap();
    symlink("../elsewhere", s.out.join("tender-pack")).unwrap();
    let before = snapshot_tree(&s.out);
    let a = s.pack(&[]).code(2);
    let err = stderr(&a);
    assert!(
        err.contains("`tender-pack` on its way is a symbolic link"),
        "{err}"
    );
    assert!(entries(&s.root.join("elsewhere")).is_empty(), "{err}");
    assert_eq!(before, snapshot_tree(&s.out));
    s.pack(&["--force"]).code(2);
    assert!(entries(&s.root.join("elsewhere")).is_empty());
}

#[test]
fn a_users_own_file_is_never_overwritten_without_force() {
    // A file with a document's name that outsec did not write.
    let s = Site::new();
    std::fs::remove_file(s.out.join("manifest.json")).unwrap();
    std::fs::write(s.out.join("tender.md"), "my own tender").unwrap();
    let a = s.build(&[]).code(2);
    let err = stderr(&a);
    assert!(
        err.contains("tender.md`: outsec did not write it (it is not listed in `manifest.json`)"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(read(&s.out, "tender.md"), "my own tender");
    assert!(!s.out.join("manifest.json").exists(), "nothing was written");
    s.build(&["--force"]).code(0);
    assert!(read(&s.out, "tender.md").contains("Minimal project, changed"));

    // A document the user edited since outsec wrote it.
    let s = Site::new();
    let edited = format!("{}\nA line the user added.\n", read(&s.out, "tender.md"));
    std::fs::write(s.out.join("tender.md"), &edited).unwrap();
    let before = snapshot_tree(&s.out);
    let a = s.build(&[]).code(2);
    says(&a, "tender.md`: it was changed since outsec wrote it");
    assert_eq!(before, snapshot_tree(&s.out));
    let check = s.build(&["--check"]).code(1);
    let err = stderr(&check);
    assert!(
        err.contains("stale: tender.md (it was changed since"),
        "{err}"
    );
    assert!(err.contains("-A line the user added."), "{err}");
    s.build(&["--force"]).code(0);
    assert!(!read(&s.out, "tender.md").contains("A line the user added."));
    s.build(&["--check"]).code(0);

    // A file outsec no longer produces, edited since: not removed silently.
    let s = Site::new();
    std::fs::write(s.out.join("retired.md"), "edited by the user").unwrap();
    s.add_to_record(
        "manifest.json",
        &[("retired.md", &sha(b"as outsec wrote it"))],
    );
    let a = s.build(&[]).code(2);
    says(
        &a,
        "retired.md`: it was changed since outsec wrote it, and `outsec build` no longer produces it",
    );
    assert_eq!(read(&s.out, "retired.md"), "edited by the user");
    s.build(&["--force"]).code(0);
    assert!(!s.out.join("retired.md").exists());
    assert_eq!(read(&s.out, "notes.txt"), "the user's notes");
}

/// A partial build records what it wrote, so that the next full build does
/// not take its own documents for the user's.
#[test]
fn a_partial_build_keeps_the_manifest_true() {
    let s = Site::new();
    s.build(&["--only", "tender"]).code(0);
    let m: serde_json::Value = serde_json::from_str(&read(&s.out, "manifest.json")).unwrap();
    let files = m["files"].as_array().unwrap();
    let tender = files.iter().find(|e| e["path"] == "tender.md").unwrap();
    assert_eq!(tender["sha256"], sha(read(&s.out, "tender.md").as_bytes()));
    assert!(files.iter().any(|e| e["path"] == "strategy.md"));
    s.build(&["--only", "tender", "--check"]).code(0);
    s.build(&[]).code(0);
    s.build(&["--check"]).code(0);
}

fn crash_at(s: &Site, step: &str) -> assert_cmd::assert::Assert {
    s.cmd("build", &[])
        .env("OUTSEC_TEST_CRASH_AT", step)
        .assert()
}

/// The files of the output folder but outsec's lock file, which a killed
/// run leaves behind (unlocked, so the next run takes it over).
fn set(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = snapshot_tree(out);
    files.remove(".outsec.lock");
    files
}

/// A build killed at every step of its switch: the next run finds the old
/// set or the new one, never a mix, and completes or undoes the switch.
#[test]
fn a_build_killed_at_any_step_leaves_the_old_set_or_the_new_one() {
    let s = Site::new();
    // A file that the previous build wrote and this one no longer
    // produces, so that the switch also removes something.
    std::fs::write(s.out.join("retired.md"), "retired").unwrap();
    s.add_to_record("manifest.json", &[("retired.md", &sha(b"retired"))]);
    let old = set(&s.out);
    let pristine = s.root.join("pristine");
    copy_tree(&s.out, &pristine);
    // The new set, from a build that is not stopped.
    let new = {
        let probe = Site::new();
        probe.build(&[]).code(0);
        let mut files = set(&probe.out);
        files.insert("notes.txt".into(), b"the user's notes".to_vec());
        files
    };
    assert_ne!(old, new);
    let mut step = 1;
    let mut checked = false;
    loop {
        std::fs::remove_dir_all(&s.out).unwrap();
        copy_tree(&pristine, &s.out);
        let a = crash_at(&s, &step.to_string());
        if a.get_output().status.success() {
            // Past the last step: the build ran to its end.
            assert_eq!(set(&s.out), new);
            break;
        }
        let err = stderr(&a);
        assert!(err.contains("stopped at step"), "step {step}: {err}");
        assert!(!err.contains("panicked"), "step {step}: {err}");
        // `--check` reports the folder as stale while a switch is pending.
        let committed = s.out.join(".outsec-staging/journal.json").exists();
        // (Once is enough: the check does not depend on the step.)
        if committed && !checked {
            let check = s.build(&["--check"]).code(1);
            says(&check, "interrupted:");
            checked = true;
        }
        // The next run finishes the switch first; stopped right after that,
        // the folder holds one complete set.
        let r = crash_at(&s, "recovered");
        assert!(!r.get_output().status.success(), "step {step}");
        let err = stderr(&r);
        assert!(err.contains("stopped at step"), "step {step}: {err}");
        assert!(!err.contains("panicked"), "step {step}: {err}");
        let now = set(&s.out);
        if committed {
            assert_eq!(now, new, "step {step}: the switch was not completed");
        } else {
            assert_eq!(now, old, "step {step}: the old set was not kept");
        }
        assert!(!s.out.join(".outsec-staging").exists(), "step {step}");
        // And a full run leaves the new set and nothing of its own.
        s.build(&[]).code(0);
        assert_eq!(set(&s.out), new, "step {step}");
        assert!(!s.out.join(".outsec.lock").exists(), "step {step}");
        s.assert_victim_untouched("crash");
        step += 1;
        assert!(step < 500, "the switch never finished");
    }
    assert!(
        step > 10,
        "a switch of every document has more steps than {step}"
    );
}

#[test]
fn one_run_at_a_time() {
    // Two builds at once into one folder: both succeed, one after the other.
    let s = Site::new();
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_outsec"))
            .args(["build", "-i"])
            .arg(&s.inputs)
            .arg("-o")
            .arg(&s.out)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let runs: Vec<_> = (0..4).map(|_| spawn()).collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    s.build(&["--check"]).code(0);
    assert!(!s.out.join(".outsec.lock").exists());
    assert!(!s.out.join(".outsec-staging").exists());

    // A run that holds the lock: the next waits, and gives up with a clear
    // message after OUTSEC_LOCK_WAIT seconds.
    s.change_title("Minimal project, changed again");
    let lock = std::fs::File::create(s.out.join(".outsec.lock")).unwrap();
    std::fs::write(s.out.join(".outsec.lock"), "4242\n").unwrap();
    lock.lock().unwrap();
    let before = snapshot_tree(&s.out);
    let started = Instant::now();
    let a = s
        .cmd("build", &[])
        .env("OUTSEC_LOCK_WAIT", "1")
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(
        err.contains("waiting for another outsec run (process 4242)"),
        "{err}"
    );
    assert!(
        err.contains("another outsec run (process 4242) is still writing to"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(before, snapshot_tree(&s.out));

    // Released while the next one waits: it goes on.
    let waiting = spawn();
    std::thread::sleep(Duration::from_millis(1500));
    lock.unlock().unwrap();
    drop(lock);
    let out = waiting.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("waiting for another outsec run"), "{err}");
    assert!(read(&s.out, "tender.md").contains("changed again"));

    // A stale lock file (its process is gone) is taken over and removed.
    std::fs::write(s.out.join(".outsec.lock"), "999999\n").unwrap();
    s.change_title("Minimal project, third");
    s.build(&[]).code(0);
    assert!(!s.out.join(".outsec.lock").exists());
    assert!(read(&s.out, "tender.md").contains("third"));
}

/// The lock file and the staging folder are outsec's names: links there
/// are removed as links or refused, never followed.
#[test]
fn links_at_outsecs_own_names_are_not_followed() {
    let s = Site::new();
    symlink("../victim/precious.txt", s.out.join(".outsec.lock")).unwrap();
    let a = s.build(&[]).code(2);
    says(&a, ".outsec.lock");
    std::fs::remove_file(s.out.join(".outsec.lock")).unwrap();
    symlink("../victim", s.out.join(".outsec-staging")).unwrap();
    let a = s.build(&[]).code(2);
    says(&a, "not outsec's");
    s.assert_victim_untouched("links at outsec's names");
    std::fs::remove_file(s.out.join(".outsec-staging")).unwrap();
    s.build(&[]).code(0);

    // Hard links are regular files, but outsec never writes into a file it
    // did not make: the lock file is replaced, a document is replaced by
    // renaming a new file over its name, so the other name keeps its bytes.
    std::fs::hard_link(s.victim.join("precious.txt"), s.out.join(".outsec.lock")).unwrap();
    std::fs::remove_file(s.out.join("tender.md")).unwrap();
    std::fs::hard_link(s.victim.join("tender.md"), s.out.join("tender.md")).unwrap();
    s.change_title("Minimal project, hard links");
    s.build(&[]).code(2);
    s.build(&["--force"]).code(0);
    s.assert_victim_untouched("hard links");
    assert!(read(&s.out, "tender.md").contains("hard links"));
    assert!(!s.out.join(".outsec.lock").exists());
}

#[test]
fn packs_leave_nothing_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    released_copy(&example(), &inputs);
    let out = tmp.path().join("out");
    let pack = || {
        let mut cmd = outsec();
        cmd.args(["pack", "-i"]).arg(&inputs).arg("-o").arg(&out);
        cmd.assert()
    };
    pack().code(0);
    let first = entries(&out);
    assert!(first.contains(&"tender-pack-nda-SWW-CIS-2026-1.0.zip".to_string()));
    std::fs::write(out.join("tender-pack/my-notes.txt"), "mine").unwrap();
    std::fs::write(out.join("tender-pack-nda/my-notes.txt"), "mine").unwrap();

    // A new version without NDA material.
    let edit = |file: &str, from: &str, to: &str| {
        let path = inputs.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    // The tender's NDA items, made internal or outward again.
    let nda_internal = |internal: bool| {
        edit_input(&inputs.join("tender.yaml"), |v| {
            for item in v["tender"]["nda_items"].as_array_mut().unwrap() {
                item["internal"] = internal.into();
            }
        });
    };
    // The tender's version 1.1, released a month later.
    edit_input(&inputs.join("project.yaml"), |v| {
        v["project"]["documents"]["tender"]["version"] = "1.1".into();
        v["project"]["documents"]["tender"]["date"] = "2026-02-09".into();
        v["project"]["revisions"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "version": "1.1", "date": "2026-02-09", "author": "C-ISO",
                "documents": ["tender"], "changes": "NDA part withdrawn."
            }));
    });
    nda_internal(true);
    edit("requirements/technology.yaml", "nda: true", "nda: false");
    let a = pack().code(0);
    says(&a, "removed");
    let now = entries(&out);
    for gone in [
        "tender-pack-SWW-CIS-2026-1.0.zip",
        "tender-pack-nda-SWW-CIS-2026-1.0.zip",
        "tender-pack-nda/tender-nda.md",
        "tender-pack-nda/MANIFEST.sha256",
    ] {
        assert!(!now.contains(&gone.to_string()), "{gone} stayed: {now:?}");
    }
    assert!(now.contains(&"tender-pack-SWW-CIS-2026-1.1.zip".to_string()));
    // The user's files stay, and with them the folder that holds one.
    assert_eq!(read(&out, "tender-pack/my-notes.txt"), "mine");
    assert_eq!(read(&out, "tender-pack-nda/my-notes.txt"), "mine");
    assert_eq!(
        entries(&out.join("tender-pack-nda")),
        ["my-notes.txt".to_string()]
    );

    // Without the user's file, the emptied folder goes too.
    nda_internal(false);
    pack().code(0);
    assert!(out.join("tender-pack-nda/tender-nda.md").exists());
    std::fs::remove_file(out.join("tender-pack-nda/my-notes.txt")).unwrap();
    nda_internal(true);
    pack().code(0);
    assert!(!out.join("tender-pack-nda").exists());
}

/// A pack folder from before `pack-manifest.json`: its MANIFEST.sha256
/// vouches for the files it lists.
#[test]
fn a_pack_from_before_the_pack_record_is_taken_over() {
    let s = Site::new();
    s.pack(&[]).code(0);
    std::fs::remove_file(s.out.join("pack-manifest.json")).unwrap();
    s.change_title("Minimal project, once more");
    s.pack(&[]).code(0);
    assert!(read(&s.out, "tender-pack/tender.md").contains("once more"));
}

/// `build --check --pdf` reads existing PDFs only as regular files: a link
/// to `/dev/zero` and a named pipe are neither read nor waited for.
#[test]
fn check_pdf_reads_no_special_files() {
    let s = Site::new();
    symlink("/dev/zero", s.out.join("tender.pdf")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(s.out.join("strategy.pdf"))
        .status()
        .is_ok_and(|st| st.success());
    let started = Instant::now();
    let a = s.build(&["--check", "--pdf"]).code(1);
    assert!(started.elapsed() < Duration::from_secs(20));
    let err = stderr(&a);
    assert!(
        err.contains("blocked: tender.pdf (it is a symbolic link"),
        "{err}"
    );
    if made {
        assert!(
            err.contains("blocked: strategy.pdf (it is a named pipe"),
            "{err}"
        );
    }
}

/// `templates export` writes through no link either.
#[test]
fn templates_export_keeps_links_as_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("templates");
    let victim = tmp.path().join("victim");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&victim).unwrap();
    symlink("../victim/new.md", dir.join("tender.md")).unwrap();
    symlink("../victim", dir.join("partials")).unwrap();
    let a = outsec()
        .args(["templates", "export"])
        .arg(&dir)
        .assert()
        .code(0);
    let err = stderr(&a);
    assert!(err.contains("tender.md (it is a symbolic link"), "{err}");
    assert!(entries(&victim).is_empty(), "{:?}", entries(&victim));
    assert!(dir.join("contract-annex.md").is_file());
}

/// A build paused at step `at` of its switch (see `OUTSEC_TEST_PAUSE_AT`):
/// `meanwhile` runs while it waits, then it goes on; its outcome.
fn paused(s: &Site, sub: &str, at: &str, meanwhile: impl FnOnce()) -> std::process::Output {
    let signal = s.root.join("paused");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_outsec"))
        .arg(sub)
        .arg("-i")
        .arg(&s.inputs)
        .arg("-o")
        .arg(&s.out)
        .env("OUTSEC_TEST_PAUSE_AT", at)
        .env("OUTSEC_TEST_PAUSE_FILE", &signal)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let until = Instant::now() + Duration::from_secs(60);
    while !signal.exists() {
        assert!(Instant::now() < until, "the run never reached step {at}");
        std::thread::sleep(Duration::from_millis(20));
    }
    meanwhile();
    std::fs::remove_file(&signal).unwrap();
    child.wait_with_output().unwrap()
}

/// A file edited, replaced or created while a run switches the files is
/// never lost: the switch stops, is undone, and says so.
#[test]
fn a_file_changed_during_the_switch_is_not_lost() {
    for (sub, file) in [
        ("build", "traceability.md"),
        ("build", "contract-annex.md"),
        ("pack", "tender-pack/tender.md"),
    ] {
        for edit in ["in place", "replaced", "created"] {
            let s = Site::new();
            if sub == "pack" {
                s.change_title("Minimal project");
                s.pack(&[]).code(0);
                s.change_title("Minimal project, changed");
            }
            let path = s.out.join(file);
            let out = paused(&s, sub, "committed", || match edit {
                "in place" => std::fs::write(&path, "MY EDIT").unwrap(),
                "replaced" => {
                    let tmp = s.out.join("editor-save.tmp");
                    std::fs::write(&tmp, "MY EDIT").unwrap();
                    std::fs::rename(&tmp, &path).unwrap();
                }
                _ => {
                    std::fs::remove_file(&path).unwrap();
                    std::fs::write(&path, "MY EDIT").unwrap();
                }
            });
            let err = String::from_utf8_lossy(&out.stderr);
            let what = format!("{sub}, {file} {edit}");
            assert_eq!(out.status.code(), Some(2), "{what}: {err}");
            assert!(
                err.contains("changed while outsec was switching"),
                "{what}: {err}"
            );
            assert!(
                err.contains("the output folder is as it was"),
                "{what}: {err}"
            );
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "MY EDIT", "{what}");
            assert!(!s.out.join(".outsec-staging").exists(), "{what}");
            // The next run sees the user's file and stops before writing.
            let again = s.cmd(sub, &[]).assert().code(2);
            says(&again, "--force");
        }
    }
}

/// When the switch fails and the old files cannot all be put back, outsec
/// says so, keeps them and the journal, and claims nothing false.
#[test]
fn a_switch_that_cannot_be_undone_says_so_and_keeps_everything() {
    let s = Site::new();
    // Paused after the first file was moved aside: a file of the user's
    // takes its place, so neither the new one nor the old one can go there.
    let first = s.out.join("clarifications.html");
    let out = paused(&s, "build", "3", || {
        assert!(!first.exists(), "the first file is moved aside at step 3");
        std::fs::write(&first, "MY FILE").unwrap();
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("could not all be put back"), "{err}");
    assert!(!err.contains("as it was"), "{err}");
    assert_eq!(std::fs::read_to_string(&first).unwrap(), "MY FILE");
    assert!(s.out.join(".outsec-staging/journal.json").exists());
    assert!(
        s.out
            .join(".outsec-staging/old/clarifications.html")
            .exists()
    );
    s.build(&["--check"]).code(1);
    // Once the user's file is moved away, the next run completes the switch.
    std::fs::rename(&first, s.root.join("my-file.html")).unwrap();
    s.build(&[]).code(0);
    s.build(&["--check"]).code(0);
    assert!(!s.out.join(".outsec-staging").exists());
}

/// Something of the user's at the staging folder's name is never removed.
#[test]
fn a_foreign_staging_folder_is_left_alone() {
    let s = Site::new();
    std::fs::create_dir_all(s.out.join(".outsec-staging/mine")).unwrap();
    std::fs::write(s.out.join(".outsec-staging/mine/notes.txt"), "mine").unwrap();
    let a = s.build(&[]).code(2);
    says(&a, "not outsec's");
    assert_eq!(read(&s.out, ".outsec-staging/mine/notes.txt"), "mine");
    let check = s.build(&["--check"]).code(1);
    says(&check, "blocked: .outsec-staging");
    std::fs::remove_dir_all(s.out.join(".outsec-staging")).unwrap();
    symlink("../victim", s.out.join(".outsec-staging")).unwrap();
    s.build(&[]).code(2);
    s.assert_victim_untouched("staging link");
    assert!(s.out.join(".outsec-staging").symlink_metadata().is_ok());
}

/// `build --check --pdf` finds a PDF edited since outsec wrote it, as the
/// build would.
#[test]
fn check_pdf_finds_an_edited_pdf() {
    let s = Site::new();
    s.build(&[]).code(0);
    // As a `--pdf` build leaves it: a PDF per document, in the manifest
    // (written as outsec writes it, so that it is up to date).
    let path = s.out.join("manifest.json");
    let mut m: outsec::output::Manifest =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for md in snapshot_tree(&s.out).keys().filter(|p| p.ends_with(".md")) {
        let pdf = md.replace(".md", ".pdf");
        let bytes = format!("%PDF-1.4 {pdf}");
        std::fs::write(s.out.join(&pdf), &bytes).unwrap();
        m.files.push(outsec::output::ManifestEntry {
            path: pdf,
            sha256: sha(bytes.as_bytes()),
        });
    }
    m.files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut json = serde_json::to_vec_pretty(&m).unwrap();
    json.push(b'\n');
    std::fs::write(&path, json).unwrap();
    s.build(&["--check", "--pdf"]).code(0);
    std::fs::write(s.out.join("tender.pdf"), "%PDF-1.4 edited").unwrap();
    let a = s.build(&["--check", "--pdf"]).code(1);
    says(
        &a,
        "stale: tender.pdf (it was changed since outsec wrote it",
    );
}

/// A record removes only files of its own command: neither the other
/// command's files nor the user's sub-folders.
#[test]
fn a_record_cannot_remove_the_other_commands_files() {
    let s = Site::new();
    s.change_title("Minimal project");
    s.pack(&[]).code(0);
    std::fs::create_dir_all(s.out.join("usersub")).unwrap();
    std::fs::write(s.out.join("usersub/f"), "mine").unwrap();
    let zip = snapshot_tree(&s.out)
        .into_keys()
        .find(|p| p.ends_with(".zip"))
        .unwrap();
    let tender = read(&s.out, "tender.md");
    let manifest = read(&s.out, "manifest.json");
    let pack_manifest = read(&s.out, "pack-manifest.json");
    let zip_sha = sha(&std::fs::read(s.out.join(&zip)).unwrap());
    s.add_to_record(
        "pack-manifest.json",
        &[
            ("manifest.json", &sha(manifest.as_bytes())),
            ("tender.md", &sha(tender.as_bytes())),
            ("usersub/f", &sha(b"mine")),
        ],
    );
    s.add_to_record(
        "manifest.json",
        &[
            ("pack-manifest.json", &sha(pack_manifest.as_bytes())),
            (&zip, &zip_sha),
            (
                "tender-pack/tender.md",
                &sha(read(&s.out, "tender-pack/tender.md").as_bytes()),
            ),
            ("usersub/f", &sha(b"mine")),
        ],
    );
    let a = s.pack(&["--force"]).code(0);
    says(
        &a,
        "ignored the entry `tender.md` of `pack-manifest.json`: `outsec pack` never writes a file there",
    );
    let a = s.build(&["--force"]).code(0);
    says(
        &a,
        "ignored the entry `usersub/f` of `manifest.json`: `outsec build` never writes a file there",
    );
    for kept in [
        "tender.md",
        "manifest.json",
        "pack-manifest.json",
        zip.as_str(),
        "tender-pack/tender.md",
        "usersub/f",
    ] {
        assert!(s.out.join(kept).exists(), "{kept} was removed");
    }
}

/// Without a journal, outsec removes from its staging folder only what a
/// killed run can have left there; anything else stops the build.
#[test]
fn only_what_outsec_staged_is_removed_from_the_staging_folder() {
    for (path, is_dir) in [
        ("old/notes.txt", false),
        ("old/sub/tender.md", false),
        ("new/usersub/notes.txt", false),
        ("new/notes.txt/x", false),
        ("mine.txt", false),
        ("journal.json", false),
    ] {
        let s = Site::new();
        s.build(&[]).code(0);
        let at = s.out.join(".outsec-staging").join(path);
        if is_dir {
            std::fs::create_dir_all(&at).unwrap();
        } else {
            std::fs::create_dir_all(at.parent().unwrap()).unwrap();
            std::fs::write(&at, "user data").unwrap();
        }
        let a = s.build(&[]).code(2);
        says(&a, "not outsec's");
        assert!(at.exists(), "{path} was removed");
        let check = s.build(&["--check"]).code(1);
        says(&check, "blocked: .outsec-staging");
    }
    // What a run killed while staging leaves: removed, quietly.
    let s = Site::new();
    for path in ["new/tender.md", "new/tender-pack/tender.md", "journal.part"] {
        let at = s.out.join(".outsec-staging").join(path);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(&at, "staged").unwrap();
    }
    s.build(&[]).code(0);
    assert!(!s.out.join(".outsec-staging").exists());
    // A file at the name: refused, with the reason.
    std::fs::write(s.out.join(".outsec-staging"), "x").unwrap();
    let a = s.build(&[]).code(2);
    says(&a, "not outsec's: it is a file");
}
