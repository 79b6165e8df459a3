//! The process's standard streams, written so that a reader going away is not a failure.
//!
//! `cargo sovereign | head -1` closes standard output after one line; `2>&1 >/dev/null | head`
//! closes standard error. Neither may panic, stop the report files being written, or change the
//! exit code: a closed pipe swallows what follows (ripgrep's rule: a broken pipe is not an
//! error). Other write errors (a full disk behind a redirection) are still errors.

use std::io::{self, Write};

/// A writer that treats a closed pipe as the end of interest: the first `BrokenPipe` error
/// marks it closed, and it and every later write succeed without writing.
pub struct Tolerant<W: Write> {
    inner: W,
    closed: bool,
    name: &'static str,
}

impl<W: Write> Tolerant<W> {
    /// Wraps `inner`, standard output.
    pub fn new(inner: W) -> Self {
        Tolerant { inner, closed: false, name: "standard output" }
    }

    /// Wraps `inner`, which errors call `name`.
    pub fn named(inner: W, name: &'static str) -> Self {
        Tolerant { inner, closed: false, name }
    }

    fn absorb<T>(&mut self, result: io::Result<T>, otherwise: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(otherwise)
            }
            // Said with the stream's name: "No space left on device" alone names nothing.
            Err(e) => Err(io::Error::new(
                e.kind(),
                format!("{}: {}", self.name, cargo_sovereign::files::read::io_message(&e)),
            )),
            ok => ok,
        }
    }
}

impl<W: Write> Write for Tolerant<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.absorb(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.absorb(result, ())
    }
}

/// Standard output, buffered, closed-pipe tolerant.
pub fn stdout() -> Tolerant<io::BufWriter<io::StdoutLock<'static>>> {
    Tolerant::new(io::BufWriter::new(io::stdout().lock()))
}

/// `eprintln!` that never panics: with standard error closed, the line is dropped and the run
/// goes on (reports are still written, the exit code is unchanged).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
    }

    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::StorageFull))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_swallows_and_other_errors_stay_errors() {
        let mut w = Tolerant::new(Closed);
        assert!(w.write_all(b"line\n").is_ok());
        assert!(w.flush().is_ok());
        assert!(Tolerant::new(Full).write_all(b"x").is_err());
    }
}
