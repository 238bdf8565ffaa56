//! Hostile inputs: each must end in a clear, located error (or succeed where
//! it must work), with the right exit code (1 for bad input, 2 for I/O and
//! usage), without a panic, within a few seconds and 512 MiB of address
//! space, and with the output folder of an earlier successful build left
//! byte for byte as it was.
//!
//! The alias bomb is in `merge.rs`; this file adds the merge-key bomb.
//!
//! Running as root (as in a container), permission bits do not stop the
//! process. The tests that need an unreadable file or a read-only folder then
//! run outsec under `setpriv` without the capabilities that let root ignore
//! permission bits (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so the bits apply
//! as they would to anyone else. Where that is not possible they say so on
//! stderr and skip only that part.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use outsec::check::rules;

use crate::runner::*;
use crate::support::*;

/// A copy of the minimal project with an earlier successful build in its
/// output folder, and its title changed since, so that a build that got as
/// far as writing would change every document.
struct Project {
    tmp: tempfile::TempDir,
    inputs: PathBuf,
    out: PathBuf,
    before: BTreeMap<String, Vec<u8>>,
}

impl Project {
    fn new() -> Self {
        let BuiltCopy { tmp, inputs, out } = BuiltCopy::new("valid/minimal");
        std::fs::write(out.join("notes.txt"), "not outsec's").unwrap();
        let project = inputs.join("project.yaml");
        let text = std::fs::read_to_string(&project).unwrap();
        std::fs::write(
            &project,
            text.replace("Minimal project", "Minimal project, changed"),
        )
        .unwrap();
        let before = snapshot_tree(&out);
        assert!(before.len() > 10);
        Project {
            tmp,
            inputs,
            out,
            before,
        }
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.inputs.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn build(&self) -> Outcome {
        self.build_with(&[])
    }

    fn build_with(&self, extra: &[&str]) -> Outcome {
        run(capped()
            .args(["build", "-i"])
            .arg(&self.inputs)
            .arg("-o")
            .arg(&self.out)
            .args(extra))
    }

    fn check(&self) -> Outcome {
        run(capped().args(["check", "-i"]).arg(&self.inputs))
    }

    fn assert_untouched(&self, what: &str) {
        let now = snapshot_tree(&self.out);
        assert_eq!(
            self.before.keys().collect::<Vec<_>>(),
            now.keys().collect::<Vec<_>>(),
            "{what}: the output folder's files changed"
        );
        for (path, bytes) in &self.before {
            assert!(
                now[path] == *bytes,
                "{what}: {path} in the output folder changed"
            );
        }
    }

    /// A failing build with `code`, the needles, in time, nothing written.
    fn refuses(&self, what: &str, code: i32, needles: &[&str]) {
        self.build().expect(what, code, needles);
        self.assert_untouched(what);
    }
}

/// The documents a build of `inputs` writes.
fn built(inputs: &Path) -> BTreeMap<String, Vec<u8>> {
    let (_tmp, out) = build(inputs);
    snapshot_tree(&out)
}

#[test]
fn ten_thousand_levels_of_nesting_in_any_position_are_located_errors() {
    let n = 10_000;
    let open = |s: &str| s.repeat(n);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "flow sequence as a value",
            format!(
                "requirements:\n  - id: R\n    title: {}{}\n",
                open("["),
                open("]")
            ),
            "deep.yaml:3:",
        ),
        (
            "flow mapping as a mapping section's value",
            format!("strategy:\n  objectives: {}1{}\n", open("{a: "), open("}")),
            "deep.yaml:2:",
        ),
        (
            "flow sequence as a list section",
            format!("requirements: {}{}\n", open("["), open("]")),
            "deep.yaml:1:",
        ),
        (
            "block sequences as a list item",
            format!("requirements:\n  - {}x\n", open("- ")),
            "deep.yaml:2:",
        ),
        (
            "flow sequences as a list item",
            format!("parties:\n  - {}{}\n", open("["), open("]")),
            "deep.yaml:2:",
        ),
        (
            "flow mappings as a key",
            format!("parties:\n  - {}a{}\n", open("{"), open(": 1}")),
            "deep.yaml:2:",
        ),
        (
            "complex keys as a key",
            format!("parties:\n  - {}a\n", open("? ")),
            "deep.yaml:2:",
        ),
        (
            "complex keys at the top",
            format!("{}a\n", open("? ")),
            "deep.yaml:1:",
        ),
        (
            "the whole file",
            format!("{}{}\n", open("["), open("]")),
            "deep.yaml:1:",
        ),
    ];
    let p = Project::new();
    for (what, yaml, at) in &cases {
        p.write("deep.yaml", yaml);
        p.refuses(what, 1, &[*at, "error[OS-YAML-"]);
        p.check().expect(what, 1, &[*at]);
    }
}

#[test]
fn a_merge_key_bomb_is_a_located_error_not_a_hang() {
    // Each item merges the one before twice: 2^40 keys if expanded.
    let mut yaml = String::from("parties:\n  - &p0 {id: p0, name: P, role: bidder}\n");
    for i in 1..40 {
        yaml.push_str(&format!(
            "  - &p{i}\n    <<: [*p{0}, *p{0}]\n    id: p{i}\n",
            i - 1
        ));
    }
    let p = Project::new();
    p.write("bomb.yaml", yaml);
    p.refuses(
        "merge-key bomb",
        1,
        &["OS-YAML-005", "merges more keys", "bomb.yaml:"],
    );
}

