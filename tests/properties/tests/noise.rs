//! Property tests of the Noise decoders a peer can reach (Part III): the
//! 2-byte length framing, both handshake messages of NN and NK, and the
//! transport message. Random input, and valid messages mutated (bits
//! flipped, bytes cut, bytes added, bytes inserted), must never panic; the
//! framing never asks for more memory than the longest Noise message; and a
//! handshake or transport message that was changed is never accepted.
#![forbid(unsafe_code)]

use proptest::prelude::*;
use secure_messaging::noise::framing::{LENGTH_LEN, frame, read_frame};
use secure_messaging::noise::{
    HandshakeState, MAX_MESSAGE_LEN, PROLOGUE, Pattern, ReceivesMessage1,
    ReceivesMessage2, StaticKeyPair, TransportState,
};
use secure_messaging_properties::{Mutation, Peer, mutate};

fn random_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..300)
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..8u8)
            .prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        any::<usize>().prop_map(Mutation::Cut),
        prop::collection::vec(any::<u8>(), 1..40).prop_map(Mutation::Append),
        (any::<usize>(), any::<u8>())
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
    ]
}

fn pattern() -> impl Strategy<Value = Pattern> {
    prop_oneof![Just(Pattern::NN), Just(Pattern::NK)]
}

/// A fresh client and server of `pattern`, the server with a fixed key.
fn sides(
    pattern: Pattern,
) -> (
    HandshakeState<secure_messaging::noise::SendsMessage1>,
    HandshakeState<ReceivesMessage1>,
) {
    let server_key = StaticKeyPair::from_private_bytes([9; 32]);
    match pattern {
        Pattern::NN => (
            HandshakeState::nn_initiator(PROLOGUE),
            HandshakeState::nn_responder(PROLOGUE),
        ),
        Pattern::NK => (
            HandshakeState::nk_initiator(PROLOGUE, server_key.public_key()),
            HandshakeState::nk_responder(PROLOGUE, server_key),
        ),
    }
}

/// A client waiting for message 2, and the honest message 2 for it.
fn client_waiting(
    pattern: Pattern,
    payload: &[u8],
) -> (HandshakeState<ReceivesMessage2>, Vec<u8>) {
    let (client, server) = sides(pattern);
    let (first, client) = client.write_message(b"").unwrap();
    let (_, server) = server.read_message(&first).unwrap();
    let (reply, _) = server.write_message(payload).unwrap();
    (client, reply)
}

fn connected(pattern: Pattern) -> (TransportState, TransportState) {
    let (client, server) = sides(pattern);
    let (first, client) = client.write_message(b"").unwrap();
    let (_, server) = server.read_message(&first).unwrap();
    let (reply, server) = server.write_message(b"").unwrap();
    let (_, client) = client.read_message(&reply).unwrap();
    (client, server)
}

proptest! {
    // Enough cases to reach every branch, quick in a debug build.
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes_as_a_frame_never_panic_nor_over_allocate(
        bytes in random_bytes(),
    ) {
        let mut peer = Peer::new(bytes.clone());
        match read_frame(&mut peer) {
            Ok(message) => {
                let len = usize::from(u16::from_be_bytes([bytes[0], bytes[1]]));
                prop_assert_eq!(&message[..], &bytes[LENGTH_LEN..LENGTH_LEN + len]);
            }
            Err(err) => prop_assert!(
                err.to_string().starts_with("the connection closed before"),
                "{}", err
            ),
        }
        prop_assert!(peer.largest_buffer <= MAX_MESSAGE_LEN);
    }

    #[test]
    fn every_length_frames_exactly_or_is_refused(len in 0..70_000usize) {
        let result = frame(&vec![1; len]);
        if len <= MAX_MESSAGE_LEN {
            let bytes = result.unwrap();
            prop_assert_eq!(bytes.len(), LENGTH_LEN + len);
            let back = read_frame(&mut &bytes[..]).unwrap();
            prop_assert_eq!(back.len(), len);
        } else {
            let err = result.unwrap_err().to_string();
            prop_assert!(err.starts_with("refused a Noise message"), "{}", err);
        }
    }

    #[test]
    fn random_bytes_as_either_handshake_message_never_panic(
        pattern in pattern(),
        bytes in random_bytes(),
    ) {
        let (_, server) = sides(pattern);
        let _ = server.read_message(&bytes);
        let (client, _) = client_waiting(pattern, b"");
        prop_assert!(client.read_message(&bytes).is_err());
    }

    #[test]
    fn mutated_handshake_messages_never_panic_and_never_pass(
        pattern in pattern(),
        payload in random_bytes(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        // Message 2, changed on the way, is refused by the client.
        let (client, reply) = client_waiting(pattern, &payload);
        let changed = mutate(reply.clone(), &mutations);
        let result = client.read_message(&changed);
        prop_assert_eq!(result.is_ok(), changed == reply);

        // Message 1, changed on the way: in NK the server refuses it; in
        // NN (no key yet) the server may accept it, and then the client
        // refuses the reply.
        let (client, server) = sides(pattern);
        let (first, client) = client.write_message(&payload).unwrap();
        let changed = mutate(first.clone(), &mutations);
        let completed = server
            .read_message(&changed)
            .and_then(|(_, server)| server.write_message(b""))
            .and_then(|(reply, _)| client.read_message(&reply));
        prop_assert_eq!(completed.is_ok(), changed == first);
    }

    #[test]
    fn random_and_mutated_transport_messages_never_panic_nor_pass(
        pattern in pattern(),
        message in random_bytes(),
        bytes in random_bytes(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (mut client, mut server) = connected(pattern);
        prop_assert!(server.read_message(&bytes).is_err());
        let sealed = client.write_message(&message).unwrap();
        let changed = mutate(sealed.clone(), &mutations);
        match server.read_message(&changed) {
            Ok(opened) => {
                prop_assert_eq!(&changed, &sealed);
                prop_assert_eq!(opened, message);
            }
            Err(_) => prop_assert_ne!(&changed, &sealed),
        }
    }
}
