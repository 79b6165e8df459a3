//! The Rust registry's database dump: imported into the cache so the registry is not asked.

use std::path::Path;
use std::process::Command;

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
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    write_dump(path, &files, flate2::Compression::fast());
}

/// A `.tar.gz` of these entries.
pub(super) fn write_dump(path: &Path, files: &[(&str, &[u8])], level: flate2::Compression) {
    let gz = flate2::write::GzEncoder::new(std::fs::File::create(path).unwrap(), level);
    let mut tar = tar::Builder::new(gz);
    for (name, bytes) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, name, *bytes).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

#[test]
fn the_database_dump_fills_the_cache_so_the_registry_is_not_asked() {
    let (_scratch, dir) = tmp("dump");
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("db-dump.tar.gz");
    tiny_dump(&archive);
    let cache_dir = dir.join("cache");
    let (cache, _) = Cache::open(&cache_dir).unwrap();
    let stats = dump::import(
        "db-dump.tar.gz",
        std::fs::File::open(&archive).unwrap(),
        &cache,
        cargo_sovereign::enrich::online::cache::now(),
    )
    .unwrap();
    assert_eq!((stats.crates, stats.owner_links, stats.users, stats.teams), (3, 3, 2, 1));
    drop(cache);
    let server = Server::start(world);
    let a = audit_of(vec![krate("osloq"), krate("texan")], options(&server, &cache_dir));
    assert!(server.requests_to("/crates/").is_empty());
    assert_eq!(origin_of(&a, "osloq").maintainers_location.as_deref(), Some("NO"));
    let i = a.graph.packages.iter().position(|p| p.name == "texan").unwrap();
    assert_eq!(a.report.packages[i].owners.as_ref().unwrap().len(), 2);
    // Not a dump: a clear error naming the file.
    let (cache, _) = Cache::open(&cache_dir).unwrap();
    let e = dump::import("x.tar.gz", &b"not gzip"[..], &cache, 0).unwrap_err().to_string();
    assert!(e.starts_with("x.tar.gz: not a tar.gz archive"), "{e}");
}

#[test]
fn fetch_fills_the_cache_for_offline_runs_and_cache_commands_look_after_it() {
    let (_scratch, dir) = tmp("fetch-cli");
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
    let report = crate::common::facts_inline(serde_json::from_slice(&offline.stdout).unwrap());
    let osloq = report["packages"].as_array().unwrap().iter().find(|p| p["name"] == "osloq").unwrap();
    assert_eq!(osloq["origin"]["maintainers_location"], "NO");
    offline = cli(&server, &cache, &["cache", "prune", "--older-than", "0"]);
    assert!(String::from_utf8_lossy(&offline.stdout).starts_with("deleted "), "{:?}", offline);
    let cleared = cli(&server, &cache, &["cache", "clear"]);
    assert!(cleared.status.success());
    let info = String::from_utf8_lossy(&cli(&server, &cache, &["cache", "info"]).stdout).into_owned();
    assert!(info.contains("rows: 0"), "{info}");
}

#[test]
fn a_record_or_a_table_larger_than_its_cap_is_refused_naming_the_entry() {
    let (_scratch, dir) = tmp("dump-caps");
    std::fs::create_dir_all(&dir).unwrap();
    let (cache, _) = Cache::open(&dir.join("cache")).unwrap();
    let limits = dump::DumpLimits { max_record: 1 << 20, max_rows: 10 };
    let import = |files: &[(&str, &[u8])]| {
        let archive = dir.join("db.tar.gz");
        write_dump(&archive, files, flate2::Compression::fast());
        let file = std::fs::File::open(&archive).unwrap();
        dump::import_with_limits("db.tar.gz", file, &cache, 0, limits).unwrap_err().to_string()
    };
    // One field of 2 MiB on the third line.
    let mut crates = b"id,name,readme\n1,osloq,short\n2,texan,\"".to_vec();
    crates.extend(vec![b'x'; 2 << 20]);
    crates.extend(b"\"\n");
    assert_eq!(
        import(&[("d/data/crates.csv", &crates)]),
        "db.tar.gz: d/data/crates.csv:3: a record longer than 1 MiB; this is not a registry database dump"
    );
    // Eleven rows where ten are allowed.
    let users: String =
        std::iter::once("id,gh_login\n".to_string()).chain((1..=11).map(|i| format!("{i},u{i}\n"))).collect();
    assert_eq!(
        import(&[("d/data/users.csv", users.as_bytes())]),
        "db.tar.gz: d/data/users.csv: more than 10 rows; this is not a registry database dump"
    );
    // Within both, the same tables are read.
    let users: String =
        std::iter::once("id,gh_login\n".to_string()).chain((1..=10).map(|i| format!("{i},u{i}\n"))).collect();
    let e = import(&[("d/data/crates.csv", b"id,name\n1,osloq\n"), ("d/data/users.csv", users.as_bytes())]);
    assert!(e.contains("missing data/teams.csv, data/crate_owners.csv"), "{e}");
}

