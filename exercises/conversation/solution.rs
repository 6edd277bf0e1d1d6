//! Part III, *A conversation*: the solution of "Exercise: the nonce budget".
//!
//! A key that seals many messages under random 96-bit nonces may seal about
//! 2^32 of them before the chance of a repeat reaches 2^-32, the bound NIST
//! SP 800-38D sets; 16-bit nonces last about 300 messages.
//!
//! Run it with `cargo run --example conversation_solution`.

// ANCHOR: solution
/// The number of messages n at which `repeat_chance(n, bits)` reaches
/// `chance`: solve 1 - e^(-n(n-1)/2^(bits+1)) = chance for n.
fn messages_within(chance: f64, bits: i32) -> f64 {
    // n(n-1) = c, with c = -2^(bits+1) ln(1 - chance); ln_1p keeps a tiny
    // chance from rounding to zero.
    let c = -(-chance).ln_1p() * 2f64.powi(bits + 1);
    (1.0 + (1.0 + 4.0 * c).sqrt()) / 2.0
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
