//! Tests of "Exercise: the handshake hash by hand", shared by exercise.rs
//! and solution.rs.

use super::*;
use secure_messaging::noise::SymmetricState;

#[test]
fn a_short_name_is_padded_with_zeros() {
    let name = "Noise_NN_25519_AESGCM_SHA256";
    let h = initial_h(name);
    assert_eq!(&h[..name.len()], name.as_bytes());
    assert_eq!(h[name.len()..], [0; 4], "pad a short name with zeros");
}

#[test]
fn a_long_name_is_hashed() {
    let name = "Noise_XXfallback+psk0_25519_AESGCM_SHA256";
    let expected = SymmetricState::initialize(name);
    assert_eq!(initial_h(name), *expected.handshake_hash());
}

#[test]
fn mix_hash_agrees_with_the_library() {
    let name = "Noise_NK_25519_AESGCM_SHA256";
    let mut state = SymmetricState::initialize(name);
    let mut h = initial_h(name);
    for data in [&b"secure-messaging/v2"[..], b"", &[0xff; 48]] {
        state.mix_hash(data);
        h = mix_hash(&h, data);
        assert_eq!(h, *state.handshake_hash(), "after mixing {data:?}");
    }
}

#[test]
fn mixing_nothing_still_changes_h() {
    let h = initial_h("Noise_NN_25519_AESGCM_SHA256");
    assert_ne!(mix_hash(&h, b""), h, "MixHash of empty data is SHA-256(h)");
}

#[test]
fn the_real_handshake_hash_is_recomputed_from_the_wire() {
    let (message_1, message_2, expected) = demo::handshake().unwrap();
    assert_eq!(demo::recompute(&message_1, &message_2), expected);
}

#[test]
fn one_changed_byte_on_the_wire_gives_another_hash() {
    let (mut message_1, message_2, expected) = demo::handshake().unwrap();
    message_1[0] ^= 0x01;
    assert_ne!(demo::recompute(&message_1, &message_2), expected);
}
