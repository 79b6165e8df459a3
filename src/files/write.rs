//! Writing a report (or a generated policy) without harming what is at the path.
//!
//! - A regular file, or a path where nothing is yet, is replaced atomically (see
//!   `replace.rs`): a temporary file beside it, synced, then renamed over it, keeping its
//!   permissions; written in place instead where a rename would do harm.
//! - A symbolic link is followed and its final target replaced that way: the link stays
//!   (another user's link in a shared folder such as `/tmp` is not followed).
//! - Anything else (a device such as `/dev/null`, a named pipe, a socket) and any path under
//!   `/dev` or `/proc` (`/dev/fd/63` from a shell's process substitution) is written straight
//!   through, never replaced. `/dev/stdout`, `/dev/stderr`, and the file standard output is
//!   redirected to, are the process's own streams.
//!
//! Temporary files are registered with [`super::cleanup`], so an interrupted run can remove
//! them.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::Path;

pub use super::target::Target;

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
        Target::Replace(p) => super::replace::replace(&p, render),
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
    super::unix::blocking(&file);
    Ok(file)
}

#[cfg(not(unix))]
fn open_for_writing(path: &Path, _meta: &fs::Metadata, options: &mut OpenOptions) -> io::Result<File> {
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A new temporary folder, removed when the guard drops, and its path.
    fn dir(name: &str) -> (tempfile::TempDir, PathBuf) {
        let guard = tempfile::Builder::new().prefix(&format!("sovereign-write-{name}-")).tempdir().unwrap();
        let d = guard.path().to_path_buf();
        (guard, d)
    }

    fn put(path: &Path, text: &str) -> io::Result<()> {
        write(path, &mut io::sink(), &mut io::sink(), |w| w.write_all(text.as_bytes()))
    }

    #[test]
    fn failed_render_keeps_old_file_and_leaves_no_temporary_file() {
        let (_guard, d) = dir("failed");
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
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let (_guard, d) = dir("mode");
        let target = d.join("secret.json");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        put(&target, "new").unwrap();
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600);
        fs::set_permissions(&target, fs::Permissions::from_mode(0o664)).unwrap();
        put(&target, "newer").unwrap();
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o664);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_and_its_target_is_replaced() {
        let (_guard, d) = dir("link");
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
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_written_through_and_one_without_reader_is_an_error() {
        let (_guard, d) = dir("fifo");
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
    }
}
