//! Shared helpers: run the binary, copy fixtures, hash folders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example() -> PathBuf {
    root().join("inputs")
}

pub fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

pub fn outsec() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("outsec");
    cmd.env_remove("RUST_BACKTRACE");
    // Not the crate root: its `templates/` folder would be picked up as user
    // overrides and hide the built-in templates from every test.
    cmd.current_dir(std::env::temp_dir());
    cmd
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Builds `inputs` into a fresh temporary output folder and returns it.
pub fn build(inputs: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    outsec()
        .args(["build", "-i"])
        .arg(inputs)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    (tmp, out)
}

pub fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// A copy of a fixture project in `inputs/` with a successful build of it
/// in `out/`, both in a temporary folder that goes with the value.
pub struct BuiltCopy {
    pub tmp: tempfile::TempDir,
    pub inputs: PathBuf,
    pub out: PathBuf,
}

impl BuiltCopy {
    pub fn new(fixture_name: &str) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let inputs = tmp.path().join("inputs");
        copy_tree(&fixture(fixture_name), &inputs);
        let out = tmp.path().join("out");
        outsec()
            .args(["build", "-i"])
            .arg(&inputs)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(0);
        BuiltCopy { tmp, inputs, out }
    }
}

/// A copy of the input folder `from` in `to`, as it was when its tender was
/// released: without the award and the revisions after the tender's date
/// (see `examples/history/repo.rs`). `pack` refuses anything later.
pub fn released_copy(from: &Path, to: &Path) {
    copy_tree(from, to);
    crate::history::released_state(to).unwrap();
}

/// A copy of the input folder `from` in `to`, as it was on the day `as_of`
/// after its tender was released (see `examples/history/repo.rs`).
pub fn copy_as_of(from: &Path, to: &Path, as_of: &str) {
    copy_tree(from, to);
    crate::history::state_at(to, Some(as_of)).unwrap();
}

/// The example project as it was when its tender was released, in a
/// temporary folder; the inputs are its `inputs/`.
pub fn released_example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    released_copy(&example(), &inputs);
    (tmp, inputs)
}

/// Reads an input file, lets `edit` change it as data, and writes it back
/// (as JSON, which is YAML too).
pub fn edit_input(path: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    edit(&mut value);
    std::fs::write(path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}
