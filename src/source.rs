//! Where the input files are read from: the input folder on disk, or the
//! input folder as a git revision holds it (`build --rev`, `pack --rev`).
//!
//! Both give the loader the same things: the `*.yaml`/`*.yml` files in
//! path order, the entries it does not read (symbolic links, special
//! files), each file's size before it is read, and its bytes up to a
//! limit. So the limits (OS-FILE-002, OS-FILE-005), the refusal of links
//! (OS-FILE-004) and every diagnostic are the same for a revision as for a
//! folder; a file from a revision is named `REV:path`, as `git show` takes
//! it. Nothing of the repository is written: not the work tree, not the
//! index, not a reference.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use crate::load::{LoadError, MAX_FILES, Skipped, Unread};

/// Where the input files come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// The input folder on disk.
    Folder(PathBuf),
    /// The input folder as a git revision holds it.
    Git(Rc<Revision>),
}

impl Source {
    /// The input folder `dir` as it is on disk, or, with `rev`, as the git
    /// revision `rev` of the repository that holds it has it.
    pub fn new(dir: &Path, rev: Option<&str>) -> Result<Source, LoadError> {
        match rev {
            None => Ok(Source::Folder(dir.to_path_buf())),
            Some(rev) => Ok(Source::Git(Rc::new(Revision::open(dir, rev)?))),
        }
    }

    /// The `*.yaml`/`*.yml` files, sorted by path as a walk of the folder
    /// sorts them, and the entries with such names that are not read (see
    /// [`crate::load::input_files`]).
    pub fn list(&self) -> Result<(Vec<PathBuf>, Vec<Unread>), LoadError> {
        match self {
            Source::Folder(dir) => crate::load::input_files(dir),
            Source::Git(rev) => rev.list(),
        }
    }

    /// The size of a listed file, as the listing tells it (0 when unknown).
    pub fn size(&self, file: &Path) -> u64 {
        match self {
            Source::Folder(_) => std::fs::metadata(file).map_or(0, |m| m.len()),
            Source::Git(rev) => rev.size(file),
        }
    }

    /// Reads at most `limit` bytes of a listed file, or `None` when it is
    /// larger (see [`crate::load::read_capped`]).
    pub fn read(&self, file: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
        match self {
            Source::Folder(_) => crate::load::read_capped(file, limit),
            Source::Git(rev) => rev.read_listed(file, limit),
        }
    }

    /// How diagnostics name a file of this source: its path, or `REV:path`.
    pub fn name(&self, file: &Path) -> String {
        match self {
            Source::Folder(_) => file.display().to_string(),
            Source::Git(rev) => rev.name(file),
        }
    }

    /// The input folder, as messages name it: `inputs`, or `REV:inputs`.
    pub fn folder(&self) -> String {
        match self {
            Source::Folder(dir) => dir.display().to_string(),
            Source::Git(rev) => rev.name(Path::new(&rev.folder)),
        }
    }
}

/// The input folder in a git revision: the repository, the revision as the
/// user wrote it, and the tree of the input folder in it.
pub struct Revision {
    repo: RefCell<gix::Repository>,
    /// As the user wrote it, for messages and file names.
    rev: String,
    /// The commit it names.
    commit: gix::ObjectId,
    /// The input folder's path in the repository, `/`-separated; empty for
    /// the repository's top folder.
    folder: String,
    /// The input folder's tree.
    tree: gix::ObjectId,
    /// Every file the listing found, with its blob and size.
    files: RefCell<BTreeMap<PathBuf, (gix::ObjectId, u64)>>,
}

impl std::fmt::Debug for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Revision({}:{} = {})",
            self.rev, self.folder, self.commit
        )
    }
}

/// Where the walk of a revision's tree is, for [`Revision::walk`].
struct Walk<'a> {
    repo: &'a gix::Repository,
    root: gix::ObjectId,
    files: Vec<PathBuf>,
    unread: Vec<Unread>,
    found: BTreeMap<PathBuf, (gix::ObjectId, u64)>,
}

