//! Chapter 3, *Shared secret*: X25519 Diffie-Hellman.
//!
//! Each side combines its own private key with the other's public key and gets
//! the same 32 bytes, which never crossed the network. A public key that is a
//! low-order point would force the result to all zeros, a value anyone knows;
//! [`KeyPair::diffie_hellman`] refuses it.

use std::fmt;

use crate::key_generation::{KeyPair, PublicKey};
use crate::{Error, Result};

// ANCHOR: shared_secret
/// The 32 bytes both sides computed. Wiped from memory when dropped.
pub struct SharedSecret(x25519_dalek::SharedSecret);
// ANCHOR_END: shared_secret

// ANCHOR: diffie_hellman
impl KeyPair {
    /// Combines this private key with the peer's public key.
    ///
    /// Takes the key pair by value: one key pair, one key agreement. Fails with
    /// [`Error::LowOrderPublicKey`] when the result would be all zeros.
    pub fn diffie_hellman(
        self,
        their_public: &PublicKey,
    ) -> Result<SharedSecret> {
        let shared = self.secret.diffie_hellman(their_public);
        if !shared.was_contributory() {
            return Err(Error::LowOrderPublicKey);
        }
        Ok(SharedSecret(shared))
    }
}
// ANCHOR_END: diffie_hellman

impl SharedSecret {
    /// The secret's 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }
}

/// Never shows the secret itself.
impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedSecret(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_compute_the_same_secret() {
        let alice = KeyPair::generate();
        let bob = KeyPair::generate();
        let (alice_public, bob_public) = (alice.public_key(), bob.public_key());
        let a = alice.diffie_hellman(&bob_public).unwrap();
        let b = bob.diffie_hellman(&alice_public).unwrap();
        assert_eq!(a.as_bytes(), b.as_bytes());
    }

    #[test]
    fn the_all_zero_public_key_is_refused() {
        let ours = KeyPair::generate();
        let low_order = PublicKey::from([0u8; 32]);
        assert!(matches!(
            ours.diffie_hellman(&low_order),
            Err(Error::LowOrderPublicKey)
        ));
    }
}
