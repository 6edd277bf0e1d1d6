//! Part III, *One key per direction*: "Exercise: Split by hand".
//!
//! Write `split_keys`: the two keys of the specification's `Split()`, from
//! HMAC-SHA256 as the specification writes its `HKDF`. `demo.rs` gives
//! `hmac_sha256`, and holds the program that calls your function, the same
//! for `solution.rs`.
//!
//! Run it with `cargo run --example one_key_per_direction_exercise`, and
//! check your answer with `cargo test --example
//! one_key_per_direction_exercise`.

// Until you write split_keys, nothing calls HMAC.
#![allow(dead_code, unused_imports)]

use demo::hmac_sha256;

// ANCHOR: exercise
/// `k1, k2 = HKDF(ck, "")`: temp = HMAC(ck, ""), k1 = HMAC(temp, 0x01),
/// k2 = HMAC(temp, k1 || 0x02). The initiator sends with k1.
#[allow(unused_variables)] // until you write the body
fn split_keys(ck: &[u8; 32]) -> ([u8; 32], [u8; 32]) {
    todo!("three calls to hmac_sha256")
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run();
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
