//! One integration-test binary (faster to link than many), one module per area.

mod runner;
mod support;

mod answers;
/// The history of a project around its tender, as `examples/history.rs`
/// makes it: the released state of the inputs, and a git repository.
#[path = "../../examples/history/repo.rs"]
mod history;

mod build;
mod catalog;
mod content;
mod fixtures;
mod hostile;
mod hostile_input;
mod hostile_markdown;
mod init;
mod instructions;
mod merge;
mod output_folder;
mod pack;
mod pdf;
mod procurement;
mod props;
mod rev;
mod rules;
mod schema;
mod snapshots;
mod synth;
mod templates;