#[test]
fn a_50_mib_file_is_refused_by_its_size_without_being_read() {
    let p = Project::new();
    let big = p.inputs.join("big.yaml");
    // Sparse: 50 MiB as far as the file system tells, no disk used.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    p.refuses(
        "50 MiB file",
        1,
        &["OS-FILE-002", "big.yaml", "larger than 10 MiB"],
    );
    // Not even opened: unreadable, it is still refused for its size.
    #[cfg(unix)]
    {
        set_mode(&big, 0o000);
        match unprivileged() {
            Some(mut cmd) => {
                run(cmd.arg("check").arg("-i").arg(&p.inputs)).expect(
                    "50 MiB unreadable file",
                    1,
                    &["OS-FILE-002"],
                );
            }
            None => skip_note("the unreadable 50 MiB file"),
        }
    }
}

#[test]
fn nul_bytes_are_located_errors_that_name_the_character() {
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "NUL in a plain value",
            b"parties:\n  - id: a\x00b\n    name: X\n    role: bidder\n",
            "nul.yaml:2:10",
        ),
        (
            "NUL in a quoted value",
            b"parties:\n  - id: ab\n    name: \"X\x00Y\"\n    role: bidder\n",
            "nul.yaml:3:13",
        ),
        (
            "NUL in a comment",
            b"parties:\n  - id: ab\n    name: X\n    role: bidder\n# c\x00c\n",
            "nul.yaml:5:4",
        ),
        ("only NUL bytes", b"\x00\x00\x00\x00", "nul.yaml:1:1"),
        ("NUL in a key", b"parties:\n  - i\x00d: ab\n", "nul.yaml:2:"),
    ];
    let p = Project::new();
    for (what, bytes, at) in cases {
        p.write("nul.yaml", bytes);
        p.refuses(what, 1, &[at, "OS-YAML-001", "U+0000 (NUL)"]);
    }
}

#[test]
fn invalid_utf8_is_located_at_the_first_bad_byte() {
    let cases: [(&str, &[u8], &str); 6] = [
        ("Latin-1", b"parties:\n  - id: caf\xe9\n", "bad.yaml:2:12"),
        (
            "overlong encoding",
            b"parties:\n  - id: a\xc0\xafb\n",
            "bad.yaml:2:10",
        ),
        (
            "UTF-16 surrogate",
            b"project:\n  title: \xed\xa0\x80\n",
            "bad.yaml:2:10",
        ),
        (
            "lone continuation byte",
            b"\x80parties: []\n",
            "bad.yaml:1:1",
        ),
        (
            "truncated at the end",
            b"parties:\n  - id: euro\xe2\x82",
            "bad.yaml:2:13",
        ),
        (
            "UTF-16 with byte-order mark",
            b"\xff\xfep\x00r\x00o\x00",
            "bad.yaml:1:1",
        ),
    ];
    let p = Project::new();
    for (what, bytes, at) in cases {
        p.write("bad.yaml", bytes);
        p.refuses(what, 1, &[at, "OS-FILE-003", "not valid UTF-8"]);
    }
}

