//! External catalogues in OSCAL 1.1 JSON: a catalog, and optionally a
//! profile that selects controls from it. Nothing is ever fetched: a
//! profile's import is resolved to a catalogue given on the command line or
//! in `project.catalogs`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Catalog, Item, Kind, Text};
use crate::diag::Diagnostic;

/// A catalogue file, with the prefix its controls are cited with.
#[derive(Clone, Debug)]
pub struct CatalogSpec {
    pub path: PathBuf,
    pub prefix: String,
}

impl CatalogSpec {
    /// Reads `PREFIX=path` or a bare path; a bare path's prefix is the first
    /// word of the file name in upper case (`grundschutz-catalog.json` → `GRUNDSCHUTZ`).
    pub fn parse(text: &str) -> CatalogSpec {
        if let Some((prefix, path)) = text.split_once('=')
            && !prefix.is_empty()
            && prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return CatalogSpec {
                path: PathBuf::from(path),
                prefix: prefix.to_uppercase(),
            };
        }
        let path = PathBuf::from(text);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let word: String = stem
            .split(['-', '_', '.', ' '])
            .next()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let prefix = if word.is_empty() {
            "EXT".to_string()
        } else {
            word.to_uppercase()
        };
        CatalogSpec { path, prefix }
    }
}

/// Loads external catalogues and profiles (told apart by their content) and
/// applies the profiles to the catalogues.
pub fn load(files: &[CatalogSpec]) -> Result<Vec<Catalog>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut catalogs = Vec::new();
    let mut catalog_specs = Vec::new();
    let mut profiles = Vec::new();
    for spec in files {
        match read_json(&spec.path) {
            Ok(v) if v.get("profile").is_some() => profiles.push((spec, v)),
            Ok(v) => match catalog(&spec.path, &v, &spec.prefix) {
                Ok(c) => {
                    catalogs.push(c);
                    catalog_specs.push(spec.clone());
                }
                Err(d) => errors.push(d),
            },
            Err(d) => errors.push(d),
        }
    }
    for (spec, v) in profiles {
        if let Err(d) = apply_profile(&spec.path, &v, &catalog_specs, &mut catalogs) {
            errors.push(d);
        }
    }
    let mut prefixes = std::collections::BTreeMap::new();
    for (c, spec) in catalogs.iter().zip(&catalog_specs) {
        if let Some(first) = prefixes.insert(c.id.clone(), spec.path.clone()) {
            errors.push(
                fail(
                    &spec.path,
                    format!(
                        "uses the prefix `{}`, which `{}` uses too",
                        c.id,
                        first.display()
                    ),
                )
                .help("give each catalogue its own prefix: `PREFIX=path`"),
            );
        }
    }
    if errors.is_empty() {
        Ok(catalogs)
    } else {
        Err(errors)
    }
}

fn fail(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(
        "OS-CAT-004",
        format!("{}: {}", path.display(), message.into()),
    )
}

fn read_json(path: &Path) -> Result<Value, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        fail(path, format!("cannot read the file: {e}"))
            .help("give the path of an OSCAL JSON file that exists, relative to the working directory (on the command line) or to the input folder (in `project.catalogs`)")
    })?;
    serde_json::from_str(&text).map_err(|e| {
        fail(path, format!("is not valid JSON: {e}"))
            .help("outsec reads OSCAL catalogues and profiles in their JSON form; convert XML or YAML with oscal-cli first")
    })
}

/// Reads an OSCAL catalog: every control in every group, at any depth, and
/// every control nested in another.
fn catalog(path: &Path, root: &Value, prefix: &str) -> Result<Catalog, Diagnostic> {
    let Some(cat) = root.get("catalog") else {
        let what = if root.get("profile").is_some() {
            "is an OSCAL profile, not a catalog: give it with `--profile`"
        } else {
            "has no `catalog` object at the top, so it is not an OSCAL catalog"
        };
        return Err(fail(path, what));
    };
    let title = cat
        .pointer("/metadata/title")
        .and_then(Value::as_str)
        .unwrap_or("OSCAL catalog")
        .to_string();
    let mut items = Vec::new();
    collect(cat, &mut items);
    if items.is_empty() {
        return Err(fail(path, "holds no controls")
            .help("check that the file is a complete OSCAL catalog with `groups` and `controls`"));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Catalog {
        id: prefix.to_string(),
        title: Text {
            en: title.clone(),
            de: title,
        },
        source: file_name,
        kind: Kind::External,
        prefix: Some(prefix.to_string()),
        items,
        selected: None,
    })
}

fn collect(node: &Value, items: &mut Vec<Item>) {
    for group in node
        .get("groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect(group, items);
    }
    for control in node
        .get("controls")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(id) = control.get("id").and_then(Value::as_str) {
            let title = control
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or(id)
                .to_string();
            items.push(Item {
                id: id.to_string(),
                title: Text {
                    en: title.clone(),
                    de: title,
                },
                level: None,
                points: None,
                addressed_by: None,
            });
        }
        collect(control, items);
    }
}

