//! Chapter 6, *Transmission*: the solution of "Exercise: what the length
//! tells".
//!
//! Encryption hides what a message says, not how long it is. An eavesdropper
//! who only counts the bytes of an envelope on the wire knows the length of
//! the message inside, and so tells the answer "yes" from the answer "no".
//!
//! Run it with `cargo run --example transmission_solution`.

// ANCHOR: solution
/// The length of the message inside an envelope of `envelope_len` bytes on
/// the wire, or `None` if no envelope is that short.
fn message_len(envelope_len: usize) -> Option<usize> {
    use secure_messaging::encryption::NONCE_LEN;
    use secure_messaging::key_derivation::SALT_LEN;
    use secure_messaging::transmission::TAG_LEN;
    // Salt, nonce and the length field before the message, the tag after it.
    envelope_len.checked_sub(SALT_LEN + NONCE_LEN + 4 + TAG_LEN)
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
