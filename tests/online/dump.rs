//! The Rust registry's database dump: imported into the cache so the registry is not asked.

use std::path::Path;

use cargo_sovereign::enrich::online::cache::Cache;
use cargo_sovereign::enrich::online::dump;

use super::*;

/// A db-dump.tar.gz in the registry's layout, with extra columns and a multi-line field.
fn tiny_dump(path: &Path) {
    let files = [
        (
            "2026-11-20-020002/data/crates.csv",
            "created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,updated_at\n\
             2020-01-01,\"a crate\nwith two lines\",,,11,,,osloq,\"# readme, with comma\",,2024-01-01\n\
             2020-01-01,texan things,,,12,,,texan,,,2024-01-01\n\
             2020-01-01,nobody owns me,,,13,,,orphan,,,2024-01-01\n",
        ),
        ("2026-11-20-020002/data/users.csv", "gh_avatar,gh_id,gh_login,id,name\nhttps://a/1,501,kari-dev,1,\nhttps://a/2,502,tex-dev,2,Tex\n"),
        ("2026-11-20-020002/data/teams.csv", "avatar,github_id,id,login,name,org_id\n,9001,7,github:acme-oss:publishers,publishers,99\n"),
        (
            "2026-11-20-020002/data/crate_owners.csv",
            "crate_id,created_at,created_by,owner_id,owner_kind\n11,2020-01-01,,1,0\n12,2020-01-01,,2,0\n12,2020-01-01,,7,1\n",
        ),
        ("2026-11-20-020002/metadata.json", "{\"timestamp\":\"2026-11-20T02:00:02Z\"}"),
    ];
    let gz = flate2::write::GzEncoder::new(std::fs::File::create(path).unwrap(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (name, text) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(text.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, name, text.as_bytes()).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

#[test]
fn the_database_dump_fills_the_cache_so_the_registry_is_not_asked() {
    let dir = tmp("dump");
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("db-dump.tar.gz");
    tiny_dump(&archive);
    let cache_dir = dir.join("cache");
    let (cache, _) = Cache::open(&cache_dir).unwrap();
    let stats = dump::import("db-dump.tar.gz", std::fs::File::open(&archive).unwrap(), &cache, 1_900_000_000)
        .unwrap();
    assert_eq!((stats.crates, stats.owner_links, stats.users, stats.teams), (3, 3, 2, 1));
    drop(cache);
    let server = Server::start(world);
    let a = audit_of(vec![krate("osloq"), krate("texan")], options(&server, &cache_dir));
    assert!(server.requests_to("/crates/").is_empty());
    assert_eq!(origin_of(&a, "osloq").control_country.as_deref(), Some("NO"));
    let i = a.graph.packages.iter().position(|p| p.name == "texan").unwrap();
    assert_eq!(a.report.packages[i].owners.as_ref().unwrap().len(), 2);
    // Not a dump: a clear error naming the file.
    let (cache, _) = Cache::open(&cache_dir).unwrap();
    let e = dump::import("x.tar.gz", &b"not gzip"[..], &cache, 0).unwrap_err();
    assert!(e.starts_with("x.tar.gz:"), "{e}");
}

#[test]
fn fetch_fills_the_cache_for_offline_runs_and_cache_commands_look_after_it() {
    let dir = tmp("fetch-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("db-dump.tar.gz");
    tiny_dump(&archive);
    let cache = dir.join("cache");
    let server = Server::start(workspace_world);
    let sbom = dir.join("bom.json");
    let doc = graph_to_sbom(&{
        let mut b = GraphBuilder::new(false);
        let r = b.add_package(Package { id: "app@0.1.0".into(), name: "app".into(), ..krate("app") });
        b.add_root(r);
        for n in ["osloq", "texan", "orphan"] {
            let i = b.add_package(krate(n));
            b.add_edge(r, i, cargo_sovereign::model::DepKind::Normal);
        }
        b.finish()
    });
    std::fs::write(&sbom, serde_json::to_vec(&doc).unwrap()).unwrap();
    let sbom = sbom.display().to_string();
    let archive = archive.display().to_string();
    let out = cli(&server, &cache, &["fetch", "--sbom", &sbom, "--crates-io-dump", &archive]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("owners of 3 crates stored"), "{stderr}");
    // The dump answered for the registry: only GitHub was asked.
    assert!(server.requests_to("/crates/").is_empty());
    assert!(!server.requests_to("/github/").is_empty());
    let seen = server.requests().len();
    let mut offline = cli(&server, &cache, &["audit", "--sbom", &sbom, "--offline", "--format", "json"]);
    assert_eq!(server.requests().len(), seen, "--offline made a request");
    let report: serde_json::Value = serde_json::from_slice(&offline.stdout).unwrap();
    let osloq = report["packages"].as_array().unwrap().iter().find(|p| p["name"] == "osloq").unwrap();
    assert_eq!(osloq["origin"]["control_country"], "NO");
    offline = cli(&server, &cache, &["cache", "prune", "--older-than", "0"]);
    assert!(String::from_utf8_lossy(&offline.stdout).starts_with("deleted "), "{:?}", offline);
    let cleared = cli(&server, &cache, &["cache", "clear"]);
    assert!(cleared.status.success());
    let info = String::from_utf8_lossy(&cli(&server, &cache, &["cache", "info"]).stdout).into_owned();
    assert!(info.contains("rows: 0"), "{info}");
}
