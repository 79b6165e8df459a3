//! Hostile and broken input: every case exits with code 2 and one clear message naming the
//! file (or succeeds, where the input is legal but odd), never a panic and never a hang.
//!
//! Inputs are generated here into a temporary folder; nothing big is committed. A watchdog
//! kills a run that takes more than two minutes (a hang, not a speed budget: budgets are
//! measured in release builds by the benchmarks). Legal but large inputs are full size in
//! release test runs (`cargo test --release`) and a tenth of it in debug runs, so the suite
//! stays quick where the code is unoptimised.

use crate::common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Full size in release builds, a tenth in debug builds.
pub(crate) fn scaled(n: usize) -> usize {
    if cfg!(debug_assertions) {
        n / 10
    } else {
        n
    }
}

/// Writes `bytes` to `dir/name`.
pub(crate) fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs the binary with a watchdog.
pub(crate) fn run(args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    // In an empty folder of its own, so that no policy applies: not the repository's own
    // sovereign.toml, nor one a test writes beside its inputs.
    let cwd = common::scratch("hostile-cwd");
    common::offline(&mut cmd).current_dir(&cwd);
    let out = common::run_watched(cmd.args(args));
    let r = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!r.stderr.contains("panicked"), "panic on {args:?}:\n{}", r.stderr);
    r
}

pub(crate) fn audit(path: &Path) -> Run {
    run(&["audit", "--sbom", &path.display().to_string(), "--format", "json", "--fail-on", "never"])
}

/// Exit code 2 and one `error:` line naming `path`, containing `expect`.
pub(crate) fn refused(r: &Run, path: &Path, expect: &str) {
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(errors[0].contains(&path.display().to_string()), "{}", r.stderr);
    assert!(errors[0].contains(expect), "expected `{expect}` in {}", r.stderr);
}

pub(crate) fn accepted(r: &Run) -> serde_json::Value {
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// `n` CycloneDX library components `p0`… with cargo purls.
pub(crate) fn library_components(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!(r#"{{"type":"library","bom-ref":"p{i}","name":"p{i}","version":"1","purl":"pkg:cargo/p{i}@1"}}"#))
        .collect()
}

pub(crate) fn cdx(components: &str, dependencies: &str) -> String {
    format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
        "metadata":{{"component":{{"type":"application","bom-ref":"root","name":"root","version":"1"}}}},
        "components":[{components}],"dependencies":[{dependencies}]}}"#
    )
}

#[test]
fn xml_entities_are_never_expanded_or_fetched() {
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">\
        <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\
        <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n\
        <bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components><component type=\"library\">\
        <name>&lol3;</name></component></components></bom>\n";
    let dir = common::scratch("hostile");
    let p = file(&dir, "laughs.xml", laughs.as_bytes());
    refused(&audit(&p), &p, "DTD");
    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>\n\
        <bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components><component type=\"library\">\
        <name>&x;</name></component></components></bom>\n";
    let p = file(&dir, "external.xml", external.as_bytes());
    refused(&audit(&p), &p, "DTD");
}

