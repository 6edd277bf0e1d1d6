//! Tests of "Exercise: X25519 by hand", shared by exercise.rs and
//! solution.rs.

use super::*;
use secure_messaging::key_generation::KeyPair;

fn bytes(hex: &str) -> [u8; 32] {
    hex::decode(hex).unwrap().try_into().unwrap()
}

/// What `x25519_checked(private, public)` returned, as hex or "refused".
fn checked(private: [u8; 32], public: [u8; 32]) -> String {
    match x25519_checked(private, public) {
        Some(secret) => hex::encode(secret),
        None => "refused (None)".to_owned(),
    }
}

#[test]
fn both_directions_give_the_rfc_7748_shared_secret() {
    // RFC 7748, section 6.1.
    let alice_private = bytes(
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
    );
    let alice_public = bytes(
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
    );
    let bob_private = bytes(
        "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
    );
    let bob_public = bytes(
        "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
    );
    let shared =
        "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assert_eq!(
        checked(alice_private, bob_public),
        shared,
        "x25519_checked(Alice, Bob) returned left"
    );
    assert_eq!(
        checked(bob_private, alice_public),
        shared,
        "x25519_checked(Bob, Alice) returned left"
    );
}

#[test]
fn random_key_pairs_agree_with_the_crates_diffie_hellman() {
    for _ in 0..8 {
        let client_private: [u8; 32] = rand::random();
        let server_private: [u8; 32] = rand::random();
        let client = KeyPair::from_private_bytes(client_private);
        let server = KeyPair::from_private_bytes(server_private);
        let (client_public, server_public) =
            (client.public_key(), server.public_key());
        let expected = hex::encode(
            client.diffie_hellman(&server_public).unwrap().as_bytes(),
        );
        assert_eq!(
            checked(client_private, server_public.to_bytes()),
            expected,
            "x25519_checked (left) vs the crate's diffie_hellman (right), \
             client side"
        );
        assert_eq!(
            checked(server_private, client_public.to_bytes()),
            expected,
            "x25519_checked (left) vs the crate's diffie_hellman (right), \
             server side"
        );
    }
}

// ANCHOR: low_order
/// Public keys that force an all-zero result, from Project Wycheproof's
/// X25519 tests (C2SP/wycheproof, Apache-2.0), each with the private key of
/// its test and with a random one: u = 0 (tcId 32), u = 1 (33), two points
/// of order 8 (63, 64) and p - 1, of order 2 (65).
#[test]
fn low_order_public_keys_are_refused() {
    let cases = [
        (
            "0000000000000000000000000000000000000000000000000000000000000000",
            "88227494038f2bb811d47805bcdf04a2ac585ada7f2f23389bfd4658f9ddd45e",
        ),
        (
            "0100000000000000000000000000000000000000000000000000000000000000",
            "48232e8972b61c7e61930eb9450b5070eae1c670475685541f0476217e48184f",
        ),
        (
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
            "e0f978dfcd3a8f1a5093418de54136a584c20b7b349afdf6c0520886f95b1272",
        ),
        (
            "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
            "387355d995616090503aafad49da01fb3dc3eda962704eaee6b86f9e20c92579",
        ),
        (
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "c8fe0df92ae68a03023fc0c9adb9557d31be7feed0d3ab36c558143daf4dbb40",
        ),
    ];
    for (public, private) in cases {
        for private in [bytes(private), rand::random()] {
            assert_eq!(
                x25519_checked(private, bytes(public)).map(hex::encode),
                None,
                "x25519_checked must refuse the public key {public}"
            );
        }
    }
}
// ANCHOR_END: low_order
