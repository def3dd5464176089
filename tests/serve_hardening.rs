//! `minhbach serve` facing requests that are not an author's browser: oversized heads, idle
//! and dripping sockets, requests for another host name (DNS rebinding), bodies and other
//! methods, and more connections or long-polls than it keeps threads for. Each test talks raw
//! HTTP/1.1 to the real binary on 127.0.0.1, with bounded loops and client timeouts, so a
//! server that never answers fails the test instead of hanging it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long a client waits for any answer before the test calls the server unresponsive.
/// Every answer expected here comes at once or after a timeout of at most a second.
const PATIENCE: Duration = Duration::from_secs(10);

/// A running `minhbach serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    address: String,
    port: u16,
    _site: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let site = common::site_from(&["build"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.path())
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "serving <root> at http://127.0.0.1:PORT/test/"
    let address = line
        .split_whitespace()
        .last()
        .and_then(|url| url.trim_start_matches("http://").split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let port = address.rsplit(':').next().unwrap().parse().unwrap();
    Server {
        child,
        address,
        port,
        _site: site,
    }
}

fn connect(address: &str) -> TcpStream {
    let stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// Send `raw` as is, stop writing, and read everything until the server closes: status, head,
/// body. A write the server cut short is not an error here; the answer is what counts.
fn exchange(address: &str, raw: &[u8]) -> (u16, String, String) {
    let mut stream = connect(address);
    let _ = stream.write_all(raw);
    let _ = stream.shutdown(Shutdown::Write);
    let mut answer = Vec::new();
    if let Err(e) = stream.read_to_end(&mut answer) {
        assert!(
            !answer.is_empty(),
            "no answer to {:?}…: {e}",
            String::from_utf8_lossy(&raw[..raw.len().min(60)])
        );
    }
    split(&answer)
}

fn split(answer: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// A GET of `path` for the host name `host`, closing after the answer.
fn get_for(server: &Server, host: &str, path: &str) -> (u16, String, String) {
    exchange(
        &server.address,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn get(server: &Server, path: &str) -> (u16, String, String) {
    get_for(server, &server.address, path)
}

const HOME: &str = "/test/";

/// Whether the server closed `stream` (end of file) without answering, rather than keeping
/// it open until the client gave up.
fn closed_without_answer(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    matches!(stream.read(&mut byte), Ok(0))
}

/// A line of `/proc/PID/status`, in its unit (kB for memory).
#[cfg(target_os = "linux")]
fn proc_status(server: &Server, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in {status}"))
}

#[test]
fn an_oversized_request_is_refused_and_the_server_stays_up() {
    let server = start(&[]);
    let host = &server.address;

    let long_line = format!(
        "GET /test/{} HTTP/1.1\r\nHost: {host}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let (status, _, body) = exchange(&server.address, long_line.as_bytes());
    assert_eq!(status, 414, "{body}");
    assert!(body.contains("at most 16384 bytes"), "{body}");

    let mut big_headers = format!("GET /test/ HTTP/1.1\r\nHost: {host}\r\n");
    for i in 0..64 {
        big_headers.push_str(&format!("X-Filler-{i}: {}\r\n", "b".repeat(1000)));
    }
    big_headers.push_str("\r\n");
    let (status, _, body) = exchange(&server.address, big_headers.as_bytes());
    assert_eq!(status, 431, "{body}");

    let mut many_headers = format!("GET /test/ HTTP/1.1\r\nHost: {host}\r\n");
    for i in 0..100 {
        many_headers.push_str(&format!("X-{i}: 1\r\n"));
    }
    many_headers.push_str("\r\n");
    let (status, _, body) = exchange(&server.address, many_headers.as_bytes());
    assert_eq!(status, 431, "{body}");

    // The request line of the issue: 64 MB once cost 350 MB of memory. Now the server keeps
    // at most 16 KiB of it.
    #[cfg(target_os = "linux")]
    {
        let peak_before = proc_status(&server, "VmHWM");
        let huge = format!(
            "GET /test/{} HTTP/1.1\r\nHost: {host}\r\n\r\n",
            "c".repeat(64 << 20)
        );
        let mut stream = connect(&server.address);
        let _ = stream.write_all(huge.as_bytes());
        let _ = stream.shutdown(Shutdown::Write);
        // Whatever the answer, once it comes the server is done with the line.
        let _ = stream.read_to_end(&mut Vec::new());
        let grown_mb = proc_status(&server, "VmHWM").saturating_sub(peak_before) / 1024;
        assert!(
            grown_mb < 32,
            "a 64 MB request line raised the peak memory by {grown_mb} MB"
        );
    }

    let (status, _, body) = get(&server, HOME);
    assert_eq!(status, 200, "the server still serves pages");
    assert!(body.contains("<html"), "{body}");
}

#[test]
fn an_idle_or_dripping_connection_is_closed_after_the_timeout() {
    let server = start(&["--idle-timeout-ms", "300"]);

    // Nothing sent: closed without a word, as an idle keep-alive connection.
    let mut idle = connect(&server.address);
    assert!(
        closed_without_answer(&mut idle),
        "an idle connection stays open"
    );

    // Half a request: told it was too slow, then closed.
    let mut dripping = connect(&server.address);
    write!(
        dripping,
        "GET /test/ HTTP/1.1\r\nHost: {}\r\nAccept: te",
        server.address
    )
    .unwrap();
    let mut answer = Vec::new();
    dripping.read_to_end(&mut answer).unwrap();
    assert_eq!(
        split(&answer).0,
        408,
        "{}",
        String::from_utf8_lossy(&answer)
    );

    // A connection kept alive after an answer is closed once it stays idle.
    let mut kept = connect(&server.address);
    write!(
        kept,
        "GET /test/style.css HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    )
    .unwrap();
    let mut reader = BufReader::new(kept.try_clone().unwrap());
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    assert!(status_line.contains(" 200 "), "{status_line}");
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut css = vec![0u8; length];
    reader.read_exact(&mut css).unwrap();
    let mut rest = Vec::new();
    assert!(
        matches!(reader.read_to_end(&mut rest), Ok(0)),
        "a kept-alive connection stays open once idle"
    );

    assert_eq!(get(&server, HOME).0, 200);
}

#[test]
fn only_this_machines_names_are_answered() {
    let server = start(&[]);
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _, body) = get_for(&server, &host, HOME);
        assert_eq!(status, 200, "{host}: {body}");
    }
    // A page on another site whose name resolves to 127.0.0.1 must read neither pages nor
    // the reload long-poll.
    for (host, path) in [
        (format!("attacker.example:{port}"), HOME),
        (format!("localhost.attacker.example:{port}"), HOME),
        (format!("attacker.example:{port}"), "/__minhbach/wait?v=0"),
        (format!("localhost:{}", port.wrapping_add(1)), HOME),
    ] {
        let (status, _, body) = get_for(&server, &host, path);
        assert_eq!(status, 403, "{host}{path}: {body}");
        assert!(
            body.contains(&format!("localhost:{port}")) && !body.contains("<html"),
            "the refusal says which names are answered, and nothing else:\n{body}"
        );
    }
    let (status, _, _) = exchange(
        &server.address,
        b"GET /test/ HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 400, "a request without Host");
}

#[test]
fn a_body_or_another_method_is_refused() {
    let server = start(&[]);
    let host = &server.address;
    let (status, head, _) = exchange(
        host,
        format!("POST /test/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\n\r\nhello")
            .as_bytes(),
    );
    assert_eq!(status, 405);
    assert!(head.contains("Allow: GET, HEAD"), "{head}");
    let (status, _, _) = exchange(
        host,
        format!("GET /test/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\n\r\nhello").as_bytes(),
    );
    assert_eq!(status, 413);
    let (status, _, _) = exchange(
        host,
        format!(
            "GET /test/ HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(status, 413);
    assert_eq!(get(&server, HOME).0, 200);
}

#[test]
fn idle_connections_cannot_keep_a_page_from_being_served() {
    // A long idle timeout: only closing idle connections for new ones can answer in time.
    let server = start(&["--idle-timeout-ms", "600000"]);
    // Counted once the server has answered: its own threads (watcher, build) are all started.
    assert_eq!(get(&server, HOME).0, 200);
    #[cfg(target_os = "linux")]
    let threads_before = proc_status(&server, "Threads");
    let mut idle: Vec<TcpStream> = (0..100).map(|_| connect(&server.address)).collect();
    let (status, _, _) = get(&server, HOME);
    assert_eq!(status, 200, "a page is served past 100 idle connections");
    assert!(
        closed_without_answer(&mut idle[0]),
        "the oldest idle connection is closed to make room"
    );
    #[cfg(target_os = "linux")]
    {
        // Closed connections' threads end by themselves; give them a moment.
        let mut threads = proc_status(&server, "Threads");
        for _ in 0..100 {
            if threads <= threads_before + 32 {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
            threads = proc_status(&server, "Threads");
        }
        assert!(
            threads <= threads_before + 32,
            "{threads} threads for 100 connections (started with {threads_before})"
        );
    }
}

#[test]
fn waiting_pages_cannot_take_every_thread() {
    let server = start(&[]);
    let (_, _, page) = get(&server, HOME);
    let version: String = page
        .split("var v=")
        .nth(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_else(|| panic!("no version in the reload script:\n{page}"));

    // 20 open pages wait for the next build; the server holds at most 16 of them.
    let (answers, answered) = mpsc::channel();
    let mut waits = Vec::new();
    for _ in 0..20 {
        let mut stream = connect(&server.address);
        write!(
            stream,
            "GET /__minhbach/wait?v={version} HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.address
        )
        .unwrap();
        let mut reader = stream.try_clone().unwrap();
        let answers = answers.clone();
        std::thread::spawn(move || {
            let mut head = [0u8; 64];
            if let Ok(n @ 1..) = reader.read(&mut head) {
                let _ = answers.send(split(&head[..n]).0);
            }
        });
        waits.push(stream);
    }
    let mut statuses = Vec::new();
    while statuses.len() < 4 {
        match answered.recv_timeout(PATIENCE) {
            Ok(status) => statuses.push(status),
            Err(_) => panic!("only {statuses:?} of 20 waits were answered: the rest hold threads"),
        }
    }
    assert_eq!(
        statuses, [503; 4],
        "the waits past 16 are told to come back"
    );

    let (status, _, _) = get(&server, HOME);
    assert_eq!(status, 200, "pages are served while 16 pages wait");

    // The pages are closed: their places come back without waiting out the long-poll. A page
    // that has not seen the current version gets a place and is answered at once.
    for stream in &waits {
        stream.shutdown(Shutdown::Both).unwrap();
    }
    let stale = format!(
        "/__minhbach/wait?v={}",
        version.parse::<u64>().unwrap() + 1000
    );
    let mut statuses = Vec::new();
    for _ in 0..100 {
        let (status, _, body) = get(&server, &stale);
        if status == 200 {
            assert_eq!(body, version, "the answer is the current version");
            return;
        }
        statuses.push(status);
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("closed pages keep their wait places: {statuses:?}");
}

#[test]
fn kept_alive_and_pipelined_requests_are_answered_in_order() {
    let server = start(&[]);
    let host = &server.address;
    let (status, head, body) = exchange(
        host,
        format!(
            "GET /test/style.css HTTP/1.1\r\nHost: {host}\r\n\r\n\
             HEAD /test/ HTTP/1.1\r\nHost: {host}\r\n\r\n\
             GET /test/nothing-here HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: text/css; charset=utf-8"),
        "{head}"
    );
    // What follows the stylesheet: the HEAD answer without a body, then the 404 page.
    let after_css = body
        .split_once("HTTP/1.1 ")
        .map(|(_, rest)| rest)
        .unwrap_or("");
    assert!(after_css.starts_with("200 OK"), "{after_css}");
    let (head_answer, not_found) = after_css.split_once("HTTP/1.1 ").unwrap_or((after_css, ""));
    assert!(
        !head_answer.contains("<html"),
        "a HEAD answer has no body:\n{head_answer}"
    );
    assert!(not_found.starts_with("404 Not Found"), "{not_found}");
    assert!(not_found.contains("Connection: close"), "{not_found}");
}