/// Applies a profile's imports to the loaded catalogues: each import is
/// resolved to a catalogue by the file name at the end of its href, or to
/// the only catalogue loaded.
fn apply_profile(
    path: &Path,
    root: &Value,
    specs: &[CatalogSpec],
    catalogs: &mut [Catalog],
) -> Result<(), Diagnostic> {
    let Some(profile) = root.get("profile") else {
        let what = if root.get("catalog").is_some() {
            "is an OSCAL catalog, not a profile: give it with `--catalog`"
        } else {
            "has no `profile` object at the top, so it is not an OSCAL profile"
        };
        return Err(fail(path, what));
    };
    let imports = profile
        .get("imports")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty());
    let Some(imports) = imports else {
        return Err(fail(path, "has no `imports`, so it selects nothing"));
    };
    for import in imports {
        let href = import.get("href").and_then(Value::as_str).unwrap_or("");
        let href = resolve_back_matter(profile, href);
        let wanted = file_name_of(&href);
        let index = specs
            .iter()
            .position(|s| {
                s.path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy() == wanted)
            })
            .or_else(|| {
                specs.iter().position(|s| {
                    s.path
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case(&wanted))
                })
            })
            .or_else(|| (specs.len() == 1).then_some(0));
        let Some(index) = index.filter(|i| *i < catalogs.len()) else {
            let loaded: Vec<String> = specs.iter().map(|s| s.path.display().to_string()).collect();
            return Err(fail(path, format!("imports `{href}`, which matches none of the catalogues loaded ({})", if loaded.is_empty() { "none".to_string() } else { loaded.join(", ") }))
                .help(format!("outsec never downloads anything: save the catalogue `{wanted}` and give it with `--catalog PREFIX={wanted}` (or in `project.catalogs`)")));
        };
        let catalog = &mut catalogs[index];
        let all: Vec<String> = catalog.items.iter().map(|i| i.id.to_uppercase()).collect();
        let mut chosen: BTreeSet<String> = BTreeSet::new();
        if import.get("include-all").is_some() {
            chosen.extend(all.iter().cloned());
        }
        for inc in import
            .get("include-controls")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            chosen.extend(select(inc, &all));
        }
        for exc in import
            .get("exclude-controls")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            for id in select(exc, &all) {
                chosen.remove(&id);
            }
        }
        let unknown: Vec<&String> = chosen.iter().filter(|id| !all.contains(id)).collect();
        if let Some(first) = unknown.first() {
            return Err(fail(path, format!("selects the control `{first}`, which the catalogue `{}` does not hold ({} unknown in all)", catalog.source, unknown.len()))
                .help("check that the profile belongs to this catalogue and that both are of the same release"));
        }
        let selected = catalog.selected.get_or_insert_with(Vec::new);
        selected.extend(chosen);
        selected.sort();
        selected.dedup();
    }
    Ok(())
}

/// The control ids an `include-controls` or `exclude-controls` entry names.
fn select(entry: &Value, all: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = entry
        .get("with-ids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_uppercase)
        .collect();
    for m in entry
        .get("matching")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(pattern) = m.get("pattern").and_then(Value::as_str) {
            ids.extend(
                all.iter()
                    .filter(|id| glob(&pattern.to_uppercase(), id))
                    .cloned(),
            );
        }
    }
    if entry.get("with-child-controls").and_then(Value::as_str) == Some("yes") {
        let parents = ids.clone();
        ids.extend(
            all.iter()
                .filter(|id| parents.iter().any(|p| id.starts_with(&format!("{p}."))))
                .cloned(),
        );
    }
    ids
}

/// `*` and `?` wildcards, as OSCAL's `matching` patterns use them.
fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char]) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (Some('*'), _) => go(&p[1..], t) || (!t.is_empty() && go(p, &t[1..])),
            (Some('?'), Some(_)) => go(&p[1..], &t[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &t[1..]),
            _ => false,
        }
    }
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    go(&p, &t)
}

/// An import href of the form `#uuid` points into the profile's back matter.
fn resolve_back_matter(profile: &Value, href: &str) -> String {
    let Some(uuid) = href.strip_prefix('#') else {
        return href.to_string();
    };
    profile
        .pointer("/back-matter/resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|r| r.get("uuid").and_then(Value::as_str) == Some(uuid))
        .and_then(|r| r.pointer("/rlinks/0/href").and_then(Value::as_str))
        .unwrap_or(href)
        .to_string()
}

/// The file name at the end of an href, percent-decoded.
fn file_name_of(href: &str) -> String {
    let last = href
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("");
    let bytes = last.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&last[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_to_decoded_file_names() {
        assert_eq!(
            file_name_of("https://example.org/x/Grundschutz%2B%2B-Kompendium.json"),
            "Grundschutz++-Kompendium.json"
        );
        assert_eq!(file_name_of("catalog.json"), "catalog.json");
    }

    #[test]
    fn prefixes_come_from_the_spec_or_the_file_name() {
        assert_eq!(CatalogSpec::parse("GSPP=dir/gs.json").prefix, "GSPP");
        assert_eq!(
            CatalogSpec::parse("dir/grundschutz-catalog.json").prefix,
            "GRUNDSCHUTZ"
        );
    }

    #[test]
    fn glob_patterns() {
        assert!(glob("DLS.3.*", "DLS.3.1"));
        assert!(!glob("DLS.3.?", "DLS.3.10"));
    }
}
