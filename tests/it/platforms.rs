//! Issue 22, platforms: bindings to an operating system are one `platform-binding` note per
//! platform, never lock-in or a single point; the policy's `targets` (or `--target`) leave
//! other platforms' dependencies out, counted apart; `init` shows the host's triple.

use std::process::Command;

use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::model::{DepKind, GraphBuilder};
use cargo_sovereign::pipeline::{self, Options, Policy};
use cargo_sovereign::policy::code::Code;
use cargo_sovereign::policy::config::Config;
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::report::Report;

use crate::common;
use crate::findings::{defaults, krate, root, with};

#[test]
fn platform_bindings_are_one_note_per_platform() {
    let mut b = GraphBuilder::new(false);
    let app = b.add_package(root());
    b.add_root(app);
    let util = b.add_package(krate("winapi-util", Some("BurntSushi"), Some("MIT")));
    let sys = b.add_package(krate("windows-sys", Some("microsoft"), Some("MIT")));
    let objc = b.add_package(krate("objc2", Some("madsmtm"), Some("MIT")));
    for (from, to) in [(app, util), (util, sys), (app, sys), (app, objc)] {
        b.add_edge(from, to, DepKind::Normal);
    }
    let f = defaults(&b.finish());
    assert_eq!(with(&f, Code::VendorLockIn), vec![], "{f:#?}");
    // windows-sys is a direct dependency controlled by Microsoft: a platform, not a single point.
    assert_eq!(with(&f, Code::NonEuropeanSinglePoint), vec![], "{f:#?}");
    let notes: Vec<_> = f.iter().filter(|f| f.code == Code::PlatformBinding).collect();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes.iter().all(|n| n.severity.as_str() == "note" && n.package.is_none()));
    let windows = notes.iter().find(|n| n.message.contains("Microsoft Windows")).unwrap();
    assert!(windows.message.starts_with("2 packages bind to Microsoft Windows"), "{}", windows.message);
    assert!(windows.message.contains(": winapi-util, windows-sys;"), "{}", windows.message);
    let apple = notes.iter().find(|n| n.message.contains("Apple")).unwrap();
    assert!(
        apple.message.starts_with("1 package binds to")
            && apple.message.ends_with("it is built only for that platform")
    );
}

fn ai_service(config: Config) -> Report {
    let path = common::repo_dir().join("tests/fixtures/score/ai-service/metadata.json");
    let opts = Options {
        metadata: Some(path.display().to_string()),
        policy: Policy::Given(Box::new(config)),
        today: Date::new(2026, 12, 6),
        ..Options::default()
    };
    pipeline::run(&opts, &Silent).unwrap_or_else(|e| panic!("{e}")).report
}

/// The AI service (AWS SDK, Sentry, Hugging Face, OpenAI, qdrant, meilisearch): each
/// vendor decision once, however many SDK crates and platform bindings it brings.
#[test]
fn the_ai_service_shows_each_vendor_decision_once() {
    let r = ai_service(Config::default());
    let lock_in: Vec<_> = r.findings.iter().filter(|f| f.code == Code::VendorLockIn).collect();
    assert!(lock_in.len() <= 8, "{lock_in:#?}");
    for vendor in ["Amazon Web Services", "OpenAI", "Sentry"] {
        assert!(lock_in.iter().any(|f| f.message.contains(vendor)), "{vendor}: {lock_in:#?}");
    }
    assert_eq!(r.findings.iter().filter(|f| f.code == Code::PlatformBinding).count(), 3);
    // The summary counts bindings per platform, apart from the vendors.
    assert!(r.summary.platforms.contains_key("Microsoft Windows"), "{:?}", r.summary.platforms);
    assert!(
        !r.summary.vendors.contains_key("Microsoft Corporation")
            && !r.summary.vendors.contains_key("Apple Inc.")
    );
    assert!(r.summary.vendors.contains_key("Amazon.com, Inc."), "{:?}", r.summary.vendors);
    assert_eq!(r.summary.other_platforms, 0);
}

/// A Linux-only policy: no Windows or Apple package in the graph, so no finding names one,
/// and what only other platforms use is counted apart.
#[test]
fn a_linux_only_policy_shows_no_windows_or_apple_findings() {
    let config = Config { targets: vec!["x86_64-unknown-linux-gnu".into()], ..Config::default() };
    let all = ai_service(Config::default());
    let linux = ai_service(config);
    let platform = |name: &str| {
        ["windows", "winapi", "objc2", "core-foundation", "security-framework", "block2", "dispatch2"]
            .iter()
            .any(|p| name.starts_with(p))
    };
    assert!(all.packages.iter().any(|p| platform(&p.name)));
    assert!(!linux.packages.iter().any(|p| platform(&p.name)));
    assert!(linux.findings.iter().all(|f| f.code != Code::PlatformBinding), "{:#?}", linux.findings);
    for f in &linux.findings {
        assert!(!f.message.contains("Windows") && !f.message.contains("Apple"), "{f:#?}");
    }
    assert_eq!(linux.summary.other_platforms, all.packages.len() - linux.packages.len());
    assert!(linux.summary.other_platforms > 50);
    assert_eq!(linux.inputs[0].targets, ["x86_64-unknown-linux-gnu"]);
}

#[test]
fn init_writes_the_hosts_triple_as_a_commented_example() {
    let host =
        Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into())).arg("-vV").output().unwrap();
    let host = String::from_utf8(host.stdout).unwrap();
    let host = host.lines().find_map(|l| l.strip_prefix("host: ")).unwrap().trim().to_string();
    let dir = common::scratch("platforms-init");
    let path = dir.join("sovereign.toml");
    let out = common::run_watched(
        common::offline(&mut Command::new(env!("CARGO_BIN_EXE_cargo-sovereign")))
            .arg("init")
            .arg("--path")
            .arg(&path),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(&format!("\n# targets = [\"{host}\"]\n")), "{text}");
}

/// A package only named like a binding (`windows-telemetry`) but controlled by another company
/// is judged like any other: its single point stays an error (found in review).
#[test]
fn a_package_named_like_a_binding_but_controlled_by_a_company_keeps_its_findings() {
    let f = defaults(&crate::findings::graph(vec![crate::findings::american("windows-telemetry")], vec![]));
    assert_eq!(with(&f, Code::NonEuropeanSinglePoint), crate::findings::one("error", "windows-telemetry"));
    assert_eq!(with(&f, Code::PlatformBinding), vec![]);
    assert_eq!(with(&f, Code::VendorLockIn), vec![]);
}

/// Found in review: with `--metadata -`, a policy at the workspace root that names targets made
/// the graph be read twice from standard input, the second time empty.
#[test]
fn targets_from_the_workspace_policy_work_with_metadata_on_standard_input() {
    use std::io::Write as _;
    let dir = common::scratch("platforms-stdin");
    std::fs::write(dir.join("sovereign.toml"), "targets = [\"x86_64-unknown-linux-gnu\"]\n").unwrap();
    let path = common::repo_dir().join("tests/fixtures/cloud-ai-workspace/metadata.json");
    let mut meta: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    meta["workspace_root"] = dir.display().to_string().into();
    let mut child = common::offline(&mut Command::new(env!("CARGO_BIN_EXE_cargo-sovereign")))
        .args(["audit", "--metadata", "-", "--format", "json", "--fail-on", "never"])
        .current_dir(std::env::temp_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(meta.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["inputs"][0]["targets"][0], "x86_64-unknown-linux-gnu");
    assert!(report["inputs"][0]["other_platforms"].as_u64().unwrap() > 0);
}
