//! The cache's own troubles: a file an offline run cannot read is never silent (and an error
//! with `--require-online`), and a cache another process keeps locked costs one warning and
//! a bounded wait, the run keeping its answers.

use std::path::Path;
use std::time::Duration;

use cargo_sovereign::enrich::online::cache::{Cache, FILE_NAME};

use super::*;

/// Puts something unreadable at the cache file's path.
type Spoil = dyn Fn(&Path);

/// A cache database left by a later version of the tool (another schema marker).
fn newer_cache(file: &Path) {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.execute_batch(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         INSERT INTO meta VALUES ('schema', 'cargo-sovereign-cache-9');
         CREATE TABLE answers (source TEXT, key TEXT, payload BLOB);",
    )
    .unwrap();
}

#[test]
fn an_offline_run_that_cannot_read_its_cache_says_what_is_lost() {
    let server = Server::start(world);
    let dir = tmp("unreadable-cli");
    let cache = dir.join("cache");
    std::fs::create_dir_all(&dir).unwrap();
    let sbom = dir.join("bom.json");
    let doc = graph_to_sbom(&{
        let mut b = GraphBuilder::new(false);
        let r = b.add_package(Package { id: "app@0.1.0".into(), name: "app".into(), ..krate("app") });
        b.add_root(r);
        let i = b.add_package(krate("osloq"));
        b.add_edge(r, i, cargo_sovereign::model::DepKind::Normal);
        b.finish()
    });
    std::fs::write(&sbom, serde_json::to_vec(&doc).unwrap()).unwrap();
    let sbom = sbom.display().to_string();
    let offline = ["audit", "--sbom", &sbom, "--offline", "--format", "json"];
    let file = cache.join(FILE_NAME);
    let unreadable: [(&str, &Spoil, &str); 3] = [
        ("newer", &newer_cache, "it is `cargo-sovereign-cache-9`"),
        ("corrupt", &|f: &Path| std::fs::write(f, vec![0x5a; 8192]).unwrap(), "not a SQLite database"),
        ("directory", &|f: &Path| std::fs::create_dir(f).unwrap(), "is a directory"),
    ];
    for (what, make, found) in unreadable {
        // A cache that holds the answer, and the offline run it makes possible.
        let _ = std::fs::remove_dir_all(&cache);
        assert!(cli(&server, &cache, &["fetch", "--sbom", &sbom]).status.success());
        let good = cli(&server, &cache, &offline);
        let report: serde_json::Value = serde_json::from_slice(&good.stdout).unwrap();
        let osloq = report["packages"].as_array().unwrap().iter().find(|p| p["name"] == "osloq").unwrap();
        assert_eq!(osloq["origin"]["control_country"], "NO", "{what}");
        // The file replaced by one it cannot read.
        let _ = std::fs::remove_dir_all(&cache);
        std::fs::create_dir_all(&cache).unwrap();
        make(&file);
        let out = cli(&server, &cache, &offline);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{what}: {stderr}");
        let warning = format!("warning: {}: ", file.display());
        assert_eq!(stderr.matches(&warning).count(), 1, "{what}: {stderr}");
        assert!(stderr.contains(found), "{what}: {stderr}");
        assert!(stderr.contains("cannot use the answers cached earlier"), "{what}: {stderr}");
        // With --require-online: an error.
        let required = cli(&server, &cache, &[&offline[..], &["--require-online"]].concat());
        let stderr = String::from_utf8_lossy(&required.stderr);
        assert_eq!(required.status.code(), Some(2), "{what}: {stderr}");
        assert!(stderr.contains(&file.display().to_string()) && stderr.contains(found), "{what}: {stderr}");
        // `cache info` says what it found, not "no cache".
        let info = cli(&server, &cache, &["cache", "info"]);
        let said =
            format!("{}{}", String::from_utf8_lossy(&info.stdout), String::from_utf8_lossy(&info.stderr));
        assert_eq!(info.status.code(), Some(2), "{what}: {said}");
        assert!(said.contains(found) && !said.contains("no cache"), "{what}: {said}");
        // Nothing was moved or replaced.
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1, "{what}");
    }
}

#[test]
fn a_cache_locked_by_another_process_costs_one_warning_and_the_run_keeps_its_answers() {
    let server = Server::start(world);
    let dir = tmp("locked-run");
    drop(Cache::open(&dir).unwrap());
    // Another process's connection holding the write lock for the whole run.
    let holder = rusqlite::Connection::open(dir.join(FILE_NAME)).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let mut opts = options(&server, &dir);
    opts.cache_lock_wait = Duration::from_millis(300);
    let a = audit_of(vec![krate("osloq"), krate("teamed"), krate("texan")], opts);
    // The answers are this run's all the same.
    assert_eq!(origin_of(&a, "osloq").control_country.as_deref(), Some("NO"));
    assert_eq!(origin_of(&a, "teamed").control_country.as_deref(), Some("FR"));
    assert_eq!(origin_of(&a, "texan").control_country.as_deref(), Some("US"));
    // One warning, naming the file and what was not stored (three owner lists and three
    // profiles).
    let warnings = &a.report.summary.warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with(&dir.join(FILE_NAME).display().to_string()), "{warnings:?}");
    assert!(warnings[0].contains("6 answers were not stored"), "{warnings:?}");
    holder.execute_batch("COMMIT;").unwrap();
    drop(holder);
    assert_eq!(Cache::open(&dir).unwrap().0.info().unwrap().rows, vec![]);
}
