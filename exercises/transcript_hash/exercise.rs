//! Part III, *The transcript hash*: "Exercise: the handshake hash by hand".
//!
//! Write `initial_h`, the specification's start of `h`, and `mix_hash`,
//! `h = SHA-256(h || data)`, with the `sha2` crate only. `demo.rs` uses them
//! to recompute a real handshake's hash from the bytes it sent, the same for
//! `solution.rs`.
//!
//! Run it with `cargo run --example transcript_hash_exercise`, and check
//! your answer with `cargo test --example transcript_hash_exercise`.

#![allow(unused_imports)] // until you write the two functions
use sha2::{Digest, Sha256};

// ANCHOR: exercise
/// `h` at the start: the protocol name padded with zeros to 32 bytes, or,
/// if the name is longer than 32 bytes, its SHA-256 hash.
#[allow(unused_variables)] // until you write the body
fn initial_h(protocol_name: &str) -> [u8; 32] {
    todo!("copy a short name into [0u8; 32]; hash a long one")
}

/// The specification's `MixHash(data)`: `SHA-256(h || data)`.
#[allow(unused_variables)] // until you write the body
fn mix_hash(h: &[u8; 32], data: &[u8]) -> [u8; 32] {
    todo!("Sha256::new(), chain_update h then data, finalize")
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), secure_messaging::Error> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
