//! The user's files: one guarded reader for everything the tool reads ([`read`]) and one
//! careful writer for everything it writes ([`write`](mod@write)), with the temporary files an
//! interrupted run must remove ([`cleanup`]).

pub mod cleanup;
pub mod read;
pub mod write;

/// Turns blocking back on for a named pipe opened with `O_NONBLOCK` (opened so to learn
/// whether the other end is there without waiting for it).
#[cfg(unix)]
fn blocking(file: &std::fs::File) {
    use std::os::unix::io::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor we own, with flags we just read from it.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags >= 0 {
        // SAFETY: as above.
        unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) };
    }
}