#[test]
fn byte_order_marks_and_crlf_or_cr_line_ends_build_the_same_documents() {
    let plain = built(&fixture("valid/minimal"));
    for (what, eol) in [("CRLF", "\r\n"), ("CR", "\r")] {
        let tmp = tempfile::tempdir().unwrap();
        let inputs = tmp.path().join("inputs");
        copy_tree(&fixture("valid/minimal"), &inputs);
        for entry in std::fs::read_dir(&inputs).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("\u{feff}{}", text.replace('\n', eol))).unwrap();
        }
        let out = tmp.path().join("out");
        run(capped()
            .args(["build", "-i"])
            .arg(&inputs)
            .arg("-o")
            .arg(&out))
        .expect(what, 0, &["wrote"]);
        let docs: BTreeMap<_, _> = snapshot_tree(&out);
        assert_eq!(
            plain.keys().collect::<Vec<_>>(),
            docs.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &plain {
            assert!(
                docs[path] == *bytes,
                "{what}: {path} differs from the build without BOM"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_inside_the_input_folder_are_skipped_with_a_warning() {
    use std::os::unix::fs::symlink;
    let plain = built(&fixture("valid/minimal"));
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    copy_tree(&fixture("valid/minimal"), &inputs);
    symlink("self.yaml", inputs.join("self.yaml")).unwrap();
    symlink("b.yaml", inputs.join("a.yaml")).unwrap();
    symlink("a.yaml", inputs.join("b.yaml")).unwrap();
    std::fs::create_dir_all(inputs.join("sub")).unwrap();
    symlink("..", inputs.join("sub/up")).unwrap();
    symlink("../sub", inputs.join("sub/again.yaml")).unwrap();
    let out = tmp.path().join("out");
    let outcome = run(capped()
        .args(["build", "-i"])
        .arg(&inputs)
        .arg("-o")
        .arg(&out));
    outcome.expect(
        "symbolic link loops",
        0,
        &[
            "OS-FILE-004",
            "self.yaml` is a symbolic link",
            "a.yaml` is a symbolic link",
            "b.yaml` is a symbolic link",
            "again.yaml` is a symbolic link",
        ],
    );
    assert_eq!(plain, snapshot_tree(&out), "the links change nothing");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_or_folder_named_yaml_neither_blocks_nor_fails() {
    let p = Project::new();
    let pipe = p.inputs.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        // Opening a pipe without a writer blocks: outsec must not open it.
        p.check().expect(
            "named pipe",
            0,
            &["OS-FILE-004", "pipe.yaml` is not a regular file"],
        );
        std::fs::remove_file(&pipe).unwrap();
    } else {
        eprintln!("note: mkfifo is not available; the named-pipe case was skipped");
    }
    // A folder whose name ends in `.yaml` is a folder: its files are read.
    p.write(
        "folder.yaml/extra.yaml",
        "parties:\n  - { id: extra, name: Extra AG, role: bidder }\n",
    );
    p.check().expect("folder named .yaml", 0, &[]);
}

/// Sets a file's permission bits.
#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A command that runs outsec subject to permission bits. As another user
/// that is plain outsec; as root it is outsec under `setpriv` without the
/// capabilities that bypass permission bits. `None` when neither makes a
/// file with mode 000 unreadable.
#[cfg(unix)]
fn unprivileged() -> Option<assert_cmd::Command> {
    const DROP: &str = "--bounding-set=-dac_override,-dac_read_search";
    let probe = tempfile::NamedTempFile::new().ok()?;
    set_mode(probe.path(), 0o000);
    let denied = |cmd: &mut std::process::Command| {
        cmd.arg(probe.path())
            .output()
            .is_ok_and(|o| !o.status.success())
    };
    if !is_root() {
        return denied(&mut std::process::Command::new("cat")).then(capped);
    }
    if !denied(std::process::Command::new("setpriv").args([DROP, "--", "cat"])) {
        return None;
    }
    let mut cmd = assert_cmd::Command::new("setpriv");
    let script = limit_script();
    cmd.args([
        DROP,
        "--",
        "sh",
        "-c",
        &script,
        env!("CARGO_BIN_EXE_outsec"),
    ])
    .env_remove("RUST_BACKTRACE")
    .current_dir(std::env::temp_dir());
    Some(cmd)
}

#[cfg(unix)]
fn skip_note(what: &str) {
    eprintln!(
        "note: {what} was not tested: running as root, and `setpriv` could not drop the capabilities that ignore permission bits"
    );
}

#[test]
fn an_input_path_that_is_not_a_folder_is_a_usage_error() {
    let p = Project::new();
    let file = p.inputs.join("project.yaml");
    let mut paths = vec![file.clone()];
    if Path::new("/dev/null").exists() {
        paths.push(PathBuf::from("/dev/null"));
    }
    for path in paths {
        run(capped()
            .args(["build", "-i"])
            .arg(&path)
            .arg("-o")
            .arg(&p.out))
        .expect(
            &format!("-i {}", path.display()),
            2,
            &["is not a folder", "-i DIR"],
        );
    }
    p.assert_untouched("input path not a folder");
}

#[cfg(unix)]
#[test]
fn an_unreadable_input_file_or_folder_is_an_io_error_naming_it() {
    let p = Project::new();
    let secret = p.write("secret.yaml", "parties: []\n");
    set_mode(&secret, 0o000);
    let Some(mut cmd) = unprivileged() else {
        skip_note("an unreadable input file");
        return;
    };
    run(cmd
        .args(["build", "-i"])
        .arg(&p.inputs)
        .arg("-o")
        .arg(&p.out))
    .expect(
        "unreadable file",
        2,
        &["cannot read `", "secret.yaml`", "Permission denied"],
    );
    p.assert_untouched("unreadable file");
    set_mode(&secret, 0o644);

    let sub = p.inputs.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    set_mode(&sub, 0o000);
    let mut cmd = unprivileged().unwrap();
    run(cmd
        .args(["build", "-i"])
        .arg(&p.inputs)
        .arg("-o")
        .arg(&p.out))
    .expect(
        "unreadable folder",
        2,
        &["cannot read `", "sub`", "Permission denied"],
    );
    p.assert_untouched("unreadable folder");
    set_mode(&sub, 0o755);
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_an_io_error_and_stays_as_it_was() {
    let p = Project::new();
    set_mode(&p.out, 0o555);
    let Some(mut cmd) = unprivileged() else {
        set_mode(&p.out, 0o755);
        skip_note("a read-only output folder");
        return;
    };
    let outcome = run(cmd
        .args(["build", "-i"])
        .arg(&p.inputs)
        .arg("-o")
        .arg(&p.out));
    set_mode(&p.out, 0o755);
    outcome.expect(
        "read-only output folder",
        2,
        &["cannot write to `", "Permission denied"],
    );
    p.assert_untouched("read-only output folder");
}

#[test]
fn an_output_path_that_cannot_be_a_folder_is_an_io_error() {
    let p = Project::new();
    // A regular file where the output folder, or a folder on its path, would be.
    let file = p.tmp.path().join("a-file");
    std::fs::write(&file, "mine").unwrap();
    for (what, out, needle) in [
        (
            "output is a file",
            file.clone(),
            "it exists and is not a folder",
        ),
        (
            "a file on the output's path",
            file.join("out"),
            "a file stands where a folder on its path would be",
        ),
        (
            "a file further up the output's path",
            file.join("a/b/out"),
            "a file stands where a folder on its path would be",
        ),
    ] {
        run(capped()
            .args(["build", "-i"])
            .arg(&p.inputs)
            .arg("-o")
            .arg(&out))
        .expect(what, 2, &["cannot write to `", needle]);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    }
    // Inside /proc no folder can be made (Linux).
    if Path::new("/proc/self").exists() {
        run(capped()
            .args(["build", "-i"])
            .arg(&p.inputs)
            .args(["-o", "/proc/outsec-hostile-test/out"]))
        .expect("output inside /proc", 2, &["cannot write to `/proc/"]);
        assert!(!Path::new("/proc/outsec-hostile-test").exists());
    }
    p.assert_untouched("output paths elsewhere");
}

#[test]
fn a_folder_in_the_way_of_one_document_leaves_every_file_as_it_was() {
    let p = Project::new();
    // `tender.md` sorts late: without the check up front, the documents
    // before it would already have been replaced when its rename failed.
    std::fs::remove_file(p.out.join("tender.md")).unwrap();
    std::fs::create_dir_all(p.out.join("tender.md/inside")).unwrap();
    let p = Project {
        before: snapshot_tree(&p.out),
        ..p
    };
    p.refuses(
        "folder in the way",
        2,
        &["tender.md`", "a folder of that name is in the way"],
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_rename_that_fails_half_way_is_rolled_back() {
    /// Lifts the immutable flag again, whatever happens.
    struct Immutable(PathBuf);
    impl Drop for Immutable {
        fn drop(&mut self) {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
    }
    let p = Project::new();
    let tender = p.out.join("tender.md");
    // An immutable file cannot be replaced, so its rename fails after the
    // documents that sort before it have been renamed into place.
    let set = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&tender)
        .output()
        .is_ok_and(|o| o.status.success());
    if !set {
        eprintln!(
            "note: the roll-back test needs `chattr +i` (root on a file system with attributes); skipped"
        );
        return;
    }
    let _guard = Immutable(tender.clone());
    p.refuses(
        "rename fails half-way",
        2,
        &["cannot write to `", "tender.md`"],
    );
}

#[test]
fn an_output_folder_that_is_or_lies_inside_the_input_folder_is_refused() {
    let p = Project::new();
    let inputs_before = snapshot_tree(&p.inputs);
    let i = p.inputs.display().to_string();
    let mut outs = vec![
        i.clone(),
        format!("{i}/"),
        format!("{i}/."),
        format!("{i}/out"),
        format!("{i}/new/deeper/out"),
        format!("{i}/missing/.."),
        format!("{i}/../inputs"),
        format!("{}/./inputs/x/../y", p.tmp.path().display()),
    ];
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        let t = p.tmp.path();
        std::fs::create_dir_all(p.inputs.join("sub")).unwrap();
        symlink(&p.inputs, t.join("to-inputs")).unwrap();
        symlink(p.inputs.join("sub"), t.join("to-sub")).unwrap();
        outs.push(format!("{}/to-inputs", t.display()));
        outs.push(format!("{}/to-inputs/out", t.display()));
        // `to-sub/..` is the input folder, though `tmp/to-sub/..` read
        // as text would be `tmp`.
        outs.push(format!("{}/to-sub/..", t.display()));
        outs.push(format!("{}/to-sub/../new", t.display()));
    }
    for out in &outs {
        for command in ["build", "pack"] {
            run(capped()
                .args([command, "-i"])
                .arg(&p.inputs)
                .arg("-o")
                .arg(out))
            .expect(
                &format!("{command} -o {out}"),
                2,
                &["is the input folder or lies inside it"],
            );
        }
        // Given through a link, the input folder is the same folder.
        #[cfg(unix)]
        run(capped()
            .args(["build", "-i"])
            .arg(p.tmp.path().join("to-inputs"))
            .arg("-o")
            .arg(out))
        .expect(
            &format!("-i link -o {out}"),
            2,
            &["is the input folder or lies inside it"],
        );
    }
    assert_eq!(inputs_before, snapshot_tree(&p.inputs), "inputs unchanged");
    p.assert_untouched("output inside the inputs");
}

/// A build of `p` with the templates folder `templates`.
fn build_with_templates(p: &Project, templates: &Path) -> Outcome {
    run(capped()
        .args(["build", "-i"])
        .arg(&p.inputs)
        .arg("-o")
        .arg(&p.out)
        .arg("-t")
        .arg(templates))
}

#[test]
fn a_template_cannot_reach_a_file_outside_the_templates_folder() {
    let p = Project::new();
    let canary = "CANARY-7f3a-outside-the-templates-folder";
    std::fs::write(p.tmp.path().join("outside.md"), canary).unwrap();
    let templates = p.tmp.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let outside = p.tmp.path().join("outside.md").display().to_string();
    let cases = [
        ("include ../", "{% include \"../outside.md\" %}".to_string()),
        (
            "include ../../etc/passwd",
            "{% include \"../../etc/passwd\" %}".to_string(),
        ),
        (
            "include an absolute path",
            format!("{{% include \"{outside}\" %}}"),
        ),
        (
            "include /etc/passwd",
            "{% include \"/etc/passwd\" %}".to_string(),
        ),
        ("extends ../", "{% extends \"../outside.md\" %}".to_string()),
        (
            "extends an absolute path",
            format!("{{% extends \"{outside}\" %}}"),
        ),
    ];
    for (what, template) in &cases {
        std::fs::write(templates.join("tender.md"), template).unwrap();
        let outcome = build_with_templates(&p, &templates);
        outcome.expect(what, 1, &["tender.md", "nothing was written"]);
        assert!(
            outcome.stderr.contains("Unknown template") || outcome.stderr.contains("isn't loaded"),
            "{what}: {}",
            outcome.stderr
        );
        assert!(!outcome.stderr.contains(canary), "{what} read the file");
        assert!(!outcome.stderr.contains("root:"), "{what} read /etc/passwd");
        p.assert_untouched(what);
    }
    // A link in the templates folder is not followed either.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(p.tmp.path().join("outside.md"), templates.join("leak.md"))
            .unwrap();
        std::fs::write(templates.join("tender.md"), "{% include \"leak.md\" %}").unwrap();
        let outcome = build_with_templates(&p, &templates);
        outcome.expect("a link to a file outside", 1, &["leak.md"]);
        assert!(!outcome.stderr.contains(canary));
        p.assert_untouched("a link to a file outside");
    }
}

#[test]
fn a_template_that_recurses_without_end_is_a_located_error() {
    let p = Project::new();
    let templates = p.tmp.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    /// What a case is, its templates (path and text), and what the error says.
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 5] = [
        (
            "includes itself",
            &[("tender.md", "{% include \"tender.md\" %}")],
            "Circular include",
        ),
        (
            "two templates include each other",
            &[
                ("tender.md", "a {% include \"loop/b.md\" %}"),
                ("loop/b.md", "b {% include \"tender.md\" %}"),
            ],
            "Circular include",
        ),
        (
            "extends itself",
            &[("tender.md", "{% extends \"tender.md\" %}")],
            "Circular extend",
        ),
        (
            "two templates extend each other",
            &[
                ("tender.md", "{% extends \"loop/b.md\" %}"),
                ("loop/b.md", "{% extends \"tender.md\" %}"),
            ],
            "Circular extend",
        ),
        (
            "a component that calls itself twice",
            &[(
                "tender.md",
                "{% component rec() %}x{{ <rec/> }}{{ <rec/> }}{% endcomponent rec %}{{ <rec/> }}",
            )],
            "recursion depth",
        ),
    ];
    for (what, files, needle) in cases {
        let _ = std::fs::remove_dir_all(templates.join("loop"));
        for (name, text) in files {
            let path = templates.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        build_with_templates(&p, &templates).expect(what, 1, &[needle, "nothing was written"]);
        p.assert_untouched(what);
    }
}

#[test]
fn a_one_mib_string_builds_and_stays_fast() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    copy_tree(&fixture("valid/minimal"), &inputs);
    let sentence = "Backups are encrypted with keys the client holds, tested every quarter; ";
    let mut long = sentence.repeat(1024 * 1024 / sentence.len() + 1);
    long.truncate(1024 * 1024);
    let long = long.trim_end().to_string();
    let project = inputs.join("project.yaml");
    let text = std::fs::read_to_string(&project).unwrap();
    std::fs::write(
        &project,
        text.replace(
            "text: Every backup is encrypted.",
            &format!("text: \"{long}\""),
        ),
    )
    .unwrap();
    run(capped().args(["check", "-i"]).arg(&inputs)).expect("1 MiB string, check", 0, &[]);
    // Building renders the text into several documents and sanitises each
    // page's HTML, which the unoptimised debug build does slowly (about 5 s
    // for this project; the release build takes 0.3 s).
    let limit = if cfg!(debug_assertions) {
        Duration::from_secs(40)
    } else {
        QUICK
    };
    let out = tmp.path().join("out");
    run(capped()
        .args(["build", "-i"])
        .arg(&inputs)
        .arg("-o")
        .arg(&out))
    .expect_within("1 MiB string, build", 0, &["wrote"], limit);
    let tender = read(&out, "tender.md");
    assert!(
        tender.contains(&long[..long.len() / 2]),
        "the text is there"
    );
}

/// Every input under `tests/fixtures/fuzz/` once made the loader panic, hang
/// or blow up (see the README there). Each is loaded the way the fuzz target
/// loads its input, alone in an input folder, through the library and the
/// binary: no panic, done in time, every error located.
#[test]
fn fuzz_findings_stay_fixed() {
    let mut found = 0;
    for entry in std::fs::read_dir(fixture("fuzz")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        found += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("input.yaml"), &bytes).unwrap();

        let started = Instant::now();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = outsec::load::parse_file(0, text);
        }
        let checked = outsec::pipeline::load_and_check(tmp.path(), &[]).unwrap();
        let human = outsec::diag::render_human(&checked.diagnostics, &checked.sources);
        assert!(
            started.elapsed() < QUICK,
            "{name}: the library took {:?}",
            started.elapsed()
        );
        for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
            assert!(
                d.loc.is_some_and(|l| l.line >= 1) || d.rule == &rules::OS_MERGE_002,
                "{name}: {} is not located:\n{human}",
                d.rule
            );
        }

        let outcome = run(capped().args(["check", "-i"]).arg(tmp.path()));
        let code = if checked.has_errors() || checked.model.is_none() {
            1
        } else {
            0
        };
        outcome.expect(&name, code, &[]);
        if code == 1 {
            assert!(
                outcome.stderr.contains("input.yaml:"),
                "{name}: {}",
                outcome.stderr
            );
        }
    }
    assert!(found >= 2, "the fuzz fixtures are there");
}

