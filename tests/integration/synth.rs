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
fn a_long_mapping_section_is_cut_into_parts_that_mean_the_same() {
    // Parts of 4 KiB cut the sections of 400 requirements as parts of
    // `PART_BYTES` cut those of 100 000: clauses, measures, checks, …
    let limit = 4 * 1024;
    let parts = generator::generate_in_parts(400, generator::DEFAULT_SEED, limit);
    let whole = generator::generate(400, generator::DEFAULT_SEED);
    let paths: Vec<&str> = parts.iter().map(|f| f.path.as_str()).collect();
    for section in [
        "strategy",
        "tender",
        "evaluation",
        "contract",
        "security-concept",
        "operations",
        "contingency",
    ] {
        let parts = paths
            .iter()
            .filter(|p| p.starts_with(&format!("{section}/")))
            .count();
        assert!(parts > 1, "{section} in parts: {paths:?}");
        assert!(!paths.contains(&format!("{section}.yaml").as_str()));
    }
    for f in parts
        .iter()
        .filter(|f| !f.path.starts_with("requirements/"))
    {
        assert!(f.text.len() <= limit, "{}: {} bytes", f.path, f.text.len());
    }
    let write = |files: &[generator::File]| {
        let dir = tempfile::tempdir().unwrap();
        generator::write(dir.path(), files).unwrap();
        dir
    };
    let (cut, uncut) = (write(&parts), write(&whole));
    outsec()
        .args(["check", "--deny-warnings", "-i"])
        .arg(cut.path())
        .assert()
        .code(0);
    // The same documents: the parts' lists are joined in their order.
    let (_a, from_parts) = build(cut.path());
    let (_b, from_whole) = build(uncut.path());
    let documents = |dir: &std::path::Path| {
        let mut files = snapshot_tree(dir);
        files.retain(|path, _| path.ends_with(".md"));
        files
    };
    let (a, b) = (documents(&from_parts), documents(&from_whole));
    assert!(a.len() > 5, "{:?}", a.keys());
    assert!(a == b, "the documents differ");
}

#[test]
fn cutting_repeats_the_section_and_the_list_it_continues() {
    let text = "# c\nsection:\n  title: T\n  items:\n    - a: 1\n      b: 2\n    - a: 3\n  more:\n    - x\n    - y\n  tail: z\n".to_string();
    let files = generator::cut("s.yaml", text.clone(), 30);
    let cut: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let again = |rest: &str| {
        format!(
            "# Synthetic project written by `cargo run --example synth`; do not edit.\n# Continues `section` from the part before: outsec joins its lists across files.\nsection:\n{rest}"
        )
    };
    // So short a limit that each part holds one entry: a key with the
    // first item of its list, or an item under its list's key again.
    assert_eq!(
        cut,
        [
            ("s/1.yaml", "# c\nsection:\n  title: T\n"),
            (
                "s/2.yaml",
                again("  items:\n    - a: 1\n      b: 2\n").as_str()
            ),
            ("s/3.yaml", again("  items:\n    - a: 3\n").as_str()),
            ("s/4.yaml", again("  more:\n    - x\n").as_str()),
            ("s/5.yaml", again("  more:\n    - y\n").as_str()),
            ("s/6.yaml", again("  tail: z\n").as_str()),
        ]
    );
    let files = generator::cut("s.yaml", text.clone(), text.len());
    assert_eq!(files.len(), 1);
    assert_eq!((files[0].path.as_str(), &files[0].text), ("s.yaml", &text));
}

#[test]
fn dates_count_from_the_fifth_of_january_2026() {
    assert_eq!(generator::date(0), "2026-01-05");
    assert_eq!(generator::date(27), "2026-02-01");
    assert_eq!(generator::date(361), "2027-01-01");
    assert_eq!(generator::date(420), "2027-03-01");
}
