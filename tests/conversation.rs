//! Part III, *A conversation*, *Counter nonces* and *One key per direction*:
//! what each chapter says, checked both ways. The weakened session of Part II
//! accepts a replay and a reflection within a conversation; a `CipherState`
//! refuses the replay and a message out of order (its last counter is
//! checked beside it, in src/noise/cipher_state.rs); and
//! Split's two keys refuse the reflection, which one shared key lets through
//! as a reused nonce.

use std::collections::HashSet;

use secure_messaging::Error;
use secure_messaging::attacks::Session;
use secure_messaging::attacks::reflection::SharedKeySession;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey, derive_key};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::noise::cipher_state::{CipherState, aesgcm_nonce};
use secure_messaging::noise::symmetric_state::SymmetricState;
use secure_messaging::noise::{
    HandshakeState, PROLOGUE, StaticKeyPair, TransportState,
};

/// The client's and the server's sessions under one Part I key.
fn part_one_sessions() -> (SharedKeySession, SharedKeySession) {
    let (client, server) = (KeyPair::generate(), KeyPair::generate());
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    let salt = Salt::random();
    let client = client.diffie_hellman(&server_public).unwrap();
    let server = server.diffie_hellman(&client_public).unwrap();
    (
        SharedKeySession::new(derive_key(&client, &salt)),
        SharedKeySession::new(derive_key(&server, &salt)),
    )
}

/// A whole Noise NK handshake in memory: client's and server's transports.
fn nk_transports() -> (TransportState, TransportState) {
    let server_key = StaticKeyPair::generate();
    let client =
        HandshakeState::nk_initiator(PROLOGUE, server_key.public_key());
    let (first, client) = client.write_message(b"").unwrap();
    let server = HandshakeState::nk_responder(PROLOGUE, server_key);
    let (_, server) = server.read_message(&first).unwrap();
    let (second, server) = server.write_message(b"").unwrap();
    let (_, client) = client.read_message(&second).unwrap();
    (client, server)
}

#[test]
fn a_conversation_under_one_part_one_key_works_both_ways() {
    let (client, server) = part_one_sessions();
    let mut nonces = HashSet::new();
    for n in 0..200 {
        let request = client.seal(&format!("message {n}")).unwrap();
        assert_eq!(server.open(&request).unwrap(), format!("message {n}"));
        let reply = server.seal(&format!("answer {n}")).unwrap();
        assert_eq!(client.open(&reply).unwrap(), format!("answer {n}"));
        assert!(nonces.insert(request.nonce.as_bytes().to_vec()));
        assert!(nonces.insert(reply.nonce.as_bytes().to_vec()));
    }
}

#[test]
fn within_a_part_one_session_a_replay_and_a_reflection_are_accepted() {
    let (client, server) = part_one_sessions();
    let payment = client.seal("Pay Bob 10 EUR").unwrap();
    assert_eq!(server.open(&payment).unwrap(), "Pay Bob 10 EUR");
    assert_eq!(server.open(&payment).unwrap(), "Pay Bob 10 EUR", "replay");
    assert_eq!(
        client.open(&payment).unwrap(),
        "Pay Bob 10 EUR",
        "reflected"
    );
}

#[test]
fn the_same_conversation_under_noise_refuses_replay_and_reflection() {
    let (mut client, mut server) = nk_transports();
    for n in 0..50 {
        let request = client.write_message(format!("m{n}").as_bytes()).unwrap();
        assert_eq!(
            server.read_message(&request).unwrap(),
            format!("m{n}").as_bytes()
        );
        assert!(matches!(
            server.read_message(&request),
            Err(Error::Decryption)
        ));
        let reply = server.write_message(b"ok").unwrap();
        assert!(matches!(
            server.read_message(&reply),
            Err(Error::Decryption)
        ));
        assert!(matches!(
            client.read_message(&request),
            Err(Error::Decryption)
        ));
        assert_eq!(client.read_message(&reply).unwrap(), b"ok");
    }
    assert_eq!((client.sending_nonce(), client.receiving_nonce()), (50, 50));
    assert_eq!((server.sending_nonce(), server.receiving_nonce()), (50, 50));
}

