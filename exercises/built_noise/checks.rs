//! Tests of "Exercise: the first h", shared by exercise.rs and solution.rs.

use super::*;
use secure_messaging::noise::{Pattern, SymmetricState};
use sha2::{Digest, Sha256};

#[test]
fn a_short_name_is_padded_with_zeros_to_32_bytes() {
    let name = Pattern::NK.protocol_name();
    let h = initial_hash(name);
    assert_eq!(&h[..28], name.as_bytes(), "the name itself comes first");
    assert_eq!(&h[28..], &[0; 4], "then zeros up to 32 bytes");
}

#[test]
fn a_long_name_is_hashed() {
    let name = "Noise_XXpsk3_25519_ChaChaPoly_BLAKE2s_and_more";
    let hashed: [u8; 32] = Sha256::digest(name.as_bytes()).into();
    assert_eq!(initial_hash(name), hashed, "over 32 bytes: SHA-256(name)");
}

#[test]
fn it_agrees_with_the_course_symmetric_state() {
    let exactly_32 = "Noise_NK_25519_AESGCM_SHA256_x32";
    assert_eq!(exactly_32.len(), 32);
    for name in [
        Pattern::NN.protocol_name(),
        Pattern::NK.protocol_name(),
        exactly_32,
        "Noise_XXpsk3_25519_ChaChaPoly_BLAKE2s_and_more",
    ] {
        let state = SymmetricState::initialize(name);
        assert_eq!(&initial_hash(name), state.handshake_hash(), "{name}");
    }
}
