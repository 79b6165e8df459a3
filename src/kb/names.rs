//! Normalising organisation names and domains so that lookups meet the way people write them.
//!
//! Inputs name the same company as `Google LLC`, `Google, Inc.` or `google`; e-mail addresses
//! come from `mail.eu.amazon.com` as well as `amazon.com`. Matching is done on a normal form:
//! names lose case, punctuation and trailing legal-form suffixes; domains are walked up label by
//! label. Two lists guard the domain walk: public suffixes (a domain under `co.uk` or
//! `github.io` says nothing about `co.uk`'s owner) and generic mail providers (a `gmail.com`
//! address belongs to a person, not to Google) — both must map to no organisation.

/// Legal-form words dropped from the end of a name (after dots are removed and case folded).
const LEGAL_SUFFIXES: &[&str] = &[
    "ab",
    "ag",
    "aisbl",
    "aps",
    "as",
    "asa",
    "asbl",
    "bv",
    "co",
    "company",
    "corp",
    "corporation",
    "ev",
    "gbr",
    "ggmbh",
    "gmbh",
    "inc",
    "incorporated",
    "kg",
    "kk",
    "lda",
    "limited",
    "llc",
    "llp",
    "lp",
    "ltd",
    "nv",
    "oy",
    "oyj",
    "pbc",
    "plc",
    "pty",
    "sa",
    "sarl",
    "sas",
    "se",
    "sl",
    "spa",
    "sprl",
    "srl",
    "ug",
];

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

/// True for `abc`, `abc-def-1`; false for `Abc`, `-abc`, `a--b` and the empty string.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// True for two uppercase ASCII letters, the shape of an ISO 3166-1 alpha-2 code. Whether the
/// code is assigned is checked against the countries table, not here.
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Normal form of an organisation name: lowercase words, no punctuation, no leading "the", no
/// trailing legal-form suffixes (`Google LLC` → `google`, `Ferrous Systems GmbH` →
/// `ferrous systems`). Never empty unless the input has no letters or digits.
pub fn normalize_name(text: &str) -> String {
    let folded: String = text
        .chars()
        .filter(|c| *c != '.')
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    if words.len() > 1 && words.first() == Some(&"the") {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_SUFFIXES.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

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
    fn names_lose_case_punctuation_and_legal_forms() {
        assert_eq!(normalize_name("Google LLC"), "google");
        assert_eq!(normalize_name("Ant Group Co., Ltd."), "ant group");
        assert_eq!(normalize_name("Ferrous Systems GmbH"), "ferrous systems");
        assert_eq!(normalize_name("KDE e.V."), "kde");
        assert_eq!(normalize_name("Nexon Co., Ltd"), "nexon");
        assert_eq!(normalize_name("Mullvad VPN AB"), "mullvad vpn");
        assert_eq!(normalize_name("Eclipse Foundation AISBL"), "eclipse foundation");
        assert_eq!(normalize_name("The Document Foundation"), "document foundation");
        assert_eq!(normalize_name("Example Italia S.p.A."), "example italia");
        assert_eq!(normalize_name("Private Packagist B.V."), "private packagist");
        // A name that is only a legal-form word keeps it.
        assert_eq!(normalize_name("AG"), "ag");
        assert_eq!(normalize_name("  "), "");
    }

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
