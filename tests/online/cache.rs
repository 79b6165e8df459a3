//! The cache's own troubles.
