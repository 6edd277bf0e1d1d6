//! Part II, *Nonce reuse*: "Exercise: multiply in GF(2^128)".
//!
//! Write `times_x`, which multiplies an element of GCM's field by x, and
//! `gf_mul`, which multiplies two elements by shift and add. The program in
//! `demo.rs`, which `solution.rs` runs too, builds the forbidden attack on
//! your multiplication: when it is right, the receiver accepts a forgery.
//!
//! Run it with `cargo run --example nonce_reuse_exercise`, and check your
//! answer with `cargo test --example nonce_reuse_exercise`.

/// GCM's reduction: x^128 = x^7 + x^2 + x + 1, the bits 1110 0001 at
/// x^0..x^7, which sit at the top of a u128 in GCM's bit order.
#[allow(dead_code)] // until you use it
const R: u128 = 0xe1 << 120;

// ANCHOR: exercise
/// Multiplies `v` by x. A u128 holds a block as GCM writes it: its top bit
/// (the high bit of byte 0) is the coefficient of x^0, its lowest bit that
/// of x^127. So every coefficient moves one place to the right, and an x^127
/// that falls off the end comes back as x^128 = R.
#[allow(unused_variables, dead_code)] // until you write and use it
fn times_x(v: u128) -> u128 {
    todo!("shift right by one; if the lowest bit was set, XOR in R")
}

/// Multiplies `a` by `b` in GF(2^128): for each bit of `a`, from x^0 (the
/// top bit) down to x^127 (the lowest), add (XOR) b·x^i if the bit is set.
#[allow(unused_variables)] // until you write the body
fn gf_mul(a: u128, b: u128) -> u128 {
    todo!("keep v = b·x^i: start at b, and call times_x after each bit")
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
