//! Property tests: arbitrary Unicode in every string field of every input format, through the
//! whole pipeline (every reader, enrichment, analysis, policy, every report format, `explain`,
//! `diff`). The documents are the specifications' own examples and the repository's fixtures,
//! with every string value replaced by a random one — control characters, escape sequences,
//! combining marks, bidirectional overrides, astral characters, the formats' own syntax —
//! consistently, so that a reference and what it refers to stay equal.
//!
//! `SOVEREIGN_PROPERTY_CASES` sets how many variants of each document are tried (default 1;
//! the seed is fixed, so a failure names the document and the variant that reproduce it).

use crate::fuzz_properties;

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// splitmix64: small, seeded, the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Fragments that have hurt parsers, terminals and Markdown renderers.
const TOKENS: &[&str] = &[
    " OR ",
    " AND ",
    " WITH ",
    "(",
    ")",
    "NOASSERTION",
    "NONE",
    "pkg:",
    "pkg:npm/%40x/y@1",
    "@",
    "\u{1b}[2J",
    "\u{1b}]0;title\u{7}",
    "\r",
    "\u{0}",
    "LicenseRef-",
    "https://",
    "[x](http://e)",
    "<script>",
    "&amp;",
    "@someone",
    "#1",
    "|",
    "\\",
    "\"",
    "'",
    "`",
    "*",
    "_",
    "~~",
    "{{",
    "}}",
    "%s",
    "\u{202e}",
    "é",
    "–",
];

/// A random string: 0 to 24 characters from pools chosen to break things.
fn unicode(rng: &mut Rng) -> String {
    let len = rng.below(25);
    let mut s = String::new();
    for _ in 0..len {
        let c = match rng.below(16) {
            0..=3 => char::from(0x20 + rng.below(0x5f) as u8),
            4 | 5 => char::from(rng.below(0x20) as u8),
            6 => char::from_u32(0x7f + rng.below(0x21) as u32).unwrap_or('?'),
            7 | 8 => *rng.pick(&['é', 'ü', 'ß', 'ø', 'Å', '\u{301}', '\u{308}', 'ı', 'İ', 'ﬁ']),
            9 => *rng
                .pick(&['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}', '\u{200f}', '\u{feff}']),
            10 => *rng.pick(&['中', '文', 'Ж', 'я', 'ع', 'ש', 'ไ', 'ㄱ']),
            11 => *rng.pick(&['😀', '\u{10ffff}', '\u{e000}', '\u{fffd}', '\u{fffe}', '𝔘', '\u{1f1eb}']),
            12 | 13 => *rng.pick(&[
                '"', '\'', '\\', '<', '>', '&', '|', '*', '_', '`', '[', ']', '@', '#', ':', '/', '%', '=',
                ';', ',',
            ]),
            _ => {
                s.push_str(rng.pick::<&str>(TOKENS));
                continue;
            }
        };
        s.push(c);
    }
    s
}

/// The same random replacement for the same original string.
struct Replacer {
    rng: Rng,
    seen: HashMap<String, String>,
    /// Characters the format cannot hold at all (XML 1.0) are left out.
    allowed: fn(char) -> bool,
}

impl Replacer {
    fn new(seed: u64, allowed: fn(char) -> bool) -> Self {
        Replacer { rng: Rng(seed), seen: HashMap::new(), allowed }
    }

    fn replace(&mut self, original: &str) -> String {
        if let Some(r) = self.seen.get(original) {
            return r.clone();
        }
        let allowed = self.allowed;
        let r: String = unicode(&mut self.rng).chars().filter(|c| allowed(*c)).collect();
        self.seen.insert(original.to_string(), r.clone());
        r
    }
}

fn any_char(_: char) -> bool {
    true
}

/// Characters XML 1.0 allows in a document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Values that say what a document or element is: replacing them would only make the
/// document unrecognisable, which the fuzzers already cover.
const STRUCTURAL_KEYS: &[&str] = &[
    "bomFormat",
    "specVersion",
    "spdxVersion",
    "type",
    "@type",
    "@context",
    "relationshipType",
    "referenceCategory",
    "referenceType",
    "kind",
    "algorithm",
    "alg",
    "SPDXID",
    "spdxId",
];

fn mutate_json(value: &mut Value, key: Option<&str>, r: &mut Replacer) {
    match value {
        Value::String(s) if !key.is_some_and(|k| STRUCTURAL_KEYS.contains(&k)) => *s = r.replace(s),
        Value::Array(items) => items.iter_mut().for_each(|v| mutate_json(v, key, r)),
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| mutate_json(v, Some(k.as_str()), r)),
        _ => {}
    }
}

