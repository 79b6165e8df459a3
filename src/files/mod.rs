//! The user's files: one guarded reader for everything the tool reads ([`read`]) and one
//! careful writer for everything it writes ([`write`](mod@write)), with the temporary files an
//! interrupted run must remove ([`cleanup`]).

pub mod cleanup;
pub mod read;
mod replace;
pub mod target;
pub mod unix;
pub mod write;
