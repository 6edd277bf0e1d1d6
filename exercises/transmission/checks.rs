//! Tests of "Exercise: what the length tells", shared by exercise.rs and
//! solution.rs.

use super::demo::envelope;
use super::*;
use secure_messaging::transmission::MAX_MESSAGE_LEN;

#[test]
fn the_envelope_gives_the_message_length_away() {
    for len in (0..=100).chain([1_000, MAX_MESSAGE_LEN]) {
        let message = vec![b'a'; len];
        let on_the_wire = envelope(&message).unwrap().to_bytes().unwrap();
        let envelope_len = on_the_wire.len();
        assert_eq!(
            message_len(envelope_len),
            Some(len),
            "message_len({envelope_len}), the envelope of {len} bytes"
        );
    }
}

#[test]
fn too_few_bytes_are_no_envelope() {
    for envelope_len in 0..64 {
        assert_eq!(
            message_len(envelope_len),
            None,
            "message_len({envelope_len}): no envelope is that short"
        );
    }
}
