//! The cache's unit tests: storing, opening, sharing, locks and files it cannot read.

use super::*;
use std::time::Duration;

/// A cache folder that does not exist yet, in a temporary folder removed when the guard drops.
fn tmp(name: &str) -> (tempfile::TempDir, PathBuf) {
    let guard = tempfile::Builder::new().prefix(&format!("sovereign-cache-{name}-")).tempdir().unwrap();
    let d = guard.path().join("cache");
    (guard, d)
}

#[test]
fn stores_touches_prunes_and_clears() {
    let (_guard, dir) = tmp("roundtrip");
    let (cache, warning) = Cache::open(&dir).unwrap();
    assert!(warning.is_none());
    let row = Row { status: 200, body: Some("[]".into()), etag: Some("\"x\"".into()), fetched_at: 100 };
    cache.put("crates", "serde", &row).unwrap();
    cache.put("github", "users/a", &Row { status: 404, body: None, etag: None, fetched_at: 50 }).unwrap();
    assert_eq!(cache.get("crates", "serde").unwrap(), Some(row));
    cache.touch("crates", "serde", 200).unwrap();
    assert_eq!(cache.get("crates", "serde").unwrap().unwrap().fetched_at, 200);
    let info = cache.info().unwrap();
    assert_eq!(info.rows, vec![("crates".to_string(), 1), ("github".to_string(), 1)]);
    assert_eq!((info.oldest, info.newest), (Some(50), Some(200)));
    assert_eq!(cache.prune(100).unwrap(), 1);
    assert_eq!(cache.clear().unwrap(), 1);
    assert_eq!(cache.info().unwrap().rows, vec![]);
}

#[test]
fn get_many_answers_the_keys_it_holds_for_that_source() {
    let (_guard, dir) = tmp("many");
    let (cache, _) = Cache::open(&dir).unwrap();
    let row = |at| Row { status: 200, body: Some("[]".into()), etag: None, fetched_at: at };
    cache.put("crates", "serde", &row(1)).unwrap();
    cache.put("crates", "it's \"odd\"", &row(2)).unwrap();
    cache.put("github", "serde", &row(3)).unwrap();
    let got = cache.get_many("crates", &["serde", "absent", "it's \"odd\""]).unwrap();
    let mut keys: Vec<(&str, i64)> = got.iter().map(|(k, r)| (k.as_str(), r.fetched_at)).collect();
    keys.sort();
    assert_eq!(keys, vec![("it's \"odd\"", 2), ("serde", 1)]);
    assert!(cache.get_many("npm", &["serde"]).unwrap().is_empty());
    // Many more rows held than asked for: each key is looked up instead of a full read.
    for i in 0..10 {
        cache.put("crates", &format!("other{i}"), &row(4)).unwrap();
    }
    let got = cache.get_many("crates", &["serde", "absent"]).unwrap();
    assert_eq!(got.keys().collect::<Vec<_>>(), vec!["serde"]);
}

#[test]
fn a_file_that_is_not_a_database_is_moved_aside() {
    let (_guard, dir) = tmp("foreign");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(FILE_NAME), b"this is not a database, just text\n").unwrap();
    let (cache, warning) = Cache::open(&dir).unwrap();
    assert!(warning.unwrap().contains("moved aside"));
    cache.put("npm", "x", &Row { status: 404, body: None, etag: None, fetched_at: 1 }).unwrap();
    let aside = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("broken"))
        .count();
    assert_eq!(aside, 1);
}

/// A database at the cache's path whose schema marker is `marker` (none when `None`).
fn database_marked(dir: &Path, marker: Option<&str>) -> Vec<u8> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let c = Connection::open(dir.join(FILE_NAME)).unwrap();
    c.execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);").unwrap();
    if let Some(m) = marker {
        c.execute("INSERT INTO meta VALUES ('schema', ?1)", [m]).unwrap();
    }
    drop(c);
    std::fs::read(dir.join(FILE_NAME)).unwrap()
}

