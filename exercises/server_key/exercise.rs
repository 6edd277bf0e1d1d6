//! Part III, *The server's long-term key and pinning it*: "Exercise: the
//! pinned key from hex".
//!
//! The client pins the server's key from what a person typed: 64 hex
//! digits. Write `parse_server_key`, which refuses, in one line a student
//! can act on, anything that is not a usable X25519 public key. `demo.rs`
//! runs an NK handshake with the key it returns, the same for
//! `solution.rs`.
//!
//! Run it with `cargo run --example server_key_exercise`, and check your
//! answer with `cargo test --example server_key_exercise`.

#![allow(unused_imports)] // until you write the function
use secure_messaging::key_generation::{KeyPair, PublicKey};

// ANCHOR: exercise
/// The server public key in `typed`: 64 hex digits, either case, spaces
/// around them allowed. Refuses a wrong length (saying that 64 digits are
/// expected), a non-hex digit, and a low-order key, with which the
/// Diffie-Hellman result would be all zeros.
#[allow(unused_variables)] // until you write the body
fn parse_server_key(typed: &str) -> Result<PublicKey, String> {
    todo!("trim, check the length, hex::decode, then try a diffie_hellman")
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
