//! Part II, *Nonce reuse*: two messages under one key and one nonce, and the
//! forbidden attack.
//!
//! Under one key and nonce, AES-GCM's keystream repeats, so the XOR of two
//! ciphertexts is the XOR of their messages ([`read_second`]). The tags
//! repeat their mask too: XORed, they leave an equation in the GHASH key H
//! alone, which [`recover`] solves with arithmetic in GF(2^128) ([`Gf128`]).
//! With H and the mask, an attacker tags a message of its choosing
//! ([`forge`]) and the receiver's [`decrypt`](crate::decryption::decrypt)
//! accepts it. This is the *forbidden attack* (A. Joux, "Authentication
//! failures in NIST version of GCM", 2006; H. Böck, A. Zauner, S. Devlin,
//! J. Somorovsky and P. Jovanovic, "Nonce-Disrespecting Adversaries", USENIX
//! WOOT 2016).
//!
//! The weakened variant is [`RepeatedNonceSender`], which seals every message
//! under the same nonce. The protocol of Part I derives a fresh key for each
//! connection and sends one message under it, under a random nonce: there is
//! no second message to pair with.
//!
//! ```
//! use secure_messaging::attacks::nonce_reuse::{
//!     RepeatedNonceSender, forge, recover,
//! };
//! use secure_messaging::decryption::decrypt;
//! use secure_messaging::encryption::Nonce;
//! use secure_messaging::key_derivation::SessionKey;
//!
//! let (key, nonce) = ([7; 32], Nonce::random());
//! let sender = RepeatedNonceSender::new(SessionKey::from_bytes(key), nonce);
//! let first = sender.seal(b"Hello, server!")?;
//! let second = sender.seal(b"PIN code: 4921")?;
//!
//! // The attacker sees both and knows the greeting; it never sees the key.
//! let secrets = recover(&first, &second)?;
//! let forged = forge(&secrets, b"Hello, server!", &first, b"PIN code: 0000")?;
//!
//! let receiver = SessionKey::from_bytes(key);
//! assert_eq!(decrypt(&receiver, &nonce, &forged)?, b"PIN code: 0000");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::ops::{BitXor, Mul};

use crate::Result;
use crate::encryption::{Nonce, encrypt};
use crate::key_derivation::SessionKey;
use crate::transmission::TAG_LEN;

/// Bytes in a block of GHASH: one element of GF(2^128).
pub const BLOCK_LEN: usize = 16;

// ANCHOR: gf128
/// An element of GF(2^128), the field GHASH computes in, written as GCM
/// writes it: a 16-byte block whose first bit (the high bit of byte 0) is the
/// coefficient of x^0 and whose last bit is the coefficient of x^127.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Gf128(u128);

/// Adding two elements is XOR: coefficients are bits, and 1 + 1 = 0.
impl BitXor for Gf128 {
    type Output = Gf128;

    fn bitxor(self, other: Gf128) -> Gf128 {
        Gf128(self.0 ^ other.0)
    }
}
// ANCHOR_END: gf128

impl Gf128 {
    /// The element 0.
    pub const ZERO: Gf128 = Gf128(0);

    /// The element 1, the polynomial x^0: the block's first bit.
    pub const ONE: Gf128 = Gf128(1 << 127);

    /// The element this block writes.
    pub fn from_block(block: [u8; BLOCK_LEN]) -> Self {
        Gf128(u128::from_be_bytes(block))
    }

    /// The element of up to 16 bytes, padded with zeros as GHASH pads its
    /// last block. Panics on more than 16 bytes.
    pub fn from_padded(bytes: &[u8]) -> Self {
        let mut block = [0; BLOCK_LEN];
        block[..bytes.len()].copy_from_slice(bytes);
        Gf128::from_block(block)
    }

    /// The block that writes this element.
    pub fn to_block(self) -> [u8; BLOCK_LEN] {
        self.0.to_be_bytes()
    }
}

impl fmt::Debug for Gf128 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Gf128({})", hex::encode(self.to_block()))
    }
}

