//! Part III, *The server's long-term key and pinning it*: the
//! server's static key pair `s`, the same for every connection.
//!
//! A client that knows the server's public key in advance (it is pinned, for
//! instance from a command-line flag) mixes a Diffie-Hellman result with it
//! into the handshake. Only the holder of the private key computes the same
//! result, so a man in the middle with any other key is found out.
//!
//! ```
//! use secure_messaging::noise::StaticKeyPair;
//!
//! let server = StaticKeyPair::generate();
//! let saved = server.private_bytes(); // what a key file holds
//! let loaded = StaticKeyPair::from_private_bytes(*saved);
//! assert_eq!(loaded.public_key(), server.public_key());
//! ```

use std::fmt;

use x25519_dalek::StaticSecret;
use zeroize::Zeroizing;

use crate::key_generation::PublicKey;

// ANCHOR: static_key_pair
/// A long-term X25519 key pair. Unlike the session's
/// [`KeyPair`](crate::key_generation::KeyPair), it serves many handshakes,
/// so it can be cloned, one copy per connection.
///
/// The private key is wiped from memory when a copy is dropped and never
/// appears in `Debug` output.
#[derive(Clone)]
pub struct StaticKeyPair {
    pub(super) secret: StaticSecret,
    public: PublicKey,
}
// ANCHOR_END: static_key_pair

impl StaticKeyPair {
    /// A fresh key pair from a cryptographically secure generator that the
    /// operating system seeds.
    ///
    /// ```
    /// use secure_messaging::noise::StaticKeyPair;
    /// let (a, b) = (StaticKeyPair::generate(), StaticKeyPair::generate());
    /// assert_ne!(a.public_key(), b.public_key());
    /// ```
    pub fn generate() -> Self {
        Self::from_secret(StaticSecret::random_from_rng(&mut rand::rng()))
    }

    /// The key pair whose private key is `bytes`, as read from a key file
    /// (or a test vector).
    ///
    /// ```
    /// use secure_messaging::noise::StaticKeyPair;
    /// // The responder's static key of the cacophony NK test vector.
    /// let private = "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
    /// let key_pair = StaticKeyPair::from_private_bytes(hex::decode(private)?.try_into().unwrap());
    /// assert_eq!(
    ///     hex::encode(key_pair.public_key().as_bytes()),
    ///     "31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62"
    /// );
    /// # Ok::<(), hex::FromHexError>(())
    /// ```
    pub fn from_private_bytes(bytes: [u8; 32]) -> Self {
        Self::from_secret(StaticSecret::from(bytes))
    }

    fn from_secret(secret: StaticSecret) -> Self {
        let public = PublicKey::from(&secret);
        StaticKeyPair { secret, public }
    }

    /// The private key's bytes, to save in a key file; wiped from memory
    /// when the returned value is dropped.
    ///
    /// ```
    /// use secure_messaging::noise::StaticKeyPair;
    /// let key_pair = StaticKeyPair::from_private_bytes([1; 32]);
    /// assert_eq!(*key_pair.private_bytes(), [1; 32]);
    /// ```
    pub fn private_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.secret.to_bytes())
    }

    /// The public key, which clients pin.
    ///
    /// ```
    /// use secure_messaging::noise::StaticKeyPair;
    /// let key_pair = StaticKeyPair::generate();
    /// assert_eq!(key_pair.public_key().as_bytes().len(), 32);
    /// ```
    pub fn public_key(&self) -> PublicKey {
        self.public
    }
}

/// Shows the public key only.
impl fmt::Debug for StaticKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticKeyPair")
            .field("public", &hex::encode(self.public.as_bytes()))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_private_key() {
        let key_pair = StaticKeyPair::from_private_bytes([7; 32]);
        let shown = format!("{key_pair:?}");
        assert!(shown.contains(&hex::encode(key_pair.public_key().as_bytes())));
        assert!(!shown.contains(&hex::encode([7u8; 32])));
    }
}
