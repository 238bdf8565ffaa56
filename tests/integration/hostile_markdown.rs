//! Hostile Markdown in every free-text field: input text is data in every
//! output format, and no field can break the document around it.
//!
//! The free-text fields are found by walking a copy of the example project,
//! not listed by hand, so that a field added later is attacked too: every
//! string of the inputs that is not an id, a reference to one or a date is
//! replaced by a probe, and what `check` then refuses (enumerations,
//! durations, catalogue references …, each error located at its line) is
//! put back. Into the rest each attack below is planted, the project is
//! built and packed, and every `.md`, `.html` and `.csv` file (in the output
//! folder, the pack folders and the zips) is checked:
//!
//! - the Markdown, parsed as GitHub would, holds no raw HTML, no link or
//!   image with an address that is not allowed, no image that would load
//!   anything, no reference definition and no footnote;
//! - the HTML holds no tag or attribute that runs script or loads anything,
//!   and every `href` is allowed;
//! - every heading of the clean example's documents is there, in order, and
//!   no other (so every section after each field is still present), and
//!   each HTML table of contents has the clean example's entries;
//! - no control, bidi, zero-width or other invisible character is left,
//!   and in the Markdown no character reference to one outside code;
//! - in the Markdown, no `<` is text (GitHub takes a backslash after a bare
//!   address into the address, so `\\<` could start a tag there), and no
//!   raw HTML appears either when every bare address runs, as on GitHub, to
//!   the next space or `<` over whatever is in the way.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::support::*;

/// One step into a YAML value: a key of a mapping or a place in a list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

/// A string of the inputs: the file it is in and the way to it.
#[derive(Clone, Debug)]
struct Leaf {
    file: usize,
    path: Vec<Step>,
}

impl Leaf {
    /// Whether the name of the field is of even length: splits the fields
    /// in two halves, in which fields that must agree (`version`) are
    /// together.
    fn even(&self) -> bool {
        self.path
            .iter()
            .rev()
            .find_map(|s| match s {
                Step::Key(k) => Some(k.len() % 2 == 0),
                Step::Index(_) => None,
            })
            .unwrap_or(true)
    }

    /// The field the string is a value of, such as `requirements[].text`.
    fn field(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Key(k) if out.is_empty() => out.push_str(k),
                Step::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Index(_) => out.push_str("[]"),
            }
        }
        out
    }
}

/// The example project as values, file by file, with its strings.
struct Example {
    /// Path relative to the input folder, and content.
    files: Vec<(PathBuf, Value)>,
    leaves: Vec<Leaf>,
}

impl Example {
    fn load() -> Self {
        let root = example();
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                let text = std::fs::read_to_string(path).unwrap();
                let value: Value = serde_saphyr::from_str(&text).unwrap();
                files.push((path.strip_prefix(&root).unwrap().to_path_buf(), value));
            }
        }
        // Text fields the example leaves out, in objects it has or whose
        // fields are all optional, are added, so that they are attacked too.
        // (A section is added to none: it is defined in one file.)
        for path in schema_text_fields() {
            let Some((SchemaStep::Key(section, _), rest)) = path.split_first() else {
                continue;
            };
            for (_, value) in &mut files {
                if let Some(value) = value.get_mut(section) {
                    fill(value, rest);
                }
            }
        }
        let mut leaves = Vec::new();
        for (file, (_, value)) in files.iter().enumerate() {
            strings(value, &mut Vec::new(), &mut |path| {
                leaves.push(Leaf {
                    file,
                    path: path.to_vec(),
                })
            });
        }
        Example { files, leaves }
    }

    /// Every id the project declares.
    fn ids(&self) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for leaf in &self.leaves {
            if leaf.path.last() == Some(&Step::Key("id".into())) {
                ids.insert(self.get(leaf).to_string());
            }
        }
        ids
    }

    fn get(&self, leaf: &Leaf) -> &str {
        let mut v = &self.files[leaf.file].1;
        for step in &leaf.path {
            v = match step {
                Step::Key(k) => &v[k.as_str()],
                Step::Index(i) => &v[*i],
            };
        }
        v.as_str().unwrap()
    }

    /// Writes the project into `dir`, with the text of `leaves` replaced
    /// by `text(n)` for the n-th of them, and returns where each string is:
    /// (file, line) → leaf. The files are JSON, which is YAML, one value a
    /// line.
    fn write(
        &self,
        dir: &Path,
        leaves: &[&Leaf],
        text: &dyn Fn(usize) -> String,
    ) -> BTreeMap<(PathBuf, usize), usize> {
        let mut files: Vec<Value> = self.files.iter().map(|(_, v)| v.clone()).collect();
        for (n, leaf) in leaves.iter().enumerate() {
            let mut v = &mut files[leaf.file];
            for step in &leaf.path {
                v = match step {
                    Step::Key(k) => &mut v[k.as_str()],
                    Step::Index(i) => &mut v[*i],
                };
            }
            *v = Value::String(text(n));
        }
        for value in &mut files {
            drop_added(value);
        }
        let mut at = BTreeMap::new();
        for (i, value) in files.iter().enumerate() {
            let rel = &self.files[i].0;
            let mut out = String::new();
            let mut lines = Vec::new();
            pretty(value, &mut Vec::new(), 0, &mut out, &mut lines);
            for (line, path) in lines {
                if let Some(n) = self
                    .leaves
                    .iter()
                    .position(|l| l.file == i && l.path == path)
                {
                    at.insert((rel.clone(), line), n);
                }
            }
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, out).unwrap();
        }
        at
    }
}

