//! External catalogues in OSCAL 1.1 JSON: a catalog, and optionally a
//! profile that selects controls from it. Nothing is ever fetched: a
//! profile's import is resolved to a catalogue given on the command line or
//! in `project.catalogs`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Catalog, Item, Kind, Text};
use crate::check::rules;
use crate::diag::Diagnostic;

/// A catalogue file, with the prefix its controls are cited with.
#[derive(Clone, Debug)]
pub struct CatalogSpec {
    /// The file on disk; for a file of a git revision, its name for
    /// messages (`REV:path`).
    pub path: PathBuf,
    pub prefix: String,
    /// A file of a git revision (`--rev`), by its path relative to the
    /// input folder; read from there instead of from disk.
    pub from: Option<(std::rc::Rc<crate::source::Revision>, PathBuf)>,
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
                from: None,
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
        CatalogSpec {
            path,
            prefix,
            from: None,
        }
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
        match read_json(spec) {
            Ok(root) => match root.profile {
                Some(profile) => profiles.push((spec, profile)),
                None => match catalog(&spec.path, root.catalog, &spec.prefix) {
                    Ok(c) => {
                        catalogs.push(c);
                        catalog_specs.push(spec.clone());
                    }
                    Err(d) => errors.push(d),
                },
            },
            Err(d) => errors.push(d),
        }
    }
    for (spec, profile) in profiles {
        if let Err(d) = apply_profile(&spec.path, &profile, &catalog_specs, &mut catalogs) {
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
    Diagnostic::new(
        &rules::OS_CAT_004,
        format!("{}: {}", path.display(), message.into()),
    )
}

/// Largest OSCAL catalogue or profile outsec reads: well above the size of
/// the catalogues it is meant for, which are a few MB of JSON.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Most entries that the lists outsec keeps of one OSCAL file (groups,
/// controls, imports, selected ids, patterns, back-matter resources and
/// their links) may hold together: far more than the catalogues outsec is
/// meant for hold (NIST SP 800-53 has some 1 200 controls and enhancements).
/// Everything else in the file (parts, props, params, links) is skipped as
/// it is read and costs no memory.
pub const MAX_ENTRIES: usize = 100_000;

/// Most character comparisons a profile's `matching` patterns may cost:
/// the length of every pattern times the length of every control id.
pub const MAX_MATCH_WORK: u64 = 100_000_000;

const WHERE: &str = "give the path of an OSCAL JSON file, relative to the working directory (on the command line) or to the input folder (in `project.catalogs`)";

/// Reads a catalogue or profile. Only a regular file of at most
/// [`MAX_FILE_BYTES`] is read: a named pipe would block, and a device such as
/// `/dev/zero` never ends. Only the parts outsec uses are kept (see
/// [`json`]), so memory stays a small multiple of the file's size.
fn read_json(spec: &CatalogSpec) -> Result<json::Root, Diagnostic> {
    let path = spec.path.as_path();
    let unreadable =
        |e: std::io::Error| fail(path, format!("cannot read the file: {e}")).help(WHERE);
    let read = match &spec.from {
        Some((revision, relative)) => revision
            .read_relative(relative, MAX_FILE_BYTES)
            .1
            .map_err(|e| fail(path, e.to_string()).help(WHERE))?,
        None => {
            let meta = std::fs::metadata(path).map_err(unreadable)?;
            if meta.is_dir() {
                return Err(fail(path, "is a folder, not a file").help(WHERE));
            }
            if !meta.is_file() {
                return Err(fail(
                    path,
                    "is not a regular file (a named pipe, socket or device) and was not read",
                )
                .help(WHERE));
            }
            crate::load::read_capped(path, MAX_FILE_BYTES).map_err(unreadable)?
        }
    };
    let Some(bytes) = read else {
        return Err(fail(
            path,
            format!(
                "is larger than {} MiB and was not read",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        )
        .help("check that the path names the OSCAL catalogue or profile you mean: no published catalogue comes near this size"));
    };
    // A byte-order mark is harmless, though JSON does not allow one.
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    json::parse(text).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Syntax | Category::Eof | Category::Io => fail(path, format!("is not valid JSON: {e}"))
                .help("outsec reads OSCAL catalogues and profiles in their JSON form; convert XML or YAML with oscal-cli first"),
            Category::Data => fail(path, format!("cannot be read as OSCAL: {e}"))
                .help("check that the file is an OSCAL 1.1 catalog or profile in JSON, as oscal-cli validates it"),
        }
    })
}

