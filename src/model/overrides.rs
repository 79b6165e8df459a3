//! What the user declares about packages: the packages and entities a policy's exceptions and
//! overrides name, and the corrections to attribution an override makes.
//!
//! They are vocabulary, not policy: enrichment applies overrides as its strongest evidence,
//! and the policy stage matches exceptions against the same targets.

/// What an exception or override applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A package by name, optionally one version.
    Package {
        /// Name.
        name: String,
        /// Version; `None` for every version.
        version: Option<String>,
    },
    /// An entity: a knowledge-base organisation id or an entity name.
    Entity(String),
}

/// A correction to attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// A package, or an organisation (knowledge-base id) whose facts are corrected.
    pub target: Target,
    /// The controlling entity's name or knowledge-base id.
    pub entity: Option<String>,
    /// Its country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// Line in the policy file, for messages.
    pub line: usize,
}
