//! Part III, *One key per direction*: the solution of "Exercise: Split by
//! hand".
//!
//! Two keys from one chaining key, by the specification's HKDF: the same
//! bytes as the library's `SymmetricState::split`, and a reflected message
//! fails under them.
//!
//! Run it with `cargo run --example one_key_per_direction_solution`.

use demo::hmac_sha256;

// ANCHOR: solution
/// `k1, k2 = HKDF(ck, "")`: temp = HMAC(ck, ""), k1 = HMAC(temp, 0x01),
/// k2 = HMAC(temp, k1 || 0x02). The initiator sends with k1.
fn split_keys(ck: &[u8; 32]) -> ([u8; 32], [u8; 32]) {
    let temp = hmac_sha256(ck, b""); // no input key material at Split
    let k1 = hmac_sha256(&temp, &[0x01]);
    let k2 = hmac_sha256(&temp, &[&k1[..], &[0x02]].concat());
    (k1, k2)
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run();
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
