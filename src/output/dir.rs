//! The output folder, opened once, and the files below it reached without
//! ever following a symbolic link.
//!
//! The path the user gave (`-o DIR`) is resolved once, links and all, when
//! the folder is opened. Below it, every step is taken relative to an open
//! folder: each folder on the way is opened with `O_NOFOLLOW | O_DIRECTORY`,
//! files are opened with `O_NOFOLLOW` (and `O_NONBLOCK`, so that a named pipe
//! cannot block), created with `O_EXCL`, renamed and removed with the `*at`
//! calls of the folder that holds them. A link anywhere below the output
//! folder is therefore never followed, whether it was planted there before
//! the build or while it runs: a build cannot read, write or delete
//! anything outside the folder through one.
//!
//! Paths below the folder are [`Rel`]: `/`-separated, relative, without
//! `.`, `..` or empty parts.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// A validated path below the output folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rel<'a>(&'a str);

impl<'a> Rel<'a> {
    /// `None` when `path` is absolute, empty, or has an empty, `.` or `..`
    /// part, a backslash (a separator on Windows) or a NUL byte.
    pub fn new(path: &'a str) -> Option<Rel<'a>> {
        let ok = !path.is_empty()
            && !path.contains(['\\', '\0'])
            && path
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        ok.then_some(Rel(path))
    }

    pub fn as_str(&self) -> &'a str {
        self.0
    }

    /// The folders on the way and the last part.
    fn split(&self) -> (Vec<&'a str>, &'a str) {
        let mut parts: Vec<&str> = self.0.split('/').collect();
        let name = parts.pop().unwrap_or_default();
        (parts, name)
    }
}

/// What a path below the output folder is, seen without following links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Missing,
    /// A regular file of this many bytes.
    File(u64),
    Folder,
    Link,
    /// A named pipe, socket or device.
    Special,
    /// A folder on the way is a symbolic link (the path up to it).
    ThroughLink(String),
    /// Something on the way is not a folder (the path up to it).
    ThroughFile(String),
}

impl Kind {
    /// Why outsec does not replace or remove what is at this path, if it
    /// would not: only regular files (and nothing at all) may be.
    pub fn refusal(&self) -> Option<String> {
        match self {
            Kind::Missing | Kind::File(_) => None,
            Kind::Folder => Some("a folder of that name is in the way".into()),
            Kind::Link => Some(
                "it is a symbolic link, and outsec never replaces or follows links in the output folder"
                    .into(),
            ),
            Kind::Special => Some("it is a named pipe, socket or device, not a file".into()),
            Kind::ThroughLink(p) => Some(format!(
                "`{p}` on its way is a symbolic link, and outsec never writes or deletes through links in the output folder"
            )),
            Kind::ThroughFile(p) => Some(format!(
                "`{p}` on its way is a file, where a folder would have to be"
            )),
        }
    }
}

/// What reading a file gave.
pub enum Read {
    Missing,
    Bytes(Vec<u8>),
    /// A regular file larger than the limit.
    TooLarge,
    /// Not a regular file, or reached through a link.
    NotRegular,
}

pub use imp::Dir;

impl Dir {
    /// The path of `rel` as the user knows it, for messages.
    pub fn display(&self, rel: Rel<'_>) -> PathBuf {
        self.path().join(rel.as_str())
    }

    /// Reads `rel` if it is a regular file of at most `limit` bytes.
    pub fn read(&self, rel: Rel<'_>, limit: u64) -> std::io::Result<Read> {
        let Some(file) = self.open_regular(rel)? else {
            return Ok(match self.kind(rel) {
                Kind::Missing => Read::Missing,
                _ => Read::NotRegular,
            });
        };
        let (file, len) = file;
        if len > limit {
            return Ok(Read::TooLarge);
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
        Ok(if bytes.len() as u64 > limit {
            Read::TooLarge
        } else {
            Read::Bytes(bytes)
        })
    }

    /// The SHA-256 of `rel` if it is a regular file of at most `limit`
    /// bytes, read in pieces.
    pub fn sha256(&self, rel: Rel<'_>, limit: u64) -> std::io::Result<Option<String>> {
        use sha2::Digest as _;
        let Some((file, len)) = self.open_regular(rel)? else {
            return Ok(None);
        };
        if len > limit {
            return Ok(None);
        }
        let mut hasher = sha2::Sha256::new();
        let mut reader = file.take(limit.saturating_add(1));
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        loop {
            let n = reader.read(&mut buf)?;
            if n == 0 {
                break;
            }
            total += n as u64;
            hasher.update(&buf[..n]);
        }
        Ok((total <= limit).then(|| hex::encode(hasher.finalize())))
    }
}

#[cfg(unix)]
mod imp {
    use std::fs::File;
    use std::io::Write as _;
    use std::os::fd::{AsFd, OwnedFd};
    use std::path::{Path, PathBuf};

    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    use rustix::io::Errno;

