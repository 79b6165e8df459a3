//! How well the Hugging Face organisation signal attributes models: every model of
//! `tests/fixtures/huggingface-models/labels.tsv` (publishers' own repositories, and re-uploads
//! by other accounts that must stay unattributed) as a `pkg:huggingface` package, run through
//! the pipeline offline. Precision is right claims of an entity over all claims; recall right
//! claims over the models whose publisher the knowledge base lists. Both must be 1: a wrong
//! entity here means a `huggingface` name in `data/orgs.toml` is wrong.

use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::model::{GraphBuilder, Package, PackageKind, Source};
use cargo_sovereign::pipeline::{self, Options};
use cargo_sovereign::policy::date::Date;

use crate::common;

struct Label {
    model: String,
    entity: Option<String>,
    country: Option<String>,
}

fn labels() -> Vec<Label> {
    let path = common::repo_dir().join("tests/fixtures/huggingface-models/labels.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    assert_eq!(lines.next(), Some("model\tentity\tcountry\tsource"));
    let given = |s: &str| (s != "-").then(|| s.to_string());
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            assert_eq!(cells.len(), 4, "{l}");
            assert_eq!(cells[3], format!("https://huggingface.co/{}", cells[0]), "{l}");
            Label { model: cells[0].into(), entity: given(cells[1]), country: given(cells[2]) }
        })
        .collect()
}

#[test]
fn hugging_face_organisations_attribute_models_without_a_wrong_claim() {
    let labels = labels();
    let mut b = GraphBuilder::new(false);
    let app = b.add_package(Package { id: "app".into(), name: "app".into(), ..Package::default() });
    b.add_root(app);
    for l in &labels {
        let (org, name) = l.model.split_once('/').unwrap();
        let purl = format!("pkg:huggingface/{org}/{name}");
        let model = b.add_package(Package {
            id: purl.clone(),
            name: name.into(),
            ecosystem: "huggingface".into(),
            kind: PackageKind::Model,
            namespace: Some(org.into()),
            purl: Some(purl),
            source: Source::Registry { url: None, default: true },
            ..Package::default()
        });
        b.add_edge(app, model, cargo_sovereign::model::DepKind::Normal);
    }
    let opts = Options { today: Date::new(2026, 12, 6), ..Options::default() };
    let report = pipeline::run_graph(&opts, b.finish(), &Silent).unwrap().report;
    let (mut claims, mut right, mut knowable) = (0, 0, 0);
    let mut wrong = Vec::new();
    for l in &labels {
        let id = format!("pkg:huggingface/{}", l.model);
        let p = report.packages.iter().find(|p| p.id == id).unwrap();
        let origin = p.origin.as_deref();
        let got = (origin.and_then(|o| o.entity_id.clone()), origin.and_then(|o| o.control_country.clone()));
        knowable += usize::from(l.entity.is_some());
        if got.0.is_some() {
            claims += 1;
            if got == (l.entity.clone(), l.country.clone()) {
                right += 1;
            } else {
                wrong.push(format!("{}: {got:?}", l.model));
            }
        } else if l.entity.is_some() {
            wrong.push(format!("{}: not attributed", l.model));
        }
    }
    println!("huggingface organisations: {right} right of {claims} claims, {knowable} knowable");
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!((right, claims, knowable), (28, 28, 28), "precision and recall must both be 1");
}
