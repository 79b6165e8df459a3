#!/usr/bin/env python3
"""Writes the domain lists that must never identify an organisation or a country.

  data/mail-providers.txt    consumer, free and disposable e-mail domains: an address there is a
                             person's, not their employer's (gmail.com, gmx.de, posteo.de, …)
  data/hosting-suffixes.txt  the Public Suffix List's PRIVATE section: hosting and platform
                             suffixes under which anyone gets a name (github.io, pages.dev, …)
  data/public-suffixes.txt   the Public Suffix List's ICANN section, rules of two labels or more
                             (co.uk, com.au, *.ck, !www.ck); single labels are top-level domains,
                             which the Rust side treats as public suffixes without a list

Downloads (versions pinned below; nothing else is fetched):
  * the npm package free-email-domains (with `npm pack`, no install, no scripts run): its
    domains.json, a list of free and disposable e-mail domains (HubSpot's list of free e-mail
    domains, two lists of disposable domains and the package's own additions). Licence: MIT.
  * the PyPI package publicsuffixlist (with `pip download --no-deps`): its copy of Mozilla's Public
    Suffix List, public_suffix_list.dat. Licence of the list: MPL-2.0.
Both licences are checked against the package metadata, so a version whose licence changed stops
the script. The lists are attributed in data/ATTRIBUTION.md.

Hand-kept changes live below, each with its reason: MAIL_ADDENDUM (providers the issue names or the
project met that the list misses), NOT_MAIL_PROVIDERS (an organisation's own staff domain that the
list carries), HOSTING_ADDENDUM (code hosts whose subdomains and addresses belong to their users).

Every file is lowercase ASCII (IDNs as punycode, `xn--…`), one rule per line, sorted by bytes (the
Rust side bisects the text), after comment lines that say what it is, where it came from, its
licence and the command that rebuilt it. No date or other run-dependent text is written: the same
pinned versions always give the same bytes, so a rerun that changes nothing shows no diff.

Usage: python3 scripts/derive-domains.py   (needs npm and pip; run from anywhere)
"""

import encodings.idna
import json
import pathlib
import re
import subprocess
import sys
import tarfile
import tempfile

from geo_common import DATA, download_wheel

FREE_EMAIL_DOMAINS = "1.12.6"
PUBLICSUFFIXLIST = "1.1.2.20261023"
COMMAND = "python3 scripts/derive-domains.py"

# Consumer mail providers that free-email-domains misses: the ones issue 21 names and the ones the
# project's earlier hand-written list had.
MAIL_ADDENDUM = {
    "gmx.se": "GMX (United Internet): met on real crates, read as Sweden (issue 21)",
    "tutanota.com": "Tuta (formerly Tutanota), consumer mail; as are the next three",
    "tuta.com": "Tuta's current address domain",
    "tutamail.com": "Tuta address domain",
    "keemail.me": "Tuta address domain",
    "mailbox.org": "mailbox.org, a German consumer mail provider",
    "hey.com": "HEY (37signals), consumer mail",
    "disroot.org": "Disroot, a community mail provider",
    "riseup.net": "Riseup, a community mail provider",
    "users.noreply.github.com": "GitHub's private commit addresses (id+login@users.noreply.github.com)",
    "noreply.github.com": "GitHub's older private commit addresses (login@noreply.github.com)",
    "users.noreply.gitlab.com": "GitLab's private commit addresses",
}

# Domains free-email-domains lists that are an organisation's own: their addresses are staff's.
NOT_MAIL_PROVIDERS = {
    "facebook.com": "Meta's staff domain; Facebook's user e-mail (@facebook.com) closed in 2014",
    "alibaba.com": "Alibaba Group's own domain; its consumer mail is aliyun.com, which stays listed",
}

# Code hosts whose subdomains and addresses belong to their users but that the PSL lacks.
HOSTING_ADDENDUM = {
    "sr.ht": "SourceHut: git.sr.ht, hg.sr.ht, lists.sr.ht (~user/list@lists.sr.ht is a project's list)",
    "sourceforge.net": "SourceForge: name.sourceforge.net project sites, name@users.sourceforge.net",
}

DOMAIN_RE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
# A PSL rule: an optional `*.` (wildcard) or `!` (exception), then a domain of one label or more.
RULE_RE = re.compile(r"^(\*\.|!)?[a-z0-9-]+(\.[a-z0-9-]+)*$")


def fail(message: str) -> None:
    sys.exit(f"derive-domains: {message}")


