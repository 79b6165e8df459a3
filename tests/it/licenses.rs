//! Licence classification: coverage of the SPDX list, every category, lax forms and the
//! OR / AND / WITH rules.

use cargo_sovereign::kb::licenses::{
    category_of_id, classify, classify_with, ExceptionEffect, LicenseCategory, LicenseEntry, LicenseIndex,
};
use LicenseCategory::*;

fn cat(raw: &str) -> LicenseCategory {
    classify(raw).category
}

fn expr(raw: &str) -> Option<String> {
    classify(raw).expression
}

#[test]
fn every_spdx_licence_id_has_a_category() {
    let missing: Vec<&str> = spdx::identifiers::LICENSES
        .iter()
        .map(|l| l.name)
        .filter(|id| category_of_id(id).is_none())
        .collect();
    assert!(missing.is_empty(), "no category for {missing:?}");
}

#[test]
fn every_spdx_exception_id_has_an_effect() {
    let index = LicenseIndex::embedded();
    let missing: Vec<&str> = spdx::identifiers::EXCEPTIONS
        .iter()
        .map(|e| e.name)
        .filter(|id| index.exception_effect(id).is_none())
        .collect();
    assert!(missing.is_empty(), "no effect for {missing:?}");
}

#[test]
fn every_named_spdx_expression_agrees_with_its_name() {
    // Names that say which SPDX expression they mean must get the same category as it.
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/license-names.toml")).unwrap();
    let value: toml::Table = toml::from_str(&text).unwrap();
    let mut checked = 0;
    for entry in value["name"].as_array().unwrap() {
        let category: LicenseCategory = entry["category"].as_str().unwrap().parse().unwrap();
        for name in entry["names"].as_array().unwrap() {
            assert_eq!(cat(name.as_str().unwrap()), category, "name {name}");
        }
        if let Some(spdx) = entry.get("spdx").and_then(|s| s.as_str()) {
            let verdict = classify(spdx);
            assert_eq!(verdict.category, category, "spdx {spdx}");
            assert!(verdict.expression.is_some(), "{spdx} is not a valid expression");
            checked += 1;
        }
    }
    assert!(checked > 50);
}

#[test]
fn category_names_round_trip_and_rank_follows_declaration_order() {
    for (rank, category) in LicenseCategory::all().iter().enumerate() {
        assert_eq!(category.as_str().parse::<LicenseCategory>().unwrap(), *category);
        assert_eq!(usize::from(category.rank()), rank);
        let json = serde_json::to_string(category).unwrap();
        assert_eq!(json, format!("\"{}\"", category.as_str()));
    }
    assert!("free"
        .parse::<LicenseCategory>()
        .unwrap_err()
        .to_string()
        .contains("unknown licence category `free`"));
    assert!(Permissive < WeakCopyleft && NetworkCopyleft < SourceAvailable && NonCommercial < Proprietary);
}

#[test]
fn public_domain() {
    for raw in ["CC0-1.0", "Unlicense", "WTFPL", "The Unlicense", "Public Domain", "0BSD OR CC0-1.0"] {
        assert_eq!(cat(raw), PublicDomain, "{raw}");
    }
}

#[test]
fn permissive() {
    for raw in ["MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "Zlib", "BSL-1.0", "MIT-0", "Unicode-3.0"] {
        assert_eq!(cat(raw), Permissive, "{raw}");
    }
}

#[test]
fn weak_copyleft() {
    for raw in
        ["MPL-2.0", "LGPL-2.1-or-later", "EPL-2.0", "CDDL-1.0", "GPL-2.0-only WITH Classpath-exception-2.0"]
    {
        assert_eq!(cat(raw), WeakCopyleft, "{raw}");
    }
}

#[test]
fn strong_copyleft() {
    for raw in ["GPL-2.0-only", "GPL-3.0-or-later", "GPL-2.0", "Sleepycat", "GPLv3+"] {
        assert_eq!(cat(raw), StrongCopyleft, "{raw}");
    }
}

#[test]
fn network_copyleft() {
    for raw in ["AGPL-3.0-only", "AGPL-3.0-or-later", "AGPL-3.0", "EUPL-1.2", "EUPL-1.1", "OSL-3.0"] {
        assert_eq!(cat(raw), NetworkCopyleft, "{raw}");
    }
}

