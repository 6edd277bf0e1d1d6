//! Part II, *Low-order keys*: the solution of "Exercise: the contributory
//! check".
//!
//! The check RFC 7748 (section 6.1) asks for: compute X25519, then refuse
//! the all-zero output. OR-ing every byte together looks at all 32 bytes
//! whatever they hold, so the time taken gives nothing away.
//!
//! Run it with `cargo run --example low_order_keys_solution`.

use secure_messaging::attacks::low_order_keys::NoContributoryCheck;
use secure_messaging::key_generation::PublicKey;

// ANCHOR: solution
/// X25519 of `ours` with `theirs`, or `None` when the result is all zeros.
/// Looks at every byte whatever their values, so that the time taken does
/// not tell how many leading bytes were zero.
fn checked(ours: NoContributoryCheck, theirs: &PublicKey) -> Option<[u8; 32]> {
    let secret = ours.diffie_hellman(theirs);
    let any_bit = secret.iter().fold(0u8, |acc, &byte| acc | byte);
    (any_bit != 0).then_some(secret)
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