/// The parts of an OSCAL file that outsec uses, read leniently: a value of
/// an unexpected type counts as absent, as it did when the file was read
/// into a `serde_json::Value`, but nothing else is kept.
mod json {
    use std::cell::Cell;
    use std::fmt;
    use std::marker::PhantomData;

    use serde::Deserialize;
    use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    use super::MAX_ENTRIES;

    thread_local! {
        /// List entries kept of the file being read, against [`MAX_ENTRIES`].
        static ENTRIES: Cell<usize> = const { Cell::new(0) };
    }

    /// Reads one file, with a fresh entry budget.
    pub(super) fn parse(bytes: &[u8]) -> serde_json::Result<Root> {
        ENTRIES.with(|n| n.set(0));
        let root: Obj<Root> = serde_json::from_slice(bytes)?;
        Ok(root.0.unwrap_or_default())
    }

    #[derive(Default, Deserialize)]
    #[serde(default)]
    pub(super) struct Root {
        pub catalog: Option<Obj<Node>>,
        pub profile: Option<Obj<Profile>>,
    }

    /// A catalog, group or control.
    #[derive(Default, Deserialize)]
    #[serde(default)]
    pub(super) struct Node {
        pub id: Str,
        pub title: Str,
        pub metadata: Obj<Metadata>,
        pub groups: Objects<Node>,
        pub controls: Objects<Node>,
    }

    #[derive(Default, Deserialize)]
    #[serde(default)]
    pub(super) struct Metadata {
        pub title: Str,
    }

    #[derive(Default, Deserialize)]
    #[serde(default, rename_all = "kebab-case")]
    pub(super) struct Profile {
        pub imports: Objects<Import>,
        pub back_matter: Obj<BackMatter>,
    }

    #[derive(Default, Deserialize)]
    #[serde(default, rename_all = "kebab-case")]
    pub(super) struct Import {
        pub href: Str,
        pub include_all: Present,
        pub include_controls: Objects<Selection>,
        pub exclude_controls: Objects<Selection>,
    }

    #[derive(Default, Deserialize)]
    #[serde(default, rename_all = "kebab-case")]
    pub(super) struct Selection {
        pub with_ids: Strings,
        pub matching: Objects<Matching>,
        pub with_child_controls: Str,
    }

    #[derive(Default, Deserialize)]
    #[serde(default)]
    pub(super) struct Matching {
        pub pattern: Str,
    }

    #[derive(Default, Deserialize)]
    #[serde(default)]
    pub(super) struct BackMatter {
        pub resources: Objects<Resource>,
    }

    #[derive(Default, Deserialize)]
    #[serde(default)]
    pub(super) struct Resource {
        pub uuid: Str,
        pub rlinks: Objects<Link>,
    }

    #[derive(Default, Deserialize)]
    #[serde(default)]
    pub(super) struct Link {
        pub href: Str,
    }

    /// A string; any other value counts as none.
    #[derive(Default)]
    pub(super) struct Str(pub Option<String>);

    /// An object of the shape `T`; any other value counts as none.
    pub(super) struct Obj<T>(pub Option<T>);

    /// The objects of a list; other entries, and any other value, are skipped.
    pub(super) struct Objects<T>(pub Vec<T>);

    /// The strings of a list; other entries, and any other value, are skipped.
    #[derive(Default)]
    pub(super) struct Strings(pub Vec<String>);

    /// Whether a key is there, whatever its value.
    #[derive(Default)]
    pub(super) struct Present(pub bool);

    impl<T> Default for Obj<T> {
        fn default() -> Self {
            Obj(None)
        }
    }

