//! `pack`: the tender pack (and its NDA part) cut and written into the
//! output folder.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::{self, Files, sha256_hex};
use crate::report::{Notice, Notify};

/// What to pack, and where.
pub struct PackRequest<'a> {
    /// The input folder.
    pub inputs: &'a Path,
    /// The output folder.
    pub out: &'a Path,
    /// The templates that override the built-in ones.
    pub templates: Option<&'a Path>,
    /// Replace files outsec did not write or that were edited since.
    pub force: bool,
}

/// What `pack` wrote.
#[derive(Debug)]
pub struct Packed {
    /// Every pack, public first.
    pub packs: Vec<Shipped>,
    /// Files of an earlier pack that this one no longer has, removed.
    pub removed: usize,
}

/// One pack as written.
#[derive(Debug)]
pub struct Shipped {
    /// `tender-pack` or `tender-pack-nda`.
    pub name: &'static str,
    /// Its zip in the output folder.
    pub zip: PathBuf,
    /// The zip's SHA-256, hex.
    pub sha256: String,
}

/// Runs `pack`: checks the inputs, cuts the packs and writes them into the
/// output folder.
pub fn pack(request: &PackRequest, notify: Notify) -> Result<Packed, Error> {
    let ready = super::prepare(request.inputs, request.out, request.templates, notify)?;
    let packs = crate::pack::build(&ready.model, &ready.catalogs, &ready.renderer)?;
    // Every file of every pack, written together: all or nothing. The
    // record `pack-manifest.json` lists them, so that the next pack removes
    // what it no longer produces (an archive of an earlier version, an NDA
    // part that is gone) and nothing else.
    let mut files = Files::new();
    for p in &packs {
        for (path, bytes) in &p.files {
            files.insert(format!("{}/{path}", p.name), bytes.clone());
        }
        files.insert(p.zip_name.clone(), p.zip.clone());
    }
    let files = output::with_record(files, output::PACK);
    let options = output::Options {
        record: output::PACK,
        force: request.force,
        partial: false,
        opaque: &[],
    };
    let written = output::write(request.out, &files, options, notify)?;
    for note in written.notes {
        notify(Notice::Warning(note));
    }
    Ok(Packed {
        packs: packs
            .iter()
            .map(|p| Shipped {
                name: p.name,
                zip: request.out.join(&p.zip_name),
                sha256: sha256_hex(&p.zip),
            })
            .collect(),
        removed: written.removed,
    })
}
