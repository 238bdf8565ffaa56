//! How long each stage of a command took, and how much memory the process
//! held after it: collected when the environment variable `OUTSEC_TIMINGS`
//! is set (to anything but `0` or empty), and printed by the command line
//! at the end, for anyone who wants to know where a slow build spends its
//! time. Collecting costs nothing when the variable is not set.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// One stage: its name, how long it took, and the memory the process held
/// after it (resident now and at its peak, in bytes; zero where the system
/// does not tell).
#[derive(Clone, Debug)]
pub struct Stage {
    pub name: &'static str,
    pub took: Duration,
    pub resident: u64,
    pub peak: u64,
}

struct Clock {
    last: Instant,
    stages: Vec<Stage>,
    /// Work done inside a stage, on whichever thread, added up by name.
    parts: Vec<(&'static str, Duration)>,
}

fn clock() -> Option<&'static Mutex<Clock>> {
    static CLOCK: OnceLock<Option<Mutex<Clock>>> = OnceLock::new();
    CLOCK
        .get_or_init(|| {
            let on = std::env::var_os("OUTSEC_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0");
            on.then(|| {
                Mutex::new(Clock {
                    last: Instant::now(),
                    stages: Vec::new(),
                    parts: Vec::new(),
                })
            })
        })
        .as_ref()
}

/// Starts the clock (the time before the first stage counts from here).
pub fn start() {
    if let Some(clock) = clock() {
        let mut clock = clock.lock().unwrap_or_else(|e| e.into_inner());
        clock.last = Instant::now();
    }
}

/// Ends the stage `name`: the time since the last stage ended.
pub fn stage(name: &'static str) {
    let Some(clock) = clock() else { return };
    let (resident, peak) = memory();
    let mut clock = clock.lock().unwrap_or_else(|e| e.into_inner());
    let now = Instant::now();
    let took = now - clock.last;
    clock.last = now;
    clock.stages.push(Stage {
        name,
        took,
        resident,
        peak,
    });
}

/// Runs `work` and adds the time it took to the part `name` (the parts of
/// documents rendered side by side add up to more than the stage).
pub fn part<T>(name: &'static str, work: impl FnOnce() -> T) -> T {
    let Some(clock) = clock() else {
        return work();
    };
    let start = Instant::now();
    let out = work();
    let took = start.elapsed();
    let mut clock = clock.lock().unwrap_or_else(|e| e.into_inner());
    match clock.parts.iter_mut().find(|(n, _)| *n == name) {
        Some((_, sum)) => *sum += took,
        None => clock.parts.push((name, took)),
    }
    out
}

/// The parts recorded so far, in the order first seen.
pub fn parts() -> Vec<(&'static str, Duration)> {
    clock().map_or_else(Vec::new, |c| {
        c.lock().unwrap_or_else(|e| e.into_inner()).parts.clone()
    })
}

/// The stages recorded so far (none when timings are off).
pub fn stages() -> Vec<Stage> {
    clock().map_or_else(Vec::new, |c| {
        c.lock().unwrap_or_else(|e| e.into_inner()).stages.clone()
    })
}

/// Resident and peak resident memory of this process, in bytes (Linux:
/// `VmRSS` and `VmHWM` of `/proc/self/status`; zero elsewhere).
fn memory() -> (u64, u64) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return (0, 0);
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
