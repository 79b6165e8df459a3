//! Every file the tool reads goes through here: SBOMs, `cargo metadata` output, reports given to
//! `diff`, the policy, knowledge-base files, and the project files a report points into.
//!
//! The guard is the same for all of them: a size limit checked before reading when the size is
//! known and enforced while reading when it is not (devices, pipes, standard input), so
//! `/dev/zero` is refused instead of filling memory, and the buffer never grows past the limit;
//! every file is opened without waiting (a named pipe with no writer would otherwise block the
//! open forever), and what was opened is what is checked, so a file swapped for a pipe between
//! a look and the open cannot make it block; a pipe that gave nothing is an error, not an empty
//! policy; a directory is refused by name. Every error names the file.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

use crate::error::InputError;

/// Default limit for inputs (SBOMs, `cargo metadata` output, reports): 1 GiB.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Limit for hand-written files (the policy, knowledge-base files, a Cargo.toml): 64 MiB,
/// far beyond any real one (a policy with 20,000 exceptions is about 3 MB).
pub const MAX_CONFIG_BYTES: u64 = 64 << 20;

/// A size limit and what to tell the user when it is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The most bytes accepted.
    pub bytes: u64,
    /// Which limit it is, for the message.
    pub kind: &'static str,
    /// How to raise it, when it can be raised (`--max-input-size`).
    pub raise_with: Option<&'static str>,
}

impl Limit {
    /// The limit for inputs, raised with `--max-input-size`.
    pub fn input(bytes: u64) -> Limit {
        Limit { bytes, kind: "input size limit", raise_with: Some("--max-input-size") }
    }

    /// The limit for a report given to `diff`, which has no flag to raise it.
    pub fn report() -> Limit {
        Limit { bytes: MAX_INPUT_BYTES, kind: "input size limit", raise_with: None }
    }

    /// The fixed limit for policy and knowledge-base files.
    pub fn config() -> Limit {
        Limit {
            bytes: MAX_CONFIG_BYTES,
            kind: "size limit for a policy or knowledge-base file",
            raise_with: None,
        }
    }

    fn check(self, name: &str, len: u64) -> Result<(), InputError> {
        if len <= self.bytes {
            return Ok(());
        }
        let raise = self.raise_with.map(|flag| format!(" (raise it with {flag})")).unwrap_or_default();
        Err(InputError::new(name, format!("larger than the {} of {} bytes{raise}", self.kind, self.bytes)))
    }
}

/// Reads `path` (standard input for `-`) within `limit`. Returns the name to use in messages
/// (`<stdin>` for standard input) and the bytes.
pub fn read(path: &str, limit: Limit) -> Result<(String, Vec<u8>), InputError> {
    if path == "-" {
        let name = "<stdin>".to_string();
        let bytes = read_bounded(io::stdin().lock(), 0, limit).map_err(|e| read_error(&name, &e))?;
        limit.check(&name, bytes.len() as u64)?;
        return Ok((name, bytes));
    }
    let bytes = read_path(Path::new(path), limit)?;
    Ok((path.to_string(), bytes))
}

/// Reads the file at `path` within `limit`.
pub fn read_path(path: &Path, limit: Limit) -> Result<Vec<u8>, InputError> {
    let name = path.display().to_string();
    let file = open(path).map_err(|e| InputError::new(&name, io_message(&e)))?;
    let meta = file.metadata().map_err(|e| InputError::new(&name, io_message(&e)))?;
    if meta.is_dir() {
        return Err(InputError::new(&name, "is a directory, not a file"));
    }
    if meta.is_file() {
        limit.check(&name, meta.len())?;
    }
    // A regular file's size is known (and within the limit): one allocation of that size
    // rather than doubling from empty, which could hold up to twice the file.
    let expected = if meta.is_file() { meta.len() } else { 0 };
    let bytes = read_bounded(file, expected, limit).map_err(|e| read_error(&name, &e))?;
    limit.check(&name, bytes.len() as u64)?;
    if bytes.is_empty() && is_pipe(&meta) {
        return Err(InputError::new(&name, "a named pipe that gave nothing (no process wrote to it)"));
    }
    Ok(bytes)
}

/// Reads a stream (another program's output, say) within `limit`; `name` names it in errors.
pub fn read_stream(source: impl Read, name: &str, limit: Limit) -> Result<Vec<u8>, InputError> {
    let bytes = read_bounded(source, 0, limit).map_err(|e| read_error(name, &e))?;
    limit.check(name, bytes.len() as u64)?;
    Ok(bytes)
}

/// Reads the file at `path` as UTF-8 text (a leading byte-order mark is skipped) within
/// `limit`; an invalid byte is reported with its line and column. An empty file is empty text.
pub fn read_text(path: &Path, limit: Limit) -> Result<String, InputError> {
    let name = path.display().to_string();
    let mut bytes = read_path(path, limit)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let valid = e.utf8_error().valid_up_to();
        // The valid prefix is UTF-8 by definition.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, column) = crate::error::line_column(prefix, prefix.len());
        InputError::at(&name, line, column, "invalid UTF-8")
    })
}

