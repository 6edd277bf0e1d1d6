//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! functions you write and prints what they do.

use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;
use secure_messaging::transmission::TAG_LEN;

use super::{accepted_flips, flip_bit};

/// Encrypts a message, tampers with it in every single-bit way, counts the
/// flips that decrypt, and shows one refusal.
pub fn run() -> Result<(), secure_messaging::Error> {
    let key = SessionKey::random();
    let nonce = Nonce::random();
    let message = "Meet me at the library at noon.";
    let ciphertext = encrypt(&key, &nonce, message.as_bytes())?;
    let bits = ciphertext.len() * 8;
    println!("Message: {message:?} ({} bytes)", message.len());
    println!(
        "Ciphertext with tag: {} bytes, {bits} bits, the last {} in the tag",
        ciphertext.len(),
        TAG_LEN * 8
    );

    let accepted = accepted_flips(&key, &nonce, &ciphertext);
    println!("Single-bit flips tried: {bits}, accepted: {accepted}");

    let bit = bits - 1; // the highest bit of the tag's last byte
    let mut tampered = ciphertext.clone();
    flip_bit(&mut tampered, bit);
    if let Err(err) = decrypt(&key, &nonce, &tampered) {
        println!("Bit {bit} flipped: {err}");
    }
    Ok(())
}
