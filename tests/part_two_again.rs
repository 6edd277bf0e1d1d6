//! Part III, *Part II again*: Part II's own attack code, from
//! `src/attacks/`, run unchanged against Noise NK transport messages. Each
//! test runs the attack twice: against the weakened variant of its Part II
//! chapter, where it must still succeed (so the test can fail), and against
//! Noise NK, where it must fail. `tests/noise.rs` holds the rest: every
//! flipped bit, replay, reflection, low-order keys and the man in the
//! middle.

use secure_messaging::Error;
use secure_messaging::attacks::nonce_reuse::{
    RepeatedNonceSender, forge, read_second, recover,
};
use secure_messaging::attacks::tampering::{FORGED, ORIGINAL, pay_eve};
use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::Nonce;
use secure_messaging::key_derivation::SessionKey;
use secure_messaging::noise::{
    HandshakeState, PROLOGUE, StaticKeyPair, TransportState,
};

/// A completed NK handshake in memory: the client's and the server's side.
fn connected() -> (TransportState, TransportState) {
    let server_key = StaticKeyPair::generate();
    let client =
        HandshakeState::nk_initiator(PROLOGUE, server_key.public_key());
    let server = HandshakeState::nk_responder(PROLOGUE, server_key);
    let (first, client) = client.write_message(b"").unwrap();
    let (_, server) = server.read_message(&first).unwrap();
    let (reply, server) = server.write_message(b"").unwrap();
    let (_, client) = client.read_message(&reply).unwrap();
    (client, server)
}

/// One-block messages of equal length, as the forbidden attack needs.
const KNOWN: &[u8; 16] = b"PIN is 4921, ok.";
const SECRET: &[u8; 16] = b"Pay Bob 10 EUR. ";
const WANTED: &[u8; 16] = b"Pay Eve 900 EUR.";

/// Part II's forbidden attack on two sealed messages, the first of which
/// the attacker knows: what it reads of the second, and its forgery.
fn forbidden_attack(first: &[u8], second: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let read = read_second(KNOWN, first, second);
    let secrets = recover(first, second).unwrap();
    (read, forge(&secrets, KNOWN, first, WANTED).unwrap())
}

#[test]
fn the_forbidden_attack_still_works_on_part_two_variant() {
    let key = [7; 32];
    let nonce = Nonce::from_bytes([0; 12]);
    let weak = RepeatedNonceSender::new(SessionKey::from_bytes(key), nonce);
    let (first, second) =
        (weak.seal(KNOWN).unwrap(), weak.seal(SECRET).unwrap());
    let (read, forged) = forbidden_attack(&first, &second);
    assert_eq!(read, SECRET);
    let opened = decrypt(&SessionKey::from_bytes(key), &nonce, &forged);
    assert_eq!(opened.unwrap(), WANTED);
}

// ANCHOR: forbidden
#[test]
fn the_forbidden_attack_reads_and_forges_nothing_in_a_noise_session() {
    let (mut client, mut server) = connected();
    let first = client.write_message(KNOWN).unwrap(); // counter 0
    let second = client.write_message(SECRET).unwrap(); // counter 1
    let (read, forged) = forbidden_attack(&first, &second);
    assert_ne!(read, SECRET, "two nonces: no shared keystream");
    assert_eq!(server.read_message(&first).unwrap(), KNOWN);
    let err = server.read_message(&forged).unwrap_err(); // a wrong H
    assert!(matches!(err, Error::Decryption), "{err}");
    assert_eq!(server.read_message(&second).unwrap(), SECRET);
}
// ANCHOR_END: forbidden

#[test]
fn the_tampering_of_part_two_is_refused_by_the_tag() {
    // Part II's edit, on a Noise transport message: the ciphertext comes
    // first, as in AES-GCM, so the same offsets hit the same letters.
    let (mut client, mut server) = connected();
    let sealed = client.write_message(ORIGINAL.as_bytes()).unwrap();
    let edited = pay_eve(&sealed);
    assert_ne!(edited, sealed, "the edit changed the message");
    let err = server.read_message(&edited).unwrap_err();
    assert!(matches!(err, Error::Decryption), "{err}");
    // Nothing moved: the genuine message still reads, and the forgery
    // would have said FORGED had there been no tag.
    assert_eq!(server.read_message(&sealed).unwrap(), ORIGINAL.as_bytes());
    let keystream: Vec<u8> = sealed
        .iter()
        .zip(ORIGINAL.bytes())
        .map(|(c, m)| c ^ m)
        .collect();
    let without_tag: Vec<u8> =
        edited.iter().zip(&keystream).map(|(c, k)| c ^ k).collect();
    assert_eq!(without_tag, FORGED.as_bytes());
}
