//! Makes a git repository of the example project's history around its
//! tender, to try `--rev`:
//!
//! ```sh
//! cargo run --example history -- /tmp/sww                # from inputs/
//! cargo run --example history -- --inputs example-de/inputs /tmp/lbw
//! outsec pack -i /tmp/sww/inputs --rev tender-1.0 -o /tmp/sww/output
//! ```
//!
//! The first commit holds the inputs as they were when the tender was
//! released, tagged `tender-<version>`; the second the inputs as they are,
//! with the award recorded (see `history/repo.rs` for how the released
//! state is derived). `outsec pack` on the second refuses; with
//! `--rev tender-1.0` it cuts the pack that was published.

#[path = "history/repo.rs"]
mod repo;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Makes a git repository of a project's history around its tender in DIR.
#[derive(Parser)]
#[command(name = "history")]
struct Args {
    /// The project's input folder, as it is now (after the award).
    #[arg(long, value_name = "DIR", default_value = "inputs")]
    inputs: PathBuf,
    /// Folder for the repository; it must be new or empty.
    #[arg(value_name = "DIR")]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Ok(mut entries) = std::fs::read_dir(&args.out)
        && entries.next().is_some()
    {
        eprintln!("error: `{}` is not empty", args.out.display());
        return ExitCode::from(2);
    }
    match repo::make(&args.inputs, &args.out) {
        Ok(h) => {
            println!(
                "{}: tag {} ({}) holds the tender as released; HEAD ({}) the award",
                h.repo.display(),
                h.tag,
                &h.released[..12],
                &h.awarded[..12]
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
