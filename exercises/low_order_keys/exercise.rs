//! Part II, *Low-order keys*: "Exercise: the contributory check".
//!
//! Write `checked`, which does what `KeyPair::diffie_hellman` does on top of
//! X25519: refuse an all-zero result, comparing in constant time. The
//! program in `demo.rs`, which `solution.rs` runs too, hands it an honest
//! public key and then every low-order point of Curve25519.
//!
//! Run it with `cargo run --example low_order_keys_exercise`, and check your
//! answer with `cargo test --example low_order_keys_exercise`.

use secure_messaging::attacks::low_order_keys::NoContributoryCheck;
use secure_messaging::key_generation::PublicKey;

// ANCHOR: exercise
/// X25519 of `ours` with `theirs`, or `None` when the result is all zeros.
/// Looks at every byte whatever their values, so that the time taken does
/// not tell how many leading bytes were zero.
#[allow(unused_variables)] // until you write the body
fn checked(ours: NoContributoryCheck, theirs: &PublicKey) -> Option<[u8; 32]> {
    todo!("diffie_hellman, then OR all the bytes together: zero means refuse")
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
