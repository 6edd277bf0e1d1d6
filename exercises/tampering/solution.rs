//! Part II, *Tampering*: the solution of "Exercise: put the tag back".
//!
//! Encrypt, then MAC: the tag covers the nonce and every byte of the
//! ciphertext, and the receiver checks it before it decrypts anything. Each
//! of Mallory's edits, and each single flipped bit, is refused.
//!
//! Run it with `cargo run --example tampering_solution`.

use hmac::{Hmac, KeyInit, Mac};
use secure_messaging::attacks::tampering::UntaggedCtr;
use secure_messaging::encryption::Nonce;
use sha2::Sha256;

/// Length in bytes of the HMAC-SHA256 tag that `seal` appends.
const TAG_LEN: usize = 32;

// ANCHOR: solution
/// HMAC-SHA256 under `mac_key`, fed the nonce and the ciphertext.
fn mac(mac_key: &[u8; 32], nonce: &Nonce, ciphertext: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(mac_key)
        .expect("HMAC takes a key of any length");
    mac.update(nonce.as_bytes());
    mac.update(ciphertext);
    mac
}

/// Encrypts, then appends HMAC-SHA256(`mac_key`, nonce || ciphertext).
fn seal(
    cipher: &UntaggedCtr,
    mac_key: &[u8; 32],
    nonce: &Nonce,
    message: &[u8],
) -> Vec<u8> {
    let mut sealed = cipher.encrypt(nonce, message);
    let tag = mac(mac_key, nonce, &sealed).finalize().into_bytes();
    sealed.extend_from_slice(&tag);
    sealed
}

/// Checks the tag in constant time; only if it verifies, decrypts.
fn open(
    cipher: &UntaggedCtr,
    mac_key: &[u8; 32],
    nonce: &Nonce,
    sealed: &[u8],
) -> Option<Vec<u8>> {
    let at = sealed.len().checked_sub(TAG_LEN)?;
    let (ciphertext, tag) = sealed.split_at(at);
    mac(mac_key, nonce, ciphertext).verify_slice(tag).ok()?;
    Some(cipher.decrypt(nonce, ciphertext))
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run();
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
