//! The preview server's sockets: accept connections, read each request head within fixed
//! limits, hand it to `http` for an answer, and keep the number of threads bounded.
//!
//! Why our own loop on `std::net::TcpListener` and not a server crate: tiny_http 0.12, used
//! before, reads a header line byte by byte into a buffer that grows without limit (a 64 MB
//! request line cost 350 MB), never times out a read, and starts a thread for every
//! connection; none of it can be configured. hyper can do all of this, but brings an async
//! runtime to hand files from memory to one author. What is left is small: `httparse` (made
//! for exactly this, and what hyper itself uses) parses a head from a buffer that we fill, so
//! we decide how large it may grow and how long we wait for it.
//!
//! The limits ([`Limits`]): a request head (request line and headers) of at most 16 KiB;
//! 15 s to send it, counted from the connection's opening or its previous answer; at most
//! 32 connections, each with its own thread, of which at most 16 may hold a long-poll (so open
//! pages waiting for a reload can never take the threads that serve pages). When all 32 are
//! taken, a new connection closes the oldest one that is only waiting for a request: idle or
//! dripping sockets delay nobody, as nginx reuses idle keep-alive connections.

use super::http::{self, AllowedHosts, Request, Response, WaitPlace};
use super::Shared;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// What one author's preview needs, and what a hostile page or process may take at most.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long a connection may take to send a whole request head, counted from its opening
    /// or from its previous answer. A connection idle that long is closed.
    pub idle_timeout: Duration,
    /// The largest request head (request line and headers), in bytes.
    pub max_head: usize,
    /// Open connections at once, each served by its own thread.
    pub connections: usize,
    /// Of those, how many may wait for the next build (`/__minhbach/wait`) at once.
    pub waits: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            idle_timeout: Duration::from_secs(15),
            max_head: 16 * 1024,
            connections: 32,
            waits: 16,
        }
    }
}

/// After an answer that ends the connection, how long unread input is drained so that closing
/// does not reset the connection before the client reads the answer (a "lingering close").
const LINGER: Duration = Duration::from_secs(2);

/// The most headers a request may have: browsers send about 15.
const MAX_HEADERS: usize = 64;

struct Context {
    shared: Arc<Shared>,
    hosts: AllowedHosts,
    limits: Limits,
    slots: Arc<Slots>,
}

/// Accept connections on `listener`, bound to `address`, for as long as the process runs;
/// each connection gets a slot and a thread.
pub(super) fn run(
    listener: &TcpListener,
    address: SocketAddr,
    shared: Arc<Shared>,
    limits: Limits,
) {
    let context = Arc::new(Context {
        shared,
        hosts: AllowedHosts::new(address.ip(), address.port()),
        limits,
        slots: Arc::new(Slots {
            table: Mutex::new(Table {
                next_id: 0,
                open: Vec::new(),
            }),
            freed: Condvar::new(),
            capacity: limits.connections.max(1),
            waits: limits.waits,
        }),
    });
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, or a connection reset before it was accepted: let
            // some connections close instead of spinning.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let Some(slot) = context.slots.admit(&stream) else {
            continue;
        };
        let context = Arc::clone(&context);
        // If no thread can be started, the closure is dropped with the stream and the slot:
        // the connection closes and the slot is free again.
        let _ = std::thread::Builder::new()
            .name("minhbach-http".into())
            .spawn(move || connection(stream, &slot, &context));
    }
}

/// Answer requests on one connection until it closes, times out or asks to close.
fn connection(mut stream: TcpStream, slot: &Slot, context: &Context) {
    let limits = &context.limits;
    let _ = stream.set_nodelay(true);
    // A client that does not read its answer holds the thread no longer than an idle one.
    let _ = stream.set_write_timeout(Some(limits.idle_timeout));
    let mut buffer = Vec::new();
    loop {
        slot.enter(Phase::Reading);
        let head_len = match read_head(&mut stream, &mut buffer, limits) {
            Ok(len) => len,
            Err(Unread::Closed) => return,
            Err(Unread::Refused(response)) => {
                let _ = write_response(&mut stream, &response, false, true);
                linger(stream, limits);
                return;
            }
        };
        slot.enter(Phase::Answering);
        let place = Place {
            slot,
            stream: &stream,
        };
        let Answer {
            response,
            head_only,
            keep_alive,
        } = answer(&buffer[..head_len], &place, context);
        buffer.drain(..head_len);
        let close = !keep_alive || response.close;
        if write_response(&mut stream, &response, head_only, close).is_err() {
            return;
        }
        if close {
            slot.enter(Phase::Reading);
            linger(stream, limits);
            return;
        }
    }
}

