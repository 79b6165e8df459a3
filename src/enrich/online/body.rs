//! Reading an answer's body with a cap and a deadline, so an endless or huge body costs at most
//! the cap in memory and a slow one at most the deadline in time — or less, when the caller
//! says to stop (its service was given up meanwhile: the rest of a body dripped a byte at a
//! time is not worth waiting for).
//!
//! The cap counts the bytes the reader yields: decoded bytes, were a content encoding ever
//! enabled on the client, so a compressed bomb stops at the same cap. The buffer grows by
//! doubling, but never past the cap and one byte (the byte that proves a body too large).

use std::io::{self, Read};
use std::time::Instant;

/// Why a body could not be read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// More than the cap (the cap given).
    TooLarge(u64),
    /// A read timed out, or the deadline passed.
    Timeout,
    /// The connection ended or failed before the body's end.
    Truncated,
    /// The caller said to stop.
    Stopped,
}

/// Reads `r` to its end into memory: at most `cap` bytes, until `deadline`, and only while
/// `stop` says no (asked before each read). `declared` is the `Content-Length`, when sent: a
/// body declared over the cap is refused before any read.
pub fn read_capped(
    mut r: impl Read,
    declared: Option<u64>,
    cap: u64,
    deadline: Instant,
    stop: impl Fn() -> bool,
) -> Result<Vec<u8>, BodyError> {
    if declared.is_some_and(|n| n > cap) {
        return Err(BodyError::TooLarge(cap));
    }
    let limit = usize::try_from(cap.saturating_add(1)).unwrap_or(usize::MAX);
    let first = declared.and_then(|n| usize::try_from(n).ok()).unwrap_or(8 * 1024).clamp(1, limit);
    let mut buf: Vec<u8> = Vec::with_capacity(first.min(limit));
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if Instant::now() > deadline {
            return Err(BodyError::Timeout);
        }
        if stop() {
            return Err(BodyError::Stopped);
        }
        let n = match r.read(&mut chunk) {
            Ok(0) => return Ok(buf),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if is_timeout(&e) => return Err(BodyError::Timeout),
            Err(_) => return Err(BodyError::Truncated),
        };
        if buf.len() + n > limit - 1 {
            return Err(BodyError::TooLarge(cap));
        }
        if buf.capacity() - buf.len() < n {
            // Double, but never past the cap (and one byte).
            let want = buf.len().max(n).min(limit - buf.len());
            buf.reserve_exact(want);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Whether a read failed by timing out (reqwest wraps its own error in the `io::Error`).
fn is_timeout(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::TimedOut
        || e.get_ref()
            .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
            .is_some_and(|r| r.is_timeout())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Endless bytes, as a hostile server would send.
    struct Endless(u64);

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            buf.fill(b' ');
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
    }

    fn later() -> Instant {
        Instant::now() + Duration::from_secs(600)
    }

    #[test]
    fn an_endless_body_stops_at_the_cap_with_the_buffer_within_it() {
        let mut endless = Endless(0);
        let got = read_capped(&mut endless, None, 1 << 20, later(), || false);
        assert_eq!(got, Err(BodyError::TooLarge(1 << 20)));
        // It stopped reading just past the cap.
        assert!(endless.0 <= (1 << 20) + 16 * 1024, "{}", endless.0);
    }

    #[test]
    fn a_body_declared_over_the_cap_is_not_read() {
        let mut endless = Endless(0);
        assert_eq!(read_capped(&mut endless, Some(65), 64, later(), || false), Err(BodyError::TooLarge(64)));
        assert_eq!(endless.0, 0);
    }

    #[test]
    fn a_body_at_the_cap_is_read_whole_and_a_passed_deadline_is_a_timeout() {
        let body = vec![b'x'; 100_000];
        assert_eq!(read_capped(&body[..], None, 100_000, later(), || false).unwrap(), body);
        assert!(
            read_capped(&body[..], Some(100_000), 100_000, later(), || false).unwrap().capacity() <= 100_001
        );
        assert_eq!(read_capped(&body[..], None, 99_999, later(), || false), Err(BodyError::TooLarge(99_999)));
        let past = Instant::now() - Duration::from_secs(1);
        assert_eq!(read_capped(&body[..], None, 1 << 20, past, || false), Err(BodyError::Timeout));
        assert_eq!(read_capped(&body[..], None, 1 << 20, later(), || true), Err(BodyError::Stopped));
    }
}
