//! Synthetic inputs of any size with the shapes real graphs have: a deep chain, a few hubs
//! that many packages depend on (fan-in), random extra edges, back edges that make cycles, a
//! mix of ecosystems and licences, and repository URLs and suppliers that attribution has to
//! look at. Deterministic for a seed (a small xorshift generator, no dependency).
//!
//! Shared by `examples/gen_sbom.rs` (files for `scripts/bench`) and the criterion benches.

#![allow(dead_code)]

use std::fmt::Write as _;

/// One synthetic package.
pub struct Pkg {
    pub name: String,
    pub version: String,
    pub ecosystem: &'static str,
    pub license: &'static str,
    pub repository: Option<String>,
    pub supplier: Option<&'static str>,
}

/// A synthetic graph: packages (index 0 is the root) and edges `from → to`.
pub struct Synth {
    pub packages: Vec<Pkg>,
    pub edges: Vec<(usize, usize)>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const LICENSES: &[&str] = &[
    "MIT",
    "Apache-2.0",
    "MIT OR Apache-2.0",
    "BSD-3-Clause",
    "ISC",
    "MPL-2.0",
    "GPL-3.0-only",
    "LicenseRef-Proprietary",
    "",
];
const OWNERS: &[&str] =
    &["tokio-rs", "awslabs", "someone", "rust-lang", "qdrant", "getsentry", "example-dev", "servo"];
const SUPPLIERS: &[&str] = &["Acme GmbH", "Amazon Web Services", "Example Corp"];

/// A graph of `packages` packages (root included) and about `edges` edges.
pub fn generate(packages: usize, edges: usize, seed: u64) -> Synth {
    let mut rng = Rng(seed.max(1));
    let n = packages.max(2);
    let ecosystems = ["cargo", "cargo", "cargo", "npm", "pypi", "maven"];
    let pkgs: Vec<Pkg> = (0..n)
        .map(|i| {
            let ecosystem = if i == 0 { "cargo" } else { ecosystems[rng.below(ecosystems.len())] };
            let name = match (i, rng.below(20)) {
                (0, _) => "app".to_string(),
                (_, 0) => format!("aws-sdk-service{i}"),
                _ => format!("pkg{i}"),
            };
            Pkg {
                name,
                version: format!("{}.{}.{}", rng.below(4), rng.below(30), rng.below(10)),
                ecosystem,
                license: LICENSES[rng.below(LICENSES.len())],
                repository: (rng.below(3) > 0)
                    .then(|| format!("https://github.com/{}/repo{i}", OWNERS[rng.below(OWNERS.len())])),
                supplier: (rng.below(10) == 0).then(|| SUPPLIERS[rng.below(SUPPLIERS.len())]),
            }
        })
        .collect();
    let mut out = Vec::with_capacity(edges.max(n));
    // A deep chain through a tenth of the graph.
    let chain = (n / 10).max(2);
    for i in 0..chain - 1 {
        out.push((i, i + 1));
    }
    // The root depends on a few packages directly; hubs get wide fan-in.
    let hubs: Vec<usize> = (1..n).step_by((n / 10).max(1)).take(10).collect();
    for i in chain..n {
        out.push((rng.below(i), i)); // everything is reachable from the root
        if rng.below(2) == 0 {
            out.push((i, hubs[rng.below(hubs.len())]));
        }
    }
    while out.len() < edges {
        let (a, b) = (rng.below(n), 1 + rng.below(n - 1));
        if a != b {
            out.push((a, b)); // some of these go backwards: cycles
        }
    }
    out.sort_unstable();
    out.dedup();
    Synth { packages: pkgs, edges: out }
}

/// The root depending on a ring of `packages` packages: one dependency cycle through all.
pub fn cycle(packages: usize) -> Synth {
    let n = packages.max(1);
    let mut g = generate(n + 1, 0, 7);
    g.edges = (1..=n).map(|i| (i, if i == n { 1 } else { i + 1 })).collect();
    g.edges.push((0, 1));
    g.edges.sort_unstable();
    g
}

fn purl(p: &Pkg) -> String {
    match p.ecosystem {
        "maven" => format!("pkg:maven/com.example/{}@{}", p.name, p.version),
        e => format!("pkg:{e}/{}@{}", p.name, p.version),
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}

impl Synth {
    /// Dependencies of each package.
    fn deps(&self) -> Vec<Vec<usize>> {
        let mut d = vec![Vec::new(); self.packages.len()];
        for &(a, b) in &self.edges {
            d[a].push(b);
        }
        d
    }

    /// CycloneDX 1.6 JSON.
    pub fn cyclonedx_json(&self) -> String {
        let mut s = String::from(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":"#,
        );
        let root = &self.packages[0];
        write!(
            s,
            r#"{{"type":"application","bom-ref":"c0","name":"{}","version":"{}"}}}},"components":["#,
            root.name, root.version
        )
        .unwrap();
        for (i, p) in self.packages.iter().enumerate().skip(1) {
            if i > 1 {
                s.push(',');
            }
            write!(
                s,
                r#"{{"type":"library","bom-ref":"c{i}","name":"{}","version":"{}","purl":"{}""#,
                p.name,
                p.version,
                purl(p)
            )
            .unwrap();
            if !p.license.is_empty() {
                write!(s, r#","licenses":[{{"expression":"{}"}}]"#, p.license).unwrap();
            }
            if let Some(r) = &p.repository {
                write!(s, r#","externalReferences":[{{"type":"vcs","url":"{r}"}}]"#).unwrap();
            }
            if let Some(sup) = p.supplier {
                write!(s, r#","supplier":{{"name":"{sup}"}}"#).unwrap();
            }
            s.push('}');
        }
        s.push_str(r#"],"dependencies":["#);
        for (i, d) in self.deps().iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let list: Vec<String> = d.iter().map(|j| format!("\"c{j}\"")).collect();
            write!(s, r#"{{"ref":"c{i}","dependsOn":[{}]}}"#, list.join(",")).unwrap();
        }
        s.push_str("]}\n");
        s
    }

    /// CycloneDX 1.6 XML.
    pub fn cyclonedx_xml(&self) -> String {
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\">\n");
        let root = &self.packages[0];
        write!(s, "<metadata><component type=\"application\" bom-ref=\"c0\"><name>{}</name><version>{}</version></component></metadata>\n<components>\n", root.name, root.version).unwrap();
        for (i, p) in self.packages.iter().enumerate().skip(1) {
            write!(s, "<component type=\"library\" bom-ref=\"c{i}\">").unwrap();
            if let Some(sup) = p.supplier {
                write!(s, "<supplier><name>{}</name></supplier>", esc(sup)).unwrap();
            }
            write!(s, "<name>{}</name><version>{}</version>", p.name, p.version).unwrap();
            if !p.license.is_empty() {
                write!(s, "<licenses><expression>{}</expression></licenses>", esc(p.license)).unwrap();
            }
            write!(s, "<purl>{}</purl>", esc(&purl(p))).unwrap();
            if let Some(r) = &p.repository {
                write!(s, "<externalReferences><reference type=\"vcs\"><url>{}</url></reference></externalReferences>", esc(r)).unwrap();
            }
            s.push_str("</component>\n");
        }
        s.push_str("</components>\n<dependencies>\n");
        for (i, d) in self.deps().iter().enumerate() {
            write!(s, "<dependency ref=\"c{i}\">").unwrap();
            for j in d {
                write!(s, "<dependency ref=\"c{j}\"/>").unwrap();
            }
            s.push_str("</dependency>\n");
        }
        s.push_str("</dependencies>\n</bom>\n");
        s
    }

    /// SPDX 2.3 JSON.
    pub fn spdx_json(&self) -> String {
        let mut s = String::from(
            r#"{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"synthetic","documentNamespace":"https://example.org/synthetic","creationInfo":{"created":"2026-01-01T00:00:00Z","creators":["Tool: gen_sbom"]},"packages":["#,
        );
        for (i, p) in self.packages.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let lic = if p.license.is_empty() { "NOASSERTION" } else { p.license };
            write!(s, r#"{{"SPDXID":"SPDXRef-p{i}","name":"{}","versionInfo":"{}","downloadLocation":"NOASSERTION","licenseDeclared":"{lic}","externalRefs":[{{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"{}"}}]"#, p.name, p.version, purl(p)).unwrap();
            if let Some(sup) = p.supplier {
                write!(s, r#","supplier":"Organization: {sup}""#).unwrap();
            }
            s.push('}');
        }
        s.push_str(r#"],"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-p0"}"#);
        for &(a, b) in &self.edges {
            write!(s, r#",{{"spdxElementId":"SPDXRef-p{a}","relationshipType":"DEPENDS_ON","relatedSpdxElement":"SPDXRef-p{b}"}}"#).unwrap();
        }
        s.push_str("]}\n");
        s
    }

    /// `cargo metadata --format-version 1` (every package treated as a crate).
    pub fn cargo_metadata(&self) -> String {
        let id = |i: usize| {
            let p = &self.packages[i];
            if i == 0 {
                format!("path+file:///synthetic/app#{}@{}", p.name, p.version)
            } else {
                format!("registry+https://github.com/rust-lang/crates.io-index#{}@{}", p.name, p.version)
            }
        };
        let deps = self.deps();
        let mut s = String::from(r#"{"packages":["#);
        for (i, p) in self.packages.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let source = if i == 0 {
                "null".to_string()
            } else {
                "\"registry+https://github.com/rust-lang/crates.io-index\"".to_string()
            };
            let manifest = if i == 0 {
                "/synthetic/app/Cargo.toml".to_string()
            } else {
                format!("/registry/{}-{}/Cargo.toml", p.name, p.version)
            };
            let lic = if p.license.is_empty() { "null".to_string() } else { format!("\"{}\"", p.license) };
            let repo = p.repository.as_ref().map_or("null".to_string(), |r| format!("\"{r}\""));
            let dependencies: Vec<String> = deps[i]
                .iter()
                .map(|&j| format!(r#"{{"name":"{}","source":"registry+https://github.com/rust-lang/crates.io-index","req":"^{}","kind":null,"rename":null,"optional":false,"uses_default_features":true,"features":[],"target":null,"registry":null}}"#, self.packages[j].name, self.packages[j].version))
                .collect();
            write!(s, r#"{{"name":"{}","version":"{}","id":"{}","license":{lic},"license_file":null,"description":null,"source":{source},"dependencies":[{}],"targets":[{{"kind":["lib"],"crate_types":["lib"],"name":"{}","src_path":"/src/lib.rs","edition":"2021","doc":true,"doctest":true,"test":true}}],"features":{{}},"manifest_path":"{manifest}","metadata":null,"publish":null,"authors":[],"categories":[],"keywords":[],"readme":null,"repository":{repo},"homepage":null,"documentation":null,"edition":"2021","links":null,"default_run":null,"rust_version":null}}"#, p.name, p.version, id(i), dependencies.join(","), p.name).unwrap();
        }
        write!(
            s,
            r#"],"workspace_members":["{}"],"workspace_default_members":["{}"],"resolve":{{"nodes":["#,
            id(0),
            id(0)
        )
        .unwrap();
        for (i, d) in deps.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let ids: Vec<String> = d.iter().map(|&j| format!("\"{}\"", id(j))).collect();
            let nodes: Vec<String> = d
                .iter()
                .map(|&j| {
                    format!(
                        r#"{{"name":"{}","pkg":"{}","dep_kinds":[{{"kind":null,"target":null}}]}}"#,
                        self.packages[j].name.replace('-', "_"),
                        id(j)
                    )
                })
                .collect();
            write!(
                s,
                r#"{{"id":"{}","dependencies":[{}],"deps":[{}],"features":[]}}"#,
                id(i),
                ids.join(","),
                nodes.join(",")
            )
            .unwrap();
        }
        write!(s, r#"],"root":"{}"}},"target_directory":"/synthetic/target","version":1,"workspace_root":"/synthetic","metadata":null}}"#, id(0)).unwrap();
        s.push('\n');
        s
    }
}