#[test]
fn source_available() {
    for raw in [
        "BUSL-1.1",
        "SSPL-1.0",
        "Elastic-2.0",
        "FSL-1.1-MIT",
        "FSL-1.1-ALv2",
        "Commons Clause",
        "Apache-2.0 WITH Commons-Clause",
        "LicenseRef-scancode-polyform-shield-1.0.0",
        "Llama 3 Community License Agreement",
        "Llama 2 Community License",
    ] {
        assert_eq!(cat(raw), SourceAvailable, "{raw}");
    }
}

#[test]
fn non_commercial() {
    for raw in [
        "CC-BY-NC-4.0",
        "CC-BY-NC-SA-4.0",
        "CC-BY-NC-ND-3.0",
        "PolyForm-Noncommercial-1.0.0",
        "PolyForm Noncommercial 1.0.0",
    ] {
        assert_eq!(cat(raw), NonCommercial, "{raw}");
    }
}

#[test]
fn proprietary() {
    for raw in [
        "UNLICENSED",
        "Proprietary",
        "Commercial",
        "All Rights Reserved",
        "LicenseRef-Proprietary",
        "LicenseRef-ACME-proprietary-eula",
        "LicenseRef-scancode-proprietary-license",
        "License :: Other/Proprietary License",
        "Copyright 2024 Example GmbH. All rights reserved.",
    ] {
        assert_eq!(cat(raw), Proprietary, "{raw}");
    }
}

#[test]
fn unknown() {
    for raw in [
        "",
        "   ",
        "NOASSERTION",
        "noassertion",
        "NONE",
        "SEE LICENSE IN LICENSE.md",
        "LicenseRef-LICENSE",
        "LicenseRef-my-own-terms",
        "https://example.com/license",
        "hello world",
        "MIT AND (",
        ")))",
        "\u{0}\u{7f}\u{fffd}é漢字",
    ] {
        let verdict = classify(raw);
        assert_eq!(verdict.category, Unknown, "{raw:?}");
    }
    assert_eq!(classify("NOASSERTION").expression, None);
    assert_eq!(classify("garbage text here").expression, None);
}

#[test]
fn unlicensed_is_not_the_unlicense() {
    assert_eq!(cat("UNLICENSED"), Proprietary);
    assert_eq!(cat("Unlicense"), PublicDomain);
    assert_eq!(cat("unlicense"), PublicDomain);
    assert_eq!(expr("unlicense").as_deref(), Some("Unlicense"));
    assert_eq!(classify("UNLICENSED").expression, None);
}