#[test]
fn an_older_cache_of_ours_is_moved_aside() {
    let (_guard, dir) = tmp("older");
    database_marked(&dir, Some("cargo-sovereign-cache-0"));
    let (_, warning) = Cache::open(&dir).unwrap();
    let warning = warning.unwrap();
    assert!(warning.contains("a cache of an older version of cargo-sovereign"), "{warning}");
    assert!(warning.contains("moved aside"), "{warning}");
}

#[test]
fn a_newer_cache_another_programs_database_or_a_directory_is_left_as_it_is() {
    let (_guard, dir) = tmp("kept");
    let file = dir.join(FILE_NAME);
    // What each case is, how to make it (returning the file's bytes), what the error says.
    type Make<'a> = &'a dyn Fn() -> Vec<u8>;
    let cases: [(&str, Make, &str); 4] = [
        (
            "newer",
            &|| database_marked(&dir, Some("cargo-sovereign-cache-9")),
            "a cache of a newer version of cargo-sovereign (it is `cargo-sovereign-cache-9`, this version reads `cargo-sovereign-cache-1`)",
        ),
        ("no marker", &|| database_marked(&dir, None), "not a cargo-sovereign cache (no schema marker of ours)"),
        (
            "another program's",
            &|| {
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).unwrap();
                let c = Connection::open(&file).unwrap();
                c.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);").unwrap();
                drop(c);
                std::fs::read(&file).unwrap()
            },
            "not a cargo-sovereign cache (no such table: meta)",
        ),
        (
            "directory",
            &|| {
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(file.join("inside")).unwrap();
                Vec::new()
            },
            "cannot be opened for writing",
        ),
    ];
    for (what, make, said) in cases {
        let bytes = make();
        let before = listing(&dir);
        let e = Cache::open(&dir).unwrap_err();
        assert_eq!(e.path, file.display().to_string(), "{what}");
        assert!(e.message.contains(said) && e.message.ends_with("; left as it is"), "{what}: {e}");
        // Nothing moved, created or changed.
        assert_eq!(listing(&dir), before, "{what}");
        if file.is_file() {
            assert_eq!(std::fs::read(&file).unwrap(), bytes, "{what}");
        }
    }
}

#[test]
fn first_runs_opening_at_once_all_get_the_same_cache() {
    for round in 0..20 {
        let (_guard, dir) = tmp(&format!("race-{round}"));
        let opens: Vec<_> = (0..4)
            .map(|_| {
                let dir = dir.clone();
                std::thread::spawn(move || Cache::open(&dir).map(|(_, warning)| warning))
            })
            .collect();
        for o in opens {
            assert_eq!(o.join().unwrap().unwrap(), None, "round {round}");
        }
        assert!(std::fs::read_dir(&dir)
            .unwrap()
            .all(|e| { !e.unwrap().file_name().to_string_lossy().contains("broken") }));
    }
}

#[test]
fn a_cache_locked_by_another_process_is_kept() {
    let (_guard, dir) = tmp("locked");
    let (cache, _) = Cache::open(&dir).unwrap();
    cache.put("npm", "x", &Row { status: 404, body: None, etag: None, fetched_at: 1 }).unwrap();
    drop(cache);
    // Another process's connection holding the file's lock until it closes.
    let holder = Connection::open(dir.join(FILE_NAME)).unwrap();
    holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;").unwrap();
    let started = std::time::Instant::now();
    std::thread::scope(|s| {
        s.spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            holder.execute_batch("COMMIT;").unwrap();
            drop(holder);
        });
        let opened = Cache::open(&dir);
        assert!(started.elapsed() >= Duration::from_millis(300));
        let (cache, warning) = opened.unwrap();
        assert_eq!(warning, None);
        assert_eq!(cache.get("npm", "x").unwrap().map(|r| r.status), Some(404));
    });
}

#[test]
fn offline_runs_never_create_a_cache() {
    let (_guard, dir) = tmp("absent");
    assert!(Cache::open_existing(&dir).unwrap().is_none());
    assert!(!dir.exists());
}