// ANCHOR: mul
/// x^128 = x^7 + x^2 + x + 1 in GCM's field: the bits 1110 0001 at x^0..x^7.
const R: u128 = 0xe1 << 120;

/// Multiplying is shift and add: for each bit of `self` from x^0 up, add `v`
/// if the bit is set, then multiply `v` by x, reducing by R when x^127
/// overflows. In GCM's bit order, multiplying by x is a shift to the right.
impl Mul for Gf128 {
    type Output = Gf128;

    fn mul(self, other: Gf128) -> Gf128 {
        let (mut product, mut v) = (0, other.0);
        for bit in (0..128).rev() {
            if (self.0 >> bit) & 1 == 1 {
                product ^= v;
            }
            v = if v & 1 == 1 { (v >> 1) ^ R } else { v >> 1 };
        }
        Gf128(product)
    }
}
// ANCHOR_END: mul

// ANCHOR: inverse_sqrt
impl Gf128 {
    /// The inverse, x^(2^128 − 2), since x^(2^128 − 1) = 1 for every x but 0
    /// (which has none). 2^128 − 2 = 2 + 4 + … + 2^127: multiply the squares.
    pub fn inverse(self) -> Option<Gf128> {
        let (mut result, mut square) = (Gf128::ONE, self);
        for _ in 1..128 {
            square = square * square; // self^(2^i)
            result = result * square;
        }
        (self != Gf128::ZERO).then_some(result)
    }

    /// The square root, x^(2^127): squaring adds no cross terms when 1 + 1 =
    /// 0, so it is one-to-one, and squaring x^(2^127) gives x^(2^128) = x.
    pub fn sqrt(self) -> Gf128 {
        (0..127).fold(self, |x, _| x * x)
    }
}
// ANCHOR_END: inverse_sqrt

// ANCHOR: ghash
/// GHASH keyed with `h`, over a ciphertext and no associated data: add each
/// 16-byte block (the last padded with zeros) and multiply by H; the last
/// block holds the lengths in bits, 0 of associated data, then the
/// ciphertext's.
pub fn ghash(h: Gf128, ciphertext: &[u8]) -> Gf128 {
    let lengths = Gf128(ciphertext.len() as u128 * 8);
    ciphertext
        .chunks(BLOCK_LEN)
        .map(Gf128::from_padded)
        .chain([lengths])
        .fold(Gf128::ZERO, |sum, block| (sum ^ block) * h)
}
// ANCHOR_END: ghash

// ANCHOR: sender
/// The weakened variant: it seals every message under one key and the same
/// nonce, as a counter reset by a crash or a VM snapshot would.
pub struct RepeatedNonceSender {
    key: SessionKey,
    nonce: Nonce,
}

impl RepeatedNonceSender {
    /// A sender that will use `nonce` for every message under `key`.
    pub fn new(key: SessionKey, nonce: Nonce) -> Self {
        RepeatedNonceSender { key, nonce }
    }

    /// Seals `message` under the key and, again, the same nonce.
    pub fn seal(&self, message: &[u8]) -> Result<Vec<u8>> {
        encrypt(&self.key, &self.nonce, message)
    }
}
// ANCHOR_END: sender

// ANCHOR: xor
/// The XOR of two byte strings, byte by byte, over the shorter.
pub fn xor(a: &[u8], b: &[u8]) -> Vec<u8> {
    a.iter().zip(b).map(|(x, y)| x ^ y).collect()
}

/// Reads the second message from the first, known one: under one key and
/// nonce, C1 ⊕ C2 = M1 ⊕ M2, so M2 = C1 ⊕ C2 ⊕ M1, as far as M1 reaches.
pub fn read_second(known: &[u8], first: &[u8], second: &[u8]) -> Vec<u8> {
    xor(&xor(known, body(first)), body(second))
}
// ANCHOR_END: xor

/// A sealed message without its 16-byte tag.
fn body(sealed: &[u8]) -> &[u8] {
    &sealed[..sealed.len().saturating_sub(TAG_LEN)]
}

/// What the forbidden attack learns from two tags under one key and nonce:
/// GHASH's key H, which is AES of the all-zero block under the key, and the
/// mask AES(J0) that hides every tag made under that nonce.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TagSecrets {
    /// The GHASH key H.
    pub hash_key: Gf128,
    /// The mask XORed into every tag under this key and nonce.
    pub mask: Gf128,
}

