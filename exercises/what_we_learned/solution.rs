//! Part II, *What we learned*: the solution of "Exercise: a dropped message".
//!
//! The counter is the nonce: the sender never reuses one, and the receiver
//! decrypts under the number it expects, so a dropped, replayed or reordered
//! message is decrypted under the wrong nonce and refused.
//!
//! Run it with `cargo run --example what_we_learned_solution`.

use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::Nonce;
use secure_messaging::key_derivation::SessionKey;

/// The receiving end of a session: it expects message number `next`.
struct InOrder {
    key: SessionKey,
    next: u64,
}

impl InOrder {
    /// A receiver that expects message 0 first.
    fn new(key: SessionKey) -> Self {
        InOrder { key, next: 0 }
    }
}

// ANCHOR: solution
/// The nonce of message number `counter`: four zero bytes, then the counter
/// as 8 bytes, big-endian.
fn counter_nonce(counter: u64) -> Nonce {
    let mut nonce = [0u8; 12];
    nonce[4..].copy_from_slice(&counter.to_be_bytes());
    Nonce::from_bytes(nonce)
}

impl InOrder {
    /// Decrypts `ciphertext` under the nonce of number `self.next` and, only
    /// if it verifies, moves on to the next number. A message that does not
    /// verify changes nothing.
    fn receive(
        &mut self,
        ciphertext: &[u8],
    ) -> secure_messaging::Result<String> {
        let text =
            decrypt_text(&self.key, &counter_nonce(self.next), ciphertext)?;
        self.next += 1;
        Ok(text)
    }
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), secure_messaging::Error> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
