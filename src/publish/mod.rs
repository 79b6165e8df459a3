//! Publishing: handing a rendered report to a platform that keeps it, after the report stage.
//!
//! [`dependency_track`] uploads an enriched CycloneDX document to OWASP Dependency-Track's REST
//! API and waits until the server has processed it. Like every stage below the binary, nothing
//! here prints or exits: errors are typed, the binary says them and chooses the exit code.

pub mod dependency_track;