// ANCHOR: recover
/// Recovers H and the mask from two messages of one block (1 to 16 bytes)
/// and equal length, sealed under one key and nonce. Each tag is
/// C·H² ⊕ L·H ⊕ mask with the same L and mask, so t1 ⊕ t2 = (C1 ⊕ C2)·H².
pub fn recover(
    first: &[u8],
    second: &[u8],
) -> Result<TagSecrets, NonceReuseError> {
    let (c1, t1) = one_block(first)?;
    let (c2, t2) = one_block(second)?;
    if body(first).len() != body(second).len() {
        return Err(NonceReuseError::LengthsDiffer);
    }
    let inverse = (c1 ^ c2).inverse().ok_or(NonceReuseError::SameMessage)?;
    let hash_key = ((t1 ^ t2) * inverse).sqrt();
    let mask = t1 ^ ghash(hash_key, body(first));
    Ok(TagSecrets { hash_key, mask })
}
// ANCHOR_END: recover

/// A sealed message of one block: its ciphertext and its tag.
fn one_block(sealed: &[u8]) -> Result<(Gf128, Gf128), NonceReuseError> {
    match sealed.len().checked_sub(TAG_LEN) {
        Some(len @ 1..=BLOCK_LEN) => Ok((
            Gf128::from_padded(&sealed[..len]),
            Gf128::from_padded(&sealed[len..]),
        )),
        _ => Err(NonceReuseError::NotOneBlock { len: sealed.len() }),
    }
}

// ANCHOR: forge
/// Seals `forged` under the victim's key and nonce, without the key, from a
/// sealed message whose plaintext `known` the attacker knows: the keystream
/// is C ⊕ M, and the tag is GHASH_H(C') ⊕ mask. `forged` may be as long as
/// the known keystream.
pub fn forge(
    secrets: &TagSecrets,
    known: &[u8],
    sealed: &[u8],
    forged: &[u8],
) -> Result<Vec<u8>, NonceReuseError> {
    let keystream = xor(known, body(sealed));
    if forged.len() > keystream.len() {
        return Err(NonceReuseError::ForgedTooLong {
            forged: forged.len(),
            keystream: keystream.len(),
        });
    }
    let mut ciphertext = xor(forged, &keystream);
    let tag = ghash(secrets.hash_key, &ciphertext) ^ secrets.mask;
    ciphertext.extend_from_slice(&tag.to_block());
    Ok(ciphertext)
}
// ANCHOR_END: forge

/// Why the attack could not run on these inputs, in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NonceReuseError {
    /// A sealed message is not one block of ciphertext and a tag.
    NotOneBlock {
        /// Its length, tag included.
        len: usize,
    },
    /// The two messages differ in length, so their length blocks differ.
    LengthsDiffer,
    /// The two ciphertexts are equal, so their tags tell nothing new.
    SameMessage,
    /// The forged message is longer than the keystream the attacker knows.
    ForgedTooLong {
        /// The forged message's length.
        forged: usize,
        /// The length of the known keystream.
        keystream: usize,
    },
}

impl fmt::Display for NonceReuseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NonceReuseError::NotOneBlock { len } => write!(
                f,
                "a sealed message of {len} bytes is not one block: it must \
                 be 1 to {BLOCK_LEN} bytes of ciphertext and a {TAG_LEN}-byte \
                 tag"
            ),
            NonceReuseError::LengthsDiffer => write!(
                f,
                "the two messages differ in length: this attack needs two of \
                 equal length"
            ),
            NonceReuseError::SameMessage => write!(
                f,
                "the two ciphertexts are equal: two different messages are \
                 needed"
            ),
            NonceReuseError::ForgedTooLong { forged, keystream } => write!(
                f,
                "the forged message is {forged} bytes long, but only \
                 {keystream} bytes of keystream are known"
            ),
        }
    }
}

