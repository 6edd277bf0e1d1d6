//! Chapter 5, *Encryption*: the solution of "Exercise: reuse a nonce".
//!
//! A client with a bug encrypts two messages under the same key and the same
//! nonce. The first is its fixed greeting, which anyone can guess. An
//! eavesdropper who saw both ciphertexts XORs them with the greeting and reads
//! the second message, without the key.
//!
//! Run it with `cargo run --example encryption_solution`.

use secure_messaging::transmission::TAG_LEN;

// ANCHOR: solution
/// The XOR of `a` and `b`, byte by byte, over the shorter of the two.
fn xor(a: &[u8], b: &[u8]) -> Vec<u8> {
    a.iter().zip(b).map(|(x, y)| x ^ y).collect()
}

/// The second message, from the first message and both ciphertexts, when
/// both were encrypted under the same key and nonce. Tags are left out.
fn recover(
    known_first: &[u8],
    first_ciphertext: &[u8],
    second_ciphertext: &[u8],
) -> Vec<u8> {
    let first = &first_ciphertext[..first_ciphertext.len() - TAG_LEN];
    let second = &second_ciphertext[..second_ciphertext.len() - TAG_LEN];
    // (first ^ keystream) ^ (second ^ keystream) = first ^ second
    xor(&xor(first, second), known_first)
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