/// A step into the input schema: a property (and whether the object it
/// holds, if any, may be written with no property at all), or the items of
/// a list.
#[derive(Clone, Debug)]
enum SchemaStep {
    Key(String, bool),
    Items,
}

/// Every property of the input schema whose value is a string that no
/// enumeration, pattern or format constrains, other than ids: the fields
/// that may hold free text, as paths from the top.
fn schema_text_fields() -> Vec<Vec<SchemaStep>> {
    let schema = outsec::schema::input_schema();
    let mut out = Vec::new();
    walk_schema(&schema, &schema, &mut Vec::new(), &mut out);
    out
}

fn walk_schema(
    root: &Value,
    node: &Value,
    path: &mut Vec<SchemaStep>,
    out: &mut Vec<Vec<SchemaStep>>,
) {
    assert!(path.len() < 16, "the schema nests too deeply: {path:?}");
    let node = resolve(root, node);
    if let Some(branches) = node["anyOf"].as_array() {
        for branch in branches {
            walk_schema(root, branch, path, out);
        }
        return;
    }
    let types: Vec<&str> = match &node["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if let Some(properties) = node["properties"].as_object() {
        for (name, property) in properties {
            let holds = resolve(root, property);
            let optional = holds["required"].as_array().is_none_or(Vec::is_empty);
            path.push(SchemaStep::Key(name.clone(), optional));
            walk_schema(root, property, path, out);
            path.pop();
        }
    } else if types.contains(&"array") {
        path.push(SchemaStep::Items);
        walk_schema(root, &node["items"], path, out);
        path.pop();
    } else if types.contains(&"string")
        && ["enum", "pattern", "format", "const"]
            .iter()
            .all(|k| node.get(k).is_none())
        && !matches!(path.last(), Some(SchemaStep::Key(k, _)) if k == "id")
    {
        out.push(path.clone());
    }
}

/// A schema node with its `$ref` followed, of an `allOf` with one entry
/// that entry, and of an `anyOf` with null the other branch.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    for _ in 0..8 {
        if let Some(r) = node["$ref"].as_str() {
            let name = r.rsplit('/').next().unwrap();
            node = &root["definitions"][name];
        } else if let Some([only]) = node["allOf"].as_array().map(Vec::as_slice) {
            node = only;
        } else if let Some([a, b]) = node["anyOf"].as_array().map(Vec::as_slice) {
            node = if b["type"] == "null" {
                a
            } else if a["type"] == "null" {
                b
            } else {
                return node;
            };
        } else {
            return node;
        }
    }
    node
}

/// The value of a field that the example leaves out, until something is
/// planted in it; [`Example::write`] leaves out what still has it.
const ADDED: &str = "\u{E000}added\u{E000}";

/// Adds the string field at `path` to `value` where it is missing, in
/// every object on the way that exists or may be empty.
fn fill(value: &mut Value, path: &[SchemaStep]) {
    let Some((step, rest)) = path.split_first() else {
        return;
    };
    match step {
        SchemaStep::Items => {
            if let Value::Array(items) = value {
                for item in items {
                    fill(item, rest);
                }
            }
        }
        SchemaStep::Key(name, optional) => {
            let Value::Object(map) = value else {
                return;
            };
            if rest.is_empty() {
                map.entry(name.clone())
                    .or_insert_with(|| Value::String(ADDED.into()));
            } else if let Some(inner) = map.get_mut(name) {
                fill(inner, rest);
            } else if *optional && matches!(rest.first(), Some(SchemaStep::Key(..))) {
                let mut inner = Value::Object(Default::default());
                fill(&mut inner, rest);
                map.insert(name.clone(), inner);
            }
        }
    }
}