    impl<T> Default for Objects<T> {
        fn default() -> Self {
            Objects(Vec::new())
        }
    }

    /// How a lenient value is made from each kind of JSON value; scalars
    /// (and whatever a type does not take) give the default.
    trait Shape<'de>: Default {
        fn string(_: &str) -> Self {
            Self::default()
        }
        fn list<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Self::default())
        }
        fn object<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Self::default())
        }
    }

    struct Lenient<T>(PhantomData<T>);

    impl<'de, T: Shape<'de>> Visitor<'de> for Lenient<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<T, E> {
            Ok(T::default())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<T, E> {
            Ok(T::default())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<T, E> {
            Ok(T::default())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<T, E> {
            Ok(T::default())
        }
        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            Ok(T::default())
        }
        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            Ok(T::default())
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::string(v))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
            T::list(seq)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::object(map)
        }
    }

    /// Counts one more list entry kept, and fails past [`MAX_ENTRIES`].
    fn count<E: de::Error>() -> Result<(), E> {
        let n = ENTRIES.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        if n > MAX_ENTRIES {
            return Err(E::custom(format!(
                "the file holds more than {MAX_ENTRIES} groups, controls, imports, ids and other list entries (the most outsec reads of one file); the first one too many is"
            )));
        }
        Ok(())
    }

    impl Shape<'_> for Str {
        fn string(s: &str) -> Self {
            Str(Some(s.to_string()))
        }
    }

    impl<'de, T: Default + Deserialize<'de>> Shape<'de> for Obj<T> {
        fn object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| Obj(Some(t)))
        }
    }

    impl<'de, T: Default + Deserialize<'de>> Shape<'de> for Objects<T> {
        fn list<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = seq.next_element::<Obj<T>>()? {
                if let Some(t) = entry.0 {
                    count::<A::Error>()?;
                    out.push(t);
                }
            }
            Ok(Objects(out))
        }
    }

    impl<'de> Shape<'de> for Strings {
        fn list<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = seq.next_element::<Str>()? {
                if let Some(s) = entry.0 {
                    count::<A::Error>()?;
                    out.push(s);
                }
            }
            Ok(Strings(out))
        }
    }

    macro_rules! lenient {
        ($($t:ty $(where $p:ident)?),*) => {$(
            impl<'de $(, $p: Default + Deserialize<'de>)?> Deserialize<'de> for $t {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    d.deserialize_any(Lenient::<Self>(PhantomData))
                }
            }
        )*};
    }
    lenient!(Str, Strings, Obj<T> where T, Objects<T> where T);

    impl<'de> Deserialize<'de> for Present {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            IgnoredAny::deserialize(d).map(|_| Present(true))
        }
    }
}

