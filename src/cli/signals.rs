//! SIGINT, SIGTERM and SIGHUP: remove the temporary report files in flight, then exit as the
//! signal would have (128 + its number), so an interrupted run leaves nothing half-written.
//! A signal the process was started ignoring (`nohup`, a background job) stays ignored.

/// Starts a thread that waits for the signals. Without it the default action would kill the
/// process before any destructor ran.
pub fn remove_temporary_files_on_interrupt() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // A signal the process was started ignoring stays ignored: `nohup` ignores SIGHUP, a
        // shell ignores SIGINT for background jobs, and they must go on protecting the run.
        let caught: Vec<i32> = [SIGINT, SIGTERM, SIGHUP].into_iter().filter(|&s| !ignored(s)).collect();
        let Ok(mut signals) = signal_hook::iterator::Signals::new(caught) else {
            return;
        };
        let _ = std::thread::Builder::new().name("signals".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                cargo_sovereign::files::cleanup::remove_pending_then_exit(128 + signal);
            }
        });
    }
}

/// Whether `signal` is set to be ignored (inherited from the parent process).
#[cfg(unix)]
fn ignored(signal: i32) -> bool {
    let mut old = std::mem::MaybeUninit::<libc::sigaction>::zeroed();
    // SAFETY: with a null new action, sigaction only writes the current one into `old`.
    let ok = unsafe { libc::sigaction(signal, std::ptr::null(), old.as_mut_ptr()) } == 0;
    // SAFETY: zero-initialised, and filled in by the successful call.
    ok && unsafe { old.assume_init() }.sa_sigaction == libc::SIG_IGN
}