    use super::{Kind, Rel};

    /// An open folder; see the module documentation.
    pub struct Dir {
        fd: OwnedFd,
        path: PathBuf,
    }

    const DIR_FLAGS: OFlags = OFlags::RDONLY
        .union(OFlags::DIRECTORY)
        .union(OFlags::NOFOLLOW)
        .union(OFlags::CLOEXEC);

    fn io(e: Errno) -> std::io::Error {
        e.into()
    }

    fn kind_of(st: &rustix::fs::Stat) -> Kind {
        match FileType::from_raw_mode(st.st_mode) {
            FileType::RegularFile => Kind::File(0),
            FileType::Directory => Kind::Folder,
            FileType::Symlink => Kind::Link,
            _ => Kind::Special,
        }
    }

    impl Dir {
        /// Opens the folder at `path`, following links in `path` itself:
        /// the folder the user named is resolved once, here.
        pub fn open(path: &Path) -> std::io::Result<Dir> {
            let fd = rustix::fs::open(
                path,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )
            .map_err(io)?;
            Ok(Dir {
                fd,
                path: path.to_path_buf(),
            })
        }

        pub fn path(&self) -> &Path {
            &self.path
        }

        /// Opens the folders `parts` one below the other, without following
        /// links; with `create`, makes those that are missing. `Ok(None)`:
        /// one is missing (and `create` is off).
        fn walk(&self, parts: &[&str], create: bool) -> std::io::Result<Option<OwnedFd>> {
            let mut fd = rustix::io::dup(&self.fd).map_err(io)?;
            for part in parts {
                let next = match rustix::fs::openat(&fd, *part, DIR_FLAGS, Mode::empty()) {
                    Err(Errno::NOENT) if create => {
                        match rustix::fs::mkdirat(&fd, *part, Mode::from_bits_truncate(0o777)) {
                            Ok(()) | Err(Errno::EXIST) => {}
                            Err(e) => return Err(io(e)),
                        }
                        rustix::fs::openat(&fd, *part, DIR_FLAGS, Mode::empty()).map_err(io)?
                    }
                    Err(Errno::NOENT) => return Ok(None),
                    Err(e) => return Err(io(e)),
                    Ok(next) => next,
                };
                fd = next;
            }
            Ok(Some(fd))
        }

        /// What is at `rel`, without following links.
        pub fn kind(&self, rel: Rel<'_>) -> Kind {
            let (parts, name) = rel.split();
            let mut fd = match rustix::io::dup(&self.fd) {
                Ok(fd) => fd,
                Err(_) => return Kind::Missing,
            };
            for (i, part) in parts.iter().enumerate() {
                let here = || parts[..=i].join("/");
                match rustix::fs::statat(&fd, *part, AtFlags::SYMLINK_NOFOLLOW) {
                    Err(_) => return Kind::Missing,
                    Ok(st) => match kind_of(&st) {
                        Kind::Folder => {}
                        Kind::Link => return Kind::ThroughLink(here()),
                        _ => return Kind::ThroughFile(here()),
                    },
                }
                match rustix::fs::openat(&fd, *part, DIR_FLAGS, Mode::empty()) {
                    Ok(next) => fd = next,
                    // Replaced between the two calls: say what it is now.
                    Err(Errno::LOOP) => return Kind::ThroughLink(here()),
                    Err(Errno::NOTDIR) => return Kind::ThroughFile(here()),
                    Err(_) => return Kind::Missing,
                }
            }
            match rustix::fs::statat(&fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Err(_) => Kind::Missing,
                Ok(st) => match kind_of(&st) {
                    Kind::File(_) => Kind::File(st.st_size as u64),
                    other => other,
                },
            }
        }

