//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! functions you write and prints what they do.

use secure_messaging::attacks::tampering::{
    ORIGINAL, UntaggedCtr, flip_bit, pay_eve,
};
use secure_messaging::encryption::Nonce;
use secure_messaging::key_derivation::SessionKey;
use secure_messaging::narration::short_hex;

use super::{TAG_LEN, open, seal};

/// What the receiver makes of what arrived.
fn read(opened: Option<Vec<u8>>) -> String {
    match opened {
        Some(text) => format!("reads {:?}", String::from_utf8_lossy(&text)),
        None => "refuses: the tag does not verify".to_owned(),
    }
}

/// Seals the chapter's message, lets Mallory edit it in flight, and opens
/// what arrives.
pub fn run() {
    let cipher = UntaggedCtr::new(&SessionKey::random());
    let mac_key: [u8; 32] = rand::random();
    let nonce = Nonce::random();
    let sealed = seal(&cipher, &mac_key, &nonce, ORIGINAL.as_bytes());
    println!(
        "Sealed {ORIGINAL:?}: {} bytes, {}, the last {TAG_LEN} the tag",
        sealed.len(),
        short_hex(&sealed)
    );
    let untouched = open(&cipher, &mac_key, &nonce, &sealed);
    println!("As sent: the receiver {}", read(untouched));

    let mut edited = sealed.clone();
    let body = sealed.len().saturating_sub(TAG_LEN);
    edited[..body].copy_from_slice(&pay_eve(&sealed[..body]));
    println!(
        "Mallory's edit: the receiver {}",
        read(open(&cipher, &mac_key, &nonce, &edited))
    );

    let bits = sealed.len() * 8;
    let accepted = (0..bits)
        .filter(|&bit| {
            let mut flipped = sealed.clone();
            flip_bit(&mut flipped, bit);
            open(&cipher, &mac_key, &nonce, &flipped).is_some()
        })
        .count();
    println!("Single-bit flips tried: {bits}, accepted: {accepted}");
}
