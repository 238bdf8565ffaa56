//! The synthetic project generator of `examples/synth.rs`: what it writes is
//! a valid project that checks clean and builds, and the same arguments give
//! the same bytes.

use crate::support::{build, outsec, snapshot_tree};

#[path = "../../examples/synth/generator.rs"]
mod generator;

fn generate_into(n: usize, seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    generator::write(dir.path(), &generator::generate(n, seed)).unwrap();
    dir
}

#[test]
fn a_synthetic_project_checks_clean_and_builds() {
    let inputs = generate_into(50, generator::DEFAULT_SEED);
    let files = snapshot_tree(inputs.path());
    let requirement_files = files
        .keys()
        .filter(|p| p.starts_with("requirements/"))
        .count();
    assert_eq!(requirement_files, 1, "{:?}", files.keys());
    assert!(
        files.len() > 10,
        "split over many files: {:?}",
        files.keys()
    );
    // No errors and no warnings: every rule and every catalogue item is met.
    outsec()
        .args(["check", "--deny-warnings", "-i"])
        .arg(inputs.path())
        .assert()
        .code(0);
    let (_tmp, out) = build(inputs.path());
    let tender = std::fs::read_to_string(out.join("tender.md")).unwrap();
    assert!(
        tender.contains("REQ-050"),
        "the last requirement is in the tender"
    );
}

#[test]
fn the_same_arguments_give_byte_identical_files() {
    let a = generate_into(50, 3);
    let b = generate_into(50, 3);
    assert_eq!(snapshot_tree(a.path()), snapshot_tree(b.path()));
    let c = generate_into(50, 4);
    assert_ne!(
        snapshot_tree(a.path()),
        snapshot_tree(c.path()),
        "the seed changes the text"
    );
}

#[test]
fn requirements_are_split_into_files_of_one_hundred() {
    let files = generator::generate(250, 1);
    let parts: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.starts_with("requirements/"))
        .collect();
    assert_eq!(
        parts,
        [
            "requirements/001-100.yaml",
            "requirements/101-200.yaml",
            "requirements/201-250.yaml"
        ]
    );
}

#[test]
fn dates_count_from_the_fifth_of_january_2026() {
    assert_eq!(generator::date(0), "2026-01-05");
    assert_eq!(generator::date(27), "2026-02-01");
    assert_eq!(generator::date(361), "2027-01-01");
    assert_eq!(generator::date(420), "2027-03-01");
}
