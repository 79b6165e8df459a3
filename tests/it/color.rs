//! Colours only where asked for: `--color always` keeps ANSI styles, `auto` on a pipe and
//! `never` strip them, and files get plain text unless `always`.

use std::process::Command;

use crate::common;

fn run(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    common::offline(&mut cmd);
    cmd.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    cmd.args(["audit", "--sbom", "sbom-with-proprietary-and-us-vendor/bom.json", "--fail-on", "never"])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn styles_only_when_asked() {
    assert!(run(&["--color", "always"], &[]).contains("\u{1b}["));
    assert!(!run(&[], &[]).contains("\u{1b}["), "a pipe is not a terminal");
    assert!(!run(&["--color", "never"], &[]).contains("\u{1b}["));
    assert!(!run(&[], &[("NO_COLOR", "1")]).contains("\u{1b}["));
}

#[test]
fn files_are_plain_unless_always() {
    let dir = common::scratch("color");
    let plain = dir.join("plain.txt");
    let styled = dir.join("styled.txt");
    run(&["--format", &format!("table={}", plain.display())], &[]);
    run(&["--color", "always", "--format", &format!("table={}", styled.display())], &[]);
    let plain = std::fs::read_to_string(plain).unwrap();
    assert!(plain.contains("Sovereignty score") && !plain.contains("\u{1b}["));
    assert!(std::fs::read_to_string(styled).unwrap().contains("\u{1b}["));
}

#[test]
fn package_table_lists_every_dependency() {
    let out = run(&["--packages"], &[]);
    for name in ["aws-sdk-s3", "chart-widget", "ledger-core", "pdf-engine"] {
        assert!(out.lines().any(|l| l.contains(name) && l.starts_with('│')), "{name} missing:\n{out}");
    }
    assert!(out.contains("Druckwerk Software GmbH") && out.contains("Amazon Web Services"));
    assert!(
        !out.lines().any(|l| l.contains("invoice-service") && l.starts_with('│')),
        "roots are not dependencies"
    );
}
