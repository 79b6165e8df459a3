//! The binary's allocator: mimalloc, told to hand memory back promptly.
//!
//! Large audits make and free millions of small strings, which mimalloc does markedly faster
//! than the system allocator (docs/performance.md). By default it keeps memory a stage has
//! freed for a second before returning it to the system, and an audit's stages follow one
//! another faster than that: the input's text, the parsed document and the graph's package
//! list are each freed while the next stage allocates, and their pages would count twice in
//! the peak. Ten milliseconds is long enough to reuse memory within a stage and short
//! enough to return it between stages (the 100,000-package cycle of `scripts/bench` peaks
//! at 153 MiB instead of 230).
//!
//! It is also built without transparent huge pages (the `no_thp` feature in Cargo.toml): it
//! would otherwise ask the kernel for 2 MiB pages, each zeroed whole when first touched,
//! which was a fifth of a 25 ms audit of a 550-package workspace, and a 100,000-package
//! audit ran 15% slower and peaked 13–16 MiB higher with them.

use std::ffi::{c_int, c_long};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the same number in its versions 2 and
/// 3). The C header has no Rust binding for it; `tests::purge_delay_is_option_15` checks the
/// number against the bundled library, so an update of `libmimalloc-sys` that moves it fails
/// the tests instead of setting another option.
const PURGE_DELAY: c_int = 15;

/// How long mimalloc keeps freed memory before returning it, in milliseconds.
const PURGE_DELAY_MS: c_long = 10;

extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

/// Sets mimalloc's options for a short-lived process; unless the user set
/// `MIMALLOC_PURGE_DELAY`, which mimalloc reads itself.
pub fn tune() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: `mi_option_set` only stores a number in mimalloc's option table; any option
        // number and value are accepted (unknown numbers are ignored).
        unsafe { mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_option_15() {
        // mimalloc reads `MIMALLOC_PURGE_DELAY` from the environment when the process starts,
        // so the check runs in a child started with a value no default has.
        if std::env::var("MIMALLOC_PURGE_DELAY").as_deref() == Ok("4242") {
            // SAFETY: reads a number from mimalloc's option table.
            assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 4242);
            return;
        }
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "allocator::tests::purge_delay_is_option_15", "--quiet"])
            .env("MIMALLOC_PURGE_DELAY", "4242")
            .status()
            .unwrap();
        assert!(status.success(), "option {PURGE_DELAY} is not mimalloc's purge delay");
    }
}
