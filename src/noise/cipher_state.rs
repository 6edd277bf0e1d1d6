//! Part III, *Counter nonces*: the specification's `CipherState`,
//! a key `k` and a counter `n`.
//!
//! Part I picked a random 96-bit nonce for every message, which is unique
//! only by chance: after about 2^32 messages under one key the chance of a
//! repeat is no longer negligible. A `CipherState` counts instead: message 0
//! is sealed under nonce 0, message 1 under nonce 1, and so on, so two
//! messages under one key never share a nonce, by construction. For AES-GCM,
//! Noise lays the counter out as 32 bits of zeros followed by the 64-bit
//! counter, big-endian ([`aesgcm_nonce`]). The last value, 2^64 − 1, is
//! reserved: at that point the state refuses to encrypt or decrypt again
//! ([`Error::NonceExhausted`]) rather than wrap around to nonce 0.
//!
//! ```
//! use secure_messaging::noise::cipher_state::CipherState;
//!
//! let mut alice = CipherState::new([7; 32]);
//! let mut bob = CipherState::new([7; 32]);
//! let first = alice.encrypt_with_ad(b"", b"hello")?;
//! let second = alice.encrypt_with_ad(b"", b"hello")?;
//! assert_ne!(first, second, "same key, same text, another nonce");
//! assert_eq!(bob.decrypt_with_ad(b"", &first)?, b"hello");
//! assert_eq!(bob.decrypt_with_ad(b"", &second)?, b"hello");
//! assert_eq!((alice.nonce(), bob.nonce()), (2, 2));
//! # Ok::<(), secure_messaging::Error>(())
//! ```

use std::fmt;

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use zeroize::Zeroizing;

use crate::encryption::NONCE_LEN;
use crate::{Error, Result};

/// Length in bytes of a cipher key `k`.
pub const KEY_LEN: usize = 32;

/// The reserved counter value: no message is ever sealed under it.
pub const MAX_NONCE: u64 = u64::MAX;

// ANCHOR: nonce
/// The AES-GCM nonce for counter `n`: 4 zero bytes, then `n` as 8 bytes,
/// big-endian (ChaChaPoly, the other Noise cipher, is little-endian).
///
/// ```
/// use secure_messaging::noise::cipher_state::aesgcm_nonce;
/// assert_eq!(
///     hex::encode(aesgcm_nonce(258)),
///     "000000000000000000000102"
/// );
/// ```
pub fn aesgcm_nonce(n: u64) -> [u8; NONCE_LEN] {
    let mut nonce = [0u8; NONCE_LEN];
    nonce[4..].copy_from_slice(&n.to_be_bytes());
    nonce
}
// ANCHOR_END: nonce

// ANCHOR: rekey
/// The specification's `REKEY(k)` for AES-GCM: encrypt 32 zero bytes under
/// `k` with the reserved nonce 2^64 − 1 and empty associated data, and keep
/// the first 32 bytes (the tag is dropped). The old key cannot be computed
/// back from the new one. The new key, and the buffer it was cut from, are
/// wiped from memory when dropped.
///
/// ```
/// use secure_messaging::noise::cipher_state::rekey;
/// let new = rekey(&[7; 32]);
/// assert_ne!(*new, [7; 32]);
/// assert_eq!(*rekey(&[7; 32]), *new, "both sides get the same new key");
/// ```
pub fn rekey(k: &[u8; KEY_LEN]) -> Zeroizing<[u8; KEY_LEN]> {
    let nonce = aesgcm_nonce(MAX_NONCE);
    let sealed = Zeroizing::new(
        Aes256Gcm::new(k.into())
            .encrypt(&nonce.into(), [0u8; KEY_LEN].as_slice())
            .expect("AES-GCM encrypts 32 bytes"),
    );
    let mut new = Zeroizing::new([0u8; KEY_LEN]);
    new.copy_from_slice(&sealed[..KEY_LEN]);
    new
}
// ANCHOR_END: rekey

// ANCHOR: cipher_state
/// A cipher key `k` (or none yet) and the counter `n` of the next message.
///
/// The key is wiped from memory when the state is dropped and never appears
/// in `Debug` output.
pub struct CipherState {
    k: Option<Zeroizing<[u8; KEY_LEN]>>,
    n: u64,
}
// ANCHOR_END: cipher_state

impl CipherState {
    /// The specification's `InitializeKey(k)`: a state with key `k` and the
    /// counter at 0.
    ///
    /// ```
    /// use secure_messaging::noise::cipher_state::CipherState;
    /// let state = CipherState::new([7; 32]);
    /// assert!(state.has_key());
    /// assert_eq!(state.nonce(), 0);
    /// ```
    pub fn new(k: [u8; KEY_LEN]) -> Self {
        CipherState {
            k: Some(Zeroizing::new(k)),
            n: 0,
        }
    }

