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
/// Seals `message` under `key` and a fresh nonce, with `sender.name()` as
/// associated data.
fn seal_as(
    key: &SessionKey,
    sender: Role,
    message: &str,
) -> Result<Sealed, Error> {
    check_message_len(message.as_bytes())?;
    let nonce = Nonce::random();
    let payload = Payload {
        msg: message.as_bytes(),
        aad: sender.name(),
    };
    let ciphertext = Aes256Gcm::new(key.as_bytes().into())
        .encrypt(nonce.as_bytes().into(), payload)
        .expect("AES-GCM seals any message under the length limit");
    Ok(Sealed { nonce, ciphertext })
}

/// Opens `sealed` only if `sender.name()` is the associated data it was
/// sealed with; any failure is `Error::Decryption`.
fn open_from(
    key: &SessionKey,
    sender: Role,
    sealed: &Sealed,
) -> Result<String, Error> {
    let payload = Payload {
        msg: &sealed.ciphertext,
        aad: sender.name(),
    };
    let plaintext = Aes256Gcm::new(key.as_bytes().into())
        .decrypt(sealed.nonce.as_bytes().into(), payload)
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
