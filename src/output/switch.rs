//! Replacing one set of files in the output folder with another, so that a
//! build killed at any moment leaves the old set or the new one, and two
//! builds never write into one folder at once.
//!
//! - **Exclusive**: a build holds an exclusive lock on `.outsec.lock` in the
//!   output folder while it reads what is there and switches to the new
//!   set; a second one waits for it. The lock is the operating system's
//!   (`flock`), so it goes with the process that held it: a lock file left
//!   by a killed build is stale and simply taken over. The file is removed
//!   when the lock is released.
//! - **Crash-consistent**: the new files are first written in full (and
//!   flushed to disk) into the staging folder `.outsec-staging/new/`. Then
//!   the journal `.outsec-staging/journal.json`, which lists every file to
//!   replace, add or remove, is written and renamed into place: from this
//!   moment the switch counts as done. Each old file is moved to
//!   `.outsec-staging/old/` and its new version moved into place; files no
//!   longer produced are moved to `old/` too. Last, the journal is removed,
//!   then the staging folder. A build that finds a staging folder finishes
//!   what it finds there first, under the lock: with a journal it
//!   completes the switch (or, if that fails, puts every old file back);
//!   without one, the killed build had not switched anything and its
//!   staged files are removed. `build --check` reports such a folder as
//!   stale.
//! - **All or nothing**: if a rename fails half-way, the files already
//!   switched get their old versions back from `old/`.

use std::fs::File;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::dir::{Dir, Kind, Rel};
use super::{Files, OutputError};

/// The lock file in the output folder.
pub const LOCK: &str = ".outsec.lock";
/// The staging folder in the output folder.
pub const STAGING: &str = ".outsec-staging";
const JOURNAL: &str = ".outsec-staging/journal.json";
const JOURNAL_PART: &str = ".outsec-staging/journal.part";
/// A journal is a list of paths; anything larger is not one of ours.
const MAX_JOURNAL: u64 = 64 * 1024 * 1024;

/// How long a build waits for another one to finish writing into the same
/// output folder, unless `OUTSEC_LOCK_WAIT` (seconds) says otherwise.
pub const LOCK_WAIT: Duration = Duration::from_secs(60);

/// The exclusive lock on an output folder, released when dropped.
pub struct Lock<'a> {
    dir: &'a Dir,
    file: File,
}

impl Drop for Lock<'_> {
    fn drop(&mut self) {
        // Removed while still held: a build waiting on this file then finds
        // that it is no longer the lock file and opens the new one.
        if let Some(rel) = Rel::new(LOCK) {
            let _ = self.dir.remove_file(rel);
        }
        let _ = self.file.unlock();
    }
}

/// The time to wait for the lock: `OUTSEC_LOCK_WAIT` seconds, or [`LOCK_WAIT`].
fn lock_wait() -> Duration {
    std::env::var("OUTSEC_LOCK_WAIT")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or(LOCK_WAIT, Duration::from_secs)
}

/// Takes the lock on the output folder, waiting for another build that
/// holds it (with a note on stderr), for at most [`lock_wait`].
pub fn lock(dir: &Dir) -> Result<Lock<'_>, OutputError> {
    let lock_path = || dir.path().join(LOCK);
    let failed = |e: std::io::Error| match dir.kind(rel(LOCK)) {
        Kind::Missing | Kind::File(_) => OutputError::Io {
            path: lock_path(),
            source: e,
        },
        other => OutputError::InTheWay {
            path: lock_path(),
            what: other.refusal().unwrap_or_default(),
        },
    };
    let wait = lock_wait();
    let started = Instant::now();
    let mut told = false;
    loop {
        // A lock file of our own making, or the one that is there.
        let (mut file, created) = match dir.open_lock_file(LOCK, true).map_err(failed)? {
            Some(file) => (file, true),
            None => match dir.open_lock_file(LOCK, false).map_err(failed)? {
                Some(file) => (file, false),
                None => continue, // removed meanwhile
            },
        };
        match file.try_lock() {
            Ok(()) if !dir.is_same_file(LOCK, &file) => {
                // Released and removed by its holder meanwhile: take the
                // file that is there now.
                continue;
            }
            Ok(()) if !created => {
                // A lock file nobody holds: left by a run that was killed.
                // It is replaced by one of ours (outsec never writes into a
                // file it did not make), while it is held, so that a run
                // waiting on it sees it go.
                dir.remove_file(rel(LOCK)).map_err(failed)?;
                continue;
            }
            Ok(()) => {
                use std::io::Write as _;
                let _ = writeln!(file, "{}", std::process::id());
                return Ok(Lock { dir, file });
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = holder(&mut file);
                if started.elapsed() >= wait {
                    return Err(OutputError::Busy {
                        out: dir.path().to_path_buf(),
                        holder,
                        waited: wait.as_secs(),
                    });
                }
                if !told {
                    eprintln!(
                        "waiting for another outsec run{} that is writing to `{}` ...",
                        holder
                            .map(|p| format!(" (process {p})"))
                            .unwrap_or_default(),
                        dir.path().display()
                    );
                    told = true;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(failed(e)),
        }
    }
}

/// The process id the holder of the lock wrote into the lock file.
fn holder(file: &mut File) -> Option<u32> {
    use std::io::{Read as _, Seek as _};
    let mut text = String::new();
    file.seek(std::io::SeekFrom::Start(0)).ok()?;
    file.take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// A fixed path of ours as a [`Rel`].
fn rel(path: &str) -> Rel<'_> {
    Rel::new(path).unwrap_or_else(|| unreachable!("`{path}` is a plain relative path"))
}

/// One file of the switch: its path and what was there before (the
/// SHA-256 of the file it replaces or removes, `None` where there was none).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub old: Option<String>,
}

