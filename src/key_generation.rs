//! Chapter 1, *Key generation*: each side makes an X25519 key pair.
//!
//! The private key is 32 random bytes; the public key is derived from it and is
//! safe to send to anyone. A [`KeyPair`] is used for exactly one key agreement:
//! [`KeyPair::diffie_hellman`] takes it by value, so a second use does not
//! compile (error E0382, use of a moved value):
//!
//! ```compile_fail,E0382
#![doc = include_str!("key_generation/used_twice.rs")]
//! ```
//!
//! ```
//! let key_pair = secure_messaging::key_generation::KeyPair::generate();
//! assert_eq!(key_pair.public_key().as_bytes().len(), 32);
//! ```

use std::fmt;

pub use x25519_dalek::PublicKey;
use x25519_dalek::StaticSecret;

/// Length in bytes of an X25519 public key.
pub const PUBLIC_KEY_LEN: usize = 32;

// ANCHOR: key_pair
/// An X25519 key pair for one session: a private key that never leaves this
/// program, and the public key that goes to the peer.
pub struct KeyPair {
    pub(crate) secret: StaticSecret,
    public: PublicKey,
}
// ANCHOR_END: key_pair

// ANCHOR: generate
impl KeyPair {
    /// Makes a fresh key pair from a cryptographically secure generator that
    /// the operating system seeds.
    pub fn generate() -> Self {
        let secret = StaticSecret::random_from_rng(&mut rand::rng());
        let public = PublicKey::from(&secret);
        KeyPair { secret, public }
    }
}
// ANCHOR_END: generate

impl KeyPair {
    /// Makes the key pair whose private key is `bytes`.
    ///
    /// Only for test vectors, where both sides' keys must be fixed: a real
    /// session uses [`KeyPair::generate`].
    ///
    /// ```
    /// use secure_messaging::key_generation::KeyPair;
    /// // Alice's key pair from RFC 7748, section 6.1.
    /// let private = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    /// let key_pair = KeyPair::from_private_bytes(hex::decode(private)?.try_into().unwrap());
    /// assert_eq!(
    ///     hex::encode(key_pair.public_key().as_bytes()),
    ///     "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
    /// );
    /// # Ok::<(), hex::FromHexError>(())
    /// ```
    pub fn from_private_bytes(bytes: [u8; 32]) -> Self {
        let secret = StaticSecret::from(bytes);
        let public = PublicKey::from(&secret);
        KeyPair { secret, public }
    }

    /// The public key, to send to the peer.
    pub fn public_key(&self) -> PublicKey {
        self.public
    }
}

/// Shows the public key only: the private key never appears in debug output.
impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("public", &hex::encode(self.public.as_bytes()))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_generated_key_pairs_differ() {
        let a = KeyPair::generate();
        let b = KeyPair::generate();
        assert_ne!(a.public_key(), b.public_key());
    }

    #[test]
    fn debug_output_hides_the_private_key() {
        let key_pair = KeyPair::from_private_bytes([7; 32]);
        let shown = format!("{key_pair:?}");
        assert!(shown.contains(&hex::encode(key_pair.public_key().as_bytes())));
        assert!(!shown.contains(&hex::encode([7u8; 32])));
    }
}
