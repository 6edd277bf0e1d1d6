//! Chapter 2, *Key exchange*: "Exercise: a safety number".
//!
//! Write `safety_number`, which turns the two public keys of a conversation
//! into thirty digits that both sides can read to each other. `demo.rs`
//! holds the program that calls it: it shows the client's and the server's
//! numbers, then what happens to them when Mallory swaps a key.
//!
//! Run it with `cargo run --example key_exchange_exercise`, and check your
//! answer with `cargo test --example key_exchange_exercise`.

use secure_messaging::key_generation::PublicKey;

// ANCHOR: exercise
/// The safety number of a conversation, the same on both sides.
///
/// SHA-256 over the two 32-byte public keys, the smaller one first (compared
/// as byte strings), so the order of the arguments does not matter. Bytes
/// 0-4, 5-9, ..., 25-29 of the hash, each read as a big-endian number, give
/// that number modulo 100000: six groups of five digits, zero-padded and
/// separated by single spaces.
#[allow(unused_variables)] // until you write the body
fn safety_number(mine: &PublicKey, theirs: &PublicKey) -> String {
    todo!("order the keys, hash them with sha2::Sha256, format six groups")
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
