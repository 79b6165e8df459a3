//! Enrichment: facts and evidence about every package, never judgements.
//!
//! Each signal source has its own file; the resolver merges their evidence into an
//! [`Origin`](crate::model::Origin).

pub mod signals;
