//! Text from the input never reaches a terminal, a job summary or code scanning as markup of
//! its own: escape sequences (OSC that sets the window title, CSI that clears the screen),
//! carriage returns, backspaces, C1 controls and bidi overrides in package names, versions,
//! licences, suppliers and file names are shown escaped (`\u{1b}`) in the table, `explain`,
//! `diff`, `kb lookup` and the warnings on stderr; Markdown makes no link, mention, reference,
//! HTML or maths from them and keeps its tables whole; SARIF messages hold no placeholder,
//! embedded link or control character.
//!
//! Every input is generated here. A watchdog kills a run that hangs (not a speed budget).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

/// Sets the window title, clears the screen, returns to the start of the line, backspaces,
/// an 8-bit CSI, and a right-to-left override.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{8}\u{9b}31m\u{202e}";

/// Text that would make markup, a link, a mention, a reference or maths in Markdown, and a
/// placeholder or an embedded link in SARIF.
const MARKUP: &str = "@octocat see #1 [x](https://evil.example) <img src=x> a|b $x$ {0}";

/// The first character no terminal should receive raw (newlines aside): C0 controls, DEL, C1
/// controls, bidi controls, line and paragraph separators. Listed here, not taken from the
/// library, so that the test does not trust what it tests.
fn raw_control(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        c != '\n'
            && (c <= '\u{1f}'
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c))
    })
}

fn assert_no_raw_control(what: &str, text: &str) {
    if let Some(c) = raw_control(text) {
        panic!("{what}: raw {:?} reaches the terminal:\n{}", c, text.escape_debug());
    }
}