/// The answer to one request, and how to send it.
struct Answer {
    response: Response,
    /// The request was HEAD: send the head of the response only.
    head_only: bool,
    /// The client wants to send another request on this connection.
    keep_alive: bool,
}

impl Answer {
    fn refusal(status: u16, message: &str) -> Answer {
        Answer {
            response: Response::refusal(status, message),
            head_only: false,
            keep_alive: false,
        }
    }
}

/// Parse a complete request head and answer it.
fn answer(head: &[u8], place: &Place, context: &Context) -> Answer {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => {
            let message = format!("A request may have at most {MAX_HEADERS} headers.");
            return Answer::refusal(431, &message);
        }
        Ok(httparse::Status::Partial) | Err(_) => {
            return Answer::refusal(400, "This is not an HTTP/1.1 request.");
        }
    }
    let (Some(method), Some(target), Some(minor)) = (parsed.method, parsed.path, parsed.version)
    else {
        return Answer::refusal(400, "This is not an HTTP/1.1 request.");
    };
    let mut hosts = parsed
        .headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("host"));
    let host = match (hosts.next(), hosts.next()) {
        (Some(h), None) => std::str::from_utf8(h.value).ok(),
        _ => None,
    };
    let mut close = false;
    let mut keep = false;
    let mut has_body = false;
    for header in parsed.headers.iter() {
        if header.name.eq_ignore_ascii_case("connection") {
            for token in String::from_utf8_lossy(header.value).split(',') {
                close |= token.trim().eq_ignore_ascii_case("close");
                keep |= token.trim().eq_ignore_ascii_case("keep-alive");
            }
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            has_body = true;
        } else if header.name.eq_ignore_ascii_case("content-length") {
            has_body |= header.value.trim_ascii() != b"0";
        }
    }
    // HTTP/1.0 closes after each answer unless asked otherwise; HTTP/1.1 keeps the connection.
    let keep_alive = !close && (minor == 1 || keep);
    let request = Request {
        method,
        target,
        host,
        has_body,
    };
    Answer {
        response: http::answer(&context.shared, &context.hosts, &request, place),
        head_only: method == "HEAD",
        keep_alive,
    }
}

/// A connection's side of a long-poll: its slot, and its socket to see whether the page left.
struct Place<'a> {
    slot: &'a Slot,
    stream: &'a TcpStream,
}

impl WaitPlace for Place<'_> {
    fn claim(&self) -> bool {
        self.slot.enter(Phase::Waiting)
    }

    fn client_gone(&self) -> bool {
        // A page that reloads or closes closes its connection: a read then finds the end of
        // the stream (or a reset) at once. Peeking leaves any next request where it is.
        if self.stream.set_nonblocking(true).is_err() {
            return false;
        }
        let gone = match self.stream.peek(&mut [0u8; 1]) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted),
        };
        let _ = self.stream.set_nonblocking(false);
        gone
    }
}

/// Why no request head could be read.
enum Unread {
    /// The client closed, sent nothing within the idle timeout, or the slot was given to a
    /// newer connection: close without a word, as for an idle keep-alive connection.
    Closed,
    /// The head is too large or too slow: say so, then close.
    Refused(Response),
}

/// Read until `buffer` holds a whole request head and return its length. Bytes after it (a
/// pipelined request) stay in `buffer` for the next call. `buffer` never grows past
/// `limits.max_head`, and the whole head must arrive before `limits.idle_timeout` passes.
fn read_head(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    limits: &Limits,
) -> Result<usize, Unread> {
    let deadline = Instant::now() + limits.idle_timeout;
    let mut chunk = [0u8; 4096];
    let mut scanned = 0;
    loop {
        if let Some(end) = head_end(buffer, scanned) {
            return Ok(end);
        }
        scanned = buffer.len();
        if buffer.len() >= limits.max_head {
            let (status, what) = if memchr::memchr(b'\n', buffer).is_none() {
                (414, "request line")
            } else {
                (431, "request line and headers")
            };
            let message = format!(
                "The {what} of a request may take at most {} bytes.",
                limits.max_head
            );
            return Err(Unread::Refused(Response::refusal(status, &message)));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(if buffer.iter().all(u8::is_ascii_whitespace) {
                Unread::Closed
            } else {
                let message = format!(
                    "A request must arrive within {} ms.",
                    limits.idle_timeout.as_millis()
                );
                Unread::Refused(Response::refusal(408, &message))
            });
        }
        if stream.set_read_timeout(Some(left)).is_err() {
            return Err(Unread::Closed);
        }
        let room = (limits.max_head - buffer.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(Unread::Closed),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) => {}
            Err(_) => return Err(Unread::Closed),
        }
    }
}

