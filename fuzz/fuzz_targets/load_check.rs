//! Fuzzes loading and checking one input file.
//!
//! Every input is parsed twice: directly with `outsec::load::parse_file`
//! (the parser and the per-section splitter), and as the only file of an
//! input folder through `outsec::pipeline::load_and_check` (size and UTF-8
//! checks, merging, every rule). Neither may panic, hang or run out of memory.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// One input folder for the whole run; each input overwrites its one file.
fn folder() -> &'static (tempfile::TempDir, PathBuf) {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("input.yaml");
        (dir, file)
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = outsec::load::parse_file(0, text);
    }
    let (dir, file) = folder();
    std::fs::write(file, data).expect("write the input file");
    let checked = outsec::pipeline::load_and_check(dir.path(), &[]);
    if let Ok(checked) = checked {
        // Rendering the diagnostics walks every location into the sources.
        let _ = outsec::diag::render_human(&checked.diagnostics, &checked.sources);
    }
});
