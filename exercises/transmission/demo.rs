//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! function you write and prints what it does.
//!
//! The client answers "yes" and "no", each in its own envelope under its own
//! key, and the eavesdropper sees nothing but the byte counts.

use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey};
use secure_messaging::transmission::Envelope;

use super::message_len;

/// The envelope of `message` as the client would send it.
pub fn envelope(message: &[u8]) -> secure_messaging::Result<Envelope> {
    let key = SessionKey::random(); // in the protocol: derived with the salt
    let nonce = Nonce::random();
    Ok(Envelope {
        salt: Salt::random(),
        nonce,
        ciphertext: encrypt(&key, &nonce, message)?,
    })
}

pub fn run() -> Result<(), secure_messaging::Error> {
    for answer in ["yes", "no"] {
        let seen = envelope(answer.as_bytes())?.to_bytes()?.len();
        let guess = match message_len(seen) {
            Some(3) => "yes",
            Some(2) => "no",
            _ => "something else",
        };
        println!(
            "The client answers {answer:?}: {seen} bytes on the wire, \
             so the eavesdropper reads {guess:?}."
        );
    }
    Ok(())
}