#[test]
fn json_nested_100000_levels_is_refused_with_a_position() {
    let mut s = String::from("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":");
    s.push_str(&"[".repeat(100_000));
    s.push_str(&"]".repeat(100_000));
    s.push('}');
    let dir = common::scratch("hostile");
    let p = file(&dir, "deep.json", s.as_bytes());
    refused(&audit(&p), &p, ":1:");
}

#[test]
fn components_nested_10000_deep_are_refused_or_read() {
    let mut s = String::new();
    for i in 0..10_000 {
        s.push_str(&format!(
            r#"{{"type":"library","bom-ref":"c{i}","name":"c{i}","version":"1","components":["#
        ));
    }
    for _ in 0..10_000 {
        s.push_str("]}");
    }
    let dir = common::scratch("hostile");
    let p = file(&dir, "nested-components.json", cdx(&s, "").as_bytes());
    let r = audit(&p);
    match r.code {
        Some(2) => refused(&r, &p, "recursion limit"),
        _ => {
            accepted(&r);
        }
    }
}

#[test]
fn a_1_gib_file_is_refused_before_it_is_read() {
    let dir = common::scratch("hostile");
    let p = dir.join("huge.json");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(1 << 30 | 1).unwrap(); // sparse: nothing is written
    refused(&audit(&p), &p, "larger than the input size limit");
    // The limit is configurable.
    let small = file(&dir, "small.json", cdx("", "").as_bytes());
    let r = run(&["audit", "--sbom", &small.display().to_string(), "--max-input-size", "100"]);
    refused(&r, &small, "larger than the input size limit of 100 bytes");
    std::fs::remove_file(&p).unwrap();
}

#[test]
fn a_dependency_cycle_of_100000_packages_is_analysed() {
    let n = scaled(100_000);
    let comps = library_components(n);
    let mut deps: Vec<String> =
        (0..n).map(|i| format!(r#"{{"ref":"p{i}","dependsOn":["p{}"]}}"#, (i + 1) % n)).collect();
    deps.push(r#"{"ref":"root","dependsOn":["p0"]}"#.into());
    let dir = common::scratch("hostile");
    let p = file(&dir, "cycle.json", cdx(&comps.join(","), &deps.join(",")).as_bytes());
    let report = accepted(&audit(&p));
    assert_eq!(report["summary"]["packages"], n + 1);
    assert_eq!(report["summary"]["edges"], n + 1);
}

#[test]
fn dangling_and_duplicate_references_are_warnings() {
    let comps = r#"{"type":"library","bom-ref":"a","name":"a","version":"1"},
                   {"type":"library","bom-ref":"a","name":"a","version":"1"}"#;
    let deps = r#"{"ref":"root","dependsOn":["a","ghost"]},{"ref":"a","dependsOn":["a","nowhere"]},{"ref":"root","dependsOn":["a"]}"#;
    let dir = common::scratch("hostile");
    let p = file(&dir, "dangling.json", cdx(comps, deps).as_bytes());
    let r = audit(&p);
    let report = accepted(&r);
    assert_eq!(report["summary"]["packages"], 2);
    assert!(r.stderr.contains("warning:"), "{}", r.stderr);
    let spdx = r#"{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"d",
        "documentNamespace":"https://example.org/d","creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: t"]},
        "packages":[{"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NOASSERTION"},
                    {"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NOASSERTION"}],
        "relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-a"},
                         {"spdxElementId":"SPDXRef-a","relationshipType":"DEPENDS_ON","relatedSpdxElement":"SPDXRef-ghost"}]}"#;
    let p = file(&dir, "dangling.spdx.json", spdx.as_bytes());
    let r = audit(&p);
    assert!(matches!(r.code, Some(0) | Some(2)), "{}", r.stderr);
    if r.code == Some(2) {
        refused(&r, &p, "SPDXRef-a");
    }
}

#[test]
fn encodings_empty_files_and_special_files() {
    let dir = common::scratch("hostile");
    let bad = file(&dir, "bad-utf8.json", b"{\"bomFormat\": \"Cyclone\xff\xfeDX\"}");
    refused(&audit(&bad), &bad, ":1:");
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend_from_slice(cdx("", "").as_bytes());
    accepted(&audit(&file(&dir, "bom-bom.json", &with_bom)));
    let empty = file(&dir, "empty.json", b"");
    refused(&audit(&empty), &empty, "empty");
    let d = dir.join("a-directory");
    std::fs::create_dir_all(&d).unwrap();
    refused(&audit(&d), &d, "directory");
    refused(&audit(Path::new("/dev/null")), Path::new("/dev/null"), "empty");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(cdx("", "").as_bytes()).unwrap();
    let gzip = file(&dir, "bom.json.gz", &gz.finish().unwrap());
    refused(&audit(&gzip), &gzip, "gzip");
}

