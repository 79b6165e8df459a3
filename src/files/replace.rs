//! Replacing a regular file atomically: a temporary file created exclusively, with an
//! unpredictable name, in the same folder, synced, then renamed over the path. The old file
//! keeps its permissions and, when the process may, its owner; a failed write leaves it as it
//! was. Where a rename would do harm or cannot be done, the file is written in place instead,
//! as a shell's `>` does: a file with other hard links (they would keep the old text), another
//! user's file (it would become ours), a file bind-mounted over (it cannot be renamed over), a
//! folder the process may not write in.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::{cleanup, target::folder, unix};

/// Replaces the regular file at `path` (or creates it) as the module describes.
pub fn replace(path: &Path, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let old = fs::metadata(path).ok().filter(fs::Metadata::is_file);
    if let Some(old) = &old {
        if !unix::may_write(path) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "permission denied (read-only file)",
            ));
        }
        if in_place_only(old) {
            return in_place(path, render);
        }
    }
    let (tmp, registered) = match cleanup::create(|| temporary(path), |t| t.path()) {
        Ok(made) => made,
        // A folder we may not write in, holding a file we may: write the file itself.
        Err(e) if old.is_some() && e.kind() == io::ErrorKind::PermissionDenied => {
            return in_place(path, render)
        }
        Err(e) => {
            let folder = folder(path).display().to_string();
            return Err(io::Error::new(e.kind(), format!("cannot create a file in {folder}: {}", short(&e))));
        }
    };
    let written = (|| {
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
    let result = match written {
        Err(e) => Err(e),
        Ok(()) => match tmp.persist(path) {
            Ok(_) => Ok(()),
            // Bind-mounted, or another device: the rename cannot be done; copy the text in.
            Err(e) if old.is_some() && cannot_rename(&e.error) => {
                copy_in(e.file.as_file(), path).and_then(|()| e.file.close())
            }
            Err(e) => Err(e.error),
        },
    };
    // On error the temporary file is removed as it is dropped.
    drop(registered);
    result
}

/// A file whose replacement would change more than its text.
fn in_place_only(old: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let me = unix::euid();
        old.nlink() > 1 || (me != 0 && old.uid() != me)
    }
    #[cfg(not(unix))]
    {
        let _ = old;
        false
    }
}

/// The temporary file beside `path`, named after it (shortened, so a long name still fits).
fn temporary(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let name: String =
        path.file_name().map(|n| n.to_string_lossy().chars().take(64).collect()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // A new file gets what any program's new file gets (the umask applies); an existing
        // one's mode is copied, umask or not.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder(path))
}

fn cannot_rename(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ResourceBusy | io::ErrorKind::CrossesDevices | io::ErrorKind::PermissionDenied
    )
}

/// Writes what `render` produces over the file at `path`, in place.
fn in_place(path: &Path, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let file = OpenOptions::new().write(true).truncate(true).open(path)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    render(&mut out)?;
    out.flush()
}

/// Copies the finished temporary file over the file at `path`, in place.
fn copy_in(tmp: &File, path: &Path) -> io::Result<()> {
    let mut from = tmp.try_clone()?;
    io::Seek::rewind(&mut from)?;
    let mut to = OpenOptions::new().write(true).truncate(true).open(path)?;
    io::copy(&mut from, &mut to)?;
    to.flush()
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

fn short(e: &io::Error) -> String {
    super::read::io_message(e)
}
