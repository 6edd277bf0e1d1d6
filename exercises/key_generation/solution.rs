//! Chapter 1, *Key generation*: the solution of "Exercise: two private keys,
//! one public key".
//!
//! X25519 clamps every private key before it uses it, so the bits that
//! clamping overwrites make no difference. Flip one of them and you have a
//! second private key with the same public key.
//!
//! Run it with `cargo run --example key_generation_solution`.

// ANCHOR: solution
/// Clamps a private key as RFC 7748 (section 5) does: clears the three lowest
/// bits of byte 0, clears bit 7 of byte 31 and sets bit 6 of byte 31.
fn clamp(private: [u8; 32]) -> [u8; 32] {
    let mut clamped = private;
    clamped[0] &= 0b1111_1000;
    clamped[31] &= 0b0111_1111;
    clamped[31] |= 0b0100_0000;
    clamped
}

/// A private key that differs from `private` but has the same public key.
fn twin(private: [u8; 32]) -> [u8; 32] {
    let mut twin = private;
    twin[0] ^= 0b0000_0001; // a bit that clamping always clears
    twin
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
