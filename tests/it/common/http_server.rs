//! A real HTTP/1.1 server on 127.0.0.1 for the online tests: it records every request and
//! answers what the test's handler says, including faults (delays, truncated and endless
//! bodies), or answers nothing at all ([`Server::silent`]).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A request as received.
#[derive(Debug, Clone)]
pub struct Request {
    /// The method (`GET`, `PUT`, …).
    pub method: String,
    /// The path with its query.
    pub path: String,
    /// Headers, names lowercase.
    pub headers: Vec<(String, String)>,
    /// When it arrived.
    pub at: Instant,
    /// The body (as long as its `Content-Length` said).
    pub body: Vec<u8>,
}

impl Request {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// What to answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Body.
    pub body: String,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Declare a longer body than is sent, then close.
    pub truncate: bool,
    /// After `body`, send spaces until the client hangs up (no `Content-Length`).
    pub endless: bool,
    /// Bytes sent after `body` (a binary answer: a gzip archive).
    pub bytes: Vec<u8>,
    /// With `endless`: one space at a time, 20 ms apart, not as fast as the client reads.
    pub drip: bool,
}

impl Reply {
    /// 200 with a JSON body.
    pub fn json(body: impl Into<String>) -> Reply {
        Reply {
            status: 200,
            body: body.into(),
            headers: vec![],
            delay: Duration::ZERO,
            truncate: false,
            endless: false,
            bytes: Vec::new(),
            drip: false,
        }
    }
    /// 200 with these bytes as the body.
    pub fn binary(bytes: Vec<u8>) -> Reply {
        Reply { bytes, ..Reply::json("") }
    }
    /// A status with a JSON error body like the services send.
    pub fn status(status: u16) -> Reply {
        Reply { status, ..Reply::json(r#"{"errors":[{"detail":"error"}]}"#) }
    }
    /// Adds a header.
    pub fn with(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

type Handler = dyn Fn(&Request, usize) -> Reply + Send + Sync;

/// A running server.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    log: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// Starts a server; `handler` gets each request and how many earlier requests had the
    /// same path.
    pub fn start(handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log: Arc<Mutex<Vec<Request>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let log2 = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (log, handler) = (log2.clone(), handler.clone());
                std::thread::spawn(move || serve(stream, &log, &*handler));
            }
        });
        Server { url, log }
    }

    /// A server that accepts every connection, reads the request, records it and never
    /// answers (a firewall or a hung service): connections are held open until the client
    /// gives up.
    pub fn silent() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log: Arc<Mutex<Vec<Request>>> = Arc::default();
        let log2 = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let log = log2.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream);
                    if let Some(req) = read_request(&mut reader) {
                        log.lock().unwrap().push(req);
                    }
                    // Hold the connection, saying nothing, until the client closes it.
                    let mut sink = [0u8; 1024];
                    while reader.get_mut().read(&mut sink).is_ok_and(|n| n > 0) {}
                });
            }
        });
        Server { url, log }
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }

    /// Requests whose path starts with `prefix`.
    pub fn requests_to(&self, prefix: &str) -> Vec<Request> {
        self.requests().into_iter().filter(|r| r.path.starts_with(prefix)).collect()
    }
}

/// Reads one request's line and headers (and skips its body).
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return None;
    }
    let method = line.split_whitespace().next().unwrap_or("GET").to_string();
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = Vec::new();
    let mut length = 0usize;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            let k = k.trim().to_ascii_lowercase();
            if k == "content-length" {
                length = v.trim().parse().unwrap_or(0);
            }
            headers.push((k, v.trim().to_string()));
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    Some(Request { method, path, headers, at: Instant::now(), body })
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Request>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let Some(req) = read_request(&mut reader) else { return };
    let nth = {
        let mut log = log.lock().unwrap();
        let n = log.iter().filter(|r| r.path == req.path).count();
        log.push(req.clone());
        n
    };
    let reply = handler(&req, nth);
    std::thread::sleep(reply.delay);
    let mut out = format!("HTTP/1.1 {} X\r\nContent-Type: application/json\r\n", reply.status);
    if !reply.endless {
        let length = reply.body.len() + reply.bytes.len();
        let declared = if reply.truncate { length + 100 } else { length };
        out.push_str(&format!("Content-Length: {declared}\r\n"));
    }
    for (k, v) in &reply.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    out.push_str(&reply.body);
    let mut s = reader.get_ref();
    let mut out = out.into_bytes();
    out.extend_from_slice(&reply.bytes);
    if s.write_all(&out).is_err() || !reply.endless {
        let _ = s.flush();
        return;
    }
    // Spaces until the client hangs up: valid JSON whitespace, never an end.
    if reply.drip {
        while s.write_all(b" ").and_then(|()| s.flush()).is_ok() {
            std::thread::sleep(Duration::from_millis(20));
        }
        return;
    }
    let spaces = [b' '; 64 * 1024];
    while s.write_all(&spaces).is_ok() {}
}
