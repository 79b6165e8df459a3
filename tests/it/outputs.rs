//! Where reports go: regular files replaced atomically, links followed, special files written
//! through and never replaced, `-` for standard output, two outputs to one place refused, a
//! closed pipe never fatal, and no temporary file left by an interrupted run.

use crate::common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A fresh folder for one test.
fn dir(name: &str) -> common::Scratch {
    common::scratch(&format!("outputs-{name}"))
}

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-sovereign"));
    common::offline(&mut cmd);
    cmd.stdin(Stdio::null());
    cmd
}

/// The cloud workspace's metadata: error-level findings, so the audit exits 1.
fn metadata() -> String {
    common::repo_dir().join("tests/fixtures/cloud-ai-workspace/metadata.json").display().to_string()
}

fn audit(args: &[&str]) -> Output {
    bin().args(["audit", "--metadata", &metadata()]).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn arg(format: &str, path: &Path) -> String {
    format!("{format}={}", path.display())
}

/// Tiny CycloneDX document with `n` components whose references dangle (one warning each).
fn sbom_with_warnings(d: &Path, n: usize) -> String {
    let components: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"type":"library","bom-ref":"c{i}","name":"c{i}","version":"1"}}"#))
        .collect();
    let deps: Vec<String> =
        (0..n).map(|i| format!(r#"{{"ref":"c{i}","dependsOn":["missing{i}"]}}"#)).collect();
    let doc = format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[{}],"dependencies":[{}]}}"#,
        components.join(","),
        deps.join(",")
    );
    let p = d.join("warnings.cdx.json");
    std::fs::write(&p, doc).unwrap();
    p.display().to_string()
}

#[test]
fn a_dash_means_standard_output() {
    let o = audit(&["--format", "json=-"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(report["packages"].as_array().is_some_and(|p| !p.is_empty()));
    assert!(!Path::new("-").exists(), "a file named `-` was written");
}

/// Issue 24: the JSON report is one line unless `--pretty` asks for indentation; the two
/// are the same document.
#[test]
fn the_json_report_is_compact_unless_pretty_is_asked_for() {
    let compact = audit(&["--format", "json"]);
    let pretty = audit(&["--format", "json", "--pretty"]);
    let lines = |o: &Output| o.stdout.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines(&compact), 1, "{}", stderr(&compact));
    assert!(lines(&pretty) > 100);
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_slice(&compact.stdout).unwrap(), serde_json::from_slice(&pretty.stdout).unwrap());
    assert_eq!(a, b);
    assert_eq!(a["schema_version"], 2);
    assert!(!String::from_utf8_lossy(&compact.stdout).contains(":null"), "no null field is written");
}

/// Issue 22: a run with only file outputs printed nothing and exited 1.
#[test]
fn a_run_whose_reports_all_go_to_files_says_what_it_found_and_where_they_went() {
    let d = dir("files-only");
    let (json, html) = (d.join("r.json"), d.join("r.html"));
    let o = audit(&["--format", &arg("json", &json), "--format", &arg("html", &html)]);
    let err = stderr(&o);
    let line = err.lines().find(|l| l.starts_with("cargo-sovereign: ")).unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains(" error") && line.contains(" warning") && line.contains(" note"), "{line}");
    assert!(line.contains(&format!("json to {}", json.display())), "{line}");
    assert!(line.contains(&format!("html to {}", html.display())), "{line}");
    assert!(o.stdout.is_empty());
    // Quiet: nothing; a report on the terminal: no summary line either.
    let o = audit(&["--quiet", "--format", &arg("json", &json)]);
    assert!(!stderr(&o).contains("cargo-sovereign: "), "{}", stderr(&o));
    let o = audit(&["--format", "table", "--format", &arg("json", &json)]);
    assert!(!stderr(&o).contains("cargo-sovereign: "), "{}", stderr(&o));
}

