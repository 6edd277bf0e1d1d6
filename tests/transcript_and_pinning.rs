//! Part III, *The transcript hash* and *The server's long-term key*: what
//! their pages claim, checked on the library both ways: the untouched
//! handshake completes, the changed one is refused.

use secure_messaging::Error;
use secure_messaging::key_generation::PublicKey;
use secure_messaging::noise::{HandshakeState, PROLOGUE, StaticKeyPair};

/// An NN handshake whose message 1 carries `payload` in clear, with
/// `change` applied to message 1 on the way. Returns what the server read
/// and what the client made of message 2.
fn nn_with(
    server_prologue: &[u8],
    payload: &[u8],
    change: impl Fn(&mut Vec<u8>),
) -> (Vec<u8>, Result<(), Error>) {
    let client = HandshakeState::nn_initiator(PROLOGUE);
    let server = HandshakeState::nn_responder(server_prologue);
    let (mut message_1, client) = client.write_message(payload).unwrap();
    change(&mut message_1);
    let (read, server) = server.read_message(&message_1).unwrap();
    let (message_2, _) = server.write_message(b"").unwrap();
    (read, client.read_message(&message_2).map(|_| ()))
}

#[test]
fn a_clear_payload_changed_on_the_way_is_caught_by_the_next_tag() {
    let (read, outcome) = nn_with(PROLOGUE, b"lang=en", |_| {});
    assert_eq!(read, b"lang=en");
    assert!(outcome.is_ok(), "{outcome:?}");

    let (read, outcome) = nn_with(PROLOGUE, b"lang=en", |m| {
        *m.last_mut().unwrap() = b'r';
    });
    assert_eq!(read, b"lang=er", "the payload of NN's message 1 is clear");
    assert!(
        matches!(outcome, Err(Error::HandshakeFailed { message: 2 })),
        "{outcome:?}"
    );
}

#[test]
fn another_prologue_fails_the_first_tag_in_nn_and_nk() {
    let (_, outcome) = nn_with(b"secure-messaging/v3", b"", |_| {});
    assert!(matches!(
        outcome,
        Err(Error::HandshakeFailed { message: 2 })
    ));

    let server_key = StaticKeyPair::generate();
    for (prologue, accepted) in
        [(PROLOGUE, true), (&b"secure-messaging/v3"[..], false)]
    {
        let client =
            HandshakeState::nk_initiator(PROLOGUE, server_key.public_key());
        let server = HandshakeState::nk_responder(prologue, server_key.clone());
        let (message_1, _) = client.write_message(b"").unwrap();
        let outcome = server.read_message(&message_1);
        assert_eq!(outcome.is_ok(), accepted, "prologue {prologue:?}");
    }
}

#[test]
fn the_pinned_key_goes_into_the_transcript_not_only_into_es() {
    let server_key = StaticKeyPair::generate();
    let exact = *server_key.public_key().as_bytes();
    let mut top_bit = exact;
    top_bit[31] ^= 0x80;
    let e = x25519_dalek::StaticSecret::random_from_rng(&mut rand::rng());
    assert_eq!(
        e.diffie_hellman(&PublicKey::from(exact)).as_bytes(),
        e.diffie_hellman(&PublicKey::from(top_bit)).as_bytes(),
        "X25519 ignores the top bit, so es is the same"
    );
    for (pinned, accepted) in [(exact, true), (top_bit, false)] {
        let client =
            HandshakeState::nk_initiator(PROLOGUE, PublicKey::from(pinned));
        let server = HandshakeState::nk_responder(PROLOGUE, server_key.clone());
        let (message_1, _) = client.write_message(b"").unwrap();
        let outcome = server.read_message(&message_1);
        assert_eq!(outcome.is_ok(), accepted, "{:?}", outcome.err());
        if !accepted {
            assert!(matches!(
                outcome,
                Err(Error::HandshakeFailed { message: 1 })
            ));
        }
    }
}
