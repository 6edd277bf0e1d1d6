//! Tests of "Exercise: Split by hand", shared by exercise.rs and
//! solution.rs.

use super::*;
use secure_messaging::noise::cipher_state::CipherState;
use secure_messaging::noise::symmetric_state::hkdf;

#[test]
fn the_keys_are_the_library_split() {
    for ck in [[0u8; 32], [0x42; 32], *b"a chaining key of thirty-two byt"] {
        let (k1, k2) = hkdf(&ck, &[]);
        assert_eq!(split_keys(&ck), (*k1, *k2), "ck = {ck:02x?}");
    }
}

#[test]
fn the_two_keys_differ_and_depend_on_the_chaining_key() {
    let (k1, k2) = split_keys(&[1; 32]);
    assert_ne!(k1, k2, "one key for both directions");
    assert_ne!(split_keys(&[2; 32]), (k1, k2), "the chaining key is unused");
}

#[test]
fn a_message_opens_one_way_and_not_reflected() {
    let (k1, k2) = split_keys(&[7; 32]);
    let mut client_send = CipherState::new(k1);
    let mut client_receive = CipherState::new(k2);
    let mut server_receive = CipherState::new(k1);
    let offer = client_send.encrypt_with_ad(b"", b"offer").unwrap();
    assert!(
        client_receive.decrypt_with_ad(b"", &offer).is_err(),
        "the client opened its own message, reflected"
    );
    assert_eq!(
        server_receive.decrypt_with_ad(b"", &offer).unwrap(),
        b"offer"
    );
}
