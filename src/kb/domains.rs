//! Domains and e-mail addresses as keys to organisations, and the domains that must never be.
//!
//! E-mail addresses come from `mail.eu.amazon.com` as well as `amazon.com`, so domains are
//! walked up label by label. Three derived lists guard the walk, each rebuilt from a maintained
//! package by `scripts/derive-domains.py` and attributed in `data/ATTRIBUTION.md`:
//!
//! - `data/public-suffixes.txt`, the Public Suffix List's ICANN rules of two labels or more:
//!   a domain under `co.uk` says nothing about `co.uk`'s owner (single labels, the top-level
//!   domains, are public suffixes without a list);
//! - `data/hosting-suffixes.txt`, its PRIVATE section (`github.io`, `pages.dev`, `srht.site`)
//!   and the code hosts it lacks (`sr.ht`): a name under one is its user's, never the host's;
//! - `data/mail-providers.txt`, consumer, free and disposable mail domains: a `gmail.com`,
//!   `gmx.se` or `proton.me` address belongs to a person, not to Google, GMX or Proton.
//!
//! None of them ever maps to an organisation, and a host at or under a hosting suffix or a mail
//! provider never gives a country either ([`is_shared_host`]). The lists are sorted texts read
//! in place by binary search (`kb::sorted_lines`), checked once on first use.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::error::InputError;
use crate::kb::loaded::{line_error, load, Loaded};
use crate::kb::sorted_lines::{data_part, find_line};

const MAIL_PROVIDERS: &str = include_str!("../../data/mail-providers.txt");
const HOSTING_SUFFIXES: &str = include_str!("../../data/hosting-suffixes.txt");
const PUBLIC_SUFFIXES: &str = include_str!("../../data/public-suffixes.txt");
const MAIL_PATH: &str = "data/mail-providers.txt";
const HOSTING_PATH: &str = "data/hosting-suffixes.txt";
const PUBLIC_PATH: &str = "data/public-suffixes.txt";

/// The three lists without their comment headers; empty when one fails its check.
#[derive(Default)]
struct Lists {
    mail: &'static str,
    hosting: &'static str,
    public: &'static str,
}

fn loaded() -> &'static Loaded<Lists> {
    static LISTS: OnceLock<Loaded<Lists>> = OnceLock::new();
    load(&LISTS, build)
}

fn lists() -> &'static Lists {
    &loaded().value
}

/// Why the embedded domain lists could not be read, if they could not (a bug; tests check it).
pub fn data_errors() -> &'static [InputError] {
    &loaded().errors
}

fn build() -> Result<Lists, Vec<InputError>> {
    let mut errors = Vec::new();
    let mail = checked(MAIL_PATH, MAIL_PROVIDERS, false, &mut errors);
    let hosting = checked(HOSTING_PATH, HOSTING_SUFFIXES, true, &mut errors);
    let public = checked(PUBLIC_PATH, PUBLIC_SUFFIXES, true, &mut errors);
    if errors.is_empty() {
        Ok(Lists { mail, hosting, public })
    } else {
        Err(errors)
    }
}

/// The data part of a list, after checking what the binary search relies on: one lowercase
/// domain (or, where `rules`, a PSL wildcard `*.x` or exception `!x`) per line, sorted by bytes
/// without repeats. The first problem of a file is reported.
fn checked(path: &str, text: &'static str, rules: bool, errors: &mut Vec<InputError>) -> &'static str {
    let data = data_part(text);
    let header_lines = text[..text.len() - data.len()].lines().count();
    let mut previous = "";
    for (i, line) in data.lines().enumerate() {
        let name =
            if rules { line.strip_prefix("*.").or(line.strip_prefix('!')).unwrap_or(line) } else { line };
        let problem = if !name.split('.').all(|l| !l.is_empty() && l.bytes().all(is_lowercase_label_byte)) {
            Some("not a lowercase domain name")
        } else if line <= previous {
            Some("not after the line before it (the lines must be sorted by bytes, without repeats)")
        } else {
            None
        };
        if let Some(message) = problem {
            errors.push(line_error(path, header_lines + i + 1, format!("`{line}`: {message}")));
            return "";
        }
        previous = line;
    }
    data
}

fn is_lowercase_label_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
}

