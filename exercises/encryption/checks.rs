//! Tests of "Exercise: reuse a nonce", shared by exercise.rs and solution.rs.

use super::*;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;

const GREETING: &[u8] = b"Hello, server! This is the client.";

fn key() -> SessionKey {
    SessionKey::from_bytes([7; 32])
}

/// Bytes as text, for messages: what `recover` reads should be a message.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn xor_works_over_the_shorter_input() {
    let twelve_and_ten = xor(&[0b1100, 0xff], &[0b1010, 0x0f]);
    assert_eq!(
        hex::encode(twelve_and_ten),
        "06f0",
        "xor([0c ff], [0a 0f]) returned left"
    );
    let len = xor(b"client", b"server!").len();
    assert_eq!(len, 6, "xor(\"client\", \"server!\") returned {len} bytes");
    let empty = xor(b"", b"server");
    assert_eq!(
        hex::encode(empty),
        "",
        "xor(\"\", \"server\") returned left"
    );
}

#[test]
fn xor_undoes_itself() {
    let (a, b) = (b"Hello, server!", b"Meet me at noon");
    assert_eq!(
        hex::encode(xor(a, a)),
        "00".repeat(14),
        "xor(a, a) returned left"
    );
    assert_eq!(
        text(&xor(&xor(a, b), b)),
        text(a),
        "xor(xor(a, b), b) returned left"
    );
    assert_eq!(
        hex::encode(xor(a, b)),
        hex::encode(xor(b, a)),
        "xor(a, b) (left) is not xor(b, a) (right)"
    );
}

#[test]
fn one_nonce_twice_gives_the_second_message_away() {
    let nonce = Nonce::from_bytes([1; 12]);
    let first = encrypt(&key(), &nonce, GREETING).unwrap();
    for second in [&b"The door code is 4-7-1-1."[..], b"", GREETING] {
        let ciphertext = encrypt(&key(), &nonce, second).unwrap();
        assert_eq!(
            text(&recover(GREETING, &first, &ciphertext)),
            text(second),
            "recover read the left text"
        );
    }
}

#[test]
fn only_as_much_as_the_known_message_covers_is_read() {
    let nonce = Nonce::from_bytes([1; 12]);
    let first = encrypt(&key(), &nonce, b"Hello").unwrap();
    let second = encrypt(&key(), &nonce, b"Meet me at noon").unwrap();
    let read = text(&recover(b"Hello", &first, &second));
    assert_eq!(read, "Meet ", "recover read the left text");
}

#[test]
fn two_nonces_give_nothing_away() {
    let second = b"The door code is 4-7-1-1.";
    let first = encrypt(&key(), &Nonce::from_bytes([1; 12]), GREETING);
    let other = encrypt(&key(), &Nonce::from_bytes([2; 12]), second);
    let read = recover(GREETING, &first.unwrap(), &other.unwrap());
    assert_eq!(read.len(), second.len(), "recover read {:?}", text(&read));
    assert_ne!(text(&read), text(second), "recover read through two nonces");
}
