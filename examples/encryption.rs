//! Chapter 5, *Encryption*: `cargo run --example encryption`.
//!
//! Encrypts one message twice under the same key: two fresh nonces, two
//! unrelated ciphertexts, each 16 bytes longer than the message.

use secure_messaging::Result;
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;

const USAGE: &str = "\
Usage: cargo run --example encryption [-- --full-hex]

Encrypts one message twice under the same key: two fresh nonces, two
unrelated ciphertexts, each 16 bytes longer than the message.
";

// ANCHOR: encrypt_twice
/// One message encrypted twice under one key, each time with a fresh nonce.
fn encrypt_twice(key: &SessionKey, message: &str) -> Result<[Sealed; 2]> {
    let nonce = Nonce::random(); // fresh for every message
    let ciphertext = encrypt(key, &nonce, message.as_bytes())?;

    let second_nonce = Nonce::random();
    let second = encrypt(key, &second_nonce, message.as_bytes())?;
    Ok([(nonce, ciphertext), (second_nonce, second)])
}
// ANCHOR_END: encrypt_twice

/// A nonce and the ciphertext made under it.
type Sealed = (Nonce, Vec<u8>);

fn main() -> std::result::Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };

    let key = SessionKey::random(); // in the protocol: the derived key
    let message = "Meet me at the library at noon.";
    let [(nonce, ciphertext), (second_nonce, second)] =
        encrypt_twice(&key, message)?;

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
