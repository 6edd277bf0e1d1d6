//! The client example against servers that misbehave, each played by the test
//! on loopback: the client claims nothing it cannot know, gives up on a stage
//! at its deadline, and says in one line what happened and what to do.
//!
//! The binaries are the ones `cargo test` builds from `examples/`; `cargo test
//! --test client` alone does not rebuild them, and stops with a message if they
//! are older than their sources.
#![forbid(unsafe_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use secure_messaging::key_exchange::exchange_as_server;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::Envelope;

#[allow(dead_code)] // only its `example` is used here
mod common;
mod support;
use support::{FakeServer, Finished, PATIENCE, Process};

/// The client's last two lines when the server closes after the message.
const SENT: &str = "\
Sent. The server closed the connection; wire format v1 has no reply,
so it cannot confirm that the server decrypted it (Part III adds replies).";

/// The client example against `port` with `options`, nothing on stdin.
fn client(port: u16, options: &[&str]) -> Process {
    let port = port.to_string();
    let args = [&["--port", port.as_str()], options].concat();
    Process::spawn("client", &args, false)
}

/// The client example against `port`, prompting for the message.
fn prompted_client(port: u16, options: &[&str]) -> Process {
    let port = port.to_string();
    let args = [&["--port", port.as_str()], options].concat();
    Process::spawn("client", &args, true)
}

/// The server's side of the key exchange, with a fresh key pair.
fn key_exchange(stream: &mut TcpStream) {
    let ours = KeyPair::generate().public_key();
    exchange_as_server(stream, &ours).expect("the client's public key");
}

/// Key exchange, then the whole envelope.
fn key_exchange_and_envelope(stream: &mut TcpStream) -> Envelope {
    key_exchange(stream);
    Envelope::receive(stream).expect("the client's envelope")
}

/// Keeps `stream` open until the test says the client has exited.
fn hold_until(stream: TcpStream, client_gone: mpsc::Receiver<()>) {
    let _ = client_gone.recv_timeout(PATIENCE);
    drop(stream);
}

/// A port on which nothing listens.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Checks the client ends by saying what it knows: sent, and closed.
fn assert_sent(done: &Finished) {
    assert!(
        done.stdout.ends_with(&format!("\n{SENT}\n")),
        "{}",
        done.stdout
    );
}

fn assert_claims_no_success(done: &Finished) {
    let all = format!("{}{}", done.stdout, done.stderr);
    assert!(
        !all.contains("has the message") && !all.contains("SUCCESS"),
        "{all}"
    );
}

// ---------------------------------------------------------------------------
// Item 7: what the client knows after sending

#[test]
fn a_server_that_reads_the_message_and_closes_is_no_proof_of_decryption() {
    let server = FakeServer::start(|mut stream| {
        key_exchange_and_envelope(&mut stream);
    });
    let done = client(server.port, &["--message", "hi"]).wait();
    done.assert_success();
    assert_sent(&done);
    assert_claims_no_success(&done);
    server.join();
}

#[test]
fn a_server_that_only_half_closes_gets_no_success_claim() {
    let (gone_tx, gone_rx) = mpsc::channel();
    let server = FakeServer::start(move |mut stream| {
        key_exchange_and_envelope(&mut stream);
        stream.shutdown(Shutdown::Write).unwrap();
        hold_until(stream, gone_rx);
    });
    let done = client(server.port, &["--message", "hi"]).wait();
    gone_tx.send(()).unwrap();
    assert_sent(&done);
    assert_claims_no_success(&done);
    server.join();
}

/// Forwards one connection from the client to the server at `to`, flipping
/// the lowest bit of byte `flip_at` of what the client sends.
fn bit_flipping_proxy(to: u16, flip_at: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        let (from_client, _) = listener.accept().unwrap();
        let to_server = TcpStream::connect(("127.0.0.1", to)).unwrap();
        let (mut client_in, mut server_out) = (
            from_client.try_clone().unwrap(),
            to_server.try_clone().unwrap(),
        );
        let forward = thread::spawn(move || {
            let (mut buf, mut at) = ([0u8; 4096], 0);
            loop {
                let n = match client_in.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if (at..at + n).contains(&flip_at) {
                    buf[flip_at - at] ^= 1;
                }
                at += n;
                server_out.write_all(&buf[..n]).unwrap();
            }
            let _ = server_out.shutdown(Shutdown::Write);
        });
        let (mut server_in, mut client_out) = (to_server, from_client);
        let _ = std::io::copy(&mut server_in, &mut client_out);
        let _ = client_out.shutdown(Shutdown::Write);
        forward.join().unwrap();
    });
    port
}

