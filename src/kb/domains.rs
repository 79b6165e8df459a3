//! Domains and e-mail addresses as keys to organisations, and the domains that must never be.
//!
//! E-mail addresses come from `mail.eu.amazon.com` as well as `amazon.com`, so domains are
//! walked up label by label. Two lists guard the walk: public suffixes (a domain under `co.uk`
//! or `github.io` says nothing about `co.uk`'s owner) and generic mail providers (a `gmail.com`
//! address belongs to a person, not to Google) — both must map to no organisation.

/// Suffixes under which anyone can register a name: never an organisation's own domain.
///
/// Single-label top-level domains are always public suffixes; this lists the multi-label ones
/// commonly met in package metadata (a subset of the Public Suffix List).
const PUBLIC_SUFFIXES: &[&str] = &[
    "ac.jp",
    "ac.uk",
    "appspot.com",
    "azurewebsites.net",
    "blogspot.com",
    "co.in",
    "co.jp",
    "co.kr",
    "co.nz",
    "co.uk",
    "co.za",
    "codeberg.page",
    "com.au",
    "com.br",
    "com.cn",
    "com.tw",
    "gitlab.io",
    "github.io",
    "gov.uk",
    "herokuapp.com",
    "ne.jp",
    "net.au",
    "netlify.app",
    "or.jp",
    "org.au",
    "org.cn",
    "org.uk",
    "pages.dev",
    "readthedocs.io",
    "vercel.app",
    "web.app",
    "firebaseapp.com",
    "workers.dev",
    "sourceforge.net",
    "srht.site",
    "gouv.fr",
    "gv.at",
    "gob.es",
    "edu.cn",
    "gov.cn",
    "ac.at",
];

/// Mail domains that anyone can get an address at: an address there says who the person is,
/// not which organisation they work for.
const GENERIC_MAIL: &[&str] = &[
    "126.com",
    "163.com",
    "aol.com",
    "fastmail.com",
    "fastmail.fm",
    "foxmail.com",
    "gmail.com",
    "gmx.at",
    "gmx.ch",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.de",
    "hotmail.fr",
    "icloud.com",
    "live.com",
    "mac.com",
    "mail.com",
    "mail.ru",
    "mailbox.org",
    "me.com",
    "msn.com",
    "naver.com",
    "outlook.com",
    "outlook.de",
    "pm.me",
    "posteo.de",
    "posteo.net",
    "proton.me",
    "protonmail.ch",
    "protonmail.com",
    "qq.com",
    "riseup.net",
    "sina.com",
    "tuta.com",
    "tuta.io",
    "tutamail.com",
    "tutanota.com",
    "tutanota.de",
    "users.noreply.github.com",
    "users.noreply.gitlab.com",
    "noreply.github.com",
    "web.de",
    "yahoo.co.jp",
    "yahoo.com",
    "yahoo.de",
    "yahoo.fr",
    "yandex.com",
    "yandex.ru",
    "ya.ru",
    "zoho.com",
    "duck.com",
    "disroot.org",
    "free.fr",
    "orange.fr",
    "laposte.net",
    "t-online.de",
    "seznam.cz",
    "wp.pl",
    "o2.pl",
    "libero.it",
    "virgilio.it",
    "bk.ru",
    "inbox.ru",
    "list.ru",
    "rambler.ru",
    "yeah.net",
    "aliyun.com",
];

/// Normal form of a domain or e-mail address: the part after `@`, lowercase, without a
/// trailing dot; `None` when nothing domain-like is left.
pub fn normalize_domain(text: &str) -> Option<String> {
    let host = text.rsplit('@').next().unwrap_or(text).trim().trim_end_matches('.').to_lowercase();
    let valid = !host.is_empty()
        && host.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    valid.then_some(host)
}

/// True for a domain that must never identify an organisation: a top-level domain, a known
/// public suffix, or a generic mail provider.
pub fn is_unattributable_domain(domain: &str) -> bool {
    !domain.contains('.') || PUBLIC_SUFFIXES.contains(&domain) || GENERIC_MAIL.contains(&domain)
}

/// True for a generic mail provider (`gmail.com`, `proton.me`, …).
pub fn is_generic_mail_domain(domain: &str) -> bool {
    GENERIC_MAIL.contains(&domain)
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
            if GENERIC_MAIL.contains(&rest) {
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
    fn domain_walk_stops_before_public_suffixes() {
        assert_eq!(
            domain_candidates("mail.eu.amazon.com"),
            ["mail.eu.amazon.com", "eu.amazon.com", "amazon.com"]
        );
        assert_eq!(domain_candidates("example.co.uk"), ["example.co.uk"]);
        assert_eq!(domain_candidates("foo.github.io"), ["foo.github.io"]);
        assert!(domain_candidates("com").is_empty());
        assert!(domain_candidates("gmail.com").is_empty());
        assert!(domain_candidates("12345+someone.users.noreply.github.com").is_empty());
    }
}