/// The end of the head (just past its empty line), looking only at line ends from `from` on,
/// so that reading a head byte by byte stays linear.
fn head_end(buffer: &[u8], from: usize) -> Option<usize> {
    memchr::memchr_iter(b'\n', buffer.get(from..)?)
        .map(|i| i + from)
        .find(|&i| {
            let before = &buffer[..i];
            before.ends_with(b"\n") || before.ends_with(b"\n\r")
        })
        .map(|i| i + 1)
}

fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    close: bool,
) -> std::io::Result<()> {
    stream.write_all(&response.head(close))?;
    if !head_only {
        stream.write_all(response.body())?;
    }
    stream.flush()
}

/// Close after an answer without losing it: stop writing, then read and drop whatever the
/// client still sends (the rest of an oversized head, a refused body) for a short while, so
/// the kernel does not answer unread input with a reset that discards our answer.
fn linger(mut stream: TcpStream, limits: &Limits) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER.min(limits.idle_timeout);
    let mut sink = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// What a connection is doing, which decides whether a newer one may take its slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for a request (or draining before close): may be closed for a newer connection.
    Reading,
    /// Answering a request from memory: takes no time unless the client reads slowly.
    Answering,
    /// Holding a long-poll until the next build: counted against `Limits::waits`.
    Waiting,
}

/// The open connections, at most `capacity` of them.
struct Slots {
    table: Mutex<Table>,
    freed: Condvar,
    capacity: usize,
    waits: usize,
}

struct Table {
    next_id: u64,
    open: Vec<Open>,
}

struct Open {
    id: u64,
    phase: Phase,
    since: Instant,
    /// A second handle on the connection's socket, to close it from the accepting thread.
    socket: TcpStream,
}

impl Slots {
    fn lock(&self) -> MutexGuard<'_, Table> {
        // Every change to the table is a single push, remove or field assignment: a thread
        // that panicked cannot leave it half-written.
        crate::lock(&self.table)
    }

    /// A slot for a new connection: a free one, or the one of the connection that has waited
    /// longest for a request, which is closed. When every connection is busy answering or
    /// waiting, wait until one ends (answers are quick; long-polls are at most `waits`).
    fn admit(self: &Arc<Slots>, stream: &TcpStream) -> Option<Slot> {
        let socket = stream.try_clone().ok()?;
        let mut table = self.lock();
        while table.open.len() >= self.capacity {
            let idle = table
                .open
                .iter()
                .enumerate()
                .filter(|(_, open)| open.phase == Phase::Reading)
                .min_by_key(|(_, open)| open.since)
                .map(|(i, _)| i);
            match idle {
                Some(i) => {
                    let closed = table.open.swap_remove(i);
                    // Its thread's read returns at once and the thread ends.
                    let _ = closed.socket.shutdown(Shutdown::Both);
                }
                None => {
                    table = self
                        .freed
                        .wait(table)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
        }
        let id = table.next_id;
        table.next_id += 1;
        table.open.push(Open {
            id,
            phase: Phase::Reading,
            since: Instant::now(),
            socket,
        });
        Some(Slot {
            slots: Arc::clone(self),
            id,
        })
    }
}

/// A connection's place in [`Slots`], given back when the connection's thread ends.
struct Slot {
    slots: Arc<Slots>,
    id: u64,
}

impl Slot {
    /// Move to `phase`. Entering `Waiting` fails (and changes nothing) when `waits`
    /// connections already wait.
    fn enter(&self, phase: Phase) -> bool {
        let mut table = self.slots.lock();
        if phase == Phase::Waiting
            && table
                .open
                .iter()
                .filter(|o| o.phase == Phase::Waiting)
                .count()
                >= self.slots.waits
        {
            return false;
        }
        // A connection whose slot was taken is no longer in the table; its socket is shut, so
        // its thread is about to end.
        if let Some(open) = table.open.iter_mut().find(|o| o.id == self.id) {
            open.phase = phase;
            open.since = Instant::now();
        }
        true
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut table = self.slots.lock();
        table.open.retain(|o| o.id != self.id);
        drop(table);
        self.slots.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::head_end;

    #[test]
    fn a_head_ends_at_its_empty_line_whichever_line_ends_it_uses() {
        let crlf = b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next";
        assert_eq!(head_end(crlf, 0), Some(27));
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: a\n\nrest", 0), Some(24));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n", 0), None);
        // Scanning resumes where it stopped, including an empty line split across reads.
        assert_eq!(head_end(crlf, 25), Some(27));
    }
}