    /// A state with no key yet, as a handshake starts: it passes text through
    /// unencrypted.
    ///
    /// ```
    /// use secure_messaging::noise::cipher_state::CipherState;
    /// let mut state = CipherState::empty();
    /// assert!(!state.has_key());
    /// assert_eq!(state.encrypt_with_ad(b"", b"in the clear")?, b"in the clear");
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn empty() -> Self {
        CipherState { k: None, n: 0 }
    }

    /// Whether the state has a key (the specification's `HasKey()`).
    ///
    /// ```
    /// use secure_messaging::noise::cipher_state::CipherState;
    /// assert!(!CipherState::empty().has_key());
    /// ```
    pub fn has_key(&self) -> bool {
        self.k.is_some()
    }

    /// The key, if any: for [`TransportState`](super::TransportState)'s
    /// narration accessors only.
    pub(super) fn key(&self) -> Option<&[u8; KEY_LEN]> {
        self.k.as_deref()
    }

    /// The counter: the nonce the next message is sealed or opened under.
    ///
    /// ```
    /// use secure_messaging::noise::cipher_state::CipherState;
    /// let mut state = CipherState::new([7; 32]);
    /// state.encrypt_with_ad(b"", b"one")?;
    /// assert_eq!(state.nonce(), 1);
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn nonce(&self) -> u64 {
        self.n
    }

    /// The specification's `SetNonce(n)`, for tests that need a counter near
    /// its end. Setting a counter back reuses nonces, so nothing in the
    /// protocol calls it: a [`TransportState`](super::TransportState) only
    /// ever counts up.
    ///
    /// ```
    /// use secure_messaging::noise::cipher_state::{CipherState, MAX_NONCE};
    /// let mut state = CipherState::new([7; 32]);
    /// state.set_nonce(MAX_NONCE - 1);
    /// assert!(state.encrypt_with_ad(b"", b"the last one").is_ok());
    /// assert!(state.encrypt_with_ad(b"", b"one too many").is_err());
    /// ```
    pub fn set_nonce(&mut self, n: u64) {
        self.n = n;
    }

    /// The specification's `Rekey()`: replaces `k` with [`rekey`]`(k)`; the
    /// counter goes on where it was. Both sides must call it at the same
    /// point of the conversation; the protocol decides when (the Noise
    /// specification leaves that to the application). With no key it does
    /// nothing.
    ///
    /// ```
    /// use secure_messaging::noise::cipher_state::CipherState;
    /// let (mut alice, mut bob) = (CipherState::new([7; 32]), CipherState::new([7; 32]));
    /// alice.rekey();
    /// let sealed = alice.encrypt_with_ad(b"", b"after")?;
    /// assert!(bob.decrypt_with_ad(b"", &sealed).is_err(), "bob has the old key");
    /// bob.rekey();
    /// assert_eq!(bob.decrypt_with_ad(b"", &sealed)?, b"after");
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn rekey(&mut self) {
        if let Some(k) = &mut self.k {
            *k = rekey(k); // the old key is wiped as it is dropped
        }
    }

    /// Seals `plaintext` with associated data `ad` under nonce `n`, then
    /// counts `n` up. With no key it returns the plaintext as it is.
    ///
    /// Fails with [`Error::NonceExhausted`] once `n` reaches 2^64 − 1.
    ///
    /// ```
    /// use secure_messaging::noise::cipher_state::CipherState;
    /// let mut state = CipherState::new([7; 32]);
    /// let sealed = state.encrypt_with_ad(b"bound to this", b"hello")?;
    /// assert_eq!(sealed.len(), 5 + 16);
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn encrypt_with_ad(
        &mut self,
        ad: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>> {
        let Some(k) = &self.k else {
            return Ok(plaintext.to_vec());
        };
        if self.n == MAX_NONCE {
            return Err(Error::NonceExhausted);
        }
        let nonce = aesgcm_nonce(self.n);
        let ciphertext = Aes256Gcm::new((&**k).into())
            .encrypt(
                &nonce.into(),
                Payload {
                    msg: plaintext,
                    aad: ad,
                },
            )
            .expect("AES-GCM encrypts any message a Noise message holds");
        self.n += 1;
        Ok(ciphertext)
    }

    /// Checks the tag of `ciphertext` with associated data `ad` under nonce
    /// `n` and, only if it verifies, counts `n` up and returns the plaintext.
    /// With no key it returns the ciphertext as it is.
    ///
    /// Fails with [`Error::Decryption`] when the tag does not verify (the
    /// counter stays where it was) and with [`Error::NonceExhausted`] once
    /// `n` reaches 2^64 − 1.
    ///
    /// ```
    /// use secure_messaging::noise::cipher_state::CipherState;
    /// let sealed = CipherState::new([7; 32]).encrypt_with_ad(b"ad", b"hi")?;
    /// let mut receiver = CipherState::new([7; 32]);
    /// assert!(receiver.decrypt_with_ad(b"other ad", &sealed).is_err());
    /// assert_eq!(receiver.decrypt_with_ad(b"ad", &sealed)?, b"hi");
    /// assert!(receiver.decrypt_with_ad(b"ad", &sealed).is_err(), "replayed");
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn decrypt_with_ad(
        &mut self,
        ad: &[u8],
        ciphertext: &[u8],
    ) -> Result<Vec<u8>> {
        let Some(k) = &self.k else {
            return Ok(ciphertext.to_vec());
        };
        if self.n == MAX_NONCE {
            return Err(Error::NonceExhausted);
        }
        let nonce = aesgcm_nonce(self.n);
        let plaintext = Aes256Gcm::new((&**k).into())
            .decrypt(
                &nonce.into(),
                Payload {
                    msg: ciphertext,
                    aad: ad,
                },
            )
            .map_err(|_| Error::Decryption)?;
        self.n += 1;
        Ok(plaintext)
    }
}

/// Shows whether there is a key and the counter, never the key itself.
impl fmt::Debug for CipherState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CipherState")
            .field(
                "k",
                &format_args!(
                    "{}",
                    if self.has_key() { "(set)" } else { "(empty)" }
                ),
            )
            .field("n", &self.n)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encryption::{Nonce, encrypt};
    use crate::key_derivation::SessionKey;

