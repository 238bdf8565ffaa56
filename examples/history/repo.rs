//! A git repository of a project's history around its tender: the inputs as
//! they were when the tender was released (tagged `tender-<version>`), then
//! the inputs as they are, with the award recorded. Used by
//! `examples/history.rs` and by the tests of `--rev`.
//!
//! The released state is derived from the inputs as they are, the way the
//! example projects record their history: the tender's version and date are
//! `project.documents.tender`; nothing dated after that date had happened
//! yet, so the `evaluation` section, every revision dated later and every
//! answer to a clarification question given later (with the clarifications
//! document's own entry, when it is dated later) go, the
//! project's version and date become those of the last revision kept that
//! concerns more than the tender, and its status `draft`. Changed files are
//! written as JSON, which is YAML too.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The documents that go out with the tender (they take its version).
const TENDER_PARTS: [&str; 6] = [
    "tender",
    "instructions",
    "forms",
    "questionnaire",
    "clarifications",
    "tender-nda",
];

/// What [`make`] made.
pub struct History {
    /// The repository's work tree; the inputs are in `inputs/` of it.
    pub repo: PathBuf,
    /// The tag of the released tender, `tender-<version>`.
    pub tag: String,
    /// The commit of the tag, in full.
    pub released: String,
    /// The commit that recorded the award (HEAD), in full.
    pub awarded: String,
}

/// Runs git in `repo` with a fixed identity and dates, so that the same
/// inputs give the same commits; panics with git's output when it fails.
pub fn git(repo: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .current_dir(repo)
        .args([
            "-c",
            "user.name=outsec example",
            "-c",
            "user.email=example@outsec.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "core.autocrlf=false",
            "-c",
            "core.symlinks=true",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e} (is git installed?)"));
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Makes the repository in `repo` (a new or empty folder) from the input
/// folder `inputs`.
pub fn make(inputs: &Path, repo: &Path) -> Result<History, String> {
    let work = repo.join("inputs");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    copy_tree(inputs, &work)?;
    let (version, date, award_date) = released_state(&work)?;
    let tag = format!("tender-{version}");
    git(repo, &["init", "-q"], &date);
    git(repo, &["add", "-A"], &date);
    git(
        repo,
        &[
            "commit",
            "-q",
            "-m",
            &format!("Tender {version} released to bidders"),
        ],
        &date,
    );
    git(
        repo,
        &[
            "tag",
            "-a",
            &tag,
            "-m",
            &format!("The tender as published, version {version} of {date}"),
        ],
        &date,
    );
    let released = git(repo, &["rev-parse", "HEAD"], &date);
    std::fs::remove_dir_all(&work).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    copy_tree(inputs, &work)?;
    git(repo, &["add", "-A"], &award_date);
    git(
        repo,
        &[
            "commit",
            "-q",
            "-m",
            "Award recorded; contract annex and plans agreed with the provider",
        ],
        &award_date,
    );
    let awarded = git(repo, &["rev-parse", "HEAD"], &award_date);
    Ok(History {
        repo: repo.to_path_buf(),
        tag,
        released,
        awarded,
    })
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        let rel = entry.path().strip_prefix(from).map_err(|e| e.to_string())?;
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).map_err(|e| e.to_string())?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect()
}

/// Turns the inputs in `dir` into the state in which the tender was
/// released (see the module's comment). Returns the tender's version and
/// date, and the date of the last revision (when the award was recorded).
pub fn released_state(dir: &Path) -> Result<(String, String, String), String> {
    state_at(dir, None)
}

/// The inputs in `dir` as they were on the day `as_of` (at or after the
/// tender's release; `None`: the day of the release), as
/// [`released_state`] makes them: for example when the answers to
/// clarification questions were published.
pub fn state_at(dir: &Path, as_of: Option<&str>) -> Result<(String, String, String), String> {
    use serde_json::Value;
    let files = yaml_files(dir);
    let read = |p: &Path| -> Result<Value, String> {
        let text = std::fs::read_to_string(p).map_err(|e| e.to_string())?;
        serde_saphyr::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
    };
    // The tender's version and date, wherever `project` is written.
    let mut tender: Option<(String, String)> = None;
    for file in &files {
        let value = read(file)?;
        if let Some(project) = value.get("project") {
            let t = project.pointer("/documents/tender").ok_or(
                "the project has no `project.documents.tender`: give the tender its own version and date",
            )?;
            tender = Some((
                t["version"].as_str().unwrap_or_default().to_string(),
                t["date"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    let Some((v, released)) = tender else {
        return Err("no `project` section in the inputs".into());
    };
    // The day the inputs are cut at.
    let d = as_of.map_or(released.clone(), str::to_string);
    let (mut version, mut date, mut last) = (None, None, String::new());
    for file in &files {
        let mut value = read(file)?;
        let Some(map) = value.as_object_mut() else {
            continue;
        };
        let mut changed = map.remove("evaluation").is_some();
        if let Some(answers) = map
            .get_mut("tender")
            .and_then(|t| t.get_mut("clarifications"))
            .and_then(Value::as_array_mut)
        {
            let before = answers.len();
            answers.retain(|c| c["answered"].as_str().is_some_and(|a| a <= d.as_str()));
            changed |= answers.len() != before;
        }
        if let Some(project) = map.get_mut("project") {
            if let Some(documents) = project.get_mut("documents").and_then(Value::as_object_mut) {
                let later: Vec<String> = documents
                    .iter()
                    .filter(|(_, e)| e["date"].as_str().is_some_and(|ed| ed > d.as_str()))
                    .map(|(k, _)| k.clone())
                    .collect();
                for k in later {
                    documents.remove(&k);
                }
            }
            let revisions = project["revisions"].as_array().cloned().unwrap_or_default();
            last = revisions
                .iter()
                .filter_map(|r| r["date"].as_str())
                .max()
                .unwrap_or(&d)
                .to_string();
            let kept: Vec<Value> = revisions
                .into_iter()
                .filter(|r| r["date"].as_str().is_some_and(|rd| rd <= d.as_str()))
                .collect();
            let beyond_tender = |r: &Value| match r["documents"].as_array() {
                None => true,
                Some(named) => named
                    .iter()
                    .any(|n| !TENDER_PARTS.contains(&n.as_str().unwrap_or_default())),
            };
            // The latest (the last of those on its day).
            let base = kept
                .iter()
                .filter(|r| beyond_tender(r))
                .max_by_key(|r| r["date"].as_str().unwrap_or_default().to_string());
            if let Some(base) = base {
                project["version"] = base["version"].clone();
                project["date"] = base["date"].clone();
            }
            project["status"] = Value::from("draft");
            project["revisions"] = Value::from(kept);
            version = Some(v.clone());
            date = Some(released.clone());
            changed = true;
        }
        if !changed {
            continue;
        }
        if map.is_empty() {
            std::fs::remove_file(file).map_err(|e| e.to_string())?;
        } else {
            let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n";
            std::fs::write(file, text).map_err(|e| e.to_string())?;
        }
    }
    match (version, date) {
        (Some(v), Some(d)) => Ok((v, d, last)),
        _ => Err("no `project` section in the inputs".into()),
    }
}
