//! Part III, *Counter nonces*: "Exercise: count the nonces".
//!
//! Write `seal_next`: your own `CipherState.EncryptWithAd`, with no
//! associated data. `demo.rs` gives `CounterSealer`, `Exhausted` and
//! `seal_under`, and holds the program that calls your function, the same
//! for `solution.rs`.
//!
//! Run it with `cargo run --example counter_nonces_exercise`, and check your
//! answer with `cargo test --example counter_nonces_exercise`.

// Until you write seal_next, nothing builds a refusal or seals.
#![allow(dead_code, unused_imports)]

use demo::{CounterSealer, Exhausted, seal_under};

// ANCHOR: exercise
/// Seals `plaintext` under nonce `sealer.n` (4 zero bytes, then `n` as 8
/// big-endian bytes) and counts on; refuses once `n` is 2^64 - 1.
#[allow(unused_variables)] // until you write the body
fn seal_next(
    sealer: &mut CounterSealer,
    plaintext: &[u8],
) -> Result<Vec<u8>, Exhausted> {
    todo!("refuse at u64::MAX, build the nonce, seal_under, count on")
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
