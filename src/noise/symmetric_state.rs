//! Part III, *The transcript hash* and *The chaining key*:
//! the specification's `SymmetricState`, a hash `h` and a chaining key `ck`
//! beside a [`CipherState`]. Its [`split`](SymmetricState::split) ends the
//! handshake with one key per direction (*One key per direction*).
//!
//! - `h` is the running hash of everything the handshake sent and every key
//!   it used ([`mix_hash`](SymmetricState::mix_hash)). Every encrypted part
//!   of the handshake uses `h` as associated data, so a single changed byte
//!   anywhere earlier makes the next tag fail.
//! - `ck` is the running key into which each Diffie-Hellman result is mixed
//!   ([`mix_key`](SymmetricState::mix_key)), with Noise's HKDF: the keys that
//!   come out depend on every Diffie-Hellman result so far.
//!
//! Noise defines its HKDF with HMAC-SHA256 (specification, section 4.3); it
//! is RFC 5869's HKDF with the chaining key as salt, an empty `info` and 64
//! bytes of output, so the course's `hkdf` crate computes it ([`hkdf()`]).
//!
//! ```
//! use secure_messaging::noise::symmetric_state::SymmetricState;
//!
//! let mut alice = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
//! let mut bob = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
//! for state in [&mut alice, &mut bob] {
//!     state.mix_hash(b"prologue");
//!     state.mix_key(b"a shared Diffie-Hellman result");
//! }
//! let sealed = alice.encrypt_and_hash(b"hello")?;
//! assert_eq!(bob.decrypt_and_hash(&sealed)?, b"hello");
//! assert_eq!(alice.handshake_hash(), bob.handshake_hash());
//! # Ok::<(), secure_messaging::Error>(())
//! ```

use std::fmt;

use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::cipher_state::CipherState;
use crate::Result;

/// Length in bytes of a SHA-256 hash, and so of `h` and `ck`.
pub const HASH_LEN: usize = 32;

// ANCHOR: hkdf
/// Noise's `HKDF(ck, ikm, 2)`: RFC 5869 HKDF-SHA256 with salt `ck`, input
/// `ikm`, empty `info` and 64 bytes of output, cut in two 32-byte halves.
///
/// ```
/// use secure_messaging::noise::symmetric_state::hkdf;
/// let (first, second) = hkdf(&[0; 32], b"input key material");
/// assert_ne!(*first, *second);
/// ```
pub fn hkdf(
    ck: &[u8; HASH_LEN],
    ikm: &[u8],
) -> (Zeroizing<[u8; HASH_LEN]>, Zeroizing<[u8; HASH_LEN]>) {
    let mut output = Zeroizing::new([0u8; 2 * HASH_LEN]);
    Hkdf::<Sha256>::new(Some(ck), ikm)
        .expand(&[], output.as_mut())
        .expect("64 bytes is a valid HKDF-SHA256 output length");
    let mut first = Zeroizing::new([0u8; HASH_LEN]);
    let mut second = Zeroizing::new([0u8; HASH_LEN]);
    first.copy_from_slice(&output[..HASH_LEN]);
    second.copy_from_slice(&output[HASH_LEN..]);
    (first, second)
}
// ANCHOR_END: hkdf

// ANCHOR: symmetric_state
/// The handshake's running hash `h`, chaining key `ck`, and the
/// [`CipherState`] keyed from `ck`.
///
/// The chaining key and the cipher key are wiped from memory when the state
/// is dropped; `Debug` output shows `h` only.
pub struct SymmetricState {
    cipher: CipherState,
    ck: Zeroizing<[u8; HASH_LEN]>,
    h: [u8; HASH_LEN],
}
// ANCHOR_END: symmetric_state

impl SymmetricState {
    /// The specification's `InitializeSymmetric(protocol_name)`: `h` is the
    /// name padded with zeros to 32 bytes (or its hash, if longer), `ck`
    /// starts equal to `h`, and there is no cipher key yet.
    ///
    /// ```
    /// use secure_messaging::noise::symmetric_state::SymmetricState;
    /// let state = SymmetricState::initialize("Noise_NK_25519_AESGCM_SHA256");
    /// assert_eq!(&state.handshake_hash()[..28], b"Noise_NK_25519_AESGCM_SHA256");
    /// assert_eq!(&state.handshake_hash()[28..], &[0; 4]);
    /// ```
    pub fn initialize(protocol_name: &str) -> Self {
        let name = protocol_name.as_bytes();
        let mut h = [0u8; HASH_LEN];
        if name.len() <= HASH_LEN {
            h[..name.len()].copy_from_slice(name);
        } else {
            h = Sha256::digest(name).into();
        }
        SymmetricState {
            cipher: CipherState::empty(),
            ck: Zeroizing::new(h),
            h,
        }
    }

    /// `h = SHA-256(h || data)`: binds `data` into the transcript.
    ///
    /// ```
    /// use secure_messaging::noise::symmetric_state::SymmetricState;
    /// let mut state = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
    /// let before = *state.handshake_hash();
    /// state.mix_hash(b"anything sent");
    /// assert_ne!(*state.handshake_hash(), before);
    /// ```
    pub fn mix_hash(&mut self, data: &[u8]) {
        self.h = Sha256::new()
            .chain_update(self.h)
            .chain_update(data)
            .finalize()
            .into();
    }

