//! Part III, *The chaining key*: the solution of "Exercise: three outputs".
//!
//! Each output is an HMAC under one temporary key, chained to the output
//! before it: exactly RFC 5869's expand step with empty info, so 96 bytes
//! of the `hkdf` crate give the same three outputs.
//!
//! Run it with `cargo run --example chaining_key_solution`.

use hmac::{KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = hmac::Hmac<Sha256>;

// ANCHOR: solution
/// Noise's `HKDF(ck, ikm, 3)`: `temp_key = HMAC(ck, ikm)`, then
/// `output1 = HMAC(temp_key, 0x01)`,
/// `output2 = HMAC(temp_key, output1 || 0x02)` and
/// `output3 = HMAC(temp_key, output2 || 0x03)`.
fn hkdf3(ck: &[u8; 32], ikm: &[u8]) -> [[u8; 32]; 3] {
    let hmac = |key: &[u8], parts: &[&[u8]]| -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(key).expect("any length");
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    };
    let temp_key = hmac(ck, &[ikm]);
    let output1 = hmac(&temp_key, &[&[0x01]]);
    let output2 = hmac(&temp_key, &[&output1, &[0x02]]);
    let output3 = hmac(&temp_key, &[&output2, &[0x03]]);
    [output1, output2, output3]
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
