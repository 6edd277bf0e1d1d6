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
        "0000000000000000000000000000000000000000000000000000000000000040",
        "clamp([0x00; 32]) returned left"
    );
    assert_eq!(
        hex::encode(clamp([0xff; 32])),
        "f8ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "clamp([0xff; 32]) returned left"
    );
    assert_eq!(
        hex::encode(clamp(bytes(ALICE_PRIVATE))),
        "70076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c6a",
        "clamp(Alice's private key) returned left"
    );
}
// ANCHOR_END: known_answers

/// The public key of `private`, in hex.
fn public_key(private: [u8; 32]) -> String {
    hex::encode(KeyPair::from_private_bytes(private).public_key().as_bytes())
}

#[test]
fn clamping_twice_is_clamping_once() {
    let random = (0..16).map(|_| rand::random::<[u8; 32]>());
    let fixed = [[0x00; 32], [0xff; 32], bytes(ALICE_PRIVATE)];
    for private in fixed.into_iter().chain(random) {
        let once = hex::encode(clamp(private));
        let twice = hex::encode(clamp(clamp(private)));
        assert_eq!(
            twice,
            once,
            "clamp(clamp(k)) (left) is not clamp(k) (right) for k = {}",
            hex::encode(private)
        );
    }
}

#[test]
fn a_clamped_key_has_the_public_key_of_the_unclamped_one() {
    for _ in 0..16 {
        let private: [u8; 32] = rand::random();
        let clamped = clamp(private);
        assert_eq!(
            public_key(clamped),
            public_key(private),
            "the public key of clamp(k) = {} (left) is not that of k = {}",
            hex::encode(clamped),
            hex::encode(private)
        );
    }
}

/// Checks that `twin(private)` is another key with the same public key.
fn check_twin(private: [u8; 32]) {
    let other = twin(private);
    let (private_hex, other_hex) = (hex::encode(private), hex::encode(other));
    assert_ne!(
        other, private,
        "twin({private_hex}) returned the key itself"
    );
    assert_eq!(
        public_key(other),
        public_key(private),
        "twin({private_hex}) returned {other_hex}, whose public key (left) \
         is not that of the key (right)"
    );
}

#[test]
fn a_twin_differs_and_has_the_same_public_key() {
    for _ in 0..16 {
        check_twin(rand::random());
    }
}

#[test]
fn alice_has_a_twin_too_even_once_clamped() {
    check_twin(bytes(ALICE_PRIVATE));
    check_twin(clamp(bytes(ALICE_PRIVATE)));
    assert_eq!(public_key(bytes(ALICE_PRIVATE)), ALICE_PUBLIC);
}
