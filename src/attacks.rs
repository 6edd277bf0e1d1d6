//! Part II, *Breaking the demo protocol*: one attack per chapter, each run
//! for real against the crate of Part I or against a weakened variant that
//! the chapter names and that lives only in the attack's own module.
//!
//! | chapter | module | the attack |
//! | --- | --- | --- |
//! | *Tampering* | [`tampering`] | flip ciphertext bits in flight |
//! | *Nonce reuse* | [`nonce_reuse`] | one nonce twice: read, then forge |
//! | *Replay* | [`replay`] | record a connection and send its bytes again |
//! | *Reflection* | [`reflection`] | bounce a message back to its sender |
//! | *Low-order keys* | [`low_order_keys`] | force an all-zero shared secret |
//! | *The man in the middle* | [`man_in_the_middle`] | a key exchange with each side |
//!
//! Nothing here weakens the Part I server or client: a variant such as
//! [`tampering::UntaggedCtr`], [`replay::RandomNonceSession`] or
//! [`low_order_keys::NoContributoryCheck`] exists to be attacked, and says so
//! in its name.

pub mod low_order_keys;
pub mod man_in_the_middle;
pub mod nonce_reuse;
pub mod reflection;
pub mod replay;
pub mod tampering;

use crate::Result;
use crate::decryption::decrypt_text;
use crate::encryption::{Nonce, encrypt};
use crate::key_derivation::SessionKey;

/// One sealed message of a session: its nonce and its ciphertext with tag,
/// as they cross the network (and as Mallory can copy them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The nonce it was sealed under, sent in the clear.
    pub nonce: Nonce,
    /// The AES-256-GCM ciphertext with its 16-byte tag.
    pub ciphertext: Vec<u8>,
}

impl Sealed {
    /// Seals `message` under `key` and a fresh random nonce.
    pub fn seal(key: &SessionKey, message: &str) -> Result<Sealed> {
        let nonce = Nonce::random();
        let ciphertext = encrypt(key, &nonce, message.as_bytes())?;
        Ok(Sealed { nonce, ciphertext })
    }

    /// Opens this message under `key`: its tag says only that it was sealed
    /// under that key, not by whom, nor whether it was seen before.
    pub fn open(&self, key: &SessionKey) -> Result<String> {
        decrypt_text(key, &self.nonce, &self.ciphertext)
    }
}

/// What every session of Part II does: seal a message for the other side,
/// and open one from it. The sessions differ only in the keys they use.
pub trait Session {
    /// Seals a message for the other side.
    fn seal(&self, message: &str) -> Result<Sealed>;

    /// Opens a message as the other side's.
    fn open(&self, sealed: &Sealed) -> Result<String>;
}