/// The documents are written through temporary files, which are created
/// readable by their owner only; the documents must end up with the mode any
/// new file gets (0666 less the umask), not 0600.
#[cfg(unix)]
#[test]
fn written_documents_get_the_mode_of_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, out) = build(&fixture("valid/minimal"));
    let probe = tmp.path().join("probe");
    std::fs::write(&probe, "").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let expected = mode(&probe);
    for name in ["tender.md", "tender.html", "manifest.json"] {
        assert_eq!(
            format!("{:o}", mode(&out.join(name))),
            format!("{expected:o}"),
            "{name}"
        );
    }
}

/// Reading a named pipe blocks until a writer comes: outsec reads only
/// regular files of the output folder, for `--check`, for comparing and for
/// the previous manifest.
#[cfg(unix)]
#[test]
fn named_pipes_in_the_output_folder_block_neither_build_nor_check() {
    use std::os::unix::fs::FileTypeExt as _;
    let p = Project::new();
    for name in ["tender.md", "manifest.json"] {
        std::fs::remove_file(p.out.join(name)).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(p.out.join(name))
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            eprintln!("note: mkfifo is not available; skipped");
            return;
        }
    }
    // Neither read (which would block) nor replaced: outsec replaces only
    // regular files, and says so.
    p.build_with(&["--check"]).expect(
        "--check with pipes",
        1,
        &["blocked: tender.md (it is a named pipe"],
    );
    p.build().expect(
        "build with pipes",
        2,
        &["tender.md`: it is a named pipe", "nothing was written"],
    );
    p.build_with(&["--force"])
        .expect("build --force with pipes", 2, &["named pipe"]);
    assert!(
        std::fs::symlink_metadata(p.out.join("tender.md"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

/// Adds `entries` to `project.catalogs` of the project's inputs.
fn name_catalogs(p: &Project, entries: &str) {
    let project = p.inputs.join("project.yaml");
    let text = std::fs::read_to_string(&project).unwrap();
    let text = text.replace(
        "  authors: [isb]\n",
        &format!("  authors: [isb]\n  catalogs: [{entries}]\n"),
    );
    std::fs::write(&project, text).unwrap();
}

/// `outsec coverage` of the project with `--catalog` and `--profile` files.
fn coverage(p: &Project, args: &[&Path]) -> Outcome {
    let mut cmd = capped();
    cmd.args(["coverage", "-i"]).arg(&p.inputs);
    for (i, path) in args.iter().enumerate() {
        cmd.arg(if i == 0 { "--catalog" } else { "--profile" })
            .arg(path);
    }
    run(&mut cmd)
}

#[test]
fn a_catalogue_that_is_a_device_pipe_folder_or_huge_file_is_refused_unread() {
    let p = Project::new();
    let huge = p.tmp.path().join("huge.json");
    // Sparse: 50 MiB as far as the file system tells, no disk used.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let mut cases: Vec<(&str, PathBuf, &str)> = vec![
        (
            "50 MiB file",
            huge,
            "is larger than 32 MiB and was not read",
        ),
        (
            "folder",
            p.tmp.path().to_path_buf(),
            "is a folder, not a file",
        ),
    ];
    if Path::new("/dev/zero").exists() {
        cases.push((
            "/dev/zero",
            PathBuf::from("/dev/zero"),
            "is not a regular file (a named pipe, socket or device)",
        ));
    }
    #[cfg(unix)]
    {
        let pipe = p.tmp.path().join("pipe.json");
        if std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .is_ok_and(|s| s.success())
        {
            cases.push((
                "named pipe",
                pipe,
                "is not a regular file (a named pipe, socket or device)",
            ));
        } else {
            eprintln!("note: mkfifo is not available; the named-pipe case was skipped");
        }
    }
    let original = std::fs::read(p.inputs.join("project.yaml")).unwrap();
    for (what, path, needle) in &cases {
        let shown = path.display().to_string();
        // In `project.catalogs`, for check and build (absolute, so the
        // input folder does not come before it).
        std::fs::write(p.inputs.join("project.yaml"), &original).unwrap();
        name_catalogs(&p, &format!("\"X={shown}\""));
        p.check()
            .expect(what, 1, &["error[OS-CAT-004]", &shown, needle, "= help:"]);
        p.refuses(what, 1, &["OS-CAT-004", needle, "nothing was written"]);
        // On the command line.
        std::fs::write(p.inputs.join("project.yaml"), &original).unwrap();
        coverage(&p, &[path]).expect(what, 1, &["OS-CAT-004", &shown, needle]);
    }
}

#[test]
fn a_catalogue_that_would_cost_far_more_memory_than_its_size_is_refused_quickly() {
    let p = Project::new();
    let write = |name: &str, head: &str, unit: &str, tail: &str, bytes: usize| {
        let path = p.tmp.path().join(name);
        let mut text = String::with_capacity(bytes + 100);
        text.push_str(head);
        while text.len() + unit.len() + tail.len() < bytes {
            text.push_str(unit);
        }
        text.push_str(tail);
        std::fs::write(&path, text).unwrap();
        path
    };
    // Read into a `serde_json::Value`, 16 MiB of tiny objects took some
    // 1.5 GiB; only what outsec uses is kept now, and lists are capped.
    let objects = write(
        "objects.json",
        "{\"catalog\": {\"props\": [",
        "{\"a\": 1},",
        "{}]}}",
        16 * 1024 * 1024,
    );
    coverage(&p, &[&objects]).expect("16 MiB of tiny objects", 1, &["holds no controls"]);
    let controls = write(
        "controls.json",
        "{\"catalog\": {\"controls\": [",
        "{\"id\": \"a\"},",
        "{\"id\": \"b\"}]}}",
        4 * 1024 * 1024,
    );
    coverage(&p, &[&controls]).expect(
        "300 000 controls",
        1,
        &[
            "OS-CAT-004",
            "cannot be read as OSCAL",
            "100000",
            "at line 1 column",
        ],
    );
    // Nesting: skipped parts (read without recursion) and kept ones alike.
    let deep = write(
        "deep.json",
        "{\"catalog\": {\"props\": ",
        "[",
        "",
        1024 * 1024,
    );
    coverage(&p, &[&deep]).expect("1 MiB of `[`", 1, &["is not valid JSON"]);
    let deep = write(
        "deep.json",
        "{\"catalog\": ",
        "{\"groups\": [",
        "",
        1024 * 1024,
    );
    coverage(&p, &[&deep]).expect(
        "nested groups",
        1,
        &["is not valid JSON", "recursion limit"],
    );
}

#[test]
fn profile_patterns_and_hrefs_cannot_hang_or_crash_the_selection() {
    let p = Project::new();
    // Backtracking wildcards took time exponential in the number of `*`,
    // and a long pattern recursed once per character.
    let id = "A".repeat(40);
    let catalog = p.tmp.path().join("cat.json");
    std::fs::write(
        &catalog,
        format!("{{\"catalog\": {{\"controls\": [{{\"id\": \"{id}\"}}, {{\"id\": \"{id}C\"}}]}}}}"),
    )
    .unwrap();
    let profile = p.tmp.path().join("profile.json");
    for (what, pattern, href, needle) in [
        (
            "many stars",
            format!("{}B", "*A".repeat(20)),
            "cat.json",
            "",
        ),
        ("a long pattern", "?".repeat(200_000), "cat.json", ""),
        (
            "patterns too costly",
            "*".repeat(3_000_000),
            "cat.json",
            "too many or too long",
        ),
        // A `%` before a multi-byte character made the decoding panic.
        (
            "percent before a multi-byte character",
            "A*".to_string(),
            "x/%€%é.json",
            "",
        ),
    ] {
        std::fs::write(
            &profile,
            format!(
                "{{\"profile\": {{\"imports\": [{{\"href\": \"{href}\", \"include-controls\": [{{\"matching\": [{{\"pattern\": \"{pattern}\"}}]}}]}}]}}}}"
            ),
        )
        .unwrap();
        let outcome = coverage(&p, &[&catalog, &profile]);
        if needle.is_empty() {
            outcome.expect(what, 0, &[]);
        } else {
            outcome.expect(what, 1, &["OS-CAT-004", needle]);
        }
    }
}

#[test]
fn a_very_long_line_is_cut_in_diagnostics_around_the_column() {
    let p = Project::new();
    let long = "äöü€".repeat(256 * 1024);
    p.write(
        "long.yaml",
        format!("parties:\n  - {{ id: p2, name: \"{long}\", role: biddr, note: \"{long}\" }}\n"),
    );
    let outcome = p.build();
    outcome.expect("1 MiB line", 1, &["long.yaml:2:", "OS-YAML-", "biddr"]);
    assert!(
        outcome.stderr.len() < 8 * 1024,
        "{} bytes of diagnostics",
        outcome.stderr.len()
    );
    // The caret is under `biddr`, after the `...` of the cut start.
    let lines: Vec<&str> = outcome.stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("2 | ..."))
        .expect("the cut line");
    let caret = lines[at + 1].find('^').unwrap();
    assert_eq!(
        lines[at].chars().skip(caret).take(5).collect::<String>(),
        "biddr",
        "{}\n{}",
        lines[at],
        lines[at + 1]
    );
    assert!(lines[at].ends_with("..."));
    p.assert_untouched("1 MiB line");
}

#[test]
fn control_characters_in_inputs_reach_no_terminal_unescaped() {
    let p = Project::new();
    // Raw in the file (which YAML does not allow), in a value through a
    // YAML escape, and in a file name.
    p.write(
        "raw.yaml",
        "parties:\n  - { id: p2, name: \"a\x1b[2J\x07b\", role: bidder }\n",
    );
    p.write(
        "esc\x1b[31m.yaml",
        "parties:\n  - { id: p3, name: n, role: \"bidder\\e]0;pwned\\a\\x7f\" }\n",
    );
    let outcome = p.build();
    outcome.expect(
        "control characters",
        1,
        &[
            "\"a␛[2J␇b\"",
            "esc␛[31m.yaml:2:30",
            "`bidder\\u{1b}]0;pwned",
        ],
    );
    let bad: Vec<char> = outcome
        .stderr
        .chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect();
    assert!(bad.is_empty(), "{bad:?} in:\n{}", outcome.stderr);
    p.assert_untouched("control characters");
}

#[test]
fn os_file_004_says_what_it_covers() {
    let out = outsec().args(["explain", "OS-FILE-004"]).assert().code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("symbolic link or special file skipped") && text.contains("named pipe"),
        "{text}"
    );
}

