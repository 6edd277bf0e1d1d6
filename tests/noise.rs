//! Part III against Part II's attacks, at the level of the library: every
//! changed bit of a handshake or transport message is refused, a replayed or
//! reflected message is refused, a wrong pinned server key is refused before
//! any application data moves, and low-order keys are refused.

use secure_messaging::Error;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::noise::{
    HandshakeState, PROLOGUE, Pattern, StaticKeyPair, TransportState,
};

/// Runs a whole handshake of `pattern`, passing each of the two messages
/// through `network` on the way (which may change it), and returns the
/// client's and the server's transport, or the first error of either side.
fn handshake(
    pattern: Pattern,
    mut network: impl FnMut(usize, &mut Vec<u8>),
) -> Result<(TransportState, TransportState), Error> {
    let server_key = StaticKeyPair::from_private_bytes([9; 32]);
    let (client, server) = match pattern {
        Pattern::NN => (
            HandshakeState::nn_initiator(PROLOGUE),
            HandshakeState::nn_responder(PROLOGUE),
        ),
        Pattern::NK => (
            HandshakeState::nk_initiator(PROLOGUE, server_key.public_key()),
            HandshakeState::nk_responder(PROLOGUE, server_key),
        ),
    };
    let (mut first, client) = client.write_message(b"")?;
    network(1, &mut first);
    let (payload, server) = server.read_message(&first)?;
    assert!(payload.is_empty());
    let (mut reply, server) = server.write_message(b"")?;
    network(2, &mut reply);
    let (payload, client) = client.read_message(&reply)?;
    assert!(payload.is_empty());
    Ok((client, server))
}

fn connected(pattern: Pattern) -> (TransportState, TransportState) {
    handshake(pattern, |_, _| {}).unwrap()
}

#[test]
fn the_wire_contract_sizes_with_empty_payloads() {
    let mut sizes = Vec::new();
    handshake(Pattern::NK, |_, message| sizes.push(message.len())).unwrap();
    assert_eq!(sizes, [48, 48], "e and a tag, each way");
    sizes.clear();
    handshake(Pattern::NN, |_, message| sizes.push(message.len())).unwrap();
    assert_eq!(sizes, [32, 48], "NN's first message has no key yet");
}

// ANCHOR: handshake_bits
#[test]
fn every_flipped_bit_of_a_handshake_message_is_refused() {
    for pattern in [Pattern::NN, Pattern::NK] {
        for message in [1, 2] {
            let len = if (pattern, message) == (Pattern::NN, 1) {
                32
            } else {
                48
            };
            for bit in 0..len * 8 {
                let result = handshake(pattern, |number, bytes| {
                    if number == message {
                        bytes[bit / 8] ^= 1 << (bit % 8);
                    }
                });
                assert!(
                    result.is_err(),
                    "{pattern:?}: bit {bit} of message {message} went unnoticed"
                );
            }
        }
    }
}
// ANCHOR_END: handshake_bits

#[test]
fn in_nn_a_changed_first_message_is_caught_by_the_client() {
    // NN's first message is e in the clear: nothing to check yet. The
    // change is in h on the server's side, so the server's reply fails.
    let err = handshake(Pattern::NN, |number, bytes| {
        if number == 1 {
            bytes[0] ^= 1;
        }
    })
    .unwrap_err();
    assert!(
        matches!(err, Error::HandshakeFailed { message: 2 }),
        "{err}"
    );
}

#[test]
fn every_flipped_bit_of_a_transport_message_is_refused() {
    for pattern in [Pattern::NN, Pattern::NK] {
        let (mut client, mut server) = connected(pattern);
        let sealed = client.write_message(b"Pay Bob 10").unwrap();
        for bit in 0..sealed.len() * 8 {
            let mut changed = sealed.clone();
            changed[bit / 8] ^= 1 << (bit % 8);
            let err = server.read_message(&changed).unwrap_err();
            assert!(matches!(err, Error::Decryption), "{err}");
        }
        assert_eq!(server.read_message(&sealed).unwrap(), b"Pay Bob 10");
        let answer = server.write_message(b"done").unwrap();
        let mut changed = answer.clone();
        *changed.last_mut().unwrap() ^= 0x80;
        assert!(client.read_message(&changed).is_err());
        assert_eq!(client.read_message(&answer).unwrap(), b"done");
    }
}

// ANCHOR: replay_reflection
#[test]
fn a_replayed_transport_message_is_refused() {
    let (mut client, mut server) = connected(Pattern::NK);
    let sealed = client.write_message(b"Pay Bob 10").unwrap();
    assert_eq!(server.read_message(&sealed).unwrap(), b"Pay Bob 10");
    let err = server.read_message(&sealed).unwrap_err();
    assert!(matches!(err, Error::Decryption), "{err}");
    // The refused copy used up nothing: the next real message opens.
    let next = client.write_message(b"Pay Carol 5").unwrap();
    assert_eq!(server.read_message(&next).unwrap(), b"Pay Carol 5");
}

