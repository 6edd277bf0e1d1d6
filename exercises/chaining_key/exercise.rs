//! Part III, *The chaining key*: "Exercise: three outputs".
//!
//! Noise's `HKDF(ck, ikm, 3)`, which `MixKeyAndHash` uses for pre-shared
//! keys, by the specification's HMAC formulas. `demo.rs` compares it with
//! RFC 5869 and with the library's two outputs, the same for `solution.rs`.
//!
//! Run it with `cargo run --example chaining_key_exercise`, and check your
//! answer with `cargo test --example chaining_key_exercise`.

#![allow(unused_imports)] // until you write the function
use hmac::{KeyInit, Mac};
use sha2::Sha256;

#[allow(dead_code)] // until you write the function
type HmacSha256 = hmac::Hmac<Sha256>;

// ANCHOR: exercise
/// Noise's `HKDF(ck, ikm, 3)`: `temp_key = HMAC(ck, ikm)`, then
/// `output1 = HMAC(temp_key, 0x01)`,
/// `output2 = HMAC(temp_key, output1 || 0x02)` and
/// `output3 = HMAC(temp_key, output2 || 0x03)`.
#[allow(unused_variables)] // until you write the body
fn hkdf3(ck: &[u8; 32], ikm: &[u8]) -> [[u8; 32]; 3] {
    todo!("HmacSha256::new_from_slice(key), update, finalize().into_bytes()")
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
