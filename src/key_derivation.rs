//! Chapter 4, *Key derivation*: HKDF-SHA256 turns the shared secret into the
//! AES-256 key.
//!
//! A raw Diffie-Hellman output is not a good key: its bits are not uniformly
//! random. HKDF (RFC 5869) first *extracts* a uniform pseudorandom key from it,
//! mixing in a random salt the client picked, then *expands* that into exactly
//! 32 bytes, bound to a label (`info`) that names this protocol and version.

use std::fmt;

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroize;

use crate::shared_secret::SharedSecret;

/// Length in bytes of the salt.
pub const SALT_LEN: usize = 32;

/// Length in bytes of the AES-256 key.
pub const KEY_LEN: usize = 32;

// ANCHOR: info
/// The HKDF label: a key derived for this protocol is useless to any other.
pub const INFO: &[u8] = b"secure-messaging/v1";
// ANCHOR_END: info

/// The random salt the client picks for each message and sends with it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Salt([u8; SALT_LEN]);

impl Salt {
    /// A fresh salt from a cryptographically secure generator that the
    /// operating system seeds.
    pub fn random() -> Self {
        let mut bytes = [0u8; SALT_LEN];
        rand::fill(&mut bytes);
        Salt(bytes)
    }

    /// The salt with these bytes, as read from the wire or a test vector.
    pub fn from_bytes(bytes: [u8; SALT_LEN]) -> Self {
        Salt(bytes)
    }

    /// The salt's bytes.
    pub fn as_bytes(&self) -> &[u8; SALT_LEN] {
        &self.0
    }
}

impl fmt::Debug for Salt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Salt({})", hex::encode(self.0))
    }
}

/// The 256-bit AES key both sides derive. Wiped from memory when dropped.
pub struct SessionKey([u8; KEY_LEN]);

impl SessionKey {
    /// A key with these bytes: for exercises and test vectors that need a fixed
    /// key. The protocol gets its keys from [`derive_key`].
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        SessionKey(bytes)
    }

    /// A random key, for examples and exercises that start at encryption. The
    /// protocol gets its keys from [`derive_key`].
    pub fn random() -> Self {
        let mut key = SessionKey([0u8; KEY_LEN]);
        rand::fill(&mut key.0);
        key
    }

    /// The key's bytes.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

// ANCHOR: wipe
impl Drop for SessionKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}
// ANCHOR_END: wipe

/// Never shows the key itself.
impl fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionKey(..)")
    }
}

// ANCHOR: derive_key
/// HKDF-SHA256 with the salt, the shared secret as input keying material, and
/// [`INFO`] as the label, expanded to a 32-byte key.
pub fn derive_key(shared_secret: &SharedSecret, salt: &Salt) -> SessionKey {
    let hkdf =
        Hkdf::<Sha256>::new(Some(salt.as_bytes()), shared_secret.as_bytes());
    let mut key = SessionKey([0u8; KEY_LEN]); // written in place, wiped on drop
    hkdf.expand(INFO, &mut key.0)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    key
}
// ANCHOR_END: derive_key

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_generation::KeyPair;

    fn shared_secret() -> SharedSecret {
        let ours = KeyPair::from_private_bytes([1; 32]);
        let theirs = KeyPair::from_private_bytes([2; 32]).public_key();
        ours.diffie_hellman(&theirs).unwrap()
    }

    #[test]
    fn the_same_inputs_give_the_same_key() {
        let salt = Salt::from_bytes([3; 32]);
        let a = derive_key(&shared_secret(), &salt);
        let b = derive_key(&shared_secret(), &salt);
        assert_eq!(a.as_bytes(), b.as_bytes());
    }

    #[test]
    fn another_salt_gives_another_key() {
        let a = derive_key(&shared_secret(), &Salt::from_bytes([3; 32]));
        let b = derive_key(&shared_secret(), &Salt::from_bytes([4; 32]));
        assert_ne!(a.as_bytes(), b.as_bytes());
    }

    #[test]
    fn fresh_salts_differ() {
        assert_ne!(Salt::random(), Salt::random());
    }
}
