//! Tests of "Exercise: another label", shared by exercise.rs and solution.rs.

use super::*;
use secure_messaging::Error;
use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{INFO, derive_key};
use secure_messaging::key_generation::KeyPair;

fn bytes<const N: usize>(hex: &str) -> [u8; N] {
    hex::decode(hex).unwrap().try_into().unwrap()
}

/// The shared secret of RFC 7748, section 6.1, from Alice's and Bob's keys.
fn rfc_7748_secret() -> SharedSecret {
    let alice = KeyPair::from_private_bytes(bytes(
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
    ));
    let bob = KeyPair::from_private_bytes(bytes(
        "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
    ));
    alice.diffie_hellman(&bob.public_key()).unwrap()
}

fn salt() -> Salt {
    Salt::from_bytes(bytes(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    ))
}

#[test]
fn the_protocols_label_gives_the_protocols_key() {
    let secret = rfc_7748_secret();
    let salt = Salt::random();
    let key = derive_key_with_label(&secret, &salt, INFO);
    assert_eq!(
        hex::encode(key.as_bytes()),
        hex::encode(derive_key(&secret, &salt).as_bytes()),
        "derive_key_with_label(.., INFO) (left) is not the crate's derive_key"
    );
}

#[test]
fn another_label_gives_another_key_that_cannot_decrypt() {
    let secret = rfc_7748_secret();
    let v1 = derive_key_with_label(&secret, &salt(), INFO);
    let v2 = derive_key_with_label(&secret, &salt(), b"secure-messaging/v2");
    assert_ne!(
        hex::encode(v1.as_bytes()),
        hex::encode(v2.as_bytes()),
        "derive_key_with_label gave one key for both labels"
    );

    let nonce = Nonce::random();
    let ciphertext = encrypt(&v1, &nonce, b"Hello, server!").unwrap();
    assert!(
        matches!(decrypt(&v2, &nonce, &ciphertext), Err(Error::Decryption)),
        "the v2 key decrypted what the v1 key sealed"
    );
}

// ANCHOR: known_answer
/// HKDF-SHA256 as RFC 5869 defines it, on the RFC 7748 shared secret and the
/// salt 00 01 ... 1f. Both keys were computed with Python's `hmac` and
/// `hashlib`, independently of Rust; the first is also the key of the test
/// vector in the appendix on the wire format.
#[test]
fn both_labels_give_the_known_answers() {
    let secret = rfc_7748_secret();
    let v1 = derive_key_with_label(&secret, &salt(), b"secure-messaging/v1");
    let v2 = derive_key_with_label(&secret, &salt(), b"secure-messaging/v2");
    assert_eq!(
        hex::encode(v1.as_bytes()),
        "c4cf8474f2f1bc5b1cf15a006f9a902fda2bf4cdef3121c43a51de176532bc2f",
        "derive_key_with_label(.., v1) returned left"
    );
    assert_eq!(
        hex::encode(v2.as_bytes()),
        "15849530dc3aa863fc4410232606e6afc14bcc6b9fa1f06c3132c3e02d3ab513",
        "derive_key_with_label(.., v2) returned left"
    );
}
// ANCHOR_END: known_answer
