//! Part III, *The transcript hash*: the solution of "Exercise: the handshake
//! hash by hand".
//!
//! Two lines of SHA-256 recompute a real handshake's hash from the bytes it
//! sent: every byte on the wire, and the prologue, is in `h`.
//!
//! Run it with `cargo run --example transcript_hash_solution`.

use sha2::{Digest, Sha256};

// ANCHOR: solution
/// `h` at the start: the protocol name padded with zeros to 32 bytes, or,
/// if the name is longer than 32 bytes, its SHA-256 hash.
fn initial_h(protocol_name: &str) -> [u8; 32] {
    let name = protocol_name.as_bytes();
    if name.len() > 32 {
        return Sha256::digest(name).into();
    }
    let mut h = [0u8; 32];
    h[..name.len()].copy_from_slice(name);
    h
}

/// The specification's `MixHash(data)`: `SHA-256(h || data)`.
fn mix_hash(h: &[u8; 32], data: &[u8]) -> [u8; 32] {
    Sha256::new()
        .chain_update(h)
        .chain_update(data)
        .finalize()
        .into()
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), secure_messaging::Error> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
