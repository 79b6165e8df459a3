//! Temporary files in flight, so that an interrupted run can remove them.
//!
//! [`super::write`] creates and registers each temporary file in one step ([`create`]); the
//! binary's signal handler calls [`remove_pending_then_exit`] on SIGINT or SIGTERM, so an
//! interrupted audit leaves no half-written report (some are hundreds of megabytes) behind.
//! Both hold one lock: a file is never created unregistered while the handler runs, and none
//! is created once it has, since it exits still holding the lock.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary file on the list; taken off when dropped.
#[derive(Debug)]
pub struct Registered(PathBuf);

/// Puts `path` on the list of files to remove if the run is interrupted.
pub fn register(path: &Path) -> Registered {
    PENDING.lock().unwrap_or_else(|p| p.into_inner()).push(path.to_path_buf());
    Registered(path.to_path_buf())
}

/// Creates a temporary file with `make` and puts it on the list in one step: an interruption
/// finds it either not yet made or registered.
pub fn create<T>(
    make: impl FnOnce() -> io::Result<T>,
    path: impl FnOnce(&T) -> &Path,
) -> io::Result<(T, Registered)> {
    let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    let made = make()?;
    let path = path(&made).to_path_buf();
    pending.push(path.clone());
    Ok((made, Registered(path)))
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(i) = pending.iter().position(|p| *p == self.0) {
            pending.swap_remove(i);
        }
    }
}

/// Removes every registered temporary file. Returns how many were removed.
pub fn remove_pending() -> usize {
    let pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    pending.iter().filter(|p| std::fs::remove_file(p).is_ok()).count()
}

/// For the signal handler: removes every registered temporary file and exits with `code`,
/// holding the list's lock to the end so that no other thread makes a new one meanwhile.
pub fn remove_pending_then_exit(code: i32) -> ! {
    let pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    for p in pending.iter() {
        let _ = std::fs::remove_file(p);
    }
    std::process::exit(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_files_are_removed_and_dropped_ones_forgotten() {
        let d = tempfile::Builder::new().prefix("sovereign-cleanup-").tempdir().unwrap();
        let (kept, removed) = (d.path().join("kept"), d.path().join("removed"));
        std::fs::write(&kept, "").unwrap();
        std::fs::write(&removed, "").unwrap();
        drop(register(&kept));
        let _pending = register(&removed);
        assert!(remove_pending() >= 1);
        assert!(kept.exists());
        assert!(!removed.exists());
    }
}