/// True when a list of Public Suffix List rules makes `domain` a suffix: the domain itself, or
/// a wildcard on its parent (`*.ck` covers `foo.ck`), unless an exception frees it (`!www.ck`).
fn rule_matches(list: &'static str, domain: &str) -> bool {
    if find_line(list, domain).is_some() {
        return true;
    }
    let Some((_, parent)) = domain.split_once('.') else { return false };
    find_line(list, &format!("*.{parent}")).is_some() && find_line(list, &format!("!{domain}")).is_none()
}

/// Normal form of a domain or e-mail address: the part after `@`, lowercase, without a
/// trailing dot; `None` when nothing domain-like is left.
pub fn normalize_domain(text: &str) -> Option<String> {
    let host = text.rsplit('@').next().unwrap_or(text).trim().trim_end_matches('.').to_lowercase();
    let valid = !host.is_empty()
        && host.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    valid.then_some(host)
}

/// True for a public suffix, under which anyone can register a name: a top-level domain, an
/// ICANN suffix (`co.uk`, `com.au`) or a hosting suffix (`github.io`; see [`is_hosting_suffix`]).
pub fn is_public_suffix(domain: &str) -> bool {
    !domain.contains('.') || rule_matches(lists().public, domain) || is_hosting_suffix(domain)
}

/// True for a hosting or platform suffix, under which a name is its user's: the Public Suffix
/// List's private section (`github.io`, `gitlab.io`, `pages.dev`, `srht.site`) and the code
/// hosts it lacks (`sr.ht`, `sourceforge.net`).
pub fn is_hosting_suffix(domain: &str) -> bool {
    rule_matches(lists().hosting, domain)
}

/// True for a domain that must never identify an organisation: a public suffix (see
/// [`is_public_suffix`]) or a generic mail provider.
pub fn is_unattributable_domain(domain: &str) -> bool {
    is_public_suffix(domain) || is_generic_mail_domain(domain)
}

/// True for a generic mail provider (`gmail.com`, `gmx.se`, `proton.me`, …): an address there
/// names a person, never an organisation. Exact: `mail.gmail.com` is not listed itself.
pub fn is_generic_mail_domain(domain: &str) -> bool {
    find_line(lists().mail, domain).is_some()
}

/// True for a host at or under a hosting suffix or a mail provider (`git.sr.ht`,
/// `someone.github.io`, `gmx.se`, `mx.yandex.ru`): the name belongs to one of the provider's
/// users, so neither the provider nor the country of its top-level domain says anything about it.
///
/// Exact, label by label: `evilgmx.se` is not under `gmx.se`, nor `gmx.se.example.com`. PSL
/// rules count as [`is_hosting_suffix`] reads them: `*.firenet.ch` covers `x.firenet.ch` and
/// what is under it, not `firenet.ch` itself, and an exception `!x` frees `x` and its
/// subdomains. Case, surrounding blanks and a trailing dot do not matter.
pub fn is_shared_host(host: &str) -> bool {
    let host = host.trim().trim_end_matches('.');
    let host: Cow<'_, str> = if host.bytes().any(|b| b.is_ascii_uppercase()) {
        host.to_ascii_lowercase().into()
    } else {
        host.into()
    };
    at_or_under(&host, |domain| is_hosting_suffix(domain) || is_generic_mail_domain(domain))
}

/// True when `listed` holds for `domain` or for one of its parents (`a.b.c`, `b.c`, `c`).
fn at_or_under(domain: &str, listed: impl Fn(&str) -> bool) -> bool {
    let mut rest = domain;
    loop {
        if !rest.is_empty() && listed(rest) {
            return true;
        }
        match rest.split_once('.') {
            Some((_, parent)) => rest = parent,
            None => return false,
        }
    }
}

