//! The Markdown report, for a GitHub job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request
//! comment: a summary table, a findings table with severity icons, then one collapsible
//! `<details>` block per finding code with its explanation, fix hint and every finding.
//!
//! GitHub refuses job summaries over 1 MiB and comments are smaller still, so the rendering is
//! capped at [`MARKDOWN_LIMIT`]: when it would be larger, detail rows are dropped from the end
//! and a note says how many were left out. The summary and findings tables are never cut, so
//! the figures stay right even when the list of findings is long.
//!
//! Text that comes from the input (package names, messages) is escaped ([`escape`]) so that it
//! cannot break a table, make markup or a link, or mention anyone: a job summary or a comment
//! must say what the audit found, not what a package's author wanted it to say.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Report, Reporter};
use crate::model::InputFormat;
use crate::policy::code::{Code, Severity};
use crate::policy::finding::Finding;
use crate::terminal;
use crate::text::plural;

/// The largest rendering, in bytes: GitHub's limit for one job summary.
pub const MARKDOWN_LIMIT: usize = 1 << 20;

/// Room kept for the truncation note.
const NOTE_RESERVE: usize = 256;

/// Writes the Markdown report.
pub struct Markdown;

impl Reporter for Markdown {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render_capped(report, MARKDOWN_LIMIT).as_bytes())
    }
}

/// The icon for a severity.
pub fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "🔴",
        Severity::Warning => "🟠",
        Severity::Note => "🔵",
    }
}

/// The report as Markdown, at most `limit` bytes long (as long as the summary and the
/// findings table fit; they are never cut).
pub fn render_capped(report: &Report, limit: usize) -> String {
    let head = head(report);
    let groups = groups(&report.findings);
    let mut rows_total = 0;
    let mut size = head.len();
    for g in &groups {
        size += g.open.len() + g.close.len();
        for r in &g.rows {
            size += r.len();
            rows_total += 1;
        }
    }
    // Keep rows in order while they fit; once one does not, every later row is dropped too,
    // so what is left out is always the end of the list.
    let mut keep = rows_total;
    if size > limit {
        let budget = limit.saturating_sub(NOTE_RESERVE);
        let mut used = head.len() + groups.iter().map(|g| g.open.len() + g.close.len()).sum::<usize>();
        keep = 0;
        'fill: for g in &groups {
            for r in &g.rows {
                if used + r.len() > budget {
                    break 'fill;
                }
                used += r.len();
                keep += 1;
            }
        }
    }
    let mut md = head;
    let mut n = 0;
    for g in &groups {
        md.push_str(&g.open);
        for r in &g.rows {
            if n < keep {
                md.push_str(r);
            }
            n += 1;
        }
        md.push_str(&g.close);
    }
    if keep < rows_total {
        let left = rows_total - keep;
        let _ = writeln!(
            md,
            "> [!NOTE]\n> {left} of {rows_total} finding details were left out to keep this report under {} KiB; \
             the JSON or SARIF report has all of them.",
            limit / 1024
        );
    }
    md
}

