//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! function you write and prints what it does.

use secure_messaging::Result;
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, derive_key};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::short_hex;
use secure_messaging::shared_secret::SharedSecret;
use secure_messaging::transmission::Envelope;

use super::intercept;

/// What the server does with an envelope: derive the key, decrypt.
pub fn open(secret: &SharedSecret, envelope: &Envelope) -> Result<String> {
    let key = derive_key(secret, &envelope.salt);
    decrypt_text(&key, &envelope.nonce, &envelope.ciphertext)
}

/// Runs the attack step by step, all in memory: the key exchanges, the
/// client's message, Mallory's `intercept`, and what the server reads.
pub fn run() -> Result<()> {
    let (client, server) = (KeyPair::generate(), KeyPair::generate());
    let (facing_client, facing_server) =
        (KeyPair::generate(), KeyPair::generate());
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    println!("1. Mallory answers each side's public key with one of hers.");
    let client_secret = client.diffie_hellman(&facing_client.public_key())?;
    let server_secret = server.diffie_hellman(&facing_server.public_key())?;
    let with_client = facing_client.diffie_hellman(&client_public)?;
    let with_server = facing_server.diffie_hellman(&server_public)?;
    let hex = |secret: &SharedSecret| short_hex(secret.as_bytes());
    let (ours, theirs) = (hex(&client_secret), hex(&server_secret));
    println!("2. Shared secrets: the client's {ours}, the server's {theirs}.");
    let (one, two) = (hex(&with_client), hex(&with_server));
    println!("   Mallory's: {one} with the client, {two} with the server.");

    let text = "Meet me at the library at noon.";
    let (salt, nonce) = (Salt::random(), Nonce::random());
    let key = derive_key(&client_secret, &salt);
    let ciphertext = encrypt(&key, &nonce, text.as_bytes())?;
    let envelope = Envelope {
        salt,
        nonce,
        ciphertext,
    };
    println!("3. The client seals {text:?} for the server.");

    let replacement = "Meet me at the station at midnight.";
    let (original, forged) =
        intercept(&with_client, &with_server, &envelope, replacement)?;
    println!("4. Mallory opens it and reads {original:?}.");
    println!("5. She seals {replacement:?} with a fresh salt and nonce.");
    let received = open(&server_secret, &forged)?;
    println!("6. The server's tag check passes. It reads {received:?}.");
    if let Err(err) = open(&server_secret, &envelope) {
        println!("7. Had she forwarded the client's envelope: {err}");
    }
    Ok(())
}