def npm_pack(name: str, version: str) -> tarfile.TarFile:
    """Downloads one pinned npm package tarball (no install, no scripts) and opens it."""
    tmp = tempfile.mkdtemp(prefix=f"sovereign-{name}-")
    subprocess.run(
        ["npm", "pack", "--silent", "--pack-destination", tmp, f"{name}@{version}"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarballs = sorted(pathlib.Path(tmp).glob("*.tgz"))
    if len(tarballs) != 1:
        fail(f"expected one tarball for {name}@{version} in {tmp}, found {len(tarballs)}")
    return tarfile.open(tarballs[0])


def read_member(archive: tarfile.TarFile, name: str) -> str:
    member = archive.extractfile(name)
    if member is None:
        fail(f"{name} missing from the package")
    return member.read().decode("utf-8")


def to_ascii(rule: str) -> str:
    """A PSL rule with each non-ASCII label in punycode (`公司.cn` → `xn--55qx5d.cn`)."""
    prefix = "*." if rule.startswith("*.") else "!" if rule.startswith("!") else ""
    labels = rule[len(prefix):].split(".")
    out = [lab if lab.isascii() else encodings.idna.ToASCII(lab).decode("ascii") for lab in labels]
    return prefix + ".".join(out).lower()


def mail_providers() -> list[str]:
    pkg = npm_pack("free-email-domains", FREE_EMAIL_DOMAINS)
    meta = json.loads(read_member(pkg, "package/package.json"))
    if meta.get("license") != "MIT" or meta.get("version") != FREE_EMAIL_DOMAINS:
        fail(f"free-email-domains: licence {meta.get('license')!r}, version {meta.get('version')!r}")
    listed = json.loads(read_member(pkg, "package/domains.json"))
    domains = set()
    for raw in listed:
        domain = raw.strip().lower().rstrip(".")
        if not DOMAIN_RE.match(domain):
            print(f"mail: skipped malformed {raw!r}", file=sys.stderr)
            continue
        domains.add(domain)
    for domain in MAIL_ADDENDUM:
        if domain in domains:
            print(f"mail: addendum {domain} is now in the list; drop it from MAIL_ADDENDUM", file=sys.stderr)
        domains.add(domain)
    for domain in NOT_MAIL_PROVIDERS:
        if domain not in domains:
            print(f"mail: {domain} is no longer in the list; drop it from NOT_MAIL_PROVIDERS", file=sys.stderr)
        domains.discard(domain)
    return sorted(domains)


def psl_sections() -> tuple[str, list[str], list[str]]:
    """The PSL's version line and its ICANN and PRIVATE rules, in punycode."""
    wheel = download_wheel("publicsuffixlist", PUBLICSUFFIXLIST)
    metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    licence = re.search(r"^License-Expression: (.+)$", wheel.read(metadata).decode(), re.M)
    if not licence or licence.group(1).strip() != "MPL-2.0":
        fail(f"publicsuffixlist: licence {licence and licence.group(1)!r}, expected MPL-2.0")
    text = wheel.read("publicsuffixlist/public_suffix_list.dat").decode("utf-8")
    version = re.search(r"^// VERSION: (\S+)", text, re.M)
    sections: dict[str, list[str]] = {"ICANN": [], "PRIVATE": []}
    current = None
    for line in text.splitlines():
        marker = re.match(r"^// ===(BEGIN|END) (ICANN|PRIVATE) DOMAINS===", line)
        if marker:
            current = marker.group(2) if marker.group(1) == "BEGIN" else None
            continue
        line = line.strip()
        if current is None or not line or line.startswith("//"):
            continue
        rule = to_ascii(line.split()[0])
        if not RULE_RE.match(rule):
            fail(f"PSL rule {line!r} does not look like a domain rule")
        sections[current].append(rule)
    if not sections["ICANN"] or not sections["PRIVATE"]:
        fail("the PSL's ICANN or PRIVATE section is missing")
    return (version.group(1) if version else "unknown"), sections["ICANN"], sections["PRIVATE"]


def write(name: str, header: list[str], rules: list[str]) -> None:
    rules = sorted(set(rules))
    bad = [r for r in rules if r != r.lower() or not r.isascii() or not r]
    if bad:
        fail(f"{name}: not lowercase ASCII: {bad[:5]}")
    lines = [f"# {line}" for line in header]
    lines.append(f"# Rebuilt by `{COMMAND}` from the versions above; do not edit by hand. {len(rules)} lines, sorted by bytes.")
    (DATA / name).write_text("\n".join(lines + rules) + "\n", encoding="utf-8")
    print(f"{name}: {len(rules)} lines", file=sys.stderr)


def main() -> None:
    mail = mail_providers()
    version, icann, private = psl_sections()
    for domain in HOSTING_ADDENDUM:
        if domain in private:
            print(f"hosting: addendum {domain} is now in the PSL; drop it from HOSTING_ADDENDUM", file=sys.stderr)
    # Single labels are top-level domains: the Rust side needs no list for them.
    multi = [r for r in icann if "." in r]
    psl = f"Source: the Public Suffix List {version} (https://publicsuffix.org/) as shipped in the PyPI package"
    psl_pkg = f"publicsuffixlist {PUBLICSUFFIXLIST} (https://pypi.org/project/publicsuffixlist/): its {{}} section."
    psl_licence = (
        "Licence: MPL-2.0, the list's, which this derived file keeps: This Source Code Form is subject to the terms of the\n"
        "# Mozilla Public License, v. 2.0. If a copy of the MPL was not distributed with this file, You can obtain one at\n"
        "# https://mozilla.org/MPL/2.0/."
    )
    write(
        "mail-providers.txt",
        [
            "Consumer, free and disposable e-mail domains: an address there names a person, never an organisation.",
            f"Source: the npm package free-email-domains {FREE_EMAIL_DOMAINS} (https://github.com/Kikobeats/free-email-domains),",
            "its domains.json; plus MAIL_ADDENDUM and less NOT_MAIL_PROVIDERS of scripts/derive-domains.py.",
            "Licence: MIT, (c) Kiko Beats.",
        ],
        mail,
    )
    write(
        "hosting-suffixes.txt",
        [
            "Hosting and platform suffixes: a name under one (x.github.io) is its user's, never the host's,",
            "and a host at or under one gives no country. `*.x` is a wildcard rule, `!x` an exception.",
            psl,
            psl_pkg.format("PRIVATE") + " Plus HOSTING_ADDENDUM of scripts/derive-domains.py.",
            psl_licence,
        ],
        private + list(HOSTING_ADDENDUM),
    )
    write(
        "public-suffixes.txt",
        [
            "Public suffixes of two labels or more (co.uk, com.au): no organisation owns one. Single labels,",
            "the top-level domains, are left out. `*.x` is a wildcard rule, `!x` an exception.",
            psl,
            psl_pkg.format("ICANN"),
            psl_licence,
        ],
        multi,
    )


if __name__ == "__main__":
    main()
