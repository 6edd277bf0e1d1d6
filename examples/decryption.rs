//! Chapter 7, *Decryption*: `cargo run --example decryption`.
//!
//! Decrypts a message, then shows that one flipped bit, or the wrong nonce,
//! makes decryption fail as a whole.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;

const USAGE: &str = "\
Usage: cargo run --example decryption [-- --full-hex]

Decrypts a message, then shows that one flipped bit, or the wrong nonce,
makes decryption fail as a whole.
";

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };

    let key = SessionKey::random();
    let nonce = Nonce::random();
    let ciphertext = encrypt(&key, &nonce, b"Meet me at the library at noon.")?;

    // ANCHOR: main
    let message = decrypt_text(&key, &nonce, &ciphertext)?;

    let mut tampered = ciphertext.clone();
    tampered[0] ^= 0x01; // flip one bit of the first byte
    let tampered_result = decrypt_text(&key, &nonce, &tampered);

    let wrong_nonce_result = decrypt_text(&key, &Nonce::random(), &ciphertext);
    // ANCHOR_END: main

    let show = |result: secure_messaging::Result<String>| match result {
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
