//! A cache file that may be of use to someone else — another user's, a newer version's — is
//! left exactly as it is by a run that may write: one warning naming it and saying what is
//! lost, and the run goes on without it.
//! Moving it aside would replace another user's cache with ours (the next run of theirs would
//! then move ours aside in turn), or a newer tool's with an older one's.

use std::path::Path;
use std::process::{Command, Output};
use std::time::SystemTime;

use cargo_sovereign::enrich::online::cache::FILE_NAME;

use super::*;

/// An SBOM of one crate from the registry, `osloq`, in `dir`.
fn osloq_sbom(dir: &Path) -> String {
    let doc = graph_to_sbom(&{
        let mut b = GraphBuilder::new(false);
        let r = b.add_package(Package { id: "app@0.1.0".into(), name: "app".into(), ..krate("app") });
        b.add_root(r);
        let i = b.add_package(krate("osloq"));
        b.add_edge(r, i, cargo_sovereign::model::DepKind::Normal);
        b.finish()
    });
    let sbom = dir.join("bom.json");
    std::fs::write(&sbom, serde_json::to_vec(&doc).unwrap()).unwrap();
    sbom.display().to_string()
}

/// Whether the tests run as root, who opens any file whatever its mode.
fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// `cmd` run as `nobody` (uid and gid 65534) through `setpriv`.
fn as_nobody(cmd: &Command) -> Command {
    let mut other = Command::new("setpriv");
    other
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => other.env(k, v),
            None => other.env_remove(k),
        };
    }
    if let Some(d) = cmd.get_current_dir() {
        other.current_dir(d);
    }
    other
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// What shows that a file was left alone: the directory's entries, the file's size and time.
fn state(dir: &Path) -> (Vec<String>, u64, SystemTime) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let meta = std::fs::metadata(dir.join(FILE_NAME)).unwrap();
    (names, meta.len(), meta.modified().unwrap())
}

#[test]
fn another_users_cache_is_left_as_it_is() {
    let root = is_root();
    if root && Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("note: running as root without setpriv: cannot act as another user; skipped");
        return;
    }
    let server = Server::start(world);
    let (scratch, dir) = tmp("another-user");
    let cache = dir.join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    let sbom = osloq_sbom(&dir);
    // The scratch folder is open to this user only; the other one must reach the cache.
    set_mode(&scratch, 0o755);
    set_mode(&dir, 0o755);
    // The other user's cache, holding the answer.
    assert!(cli(&server, &cache, &["fetch", "--sbom", &sbom]).status.success());
    let file = cache.join(FILE_NAME);
    let asked = || server.requests_to("/crates/").len();
    let run = |file_mode: u32, dir_mode: u32| -> (Output, String) {
        // As root the file and directory are root's and the run is nobody's; otherwise this
        // user is given what the modes give others (0o600 becomes 0o000, 0o755 0o555).
        let as_others = |mode: u32| if root { mode } else { (mode & 0o7) * 0o111 };
        let (file_mode, dir_mode) = (as_others(file_mode), as_others(dir_mode));
        if file.exists() {
            set_mode(&file, file_mode);
        }
        set_mode(&cache, dir_mode);
        let cmd = cli_command(&server, &cache, &["audit", "--sbom", &sbom, "--format", "json"]);
        let out = if root { run_watched(&mut as_nobody(&cmd)) } else { run_watched(&mut { cmd }) };
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out, stderr)
    };

    // Unreadable to this user, in a directory anyone may write to (the case that was moved
    // aside and replaced by this user's new cache).
    let before = state(&cache);
    let requests = asked();
    let (out, stderr) = run(0o600, 0o777);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    let warning = format!(
        "warning: {}: cannot be opened for writing: permission denied; left as it is; this run goes on without a cache: no answer cached earlier is used and none is stored\n",
        file.display()
    );
    assert_eq!(stderr.matches(&warning).count(), 1, "{stderr}");
    assert_eq!(state(&cache), before, "{stderr}");
    // The answer was asked for instead.
    assert_eq!(asked(), requests + 1);
    let report = crate::common::facts_inline(serde_json::from_slice(&out.stdout).unwrap());
    let osloq = report["packages"].as_array().unwrap().iter().find(|p| p["name"] == "osloq").unwrap();
    assert_eq!(osloq["origin"]["maintainers_location"], "NO");

    // Readable, not writable (nor is its directory): left alone all the same. (Read, it could
    // leave this user's `-wal` and `-shm` files in the other user's directory.)
    let before = state(&cache);
    let requests = asked();
    let (out, stderr) = run(0o644, 0o755);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    assert_eq!(stderr.matches(&warning).count(), 1, "{stderr}");
    assert_eq!(state(&cache), before, "{stderr}");
    assert_eq!(asked(), requests + 1);

    // No file, in a directory this user may not write to: nothing is said to be left.
    set_mode(&cache, 0o755);
    std::fs::remove_file(&file).unwrap();
    let (out, stderr) = run(0o644, 0o755);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    let warning = format!(
        "warning: {}: cannot be created: unable to open database file: {}; this run goes on without a cache",
        file.display(),
        file.display()
    );
    assert_eq!(stderr.matches(&warning).count(), 1, "{stderr}");
    assert!(std::fs::read_dir(&cache).unwrap().next().is_none(), "{stderr}");

    set_mode(&cache, 0o755);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_newer_versions_cache_is_left_as_it_is() {
    let server = Server::start(world);
    let (_scratch, dir) = tmp("newer-online");
    let cache = dir.join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    let sbom = osloq_sbom(&dir);
    let file = cache.join(FILE_NAME);
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         INSERT INTO meta VALUES ('schema', 'cargo-sovereign-cache-9');
         CREATE TABLE answers (source TEXT, key TEXT, payload BLOB);",
    )
    .unwrap();
    drop(conn);
    let bytes = std::fs::read(&file).unwrap();
    let before = state(&cache);
    let out = cli(&server, &cache, &["audit", "--sbom", &sbom, "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    let warning = format!(
        "warning: {}: a cache of a newer version of cargo-sovereign (it is `cargo-sovereign-cache-9`, this version reads `cargo-sovereign-cache-1`); left as it is; this run goes on without a cache",
        file.display()
    );
    assert_eq!(stderr.matches(&warning).count(), 1, "{stderr}");
    assert_eq!(state(&cache), before);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    // `cache clear` refuses it too, naming it, and leaves it.
    let clear = cli(&server, &cache, &["cache", "clear"]);
    assert_eq!(clear.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&clear.stderr).contains("newer version"));
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}
