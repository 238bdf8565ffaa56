//! The JSON Schema (draft-07) of the input files, generated from the model
//! types, for editors that use yaml-language-server.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

use crate::model::InputFile;

/// The file name the inputs' `# yaml-language-server: $schema=…` modelines
/// point to; `outsec init` writes it into the new input folder.
pub const FILE_NAME: &str = "outsec.schema.json";

/// The schema as pretty-printed JSON with a final newline.
pub fn input_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&input_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema (draft-07) of one input file, as yaml-language-server
/// reads it. Every object key is sorted (serde_json's map is ordered), so the
/// output is the same on every run.
pub fn input_schema() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<InputFile>().to_value();
    tidy(&mut schema);
    schema
}

/// Adjusts the generated schema for editors, everywhere in the tree:
///
/// - a doc comment's line breaks are joined, so that an editor wraps the
///   text itself; blank lines still separate paragraphs;
/// - an enum whose values are documented comes out of schemars as `oneOf`
///   of one `const` per value. Editors then report a wrong value as "does not
///   match any of the allowed types", and list the values without their
///   meaning. It becomes a plain `enum` plus `enumDescriptions` and
///   `markdownEnumDescriptions`, which yaml-language-server shows beside
///   each value when completing.
fn tidy(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get_mut("description") {
                *text = unwrap_lines(text);
            }
            if let Some(plain) = plain_enum(map) {
                map.remove("oneOf");
                map.extend(plain);
            }
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// Joins the lines of each paragraph with a space.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `type`, `enum` and the two description lists for a `oneOf` that lists
/// only string constants with their descriptions; `None` for anything else.
fn plain_enum(map: &Map<String, Value>) -> Option<Map<String, Value>> {
    let variants = map.get("oneOf")?.as_array()?;
    let mut values = Vec::new();
    let mut descriptions = Vec::new();
    for variant in variants {
        let variant = variant.as_object()?;
        if variant
            .keys()
            .any(|k| !matches!(k.as_str(), "type" | "const" | "description"))
            || variant.get("type").is_some_and(|t| t != "string")
        {
            return None;
        }
        values.push(Value::String(variant.get("const")?.as_str()?.to_owned()));
        let description = variant
            .get("description")
            .and_then(Value::as_str)
            .map(unwrap_lines)
            .unwrap_or_default();
        descriptions.push(Value::String(description));
    }
    let mut plain = Map::new();
    plain.insert("type".into(), "string".into());
    plain.insert("enum".into(), Value::Array(values));
    plain.insert(
        "enumDescriptions".into(),
        Value::Array(descriptions.clone()),
    );
    plain.insert(
        "markdownEnumDescriptions".into(),
        Value::Array(descriptions),
    );
    Some(plain)
}
