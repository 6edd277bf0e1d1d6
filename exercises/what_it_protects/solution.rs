//! Chapter 9, *What it protects, and what it does not*: the solution of
//! "Exercise: the man in the middle".
//!
//! Mallory sits between the client and the server, with a key pair facing
//! each. She opens the client's message, reads it, and seals another text for
//! the server. Every tag verifies; only the two sides' secrets differ.
//!
//! Run it with `cargo run --example what_it_protects_solution`.

use secure_messaging::Result;
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, derive_key};
use secure_messaging::shared_secret::SharedSecret;
use secure_messaging::transmission::Envelope;

// ANCHOR: solution
/// Mallory's work on one message. She opens the client's `envelope` with the
/// key she derives from `with_client`, the secret she shares with the client,
/// and seals `replacement` for the server under a key from `with_server`,
/// with a fresh salt and nonce. Returns the client's text and the envelope to
/// forward to the server.
///
/// It takes Mallory's secrets, not her key pairs: during the key exchange,
/// before any message arrived, `diffie_hellman` consumed each key pair.
fn intercept(
    with_client: &SharedSecret,
    with_server: &SharedSecret,
    envelope: &Envelope,
    replacement: &str,
) -> Result<(String, Envelope)> {
    let client_key = derive_key(with_client, &envelope.salt);
    let original =
        decrypt_text(&client_key, &envelope.nonce, &envelope.ciphertext)?;
    let (salt, nonce) = (Salt::random(), Nonce::random());
    let server_key = derive_key(with_server, &salt);
    let ciphertext = encrypt(&server_key, &nonce, replacement.as_bytes())?;
    let forged = Envelope {
        salt,
        nonce,
        ciphertext,
    };
    Ok((original, forged))
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() -> Result<()> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