#[test]
fn a_reflected_transport_message_is_refused() {
    let (mut client, mut server) = connected(Pattern::NK);
    let sealed = client.write_message(b"Pay Bob 10").unwrap();
    // Mallory bounces it back to the client, at the client's counter 0.
    let err = client.read_message(&sealed).unwrap_err();
    assert!(matches!(err, Error::Decryption), "{err}");
    // And the server's answer to the client does not open at the server.
    assert_eq!(server.read_message(&sealed).unwrap(), b"Pay Bob 10");
    let answer = server.write_message(b"paid").unwrap();
    assert!(server.read_message(&answer).is_err());
    assert_eq!(client.read_message(&answer).unwrap(), b"paid");
}
// ANCHOR_END: replay_reflection

#[test]
fn messages_out_of_order_are_refused() {
    let (mut client, mut server) = connected(Pattern::NK);
    let first = client.write_message(b"one").unwrap();
    let second = client.write_message(b"two").unwrap();
    assert!(server.read_message(&second).is_err());
    assert_eq!(server.read_message(&first).unwrap(), b"one");
    assert_eq!(server.read_message(&second).unwrap(), b"two");
}

// ANCHOR: wrong_key
#[test]
fn a_wrong_pinned_key_is_refused_before_any_message_is_sent() {
    let real = StaticKeyPair::generate();
    let mallory = StaticKeyPair::generate();

    // The client pinned the real server's key; Mallory answers.
    let client = HandshakeState::nk_initiator(PROLOGUE, real.public_key());
    let (first, client) = client.write_message(b"").unwrap();

    // Mallory cannot open message 1: it was made for the real key.
    let at_mallory = HandshakeState::nk_responder(PROLOGUE, mallory.clone());
    let err = at_mallory.read_message(&first).unwrap_err();
    assert!(
        matches!(err, Error::HandshakeFailed { message: 1 }),
        "{err}"
    );

    // Whatever reply she makes with her own key, the client refuses it, and
    // it has no transport to send anything with.
    let (first_to_mallory, _) =
        HandshakeState::nk_initiator(PROLOGUE, mallory.public_key())
            .write_message(b"")
            .unwrap();
    let (_, at_mallory) = HandshakeState::nk_responder(PROLOGUE, mallory)
        .read_message(&first_to_mallory)
        .unwrap();
    let (reply, _) = at_mallory.write_message(b"").unwrap();
    let err = client.read_message(&reply).unwrap_err();
    assert!(matches!(err, Error::ServerAuthenticationFailed));
    assert!(err.to_string().contains("server authentication failed"));
}
// ANCHOR_END: wrong_key

// ANCHOR: mitm
/// Part II's man in the middle: Mallory runs one handshake with the client
/// and another with the server, and relays.
fn man_in_the_middle(pattern: Pattern) -> Result<Vec<u8>, Error> {
    let server_key = StaticKeyPair::generate();
    let mallory_key = StaticKeyPair::generate();
    let (client, server, to_client, to_server) = match pattern {
        Pattern::NN => (
            HandshakeState::nn_initiator(PROLOGUE),
            HandshakeState::nn_responder(PROLOGUE),
            HandshakeState::nn_responder(PROLOGUE),
            HandshakeState::nn_initiator(PROLOGUE),
        ),
        Pattern::NK => (
            // The client pins the real server's key.
            HandshakeState::nk_initiator(PROLOGUE, server_key.public_key()),
            HandshakeState::nk_responder(PROLOGUE, server_key.clone()),
            // Mallory has only her own key to answer with.
            HandshakeState::nk_responder(PROLOGUE, mallory_key),
            HandshakeState::nk_initiator(PROLOGUE, server_key.public_key()),
        ),
    };
    let (first, client) = client.write_message(b"")?;
    // Mallory's side of the client: in NK she cannot read message 1, so she
    // answers as if she had received a message 1 made for her key.
    let to_client = match to_client.read_message(&first) {
        Ok((_, state)) => state,
        Err(_) => mallory_reply_state(pattern)?,
    };
    let (reply, mut mallory_with_client) = to_client.write_message(b"")?;
    let (_, mut client) = client.read_message(&reply)?;
    // Mallory's side of the server.
    let (first, to_server) = to_server.write_message(b"")?;
    let (_, server) = server.read_message(&first)?;
    let (reply, mut server) = server.write_message(b"")?;
    let (_, mut mallory_with_server) = to_server.read_message(&reply)?;

    let sealed = client.write_message(b"my password is hunter2")?;
    let stolen = mallory_with_client.read_message(&sealed)?;
    let relayed = mallory_with_server.write_message(&stolen)?;
    server.read_message(&relayed)?;
    Ok(stolen)
}