#[test]
fn an_output_folder_that_is_inside_or_holds_the_templates_folder_is_refused() {
    let p = Project::new();
    let templates = p.tmp.path().join("templates");
    std::fs::create_dir_all(templates.join("partials")).unwrap();
    std::fs::write(
        templates.join("tender.md"),
        "my template {{ project.title }}\n",
    )
    .unwrap();
    // A templates folder inside the output folder.
    let held = p.out.join("my-templates");
    std::fs::create_dir_all(&held).unwrap();
    std::fs::write(held.join("tender.md"), "held\n").unwrap();
    let p = Project {
        before: snapshot_tree(&p.out),
        ..p
    };
    let t = templates.display().to_string();
    let templates_before = snapshot_tree(&templates);
    let inside = "is the templates folder";
    let holds = "lies inside the output folder";
    let cases: Vec<(String, String, &str)> = vec![
        (t.clone(), t.clone(), inside),
        (format!("{t}/"), t.clone(), inside),
        (format!("{t}/out"), t.clone(), inside),
        (format!("{t}/partials/../x/y"), t.clone(), inside),
        (t.clone(), format!("{t}/partials/.."), inside),
        (
            p.out.display().to_string(),
            held.display().to_string(),
            holds,
        ),
        (p.tmp.path().display().to_string(), t.clone(), holds),
    ];
    for (out, tdir, needle) in &cases {
        for command in ["build", "pack"] {
            run(capped()
                .args([command, "-i"])
                .arg(&p.inputs)
                .args(["-o", out, "-t", tdir]))
            .expect(
                &format!("{command} -o {out} -t {tdir}"),
                2,
                &[needle, "-o DIR"],
            );
        }
    }
    // The default `templates` folder of the working directory counts too.
    for out in ["templates", "templates/out", "."] {
        run(capped()
            .current_dir(p.tmp.path())
            .args(["build", "-i"])
            .arg(&p.inputs)
            .args(["-o", out]))
        .expect(
            &format!("-o {out} with ./templates"),
            2,
            &["templates", "-o DIR"],
        );
    }
    assert_eq!(
        templates_before,
        snapshot_tree(&templates),
        "templates unchanged"
    );
    p.assert_untouched("output and templates overlap");
    // Beside each other, they work.
    build_with_templates(&p, &templates).expect("templates beside the output", 0, &["wrote"]);
    assert!(read(&p.out, "tender.md").starts_with("my template"));
}

