//! The whole pipeline from input folder to the files of the output folder,
//! kept in memory so that nothing is written unless every step succeeded.

use std::path::Path;

use crate::catalog::oscal::CatalogSpec;
use crate::catalog::{self, Catalogs};
use crate::diag::{Diagnostic, Sources};
use crate::documents::{self, Audience, Document};
use crate::load::{self, LoadError};
use crate::model::{Loc, Model};
use crate::output::{self, Files};
use crate::render::{Renderer, TemplateError};
use crate::{check, derive, markdown};

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("the inputs have errors")]
    Invalid,
    #[error(transparent)]
    Template(#[from] TemplateError),
}

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
        && !diagnostics.iter().any(|d| d.rule == "OS-CAT-004")
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
    let mut audiences = std::collections::BTreeMap::new();
    for doc in &docs {
        if let std::collections::btree_map::Entry::Vacant(slot) = audiences.entry(doc.audience) {
            slot.insert(AudienceContext::new(model, catalogs, doc.audience)?);
        }
    }
    let audiences = &audiences;
    // Documents are independent: render them on every core. The results are
    // collected by name, so the output does not depend on the order.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(docs.len().max(1));
    let chunks: Vec<&[&Document]> = docs.chunks(docs.len().div_ceil(threads).max(1)).collect();
    let rendered: Vec<Result<Vec<Rendered<'_>>, TemplateError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                let css = &css;
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|doc| {
                            audiences[&doc.audience]
                                .render(model, renderer, doc, css)
                                .map(|(md, html)| (*doc, md, html))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for chunk in rendered {
        for (doc, md, html) in chunk? {
            files.insert(format!("{}.md", doc.stem), md.into_bytes());
            files.insert(format!("{}.html", doc.stem), html.into_bytes());
        }
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
    let shared = AudienceContext::new(model, catalogs, doc.audience)?;
    shared.render(model, renderer, doc, css)
}

/// A document with its Markdown and HTML.
type Rendered<'a> = (&'a Document, String, String);

/// What every document of one audience shares, converted for the template
/// engine once: building it is the expensive part of rendering.
struct AudienceContext {
    json: serde_json::Value,
    tera: tera::Context,
}

impl AudienceContext {
    fn new(model: &Model, catalogs: &Catalogs, audience: Audience) -> Result<Self, TemplateError> {
        let json = derive::audience_context(model, catalogs, audience);
        let tera = Renderer::context(&json)?;
        Ok(AudienceContext { json, tera })
    }

    fn render(
        &self,
        model: &Model,
        renderer: &Renderer,
        doc: &Document,
        css: &str,
    ) -> Result<(String, String), TemplateError> {
        let doc_fields = derive::doc_fields(model, doc);
        let mut ctx = self.tera.clone();
        ctx.insert("doc", &doc_fields);
        let md = tidy(&renderer.render_context(&format!("{}.md", doc.stem), &ctx)?);
        let html = markdown::to_html(&md);
        let page = serde_json::json!({
            "lang": model.project.language,
            "title": html.title.clone().unwrap_or_else(|| doc.title.to_string()),
            "project": self.json["project"],
            "classification": self.json["classification"],
            "doc": doc_fields,
            "toc": html.toc,
            "cover": html.cover,
            "body": html.body,
            "css": css,
        });
        let html_page = tidy(&renderer.render("layout.html", &page)?);
        Ok((md, html_page))
    }
}

/// Normalises generated text: no trailing spaces, at most one blank line in
/// a row, exactly one newline at the end. Templates can then be written for
/// readability without their whitespace reaching the diff.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
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
