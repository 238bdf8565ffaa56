//! `outsec schema`: the JSON Schema of the inputs is valid draft-07, accepts
//! every valid project, rejects misspelt keys and wrong values, and describes
//! every key.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::*;

/// The schema as `outsec schema` prints it.
fn schema() -> Value {
    let out = outsec().arg("schema").assert().code(0).get_output().clone();
    serde_json::from_slice(&out.stdout).expect("`outsec schema` prints JSON")
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles as draft-07")
}

/// A YAML text as JSON, the way yaml-language-server sees it.
fn yaml(text: &str) -> Value {
    serde_saphyr::from_str::<Value>(text).expect("valid YAML")
}

/// Every problem the schema finds in a YAML text, as `path: message`.
/// An optional value's schema is `anyOf` the value or null; the problems
/// inside each branch are listed too, as an editor shows them.
fn problems(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    fn flatten(e: &jsonschema::ValidationError<'_>, out: &mut Vec<String>) {
        out.push(format!("{}: {e}", e.instance_path()));
        if let jsonschema::error::ValidationErrorKind::AnyOf { context } = e.kind() {
            context.iter().flatten().for_each(|e| flatten(e, out));
        }
    }
    let instance = yaml(text);
    let mut out = Vec::new();
    validator
        .iter_errors(&instance)
        .for_each(|e| flatten(&e, &mut out));
    out
}

/// Every input file under `dir`, in path order.
fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    assert!(!files.is_empty(), "no input files under {}", dir.display());
    files
}

