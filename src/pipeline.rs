//! The whole pipeline from input folder to the files of the output folder,
//! kept in memory so that nothing is written unless every step succeeded.
//! [`build`] runs the `build` command to its end, [`coverage`] the
//! `coverage` command, and `pack::write` the `pack` command from
//! [`prepare`].

mod build;
mod coverage;

pub use build::{BuildRequest, Built, PdfRequest, build};
pub use coverage::{Covered, coverage};

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
use crate::source::Source;
use crate::text::tidy;
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
    load_and_check_from(&Source::Folder(inputs.to_path_buf()), extra)
}

/// [`load_and_check`] for the inputs of `source`: a folder, or a git
/// revision of it, whose `project.catalogs` are read from the same revision.
pub fn load_and_check_from(source: &Source, extra: &[CatalogSpec]) -> Result<Checked, LoadError> {
    let loaded = load::load_from(source)?;
    crate::timings::stage("load");
    let mut diagnostics = loaded.diagnostics;
    let mut catalogs = catalog::builtin();
    if let Some(model) = &loaded.model {
        let mut files: Vec<CatalogSpec> = model
            .project
            .catalogs
            .iter()
            .map(|entry| {
                let mut spec = CatalogSpec::parse(entry);
                match source {
                    Source::Folder(inputs) => spec.path = inputs.join(&spec.path),
                    Source::Git(revision) => {
                        let relative = std::mem::take(&mut spec.path);
                        spec.path = revision.name_relative(&relative).into();
                        spec.from = Some((revision.clone(), relative));
                    }
                }
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
    crate::timings::stage("check");
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

/// Loads and checks the inputs (as they are, or as the git revision `rev`
/// has them), shows their diagnostics, and sets up the
/// templates: from `templates`, or else from a `templates` folder in the
/// working directory if there is one. Refuses an output folder in the
/// inputs or the templates (or around them), and inputs with errors.
pub fn prepare(
    inputs: &Path,
    rev: Option<&str>,
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
    let source = Source::new(inputs, rev)?;
    let checked = load_and_check_from(&source, &[])?;
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
    let renderer = Renderer::for_project(templates, &model)?;
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
    crate::timings::stage("context");
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
    crate::timings::stage("render");
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
    let doc_fields = derive::doc_fields(doc, renderer.messages());
    let project = derive::project_of(shared, model, doc).map_err(tera_error)?;
    let mut ctx = shared.clone();
    ctx.insert("doc", &doc_fields);
    ctx.insert_value("project", project.clone());
    use crate::timings::part;
    let md = part("templates", || {
        renderer.render_context(&format!("{}.md", doc.stem), &ctx)
    })?;
    let md = part("tidy", || tidy(&md));
    let (md, html) = part("to html", || markdown::finish_document(md));
    let mut page = tera::Context::new();
    page.insert("lang", &model.project.language);
    page.insert(
        "title",
        &html.title.clone().unwrap_or_else(|| doc.title.to_string()),
    );
    page.insert_value("project", project);
    page.insert_value(
        "classification",
        shared
            .get("classification")
            .cloned()
            .unwrap_or_else(tera::Value::none),
    );
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
            part("tidy", || tidy(&full))
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
