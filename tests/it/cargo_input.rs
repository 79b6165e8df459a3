//! The Cargo input: committed `cargo metadata` of fixture workspaces, and a live run of cargo
//! on this repository.

use crate::common;

use cargo_sovereign::model::{DepKind, Graph, Source};
use cargo_sovereign::pipeline::{self, Options};

fn load(fixture: &str, edit: impl FnOnce(&mut Options)) -> Graph {
    let mut opts = Options {
        metadata: Some(
            common::repo_dir()
                .join("tests/fixtures")
                .join(fixture)
                .join("metadata.json")
                .display()
                .to_string(),
        ),
        ..Options::default()
    };
    edit(&mut opts);
    pipeline::read_graph(&opts).unwrap_or_else(|e| panic!("{e}"))
}

fn package<'g>(g: &'g Graph, name: &str) -> &'g cargo_sovereign::model::Package {
    g.packages.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no package {name}"))
}

#[test]
fn path_git_build_and_dev_dependencies() {
    let g = load("path-and-git-sources", |_| {});
    let names: Vec<&str> = g.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["demo-core", "demo-util", "gitdep"]);
    let core = package(&g, "demo-core");
    assert_eq!(core.id, "demo-core@0.2.0");
    assert_eq!(core.source, Source::Path { path: "core".into() });
    assert_eq!(core.license.as_deref(), Some("MIT OR Apache-2.0"));
    assert_eq!(core.authors[0].email.as_deref(), Some("oss@acme.example"));
    assert_eq!(core.repository.as_deref(), Some("https://github.com/acme/demo-core"));
    let git = package(&g, "gitdep");
    match &git.source {
        Source::Git { url, rev } => {
            assert_eq!(url, "https://git.example.org/acme/gitdep");
            assert_eq!(rev.as_deref().map(str::len), Some(40));
        }
        other => panic!("gitdep source is {other:?}"),
    }
    assert!(git.purl.as_deref().unwrap().starts_with("pkg:cargo/gitdep@0.3.0?vcs_url=git%2Bhttps"));
    // demo-util is both a normal and a build dependency of demo-core: one edge, the normal kind.
    let (core_i, util_i) = (g.index_of(&core.id).unwrap(), g.index_of("demo-util@0.1.0").unwrap());
    let edge = g.edges.iter().find(|e| e.from == core_i && e.to == util_i).unwrap();
    assert_eq!(edge.kind, DepKind::Normal);
    assert_eq!(g.roots.len(), 2, "both members are roots");
    assert!(g.packages.iter().all(|p| p.name != "devonly"), "dev-dependencies are out by default");
}

#[test]
fn include_dev_adds_dev_dependencies() {
    let g = load("path-and-git-sources", |o| o.cargo.select.include_dev = true);
    let dev = package(&g, "devonly");
    let i = g.index_of(&dev.id).unwrap();
    assert!(g.edges.iter().any(|e| e.to == i && e.kind == DepKind::Dev));
}

#[test]
fn cloud_workspace_counts_and_selection() {
    // 314 packages in the metadata: 306 without dev-dependencies (insta and its own
    // dependencies are dev-only), all of them with --include-dev.
    let all = load("cloud-ai-workspace", |_| {});
    assert_eq!(all.packages.len(), 306);
    let with_dev = load("cloud-ai-workspace", |o| o.cargo.select.include_dev = true);
    assert_eq!(with_dev.packages.len(), 314);
    assert!(with_dev.packages.iter().any(|p| p.name == "insta"));
    assert!(all.packages.iter().all(|p| p.name != "insta"));
    for name in ["aws-sdk-s3", "async-openai", "sentry", "qdrant-client", "object_store", "serde", "cc"] {
        package(&all, name);
    }
    // Only the storage member: no AI client, no Sentry.
    let storage = load("cloud-ai-workspace", |o| o.cargo.select.packages = vec!["demo-storage".into()]);
    assert_eq!(storage.roots.len(), 1);
    assert!(storage.packages.iter().all(|p| p.name != "async-openai" && p.name != "sentry"));
    assert!(storage.packages.len() < all.packages.len());
    // Excluding demo-storage as a root keeps it as demo-app's dependency.
    let excluded = load("cloud-ai-workspace", |o| o.cargo.select.exclude = vec!["demo-storage".into()]);
    assert_eq!(excluded.roots.len(), 1);
    assert_eq!(excluded.packages[excluded.roots[0]].name, "demo-app");
    assert_eq!(excluded.packages.len(), all.packages.len());
}

