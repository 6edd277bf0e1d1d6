//! Part II, *Replay*: "Exercise: a message counter".
//!
//! Write `open_next`: the bank opens a message only if its nonce carries the
//! counter it expects next, and counts on only once the tag has verified.
//! `demo.rs` gives `counter_nonce`, `CountingReceiver` and `Refused`, and
//! holds the program that calls your function, the same for `solution.rs`.
//!
//! Run it with `cargo run --example replay_exercise`, and check your answer
//! with `cargo test --example replay_exercise`.

// Until you write open_next, nothing reads a receiver or builds a refusal.
#![allow(dead_code, unused_imports)]

use secure_messaging::attacks::Sealed;
use secure_messaging::decryption::decrypt_text;

use demo::{CountingReceiver, Refused, counter_nonce};

// ANCHOR: exercise
/// Opens `sealed` if its nonce is `counter_nonce(receiver.next)` and its tag
/// verifies under `receiver.key`; then, and only then, counts on.
#[allow(unused_variables)] // until you write the body
fn open_next(
    receiver: &mut CountingReceiver,
    sealed: &Sealed,
) -> Result<String, Refused> {
    todo!("compare the nonce, decrypt_text, then receiver.next += 1")
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