#[test]
fn lax_forms_are_normalised() {
    let cases = [
        ("MIT/Apache-2.0", "MIT OR Apache-2.0"),
        ("MIT / Apache-2.0", "MIT OR Apache-2.0"),
        ("MIT or Apache-2.0", "MIT OR Apache-2.0"),
        ("mit OR apache-2.0", "MIT OR Apache-2.0"),
        ("Apache 2.0", "Apache-2.0"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("GPL-2.0", "GPL-2.0-only"),
        ("LGPL-2.1", "LGPL-2.1-only"),
        ("gpl-3.0-or-later", "GPL-3.0-or-later"),
        ("(MIT OR Apache-2.0) AND Unicode-3.0", "(MIT OR Apache-2.0) AND Unicode-3.0"),
        ("Apache-2.0 with llvm-exception", "Apache-2.0 WITH LLVM-exception"),
        ("licenseref-Foo", "LicenseRef-Foo"),
        ("The Apache Software License, Version 2.0", "Apache-2.0"),
        ("License :: OSI Approved :: MIT License", "MIT"),
    ];
    for (raw, normalised) in cases {
        assert_eq!(expr(raw).as_deref(), Some(normalised), "{raw}");
    }
    assert_eq!(classify("Apache-2.0 OR MIT").ids, vec!["Apache-2.0".to_string(), "MIT".to_string()]);
}

#[test]
fn free_text_alternatives_are_split() {
    let verdict = classify("MIT License or Apache License 2.0");
    assert_eq!(verdict.category, Permissive);
    assert_eq!(verdict.expression.as_deref(), Some("MIT OR Apache-2.0"));
    assert_eq!(cat("GNU General Public License v3 and MIT License"), StrongCopyleft);
    // A URL is not split at its slashes into "MIT".
    assert_eq!(cat("https://opensource.org/licenses/MIT"), Unknown);
    // Names that contain "and" are not cut at it.
    let verdict =
        classify("Apache License, Version 2.0 and Common Development and Distribution License Version 1.0");
    assert_eq!(verdict.expression.as_deref(), Some("Apache-2.0 AND CDDL-1.0"));
    assert_eq!(verdict.category, WeakCopyleft);
    // Remarks in parentheses are dropped when the text cannot be read with them.
    assert_eq!(expr("MIT (http://mootools.net/license.txt)").as_deref(), Some("MIT"));
    assert_eq!(cat("GNU General Public License v3 (GPLv3) and MIT License"), StrongCopyleft);
    // Words that settle it.
    assert_eq!(cat("Acme Commercial Licence"), Proprietary);
    assert_eq!(cat("LicenseRef-AcmeCommercialLicense"), Proprietary);
    assert_eq!(cat("LicenseRef-Acme-NonCommercial"), NonCommercial);
    assert_eq!(cat("Vendor EULA"), Proprietary);
}

#[test]
fn or_takes_the_most_permissive_known_alternative() {
    assert_eq!(cat("GPL-3.0-only OR MIT"), Permissive);
    assert_eq!(cat("AGPL-3.0-only OR LicenseRef-ACME-Commercial"), NetworkCopyleft);
    assert_eq!(cat("MIT OR NOASSERTION"), Permissive);
    assert_eq!(cat("LicenseRef-whatever OR GPL-2.0-only"), StrongCopyleft);
    assert_eq!(cat("UNLICENSED OR MIT"), Permissive);
    assert_eq!(cat("LicenseRef-a OR LicenseRef-b"), Unknown);
}

#[test]
fn and_takes_the_most_restrictive_part() {
    assert_eq!(cat("MIT AND GPL-2.0-only"), StrongCopyleft);
    assert_eq!(cat("MIT AND BUSL-1.1"), SourceAvailable);
    assert_eq!(cat("(MIT OR Apache-2.0) AND MPL-2.0"), WeakCopyleft);
    // An unknown part makes the whole unknown, unless another part is already proprietary.
    assert_eq!(cat("MIT AND LicenseRef-mystery"), Unknown);
    assert_eq!(cat("LicenseRef-Proprietary AND LicenseRef-mystery"), Proprietary);
}

#[test]
fn with_keeps_the_base_unless_the_exception_table_says_otherwise() {
    assert_eq!(cat("Apache-2.0 WITH LLVM-exception"), Permissive);
    assert_eq!(cat("GPL-3.0-or-later WITH GCC-exception-3.1"), WeakCopyleft);
    assert_eq!(cat("GPL-2.0-or-later WITH Autoconf-exception-2.0"), WeakCopyleft);
    assert_eq!(cat("GPL-2.0-only WITH openvpn-openssl-exception"), StrongCopyleft);
    assert_eq!(cat("AGPL-3.0-only WITH romic-exception"), WeakCopyleft);
    // Exceptions only add permissions: they never lower a permissive or proprietary base.
    assert_eq!(cat("MIT WITH Classpath-exception-2.0"), Permissive);
    assert_eq!(cat("LicenseRef-Proprietary WITH Classpath-exception-2.0"), Proprietary);
    // An exception we do not know keeps the base.
    assert_eq!(cat("GPL-2.0-only WITH AdditionRef-unheard-of"), StrongCopyleft);
    let index = LicenseIndex::embedded();
    assert_eq!(index.exception_effect("classpath-exception-2.0"), Some(ExceptionEffect::Lower(WeakCopyleft)));
    assert_eq!(index.exception_effect("LLVM-exception"), Some(ExceptionEffect::Keep));
}

#[test]
fn licenseref_ids_are_kept_and_scancode_refs_are_looked_up() {
    let verdict = classify("LicenseRef-scancode-bsl-1.1 OR LicenseRef-Foo");
    assert_eq!(verdict.expression.as_deref(), Some("LicenseRef-scancode-bsl-1.1 OR LicenseRef-Foo"));
    assert_eq!(verdict.ids, vec!["LicenseRef-Foo".to_string(), "LicenseRef-scancode-bsl-1.1".to_string()]);
    assert_eq!(verdict.category, SourceAvailable);
    assert_eq!(cat("LicenseRef-scancode-agpl-2.0"), NetworkCopyleft);
    assert_eq!(cat("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2"), Unknown);
    assert_eq!(expr("DocumentRef-x:LicenseRef-y").as_deref(), Some("DocumentRef-x:LicenseRef-y"));
}

#[test]
fn category_of_id_is_case_insensitive() {
    assert_eq!(category_of_id("mit"), Some(Permissive));
    assert_eq!(category_of_id("AGPL-3.0-or-later"), Some(NetworkCopyleft));
    assert_eq!(category_of_id("Apache-2.0+"), Some(Permissive));
    assert_eq!(category_of_id("LicenseRef-scancode-elastic-license-v2"), Some(SourceAvailable));
    assert_eq!(category_of_id("No-Such-Licence"), None);
}

#[test]
fn classify_with_prefers_the_alternative_the_policy_accepts() {
    // A policy that bans public-domain dedications (some companies do) takes MIT instead.
    let no_pd = |c: LicenseCategory| c != PublicDomain;
    assert_eq!(classify("Unlicense OR MIT").category, PublicDomain);
    assert_eq!(classify_with("Unlicense OR MIT", &no_pd).category, Permissive);
    // Nothing acceptable: the most permissive alternative, as without a policy.
    let nothing = |_: LicenseCategory| false;
    assert_eq!(classify_with("GPL-2.0-only OR MPL-2.0", &nothing).category, WeakCopyleft);
    // AND is not a choice.
    let only_permissive = |c: LicenseCategory| c == Permissive;
    assert_eq!(classify_with("MIT AND GPL-2.0-only", &only_permissive).category, StrongCopyleft);
}

#[test]
fn user_entries_extend_and_override_the_embedded_index() {
    let entries: Vec<LicenseEntry> = toml::from_str::<toml::Table>(
        r#"
[[license]]
id = "LicenseRef-ACME-Internal"
category = "proprietary"
source = "https://acme.example/licence"

[[license]]
id = "ACME Community Licence"
category = "source-available"
source = "https://acme.example/community"

[[license]]
id = "MIT"
category = "weak-copyleft"
source = "https://example.com/odd-policy"
"#,
    )
    .unwrap()["license"]
        .clone()
        .try_into()
        .unwrap();
    let mut index = LicenseIndex::embedded().clone();
    index.extend(entries.clone());
    assert_eq!(index.classify("LicenseRef-ACME-Internal OR LicenseRef-Other").category, Proprietary);
    assert_eq!(index.classify("acme community licence").category, SourceAvailable);
    assert_eq!(index.classify("MIT").category, WeakCopyleft);
    assert_eq!(index.classify("Apache-2.0").category, Permissive);
    let only = LicenseIndex::from_entries(entries);
    assert_eq!(only.category_of_id("licenseref-acme-internal"), Some(Proprietary));
    assert_eq!(only.classify("Apache-2.0").category, Unknown);
    // Entries are strict: unknown fields are errors.
    let bad =
        toml::from_str::<LicenseEntry>("id = \"x\"\ncategory = \"permissive\"\nsource = \"s\"\nnote = 1\n");
    assert!(bad.unwrap_err().to_string().contains("unknown field"));
}

#[test]
fn huge_and_hostile_inputs_do_not_blow_up() {
    // (Speed is the benchmarks' business; this checks the answers, and a hang would show.)
    let ten_mb = "MIT OR ".repeat(10 * 1024 * 1024 / 7);
    assert_eq!(cat(&ten_mb), Unknown);
    assert_eq!(cat(&"(".repeat(10_000_000)), Unknown);
    // The longest accepted input still parses, and deep nesting within it is fine.
    let long = vec!["MIT"; 4096 / 8].join(" AND ");
    assert_eq!(cat(&long), Permissive);
    let nested = format!("{}MIT{}", "(".repeat(1000), ")".repeat(1000));
    assert_eq!(cat(&nested), Permissive);
    // The slowest kind of input: 64 words of prose, each tried as the start of a name.
    let prose = vec!["Lorem-ipsum-dolor-sit-amet-consectetur-adipiscing-elit"; 64].join(" ");
    assert_eq!(cat(&prose), Unknown);
    assert_eq!(cat(&format!("{prose} (remark)")), Unknown);
}

#[test]
fn pseudo_random_token_soup_never_panics() {
    let words = [
        "MIT",
        "OR",
        "AND",
        "WITH",
        "(",
        ")",
        "/",
        "+",
        "GPL-2.0",
        "LLVM-exception",
        "LicenseRef-x",
        "apache 2.0",
        "gpl v2",
        "UNLICENSED",
        "é",
        "::",
        "License ::",
        "and",
        "or",
        "DocumentRef-a:",
        "AdditionRef-b",
        "",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..5_000 {
        let mut raw = String::new();
        for _ in 0..(state % 9) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            raw.push_str(words[(state % words.len() as u64) as usize]);
            if state & 0x100 != 0 {
                raw.push(' ');
            }
        }
        state = state.wrapping_add(0x2545_f491_4f6c_dd1d);
        let verdict = classify(&raw);
        // A normalised expression must itself classify to the same category.
        if let Some(e) = &verdict.expression {
            assert_eq!(classify(e).category, verdict.category, "{raw:?} -> {e:?}");
        }
    }
}