#[test]
fn a_bit_flipped_on_the_way_is_refused_by_the_server_and_claimed_by_no_one() {
    let mut server =
        Process::spawn("server", &["--port", "0", "--once"], false);
    server.wait_for_stdout("Server listening on 127.0.0.1:");
    let text = server.stdout.text();
    let port: u16 = text
        .lines()
        .find_map(|line| line.strip_prefix("Server listening on 127.0.0.1:"))
        .and_then(|port| port.trim().parse().ok())
        .unwrap_or_else(|| panic!("no port in {text:?}"));
    // The client's key (32), then salt (32), nonce (12), length (4): the
    // first byte after those is the ciphertext's.
    let proxy = bit_flipping_proxy(port, 32 + 32 + 12 + 4);
    let done = client(proxy, &["--message", "Meet at noon"]).wait();
    let served = server.wait();
    assert!(!served.status.success(), "{}", served.stdout);
    assert!(
        served.stderr.contains("decryption failed"),
        "{}",
        served.stderr
    );
    assert_sent(&done);
    assert_claims_no_success(&done);
}

#[test]
fn bytes_from_the_server_after_the_message_are_no_acknowledgement() {
    let server = FakeServer::start(|mut stream| {
        key_exchange_and_envelope(&mut stream);
        stream.write_all(b"OK").unwrap();
    });
    let done = client(server.port, &["--message", "hi"]).wait();
    let line = done.one_line_error();
    assert!(line.contains("answered with 2 bytes"), "{line}");
    assert!(line.contains("cannot confirm"), "{line}");
    assert_claims_no_success(&done);
    server.join();
}

// ---------------------------------------------------------------------------
// Item 8: one deadline per stage

#[test]
fn a_server_dripping_its_key_cannot_hold_the_client_past_the_deadline() {
    // One byte every 300 ms: the whole key would take 9.6 s, each byte well
    // inside any per-read timeout.
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let server = FakeServer::start(move |mut stream| {
        let mut key = [0u8; 32];
        stream.read_exact(&mut key).unwrap();
        for byte in KeyPair::generate().public_key().as_bytes() {
            if done_rx.recv_timeout(Duration::from_millis(300)).is_ok()
                || stream.write_all(&[*byte]).is_err()
            {
                return;
            }
        }
    });
    let started = Instant::now();
    let done =
        client(server.port, &["--message", "hi", "--timeout", "1"]).wait();
    let waited = started.elapsed();
    done_tx.send(()).unwrap();
    let line = done.one_line_error();
    assert!(line.starts_with("Error: timed out"), "{line}");
    assert!(
        line.contains("key exchange") && line.contains("1 s"),
        "{line}"
    );
    assert!(
        waited < Duration::from_secs(8),
        "the client waited {waited:?} for a key dripped over 9.6 s"
    );
    server.join();
}

#[test]
fn a_server_that_never_closes_is_reported_as_a_timeout_not_a_close() {
    let (gone_tx, gone_rx) = mpsc::channel();
    let server = FakeServer::start(move |mut stream| {
        key_exchange_and_envelope(&mut stream);
        hold_until(stream, gone_rx);
    });
    let done =
        client(server.port, &["--message", "hi", "--timeout", "1"]).wait();
    gone_tx.send(()).unwrap();
    let line = done.one_line_error();
    assert!(line.starts_with("Error: timed out"), "{line}");
    assert!(
        line.contains("did not close the connection within 1 s"),
        "{line}"
    );
    assert!(done.stdout.contains("--- Message Encryption ---"));
    assert_claims_no_success(&done);
    server.join();
}

#[test]
fn a_server_that_never_reads_cannot_hold_the_longest_message() {
    // Whether the write blocks depends on the socket buffers; either way the
    // stage ends at its deadline.
    let (gone_tx, gone_rx) = mpsc::channel();
    let server = FakeServer::start(move |mut stream| {
        key_exchange(&mut stream);
        hold_until(stream, gone_rx);
    });
    let longest = "a".repeat(65_536);
    let options = ["--message", longest.as_str(), "--timeout", "1"];
    let done = client(server.port, &options).wait();
    gone_tx.send(()).unwrap();
    let line = done.one_line_error();
    assert!(line.starts_with("Error: timed out"), "{line}");
    assert!(line.contains("within 1 s"), "{line}");
    server.join();
}

#[test]
fn the_time_taken_to_type_is_not_counted() {
    let server = FakeServer::start(|mut stream| {
        key_exchange_and_envelope(&mut stream).ciphertext.len()
    });
    let mut client = prompted_client(server.port, &["--timeout", "1"]);
    client.wait_for_stdout("Enter message to send: ");
    thread::sleep(Duration::from_millis(1500)); // longer than --timeout
    client.type_line("typed slowly");
    let done = client.wait();
    done.assert_success();
    assert_sent(&done);
    assert_eq!(server.join(), "typed slowly".len() + 16);
}

#[test]
fn timeout_values_are_checked_before_connecting() {
    let port = closed_port();
    for (value, expected) in [
        ("0", "--timeout 0 would give up at once"),
        (
            "3601",
            "--timeout 3601 is too long: the limit is 3600 seconds",
        ),
        (
            "18446744073709551616",
            "invalid value '18446744073709551616'",
        ),
        ("soon", "invalid value 'soon' for --timeout"),
    ] {
        let done =
            client(port, &["--message", "hi", "--timeout", value]).wait();
        let line = done.one_line_error();
        assert!(line.contains(expected), "--timeout {value}: {line}");
        assert!(done.stdout.is_empty(), "{}", done.stdout);
    }
}