impl Revision {
    /// Opens the repository that holds `dir`, resolves `rev` in it and finds
    /// the input folder's tree. Reads only.
    pub fn open(dir: &Path, rev: &str) -> Result<Revision, LoadError> {
        let (start, rest) = existing_part(dir);
        let not_a_repo = || LoadError::NotARepository {
            folder: dir.to_path_buf(),
        };
        let repo = gix::discover(&start).map_err(|_| not_a_repo())?;
        let workdir = repo
            .workdir()
            .and_then(|w| w.canonicalize().ok())
            .ok_or_else(not_a_repo)?;
        let inside = start.strip_prefix(&workdir).map_err(|_| not_a_repo())?;
        let mut parts: Vec<String> = Vec::new();
        for c in inside.components().chain(rest.components()) {
            match c {
                Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
                Component::ParentDir if parts.pop().is_none() => return Err(not_a_repo()),
                _ => {}
            }
        }
        let folder = parts.join("/");
        let unknown = |reason: String| LoadError::UnknownRevision {
            rev: rev.to_string(),
            repo: workdir.clone(),
            reason,
        };
        let commit = repo
            .rev_parse_single(rev)
            .map_err(|e| unknown(e.to_string()))?
            .object()
            .map_err(|e| unknown(e.to_string()))?
            .peel_to_commit()
            .map_err(|e| unknown(e.to_string()))?;
        let commit_id = commit.id;
        let root = commit
            .tree_id()
            .map_err(|e| unknown(e.to_string()))?
            .detach();
        drop(commit);
        let failed = |e: &dyn std::fmt::Display| LoadError::Git {
            rev: rev.to_string(),
            message: e.to_string(),
        };
        let tree = if folder.is_empty() {
            root
        } else {
            let top = repo.find_tree(root).map_err(|e| failed(&e))?;
            match top.lookup_entry_by_path(&folder).map_err(|e| failed(&e))? {
                Some(entry) if entry.mode().is_tree() => entry.object_id(),
                found => {
                    return Err(LoadError::NotInRevision {
                        rev: rev.to_string(),
                        folder: folder.clone(),
                        what: if found.is_some() {
                            "is not a folder"
                        } else {
                            "does not exist"
                        },
                    });
                }
            }
        };
        Ok(Revision {
            repo: RefCell::new(repo),
            rev: rev.to_string(),
            commit: commit_id,
            folder,
            tree,
            files: RefCell::new(BTreeMap::new()),
        })
    }

    /// The commit the revision names, in full.
    pub fn commit(&self) -> String {
        self.commit.to_string()
    }

    fn repo(&self) -> std::cell::Ref<'_, gix::Repository> {
        self.repo.borrow()
    }

    fn failed(&self, e: impl std::fmt::Display) -> LoadError {
        LoadError::Git {
            rev: self.rev.clone(),
            message: e.to_string(),
        }
    }

    /// `REV:path`, as `git show` takes it.
    pub fn name(&self, file: &Path) -> String {
        format!("{}:{}", self.rev, slashed(file))
    }

    fn list(&self) -> Result<(Vec<PathBuf>, Vec<Unread>), LoadError> {
        let repo = self.repo();
        let root = repo
            .find_commit(self.commit)
            .and_then(|c| c.tree_id().map(|t| t.detach()))
            .map_err(|e| self.failed(e))?;
        let mut walk = Walk {
            repo: &repo,
            root,
            files: Vec::new(),
            unread: Vec::new(),
            found: BTreeMap::new(),
        };
        walk.tree(self.tree, Path::new(&self.folder))
            .map_err(|e| self.failed(e))?;
        *self.files.borrow_mut() = walk.found;
        Ok((walk.files, walk.unread))
    }

    fn size(&self, file: &Path) -> u64 {
        self.files.borrow().get(file).map_or(0, |&(_, size)| size)
    }

    fn read_listed(&self, file: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
        let found = self.files.borrow().get(file).copied();
        let Some((id, _)) = found else {
            return Err(std::io::Error::other("not a file of the revision"));
        };
        self.blob(id, limit)
    }

    /// The bytes of a blob, or `None` when it is larger than `limit`, told
    /// from its header before it is read.
    fn blob(&self, id: gix::ObjectId, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
        let repo = self.repo();
        let header = repo.find_header(id).map_err(std::io::Error::other)?;
        if header.size() > limit {
            return Ok(None);
        }
        let blob = repo.find_blob(id).map_err(std::io::Error::other)?;
        Ok((blob.data.len() as u64 <= limit).then(|| blob.data.clone()))
    }

    /// How messages name a file given relative to the input folder.
    pub fn name_relative(&self, relative: &Path) -> String {
        match normalise(Path::new(&self.folder).join(relative)) {
            Some(path) => self.name(&path),
            None => format!("{}:{}", self.rev, slashed(relative)),
        }
    }

    /// Reads a file named relative to the input folder (an OSCAL catalogue
    /// in `project.catalogs`), from the same revision: at most `limit`
    /// bytes, or `None` when it is larger. A symbolic link, a folder and a
    /// path outside the repository are errors, as on disk. Returns the
    /// bytes and the file's name for messages (`REV:path`).
    pub fn read_relative(
        &self,
        relative: &Path,
        limit: u64,
    ) -> (String, std::io::Result<Option<Vec<u8>>>) {
        let Some(path) = normalise(Path::new(&self.folder).join(relative)) else {
            let name = format!("{}:{}", self.rev, slashed(relative));
            return (
                name,
                Err(std::io::Error::other("lies outside the repository")),
            );
        };
        let name = self.name(&path);
        let found = {
            let repo = self.repo();
            repo.find_commit(self.commit)
                .and_then(|c| c.tree())
                .and_then(|t| t.lookup_entry_by_path(&path))
                .map(|e| e.map(|e| (e.mode(), e.object_id())))
        };
        let result = match found {
            Err(e) => Err(std::io::Error::other(e)),
            Ok(None) => Err(std::io::Error::other(format!(
                "is not in the revision `{}`",
                self.rev
            ))),
            Ok(Some((mode, _))) if mode.is_tree() => {
                Err(std::io::Error::other("is a folder, not a file"))
            }
            Ok(Some((mode, _))) if mode.is_link() => Err(std::io::Error::other(
                "is a symbolic link, which outsec does not follow",
            )),
            Ok(Some((mode, id))) if mode.is_blob() => self.blob(id, limit),
            Ok(Some(_)) => Err(std::io::Error::other("is not a regular file")),
        };
        (name, result)
    }
}

