//! Chapter 7, *Decryption*: `cargo run --example decryption`.
//!
//! Decrypts a message, then shows that one flipped bit, or the wrong nonce,
//! makes decryption fail as a whole.

use secure_messaging::Result;
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;

const USAGE: &str = "\
Usage: cargo run --example decryption [-- --full-hex]

Decrypts a message, then shows that one flipped bit, or the wrong nonce,
makes decryption fail as a whole.
";

// ANCHOR: tamper
/// Flips one bit of the ciphertext's first byte and tries to decrypt that.
fn tamper(
    key: &SessionKey,
    nonce: &Nonce,
    ciphertext: &[u8],
) -> (Vec<u8>, Result<String>) {
    let mut tampered = ciphertext.to_vec();
    tampered[0] ^= 0x01; // flip the lowest bit of the first byte
    let result = decrypt_text(key, nonce, &tampered);
    (tampered, result)
}
// ANCHOR_END: tamper

fn main() -> std::result::Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };

    let key = SessionKey::random();
    let nonce = Nonce::random();
    let ciphertext = encrypt(&key, &nonce, b"Meet me at the library at noon.")?;

    let message = decrypt_text(&key, &nonce, &ciphertext)?;
    let (tampered, tampered_result) = tamper(&key, &nonce, &ciphertext);
    let wrong_nonce_result = decrypt_text(&key, &Nonce::random(), &ciphertext);

    let show = |result: Result<String>| match result {
        Ok(text) => format!("decrypted to {text:?}"),
        Err(err) => err.to_string(),
    };
    print!(
        "{}",
        narrator
            .step("Decryption Result")
            .value("Ciphertext with tag", &ciphertext)
            .line(format_args!("Message: {message:?}"))
            .value("One bit flipped", &tampered)
            .line(format_args!("  -> {}", show(tampered_result)))
            .line(format_args!(
                "With another nonce: {}",
                show(wrong_nonce_result)
            ))
    );
    Ok(())
}
