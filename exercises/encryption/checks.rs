//! Tests of "Exercise: reuse a nonce", shared by exercise.rs and solution.rs.

use super::*;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;

const GREETING: &[u8] = b"Hello, server! This is the client.";

fn key() -> SessionKey {
    SessionKey::from_bytes([7; 32])
}

#[test]
fn xor_works_over_the_shorter_input() {
    assert_eq!(xor(&[0b1100, 0xff], &[0b1010, 0x0f]), [0b0110, 0xf0]);
    assert_eq!(xor(b"client", b"server!").len(), 6);
    assert_eq!(xor(b"", b"server"), b"");
}

#[test]
fn xor_undoes_itself() {
    let (a, b) = (b"Hello, server!", b"Meet me at noon");
    assert_eq!(xor(a, a), [0; 14]);
    assert_eq!(xor(&xor(a, b), b), a);
    assert_eq!(xor(a, b), xor(b, a));
}

#[test]
fn one_nonce_twice_gives_the_second_message_away() {
    let nonce = Nonce::from_bytes([1; 12]);
    let first = encrypt(&key(), &nonce, GREETING).unwrap();
    for second in [&b"The door code is 4-7-1-1."[..], b"", GREETING] {
        let ciphertext = encrypt(&key(), &nonce, second).unwrap();
        assert_eq!(recover(GREETING, &first, &ciphertext), second);
    }
}

#[test]
fn only_as_much_as_the_known_message_covers_is_read() {
    let nonce = Nonce::from_bytes([1; 12]);
    let first = encrypt(&key(), &nonce, b"Hello").unwrap();
    let second = encrypt(&key(), &nonce, b"Meet me at noon").unwrap();
    assert_eq!(recover(b"Hello", &first, &second), b"Meet ");
}

#[test]
fn two_nonces_give_nothing_away() {
    let second = b"The door code is 4-7-1-1.";
    let first = encrypt(&key(), &Nonce::from_bytes([1; 12]), GREETING);
    let other = encrypt(&key(), &Nonce::from_bytes([2; 12]), second);
    let read = recover(GREETING, &first.unwrap(), &other.unwrap());
    assert_eq!(read.len(), second.len());
    assert_ne!(read, second);
}
