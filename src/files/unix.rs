//! What the guarded reader and the careful writer ask the operating system, in one place:
//! whether a file is the process's own standard output, whether a symbolic link may be
//! followed, whether the process may write a file, and turning blocking back on.

use std::fs::{File, Metadata};
use std::path::Path;

/// Standard output's and standard error's descriptors.
pub const STDOUT: i32 = 1;
/// See [`STDOUT`].
pub const STDERR: i32 = 2;

/// Whether the regular file described by `meta` is the one open as descriptor `fd` (standard
/// output redirected to it, say): writing to it by name would overwrite what goes there.
pub fn is_open_as(meta: &Metadata, fd: i32) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: fstat fills `st` when it returns 0, and only then is `st` read.
        if unsafe { libc::fstat(fd, st.as_mut_ptr()) } != 0 {
            return false;
        }
        // SAFETY: initialised by the successful fstat above.
        let st = unsafe { st.assume_init() };
        // The fields' types differ between platforms (u64 here, i32 and u64 on macOS).
        #[allow(clippy::unnecessary_cast)]
        let (dev, ino) = (st.st_dev as u64, st.st_ino as u64);
        meta.is_file() && meta.dev() == dev && meta.ino() == ino
    }
    #[cfg(not(unix))]
    {
        let _ = (meta, fd);
        false
    }
}

/// The kernel's rule for symbolic links in shared folders (`fs.protected_symlinks`), applied
/// whatever the machine's setting: a link in a sticky, world-writable folder (`/tmp`) is
/// followed only when this process's user, or the folder's owner, owns the link. Another
/// user's link there is how a report would be written over a file of the victim's choosing.
pub fn may_follow(link: &Metadata, folder: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(dir) = std::fs::metadata(folder) else { return false };
        let shared = dir.mode() & 0o1002 == 0o1002;
        // SAFETY: geteuid has no preconditions.
        let me = unsafe { libc::geteuid() };
        !shared || link.uid() == me || link.uid() == dir.uid()
    }
    #[cfg(not(unix))]
    {
        let _ = (link, folder);
        true
    }
}

/// The effective user id (0 for root).
pub fn euid() -> u32 {
    #[cfg(unix)]
    // SAFETY: geteuid has no preconditions.
    unsafe {
        libc::geteuid()
    }
    #[cfg(not(unix))]
    0
}

/// Whether this process may write the file at `path`, as the kernel would decide for an open
/// (a read-only file is refused to its owner too, as a shell's `>` refuses it).
pub fn may_write(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return false };
        // SAFETY: a valid NUL-terminated path; access only reads it.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
    }
}

/// Turns blocking back on for a file opened with `O_NONBLOCK` (opened so to learn whether the
/// other end of a pipe is there without waiting for it).
pub fn blocking(file: &File) {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: fcntl on a descriptor we own, with flags we just read from it.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if flags >= 0 {
            // SAFETY: as above.
            unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) };
        }
    }
    #[cfg(not(unix))]
    let _ = file;
}
