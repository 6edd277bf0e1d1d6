//! Tests of "Exercise: replay a whole connection", shared by exercise.rs and
//! solution.rs.

use super::*;
use demo::record;
use secure_messaging::Error;

#[test]
fn the_replayed_transport_message_is_refused() {
    let server_key = StaticKeyPair::generate();
    let recording = record(&server_key);
    let err = replay_connection(&server_key, &recording).unwrap_err();
    assert!(matches!(err, Error::Decryption), "{err}");
}

#[test]
fn the_replayed_handshake_message_itself_is_accepted() {
    // So the refusal above comes from the transport keys, not from a
    // handshake that never ran: a wrong server key fails earlier.
    let server_key = StaticKeyPair::generate();
    let recording = record(&server_key);
    let other = StaticKeyPair::generate();
    let err = replay_connection(&other, &recording).unwrap_err();
    assert!(
        matches!(err, Error::HandshakeFailed { message: 1 }),
        "{err}"
    );
}