/// Reads `path` again only if it is a regular file within `limit`: for reports that point
/// into, or copy, a file that was read before. A pipe, device or standard input cannot be read
/// twice; `None` then, and for any error.
pub fn reread(path: &Path, limit: Limit) -> Option<Vec<u8>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    read_path(path, limit).ok()
}

/// Reads at most `limit.bytes + 1` bytes, so that a longer source is seen to be too long
/// without being read whole. The buffer grows by doubling, but never past that: a source of
/// unknown size (a device, a pipe) costs at most the limit, not twice it.
fn read_bounded(mut source: impl Read, expected: u64, limit: Limit) -> io::Result<Vec<u8>> {
    let most = usize::try_from(limit.bytes.saturating_add(1)).unwrap_or(usize::MAX);
    let first = usize::try_from(expected).unwrap_or(0).saturating_add(1).max(8 * 1024).min(most);
    // `bytes` holds zeros past `filled`: each byte is zeroed once, when the buffer grows (a
    // pipe's many short reads used to zero the rest of the buffer again each time).
    let mut bytes: Vec<u8> = vec![0; first];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            if filled >= most {
                return Ok(bytes);
            }
            let grown = bytes.len().saturating_mul(2).min(most);
            bytes.reserve_exact(grown - bytes.len());
            bytes.resize(grown, 0);
        }
        match source.read(&mut bytes[filled..]) {
            Ok(0) => {
                bytes.truncate(filled);
                return Ok(bytes);
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(e);
            }
        }
    }
}

/// Opens a file for reading without waiting: a named pipe with no writer (or a device that
/// waits for a peer) would block the open itself. Blocking is turned back on for the reads,
/// so a slow writer (`--sbom <(generate)`) is waited for.
fn open(path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
        super::unix::blocking(&file);
        Ok(file)
    }
    #[cfg(not(unix))]
    File::open(path)
}

fn is_pipe(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

fn read_error(name: &str, e: &io::Error) -> InputError {
    InputError::new(name, format!("cannot read: {}", io_message(e)))
}

/// An I/O error in lowercase words, without the OS error number.
pub fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new temporary folder, removed when the guard drops, and its path.
    fn dir(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let guard = tempfile::Builder::new().prefix(&format!("sovereign-read-{name}-")).tempdir().unwrap();
        let d = guard.path().to_path_buf();
        (guard, d)
    }

    #[test]
    fn an_endless_device_is_refused_at_the_limit() {
        let err = read_path(Path::new("/dev/zero"), Limit::input(1 << 20)).unwrap_err();
        assert_eq!(err.path, "/dev/zero");
        assert!(err.message.contains("size limit of 1048576 bytes"), "{}", err.message);
    }

    #[test]
    fn a_regular_file_over_the_limit_is_refused_before_it_is_read() {
        let (_guard, d) = dir("big");
        let p = d.join("big.toml");
        std::fs::write(&p, vec![b'#'; 100]).unwrap();
        let err = read_path(&p, Limit::input(99)).unwrap_err();
        assert!(err.message.contains("--max-input-size"), "{}", err.message);
        assert_eq!(read_path(&p, Limit::input(100)).unwrap().len(), 100);
    }

    #[test]
    fn text_is_utf8_with_its_error_located() {
        let (_guard, d) = dir("text");
        let p = d.join("bad.toml");
        std::fs::write(&p, b"\xEF\xBB\xBFa = 1\nb = \"\xFF\"\n").unwrap();
        let err = read_text(&p, Limit::config()).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(6)));
        std::fs::write(&p, b"").unwrap();
        assert_eq!(read_text(&p, Limit::config()).unwrap(), "");
    }

    #[test]
    fn a_directory_is_named() {
        let (_guard, d) = dir("dir");
        let err = read_path(&d, Limit::config()).unwrap_err();
        assert!(err.message.contains("is a directory"), "{}", err.message);
        assert!(reread(&d, Limit::config()).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_without_a_writer_is_refused_and_a_slow_one_waited_for() {
        let (_guard, d) = dir("fifo");
        let p = d.join("pipe");
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_path(&p, Limit::config()).unwrap_err();
        assert!(err.message.contains("gave nothing"), "{}", err.message);
        assert!(reread(&p, Limit::config()).is_none());
        // A writer that opens the pipe, then takes its time.
        let writer = {
            let p = p.clone();
            std::thread::spawn(move || {
                let mut f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(300));
                std::io::Write::write_all(&mut f, b"trusted = ['eu']\n").unwrap();
            })
        };
        // Read once the writer has the pipe open (its open waits for a reader: poll for it).
        let mut got = Err(InputError::new("", ""));
        for _ in 0..100 {
            got = read_text(&p, Limit::config());
            if got.is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        writer.join().unwrap();
        assert_eq!(got.unwrap(), "trusted = ['eu']\n");
    }

    #[test]
    fn an_unknown_size_never_costs_more_than_the_limit() {
        let limit = Limit::input(100_000);
        let bytes = read_bounded(std::io::repeat(7), 0, limit).unwrap();
        assert_eq!(bytes.len(), 100_001);
        assert!(bytes.capacity() <= 100_001, "capacity {}", bytes.capacity());
        let small = read_bounded(&b"abc"[..], 3, limit).unwrap();
        assert_eq!(small, b"abc");
    }
}
