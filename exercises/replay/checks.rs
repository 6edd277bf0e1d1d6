//! Tests of "Exercise: a message counter", shared by exercise.rs and
//! solution.rs.

use super::*;
use demo::CountingSender;
use secure_messaging::key_derivation::SessionKey;

/// A sender and a receiver that share a key, both at message 0.
fn session() -> (CountingSender, CountingReceiver) {
    let key = [0x42; 32];
    (
        CountingSender {
            key: SessionKey::from_bytes(key),
            next: 0,
        },
        CountingReceiver {
            key: SessionKey::from_bytes(key),
            next: 0,
        },
    )
}

#[test]
fn messages_in_order_are_read_and_counted() {
    let (mut client, mut bank) = session();
    for (n, text) in ["one", "two", "three"].into_iter().enumerate() {
        let sealed = client.seal(text);
        assert_eq!(
            open_next(&mut bank, &sealed),
            Ok(text.to_owned()),
            "open_next refused message {n}"
        );
        assert_eq!(bank.next, n as u64 + 1, "after message {n}, next is left");
    }
}

#[test]
fn a_replayed_message_is_refused() {
    let (mut client, mut bank) = session();
    let payment = client.seal("Transfer 10 EUR to Mallory");
    assert_eq!(
        open_next(&mut bank, &payment).as_deref(),
        Ok("Transfer 10 EUR to Mallory")
    );
    assert_eq!(
        open_next(&mut bank, &payment),
        Err(Refused::OutOfOrder { expected: 1 }),
        "open_next accepted the same message twice"
    );
}

#[test]
fn a_skipped_or_reordered_message_is_refused() {
    let (mut client, mut bank) = session();
    let first = client.seal("first");
    let second = client.seal("second");
    assert_eq!(
        open_next(&mut bank, &second),
        Err(Refused::OutOfOrder { expected: 0 }),
        "open_next accepted message 1 before message 0"
    );
    assert_eq!(bank.next, 0, "a refused message moved the counter");
    assert_eq!(open_next(&mut bank, &first).as_deref(), Ok("first"));
    assert_eq!(open_next(&mut bank, &second).as_deref(), Ok("second"));
}

#[test]
fn a_forged_message_fails_its_tag_and_does_not_move_the_counter() {
    let (mut client, mut bank) = session();
    let mut forged = client.seal("Transfer 10 EUR to Bob");
    forged.ciphertext[0] ^= 0x01;
    assert_eq!(open_next(&mut bank, &forged), Err(Refused::Tag));
    assert_eq!(
        bank.next, 0,
        "a message that failed its tag moved the counter"
    );
    let (mut client, _) = session();
    let genuine = client.seal("Transfer 10 EUR to Bob");
    assert_eq!(
        open_next(&mut bank, &genuine).as_deref(),
        Ok("Transfer 10 EUR to Bob"),
        "after a forgery, the genuine message 0 was refused"
    );
}
