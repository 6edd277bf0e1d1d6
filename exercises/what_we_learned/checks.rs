//! Tests of "Exercise: a dropped message", shared by exercise.rs and
//! solution.rs.

use super::demo::send;
use super::*;
use secure_messaging::Error;

fn key() -> SessionKey {
    SessionKey::from_bytes([5; 32])
}

fn receiver() -> InOrder {
    InOrder::new(key())
}

#[test]
fn the_counter_is_the_last_8_bytes_of_the_nonce_big_endian() {
    let cases = [
        (0, "000000000000000000000000"),
        (1, "000000000000000000000001"),
        (0x0102_0304_0506_0708, "000000000102030405060708"),
        (u64::MAX, "00000000ffffffffffffffff"),
    ];
    for (counter, expected) in cases {
        assert_eq!(
            hex::encode(counter_nonce(counter).as_bytes()),
            expected,
            "counter_nonce({counter}) returned the left"
        );
    }
}

#[test]
fn messages_in_order_are_accepted() {
    let mut receiver = receiver();
    for (counter, text) in [(0, "hello"), (1, "transfer"), (2, "bye")] {
        let got = receiver.receive(&send(&key(), counter, text).unwrap());
        assert_eq!(
            got.ok().as_deref(),
            Some(text),
            "message {counter} sent in order was not accepted"
        );
    }
    assert_eq!(receiver.next, 3, "after 3 messages, next should be 3");
}

#[test]
fn a_replayed_message_is_refused_and_changes_nothing() {
    let mut receiver = receiver();
    let first = send(&key(), 0, "transfer 10 EUR").unwrap();
    assert!(receiver.receive(&first).is_ok(), "message 0 was refused");
    let again = receiver.receive(&first);
    assert!(
        matches!(again, Err(Error::Decryption)),
        "message 0 replayed: receive returned {again:?}"
    );
    assert_eq!(receiver.next, 1, "a refused message moved the counter");
    let second = send(&key(), 1, "bye").unwrap();
    assert_eq!(
        receiver.receive(&second).ok().as_deref(),
        Some("bye"),
        "message 1 after a refused replay was not accepted"
    );
}

#[test]
fn after_a_dropped_message_the_next_one_is_refused() {
    let mut receiver = receiver();
    let sent: Vec<Vec<u8>> = (0..3)
        .map(|counter| send(&key(), counter, "m").unwrap())
        .collect();
    assert!(receiver.receive(&sent[0]).is_ok(), "message 0 was refused");
    let skipped = receiver.receive(&sent[2]);
    assert!(
        matches!(skipped, Err(Error::Decryption)),
        "message 2 arrived where 1 was expected: receive returned {skipped:?}"
    );
    assert_eq!(receiver.next, 1, "a refused message moved the counter");
    assert!(
        receiver.receive(&sent[1]).is_ok()
            && receiver.receive(&sent[2]).is_ok(),
        "messages 1 then 2, in order after all, were not accepted"
    );
}

#[test]
fn the_first_message_must_be_number_0() {
    let mut receiver = receiver();
    let late = receiver.receive(&send(&key(), 1, "m").unwrap());
    assert!(
        matches!(late, Err(Error::Decryption)),
        "message 1 arrived first: receive returned {late:?}"
    );
}
