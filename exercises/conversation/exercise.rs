//! Part III, *A conversation*: "Exercise: the nonce budget".
//!
//! Write `messages_within`: how many messages one key may seal under random
//! nonces of `bits` bits before the chance of a repeated nonce reaches
//! `chance`. `demo.rs` gives `repeat_chance`, the birthday bound, and holds
//! the program that calls your function, the same for `solution.rs`.
//!
//! Run it with `cargo run --example conversation_exercise`, and check your
//! answer with `cargo test --example conversation_exercise`.

// ANCHOR: exercise
/// The number of messages n at which `repeat_chance(n, bits)` reaches
/// `chance`: solve 1 - e^(-n(n-1)/2^(bits+1)) = chance for n.
#[allow(unused_variables)] // until you write the body
fn messages_within(chance: f64, bits: i32) -> f64 {
    todo!("n(n-1) = -2^(bits+1) ln(1 - chance): solve the quadratic")
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