        /// The file at `rel` and its size, if it is a regular file reached
        /// without links.
        pub fn open_regular(&self, rel: Rel<'_>) -> std::io::Result<Option<(File, u64)>> {
            let (parts, name) = rel.split();
            let Some(parent) = self.walk_quiet(&parts)? else {
                return Ok(None);
            };
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let fd = match rustix::fs::openat(&parent, name, flags, Mode::empty()) {
                Ok(fd) => fd,
                Err(Errno::NOENT | Errno::LOOP | Errno::NOTDIR | Errno::NXIO) => return Ok(None),
                Err(e) => return Err(io(e)),
            };
            let st = rustix::fs::fstat(&fd).map_err(io)?;
            if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
                return Ok(None);
            }
            Ok(Some((File::from(fd), st.st_size as u64)))
        }

        /// Like `walk` without creating, but a link or file on the way
        /// counts as missing.
        fn walk_quiet(&self, parts: &[&str]) -> std::io::Result<Option<OwnedFd>> {
            match self.walk(parts, false) {
                Err(e) if matches!(Errno::from_io_error(&e), Some(Errno::LOOP | Errno::NOTDIR)) => {
                    Ok(None)
                }
                other => other,
            }
        }

        /// Writes `bytes` to a new file at `rel` (which must not exist),
        /// making the folders on the way, and flushes it to disk. The file
        /// gets the permissions any new file of the user gets (0666 less
        /// the umask).
        pub fn create_file(&self, rel: Rel<'_>, bytes: &[u8]) -> std::io::Result<()> {
            let (parts, name) = rel.split();
            let parent = self.walk(&parts, true)?.ok_or(Errno::NOENT).map_err(io)?;
            let flags =
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(&parent, name, flags, Mode::from_bits_truncate(0o666))
                .map_err(io)?;
            let mut file = File::from(fd);
            file.write_all(bytes)?;
            file.sync_all()
        }

