//! `coverage`: which catalogue items the inputs address, and which
//! applicable ones they miss.

use std::path::{Path, PathBuf};

use crate::catalog::coverage::{CatalogCoverage, coverage as cover};
use crate::catalog::oscal::CatalogSpec;
use crate::check::rules;
use crate::diag::render_human;
use crate::error::Error;
use crate::report::{Notice, Notify};

/// The coverage of the catalogues, and how many errors the inputs have
/// besides (which do not change it).
#[derive(Debug)]
pub struct Covered {
    pub catalogs: Vec<CatalogCoverage>,
    pub other_errors: usize,
}

/// The coverage of the inputs in `inputs`. `catalogs`: built-in catalogues
/// to show (by id) and OSCAL catalogue files to load (`PREFIX=FILE` or
/// `FILE`); `profiles`: OSCAL profiles that select controls of a loaded
/// catalogue. Without names of built-in catalogues, every catalogue is
/// shown.
pub fn coverage(
    inputs: &Path,
    catalogs: &[String],
    profiles: &[PathBuf],
    notify: Notify,
) -> Result<Covered, Error> {
    let builtin: Vec<String> = crate::catalog::builtin()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let (names, files): (Vec<&String>, Vec<&String>) = catalogs
        .iter()
        .partition(|c| builtin.iter().any(|b| b.eq_ignore_ascii_case(c)));
    let mut extra: Vec<CatalogSpec> = files.iter().map(|f| CatalogSpec::parse(f)).collect();
    extra.extend(profiles.iter().map(|p| CatalogSpec {
        path: p.clone(),
        prefix: String::new(),
        from: None,
    }));
    let checked = super::load_and_check(inputs, &extra)?;
    // Coverage needs the inputs loaded and every catalogue reference
    // resolved (no OS-CAT-001 or OS-CAT-004, the catalogue rules that are
    // errors); other errors do not change it, so it is shown while drafting.
    let catalogue = [&rules::OS_CAT_001, &rules::OS_CAT_004];
    let blocking: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && (catalogue.contains(&d.rule) || checked.model.is_none()))
        .cloned()
        .collect();
    let Some(model) = checked.model.as_ref().filter(|_| blocking.is_empty()) else {
        notify(Notice::Diagnostics(render_human(
            &blocking,
            &checked.sources,
        )));
        return Err(Error::Uncovered);
    };
    let mut only: Vec<String> = names.into_iter().cloned().collect();
    if !only.is_empty() {
        only.extend(
            extra
                .iter()
                .filter(|s| !s.prefix.is_empty())
                .map(|s| s.prefix.clone()),
        );
    }
    Ok(Covered {
        catalogs: cover(model, &checked.catalogs, &only),
        other_errors: checked.diagnostics.iter().filter(|d| d.is_error()).count(),
    })
}
