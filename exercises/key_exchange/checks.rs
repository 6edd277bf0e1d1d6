//! Tests of "Exercise: a safety number", shared by exercise.rs and
//! solution.rs.

use super::*;
use secure_messaging::key_generation::KeyPair;

fn public_key(hex: &str) -> PublicKey {
    let bytes: [u8; 32] = hex::decode(hex).unwrap().try_into().unwrap();
    PublicKey::from(bytes)
}

#[test]
fn client_and_server_get_the_same_number() {
    for _ in 0..8 {
        let client = KeyPair::generate().public_key();
        let server = KeyPair::generate().public_key();
        assert_eq!(
            safety_number(&client, &server),
            safety_number(&server, &client),
            "safety_number(client, server) (left) differs from \
             safety_number(server, client) (right)"
        );
    }
}

#[test]
fn a_key_swapped_by_mallory_gives_another_number() {
    let client = KeyPair::generate().public_key();
    let server = KeyPair::generate().public_key();
    let mallory = KeyPair::generate().public_key();
    // Mallory replaced the server's key on its way to the client.
    assert_ne!(
        safety_number(&client, &mallory),
        safety_number(&server, &client),
        "the server's key or Mallory's: safety_number gave the same number"
    );
    // And the client's key on its way to the server.
    assert_ne!(
        safety_number(&client, &server),
        safety_number(&server, &mallory),
        "the client's key or Mallory's: safety_number gave the same number"
    );
}

#[test]
fn the_number_is_six_groups_of_five_digits() {
    for _ in 0..8 {
        let client = KeyPair::generate().public_key();
        let server = KeyPair::generate().public_key();
        let number = safety_number(&client, &server);
        let groups: Vec<&str> = number.split(' ').collect();
        assert_eq!(groups.len(), 6, "{number:?} is not six groups");
        for group in groups {
            assert_eq!(group.len(), 5, "{number:?}: {group:?} is not 5 long");
            assert!(
                group.bytes().all(|b| b.is_ascii_digit()),
                "{number:?}: {group:?} is not all digits"
            );
        }
    }
}

// ANCHOR: known_answer
/// Alice's and Bob's public keys from RFC 7748, section 6.1. The expected
/// number was computed with Python's `hashlib`, independently of Rust.
#[test]
fn alice_and_bob_get_the_known_answer() {
    let alice = public_key(
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
    );
    let bob = public_key(
        "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
    );
    let expected = "48180 99430 54812 77458 62055 38291";
    assert_eq!(safety_number(&alice, &bob), expected, "Alice's number");
    assert_eq!(safety_number(&bob, &alice), expected, "Bob's number");
}
// ANCHOR_END: known_answer