impl std::error::Error for NonceReuseError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn gf(hex: &str) -> Gf128 {
        Gf128::from_block(hex::decode(hex).unwrap().try_into().unwrap())
    }

    /// GCM specification (McGrew and Viega), Test Cases 2 and 14: H, the
    /// one-block ciphertext, and GHASH(H, {}, C).
    const CASES: [(&str, &str, &str); 2] = [
        (
            "66e94bd4ef8a2c3b884cfa59ca342b2e",
            "0388dace60b6a392f328c2b971b2fe78",
            "f38cbb1ad69223dcc3457ae5b6b0f885",
        ),
        (
            "dc95c078a2408989ad48a21492842087",
            "cea7403d4d606b6e074ec5d3baf39d18",
            "83de425c5edc5d498f382c441041ca92",
        ),
    ];

    #[test]
    fn ghash_matches_the_gcm_specification() {
        for (h, c, expected) in CASES {
            let c = hex::decode(c).unwrap();
            assert_eq!(ghash(gf(h), &c), gf(expected), "H = {h}");
        }
    }

    #[test]
    fn one_is_the_first_bit_and_x_times_shifts_right() {
        let h = gf(CASES[0].0);
        assert_eq!(Gf128::ONE * h, h);
        assert_eq!(h * Gf128::ONE, h);
        assert_eq!(Gf128::ZERO * h, Gf128::ZERO);
        let x = Gf128(1 << 126);
        assert_eq!(x * Gf128::ONE, x);
        // x · x^127 = x^128 = x^7 + x^2 + x + 1: R itself.
        assert_eq!(x * Gf128(1), Gf128(R));
        let even = Gf128(0x1234 << 100);
        assert_eq!(x * even, Gf128(0x1234 << 99));
    }

    #[test]
    fn multiplication_commutes_and_distributes() {
        let [a, b, c] = [CASES[0].0, CASES[1].0, CASES[1].2].map(gf);
        assert_eq!(a * b, b * a);
        assert_eq!(a * (b ^ c), (a * b) ^ (a * c));
        assert_eq!((a * b) * c, a * (b * c));
    }

    #[test]
    fn inverse_and_sqrt_undo_multiplication_and_squaring() {
        for (h, c, _) in CASES {
            let (h, c) = (gf(h), gf(c));
            assert_eq!(h * h.inverse().unwrap(), Gf128::ONE);
            assert_eq!(h.sqrt() * h.sqrt(), h);
            assert_eq!((h * h).sqrt(), h);
            assert_eq!((c * h) * h.inverse().unwrap(), c);
        }
        assert_eq!(Gf128::ONE.inverse(), Some(Gf128::ONE));
        assert_eq!(Gf128::ZERO.inverse(), None);
    }

    #[test]
    fn the_attack_refuses_what_it_cannot_use() {
        let one = [1; 16 + TAG_LEN];
        let other = [2; 16 + TAG_LEN];
        assert_eq!(
            recover(&[1; 17 + TAG_LEN], &other),
            Err(NonceReuseError::NotOneBlock { len: 33 })
        );
        assert_eq!(
            recover(&[1; TAG_LEN], &other),
            Err(NonceReuseError::NotOneBlock { len: 16 })
        );
        assert_eq!(
            recover(&one, &[2; 15 + TAG_LEN]),
            Err(NonceReuseError::LengthsDiffer)
        );
        assert_eq!(recover(&one, &one), Err(NonceReuseError::SameMessage));
        let secrets = recover(&one, &other).unwrap();
        assert_eq!(
            forge(&secrets, b"short", &one, b"longer"),
            Err(NonceReuseError::ForgedTooLong {
                forged: 6,
                keystream: 5
            })
        );
    }

    #[test]
    fn read_second_reads_as_far_as_the_known_message() {
        let keystream = [0x5a; 20];
        let first = [xor(b"Hello, server!", &keystream), vec![0; 16]].concat();
        let second = [xor(b"PIN is 4921", &keystream), vec![9; 16]].concat();
        assert_eq!(
            read_second(b"Hello, server!", &first, &second),
            b"PIN is 4921"
        );
        assert_eq!(read_second(b"Hello", &first, &second), b"PIN i");
    }
}
