//! The HTML and DOT reports of the cloud-ai-workspace fixture: self-contained, escaped,
//! deterministic, and consistent with the JSON report of the same run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use cargo_sovereign::model::{GraphBuilder, Package};
use cargo_sovereign::policy::finding::Finding;
use cargo_sovereign::report::{dot::Dot, html::Html, Report, Reporter};

use crate::common;

fn fixture() -> PathBuf {
    common::repo_dir().join("tests/fixtures/cloud-ai-workspace/metadata.json")
}

/// Runs the audit writing json, html and dot into `dir`; returns (json, html, dot).
fn run(dir: &Path) -> (serde_json::Value, String, String) {
    std::fs::create_dir_all(dir).unwrap();
    let status = common::offline(&mut Command::new(env!("CARGO_BIN_EXE_cargo-sovereign")))
        .arg("audit")
        .arg("--metadata")
        .arg(fixture())
        .args(["--fail-on", "never"])
        .arg(format!("--format=json={}", dir.join("r.json").display()))
        .arg(format!("--format=html={}", dir.join("r.html").display()))
        .arg(format!("--format=dot={}", dir.join("r.dot").display()))
        .status()
        .unwrap();
    assert!(status.success());
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    (serde_json::from_str(&read("r.json")).unwrap(), read("r.html"), read("r.dot"))
}

