//! Opening a dump given as a path. A regular file is read as it is. A named pipe (`<(curl …)`,
//! a FIFO) is opened without waiting for a writer — with none, it reads as empty, an error,
//! instead of hanging — and, like any other special file, each read waits at most `idle` for
//! data: a writer that stays silent ends the import with an error, not a hang.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::time::Duration;

/// Opens `path` for reading as a dump; `idle` bounds each wait for a pipe's or device's data.
pub fn open(path: &Path, idle: Duration) -> io::Result<Box<dyn Read>> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(io::Error::other("is a directory, not a file"));
    }
    if meta.is_file() {
        return Ok(Box::new(File::open(path)?));
    }
    special(path, &meta, idle)
}

#[cfg(unix)]
fn special(path: &Path, _: &std::fs::Metadata, idle: Duration) -> io::Result<Box<dyn Read>> {
    use std::os::unix::fs::OpenOptionsExt;
    // Non-blocking, kept so: a read returns what there is, end of file when no writer is
    // left (or none came), or "would block", which `Idle` turns into a bounded wait.
    let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
    Ok(Box::new(Idle { file, idle }))
}

#[cfg(not(unix))]
fn special(path: &Path, _: &std::fs::Metadata, _: Duration) -> io::Result<Box<dyn Read>> {
    Ok(Box::new(File::open(path)?))
}

/// A special file whose reads wait at most `idle` for data.
#[cfg(unix)]
struct Idle {
    file: File,
    idle: Duration,
}

#[cfg(unix)]
impl Read for Idle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use std::os::unix::io::AsRawFd;
        loop {
            match self.file.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => return other,
            }
            let mut fd = libc::pollfd { fd: self.file.as_raw_fd(), events: libc::POLLIN, revents: 0 };
            let ms = libc::c_int::try_from(self.idle.as_millis()).unwrap_or(libc::c_int::MAX);
            // SAFETY: one valid pollfd, for a descriptor we own, and its count.
            match unsafe { libc::poll(&mut fd, 1, ms) } {
                0 => {
                    let secs = self.idle.as_secs_f64();
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!("nothing to read for {secs} s"),
                    ));
                }
                n if n > 0 => {}
                _ => {
                    let e = io::Error::last_os_error();
                    if e.kind() != io::ErrorKind::Interrupted {
                        return Err(e);
                    }
                }
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A named pipe in a temporary folder removed when the guard drops, and its path.
    fn fifo(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::Builder::new().prefix(&format!("sovereign-dump-{name}-")).tempdir().unwrap();
        let p = dir.path().join("fifo");
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string and a mode.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        (dir, p)
    }

    #[test]
    fn a_fifo_without_a_writer_reads_as_empty() {
        let (_dir, p) = fifo("nowriter");
        let mut bytes = Vec::new();
        open(&p, Duration::from_secs(600)).unwrap().read_to_end(&mut bytes).unwrap();
        assert!(bytes.is_empty());
    }

    #[test]
    fn a_fifo_whose_writer_stays_silent_times_out() {
        let (_dir, p) = fifo("silent");
        let mut reader = open(&p, Duration::from_millis(200)).unwrap();
        // A writer that opens the pipe and writes nothing until the reader gives up.
        let writer = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
        let e = reader.read(&mut [0u8; 16]).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::TimedOut);
        drop(writer);
    }

    #[test]
    fn a_directory_is_refused() {
        assert!(open(&std::env::temp_dir(), Duration::from_secs(1)).is_err());
    }
}
