//! Chapter 7, *Decryption*: "Exercise: flip a bit".
//!
//! Write `flip_bit`, which flips one bit of a byte string, and
//! `accepted_flips`, which tries every single-bit change of a ciphertext, its
//! tag included, and counts how many still decrypt. The program in `demo.rs`,
//! which `solution.rs` runs too, calls them: it tampers with a real
//! ciphertext in every such way and shows one refusal.
//!
//! Run it with `cargo run --example decryption_exercise`, and check your
//! answer with `cargo test --example decryption_exercise`.

#[allow(unused_imports)] // until you write accepted_flips
use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::Nonce;
use secure_messaging::key_derivation::SessionKey;

// ANCHOR: exercise
/// Flips bit number `bit` of `bytes`. Bits are numbered from the lowest bit of
/// byte 0: bit 0 is `bytes[0] & 0x01`, bit 7 is `bytes[0] & 0x80`, bit 8 is
/// `bytes[1] & 0x01`, and so on. Panics if `bit` is past the end.
#[allow(unused_variables)] // until you write the body
fn flip_bit(bytes: &mut [u8], bit: usize) {
    todo!("find the byte with bit / 8 and the bit in it with bit % 8")
}

/// Tries every single-bit change of `ciphertext`, its tag included, and
/// counts how many of them still decrypt under `key` and `nonce`.
#[allow(unused_variables)] // until you write the body
fn accepted_flips(key: &SessionKey, nonce: &Nonce, ciphertext: &[u8]) -> usize {
    todo!("copy the ciphertext; for each bit: flip, decrypt, flip it back")
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
