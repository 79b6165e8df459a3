//! Temporary files in flight, so that an interrupted run can remove them.
//!
//! [`super::write`] registers each temporary file while it is being written; the binary's
//! signal handler calls [`remove_pending`] before the process exits on SIGINT or SIGTERM, so
//! an interrupted audit leaves no half-written report (some are hundreds of megabytes) behind.

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

impl Drop for Registered {
    fn drop(&mut self) {
        let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(i) = pending.iter().position(|p| *p == self.0) {
            pending.swap_remove(i);
        }
    }
}

/// Removes every registered temporary file (for the signal handler: the process is about to
/// exit). Returns how many were removed.
pub fn remove_pending() -> usize {
    let pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    pending.iter().filter(|p| std::fs::remove_file(p).is_ok()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_files_are_removed_and_dropped_ones_forgotten() {
        let d = std::env::temp_dir().join(format!("sovereign-cleanup-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        let (kept, removed) = (d.join("kept"), d.join("removed"));
        std::fs::write(&kept, "").unwrap();
        std::fs::write(&removed, "").unwrap();
        drop(register(&kept));
        let _pending = register(&removed);
        assert!(remove_pending() >= 1);
        assert!(kept.exists());
        assert!(!removed.exists());
        std::fs::remove_dir_all(&d).unwrap();
    }
}