/// Values of every `attr="…"` in `html`.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn flagged_ids(json: &serde_json::Value, code: Option<&str>) -> BTreeSet<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| code.is_none_or(|c| f["code"] == c))
        .filter_map(|f| f["package"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn html_is_self_contained_and_complete() {
    let dir = common::scratch("html");
    let (json, html, _) = run(&dir);
    let (_, again, _) = run(&dir.join("again"));
    assert_eq!(html, again, "same input, same bytes");

    assert!(html.starts_with("<!DOCTYPE html>"));
    let lower = html.to_lowercase();
    for banned in ["<script src", "<link", "@import", "url(", "<img", "<iframe", "<object", "<embed"] {
        assert!(!lower.contains(banned), "found {banned}");
    }
    // The only web addresses are links to packages' repositories or home pages.
    let mut known: BTreeSet<String> = BTreeSet::new();
    for p in json["packages"].as_array().unwrap() {
        for key in ["repository", "homepage"] {
            if let Some(u) = p[key].as_str() {
                known.insert(u.trim().replace('&', "&amp;"));
            }
        }
    }
    let links = attribute_values(&html, "href");
    assert!(!links.is_empty(), "the fixture's packages have repositories");
    for v in links.iter().chain(attribute_values(&html, "src").iter()) {
        if v.starts_with("http://") || v.starts_with("https://") || v.starts_with("//") {
            assert!(known.contains(*v), "unexpected address {v}");
        }
    }
    assert!(attribute_values(&html, "src").is_empty());

    // Header, cards, charts, entities, critical paths, findings, package table.
    let score = json["summary"]["score"].as_u64().unwrap();
    let grade = json["summary"]["grade"].as_str().unwrap();
    assert!(html.contains(&format!("<b>{score}</b><span>/ 100 · {grade}</span>")));
    for id in ["chart-jurisdictions", "chart-countries", "entities", "critical", "findings", "packages"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "missing section {id}");
    }
    let entity = json["summary"]["top_entities"][0]["entity"].as_str().unwrap();
    assert!(html.contains(&format!("<tr><td>{entity}</td>")));
    let single_points = flagged_ids(&json, Some("non-european-single-point"));
    assert!(!single_points.is_empty());
    assert_eq!(html.matches("<g class=\"node flagged\">").count(), single_points.len().min(39));
    for id in &single_points {
        assert!(html.contains(&format!("<title>{id}")), "{id} is not in the critical-path graph");
    }
    let findings = json["findings"].as_array().unwrap();
    for f in findings {
        let message = f["message"].as_str().unwrap().replace('&', "&amp;").replace('\'', "&#39;");
        assert!(html.contains(&format!("<li>{message}</li>")), "missing finding {message}");
    }
    let packages = json["packages"].as_array().unwrap().len();
    let table = &html[html.find("id=\"pkgs\"").unwrap()..];
    assert_eq!(table.matches("<tr><td title=").count(), packages);
    // The search box is hidden until the inline script shows it: readable without JavaScript.
    assert!(html.contains("<p class=\"search\" hidden>"));
}

#[test]
fn dot_keeps_paths_to_flagged_packages() {
    let dir = common::scratch("dot");
    let (json, _, dot) = run(&dir);
    let (_, _, again) = run(&dir.join("again"));
    assert_eq!(dot, again, "same input, same bytes");

    let mut nodes = BTreeSet::new();
    let mut edges = Vec::new();
    let body: Vec<&str> = dot.lines().skip_while(|l| !l.starts_with("digraph ")).collect();
    assert_eq!(body.last(), Some(&"}"));
    for line in &body[1..body.len() - 1] {
        let line = line.trim();
        assert!(line.ends_with(';'), "statement without `;`: {line}");
        if line.starts_with("graph [") || line.starts_with("node [") || line.starts_with("edge [") {
            continue;
        }
        let quoted: Vec<&str> = line.split('"').collect();
        if line.contains(" -> ") {
            edges.push((quoted[1].to_string(), quoted[3].to_string()));
        } else {
            nodes.insert(quoted[1].to_string());
        }
    }
    for (a, b) in &edges {
        assert!(nodes.contains(a) && nodes.contains(b), "edge {a} -> {b} to an undeclared node");
    }
    let flagged = flagged_ids(&json, None);
    assert!(flagged.is_subset(&nodes), "every flagged package is drawn");
    assert_eq!(dot.matches("penwidth=3").count(), flagged.len());
    let roots: BTreeSet<String> = json["summary"]["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    assert!(roots.is_subset(&nodes));
    // Restricted: some packages lead to no flagged package and are left out.
    let all = json["packages"].as_array().unwrap().len();
    assert!(nodes.len() < all, "{} of {all} packages kept", nodes.len());
    // Every kept package that is neither a root nor flagged has a kept dependency (it leads on).
    for n in &nodes {
        if !flagged.contains(n) {
            assert!(edges.iter().any(|(a, _)| a == n), "{n} leads nowhere");
        }
    }

    // Graphviz accepts it, when it is installed (it is not on CI).
    match Command::new("dot").arg("-Tsvg").arg(dir.join("r.dot")).output() {
        Ok(out) => {
            assert!(out.status.success(), "dot failed: {}", String::from_utf8_lossy(&out.stderr));
            assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
        }
        Err(_) => eprintln!("note: graphviz `dot` is not installed; skipping the rendering check"),
    }
}

/// A report whose package metadata tries to inject markup, script and DOT syntax.
fn hostile_report() -> Report {
    let mut b = GraphBuilder::new(false);
    let root = b.add_package(Package { id: "app".into(), name: "app".into(), ..Package::default() });
    let evil = b.add_package(Package {
        id: "evil\"] x [label=\"".into(),
        name: "<script>alert(1)</script>".into(),
        version: Some("1.0\"onmouseover=\"x".into()),
        repository: Some("javascript:alert(1)".into()),
        homepage: Some("https://example.org/\"><script>alert(2)</script>".into()),
        license: Some("<b>MIT</b>".into()),
        ..Package::default()
    });
    b.add_edge(root, evil, cargo_sovereign::model::DepKind::Normal);
    b.add_root(root);
    let mut r = Report::from_graph(&b.finish());
    let id = r.packages.iter().find(|p| p.name.starts_with('<')).unwrap().id.clone();
    r.findings = vec![Finding {
        code: cargo_sovereign::policy::code::Code::NonEuropeanSinglePoint,
        severity: cargo_sovereign::policy::code::Severity::Error,
        package: Some(id),
        message: "<img src=x onerror=alert(3)>".into(),
    }];
    r
}

#[test]
fn hostile_metadata_is_escaped() {
    let r = hostile_report();
    let mut out = Vec::new();
    Html.render(&r, &mut out).unwrap();
    let html = String::from_utf8(out).unwrap();
    assert!(!html.contains("<script>alert"), "script injected");
    assert!(!html.contains("<img"), "markup injected");
    assert!(!html.contains("\"onmouseover"), "attribute injected");
    assert!(!html.contains("javascript:"), "a javascript: address became a link");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(html.matches("<script>").count(), 1, "only the report's own script");

    let mut out = Vec::new();
    Dot.render(&r, &mut out).unwrap();
    let dot = String::from_utf8(out).unwrap();
    assert!(dot.contains(r#""evil\"] x [label=\"" ["#), "{dot}");
    if let Ok(child) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        let mut child = child;
        child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "dot rejected escaped ids: {}", String::from_utf8_lossy(&out.stderr));
    } else {
        eprintln!("note: graphviz `dot` is not installed; skipping the rendering check");
    }
}