/// The responder state Mallory reaches from a message 1 she made herself.
fn mallory_reply_state(
    pattern: Pattern,
) -> Result<HandshakeState<secure_messaging::noise::SendsMessage2>, Error> {
    assert_eq!(pattern, Pattern::NK);
    let mallory = StaticKeyPair::generate();
    let (first, _) =
        HandshakeState::nk_initiator(PROLOGUE, mallory.public_key())
            .write_message(b"")?;
    let (_, state) =
        HandshakeState::nk_responder(PROLOGUE, mallory).read_message(&first)?;
    Ok(state)
}

#[test]
fn nn_lets_a_man_in_the_middle_read_everything_and_nk_does_not() {
    let stolen = man_in_the_middle(Pattern::NN).unwrap();
    assert_eq!(stolen, b"my password is hunter2");
    let err = man_in_the_middle(Pattern::NK).unwrap_err();
    assert!(matches!(err, Error::ServerAuthenticationFailed), "{err}");
}
// ANCHOR_END: mitm

/// Low-order points of Curve25519 (u = 0 and u = 1, and one of order 8):
/// a Diffie-Hellman result with any of them is all zeros.
const LOW_ORDER: [&str; 3] = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
];

#[test]
fn low_order_ephemeral_keys_are_refused() {
    for low in LOW_ORDER {
        let low: [u8; 32] = hex::decode(low).unwrap().try_into().unwrap();
        // As the client's e: NK's server refuses it at es, before replying;
        // NN's server refuses it at ee, when it would reply.
        let err = handshake(Pattern::NK, |n, m| {
            if n == 1 {
                m[..32].copy_from_slice(&low);
            }
        })
        .unwrap_err();
        assert!(matches!(err, Error::LowOrderPublicKey), "{err}");
        let err = handshake(Pattern::NN, |n, m| {
            if n == 1 {
                m[..32].copy_from_slice(&low);
            }
        })
        .unwrap_err();
        assert!(matches!(err, Error::LowOrderPublicKey), "{err}");
        // As the server's e: the client refuses it at ee.
        for pattern in [Pattern::NN, Pattern::NK] {
            let err = handshake(pattern, |n, m| {
                if n == 2 {
                    m[..32].copy_from_slice(&low);
                }
            })
            .unwrap_err();
            assert!(matches!(err, Error::LowOrderPublicKey), "{err}");
        }
    }
}

#[test]
fn another_prologue_fails_the_handshake() {
    let server_key = StaticKeyPair::generate();
    let client = HandshakeState::nk_initiator(
        b"secure-messaging/v3",
        server_key.public_key(),
    );
    let (first, _) = client.write_message(b"").unwrap();
    let server = HandshakeState::nk_responder(PROLOGUE, server_key);
    let err = server.read_message(&first).unwrap_err();
    assert!(
        matches!(err, Error::HandshakeFailed { message: 1 }),
        "{err}"
    );
}

#[test]
fn short_and_long_handshake_messages_are_refused_with_their_sizes() {
    let server =
        HandshakeState::nk_responder(PROLOGUE, StaticKeyPair::generate());
    let err = server.read_message(&[0; 47]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "handshake message 1 is 47 bytes long: it must be at least 48"
    );
    let server = HandshakeState::nn_responder(PROLOGUE);
    let err = server.read_message(&[0; 65_536]).unwrap_err();
    assert!(matches!(err, Error::NoiseMessageTooLong { len: 65_536 }));
    let client = HandshakeState::nn_initiator(PROLOGUE);
    let err = client.write_message(&[0; 65_535 - 32]).unwrap_err();
    assert!(matches!(err, Error::NoiseMessageTooLong { len: 65_551 }));
    let client = HandshakeState::nn_initiator(PROLOGUE);
    assert!(client.write_message(&[0; 65_535 - 32 - 16]).is_ok());
}

#[test]
fn short_transport_messages_are_refused() {
    let (_, mut server) = connected(Pattern::NN);
    let err = server.read_message(&[0; 15]).unwrap_err();
    assert!(
        matches!(err, Error::CiphertextTooShort { len: 15 }),
        "{err}"
    );
}

#[test]
fn debug_output_of_a_handshake_shows_no_private_key() {
    let static_private = [0x5a; 32];
    let ephemeral_private = [0xa5; 32];
    let server = HandshakeState::nk_responder(
        PROLOGUE,
        StaticKeyPair::from_private_bytes(static_private),
    )
    .with_ephemeral(KeyPair::from_private_bytes(ephemeral_private));
    let shown = format!("{server:?}");
    assert!(shown.contains("ReceivesMessage1"), "{shown}");
    assert!(!shown.contains(&hex::encode(static_private)), "{shown}");
    assert!(!shown.contains(&hex::encode(ephemeral_private)), "{shown}");
}

#[test]
fn both_sides_agree_and_each_session_is_new() {
    let (a_client, a_server) = connected(Pattern::NK);
    let (b_client, _) = connected(Pattern::NK);
    assert_eq!(a_client.handshake_hash(), a_server.handshake_hash());
    assert_ne!(a_client.handshake_hash(), b_client.handshake_hash());
}
