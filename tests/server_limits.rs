//! The server under attack, over loopback: one address that floods it with
//! idle connections, a terminal that stops reading, a message built to make it
//! print megabytes, and command lines that would make it panic.
//!
//! Clients here pick their own source address on the loopback range
//! (127.0.0.2, 127.0.1.7...), as students' laptops would have their own, so
//! that the server's limits per address can be seen at work. Every wait has a
//! deadline, every flood a count, and every server is killed when its test
//! ends.
#![forbid(unsafe_code)]

use std::collections::VecDeque;
use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, derive_key};
use secure_messaging::key_exchange::exchange_as_client;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::Envelope;
use socket2::{Domain, Socket, Type};

#[allow(dead_code)] // the values both sides print are not needed here
mod common;
use common::example;

/// The longest any one wait may last before the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(20);

/// A server started with `--port 0`, its output collected as it comes.
struct Server {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    /// The first line, with its port, and the greeting after it.
    greeting: String,
}

fn collect(mut pipe: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let into = Arc::clone(&text);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = pipe.read(&mut buf) {
            into.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

/// The server started with `args`, its output piped.
fn spawn_server(args: &[&str]) -> Child {
    Command::new(example("server"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads the first line, `Server listening on 127.0.0.1:PORT`, byte by byte.
fn read_port(stdout: &mut ChildStdout) -> (u16, String) {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let line = String::from_utf8(line).unwrap();
    let address: SocketAddr = line
        .strip_prefix("Server listening on ")
        .and_then(|address| address.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    (address.port(), line)
}

impl Server {
    fn start(options: &[&str]) -> Server {
        let mut child = spawn_server(&[&["--port", "0"], options].concat());
        let mut out = child.stdout.take().unwrap();
        let (port, greeting) = read_port(&mut out);
        Server {
            port,
            greeting,
            stdout: collect(out),
            stderr: collect(child.stderr.take().unwrap()),
            child,
        }
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stdout holds `text`.
    fn wait_for_stdout(&self, text: &str) {
        self.wait_for(text, Server::stdout);
    }

    /// Waits until stderr holds `text`.
    fn wait_for_stderr(&self, text: &str) {
        self.wait_for(text, Server::stderr);
    }

    fn wait_for(&self, text: &str, output: fn(&Server) -> String) {
        let deadline = Instant::now() + PATIENCE;
        while !output(self).contains(text) {
            assert!(
                Instant::now() < deadline,
                "the server did not print {text:?}\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A connection to the server on `port` from `source`, a loopback address.
fn connect_from(source: Ipv4Addr, port: u16) -> std::io::Result<TcpStream> {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    socket.bind(&SocketAddr::from((source, 0)).into())?;
    socket.connect_timeout(
        &SocketAddr::from(([127, 0, 0, 1], port)).into(),
        PATIENCE,
    )?;
    let stream: TcpStream = socket.into();
    stream.set_read_timeout(Some(PATIENCE))?;
    stream.set_write_timeout(Some(PATIENCE))?;
    Ok(stream)
}

/// The whole protocol from `source`, as the client example runs it, with
/// `pause` where a person would type. Returns how long it took until the
/// server had the message and closed the connection.
fn honest_client(
    source: Ipv4Addr,
    port: u16,
    message: &str,
    pause: Duration,
) -> Result<Duration, String> {
    let started = Instant::now();
    let mut stream = connect_from(source, port)
        .map_err(|err| format!("connect from {source}: {err}"))?;
    let key_pair = KeyPair::generate();
    let server_public = exchange_as_client(&mut stream, &key_pair.public_key())
        .map_err(|err| format!("key exchange from {source}: {err}"))?;
    let secret = key_pair.diffie_hellman(&server_public).unwrap();
    thread::sleep(pause);
    let salt = Salt::random();
    let key = derive_key(&secret, &salt);
    let nonce = Nonce::random();
    let ciphertext = encrypt(&key, &nonce, message.as_bytes()).unwrap();
    Envelope {
        salt,
        nonce,
        ciphertext,
    }
    .send(&mut stream)
    .map_err(|err| format!("send from {source}: {err}"))?;
    let mut rest = Vec::new();
    stream
        .read_to_end(&mut rest)
        .map_err(|err| format!("waiting for the close from {source}: {err}"))?;
    Ok(started.elapsed())
}

/// One address that opens `count` idle connections and, as the server closes
/// them, opens new ones, until stopped.
struct Flood {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<usize>>,
}

impl Flood {
    fn start(port: u16, count: usize) -> Flood {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let (ready, is_ready) = std::sync::mpsc::channel();
        let thread = thread::spawn(move || {
            let mut held = VecDeque::with_capacity(count);
            let mut opened = 0;
            while !stopped.load(Ordering::SeqCst) {
                if held.len() == count {
                    let _ = ready.send(());
                    held.pop_front(); // the oldest goes, a new one comes
                    thread::sleep(Duration::from_millis(1));
                }
                if let Ok(stream) = connect_from(Ipv4Addr::LOCALHOST, port) {
                    held.push_back(stream);
                    opened += 1;
                }
            }
            opened
        });
        is_ready
            .recv_timeout(PATIENCE)
            .expect("the flood did not open its connections in time");
        Flood {
            stop,
            thread: Some(thread),
        }
    }

    /// Stops the flood; returns how many connections it opened.
    fn stop(mut self) -> usize {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.take().unwrap().join().unwrap()
    }
}

impl Drop for Flood {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// 1,000 idle connections, or as many as fit this test process's limit on
/// open files (`ulimit -n`, 1,024 on many systems) with room for the two
/// flood tests at once and 200 students.
fn flood_size() -> usize {
    let limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            let line = limits
                .lines()
                .find(|line| line.starts_with("Max open files"))?
                .to_owned();
            line.split_whitespace().nth(3)?.parse::<usize>().ok()
        })
        .unwrap_or(1024);
    let size = 1000.min(limit.saturating_sub(400) / 2);
    assert!(
        size > 100,
        "ulimit -n is {limit}: raise it to run these tests"
    );
    size
}

#[test]
fn an_idle_flood_from_one_address_keeps_no_one_else_out() {
    let server = Server::start(&[]);
    let flood = Flood::start(server.port, flood_size());
    for round in 1..=3 {
        let message = format!("from 127.0.0.2, round {round}");
        let took = honest_client(
            Ipv4Addr::new(127, 0, 0, 2),
            server.port,
            &message,
            Duration::ZERO,
        )
        .unwrap_or_else(|err| {
            panic!("round {round}: {err}\n{}", server.stderr())
        });
        assert!(
            took < Duration::from_secs(1),
            "round {round}: served after {took:?}, not within a second"
        );
        server.wait_for_stdout(&format!("Message: {message:?}"));
    }
    let opened = flood.stop();
    println!("the flood opened {opened} connections from 127.0.0.1");
    server
        .wait_for_stderr("refused: 127.0.0.1 already has 32 connections open");
}

#[test]
fn a_class_of_200_on_distinct_addresses_is_served_during_a_flood() {
    let server = Server::start(&[]);
    let flood = Flood::start(server.port, flood_size());
    let students: Vec<_> = (0..200u8)
        .map(|i| {
            let port = server.port;
            thread::spawn(move || {
                let source = Ipv4Addr::new(127, 0, 1, i + 1);
                honest_client(
                    source,
                    port,
                    &format!("student {i}"),
                    Duration::ZERO,
                )
            })
        })
        .collect();
    let failures: Vec<String> = students
        .into_iter()
        .filter_map(|student| student.join().unwrap().err())
        .collect();
    flood.stop();
    assert!(
        failures.is_empty(),
        "{} failed: {failures:#?}",
        failures.len()
    );
    let stdout = server.stdout();
    for i in 0..200 {
        assert!(
            stdout.contains(&format!("Message: \"student {i}\"")),
            "student {i} was not served"
        );
    }
}

#[test]
fn a_full_server_makes_room_by_closing_the_busiest_address_oldest() {
    let server = Server::start(&["--max-clients", "8", "--per-address", "8"]);
    let idle: Vec<TcpStream> = (0..8)
        .map(|_| connect_from(Ipv4Addr::LOCALHOST, server.port).unwrap())
        .collect();
    // The server has taken all eight before the newcomer comes.
    server.wait_for_stdout("[client 8] Generated");
    honest_client(
        Ipv4Addr::new(127, 0, 0, 2),
        server.port,
        "room for me",
        Duration::ZERO,
    )
    .unwrap();
    server.wait_for_stdout("Message: \"room for me\"");
    server.wait_for_stderr(
        "error: closed to make room for a client from a less busy address",
    );
    assert!(server.stderr().starts_with("[client 1 from 127.0.0.1:"));
    drop(idle);
}

#[test]
fn a_person_may_type_slowly_but_a_program_must_not_stall() {
    let server =
        Server::start(&["--handshake-timeout", "1", "--timeout", "10"]);
    // Waiting 1.5 s at the prompt is fine: that stage has the long deadline.
    honest_client(
        Ipv4Addr::new(127, 0, 0, 3),
        server.port,
        "typed slowly",
        Duration::from_millis(1500),
    )
    .unwrap();
    server.wait_for_stdout("Message: \"typed slowly\"");
    // Sending no key at all is a program stalling: gone after 1 s, not 10.
    let mut silent =
        connect_from(Ipv4Addr::new(127, 0, 0, 3), server.port).unwrap();
    let since = Instant::now();
    let mut byte = [0u8; 1];
    let closed = matches!(silent.read(&mut byte), Ok(0) | Err(_));
    let waited = since.elapsed();
    assert!(closed && waited < Duration::from_secs(5), "{waited:?}");
    server.wait_for_stderr("timed out waiting for the client's public key");
}

#[test]
fn a_terminal_that_stops_reading_does_not_hold_the_places() {
    // Stdout is a pipe nobody reads: it fills after a few dozen clients.
    let mut child = Command::new(example("server"))
        .args(["--port", "0", "--max-clients", "4"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (port, _) = read_port(&mut stdout);
    let message = "x".repeat(200);
    let result = (0..300).try_for_each(|i| {
        honest_client(
            Ipv4Addr::new(127, 0, 2, 1),
            port,
            &message,
            Duration::ZERO,
        )
        .map(drop)
        .map_err(|err| format!("client {i}: {err}"))
    });
    let _ = child.kill();
    let _ = child.wait();
    drop(stdout);
    result.unwrap();
}

#[test]
fn one_long_message_cannot_make_the_server_print_megabytes() {
    let server = Server::start(&["--full-hex", "--once"]);
    let message = "A".repeat(65_536);
    honest_client(
        Ipv4Addr::new(127, 0, 0, 4),
        server.port,
        &message,
        Duration::ZERO,
    )
    .unwrap();
    server.wait_for_stdout("SUCCESS");
    let stdout = server.stdout();
    println!(
        "{} bytes printed for a 64 KiB message in full hex",
        stdout.len()
    );
    assert!(stdout.len() < 4096, "{} bytes printed", stdout.len());
    assert!(
        stdout.contains(" ... (65280 more bytes not shown)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(" ... (65296 more bytes not shown)"),
        "{stdout}"
    );
}

#[test]
fn a_free_port_comes_with_the_command_that_reaches_it() {
    let server = Server::start(&[]);
    server.wait_for_stdout("Connect with: ");
    let second = server
        .stdout()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        second,
        format!(
            "Connect with: cargo run --example client -- --port {}",
            server.port
        ),
        "after {:?}",
        server.greeting
    );
}

/// Runs the server with `args`; it must exit by itself within the patience.
fn run_briefly(args: &[&str]) -> std::process::Output {
    let mut child = spawn_server(args);
    let deadline = Instant::now() + PATIENCE;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server started with {args:?} instead of refusing");
        }
        thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn numbers_that_would_break_the_server_are_refused_on_one_line() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["--timeout", "18446744073709551615"],
            "--timeout must be from 1 to 86400, not 18446744073709551615",
        ),
        (
            &["--handshake-timeout", "0"],
            "--handshake-timeout must be from 1 to 86400, not 0",
        ),
        (
            &["--max-clients", "0"],
            "--max-clients must be from 1 to 100000, not 0",
        ),
        (
            &["--per-address", "-1"],
            "invalid value '-1' for --per-address",
        ),
    ];
    for (options, expected) in cases {
        let done = run_briefly(&[&["--port", "0"], options].concat());
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert!(!done.status.success(), "{options:?}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{options:?}: {stderr}");
        assert!(stderr.contains("run with --help"), "{stderr}");
        assert!(done.stdout.is_empty(), "{options:?}: nothing should start");
    }
    let help = Command::new(example("server"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for option in ["--handshake-timeout", "--max-clients", "--per-address"] {
        assert!(
            help.contains(&format!("  {option} "))
                || help.contains(&format!("  {option}\n")),
            "{help}"
        );
    }
}

#[test]
fn out_of_file_descriptors_the_server_waits_instead_of_dying() {
    // `ulimit -n 40` for this one server: a dozen idle clients use it up.
    let server = format!(
        "ulimit -n 40 && exec '{}' --port 0 --per-address 1000",
        example("server").display()
    );
    let mut child = Command::new("sh")
        .args(["-c", &server])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (port, _) = read_port(&mut stdout);
    let server = Server {
        port,
        greeting: String::new(),
        stdout: collect(stdout),
        stderr: collect(child.stderr.take().unwrap()),
        child,
    };
    let idle: Vec<TcpStream> = (0..60)
        .map(|_| connect_from(Ipv4Addr::LOCALHOST, port).unwrap())
        .collect();
    // Either accept failed, or keeping a handle on the connection did: both
    // refuse that client, and the server goes on.
    server.wait_for_stderr("Too many open files");
    drop(idle);
    honest_client(
        Ipv4Addr::new(127, 0, 0, 5),
        port,
        "after running out",
        Duration::ZERO,
    )
    .unwrap();
    server.wait_for_stdout("Message: \"after running out\"");
}
