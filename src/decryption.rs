//! Chapter 7, *Decryption*: verify the tag, then recover the message.
//!
//! AES-GCM checks the tag before it returns a single byte of plaintext. A
//! wrong key, a wrong nonce or one flipped bit anywhere in the ciphertext, and
//! decryption fails as a whole with [`Error::Decryption`], which says nothing
//! more: an attacker learns nothing from the failure.

use aes_gcm::aead::Aead;

use crate::encryption::{Nonce, cipher};
use crate::key_derivation::SessionKey;
use crate::{Error, Result};

// ANCHOR: decrypt
/// Checks the tag and, only if it verifies, returns the plaintext.
pub fn decrypt(
    key: &SessionKey,
    nonce: &Nonce,
    ciphertext: &[u8],
) -> Result<Vec<u8>> {
    cipher(key)
        .decrypt(nonce.as_bytes().into(), ciphertext)
        .map_err(|_| Error::Decryption)
}
// ANCHOR_END: decrypt

// ANCHOR: decrypt_text
/// Decrypts a text message: the protocol's messages are UTF-8.
pub fn decrypt_text(
    key: &SessionKey,
    nonce: &Nonce,
    ciphertext: &[u8],
) -> Result<String> {
    let plaintext = decrypt(key, nonce, ciphertext)?;
    String::from_utf8(plaintext).map_err(|_| Error::NotUtf8)
}
// ANCHOR_END: decrypt_text

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encryption::encrypt;

    fn key() -> SessionKey {
        SessionKey::from_bytes([1; 32])
    }

    #[test]
    fn what_was_encrypted_decrypts() {
        let nonce = Nonce::random();
        let ciphertext = encrypt(&key(), &nonce, "grüße".as_bytes()).unwrap();
        assert_eq!(decrypt_text(&key(), &nonce, &ciphertext).unwrap(), "grüße");
    }

    #[test]
    fn every_flipped_bit_is_caught() {
        let nonce = Nonce::random();
        let ciphertext = encrypt(&key(), &nonce, b"hi").unwrap();
        for bit in 0..ciphertext.len() * 8 {
            let mut changed = ciphertext.clone();
            changed[bit / 8] ^= 1 << (bit % 8);
            assert!(matches!(
                decrypt(&key(), &nonce, &changed),
                Err(Error::Decryption)
            ));
        }
    }

    #[test]
    fn another_key_or_nonce_fails() {
        let nonce = Nonce::from_bytes([0; 12]);
        let ciphertext = encrypt(&key(), &nonce, b"hi").unwrap();
        let other_key = SessionKey::from_bytes([2; 32]);
        assert!(decrypt(&other_key, &nonce, &ciphertext).is_err());
        assert!(
            decrypt(&key(), &Nonce::from_bytes([1; 12]), &ciphertext).is_err()
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_after_they_verify() {
        let nonce = Nonce::random();
        let ciphertext = encrypt(&key(), &nonce, &[0xff, 0xfe]).unwrap();
        assert!(matches!(
            decrypt_text(&key(), &nonce, &ciphertext),
            Err(Error::NotUtf8)
        ));
    }
}
