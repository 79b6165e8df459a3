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
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Full size in release builds, a tenth in debug builds.
fn scaled(n: usize) -> usize {
    if cfg!(debug_assertions) {
        n / 10
    } else {
        n
    }
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("sovereign-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the binary with a watchdog.
fn run(args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    common::offline(&mut cmd);
    let mut child =
        cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut s).unwrap();
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut s).unwrap();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("hang: {args:?} still running after two minutes");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let r = Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out_t.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_t.join().unwrap()).into_owned(),
    };
    assert!(!r.stderr.contains("panicked"), "panic on {args:?}:\n{}", r.stderr);
    r
}

fn audit(path: &Path) -> Run {
    run(&["audit", "--sbom", &path.display().to_string(), "--format", "json", "--fail-on", "never"])
}

/// Exit code 2 and one `error:` line naming `path`, containing `expect`.
fn refused(r: &Run, path: &Path, expect: &str) {
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(errors[0].contains(&path.display().to_string()), "{}", r.stderr);
    assert!(errors[0].contains(expect), "expected `{expect}` in {}", r.stderr);
}

fn accepted(r: &Run) -> serde_json::Value {
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// `n` CycloneDX library components `p0`… with cargo purls.
fn library_components(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!(r#"{{"type":"library","bom-ref":"p{i}","name":"p{i}","version":"1","purl":"pkg:cargo/p{i}@1"}}"#))
        .collect()
}

fn cdx(components: &str, dependencies: &str) -> String {
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
    let p = file("laughs.xml", laughs.as_bytes());
    refused(&audit(&p), &p, "DTD");
    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>\n\
        <bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components><component type=\"library\">\
        <name>&x;</name></component></components></bom>\n";
    let p = file("external.xml", external.as_bytes());
    refused(&audit(&p), &p, "DTD");
}

#[test]
fn json_nested_100000_levels_is_refused_with_a_position() {
    let mut s = String::from("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":");
    s.push_str(&"[".repeat(100_000));
    s.push_str(&"]".repeat(100_000));
    s.push('}');
    let p = file("deep.json", s.as_bytes());
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
    let p = file("nested-components.json", cdx(&s, "").as_bytes());
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
    let p = dir().join("huge.json");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(1 << 30 | 1).unwrap(); // sparse: nothing is written
    refused(&audit(&p), &p, "larger than the input size limit");
    // The limit is configurable.
    let small = file("small.json", cdx("", "").as_bytes());
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
    let p = file("cycle.json", cdx(&comps.join(","), &deps.join(",")).as_bytes());
    let report = accepted(&audit(&p));
    assert_eq!(report["summary"]["packages"], n + 1);
    assert_eq!(report["summary"]["edges"], n + 1);
}

#[test]
fn dangling_and_duplicate_references_are_warnings() {
    let comps = r#"{"type":"library","bom-ref":"a","name":"a","version":"1"},
                   {"type":"library","bom-ref":"a","name":"a","version":"1"}"#;
    let deps = r#"{"ref":"root","dependsOn":["a","ghost"]},{"ref":"a","dependsOn":["a","nowhere"]},{"ref":"root","dependsOn":["a"]}"#;
    let p = file("dangling.json", cdx(comps, deps).as_bytes());
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
    let p = file("dangling.spdx.json", spdx.as_bytes());
    let r = audit(&p);
    assert!(matches!(r.code, Some(0) | Some(2)), "{}", r.stderr);
    if r.code == Some(2) {
        refused(&r, &p, "SPDXRef-a");
    }
}

#[test]
fn encodings_empty_files_and_special_files() {
    let bad = file("bad-utf8.json", b"{\"bomFormat\": \"Cyclone\xff\xfeDX\"}");
    refused(&audit(&bad), &bad, ":1:");
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend_from_slice(cdx("", "").as_bytes());
    accepted(&audit(&file("bom-bom.json", &with_bom)));
    let empty = file("empty.json", b"");
    refused(&audit(&empty), &empty, "empty");
    let d = dir().join("a-directory");
    std::fs::create_dir_all(&d).unwrap();
    refused(&audit(&d), &d, "directory");
    refused(&audit(Path::new("/dev/null")), Path::new("/dev/null"), "empty");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(cdx("", "").as_bytes()).unwrap();
    let gzip = file("bom.json.gz", &gz.finish().unwrap());
    refused(&audit(&gzip), &gzip, "gzip");
}

#[cfg(unix)]
#[test]
fn a_fifo_without_a_writer_does_not_hang() {
    let fifo = dir().join("fifo.json");
    let _ = std::fs::remove_file(&fifo);
    let ok = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    if !ok {
        eprintln!("note: mkfifo is not available; skipping");
        return;
    }
    refused(&audit(&fifo), &fifo, "a named pipe that gave nothing");
    // The same for the policy and a knowledge-base file, which used to hang.
    let sbom = file("fifo-policy.json", cdx("", "").as_bytes());
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
    let p = file("huge-strings.json", cdx(&comps, r#"{"ref":"root","dependsOn":["a","b"]}"#).as_bytes());
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
    let p = file("big.spdx", s.as_bytes());
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
    let p = file("sovereign.toml", policy.as_bytes());
    let sbom = file("ok.json", cdx("", "").as_bytes());
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
fn sarif_for_a_minified_sbom_points_at_each_purl() {
    // A one-line SBOM: every location is on line 1, and a place must cover the package's purl,
    // not the whole multi-megabyte line once per finding.
    let n = scaled(20_000);
    let comps = library_components(n);
    let refs: Vec<String> = (0..n).map(|i| format!("\"p{i}\"")).collect();
    let deps = format!(r#"{{"ref":"root","dependsOn":[{}]}}"#, refs.join(","));
    let text = cdx(&comps.join(","), &deps).replace('\n', "");
    let p = file("minified.json", text.as_bytes());
    let r = run(&["audit", "--sbom", &p.display().to_string(), "--format", "sarif", "--fail-on", "never"]);
    let log: serde_json::Value = serde_json::from_str(&accepted_text(&r)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let mut located = 0;
    for result in results {
        let Some(package) = result["properties"]["package"].as_str() else { continue };
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 1);
        let snippet = region["snippet"]["text"].as_str().unwrap();
        assert!(package.starts_with("pkg:cargo/p"), "{package}");
        assert_eq!(snippet, package);
        let start = region["startColumn"].as_u64().unwrap() as usize;
        assert_eq!(&text[start - 1..start - 1 + snippet.len()], snippet);
        located += 1;
    }
    assert!(located >= n, "{located} results located for {n} packages");
}

fn accepted_text(r: &Run) -> String {
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    r.stdout.clone()
}

#[cfg(unix)]
#[test]
fn endless_devices_as_policy_or_knowledge_base_are_refused_at_a_limit() {
    let sbom = file("devzero.json", cdx("", "").as_bytes());
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
    let p = file("non-ascii-licences.json", cdx(&components.join(","), "").as_bytes());
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
    let m = file("non-ascii-licence-metadata.json", doc.to_string().as_bytes());
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
    let sbom = file("many-exceptions.json", cdx(&comps.join(","), &deps).as_bytes());
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
    let config = file("many-exceptions.toml", policy.as_bytes());
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

/// A CycloneDX XML document whose one component carries `attributes`.
fn xml_with_attributes(attributes: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\">\n\
         <components><component type=\"library\"{attributes}><name>a</name><version>1</version></component></components></bom>\n"
    )
}

#[test]
fn xml_element_with_100000_attributes_is_refused_at_the_element_not_parsed_for_minutes() {
    // The parser's duplicate-attribute check is quadratic: this took 30 s in a release build,
    // 200,000 attributes 113 s. It is refused before parsing, where the element starts.
    let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"x\"")).collect();
    let p = file("many-attributes.xml", xml_with_attributes(&attributes).as_bytes());
    let r = audit(&p);
    refused(&r, &p, ":3:13: an element with 100001 attributes; more than 256 on one element are refused");
    // The same with namespace declarations, checked against each other in the same way.
    let declarations: String = (0..100_000).map(|i| format!(" xmlns:p{i}=\"urn:p{i}\"")).collect();
    let p = file("many-namespaces.xml", xml_with_attributes(&declarations).as_bytes());
    refused(&audit(&p), &p, ":3:13: an element with 100001 attributes");
    // An element with many attributes but fewer than the limit is read.
    let attributes: String = (0..250).map(|i| format!(" a{i}=\"x\"")).collect();
    let p = file("some-attributes.xml", xml_with_attributes(&attributes).as_bytes());
    assert_eq!(accepted(&audit(&p))["summary"]["packages"], 1);
}

#[test]
fn xml_namespace_declarations_piling_up_in_nested_elements_are_refused() {
    // Each element that declares a namespace copies its parent's whole in-scope list, checking
    // each entry against the copy: quadratic in what is in scope. 1 + 20 + 20 is over the limit.
    let ns = |prefix: &str| (0..20).map(|i| format!(" xmlns:{prefix}{i}=\"urn:{i}\"")).collect::<String>();
    let text = format!(
        "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"{}>\n<components>\n\
         <component type=\"library\"{}><name>a</name></component></components></bom>\n",
        ns("r"),
        ns("c")
    );
    let p = file("namespaces-in-scope.xml", text.as_bytes());
    refused(&audit(&p), &p, ":4:1: 41 XML namespace declarations in scope; more than 32 are refused");
}

/// `depth` CycloneDX components, each nested in the previous one, in JSON and in XML.
fn nested_components(depth: usize) -> (String, String) {
    let (mut json, mut xml) = (String::new(), String::new());
    for i in 0..depth {
        json.push_str(&format!(
            r#"{{"type":"library","bom-ref":"c{i}","name":"c{i}","version":"1","components":["#
        ));
        xml.push_str(&format!(
            "<component type=\"library\" bom-ref=\"c{i}\"><name>c{i}</name><version>1</version><components>"
        ));
    }
    json.push_str(&"]}".repeat(depth));
    xml.push_str(&"</components></component>".repeat(depth));
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\">\n\
         <metadata><component type=\"application\" bom-ref=\"root\"><name>root</name></component></metadata>\
         <components>{xml}</components></bom>\n"
    );
    (cdx(&json, ""), xml)
}

#[test]
fn components_nested_1000_deep_are_refused_in_xml_and_json_not_truncated() {
    // XML read 257 of the 1,000 levels without a word.
    let (json, xml) = nested_components(1000);
    let p = file("nested-1000.xml", xml.as_bytes());
    let xml_run = audit(&p);
    refused(&xml_run, &p, ":3:");
    refused(&xml_run, &p, "components nested more than 32 levels deep are refused");
    let p = file("nested-1000.json", json.as_bytes());
    refused(&audit(&p), &p, ":3:");
    // Just over the limit: the same message from both readers.
    let (json, xml) = nested_components(33);
    for (name, text) in [("nested-33.json", json), ("nested-33.xml", xml)] {
        let p = file(name, text.as_bytes());
        refused(&audit(&p), &p, "components nested more than 32 levels deep are refused");
    }
    // At the limit every level is read, the same in both.
    let (json, xml) = nested_components(32);
    for (name, text) in [("nested-32.json", json), ("nested-32.xml", xml)] {
        let p = file(name, text.as_bytes());
        assert_eq!(accepted(&audit(&p))["summary"]["packages"], 33, "{name}");
    }
}

/// An SPDX 3 document of `n` packages with versions, purls, suppliers, licences and
/// dependencies; with `expanded`, the same document in JSON-LD expanded form (full IRIs, no
/// context, every value in an array, literals as `@value`, references as `@id`).
fn spdx3_document(n: usize, expanded: bool) -> String {
    const T: &str = "https://spdx.org/rdf/3.0.1/terms";
    let mut elements = vec![
        serde_json::json!({"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1", "created": "2024-01-01T00:00:00Z"}),
        serde_json::json!({"type": "SpdxDocument", "spdxId": "urn:doc", "creationInfo": "_:ci", "rootElement": ["urn:p0"]}),
        serde_json::json!({"type": "Organization", "spdxId": "urn:acme", "creationInfo": "_:ci", "name": "ACME GmbH"}),
        serde_json::json!({"type": "simplelicensing_LicenseExpression", "spdxId": "urn:lic", "creationInfo": "_:ci",
                           "simplelicensing_licenseExpression": "MIT OR Apache-2.0"}),
    ];
    for i in 0..n {
        elements.push(serde_json::json!({"type": "software_Package", "spdxId": format!("urn:p{i}"), "creationInfo": "_:ci",
            "name": format!("p{i}"), "software_packageVersion": format!("1.{i}"), "suppliedBy": ["urn:acme"],
            "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl",
                                    "identifier": format!("pkg:cargo/p{i}@1.{i}")}]}));
        elements.push(
            serde_json::json!({"type": "Relationship", "spdxId": format!("urn:l{i}"), "creationInfo": "_:ci",
            "relationshipType": "hasDeclaredLicense", "from": format!("urn:p{i}"), "to": ["urn:lic"]}),
        );
        if i > 0 {
            elements.push(
                serde_json::json!({"type": "LifecycleScopedRelationship", "spdxId": format!("urn:d{i}"),
                "creationInfo": "_:ci", "relationshipType": "dependsOn", "scope": "runtime",
                "from": format!("urn:p{}", i - 1), "to": [format!("urn:p{i}")]}),
            );
        }
    }
    if !expanded {
        let doc = serde_json::json!({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": elements});
        return doc.to_string();
    }
    let iri = |term: &str| match term.split_once('_') {
        Some((profile, name)) => {
            let profile = if profile == "simplelicensing" { "SimpleLicensing" } else { "Software" };
            format!("{T}/{profile}/{name}")
        }
        None => format!("{T}/Core/{term}"),
    };
    fn expand(v: &serde_json::Value, key: &str, iri: &dyn Fn(&str) -> String) -> serde_json::Value {
        use serde_json::{json, Value};
        match v {
            Value::Array(items) => Value::Array(
                items.iter().flat_map(|x| expand(x, key, iri).as_array().unwrap().clone()).collect(),
            ),
            Value::Object(obj) => {
                let mut out = serde_json::Map::new();
                for (k, x) in obj {
                    let (key, value) = match k.as_str() {
                        "spdxId" | "@id" => ("@id".to_string(), x.clone()),
                        "type" => ("@type".to_string(), json!([iri(x.as_str().unwrap())])),
                        _ => (iri(k), expand(x, k, iri)),
                    };
                    out.insert(key, value);
                }
                json!([out])
            }
            Value::String(s) => match key {
                "relationshipType" => json!([{"@id": format!("{T}/Core/RelationshipType/{s}")}]),
                "scope" => json!([{"@id": format!("{T}/Core/LifecycleScopeType/{s}")}]),
                "externalIdentifierType" => json!([{"@id": format!("{T}/Core/ExternalIdentifierType/{s}")}]),
                "from" | "to" | "rootElement" | "creationInfo" | "suppliedBy" => json!([{"@id": s}]),
                _ => json!([{"@value": s}]),
            },
            other => json!([{"@value": other}]),
        }
    }
    expand(&serde_json::Value::Array(elements), "", &iri).to_string()
}

#[test]
fn spdx3_expanded_json_ld_reads_like_the_compact_form() {
    // Names, versions and every relationship used to be lost without a word.
    let n = 5;
    let compact = file("compact.spdx3.json", spdx3_document(n, false).as_bytes());
    let expanded_text = spdx3_document(n, true);
    assert!(!expanded_text.contains("\"name\"") && !expanded_text.contains("@context"), "{expanded_text}");
    let expanded = file("expanded.spdx3.json", expanded_text.as_bytes());
    let (a, b) = (audit(&compact), audit(&expanded));
    assert_eq!(a.stderr, "", "{}", a.stderr);
    assert_eq!(b.stderr, "", "{}", b.stderr);
    let (a, b) = (accepted(&a), accepted(&b));
    assert_eq!(a["summary"]["packages"], n);
    assert_eq!(a["summary"]["edges"], n - 1);
    assert_eq!(a["packages"], b["packages"]);
    assert_eq!(a["summary"], b["summary"]);
    let p = &b["packages"][0];
    assert_eq!((p["name"].as_str(), p["version"].as_str()), (Some("p0"), Some("1.0")), "{p}");
}

#[test]
fn spdx3_properties_outside_the_vocabulary_are_counted_not_silently_dropped() {
    let text = spdx3_document(2, true)
        .replace("https://spdx.org/rdf/3.0.1/terms/Core/name", "http://example.org/name");
    let p = file("foreign.spdx3.json", text.as_bytes());
    let r = audit(&p);
    accepted(&r);
    assert!(
        r.stderr.contains("properties named by an IRI outside the SPDX 3 vocabulary ignored: 3"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("packages without a name (shown by their id): 2"), "{}", r.stderr);
}

#[test]
fn sarif_for_an_sbom_line_of_exactly_512_bytes_does_not_overflow_the_stack() {
    // Placing a finding on a line of exactly the snippet limit bounced between two functions
    // until the stack overflowed (an abort, not even a panic).
    let component = |i: usize, pad: usize| {
        format!(
            r#"{{"type":"library","bom-ref":"p{i}","name":"p{i}","version":"1","purl":"pkg:cargo/p{i}@1","licenses":[{{"license":{{"id":"BUSL-1.1"}}}}],"description":"{}"}}"#,
            "é".repeat(pad / 2) + &"x".repeat(pad % 2)
        )
    };
    let line = |i: usize| {
        let short = component(i, 0).len() + 1; // the comma
        component(i, 512 - short) + ","
    };
    let lines: Vec<String> = (0..3).map(line).collect();
    assert!(lines.iter().all(|l| l.len() == 512), "{:?}", lines.iter().map(String::len).collect::<Vec<_>>());
    let components = format!("\n{}\n{}\n", lines.join("\n"), component(3, 0));
    let text = cdx(&components, r#"{"ref":"root","dependsOn":["p0","p1","p2","p3"]}"#);
    let p = file("line-of-512-bytes.json", text.as_bytes());
    let r = run(&["audit", "--sbom", &p.display().to_string(), "--format", "sarif", "--fail-on", "never"]);
    let log: serde_json::Value = serde_json::from_str(&accepted_text(&r)).unwrap();
    let regions: Vec<&serde_json::Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["region"])
        .filter(|r| r["startLine"].as_u64().is_some_and(|l| (3..=5).contains(&l)))
        .collect();
    assert!(!regions.is_empty(), "{}", r.stdout);
    for region in regions {
        assert!(region["snippet"]["text"].as_str().unwrap().len() <= 512, "{region}");
    }
}

#[test]
fn invalid_package_urls_are_counted_in_a_warning_not_dropped_silently() {
    // A purl the parser refuses used to vanish: the package became `generic`, without a word.
    let bad = ["pkg:é/a@1", "pkg:cargo/", "pkg:/a@1"];
    let comps: Vec<String> = bad
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(r#"{{"type":"library","bom-ref":"c{i}","name":"c{i}","version":"1","purl":"{p}"}}"#)
        })
        .chain(library_components(1))
        .collect();
    let p = file(
        "bad-purls.json",
        cdx(&comps.join(","), r#"{"ref":"root","dependsOn":["c0","c1","c2","p0"]}"#).as_bytes(),
    );
    let r = audit(&p);
    accepted(&r);
    assert!(r.stderr.contains("3 components have a purl that is not a valid package URL"), "{}", r.stderr);
    let xml = "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\"><components>\
        <component type=\"library\"><name>a</name><purl>pkg:é/a@1</purl></component></components></bom>\n";
    let p = file("bad-purl.xml", xml.as_bytes());
    let r = audit(&p);
    accepted(&r);
    assert!(r.stderr.contains("1 components have a purl that is not a valid package URL"), "{}", r.stderr);
    let spdx = r#"{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"d",
        "documentNamespace":"https://example.org/d","creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: t"]},
        "packages":[{"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NOASSERTION",
            "externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:é/a@1"}]}],
        "relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-a"}]}"#;
    let p = file("bad-purl.spdx.json", spdx.as_bytes());
    let r = audit(&p);
    accepted(&r);
    assert!(
        r.stderr.contains("packages whose package URL is not valid (read without one): 1"),
        "{}",
        r.stderr
    );
    let spdx3 = spdx3_document(2, false).replace("pkg:cargo/p1@1.1", "pkg:é/p1@1.1");
    let p = file("bad-purl.spdx3.json", spdx3.as_bytes());
    let r = audit(&p);
    accepted(&r);
    assert!(
        r.stderr.contains("packages whose package URL is not valid (read without one): 1"),
        "{}",
        r.stderr
    );
}
