//! The human table's width: on a terminal every line fits its width, broken between words only;
//! in a file or a pipe the lines stay whole and the `--packages` table fits 100 columns.

use crate::report_common::{cargo_report, render, CARGO_FIXTURES};

use cargo_sovereign::report::table::{Table, FIXED_WIDTH};
use cargo_sovereign::report::Report;

/// The text without styles, as a terminal shows it.
fn shown(report: &Report, packages: bool, width: Option<usize>) -> String {
    let text = render(&Table { packages, width }, report);
    String::from_utf8(anstream::adapter::strip_bytes(text.as_bytes()).into_vec()).unwrap()
}

fn columns(line: &str) -> usize {
    line.chars().count()
}

/// The part before the package table.
fn prose(text: &str) -> &str {
    text.split("\n┌").next().unwrap_or(text)
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

#[test]
fn on_a_terminal_every_line_fits_and_only_whitespace_changes() {
    for fixture in CARGO_FIXTURES {
        let report = cargo_report(fixture);
        let whole = shown(&report, false, None);
        assert!(whole.lines().any(|l| columns(l) > 100), "{fixture}: the fixture has no long line to wrap");
        for width in [80, 100, 132] {
            let text = shown(&report, true, Some(width));
            let long: Vec<&str> = text.lines().filter(|l| columns(l) > width).collect();
            assert!(long.is_empty(), "{fixture} at {width}: {long:#?}");
            assert_eq!(words(prose(&text)), words(&whole), "{fixture} at {width}: wrapping changed a word");
        }
    }
}

#[test]
fn in_a_file_lines_stay_whole_and_the_package_table_fits_100_columns() {
    let report = cargo_report(CARGO_FIXTURES[0]);
    let text = shown(&report, true, None);
    let unwrapped = shown(&report, false, None);
    assert!(text.starts_with(unwrapped.trim_end()), "lines before the table changed");
    let table: Vec<&str> = text.lines().filter(|l| l.starts_with('│')).collect();
    assert!(table.len() > report.packages.len() / 2, "no package table");
    assert!(table.iter().all(|l| columns(l) <= FIXED_WIDTH), "{table:#?}");
    assert!(table.iter().any(|l| columns(l) == FIXED_WIDTH), "the table does not use the width");
}

#[test]
fn the_package_table_wraps_rather_than_overflows_at_any_width_from_80() {
    let report = cargo_report(CARGO_FIXTURES[0]);
    for width in (80..=200).step_by(7) {
        let text = shown(&report, true, Some(width));
        assert!(text.lines().all(|l| columns(l) <= width), "overflow at {width}");
        assert!(text.contains("aws-sdk-s3 1.157.0"), "a package name was broken at {width}");
    }
}