/// Removes the fields that still have the value [`ADDED`].
fn drop_added(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| v.as_str() != Some(ADDED));
            map.values_mut().for_each(drop_added);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_added),
        _ => {}
    }
}

/// Calls `found` with the path of every string in `value`.
fn strings(value: &Value, path: &mut Vec<Step>, found: &mut dyn FnMut(&[Step])) {
    match value {
        Value::String(_) => found(path),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                strings(item, path, found);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                path.push(Step::Key(k.clone()));
                strings(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// JSON with one value a line, every character outside ASCII escaped (so
/// that the YAML reader sees exactly these characters, a byte-order mark
/// in the middle of a string too), noting the line of every string.
fn pretty(
    value: &Value,
    path: &mut Vec<Step>,
    indent: usize,
    out: &mut String,
    lines: &mut Vec<(usize, Vec<Step>)>,
) {
    let pad = |n: usize| " ".repeat(n);
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (k, item)) in map.iter().enumerate() {
                out.push_str(&pad(indent + 2));
                out.push_str(&quote(k));
                out.push_str(": ");
                path.push(Step::Key(k.clone()));
                pretty(item, path, indent + 2, out, lines);
                path.pop();
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(indent + 2));
                path.push(Step::Index(i));
                pretty(item, path, indent + 2, out, lines);
                path.pop();
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Value::String(s) => {
            lines.push((out.matches('\n').count() + 1, path.clone()));
            out.push_str(&quote(s));
        }
        other => out.push_str(&other.to_string()),
    }
}

/// A YAML double-quoted string (JSON's escapes, and `\u`/`\U` for every
/// character outside ASCII).
fn quote(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c as u32 {
            0..=0x7F => out.push(c),
            n @ 0x80..=0xFFFF => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}

/// The free-text fields of the example: every string that is not an id,
/// a reference, a date or plainly an enumeration or duration, less what
/// `check` refuses in its place.
fn free_text(example: &Example) -> Vec<Leaf> {
    let ids = example.ids();
    let date = |s: &str| {
        s.len() == 10
            && s.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    // What is plainly an enumeration (`must`, `very-high`) or a duration
    // (`4h`, `6 months`) is left out without a try: the YAML reader stops
    // at the first value of a file it cannot read, so each value that
    // `check` refuses costs a round.
    let typed = |s: &str| {
        let token = |t: &str| {
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        let duration = s.split_once(' ').is_some_and(|(n, unit)| {
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && token(unit)
        });
        token(s) || duration
    };
    let mut refused: BTreeSet<String> = BTreeSet::new();
    let candidates: Vec<&Leaf> = example
        .leaves
        .iter()
        .filter(|l| {
            let value = example.get(l);
            l.path.last() != Some(&Step::Key("id".into()))
                && !ids.contains(value)
                && !date(value)
                && !typed(value)
        })
        .collect();
    loop {
        let leaves: Vec<&Leaf> = candidates
            .iter()
            .copied()
            .filter(|l| !refused.contains(&l.field()))
            .collect();
        let tmp = tempfile::tempdir().unwrap();
        let at = example.write(tmp.path(), &leaves, &|_| {
            "Probe *text* <b>x</b>\n\n# y".into()
        });
        let checked = outsec::pipeline::load_and_check(tmp.path(), &[]).unwrap();
        if !checked.has_errors() {
            return leaves.into_iter().cloned().collect();
        }
        // Errors at a string refuse its field. Others (a section that
        // failed to read is then missing) go with their cause.
        let mut more = 0;
        for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
            let Some(loc) = d.loc else { continue };
            let name = checked.sources.name(loc.file);
            let leaf = at.iter().find_map(|((file, line), n)| {
                (Path::new(name).ends_with(file) && *line == loc.line as usize).then_some(*n)
            });
            if let Some(leaf) = leaf
                && refused.insert(example.leaves[leaf].field())
            {
                more += 1;
            }
        }
        assert!(
            more > 0,
            "errors at no string of a field not yet refused:\n{}",
            outsec::diag::render_human(&checked.diagnostics, &checked.sources)
        );
    }
}

/// The free-text fields, found once for every test of this file.
fn fields() -> &'static (Example, Vec<Leaf>) {
    static FIELDS: std::sync::OnceLock<(Example, Vec<Leaf>)> = std::sync::OnceLock::new();
    FIELDS.get_or_init(|| {
        let example = Example::load();
        let leaves = free_text(&example);
        (example, leaves)
    })
}

#[test]
fn the_free_text_fields_are_found_by_walking_the_inputs() {
    let (_, leaves) = fields();
    let found: BTreeSet<String> = leaves.iter().map(Leaf::field).collect();
    for field in [
        "project.title",
        "project.summary",
        "project.classification",
        "parties[].name",
        "contacts[].name",
        "contacts[].function",
        "contacts[].email",
        "strategy.objectives[]",
        "requirements[].title",
        "requirements[].text",
        "requirements[].evidence",
        "requirements[].rationale",
        "tender.procedure",
        "tender.suitability_criteria[].text",
        "tender.award_criteria[].title",
        "tender.questions[].text",
        "tender.nda_items[].text",
        "contract.clauses[].title",
        "contract.clauses[].text",
        "contract.service_levels[].metric",
        "security_concept.measures[].text",
        "security_concept.domains.client",
        "migration.phases[].title",
        "operations.checks[].text",
        "contingency.scenarios[].trigger",
        "contingency.scenarios[].immediate[]",
        "evaluation.justification",
    ] {
        assert!(found.contains(field), "{field} is not among {found:#?}");
    }
    let schema: BTreeSet<String> = schema_text_fields()
        .iter()
        .map(|path| {
            let mut out = String::new();
            for step in path {
                match step {
                    SchemaStep::Key(k, _) if out.is_empty() => out.push_str(k),
                    SchemaStep::Key(k, _) => {
                        out.push('.');
                        out.push_str(k);
                    }
                    SchemaStep::Items => out.push_str("[]"),
                }
            }
            out
        })
        .collect();
    // Every other string field of the schema names something (an id, a
    // catalogue item, a file), and `check` refuses text in it.
    let (example, _) = fields();
    let others: Vec<&Leaf> = example
        .leaves
        .iter()
        .filter(|l| {
            let field = l.field();
            !found.contains(&field) && schema.contains(&field)
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let at = example.write(tmp.path(), &others, &|_| "Probe text".into());
    let checked = outsec::pipeline::load_and_check(tmp.path(), &[]).unwrap();
    let refused: BTreeSet<usize> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| {
            let loc = d.loc?;
            let name = checked.sources.name(loc.file);
            at.iter().find_map(|((file, line), n)| {
                (Path::new(name).ends_with(file) && *line == loc.line as usize).then_some(*n)
            })
        })
        .collect();
    for leaf in &others {
        let n = example
            .leaves
            .iter()
            .position(|l| l.file == leaf.file && l.path == leaf.path);
        assert!(
            n.is_some_and(|n| refused.contains(&n)),
            "{} takes any text but is not attacked",
            leaf.field()
        );
    }
    // What is left is in no object of the example: only the paths of
    // extra catalogues, which reach a document only as a file name, through
    // `md_text`. A new text field must be in the example, or in an object
    // of it where it can be added.
    let mut others: BTreeSet<String> = others.iter().map(|l| l.field()).collect();
    others.insert("project.catalogs[]".to_string());
    // The entries of `project.documents` are one type: the example's
    // `tender` entry stands for the others, which it has no reason to hold.
    assert!(found.contains("project.documents.tender.version"));
    for doc in outsec::model::project::DocumentName::ALL {
        let field = format!("project.documents.{}.version", doc.stem());
        if doc.stem() != "tender" && !found.contains(&field) {
            others.insert(field);
        }
    }
    assert_eq!(
        schema.difference(&found).collect::<BTreeSet<_>>(),
        others.iter().collect(),
        "text fields of the schema that the example does not reach"
    );
    assert!(found.len() > 100, "{} fields: {found:#?}", found.len());
    assert!(leaves.len() > 400, "{} strings", leaves.len());
}

/// The Markdown dialect of the documents.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// Whether a browser would follow a link to `dest` only to a web page, a
/// mail or phone number, or within the pack (no script, no data, no host
/// without a scheme). Read as a browser reads it, and stricter: without
/// any space or control character, and without the invisible characters
/// that a document loses (a reference to one in the Markdown is decoded
/// in `dest`).
fn safe_address(dest: &str) -> bool {
    let d: String = dest
        .chars()
        .filter(|&c| !(c.is_whitespace() || c.is_control() || invisible(c)))
        .collect::<String>()
        .to_ascii_lowercase();
    let mut start = d.chars();
    if matches!(
        (start.next(), start.next()),
        (Some('/' | '\\'), Some('/' | '\\'))
    ) {
        return false;
    }
    match d.split_once(':') {
        Some((scheme, _))
            if scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            ["http", "https", "mailto", "tel"].contains(&scheme)
        }
        _ => true,
    }
}

/// An attribute value as the browser reads it: character references
/// decoded. The HTML writer uses only a few; any other fails the test.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').expect("a character reference ends with `;`");
        let name = &rest[1..end];
        let c = match name {
            "amp" => '&',
            "quot" => '"',
            "lt" => '<',
            "gt" => '>',
            "apos" => '\'',
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                char::from_u32(u32::from_str_radix(&name[2..], 16).unwrap()).unwrap()
            }
            _ if name.starts_with('#') => char::from_u32(name[1..].parse().unwrap()).unwrap(),
            _ => panic!("an unexpected character reference `&{name};` in `{value}`"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A heading of a document: its level and first word (the section number
/// or id; the rest may be text from the inputs).
type Heading = (u8, String);

/// Checks one Markdown document and returns its headings.
fn check_markdown(name: &str, text: &str) -> Vec<Heading> {
    let github = outsec::field::github_view(text);
    for (event, range) in Parser::new_ext(&github, options()).into_offset_iter() {
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            panic!("{name}: raw HTML on GitHub: {:?}", &github[range]);
        }
    }
    let mut headings = Vec::new();
    let mut heading: Option<(u8, String)> = None;
    let mut code = 0;
    let mut events = Parser::new_ext(text, options()).into_offset_iter();
    for (event, range) in events.by_ref() {
        let at = || format!("{name}: {:?}", &text[range.clone()]);
        match &event {
            Event::Start(Tag::CodeBlock(kind)) => {
                code += 1;
                if let pulldown_cmark::CodeBlockKind::Fenced(info) = kind {
                    assert!(
                        !info.contains(invisible),
                        "an invisible info string in {}",
                        at()
                    );
                }
            }
            Event::End(TagEnd::CodeBlock) => code -= 1,
            Event::Text(t) if code == 0 => {
                assert!(
                    !text[range.clone()].contains('<'),
                    "a `<` as text in {}",
                    at()
                );
                assert!(!t.contains(invisible), "an invisible character in {}", at());
            }
            _ => {}
        }
        match &event {
            Event::Html(_) | Event::InlineHtml(_) => panic!("raw HTML in {}", at()),
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                panic!("a footnote in {}", at())
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                assert!(
                    *link_type == LinkType::Email || safe_address(dest_url),
                    "an unsafe link in {}",
                    at()
                );
                assert!(
                    !dest_url.contains(invisible) && !title.contains(invisible),
                    "an invisible character in {}",
                    at()
                );
            }
            Event::Start(Tag::Image { dest_url, .. }) => assert!(
                dest_url.starts_with("data:image/png;base64,"),
                "an image that loads in {}",
                at()
            ),
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((*level as u8, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = &mut heading {
                    s.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, s) = heading.take().unwrap();
                let first = s.split_whitespace().next().unwrap_or_default().to_string();
                headings.push((level, first));
            }
            _ => {}
        }
    }
    let defs: Vec<_> = events
        .reference_definitions()
        .iter()
        .map(|(l, _)| l.to_string())
        .collect();
    assert!(defs.is_empty(), "{name}: reference definitions {defs:?}");
    headings
}

/// Checks one HTML page and returns its table of contents: level and first
/// word of each entry.
fn check_html(name: &str, page: &str) -> Vec<Heading> {
    let lower = page.to_ascii_lowercase();
    for tag in [
        "<script",
        "<iframe",
        "<img",
        "<object",
        "<embed",
        "<svg",
        "<math",
        "<form",
        "<input",
        "<button",
        "<link",
        "<base",
        "<frame",
        "<video",
        "<audio",
        "<source",
        "<!--",
        "http-equiv",
    ] {
        assert!(!lower.contains(tag), "{name}: {tag}");
    }
    assert_eq!(lower.matches("<style").count(), 1, "{name}: <style");
    // Text and attribute values have `<` and `"` escaped: every `<` starts
    // a tag of the page.
    let mut rest = page;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        for (key, value) in attributes(tag) {
            assert!(!key.starts_with("on"), "{name}: <{tag}>");
            if matches!(
                key.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) {
                assert!(safe_address(&unescape(value)), "{name}: <{tag}>");
            }
        }
    }
    let nav = &page[page.find("<nav class=\"toc\"").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    nav.split("<li class=\"toc-")
        .skip(1)
        .map(|entry| {
            let level = entry[..1].parse().unwrap();
            let text = &entry[entry.find("\">").unwrap() + 2..];
            let text = &text[text.find('>').unwrap() + 1..];
            let text = &text[..text.find("</a>").unwrap()];
            (
                level,
                text.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

/// The attributes of a tag (the text between `<` and `>`), names in lower
/// case.
fn attributes(tag: &str) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let key = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, r) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..close], &after[(close + 1).min(after.len())..])
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v;
            rest = r;
        }
        out.push((key, value));
    }
}

/// The characters no output may hold (see `outsec::text::forbidden`):
/// controls but tab and line break, the bidi controls, and every
/// default-ignorable code point but the variation selectors.
fn invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00..=0x08
            | 0x0B..=0x0C
            | 0x0E..=0x1F
            | 0x7F..=0x9F
            | 0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE00FF
            | 0xE01F0..=0xE0FFF
    )
}

