//! Writing a report (or a generated policy) without harming what is at the path.
//!
//! - A regular file, or a path where nothing is yet, is replaced atomically: the text goes to
//!   a temporary file created exclusively, with an unpredictable name, in the same directory,
//!   which is synced and then renamed over the path. The old file keeps its permissions (and,
//!   when the process may, its owner). A failed write leaves the old file as it was.
//! - A symbolic link is followed and its final target replaced that way: the link stays.
//! - Anything else (a device such as `/dev/null`, a named pipe, a socket) and any path under
//!   `/dev` or `/proc` (`/dev/fd/63` from a shell's process substitution) is written straight
//!   through, never replaced. `/dev/stdout` and `/dev/stderr` are the process's own streams.
//!
//! Temporary files are registered with [`super::cleanup`], so an interrupted run can remove
//! them.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::cleanup;

/// Where writing to a path really goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The process's standard output (`-`, `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`).
    Stdout,
    /// The process's standard error (`/dev/stderr`, `/dev/fd/2`, `/proc/self/fd/2`).
    Stderr,
    /// A regular file, existing or not, after following symbolic links: replaced atomically.
    Replace(PathBuf),
    /// A device, pipe or socket, or anything under `/dev` or `/proc`: written straight through.
    Through(PathBuf),
}

/// How many symbolic links are followed before giving up, as the kernel does.
const MAX_LINKS: usize = 40;

impl Target {
    /// Where writing to `path` goes. Fails for a directory, a symbolic-link loop or a path
    /// whose folder does not exist.
    pub fn of(path: &Path) -> io::Result<Target> {
        if path.as_os_str() == "-" {
            return Ok(Target::Stdout);
        }
        let mut current = path.to_path_buf();
        for _ in 0..MAX_LINKS {
            if let Some(special) = Self::special(&current)? {
                return Ok(special);
            }
            match fs::symlink_metadata(&current) {
                Ok(m) if m.file_type().is_symlink() => {
                    let link = fs::read_link(&current)?;
                    current = match current.parent() {
                        Some(dir) => dir.join(link),
                        None => link,
                    };
                }
                Ok(m) if m.is_file() => return Ok(Target::Replace(current)),
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

    /// The process's own streams by name, and anything under `/dev` or `/proc`, which is
    /// never replaced.
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
            Ok(_) => Ok(Some(Target::Through(path.to_path_buf()))),
            // A new file (in /dev/shm, say) is created like any other.
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A key that is equal for two paths that write to the same place (used to refuse two
    /// outputs to one file before any work is done).
    pub fn key(&self) -> PathBuf {
        match self {
            Target::Stdout => PathBuf::from("/dev/stdout"),
            Target::Stderr => PathBuf::from("/dev/stderr"),
            Target::Replace(p) | Target::Through(p) => {
                let dir = folder(p);
                let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
                match p.file_name() {
                    Some(name) => dir.join(name),
                    None => dir,
                }
            }
        }
    }
}

fn is_a_directory() -> io::Error {
    io::Error::other("is a directory")
}

/// The folder a path is in (`.` for a bare file name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Writes what `render` produces to `path` as the module describes. `stdout` and `stderr`
/// are used when the path names the process's own streams.
pub fn write(
    path: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    match Target::of(path)? {
        Target::Stdout => {
            render(stdout)?;
            stdout.flush()
        }
        Target::Stderr => {
            render(stderr)?;
            stderr.flush()
        }
        Target::Through(p) => write_through(&p, render),
        Target::Replace(p) => replace(&p, render),
    }
}

/// Writes into an existing special file without replacing it. A named pipe with no reader is
/// an error, not a wait.
fn write_through(path: &Path, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let meta = fs::metadata(path)?;
    let mut options = OpenOptions::new();
    options.write(true).truncate(meta.is_file());
    let file = open_for_writing(path, &meta, &mut options)?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    render(&mut out)?;
    out.flush()
}

#[cfg(unix)]
fn open_for_writing(path: &Path, meta: &fs::Metadata, options: &mut OpenOptions) -> io::Result<File> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    if !meta.file_type().is_fifo() {
        return options.open(path);
    }
    let file = options.custom_flags(libc::O_NONBLOCK).open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ENXIO) {
            io::Error::other("a named pipe that no process reads from")
        } else {
            e
        }
    })?;
    super::blocking(&file);
    Ok(file)
}

