//! `outsec pack`

use std::path::PathBuf;

use super::exit;
use crate::output::{self, Files, sha256_hex};
use crate::pack::{self, PackError};

#[derive(clap::Args)]
pub struct Args {
    /// Folder with the project's YAML files.
    #[arg(short, long, default_value = "inputs", value_name = "DIR")]
    inputs: PathBuf,
    /// Folder the packs are written to.
    #[arg(short, long, default_value = "output", value_name = "DIR")]
    out: PathBuf,
    /// Folder with templates that override the built-in ones
    /// [default: `templates` when that folder exists].
    #[arg(short, long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Replace files in the output folder that outsec did not write or that
    /// were edited since (without it, such a file stops the pack).
    #[arg(long)]
    force: bool,
}

pub fn run(args: &Args) -> i32 {
    let ready = match super::prepare(&args.inputs, &args.out, args.templates.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (checked, renderer) = (&ready.checked, &ready.renderer);
    let Some(model) = checked.model.as_ref() else {
        return exit::INVALID;
    };
    let packs = match pack::build(model, &checked.catalogs, renderer) {
        Ok(p) => p,
        Err(PackError::Template(e)) => return super::template_failure(&e),
        Err(e) => {
            eprintln!("error: {e}");
            return exit::FAILURE;
        }
    };
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
        force: args.force,
        partial: false,
        opaque: &[],
    };
    let written = match output::write(&args.out, &files, options) {
        Ok(w) => w,
        Err(e) => return super::output_failure(&e),
    };
    for note in &written.notes {
        eprintln!("warning: {note}");
    }
    if written.removed > 0 {
        eprintln!(
            "removed {} files of an earlier pack that this pack no longer has (see `{}`)",
            written.removed,
            output::PACK.file
        );
    }
    for p in &packs {
        println!(
            "{}  {}",
            sha256_hex(&p.zip),
            args.out.join(&p.zip_name).display()
        );
    }
    eprintln!(
        "wrote {} in {} (bidders check a pack with `sha256sum -c MANIFEST.sha256` inside its folder)",
        packs
            .iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
            .join(" and "),
        args.out.display()
    );
    exit::OK
}
