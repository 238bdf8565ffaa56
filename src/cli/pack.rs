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
    // Every file of every pack, written together: all or nothing.
    let mut files = Files::new();
    for p in &packs {
        for (path, bytes) in &p.files {
            files.insert(format!("{}/{path}", p.name), bytes.clone());
        }
        files.insert(p.zip_name.clone(), p.zip.clone());
    }
    let stale = stale_pack_files(&args.out, &packs);
    if let Err(e) = output::write_files(&args.out, &files) {
        eprintln!("error: {e}");
        return exit::FAILURE;
    }
    for path in stale {
        let _ = std::fs::remove_file(args.out.join(path));
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

/// Files that an earlier `pack` put into a pack folder (as its
/// `MANIFEST.sha256` lists them) and that this pack no longer has.
fn stale_pack_files(out: &std::path::Path, packs: &[pack::Pack]) -> Vec<String> {
    let mut stale = Vec::new();
    for name in ["tender-pack", "tender-pack-nda"] {
        let Ok(old) = std::fs::read_to_string(out.join(name).join("MANIFEST.sha256")) else {
            continue;
        };
        let current = packs.iter().find(|p| p.name == name);
        for line in old.lines() {
            let Some((_, file)) = line.split_once("  ") else {
                continue;
            };
            let plain = std::path::Path::new(file)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if plain && current.is_none_or(|p| !p.files.contains_key(file)) {
                stale.push(format!("{name}/{file}"));
            }
        }
        if current.is_none() {
            stale.push(format!("{name}/MANIFEST.sha256"));
        }
    }
    stale
}
