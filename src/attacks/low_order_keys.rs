//! Part II, *Low-order keys*: an attacker in the middle replaces both public
//! keys with a low-order point, so that both sides compute the all-zero
//! shared secret, which the attacker knows too.
//!
//! Against [`NoContributoryCheck`], a key pair without the check that
//! [`KeyPair::diffie_hellman`] makes, the attack works: with the salt she saw
//! on the wire, the attacker derives the session key with [`attacker_key`]
//! and reads the message. The crate's own [`KeyPair`] refuses the point.
//!
//! ```
//! use secure_messaging::attacks::low_order_keys::{
//!     NoContributoryCheck, low_order_point,
//! };
//!
//! let weak = NoContributoryCheck::generate();
//! assert_eq!(weak.diffie_hellman(&low_order_point()), [0u8; 32]);
//! ```

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::key_derivation::{INFO, KEY_LEN, Salt, SessionKey};
use crate::key_generation::{KeyPair, PublicKey};

// ANCHOR: point
/// A point of order 8 on Curve25519: eight times it is the curve's neutral
/// point. Every private key is a multiple of 8 (clamping), so X25519 of any
/// private key with this "public key" gives 32 zero bytes.
pub const LOW_ORDER_POINT: [u8; 32] = [
    0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa,
    0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd,
    0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00,
];
// ANCHOR_END: point

/// [`LOW_ORDER_POINT`] as a public key, ready to send in place of a real one.
pub fn low_order_point() -> PublicKey {
    PublicKey::from(LOW_ORDER_POINT)
}

/// A key pair WITHOUT the contributory check: a weakened variant, for the
/// attack only. Its [`diffie_hellman`](Self::diffie_hellman) returns whatever
/// X25519 gives, all zeros included.
#[derive(Debug)]
pub struct NoContributoryCheck(KeyPair);

impl NoContributoryCheck {
    /// A fresh key pair, exactly as [`KeyPair::generate`] makes one.
    pub fn generate() -> Self {
        NoContributoryCheck(KeyPair::generate())
    }

    /// The public key, to send to the peer.
    pub fn public_key(&self) -> PublicKey {
        self.0.public_key()
    }
}

// ANCHOR: unchecked
impl NoContributoryCheck {
    /// X25519 with no check: the 32 bytes, even when they are all zero.
    pub fn diffie_hellman(self, their_public: &PublicKey) -> [u8; 32] {
        let shared = self.0.secret.diffie_hellman(their_public);
        shared.to_bytes() // no `was_contributory()` here
    }
}
// ANCHOR_END: unchecked

/// The session key from raw secret bytes: the same HKDF-SHA256 as
/// [`derive_key`](crate::key_derivation::derive_key), for the weakened
/// variant, whose secret is not a checked
/// [`SharedSecret`](crate::shared_secret::SharedSecret).
pub fn derive_key_unchecked(secret: &[u8; 32], salt: &Salt) -> SessionKey {
    let hkdf = Hkdf::<Sha256>::new(Some(salt.as_bytes()), secret);
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    hkdf.expand(INFO, key.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    SessionKey::from_bytes(*key)
}

// ANCHOR: attacker_key
/// The attacker's key: the all-zero secret, which she knows without any
/// private key, and the salt she read on the wire.
pub fn attacker_key(salt: &Salt) -> SessionKey {
    derive_key_unchecked(&[0u8; 32], salt)
}
// ANCHOR_END: attacker_key

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::decryption::decrypt_text;
    use crate::encryption::{Nonce, encrypt};
    use crate::key_derivation::derive_key;

    #[test]
    fn the_point_forces_zero_for_every_private_key() {
        for _ in 0..16 {
            let weak = NoContributoryCheck::generate();
            assert_eq!(weak.diffie_hellman(&low_order_point()), [0u8; 32]);
        }
    }

    #[test]
    fn the_weak_variant_agrees_with_the_crate_on_honest_keys() {
        let (a, b) = (KeyPair::generate(), KeyPair::generate());
        let b_public = b.public_key();
        let salt = Salt::random();
        let a_public = a.public_key();
        let checked = derive_key(&a.diffie_hellman(&b_public).unwrap(), &salt);
        let weak = NoContributoryCheck(b).diffie_hellman(&a_public);
        let unchecked = derive_key_unchecked(&weak, &salt);
        assert_eq!(checked.as_bytes(), unchecked.as_bytes());
    }

    #[test]
    fn the_attacker_reads_what_the_weak_client_sends() {
        let client = NoContributoryCheck::generate();
        let secret = client.diffie_hellman(&low_order_point());
        let salt = Salt::random();
        let key = derive_key_unchecked(&secret, &salt);
        let nonce = Nonce::random();
        let ciphertext = encrypt(&key, &nonce, b"PIN 4921").unwrap();
        let read = decrypt_text(&attacker_key(&salt), &nonce, &ciphertext);
        assert_eq!(read.unwrap(), "PIN 4921");
    }

    #[test]
    fn the_crate_refuses_the_point() {
        let err = KeyPair::generate()
            .diffie_hellman(&low_order_point())
            .unwrap_err();
        assert!(matches!(err, Error::LowOrderPublicKey));
    }
}
