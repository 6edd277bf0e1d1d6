//! Part II, *Tampering*: change a message in flight, without the key.
//!
//! Counter mode hides a message by XOR with a keystream, so flipping a bit of
//! the ciphertext flips the same bit of the plaintext. AES-GCM notices,
//! because the tag no longer verifies. [`UntaggedCtr`], a variant weakened on
//! purpose, is AES-GCM's own counter mode with the tag left out: whatever
//! arrives, it decrypts to something, and [`forge`] makes that something the
//! attacker's choice.
//!
//! ```
//! use secure_messaging::attacks::tampering::{UntaggedCtr, forge};
//! use secure_messaging::{encryption::Nonce, key_derivation::SessionKey};
//!
//! let (key, nonce) = (SessionKey::random(), Nonce::random());
//! let sent = UntaggedCtr::new(&key).encrypt(&nonce, b"PAY 0100 EUR TO BOB");
//! // Mallory knows the format, not the key: she changes 0 to 9, BOB to EVE.
//! let forged = forge(&sent, 4, b"0", b"9").unwrap();
//! let forged = forge(&forged, 16, b"BOB", b"EVE").unwrap();
//! let read = UntaggedCtr::new(&key).decrypt(&nonce, &forged);
//! assert_eq!(read, b"PAY 9100 EUR TO EVE");
//! ```

use aes::Aes256;
use ctr::cipher::{KeyIvInit, StreamCipher};

use crate::Result;
use crate::decryption::decrypt_text;
use crate::encryption::{NONCE_LEN, Nonce, encrypt};
use crate::key_derivation::{SALT_LEN, SessionKey};

/// The message the chapter's client sends.
pub const ORIGINAL: &str = "PAY 0100 EUR TO BOB";

/// What Mallory wants the server to read instead.
pub const FORGED: &str = "PAY 9100 EUR TO EVE";

/// Where the ciphertext starts in the client's message on the wire: after
/// the 32-byte salt, the 12-byte nonce and the 4-byte length.
pub const CIPHERTEXT_OFFSET: usize = SALT_LEN + NONCE_LEN + 4;

/// AES-256 in counter mode with its 32-bit block counter, as inside AES-GCM.
type Aes256Ctr = ctr::Ctr32BE<Aes256>;

// ANCHOR: untagged_ctr
/// WEAKENED ON PURPOSE: AES-256-GCM with the tag left out. Encryption is
/// AES-GCM's own counter mode, so the ciphertext is AES-GCM's without its
/// last 16 bytes; decryption checks nothing, because nothing is there to check.
pub struct UntaggedCtr {
    key: SessionKey,
}

impl UntaggedCtr {
    /// The untagged cipher under `key`.
    pub fn new(key: &SessionKey) -> Self {
        UntaggedCtr {
            key: SessionKey::from_bytes(*key.as_bytes()),
        }
    }

    /// `plaintext` XOR the keystream of `nonce`: nothing appended.
    pub fn encrypt(&self, nonce: &Nonce, plaintext: &[u8]) -> Vec<u8> {
        self.xor_keystream(nonce, plaintext)
    }

    /// The same XOR again. It cannot fail: whatever arrives, it returns
    /// something, and the receiver believes it.
    pub fn decrypt(&self, nonce: &Nonce, ciphertext: &[u8]) -> Vec<u8> {
        self.xor_keystream(nonce, ciphertext)
    }
}
// ANCHOR_END: untagged_ctr

impl UntaggedCtr {
    /// XORs `data` with the keystream AES-GCM uses for its message: the
    /// counter block is the nonce and a 32-bit counter that starts at 2
    /// (block 1 encrypts the tag).
    fn xor_keystream(&self, nonce: &Nonce, data: &[u8]) -> Vec<u8> {
        let mut counter_block = [0u8; 16];
        counter_block[..NONCE_LEN].copy_from_slice(nonce.as_bytes());
        counter_block[15] = 2;
        let mut cipher =
            Aes256Ctr::new(self.key.as_bytes().into(), (&counter_block).into());
        let mut out = data.to_vec();
        cipher.apply_keystream(&mut out);
        out
    }
}

impl std::fmt::Debug for UntaggedCtr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UntaggedCtr { key: .. }")
    }
}

// ANCHOR: forge
/// Rewrites a ciphertext without its key: where the plaintext holds `known`
/// from byte `at` on, XOR in `known ^ wanted`, and it decrypts to `wanted`
/// there (under counter mode, and if no tag checks). `None` if `known` and
/// `wanted` differ in length or run past the end: flips cannot change a length.
pub fn forge(
    ciphertext: &[u8],
    at: usize,
    known: &[u8],
    wanted: &[u8],
) -> Option<Vec<u8>> {
    if known.len() != wanted.len() || at + known.len() > ciphertext.len() {
        return None;
    }
    let mut forged = ciphertext.to_vec();
    for (i, (k, w)) in known.iter().zip(wanted).enumerate() {
        forged[at + i] ^= k ^ w;
    }
    Some(forged)
}
// ANCHOR_END: forge

/// Mallory's edit of the chapter's message: the amount's first digit, 0 to
/// 9, and the payee, BOB to EVE. She knows the format, not the key.
pub fn pay_eve(ciphertext: &[u8]) -> Vec<u8> {
    let forged = forge(ciphertext, 4, b"0", b"9").expect("the amount's digit");
    forge(&forged, 16, b"BOB", b"EVE").expect("the payee")
}

/// Flips bit number `bit` of `bytes`, counting from the lowest bit of byte 0.
/// Panics if `bit` is past the end.
pub fn flip_bit(bytes: &mut [u8], bit: usize) {
    bytes[bit / 8] ^= 1 << (bit % 8);
}