#[test]
fn help_lists_the_timeout() {
    let done = client(closed_port(), &["--help"]).wait();
    done.assert_success();
    assert!(done.stdout.contains("--timeout SECS"), "{}", done.stdout);
}

// ---------------------------------------------------------------------------
// Item 9: one honest line, with what to do

/// Checks a line names no OS error, and so none twice.
fn assert_no_os_error(line: &str) {
    assert!(!line.contains("os error"), "{line}");
}

#[test]
fn a_server_that_resets_before_the_key_exchange_may_be_full() {
    // A full server accepts and closes at once; with the client's key unread
    // the close is a reset, which printed its cause twice.
    let server = FakeServer::start(|stream| {
        thread::sleep(Duration::from_millis(300)); // the client's key arrives
        drop(stream);
    });
    let done = client(server.port, &["--message", "hi"]).wait();
    let line = done.one_line_error();
    assert_eq!(
        line,
        "Error: the server closed the connection before the key exchange: it \
         may be full or refusing this address; try again in a moment"
    );
    server.join();
}

#[test]
fn a_server_that_closes_before_the_key_exchange_may_be_full() {
    let server = FakeServer::start(|mut stream| {
        let mut key = [0u8; 32];
        stream.read_exact(&mut key).unwrap();
    });
    let done = client(server.port, &["--message", "hi"]).wait();
    let line = done.one_line_error();
    assert!(
        line.contains("it may be full or refusing this address"),
        "{line}"
    );
    server.join();
}

#[test]
fn a_server_that_stops_half_way_through_its_key_is_named() {
    let server = FakeServer::start(|mut stream| {
        let mut key = [0u8; 32];
        stream.read_exact(&mut key).unwrap();
        stream.write_all(b"hello").unwrap();
    });
    let done = client(server.port, &["--message", "hi"]).wait();
    let line = done.one_line_error();
    assert!(line.contains("(got 5 of 32 bytes)"), "{line}");
    assert_no_os_error(line);
    server.join();
}

#[test]
fn a_server_that_closes_after_the_key_exchange_gets_no_bare_os_error() {
    let server = FakeServer::start(|mut stream| key_exchange(&mut stream));
    let done = client(server.port, &["--message", "hi"]).wait();
    // The close may reach the client before it sends, or after: either way
    // it says what it knows, and never "not connected (os error 107)".
    let all = format!("{}{}", done.stdout, done.stderr);
    assert!(!all.contains("os error"), "{all}");
    assert_claims_no_success(&done);
    if done.status.success() {
        assert_sent(&done);
    } else {
        let line = done.one_line_error();
        assert!(
            line.contains("run the client again")
                || line.contains("look at the server's terminal"),
            "{line}"
        );
    }
    server.join();
}

#[test]
fn a_server_that_drops_the_message_unread_resets_and_is_not_called_a_close() {
    let server = FakeServer::start(|mut stream| {
        key_exchange(&mut stream);
        thread::sleep(Duration::from_millis(300)); // the message arrives
        drop(stream); // unread: the close is a reset
    });
    let done = client(server.port, &["--message", "hi"]).wait();
    let line = done.one_line_error();
    assert!(
        line.starts_with("Error: sent, but the server reset"),
        "{line}"
    );
    assert!(line.contains("without reading the whole message"), "{line}");
    assert_no_os_error(line);
    assert_claims_no_success(&done);
    server.join();
}

#[test]
fn a_server_stopped_while_the_message_is_typed_is_not_blamed_on_timeout() {
    let (closed_tx, closed_rx) = mpsc::channel();
    let server = FakeServer::start(move |mut stream| {
        key_exchange(&mut stream);
        drop(stream); // as Ctrl+C on the server closes it
        closed_tx.send(()).unwrap();
    });
    let mut client = prompted_client(server.port, &[]);
    client.wait_for_stdout("Enter message to send: ");
    closed_rx.recv_timeout(PATIENCE).unwrap();
    thread::sleep(Duration::from_millis(100)); // the close crosses loopback
    client.type_line("too late");
    let done = client.wait();
    let line = done.one_line_error();
    assert_eq!(
        line,
        "Error: the server closed the connection before the message was \
         sent: it was stopped, or it dropped this client after its --timeout; \
         start the server (or ask for it) and run the client again"
    );
    server.join();
}

#[test]
fn an_unknown_host_name_gets_a_name_resolution_message() {
    // `.invalid` never resolves (RFC 6761), even without a network.
    let done = client(
        closed_port(),
        &["--host", "no-such-host.invalid", "--message", "hi"],
    )
    .wait();
    let line = done.one_line_error();
    assert!(
        line.starts_with(
            "Error: could not find the host \"no-such-host.invalid\""
        ),
        "{line}"
    );
    assert!(line.contains("check its spelling"), "{line}");
    assert!(!line.contains("--bind"), "{line}");
}
