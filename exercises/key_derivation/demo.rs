//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! function you write and prints what it does.
//!
//! The client derives its key under the protocol's label, the server under the
//! label of a version 2; the client encrypts a message and the server tries to
//! decrypt it.

use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{INFO, Salt};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::short_hex;

use super::derive_key_with_label;

pub fn run() -> Result<(), secure_messaging::Error> {
    let client = KeyPair::generate();
    let server = KeyPair::generate();
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    let client_secret = client.diffie_hellman(&server_public)?;
    let server_secret = server.diffie_hellman(&client_public)?;
    let salt = Salt::random();

    let client_key = derive_key_with_label(&client_secret, &salt, INFO);
    let server_label = b"secure-messaging/v2"; // a version 2 of the protocol
    let server_key = derive_key_with_label(&server_secret, &salt, server_label);
    println!("Client's label: {}", String::from_utf8_lossy(INFO));
    println!("Client's key:   {}", short_hex(client_key.as_bytes()));
    println!("Server's label: {}", String::from_utf8_lossy(server_label));
    println!("Server's key:   {}", short_hex(server_key.as_bytes()));

    let message = "Hello, server!";
    let nonce = Nonce::random();
    let ciphertext = encrypt(&client_key, &nonce, message.as_bytes())?;
    println!("The client sends {message:?}, encrypted under its key.");
    match decrypt(&server_key, &nonce, &ciphertext) {
        Ok(message) => {
            println!("The server read: {:?}", String::from_utf8_lossy(&message))
        }
        Err(err) => println!("The server could not read it: {err}"),
    }
    Ok(())
}
