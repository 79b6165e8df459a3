//! Horizontal bar charts as inline SVG: dependencies by jurisdiction class and by
//! controlling country. Plain SVG with `<title>` tooltips, so they print and need no script.

use std::io::{self, Write};

use super::{class_colour, escape_html, truncate};
use crate::report::Report;
use crate::text::{plural, plural_is};

/// At most this many countries get a bar; the rest are summed in a note.
const MAX_COUNTRIES: usize = 12;

const LABEL_W: u32 = 110;
const BAR_W: u32 = 300;
const ROW_H: u32 = 26;

/// One bar: label, count, colour.
struct Bar<'a> {
    label: &'a str,
    value: usize,
    colour: &'a str,
}

/// Dependencies per jurisdiction class.
pub(super) fn jurisdictions(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let bars: Vec<Bar> = ["trusted", "untrusted", "unknown"]
        .iter()
        .map(|&class| Bar {
            label: class,
            value: s.jurisdictions.get(class).copied().unwrap_or(0),
            colour: class_colour(class),
        })
        .collect();
    let note = "Where the controlling entity of each dependency is based, against the policy's trusted \
                jurisdictions. Unknown means no signal attributed it.";
    chart("Dependencies by jurisdiction", "chart-jurisdictions", &bars, s.dependencies, note, out)
}

/// Dependencies per controlling country, largest first; unattributed ones are counted in the note.
pub(super) fn countries(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let mut items: Vec<(&String, &usize)> =
        s.control_countries.iter().filter(|(k, _)| *k != "(unknown)").collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    // A country is coloured by the class its packages were given; the policy decides, not us.
    let colour_of = |country: &str| {
        let class = report
            .packages
            .iter()
            .filter_map(|p| p.origin.as_ref())
            .find(|o| o.control_country.as_deref() == Some(country))
            .map_or("unknown", |o| o.jurisdiction.as_str());
        class_colour(class)
    };
    let bars: Vec<Bar> = items
        .iter()
        .take(MAX_COUNTRIES)
        .map(|(k, n)| Bar { label: k.as_str(), value: **n, colour: colour_of(k) })
        .collect();
    let rest: usize = items.iter().skip(MAX_COUNTRIES).map(|(_, n)| **n).sum();
    let unknown = s.control_countries.get("(unknown)").copied().unwrap_or(0);
    let have = if unknown == 1 { "has" } else { "have" };
    let mut note =
        format!("{} {have} no known controlling country.", plural(unknown, "dependency", "dependencies"));
    if rest > 0 {
        note.push_str(&format!(
            " {} with {} not shown.",
            plural(items.len() - MAX_COUNTRIES, "more country", "more countries"),
            plural_is(rest, "dependency", "dependencies")
        ));
    }
    chart("Top controlling countries", "chart-countries", &bars, s.dependencies, &note, out)
}

fn chart(
    title: &str,
    id: &str,
    bars: &[Bar],
    total: usize,
    note: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = ROW_H * bars.len().max(1) as u32 + 8;
    let width = LABEL_W + BAR_W + 90;
    writeln!(out, "<figure class=\"chart\" id=\"{id}\">\n<figcaption>{}</figcaption>", escape_html(title))?;
    writeln!(
        out,
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        escape_html(title)
    )?;
    if bars.is_empty() {
        writeln!(out, "<text x=\"0\" y=\"18\" class=\"muted\">none</text>")?;
    }
    for (row, b) in bars.iter().enumerate() {
        let y = 4 + ROW_H * row as u32;
        let w = (b.value as f64 / max as f64 * BAR_W as f64).round() as u32;
        let share = if total == 0 { 0.0 } else { 100.0 * b.value as f64 / total as f64 };
        let label = escape_html(&truncate(b.label, 16));
        writeln!(
            out,
            "<g><title>{}: {} ({share:.1}%)</title>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>\
             <rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\">{} · {share:.1}%</text></g>",
            escape_html(b.label),
            b.value,
            LABEL_W - 8,
            y + 14,
            w.max(1),
            ROW_H - 8,
            b.colour,
            LABEL_W + w.max(1) + 6,
            y + 14,
            b.value
        )?;
    }
    writeln!(out, "</svg>\n<p class=\"muted\">{}</p>\n</figure>", escape_html(note))
}
