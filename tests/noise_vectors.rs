//! Part III, *You have built Noise*: the cacophony test vectors
//! for `Noise_NN_25519_AESGCM_SHA256` and `Noise_NK_25519_AESGCM_SHA256`,
//! reproduced byte for byte: every handshake and transport message's
//! ciphertext, and the final handshake hash, on both sides.
//!
//! The vectors (tests/data/noise_25519_aesgcm_sha256.json, see
//! tests/data/README.md) come from an independent implementation; the keys
//! are fixed, so the ephemeral keys are set with `with_ephemeral`, which
//! exists for this test only.

use secure_messaging::key_generation::KeyPair;
use secure_messaging::noise::{
    HandshakeState, Pattern, ReceivesMessage1, SendsMessage1, StaticKeyPair,
    TransportState,
};
use serde_json::Value;

const VECTORS: &str = include_str!("data/noise_25519_aesgcm_sha256.json");

fn bytes(vector: &Value, field: &str) -> Vec<u8> {
    let text = vector[field]
        .as_str()
        .unwrap_or_else(|| panic!("no {field}"));
    hex::decode(text).unwrap()
}

fn key(vector: &Value, field: &str) -> [u8; 32] {
    bytes(vector, field).try_into().unwrap()
}

/// The initiator and the responder of `vector`, before the first message.
fn sides(
    vector: &Value,
) -> (
    HandshakeState<SendsMessage1>,
    HandshakeState<ReceivesMessage1>,
) {
    let init_e = KeyPair::from_private_bytes(key(vector, "init_ephemeral"));
    let resp_e = KeyPair::from_private_bytes(key(vector, "resp_ephemeral"));
    let init_prologue = bytes(vector, "init_prologue");
    let resp_prologue = bytes(vector, "resp_prologue");
    let (initiator, responder) = match vector["protocol_name"].as_str() {
        Some("Noise_NN_25519_AESGCM_SHA256") => (
            HandshakeState::nn_initiator(&init_prologue),
            HandshakeState::nn_responder(&resp_prologue),
        ),
        Some("Noise_NK_25519_AESGCM_SHA256") => {
            let s =
                StaticKeyPair::from_private_bytes(key(vector, "resp_static"));
            let rs = key(vector, "init_remote_static");
            assert_eq!(s.public_key().as_bytes(), &rs);
            (
                HandshakeState::nk_initiator(&init_prologue, rs.into()),
                HandshakeState::nk_responder(&resp_prologue, s),
            )
        }
        other => panic!("not a pattern of this crate: {other:?}"),
    };
    (
        initiator.with_ephemeral(init_e),
        responder.with_ephemeral(resp_e),
    )
}

/// Runs the whole vector: each message written by one side must equal the
/// vector's ciphertext, and read by the other must give back its payload.
fn reproduce(vector: &Value) -> (TransportState, TransportState) {
    let messages = vector["messages"].as_array().unwrap();
    let message = |i: usize| {
        (
            bytes(&messages[i], "payload"),
            bytes(&messages[i], "ciphertext"),
        )
    };
    let (initiator, responder) = sides(vector);

    let (payload, expected) = message(0);
    let (sent, initiator) = initiator.write_message(&payload).unwrap();
    assert_eq!(hex::encode(&sent), hex::encode(&expected), "message 1");
    let (read, responder) = responder.read_message(&sent).unwrap();
    assert_eq!(read, payload);

    let (payload, expected) = message(1);
    let (sent, mut responder) = responder.write_message(&payload).unwrap();
    assert_eq!(hex::encode(&sent), hex::encode(&expected), "message 2");
    let (read, mut initiator) = initiator.read_message(&sent).unwrap();
    assert_eq!(read, payload);

    let hash = hex::encode(bytes(vector, "handshake_hash"));
    assert_eq!(hex::encode(initiator.handshake_hash()), hash);
    assert_eq!(hex::encode(responder.handshake_hash()), hash);

    // The transport messages alternate, the initiator first.
    for i in 2..messages.len() {
        let (payload, expected) = message(i);
        let (sender, receiver) = if i % 2 == 0 {
            (&mut initiator, &mut responder)
        } else {
            (&mut responder, &mut initiator)
        };
        let sent = sender.write_message(&payload).unwrap();
        assert_eq!(hex::encode(&sent), hex::encode(&expected), "message {i}");
        assert_eq!(receiver.read_message(&sent).unwrap(), payload);
    }
    (initiator, responder)
}

fn vector(name: &str) -> Value {
    let all: Value = serde_json::from_str(VECTORS).unwrap();
    all["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["protocol_name"] == name)
        .unwrap_or_else(|| panic!("no vector for {name}"))
        .clone()
}

// ANCHOR: nn
#[test]
fn noise_nn_25519_aesgcm_sha256_matches_cacophony() {
    let vector = vector(Pattern::NN.protocol_name());
    let (initiator, _) = reproduce(&vector);
    assert_eq!(initiator.sending_nonce(), 2);
}
// ANCHOR_END: nn

// ANCHOR: nk
#[test]
fn noise_nk_25519_aesgcm_sha256_matches_cacophony() {
    let vector = vector(Pattern::NK.protocol_name());
    let (initiator, responder) = reproduce(&vector);
    assert_eq!(initiator.sending_nonce(), 2);
    assert_eq!(responder.sending_nonce(), 2);
}
// ANCHOR_END: nk

#[test]
fn the_data_holds_every_entry_for_both_names_and_each_is_checked() {
    let all: Value = serde_json::from_str(VECTORS).unwrap();
    let vectors = all["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 2);
    for vector in vectors {
        // Each has two handshake messages and four transport messages.
        assert_eq!(vector["messages"].as_array().unwrap().len(), 6);
        reproduce(vector);
    }
}