/// Every entry of `dir`, sorted, to show nothing was created or moved.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_offline_reader_tells_no_cache_from_a_cache_it_cannot_read() {
    let (_guard, dir) = tmp("unreadable");
    std::fs::create_dir_all(&dir).unwrap();
    assert!(Cache::open_existing(&dir).unwrap().is_none());
    let file = dir.join(FILE_NAME);
    let refused = |what: &str| {
        let before = listing(&dir);
        let e = Cache::open_existing(&dir).unwrap_err();
        assert_eq!(listing(&dir), before, "{what}: the reader changed the directory");
        assert_eq!(e.path, file.display().to_string(), "{what}");
        e.message
    };
    // Corrupt: not a database at all.
    std::fs::write(&file, vec![0x5a; 8192]).unwrap();
    assert!(refused("corrupt").contains("not a SQLite database"));
    // Another program's database.
    std::fs::remove_file(&file).unwrap();
    Connection::open(&file).unwrap().execute_batch("CREATE TABLE t (x INTEGER);").unwrap();
    assert!(refused("foreign").contains("not a cargo-sovereign cache"));
    // A later version's cache.
    std::fs::remove_file(&file).unwrap();
    Connection::open(&file)
        .unwrap()
        .execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('schema', 'cargo-sovereign-cache-9');",
        )
        .unwrap();
    let newer = refused("newer");
    assert!(
        newer.contains("it is `cargo-sovereign-cache-9`, this version reads `cargo-sovereign-cache-1`"),
        "{newer}"
    );
    // A directory in the file's place.
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    assert!(refused("directory").contains("is a directory"));
}

#[test]
fn a_cache_whose_shared_memory_file_cannot_be_made_is_still_read() {
    // As on a read-only mount: the write-ahead log's `-shm` file cannot be created (here a
    // directory stands in its place); the read-only reader does without it.
    let (_guard, dir) = tmp("no-shm");
    let (cache, _) = Cache::open(&dir).unwrap();
    cache.put("npm", "x", &Row { status: 404, body: None, etag: None, fetched_at: 1 }).unwrap();
    drop(cache);
    std::fs::create_dir(dir.join(format!("{FILE_NAME}-shm"))).unwrap();
    let cache = Cache::open_existing(&dir).unwrap().unwrap();
    assert_eq!(cache.get("npm", "x").unwrap().map(|r| r.status), Some(404));
}

#[test]
fn a_lock_held_past_the_allowance_keeps_the_answers_and_says_so_once() {
    let (_guard, dir) = tmp("held");
    let (cache, _) = Cache::open_with_allowance(&dir, Duration::from_millis(200)).unwrap();
    let holder = Connection::open(dir.join(FILE_NAME)).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let row = |at| Row { status: 200, body: Some("[]".into()), etag: None, fetched_at: at };
    // The first write spends the allowance; the others give up at once.
    for key in ["a", "b", "c"] {
        assert!(cache.put("crates", key, &row(1)).unwrap_err().busy);
    }
    assert!(cache.touch("crates", "a", 2).unwrap_err().busy);
    let warning = cache.flush().unwrap();
    assert!(warning.starts_with(&dir.join(FILE_NAME).display().to_string()), "{warning}");
    assert!(
        warning.contains("locked by another process; after waiting 0.2 s in all, 4 answers were not stored"),
        "{warning}"
    );
    // Released before the end of the run: what was held back is stored then.
    cache.put("crates", "d", &row(3)).unwrap_err();
    holder.execute_batch("COMMIT;").unwrap();
    let warning = cache.flush().unwrap();
    assert!(warning.contains("the answers it held back were stored at the end"), "{warning}");
    assert_eq!(cache.get("crates", "d").unwrap().map(|r| r.fetched_at), Some(3));
    // A run that never met a lock says nothing.
    let (_calm_guard, calm_dir) = tmp("calm");
    let (calm, _) = Cache::open(&calm_dir).unwrap();
    calm.put("crates", "a", &row(1)).unwrap();
    assert_eq!(calm.flush(), None);
}
