//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! function you write and prints what it does.

use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::short_hex;

use super::derive_direction_keys;

// ANCHOR: demo
/// The HKDF labels of the two directions' keys.
pub const CLIENT_TO_SERVER: &[u8] = b"secure-messaging/v1 client to server";
pub const SERVER_TO_CLIENT: &[u8] = b"secure-messaging/v1 server to client";

/// The two keys of a session, one for each direction.
pub struct DirectionKeys {
    /// The client seals with it, the server opens with it.
    pub client_to_server: SessionKey,
    /// The server seals with it, the client opens with it.
    pub server_to_client: SessionKey,
}
// ANCHOR_END: demo

/// Derives both sides' keys, sends a message each way under its own key,
/// then reflects the client's message back to it.
pub fn run() -> Result<(), secure_messaging::Error> {
    let client = KeyPair::generate();
    let server = KeyPair::generate();
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    let salt = Salt::random(); // picked by the client, sent with its message
    let client_keys =
        derive_direction_keys(&client.diffie_hellman(&server_public)?, &salt);
    let server_keys =
        derive_direction_keys(&server.diffie_hellman(&client_public)?, &salt);

    let nonce = Nonce::random();
    let key = &client_keys.client_to_server;
    let sealed = encrypt(key, &nonce, "Hello, server!".as_bytes())?;
    let read = decrypt_text(&server_keys.client_to_server, &nonce, &sealed)?;
    println!(
        "Client to server, key {}: {read:?}",
        short_hex(key.as_bytes())
    );

    let reply_nonce = Nonce::random();
    let key = &server_keys.server_to_client;
    let reply = encrypt(key, &reply_nonce, "Hello, client!".as_bytes())?;
    let read =
        decrypt_text(&client_keys.server_to_client, &reply_nonce, &reply)?;
    println!(
        "Server to client, key {}: {read:?}",
        short_hex(key.as_bytes())
    );

    // Mallory sends the client's own message back to it, as if from the server.
    match decrypt_text(&client_keys.server_to_client, &nonce, &sealed) {
        Ok(text) => println!("Reflected, the client reads: {text:?}"),
        Err(err) => println!("Reflected to the client: {err}"),
    }
    Ok(())
}