/// Reads an OSCAL catalog: every control in every group, at any depth, and
/// every control nested in another.
fn catalog(
    path: &Path,
    root: Option<json::Obj<json::Node>>,
    prefix: &str,
) -> Result<Catalog, Diagnostic> {
    let Some(cat) = root else {
        return Err(fail(
            path,
            "has no `catalog` object at the top, so it is not an OSCAL catalog",
        ));
    };
    let cat = cat.0.unwrap_or_default();
    let title = cat
        .metadata
        .0
        .as_ref()
        .and_then(|m| m.title.0.clone())
        .unwrap_or_else(|| "OSCAL catalog".to_string());
    let mut items = Vec::new();
    collect(&cat, &mut items);
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

/// The controls of a node's groups, then its own controls, each followed by
/// the controls nested in it. The depth is bounded by the JSON reader's
/// nesting limit.
fn collect(node: &json::Node, items: &mut Vec<Item>) {
    for group in &node.groups.0 {
        collect(group, items);
    }
    for control in &node.controls.0 {
        if let Some(id) = &control.id.0 {
            let title = control.title.0.clone().unwrap_or_else(|| id.clone());
            items.push(Item {
                id: id.clone(),
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

/// A catalogue's control ids in upper case, as a profile selects them.
struct Ids {
    list: Vec<String>,
    set: HashSet<String>,
    /// The characters of every id together, for the cost of `matching`.
    chars: u64,
}

impl Ids {
    fn of(catalog: &Catalog) -> Ids {
        let list: Vec<String> = catalog.items.iter().map(|i| i.id.to_uppercase()).collect();
        let chars = list.iter().map(|id| id.chars().count() as u64).sum();
        Ids {
            set: list.iter().cloned().collect(),
            list,
            chars,
        }
    }
}

/// Applies a profile's imports to the loaded catalogues: each import is
/// resolved to a catalogue by the file name at the end of its href, or to
/// the only catalogue loaded.
fn apply_profile(
    path: &Path,
    profile: &json::Obj<json::Profile>,
    specs: &[CatalogSpec],
    catalogs: &mut [Catalog],
) -> Result<(), Diagnostic> {
    let Some(profile) = &profile.0 else {
        return Err(fail(path, "has no `imports`, so it selects nothing"));
    };
    let imports = &profile.imports.0;
    if imports.is_empty() {
        return Err(fail(path, "has no `imports`, so it selects nothing"));
    }
    // The first resource of each uuid, as a lookup would find it.
    let mut back_matter: HashMap<&str, &str> = HashMap::new();
    for resource in profile.back_matter.0.iter().flat_map(|b| &b.resources.0) {
        let href = resource.rlinks.0.first().and_then(|l| l.href.0.as_deref());
        if let (Some(uuid), Some(href)) = (resource.uuid.0.as_deref(), href) {
            back_matter.entry(uuid).or_insert(href);
        }
    }
    let mut ids: HashMap<usize, Ids> = HashMap::new();
    let mut chosen_by: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut work = 0u64;
    for import in imports {
        let href = import.href.0.as_deref().unwrap_or("");
        let href = href
            .strip_prefix('#')
            .and_then(|uuid| back_matter.get(uuid).copied())
            .unwrap_or(href);
        let wanted = file_name_of(href);
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
        let catalog = &catalogs[index];
        let all = ids.entry(index).or_insert_with(|| Ids::of(catalog));
        let mut chosen: BTreeSet<String> = BTreeSet::new();
        if import.include_all.0 {
            chosen.extend(all.list.iter().cloned());
        }
        for inc in &import.include_controls.0 {
            chosen.extend(select(path, inc, all, &catalog.source, &mut work)?);
        }
        for exc in &import.exclude_controls.0 {
            for id in select(path, exc, all, &catalog.source, &mut work)? {
                chosen.remove(&id);
            }
        }
        let unknown: Vec<&String> = chosen.iter().filter(|id| !all.set.contains(*id)).collect();
        if let Some(first) = unknown.first() {
            return Err(fail(path, format!("selects the control `{first}`, which the catalogue `{}` does not hold ({} unknown in all)", catalog.source, unknown.len()))
                .help("check that the profile belongs to this catalogue and that both are of the same release"));
        }
        chosen_by.entry(index).or_default().extend(chosen);
    }
    for (index, chosen) in chosen_by {
        let selected = catalogs[index].selected.get_or_insert_with(Vec::new);
        selected.extend(chosen);
        selected.sort();
        selected.dedup();
    }
    Ok(())
}

/// The control ids an `include-controls` or `exclude-controls` entry names.
/// `work` adds up what the `matching` patterns cost, against [`MAX_MATCH_WORK`].
fn select(
    path: &Path,
    entry: &json::Selection,
    all: &Ids,
    source: &str,
    work: &mut u64,
) -> Result<Vec<String>, Diagnostic> {
    let mut ids: Vec<String> = entry.with_ids.0.iter().map(|s| s.to_uppercase()).collect();
    for m in &entry.matching.0 {
        if let Some(pattern) = &m.pattern.0 {
            let pattern = pattern.to_uppercase();
            *work =
                work.saturating_add((pattern.chars().count() as u64 + 1).saturating_mul(all.chars));
            if *work > MAX_MATCH_WORK {
                return Err(fail(path, format!("its `matching` patterns are too many or too long to compare with every control id of `{source}` (more than {MAX_MATCH_WORK} character comparisons)"))
                    .help("select controls with `with-ids` or a few short patterns such as `DLS.3.*`"));
            }
            ids.extend(all.list.iter().filter(|id| glob(&pattern, id)).cloned());
        }
    }
    if entry.with_child_controls.0.as_deref() == Some("yes") {
        // A child's id is its parent's id, a dot and more.
        let parents: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let children: Vec<String> = all
            .list
            .iter()
            .filter(|id| {
                id.match_indices('.')
                    .any(|(i, _)| parents.contains(&id[..i]))
            })
            .cloned()
            .collect();
        ids.extend(children);
    }
    Ok(ids)
}

/// `*` and `?` wildcards, as OSCAL's `matching` patterns use them. Greedy,
/// going back only to the last `*`: no recursion, and time at most the
/// product of the two lengths.
fn glob(pattern: &str, text: &str) -> bool {
    let at = |s: &str, i: usize| s[i..].chars().next();
    let (mut p, mut t) = (0, 0);
    // Where to go on after the last `*`: the pattern after it, and the
    // text position that `*` has reached so far.
    let mut star: Option<(usize, usize)> = None;
    while let Some(c) = at(text, t) {
        match at(pattern, p) {
            Some('*') => {
                p += 1;
                star = Some((p, t));
            }
            Some(q) if q == '?' || q == c => {
                p += q.len_utf8();
                t += c.len_utf8();
            }
            _ => {
                let Some((after, reached)) = star else {
                    return false;
                };
                let next = reached + at(text, reached).map_or(1, char::len_utf8);
                star = Some((after, next));
                p = after;
                t = next;
            }
        }
    }
    pattern[p..].chars().all(|c| c == '*')
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
        // Bytes, not a slice of the text: the two after `%` may be part of
        // a multi-byte character.
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && let Some(&[hi, lo]) = bytes.get(i + 1..i + 3)
            && let (Some(hi), Some(lo)) = (hex(hi), hex(lo))
        {
            out.push((hi * 16 + lo) as u8);
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
        assert!(glob("*", ""));
        assert!(glob("A*B*C", "AxxBxxBxxC"));
        assert!(!glob("A*B*C", "AxxBxxCxxD"));
        assert!(glob("**A?", "ZZAÄ"));
        assert!(glob("Ä?Ö*", "ÄüÖ"));
        assert!(!glob("?", ""));
        assert!(!glob("", "A"));
    }

    #[test]
    fn glob_takes_no_exponential_time_and_no_deep_recursion() {
        let text = "A".repeat(60);
        let started = std::time::Instant::now();
        assert!(!glob(&format!("{}B", "*A".repeat(30)), &text));
        assert!(glob(&"?".repeat(60), &text));
        assert!(!glob(&"?".repeat(1_000_000), &text));
        assert!(glob(&"*".repeat(1_000_000), &text));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn a_percent_sign_before_a_multi_byte_character_is_kept_as_it_is() {
        assert_eq!(file_name_of("x/%€%é%4"), "%€%é%4");
        assert_eq!(file_name_of("a%2Bb%2"), "a+b%2");
    }

    #[test]
    fn values_of_other_types_count_as_absent_and_other_keys_are_skipped() {
        let root = json::parse(
            br#"{"catalog": {"metadata": 5, "groups": [1, "x", {"controls": [{"id": 7}, {"id": "A", "title": ["t"], "parts": [{"id": "B"}]}, null]}]}}"#,
        )
        .unwrap();
        let mut items = Vec::new();
        collect(&root.catalog.unwrap().0.unwrap(), &mut items);
        let ids: Vec<(&str, &str)> = items
            .iter()
            .map(|i| (i.id.as_str(), i.title.en.as_str()))
            .collect();
        assert_eq!(ids, [("A", "A")]);
        assert!(json::parse(b"[1, 2]").unwrap().catalog.is_none());
    }
}
