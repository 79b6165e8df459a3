//! AI models and datasets as dependencies: the kinds the readers give them (the CycloneDX
//! specification's machine-learning examples, the SPDX 3.0 AI and Dataset examples), who
//! publishes each model of an ML-BOM and under which terms, and a `[[model]]` a Cargo
//! workspace declares, shown by every report format.

use crate::common;

use cargo_sovereign::enrich::online::progress::Silent;
use cargo_sovereign::model::{GraphBuilder, PackageKind};
use cargo_sovereign::pipeline::{self, Options, Policy};
use cargo_sovereign::policy::config;
use cargo_sovereign::policy::date::Date;
use cargo_sovereign::report::{Format, RenderOptions};

fn kinds_of(path: &std::path::Path) -> Vec<(String, PackageKind)> {
    let bytes = std::fs::read(path).unwrap();
    let mut b = GraphBuilder::new(false);
    cargo_sovereign::input::read_document(&path.display().to_string(), &bytes, &mut b).unwrap();
    b.finish().packages.into_iter().map(|p| (p.name, p.kind)).collect()
}

#[test]
fn the_cyclonedx_specification_machine_learning_examples_are_models_and_data() {
    let Some(shared) = common::shared_dir() else { return };
    let mut checked = 0;
    for version in ["1.5", "1.6", "1.7"] {
        let dir = shared.join("corpora/cyclonedx-spec").join(version);
        for path in common::files_with_ext(&dir, &[".json", ".xml"]) {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.starts_with("valid-machine-learning") {
                continue;
            }
            // Each example describes one model (CompVis' `stable-diffusion`, Meta's
            // `Llama-2-7b`); the first names its training data set inline in its model card.
            let kinds = kinds_of(&path);
            let of = |kind: PackageKind| -> Vec<&str> {
                kinds.iter().filter(|k| k.1 == kind).map(|k| k.0.as_str()).collect()
            };
            let (models, datasets) = (of(PackageKind::Model), of(PackageKind::Dataset));
            assert_eq!(models.len(), 1, "{name}: {kinds:?}");
            assert_eq!(kinds.len(), models.len() + datasets.len(), "{name}: {kinds:?}");
            if models == ["stable-diffusion"] {
                assert_eq!(datasets, ["Training Data"], "{name}: {kinds:?}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} machine-learning examples found");
}

/// A model card's inline training data set is a dependency of the model, in JSON and XML.
#[test]
fn a_model_cards_training_data_is_a_dependency_of_the_model() {
    let Some(shared) = common::shared_dir() else { return };
    for ext in ["json", "xml"] {
        let path = shared.join(format!("corpora/cyclonedx-spec/1.6/valid-machine-learning-1.6.{ext}"));
        let bytes = std::fs::read(&path).unwrap();
        let mut b = GraphBuilder::new(false);
        cargo_sovereign::input::read_document(&path.display().to_string(), &bytes, &mut b).unwrap();
        let g = b.finish();
        let at = |name: &str| g.packages.iter().position(|p| p.name == name).unwrap();
        let (model, data) = (at("stable-diffusion"), at("Training Data"));
        assert!(g.edges.iter().any(|e| e.from == model && e.to == data), "{ext}: {:?}", g.edges);
        assert_eq!(g.packages[data].kind, PackageKind::Dataset);
        assert_eq!(g.roots, [model], "{ext}");
    }
}

#[test]
fn the_spdx_3_ai_and_dataset_examples_are_models_and_datasets() {
    let Some(shared) = common::shared_dir() else { return };
    let ex = shared.join("corpora/spdx-examples");
    let kinds = kinds_of(&ex.join("ai/example01/spdx3.0/simplehtr-example.json"));
    // The example describes each model twice, under two ids: as an `ai_AIPackage` and as a
    // `software_Package` whose primary purpose is `model`; both are models.
    let count = |name: &str, kind: PackageKind| kinds.iter().filter(|(n, k)| n == name && *k == kind).count();
    assert_eq!(count("word-model", PackageKind::Model), 2, "{kinds:?}");
    assert_eq!(count("line-model", PackageKind::Model), 2, "{kinds:?}");
    assert_eq!(count("IAMdataset", PackageKind::Dataset), 1, "{kinds:?}");
    // The application around them is software.
    assert!(kinds.iter().any(|(_, k)| *k == PackageKind::Library), "{kinds:?}");
    let kinds = kinds_of(&ex.join("dataset/example01/spdx3.0/example01.spdx3.json"));
    let name = "Our World in Data CO2 and Greenhouse Gas Emissions dataset";
    assert_eq!(kinds.iter().find(|(n, _)| n == name).map(|k| k.1), Some(PackageKind::Dataset), "{kinds:?}");
}

/// Every component of the fixture, with its publisher (knowledge-base id), controlling
/// country and licence category, from the model cards and the publishers' public pages.
const EXPECTED: &[(&str, PackageKind, &str, Option<&str>, &str)] = &[
    ("Mistral-7B-v0.1", PackageKind::Model, "mistral-ai", Some("FR"), "permissive"),
    ("Llama-3.1-8B-Instruct", PackageKind::Model, "meta", Some("US"), "source-available"),
    ("Qwen2.5-72B-Instruct", PackageKind::Model, "alibaba", Some("CN"), "source-available"),
    ("gemma-2-9b", PackageKind::Model, "google", Some("US"), "source-available"),
    ("falcon-7b", PackageKind::Model, "tii", Some("AE"), "permissive"),
    ("DeepSeek-V2-Lite", PackageKind::Model, "deepseek", Some("CN"), "source-available"),
    ("aya-23-8B", PackageKind::Model, "cohere", Some("CA"), "non-commercial"),
    ("stable-diffusion-xl-base-1.0", PackageKind::Model, "stability-ai", Some("GB"), "source-available"),
    ("EuroLLM-9B", PackageKind::Model, "eurollm", None, "permissive"),
    ("fineweb", PackageKind::Dataset, "hugging-face", Some("US"), "permissive"),
];

fn audit(opts: Options) -> cargo_sovereign::report::Report {
    let opts = Options { today: Date::new(2026, 12, 6), ..opts };
    pipeline::run(&opts, &Silent).unwrap().report
}

#[test]
fn an_ml_bom_is_attributed_publisher_country_and_licence_for_every_component() {
    let bom = common::repo_dir().join("tests/fixtures/ml-bom-several-publishers/ml-bom.cdx.json");
    let report = audit(Options { sboms: vec![bom.display().to_string()], ..Options::default() });
    let mut wrong = Vec::new();
    for &(name, kind, entity, country, category) in EXPECTED {
        let p = report.packages.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name} missing"));
        let origin = p.origin.as_deref();
        let got = (
            p.kind,
            origin.and_then(|o| o.entity_id.as_deref()),
            origin.and_then(|o| o.control_country.as_deref()),
            p.license.category.as_deref(),
        );
        if got != (kind, Some(entity), country, Some(category)) {
            wrong.push(format!("{name}: {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // The non-European critical models are single points of dependency; the restricted and
    // non-commercial terms are licence findings under the default policy.
    let flagged = |code: &str, name: &str| {
        report
            .findings
            .iter()
            .any(|f| f.code.as_str() == code && f.package.as_deref().is_some_and(|id| id.contains(name)))
    };
    assert!(flagged("non-european-single-point", "Llama-3.1-8B-Instruct"));
    assert!(!flagged("non-european-single-point", "Mistral-7B-v0.1"));
    assert!(flagged("source-available-license", "Qwen2.5-72B-Instruct"));
    assert!(flagged("non-commercial-license", "aya-23-8B"));
    assert!(!flagged("source-available-license", "Mistral-7B-v0.1"));
}

/// The SPDX 3.0 report says which packages are models and data sets
/// (`software_primaryPurpose`), and reads back with the same kinds.
#[test]
fn an_ml_bom_round_trips_its_kinds_through_spdx_3() {
    use cargo_sovereign::report::spdx::{SpdxOptions, SpdxVersion};
    let bom = common::repo_dir().join("tests/fixtures/ml-bom-several-publishers/ml-bom.cdx.json");
    let report = audit(Options { sboms: vec![bom.display().to_string()], ..Options::default() });
    let spdx = SpdxOptions { version: SpdxVersion::V3_0, ..SpdxOptions::default() };
    let mut out = Vec::new();
    Format::Spdx
        .reporter(&RenderOptions { spdx, ..RenderOptions::default() })
        .render(&report, &mut out)
        .unwrap();
    let mut b = GraphBuilder::new(false);
    cargo_sovereign::input::read_document("out.spdx3.json", &out, &mut b).unwrap();
    let mut kinds: Vec<(String, PackageKind)> =
        b.finish().packages.into_iter().map(|p| (p.name, p.kind)).collect();
    kinds.sort();
    let mut expected: Vec<(String, PackageKind)> = EXPECTED.iter().map(|e| (e.0.to_string(), e.1)).collect();
    expected.push(("chat-service".into(), PackageKind::Library));
    expected.sort();
    assert_eq!(kinds, expected);
}

#[test]
fn explain_names_a_models_kind_and_publisher() {
    use cargo_sovereign::report::explain;
    let bom = common::repo_dir().join("tests/fixtures/ml-bom-several-publishers/ml-bom.cdx.json");
    let opts = Options {
        sboms: vec![bom.display().to_string()],
        today: Date::new(2026, 12, 6),
        ..Options::default()
    };
    let audit = pipeline::run(&opts, &Silent).unwrap();
    let found = explain::find(&audit.graph, "Mistral-7B-v0.1").unwrap();
    let mut out = Vec::new();
    explain::render(&audit.graph, &audit.report, found[0], &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("  kind:      model\n"), "{text}");
    assert!(text.contains("Hugging Face organisation mistralai"), "{text}");
}

const POLICY: &str = r#"
[[model]]
id = "huggingface:meta-llama/Llama-3.1-8B-Instruct"
license = "llama3.1"

[[model]]
id = "api:openai/gpt-4o"
license = "Proprietary"
"#;

#[test]
fn a_declared_model_in_a_cargo_workspace_shows_in_every_format() {
    let config = config::parse("sovereign.toml", POLICY).unwrap();
    let metadata = common::repo_dir().join("tests/fixtures/cloud-ai-workspace/metadata.json");
    let report = audit(Options {
        metadata: Some(metadata.display().to_string()),
        policy: Policy::Given(Box::new(config)),
        ..Options::default()
    });
    let llama =
        report.packages.iter().find(|p| p.id == "pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct").unwrap();
    assert_eq!(llama.kind, PackageKind::Model);
    assert_eq!(llama.origin.as_deref().and_then(|o| o.entity_id.as_deref()), Some("meta"));
    assert_eq!(llama.license.category.as_deref(), Some("source-available"));
    assert_eq!(llama.graph.map(|g| g.direct), Some(true));
    let gpt = report.packages.iter().find(|p| p.id == "api:openai/gpt-4o").unwrap();
    assert_eq!(gpt.origin.as_deref().and_then(|o| o.entity_id.as_deref()), Some("openai"));
    assert_eq!(gpt.license.category.as_deref(), Some("proprietary"));
    // A hosted model is a proprietary service: vendor lock-in, with the knowledge base's
    // European ways out (Mistral AI's and Aleph Alpha's clients, EU-hosted open weights).
    let vendor = gpt.vendor.as_deref().expect("gpt-4o is a vendor's service");
    assert_eq!(vendor.id, "openai");
    assert!(vendor.alternatives.iter().any(|a| a.note.as_deref().is_some_and(|n| n.contains("(FR)"))));
    assert!(report
        .findings
        .iter()
        .any(|f| f.code.as_str() == "vendor-lock-in" && f.message.contains("gpt-4o")));
    assert!(llama.vendor.is_none(), "open weights are no vendor's service");
    for &(name, format) in Format::ALL {
        let mut out = Vec::new();
        format.reporter(&RenderOptions::default()).render(&report, &mut out).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("Llama-3.1-8B-Instruct"), "{name} does not show the declared model");
        assert!(text.contains("gpt-4o"), "{name} does not show the declared API model");
        if format == Format::Cyclonedx {
            // A Cargo workspace's CycloneDX is generated: the model is typed as one.
            let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
            let types: Vec<&str> = doc["components"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["name"] == "gpt-4o" || c["name"] == "Llama-3.1-8B-Instruct")
                .filter_map(|c| c["type"].as_str())
                .collect();
            assert_eq!(types, ["machine-learning-model", "machine-learning-model"]);
        }
    }
}

#[test]
fn a_model_id_that_names_no_source_is_an_error_with_its_position() {
    let errs =
        config::parse("s.toml", "[[model]]\nid = \"mistral\"\n\n[[model]]\nlicense = \"MIT\"\n").unwrap_err();
    let messages: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(messages[0].starts_with("s.toml:2:6: `mistral` is not a model id"), "{messages:#?}");
    assert!(messages[1].starts_with("s.toml:4:1: a [[model]] needs an `id`"), "{messages:#?}");
    let errs = config::parse("s.toml", "[[model]]\nid = \"api:x/y\"\nweights = 1\n").unwrap_err();
    assert!(errs[0].to_string().starts_with("s.toml:3:1: unknown field `weights`"), "{}", errs[0]);
}
