//! Part II, *The man in the middle*: "Exercise: compare the terminals".
//!
//! Write `safety_number_on`, which reads the two public keys a terminal of
//! the client or the server printed with `--full-hex` and returns their
//! safety number. The program in `demo.rs`, which `solution.rs` runs too,
//! calls it on the two terminals of a direct conversation, then on two
//! terminals with Mallory in the middle.
//!
//! Run it with `cargo run --example man_in_the_middle_exercise`, and check
//! your answer with `cargo test --example man_in_the_middle_exercise`.

#[allow(unused_imports)] // until you write the body
use secure_messaging::attacks::man_in_the_middle::safety_number;
#[allow(unused_imports)] // until you write the body
use secure_messaging::key_generation::PublicKey;

// ANCHOR: exercise
/// The safety number of the two public keys on a terminal: the value of its
/// first line `Sent ... public key (32 bytes): HEX` and of its first line
/// `Received ... public key (32 bytes): HEX`, either perhaps after a tag such
/// as `[client 1] `. `None` if either is missing or not 64 hex digits (short
/// hex such as `7f...e2` is not enough).
#[allow(unused_variables)] // until you write the body
fn safety_number_on(terminal: &str) -> Option<String> {
    todo!("find both lines, hex::decode their values, call safety_number")
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