        /// Opens the file `name` directly in this folder, never through a
        /// link: with `create`, a new file (which must not exist) for
        /// reading and writing; without, an existing regular file for
        /// reading only, so that nothing is ever written into a file that
        /// someone else made (a hard link to a file elsewhere is one).
        /// `Ok(None)`: with `create`, the file exists; without, it does not.
        pub fn open_lock_file(&self, name: &str, create: bool) -> std::io::Result<Option<File>> {
            let flags = if create {
                OFlags::RDWR | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC
            } else {
                OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC
            };
            if !create {
                // Not even opened when it is not a regular file: opening a
                // device can do something.
                match rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                    Err(Errno::NOENT) => return Ok(None),
                    Err(e) => return Err(io(e)),
                    Ok(st) if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile => {
                        return Err(io(Errno::INVAL));
                    }
                    Ok(_) => {}
                }
            }
            let fd =
                match rustix::fs::openat(&self.fd, name, flags, Mode::from_bits_truncate(0o666)) {
                    Ok(fd) => fd,
                    Err(Errno::EXIST) if create => return Ok(None),
                    Err(Errno::NOENT) if !create => return Ok(None),
                    Err(e) => return Err(io(e)),
                };
            let st = rustix::fs::fstat(&fd).map_err(io)?;
            if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
                return Err(io(Errno::INVAL));
            }
            Ok(Some(File::from(fd)))
        }

        /// Whether `file` is still the file at `name` in this folder (and
        /// not one that was removed or replaced since it was opened).
        pub fn is_same_file(&self, name: &str, file: &File) -> bool {
            let (Ok(a), Ok(b)) = (
                rustix::fs::fstat(file.as_fd()),
                rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW),
            ) else {
                return false;
            };
            a.st_dev == b.st_dev && a.st_ino == b.st_ino
        }

        /// Moves `from` to `to`, making the folders on the way to `to`.
        /// Never replaces anything: if something is at `to` (put there by
        /// someone else meanwhile), the error is `AlreadyExists`.
        pub fn rename(&self, from: Rel<'_>, to: Rel<'_>) -> std::io::Result<()> {
            let (from_parts, from_name) = from.split();
            let (to_parts, to_name) = to.split();
            let from_dir = self
                .walk(&from_parts, false)?
                .ok_or(Errno::NOENT)
                .map_err(io)?;
            let to_dir = self
                .walk(&to_parts, true)?
                .ok_or(Errno::NOENT)
                .map_err(io)?;
            #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
            match rustix::fs::renameat_with(
                &from_dir,
                from_name,
                &to_dir,
                to_name,
                rustix::fs::RenameFlags::NOREPLACE,
            ) {
                // A file system without the flag: checked just before instead.
                Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
                other => return other.map_err(io),
            }
            match rustix::fs::statat(&to_dir, to_name, AtFlags::SYMLINK_NOFOLLOW) {
                Err(Errno::NOENT) => {}
                Ok(_) => return Err(io(Errno::EXIST)),
                Err(e) => return Err(io(e)),
            }
            rustix::fs::renameat(&from_dir, from_name, &to_dir, to_name).map_err(io)
        }

        /// The names in the folder at `rel`, if it is a folder reached
        /// without links.
        pub fn list(&self, rel: Option<Rel<'_>>) -> std::io::Result<Vec<String>> {
            let parts: Vec<&str> = rel
                .map(|r| r.as_str().split('/').collect())
                .unwrap_or_default();
            let dir = self.walk(&parts, false)?.ok_or(Errno::NOENT).map_err(io)?;
            let mut names = Vec::new();
            for entry in rustix::fs::Dir::read_from(&dir).map_err(io)? {
                let entry = entry.map_err(io)?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name != "." && name != ".." {
                    names.push(name);
                }
            }
            names.sort();
            Ok(names)
        }

        /// Removes the file (or link: the link itself) at `rel`.
        pub fn remove_file(&self, rel: Rel<'_>) -> std::io::Result<()> {
            let (parts, name) = rel.split();
            let Some(dir) = self.walk(&parts, false)? else {
                return Ok(());
            };
            match rustix::fs::unlinkat(&dir, name, AtFlags::empty()) {
                Ok(()) | Err(Errno::NOENT) => Ok(()),
                Err(e) => Err(io(e)),
            }
        }

        /// Removes the folder at `rel` if it is empty; `false` if it is not
        /// (or is not a folder).
        pub fn remove_empty_folder(&self, rel: Rel<'_>) -> bool {
            let (parts, name) = rel.split();
            let Ok(Some(dir)) = self.walk_quiet(&parts) else {
                return false;
            };
            rustix::fs::unlinkat(&dir, name, AtFlags::REMOVEDIR).is_ok()
        }

        /// Removes the folder at `rel` and everything in it, removing links
        /// themselves and never following them.
        pub fn remove_tree(&self, rel: Rel<'_>) -> std::io::Result<()> {
            let (parts, name) = rel.split();
            let Some(parent) = self.walk_quiet(&parts)? else {
                return Ok(());
            };
            remove_tree_at(&parent, name, 0)
        }

        /// Flushes the folder at `rel` (or the output folder itself) to
        /// disk, so that the renames in it survive a power failure.
        pub fn sync(&self, rel: Option<Rel<'_>>) -> std::io::Result<()> {
            let parts: Vec<&str> = rel
                .map(|r| r.as_str().split('/').collect())
                .unwrap_or_default();
            match self.walk_quiet(&parts)? {
                Some(fd) => rustix::fs::fsync(&fd).map_err(io),
                None => Ok(()),
            }
        }
    }

    /// Deep enough for any folder outsec makes; a deeper tree is not ours.
    const MAX_DEPTH: usize = 64;

    fn remove_tree_at(parent: &OwnedFd, name: &str, depth: usize) -> std::io::Result<()> {
        let st = match rustix::fs::statat(parent, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => st,
            Err(Errno::NOENT) => return Ok(()),
            Err(e) => return Err(io(e)),
        };
        if FileType::from_raw_mode(st.st_mode) != FileType::Directory {
            return match rustix::fs::unlinkat(parent, name, AtFlags::empty()) {
                Ok(()) | Err(Errno::NOENT) => Ok(()),
                Err(e) => Err(io(e)),
            };
        }
        if depth > MAX_DEPTH {
            return Err(std::io::Error::other("the folder nests too deeply"));
        }
        let dir = rustix::fs::openat(parent, name, DIR_FLAGS, Mode::empty()).map_err(io)?;
        let mut names = Vec::new();
        for entry in rustix::fs::Dir::read_from(&dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let n = entry.file_name().to_bytes();
            if n != b"." && n != b".." {
                names.push(entry.file_name().to_owned());
            }
        }
        for n in names {
            let n = n
                .to_str()
                .map_err(|_| std::io::Error::other("a file name is not UTF-8"))?;
            remove_tree_at(&dir, n, depth + 1)?;
        }
        match rustix::fs::unlinkat(parent, name, AtFlags::REMOVEDIR) {
            Ok(()) | Err(Errno::NOENT) => Ok(()),
            Err(e) => Err(io(e)),
        }
    }
}