/// The domain and each parent domain, longest first, stopping before a public suffix:
/// `mail.eu.amazon.com` → `mail.eu.amazon.com`, `eu.amazon.com`, `amazon.com`. Empty when the
/// domain is itself unattributable or sits under a generic mail provider.
pub fn domain_candidates(domain: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = domain;
    loop {
        if is_unattributable_domain(rest) {
            // An address under a mail provider (`x.users.noreply.github.com`) is a person's.
            if is_generic_mail_domain(rest) {
                out.clear();
            }
            break;
        }
        out.push(rest);
        match rest.split_once('.') {
            Some((_, parent)) => rest = parent,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_normalised() {
        assert_eq!(normalize_domain("Someone@Mail.Amazon.COM.").as_deref(), Some("mail.amazon.com"));
        assert_eq!(normalize_domain("not a domain"), None);
        assert_eq!(normalize_domain("a..b"), None);
    }

    #[test]
    fn the_embedded_lists_are_sorted_and_well_formed() {
        assert_eq!(data_errors(), []);
        for (path, text) in
            [(MAIL_PATH, MAIL_PROVIDERS), (HOSTING_PATH, HOSTING_SUFFIXES), (PUBLIC_PATH, PUBLIC_SUFFIXES)]
        {
            let header = &text[..text.len() - data_part(text).len()];
            for word in ["Source:", "Licence:", "Rebuilt", "scripts/derive-domains.py"] {
                assert!(header.contains(word), "{path}: the header does not say `{word}`");
            }
        }
        let mut errors = Vec::new();
        assert_eq!(checked("t", "# h\nb.com\na.com\n", false, &mut errors), "");
        assert_eq!(checked("t", "# h\n*.ck\n!www.ck\n", true, &mut errors), "");
        assert_eq!(checked("t", "# h\n*.ck\n", false, &mut errors), "");
        assert_eq!(checked("t", "# h\nGmail.com\n", false, &mut errors), "");
        assert_eq!(checked("t", "# h\na.com\na.com\n", false, &mut errors), "");
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert_eq!(errors[0].line, Some(3));
        assert_eq!(checked("t", "# h\n!www.ck\n*.ck\nco.uk\n", true, &mut errors), "!www.ck\n*.ck\nco.uk\n");
        assert_eq!(errors.len(), 5);
    }

    /// Not a check: how large the lists are and what reading them costs, for the record
    /// (`cargo test --lib domain_lists_size -- --nocapture`).
    #[test]
    fn domain_lists_size_and_load_time() {
        let started = std::time::Instant::now();
        let built = build().map(|l| [l.mail, l.hosting, l.public].map(|d| d.lines().count()));
        let checked_in = started.elapsed();
        let started = std::time::Instant::now();
        let hits = (0..1000)
            .filter(|i| is_unattributable_domain(if i % 2 == 0 { "gmx.se" } else { "amazon.com" }))
            .count();
        let per_lookup = started.elapsed() / 1000;
        let bytes = MAIL_PROVIDERS.len() + HOSTING_SUFFIXES.len() + PUBLIC_SUFFIXES.len();
        eprintln!("domain lists: {bytes} bytes embedded, lines {built:?}, checked in {checked_in:?}, one lookup {per_lookup:?}");
        assert_eq!(hits, 500);
    }

    #[test]
    fn public_and_hosting_suffixes_follow_the_psl_rules() {
        for suffix in
            ["com", "co.uk", "com.au", "ac.jp", "github.io", "gitlab.io", "pages.dev", "srht.site", "sr.ht"]
        {
            assert!(is_public_suffix(suffix), "{suffix}");
        }
        // Wildcards and their exceptions.
        assert!(is_public_suffix("anything.ck"));
        assert!(!is_public_suffix("www.ck"));
        assert!(is_public_suffix("x.compute.amazonaws.com"));
        assert!(!is_public_suffix("city.kobe.jp"));
        for domain in ["amazon.com", "amazon.co.uk", "example.github.io", "github.com", "bbc.co.uk"] {
            assert!(!is_public_suffix(domain), "{domain}");
        }
        assert!(is_hosting_suffix("github.io") && !is_hosting_suffix("co.uk"));
        // IDNs are in punycode, as normalize_domain only lets ASCII through.
        assert!(is_public_suffix("xn--55qx5d.cn"), "公司.cn");
    }

    #[test]
    fn the_issues_mail_providers_are_generic() {
        let named = [
            "gmx.se",
            "gmx.de",
            "posteo.de",
            "web.de",
            "outlook.es",
            "live.com.au",
            "hotmail.fr",
            "yandex.ru",
            "mail.ru",
            "qq.com",
            "163.com",
            "free.fr",
            "orange.fr",
            "laposte.net",
            "proton.me",
            "protonmail.com",
            "pm.me",
            "gmail.com",
            "users.noreply.github.com",
        ];
        for domain in named {
            assert!(is_generic_mail_domain(domain), "{domain}");
            assert!(is_unattributable_domain(domain), "{domain}");
            assert!(is_shared_host(domain), "{domain}");
            assert!(domain_candidates(domain).is_empty(), "{domain}");
        }
        // Staff domains the source list carries are taken out by the script.
        for domain in ["amazon.com", "facebook.com", "alibaba.com", "mail.gmx.de"] {
            assert!(!is_generic_mail_domain(domain), "{domain}");
        }
    }

    #[test]
    fn shared_hosts_are_at_or_under_a_host_or_provider() {
        for host in [
            "git.sr.ht",
            "lists.sr.ht",
            "sr.ht",
            "github.io",
            "a.github.io",
            "someone.github.io",
            "a.b.gitlab.io",
            "x.pages.dev",
            "gmx.se",
            "mx.yandex.ru",
            "12345+someone.users.noreply.github.com",
        ] {
            assert!(is_shared_host(host), "{host}");
        }
        for host in ["amazon.com", "bbc.co.uk", "example.dk", "github.com", "co.uk", "de", "", ".", " "] {
            assert!(!is_shared_host(host), "{host:?}");
        }
    }

    #[test]
    fn shared_hosts_match_whole_labels_only() {
        // Suffixes match on label boundaries: a longer label is another domain.
        for host in [
            "evilgmx.se",
            "gmx.se.example.com",
            "xgithub.io",
            "github.io.example.org",
            "notsr.ht",
            "ht",
            "se",
            "io",
            "github.com",
            "noreply.gitlab.com",
        ] {
            assert!(!is_shared_host(host), "{host}");
        }
        // Case, blanks and trailing dots do not matter, here or in a parent.
        for host in ["GMX.SE", "gmx.se.", " Git.Sr.Ht. ", "A.GitHub.IO", "Mail.Yandex.RU.", "a.github.io.."] {
            assert!(is_shared_host(host), "{host}");
        }
        assert!(!is_shared_host("EVILGMX.SE."));
    }

    #[test]
    fn shared_hosts_follow_psl_wildcards_and_exceptions() {
        // `*.firenet.ch` is in the PSL's private section: every name one label under it is a
        // suffix, and so is everything under those; `firenet.ch` itself is Firenet's own.
        assert!(is_hosting_suffix("x.firenet.ch") && !is_hosting_suffix("firenet.ch"));
        for host in ["x.firenet.ch", "a.x.firenet.ch", "a.b.svc.firenet.ch"] {
            assert!(is_shared_host(host), "{host}");
        }
        for host in ["firenet.ch", "evilfirenet.ch", "x.evilfirenet.ch"] {
            assert!(!is_shared_host(host), "{host}");
        }
        // The hosting list has no exception rule today; the walk reads them as the ICANN list
        // does: `!www.ck` frees `www.ck` and what is under it from `*.ck`.
        let mut errors = Vec::new();
        let rules = checked("t", "# rules\n!www.ck\n*.ck\n", true, &mut errors);
        assert!(errors.is_empty() && !rules.is_empty(), "{errors:?}");
        let under = |host: &str| at_or_under(host, |d| rule_matches(rules, d));
        // `wwww.ck` is not the exception `www.ck`: labels match whole.
        for host in ["foo.ck", "a.foo.ck", "a.b.foo.ck", "wwww.ck"] {
            assert!(under(host), "{host}");
        }
        for host in ["ck", "www.ck", "a.www.ck", "ck.example"] {
            assert!(!under(host), "{host}");
        }
        // The same on the real ICANN list (`*.ck`, `!www.ck`; `*.kawasaki.jp`, `!city.kawasaki.jp`).
        let icann = |host: &str| at_or_under(host, |d| rule_matches(lists().public, d));
        assert!(icann("foo.ck") && icann("x.foo.kawasaki.jp"));
        assert!(!icann("www.ck") && !icann("a.www.ck") && !icann("city.kawasaki.jp"));
    }

    #[test]
    fn domain_walk_stops_before_public_suffixes() {
        assert_eq!(
            domain_candidates("mail.eu.amazon.com"),
            ["mail.eu.amazon.com", "eu.amazon.com", "amazon.com"]
        );
        assert_eq!(domain_candidates("example.co.uk"), ["example.co.uk"]);
        assert_eq!(domain_candidates("foo.github.io"), ["foo.github.io"]);
        assert_eq!(domain_candidates("a.b.srht.site"), ["a.b.srht.site", "b.srht.site"]);
        assert_eq!(domain_candidates("git.sr.ht"), ["git.sr.ht"]);
        assert_eq!(domain_candidates("www.ck"), ["www.ck"]);
        assert!(domain_candidates("github.io").is_empty());
        assert!(domain_candidates("co.uk").is_empty());
        assert!(domain_candidates("com").is_empty());
        assert!(domain_candidates("gmail.com").is_empty());
        assert!(domain_candidates("12345+someone.users.noreply.github.com").is_empty());
    }
}
