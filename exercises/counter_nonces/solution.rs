//! Part III, *Counter nonces*: the solution of "Exercise: count the nonces".
//!
//! The nonce is the counter, so no two messages under one key share one; the
//! last counter value is refused rather than wrapped back to 0. Every byte
//! agrees with the library's `noise::CipherState`.
//!
//! Run it with `cargo run --example counter_nonces_solution`.

use demo::{CounterSealer, Exhausted, seal_under};

// ANCHOR: solution
/// Seals `plaintext` under nonce `sealer.n` (4 zero bytes, then `n` as 8
/// big-endian bytes) and counts on; refuses once `n` is 2^64 - 1.
fn seal_next(
    sealer: &mut CounterSealer,
    plaintext: &[u8],
) -> Result<Vec<u8>, Exhausted> {
    if sealer.n == u64::MAX {
        return Err(Exhausted); // reserved: never sealed under
    }
    let mut nonce = [0u8; 12];
    nonce[4..].copy_from_slice(&sealer.n.to_be_bytes());
    let sealed = seal_under(&sealer.key, nonce, plaintext);
    sealer.n += 1;
    Ok(sealed)
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
