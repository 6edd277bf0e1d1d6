//! Chapter 5, *Encryption*: AES-256-GCM under a random nonce.
//!
//! AES-GCM is an AEAD: it encrypts the message and appends a 16-byte tag that
//! lets the receiver check that nothing was changed. Its one rule: never use the
//! same nonce twice with the same key. A fresh random 96-bit nonce per message
//! keeps that rule with overwhelming probability.

use std::fmt;

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit};

use crate::key_derivation::SessionKey;
use crate::transmission::MAX_MESSAGE_LEN;
use crate::{Error, Result};

/// Length in bytes of an AES-GCM nonce.
pub const NONCE_LEN: usize = 12;

/// A 96-bit AES-GCM nonce: a number used once.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Nonce([u8; NONCE_LEN]);

impl Nonce {
    /// A fresh nonce from a cryptographically secure generator that the
    /// operating system seeds.
    pub fn random() -> Self {
        let mut bytes = [0u8; NONCE_LEN];
        rand::fill(&mut bytes);
        Nonce(bytes)
    }

    /// The nonce with these bytes, as read from the wire or a test vector.
    pub fn from_bytes(bytes: [u8; NONCE_LEN]) -> Self {
        Nonce(bytes)
    }

    /// The nonce's bytes.
    pub fn as_bytes(&self) -> &[u8; NONCE_LEN] {
        &self.0
    }
}

impl fmt::Debug for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nonce({})", hex::encode(self.0))
    }
}

// ANCHOR: helpers
/// Refuses a message longer than the protocol carries, [`MAX_MESSAGE_LEN`]
/// bytes, with [`Error::MessageTooLong`]: a client can check before it connects.
pub fn check_message_len(message: &[u8]) -> Result<()> {
    match message.len() {
        len if len > MAX_MESSAGE_LEN => Err(Error::MessageTooLong { len }),
        _ => Ok(()),
    }
}

/// The AES-256-GCM cipher keyed with `key`.
pub(crate) fn cipher(key: &SessionKey) -> Aes256Gcm {
    Aes256Gcm::new(key.as_bytes().into())
}
// ANCHOR_END: helpers

// ANCHOR: encrypt
/// Encrypts `plaintext` and appends the 16-byte tag. No associated data.
///
/// Fails with [`Error::MessageTooLong`] over [`MAX_MESSAGE_LEN`] bytes.
pub fn encrypt(
    key: &SessionKey,
    nonce: &Nonce,
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    check_message_len(plaintext)?;
    let ciphertext = cipher(key)
        .encrypt(nonce.as_bytes().into(), plaintext)
        .expect("AES-GCM encrypts any message under the length limit");
    Ok(ciphertext)
}
// ANCHOR_END: encrypt

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transmission::TAG_LEN;

    #[test]
    fn the_ciphertext_is_the_message_plus_a_tag() {
        let key = SessionKey::from_bytes([1; 32]);
        let ciphertext = encrypt(&key, &Nonce::random(), b"hello").unwrap();
        assert_eq!(ciphertext.len(), 5 + TAG_LEN);
        assert_ne!(&ciphertext[..5], b"hello");
    }

    #[test]
    fn a_message_over_the_limit_is_refused() {
        let key = SessionKey::from_bytes([1; 32]);
        let long = vec![b'a'; MAX_MESSAGE_LEN + 1];
        assert!(matches!(
            encrypt(&key, &Nonce::random(), &long),
            Err(Error::MessageTooLong { len }) if len == MAX_MESSAGE_LEN + 1
        ));
        assert!(encrypt(&key, &Nonce::random(), &long[1..]).is_ok());
    }
}