#[test]
fn message_n_is_sealed_under_the_nonce_of_counter_n() {
    let key = [0x42; 32];
    let mut state = CipherState::new(key);
    for n in 0..5u64 {
        let nonce = Nonce::from_bytes(aesgcm_nonce(n));
        let expected =
            encrypt(&SessionKey::from_bytes(key), &nonce, b"same text")
                .unwrap();
        assert_eq!(state.encrypt_with_ad(b"", b"same text").unwrap(), expected);
    }
    assert_eq!(aesgcm_nonce(1), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert_eq!(aesgcm_nonce(1 << 56)[4], 1, "big-endian after 4 zero bytes");
}

#[test]
fn a_replayed_or_early_message_fails_and_leaves_the_counter() {
    let mut client = CipherState::new([7; 32]);
    let mut server = CipherState::new([7; 32]);
    let sealed: Vec<_> = ["zero", "one", "two"]
        .map(|text| client.encrypt_with_ad(b"", text.as_bytes()).unwrap())
        .into();
    assert_eq!(server.decrypt_with_ad(b"", &sealed[0]).unwrap(), b"zero");
    for (wrong, what) in [(&sealed[0], "replayed"), (&sealed[2], "early")] {
        assert!(
            matches!(
                server.decrypt_with_ad(b"", wrong),
                Err(Error::Decryption)
            ),
            "a {what} message opened"
        );
        assert_eq!(server.nonce(), 1, "a {what} message moved the counter");
    }
    assert_eq!(server.decrypt_with_ad(b"", &sealed[1]).unwrap(), b"one");
    assert_eq!(server.decrypt_with_ad(b"", &sealed[2]).unwrap(), b"two");
}

#[test]
fn one_key_both_ways_with_counters_reuses_nonce_zero() {
    let key = SessionKey::random();
    let mut client_send = CipherState::new(*key.as_bytes());
    let mut server_send = CipherState::new(*key.as_bytes());
    let (a, b) = (b"attack at dawn!", b"retreat at ten!");
    let one = client_send.encrypt_with_ad(b"", a).unwrap();
    let two = server_send.encrypt_with_ad(b"", b).unwrap();
    let xor = |x: &[u8], y: &[u8]| -> Vec<u8> {
        x.iter().zip(y).map(|(p, q)| p ^ q).collect()
    };
    assert_eq!(xor(&one[..a.len()], &two[..b.len()]), xor(a, b));
    let mut server_receive = CipherState::new(*key.as_bytes());
    let mut client_receive = CipherState::new(*key.as_bytes());
    assert!(server_receive.decrypt_with_ad(b"", &one).is_ok());
    assert!(
        client_receive.decrypt_with_ad(b"", &one).is_ok(),
        "reflected"
    );
}

#[test]
fn split_gives_one_key_per_direction_and_refuses_reflection() {
    let mut client = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
    let mut server = SymmetricState::initialize("Noise_NN_25519_AESGCM_SHA256");
    client.mix_key(b"the same shared secret");
    server.mix_key(b"the same shared secret");
    let (mut client_send, mut client_receive) = client.split();
    let (mut server_receive, mut server_send) = server.split();
    for n in 0..20 {
        let offer = client_send.encrypt_with_ad(b"", b"same!").unwrap();
        let reply = server_send.encrypt_with_ad(b"", b"same!").unwrap();
        assert_ne!(offer, reply, "message {n}: one key both ways");
        assert!(client_receive.decrypt_with_ad(b"", &offer).is_err());
        assert!(server_receive.decrypt_with_ad(b"", &reply).is_err());
        assert_eq!(
            server_receive.decrypt_with_ad(b"", &offer).unwrap(),
            b"same!"
        );
        assert_eq!(
            client_receive.decrypt_with_ad(b"", &reply).unwrap(),
            b"same!"
        );
    }
}
