//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! functions you write and prints what they do.
//!
//! A client with a bug encrypts its greeting and a secret under one key and
//! one nonce; the eavesdropper reads the secret from the two ciphertexts and
//! the greeting, then tries the same on the secret under a fresh nonce.

use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;
use secure_messaging::narration::short_hex;

use super::{recover, xor};

pub fn run() -> Result<(), secure_messaging::Error> {
    let key = SessionKey::random();
    let nonce = Nonce::random(); // the bug: drawn once, used twice
    let greeting = b"Hello, server! This is the client.";
    let secret = b"The door code is 4-7-1-1.";
    let first = encrypt(&key, &nonce, greeting)?;
    let second = encrypt(&key, &nonce, secret)?;
    println!("First ciphertext:  {}", short_hex(&first));
    println!("Second ciphertext: {}", short_hex(&second));

    // What the eavesdropper can compute from the wire and the known greeting.
    let leak = xor(&first, &second).starts_with(&xor(greeting, secret));
    println!("XOR of ciphertexts = XOR of messages: {leak}");
    let read = recover(greeting, &first, &second);
    println!("Read without the key: {:?}", String::from_utf8_lossy(&read));

    let fresh = encrypt(&key, &Nonce::random(), secret)?;
    let leak = xor(&first, &fresh).starts_with(&xor(greeting, secret));
    println!("With a fresh nonce:   {leak}");
    let read = recover(greeting, &first, &fresh);
    println!("Read without the key: {}", short_hex(&read));
    Ok(())
}