#[test]
fn two_outputs_to_one_place_are_a_usage_error_before_any_work() {
    let d = dir("twice");
    let out = d.join("r.json");
    let same = d.join(".").join("r.json");
    let o = audit(&["--format", &arg("json", &out), "--format", &arg("sarif", &same)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("two outputs to"), "{}", stderr(&o));
    assert!(!out.exists(), "the audit ran anyway");
    let o = audit(&["--format", "table", "--format", "json=/dev/stdout"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("two outputs to standard output"), "{}", stderr(&o));
    let o = audit(&["--format", &arg("json", &d.join("no-such-folder").join("r.json"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("folder does not exist"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn special_files_are_written_through_and_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let d = dir("special");
    // A device of our own (as root), standing in for /dev/null, which a replaced report once
    // turned into a regular file on a shared machine.
    let null = d.join("null");
    let c = std::ffi::CString::new(null.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; makedev(1, 3) is the null device.
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) } == 0;
    if made {
        let o = audit(&["--format", &arg("json", &null), "--format", &arg("sarif", &d.join("r.sarif"))]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(std::fs::symlink_metadata(&null).unwrap().file_type().is_char_device(), "device replaced");
        assert!(d.join("r.sarif").is_file());
        let o = bin().args(["init", "--force", "--path"]).arg(&null).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(std::fs::symlink_metadata(&null).unwrap().file_type().is_char_device(), "device replaced");
    } else {
        eprintln!("note: not allowed to make a device node; the device case is skipped");
    }
    // /dev/stdout is the process's standard output, whatever it is.
    let o = bin().args(["init", "--force", "--path", "/dev/stdout"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("trusted"), "no policy on stdout");
    // A named pipe: its reader gets the report, and the pipe stays a pipe.
    let fifo = d.join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    std::thread::sleep(std::time::Duration::from_millis(100));
    let o = audit(&["--format", &arg("json", &fifo)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let got: serde_json::Value = serde_json::from_slice(&reader.join().unwrap()).unwrap();
    assert!(got["packages"].is_array());
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "pipe replaced");
    // A pipe nobody reads is an error naming it, not a hang; the other outputs are written.
    let o = audit(&["--format", &arg("json", &fifo), "--format", &arg("markdown", &d.join("r.md"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no process reads"), "{}", stderr(&o));
    assert!(d.join("r.md").is_file(), "one failed output stopped the others");
}

#[cfg(unix)]
#[test]
fn a_symlinked_report_keeps_its_link_and_the_target_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir("link");
    let real = d.join("real.json");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = d.join("report.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = audit(&["--format", &arg("json", &link)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "link replaced");
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.starts_with('{'), "target not written");
    assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o600);
    let names: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "temporary files left: {names:?}");
}

#[test]
fn a_closed_stdout_neither_stops_file_outputs_nor_changes_the_exit_code() {
    let d = dir("stdout-closed");
    let json = d.join("r.json");
    let mut child = bin()
        .args(["audit", "--metadata", &metadata(), "--format", "table", "--packages"])
        .args(["--format", &arg("json", &json)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone before the first line
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(json.is_file(), "the file output was not written");
}

#[test]
fn a_closed_stderr_does_not_panic_nor_change_the_exit_code() {
    let d = dir("stderr-closed");
    let sbom = sbom_with_warnings(&d, 300);
    let json = d.join("r.json");
    let args = ["audit", "--sbom", &sbom, "--format", &arg("json", &json), "--fail-on", "note"];
    let open = bin().args(args).output().unwrap();
    assert!(stderr(&open).contains("warning:"), "nothing is written to stderr: {}", stderr(&open));
    std::fs::remove_file(&json).unwrap();
    let mut child = bin().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stderr.take());
    let o = child.wait_with_output().unwrap();
    // The same exit code, not 101 (a panic).
    assert_eq!(o.status.code(), open.status.code());
    assert!(json.is_file(), "the file output was not written");
}

#[test]
fn diff_into_a_closed_pipe_keeps_its_exit_code() {
    let fixtures = common::repo_dir().join("tests/fixtures/diff");
    let (base, head) = (fixtures.join("base.report.json"), fixtures.join("head.report.json"));
    let expected = bin().arg("diff").args([&base, &head]).arg("--json").output().unwrap().status.code();
    let mut child = bin()
        .arg("diff")
        .args([&base, &head])
        .arg("--json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), expected, "{}", stderr(&o));
    assert!(!stderr(&o).contains("Broken pipe"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    let d = dir("interrupted");
    // Big enough that writing the report takes a while, even in a release build.
    let n = if cfg!(debug_assertions) { 20_000 } else { 100_000 };
    let components: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"type":"library","bom-ref":"c{i}","name":"c{i}","version":"1","purl":"pkg:npm/c{i}@1"}}"#
            )
        })
        .collect();
    let sbom = d.join("big.cdx.json");
    std::fs::write(
        &sbom,
        format!(
            r#"{{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[{}]}}"#,
            components.join(",")
        ),
    )
    .unwrap();
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    for attempt in 0..5 {
        let mut child = bin()
            .args(["audit", "--sbom"])
            .arg(&sbom)
            .args([
                "--format",
                &arg("json", &out.join("r.json")),
                "--format",
                &arg("html", &out.join("r.html")),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait for a temporary file to appear, then interrupt.
        let started = std::time::Instant::now();
        let mut seen = false;
        while child.try_wait().unwrap().is_none() && started.elapsed().as_secs() < 60 {
            let tmp = std::fs::read_dir(&out)
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"));
            if tmp {
                // SAFETY: kill(2) on our own child's pid.
                unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
                seen = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let status = child.wait().unwrap();
        if !seen || status.code() != Some(128 + libc::SIGTERM) {
            // It finished before the signal arrived; try again.
            eprintln!("attempt {attempt}: the run ended before it was interrupted ({status:?})");
            continue;
        }
        let left: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "temporary files left after SIGTERM: {left:?}");
        return;
    }
    panic!("never managed to interrupt a run while it wrote its report");
}

#[test]
fn the_file_standard_output_goes_to_is_standard_output() {
    let d = dir("redirected");
    let out = d.join("o.json");
    // `cargo sovereign --format sarif --format json=o.json > o.json`: two outputs to one place.
    let file = std::fs::File::create(&out).unwrap();
    let o = bin()
        .args(["audit", "--metadata", &metadata(), "--format", "sarif", "--format", &arg("json", &out)])
        .stdout(file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("two outputs to standard output"), "{}", stderr(&o));
    // Other names for standard output are it too.
    for name in ["/dev/fd//1", "/proc/thread-self/fd/1"] {
        let file = std::fs::File::create(&out).unwrap();
        let o = bin()
            .args([
                "audit",
                "--metadata",
                &metadata(),
                "--format",
                "table",
                "--format",
                &format!("json={name}"),
            ])
            .stdout(file)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
    }
}

#[test]
fn a_hard_linked_report_is_written_in_place_so_every_name_sees_it() {
    let d = dir("hardlink");
    let (a, b) = (d.join("a.json"), d.join("b.json"));
    std::fs::write(&a, "old").unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let o = audit(&["--format", &arg("json", &a)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let (ta, tb) = (std::fs::read_to_string(&a).unwrap(), std::fs::read_to_string(&b).unwrap());
    assert!(ta.starts_with('{'));
    assert_eq!(ta, tb, "the other name kept the old report");
}

#[test]
fn standard_input_given_twice_is_refused() {
    let o = bin().args(["audit", "--sbom", "-", "--sbom", "-"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("standard input is given as an input more than once"), "{}", stderr(&o));
    let o = bin().args(["diff", "-", "-"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("standard input is given as both reports"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn a_signal_the_run_was_started_ignoring_stays_ignored() {
    use std::os::unix::process::CommandExt;
    let d = dir("nohup");
    let n = if cfg!(debug_assertions) { 20_000 } else { 100_000 };
    let components: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"type":"library","bom-ref":"c{i}","name":"c{i}","version":"1"}}"#))
        .collect();
    let sbom = d.join("big.cdx.json");
    std::fs::write(
        &sbom,
        format!(
            r#"{{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[{}]}}"#,
            components.join(",")
        ),
    )
    .unwrap();
    let mut cmd = bin();
    cmd.args(["audit", "--sbom"]).arg(&sbom).args(["--format", &arg("json", &d.join("r.json"))]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGHUP, libc::SIG_IGN);
            Ok(())
        });
    }
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGHUP) };
    let status = child.wait().unwrap();
    assert!(matches!(status.code(), Some(0 | 1)), "SIGHUP stopped a run that ignores it: {status:?}");
    assert!(d.join("r.json").is_file());
}
