//! The whole pipeline from input folder to the files of the output folder,
//! kept in memory so that nothing is written unless every step succeeded.

use std::path::Path;

use crate::diag::{Diagnostic, Sources};
use crate::documents::{self, Document};
use crate::load::{self, LoadError};
use crate::model::Model;
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
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads the inputs and runs every check.
pub fn load_and_check(inputs: &Path) -> Result<Checked, LoadError> {
    let loaded = load::load(inputs)?;
    let mut diagnostics = loaded.diagnostics;
    if let Some(model) = &loaded.model {
        diagnostics.extend(check::check(model));
    }
    Ok(Checked {
        model: loaded.model,
        sources: loaded.sources,
        diagnostics,
    })
}

/// Renders the documents (all, or those named in `only`) as Markdown and
/// HTML, plus the manifest.
pub fn render(
    model: &Model,
    renderer: &Renderer,
    only: &[&Document],
) -> Result<Files, TemplateError> {
    let mut files = Files::new();
    let docs: Vec<&Document> = if only.is_empty() {
        documents::DOCUMENTS.iter().collect()
    } else {
        only.to_vec()
    };
    let css = renderer.render("style.css", &serde_json::Value::Object(Default::default()))?;
    for doc in docs {
        let context = derive::context(model, doc);
        let md = tidy(&renderer.render(&format!("{}.md", doc.stem), &context)?);
        let html = markdown::to_html(&md);
        let page = serde_json::json!({
            "lang": model.project.language,
            "title": html.title.clone().unwrap_or_else(|| doc.title.to_string()),
            "project": context["project"],
            "doc": context["doc"],
            "toc": html.toc,
            "cover": html.cover,
            "body": html.body,
            "css": css,
        });
        let html_page = tidy(&renderer.render("layout.html", &page)?);
        files.insert(format!("{}.md", doc.stem), md.into_bytes());
        files.insert(format!("{}.html", doc.stem), html_page.into_bytes());
    }
    Ok(output::with_manifest(files))
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
