//! Tests of "Exercise: two private keys, one public key", shared by
//! exercise.rs and solution.rs.

use super::*;
use secure_messaging::key_generation::KeyPair;

fn bytes(hex: &str) -> [u8; 32] {
    hex::decode(hex).unwrap().try_into().unwrap()
}

/// Alice's private key from RFC 7748, section 6.1, and her public key.
const ALICE_PRIVATE: &str =
    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const ALICE_PUBLIC: &str =
    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";

// ANCHOR: known_answers
/// The expected values follow RFC 7748's `decodeScalar25519`; they were
/// computed with Python, independently of Rust.
#[test]
fn clamp_gives_the_rfc_7748_results() {
    assert_eq!(
        hex::encode(clamp([0x00; 32])),
        "0000000000000000000000000000000000000000000000000000000000000040"
    );
    assert_eq!(
        hex::encode(clamp([0xff; 32])),
        "f8ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
    );
    assert_eq!(
        hex::encode(clamp(bytes(ALICE_PRIVATE))),
        "70076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c6a"
    );
}
// ANCHOR_END: known_answers

#[test]
fn clamping_twice_is_clamping_once() {
    for private in [[0x00; 32], [0xff; 32], bytes(ALICE_PRIVATE)] {
        assert_eq!(clamp(clamp(private)), clamp(private));
    }
    for _ in 0..16 {
        let private: [u8; 32] = rand::random();
        assert_eq!(clamp(clamp(private)), clamp(private));
    }
}

#[test]
fn a_clamped_key_has_the_public_key_of_the_unclamped_one() {
    for _ in 0..16 {
        let private: [u8; 32] = rand::random();
        assert_eq!(
            KeyPair::from_private_bytes(clamp(private)).public_key(),
            KeyPair::from_private_bytes(private).public_key()
        );
    }
}

#[test]
fn a_twin_differs_and_has_the_same_public_key() {
    for _ in 0..16 {
        let private: [u8; 32] = rand::random();
        let other = twin(private);
        assert_ne!(other, private, "a twin must be another private key");
        assert_eq!(
            KeyPair::from_private_bytes(other).public_key(),
            KeyPair::from_private_bytes(private).public_key()
        );
    }
}

#[test]
fn alice_has_a_twin_too_even_once_clamped() {
    for private in [bytes(ALICE_PRIVATE), clamp(bytes(ALICE_PRIVATE))] {
        let other = twin(private);
        assert_ne!(other, private, "a twin must be another private key");
        assert_eq!(
            hex::encode(
                KeyPair::from_private_bytes(other).public_key().as_bytes()
            ),
            ALICE_PUBLIC
        );
    }
}