/// The attack of the chapter run both ways, as the summary of Part II shows
/// it: what each receiver makes of Mallory's edit of [`ORIGINAL`].
#[derive(Debug)]
pub struct Outcome {
    /// What the [`UntaggedCtr`] receiver reads: [`FORGED`].
    pub untagged: String,
    /// What the Part I receiver, `decryption::decrypt_text`, says to the same
    /// edit of an AES-GCM ciphertext: an error.
    pub gcm: Result<String>,
}

/// Sends [`ORIGINAL`] under `key` and `nonce` both ways, applies
/// [`pay_eve`] in flight, and returns what each receiver makes of it.
pub fn attack(key: &SessionKey, nonce: &Nonce) -> Result<Outcome> {
    let untagged = UntaggedCtr::new(key);
    let sent = untagged.encrypt(nonce, ORIGINAL.as_bytes());
    let read = untagged.decrypt(nonce, &pay_eve(&sent));
    let sealed = encrypt(key, nonce, ORIGINAL.as_bytes())?;
    Ok(Outcome {
        untagged: String::from_utf8_lossy(&read).into_owned(),
        gcm: decrypt_text(key, nonce, &pay_eve(&sealed)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::decryption::decrypt;
    use crate::transmission::{Envelope, TAG_LEN};

    fn key_and_nonce() -> (SessionKey, Nonce) {
        (SessionKey::random(), Nonce::random())
    }

    #[test]
    fn the_untagged_variant_is_aes_gcm_without_its_tag() {
        let (key, nonce) = key_and_nonce();
        let sealed = encrypt(&key, &nonce, ORIGINAL.as_bytes()).unwrap();
        let bare = UntaggedCtr::new(&key).encrypt(&nonce, ORIGINAL.as_bytes());
        assert_eq!(hex::encode(&bare), hex::encode(&sealed[..ORIGINAL.len()]));
        assert_eq!(sealed.len(), bare.len() + TAG_LEN);
        let read = UntaggedCtr::new(&key).decrypt(&nonce, &bare);
        assert_eq!(String::from_utf8(read).unwrap(), ORIGINAL);
    }

    #[test]
    fn the_forgery_is_accepted_by_the_untagged_variant_as_the_exact_target() {
        for _ in 0..8 {
            let outcome = {
                let (key, nonce) = key_and_nonce();
                attack(&key, &nonce).unwrap()
            };
            assert_eq!(outcome.untagged, FORGED);
        }
    }

    #[test]
    fn the_same_forgery_is_refused_by_aes_gcm() {
        let (key, nonce) = key_and_nonce();
        let outcome = attack(&key, &nonce).unwrap();
        assert!(matches!(outcome.gcm, Err(Error::Decryption)));
    }

    #[test]
    fn every_single_bit_flip_in_flight_is_refused_by_aes_gcm() {
        let (key, nonce) = key_and_nonce();
        let envelope = Envelope {
            salt: crate::key_derivation::Salt::random(),
            nonce,
            ciphertext: encrypt(&key, &nonce, ORIGINAL.as_bytes()).unwrap(),
        };
        let wire = envelope.to_bytes().unwrap();
        let mut refused = 0;
        for bit in CIPHERTEXT_OFFSET * 8..wire.len() * 8 {
            let mut flipped = wire.clone();
            flip_bit(&mut flipped, bit);
            let arrived = Envelope::receive(&mut flipped.as_slice()).unwrap();
            let result = decrypt(&key, &arrived.nonce, &arrived.ciphertext);
            assert!(
                matches!(result, Err(Error::Decryption)),
                "bit {bit} of the wire"
            );
            refused += 1;
        }
        assert_eq!(refused, (ORIGINAL.len() + TAG_LEN) * 8);
    }

    #[test]
    fn every_single_bit_flip_passes_the_untagged_variant_and_flips_that_bit() {
        let (key, nonce) = key_and_nonce();
        let cipher = UntaggedCtr::new(&key);
        let sent = cipher.encrypt(&nonce, ORIGINAL.as_bytes());
        for bit in 0..sent.len() * 8 {
            let mut flipped = sent.clone();
            flip_bit(&mut flipped, bit);
            let mut expected = ORIGINAL.as_bytes().to_vec();
            flip_bit(&mut expected, bit);
            assert_eq!(cipher.decrypt(&nonce, &flipped), expected);
        }
    }

    #[test]
    fn the_differences_the_chapter_quotes_are_these() {
        // book/tampering/bit-flip.md: d = 0x09, and BOB ^ EVE = 07 19 07.
        assert_eq!(forge(&[0], 0, b"0", b"9"), Some(vec![0x09]));
        assert_eq!(forge(&[0; 3], 0, b"BOB", b"EVE"), Some(vec![7, 0x19, 7]));
    }

    #[test]
    fn a_forgery_cannot_change_a_length() {
        assert_eq!(forge(b"abc", 0, b"a", b"xy"), None);
        assert_eq!(forge(b"abc", 2, b"cd", b"xy"), None);
        assert_eq!(forge(b"abc", 3, b"", b""), Some(b"abc".to_vec()));
        assert_eq!(
            forge(b"\x00\x00", 1, b"\x0f", b"\xf0"),
            Some(vec![0, 0xff])
        );
    }

    #[test]
    fn the_wire_offset_is_where_the_ciphertext_starts() {
        let (key, nonce) = key_and_nonce();
        let ciphertext = encrypt(&key, &nonce, b"x").unwrap();
        let envelope = Envelope {
            salt: crate::key_derivation::Salt::random(),
            nonce,
            ciphertext: ciphertext.clone(),
        };
        let wire = envelope.to_bytes().unwrap();
        assert_eq!(&wire[CIPHERTEXT_OFFSET..], ciphertext.as_slice());
    }
}