#[test]
fn target_filter_drops_other_platforms() {
    let linux =
        load("cloud-ai-workspace", |o| o.cargo.select.targets = vec!["x86_64-unknown-linux-gnu".into()]);
    let windows =
        load("cloud-ai-workspace", |o| o.cargo.select.targets = vec!["x86_64-pc-windows-msvc".into()]);
    let all = load("cloud-ai-workspace", |_| {});
    let has = |g: &Graph, n: &str| g.packages.iter().any(|p| p.name == n);
    assert!(has(&windows, "windows-sys") && !has(&linux, "windows-sys"));
    assert!(has(&all, "windows-sys"));
    assert!(linux.packages.len() < all.packages.len() && windows.packages.len() < all.packages.len());
    // What a target leaves out is counted, and two targets keep what either needs.
    assert_eq!(linux.inputs[0].other_platforms, all.packages.len() - linux.packages.len());
    assert_eq!(all.inputs[0].other_platforms, 0);
    let both = load("cloud-ai-workspace", |o| {
        o.cargo.select.targets = vec!["x86_64-unknown-linux-gnu".into(), "x86_64-pc-windows-msvc".into()]
    });
    assert!(has(&both, "windows-sys") && both.packages.len() >= windows.packages.len());
    assert_eq!(both.inputs[0].targets.len(), 2);
}

#[test]
fn no_deps_metadata_is_rejected() {
    let dir = common::scratch("nodeps");
    let path = dir.join("m.json");
    let text =
        std::fs::read_to_string(common::repo_dir().join("tests/fixtures/path-and-git-sources/metadata.json"))
            .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["resolve"] = serde_json::Value::Null;
    std::fs::write(&path, v.to_string()).unwrap();
    let err =
        pipeline::read_graph(&Options { metadata: Some(path.display().to_string()), ..Options::default() })
            .unwrap_err();
    assert!(err.message.contains("--no-deps"), "{err}");
}

#[test]
fn live_cargo_metadata_on_this_repository() {
    // Offline and for the host only, so cargo needs no crate it has not already downloaded to
    // build this very test.
    let host = std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .output()
        .unwrap();
    let host = String::from_utf8(host.stdout).unwrap();
    let host = host.lines().find_map(|l| l.strip_prefix("host: ")).unwrap().to_string();
    let mut opts = Options::default();
    opts.cargo.manifest_path = Some(common::repo_dir().join("Cargo.toml"));
    opts.cargo.offline = true;
    opts.cargo.select.targets = vec![host];
    let g = pipeline::read_graph(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(g.roots.len(), 1);
    assert_eq!(g.packages[g.roots[0]].name, "cargo-sovereign");
    assert!(g.packages.iter().any(|p| p.name == "serde"));
    assert_eq!(g.inputs[0].path, None);
}

/// Issue 22: with `--metadata`, the policy was read from the current folder, not the audited
/// workspace (one input, 60 findings from one folder and 67 from another).
#[test]
fn a_metadata_files_policy_is_looked_for_at_its_workspace_root_first() {
    use cargo_sovereign::enrich::online::progress::Silent;
    use cargo_sovereign::pipeline::Policy;
    use cargo_sovereign::policy::load::PolicySource;
    let d = common::scratch("workspace-root");
    let (root, elsewhere) = (d.join("workspace"), d.join("elsewhere"));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let text =
        std::fs::read_to_string(common::repo_dir().join("tests/fixtures/path-and-git-sources/metadata.json"))
            .unwrap()
            .replace("/fixture/path-and-git-sources", &root.display().to_string());
    let metadata = d.join("metadata.json");
    std::fs::write(&metadata, text).unwrap();
    std::fs::write(elsewhere.join("sovereign.toml"), "trusted = [\"FR\"]\n").unwrap();
    let run = || {
        let opts = Options {
            metadata: Some(metadata.display().to_string()),
            policy: Policy::Discover(elsewhere.clone()),
            ..Options::default()
        };
        pipeline::run(&opts, &Silent).unwrap().policy
    };
    // No policy at the workspace's root: the current folder's.
    assert_eq!(run(), PolicySource::File(elsewhere.join("sovereign.toml")));
    // The workspace's own policy wins.
    std::fs::write(root.join("sovereign.toml"), "trusted = [\"DE\"]\n").unwrap();
    assert_eq!(run(), PolicySource::File(root.join("sovereign.toml")));
}

/// Cargo runs the project's configuration (a `rustc-wrapper`, say): the Dependency-Track API
/// key `upload` reads is not in the environment cargo gets.
#[cfg(unix)]
#[test]
fn cargo_does_not_get_the_dependency_track_key() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("seen");
    let fake = dir.path().join("cargo");
    std::fs::write(&fake, format!("#!/bin/sh\nenv > '{}'\nexit 3\n", seen.display())).unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = common::run_watched(
        common::offline(&mut std::process::Command::new(env!("CARGO_BIN_EXE_cargo-sovereign")))
            .args(["audit", "--manifest-path", "Cargo.toml"])
            .current_dir(dir.path())
            .env("CARGO", &fake)
            .env("DEPENDENCY_TRACK_API_KEY", "odt_secret_value")
            .env("SOME_OTHER_VARIABLE", "kept"),
    );
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let env = std::fs::read_to_string(&seen).unwrap();
    assert!(env.contains("SOME_OTHER_VARIABLE=kept"), "{env}");
    assert!(!env.contains("odt_secret_value"), "{env}");
}
