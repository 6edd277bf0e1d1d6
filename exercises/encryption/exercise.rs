//! Chapter 5, *Encryption*: "Exercise: reuse a nonce".
//!
//! AES-GCM encrypts by XOR with a keystream that depends only on the key and
//! the nonce. Write `xor`, then `recover`: from a first message that an
//! eavesdropper knows and the ciphertexts of two messages encrypted under the
//! same key and nonce, recover the second message. The program that calls
//! them is in `demo.rs`.
//!
//! Run it with `cargo run --example encryption_exercise`, and check your
//! answer with `cargo test --example encryption_exercise`.

use secure_messaging::transmission::TAG_LEN;

// ANCHOR: exercise
/// The XOR of `a` and `b`, byte by byte, over the shorter of the two.
#[allow(unused_variables)] // until you write the body
fn xor(a: &[u8], b: &[u8]) -> Vec<u8> {
    todo!("zip the two slices and XOR each pair of bytes")
}

/// The second message, from the first message and both ciphertexts, when
/// both were encrypted under the same key and nonce. Tags are left out.
#[allow(unused_variables)] // until you write the body
fn recover(
    known_first: &[u8],
    first_ciphertext: &[u8],
    second_ciphertext: &[u8],
) -> Vec<u8> {
    let first = &first_ciphertext[..first_ciphertext.len() - TAG_LEN];
    let second = &second_ciphertext[..second_ciphertext.len() - TAG_LEN];
    todo!("XOR the two ciphertexts: what is left of the keystream?")
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
