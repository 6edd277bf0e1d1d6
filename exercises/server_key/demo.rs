//! The program that `exercise.rs` and `solution.rs` both run: the client
//! pins a server key typed as hex, then runs an NK handshake with the real
//! server.

use secure_messaging::Error;
use secure_messaging::noise::{HandshakeState, PROLOGUE, StaticKeyPair};

use super::parse_server_key;

// ANCHOR: demo
/// An NK handshake with `server`, by a client that pinned the key typed as
/// `typed`. Fails with `server authentication failed` on another key.
pub fn connect(server: &StaticKeyPair, typed: &str) -> Result<(), String> {
    let pinned = parse_server_key(typed)?;
    let client = HandshakeState::nk_initiator(PROLOGUE, pinned);
    let at_server = HandshakeState::nk_responder(PROLOGUE, server.clone());
    let (message_1, client) = client.write_message(b"").map_err(text)?;
    // A server whose key the client did not pin cannot read message 1; it
    // answers anyway, as a man in the middle would, with its own key.
    let reply = match at_server.read_message(&message_1) {
        Ok((_, at_server)) => at_server.write_message(b"").map_err(text)?.0,
        Err(_) => own_reply(server).map_err(text)?,
    };
    client.read_message(&reply).map_err(text)?;
    Ok(())
}
// ANCHOR_END: demo

fn text(err: Error) -> String {
    err.to_string()
}

/// A message 2 made with `server`'s key, from a message 1 made for it.
fn own_reply(server: &StaticKeyPair) -> Result<Vec<u8>, Error> {
    let (message_1, _) =
        HandshakeState::nk_initiator(PROLOGUE, server.public_key())
            .write_message(b"")?;
    let (_, at_server) = HandshakeState::nk_responder(PROLOGUE, server.clone())
        .read_message(&message_1)?;
    Ok(at_server.write_message(b"")?.0)
}

pub fn run() {
    let server = StaticKeyPair::generate();
    let printed = hex::encode(server.public_key().as_bytes());
    let mut one_off = printed.clone();
    let last = if one_off.ends_with('0') { "1" } else { "0" };
    one_off.replace_range(63.., last);
    for (what, typed) in [
        ("the key the server printed", printed.clone()),
        ("the same, in capitals", printed.to_uppercase()),
        ("the last digit mistyped", one_off),
        ("one digit short", printed[..63].to_owned()),
        ("not hex", format!("{}zz", &printed[..62])),
        ("all zeros", "0".repeat(64)),
    ] {
        match connect(&server, &typed) {
            Ok(()) => println!("{what}: connected"),
            Err(err) => println!("{what}: {err}"),
        }
    }
}
