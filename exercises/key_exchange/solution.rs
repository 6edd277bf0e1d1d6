//! Chapter 2, *Key exchange*: the solution of "Exercise: a safety number".
//!
//! The key exchange names nobody, so the two people at the ends compare keys
//! by eye: each side turns both public keys into thirty digits and reads them
//! to the other over a channel they trust. Mallory can swap a key on the
//! wire, but then the two numbers differ.
//!
//! Run it with `cargo run --example key_exchange_solution`.

use secure_messaging::key_generation::PublicKey;
use sha2::{Digest, Sha256};

// ANCHOR: solution
/// The safety number of a conversation, the same on both sides.
///
/// SHA-256 over the two 32-byte public keys, the smaller one first (compared
/// as byte strings), so the order of the arguments does not matter. Bytes
/// 0-4, 5-9, ..., 25-29 of the hash, each read as a big-endian number, give
/// that number modulo 100000: six groups of five digits, zero-padded and
/// separated by single spaces.
fn safety_number(mine: &PublicKey, theirs: &PublicKey) -> String {
    let (first, second) = if mine.as_bytes() <= theirs.as_bytes() {
        (mine, theirs)
    } else {
        (theirs, mine)
    };
    let hash = Sha256::new()
        .chain_update(first.as_bytes())
        .chain_update(second.as_bytes())
        .finalize();
    let groups: Vec<String> = hash
        .chunks(5)
        .take(6)
        .map(|chunk| {
            let n =
                chunk.iter().fold(0u64, |n, &byte| n << 8 | u64::from(byte));
            format!("{:05}", n % 100_000)
        })
        .collect();
    groups.join(" ")
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
