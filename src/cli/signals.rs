//! SIGINT, SIGTERM and SIGHUP: remove the temporary report files in flight, then exit as the
//! signal would have (128 + its number), so an interrupted run leaves nothing half-written.

/// Starts a thread that waits for the signals. Without it the default action would kill the
/// process before any destructor ran.
pub fn remove_temporary_files_on_interrupt() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new().name("signals".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                cargo_sovereign::files::cleanup::remove_pending();
                std::process::exit(128 + signal);
            }
        });
    }
}