/// Elsewhere than Unix: the same operations on paths, with every part of
/// the way checked not to be a link just before use.
#[cfg(not(unix))]
mod imp {
    use std::fs::File;
    use std::io::Write as _;
    use std::path::{Path, PathBuf};

    use super::{Kind, Rel};

    pub struct Dir {
        path: PathBuf,
    }

    fn kind_at(p: &Path) -> Kind {
        match std::fs::symlink_metadata(p) {
            Err(_) => Kind::Missing,
            Ok(m) if m.file_type().is_symlink() => Kind::Link,
            Ok(m) if m.is_dir() => Kind::Folder,
            Ok(m) if m.is_file() => Kind::File(m.len()),
            Ok(_) => Kind::Special,
        }
    }

    fn refused() -> std::io::Error {
        std::io::Error::other("a link or file is on the way")
    }

    impl Dir {
        pub fn open(path: &Path) -> std::io::Result<Dir> {
            let path = std::fs::canonicalize(path)?;
            if !path.is_dir() {
                return Err(std::io::Error::other("not a folder"));
            }
            Ok(Dir { path })
        }

        pub fn path(&self) -> &Path {
            &self.path
        }

        /// The real path of the folders `parts`, made with `create`.
        fn walk(&self, parts: &[&str], create: bool) -> std::io::Result<Option<PathBuf>> {
            let mut p = self.path.clone();
            for part in parts {
                p.push(part);
                match kind_at(&p) {
                    Kind::Folder => {}
                    Kind::Missing if create => std::fs::create_dir(&p)?,
                    Kind::Missing => return Ok(None),
                    _ => return Err(refused()),
                }
            }
            Ok(Some(p))
        }

        pub fn kind(&self, rel: Rel<'_>) -> Kind {
            let (parts, name) = rel.split();
            let mut p = self.path.clone();
            for (i, part) in parts.iter().enumerate() {
                p.push(part);
                match kind_at(&p) {
                    Kind::Folder => {}
                    Kind::Missing => return Kind::Missing,
                    Kind::Link => return Kind::ThroughLink(parts[..=i].join("/")),
                    _ => return Kind::ThroughFile(parts[..=i].join("/")),
                }
            }
            kind_at(&p.join(name))
        }

        pub fn open_regular(&self, rel: Rel<'_>) -> std::io::Result<Option<(File, u64)>> {
            match self.kind(rel) {
                Kind::File(len) => Ok(Some((File::open(self.path.join(rel.as_str()))?, len))),
                _ => Ok(None),
            }
        }

        pub fn create_file(&self, rel: Rel<'_>, bytes: &[u8]) -> std::io::Result<()> {
            let (parts, name) = rel.split();
            let dir = self.walk(&parts, true)?.ok_or_else(refused)?;
            let mut file = File::create_new(dir.join(name))?;
            file.write_all(bytes)?;
            file.sync_all()
        }

        pub fn open_lock_file(&self, name: &str, create: bool) -> std::io::Result<Option<File>> {
            let p = self.path.join(name);
            let mut options = std::fs::OpenOptions::new();
            options.read(true);
            if create {
                options.write(true).create_new(true);
            }
            match (kind_at(&p), create) {
                (Kind::Missing, true) | (Kind::File(_), false) => match options.open(p) {
                    Ok(f) => Ok(Some(f)),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(e),
                },
                (Kind::File(_), true) | (Kind::Missing, false) => Ok(None),
                _ => Err(refused()),
            }
        }

        pub fn is_same_file(&self, name: &str, _file: &File) -> bool {
            matches!(kind_at(&self.path.join(name)), Kind::File(_))
        }

        pub fn rename(&self, from: Rel<'_>, to: Rel<'_>) -> std::io::Result<()> {
            let (fp, fname) = from.split();
            let (tp, tname) = to.split();
            let from_dir = self.walk(&fp, false)?.ok_or_else(refused)?;
            let to_dir = self.walk(&tp, true)?.ok_or_else(refused)?;
            if kind_at(&to_dir.join(tname)) != Kind::Missing {
                return Err(std::io::ErrorKind::AlreadyExists.into());
            }
            std::fs::rename(from_dir.join(fname), to_dir.join(tname))
        }

