//! Part II, *Reflection*: the solution of "Exercise: the sender's name in
//! the tag".
//!
//! The tag covers the sender's name as associated data: a message the client
//! sealed, reflected back to the client, is opened as the server's and fails.
//!
//! Run it with `cargo run --example reflection_solution`.

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use secure_messaging::Error;
use secure_messaging::attacks::Sealed;
use secure_messaging::encryption::{Nonce, check_message_len};
use secure_messaging::key_derivation::SessionKey;

use demo::Role;

// ANCHOR: solution
/// Seals `message` with `sender.name()` as associated data.
fn seal_as(
    key: &SessionKey,
    sender: Role,
    message: &str,
) -> Result<Sealed, Error> {
    check_message_len(message.as_bytes())?;
    let nonce = Nonce::random();
    let (msg, aad) = (message.as_bytes(), sender.name());
    let ciphertext = Aes256Gcm::new(key.as_bytes().into())
        .encrypt(nonce.as_bytes().into(), Payload { msg, aad })
        .expect("AES-GCM seals any message under the length limit");
    Ok(Sealed { nonce, ciphertext })
}

/// Opens `sealed` only if it was sealed with `sender.name()`.
fn open_from(
    key: &SessionKey,
    sender: Role,
    sealed: &Sealed,
) -> Result<String, Error> {
    let (msg, aad) = (&sealed.ciphertext[..], sender.name());
    let plaintext = Aes256Gcm::new(key.as_bytes().into())
        .decrypt(sealed.nonce.as_bytes().into(), Payload { msg, aad })
        .map_err(|_| Error::Decryption)?;
    String::from_utf8(plaintext).map_err(|_| Error::Decryption)
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), Error> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