/// What one document set (an output folder, a pack) shows: per document,
/// the headings of its Markdown and the table of contents of its HTML.
#[derive(Debug, PartialEq)]
struct Outline {
    markdown: BTreeMap<String, Vec<Heading>>,
    toc: BTreeMap<String, Vec<Heading>>,
}

/// Checks every file of a build, its packs and their zips, and returns the
/// outline of each.
fn check_all(out: &Path) -> BTreeMap<String, Outline> {
    let mut sets: BTreeMap<String, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
    for (path, bytes) in snapshot_tree(out) {
        if path.ends_with(".zip") {
            // Named after the project's version, which holds an attack.
            let zip = if path.starts_with("tender-pack-nda") {
                "tender-pack-nda"
            } else {
                "tender-pack"
            };
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for i in 0..archive.len() {
                let mut entry = archive.by_index(i).unwrap();
                let mut content = Vec::new();
                entry.read_to_end(&mut content).unwrap();
                let entry_name = entry.name().unwrap().to_string();
                let (_, file) = entry_name.split_once('/').unwrap();
                sets.entry(format!("{zip}.zip"))
                    .or_default()
                    .insert(file.to_string(), content);
            }
        } else {
            let (set, file) = path.rsplit_once('/').unwrap_or((".", path.as_str()));
            sets.entry(set.to_string())
                .or_default()
                .insert(file.to_string(), bytes);
        }
    }
    let mut outlines = BTreeMap::new();
    for (set, files) in sets {
        let mut outline = Outline {
            markdown: BTreeMap::new(),
            toc: BTreeMap::new(),
        };
        for (file, bytes) in files {
            // A workbook is a zip of XML; its texts are the cleaned ones
            // the CSV holds, which is checked here.
            if file.ends_with(".xlsx") {
                continue;
            }
            let name = format!("{set}/{file}");
            let text = String::from_utf8(bytes).unwrap();
            let body = if file.ends_with(".csv") {
                text.strip_prefix('\u{feff}').unwrap()
            } else {
                &text
            };
            if let Some(c) = body.chars().find(|&c| invisible(c)) {
                panic!("{name}: U+{:04X}", c as u32);
            }
            if file.ends_with(".md") {
                outline.markdown.insert(file, check_markdown(&name, &text));
            } else if file.ends_with(".html") {
                outline.toc.insert(file, check_html(&name, &text));
            }
        }
        outlines.insert(set, outline);
    }
    outlines
}

