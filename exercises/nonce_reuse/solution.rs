//! Part II, *Nonce reuse*: the solution of "Exercise: multiply in
//! GF(2^128)".
//!
//! Multiplication in GCM's field by shift and add, in GCM's bit order, and
//! the forbidden attack built on it: the receiver accepts the forgery.
//!
//! Run it with `cargo run --example nonce_reuse_solution`.

/// GCM's reduction: x^128 = x^7 + x^2 + x + 1, the bits 1110 0001 at
/// x^0..x^7, which sit at the top of a u128 in GCM's bit order.
const R: u128 = 0xe1 << 120;

// ANCHOR: solution
/// Multiplies `v` by x. A u128 holds a block as GCM writes it: its top bit
/// (the high bit of byte 0) is the coefficient of x^0, its lowest bit that
/// of x^127. So every coefficient moves one place to the right, and an x^127
/// that falls off the end comes back as x^128 = R.
fn times_x(v: u128) -> u128 {
    if v & 1 == 1 { (v >> 1) ^ R } else { v >> 1 }
}

/// Multiplies `a` by `b` in GF(2^128): for each bit of `a`, from x^0 (the
/// top bit) down to x^127 (the lowest), add (XOR) b·x^i if the bit is set.
fn gf_mul(a: u128, b: u128) -> u128 {
    let (mut product, mut v) = (0, b); // v = b·x^i
    for i in 0..128 {
        if a & (1 << (127 - i)) != 0 {
            product ^= v;
        }
        v = times_x(v);
    }
    product
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