/// Asserts that every input file under `dir` validates against the schema.
fn assert_all_valid(dir: &Path) {
    let schema = schema();
    let validator = validator(&schema);
    let mut failures = Vec::new();
    for file in yaml_files(dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        for problem in problems(&validator, &text) {
            failures.push(format!("{}: {problem}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn schema_is_valid_draft07_with_a_titled_root_and_is_deterministic() {
    let out = outsec().arg("schema").assert().code(0).get_output().clone();
    let again = outsec().arg("schema").assert().code(0).get_output().clone();
    assert_eq!(out.stdout, again.stdout);
    assert!(out.stderr.is_empty());

    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::meta::validate(&schema).expect("valid against the draft-07 meta-schema");
    validator(&schema);
    assert_eq!(schema["title"], "outsec input file");
    assert!(schema["description"].as_str().is_some_and(|d| d.len() > 40));
    assert_eq!(schema["additionalProperties"], false);
    // Draft-07 keeps definitions under `definitions`, not 2020-12's `$defs`.
    assert!(schema.get("$defs").is_none());
    let sections: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = outsec::model::SECTIONS.to_vec();
    expected.sort_unstable();
    assert_eq!(sections, expected);
}

#[test]
fn every_example_input_file_validates() {
    assert_all_valid(&example());
}

/// The project `outsec init` writes.
#[test]
fn every_starter_file_validates() {
    assert_all_valid(&root().join("assets/starter"));
}

#[test]
fn every_valid_fixture_validates() {
    assert_all_valid(&fixture("valid"));
}

const REQUIREMENT: &str = "requirements:
  - id: REQ-1
    title: Encrypt backups
    category: technology
    priority: must
    text: Every backup is encrypted.
";

#[test]
fn misspelt_keys_and_wrong_values_fail() {
    let schema = schema();
    let validator = validator(&schema);
    assert_eq!(problems(&validator, REQUIREMENT), Vec::<String>::new());

    for (text, path) in [
        // A misspelt section.
        (REQUIREMENT.replace("requirements:", "requirments:"), ""),
        // A misspelt key in a list item.
        (REQUIREMENT.replace("text:", "txet:"), "/requirements/0"),
        // A misspelt key in a nested mapping.
        (
            "contract:\n  term:\n    start: 2027-01-01\n    notise: 3 months\n".to_string(),
            "/contract/term",
        ),
        // Wrong enum values.
        (
            REQUIREMENT.replace("priority: must", "priority: must-have"),
            "/requirements/0/priority",
        ),
        (
            REQUIREMENT.replace("category: technology", "category: Technology"),
            "/requirements/0/category",
        ),
        (
            "project:\n  id: P\n  title: T\n  client: c\n  version: \"1\"\n  date: 2027-01-01\n  status: done\n  classification: Internal\n".to_string(),
            "/project/status",
        ),
        // A required key missing.
        (REQUIREMENT.replace("    priority: must\n", ""), "/requirements/0"),
        // Values with units.
        (
            "operations:\n  change_notifications:\n    - { id: CN-1, change: New subcontractor, notice: three months }\n".to_string(),
            "/operations/change_notifications/0/notice",
        ),
        (
            "contract:\n  term:\n    start: 1 March 2027\n".to_string(),
            "/contract/term/start",
        ),
        (
            "contract:\n  service_levels:\n    - { id: SL-1, metric: availability, target: 101%, period: 1 month, measurement: m, reporting: monthly, penalty: p }\n".to_string(),
            "/contract/service_levels/0/target",
        ),
    ] {
        let found = problems(&validator, &text);
        assert!(!found.is_empty(), "no problem found in\n{text}");
        assert!(
            found.iter().any(|p| p.starts_with(&format!("{path}: "))),
            "expected a problem at `{path}` in\n{text}\nfound: {found:#?}"
        );
    }
}

#[test]
fn targets_durations_and_dates_accept_what_the_loader_accepts() {
    let schema = schema();
    let validator = validator(&schema);
    for target in [
        "99.8%",
        "100 %",
        "4h",
        "30 min",
        "every working day by 09:00",
    ] {
        let text = format!(
            "contract:\n  service_levels:\n    - {{ id: SL-1, metric: m, target: \"{target}\", period: 1 month, measurement: m, reporting: monthly, penalty: p }}\n"
        );
        assert_eq!(
            problems(&validator, &text),
            Vec::<String>::new(),
            "{target}"
        );
    }
}

/// The `Duration` pattern accepts exactly what `Duration::from_str` accepts.
#[test]
fn duration_pattern_matches_the_parser() {
    let schema = schema();
    let duration = validator(&schema["definitions"]["Duration"]);
    let mut samples = vec![
        "",
        "4",
        "h",
        "4 h ",
        " 4h",
        "4hh",
        "4 fortnights",
        "-4h",
        "+4h",
        "4.5h",
        "four hours",
        "4 h r",
        "1 Year",
        "15 MINUTES",
        "0m",
        "12 Mo",
        "3wk",
        "10 yrs",
        "2 Days",
    ];
    let units = [
        "min", "mins", "minute", "minutes", "m", "h", "hr", "hrs", "hour", "hours", "d", "day",
        "days", "w", "wk", "week", "weeks", "mo", "month", "months", "y", "yr", "year", "years",
        "s", "sec", "ms", "hour s", "mon", "yearly",
    ];
    let written: Vec<String> = units
        .iter()
        .flat_map(|u| [format!("3{u}"), format!("3 {}", u.to_uppercase())])
        .collect();
    samples.extend(written.iter().map(String::as_str));
    for sample in samples {
        let parses = sample.parse::<outsec::model::types::Duration>().is_ok();
        assert_eq!(
            duration.is_valid(&json!(sample)),
            parses,
            "`{sample}`: the parser says {parses}"
        );
    }
}

/// Every property of every object in the schema, the root and every
/// definition, has a description an author can read in the editor.
#[test]
fn every_property_and_definition_has_a_description() {
    fn walk(at: &str, schema: &Value, missing: &mut Vec<String>, properties: &mut usize) {
        match schema {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    for (name, prop) in props {
                        *properties += 1;
                        let described = prop["description"]
                            .as_str()
                            .is_some_and(|d| !d.trim().is_empty());
                        if !described {
                            missing.push(format!("{at}/properties/{name}"));
                        }
                    }
                }
                if let Some(values) = map.get("enum").and_then(Value::as_array) {
                    let described = map
                        .get("enumDescriptions")
                        .and_then(Value::as_array)
                        .is_some_and(|d| {
                            d.len() == values.len()
                                && d.iter().all(|d| d.as_str().is_some_and(|d| !d.is_empty()))
                        });
                    if !described {
                        missing.push(format!("{at}/enumDescriptions"));
                    }
                }
                for (key, value) in map {
                    walk(&format!("{at}/{key}"), value, missing, properties);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(&format!("{at}/{i}"), item, missing, properties);
                }
            }
            _ => {}
        }
    }

    let schema = schema();
    let mut missing = Vec::new();
    let mut properties = 0;
    walk("#", &schema, &mut missing, &mut properties);
    for defs in ["definitions", "$defs"] {
        if let Some(Value::Object(defs_map)) = schema.get(defs) {
            for (name, def) in defs_map {
                if def["description"].as_str().is_none_or(|d| d.is_empty()) {
                    missing.push(format!("#/{defs}/{name}"));
                }
            }
        }
    }
    assert!(properties > 200, "only {properties} properties found");
    assert!(
        missing.is_empty(),
        "no description at:\n{}",
        missing.join("\n")
    );
}

/// The modeline the README recommends does not disturb the loader.
#[test]
fn input_files_with_the_schema_modeline_still_check() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/split-lists"), tmp.path());
    for file in yaml_files(tmp.path()) {
        let text = std::fs::read_to_string(&file).unwrap();
        let modeline = "# yaml-language-server: $schema=../outsec.schema.json\n";
        std::fs::write(&file, format!("{modeline}{text}")).unwrap();
    }
    outsec()
        .args(["check", "-i"])
        .arg(tmp.path())
        .assert()
        .code(0);
}
