//! Writes the input files of a synthetic, valid outsec project:
//!
//! ```sh
//! cargo run --release --example synth -- --requirements 1000 --out /tmp/synth-1000
//! outsec check -i /tmp/synth-1000
//! ```
//!
//! The project has N requirements and clauses, measures, components,
//! scenarios, operations checks, bidders, migration phases and contacts in
//! proportion (see `synth/generator.rs`). The same N and seed always give
//! byte-identical files. No file is larger than 4 MiB: a long mapping
//! section (the contract's clauses, the security concept's measures) is cut
//! into parts in a folder (`contract/1.yaml`, `contract/2.yaml`, …), so that
//! the project is valid at every size, 100 000 requirements included.

#[path = "synth/generator.rs"]
mod generator;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Writes a synthetic outsec project with N requirements into DIR.
#[derive(Parser)]
#[command(name = "synth")]
struct Args {
    /// Number of requirements (at least 1); everything else scales with it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    requirements: u64,
    /// Folder to write the input files into; it must be new or empty.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Seed of the generator; the same seed gives the same files.
    #[arg(long, value_name = "S", default_value_t = generator::DEFAULT_SEED)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Ok(mut entries) = std::fs::read_dir(&args.out)
        && entries.next().is_some()
    {
        eprintln!(
            "error: `{}` is not empty; give a new or empty folder",
            args.out.display()
        );
        return ExitCode::from(2);
    }
    let files = generator::generate(args.requirements as usize, args.seed);
    if let Err(e) = generator::write(&args.out, &files) {
        eprintln!("error: cannot write into `{}`: {e}", args.out.display());
        return ExitCode::from(2);
    }
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    println!(
        "wrote {} files ({} KiB) with {} requirements into {}",
        files.len(),
        bytes / 1024,
        args.requirements,
        args.out.display()
    );
    ExitCode::SUCCESS
}