/// The title, inputs, summary table and findings table.
fn head(report: &Report) -> String {
    let s = &report.summary;
    let mut md = String::new();
    md.push_str("# cargo-sovereign report\n\n");
    for input in &report.inputs {
        let format = match input.format {
            InputFormat::CargoMetadata => "Cargo metadata",
            InputFormat::Cyclonedx => "CycloneDX",
            InputFormat::Spdx => "SPDX",
        };
        let version = input.spec_version.as_deref().map(|v| format!(" {}", escape(v))).unwrap_or_default();
        let path = input.path.as_deref().map(|p| format!(": {}", escape(p))).unwrap_or_default();
        let _ = writeln!(md, "Input: {format}{version}{path}  ");
    }
    md.push('\n');
    md.push_str("| | |\n|---|---|\n");
    let (packages, edges) = (plural(s.packages, "package", "packages"), plural(s.edges, "edge", "edges"));
    let _ = writeln!(md, "| Dependencies | {} ({packages}, {edges}) |", s.dependencies);
    let _ = writeln!(md, "| Sovereignty score | **{}** / 100, grade {} |", s.score, escape(&s.grade));
    let elephant = s.elephant_factor.map_or("—".to_string(), |n| n.to_string());
    let _ = writeln!(
        md,
        "| Coverage | {:.0}% of dependencies attributed, {:.0}% of licences classified; elephant factor {elephant} |",
        s.coverage.attributed * 100.0,
        s.coverage.licensed * 100.0
    );
    if s.other_platforms > 0 {
        let _ = writeln!(md, "| Only for other platforms (left out) | {} |", s.other_platforms);
    }
    for class in ["trusted", "untrusted", "unknown"] {
        let n = s.jurisdictions.get(class).copied().unwrap_or(0);
        let _ =
            writeln!(md, "| Controlled from {class} jurisdictions | {n} ({}) |", percent(n, s.dependencies));
    }
    let _ = writeln!(
        md,
        "| Critical dependencies | {}, {:.1}% of them controlled from untrusted jurisdictions |",
        s.critical,
        s.untrusted_critical_share * 100.0
    );
    let _ = writeln!(md, "| Controlling countries | {} |", counts(&s.control_countries, 12));
    if !s.top_entities.is_empty() {
        let entities = super::table::entities_with(&s.top_entities, escape);
        let _ = writeln!(md, "| Top entities | {} |", entities.join(", "));
    }
    let _ = writeln!(md, "| Licence categories | {} |", counts(&s.license_categories, 12));
    let _ = writeln!(md, "| Vendor lock-in | {} |", counts(&s.vendors, 12));
    if !s.platforms.is_empty() {
        let _ = writeln!(md, "| Platform bindings | {} |", counts(&s.platforms, 12));
    }
    let count = |sev: &str| s.findings.get(sev).copied().unwrap_or(0);
    let parts: Vec<String> =
        [(Severity::Error, "errors"), (Severity::Warning, "warnings"), (Severity::Note, "notes")]
            .iter()
            .map(|&(severity, many)| {
                let (one, n) = (severity.as_str(), count(severity.as_str()));
                format!("{} {n} {}", severity_icon(severity), if n == 1 { one } else { many })
            })
            .collect();
    let mut findings = parts.join(", ");
    if s.suppressed_findings > 0 {
        let _ = write!(findings, " ({} suppressed by exceptions)", s.suppressed_findings);
    }
    let _ = writeln!(md, "| Findings | {findings} |");
    md.push('\n');
    let models = super::models::rows(report);
    if !models.is_empty() {
        md.push_str("## Models and datasets\n\n| Kind | Name | Publisher | Controlled from | Licence |\n|---|---|---|---|---|\n");
        for r in models {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                r.kind,
                escape(&r.label),
                escape(r.publisher.unwrap_or("unknown")),
                escape(r.country.unwrap_or("unknown")),
                escape(r.category.unwrap_or("unknown"))
            );
        }
        md.push('\n');
    }
    if report.findings.is_empty() {
        md.push_str("No findings.\n");
        return md;
    }
    md.push_str("## Findings\n\n| | Severity | Code | Finding | Count |\n|---|---|---|---|---:|\n");
    for (severity, code, n) in code_counts(&report.findings) {
        let _ = writeln!(
            md,
            "| {} | {} | `{}` | {} | {n} |",
            severity_icon(severity),
            escape(severity.as_str()),
            code_span(code.as_str()),
            escape(code.title())
        );
    }
    let sarif = super::sarif::results::select(report, super::sarif::results::MAX_RESULTS);
    if sarif.left_out() > 0 {
        let _ = writeln!(
            md,
            "\n> [!NOTE]\n> SARIF for code scanning keeps the {} most severe of {} results (one per code and \
             package, within GitHub's limits); the {} others are in the JSON report.",
            sarif.results.len(),
            sarif.total,
            sarif.left_out()
        );
    }
    md.push_str("\n## Details\n\n");
    md
}

/// One `<details>` block: its opening (summary, explanation, fix), its rows, its closing.
struct Group {
    open: String,
    rows: Vec<String>,
    close: String,
}

fn groups(findings: &[Finding]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut last: Option<(Severity, Code)> = None;
    for f in findings {
        let key = (f.severity, f.code);
        if last != Some(key) {
            let n = findings.iter().filter(|g| (g.severity, g.code) == key).count();
            let code = f.code;
            let mut open = format!(
                "<details>\n<summary>{} <code>{}</code> {} ({n})</summary>\n\n",
                severity_icon(f.severity),
                html(code.as_str()),
                html(code.title())
            );
            let _ = write!(open, "{}\n\n**Fix:** {}\n\n", code.explanation(), code.fix_hint());
            out.push(Group { open, rows: Vec::new(), close: "\n</details>\n\n".to_string() });
            last = Some(key);
        }
        if let Some(g) = out.last_mut() {
            g.rows.push(format!("- {}\n", escape(&f.message)));
        }
    }
    out
}

