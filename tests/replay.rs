//! Part II, *Replay*, against the real Part I programs over loopback: the
//! `client` example talks to the `server` example through a recording proxy,
//! the recorded bytes are sent to the server again, and the server refuses
//! them with its tag error, then serves the next client.
//!
//! The binaries are the ones `cargo test` builds from `examples/`.
#![forbid(unsafe_code)]

use std::net::{SocketAddr, TcpListener};
use std::thread;

use secure_messaging::attacks::replay::{relay_and_record, replay};

#[allow(dead_code)] // only its `example` is used here
mod common;
mod support;
use support::{PATIENCE, Process, poll};

/// The value on the server's line `[client N] LABEL (32 bytes): VALUE`.
fn server_value(server: &Process, client: usize, label: &str) -> String {
    let prefix = format!("[client {client}] {label} (32 bytes): ");
    let text = server.stdout.text();
    text.lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {prefix:?} in:\n{text}"))
        .to_owned()
}

#[test]
fn the_real_server_refuses_a_replayed_connection_and_serves_the_next() {
    let server = Process::spawn(
        "server",
        &["--port", "0", "--timeout", "5", "--full-hex"],
        false,
    );
    let prefix = "Server listening on ";
    server.wait_for_stdout(prefix);
    let address: SocketAddr = server
        .stdout
        .text()
        .lines()
        .find_map(|line| line.strip_prefix(prefix))
        .and_then(|address| address.trim().parse().ok())
        .expect("the server's address");

    // The real client, through Mallory's proxy.
    let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy_port = proxy.local_addr().unwrap().port().to_string();
    let relay = thread::spawn(move || {
        let (client, _) = proxy.accept().unwrap();
        relay_and_record(client, address).unwrap()
    });
    let message = "Transfer 10 EUR to Mallory";
    Process::spawn(
        "client",
        &["--port", &proxy_port, "--message", message],
        false,
    )
    .wait()
    .assert_success();
    let recording = relay.join().unwrap();
    server.wait_for_stdout(&format!("Message: {message:?}"));
    assert_eq!(recording.to_client.len(), 32);
    assert_eq!(recording.to_server.len(), 32 + 32 + 12 + 4 + 26 + 16);

    // Mallory sends the recorded bytes again.
    let new_public = replay(&recording.to_server, address).unwrap();
    let error = poll(PATIENCE, || {
        let stderr = server.stderr.text();
        stderr
            .lines()
            .find(|line| line.starts_with("[client 2 from "))
            .map(str::to_owned)
    })
    .unwrap_or_else(|| panic!("no error about client 2:\n{}", server.output()));
    assert!(
        error.ends_with(
            "error: decryption failed: the tag did not verify (wrong key or \
             nonce, or the message was changed on the way)"
        ),
        "{error}"
    );
    let public =
        |client| server_value(&server, client, "Sent server public key");
    assert_eq!(public(1), hex::encode(&recording.to_client));
    assert_eq!(public(2), hex::encode(new_public.as_bytes()));
    assert_ne!(public(1), public(2), "the server reused its key pair");
    let key = |client| server_value(&server, client, "AES-256 key");
    assert_ne!(key(1), key(2), "the replay met the same key");
    assert_eq!(
        server.stdout.text().matches("Message: ").count(),
        1,
        "the replayed message was printed:\n{}",
        server.output()
    );

    // The server goes on serving.
    Process::spawn(
        "client",
        &["--port", &address.port().to_string(), "--message", "next"],
        false,
    )
    .wait()
    .assert_success();
    server.wait_for_stdout("Message: \"next\"");
}