#[cfg(unix)]
#[test]
fn a_fifo_without_a_writer_does_not_hang() {
    let dir = common::scratch("hostile");
    let fifo = dir.join("fifo.json");
    let ok = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    if !ok {
        eprintln!("note: mkfifo is not available; skipping");
        return;
    }
    refused(&audit(&fifo), &fifo, "a named pipe that gave nothing");
    // The same for the policy and a knowledge-base file, which used to hang.
    let sbom = file(&dir, "fifo-policy.json", cdx("", "").as_bytes());
    let sbom = sbom.display().to_string();
    let fifo_arg = fifo.display().to_string();
    std::thread::scope(|s| {
        let runs = [
            s.spawn(|| run(&["audit", "--sbom", &sbom, "--config", &fifo_arg])),
            s.spawn(|| run(&["audit", "--sbom", &sbom, "--kb", &fifo_arg])),
            s.spawn(|| run(&["kb", "validate", &fifo_arg])),
        ];
        for r in runs {
            refused(&r.join().unwrap(), &fifo, "gave nothing");
        }
    });
    // With a writer it is read like a file (process substitution gives such pipes).
    let writer_path = fifo.clone();
    let doc = cdx(
        r#"{"type":"library","bom-ref":"a","name":"a","version":"1"}"#,
        r#"{"ref":"root","dependsOn":["a"]}"#,
    );
    let writer = std::thread::spawn(move || {
        // Opening for writing waits for the reader.
        let mut f = std::fs::OpenOptions::new().write(true).open(writer_path).unwrap();
        f.write_all(doc.as_bytes()).unwrap();
    });
    std::thread::sleep(Duration::from_millis(100));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    common::offline(&mut cmd);
    let out =
        cmd.args(["audit", "--sbom", &fifo.display().to_string(), "--format", "json"]).output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn huge_strings_are_read() {
    let n = scaled(10_000_000);
    let name = "X".repeat(n);
    let comps = format!(
        r#"{{"type":"library","bom-ref":"a","name":"a","version":"1","licenses":[{{"license":{{"name":"{name}"}}}}]}},
           {{"type":"library","bom-ref":"b","name":"{name}","version":"1"}}"#
    );
    let dir = common::scratch("hostile");
    let p =
        file(&dir, "huge-strings.json", cdx(&comps, r#"{"ref":"root","dependsOn":["a","b"]}"#).as_bytes());
    let report = accepted(&audit(&p));
    assert_eq!(report["summary"]["packages"], 3);
}

#[test]
fn spdx_tag_value_with_a_million_lines_is_read() {
    let packages = scaled(1_000_000) / 5;
    let mut s = String::from(
        "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: big\n\
         DocumentNamespace: https://example.org/big\nCreator: Tool: gen\nCreated: 2024-01-01T00:00:00Z\n",
    );
    for i in 0..packages {
        s.push_str(&format!(
            "PackageName: p{i}\nSPDXID: SPDXRef-p{i}\nPackageVersion: 1.0\nPackageDownloadLocation: NOASSERTION\nRelationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-p{i}\n"
        ));
    }
    let dir = common::scratch("hostile");
    let p = file(&dir, "big.spdx", s.as_bytes());
    let report = accepted(&audit(&p));
    assert!(report["summary"]["packages"].as_u64().unwrap() >= packages as u64);
}

#[test]
fn a_policy_with_every_value_of_the_wrong_type_is_refused_with_a_position() {
    let policy = r#"
trusted = "eu"
follow_parent = "yes"
fail_on = 3

[thresholds]
critical_dependents_share = "high"
critical_dominated_share = []

[licenses]
deny = "GPL-3.0"

[severity]
vendor-lock-in = 7

[[exception]]
package = 12
reason = false
expires = 2026

[[override]]
package = []
country = 1
"#;
    let dir = common::scratch("hostile");
    let p = file(&dir, "sovereign.toml", policy.as_bytes());
    let sbom = file(&dir, "ok.json", cdx("", "").as_bytes());
    let r = run(&["audit", "--sbom", &sbom.display().to_string(), "--config", &p.display().to_string()]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains(&p.display().to_string()), "{}", r.stderr);
    // Each message names a line and column.
    assert!(
        r.stderr.lines().filter(|l| l.starts_with("error:")).all(|l| l.contains(".toml:")),
        "{}",
        r.stderr
    );
}

#[test]
fn sarif_for_a_minified_sbom_points_at_each_name() {
    // A one-line SBOM: every location is on line 1, and a place must cover the package's name
    // in its own component (the one nearest its purl), not the whole multi-megabyte line once
    // per finding.
    let n = scaled(20_000);
    let comps = library_components(n);
    let refs: Vec<String> = (0..n).map(|i| format!("\"p{i}\"")).collect();
    let deps = format!(r#"{{"ref":"root","dependsOn":[{}]}}"#, refs.join(","));
    let text = cdx(&comps.join(","), &deps).replace('\n', "");
    let dir = common::scratch("hostile");
    let p = file(&dir, "minified.json", text.as_bytes());
    let r = run(&["audit", "--sbom", &p.display().to_string(), "--format", "sarif", "--fail-on", "never"]);
    let log: serde_json::Value = serde_json::from_str(&accepted_text(&r)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let mut located = 0;
    for result in results {
        let Some(package) = result["properties"]["package"].as_str() else { continue };
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 1);
        let snippet = region["snippet"]["text"].as_str().unwrap();
        let name = package.strip_prefix("pkg:cargo/").and_then(|p| p.strip_suffix("@1")).unwrap();
        assert_eq!(snippet, name);
        let start = region["startColumn"].as_u64().unwrap() as usize;
        assert_eq!(&text[start - 1..start - 1 + snippet.len()], snippet);
        let component = format!(r#""name":"{name}","version":"1","purl":"{package}""#);
        assert_eq!(text[start - 9..].find(&component), Some(0), "{package} placed in another component");
        located += 1;
    }
    let expected = n.min(cargo_sovereign::report::sarif::results::MAX_RESULTS);
    assert!(located >= expected, "{located} results located for {n} packages");
}

pub(crate) fn accepted_text(r: &Run) -> String {
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    r.stdout.clone()
}

#[cfg(unix)]
#[test]
fn endless_devices_as_policy_or_knowledge_base_are_refused_at_a_limit() {
    let dir = common::scratch("hostile");
    let sbom = file(&dir, "devzero.json", cdx("", "").as_bytes());
    let sbom = sbom.display().to_string();
    let zero = Path::new("/dev/zero");
    let limit = "larger than the size limit for a policy or knowledge-base file";
    refused(&run(&["audit", "--sbom", &sbom, "--config", "/dev/zero"]), zero, limit);
    refused(&run(&["audit", "--sbom", &sbom, "--kb", "/dev/zero"]), zero, limit);
    refused(&run(&["kb", "validate", "/dev/zero"]), zero, limit);
    refused(&run(&["kb", "lookup", "--kb", "/dev/zero", "aws"]), zero, limit);
    refused(&run(&["audit", "--sbom", "/dev/zero", "--max-input-size", "10M"]), zero, "input size limit");
}

#[test]
fn non_ascii_licence_text_is_classified_not_a_panic() {
    // Each of these once panicked in the licence enrichment (a byte index inside `é` or `–`).
    let components: Vec<String> = [
        r#"{"license":{"name":"é"}}"#,
        r#"{"expression":"Apache-2.0 – see LICENSE"}"#,
        r#"{"license":{"id":"LicenseRef-Québec"}}"#,
        r#"{"license":{"name":"Licence Libre du Québec"}}"#,
    ]
    .iter()
    .enumerate()
    .map(|(i, l)| {
        format!(r#"{{"type":"library","bom-ref":"p{i}","name":"p{i}","version":"1","licenses":[{l}]}}"#)
    })
    .collect();
    let dir = common::scratch("hostile");
    let p = file(&dir, "non-ascii-licences.json", cdx(&components.join(","), "").as_bytes());
    let report = accepted(&audit(&p));
    let declared: Vec<&str> = report["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["license"]["declared"].as_str())
        .collect();
    assert!(declared.contains(&"Apache-2.0 – see LICENSE"), "{declared:?}");
    // And from Cargo: the same text as a crate's `license` field.
    let metadata =
        std::fs::read_to_string(common::repo_dir().join("tests/fixtures/path-and-git-sources/metadata.json"))
            .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&metadata).unwrap();
    for package in doc["packages"].as_array_mut().unwrap() {
        package["license"] = "Licence Libre du Québec".into();
    }
    let m = file(&dir, "non-ascii-licence-metadata.json", doc.to_string().as_bytes());
    let r = run(&["audit", "--metadata", &m.display().to_string(), "--format", "json", "--fail-on", "never"]);
    accepted(&r);
}

#[test]
fn twenty_thousand_exceptions_match_as_a_few_do_and_do_not_hang() {
    // Before exceptions were indexed, evaluation asked every exception about every finding
    // and found each exception's line from the top of the file: 20,000 exceptions took 139 s
    // in a debug build (9 s in release). Full size in every build: it is the size that matters.
    let packages = 200;
    let comps: Vec<String> = (0..packages)
        .map(|i| {
            format!(
                r#"{{"type":"library","bom-ref":"p{i}","name":"p{i}","version":"1","purl":"pkg:cargo/p{i}@1",
                "licenses":[{{"license":{{"id":"BUSL-1.1"}}}}]}}"#
            )
        })
        .collect();
    let deps = format!(
        r#"{{"ref":"root","dependsOn":[{}]}}"#,
        (0..packages).map(|i| format!("\"p{i}\"")).collect::<Vec<_>>().join(",")
    );
    let dir = common::scratch("hostile");
    let sbom = file(&dir, "many-exceptions.json", cdx(&comps.join(","), &deps).as_bytes());
    let mut policy = String::new();
    for i in 0..20_000 {
        policy.push_str(&match i {
            // Every odd package's licence finding, accepted until 2099.
            i if i < packages && i % 2 == 1 => format!(
                "[[exception]]\npackage = \"p{i}\"\nfindings = [\"source-available-license\"]\n\
                 reason = \"accepted\"\nexpires = 2099-12-31\n\n"
            ),
            // Entities and packages the graph does not have; another code for p0.
            i if i % 2 == 0 => format!("[[exception]]\nentity = \"Entity {i}\"\nreason = \"none\"\n\n"),
            _ => format!("[[exception]]\npackage = \"q{i}\"\nreason = \"none\"\n\n"),
        });
    }
    policy.push_str(
        "[[exception]]\npackage = \"p0\"\nfindings = [\"git-source\"]\nreason = \"other code\"\n\n",
    );
    let expired_line = policy.lines().count() + 1;
    policy.push_str("[[exception]]\npackage = \"p2\"\nreason = \"too late\"\nexpires = 2001-01-01\n");
    let config = file(&dir, "many-exceptions.toml", policy.as_bytes());
    let r = run(&[
        "audit",
        "--sbom",
        &sbom.display().to_string(),
        "--config",
        &config.display().to_string(),
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    let report = accepted(&r);
    let findings = report["findings"].as_array().unwrap();
    let licensed: BTreeSet<String> = findings
        .iter()
        .filter(|f| f["code"] == "source-available-license")
        .map(|f| f["package"].as_str().unwrap().to_string())
        .collect();
    let want: BTreeSet<String> =
        (0..packages).filter(|i| i % 2 == 0).map(|i| format!("pkg:cargo/p{i}@1")).collect();
    assert_eq!(licensed, want);
    assert_eq!(report["summary"]["suppressed_findings"], packages / 2);
    let expired: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "expired-exception")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(expired.len(), 1, "{expired:?}");
    assert!(expired[0].contains(&format!("p2 at line {expired_line} ")), "{}", expired[0]);
}