/// (severity, code, count) in the findings' order (severity, then code).
fn code_counts(findings: &[Finding]) -> Vec<(Severity, Code, usize)> {
    let mut out: Vec<(Severity, Code, usize)> = Vec::new();
    for f in findings {
        match out.last_mut() {
            Some((s, c, n)) if *s == f.severity && *c == f.code => *n += 1,
            _ => out.push((f.severity, f.code, 1)),
        }
    }
    out
}

fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        "0.0%".to_string()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

/// `key n, key n, …`, largest first, at most `limit` entries, escaped.
fn counts(map: &BTreeMap<String, usize>, limit: usize) -> String {
    super::table::counts_with(map, limit, escape)
}

/// A zero-width space: invisible, but it breaks the patterns GitHub turns into mentions,
/// references and links.
const BREAK: &str = "&#8203;";

/// Text made safe for a Markdown table cell or list item as GitHub renders it: on one line,
/// its control characters shown as on a terminal ([`terminal::escape`]), and nothing in it
/// that makes markup. No table break (`|`), HTML tag or entity, code span, emphasis,
/// strikethrough, link or image (`\`, `` ` ``, `*`, `_`, `~`, `[`, `]` take a backslash), no
/// maths (`$` goes in a `<span>`, as GitHub advises), and no @mention (GitHub would notify the
/// account), issue reference (`#12`, `owner/repo#12`, `GH-12`) or autolink (`https://`,
/// `www.`, e-mail addresses): a zero-width space after `@`, `#`, `GH-` and inside `://` and
/// `www.` breaks each pattern without changing what the reader sees.
pub fn escape(text: &str) -> String {
    let text = terminal::escape(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &ch) in chars.iter().enumerate() {
        let before = |word: &str| {
            let n = word.chars().count();
            i >= n && chars[i - n..i].iter().copied().map(|c| c.to_ascii_lowercase()).eq(word.chars())
        };
        match ch {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '$' => out.push_str("<span>$</span>"),
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' => {
                out.push('\\');
                out.push(ch);
            }
            '@' | '#' => {
                out.push(ch);
                out.push_str(BREAK);
            }
            ':' if chars.get(i + 1) == Some(&'/') => {
                out.push(ch);
                out.push_str(BREAK);
            }
            '.' if before("www") => {
                out.push_str(BREAK);
                out.push(ch);
            }
            '-' if before("gh") => {
                out.push(ch);
                out.push_str(BREAK);
            }
            _ => out.push(ch),
        }
    }
    out
}

/// Text for inside an HTML element.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A finding code for a code span: codes are kebab-case, anything else is dropped.
fn code_span(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_cells() {
        assert_eq!(escape("a|b <i> `x` [l](u) *e*"), "a\\|b &lt;i&gt; \\`x\\` \\[l\\](u) \\*e\\*");
        assert_eq!(escape("_i_ ~s~ ![img](u) &amp;"), "\\_i\\_ \\~s\\~ !\\[img\\](u) &amp;amp;");
        assert_eq!(code_span("vendor-lock-in`"), "vendor-lock-in");
    }

    #[test]
    fn controls_are_shown_as_on_a_terminal_on_one_line() {
        // The terminal form `two\u{a}lines`, its backslash escaped for Markdown.
        assert_eq!(escape("two\nlines"), "two\\\\u{a}lines");
        assert_eq!(escape("\u{1b}]0;t\u{7}"), "\\\\u{1b}\\]0;t\\\\u{7}");
    }

    #[test]
    fn no_mention_reference_autolink_or_maths() {
        assert_eq!(escape("@octocat"), "@&#8203;octocat");
        assert_eq!(escape("@org/team"), "@&#8203;org/team");
        assert_eq!(escape("see #12 and a/b#3"), "see #&#8203;12 and a/b#&#8203;3");
        assert_eq!(escape("GH-12 gh-3"), "GH-&#8203;12 gh-&#8203;3");
        assert_eq!(escape("https://evil.example"), "https:&#8203;//evil.example");
        assert_eq!(escape("WWW.evil.example"), "WWW&#8203;.evil.example");
        assert_eq!(escape("me@evil.example"), "me@&#8203;evil.example");
        assert_eq!(escape("$x$"), "<span>$</span>x<span>$</span>");
    }

    #[test]
    fn counts_largest_first() {
        let map: BTreeMap<String, usize> = [("a".to_string(), 1), ("b|c".to_string(), 5)].into();
        assert_eq!(counts(&map, 12), "b\\|c 5, a 1");
        assert_eq!(counts(&map, 1), "b\\|c 5, … and 1 more");
        assert_eq!(counts(&BTreeMap::new(), 3), "none");
    }
}
