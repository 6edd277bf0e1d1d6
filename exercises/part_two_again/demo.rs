//! The program that `exercise.rs` and `solution.rs` both run: Mallory
//! records a Noise NK connection and plays it to the server again.

use secure_messaging::noise::{HandshakeState, PROLOGUE, StaticKeyPair};

use super::replay_connection;

/// What Mallory recorded on the way to the server: message 1 of the
/// handshake and the first transport message.
pub struct Recording {
    pub first: Vec<u8>,
    pub transport: Vec<u8>,
}

/// A real connection, recorded.
pub fn record(server_key: &StaticKeyPair) -> Recording {
    let client =
        HandshakeState::nk_initiator(PROLOGUE, server_key.public_key());
    let server = HandshakeState::nk_responder(PROLOGUE, server_key.clone());
    let (first, client) = client.write_message(b"").unwrap();
    let (_, server) = server.read_message(&first).unwrap();
    let (reply, mut server) = server.write_message(b"").unwrap();
    let (_, mut client) = client.read_message(&reply).unwrap();
    let transport = client.write_message(b"Transfer 10 EUR").unwrap();
    assert_eq!(server.read_message(&transport).unwrap(), b"Transfer 10 EUR");
    Recording { first, transport }
}

/// Records a connection, then replays it.
pub fn run() {
    let server_key = StaticKeyPair::generate();
    let recording = record(&server_key);
    println!("Recorded: the server read \"Transfer 10 EUR\"");
    match replay_connection(&server_key, &recording) {
        Ok(text) => println!(
            "Replayed: the server read {:?} AGAIN",
            String::from_utf8_lossy(&text)
        ),
        Err(err) => println!("Replayed: the server refused it: {err}"),
    }
}
