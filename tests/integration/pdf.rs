//! `outsec build --pdf`: printing with a real Chromium when the machine has
//! one, and with stand-in browsers for the errors and the all-or-nothing rule.

use std::path::{Path, PathBuf};

use outsec::documents::DOCUMENTS;
use outsec::pdf;

use crate::support::*;

/// The example's project date, as the PDFs carry it.
const PROJECT_DATE: &str = "D:20260731000000+00'00'";
/// The date of the tender's own version (`project.documents.tender`), which
/// its questionnaire and NDA part share.
const TENDER_DATE: &str = "D:20260109000000+00'00'";
/// The answers to bidders' questions, published after the tender.
const CLARIFICATIONS_DATE: &str = "D:20260323000000+00'00'";

/// The date a document's PDF is stamped with: that of its own version (the
/// parts that go out with the tender share the tender's).
fn print_date(stem: &str) -> &'static str {
    match stem {
        "clarifications" => CLARIFICATIONS_DATE,
        "tender" | "instructions" | "forms" | "questionnaire" | "tender-nda" => TENDER_DATE,
        _ => PROJECT_DATE,
    }
}

#[test]
fn every_document_prints_to_a_pdf_with_pages() {
    let browser = match pdf::find_browser(None) {
        Ok(b) => b,
        Err(e) => {
            // Written past the test harness's capture, so that a run without
            // a browser shows what it did not test.
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED pdf::every_document_prints_to_a_pdf_with_pages: {e}; install `chromium` to run it"
            );
            return;
        }
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    outsec()
        .args(["build", "--pdf", "--browser"])
        .arg(&browser)
        .arg("-i")
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let manifest = read(&out, "manifest.json");
    for doc in DOCUMENTS {
        let name = format!("{}.pdf", doc.stem);
        let bytes = std::fs::read(out.join(&name)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{name} is no PDF");
        assert!(pdf::page_count(&bytes) >= 1, "{name} has no pages");
        let text = String::from_utf8_lossy(&bytes);
        let date = print_date(doc.stem);
        assert!(text.contains(date), "{name}: print time not replaced");
        assert!(
            manifest.contains(&format!("\"{name}\"")),
            "manifest lacks {name}"
        );
    }
    // The PDFs are excluded from the comparison, but must be there.
    outsec()
        .args(["build", "--check", "--pdf", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);

    // The same browser prints the same bytes.
    let again = tmp.path().join("again");
    outsec()
        .args(["build", "--pdf", "--only", "tender", "--browser"])
        .arg(&browser)
        .arg("-i")
        .arg(example())
        .arg("-o")
        .arg(&again)
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read(out.join("tender.pdf")).unwrap(),
        std::fs::read(again.join("tender.pdf")).unwrap(),
        "two prints of the tender differ"
    );
}

#[test]
fn a_missing_browser_is_a_clear_error_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let assert = outsec()
        .args(["build", "--pdf", "--browser", "/nonexistent", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        err.contains("`/nonexistent` given with `--browser`"),
        "{err}"
    );
    assert!(err.contains("apt-get install chromium"), "{err}");
    assert!(!out.exists(), "nothing may be written");

    // Nothing on PATH either.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let assert = outsec()
        .env("PATH", &empty)
        .args(["build", "--pdf", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("none was found on PATH"), "{err}");
    assert!(err.contains("--browser PATH"), "{err}");
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn the_other_formats_never_need_a_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = tmp.path().join("out");
    outsec()
        .env("PATH", &empty)
        .args(["build", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    assert!(out.join("tender.html").exists());
    assert!(!out.join("tender.pdf").exists());
}

/// A stand-in browser: a shell script with `body` after the line that finds
/// the `--print-to-pdf=FILE` argument (as `$out`).
#[cfg(unix)]
fn fake_browser(dir: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let path = dir.join("fake-chromium");
    let script = format!(
        "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --print-to-pdf=*) out=\"${{a#--print-to-pdf=}}\";; esac; done\n{body}\n"
    );
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
fn build_with(browser: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    outsec()
        .args(["build", "--pdf", "--browser"])
        .arg(browser)
        .args(extra)
        .arg("-i")
        .arg(example())
        .arg("-o")
        .arg(out)
        .assert()
}

#[cfg(unix)]
#[test]
fn pdfs_join_the_output_and_the_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let browser = fake_browser(
        tmp.path(),
        r#"printf '%%PDF-1.4\n<</Type /Page>>\n<</CreationDate (D:20991231235959+00'"'"'00'"'"')>>\n' > "$out""#,
    );
    let out = tmp.path().join("out");
    build_with(&browser, &out, &[]).code(0);
    let manifest = read(&out, "manifest.json");
    for doc in DOCUMENTS {
        let name = format!("{}.pdf", doc.stem);
        let text = read(&out, &name);
        let date = print_date(doc.stem);
        assert!(text.contains(date), "{name}: {text}");
        assert!(manifest.contains(&format!("\"{name}\"")), "{manifest}");
    }
    let check = |pdf: bool| {
        let mut cmd = outsec();
        cmd.args(["build", "--check", "-i"])
            .arg(example())
            .arg("-o")
            .arg(&out);
        if pdf {
            cmd.arg("--pdf");
        }
        cmd.assert()
    };
    // Content is not compared (nothing is printed), presence is.
    check(true).code(0);
    std::fs::remove_file(out.join("tender.pdf")).unwrap();
    let err = String::from_utf8_lossy(&check(true).code(1).get_output().stderr).to_string();
    assert!(err.contains("missing: tender.pdf"), "{err}");
    // Without `--pdf`, a build would remove the PDFs: `--check` says so.
    let err = String::from_utf8_lossy(&check(false).code(1).get_output().stderr).to_string();
    assert!(err.contains("obsolete: contract-annex.pdf"), "{err}");
    assert!(err.contains("build --check --pdf"), "{err}");

    // A partial build prints only its documents, and records them.
    let part = tmp.path().join("part");
    build_with(&browser, &part, &["--only", "tender"]).code(0);
    let files: Vec<String> = snapshot_tree(&part).into_keys().collect();
    assert_eq!(
        files,
        ["manifest.json", "tender.html", "tender.md", "tender.pdf"]
    );
}

#[cfg(unix)]
#[test]
fn a_failing_browser_leaves_the_output_folder_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    outsec()
        .args(["build", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let before = snapshot_tree(&out);

    let crashing = fake_browser(
        tmp.path(),
        "echo 'FATAL: no display, says the stand-in' >&2; exit 3",
    );
    let err = build_with(&crashing, &out, &[]).code(2);
    let err = String::from_utf8_lossy(&err.get_output().stderr).to_string();
    assert!(err.contains("exit code 3"), "{err}");
    assert!(err.contains("no display, says the stand-in"), "{err}");
    assert_eq!(
        before,
        snapshot_tree(&out),
        "a failed print changed the output"
    );

    let silent = fake_browser(tmp.path(), "echo 'not a pdf' > \"$out\"");
    let err = build_with(&silent, &out, &[]).code(2);
    let err = String::from_utf8_lossy(&err.get_output().stderr).to_string();
    assert!(err.contains("wrote no PDF"), "{err}");
    assert_eq!(
        before,
        snapshot_tree(&out),
        "a failed print changed the output"
    );
}

#[cfg(unix)]
#[test]
fn a_hanging_browser_is_stopped_at_the_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let hanging = fake_browser(tmp.path(), "sleep 60");
    let out = tmp.path().join("out");
    let start = std::time::Instant::now();
    let err = build_with(&hanging, &out, &["--pdf-timeout", "1"]).code(2);
    let err = String::from_utf8_lossy(&err.get_output().stderr).to_string();
    assert!(err.contains("took longer than 1s"), "{err}");
    assert!(err.contains("--pdf-timeout"), "{err}");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(30),
        "the timeout did not stop the browser"
    );
    assert!(!out.exists(), "nothing may be written");
}

/// The pages are printed in a scratch folder inside the output folder,
/// which only the user can read and which goes when the build is done;
/// nothing is written to the system's temporary folder. One that a killed
/// build left behind is removed by the next build, and one that a running
/// build still holds is not.
#[cfg(unix)]
#[test]
fn pages_are_printed_inside_the_output_folder_and_never_left_behind() {
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let temp = tmp.path().join("system-temp");
    std::fs::create_dir_all(&temp).unwrap();
    // The stand-in notes where it printed and with which permissions.
    let browser = fake_browser(
        tmp.path(),
        r#"dir=$(dirname "$(dirname "$out")"); stat -c '%a %n' "$dir" >> "$(dirname "$0")/seen"; printf '%%PDF-1.4\n<</Type /Page>>\n' > "$out""#,
    );
    let out = tmp.path().join("out");
    outsec()
        .env("TMPDIR", &temp)
        .args(["build", "--pdf", "--browser"])
        .arg(&browser)
        .arg("-i")
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let seen = std::fs::read_to_string(tmp.path().join("seen")).unwrap();
    let out_real = std::fs::canonicalize(&out).unwrap();
    for line in seen.lines() {
        let (mode, dir) = line.split_once(' ').unwrap();
        assert_eq!(mode, "700", "{line}");
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| PathBuf::from(dir));
        assert!(
            dir.parent() == Some(out_real.as_path())
                && dir
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(".outsec-pdf-"),
            "printed outside the output folder: {line}"
        );
    }
    assert!(
        std::fs::read_dir(&temp).unwrap().next().is_none(),
        "the system temp folder was used"
    );
    let leftovers = |out: &Path| -> Vec<String> {
        std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".outsec-pdf-"))
            .collect()
    };
    assert!(leftovers(&out).is_empty());

    // Left by a killed build (its `busy` file unlocked): removed. Held by a
    // build that still prints: kept.
    for name in [".outsec-pdf-killed", ".outsec-pdf-running"] {
        std::fs::create_dir_all(out.join(name).join("0")).unwrap();
        std::fs::write(out.join(name).join("busy"), "").unwrap();
        std::fs::write(out.join(name).join("0/tender.html"), "confidential").unwrap();
        std::fs::set_permissions(out.join(name), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let held = std::fs::File::open(out.join(".outsec-pdf-running/busy")).unwrap();
    held.lock().unwrap();
    outsec()
        .args(["build", "-i"])
        .arg(example())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    assert_eq!(leftovers(&out), [".outsec-pdf-running"]);
    drop(held);

    // A failed print leaves no output folder where there was none.
    let failing = fake_browser(tmp.path(), "exit 3");
    let fresh = tmp.path().join("fresh");
    build_with(&failing, &fresh, &[]).code(2);
    assert!(!fresh.exists());
}
