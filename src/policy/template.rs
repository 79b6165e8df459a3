//! The commented `sovereign.toml` that `cargo sovereign init` writes: every key at its
//! default, so reading it back gives exactly the built-in policy (a test checks this), and the
//! machine's own target triple as a commented example of `targets`.

/// The file `init` writes for a machine whose target triple is `host`.
pub fn render(host: &str) -> String {
    TEMPLATE.replace("{host}", host)
}

/// The file, with `{host}` where the machine's triple goes.
const TEMPLATE: &str = r#"# sovereign.toml — the cargo-sovereign policy for this project.
# Every key below is set to its default; delete what you do not change.
# Reference: https://github.com/cargo-sovereign/cargo-sovereign/blob/main/docs/policy.md

# Jurisdictions you trust: group names (eu, eea, efta, europe, gdpr-adequate, eu-candidates)
# or ISO 3166-1 alpha-2 country codes. A critical package controlled from anywhere else is a
# `non-european-single-point` finding.
trusted = ["europe"]

# Whether a subsidiary is controlled from its ultimate parent's country (a Swedish studio owned
# by a Japanese group is controlled from JP).
follow-parent = true

# The platforms the project ships to, as target triples (`rustc --print target-list`). Unset:
# every platform. Dependencies only for other platforms are left out of the audit and counted
# apart; `--target` (repeatable) replaces this list. This machine's triple, for example:
# targets = ["{host}"]

[licenses]
# Licence categories (public-domain, permissive, weak-copyleft, strong-copyleft,
# network-copyleft, source-available, non-commercial, proprietary, unknown) or SPDX ids.
# deny: findings at `error`; warn: at `warning`; allow: no finding. An SPDX id wins over its
# category. Copyleft categories not listed give a `copyleft-license` note.
deny = ["proprietary", "non-commercial", "source-available"]
warn = ["unknown"]
allow = []

[severity]
# Severity per finding code: "error", "warning", "note" or "off". Unlisted codes keep their
# defaults, for example:
# copyleft-license = "note"
# vendor-lock-in = "warning"

[thresholds]
# A package is critical when it is a direct dependency, or when this share of the graph
# depends on it (transitively) …
critical-dependents-share = 0.1
# … or when this share of the graph is reached only through it.
critical-dominated-share = 0.05
# `entity-concentration`: one untrusted entity controls more than this share of the packages.
entity-concentration = 0.25
# `jurisdiction-concentration`: the untrusted share of critical packages is above this.
jurisdiction-concentration = 0.5

# Accepted findings. `package` ("name" or "name@version") or `entity` (an organisation id or
# name); `findings` limits the codes (all when absent); `reason` is required; after `expires`
# the exception stops applying and an `expired-exception` finding reminds you.
# [[exception]]
# package = "ring"
# findings = ["non-european-single-point"]
# reason = "audited in 2026, vendored copy kept"
# expires = 2027-06-30

# Corrections to attribution, for what you know better. `package` or `org` (an organisation
# id from `cargo sovereign kb lookup`), then `entity` and/or `country`.
# [[override]]
# package = "internal-crate"
# entity = "ACME GmbH"
# country = "DE"
# reason = "our own code"

# AI models the project uses without an SBOM saying so: open weights it downloads
# (`huggingface:<organisation>/<model>`, optionally `@<revision>`) or a hosted model it calls
# (`api:<provider>/<model>`). Each is audited as a direct dependency: publisher, country, terms.
# [[model]]
# id = "huggingface:mistralai/Mistral-7B-Instruct-v0.3"
# license = "Apache-2.0"
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::config::{parse, Config};

    #[test]
    fn template_reads_back_as_the_defaults() {
        assert_eq!(parse("sovereign.toml", &render("x86_64-unknown-linux-gnu")).unwrap(), Config::default());
    }

    #[test]
    fn uncommented_examples_are_valid() {
        let uncommented: String = render("aarch64-apple-darwin")
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with("[[")
                        || rest.contains(" = ") && (!rest.contains(':') || rest.starts_with("id = ")) =>
                {
                    rest
                }
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let config = parse("sovereign.toml", &uncommented).unwrap_or_else(|e| panic!("{e:?}\n{uncommented}"));
        assert_eq!(config.exceptions.len(), 1);
        assert_eq!(config.overrides.len(), 1);
        assert_eq!(config.models.len(), 1);
        assert_eq!(config.targets, ["aarch64-apple-darwin"]);
    }
}
