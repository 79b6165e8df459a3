//! Services that answer, but too slowly to be of use: headers at once, then a body dripped a
//! byte at a time, which no idle timeout catches. A deadline cuts each exchange off, it is not
//! retried, and a service is given up once its failures have taken the run's budget — also when
//! it answers other requests in between.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::*;

/// A real server on 127.0.0.1 answering the paths `quick` knows at once, and every other with
/// 200 and its headers at once, then a space every `every`, without end.
struct Drip {
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Drip {
    fn start(every: Duration, quick: fn(&str) -> Option<String>) -> Drip {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let log2 = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let log = log2.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    let _ = reader.read_line(&mut line);
                    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                        line.clear();
                    }
                    log.lock().unwrap().push(path.clone());
                    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n";
                    if let Some(body) = quick(&path) {
                        let _ = write!(stream, "{head}Content-Length: {}\r\n\r\n{body}", body.len());
                        return;
                    }
                    let _ = write!(stream, "{head}\r\n");
                    while stream.write_all(b" ").is_ok() {
                        std::thread::sleep(every);
                    }
                });
            }
        });
        Drip { url, log }
    }

    fn asked(&self, part: &str) -> usize {
        self.log.lock().unwrap().iter().filter(|p| p.contains(part)).count()
    }
}

/// The tests' options against `drip`, with `cache`: each exchange cut off after 1 s, a service
/// given up once failures took 3 s (scaled down from 30 s and 60 s); the idle timeout never fires.
fn dripping(drip: &Drip, cache: &Path) -> OnlineOptions {
    let server = Server::start(world);
    let mut opts = options(&server, cache);
    opts.bases.set("crates", format!("{}/crates/api/v1", drip.url));
    opts.http.deadline = Duration::from_secs(1);
    opts.http.failure_budget = Duration::from_secs(3);
    opts
}

#[test]
fn a_service_that_drips_its_answers_is_given_up_once_its_failures_took_the_budget() {
    // Once each exchange ran to a 2-minute deadline, a timeout was retried, and five were
    // needed in a row: 10 crates took 603 s at one byte every 2 s.
    let drip = Drip::start(Duration::from_millis(100), |_| None);
    let names = ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"];
    let (_scratch, cache) = tmp("drip");
    let started = Instant::now();
    let a = audit_of(names.iter().map(|n| krate(n)).collect(), dripping(&drip, &cache));
    let took = started.elapsed();
    // Three exchanges of a little over a second, none retried.
    assert_eq!(drip.asked("/crates/"), 3);
    assert_eq!(drip.asked("/a0/"), 1);
    assert!(took < Duration::from_secs(8), "{took:?}");
    let w = a.report.summary.warnings.join("\n");
    assert!(
        w.contains("registry owners: 10 of 10 lookups failed (timeout); given up once failed attempts had taken 3 s, 7 not asked;"),
        "{w}"
    );
}

#[test]
fn a_service_that_answers_one_request_in_two_is_still_given_up() {
    // Never five failures in a row: the count alone never gave it up.
    let drip = Drip::start(Duration::from_millis(100), |path| {
        path.contains("-good/").then(|| owners(&[("kari-dev", "user")]))
    });
    let names = ["c0-drip", "c1-good", "c2-drip", "c3-good", "c4-drip", "c5-good", "c6-drip", "c7-good"];
    let (_scratch, cache) = tmp("drip");
    let a = audit_of(names.iter().map(|n| krate(n)).collect(), dripping(&drip, &cache));
    assert_eq!(drip.asked("-drip/"), 3);
    assert_eq!(drip.asked("-good/"), 2);
    let w = a.report.summary.warnings.join("\n");
    assert!(
        w.contains("registry owners: 6 of 8 lookups failed (timeout); given up once failed attempts had taken 3 s, 3 not asked;"),
        "{w}"
    );
    // What was answered is used.
    assert_eq!(origin_of(&a, "c1-good").entity.as_deref(), Some("kari-dev"));
}

#[test]
fn lookups_in_flight_stop_when_their_service_is_given_up() {
    // Four profiles asked at once, each dripped until its 2 s deadline: together they use up
    // the 3 s budget. A lookup begun by the first to fail, just before the others failed too,
    // once ran to its own deadline: a second wave of 2 s. It is now stopped at once.
    let drip = Drip::start(Duration::from_millis(50), |_| None);
    let (_scratch, cache) = tmp("drip");
    let mut opts = dripping(&drip, &cache);
    opts.bases.set("crates", format!("{}/none", opts.bases.get("npm").unwrap()));
    opts.bases.set("github", format!("{}/github", drip.url));
    opts.http.deadline = Duration::from_secs(2);
    opts.jobs = 4;
    let (_scratch, dir) = tmp("in-flight");
    std::fs::create_dir_all(&dir).unwrap();
    let sbom = dir.join("bom.json");
    std::fs::write(&sbom, serde_json::to_vec(&super::limits::crates_on_github(12)).unwrap()).unwrap();
    let run = Options {
        sboms: vec![sbom.display().to_string()],
        today: Date::parse("2026-06-01").unwrap(),
        online: Some(opts),
        ..Options::default()
    };
    let started = Instant::now();
    let a = pipeline::run(&run, &Silent).unwrap();
    let took = started.elapsed();
    assert!(took < Duration::from_millis(3_500), "{took:?}");
    assert!(drip.asked("/github/") <= 8, "{}", drip.asked("/github/"));
    let w = a.report.summary.warnings.join("\n");
    assert!(w.contains("GitHub profiles: 12 of 12 lookups failed (timeout); given up"), "{w}");
}
