//! Tests of "Exercise: flip a bit", shared by exercise.rs and solution.rs.

use super::*;
use secure_messaging::Error;
use secure_messaging::encryption::encrypt;

fn bytes<const N: usize>(hex: &str) -> [u8; N] {
    hex::decode(hex).unwrap().try_into().unwrap()
}

// ANCHOR: vector
/// Test Case 14 of the GCM specification (McGrew and Viega): AES-256 with an
/// all-zero key and nonce encrypts 16 zero bytes to this ciphertext and tag.
fn test_case_14() -> (SessionKey, Nonce, [u8; 32]) {
    let key = SessionKey::from_bytes([0; 32]);
    let nonce = Nonce::from_bytes([0; 12]);
    let ciphertext = bytes(
        "cea7403d4d606b6e074ec5d3baf39d18\
         d0d1c8a799996bf0265b98b5d48ab919",
    );
    (key, nonce, ciphertext)
}
// ANCHOR_END: vector

#[test]
fn flip_bit_numbers_bits_from_the_lowest_bit_of_byte_0() {
    let cases = [
        (0, [0x01, 0, 0]),
        (7, [0x80, 0, 0]),
        (8, [0, 0x01, 0]),
        (13, [0, 0x20, 0]),
        (23, [0, 0, 0x80]),
    ];
    for (bit, expected) in cases {
        let mut bytes = [0u8; 3];
        flip_bit(&mut bytes, bit);
        assert_eq!(
            hex::encode(bytes),
            hex::encode(expected),
            "flip_bit(&mut [00 00 00], {bit}) left the bytes on the left"
        );
    }
}

#[test]
fn flip_bit_changes_exactly_one_bit_and_twice_changes_nothing() {
    let original = *b"Hello, server!";
    for bit in 0..original.len() * 8 {
        let mut bytes = original;
        flip_bit(&mut bytes, bit);
        let changed: u32 = bytes
            .iter()
            .zip(&original)
            .map(|(a, b)| (a ^ b).count_ones())
            .sum();
        assert_eq!(changed, 1, "flip_bit(.., {bit}) changed {changed} bits");
        flip_bit(&mut bytes, bit);
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "Hello, server!",
            "flip_bit(.., {bit}) twice should give the original back"
        );
    }
}

#[test]
fn the_unchanged_ciphertext_decrypts_and_a_changed_one_does_not() {
    let (key, nonce, mut ciphertext) = test_case_14();
    let zeros = "00".repeat(16);
    let opened =
        |ciphertext: &[u8]| decrypt(&key, &nonce, ciphertext).map(hex::encode);
    assert_eq!(opened(&ciphertext).unwrap(), zeros);
    flip_bit(&mut ciphertext, 100);
    assert!(
        matches!(opened(&ciphertext), Err(Error::Decryption)),
        "after flip_bit(.., 100) the ciphertext still decrypted"
    );
    flip_bit(&mut ciphertext, 100);
    let back = opened(&ciphertext);
    assert!(
        back.as_ref().is_ok_and(|plain| *plain == zeros),
        "flip_bit(.., 100) twice should give the original back: {back:?}"
    );
}

#[test]
fn no_single_bit_flip_of_a_real_ciphertext_is_accepted() {
    let (key, nonce, ciphertext) = test_case_14();
    let accepted = accepted_flips(&key, &nonce, &ciphertext);
    assert_eq!(
        accepted, 0,
        "accepted_flips(test case 14) returned {accepted}"
    );
    let nonce = Nonce::random();
    let ciphertext = encrypt(&key, &nonce, b"Hi").unwrap();
    let accepted = accepted_flips(&key, &nonce, &ciphertext);
    assert_eq!(
        accepted, 0,
        "accepted_flips(\"Hi\" sealed) returned {accepted}"
    );
}

#[test]
fn a_ciphertext_one_bit_from_a_real_one_has_exactly_one_accepted_flip() {
    // The flip that undoes the damage is the only one that decrypts: this is
    // what tells a count of accepted flips from a function that returns 0.
    let (key, nonce, mut ciphertext) = test_case_14();
    for bit in [0, 255] {
        flip_bit(&mut ciphertext, bit);
        let accepted = accepted_flips(&key, &nonce, &ciphertext);
        assert_eq!(
            accepted, 1,
            "accepted_flips(test case 14 with bit {bit} flipped) returned \
             {accepted}"
        );
        flip_bit(&mut ciphertext, bit);
    }
}

#[test]
fn flipping_a_bit_of_the_nonce_is_refused_too() {
    let (key, nonce, ciphertext) = test_case_14();
    for bit in 0..96 {
        let mut changed = *nonce.as_bytes();
        flip_bit(&mut changed, bit);
        assert_ne!(
            hex::encode(changed),
            hex::encode(nonce.as_bytes()),
            "flip_bit(nonce, {bit}) changed nothing"
        );
        assert!(
            matches!(
                decrypt(&key, &Nonce::from_bytes(changed), &ciphertext),
                Err(Error::Decryption)
            ),
            "the nonce with bit {bit} flipped still decrypted"
        );
    }
}
