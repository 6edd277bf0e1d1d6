//! Chapter 7, *Decryption*: the solution of "Exercise: flip a bit".
//!
//! The client's ciphertext is tampered with in every way that changes one
//! bit: each bit of the ciphertext and of its tag, one at a time. AES-GCM
//! refuses every one of them.
//!
//! Run it with `cargo run --example decryption_solution`.

use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::Nonce;
use secure_messaging::key_derivation::SessionKey;

// ANCHOR: solution
/// Flips bit number `bit` of `bytes`. Bits are numbered from the lowest bit of
/// byte 0: bit 0 is `bytes[0] & 0x01`, bit 7 is `bytes[0] & 0x80`, bit 8 is
/// `bytes[1] & 0x01`, and so on. Panics if `bit` is past the end.
fn flip_bit(bytes: &mut [u8], bit: usize) {
    bytes[bit / 8] ^= 1 << (bit % 8);
}

/// Tries every single-bit change of `ciphertext`, its tag included, and
/// counts how many of them still decrypt under `key` and `nonce`.
fn accepted_flips(key: &SessionKey, nonce: &Nonce, ciphertext: &[u8]) -> usize {
    let mut tampered = ciphertext.to_vec();
    let mut accepted = 0;
    for bit in 0..tampered.len() * 8 {
        flip_bit(&mut tampered, bit);
        if decrypt(key, nonce, &tampered).is_ok() {
            accepted += 1;
        }
        flip_bit(&mut tampered, bit); // back to the original
    }
    accepted
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
