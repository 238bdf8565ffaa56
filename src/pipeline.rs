//! The whole pipeline from input folder to the files of the output folder,
//! kept in memory so that nothing is written unless every step succeeded;
//! [`build`] and [`pack`] run it for their commands, up to the output
//! folder.

mod build;
mod pack;

pub use build::{BuildRequest, Built, PdfRequest, build};
pub use pack::{PackRequest, Packed, Shipped, pack};

use std::path::Path;

use crate::catalog::oscal::CatalogSpec;
use crate::catalog::{self, Catalogs};
use crate::check::rules;
use crate::diag::{Diagnostic, Sources};
use crate::documents::{self, Audience, Document};
use crate::error::Error;
use crate::load::{self, LoadError};
use crate::model::{Loc, Model};
use crate::output::{self, Files};
use crate::render::{Renderer, TemplateError};
use crate::report::{Notice, Notify};
use crate::{check, derive, markdown};

/// Loaded and checked inputs.
pub struct Checked {
    pub model: Option<Model>,
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    pub catalogs: Catalogs,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads the inputs and the catalogues and runs every check. `extra` are
/// external OSCAL catalogues and profiles given on the command line, besides
/// those that `project.catalogs` names (relative to the input folder).
pub fn load_and_check(inputs: &Path, extra: &[CatalogSpec]) -> Result<Checked, LoadError> {
    let loaded = load::load(inputs)?;
    let mut diagnostics = loaded.diagnostics;
    let mut catalogs = catalog::builtin();
    if let Some(model) = &loaded.model {
        let mut files: Vec<CatalogSpec> = model
            .project
            .catalogs
            .iter()
            .map(|entry| {
                let mut spec = CatalogSpec::parse(entry);
                spec.path = inputs.join(&spec.path);
                spec
            })
            .collect();
        files.extend(extra.iter().cloned());
        match catalog::oscal::load(&files) {
            Ok(external) => catalogs.extend(external),
            Err(found) => diagnostics.extend(found),
        }
    }
    let catalogs = Catalogs::new(catalogs);
    // External catalogues that failed to load would make every reference to
    // them look unknown: check references only once they are all there.
    if let Some(model) = &loaded.model
        && !diagnostics.iter().any(|d| d.rule == &rules::OS_CAT_004)
    {
        diagnostics.extend(check::check(model, &catalogs));
    }
    // Top to bottom, file by file: the order in which people fix things.
    diagnostics.sort_by_key(|d| d.loc.map_or((1, Loc::default()), |l| (0, l)));
    Ok(Checked {
        model: loaded.model,
        sources: loaded.sources,
        diagnostics,
        catalogs,
    })
}

/// What `build` and `pack` need before they render: checked inputs without
/// errors, and the templates.
pub struct Ready {
    pub model: Model,
    pub catalogs: Catalogs,
    pub renderer: Renderer,
}

/// Loads and checks the inputs, shows their diagnostics, and sets up the
/// templates: from `templates`, or else from a `templates` folder in the
/// working directory if there is one. Refuses an output folder in the
/// inputs or the templates (or around them), and inputs with errors.
pub fn prepare(
    inputs: &Path,
    out: &Path,
    templates: Option<&Path>,
    notify: Notify,
) -> Result<Ready, Error> {
    if let Some(dir) = templates
        && !dir.is_dir()
    {
        return Err(Error::NoTemplates(dir.to_path_buf()));
    }
    let default = std::path::PathBuf::from("templates");
    let templates = templates.or_else(|| default.is_dir().then_some(default.as_path()));
    output::guard(inputs, out)
        .and_then(|()| templates.map_or(Ok(()), |t| output::guard_templates(t, out)))
        .map_err(Error::Placement)?;
    let checked = load_and_check(inputs, &[])?;
    notify(Notice::Diagnostics(crate::diag::render_human(
        &checked.diagnostics,
        &checked.sources,
    )));
    let has_errors = checked.has_errors();
    let Checked {
        model, catalogs, ..
    } = checked;
    let model = match model {
        Some(model) if !has_errors => model,
        _ => return Err(Error::Invalid),
    };
    let renderer = Renderer::new(templates, model.project.language)?;
    Ok(Ready {
        model,
        catalogs,
        renderer,
    })
}

/// Renders the documents (all, or those named in `only`) as Markdown and
/// HTML, plus the manifest.
pub fn render(
    model: &Model,
    catalogs: &Catalogs,
    renderer: &Renderer,
    only: &[&Document],
) -> Result<Files, TemplateError> {
    let mut files = Files::new();
    let docs: Vec<&Document> = if only.is_empty() {
        documents::DOCUMENTS.iter().collect()
    } else {
        only.to_vec()
    };
    let css = stylesheet(renderer)?;
    let mut wanted: Vec<Audience> = docs.iter().map(|d| d.audience).collect();
    wanted.sort();
    wanted.dedup();
    let audiences = derive::template_contexts(model, catalogs, &wanted).map_err(tera_error)?;
    let audiences = &audiences;
    // Documents are independent: render them on every core. The results
    // come back in the order of `docs`, so the output does not depend on
    // the threads.
    let rendered: Vec<Result<(String, String), TemplateError>> = {
        use rayon::prelude::*;
        docs.par_iter()
            .map(|doc| render_with(&audiences[&doc.audience], model, renderer, doc, &css))
            .collect()
    };
    for (doc, result) in docs.iter().zip(rendered) {
        let (md, html) = result?;
        files.insert(format!("{}.md", doc.stem), md.into_bytes());
        files.insert(format!("{}.html", doc.stem), html.into_bytes());
    }
    Ok(output::with_manifest(files))
}

/// The stylesheet every HTML page carries inline.
pub fn stylesheet(renderer: &Renderer) -> Result<String, TemplateError> {
    renderer.render("style.css", &serde_json::Value::Object(Default::default()))
}

/// One document as Markdown and as a self-contained HTML page.
pub fn render_document(
    model: &Model,
    catalogs: &Catalogs,
    renderer: &Renderer,
    doc: &Document,
    css: &str,
) -> Result<(String, String), TemplateError> {
    let shared = derive::template_context(model, catalogs, doc.audience).map_err(tera_error)?;
    render_with(&shared, model, renderer, doc, css)
}

fn tera_error(e: tera::Error) -> TemplateError {
    TemplateError::Tera(crate::render::describe(&e))
}

/// One document as Markdown and as an HTML page, from its audience's
/// template context.
fn render_with(
    shared: &tera::Context,
    model: &Model,
    renderer: &Renderer,
    doc: &Document,
    css: &str,
) -> Result<(String, String), TemplateError> {
    let doc_fields = derive::doc_fields(model, doc);
    let mut ctx = shared.clone();
    ctx.insert("doc", &doc_fields);
    let md = markdown::resolve_anchors(tidy(
        &renderer.render_context(&format!("{}.md", doc.stem), &ctx)?,
    ));
    let html = markdown::to_html(&md);
    let mut page = tera::Context::new();
    page.insert("lang", &model.project.language);
    page.insert(
        "title",
        &html.title.clone().unwrap_or_else(|| doc.title.to_string()),
    );
    for key in ["project", "classification"] {
        page.insert_value(
            key,
            shared.get(key).cloned().unwrap_or_else(tera::Value::none),
        );
    }
    page.insert("doc", &doc_fields);
    page.insert("toc", &html.toc);
    page.insert("cover", &html.cover);
    page.insert("css", css);
    // The body can be megabytes: rather than copy it into the context
    // and out again, the layout is rendered around a marker that the
    // body then replaces (unless a user's layout does something else
    // with the body than show it once).
    page.insert("body", BODY_MARK);
    let layout = renderer.render_context("layout.html", &page)?;
    let html_page = match layout.split_once(BODY_MARK) {
        Some((before, after)) if !after.contains(BODY_MARK) => {
            let mut full = String::with_capacity(layout.len() + html.body.len());
            full.push_str(before);
            full.push_str(&html.body);
            full.push_str(after);
            drop(html);
            tidy(&full)
        }
        _ => {
            page.insert("body", &html.body);
            tidy(&renderer.render_context("layout.html", &page)?)
        }
    };
    Ok((md, html_page))
}

/// Stands for the body of a page while its layout is rendered: private-use
/// characters that neither templates nor escaping touch.
const BODY_MARK: &str = "\u{E000}outsec:body\u{E000}";

/// Normalises generated text: no trailing spaces, at most one blank line in
/// a row, exactly one newline at the end. Templates can then be written for
/// readability without their whitespace reaching the diff.
///
/// Control characters other than tab and line break (an escape sequence
/// pasted from a terminal, a stray form feed), the code points that HTML
/// forbids, and the invisible characters that reorder or split text (see
/// [`forbidden`]) are dropped: they are invisible in print, can rewrite a
/// terminal that shows the Markdown, make the HTML invalid, or make a
/// reader see something other than what is written.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    let mut cleaned = String::new();
    for line in text.lines() {
        // Most lines are printable ASCII, which needs no closer look.
        let suspect = line.bytes().any(|b| (b < b' ' && b != b'\t') || b >= 0x7f);
        let line = if suspect && line.contains(forbidden) {
            cleaned.clear();
            cleaned.extend(line.chars().filter(|&c| !forbidden(c)));
            cleaned.as_str()
        } else {
            line
        };
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Characters that never belong in a document: C0 controls but tab (line
/// breaks are handled by the caller), DEL, C1 controls, noncharacters, and
/// the invisible characters that change how text reads without showing:
/// the bidirectional embeddings, overrides, isolates and marks (U+202A–E,
/// U+2066–9, U+200E–F, U+061C), with which `abc` can be shown as `cba` or a
/// line can hide part of itself; the zero-width characters (U+200B–D,
/// U+2060–4, U+FEFF, U+180E), with which two texts that look the same
/// differ; the tag characters (U+E0000–7F), invisible copies of ASCII;
/// and every other code point that Unicode lists as default ignorable
/// (`Default_Ignorable_Code_Point`: the soft hyphen, the combining grapheme
/// joiner, the Hangul fillers, the Khmer inherent vowels, the Mongolian
/// free variation selectors, the deprecated format characters U+206A–F,
/// the shorthand format controls, the musical beam and slur controls, and
/// the reserved ranges U+2065, U+FFF0–8 and U+E0080–E0FFF), which a
/// viewer shows as nothing at all. The interlinear annotation characters
/// (U+FFF9–B), which are not for interchange and can hide text, go too.
/// The variation selectors (U+FE00–F, U+E0100–E01EF) stay: emoji and some
/// scripts need them, and they change only the look of the character
/// before them.
#[inline]
pub fn forbidden(c: char) -> bool {
    if c.is_ascii() {
        return (c < ' ' && c != '\t') || c == '\x7f';
    }
    c.is_control()
        || matches!(
            c as u32,
            0x00AD
                | 0x034F
                | 0x061C
                | 0x115F..=0x1160
                | 0x17B4..=0x17B5
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x206F
                | 0x3164
                | 0xFDD0..=0xFDEF
                | 0xFEFF
                | 0xFFA0
                | 0xFFF0..=0xFFFB
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0000..=0xE00FF
                | 0xE01F0..=0xE0FFF
        )
        || (c as u32 & 0xFFFE) == 0xFFFE
}

/// A text from the inputs as every output format receives it: line breaks
/// as `\n` (from `\r\n` and a lone `\r` too), and no [`forbidden`]
/// character. The filters that put input text into a document and the CSV
/// writer start with this, so that nothing [`tidy`] would drop later can
/// hide markup from them: `<\u{200B}script>` is `<script>` once the
/// zero-width space is gone.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let suspect = text
        .bytes()
        .any(|b| (b < b' ' && !matches!(b, b'\t' | b'\n')) || b >= 0x7f);
    if !suspect || !text.contains(|c: char| c != '\n' && forbidden(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' => out.push('\n'),
            c if forbidden(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{forbidden, tidy};

    #[test]
    fn every_default_ignorable_code_point_but_the_variation_selectors_is_forbidden() {
        // Default_Ignorable_Code_Point, DerivedCoreProperties.txt (Unicode 16).
        const IGNORABLE: [(u32, u32); 17] = [
            (0x00AD, 0x00AD),
            (0x034F, 0x034F),
            (0x061C, 0x061C),
            (0x115F, 0x1160),
            (0x17B4, 0x17B5),
            (0x180B, 0x180F),
            (0x200B, 0x200F),
            (0x202A, 0x202E),
            (0x2060, 0x206F),
            (0x3164, 0x3164),
            (0xFE00, 0xFE0F),
            (0xFEFF, 0xFEFF),
            (0xFFA0, 0xFFA0),
            (0xFFF0, 0xFFF8),
            (0x1BCA0, 0x1BCA3),
            (0x1D173, 0x1D17A),
            (0xE0000, 0xE0FFF),
        ];
        for (first, last) in IGNORABLE {
            for n in first..=last {
                let selector = (0xFE00..=0xFE0F).contains(&n) || (0xE0100..=0xE01EF).contains(&n);
                let c = char::from_u32(n).unwrap();
                assert_eq!(forbidden(c), !selector, "U+{n:04X}");
            }
        }
        for c in [
            'a',
            'ß',
            '\t',
            ' ',
            '\u{A0}',
            '\u{2764}',
            '\u{1F600}',
            '\u{E000}',
            '\u{845B}',
        ] {
            assert!(!forbidden(c), "U+{:04X}", c as u32);
        }
        assert_eq!(
            tidy("a\u{AD}b\u{3164}c\u{1D173}d \u{2764}\u{FE0F} \u{845B}\u{E0100}\n"),
            "abcd \u{2764}\u{FE0F} \u{845B}\u{E0100}\n"
        );
    }

    #[test]
    fn tidy_drops_trailing_space_extra_blank_lines_and_control_characters() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\t\n\n"), "a\n\nb\n");
        assert_eq!(
            tidy("red \u{1b}[31mtext\u{7}\u{7f}\u{85} and\u{fffe} more\u{c}\n"),
            "red [31mtext and more\n"
        );
        assert_eq!(
            tidy("tab\tstays\r\nCRLF ends\r\n"),
            "tab\tstays\nCRLF ends\n"
        );
    }
}
