//! Part II, *Replay*: the solution of "Exercise: a message counter".
//!
//! The bank expects message 0, then 1, then 2: a replayed message carries an
//! old counter and is refused before it is even decrypted, and a forged one
//! fails its tag without moving the counter.
//!
//! Run it with `cargo run --example replay_solution`.

use secure_messaging::attacks::Sealed;
use secure_messaging::decryption::decrypt_text;

use demo::{CountingReceiver, Refused, counter_nonce};

// ANCHOR: solution
/// Opens `sealed` if its nonce is `counter_nonce(receiver.next)` and its tag
/// verifies under `receiver.key`; then, and only then, counts on.
fn open_next(
    receiver: &mut CountingReceiver,
    sealed: &Sealed,
) -> Result<String, Refused> {
    let expected = receiver.next;
    if sealed.nonce != counter_nonce(expected) {
        return Err(Refused::OutOfOrder { expected });
    }
    let text = decrypt_text(&receiver.key, &sealed.nonce, &sealed.ciphertext)
        .map_err(|_| Refused::Tag)?;
    receiver.next += 1; // only a message that verified moves the counter
    Ok(text)
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
