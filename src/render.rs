//! Render: Tera templates → Markdown. The built-in templates are embedded in
//! the binary; a user's templates folder overrides them file by file.

use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, State, Tera};

use crate::i18n;
use crate::model::project::Language;

/// The built-in templates, embedded at compile time.
pub const BUILTIN: &[(&str, &str)] = &[
    ("tender.md", include_str!("../assets/templates/tender.md")),
    (
        "contract-annex.md",
        include_str!("../assets/templates/contract-annex.md"),
    ),
    (
        "security-concept.md",
        include_str!("../assets/templates/security-concept.md"),
    ),
    (
        "contingency-plan.md",
        include_str!("../assets/templates/contingency-plan.md"),
    ),
    (
        "traceability.md",
        include_str!("../assets/templates/traceability.md"),
    ),
    (
        "partials/document-control.md",
        include_str!("../assets/templates/partials/document-control.md"),
    ),
    (
        "partials/signature.md",
        include_str!("../assets/templates/partials/signature.md"),
    ),
    (
        "questionnaire.md",
        include_str!("../assets/templates/questionnaire.md"),
    ),
    (
        "clarifications.md",
        include_str!("../assets/templates/clarifications.md"),
    ),
    (
        "tender-nda.md",
        include_str!("../assets/templates/tender-nda.md"),
    ),
    (
        "provider-evaluation.md",
        include_str!("../assets/templates/provider-evaluation.md"),
    ),
    ("cover.md", include_str!("../assets/templates/cover.md")),
    (
        "instructions.md",
        include_str!("../assets/templates/instructions.md"),
    ),
    ("forms.md", include_str!("../assets/templates/forms.md")),
    (
        "strategy.md",
        include_str!("../assets/templates/strategy.md"),
    ),
    (
        "migration-plan.md",
        include_str!("../assets/templates/migration-plan.md"),
    ),
    (
        "operations-plan.md",
        include_str!("../assets/templates/operations-plan.md"),
    ),
    (
        "layout.html",
        include_str!("../assets/templates/layout.html"),
    ),
    ("style.css", include_str!("../assets/templates/style.css")),
];