/// `text` without its SGR sequences (`ESC [ digits ; … m`), the only ones a styled report
/// may hold; any other escape sequence is left in and caught by [`raw_control`].
fn without_styles(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after.find(|c: char| !(c.is_ascii_digit() || c == ';')).unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            out.push_str(&rest[at..at + 2]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A CycloneDX SBOM: app → evil → plain, plus a nameless component (a warning that names the
/// file). `evil` carries escape sequences in its name, version, licence and supplier; `plain`
/// carries Markdown and SARIF syntax in its licence.
fn sbom(with_evil: bool) -> Value {
    let evil = json!({
        "type": "library", "bom-ref": "evil-ref",
        "name": format!("evil{HOSTILE}"), "version": format!("1.0{HOSTILE}"),
        "supplier": { "name": format!("Evil|Corp{HOSTILE}"), "address": { "country": "US" } },
        "licenses": [{ "license": { "name": format!("Custom{HOSTILE}") } }]
    });
    let plain = json!({
        "type": "library", "bom-ref": "plain-ref", "name": "plain", "version": "1.0.0",
        "licenses": [{ "license": { "name": format!("{MARKUP}\u{1b}[2J") } }]
    });
    let mut components = vec![plain, json!({ "type": "library", "bom-ref": "nameless" })];
    let mut deps = vec![json!({ "ref": "app", "dependsOn": ["plain-ref"] })];
    if with_evil {
        components.push(evil);
        deps = vec![
            json!({ "ref": "app", "dependsOn": ["evil-ref"] }),
            json!({ "ref": "evil-ref", "dependsOn": ["plain-ref"] }),
        ];
    }
    json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6",
        "metadata": { "component": { "type": "application", "bom-ref": "app", "name": "app", "version": "1" } },
        "components": components,
        "dependencies": deps
    })
}

/// The SBOM written to a file in `dir` whose name itself holds an escape sequence.
fn sbom_file(dir: &Path, with_evil: bool) -> PathBuf {
    let path = dir.join(format!("bom-{with_evil}\u{1b}]0;file\u{7}.json"));
    std::fs::write(&path, serde_json::to_vec(&sbom(with_evil)).unwrap()).unwrap();
    path
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the binary offline with a watchdog.
fn run(args: &[&std::ffi::OsStr]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    common::offline(&mut cmd);
    let out = common::run_watched(cmd.args(args));
    let r = Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!r.stderr.contains("panicked"), "panic on {args:?}:\n{}", r.stderr);
    r
}

fn args<'a>(list: &'a [&'a dyn AsRef<std::ffi::OsStr>]) -> Vec<&'a std::ffi::OsStr> {
    list.iter().map(|a| a.as_ref()).collect()
}

fn audit(sbom: &Path, extra: &[&str]) -> Run {
    let mut list: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"audit", &"--sbom", &sbom, &"--fail-on", &"never"];
    for e in extra {
        list.push(e);
    }
    let r = run(&args(&list));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    r
}

#[test]
fn table_shows_escape_sequences_from_the_input_escaped_and_keeps_its_own_styles() {
    let d = common::scratch("terminal");
    let bom = sbom_file(&d, true);
    let r = audit(&bom, &["--format", "table", "--packages", "--color", "always"]);
    assert!(r.stdout.contains("\u{1b}[1m"), "the table's own styles are gone:\n{}", r.stdout);
    assert_no_raw_control("table with --color always", &without_styles(&r.stdout));
    assert!(r.stdout.contains("evil\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{d}\\u{8}\\u{9b}31m\\u{202e}"));
    assert!(r.stdout.contains("Evil|Corp\\u{1b}"), "supplier:\n{}", r.stdout);
    assert!(r.stdout.contains("\\u{1b}]0;file\\u{7}.json"), "input file name:\n{}", r.stdout);
    // The warnings, in the table and on stderr, name the file.
    assert_no_raw_control("warnings on stderr", &r.stderr);
    assert!(r.stderr.contains("warning: ") && r.stderr.contains("\\u{1b}]0;file\\u{7}"), "{}", r.stderr);
}

#[test]
fn table_without_colour_has_no_control_character_at_all() {
    let d = common::scratch("terminal");
    let bom = sbom_file(&d, true);
    for extra in [&["--format", "table", "--color", "never"][..], &["--format", "table", "--packages"]] {
        let r = audit(&bom, extra);
        assert!(!r.stdout.contains('\u{1b}') && !r.stdout.contains('\r'), "{extra:?}");
        assert_no_raw_control("table", &r.stdout);
        assert!(r.stdout.contains("Custom\\u{1b}]0;pwned"), "{extra:?}: the licence:\n{}", r.stdout);
    }
}

#[test]
fn explain_shows_escape_sequences_from_the_input_escaped() {
    let d = common::scratch("terminal");
    let bom = sbom_file(&d, true);
    let evil = format!("evil{HOSTILE}");
    for spec in [evil.as_str(), "plain"] {
        let r = run(&args(&[&"explain", &spec, &"--sbom", &bom]));
        assert_eq!(r.code, Some(0), "explain {}: {}", spec.escape_debug(), r.stderr);
        assert_no_raw_control("explain", &r.stdout);
        assert_no_raw_control("explain's warnings", &r.stderr);
        assert!(r.stdout.contains("evil\\u{1b}]0;pwned\\u{7}"), "{}", r.stdout);
    }
}

#[test]
fn error_messages_show_escape_sequences_escaped() {
    let d = common::scratch("terminal");
    let r = run(&args(&[&"explain", &format!("nothing{HOSTILE}"), &"--sbom", &sbom_file(&d, false)]));
    assert_eq!(r.code, Some(2));
    assert_no_raw_control("the error", &r.stderr);
    assert!(r.stderr.contains("nothing\\u{1b}]0;pwned"), "{}", r.stderr);
}

#[test]
fn diff_shows_escape_sequences_from_the_reports_escaped() {
    let d = common::scratch("terminal");
    let (base, head) = (d.join("base.json"), d.join("head.json"));
    for (with_evil, out) in [(false, &base), (true, &head)] {
        let format = format!("json={}", out.display());
        audit(&sbom_file(&d, with_evil), &["--format", &format]);
    }
    let r = run(&args(&[&"diff", &base, &head, &"--fail-on", &"never"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_no_raw_control("diff", &r.stdout);
    assert!(r.stdout.contains("\\u{1b}]0;pwned\\u{7}"), "{}", r.stdout);
}

#[test]
fn kb_lookup_shows_escape_sequences_from_a_kb_file_escaped() {
    let d = common::scratch("terminal");
    let kb = d.join("mine.toml");
    let entry = format!(
        "[[org]]\nid = \"evil-gmbh\"\nname = {name:?}\nkind = \"company\"\ncountry = \"DE\"\n\
         note = {note:?}\nsource = \"https://evil.example/\"\n",
        name = format!("Evil GmbH{HOSTILE}"),
        note = format!("line one\nline two{HOSTILE}")
    );
    std::fs::write(&kb, toml_escapes(&entry)).unwrap();
    let r = run(&args(&[&"kb", &"lookup", &"--kb", &kb, &"evil-gmbh"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_no_raw_control("kb lookup", &r.stdout);
    assert!(r.stdout.contains("Evil GmbH\\u{1b}]0;pwned"), "{}", r.stdout);
    assert!(r.stdout.contains("line one\\u{a}line two"), "{}", r.stdout);
}

/// Rust's `{:?}` escapes (`\u{1b}`) rewritten as TOML's (`\u001B`).
fn toml_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let end = at + rest[at..].find('}').unwrap();
        let code = u32::from_str_radix(&rest[at + 3..end], 16).unwrap();
        out.push_str(&format!("\\u{code:04X}"));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn markdown_makes_no_link_mention_reference_html_or_maths_from_the_input() {
    let d = common::scratch("terminal");
    let r = audit(&sbom_file(&d, true), &["--format", "markdown"]);
    let md = &r.stdout;
    assert_no_raw_control("markdown", md);
    for bad in ["@octocat", "#1 ", "<img", "https://evil", "$x$"] {
        assert!(!md.contains(bad), "markdown holds {bad:?}:\n{md}");
    }
    // No link or image: every `](` has its bracket escaped.
    for (at, _) in md.match_indices("](") {
        let backslashes = md[..at].chars().rev().take_while(|&c| c == '\\').count();
        assert!(backslashes % 2 == 1, "a link: {}", &md[at.saturating_sub(40)..at + 2]);
    }
    assert!(md.contains("\\[x\\](https:&#8203;//evil.example)"), "{md}");
    assert!(md.contains("@&#8203;octocat") && md.contains("#&#8203;1"), "{md}");
    // Every table keeps its columns: as many unescaped `|` on each row as in its header.
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let bars = unescaped(line, '|');
        assert_eq!(*columns.get_or_insert(bars), bars, "a table row broken by the input: {line}");
    }
}

/// How many times `c` occurs in `text` not escaped by a backslash.
fn unescaped(text: &str, c: char) -> usize {
    let mut n = 0;
    let mut chars = text.chars();
    while let Some(x) = chars.next() {
        if x == '\\' {
            chars.next();
        } else if x == c {
            n += 1;
        }
    }
    n
}

#[test]
fn sarif_messages_hold_no_placeholder_embedded_link_or_control_character() {
    let d = common::scratch("terminal");
    let r = audit(&sbom_file(&d, true), &["--format", "sarif"]);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let texts: Vec<&str> = results.iter().map(|r| r["message"]["text"].as_str().unwrap()).collect();
    assert!(texts.iter().any(|t| t.contains("octocat")), "{texts:?}");
    for text in texts {
        assert_no_raw_control("a SARIF message", text);
        // Outside backslash escapes, no bracket, and braces only doubled.
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => assert!(matches!(chars.next(), Some('\\' | '[' | ']')), "{text}"),
                '[' | ']' => panic!("an unescaped bracket: {text}"),
                '{' | '}' => assert_eq!(chars.next(), Some(c), "a lone brace: {text}"),
                _ => {}
            }
        }
    }
}