/// What a switch does; written to disk before the first rename.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Journal {
    pub generator: String,
    pub write: Vec<Entry>,
    pub remove: Vec<Entry>,
}

fn staged_new(path: &str) -> String {
    format!("{STAGING}/new/{path}")
}

fn staged_old(path: &str) -> String {
    format!("{STAGING}/old/{path}")
}

/// Test hook: with `OUTSEC_TEST_CRASH_AT` set to the number of a step (the
/// first is 1) or to its name, the process aborts there, as a `kill -9`
/// would stop it, without unwinding or releasing anything. The steps: the
/// staging of every file (`staged`), the journal in place (`committed`),
/// each rename (`rename`), the switch done (`switched`), a finished
/// recovery (`recovered`).
fn crash_point(name: &str) {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let Ok(at) = std::env::var("OUTSEC_TEST_CRASH_AT") else {
        return;
    };
    let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
    if at == name || at.parse() == Ok(n) {
        eprintln!("outsec: stopped at step {n} ({name}) by OUTSEC_TEST_CRASH_AT");
        std::process::abort();
    }
}

/// Whether an interrupted switch waits in the output folder (for
/// `build --check`, which writes nothing and so cannot finish it).
pub fn interrupted(dir: &Dir) -> bool {
    dir.kind(rel(JOURNAL)) != Kind::Missing
}

/// Finishes what a killed build left in the output folder (see the module
/// documentation). Needs the lock.
pub fn recover(dir: &Dir, _lock: &Lock<'_>) -> Result<(), OutputError> {
    let staging = rel(STAGING);
    match dir.kind(staging) {
        Kind::Missing => return Ok(()),
        Kind::Folder => {}
        // Our name, but not our folder: the entry itself goes (a link is
        // removed, never followed).
        _ => {
            return dir.remove_file(staging).map_err(|e| OutputError::Io {
                path: dir.display(staging),
                source: e,
            });
        }
    }
    let journal = match dir.read(rel(JOURNAL), MAX_JOURNAL) {
        Ok(super::dir::Read::Bytes(bytes)) => serde_json::from_slice::<Journal>(&bytes).ok(),
        _ => None,
    };
    if let Some(journal) = journal.filter(valid) {
        eprintln!(
            "note: completing the switch of an earlier outsec run in `{}` that was stopped",
            dir.path().display()
        );
        if let Err(e) = apply(dir, &journal, true) {
            eprintln!("note: could not complete it ({e}); the earlier files were put back instead");
            roll_back(dir, &journal);
        }
    }
    let result = finish(dir);
    crash_point("recovered");
    result
}

/// Every path of a journal is a plain relative path.
fn valid(journal: &Journal) -> bool {
    journal
        .write
        .iter()
        .chain(&journal.remove)
        .all(|e| Rel::new(&e.path).is_some() && !e.path.starts_with(STAGING))
}

/// Replaces the files of the journal's `write` list with their versions in
/// `files`, and removes those of its `remove` list, all or nothing (see the
/// module documentation). Needs the lock, and a folder without staging
/// folder (see [`recover`]).
pub fn switch(
    dir: &Dir,
    _lock: &Lock<'_>,
    files: &Files,
    journal: &Journal,
) -> Result<(), OutputError> {
    use rayon::prelude::*;
    if journal.write.is_empty() && journal.remove.is_empty() {
        return Ok(());
    }
    // Stage every new file, on every core: the flushes of tens of
    // megabytes overlap. Nothing in the folder has changed yet.
    let staged = journal.write.par_iter().try_for_each(|e| {
        let path = staged_new(&e.path);
        let bytes = files.get(&e.path).map_or(&[][..], Vec::as_slice);
        dir.create_file(rel(&path), bytes)
            .map_err(|source| OutputError::Io {
                path: dir.display(rel(&e.path)),
                source,
            })
    });
    if let Err(e) = staged {
        let _ = dir.remove_tree(rel(STAGING));
        return Err(e);
    }
    crash_point("staged");
    let io = |path: &str| {
        let shown = dir.display(rel(path));
        move |source| OutputError::Io {
            path: shown,
            source,
        }
    };
    let mut json = serde_json::to_vec(journal).unwrap_or_default();
    json.push(b'\n');
    let committed = dir
        .create_file(rel(JOURNAL_PART), &json)
        .and_then(|()| dir.rename(rel(JOURNAL_PART), rel(JOURNAL)))
        .and_then(|()| dir.sync(Some(rel(STAGING))));
    if let Err(e) = committed {
        let _ = dir.remove_tree(rel(STAGING));
        return Err(io(JOURNAL)(e));
    }
    crash_point("committed");
    if let Err(e) = apply(dir, journal, false) {
        roll_back(dir, journal);
        let _ = finish(dir);
        return Err(e);
    }
    crash_point("switched");
    finish(dir)
}

