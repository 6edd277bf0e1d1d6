//! Property tests of every decoder a peer can reach: the public key, the salt,
//! the nonce, the length and the sealed message. Random input, and valid
//! input mutated (bits flipped, bytes cut, bytes added, lengths rewritten),
//! must never panic and never make the receiver ask for more memory than the
//! longest ciphertext. `proptest` makes the inputs and, when a property
//! fails, shrinks the input to a small one that still fails.
#![forbid(unsafe_code)]

use proptest::prelude::*;
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey};
use secure_messaging::key_exchange::exchange_as_server;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::{
    Envelope, MAX_CIPHERTEXT_LEN, MAX_MESSAGE_LEN, receive_salt, receive_sealed,
};
use secure_messaging_properties::{Mutation, Peer, mutate};

/// Random bytes, of a length up to a little over one whole envelope.
fn random_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..2_000)
}

/// A valid envelope of a printable message of up to 300 bytes, as an honest
/// client sends it under `key`.
fn valid_envelope(key: &SessionKey, message: &str) -> Vec<u8> {
    let nonce = Nonce::random();
    let ciphertext = encrypt(key, &nonce, message.as_bytes()).unwrap();
    Envelope {
        salt: Salt::random(),
        nonce,
        ciphertext,
    }
    .to_bytes()
    .unwrap()
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..8u8)
            .prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        any::<usize>().prop_map(Mutation::Cut),
        prop::collection::vec(any::<u8>(), 1..40).prop_map(Mutation::Append),
        prop_oneof![
            Just(0u32),
            (0..1_000u32).prop_map(|d| u32::MAX - d),
            any::<u32>(),
        ]
        .prop_map(Mutation::Length),
        (any::<usize>(), any::<u8>())
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
    ]
}

/// The server's whole reading of an envelope: salt, then nonce, length and
/// ciphertext, then decryption. It may fail; it may not panic or allocate past
/// the limit, and what it accepts is within the limits.
fn receive_and_open(key: &SessionKey, bytes: Vec<u8>) {
    let mut peer = Peer::new(bytes);
    let result = receive_salt(&mut peer).and_then(|_salt| {
        let (nonce, ciphertext) = receive_sealed(&mut peer)?;
        assert!(ciphertext.len() <= MAX_CIPHERTEXT_LEN);
        decrypt_text(key, &nonce, &ciphertext)
    });
    assert!(
        peer.largest_buffer <= MAX_CIPHERTEXT_LEN,
        "the receiver offered a buffer of {} bytes",
        peer.largest_buffer
    );
    if let Ok(message) = result {
        assert!(message.len() <= MAX_MESSAGE_LEN);
    }
}

proptest! {
    // Enough cases to reach every branch, quick in a debug build.
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_as_an_envelope_never_panic_nor_over_allocate(
        bytes in random_bytes(),
    ) {
        receive_and_open(&SessionKey::random(), bytes);
    }

    #[test]
    fn mutated_envelopes_never_panic_nor_over_allocate(
        message in "[ -~]{0,300}",
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let key = SessionKey::random();
        let bytes = mutate(valid_envelope(&key, &message), &mutations);
        receive_and_open(&key, bytes);
    }

    #[test]
    fn every_announced_length_is_checked_before_anything_is_read(
        len in any::<u32>(),
    ) {
        // Header only: salt, nonce and a length, and no ciphertext at all.
        let mut bytes = vec![0u8; 44];
        bytes.extend_from_slice(&len.to_be_bytes());
        let mut peer = Peer::new(bytes);
        receive_salt(&mut peer).unwrap();
        let err = receive_sealed(&mut peer).unwrap_err().to_string();
        prop_assert!(
            err.starts_with("refused a ciphertext length")
                || err.contains("before the ciphertext arrived"),
            "{}", err
        );
        prop_assert!(peer.largest_buffer <= MAX_CIPHERTEXT_LEN);
    }

    #[test]
    fn a_valid_envelope_still_opens_after_the_round_trip(
        message in "[ -~]{0,300}",
    ) {
        // The properties above would hold for a decoder that refuses all:
        // this one shows that it accepts what an honest client sends.
        let key = SessionKey::random();
        let mut peer = Peer::new(valid_envelope(&key, &message));
        let envelope = Envelope::receive(&mut peer).unwrap();
        let opened =
            decrypt_text(&key, &envelope.nonce, &envelope.ciphertext).unwrap();
        prop_assert_eq!(opened, message);
    }

    #[test]
    fn random_and_cut_public_keys_never_panic(bytes in random_bytes()) {
        let long_enough = bytes.len() >= 32;
        let mut peer = Peer::new(bytes.clone());
        let server = KeyPair::generate();
        let server_public = server.public_key();
        match exchange_as_server(&mut peer, &server_public) {
            Ok(theirs) => {
                prop_assert!(long_enough);
                prop_assert_eq!(&theirs.as_bytes()[..], &bytes[..32]);
                prop_assert_eq!(&peer.sent[..], &server_public.as_bytes()[..]);
                // A low-order key is refused, any other agrees: no panic.
                let _ = server.diffie_hellman(&theirs);
            }
            Err(err) => {
                prop_assert!(!long_enough, "{}", err);
                prop_assert!(peer.sent.is_empty(), "no key sent before theirs");
            }
        }
    }
}
