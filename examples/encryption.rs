//! Chapter 5, *Encryption*: `cargo run --example encryption`.
//!
//! Encrypts one message twice under the same key: two fresh nonces, two
//! unrelated ciphertexts, each 16 bytes longer than the message.

use secure_messaging::cli::{Args, Failure};
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;
use secure_messaging::narration::Narrator;

fn main() -> Result<(), Failure> {
    let mut args = Args::from_env();
    let narrator = Narrator::new(args.flag("--full-hex"));
    args.finish()?;

    // ANCHOR: main
    let key = SessionKey::random(); // in the protocol: the key both sides derived
    let message = "Meet me at the library at noon.";

    let nonce = Nonce::random(); // fresh for every message
    let ciphertext = encrypt(&key, &nonce, message.as_bytes())?;

    let second_nonce = Nonce::random();
    let second = encrypt(&key, &second_nonce, message.as_bytes())?;
    // ANCHOR_END: main

    print!(
        "{}",
        narrator
            .step("Message Encryption")
            .value("AES-256 key", key.as_bytes())
            .line(format_args!(
                "Message: {message:?} ({} bytes)",
                message.len()
            ))
            .value("Random nonce", nonce.as_bytes())
            .value("Ciphertext with tag", &ciphertext)
            .value("Same message, new nonce", second_nonce.as_bytes())
            .value("Its ciphertext with tag", &second)
    );
    Ok(())
}
