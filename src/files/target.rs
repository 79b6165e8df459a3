//! Where writing to a path really goes, settled before any work so that a report is never
//! written somewhere it should not be, and two reports never go to one place.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::unix;

/// Where writing to a path really goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The process's standard output: `-`, `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`, or
    /// the very file standard output is redirected to.
    Stdout,
    /// The process's standard error, likewise.
    Stderr,
    /// A regular file, existing or not, after following symbolic links: replaced atomically.
    Replace(PathBuf),
    /// A device, pipe or socket, or anything under `/dev` or `/proc`: written straight through.
    Through(PathBuf),
}

/// What makes two outputs the same place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Standard output or standard error.
    Stream(&'static str),
    /// An existing file, by device and inode (hard links and bind mounts are one place).
    Inode(u64, u64),
    /// A file yet to be made, by its folder's real path and its name.
    NewFile(PathBuf),
}

/// How many symbolic links are followed before giving up, as the kernel does.
const MAX_LINKS: usize = 40;

impl Target {
    /// Where writing to `path` goes. Fails for a directory, a symbolic-link loop, another
    /// user's link in a shared folder, a path whose folder does not exist, or a missing file
    /// under `/proc`.
    pub fn of(path: &Path) -> io::Result<Target> {
        if path.as_os_str() == "-" {
            return Ok(Target::Stdout);
        }
        if path.as_os_str().to_string_lossy().ends_with('/') {
            return Err(is_a_directory());
        }
        let mut current = path.to_path_buf();
        for _ in 0..MAX_LINKS {
            if let Some(special) = Self::special(&current)? {
                return Ok(special);
            }
            match fs::symlink_metadata(&current) {
                Ok(m) if m.file_type().is_symlink() => {
                    let folder = folder(&current).to_path_buf();
                    if !unix::may_follow(&m, &folder) {
                        return Err(io::Error::new(
                            io::ErrorKind::PermissionDenied,
                            "a symbolic link owned by another user in a shared folder is not followed",
                        ));
                    }
                    current = folder.join(fs::read_link(&current)?);
                }
                Ok(m) if m.is_file() => return Ok(Self::stream_or(&m, Target::Replace(current))),
                Ok(m) if m.is_dir() => return Err(is_a_directory()),
                Ok(_) => return Ok(Target::Through(current)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    if !folder(&current).is_dir() {
                        return Err(io::Error::other("its folder does not exist"));
                    }
                    return Ok(Target::Replace(current));
                }
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("too many levels of symbolic links"))
    }

    /// `Stdout` or `Stderr` when the regular file `meta` is where that stream goes.
    fn stream_or(meta: &fs::Metadata, otherwise: Target) -> Target {
        if unix::is_open_as(meta, unix::STDOUT) {
            Target::Stdout
        } else if unix::is_open_as(meta, unix::STDERR) {
            Target::Stderr
        } else {
            otherwise
        }
    }

    /// The process's own streams by name, and anything under `/dev` or `/proc`, which is
    /// never replaced (a new file in `/dev/shm` is made like any other).
    fn special(path: &Path) -> io::Result<Option<Target>> {
        match path.to_str() {
            Some("/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1") => return Ok(Some(Target::Stdout)),
            Some("/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2") => return Ok(Some(Target::Stderr)),
            _ => {}
        }
        if !(path.starts_with("/dev") || path.starts_with("/proc")) {
            return Ok(None);
        }
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(is_a_directory()),
            Ok(m) => Ok(Some(Self::stream_or(&m, Target::Through(path.to_path_buf())))),
            Err(e) if e.kind() == io::ErrorKind::NotFound && path.starts_with("/dev/shm") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The place written to, for refusing two outputs to one place; `None` for a character
    /// device (`/dev/null` may take several outputs).
    pub fn place(&self) -> Option<Place> {
        match self {
            Target::Stdout => Some(Place::Stream("standard output")),
            Target::Stderr => Some(Place::Stream("standard error")),
            Target::Replace(p) | Target::Through(p) => match fs::metadata(p) {
                Ok(m) => inode(&m),
                Err(_) => {
                    let dir = folder(p);
                    let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
                    Some(Place::NewFile(p.file_name().map_or(dir.clone(), |name| dir.join(name))))
                }
            },
        }
    }
}

#[cfg(unix)]
fn inode(m: &fs::Metadata) -> Option<Place> {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    (!m.file_type().is_char_device()).then(|| Place::Inode(m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> Option<Place> {
    None
}

fn is_a_directory() -> io::Error {
    io::Error::other("is a directory")
}

/// The folder a path is in (`.` for a bare file name).
pub fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new temporary folder, removed when the guard drops, and its path.
    fn dir(name: &str) -> (tempfile::TempDir, PathBuf) {
        let guard = tempfile::Builder::new().prefix(&format!("sovereign-target-{name}-")).tempdir().unwrap();
        let d = guard.path().to_path_buf();
        (guard, d)
    }

    #[test]
    fn standard_streams_and_special_paths() {
        assert_eq!(Target::of(Path::new("-")).unwrap(), Target::Stdout);
        assert_eq!(Target::of(Path::new("/dev/stdout")).unwrap(), Target::Stdout);
        assert_eq!(Target::of(Path::new("/dev/fd/1")).unwrap(), Target::Stdout);
        assert_eq!(Target::of(Path::new("/dev/stderr")).unwrap(), Target::Stderr);
        assert_eq!(Target::of(Path::new("/dev/null")).unwrap(), Target::Through("/dev/null".into()));
        assert!(Target::of(Path::new("/no/such/folder/report.json")).is_err());
        assert!(Target::of(Path::new("/proc/self/fd/999")).is_err());
        assert!(Target::of(Path::new("report-folder/")).is_err());
        assert_eq!(Target::of(Path::new("/dev/null")).unwrap().place(), None, "/dev/null may be used twice");
    }

    #[test]
    fn one_file_by_two_names_is_one_place() {
        let (_guard, d) = dir("place");
        let a = Target::of(&d.join("r.json")).unwrap().place();
        let b = Target::of(&d.join(".").join("r.json")).unwrap().place();
        assert_eq!(a, b);
        fs::write(d.join("r.json"), "").unwrap();
        fs::hard_link(d.join("r.json"), d.join("linked.json")).unwrap();
        let a = Target::of(&d.join("r.json")).unwrap().place();
        let b = Target::of(&d.join("linked.json")).unwrap().place();
        assert_eq!(a, b, "hard links are one place");
    }

    #[cfg(unix)]
    #[test]
    fn another_users_link_in_a_shared_folder_is_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        if unix::euid() != 0 {
            eprintln!("note: not root; the shared-folder link case needs to give a link away");
            return;
        }
        let (_guard, d) = dir("shared");
        fs::set_permissions(&d, fs::Permissions::from_mode(0o1777)).unwrap();
        let link = d.join("report.json");
        std::os::unix::fs::symlink("/etc/hostname", &link).unwrap();
        // Owned by nobody (65534), not by us nor by the folder's owner (root).
        std::os::unix::fs::lchown(&link, Some(65534), Some(65534)).unwrap();
        let err = Target::of(&link).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied, "{err}");
        // Our own link there is followed.
        std::os::unix::fs::lchown(&link, Some(0), Some(0)).unwrap();
        assert_eq!(Target::of(&link).unwrap(), Target::Replace("/etc/hostname".into()));
    }
}
