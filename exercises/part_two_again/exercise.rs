//! Part III, *Part II again*: "Exercise: replay a whole connection".
//!
//! Part II's replay sent a recorded connection to the server again. Do it
//! to Noise NK: answer the recorded message 1 as a fresh server would, then
//! read the recorded transport message. Predict first: which step refuses?
//!
//! Run it with `cargo run --example part_two_again_exercise`, and check your
//! answer with `cargo test --example part_two_again_exercise`.

// Until you write replay_connection, nothing reads a recording.
#![allow(dead_code, unused_imports)]

use secure_messaging::noise::{HandshakeState, PROLOGUE, StaticKeyPair};

use demo::Recording;

// ANCHOR: exercise
/// A fresh server with `server_key` reads `recording.first`, answers with
/// an empty message 2, then reads `recording.transport`.
#[allow(unused_variables)] // until you write the body
fn replay_connection(
    server_key: &StaticKeyPair,
    recording: &Recording,
) -> secure_messaging::Result<Vec<u8>> {
    todo!("nk_responder, read_message, write_message, then read_message")
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run();
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
