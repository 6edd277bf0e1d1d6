//! Tests of "Exercise: put the tag back", shared by exercise.rs and
//! solution.rs.

use super::*;
use secure_messaging::attacks::tampering::{
    FORGED, ORIGINAL, flip_bit, pay_eve,
};
use secure_messaging::key_derivation::SessionKey;

struct Setup {
    cipher: UntaggedCtr,
    mac_key: [u8; 32],
    nonce: Nonce,
}

fn setup() -> Setup {
    Setup {
        cipher: UntaggedCtr::new(&SessionKey::from_bytes([7; 32])),
        mac_key: [9; 32],
        nonce: Nonce::from_bytes([3; 12]),
    }
}

fn sealed(s: &Setup, message: &[u8]) -> Vec<u8> {
    seal(&s.cipher, &s.mac_key, &s.nonce, message)
}

#[test]
fn seal_is_the_ciphertext_then_an_hmac_of_nonce_and_ciphertext() {
    let s = setup();
    let got = sealed(&s, ORIGINAL.as_bytes());
    let ciphertext = s.cipher.encrypt(&s.nonce, ORIGINAL.as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(&s.mac_key).unwrap();
    mac.update(s.nonce.as_bytes());
    mac.update(&ciphertext);
    let mut expected = ciphertext;
    expected.extend_from_slice(&mac.finalize().into_bytes());
    assert_eq!(
        hex::encode(&got),
        hex::encode(&expected),
        "seal(\"{ORIGINAL}\") returned the left; expected ciphertext || \
         HMAC-SHA256(mac_key, nonce || ciphertext)"
    );
}

#[test]
fn what_was_sealed_opens() {
    let s = setup();
    for message in ["", "x", ORIGINAL, "a longer message, over two blocks"] {
        let opened = open(
            &s.cipher,
            &s.mac_key,
            &s.nonce,
            &sealed(&s, message.as_bytes()),
        );
        assert_eq!(
            opened.as_deref().map(String::from_utf8_lossy),
            Some(message.into()),
            "open(seal({message:?})) returned the left"
        );
    }
}

#[test]
fn mallorys_edit_is_refused() {
    let s = setup();
    let mut edited = sealed(&s, ORIGINAL.as_bytes());
    let body = ORIGINAL.len();
    let forged = pay_eve(&edited[..body]);
    edited[..body].copy_from_slice(&forged);
    // Without the tag check, this is what the receiver would read.
    assert_eq!(s.cipher.decrypt(&s.nonce, &forged), FORGED.as_bytes());
    let opened = open(&s.cipher, &s.mac_key, &s.nonce, &edited);
    assert_eq!(
        opened.as_deref().map(String::from_utf8_lossy),
        None,
        "open accepted Mallory's edit and returned the left"
    );
}

#[test]
fn every_single_bit_flip_is_refused_the_tag_included() {
    let s = setup();
    let original = sealed(&s, ORIGINAL.as_bytes());
    for bit in 0..original.len() * 8 {
        let mut flipped = original.clone();
        flip_bit(&mut flipped, bit);
        assert_eq!(
            open(&s.cipher, &s.mac_key, &s.nonce, &flipped),
            None,
            "open accepted the sealed message with bit {bit} flipped"
        );
    }
}

#[test]
fn the_tag_covers_the_nonce_and_needs_the_mac_key() {
    let s = setup();
    let original = sealed(&s, ORIGINAL.as_bytes());
    let other_nonce = Nonce::from_bytes([4; 12]);
    assert_eq!(
        open(&s.cipher, &s.mac_key, &other_nonce, &original),
        None,
        "open accepted the message under another nonce: MAC the nonce too"
    );
    assert_eq!(
        open(&s.cipher, &[8; 32], &s.nonce, &original),
        None,
        "open accepted the message under another MAC key"
    );
}

#[test]
fn too_short_or_cut_input_is_refused_without_a_panic() {
    let s = setup();
    let original = sealed(&s, ORIGINAL.as_bytes());
    for len in [0, 1, TAG_LEN - 1, TAG_LEN, original.len() - 1] {
        assert_eq!(
            open(&s.cipher, &s.mac_key, &s.nonce, &original[..len]),
            None,
            "open accepted the first {len} bytes of a sealed message"
        );
    }
}
