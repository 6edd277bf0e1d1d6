//! The library against the complete test vector of wire format v2, the Part
//! III protocol (`tests/data/wire_format_v2.txt`): the same fixed keys give
//! every intermediate value and every byte on the wire. The vector was
//! computed by an independent implementation of Noise (Python's
//! `noiseprotocol`), so passing it also shows that the two interoperate.

#[allow(dead_code)] // only its `vector` is used here
mod common;
use std::collections::HashMap;

use secure_messaging::key_generation::KeyPair;
use secure_messaging::noise::framing::{read_frame, write_frame};
use secure_messaging::noise::{
    CipherState, HandshakeState, PROLOGUE, PROTOCOL_NAME, StaticKeyPair,
    SymmetricState,
};

/// The vector's `name = hex` lines.
fn vector() -> HashMap<String, Vec<u8>> {
    common::vector(include_str!("data/wire_format_v2.txt"))
}

fn fixed(v: &HashMap<String, Vec<u8>>, name: &str) -> [u8; 32] {
    v[name].as_slice().try_into().expect(name)
}

#[test]
fn the_vector_is_this_crates_wire_contract() {
    let v = vector();
    assert_eq!(v["protocol_name"], PROTOCOL_NAME.as_bytes());
    assert_eq!(v["prologue"], PROLOGUE);
    let server = StaticKeyPair::from_private_bytes(fixed(
        &v,
        "server_static_private_key",
    ));
    assert_eq!(
        server.public_key().as_bytes(),
        &fixed(&v, "server_static_public_key")
    );
}

// ANCHOR: by_hand
/// The first message and its transcript hash, one specification step at a
/// time with [`SymmetricState`], and the Diffie-Hellman result with Part I's
/// own [`KeyPair`].
#[test]
fn message_1_step_by_step() {
    let v = vector();
    let client_e =
        KeyPair::from_private_bytes(fixed(&v, "client_ephemeral_private_key"));
    let e = client_e.public_key();
    let server_static = fixed(&v, "server_static_public_key");
    let es = client_e.diffie_hellman(&server_static.into()).unwrap();
    assert_eq!(es.as_bytes(), &fixed(&v, "es"));

    let mut state = SymmetricState::initialize(PROTOCOL_NAME);
    state.mix_hash(PROLOGUE);
    state.mix_hash(&server_static); // <- s
    state.mix_hash(e.as_bytes()); // -> e
    state.mix_key(es.as_bytes()); // es
    let tag = state.encrypt_and_hash(b"").unwrap(); // the empty payload

    let mut message_1 = e.as_bytes().to_vec();
    message_1.extend(tag);
    assert_eq!(message_1, v["message_1"]);
    assert_eq!(state.handshake_hash(), &fixed(&v, "h_after_message_1"));
}
// ANCHOR_END: by_hand

#[test]
fn every_byte_on_the_wire_and_every_value_both_sides_compute() {
    let v = vector();
    let server_key = StaticKeyPair::from_private_bytes(fixed(
        &v,
        "server_static_private_key",
    ));
    let client =
        HandshakeState::nk_initiator(PROLOGUE, server_key.public_key())
            .with_ephemeral(KeyPair::from_private_bytes(fixed(
                &v,
                "client_ephemeral_private_key",
            )));
    let server = HandshakeState::nk_responder(PROLOGUE, server_key)
        .with_ephemeral(KeyPair::from_private_bytes(fixed(
            &v,
            "server_ephemeral_private_key",
        )));

    // Each side writes into its own buffer, which the other reads from.
    let mut client_to_server = Vec::new();
    let mut server_to_client = Vec::new();

    let (first, client) = client.write_message(b"").unwrap();
    assert_eq!(client.handshake_hash(), &fixed(&v, "h_after_message_1"));
    write_frame(&mut client_to_server, &first).unwrap();
    assert_eq!(client_to_server, v["client_to_server_1"]);
    let (_, server) = server
        .read_message(&read_frame(&mut &client_to_server[..]).unwrap())
        .unwrap();
    assert_eq!(server.handshake_hash(), &fixed(&v, "h_after_message_1"));

    let (reply, mut server) = server.write_message(b"").unwrap();
    write_frame(&mut server_to_client, &reply).unwrap();
    assert_eq!(server_to_client, v["server_to_client_1"]);
    let (_, mut client) = client
        .read_message(&read_frame(&mut &server_to_client[..]).unwrap())
        .unwrap();
    assert_eq!(client.handshake_hash(), &fixed(&v, "handshake_hash"));
    assert_eq!(server.handshake_hash(), &fixed(&v, "handshake_hash"));

    let sealed = client.write_message(&v["plaintext_1"]).unwrap();
    let mut framed = Vec::new();
    write_frame(&mut framed, &sealed).unwrap();
    assert_eq!(framed, v["client_to_server_2"]);
    assert_eq!(server.read_message(&sealed).unwrap(), v["plaintext_1"]);

    let answer = server.write_message(&v["plaintext_2"]).unwrap();
    let mut framed = Vec::new();
    write_frame(&mut framed, &answer).unwrap();
    assert_eq!(framed, v["server_to_client_2"]);
    assert_eq!(client.read_message(&answer).unwrap(), v["plaintext_2"]);
}

#[test]
fn the_split_keys_seal_the_transport_messages() {
    let v = vector();
    for (key, plaintext, sealed) in [
        ("key_client_to_server", "plaintext_1", "transport_1"),
        ("key_server_to_client", "plaintext_2", "transport_2"),
    ] {
        let mut state = CipherState::new(fixed(&v, key));
        assert_eq!(
            state.encrypt_with_ad(&[], &v[plaintext]).unwrap(),
            v[sealed]
        );
    }
}
