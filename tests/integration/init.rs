//! `outsec init`: a new project that checks clean and builds.

use crate::support::*;

#[test]
fn init_then_check_and_build_succeed_in_the_new_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-project");
    outsec().arg("init").arg(&dir).assert().code(0);
    for section in outsec::model::SECTIONS {
        let found = walkdir::WalkDir::new(dir.join("inputs"))
            .into_iter()
            .any(|e| {
                let e = e.unwrap();
                e.file_type().is_file()
                    && std::fs::read_to_string(e.path())
                        .unwrap()
                        .lines()
                        .any(|l| l.starts_with(&format!("{section}:")))
            });
        assert!(found, "the starter project has a `{section}` section");
    }
    // A new project has no errors; its warnings are the to-do list of
    // catalogue items it does not address yet.
    let check = outsec().current_dir(&dir).arg("check").assert().code(0);
    let err = String::from_utf8_lossy(&check.get_output().stderr).to_string();
    assert!(
        err.contains("0 errors") || err.contains("no errors"),
        "{err}"
    );
    for line in err.lines().filter(|l| l.starts_with("warning[")) {
        assert!(
            line.starts_with("warning[OS-CAT-"),
            "only catalogue gaps remain: {line}"
        );
    }
    outsec().current_dir(&dir).arg("build").assert().code(0);
    assert!(dir.join("output/tender.html").exists());
    let schema = read(&dir.join("inputs"), outsec::schema::FILE_NAME);
    assert_eq!(
        schema,
        outsec::schema::input_schema_text(),
        "the modelines' schema is written too"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), "mine").unwrap();
    outsec()
        .arg("init")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not empty"));
    assert_eq!(read(tmp.path(), "keep.txt"), "mine");
    assert!(!tmp.path().join("inputs").exists());
}

#[test]
fn the_example_schema_files_are_up_to_date() {
    for dir in [example(), root().join("example-de/inputs")] {
        assert_eq!(
            read(&dir, outsec::schema::FILE_NAME),
            outsec::schema::input_schema_text(),
            "run `outsec schema > {}/outsec.schema.json`",
            dir.display()
        );
    }
}