    /// `ck, k = HKDF(ck, input_key_material)`: mixes a Diffie-Hellman result
    /// into the chaining key and keys the cipher with a fresh `k` (counter
    /// back to 0).
    ///
    /// ```
    /// use secure_messaging::noise::symmetric_state::SymmetricState;
    /// let mut state = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
    /// state.mix_key(b"a Diffie-Hellman result");
    /// let sealed = state.encrypt_and_hash(b"now encrypted")?;
    /// assert_eq!(sealed.len(), 13 + 16);
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn mix_key(&mut self, input_key_material: &[u8]) {
        let (ck, k) = hkdf(&self.ck, input_key_material);
        self.ck = ck;
        self.cipher = CipherState::new(*k);
    }

    /// Seals `plaintext` with `h` as associated data, then mixes the
    /// ciphertext into `h`. Before the first [`mix_key`](Self::mix_key) the
    /// plaintext goes out as it is, and is still mixed into `h`.
    ///
    /// ```
    /// use secure_messaging::noise::symmetric_state::SymmetricState;
    /// let mut state = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
    /// assert_eq!(state.encrypt_and_hash(b"no key yet")?, b"no key yet");
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn encrypt_and_hash(&mut self, plaintext: &[u8]) -> Result<Vec<u8>> {
        let ciphertext = self.cipher.encrypt_with_ad(&self.h, plaintext)?;
        self.mix_hash(&ciphertext);
        Ok(ciphertext)
    }

    /// Opens `ciphertext` with `h` as associated data, then mixes the
    /// ciphertext into `h`. Fails with [`Error::Decryption`] when the tag
    /// does not verify: the peer saw another transcript or used another key.
    ///
    /// [`Error::Decryption`]: crate::Error::Decryption
    ///
    /// ```
    /// use secure_messaging::noise::symmetric_state::SymmetricState;
    /// let mut alice = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
    /// let mut bob = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
    /// alice.mix_key(b"shared");
    /// bob.mix_key(b"shared");
    /// bob.mix_hash(b"a byte Alice never sent");
    /// let sealed = alice.encrypt_and_hash(b"hello")?;
    /// assert!(bob.decrypt_and_hash(&sealed).is_err());
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn decrypt_and_hash(&mut self, ciphertext: &[u8]) -> Result<Vec<u8>> {
        let plaintext = self.cipher.decrypt_with_ad(&self.h, ciphertext)?;
        self.mix_hash(ciphertext);
        Ok(plaintext)
    }

    /// The end of the handshake: `k1, k2 = HKDF(ck, "")`, two fresh cipher
    /// states. The initiator sends with the first and receives with the
    /// second; the responder the other way round.
    ///
    /// ```
    /// use secure_messaging::noise::symmetric_state::SymmetricState;
    /// let mut state = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
    /// state.mix_key(b"shared");
    /// let (mut to_responder, mut to_initiator) = state.split();
    /// let a = to_responder.encrypt_with_ad(b"", b"same text")?;
    /// let b = to_initiator.encrypt_with_ad(b"", b"same text")?;
    /// assert_ne!(a, b, "one key per direction");
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn split(self) -> (CipherState, CipherState) {
        let (k1, k2) = hkdf(&self.ck, &[]);
        (CipherState::new(*k1), CipherState::new(*k2))
    }

    /// The transcript hash `h` so far; after the handshake, the
    /// specification's `GetHandshakeHash()`.
    ///
    /// ```
    /// use secure_messaging::noise::symmetric_state::SymmetricState;
    /// let state = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
    /// assert_eq!(state.handshake_hash().len(), 32);
    /// ```
    pub fn handshake_hash(&self) -> &[u8; HASH_LEN] {
        &self.h
    }

    /// Whether a key has been mixed in, so that
    /// [`encrypt_and_hash`](Self::encrypt_and_hash) encrypts.
    ///
    /// ```
    /// use secure_messaging::noise::symmetric_state::SymmetricState;
    /// let mut state = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
    /// assert!(!state.has_key());
    /// state.mix_key(b"shared");
    /// assert!(state.has_key());
    /// ```
    pub fn has_key(&self) -> bool {
        self.cipher.has_key()
    }
}

/// Shows `h` and the cipher's counter, never `ck` or `k`.
impl fmt::Debug for SymmetricState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SymmetricState")
            .field("cipher", &self.cipher)
            .field("h", &hex::encode(self.h))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{KeyInit, Mac};

    type HmacSha256 = hmac::Hmac<Sha256>;

    fn hmac(key: &[u8], data: &[&[u8]]) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(key).unwrap();
        for part in data {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// The specification's definition, section 4.3, line by line, against
    /// RFC 5869 as the `hkdf` crate computes it.
    #[test]
    fn noise_hkdf_is_rfc_5869_with_ck_as_salt_and_empty_info() {
        for (ck, ikm) in [([0u8; 32], &b""[..]), ([7; 32], &[1, 2, 3][..])] {
            let temp_key = hmac(&ck, &[ikm]);
            let output1 = hmac(&temp_key, &[&[0x01]]);
            let output2 = hmac(&temp_key, &[&output1, &[0x02]]);
            let (first, second) = hkdf(&ck, ikm);
            assert_eq!(*first, output1);
            assert_eq!(*second, output2);
        }
    }

    #[test]
    fn a_long_protocol_name_is_hashed() {
        let name = "Noise_XXfallback+psk0_25519_AESGCM_SHA256";
        let state = SymmetricState::initialize(name);
        let hashed: [u8; 32] = Sha256::digest(name).into();
        assert_eq!(*state.handshake_hash(), hashed);
        assert_eq!(*state.ck, hashed);
    }

    #[test]
    fn debug_output_hides_the_chaining_key() {
        let mut state = SymmetricState::initialize("x");
        state.mix_key(b"secret");
        let shown = format!("{state:?}");
        assert!(!shown.contains(&hex::encode(*state.ck)));
        assert!(shown.contains(&hex::encode(state.h)));
    }
}
