//! The cache's own troubles: a file an offline run cannot read is never silent (and an error
//! with `--require-online`), and a cache another process keeps locked costs one warning and
//! a bounded wait, the run keeping its answers.

use std::path::Path;
use std::time::Duration;

use cargo_sovereign::enrich::online::cache::{self, Cache, FILE_NAME};

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
    let (_scratch, dir) = tmp("unreadable-cli");
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
        let report = crate::common::facts_inline(serde_json::from_slice(&good.stdout).unwrap());
        let osloq = report["packages"].as_array().unwrap().iter().find(|p| p["name"] == "osloq").unwrap();
        assert_eq!(osloq["origin"]["maintainers_location"], "NO", "{what}");
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
    let (_scratch, dir) = tmp("locked-run");
    drop(Cache::open(&dir).unwrap());
    // Another process's connection holding the write lock for the whole run.
    let holder = rusqlite::Connection::open(dir.join(FILE_NAME)).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let mut opts = options(&server, &dir);
    opts.cache_lock_wait = Duration::from_millis(300);
    let a = audit_of(vec![krate("osloq"), krate("teamed"), krate("texan")], opts);
    // The answers are this run's all the same.
    assert_eq!(origin_of(&a, "osloq").maintainers_location.as_deref(), Some("NO"));
    assert_eq!(origin_of(&a, "teamed").control_country.as_deref(), Some("FR"));
    assert_eq!(origin_of(&a, "texan").maintainers_location.as_deref(), Some("US"));
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

#[test]
fn a_crafted_cache_with_times_at_the_ends_of_the_range_and_escapes_in_a_source_is_described() {
    let server = Server::start(world);
    let (_scratch, dir) = tmp("crafted-times");
    let (cache, _) = Cache::open(&dir).unwrap();
    let row = |at| cache::Row { status: 404, body: None, etag: None, fetched_at: at };
    cache.put("crates", "ancient", &row(-i64::MAX)).unwrap();
    cache.put("crates", "far-ahead", &row(i64::MAX)).unwrap();
    cache.put("crates", "now", &row(cargo_sovereign::enrich::online::cache::now())).unwrap();
    cache.put("x\u{1b}]0;title\u{7}\u{1b}[2J", "k", &row(0)).unwrap();
    drop(cache);
    // Once a subtraction that overflowed (a panic in a debug build, nonsense in a release one).
    let info = cli(&server, &dir, &["cache", "info"]);
    let stdout = String::from_utf8_lossy(&info.stdout);
    assert_eq!(info.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&info.stderr));
    assert!(stdout.contains("oldest row: 106751991167300 d 15 h ago"), "{stdout}");
    let newest = stdout.lines().find(|l| l.starts_with("newest row: ")).unwrap();
    assert!(newest.starts_with("newest row: 1067519911") && newest.ends_with(" h in the future"), "{stdout}");
    // The source name as the file holds it, but shown escaped.
    assert!(stdout.contains(r"  x\u{1b}]0;title\u{7}\u{1b}[2J: 1"), "{stdout}");
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'), "{stdout}");
    // Pruning deletes the ancient row and the one dated far ahead, and keeps today's.
    let pruned = cli(&server, &dir, &["cache", "prune", "--older-than", "30d"]);
    let said = String::from_utf8_lossy(&pruned.stdout);
    assert!(said.starts_with("deleted 3 rows older than 30 d 0 h"), "{said}");
    let rows = Cache::open(&dir).unwrap().0.info().unwrap().rows;
    assert_eq!(rows, vec![("crates".to_string(), 1)]);
}

#[test]
fn a_row_dated_more_than_a_day_ahead_is_asked_again_and_one_an_hour_ahead_is_not() {
    let server = Server::start(world);
    let (_scratch, dir) = tmp("future-rows");
    let (cache, _) = Cache::open(&dir).unwrap();
    let now = cargo_sovereign::enrich::online::cache::now();
    let owners = |login: &str, at| cache::Row {
        status: 200,
        body: Some(format!(r#"[{{"kind":"user","login":"{login}"}}]"#)),
        etag: None,
        fetched_at: at,
    };
    // Believed, a row dated ten days ahead would never expire: its owner would stay wrong.
    cache.put("crates", "osloq", &owners("somebody-else", now + 10 * 86_400)).unwrap();
    // An hour ahead is a clock a little off: used as it is.
    cache.put("crates", "texan", &owners("tex-dev", now + 3_600)).unwrap();
    drop(cache);
    let a = audit_of(vec![krate("osloq"), krate("texan")], options(&server, &dir));
    assert_eq!(server.requests_to("/crates/api/v1/crates/osloq/").len(), 1);
    assert!(server.requests_to("/crates/api/v1/crates/texan/").is_empty());
    assert_eq!(origin_of(&a, "osloq").entity.as_deref(), Some("kari-dev"));
    assert_eq!(origin_of(&a, "texan").maintainers_location.as_deref(), Some("US"));
    // The row asked again is dated now.
    let row = Cache::open(&dir).unwrap().0.get("crates", "osloq").unwrap().unwrap();
    assert!((row.fetched_at - now).abs() < 600, "{}", row.fetched_at);
}
