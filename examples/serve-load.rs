//! Load probe for `vardlots serve` (issue 12, item 4): keep-alive latency with a client that
//! never reads connected, and what 300 opened-and-closed event streams leave behind.
//!
//! Run by `bench/serve-load.sh [SITE]`, or `cargo run --release --example serve-load -- SITE`
//! after `cargo build --release`. Starts `$VARDLOTS` (default `target/release/vardlots`)
//! `serve --port 0` on SITE, then:
//! 1. one client sends 50 pipelined requests and never reads a byte (it stays connected);
//! 2. one client sends 200 requests one after another on one keep-alive connection;
//! 3. 50 clients send 200 keep-alive requests each, all at once;
//! 4. 300 event streams are opened (until `: connected`) and closed, then after two seconds
//!    the server's threads and its sockets in CLOSE-WAIT are counted (from /proc, so Linux).
//!
//! Prints the latencies (p50, p99, max) and the counts. Talks to 127.0.0.1 only; every loop
//! is bounded and every read has a time-out. Only `std`, like the other examples.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

/// A request that takes longer than this counts as failed (the finding was 15–20 s stalls).
const TIMEOUT: Duration = Duration::from_secs(20);

struct Args {
    site: String,
    clients: usize,
    requests: usize,
    sse: usize,
    path: String,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        site: String::new(),
        clients: 50,
        requests: 200,
        sse: 300,
        path: "/".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--clients" => a.clients = value("--clients")?.parse().map_err(|_| "--clients")?,
            "--requests" => a.requests = value("--requests")?.parse().map_err(|_| "--requests")?,
            "--sse" => a.sse = value("--sse")?.parse().map_err(|_| "--sse")?,
            "--path" => a.path = value("--path")?,
            s if !s.starts_with('-') && a.site.is_empty() => a.site = s.into(),
            s => return Err(format!("unknown argument {s}")),
        }
    }
    if a.site.is_empty() {
        return Err(
            "usage: serve-load [--clients 50] [--requests 200] [--sse 300] [--path /] SITE".into(),
        );
    }
    Ok(a)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() -> ExitCode {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let binary = std::env::var("VARDLOTS").unwrap_or_else(|_| "target/release/vardlots".into());
    let mut child = match Command::new(&binary)
        .args(["serve", "--port", "0", "--root", &args.site])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot start {binary}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stderr = child.stderr.take().expect("piped stderr");
    let server = Server(child);
    let pid = server.0.id();
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        match lines.next() {
            Some(Ok(line)) => {
                eprintln!("{line}");
                if let Some(rest) = line.split("http://").nth(1) {
                    break rest.split('/').next().unwrap_or_default().to_string();
                }
            }
            _ => {
                eprintln!("the server stopped before it served");
                return ExitCode::FAILURE;
            }
        }
    };
    // Keep reading the server's output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
    assert!(addr.starts_with("127.0.0.1:"), "loopback only, not {addr}");
    let port: u16 = addr
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);

    // 1. The client that pipelines and never reads.
    let mut stalled = TcpStream::connect(&addr).expect("connect");
    let pipelined = format!("GET {} HTTP/1.1\r\nHost: x\r\n\r\n", args.path).repeat(50);
    stalled.write_all(pipelined.as_bytes()).expect("send");
    std::thread::sleep(Duration::from_millis(500));

    // 2. One client, one connection, one request after another.
    let (single, failed) = client(&addr, &args.path, args.requests);
    println!(
        "one keep-alive client, {} requests: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {failed} failed",
        args.requests,
        pct(&single, 50.0),
        pct(&single, 99.0),
        pct(&single, 100.0)
    );

    // 3. All clients at once.
    let barrier = Arc::new(Barrier::new(args.clients));
    let started = Instant::now();
    let handles: Vec<_> = (0..args.clients)
        .map(|_| {
            let (addr, path, barrier) = (addr.clone(), args.path.clone(), Arc::clone(&barrier));
            let n = args.requests;
            std::thread::spawn(move || {
                barrier.wait();
                client(&addr, &path, n)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut failed = 0;
    for h in handles {
        let (t, f) = h.join().expect("client thread");
        all.extend(t);
        failed += f;
    }
    let wall = started.elapsed().as_secs_f64();
    println!(
        "{} clients x {} keep-alive requests, one non-reading client connected: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {failed} failed, {:.0} requests/s",
        args.clients,
        args.requests,
        pct(&all, 50.0),
        pct(&all, 99.0),
        pct(&all, 100.0),
        all.len() as f64 / wall
    );
    drop(stalled);

    // 4. Event streams opened and closed, as by page loads and closed tabs.
    let before = threads(pid);
    let mut opened = 0;
    for _ in 0..args.sse {
        if open_events(&addr) {
            opened += 1;
        }
    }
    std::thread::sleep(Duration::from_secs(2));
    println!(
        "{} event streams opened and closed ({opened} opened): server threads {before} before, {} after; sockets in CLOSE-WAIT: {}; still established: {}",
        args.sse,
        threads(pid),
        sockets(port, "08"),
        sockets(port, "01"),
    );
    ExitCode::SUCCESS
}

/// `n` requests on one keep-alive connection: each one's time, and how many failed.
fn client(addr: &str, path: &str, n: usize) -> (Vec<f64>, usize) {
    let mut times = Vec::with_capacity(n);
    let Ok(stream) = TcpStream::connect(addr) else {
        return (times, n);
    };
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(TIMEOUT));
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut writer = stream;
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
    for i in 0..n {
        let t0 = Instant::now();
        if writer.write_all(request.as_bytes()).is_err() || !read_response(&mut reader) {
            return (times, n - i);
        }
        times.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    (times, 0)
}

/// Reads one response with a `Content-Length` body; false on error or time-out.
fn read_response(reader: &mut BufReader<TcpStream>) -> bool {
    let mut len = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            len = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).is_ok()
}

/// Opens an event stream, waits for its first comment, and closes it.
fn open_events(addr: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(TIMEOUT));
    if stream
        .write_all(b"GET /__vardlots/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    while !seen.windows(11).any(|w| w == b": connected") && seen.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
    true
}

fn pct(times: &[f64], p: f64) -> f64 {
    if times.is_empty() {
        return f64::NAN;
    }
    let mut t = times.to_vec();
    t.sort_by(f64::total_cmp);
    let i = ((p / 100.0) * (t.len() - 1) as f64).round() as usize;
    t[i.min(t.len() - 1)]
}

fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// Sockets on the server's side of `port` in TCP `state` (hex, as /proc/net/tcp writes it:
/// 01 established, 08 CLOSE-WAIT).
fn sockets(port: u16, state: &str) -> usize {
    let local = format!(":{port:04X}");
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|t| {
            t.lines()
                .skip(1)
                .filter(|l| {
                    let cols: Vec<&str> = l.split_whitespace().collect();
                    cols.len() > 3 && cols[1].ends_with(&local) && cols[3] == state
                })
                .count()
        })
        .sum()
}