#[cfg(not(unix))]
fn open_for_writing(path: &Path, _meta: &fs::Metadata, options: &mut OpenOptions) -> io::Result<File> {
    options.open(path)
}

/// Replaces the regular file at `path` (or creates it) atomically.
fn replace(path: &Path, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = folder(path);
    let old = fs::metadata(path).ok().filter(fs::Metadata::is_file);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // A new file gets what any program's new file gets (the umask applies); an existing
        // one's mode is copied below, umask or not.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir)?;
    let registered = cleanup::register(tmp.path());
    let result = (|| {
        if let Some(old) = &old {
            keep_owner_and_mode(tmp.as_file(), old)?;
        }
        // Large reports go out in few system calls.
        let mut out = BufWriter::with_capacity(1 << 20, tmp.as_file());
        render(&mut out)?;
        out.flush()?;
        drop(out);
        tmp.as_file().sync_all()
    })();
    let result = result.and_then(|()| tmp.persist(path).map(drop).map_err(|e| e.error));
    // On error the temporary file was removed when `tmp` was dropped (or by `persist`'s error).
    drop(registered);
    result
}

/// Gives the new file the old one's permissions and, where the process may, its owner.
fn keep_owner_and_mode(file: &File, old: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; for anyone else this fails harmlessly.
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
    file.set_permissions(old.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sovereign-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    fn put(path: &Path, text: &str) -> io::Result<()> {
        write(path, &mut io::sink(), &mut io::sink(), |w| w.write_all(text.as_bytes()))
    }

    #[test]
    fn failed_render_keeps_old_file_and_leaves_no_temporary_file() {
        let d = dir("failed");
        let target = d.join("out.json");
        fs::write(&target, "old").unwrap();
        let err = write(&target, &mut io::sink(), &mut io::sink(), |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("interrupted"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(fs::read_dir(&d).unwrap().count(), 1, "temporary file left behind");
        put(&target, "new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(fs::read_dir(&d).unwrap().count(), 1);
        fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir("mode");
        let target = d.join("secret.json");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        put(&target, "new").unwrap();
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600);
        fs::set_permissions(&target, fs::Permissions::from_mode(0o664)).unwrap();
        put(&target, "newer").unwrap();
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o664);
        fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_and_its_target_is_replaced() {
        let d = dir("link");
        fs::create_dir(d.join("real")).unwrap();
        let real = d.join("real").join("report.json");
        fs::write(&real, "old").unwrap();
        let link = d.join("report.json");
        std::os::unix::fs::symlink("real/report.json", &link).unwrap();
        put(&link, "new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        // A dangling link: its target is created.
        let dangling = d.join("dangling.json");
        std::os::unix::fs::symlink("real/new.json", &dangling).unwrap();
        put(&dangling, "created").unwrap();
        assert!(fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(d.join("real/new.json")).unwrap(), "created");
        fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_written_through_and_one_without_reader_is_an_error() {
        let d = dir("fifo");
        let fifo = d.join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = put(&fifo, "nobody").unwrap_err();
        assert!(err.to_string().contains("no process reads"), "{err}");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
        };
        // Wait for the reader to open its end.
        let mut written = Err(io::Error::other("never tried"));
        for _ in 0..200 {
            written = put(&fifo, "through the pipe");
            if written.is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        written.unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe");
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe was replaced");
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn standard_streams_and_special_paths() {
        assert_eq!(Target::of(Path::new("-")).unwrap(), Target::Stdout);
        assert_eq!(Target::of(Path::new("/dev/stdout")).unwrap(), Target::Stdout);
        assert_eq!(Target::of(Path::new("/dev/fd/1")).unwrap(), Target::Stdout);
        assert_eq!(Target::of(Path::new("/dev/stderr")).unwrap(), Target::Stderr);
        assert_eq!(Target::of(Path::new("/dev/null")).unwrap(), Target::Through("/dev/null".into()));
        assert!(Target::of(Path::new("/no/such/folder/report.json")).is_err());
        let mut out = Vec::new();
        write(Path::new("-"), &mut out, &mut io::sink(), |w| w.write_all(b"to stdout")).unwrap();
        assert_eq!(out, b"to stdout");
    }

    #[test]
    fn one_file_by_two_names_has_one_key() {
        let d = dir("key");
        let a = Target::of(&d.join("r.json")).unwrap().key();
        let b = Target::of(&d.join(".").join("r.json")).unwrap().key();
        assert_eq!(a, b);
        fs::remove_dir_all(&d).unwrap();
    }
}