/// Tag-value: every value but the structural tags; relationships keep their type.
fn mutate_tag_value(text: &str, r: &mut Replacer) -> String {
    let keep = ["SPDXVersion", "DataLicense", "SPDXID", "FileChecksum", "PackageChecksum"];
    let mut out = String::new();
    let mut in_text = false;
    for line in text.lines() {
        if in_text {
            in_text = !line.contains("</text>");
            out.push_str(line);
        } else if let Some((tag, value)) = line.split_once(": ") {
            if value.contains("<text>") && !value.contains("</text>") {
                in_text = true;
                out.push_str(line);
            } else if tag == "Relationship" {
                let parts: Vec<&str> = value.split_whitespace().collect();
                let mapped: Vec<String> =
                    parts
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            if i == 1 {
                                p.to_string()
                            } else {
                                r.replace(p).replace(char::is_whitespace, "")
                            }
                        })
                        .collect();
                out.push_str(&format!("{tag}: {}", mapped.join(" ")));
            } else if keep.contains(&tag) || tag.starts_with('#') {
                out.push_str(line);
            } else {
                let v = r.replace(value);
                if v.contains('\n') || v.contains('\r') {
                    out.push_str(&format!("{tag}: <text>{v}</text>"));
                } else {
                    out.push_str(&format!("{tag}: {v}"));
                }
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// XML: every text node and attribute value but the structural attributes.
fn mutate_xml(text: &str, r: &mut Replacer) -> String {
    let keep = ["version", "xmlns", "type", "alg", "specVersion", "encoding", "standalone"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let before = &rest[..open];
        if before.trim().is_empty() {
            out.push_str(before);
        } else {
            out.push_str(&xml_escape(&r.replace(before.trim())));
        }
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let tag = &rest[open..open + close + 1];
        if tag.starts_with("<?") || tag.starts_with("<!") {
            out.push_str(tag);
        } else {
            out.push_str(&mutate_attributes(tag, &keep, r));
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn mutate_attributes(tag: &str, keep: &[&str], r: &mut Replacer) -> String {
    let mut out = String::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        let Some(end) = rest[eq + 2..].find('"') else { break };
        let value = &rest[eq + 2..eq + 2 + end];
        out.push_str(&rest[..eq + 2]);
        if keep.iter().any(|k| name == *k || name.starts_with("xmlns")) {
            out.push_str(value);
        } else {
            out.push_str(&xml_escape(&r.replace(value)));
        }
        out.push('"');
        rest = &rest[eq + 2 + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The documents: the specifications' examples (one per kind of example, the newest
/// version of each format) and the repository's own fixtures.
fn documents() -> Vec<PathBuf> {
    let repo = common::repo_dir().join("tests/fixtures");
    let mut docs = vec![
        repo.join("path-and-git-sources/metadata.json"),
        repo.join("sbom-with-copyleft-only/bom.json"),
        repo.join("diff/base.bom.json"),
    ];
    if let Some(shared) = common::shared_dir() {
        let corpora = shared.join("corpora");
        for version in ["1.2", "1.4", "1.6", "1.7"] {
            let dir = corpora.join("cyclonedx-spec").join(version);
            docs.extend(
                common::files_with_ext(&dir, &[".json", ".xml"])
                    .into_iter()
                    .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("valid-")))
                    .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() < 64 * 1024)),
            );
        }
        docs.extend(
            common::files_with_ext(
                &corpora.join("spdx-examples"),
                &[".json", ".spdx", ".yaml", ".yml", ".jsonld"],
            )
            .into_iter()
            .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() < 256 * 1024)),
        );
    }
    docs
}

/// One random variant of `path`'s document, or `None` for a document this test cannot
/// rewrite (not JSON, YAML, XML or tag-value).
fn variant(path: &Path, seed: u64) -> Option<Vec<u8>> {
    let text = std::fs::read_to_string(path).ok()?;
    let name = path.to_string_lossy();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        let mut r = Replacer::new(seed, xml_char);
        return Some(mutate_xml(&text, &mut r).into_bytes());
    }
    let mut r = Replacer::new(seed, any_char);
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let mut doc: Value = serde_json::from_str(trimmed).ok()?;
        mutate_json(&mut doc, None, &mut r);
        return serde_json::to_vec(&doc).ok();
    }
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        let mut doc: Value = serde_yaml_ng::from_str(&text).ok()?;
        mutate_json(&mut doc, None, &mut r);
        return Some(serde_yaml_ng::to_string(&doc).ok()?.into_bytes());
    }
    Some(mutate_tag_value(&text, &mut r).into_bytes())
}

#[test]
fn arbitrary_unicode_in_every_string_field_of_every_format_goes_through_the_whole_pipeline() {
    let cases: u64 = std::env::var("SOVEREIGN_PROPERTY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let mut by_kind: HashMap<String, (usize, usize)> = HashMap::new();
    for (d, path) in documents().iter().enumerate() {
        for case in 0..cases {
            let seed = (d as u64) << 20 | case;
            let Some(bytes) = variant(path, seed) else { continue };
            let kind = match cargo_sovereign::input::detect::detect(&String::from_utf8_lossy(&bytes)) {
                Some(format) => format!("{format:?}"),
                None => "unrecognised".to_string(),
            };
            let outcome = std::panic::catch_unwind(|| fuzz_properties::pipeline(&bytes));
            if outcome.is_err() {
                let keep = std::env::temp_dir().join(format!("sovereign-property-{d}-{case}"));
                std::fs::write(&keep, &bytes).unwrap();
                panic!(
                    "{} variant {case} (seed {seed}) fails; the input is in {}",
                    path.display(),
                    keep.display()
                );
            }
            let mut builder = cargo_sovereign::model::GraphBuilder::new(false);
            let read = cargo_sovereign::input::read_document("variant", &bytes, &mut builder).is_ok();
            let entry = by_kind.entry(kind).or_default();
            entry.0 += 1;
            entry.1 += usize::from(read);
        }
    }
    // Not vacuous: every format family was tried, and most variants were read, not refused.
    eprintln!("variants tried and read, by format: {by_kind:?}");
    for (kind, (tried, read)) in &by_kind {
        if kind != "unrecognised" {
            assert!(*read * 2 >= *tried, "{kind}: only {read} of {tried} variants were read");
        }
    }
    assert!(by_kind.get("CargoMetadata").is_some_and(|(_, read)| *read > 0), "{by_kind:?}");
    if common::shared_dir().is_some() {
        for kind in ["CyclonedxJson", "CyclonedxXml", "SpdxJson", "SpdxTagValue", "Spdx3JsonLd"] {
            assert!(by_kind.get(kind).is_some_and(|(_, read)| *read > 0), "{kind} never read: {by_kind:?}");
        }
    }
}