    #[test]
    fn message_n_is_sealed_under_the_big_endian_counter_n() {
        let mut state = CipherState::new([9; 32]);
        state.set_nonce(0x0102_0304_0506_0708);
        let sealed = state.encrypt_with_ad(b"", b"hello").unwrap();
        let nonce = Nonce::from_bytes([0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
        let key = SessionKey::from_bytes([9; 32]);
        assert_eq!(sealed, encrypt(&key, &nonce, b"hello").unwrap());
    }

    #[test]
    fn the_counter_at_2_64_minus_1_is_refused_both_ways() {
        let mut sender = CipherState::new([9; 32]);
        let mut receiver = CipherState::new([9; 32]);
        sender.set_nonce(MAX_NONCE - 1);
        receiver.set_nonce(MAX_NONCE - 1);
        let last = sender.encrypt_with_ad(b"", b"last").unwrap();
        assert_eq!(receiver.decrypt_with_ad(b"", &last).unwrap(), b"last");
        assert_eq!(sender.nonce(), MAX_NONCE);
        assert!(matches!(
            sender.encrypt_with_ad(b"", b"one more"),
            Err(Error::NonceExhausted)
        ));
        assert!(matches!(
            receiver.decrypt_with_ad(b"", &last),
            Err(Error::NonceExhausted)
        ));
        assert_eq!(sender.nonce(), MAX_NONCE, "no wrap-around to nonce 0");
    }

    #[test]
    fn a_failed_decryption_leaves_the_counter_alone() {
        let mut sender = CipherState::new([9; 32]);
        let mut receiver = CipherState::new([9; 32]);
        let mut sealed = sender.encrypt_with_ad(b"", b"hello").unwrap();
        sealed[0] ^= 1;
        assert!(matches!(
            receiver.decrypt_with_ad(b"", &sealed),
            Err(Error::Decryption)
        ));
        assert_eq!(receiver.nonce(), 0);
        sealed[0] ^= 1;
        assert_eq!(receiver.decrypt_with_ad(b"", &sealed).unwrap(), b"hello");
    }

    #[test]
    fn debug_output_hides_the_key() {
        let state = CipherState::new([0xab; 32]);
        let shown = format!("{state:?}");
        assert_eq!(shown, "CipherState { k: (set), n: 0 }");
    }
    #[test]
    fn rekey_matches_an_independent_aes_gcm() {
        // Computed with Python's `cryptography`: AESGCM([7] * 32).encrypt(
        // 4 zero bytes + (2^64 - 1 big-endian), 32 zero bytes, b"")[:32].
        assert_eq!(
            hex::encode(*rekey(&[7; 32])),
            "f590782fc76a17d3847d154b6418cbf8a061f73ed7fd25db47b2e9b0cfb4b7c3"
        );
    }

    #[test]
    fn rekey_keeps_the_counter_and_old_messages_no_longer_open() {
        let mut sender = CipherState::new([9; 32]);
        let mut receiver = CipherState::new([9; 32]);
        let before = sender.encrypt_with_ad(b"", b"before").unwrap();
        assert_eq!(receiver.decrypt_with_ad(b"", &before).unwrap(), b"before");
        sender.rekey();
        receiver.rekey();
        assert_eq!((sender.nonce(), receiver.nonce()), (1, 1));
        let after = sender.encrypt_with_ad(b"", b"after").unwrap();
        let mut old = CipherState::new([9; 32]);
        old.set_nonce(1);
        assert!(matches!(
            old.decrypt_with_ad(b"", &after),
            Err(Error::Decryption)
        ));
        assert_eq!(receiver.decrypt_with_ad(b"", &after).unwrap(), b"after");
    }

    #[test]
    fn rekey_without_a_key_does_nothing() {
        let mut state = CipherState::empty();
        state.rekey();
        assert!(!state.has_key());
    }
}