/// Renders `template` as the user's `tender.md`, through the library.
fn render_template(template: &str) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tender.md"), template).unwrap();
    let renderer =
        outsec::render::Renderer::new(Some(dir.path()), outsec::model::project::Language::En)
            .map_err(|e| e.to_string())?;
    renderer
        .render("tender.md", &serde_json::json!({}))
        .map_err(|e| e.to_string())
}

#[test]
fn range_works_as_in_tera_but_cannot_make_a_template_run_for_hours() {
    let ok = [
        ("{% for i in range(end=3) %}{{ i }},{% endfor %}", "0,1,2,"),
        (
            "{% for i in range(start=1, end=10, step_by=4) %}{{ i }},{% endfor %}",
            "1,5,9,",
        ),
        (
            "{% for i in range(start=5, end=0, step_by=-2) %}{{ i }},{% endfor %}",
            "5,3,1,",
        ),
        (
            "{% for i in range(start=2, end=2) %}{{ i }}{% endfor %}.",
            ".",
        ),
        ("{{ range(end=100000) | length }}", "100000"),
    ];
    for (template, expected) in ok {
        assert_eq!(render_template(template).unwrap(), expected, "{template}");
    }
    let started = Instant::now();
    let refused = [
        (
            "{% for i in range(end=100000000) %}x{% endfor %}",
            "at most 100000 in one call",
        ),
        (
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}x{% endfor %}{% endfor %}",
            "past 1000000",
        ),
        (
            "{% for i in range(start=-170141183460469231731687303715884105728, end=170141183460469231731687303715884105727) %}{% endfor %}",
            "",
        ),
        ("{{ range(end=5, step_by=0) }}", "`step_by` argument of 0"),
        ("{{ range(start=5, end=1) }}", "greater than the `end`"),
    ];
    for (template, needle) in refused {
        let err = render_template(template).expect_err(template);
        assert!(
            err.contains("range") && err.contains(needle),
            "{template}: {err}"
        );
        assert!(err.contains("tender.md"), "{template}: {err}");
    }
    assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
}

/// Output into a pipe that closes early (`outsec explain | head -1`) ends
/// the run quietly, as with any other command-line tool, not with a panic.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    for args in [
        &["explain"][..],
        &["schema"][..],
        &["check", "--format", "json"][..],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_outsec"))
            .args(args)
            .current_dir(root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, then close the pipe while outsec still writes.
        let mut stdout = child.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        let _ = std::io::Read::read(&mut stdout, &mut byte);
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