/// The built-in templates are loaded under this prefix, and a name that no
/// template of the templates folder has falls back to it: a user's
/// `tender.md` can `{% extends "builtin:tender.md" %}` and replace one of
/// its chapters (`{% block requirements %}…{% endblock %}`).
const BUILTIN_PREFIX: &str = "builtin:";

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read the templates at `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Tera(String),
    #[error("cannot use the phrases of `{path}`: {message}")]
    Messages { path: PathBuf, message: String },
}

/// Describes a Tera error for a person: the report (template, line, column,
/// source line and caret) plus every cause in the chain.
pub fn describe(err: &tera::Error) -> String {
    use std::error::Error as _;
    let report = err.to_string();
    // The report starts with its own `error: `; the caller prints one.
    let report = report.strip_prefix("error: ").unwrap_or(&report);
    let mut text = report.replace(BUILTIN_PREFIX, "built-in template ");
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str("\ncaused by: ");
        text.push_str(&s.to_string().replace(BUILTIN_PREFIX, "built-in template "));
        source = s.source();
    }
    if text.contains("Unknown template") || text.contains("isn't loaded") {
        text.push_str(
            "\nhelp: a template can include, import or extend only the built-in templates and the files of the templates folder, by their path inside that folder (such as `partials/document-control.md`); paths outside it are never read",
        );
    }
    text
}

/// The template engine with built-ins and the user's overrides loaded.
pub struct Renderer {
    tera: Tera,
    messages: std::sync::Arc<i18n::Messages>,
}

impl Renderer {
    /// Loads the built-in templates, then every file of `user_dir` (if given)
    /// under its path relative to that folder, which shadows the built-in of
    /// the same name.
    pub fn new(user_dir: Option<&Path>, lang: Language) -> Result<Self, TemplateError> {
        Self::with_variant(user_dir, lang, None)
    }

    /// The renderer for a project: its language, and the wording of its
    /// kind of contracting entity (see [`i18n::Messages::with_variant`]).
    pub fn for_project(
        user_dir: Option<&Path>,
        model: &crate::model::Model,
    ) -> Result<Self, TemplateError> {
        Self::with_variant(
            user_dir,
            model.project.language,
            model.tender.wording_variant(),
        )
    }

    fn with_variant(
        user_dir: Option<&Path>,
        lang: Language,
        variant: Option<&'static str>,
    ) -> Result<Self, TemplateError> {
        let mut tera = Tera::default();
        tera.set_fallback_prefixes([BUILTIN_PREFIX])
            .map_err(|e| TemplateError::Tera(describe(&e)))?;
        let messages = std::sync::Arc::new(
            match user_dir {
                Some(dir) => own_messages(dir, lang)?,
                None => i18n::Messages::builtin(lang),
            }
            .with_variant(variant),
        );
        register(&mut tera, &messages);
        let mut all: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(name, text)| (format!("{BUILTIN_PREFIX}{name}"), (*text).to_string()))
            .collect();
        if let Some(dir) = user_dir {
            all.extend(user_templates(dir)?);
        }
        tera.add_raw_templates(all)
            .map_err(|e| TemplateError::Tera(describe(&e)))?;
        Ok(Renderer { tera, messages })
    }

    /// The messages the documents are written with (the catalogue with the
    /// templates folder's own phrases).
    pub fn messages(&self) -> &i18n::Messages {
        &self.messages
    }

    pub fn render(&self, name: &str, context: &serde_json::Value) -> Result<String, TemplateError> {
        self.render_context(name, &Self::context(context)?)
    }

    /// Converts a context once, for several renders.
    pub fn context(context: &serde_json::Value) -> Result<Context, TemplateError> {
        Context::from_serialize(context).map_err(|e| TemplateError::Tera(describe(&e)))
    }

    pub fn render_context(&self, name: &str, context: &Context) -> Result<String, TemplateError> {
        self.tera
            .render(name, context)
            .map_err(|e| TemplateError::Tera(describe(&e)))
    }
}

fn user_templates(dir: &Path) -> Result<Vec<(String, String)>, TemplateError> {
    let io = |path: &Path, source| TemplateError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            io(
                &path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("walk failed")),
            )
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if name.split('/').any(|part| part.starts_with('.')) || is_messages_file(&name) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).map_err(|e| io(entry.path(), e))?;
        out.push((name, text));
    }
    Ok(out)
}

/// Whether a file of the templates folder holds phrases, not a template.
fn is_messages_file(name: &str) -> bool {
    name.starts_with("messages.") && name.ends_with(".yaml") && !name.contains('/')
}

/// The catalogue of `lang` with the phrases of the templates folder's
/// `messages.<language>.yaml`, if it has one.
fn own_messages(dir: &Path, lang: Language) -> Result<i18n::Messages, TemplateError> {
    let path = dir.join(i18n::Messages::file_name(lang));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(i18n::Messages::builtin(lang));
        }
        Err(source) => return Err(TemplateError::Io { path, source }),
    };
    i18n::Messages::with_own(lang, &text)
        .map_err(|message| TemplateError::Messages { path, message })
}

fn register(tera: &mut Tera, messages: &std::sync::Arc<i18n::Messages>) {
    let lang = messages.lang();
    // Replaces Tera's own `range`: the same arguments, with a budget.
    let produced = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    tera.register_function("range", move |kwargs: Kwargs, _: &State| {
        range(&kwargs, &produced)
    });
    let m = std::sync::Arc::clone(messages);
    tera.register_filter("label", move |s: &str, _: Kwargs, _: &State| m.label(s));
    tera.register_filter("date", move |s: &str, _: Kwargs, _: &State| {
        i18n::date(lang, s)
    });
    // A duration, percentage or service-level target as the model
    // serialises it (`4 hours`, `99.8%`), written as the document's
    // language writes it (`4 Stunden`, `99,8 %`); free text stays as it is.
    tera.register_filter("amount", move |s: &str, _: Kwargs, _: &State| {
        i18n::amount(lang, s)
    });
    let m = std::sync::Arc::clone(messages);
    tera.register_function(
        "t",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            if !i18n::has(key) {
                return Err(tera::Error::message(format!(
                    "there is no message `{key}` in the message catalogue (assets/i18n/en.yaml)"
                )));
            }
            let args: Vec<(String, String)> = kwargs
                .iter()
                .filter(|(k, _)| k.as_str() != Some("key"))
                .map(|(k, v)| {
                    let value = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    (k.as_str().unwrap_or_default().to_string(), value)
                })
                .collect();
            Ok(i18n::fill(m.text(key), &args))
        },
    );
    tera.register_filter("md_text", |s: &str, _: Kwargs, _: &State| md_text(s));
    tera.register_filter("md_cell", |s: &str, _: Kwargs, _: &State| md_cell(s));
    tera.register_filter("md_email", |s: &str, _: Kwargs, _: &State| md_email(s));
    tera.register_filter("md_block", |s: &str, _: Kwargs, _: &State| md_block(s));
    // Numbers as the project's language writes them: `8.6` and `1000` in
    // English, `8,6` and `1.000` in German.
    tera.register_filter("num", move |x: f64, _: Kwargs, _: &State| {
        i18n::number(lang, x)
    });
    // A number as a percentage: `84.4%` in English, `84,4 %` in German.
    tera.register_filter("pct", move |x: f64, _: Kwargs, _: &State| {
        i18n::percent(lang, x)
    });
    // The id of the heading whose text is the value (`level=N`: at that
    // level), resolved once the document is rendered, see
    // `markdown::resolve_anchors`.
    tera.register_filter("anchor", |s: &str, kwargs: Kwargs, _: &State| {
        let level = kwargs.get::<u8>("level")?.unwrap_or(0);
        Ok::<_, tera::Error>(crate::markdown::anchor_mark(&md_text(s), level))
    });
}

/// Most numbers one call of `range()` in a template may produce.
pub const MAX_RANGE: u64 = 100_000;
/// Most numbers all calls of `range()` may produce together, over every
/// document one renderer (one `build` or `pack`) renders: a loop over
/// `range` inside another cannot run for hours.
pub const MAX_RANGE_TOTAL: u64 = 1_000_000;

/// Tera's `range(start=0, end, step_by=1)`: the numbers from `start` up to
/// but without `end` (down to, with a negative `step_by`), refused when one
/// call would produce more than [`MAX_RANGE`] numbers or the calls together
/// more than [`MAX_RANGE_TOTAL`]; `produced` counts them.
fn range(kwargs: &Kwargs, produced: &std::sync::atomic::AtomicU64) -> tera::TeraResult<Vec<i128>> {
    use std::sync::atomic::Ordering;
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step_by = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    let message = |m: String| Err(tera::Error::message(format!("Function `range` {m}")));
    if step_by == 0 {
        return message("was called with a `step_by` argument of 0".into());
    }
    if start > end && step_by > 0 {
        return message("was called with a `start` argument greater than the `end` one".into());
    }
    // How many numbers: the span divided by the step, rounded up. In
    // unsigned arithmetic, so that no argument can overflow.
    let span = if step_by > 0 {
        end.abs_diff(start)
    } else if start <= end {
        0
    } else {
        start.abs_diff(end)
    };
    let step = step_by.unsigned_abs();
    let len = span / step + u128::from(span % step != 0);
    if len > u128::from(MAX_RANGE) {
        return message(format!(
            "would produce {len} numbers; outsec allows at most {MAX_RANGE} in one call"
        ));
    }
    let len = len as u64;
    let before = produced.fetch_add(len, Ordering::Relaxed);
    if before.saturating_add(len) > MAX_RANGE_TOTAL {
        return message(format!(
            "would bring the numbers produced by all its calls past {MAX_RANGE_TOTAL}, the most outsec allows in one build (a loop over `range` inside another loop?)"
        ));
    }
    // Every number lies between `start` and `end`, so the wrapping sum is
    // exact even where the product alone would not fit.
    Ok((0..len as i128)
        .map(|i| start.wrapping_add(i.wrapping_mul(step_by)))
        .collect())
}

/// Plain text for inline Markdown: characters that would start emphasis,
/// code, links, raw HTML, a table cell or a block are shown as themselves,
/// and line breaks become spaces so that the text stays on its line. See
/// [`crate::field`].
pub fn md_text(s: &str) -> String {
    crate::field::plain(s)
}

/// Fits Markdown text into one table cell or sentence: one line, pipes
/// escaped, raw HTML shown literally, unsafe links reduced to their text,
/// no block started. Inline Markdown (emphasis, code, safe links) keeps
/// working. See [`crate::field`].
pub fn md_cell(s: &str) -> String {
    crate::field::inline(s)
}

/// An e-mail address as a Markdown autolink (`<name@host>`), so that it is
/// a link in HTML and no bare address in the Markdown; anything that is not
/// a plain address is treated as [`md_cell`] treats text.
pub fn md_email(s: &str) -> String {
    let cleaned = crate::text::clean(s);
    let t = cleaned.trim();
    if plain_address(t) {
        format!("<{t}>")
    } else {
        md_cell(t)
    }
}

/// Whether `<text>` is an e-mail autolink and nothing else: a local part of
/// letters, digits and `.!#$%&'*+/=?^_{}~-`, an `@`, and a host name of
/// labels of letters, digits and inner hyphens.
fn plain_address(text: &str) -> bool {
    let Some((local, host)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_{}~-".contains(c));
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    local_ok && host.split('.').all(label_ok)
}

/// A Markdown text field as a block of its own: made safe on its own (see
/// [`crate::field`]) and set off by blank lines, so that it neither
/// continues what the template wrote before it nor what follows it.
pub fn md_block(s: &str) -> String {
    let block = crate::field::block(s);
    if block.is_empty() {
        block
    } else {
        format!("\n\n{block}\n\n")
    }
}

/// The English label of an enumerated value, for messages outside documents.
pub fn label(key: &str) -> String {
    crate::i18n::label(crate::model::project::Language::En, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_templates_folder_is_built_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let name = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                assert!(
                    BUILTIN.iter().any(|(n, _)| *n == name),
                    "{name} is not in BUILTIN"
                );
            }
        }
    }

    /// The `amount` filter writes what the model serialises (durations,
    /// percentages, targets) in the document's language, in a table cell
    /// and in a message's placeholder alike.
    #[test]
    fn amounts_are_written_in_the_documents_language() {
        use crate::model::types::{Duration, Target};
        let render = |lang: Language| {
            let mut tera = Tera::default();
            register(
                &mut tera,
                &std::sync::Arc::new(i18n::Messages::builtin(lang)),
            );
            let targets: Vec<Target> = ["4h", "1 h", "99.8%", "100%", "every working day by 09:00"]
                .into_iter()
                .map(|t| serde_json::from_value(serde_json::Value::from(t)).unwrap())
                .collect();
            let mut context = Context::new();
            context.insert("targets", &targets);
            context.insert("deadline", &"30min".parse::<Duration>().unwrap());
            tera.render_str(
                r#"{% for x in targets %}{{ x | amount | md_cell }}; {% endfor %}{{ t(key="plan.notification", deadline=deadline | amount) }}"#,
                &context,
                false,
            )
            .unwrap()
        };
        assert_eq!(
            render(Language::De),
            "4 Stunden; 1 Stunde; 99,8 %; 100 %; every working day by 09:00; \
             Sicherheitsvorfälle werden dem Auftraggeber innerhalb von 30 Minuten nach Erkennung gemeldet."
        );
        assert_eq!(
            render(Language::En),
            "4 hours; 1 hour; 99.8%; 100%; every working day by 09:00; \
             Security incidents are reported to the client within 30 minutes of detection."
        );
    }

    #[test]
    fn cells_stay_on_one_line_and_keep_pipes_literal() {
        assert_eq!(md_cell("a | b\nc"), "a \\| b c");
        assert_eq!(md_cell("<script>x</script>"), "&lt;script>x&lt;/script>");
        assert_eq!(
            md_cell("https://example.org\\<img src=x onerror=alert(1)>"),
            "https://example.org&lt;img src=x onerror=alert(1)>"
        );
        assert_eq!(md_cell("[x](&#x200B;javascript:alert(1))"), "x");
        assert_eq!(md_cell("a&#x202E;b&shy;c\u{AD}d"), "abcd");
    }

    #[test]
    fn plain_text_cannot_start_markup() {
        assert_eq!(
            md_text("*bold* [x](y) <b>"),
            "\\*bold\\* \\[x\\](y) &lt;b\\>"
        );
        assert_eq!(
            md_text("https://example.org\\<img src=x>"),
            "https://example.org\\\\&lt;img src=x\\>"
        );
        // A numeric reference is text already, with its `#` escaped.
        assert_eq!(
            md_text("a&ZeroWidthSpace;b&#x202E;c R&D"),
            "ab&\\#x202E;c R&D"
        );
    }

    #[test]
    fn only_plain_addresses_become_autolinks() {
        assert_eq!(md_email(" a.b+c@example.org "), "<a.b+c@example.org>");
        assert_eq!(md_email("javascript:x@y"), "javascript:x@y");
        assert_eq!(md_email("a@b|c"), "a@b\\|c");
        assert_eq!(md_email("<a@b>"), "<a@b>");
        assert_eq!(md_email("<javascript:x>"), "&lt;javascript:x>");
        assert_eq!(md_email("a@-b.de"), "a@-b.de");
        assert_eq!(md_email("x\u{200B}@b.de"), "<x@b.de>");
        assert_eq!(md_email("x\u{AD}@b.de"), "<x@b.de>");
        assert_eq!(md_email("x&shy;@b.de"), "x@b.de");
        assert_eq!(md_email("<x&#x202E;@b.de>"), "&lt;x@b.de>");
    }

    #[test]
    fn blocks_stand_apart() {
        assert_eq!(md_block("  a\r\nb  "), "\n\na\nb\n\n");
        assert_eq!(md_block(" \n "), "");
    }
}
