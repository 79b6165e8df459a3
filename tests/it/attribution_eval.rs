//! The attribution evaluation: real dependency graphs, every package's controlling entity and
//! country labelled by hand from public facts (each set's folder under tests/fixtures/ holds the
//! inputs, how they were generated, how they were labelled, and `labels.tsv`), run through the
//! pipeline offline.
//!
//! Scored strictly, as an analyst would: a claim of a controlling country is right only when it
//! is the labelled one; a country claimed for a community or a person's own project (labelled
//! `-`: no controlling country) or where the facts do not decide (`?`) is wrong. Precision is
//! right claims over all claims, recall right claims over the packages whose controlling country
//! is knowable. Both are printed per deciding signal; the test fails below 0.97 and 0.85.

use std::collections::BTreeMap;
use std::path::PathBuf;

use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::model::Signal;
use cargo_sovereign::pipeline::{self, Options};
use cargo_sovereign::policy::date::Date;

use crate::common;

const PRECISION: f64 = 0.97;
const RECALL: f64 = 0.85;

/// The labelled controlling country.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Country {
    /// ISO 3166-1 alpha-2.
    Code(String),
    /// No controlling country: a community, or a person's own project.
    Nobody,
    /// The public facts do not decide.
    Undecided,
}

fn dir(set: &str) -> PathBuf {
    common::repo_dir().join("tests/fixtures").join(set)
}

/// `(ecosystem, name)` → labelled country.
fn labels(set: &str) -> BTreeMap<(String, String), Country> {
    let text = std::fs::read_to_string(dir(set).join("labels.tsv")).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col =
        |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no `{name}` column"));
    let (eco, name, country) = (col("ecosystem"), col("name"), col("country"));
    let mut out = BTreeMap::new();
    for (n, line) in lines.enumerate() {
        let cells: Vec<&str> = line.split('\t').collect();
        assert!(cells.len() == header.len(), "labels.tsv line {}: {} cells", n + 2, cells.len());
        let c = match cells[country].trim() {
            "-" => Country::Nobody,
            "?" => Country::Undecided,
            code if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
                Country::Code(code.into())
            }
            other => panic!("labels.tsv line {}: country `{other}`", n + 2),
        };
        let key = (cells[eco].trim().to_string(), cells[name].trim().to_string());
        assert!(out.insert(key.clone(), c).is_none(), "labels.tsv: {key:?} twice");
    }
    out
}

/// Every input of the evaluation, as pipeline options.
fn inputs(set: &str) -> Vec<Options> {
    let mut graphs: Vec<PathBuf> =
        std::fs::read_dir(dir(set)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    graphs.sort();
    graphs
        .iter()
        .map(|g| {
            let today = Date::new(2026, 12, 6);
            let file =
                |name: &str| Some(g.join(name)).filter(|p| p.is_file()).map(|p| p.display().to_string());
            match (file("metadata.json"), file("sbom.cdx.json")) {
                (Some(m), _) => Options { metadata: Some(m), today, ..Options::default() },
                (None, Some(s)) => Options { sboms: vec![s], today, ..Options::default() },
                (None, None) => panic!("{}: no metadata.json or sbom.cdx.json", g.display()),
            }
        })
        .collect()
}

#[derive(Default, Debug)]
struct Score {
    claims: usize,
    right: usize,
}

/// The tuning set: the graphs whose misses the knowledge base and the rules were corrected
/// against (see its README).
#[test]
fn attribution_precision_and_recall_on_the_tuning_set() {
    evaluate("attribution-eval");
}

/// The first held-out set: three other graphs labelled without looking at the tool's output or
/// its knowledge base; scored blind once (its README keeps that score), then used for tuning.
#[test]
fn attribution_precision_and_recall_on_the_held_out_set() {
    evaluate("attribution-holdout");
}

/// The second held-out set: three more graphs, labelled after the knowledge base was completed
/// from the first held-out set's misses; scored blind once (its README keeps that score), then
/// the knowledge base was corrected from its misses too.
#[test]
fn attribution_precision_and_recall_on_the_final_blind_set() {
    evaluate("attribution-holdout-2");
}

/// The third held-out set: three graphs of other domains (a desktop media app, a Node worker,
/// LLM tooling in Python), labelled blind after the second set's corrections; its README keeps
/// the blind score and how its undecided labels were settled.
#[test]
fn attribution_precision_and_recall_on_the_third_blind_set() {
    evaluate("attribution-holdout-3");
}

/// Scores the tool's country claims on the labelled set in `tests/fixtures/<set>`.
fn evaluate(set: &str) {
    let labels = labels(set);
    let mut seen: BTreeMap<(String, String), (Option<String>, Option<Signal>)> = BTreeMap::new();
    for opts in inputs(set) {
        let audit = pipeline::run(&opts, &Silent).unwrap_or_else(|e| panic!("{e}"));
        for p in &audit.report.packages {
            let name = match &p.namespace {
                Some(ns) if p.ecosystem == "npm" => format!("{ns}/{}", p.name),
                _ => p.name.clone(),
            };
            let key = (p.ecosystem.clone(), name);
            if labels.contains_key(&key) {
                let claim = p.origin.as_ref().and_then(|o| o.control_country.clone());
                let signal = p.origin.as_ref().and_then(|o| o.decided_by);
                seen.entry(key).or_insert((claim, signal));
            }
        }
    }
    let missing: Vec<&(String, String)> = labels.keys().filter(|k| !seen.contains_key(*k)).collect();
    assert!(missing.is_empty(), "labelled packages in no input: {missing:?}");

    let mut by_signal: BTreeMap<String, Score> = BTreeMap::new();
    let (mut all, mut knowable, mut found) = (Score::default(), 0, 0);
    let (mut wrong, mut missed) = (Vec::new(), Vec::new());
    for (key, (claim, signal)) in &seen {
        let label = &labels[key];
        if matches!(label, Country::Code(_)) {
            knowable += 1;
        }
        let Some(claim) = claim else {
            if let Country::Code(c) = label {
                missed.push(format!("{}/{}: labelled {c}, no claim", key.0, key.1));
            }
            continue;
        };
        let right = *label == Country::Code(claim.clone());
        let s = by_signal.entry(signal.map_or("?", |s| s.as_str()).to_string()).or_default();
        s.claims += 1;
        all.claims += 1;
        if right {
            s.right += 1;
            all.right += 1;
            found += 1;
        } else {
            wrong.push(format!("{}/{}: claimed {claim} by {signal:?}, labelled {label:?}", key.0, key.1));
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    println!(
        "attribution evaluation ({set}): {} labelled packages, {knowable} with a knowable controlling country",
        labels.len()
    );
    println!("{:<20} {:>7} {:>7} {:>10}", "deciding signal", "claims", "right", "precision");
    for (signal, s) in &by_signal {
        println!("{signal:<20} {:>7} {:>7} {:>10.3}", s.claims, s.right, ratio(s.right, s.claims));
    }
    let (precision, recall) = (ratio(all.right, all.claims), ratio(found, knowable));
    println!("{:<20} {:>7} {:>7} {precision:>10.3}", "all", all.claims, all.right);
    println!("recall: {found} of {knowable} knowable controlling countries = {recall:.3}");
    for w in &wrong {
        println!("wrong: {w}");
    }
    for m in &missed {
        println!("missed: {m}");
    }
    assert!(precision >= PRECISION, "precision {precision:.3} below {PRECISION}: {wrong:#?}");
    assert!(recall >= RECALL, "recall {recall:.3} below {RECALL}");
}
