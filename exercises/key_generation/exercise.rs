//! Chapter 1, *Key generation*: "Exercise: two private keys, one public key".
//!
//! Write `clamp`, which clamps a private key as RFC 7748 does, and `twin`,
//! which returns a different private key with the same public key.
//! `demo.rs` holds the program that calls them: it shows a random private
//! key, its twin, both clamped, and their public keys.
//!
//! Run it with `cargo run --example key_generation_exercise`, and check your
//! answer with `cargo test --example key_generation_exercise`.

// ANCHOR: exercise
/// Clamps a private key as RFC 7748 (section 5) does: clears the three lowest
/// bits of byte 0, clears bit 7 of byte 31 and sets bit 6 of byte 31.
#[allow(unused_variables)] // until you write the body
fn clamp(private: [u8; 32]) -> [u8; 32] {
    todo!("copy the key, then change byte 0 and byte 31 with &= and |=")
}

/// A private key that differs from `private` but has the same public key.
#[allow(unused_variables)] // until you write the body
fn twin(private: [u8; 32]) -> [u8; 32] {
    todo!("change a bit that clamp() overwrites anyway")
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