impl Walk<'_> {
    /// Lists the tree `id` at `path`: entries sorted by name, folders
    /// entered where they sort, hidden entries skipped, as the walk of a
    /// folder on disk does.
    fn tree(&mut self, id: gix::ObjectId, path: &Path) -> Result<(), String> {
        let tree = self.repo.find_tree(id).map_err(|e| e.to_string())?;
        let decoded = tree.decode().map_err(|e| e.to_string())?;
        let mut entries: Vec<(Vec<u8>, gix::objs::tree::EntryMode, gix::ObjectId)> = decoded
            .entries
            .iter()
            .map(|e| (e.filename.to_vec(), e.mode, e.oid.to_owned()))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, mode, oid) in entries {
            if self.files.len() > MAX_FILES {
                return Ok(());
            }
            let name = String::from_utf8_lossy(&name).into_owned();
            if name.starts_with('.') {
                continue;
            }
            let at = path.join(&name);
            let is_yaml = matches!(
                Path::new(&name).extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            );
            if mode.is_tree() {
                self.tree(oid, &at)?;
            } else if mode.is_link() {
                if self.links_to_folder(oid, path) {
                    self.unread.push((at, Skipped::LinkedFolder));
                } else if is_yaml {
                    self.unread.push((at, Skipped::Link));
                }
            } else if !is_yaml {
                continue;
            } else if mode.is_blob() {
                let size = self
                    .repo
                    .find_header(oid)
                    .map_err(|e| e.to_string())?
                    .size();
                self.found.insert(at.clone(), (oid, size));
                self.files.push(at);
            } else {
                // A submodule: a commit of another repository.
                self.unread.push((at, Skipped::Special));
            }
        }
        Ok(())
    }

    /// Whether the symbolic link whose target is the blob `oid`, in the
    /// folder `dir`, names a folder of the same revision.
    fn links_to_folder(&self, oid: gix::ObjectId, dir: &Path) -> bool {
        let Ok(header) = self.repo.find_header(oid) else {
            return false;
        };
        if header.size() > 4096 {
            return false;
        }
        let Ok(blob) = self.repo.find_blob(oid) else {
            return false;
        };
        let target = Path::new(std::str::from_utf8(&blob.data).unwrap_or(""));
        if target.is_absolute() {
            return false;
        }
        let Some(path) = normalise(dir.join(target)) else {
            return false;
        };
        if path.as_os_str().is_empty() {
            return true;
        }
        self.repo
            .find_tree(self.root)
            .ok()
            .and_then(|t| t.lookup_entry_by_path(&path).ok().flatten())
            .is_some_and(|e| e.mode().is_tree())
    }
}

/// `path` with `.` and `..` applied, or `None` when it leaves its root.
fn normalise(path: PathBuf) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(name) => out.push(name),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// A path in the repository as git writes it, with `/`.
fn slashed(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The longest part of `dir` that exists, canonicalised (links resolved),
/// and the rest of it, which may have existed only in an earlier revision.
fn existing_part(dir: &Path) -> (PathBuf, PathBuf) {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut head = abs.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = head.canonicalize() {
            let tail: PathBuf = rest.iter().rev().collect();
            return (real, tail);
        }
        match (head.file_name().map(|n| n.to_os_string()), head.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                head = parent.to_path_buf();
            }
            _ => return (abs, PathBuf::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_within_their_root() {
        assert_eq!(
            normalise(PathBuf::from("inputs/../catalogs/x.json")),
            Some(PathBuf::from("catalogs/x.json"))
        );
        assert_eq!(normalise(PathBuf::from("inputs/../../x")), None);
        assert_eq!(slashed(Path::new("inputs/req/a.yaml")), "inputs/req/a.yaml");
    }
}