/// Carries out the renames of a journal; each step is skipped when it has
/// been done already, so that a switch stopped half-way can be completed.
/// `recovering`: the folder may have changed since the journal was written,
/// so an old file is moved aside only if it is still the one the journal
/// names.
fn apply(dir: &Dir, journal: &Journal, recovering: bool) -> Result<(), OutputError> {
    let io = |path: &str| {
        let shown = dir.display(rel(path));
        move |source| OutputError::Io {
            path: shown,
            source,
        }
    };
    let expect = |e: &Entry| -> Result<(), OutputError> {
        if recovering && dir.sha256(rel(&e.path), u64::MAX).ok().flatten() != e.old {
            return Err(OutputError::Io {
                path: dir.display(rel(&e.path)),
                source: std::io::Error::other("it changed since the switch began"),
            });
        }
        Ok(())
    };
    for e in &journal.write {
        let (new, old) = (staged_new(&e.path), staged_old(&e.path));
        if dir.kind(rel(&new)) == Kind::Missing {
            continue; // in place already
        }
        match dir.kind(rel(&e.path)) {
            Kind::Missing => {}
            Kind::File(_) if dir.kind(rel(&old)) == Kind::Missing => {
                expect(e)?;
                dir.rename(rel(&e.path), rel(&old)).map_err(io(&e.path))?;
                crash_point("rename");
            }
            Kind::File(_) => {}
            other => {
                return Err(OutputError::InTheWay {
                    path: dir.display(rel(&e.path)),
                    what: other.refusal().unwrap_or_default(),
                });
            }
        }
        dir.rename(rel(&new), rel(&e.path)).map_err(io(&e.path))?;
        crash_point("rename");
    }
    for e in &journal.remove {
        let old = staged_old(&e.path);
        if matches!(dir.kind(rel(&e.path)), Kind::File(_)) && dir.kind(rel(&old)) == Kind::Missing {
            expect(e)?;
            dir.rename(rel(&e.path), rel(&old)).map_err(io(&e.path))?;
            crash_point("rename");
        }
    }
    // Folders that only held removed files go too (never the output
    // folder itself, nor a folder that still holds anything).
    for e in &journal.remove {
        let mut path = e.path.as_str();
        while let Some((parent, _)) = path.rsplit_once('/') {
            if !dir.remove_empty_folder(rel(parent)) {
                break;
            }
            path = parent;
        }
    }
    // The renames reach the disk before the journal goes.
    let mut folders: Vec<&str> = journal
        .write
        .iter()
        .filter_map(|e| e.path.rsplit_once('/').map(|(p, _)| p))
        .collect();
    folders.sort_unstable();
    folders.dedup();
    for f in folders {
        let _ = dir.sync(Some(rel(f)));
    }
    dir.sync(None).map_err(|source| OutputError::Io {
        path: dir.path().to_path_buf(),
        source,
    })
}

/// Puts back every old file a journal's switch moved aside, and removes
/// the new files it moved into place. Best effort: it runs after a failure,
/// whose error is the one reported.
fn roll_back(dir: &Dir, journal: &Journal) {
    for e in journal.remove.iter().rev() {
        let old = staged_old(&e.path);
        if matches!(dir.kind(rel(&old)), Kind::File(_)) && dir.kind(rel(&e.path)) == Kind::Missing {
            let _ = dir.rename(rel(&old), rel(&e.path));
        }
    }
    for e in journal.write.iter().rev() {
        let (new, old) = (staged_new(&e.path), staged_old(&e.path));
        let placed = dir.kind(rel(&new)) == Kind::Missing;
        let saved = matches!(dir.kind(rel(&old)), Kind::File(_));
        match (placed, saved) {
            (true, true) => {
                let _ = dir.rename(rel(&old), rel(&e.path));
            }
            (true, false) if e.old.is_none() => {
                let _ = dir.remove_file(rel(&e.path));
            }
            (false, true) if dir.kind(rel(&e.path)) == Kind::Missing => {
                let _ = dir.rename(rel(&old), rel(&e.path));
            }
            _ => {}
        }
    }
    let _ = dir.sync(None);
}

/// The switch is over: the journal goes first (from then on the folder
/// holds one complete set), then the staging folder.
fn finish(dir: &Dir) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: dir.display(rel(STAGING)),
        source,
    };
    dir.remove_file(rel(JOURNAL)).map_err(io)?;
    let _ = dir.sync(Some(rel(STAGING)));
    dir.remove_tree(rel(STAGING)).map_err(io)
}
