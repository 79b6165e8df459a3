//! Every SBOM of the shared corpora (the SPDX project's examples, real CycloneDX SBOMs, JSON and
//! XML, tag-value and YAML) written as SPDX 2.3 and 3.0: 2.3 valid against the schema, 3.0 of
//! the real documents' shapes, and both read back with the same packages, versions, purls,
//! edges and roots.

use serde_json::Value;

use crate::report_spdx::{assert_reads_back_the_same, check_ids, read_back, render, validate};
use crate::report_spdx3::{check, shapes};
use crate::{common, report_common};
use cargo_sovereign::report::spdx::SpdxVersion;

#[test]
fn every_corpus_sbom_gives_valid_spdx_documents_that_read_back_the_same() {
    let Some(shared) = common::shared_dir() else { return };
    let shapes = shapes(&shared);
    let mut documents = Vec::new();
    for dir in ["corpora/spdx-examples", "corpora/cyclonedx-examples"] {
        documents
            .extend(common::files_with_ext(&shared.join(dir), &[".json", ".xml", ".spdx", ".yaml", ".yml"]));
    }
    let mut written = 0;
    for path in documents {
        let what = path.display().to_string();
        let Ok(audit) = std::panic::catch_unwind(|| report_common::sbom_report(&what)) else {
            panic!("{what}: the audit failed");
        };
        let v2 = render(&audit, SpdxVersion::V2_3);
        let doc: Value = serde_json::from_str(&v2).unwrap();
        validate(&doc, &what);
        check_ids(&doc, &what);
        assert_reads_back_the_same(&audit, &read_back("report_spdx_corpus", "back.spdx.json", &v2), &what);
        let v3 = render(&audit, SpdxVersion::V3_0);
        check(&serde_json::from_str(&v3).unwrap(), &what, Some(&shapes));
        assert_reads_back_the_same(&audit, &read_back("report_spdx_corpus", "back.spdx3.json", &v3), &what);
        written += 1;
    }
    assert!(written >= 40, "only {written} corpus SBOMs");
}
