//! Part III, *Part II again*: the solution of "Exercise: replay a whole
//! connection".
//!
//! The server accepts the replayed message 1: nothing in it is old to a
//! server that keeps no list. But it answers with a new ephemeral key, so
//! `ee` and the transport keys are new, and the recorded transport message
//! fails its tag.
//!
//! Run it with `cargo run --example part_two_again_solution`.

use secure_messaging::noise::{HandshakeState, PROLOGUE, StaticKeyPair};

use demo::Recording;

// ANCHOR: solution
/// A fresh server with `server_key` reads `recording.first`, answers with
/// an empty message 2, then reads `recording.transport`.
fn replay_connection(
    server_key: &StaticKeyPair,
    recording: &Recording,
) -> secure_messaging::Result<Vec<u8>> {
    let server = HandshakeState::nk_responder(PROLOGUE, server_key.clone());
    let (_, server) = server.read_message(&recording.first)?;
    let (_reply, mut server) = server.write_message(b"")?; // a new e
    server.read_message(&recording.transport)
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run();
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