        pub fn list(&self, rel: Option<Rel<'_>>) -> std::io::Result<Vec<String>> {
            if rel.is_some_and(|rel| self.kind(rel) != Kind::Folder) {
                return Err(refused());
            }
            let path = rel.map_or_else(|| self.path.clone(), |rel| self.path.join(rel.as_str()));
            let mut names: Vec<String> = std::fs::read_dir(path)?
                .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect::<Result<_, _>>()?;
            names.sort();
            Ok(names)
        }

        pub fn remove_file(&self, rel: Rel<'_>) -> std::io::Result<()> {
            match self.kind(rel) {
                Kind::File(_) | Kind::Link | Kind::Special => {
                    std::fs::remove_file(self.path.join(rel.as_str()))
                }
                _ => Ok(()),
            }
        }

        pub fn remove_empty_folder(&self, rel: Rel<'_>) -> bool {
            self.kind(rel) == Kind::Folder
                && std::fs::remove_dir(self.path.join(rel.as_str())).is_ok()
        }

        pub fn remove_tree(&self, rel: Rel<'_>) -> std::io::Result<()> {
            match self.kind(rel) {
                // `remove_dir_all` does not follow links inside the tree.
                Kind::Folder => std::fs::remove_dir_all(self.path.join(rel.as_str())),
                Kind::Missing => Ok(()),
                _ => self.remove_file(rel),
            }
        }

        pub fn sync(&self, _rel: Option<Rel<'_>>) -> std::io::Result<()> {
            Ok(())
        }
    }
}

/// The first existing entry on the way to `path` (from the root) that is not
/// a folder, if any: the reason a folder cannot be created there.
pub fn first_file_on(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter(|p| !p.as_os_str().is_empty())
        .find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()))
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_accepted() {
        for ok in ["a", "a/b.md", "tender-pack/x.html", ".hidden/x"] {
            assert!(Rel::new(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "./a",
            "a/",
            "a\\b",
            "a\0b",
            ".",
            "..",
        ] {
            assert!(Rel::new(bad).is_none(), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_below_the_folder_are_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let victim = tmp.path().join("victim");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::create_dir_all(&victim).unwrap();
        std::fs::write(victim.join("precious.txt"), "keep").unwrap();
        std::os::unix::fs::symlink(&victim, out.join("docs")).unwrap();
        std::os::unix::fs::symlink(victim.join("precious.txt"), out.join("file.md")).unwrap();
        let dir = Dir::open(&out).unwrap();
        let through = Rel::new("docs/precious.txt").unwrap();
        assert_eq!(dir.kind(through), Kind::ThroughLink("docs".into()));
        assert!(matches!(dir.read(through, 100).unwrap(), Read::NotRegular));
        assert!(dir.remove_file(through).is_err());
        assert!(
            dir.create_file(Rel::new("docs/new.md").unwrap(), b"x")
                .is_err()
        );
        let link = Rel::new("file.md").unwrap();
        assert_eq!(dir.kind(link), Kind::Link);
        assert!(matches!(dir.read(link, 100).unwrap(), Read::NotRegular));
        assert!(dir.remove_tree(Rel::new("docs").unwrap()).is_ok());
        assert_eq!(
            std::fs::read_to_string(victim.join("precious.txt")).unwrap(),
            "keep"
        );
        assert!(!out.join("docs").exists());
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = Dir::open(tmp.path()).unwrap();
        std::os::unix::fs::symlink("/dev/zero", tmp.path().join("zero.pdf")).unwrap();
        let fifo = tmp.path().join("pipe.pdf");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(matches!(
            dir.read(Rel::new("zero.pdf").unwrap(), 10).unwrap(),
            Read::NotRegular
        ));
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(dir.kind(Rel::new("pipe.pdf").unwrap()), Kind::Special);
            assert!(matches!(
                dir.read(Rel::new("pipe.pdf").unwrap(), 10).unwrap(),
                Read::NotRegular
            ));
        }
        std::fs::write(tmp.path().join("big"), vec![b'x'; 20]).unwrap();
        assert!(matches!(
            dir.read(Rel::new("big").unwrap(), 10).unwrap(),
            Read::TooLarge
        ));
        assert_eq!(dir.sha256(Rel::new("big").unwrap(), 10).unwrap(), None);
    }
}