fn run(command: &str, inputs: &Path, out: &Path) {
    let result = outsec()
        .args([command, "-i"])
        .arg(inputs)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// The outline of the clean example, built and packed.
fn clean() -> &'static BTreeMap<String, Outline> {
    static CLEAN: std::sync::OnceLock<BTreeMap<String, Outline>> = std::sync::OnceLock::new();
    CLEAN.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        run("build", &example(), &out);
        let released = tmp.path().join("released");
        released_copy(&example(), &released);
        run("pack", &released, &out);
        check_all(&out)
    })
}

/// Plants `attack(field)` into every free-text string, builds and packs,
/// and checks every file against the clean example.
fn attack(what: &str, attack: &dyn Fn(&Leaf) -> String) {
    let (example, leaves) = fields();
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    let leaves: Vec<&Leaf> = leaves.iter().collect();
    example.write(&inputs, &leaves, &|n| attack(leaves[n]));
    let out = tmp.path().join("out");
    run("build", &inputs, &out);
    let released = tmp.path().join("released");
    released_copy(&inputs, &released);
    run("pack", &released, &out);
    let tender = read(&out, "tender.md");
    assert!(
        tender.contains("Marker"),
        "{what}: the attack is not in the tender"
    );
    let outlines = check_all(&out);
    let clean = clean();
    assert_eq!(
        outlines.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (set, outline) in &outlines {
        for (file, headings) in &outline.markdown {
            assert_eq!(
                headings, &clean[set].markdown[file],
                "{what}: the headings of {set}/{file}"
            );
        }
        for (file, toc) in &outline.toc {
            assert_eq!(
                toc, &clean[set].toc[file],
                "{what}: the table of contents of {set}/{file}"
            );
        }
        assert_eq!(outline, &clean[set], "{what}: {set}");
    }
}

#[test]
fn raw_html_in_every_field_is_text() {
    attack("raw HTML", &|_| {
        "Marker <img src=https://tracker.example/beacon.gif> and \
         <script>alert(1)</script> <iframe src=https://evil.example/></iframe> \
         <a href=\"javascript:alert(2)\">click</a> <svg onload=alert(3)> \
         <IMG SRC=x onerror=alert(4)> <style>body{display:none}</style>\n\n\
         <div onclick=alert(5)>\nblock *text*\n</div>\n\nafter <!-- an unclosed comment"
            .into()
    });
}

#[test]
fn unsafe_links_in_every_field_lose_their_address() {
    attack("links", &|_| {
        "Marker [a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) \
         [c](<java\tscript:alert(3)>) [d](data:text/html;base64,PHNjcmlwdD4=) \
         [e](//evil.example/x) [f](<\\\\evil.example\\share>) [g](vbscript:msgbox) \
         [h]( javascript:alert(4)) <javascript:alert(5)> <JAVASCRIPT:alert(6)> \
         ![beacon](https://tracker.example/b.gif) ![svg](data:image/svg+xml;base64,PHN2Zz4=) \
         ![rel](//evil.example/p.png) [i][evil] [evil]\n\n[evil]: javascript:alert(7)\n\
         [ok]: https://ok.example"
            .into()
    });
}

#[test]
fn headings_and_an_unclosed_backtick_fence_stay_in_their_field() {
    attack("headings and ```", &|_| {
        "Marker\n\n# Injected chapter\n\n## 99 Injected section\n\n### 99.1 Injected\n\n\
         Setext chapter\n==============\n\nSetext section\n--------------\n\n\
         - # in a list\n\n> ## in a quote\n\n```\nan unclosed fence"
            .into()
    });
}

#[test]
fn an_unclosed_tilde_fence_or_html_block_stays_in_its_field() {
    attack("~~~ and <script>", &|leaf| {
        if leaf.even() {
            "Marker[^1]\n\n[^1]: a footnote\n\n~~~~ text\nan unclosed tilde fence".into()
        } else {
            "Marker\n\n<script>\n\n## 99 not a heading\n\nno end".into()
        }
    });
}

#[test]
fn a_reference_defined_in_one_field_reaches_no_other() {
    attack("definitions across fields", &|leaf| {
        if leaf.even() {
            "Marker\n\n[shared]: javascript:alert(1)\n[other]: //evil.example/x\n[^shared]: note"
                .into()
        } else {
            "Marker [click][shared] [other] [^shared] ![img][other]".into()
        }
    });
}

#[test]
fn bidi_and_zero_width_characters_are_dropped_from_every_format() {
    attack("invisible characters", &|_| {
        "Marker a\u{202E}desrever\u{202C} b\u{2066}isolated\u{2069} \u{2067}x\u{2069}\u{2068}y\u{2069} \
         c\u{200B}d\u{200C}e\u{200D}f\u{2060}g\u{FEFF}h \u{202A}\u{202B}\u{202D}\u{200E}\u{200F}\u{061C} \
         tag\u{E0041}\u{E007F} <\u{200B}script>alert(1)</script> [x](java\u{200B}script:alert(2)) \
         \u{200B}=HYPERLINK(\"https://evil.example\")"
            .into()
    });
}

#[test]
fn a_scheme_behind_a_reference_or_an_invisible_character_is_still_seen() {
    attack("schemes behind references", &|_| {
        "Marker [a](&#x200B;javascript:alert(1)) [b](\u{200B}javascript:alert(2)) \
         [c](\u{AD}javascript:alert(3)) [d](java&#x0A;script:alert(4)) [e](&#106;avascript:alert(5)) \
         [f](javascript&colon;alert(6)) [g](&shy;javascript:alert(7)) \
         [h](&ZeroWidthSpace;javascript:alert(8)) [i](\u{3164}java\u{FFA0}script:alert(9)) \
         [j](<&#x200B;javascript:alert(10)>) [k](java&Tab;script:alert(11)) [l][p] [p] \
         ![m](&#x200B;javascript:alert(12)) [n](&#x200B;//evil.example/x) \
         [o](&#x200B;data:text/html;base64,PHNjcmlwdD4=)\n\n[p]: &#x200B;javascript:alert(13)"
            .into()
    });
}

#[test]
fn a_less_than_sign_after_a_bare_address_starts_no_tag() {
    attack("< after bare addresses", &|leaf| {
        if leaf.even() {
            "Marker https://example.org\\<img src=x onerror=alert(1)> \
             www.example.org\\<img src=x onerror=alert(2)> https://example.org\\<script>alert(3)</script> \
             https://example.org`<img src=x onerror=alert(4)>` (www.example.org`<b>`) a < b \\<c>"
                .into()
        } else {
            "Marker https://example.org[a](<img src=x onerror=alert(1)>) \
             https://example.org[b](x \"<img src=x onerror=alert(2)>\") https://example.org[c][r] \
             HTTPS://example.org\\\\\\<img src=x onerror=alert(3)>\n\n\
             [r]: <img src=x onerror=alert(4)>"
                .into()
        }
    });
}

#[test]
fn references_to_invisible_characters_are_dropped_from_every_format() {
    attack("references to invisible characters", &|_| {
        "Marker a&#x202E;b &#8238;c &ZeroWidthSpace;d &lrm;e &rlm;f &zwj;g &zwnj;h &shy;i \
         &NoBreak;j &#x85;k &#x2066;l&#x2069; [m&shy;](https://ok.example/&#x200B; \"t&lrm;\") \
         <https://ok.example/&#x202E;> ![n&shy;](https://ok.example/p&#x200B;.png) \
         \u{AD}\u{34F}\u{115F}\u{1160}\u{17B4}\u{180B}\u{206A}\u{3164}\u{FFA0}\u{FFF0}\u{1D173}\u{E0001}o \
         `&shy; in code`\n\n```&shy;rust\ncode &lrm;\n```"
            .into()
    });
}

#[test]
fn references_with_extra_zeros_and_bare_xmpp_addresses_are_text() {
    // cmark-gfm (GitHub) decodes numeric references of up to 8 digits and
    // links bare `xmpp:` addresses; every document must show them as text.
    attack("references with extra zeros, xmpp", &|_| {
        "Marker [d](&#x000006A;avascript:alert(1)) [x](javascript&#x000003A;alert(2)) \
         [h](&#x0000002F;&#x0000002F;evil.example) ![i](&#x0000064;ata:image/svg+xml,x) \
         RLO&#x0000202E;gnp.exe a&#00000173;b xmpp:evil@example.org XMPP:x@y.example"
            .into()
    });
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/minimal"), tmp.path());
    let p = tmp.path().join("project.yaml");
    let text = std::fs::read_to_string(&p).unwrap().replace(
        "    text: Every backup is encrypted.",
        "    text: \"[d](&#x000006A;avascript:alert(1)) RLO&#x0000202E;gnp xmpp:evil@example.org\"",
    );
    std::fs::write(&p, text).unwrap();
    let (_out_tmp, out) = build(tmp.path());
    let tender = read(&out, "tender.md");
    assert!(!tender.contains("avascript"), "{tender}");
    assert!(
        tender.contains("RLO&amp;#x0000202E;gnp xmpp\\:evil@example.org"),
        "{tender}"
    );
}
