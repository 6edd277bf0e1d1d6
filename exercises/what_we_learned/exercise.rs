//! Part II, *What we learned*: "Exercise: a dropped message".
//!
//! A session that carries several messages under one key lets Mallory drop
//! one, replay one or swap two, and a receiver that only checks tags sees
//! nothing wrong. Write the rule that stops all three: number the messages
//! and make the number the nonce, so that the receiver decrypts each message
//! under the number it expects. The program in `demo.rs`, which
//! `solution.rs` runs too, sends three messages while Mallory drops one.
//!
//! Run it with `cargo run --example what_we_learned_exercise`, and check your
//! answer with `cargo test --example what_we_learned_exercise`.

#[allow(unused_imports)] // until you write receive
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::Nonce;
use secure_messaging::key_derivation::SessionKey;

/// The receiving end of a session: it expects message number `next`.
struct InOrder {
    #[allow(dead_code)] // until you write receive
    key: SessionKey,
    next: u64,
}

impl InOrder {
    /// A receiver that expects message 0 first.
    fn new(key: SessionKey) -> Self {
        InOrder { key, next: 0 }
    }
}

// ANCHOR: exercise
/// The nonce of message number `counter`: four zero bytes, then the counter
/// as 8 bytes, big-endian.
#[allow(unused_variables)] // until you write the body
fn counter_nonce(counter: u64) -> Nonce {
    todo!("[0; 12], with counter.to_be_bytes() in its last 8 bytes")
}

impl InOrder {
    /// Decrypts `ciphertext` under the nonce of number `self.next` and, only
    /// if it verifies, moves on to the next number. A message that does not
    /// verify changes nothing.
    #[allow(unused_variables)] // until you write the body
    fn receive(
        &mut self,
        ciphertext: &[u8],
    ) -> secure_messaging::Result<String> {
        todo!(
            "decrypt_text under counter_nonce(self.next), then self.next += 1"
        )
    }
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), secure_messaging::Error> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
