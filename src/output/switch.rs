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
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::dir::{Dir, Kind, Rel};
use super::{Files, OutputError};
use crate::report::{Notice, Notify};

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
/// holds it (and telling `notify` so), for at most [`lock_wait`].
pub fn lock<'a>(dir: &'a Dir, notify: Notify) -> Result<Lock<'a>, OutputError> {
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
                    notify(Notice::Waiting {
                        out: dir.path().to_path_buf(),
                        holder,
                    });
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

/// One file of the switch: its path, what was there before (the SHA-256
/// of the file it replaces or removes, `None` where there was none) and
/// what comes.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub old: Option<String>,
    /// The SHA-256 of the new file (`write` entries).
    #[serde(default)]
    pub new: Option<String>,
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

/// Test hooks, at each step of a switch. With `OUTSEC_TEST_CRASH_AT` set
/// to the number of a step (the first is 1) or to its name, the process
/// aborts there, as a `kill -9` would stop it, without unwinding or
/// releasing anything. With `OUTSEC_TEST_PAUSE_AT` (the same) and
/// `OUTSEC_TEST_PAUSE_FILE`, it creates that file there and waits until it
/// is removed (at most a minute), so that a test can change the output
/// folder in the middle of a switch. The steps: the staging of every file
/// (`staged`), the journal in place (`committed`), each rename (`rename`),
/// the switch done (`switched`), a finished recovery (`recovered`).
fn crash_point(name: &str) {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let crash = std::env::var("OUTSEC_TEST_CRASH_AT").ok();
    let pause = std::env::var("OUTSEC_TEST_PAUSE_AT").ok();
    if crash.is_none() && pause.is_none() {
        return;
    }
    let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
    let here = |at: &Option<String>| {
        at.as_deref()
            .is_some_and(|at| at == name || at.parse() == Ok(n))
    };
    if here(&crash) {
        eprintln!("outsec: stopped at step {n} ({name}) by OUTSEC_TEST_CRASH_AT");
        std::process::abort();
    }
    if here(&pause)
        && let Some(file) = std::env::var_os("OUTSEC_TEST_PAUSE_FILE")
    {
        let file = std::path::PathBuf::from(file);
        if std::fs::write(&file, format!("{n} {name}\n")).is_ok() {
            let until = Instant::now() + Duration::from_secs(60);
            while file.exists() && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// What is at the staging folder's place.
#[derive(Debug, PartialEq, Eq)]
pub enum Staging {
    Absent,
    /// outsec's staging folder; `journal`: with a switch that counts as done
    /// and waits to be completed.
    Ours {
        journal: bool,
    },
    /// Something else, which outsec leaves alone: why it is not outsec's.
    Foreign(String),
}

/// The entries outsec puts into its staging folder.
const STAGING_NAMES: [&str; 4] = ["journal.json", "journal.part", "new", "old"];

/// What is at `.outsec-staging`. outsec's own folder holds nothing but its
/// entries: with a journal, anything a switch can leave; without one, only
/// the files a run had staged before it was killed (in `new/`, each with a
/// name that `build` or `pack` writes) and the journal being written. A
/// journal that cannot be read, earlier files (`old/`) without a journal, a
/// file, a link or a folder of the user's: never removed.
pub fn staging(dir: &Dir) -> Staging {
    let at = rel(STAGING);
    let names = match dir.kind(at) {
        Kind::Missing => return Staging::Absent,
        Kind::Folder => match dir.list(Some(at)) {
            Ok(names) => names,
            Err(e) => return Staging::Foreign(format!("it cannot be read ({e})")),
        },
        Kind::File(_) => return Staging::Foreign("it is a file".into()),
        other => return Staging::Foreign(other.refusal().unwrap_or_default()),
    };
    if let Some(odd) = names.iter().find(|n| !STAGING_NAMES.contains(&n.as_str())) {
        return Staging::Foreign(format!(
            "it holds `{}`, which outsec does not put there",
            crate::diag::clean(odd)
        ));
    }
    match dir.kind(rel(JOURNAL)) {
        Kind::Missing => {}
        Kind::File(_) => {
            return match read_journal(dir) {
                Some(_) => Staging::Ours { journal: true },
                None => Staging::Foreign("its journal cannot be read as outsec's".into()),
            };
        }
        other => {
            return Staging::Foreign(format!(
                "its journal: {}",
                other.refusal().unwrap_or_default()
            ));
        }
    }
    if names.iter().any(|n| n == "old") {
        return Staging::Foreign("it holds earlier files (`old`) but no journal".into());
    }
    if names.iter().any(|n| n == "new") {
        let mut files = Vec::new();
        if let Err(why) = staged_files(dir, &format!("{STAGING}/new"), "", 0, &mut files) {
            return Staging::Foreign(why);
        }
        if let Some(odd) = files
            .iter()
            .find(|p| !(super::BUILD.owns)(p) && !(super::PACK.owns)(p) && *p != super::PACK.file)
        {
            return Staging::Foreign(format!(
                "it holds `new/{}`, which outsec never writes",
                crate::diag::clean(odd)
            ));
        }
    }
    Staging::Ours { journal: false }
}

/// Most files and depth of a staging folder's `new/` (more is not ours).
const MAX_STAGED: usize = 100_000;
const MAX_STAGED_DEPTH: usize = 8;

/// The regular files below `folder` (paths relative to it, in `into`);
/// `Err` with the reason when something else is there.
fn staged_files(
    dir: &Dir,
    folder: &str,
    prefix: &str,
    depth: usize,
    into: &mut Vec<String>,
) -> Result<(), String> {
    let Some(at) = Rel::new(folder) else {
        return Err("a name in it cannot be read".into());
    };
    let names = dir
        .list(Some(at))
        .map_err(|e| format!("it cannot be read ({e})"))?;
    for name in names {
        let path = format!("{prefix}{name}");
        let full = format!("{folder}/{name}");
        let Some(entry) = Rel::new(&full) else {
            return Err("a name in it cannot be read".into());
        };
        match dir.kind(entry) {
            Kind::File(_) => into.push(path),
            Kind::Folder if depth < MAX_STAGED_DEPTH => {
                staged_files(dir, &full, &format!("{path}/"), depth + 1, into)?;
            }
            _ => {
                return Err(format!(
                    "it holds `new/{}`, which is not a file outsec staged",
                    crate::diag::clean(&path)
                ));
            }
        }
        if into.len() > MAX_STAGED {
            return Err("it holds more files than outsec ever stages".into());
        }
    }
    Ok(())
}

/// The journal of the staging folder, if it is a valid one of outsec's.
fn read_journal(dir: &Dir) -> Option<Journal> {
    match dir.read(rel(JOURNAL), MAX_JOURNAL) {
        Ok(super::dir::Read::Bytes(bytes)) => {
            serde_json::from_slice::<Journal>(&bytes).ok().filter(valid)
        }
        _ => None,
    }
}

/// The error for a staging folder that is not outsec's.
fn foreign(dir: &Dir, why: String) -> OutputError {
    OutputError::InTheWay {
        path: dir.display(rel(STAGING)),
        what: format!(
            "outsec keeps its staging folder under this name, but what is there is not outsec's: {why}; move it elsewhere"
        ),
    }
}

/// Finishes what a killed run left in the output folder (see the module
/// documentation). Needs the lock.
pub fn recover(dir: &Dir, _lock: &Lock<'_>, notify: Notify) -> Result<(), OutputError> {
    super::scratch::remove_stale(dir);
    let journal = match staging(dir) {
        Staging::Absent => return Ok(()),
        Staging::Foreign(why) => return Err(foreign(dir, why)),
        Staging::Ours { journal: false } => None,
        Staging::Ours { journal: true } => read_journal(dir),
    };
    if let Some(journal) = journal {
        notify(Notice::Completing {
            out: dir.path().to_path_buf(),
        });
        if let Err(e) = apply(dir, &journal) {
            if let Err(stuck) = roll_back(dir, &journal) {
                return Err(OutputError::Stuck {
                    cause: Box::new(e),
                    staging: dir.display(rel(STAGING)),
                    files: stuck,
                });
            }
            notify(Notice::PutBack {
                cause: e.to_string(),
            });
        }
    }
    let result = finish(dir);
    crash_point("recovered");
    result
}

/// Every path of a journal is a plain relative path outside the staging
/// folder.
fn valid(journal: &Journal) -> bool {
    journal
        .write
        .iter()
        .chain(&journal.remove)
        .all(|e| Rel::new(&e.path).is_some() && e.path.split('/').next() != Some(STAGING))
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
    let mut json = serde_json::to_vec(journal).unwrap_or_default();
    json.push(b'\n');
    let committed = dir
        .create_file(rel(JOURNAL_PART), &json)
        .and_then(|()| dir.rename(rel(JOURNAL_PART), rel(JOURNAL)))
        .and_then(|()| dir.sync(Some(rel(STAGING))));
    if let Err(source) = committed {
        let _ = dir.remove_tree(rel(STAGING));
        return Err(OutputError::Io {
            path: dir.display(rel(JOURNAL)),
            source,
        });
    }
    crash_point("committed");
    if let Err(e) = apply(dir, journal) {
        return match roll_back(dir, journal) {
            Ok(()) => {
                finish(dir)?;
                Err(e)
            }
            // The journal stays: the next run completes the switch.
            Err(stuck) => Err(OutputError::Stuck {
                cause: Box::new(e),
                staging: dir.display(rel(STAGING)),
                files: stuck,
            }),
        };
    }
    crash_point("switched");
    finish(dir)
}

/// The error for a file that is not what the journal says: changed by
/// someone else while outsec switched.
fn changed(dir: &Dir, path: &str) -> OutputError {
    OutputError::Changed {
        path: dir.display(rel(path)),
    }
}

/// Moves the file at `path` aside into the staging folder's `old/`, and
/// makes sure it is the file the journal names (`expected`, its SHA-256):
/// should someone have changed or replaced it since outsec looked, it is
/// put back and the switch stops. Checking after the move leaves no moment
/// in which a change could slip through.
fn set_aside(dir: &Dir, path: &str, expected: Option<&str>) -> Result<(), OutputError> {
    let old = staged_old(path);
    dir.rename(rel(path), rel(&old)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            changed(dir, path)
        } else {
            OutputError::Io {
                path: dir.display(rel(path)),
                source: e,
            }
        }
    })?;
    crash_point("rename");
    let actual = dir.sha256(rel(&old), u64::MAX).ok().flatten();
    if actual.as_deref() != expected || expected.is_none() {
        // Back where it was (unless something new is there: then it stays
        // in `old/`, and the roll back reports it).
        let _ = dir.rename(rel(&old), rel(path));
        return Err(changed(dir, path));
    }
    Ok(())
}

/// Carries out the renames of a journal; each step is skipped when it has
/// been done already, so that a switch stopped half-way can be completed.
/// No rename replaces anything, and every file moved aside is checked to be
/// the one the journal names, so a file that someone changed, replaced or
/// created while outsec switched stops the switch instead of being lost.
fn apply(dir: &Dir, journal: &Journal) -> Result<(), OutputError> {
    let io = |path: &str| {
        let shown = dir.display(rel(path));
        move |source: std::io::Error| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::Changed { path: shown }
            } else {
                OutputError::Io {
                    path: shown,
                    source,
                }
            }
        }
    };
    for e in &journal.write {
        let (new, old) = (staged_new(&e.path), staged_old(&e.path));
        if dir.kind(rel(&new)) == Kind::Missing {
            continue; // in place already
        }
        match dir.kind(rel(&e.path)) {
            Kind::Missing => {}
            // Not moved aside yet.
            Kind::File(_) if dir.kind(rel(&old)) == Kind::Missing => {
                set_aside(dir, &e.path, e.old.as_deref())?;
            }
            // Moved aside before, and something new is there since.
            Kind::File(_) => return Err(changed(dir, &e.path)),
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
        if matches!(dir.kind(rel(&e.path)), Kind::File(_)) {
            if dir.kind(rel(&old)) != Kind::Missing {
                return Err(changed(dir, &e.path));
            }
            set_aside(dir, &e.path, e.old.as_deref())?;
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
/// the new files it moved into place; nothing is replaced on the way. On
/// failure, the files that could not be put back (they stay in the
/// staging folder, with the journal).
fn roll_back(dir: &Dir, journal: &Journal) -> Result<(), Vec<PathBuf>> {
    let mut stuck = Vec::new();
    for e in journal.remove.iter().rev() {
        let old = staged_old(&e.path);
        if matches!(dir.kind(rel(&old)), Kind::File(_))
            && dir.rename(rel(&old), rel(&e.path)).is_err()
        {
            stuck.push(dir.display(rel(&e.path)));
        }
    }
    for e in journal.write.iter().rev() {
        let (new, old) = (staged_new(&e.path), staged_old(&e.path));
        let placed = dir.kind(rel(&new)) == Kind::Missing;
        let saved = matches!(dir.kind(rel(&old)), Kind::File(_));
        // The new file in place goes back to `new/` first, if it is still
        // the new file (someone may have replaced it since: then that
        // file stays where it is, and the old one in `old/`).
        let cleared = !placed || take_back(dir, &e.path, &new, e.new.as_deref());
        let done = cleared && (!saved || dir.rename(rel(&old), rel(&e.path)).is_ok());
        if !done {
            stuck.push(dir.display(rel(&e.path)));
        }
    }
    let _ = dir.sync(None);
    if stuck.is_empty() { Ok(()) } else { Err(stuck) }
}

/// Moves the file at `path` back to `new` if it is the file the switch put
/// there (`expected`, its SHA-256); whether `path` is free now.
fn take_back(dir: &Dir, path: &str, new: &str, expected: Option<&str>) -> bool {
    match dir.kind(rel(path)) {
        Kind::Missing => true,
        Kind::File(_) => {
            if dir.rename(rel(path), rel(new)).is_err() {
                return false;
            }
            if dir.sha256(rel(new), u64::MAX).ok().flatten().as_deref() == expected {
                return true;
            }
            let _ = dir.rename(rel(new), rel(path));
            false
        }
        _ => false,
    }
}

/// The switch is over: the earlier files go, then the journal (from then on
/// the folder holds one complete set), then the staging folder.
fn finish(dir: &Dir) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: dir.display(rel(STAGING)),
        source,
    };
    // The earlier files go while the journal still says what they are (a
    // staging folder with `old/` and no journal is not outsec's).
    dir.remove_tree(rel(&format!("{STAGING}/old")))
        .map_err(io)?;
    dir.remove_file(rel(JOURNAL)).map_err(io)?;
    let _ = dir.sync(Some(rel(STAGING)));
    dir.remove_tree(rel(STAGING)).map_err(io)
}