#[test]
fn fetch_refuses_a_dump_with_a_record_over_64_mib_with_exit_code_2() {
    let (_scratch, dir) = tmp("dump-huge-field");
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("db-dump.tar.gz");
    let mut crates = b"id,name,readme\n1,osloq,\"".to_vec();
    // Over the cap by more than the reader's buffer (the cap holds to within it).
    crates.extend(vec![b'x'; (64 << 20) + (64 << 10)]);
    crates.extend(b"\"\n");
    write_dump(&archive, &[("d/data/crates.csv", &crates)], flate2::Compression::none());
    drop(crates);
    let server = Server::start(world);
    let out =
        cli(&server, &dir.join("cache"), &["fetch", "--crates-io-dump", &archive.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let expected = format!("error: {}: d/data/crates.csv:2: a record longer than 64 MiB", archive.display());
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(server.requests().is_empty());
}

#[test]
fn a_dump_path_that_is_a_pipe_without_a_writer_or_a_device_is_an_error_not_a_hang() {
    let (_scratch, dir) = tmp("dump-special");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("db-dump.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let server = Server::start(world);
    for (path, said) in
        [(fifo.as_path(), "not a tar.gz archive"), (Path::new("/dev/zero"), "not a tar.gz archive")]
    {
        let path = path.display().to_string();
        let out = run_watched(
            cli_command(&server, &dir.join("cache"), &["fetch", "--crates-io-dump", &path])
                .stdin(std::process::Stdio::null()),
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{path}: {stderr}");
        assert!(stderr.starts_with(&format!("error: {path}: {said}")), "{path}: {stderr}");
    }
}

#[test]
fn a_dump_url_with_credentials_is_shown_without_them() {
    let server = Server::start(|req, _| match req.path.as_str() {
        p if p.starts_with("/refused/") => Reply::status(403),
        _ => Reply::json("not gzip at all"),
    });
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nowhere = closed.local_addr().unwrap();
    drop(closed);
    let host = server.url.trim_start_matches("http://").to_string();
    let (_scratch, dir) = tmp("dump-credentials");
    let cases = [
        (format!("http://dumper:s3cretPW@{host}/refused/db.tar.gz?token=t0ken"), "the server answered 403"),
        (format!("http://dumper:s3cretPW@{host}/db.tar.gz?token=t0ken"), "not a tar.gz archive"),
        (format!("http://dumper:s3cretPW@{nowhere}/db.tar.gz?token=t0ken"), "cannot download"),
    ];
    for (url, said) in cases {
        let out =
            run_watched(&mut cli_command(&server, &dir.join("cache"), &["fetch", "--crates-io-dump", &url]));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        let shown = url.replace("dumper:s3cretPW", "***").replace("token=t0ken", "***");
        assert!(stderr.contains(&format!("downloading {shown}\n")), "{stderr}");
        assert!(stderr.contains(&format!("error: {shown}: {said}")), "{stderr}");
        for secret in ["dumper", "s3cretPW", "t0ken"] {
            assert!(!stderr.contains(secret), "{secret} shown: {stderr}");
        }
    }
    // The credentials were still sent: a user name and password as basic authentication.
    let asked = server.requests_to("/refused/");
    assert!(asked[0].header("authorization").is_some_and(|a| a.starts_with("Basic ")), "{asked:?}");
    assert_eq!(server.requests_to("/db.tar.gz?token=t0ken").len(), 1);
}

#[test]
fn names_and_logins_longer_than_the_registry_allows_are_skipped_and_counted() {
    // Once every field up to the record cap was kept: 20 crate names of 50 MiB in a 1 MB
    // archive took 1.3 GB, and all 20 went into the cache.
    let (_scratch, dir) = tmp("dump-long-fields");
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("db-dump.tar.gz");
    let mut crates = b"id,name\n11,osloq\n12,texan\n15,lonely\n16,teamed\n".to_vec();
    crates.extend(format!("13,{}\n", "a".repeat(65)).bytes());
    crates.extend(format!("14,{}\n", "b".repeat(1 << 20)).bytes());
    let users = format!("id,gh_login\n1,kari-dev\n2,tex-dev\n3,{}\n", "x".repeat(40));
    let teams = format!("id,login\n7,github:acme-oss:publishers\n8,github:acme:{}\n", "y".repeat(117));
    let owners = "crate_id,owner_id,owner_kind\n11,1,0\n12,2,0\n12,7,1\n15,3,0\n16,8,1\n16,1,0\n";
    let files: [(&str, &[u8]); 4] = [
        ("d/data/crates.csv", &crates),
        ("d/data/users.csv", users.as_bytes()),
        ("d/data/teams.csv", teams.as_bytes()),
        ("d/data/crate_owners.csv", owners.as_bytes()),
    ];
    write_dump(&archive, &files, flate2::Compression::fast());
    let sbom = dir.join("bom.json");
    let doc = graph_to_sbom(&{
        let mut b = GraphBuilder::new(false);
        let r = b.add_package(Package { id: "app@0.1.0".into(), name: "app".into(), ..krate("app") });
        b.add_root(r);
        for n in ["osloq", "lonely"] {
            let i = b.add_package(krate(n));
            b.add_edge(r, i, cargo_sovereign::model::DepKind::Normal);
        }
        b.finish()
    });
    std::fs::write(&sbom, serde_json::to_vec(&doc).unwrap()).unwrap();
    let server = Server::start(world);
    let cache = dir.join("cache");
    let out = cli(
        &server,
        &cache,
        &["fetch", "--sbom", &sbom.display().to_string(), "--crates-io-dump", &archive.display().to_string()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("owners of 2 crates stored (6 owner links, 2 users, 1 teams)"), "{stderr}");
    let warning = format!(
        "warning: {}: 4 rows skipped, longer than the registry allows (crate names over 64 bytes: 2, user logins over 39 bytes: 1, team logins over 128 bytes: 1); 2 crates they own were not stored (the registry is asked for those)\n",
        archive.display()
    );
    assert_eq!(stderr.matches(&warning).count(), 1, "{stderr}");
    // A crate with an owner skipped would have had an incomplete list: the registry was asked.
    assert_eq!(server.requests_to("/crates/api/v1/crates/lonely/").len(), 1);
    assert!(server.requests_to("/crates/api/v1/crates/osloq/").is_empty());
    let (c, _) = Cache::open(&cache).unwrap();
    let stored: Vec<String> = ["osloq", "texan", "lonely", "teamed", &"a".repeat(65)]
        .iter()
        .filter(|k| c.get("crates", k).unwrap().is_some())
        .map(|k| k.to_string())
        .collect();
    // `lonely` is stored as the registry answered it (404 here), not from the dump.
    assert_eq!(stored, ["osloq", "texan", "lonely"]);
    assert_eq!(c.get("crates", "lonely").unwrap().unwrap().status, 404);
}

#[test]
fn a_table_that_comes_twice_is_refused_rather_than_given_a_second_budget() {
    let (_scratch, dir) = tmp("dump-twice");
    std::fs::create_dir_all(&dir).unwrap();
    let (cache, _) = Cache::open(&dir.join("cache")).unwrap();
    let archive = dir.join("db.tar.gz");
    let users = b"id,gh_login\n1,kari-dev\n";
    write_dump(
        &archive,
        &[
            ("d/data/users.csv", users),
            ("d/data/crates.csv", b"id,name\n1,osloq\n"),
            ("e/data/users.csv", users),
        ],
        flate2::Compression::fast(),
    );
    let file = std::fs::File::open(&archive).unwrap();
    let e = dump::import("db.tar.gz", file, &cache, 0).unwrap_err().to_string();
    assert_eq!(
        e,
        "db.tar.gz: e/data/users.csv: a second copy of d/data/users.csv; this is not a registry database dump"
    );
}
