//! A run of outsec with bounded memory and time, for the hostile-input
//! tests: every hostile input must end in the right exit code with the
//! right message, without a panic, within a few seconds and 512 MiB of
//! address space.

use std::time::{Duration, Instant};

use crate::support::outsec;

/// Every hostile input is dealt with within this time (debug build, on a
/// loaded machine; the release build takes a fraction of it). A guard
/// against runaway work, whose unbounded cases take minutes to hours, not a
/// speed measurement (the benchmarks measure speed): 5 s failed twice with
/// the tests sharing two cores with other builds (6.4 s, 5.2 s).
pub const QUICK: Duration = Duration::from_secs(15);
/// A run that takes longer than this is stopped and counts as a hang.
pub const HANG: Duration = Duration::from_secs(180);

/// The address space each run may use: a run that needs more fails.
pub const MEMORY_KIB: u64 = 512 * 1024;

/// outsec with its address space capped at [`MEMORY_KIB`] (`ulimit -v`),
/// so that bounded memory is part of every assertion.
pub fn capped() -> assert_cmd::Command {
    if cfg!(unix) {
        let mut cmd = assert_cmd::Command::new("sh");
        cmd.args(["-c", &limit_script(), env!("CARGO_BIN_EXE_outsec")])
            .env_remove("RUST_BACKTRACE")
            .current_dir(std::env::temp_dir());
        cmd
    } else {
        outsec()
    }
}

/// The shell line that caps the address space and runs the program.
pub fn limit_script() -> String {
    format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\"")
}

pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Runs `cmd` (stopped after [`HANG`]) and asserts that it did not panic.
pub fn run(cmd: &mut assert_cmd::Command) -> Outcome {
    cmd.timeout(HANG);
    let started = Instant::now();
    let out = cmd.output().expect("outsec runs");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "outsec panicked:\n{stderr}");
    Outcome {
        // No code: killed by the timeout (or a signal).
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        elapsed,
    }
}

impl Outcome {
    /// Asserts the exit code, that stderr holds every needle, and the time.
    pub fn expect(&self, what: &str, code: i32, needles: &[&str]) -> &Self {
        self.expect_within(what, code, needles, QUICK)
    }

    pub fn expect_within(&self, what: &str, code: i32, needles: &[&str], limit: Duration) -> &Self {
        assert_eq!(
            self.code,
            code,
            "{what}: exit code {} (-1: killed after {HANG:?}), expected {code}:\n{}{}",
            self.code,
            tail(&self.stderr),
            tail(&self.stdout)
        );
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "{what}: stderr lacks `{needle}`:\n{}",
                tail(&self.stderr)
            );
        }
        assert!(
            self.elapsed < limit,
            "{what}: took {:?}, more than {limit:?}",
            self.elapsed
        );
        self
    }
}

/// The end of a long output, for assertion messages.
pub fn tail(text: &str) -> &str {
    let mut start = text.len().saturating_sub(3000);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}
